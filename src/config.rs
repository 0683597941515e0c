//! User settings from `$XDG_CONFIG_HOME/cabletriage/config.toml` (else
//! `~/.config/cabletriage/config.toml`): the alert bell, colour depth, ASCII-only drawing and the
//! saved queues of the sidebar.
//!
//! ```toml
//! bell = true              # ring the terminal bell when FLASH or NIACT IMMEDIATE traffic arrives
//! color = "auto"           # auto | never | 16 | 256 | truecolor
//! ascii = false            # draw with ASCII only (no box-drawing characters)
//!
//! [objectives]             # handling-time objectives: only tighter than office.toml's
//! FLASH = "5m"             # (see `office::clock`); `enabled = false` stops the due clock
//!
//! [[queue]]                # any [[queue]] replaces the default queues
//! name = "Action: IMMEDIATE+"
//! query = "prec:>=immediate is:unread"
//! ```
//!
//! Loading never fails: every problem (unreadable file, bad TOML, a wrong type, an unknown key, a
//! queue whose query does not parse, an objective looser than the office's) becomes a warning naming the file, the line and the
//! problem, and the setting concerned keeps its default, so the TUI can always start.

use std::ffi::OsStr;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::traffic::Query;
use crate::triage::desks::Desks;

/// The settings file's name inside the `cabletriage` config directory.
pub const CONFIG_FILE: &str = "config.toml";

/// How many colours to use: the one colour type of the program. The command line's `--color`,
/// the settings file's `color` and the theme the inbox draws with all speak it; only the
/// settings and the flag say [`ColorMode::Auto`], which [`ColorMode::detect`] turns into one of
/// the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorMode {
    /// Decide from the terminal (and `NO_COLOR`).
    #[default]
    Auto,
    Never,
    Ansi16,
    Ansi256,
    TrueColor,
}

impl ColorMode {
    /// The config spelling: `auto`, `never`, `16`, `256`, `truecolor` (case-insensitive).
    pub fn parse(s: &str) -> Option<ColorMode> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "auto" => ColorMode::Auto,
            "never" => ColorMode::Never,
            "16" => ColorMode::Ansi16,
            "256" => ColorMode::Ansi256,
            "truecolor" => ColorMode::TrueColor,
            _ => return None,
        })
    }

    /// Apply `NO_COLOR` (pass whether it is set and non-empty): it turns `Auto` into `Never`;
    /// an explicit setting in the config file wins over it, as no-color.org asks.
    pub fn resolve(self, no_color: bool) -> ColorMode {
        match self {
            ColorMode::Auto if no_color => ColorMode::Never,
            other => other,
        }
    }

    /// [`ColorMode::resolve`] with `NO_COLOR` read from this process's environment.
    pub fn resolve_env(self) -> ColorMode {
        self.resolve(std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()))
    }

    /// The mode to draw with, never `Auto`: the flag when given; else the settings file's
    /// `color` (an explicit one wins over `NO_COLOR`); else `NO_COLOR`, then `COLORTERM`, then
    /// `TERM` from `env`.
    pub fn detect(
        flag: Option<ColorMode>,
        configured: ColorMode,
        env: impl Fn(&str) -> Option<String>,
    ) -> ColorMode {
        match flag.unwrap_or(configured) {
            ColorMode::Auto => {}
            explicit => return explicit,
        }
        if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ColorMode::Never;
        }
        if env("COLORTERM").is_some_and(|v| v == "truecolor" || v == "24bit") {
            return ColorMode::TrueColor;
        }
        match env("TERM").as_deref() {
            Some("dumb") => ColorMode::Never,
            Some(t) if t.contains("256") => ColorMode::Ansi256,
            _ => ColorMode::Ansi16,
        }
    }
}

/// A named query shown in the sidebar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queue {
    pub name: String,
    pub query: String,
}

impl Queue {
    fn new(name: &str, query: &str) -> Queue {
        Queue {
            name: name.to_string(),
            query: query.to_string(),
        }
    }
}

/// The user's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Ring the terminal bell on a FLASH or NIACT IMMEDIATE arrival.
    pub bell: bool,
    pub color: ColorMode,
    /// Draw with ASCII characters only.
    pub ascii: bool,
    /// The queues from `[[queue]]` tables (each query checked), or `None` for the defaults.
    pub queues: Option<Vec<Queue>>,
    /// The file the settings came from, when one was read.
    pub source: Option<PathBuf>,
    /// `[objectives]`, applied over the office's once the traffic is known.
    pub objectives: crate::office::clock::UserObjectives,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bell: true,
            color: ColorMode::Auto,
            ascii: false,
            queues: None,
            source: None,
            objectives: Default::default(),
        }
    }
}

