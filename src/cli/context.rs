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
}

impl Context {
    /// `positional` is a command's `[DIR]` argument, which wins over `--dir`.
    pub fn resolve(g: &Global, positional: Option<&Path>) -> Context {
        let traffic = positional
            .map(Path::to_path_buf)
            .or_else(|| g.dir_flag.clone())
            .unwrap_or_else(|| PathBuf::from("sample-traffic"));
        let user = crate::triage::account::user_name(g.user.as_deref(), "unknown");
        let (state, notice) = match &g.state {
            Some(s) => (s.clone(), None),
            None => crate::state_dir::default_for(&traffic),
        };
        Context {
            traffic,
            state,
            user,
            notice,
        }
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
