//! The office clock: handling-time objectives per precedence, and what they make of one cable
//! at one moment — its due time, whether it is handled, due soon, overdue, archive (too old to
//! count) or dated in the future. Pure functions of the cable's precedence and DTG, its triage
//! state, the objectives and a `now` the caller passes (never read here), so the TUI, `list`,
//! the query terms and the shift handover all answer alike, and tests pin the time.
//!
//! ```
//! use cabletriage::cable::Precedence;
//! use cabletriage::triage::CableState;
//! use cabletriage::triage::due::{DueClock, Objectives, due};
//! let dtg = 1_800_000_000; // the cable's DTG, Unix seconds (UTC)
//! let clock = DueClock::new(Objectives::default(), dtg + 25 * 60);
//! let s = due(Some(Precedence::Immediate), Some(dtg), &CableState::default(), &clock);
//! assert!(s.is_due_soon() && !s.is_overdue()); // 5 minutes left of 30
//! assert_eq!(s.label().as_deref(), Some("5m"));
//! ```
//!
//! The rules: every cable with a precedence and a DTG that is not *handled* has a due time, DTG
//! plus its precedence's objective. It is *due soon* in the last fifth of the objective and
//! *overdue* past it. A DTG ahead of `now` ([`DueStatus::Future`]) or older than the archive
//! age ([`DueStatus::Archive`]) is never overdue. *Handled* is, by default, routed (an action or
//! info desk), done, or acknowledged; an office may choose otherwise ([`Handled`]).

use std::fmt;

use crate::cable::Precedence;

use super::model::CableState;

/// Seconds in the units a duration may be written in.
const UNITS: [(char, i64); 6] = [
    ('s', 1),
    ('m', 60),
    ('h', 3600),
    ('d', 86_400),
    ('w', 7 * 86_400),
    ('y', 365 * 86_400),
];

/// The longest duration accepted (100 years): anything longer is a typo, and sums stay far
/// from overflow.
const MAX_SECS: i64 = 100 * 365 * 86_400;

/// Parse a duration: `10m`, `3h`, `1h30m`, `2d`, `90s`, `1w`, `1y` (units s m h d w y, at least
/// one, each after a number). The error is worded for the user.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let text = s.trim();
    let bad =
        || format!("bad duration `{text}`: write a number and a unit, as in 10m, 3h, 1h30m or 2d");
    if text.is_empty() {
        return Err(bad());
    }
    let mut total: i64 = 0;
    let mut num: Option<i64> = None;
    for ch in text.chars() {
        if let Some(d) = ch.to_digit(10) {
            let n = num
                .unwrap_or(0)
                .checked_mul(10)
                .and_then(|n| n.checked_add(d.into()));
            num = Some(n.filter(|&n| n <= MAX_SECS).ok_or_else(bad)?);
            continue;
        }
        let unit = ch.to_ascii_lowercase();
        let (_, secs) = UNITS.iter().find(|(u, _)| *u == unit).ok_or_else(bad)?;
        let n = num.take().ok_or_else(bad)?;
        total = n
            .checked_mul(*secs)
            .and_then(|x| total.checked_add(x))
            .filter(|&t| t <= MAX_SECS)
            .ok_or_else(bad)?;
    }
    if num.is_some() {
        return Err(bad());
    }
    Ok(total)
}

/// A duration as the settings spell it: `10m`, `3h`, `1h30m`, `2d`.
pub fn format_duration(secs: i64) -> String {
    let mut left = secs.max(0);
    if left == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    for &(u, n) in UNITS[..4].iter().rev() {
        if left >= n {
            out.push_str(&format!("{}{u}", left / n));
            left %= n;
        }
    }
    out
}

/// What makes a cable *handled*, so its clock stops. The default: routed, done or
/// acknowledged. `[objectives] handled = ["done", "acknowledged"]` chooses otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handled {
    /// An action desk or an info desk.
    pub routed: bool,
    /// An action desk (info desks alone do not count).
    pub action: bool,
    pub done: bool,
    pub acknowledged: bool,
    /// Read by anyone.
    pub read: bool,
}

impl Default for Handled {
    fn default() -> Self {
        Handled {
            routed: true,
            action: false,
            done: true,
            acknowledged: true,
            read: false,
        }
    }
}

