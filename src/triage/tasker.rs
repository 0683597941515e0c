//! Taskers: action on a cable tasked to one officer, with an optional suspense (the time by
//! which the action is due), moving through `assigned -> working -> clearance -> closed`; and
//! the words a user writes for a suspense (`+2d`, `2026-12-10`, `fri 17:00`, RFC 3339) or for a
//! span of time (`8h`). Every time here is UTC, like the DTG; the clock is always given, never
//! read, so that the same input gives the same answer in a test and at 03:00 on a Friday.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// Where a tasker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    #[default]
    Assigned,
    Working,
    Clearance,
    Closed,
}

impl TaskState {
    pub const ALL: [TaskState; 4] = [
        TaskState::Assigned,
        TaskState::Working,
        TaskState::Clearance,
        TaskState::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::Assigned => "assigned",
            TaskState::Working => "working",
            TaskState::Clearance => "clearance",
            TaskState::Closed => "closed",
        }
    }

    /// The state a word names (case-insensitive).
    pub fn from_word(w: &str) -> Option<TaskState> {
        let w = w.trim().to_ascii_lowercase();
        TaskState::ALL.into_iter().find(|s| s.as_str() == w)
    }

    /// The next state in the cycle (a closed tasker reopens as assigned).
    pub fn next(self) -> TaskState {
        match self {
            TaskState::Assigned => TaskState::Working,
            TaskState::Working => TaskState::Clearance,
            TaskState::Clearance => TaskState::Closed,
            TaskState::Closed => TaskState::Assigned,
        }
    }

    /// "use assigned, working, clearance or closed", for error messages.
    pub fn choices() -> &'static str {
        "assigned, working, clearance or closed"
    }
}

impl std::fmt::Display for TaskState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A cable's tasker: who has the action, where it is, by when, and who tasked it when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tasker {
    pub assignee: String,
    #[serde(default)]
    pub state: TaskState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspense: Option<DateTime<Utc>>,
    pub assigned_by: String,
    pub assigned_at: DateTime<Utc>,
}

impl Tasker {
    /// Open: not closed.
    pub fn is_open(&self) -> bool {
        self.state != TaskState::Closed
    }

    /// Late at `now`: open, and its suspense has passed.
    pub fn is_late(&self, now: DateTime<Utc>) -> bool {
        self.is_open() && self.suspense.is_some_and(|s| s < now)
    }
}

/// A suspense or a time that could not be read, worded for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct WhenError(pub String);

const SUSPENSE_FORMS: &str = "write +2d, +4h, 2026-12-10, fri 17:00 or 2026-12-10T17:00:00Z";

/// A suspense as the user writes it, read at `now` (UTC):
/// - `+2d`, `+4h`, `+90m`, `+1w`, `+1d12h`: that long from now;
/// - `2026-12-10`: the end of that day, 23:59:59 UTC (a suspense *date* means "by that day");
/// - `2026-12-10 17:00`: that time UTC;
/// - `fri 17:00` (or `friday 17:00`): the next Friday at 17:00 UTC, today if that time is still
///   ahead; `fri` alone is the end of that day;
/// - RFC 3339 (`2026-12-10T17:00:00Z`, `2026-12-10T18:00:00+01:00`), also without seconds.
///
/// A suspense already past is refused: it would make a tasker late the moment it is made.
pub fn parse_suspense(input: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, WhenError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(WhenError(format!("empty suspense: {SUSPENSE_FORMS}")));
    }
    let at = if let Some(span) = s.strip_prefix('+') {
        let d = parse_span(span).map_err(|e| WhenError(format!("bad suspense `{s}`: {e}")))?;
        now + d
    } else if let Some(t) = parse_instant(s) {
        t
    } else if let Some(t) = parse_day_time(s) {
        t
    } else if let Some(t) = parse_weekday(s, now)? {
        t
    } else {
        return Err(WhenError(format!(
            "cannot read the suspense `{s}`: {SUSPENSE_FORMS}"
        )));
    };
    if at <= now {
        return Err(WhenError(format!(
            "the suspense `{s}` ({}) is already past",
            at.format("%Y-%m-%d %H:%MZ")
        )));
    }
    Ok(at)
}

