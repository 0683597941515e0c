//! Resolving the global options into concrete directories and the acting user, in one place.

use std::path::{Path, PathBuf};

use super::args::Global;

/// Where a command reads traffic from and writes state to, and who acts.
#[derive(Debug, Clone)]
pub struct Context {
    pub traffic: PathBuf,
    pub state: PathBuf,
    pub user: String,
    /// Set when the state directory fell back to a per-user one (read-only traffic directory).
    pub notice: Option<String>,
    /// The journal's database (`--journal`, `$CABLETRIAGE_JOURNAL`, or `[journal] url` in
    /// `<traffic>/office.toml`); None: the file journal in `state`.
    pub journal_url: Option<String>,
}

impl Context {
    /// `positional` is a command's `[DIR]` argument, which wins over `--dir`. A `--user` that is
    /// empty or holds control characters is refused: the journal would name nobody, or could
    /// be written lines by a name.
    pub fn resolve(g: &Global, positional: Option<&Path>) -> Result<Context, super::UsageError> {
        if let Some(u) = &g.user {
            crate::triage::ops::check_user(u)
                .map_err(|e| super::UsageError(format!("bad --user: {e}")))?;
        }
        let traffic = positional
            .map(Path::to_path_buf)
            .or_else(|| g.dir_flag.clone())
            .unwrap_or_else(|| PathBuf::from("sample-traffic"));
        let user = crate::triage::account::user_name(g.user.as_deref(), "unknown");
        let (state, notice) = match &g.state {
            Some(s) => (s.clone(), None),
            None => crate::state_dir::default_for(&traffic),
        };
        let journal_url = match g.journal.as_deref().map(str::trim) {
            Some("") => None,
            Some(u) => Some(u.to_string()),
            // A traffic directory that cannot be read is the command's own error to report.
            None if !traffic.is_dir() => None,
            None => {
                crate::office::Office::load_dir(&traffic)
                    .map_err(|e| super::UsageError(e.to_string()))?
                    .journal_url
            }
        };
        if let Some(u) = &journal_url {
            crate::triage::pg::Store::new(u)
                .map_err(|e| super::UsageError(format!("bad journal URL: {e}")))?;
        }
        Ok(Context {
            traffic,
            state,
            user,
            notice,
            journal_url,
        })
    }
}

impl Context {
    /// Remove the probe files earlier versions left when killed, in the state directory and
    /// (when the state lives inside it) the traffic directory they also probed. For commands
    /// that write state anyway.
    pub fn remove_stale_probes(&self) {
        crate::state_dir::remove_stale_probes(&self.state);
        if self.state.parent() == Some(self.traffic.as_path()) {
            crate::state_dir::remove_stale_probes(&self.traffic);
        }
    }
}

impl Context {
    /// The due clock a command asks its questions against (`list`, the handover): the office's
    /// objectives from `<traffic>/office.toml` with the user's tighter ones, stopped by
    /// `no_clock` (`--no-clock`), at the program's clock (`CABLETRIAGE_NOW` pins it). Warnings
    /// about the user's file go to stderr; a bad office.toml is bad configuration.
    pub fn due_clock(
        &self,
        no_clock: bool,
    ) -> Result<crate::triage::due::DueClock, super::UsageError> {
        let (config, _) = crate::config::Config::load();
        let user = config
            .source
            .as_deref()
            .map(|src| (&config.objectives, src));
        let (clock, warnings) = crate::office::clock::for_traffic(&self.traffic, user, no_clock)
            .map_err(|e| super::UsageError(e.to_string()))?;
        for w in warnings {
            super::output::warn(&w);
        }
        Ok(crate::triage::due::DueClock::new(
            clock.objectives,
            crate::clock::now().timestamp(),
        ))
    }
}