/// A problem in the settings file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfigIssue {
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub message: String,
}

const KEYS: [&str; 5] = ["bell", "color", "ascii", "queue", "objectives"];

#[path = "config_objectives.rs"]
mod objectives;
const QUEUE_KEYS: [&str; 2] = ["name", "query"];

impl Config {
    /// The settings file's path from the values of `XDG_CONFIG_HOME` and `HOME` (an empty or
    /// relative `XDG_CONFIG_HOME` is ignored, as the XDG spec says).
    pub fn path_from(xdg_config_home: Option<&OsStr>, home: Option<&OsStr>) -> Option<PathBuf> {
        let usable = |v: Option<&OsStr>| {
            v.map(Path::new)
                .filter(|p| p.is_absolute())
                .map(Path::to_path_buf)
        };
        let base = usable(xdg_config_home).or_else(|| usable(home).map(|h| h.join(".config")))?;
        Some(base.join("cabletriage").join(CONFIG_FILE))
    }

    /// The settings file's path from this process's environment.
    pub fn default_path() -> Option<PathBuf> {
        let xdg = std::env::var_os("XDG_CONFIG_HOME");
        let home = std::env::var_os("HOME");
        Config::path_from(xdg.as_deref(), home.as_deref())
    }

    /// Load from [`Config::default_path`]; defaults when there is no such file.
    pub fn load() -> (Config, Vec<String>) {
        match Config::default_path() {
            Some(p) => Config::load_from(&p),
            None => (Config::default(), Vec::new()),
        }
    }

    /// Load `path`; defaults without a warning when it does not exist.
    pub fn load_from(path: &Path) -> (Config, Vec<String>) {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), Vec::new()),
            Err(e) => {
                let issue = ConfigIssue {
                    path: path.to_path_buf(),
                    line: None,
                    message: format!("cannot read: {e}; using the default settings"),
                };
                (Config::default(), vec![issue.to_string()])
            }
        }
    }

    /// Parse the text of a settings file; `path` names it in warnings. Warnings are in line order.
    pub fn parse(text: &str, path: &Path) -> (Config, Vec<String>) {
        let mut p = Parser {
            text,
            path,
            issues: Vec::new(),
        };
        let mut cfg = Config {
            source: Some(path.to_path_buf()),
            ..Config::default()
        };
        match DeTable::parse(text) {
            Ok(doc) => p.settings(doc.get_ref(), &mut cfg),
            Err(e) => {
                let at = e.span().map(|s| s.start);
                let msg = format!("{}; using the default settings", e.message().trim());
                p.warn(at, msg);
            }
        }
        p.issues.sort_by_key(|i| i.line);
        (cfg, p.issues.iter().map(ToString::to_string).collect())
    }

    /// The built-in queues: Unread, FLASH and IMMEDIATE, Unrouted, Flagged, My taskers (open
    /// ones tasked to the user), Late (taskers past their suspense).
    pub fn default_queues() -> Vec<Queue> {
        vec![
            Queue::new("Unread", "is:unread"),
            Queue::new("FLASH and IMMEDIATE", "prec:>=immediate"),
            Queue::new("Unrouted", "is:unrouted"),
            Queue::new("Flagged", "is:flagged"),
            Queue::new("My taskers", "is:mine -task:closed"),
            Queue::new("Late", "is:late"),
        ]
    }

    /// The sidebar's queues: the configured ones, or else the built-in queues followed by one
    /// per desk (`desk:CODE`, named by the code) in the order of desks.toml.
    pub fn queues_with_desks(&self, desks: &Desks) -> Vec<Queue> {
        if let Some(q) = &self.queues {
            return q.clone();
        }
        let mut out = Config::default_queues();
        for d in desks.all() {
            out.push(Queue::new(&d.code, &format!("desk:{}", d.code)));
        }
        out
    }
}

/// Walks the parsed document, collecting issues.
struct Parser<'a> {
    text: &'a str,
    path: &'a Path,
    issues: Vec<ConfigIssue>,
}

