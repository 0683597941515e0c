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
        let user = g
            .user
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| "unknown".to_string());
        let (state, notice) = match &g.state {
            Some(s) => (s.clone(), None),
            None => default_state_dir(&traffic),
        };
        Context {
            traffic,
            state,
            user,
            notice,
        }
    }
}

/// `<traffic>/.cabletriage/`, unless the traffic directory cannot be written: then a per-user
/// directory under `$XDG_STATE_HOME` (or `~/.local/state`), named after the traffic path.
fn default_state_dir(traffic: &Path) -> (PathBuf, Option<String>) {
    let inside = traffic.join(".cabletriage");
    // A traffic directory that does not exist is the command's to report; never create it here.
    if !traffic.is_dir() {
        return (inside, None);
    }
    // Nothing is created here: a command that writes no state (`list --no-index`, `check`) must
    // leave the traffic directory as it found it, and whatever writes state (the journal, the
    // index) creates the directory first. A missing `.cabletriage/` is fine where it could be
    // made; the kernel is asked, no file is made (see `crate::state_dir`).
    let usable = if inside.is_dir() {
        writable(&inside)
    } else {
        !inside.exists() && writable(traffic)
    };
    if usable {
        return (inside, None);
    }
    let base = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(std::env::temp_dir);
    let canon = traffic
        .canonicalize()
        .unwrap_or_else(|_| traffic.to_path_buf());
    let name: String = canon
        .to_string_lossy()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let dir = base.join("cabletriage").join(name.trim_matches('_'));
    let notice = format!(
        "{} is not writable; keeping triage state in {}",
        traffic.display(),
        dir.display()
    );
    (dir, Some(notice))
}

fn writable(dir: &Path) -> bool {
    crate::state_dir::can_write(dir).is_ok()
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