/// A span of time: `8h`, `30m`, `2d`, `1w`, `1h30m` (no sign).
pub fn parse_span(s: &str) -> Result<Duration, WhenError> {
    let s = s.trim();
    let bad = || {
        WhenError(format!(
            "cannot read `{s}` as a span of time: write a number and a unit, m h d or w (8h, 30m, 2d, 1h30m)"
        ))
    };
    if s.is_empty() {
        return Err(bad());
    }
    let mut total = Duration::zero();
    let mut digits = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        // Bounded: a count beyond ten years in minutes is a typo, not a span.
        let n: i64 = digits
            .parse()
            .ok()
            .filter(|n| *n <= 5_256_000)
            .ok_or_else(bad)?;
        digits.clear();
        total += match c.to_ascii_lowercase() {
            'm' => Duration::minutes(n),
            'h' => Duration::hours(n),
            'd' => Duration::days(n),
            'w' => Duration::weeks(n),
            _ => return Err(bad()),
        };
    }
    if !digits.is_empty() || total <= Duration::zero() {
        return Err(bad());
    }
    Ok(total)
}

/// RFC 3339, also without seconds (`2026-12-06T06:00Z`); an offset is converted to UTC.
pub fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    // `2026-12-06T06:00Z` and `2026-12-06T06:00+01:00`: add the seconds.
    let (date, rest) = s.split_once(['T', 't'])?;
    if rest.len() < 5 || !rest.is_char_boundary(5) {
        return None;
    }
    let (hm, zone) = rest.split_at(5);
    DateTime::parse_from_rfc3339(&format!("{date}T{hm}:00{zone}"))
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// `2026-12-10` (end of that day) or `2026-12-10 17:00` (UTC).
fn parse_day_time(s: &str) -> Option<DateTime<Utc>> {
    let mut words = s.split_whitespace();
    let day = NaiveDate::parse_from_str(words.next()?, "%Y-%m-%d").ok()?;
    let time = match words.next() {
        None => end_of_day(),
        Some(t) => NaiveTime::parse_from_str(t, "%H:%M").ok()?,
    };
    words
        .next()
        .is_none()
        .then(|| Utc.from_utc_datetime(&day.and_time(time)))
}

fn end_of_day() -> NaiveTime {
    NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN)
}