fn kind(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl Parser<'_> {
    fn warn(&mut self, at: Option<usize>, message: String) {
        let line = at.map(|p| {
            let p = p.min(self.text.len());
            1 + self.text.as_bytes()[..p]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
        });
        self.issues.push(ConfigIssue {
            path: self.path.to_path_buf(),
            line,
            message,
        });
    }

    fn warn_at(&mut self, span: Range<usize>, message: String) {
        self.warn(Some(span.start), message);
    }

    fn settings(&mut self, doc: &DeTable<'_>, cfg: &mut Config) {
        for (key, value) in doc.iter() {
            let name: &str = key.get_ref();
            match name {
                "bell" => self.boolean(name, value, &mut cfg.bell),
                "ascii" => self.boolean(name, value, &mut cfg.ascii),
                "color" => match value.get_ref() {
                    DeValue::String(s) if ColorMode::parse(s).is_some() => {
                        cfg.color = ColorMode::parse(s).unwrap_or_default();
                    }
                    v => {
                        let shown = match v {
                            DeValue::String(s) => format!("`{s}`"),
                            other => kind(other).to_string(),
                        };
                        let msg = format!(
                            "`color` must be one of \"auto\", \"never\", \"16\", \"256\", \
                             \"truecolor\", not {shown}; using \"auto\""
                        );
                        self.warn_at(value.span(), msg);
                    }
                },
                "queue" => cfg.queues = self.queues(value),
                "objectives" => cfg.objectives = self.objectives(value),
                other => {
                    let msg = format!(
                        "unknown setting `{other}` (known: {}); ignored",
                        KEYS.join(", ")
                    );
                    self.warn_at(key.span(), msg);
                }
            }
        }
    }

    fn boolean(&mut self, name: &str, value: &Spanned<DeValue<'_>>, out: &mut bool) {
        match value.get_ref() {
            DeValue::Boolean(b) => *out = *b,
            v => {
                let msg = format!(
                    "`{name}` must be true or false, not {}; using {out}",
                    kind(v)
                );
                self.warn_at(value.span(), msg);
            }
        }
    }

    /// The valid queues of a `[[queue]]` array; `None` (the defaults) when none is valid.
    fn queues(&mut self, value: &Spanned<DeValue<'_>>) -> Option<Vec<Queue>> {
        let DeValue::Array(items) = value.get_ref() else {
            let msg = format!(
                "`queue` must be written as [[queue]] tables with `name` and `query`, not {}; \
                 using the default queues",
                kind(value.get_ref())
            );
            self.warn_at(value.span(), msg);
            return None;
        };
        let mut out: Vec<Queue> = Vec::new();
        for item in items.iter() {
            let DeValue::Table(t) = item.get_ref() else {
                let msg = format!(
                    "a queue must be a table, not {}; skipped",
                    kind(item.get_ref())
                );
                self.warn_at(item.span(), msg);
                continue;
            };
            let Some(q) = self.queue(t, item.span()) else {
                continue;
            };
            if out.iter().any(|o| o.name == q.name) {
                let msg = format!("queue `{}` is defined twice; the first is used", q.name);
                self.warn_at(item.span(), msg);
            } else {
                out.push(q);
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// One `[[queue]]` table, checked; `None` (with a warning) when it cannot be used.
    fn queue(&mut self, t: &DeTable<'_>, at: Range<usize>) -> Option<Queue> {
        for (key, _) in t.iter() {
            let k: &str = key.get_ref();
            if !QUEUE_KEYS.contains(&k) {
                let msg = format!("unknown queue setting `{k}` (known: name, query); ignored");
                self.warn_at(key.span(), msg);
            }
        }
        let text = |v: Option<&Spanned<DeValue<'_>>>| match v.map(|s| (s.get_ref(), s.span())) {
            Some((DeValue::String(s), span)) => Ok((s.to_string(), span)),
            Some((other, span)) => Err((Some(span), kind(other))),
            None => Err((None, "missing")),
        };
        let name = match text(t.get("name")) {
            Ok((n, _)) if !n.trim().is_empty() => n.trim().to_string(),
            Ok((_, span)) => {
                self.warn_at(span, "a queue's `name` must not be empty; skipped".into());
                return None;
            }
            Err((span, what)) => {
                let msg = format!("a queue needs a `name` string ({what}); skipped");
                self.warn_at(span.unwrap_or(at), msg);
                return None;
            }
        };
        let (query, span) = match text(t.get("query")) {
            Ok(q) => q,
            Err((span, what)) => {
                let msg = format!("queue `{name}` needs a `query` string ({what}); skipped");
                self.warn_at(span.unwrap_or(at), msg);
                return None;
            }
        };
        if let Err(e) = Query::parse(&query) {
            let msg = format!(
                "queue `{name}`: bad query `{}`: {e}; skipped",
                shorten(&query)
            );
            self.warn_at(span, msg);
            return None;
        }
        Some(Queue { name, query })
    }
}

/// `s` cut to its first 60 chars (with an ellipsis) for a message, however long it is.
fn shorten(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &s[..at]).into(),
        None => s.into(),
    }
}