impl Handled {
    /// The words `handled` may list.
    pub const WORDS: [&'static str; 5] = ["routed", "action", "done", "acknowledged", "read"];

    /// From the words of `handled = [...]`; the error names the unknown word.
    pub fn from_words<'a>(words: impl IntoIterator<Item = &'a str>) -> Result<Handled, String> {
        let mut h = Handled {
            routed: false,
            action: false,
            done: false,
            acknowledged: false,
            read: false,
        };
        for w in words {
            match w.trim().to_ascii_lowercase().as_str() {
                "routed" => h.routed = true,
                "action" => h.action = true,
                "done" => h.done = true,
                "acknowledged" | "acked" | "ack" => h.acknowledged = true,
                "read" => h.read = true,
                other => {
                    return Err(format!(
                        "unknown handled state `{other}` (known: {})",
                        Handled::WORDS.join(", ")
                    ));
                }
            }
        }
        Ok(h)
    }

    /// Is the cable in state `s` handled?
    pub fn holds(&self, s: &CableState) -> bool {
        (self.routed && s.is_routed())
            || (self.action && s.action_desk.is_some())
            || (self.done && s.done)
            || (self.acknowledged && s.acked_by.is_some())
            || (self.read && !s.read_by.is_empty())
    }

    /// The words, for messages and the README.
    pub fn words(&self) -> Vec<&'static str> {
        let on = [
            self.routed,
            self.action,
            self.done,
            self.acknowledged,
            self.read,
        ];
        Handled::WORDS
            .iter()
            .zip(on)
            .filter(|(_, on)| *on)
            .map(|(w, _)| *w)
            .collect()
    }
}

/// The handling-time objectives: seconds from the DTG per precedence, whether the clock runs,
/// the archive age and the handled rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Objectives {
    /// `[objectives] enabled = false` (or `--no-clock`) stops every clock.
    pub enabled: bool,
    /// Seconds per precedence, by [`Precedence::rank`] (FLASH first).
    pub secs: [i64; 5],
    /// A cable whose DTG is older than this many seconds is archive, not due.
    pub archive_after: i64,
    pub handled: Handled,
}

/// The default objectives: FLASH 10m, NIACT IMMEDIATE 30m, IMMEDIATE 30m, PRIORITY 3h, ROUTINE
/// 6h.
pub const DEFAULT_SECS: [i64; 5] = [10 * 60, 30 * 60, 30 * 60, 3 * 3600, 6 * 3600];
/// The default archive age: one year.
pub const DEFAULT_ARCHIVE: i64 = 365 * 86_400;

impl Default for Objectives {
    fn default() -> Self {
        Objectives {
            enabled: true,
            secs: DEFAULT_SECS,
            archive_after: DEFAULT_ARCHIVE,
            handled: Handled::default(),
        }
    }
}

impl Objectives {
    /// The objective of `p`, in seconds.
    pub fn of(&self, p: Precedence) -> i64 {
        self.secs[usize::from(p.rank()).min(4)]
    }

    /// Objectives with every clock stopped (`--no-clock`).
    pub fn off(mut self) -> Objectives {
        self.enabled = false;
        self
    }
}

/// The objectives at one moment: what every due question is asked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueClock {
    pub objectives: Objectives,
    /// Now, Unix seconds (UTC).
    pub now: i64,
}

impl DueClock {
    pub fn new(objectives: Objectives, now: i64) -> DueClock {
        DueClock { objectives, now }
    }

    /// The default objectives at the program's clock (`CABLETRIAGE_NOW`, else the host's).
    pub fn standard() -> DueClock {
        DueClock::new(Objectives::default(), crate::clock::now().timestamp())
    }

    /// The same objectives at another moment.
    pub fn at(mut self, now: i64) -> DueClock {
        self.now = now;
        self
    }
}

/// Where one cable stands against its objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueStatus {
    /// No clock: switched off, or the cable has no precedence or no DTG.
    None,
    /// Handled (see [`Handled`]): the clock stopped.
    Handled,
    /// The DTG is older than the archive age: old traffic, never due.
    Archive,
    /// The DTG is ahead of now (a wrong clock somewhere): shown as such, never overdue.
    Future { due: i64 },
    /// The clock runs: due at `due` (Unix seconds), `left` seconds from now (negative once
    /// overdue), of an objective of `objective` seconds.
    Open { due: i64, left: i64, objective: i64 },
}

impl DueStatus {
    /// Past its due time, unhandled.
    pub fn is_overdue(&self) -> bool {
        matches!(self, DueStatus::Open { left, .. } if *left < 0)
    }

    /// In the last fifth of its objective, not yet overdue.
    pub fn is_due_soon(&self) -> bool {
        matches!(self, DueStatus::Open { left, objective, .. }
            if *left >= 0 && left.saturating_mul(5) <= *objective)
    }

