//! The command line, as clap sees it. Turned into checked configuration by each command.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::ColorMode;

#[derive(Debug, Parser)]
#[command(
    name = "cabletriage",
    version,
    about = "Triage diplomatic message traffic (ACP-127 cables) from the terminal"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Traffic directory for the interactive inbox.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    #[command(flatten)]
    pub ui: UiOpts,
}

/// Options every command takes.
#[derive(Debug, Args, Clone, Default)]
pub struct Global {
    /// State directory (journal, snapshots, index). Default `<traffic>/.cabletriage/`.
    #[arg(long, global = true, value_name = "DIR")]
    pub state: Option<PathBuf>,
    /// Traffic directory (default $CABLETRIAGE_DIR, else ./sample-traffic).
    #[arg(
        long = "dir",
        global = true,
        value_name = "DIR",
        env = "CABLETRIAGE_DIR"
    )]
    pub dir_flag: Option<PathBuf>,
    /// Who acts, for the journal (default $USER).
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,
    /// Keep the journal in PostgreSQL at URL (postgres://... or postgresql:///DB?host=/SOCKET)
    /// instead of the state directory (default $CABLETRIAGE_JOURNAL, else `[journal] url` in
    /// `<traffic>/office.toml`).
    #[arg(
        long,
        global = true,
        value_name = "URL",
        env = "CABLETRIAGE_JOURNAL",
        hide_env_values = true
    )]
    pub journal: Option<String>,
}

/// Options of the interactive inbox.
#[derive(Debug, Args, Clone, Default)]
pub struct UiOpts {
    /// Colour: auto-detected unless given; NO_COLOR is honoured.
    #[arg(long, value_enum, global = true)]
    pub color: Option<ColorMode>,
    /// Plain ASCII borders and marks.
    #[arg(long, global = true)]
    pub ascii: bool,
    /// A keymap file merged over the default.
    #[arg(long, global = true, value_name = "FILE")]
    pub keymap: Option<PathBuf>,
    /// No due clock: no time left or overdue, no escalation (old archives stay quiet).
    #[arg(long, global = true)]
    pub no_clock: bool,
}

/// `--color` speaks the library's one colour type; the spelling is the settings file's.
impl ValueEnum for ColorMode {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            ColorMode::Auto,
            ColorMode::Never,
            ColorMode::Ansi16,
            ColorMode::Ansi256,
            ColorMode::TrueColor,
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let name = match self {
            ColorMode::Auto => "auto",
            ColorMode::Never => "never",
            ColorMode::Ansi16 => "16",
            ColorMode::Ansi256 => "256",
            ColorMode::TrueColor => "truecolor",
        };
        Some(clap::builder::PossibleValue::new(name))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ListFormat {
    #[default]
    Table,
    Json,
    Csv,
    Count,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum TextOrJson {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum CsvOrJson {
    #[default]
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse files; print one JSON object per cable per line.
    Parse {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Print the inbox.
    List {
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Query (see the README's query language); may start with `-` (`-tag:RS`).
        #[arg(long, allow_hyphen_values = true)]
        filter: Option<String>,
        /// Sort keys, comma-separated: precedence, dtg, origin, addressee, class, due, score (prefix `-` reverses).
        #[arg(long, allow_hyphen_values = true)]
        sort: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
        /// Report files, bytes, cables, errors and phase times on stderr.
        #[arg(long)]
        stats: bool,
        /// Do not read or write the index cache.
        #[arg(long)]
        no_index: bool,
    },
    /// Print one cable, readable.
    Show { id: String },
    /// Add (or remove) labels.
    Label {
        id: String,
        #[arg(required = true)]
        labels: Vec<String>,
        #[arg(long)]
        remove: bool,
    },
    /// Route to an action desk (or add an info desk); `--clear` and `--remove-info` un-route.
    Route {
        id: String,
        #[arg(required_unless_present_any = ["clear", "remove_info"])]
        desk: Option<String>,
        #[arg(long, conflicts_with_all = ["clear", "remove_info"])]
        info: bool,
        /// Clear the action desk.
        #[arg(long, conflicts_with_all = ["desk", "remove_info"])]
        clear: bool,
        /// Drop this info desk.
        #[arg(long, value_name = "DESK", conflicts_with = "desk")]
        remove_info: Option<String>,
    },
    /// Add (or replace) the current user's note on a cable (`-` reads it from stdin; an empty
    /// text clears it); without TEXT, print the cable's notes. A colleague's note is never
    /// replaced.
    Note { id: String, text: Option<String> },
    /// The journal: who did what to which cable, when.
    Log {
        #[arg(long, value_enum, default_value_t)]
        format: TextOrJson,
    },
    /// The routing sheet: each triaged cable with desks, labels, status.
    Export {
        #[arg(long, value_enum, default_value_t)]
        format: CsvOrJson,
    },
    /// Name every file that is not a readable cable, and why.
    Check {
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Print the effective keymap per context.
    Keys,
    /// The inbox on a temporary copy of sample-traffic with new cables arriving.
    Demo,
    /// The journal itself: verify its history.
    Journal {
        #[command(subcommand)]
        action: JournalAction,
    },
    /// Write N synthetic cables of realistic shape.
    Gen {
        #[arg(long)]
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(value_name = "OUT")]
        out: PathBuf,
    },
    /// Task the cable to an officer, with an optional suspense.
    Assign {
        id: String,
        /// The officer tasked (a user name as the journal records it).
        #[arg(value_name = "USER")]
        officer: String,
        /// Suspense: +2d, +4h, 2026-12-10 (end of that day, UTC), fri 17:00 (UTC), RFC 3339.
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
        due: Option<String>,
    },
    /// Move the cable's tasker: assigned, working, clearance, closed.
    Task {
        id: String,
        /// assigned, working, clearance or closed.
        #[arg(value_name = "STATE")]
        to: String,
    },
    /// The shift handover: what the incoming officer must pick up.
    Handover {
        /// The window: a span back from now (8h, the default) or a time (2026-12-06T06:00Z).
        #[arg(long, value_name = "DUR|TIME")]
        since: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: HandoverFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum HandoverFormat {
    #[default]
    Text,
    Markdown,
    Json,
}

/// What `cabletriage journal` does.
#[derive(Debug, Clone, Subcommand)]
pub enum JournalAction {
    /// Read the whole journal; report its format, damage and every event that does not follow
    /// the hash chain (exit 1 if any).
    Verify,
    /// Set up (or migrate) the journal schema, roles and grants in a PostgreSQL database (run
    /// as its owner).
    Init {
        #[arg(value_name = "URL")]
        url: String,
    },
    /// Copy the state directory's file journal into the database (idempotent: events already
    /// there are not added again).
    Push {
        #[arg(value_name = "URL")]
        url: String,
    },
    /// Write the database's journal as a file journal (to FILE, else to stdout).
    Pull {
        #[arg(value_name = "URL")]
        url: String,
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
}
