//! The office clock's settings in `office.toml`: the handling-time objectives (`[objectives]`),
//! the `alert_command` run when a FLASH or NIACT IMMEDIATE cable is escalated, and `[clock]`
//! (how often the bell rings again, the command's timeout, how many escalation steps there are).
//! The user's `config.toml` may set `[objectives]` too, but only tighter than the office's
//! ([`UserObjectives::apply`]).
//!
//! ```toml
//! alert_command = "notify-send \"$CABLETRIAGE_PRECEDENCE $CABLETRIAGE_ID overdue\""
//!
//! [objectives]              # time from the DTG until the cable must be handled
//! FLASH = "10m"
//! "NIACT IMMEDIATE" = "30m"
//! IMMEDIATE = "30m"
//! PRIORITY = "3h"
//! ROUTINE = "6h"
//! enabled = true            # false: no due clock at all
//! archive = "1y"            # cables older than this are archive, never due
//! handled = ["routed", "done", "acknowledged"]   # also: action, read
//!
//! [clock]
//! bell_every = "1m"         # ring again while a FLASH/NIACT is unacknowledged ("0s": once)
//! alert_timeout = "10s"     # the alert command is stopped after this long
//! steps = 3                 # escalation steps: one per objective elapsed past the due time
//! ```

use std::path::Path;

use crate::cable::Precedence;
use crate::triage::due::{Handled, Objectives, parse_duration};

use super::{OfficeError, find_key_line};

/// A value of an `[objectives]` table, whichever TOML reader found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val<'a> {
    Str(&'a str),
    Bool(bool),
    List(Vec<&'a str>),
    /// Anything else, by its kind (`an integer`).
    Other(&'static str),
}

/// One setting of an `[objectives]` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Objective(Precedence, i64),
    Enabled(bool),
    Archive(i64),
    Handled(Handled),
}

/// The keys an `[objectives]` table knows.
pub const OBJECTIVE_KEYS: &str =
    "FLASH, \"NIACT IMMEDIATE\", IMMEDIATE, PRIORITY, ROUTINE, enabled, archive, handled";

/// Read one `[objectives]` entry; the error is worded for the user.
pub fn setting(key: &str, v: &Val<'_>) -> Result<Setting, String> {
    let dur = |v: &Val<'_>| match v {
        Val::Str(s) => parse_duration(s),
        _ => Err(format!("`{key}` must be a duration string such as \"30m\"")),
    };
    match key {
        "enabled" => match v {
            Val::Bool(b) => Ok(Setting::Enabled(*b)),
            _ => Err("`enabled` must be true or false".into()),
        },
        "archive" => Ok(Setting::Archive(dur(v)?)),
        "handled" => match v {
            Val::List(words) => Handled::from_words(words.iter().copied()).map(Setting::Handled),
            _ => Err(format!(
                "`handled` must be a list of states, as in [\"routed\", \"done\"] (known: {})",
                Handled::WORDS.join(", ")
            )),
        },
        _ => match Precedence::from_word(key) {
            Some(p) => {
                let secs = dur(v)?;
                if secs == 0 {
                    return Err(format!("the objective of {key} must be longer than 0"));
                }
                Ok(Setting::Objective(p, secs))
            }
            None => Err(format!(
                "unknown setting `objectives.{key}` (known: {OBJECTIVE_KEYS})"
            )),
        },
    }
}

/// The office's clock settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeClock {
    pub objectives: Objectives,
    /// Run on each escalation step; `None`: none.
    pub alert_command: Option<AlertCommand>,
    /// Ring the bell again this often (seconds) while a FLASH/NIACT waits for its
    /// acknowledgement; 0 rings once, on arrival.
    pub bell_every: i64,
    /// Seconds before a running alert command is stopped.
    pub alert_timeout: i64,
    /// Escalation steps: step `n` comes `n` objectives after the DTG (the first at the due
    /// time), up to this many.
    pub steps: u32,
}

impl Default for OfficeClock {
    fn default() -> Self {
        OfficeClock {
            objectives: Objectives::default(),
            alert_command: None,
            bell_every: 60,
            alert_timeout: 10,
            steps: 3,
        }
    }
}

/// How the alert command is run: a string through `/bin/sh -c`, or a list as the program and
/// its arguments (no shell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertCommand {
    Shell(String),
    Argv(Vec<String>),
}