/// `fri 17:00`, `friday`: the next such day (today if the time is still ahead), UTC. `None`
/// when the first word is not a weekday; an error when it is and the time is not a time.
fn parse_weekday(s: &str, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, WhenError> {
    let mut words = s.split_whitespace();
    let Some(day) = words.next().and_then(|w| w.parse::<Weekday>().ok()) else {
        return Ok(None);
    };
    let time = match words.next() {
        None => end_of_day(),
        Some(t) => NaiveTime::parse_from_str(t, "%H:%M")
            .map_err(|_| WhenError(format!("bad time `{t}` in `{s}`: write it as 17:00")))?,
    };
    if words.next().is_some() {
        return Err(WhenError(format!(
            "cannot read the suspense `{s}`: {SUSPENSE_FORMS}"
        )));
    }
    let today = now.date_naive();
    let ahead = (7 + day.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
    let mut at = Utc.from_utc_datetime(&(today + Duration::days(ahead.into())).and_time(time));
    if at <= now {
        at += Duration::days(7);
    }
    Ok(Some(at))
}

/// The start of a window: a span back from `now` (`8h`) or a time (`2026-12-06T06:00Z`).
pub fn parse_since(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, WhenError> {
    let s = s.trim();
    if let Some(t) = parse_instant(s).or_else(|| parse_day_time(s)) {
        return Ok(t.min(now));
    }
    parse_span(s).map(|d| now - d).map_err(|_| {
        WhenError(format!(
            "cannot read `--since {s}`: write a span back from now (8h, 30m, 2d) or a time (2026-12-06T06:00Z)"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        // A Sunday.
        parse_instant("2026-12-06T12:00:00Z").expect("time")
    }

    fn at(s: &str) -> DateTime<Utc> {
        parse_instant(s).expect("time")
    }

    #[test]
    fn relative_suspenses_count_from_now() {
        assert_eq!(parse_suspense("+2d", now()), Ok(at("2026-12-08T12:00:00Z")));
        assert_eq!(parse_suspense("+4h", now()), Ok(at("2026-12-06T16:00:00Z")));
        assert_eq!(
            parse_suspense(" +1d12h ", now()),
            Ok(at("2026-12-08T00:00:00Z"))
        );
        assert_eq!(parse_suspense("+1w", now()), Ok(at("2026-12-13T12:00:00Z")));
    }

    #[test]
    fn a_date_is_the_end_of_that_day_utc() {
        assert_eq!(
            parse_suspense("2026-12-10", now()),
            Ok(at("2026-12-10T23:59:59Z"))
        );
        assert_eq!(
            parse_suspense("2026-12-10 17:00", now()),
            Ok(at("2026-12-10T17:00:00Z"))
        );
        // Today is not past until the day ends.
        assert_eq!(
            parse_suspense("2026-12-06", now()),
            Ok(at("2026-12-06T23:59:59Z"))
        );
    }

    #[test]
    fn a_weekday_is_the_next_one_and_today_only_while_ahead() {
        assert_eq!(
            parse_suspense("fri 17:00", now()),
            Ok(at("2026-12-11T17:00:00Z"))
        );
        assert_eq!(
            parse_suspense("Friday", now()),
            Ok(at("2026-12-11T23:59:59Z"))
        );
        // Sunday noon: Sunday 18:00 is today, Sunday 09:00 is next week.
        assert_eq!(
            parse_suspense("sun 18:00", now()),
            Ok(at("2026-12-06T18:00:00Z"))
        );
        assert_eq!(
            parse_suspense("sun 09:00", now()),
            Ok(at("2026-12-13T09:00:00Z"))
        );
        assert_eq!(
            parse_suspense("mon 08:30", now()),
            Ok(at("2026-12-07T08:30:00Z"))
        );
    }

    #[test]
    fn rfc3339_with_an_offset_is_read_in_utc() {
        assert_eq!(
            parse_suspense("2026-12-10T18:00:00+01:00", now()),
            Ok(at("2026-12-10T17:00:00Z"))
        );
        assert_eq!(
            parse_suspense("2026-12-10T17:00Z", now()),
            Ok(at("2026-12-10T17:00:00Z"))
        );
    }

    #[test]
    fn bad_and_past_suspenses_say_why() {
        for bad in [
            "",
            "tomorrow",
            "+2x",
            "+",
            "2026-13-01",
            "fri 25:00",
            "+-3d",
            "fri 17:00 x",
        ] {
            let e = parse_suspense(bad, now()).expect_err(bad);
            assert!(!e.0.is_empty() && e.0.len() < 200, "{bad}: {e}");
        }
        let e = parse_suspense("2026-12-01", now()).expect_err("past");
        assert!(e.0.contains("already past"), "{e}");
        assert!(parse_suspense("fri 17:00", now()).is_ok());
        let e = parse_suspense("+99999999999d", now()).expect_err("huge");
        assert!(e.0.contains("span of time"), "{e}");
    }

    #[test]
    fn since_is_a_span_back_or_a_time() {
        assert_eq!(parse_since("8h", now()), Ok(at("2026-12-06T04:00:00Z")));
        assert_eq!(
            parse_since("2026-12-06T06:00Z", now()),
            Ok(at("2026-12-06T06:00:00Z"))
        );
        assert!(parse_since("yesterday", now()).is_err());
    }

    #[test]
    fn the_states_cycle_and_late_needs_an_open_tasker_past_its_suspense() {
        assert_eq!(TaskState::Assigned.next(), TaskState::Working);
        assert_eq!(TaskState::Closed.next(), TaskState::Assigned);
        assert_eq!(
            TaskState::from_word("Clearance"),
            Some(TaskState::Clearance)
        );
        let mut t = Tasker {
            assignee: "bob".into(),
            state: TaskState::Working,
            suspense: Some(at("2026-12-06T11:59:00Z")),
            assigned_by: "alice".into(),
            assigned_at: at("2026-12-05T09:00:00Z"),
        };
        assert!(t.is_late(now()));
        t.state = TaskState::Closed;
        assert!(!t.is_late(now()));
        t.state = TaskState::Assigned;
        t.suspense = None;
        assert!(!t.is_late(now()));
    }
}