    /// The due time, while the cable is unhandled and its clock means anything.
    pub fn due(&self) -> Option<i64> {
        match self {
            DueStatus::Open { due, .. } | DueStatus::Future { due } => Some(*due),
            _ => None,
        }
    }

    /// Seconds to breach (negative once overdue), while the clock runs.
    pub fn left(&self) -> Option<i64> {
        match self {
            DueStatus::Open { left, .. } => Some(*left),
            _ => None,
        }
    }

    /// The inbox's due cell, at most five cells: `2h10`, `-7m`, `fut` (a DTG ahead of now),
    /// `arch` (archive); nothing when handled or without a clock.
    pub fn label(&self) -> Option<String> {
        match self {
            DueStatus::Open { left, .. } => Some(format_left(*left)),
            DueStatus::Future { .. } => Some("fut".into()),
            DueStatus::Archive => Some("arch".into()),
            DueStatus::None | DueStatus::Handled => None,
        }
    }

    /// The sort key of `--sort due`: running clocks by time to breach (most overdue first),
    /// then future DTGs, then everything without a running clock.
    pub fn sort_key(&self) -> (u8, i64) {
        match self {
            DueStatus::Open { left, .. } => (0, *left),
            DueStatus::Future { due } => (1, *due),
            _ => (2, 0),
        }
    }
}

/// Where a cable of precedence `p` and DTG `dtg` (Unix seconds), in triage state `state`,
/// stands against `clock`'s objectives at its `now`.
pub fn due(
    p: Option<Precedence>,
    dtg: Option<i64>,
    state: &CableState,
    clock: &DueClock,
) -> DueStatus {
    let o = &clock.objectives;
    let (Some(p), Some(dtg), true) = (p, dtg, o.enabled) else {
        return DueStatus::None;
    };
    if o.handled.holds(state) {
        return DueStatus::Handled;
    }
    let objective = o.of(p);
    let due = dtg.saturating_add(objective);
    if dtg > clock.now {
        return DueStatus::Future { due };
    }
    if clock.now - dtg > o.archive_after {
        return DueStatus::Archive;
    }
    DueStatus::Open {
        due,
        left: due - clock.now,
        objective,
    }
}

/// Does precedence `p` demand an acknowledgement at any hour (FLASH, NIACT IMMEDIATE)?
pub fn must_acknowledge(p: Option<Precedence>) -> bool {
    matches!(p, Some(Precedence::Flash | Precedence::NiactImmediate))
}

/// A FLASH or NIACT IMMEDIATE cable nobody has acknowledged and nobody has marked done, that is
/// not archive: what rings the bell again, escalates, and heads the shift handover. (Unlike the
/// due clock, routing does not settle it: these must be acknowledged by a person.)
pub fn unacknowledged(
    p: Option<Precedence>,
    dtg: Option<i64>,
    state: &CableState,
    clock: &DueClock,
) -> bool {
    must_acknowledge(p)
        && state.acked_by.is_none()
        && !state.done
        && dtg.is_none_or(|d| clock.now - d <= clock.objectives.archive_after)
}

/// Time left as the inbox shows it, at most five cells: minutes under an hour (`7m`, rounded
/// up, so `0m` only at the due second), hours and minutes under ten hours (`2h10`), hours under a
/// day (`14h`), days and hours
/// under ten days (`1d04`), days beyond (`12d`); a leading `-` once overdue (`-7m`).
pub fn format_left(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    // Whole minutes, rounded away from the due time: 30 s left is `1m`, 30 s over is `-1m`.
    let mins = secs.unsigned_abs().div_ceil(60);
    let body = match mins {
        0..60 => format!("{mins}m"),
        60..600 => format!("{}h{:02}", mins / 60, mins % 60),
        600..1440 => format!("{}h", mins / 60),
        1440..14_400 => format!("{}d{:02}", mins / 1440, (mins % 1440) / 60),
        _ => format!("{}d", (mins / 1440).min(9999)),
    };
    format!("{sign}{body}")
}

impl fmt::Display for DueStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DueStatus::None => f.write_str("no clock"),
            DueStatus::Handled => f.write_str("handled"),
            DueStatus::Archive => f.write_str("archive"),
            DueStatus::Future { .. } => f.write_str("DTG in the future"),
            DueStatus::Open { left, .. } if *left < 0 => {
                write!(f, "overdue by {}", format_left(-left))
            }
            DueStatus::Open { left, .. } => write!(f, "due in {}", format_left(*left)),
        }
    }
}

#[cfg(test)]
#[path = "due_tests.rs"]
mod tests;