impl OfficeClock {
    /// The clock's sections of office.toml (`table`, whose text is `text`, read from `path`).
    pub fn parse(table: &toml::Table, text: &str, path: &Path) -> Result<OfficeClock, OfficeError> {
        let err = |key: &str, message: String| OfficeError {
            path: path.to_path_buf(),
            line: find_key_line(text, key),
            message,
        };
        let mut c = OfficeClock::default();
        if let Some(v) = table.get("objectives") {
            let toml::Value::Table(t) = v else {
                return Err(err(
                    "objectives",
                    "`objectives` must be a table: [objectives]".into(),
                ));
            };
            for (key, value) in t {
                let list: Vec<&str>;
                let val = match value {
                    toml::Value::String(s) => Val::Str(s),
                    toml::Value::Boolean(b) => Val::Bool(*b),
                    toml::Value::Array(a) => {
                        list = a.iter().filter_map(toml::Value::as_str).collect();
                        if list.len() != a.len() {
                            Val::Other("a list of non-strings")
                        } else {
                            Val::List(list)
                        }
                    }
                    other => Val::Other(other.type_str()),
                };
                match setting(key, &val).map_err(|m| err(key, m))? {
                    Setting::Objective(p, s) => c.objectives.secs[usize::from(p.rank())] = s,
                    Setting::Enabled(b) => c.objectives.enabled = b,
                    Setting::Archive(s) => c.objectives.archive_after = s,
                    Setting::Handled(h) => c.objectives.handled = h,
                }
            }
        }
        c.alert_command = match table.get("alert_command") {
            None => None,
            Some(toml::Value::String(s)) if !s.trim().is_empty() => {
                Some(AlertCommand::Shell(s.clone()))
            }
            Some(toml::Value::Array(a))
                if !a.is_empty() && a.iter().all(|x| x.as_str().is_some_and(|s| !s.is_empty())) =>
            {
                Some(AlertCommand::Argv(
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect(),
                ))
            }
            Some(_) => {
                return Err(err(
                    "alert_command",
                    "`alert_command` must be a command line (a string, run by /bin/sh) or a \
                     non-empty list of strings (the program and its arguments)"
                        .into(),
                ));
            }
        };
        if let Some(v) = table.get("clock") {
            let toml::Value::Table(t) = v else {
                return Err(err("clock", "`clock` must be a table: [clock]".into()));
            };
            for (key, value) in t {
                let dur = || match value {
                    toml::Value::String(s) => parse_duration(s).map_err(|m| err(key, m)),
                    _ => Err(err(
                        key,
                        format!("`clock.{key}` must be a duration such as \"1m\""),
                    )),
                };
                match key.as_str() {
                    "bell_every" => c.bell_every = dur()?,
                    "alert_timeout" => c.alert_timeout = dur()?.max(1),
                    "steps" => match value.as_integer() {
                        Some(n @ 1..=20) => c.steps = n as u32,
                        _ => {
                            return Err(err(
                                key,
                                "`clock.steps` must be a number from 1 to 20".into(),
                            ));
                        }
                    },
                    other => {
                        return Err(err(
                            other,
                            format!(
                                "unknown setting `clock.{other}` (known: bell_every, alert_timeout, steps)"
                            ),
                        ));
                    }
                }
            }
        }
        Ok(c)
    }
}

/// The office clock for a traffic directory, as a command runs it: `<traffic>/office.toml`'s
/// settings with the user's tighter objectives applied (`user`: theirs and the file they came
/// from) and, with `no_clock` (`--no-clock`), every clock stopped. Returns the warnings about
/// the user's file; an error in office.toml is an error (bad configuration).
pub fn for_traffic(
    traffic: &Path,
    user: Option<(&UserObjectives, &Path)>,
    no_clock: bool,
) -> Result<(OfficeClock, Vec<String>), OfficeError> {
    let mut clock = super::Office::load_dir(traffic)?.clock;
    let mut warnings = Vec::new();
    if let Some((u, source)) = user {
        let (o, w) = u.apply(clock.objectives, source);
        clock.objectives = o;
        warnings = w;
    }
    if no_clock {
        clock.objectives = clock.objectives.off();
    }
    Ok((clock, warnings))
}

/// The `[objectives]` of a user's config.toml: kept apart until the office's are known, since
/// the user may only tighten them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserObjectives {
    /// Per precedence rank: the seconds asked for, and the line they were asked on.
    pub secs: [Option<(i64, Option<usize>)>; 5],
    pub enabled: Option<bool>,
    pub archive: Option<i64>,
}

