//! What the inbox runs with: one checked value, built by whoever starts the inbox (the command
//! line, the demo, a test), so the interactive layer never reads flags or the environment
//! itself. The user's `config.toml` reaches it here too: its colour and ASCII choices already
//! folded into [`Settings::color`] and [`Settings::ascii`], its warnings in
//! [`Settings::warnings`] (shown in the status bar and on stderr at exit).

use std::path::PathBuf;

use crate::config::{ColorMode, Config, Queue};
use crate::keymap::Keymap;
use crate::triage::Desks;

use super::app::App;

/// Everything [`super::run`] needs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The traffic directory.
    pub traffic: PathBuf,
    /// The state directory (journal, snapshot, index, drafts).
    pub state: PathBuf,
    /// Who acts, for the journal.
    pub user: String,
    /// The journal's database (None: the file journal in `state`).
    pub journal_url: Option<String>,
    /// The colour mode to draw with; `Auto` is taken as 16 colours.
    pub color: ColorMode,
    /// Draw with ASCII characters only.
    pub ascii: bool,
    pub keymap: Keymap,
    /// Ring the terminal bell on a FLASH or NIACT IMMEDIATE arrival.
    pub bell: bool,
    /// The sidebar's queues from the settings file; `None` for the defaults and one per desk.
    pub queues: Option<Vec<Queue>>,
    /// The office clock: objectives (the office's, the user's tighter ones, or stopped by
    /// `--no-clock`), the alert command, the bell's repeat and the escalation steps.
    pub clock: crate::office::clock::OfficeClock,
    /// Said in the status bar at start: an informational notice (where state is kept, say).
    pub notice: Option<String>,
    /// Problems with the settings or the keymap: the first is shown in the status bar, all are
    /// repeated on stderr at exit.
    pub warnings: Vec<String>,
}

impl Settings {
    /// Settings for `traffic` with everything else at its default: the state inside the traffic
    /// directory, the default keymap, no colour. For tests and benches; the command line
    /// fills every field from flags, the settings file and the environment.
    pub fn new(traffic: impl Into<PathBuf>, user: &str) -> Settings {
        let traffic = traffic.into();
        Settings {
            state: traffic.join(".cabletriage"),
            traffic,
            user: user.to_string(),
            journal_url: None,
            color: ColorMode::Never,
            ascii: false,
            keymap: Keymap::default_keymap(),
            bell: true,
            queues: None,
            clock: crate::office::clock::OfficeClock::default(),
            notice: None,
            warnings: Vec::new(),
        }
    }

    /// Take the settings file's bell and queues (its colour and ASCII choices are the caller's
    /// to fold in, under the flags).
    pub fn with_config(mut self, config: &Config) -> Settings {
        self.bell = config.bell;
        self.queues = config.queues.clone();
        self
    }

    /// The sidebar's queues: the configured ones, else the defaults and one per desk.
    pub fn queue_list(&self, desks: &Desks) -> Vec<Queue> {
        let config = Config {
            queues: self.queues.clone(),
            ..Config::default()
        };
        config.queues_with_desks(desks)
    }
}

/// Show the first warning in the status bar and keep all of them for stderr at exit.
pub fn report(app: &mut App, warnings: Vec<String>) {
    if let Some(first) = warnings.first() {
        let more = warnings.len() - 1;
        if more == 0 {
            app.error(first.clone());
        } else {
            app.error(format!("{first} (+{more} more, shown at exit)"));
        }
    }
    app.session.warnings.extend(warnings);
}