impl UserObjectives {
    /// The office's objectives with the user's tighter ones applied; a looser one is ignored
    /// with a warning naming `source` (the user's file) and its line.
    pub fn apply(&self, office: Objectives, source: &Path) -> (Objectives, Vec<String>) {
        let mut out = office;
        let mut warnings = Vec::new();
        for (p, asked) in Precedence::ALL.iter().zip(self.secs) {
            let Some((secs, line)) = asked else { continue };
            let theirs = office.of(*p);
            if secs <= theirs {
                out.secs[usize::from(p.rank())] = secs;
            } else {
                let at = line.map(|l| format!(":{l}")).unwrap_or_default();
                warnings.push(format!(
                    "{}{at}: objective {} for {} is looser than the office's {}; ignored",
                    source.display(),
                    crate::triage::due::format_duration(secs),
                    p.as_str(),
                    crate::triage::due::format_duration(theirs),
                ));
            }
        }
        if let Some(e) = self.enabled {
            out.enabled = e && office.enabled;
        }
        if let Some(a) = self.archive {
            out.archive_after = a;
        }
        (out, warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::office::Office;

    fn parse(text: &str) -> Result<OfficeClock, OfficeError> {
        Office::parse(text, Path::new("office.toml")).map(|o| o.clock)
    }

    #[test]
    fn defaults_without_sections() {
        assert_eq!(parse("").expect("empty is fine"), OfficeClock::default());
    }

    #[test]
    fn objectives_alert_command_and_clock_are_read() {
        let c = parse(
            "alert_command = [\"notify-send\", \"overdue\"]\n[objectives]\nFLASH = \"5m\"\n\
             \"NIACT IMMEDIATE\" = \"15m\"\nenabled = true\narchive = \"30d\"\n\
             handled = [\"done\", \"acknowledged\"]\n[clock]\nbell_every = \"30s\"\n\
             alert_timeout = \"5s\"\nsteps = 2\n",
        )
        .expect("valid");
        assert_eq!(c.objectives.of(Precedence::Flash), 300);
        assert_eq!(c.objectives.of(Precedence::NiactImmediate), 900);
        assert_eq!(
            c.objectives.of(Precedence::Routine),
            6 * 3600,
            "default kept"
        );
        assert_eq!(c.objectives.archive_after, 30 * 86_400);
        assert_eq!(c.objectives.handled.words(), ["done", "acknowledged"]);
        assert_eq!(
            c.alert_command,
            Some(AlertCommand::Argv(vec![
                "notify-send".into(),
                "overdue".into()
            ]))
        );
        assert_eq!((c.bell_every, c.alert_timeout, c.steps), (30, 5, 2));
    }

    #[test]
    fn mistakes_name_the_line() {
        let e = parse("[objectives]\nFLASH = \"10m\"\nFLSH = \"5m\"\n").expect_err("typo");
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.to_string().contains("objectives.FLSH"), "{e}");
        let e = parse("[objectives]\nROUTINE = \"six hours\"\n").expect_err("bad duration");
        assert_eq!(e.line, Some(2), "{e}");
        let e = parse("[objectives]\nhandled = [\"filed\"]\n").expect_err("bad word");
        assert!(e.to_string().contains("filed"), "{e}");
        let e = parse("alert_command = 3\n").expect_err("not a command");
        assert_eq!(e.line, Some(1), "{e}");
        let e = parse("[clock]\nsteps = 0\n").expect_err("no steps");
        assert!(e.to_string().contains("steps"), "{e}");
    }

    #[test]
    fn the_user_may_only_tighten() {
        let user = UserObjectives {
            secs: [
                Some((300, Some(2))),
                None,
                None,
                Some((24 * 3600, Some(5))),
                None,
            ],
            enabled: None,
            archive: None,
        };
        let (o, warnings) = user.apply(Objectives::default(), Path::new("config.toml"));
        assert_eq!(o.of(Precedence::Flash), 300, "tighter: taken");
        assert_eq!(
            o.of(Precedence::Priority),
            3 * 3600,
            "looser: the office's stays"
        );
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with("config.toml:5: "),
            "{}",
            warnings[0]
        );
        assert!(warnings[0].contains("PRIORITY"), "{}", warnings[0]);
        let off = UserObjectives {
            enabled: Some(false),
            ..Default::default()
        };
        assert!(!off.apply(Objectives::default(), Path::new("c")).0.enabled);
    }
}
