//! Where a traffic directory's state lives ([`default_for`]), whether it can be written, asked
//! without writing anything ([`can_write`], [`journal_writable`]), and the removal of the probe
//! files earlier versions left behind. The commands and the inbox both ask here, never on their
//! own. A state directory is shared by the officers of one Unix group: [`shared`] creates it and
//! its files with the modes that allow that, [`explain`] says why an account may not write it,
//! and [`audit`] finds what the group cannot share (for `check`).
//!
//! Earlier versions created a file (`.probeXXXXXX`, `.cabletriage-probe-PID`) and removed it at
//! once; a writer killed between the two (kill -9, a lost SSH session) left it in the state
//! directory for good. [`can_write`] asks the kernel instead (`faccessat(2)` with `W_OK | X_OK`
//! and `AT_EACCESS`): the permission bits, ACLs and security modules as they apply to this
//! process's effective user and groups, and a read-only mount (`EROFS`). It does not tell about
//! a full disk, an exhausted quota, or a change between the question and the write: the write
//! itself still reports those, and everything that writes state handles its errors.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rustix::fs::{Access, AtFlags, CWD, accessat};

pub mod audit;
pub mod explain;
pub mod shared;

/// Could this process create and change files in `dir` (an existing directory)?
pub fn can_write(dir: &Path) -> io::Result<()> {
    if !dir.is_dir() {
        return Err(io::Error::other(format!(
            "{} is not a directory",
            dir.display()
        )));
    }
    accessat(
        CWD,
        dir,
        Access::WRITE_OK | Access::EXEC_OK,
        AtFlags::EACCESS,
    )
    .map_err(io::Error::from)
}

/// Could `state` be used as a state directory: written if it exists, or else made? A missing
/// directory is asked about at its nearest existing ancestor (which would hold it).
pub fn can_write_or_create(state: &Path) -> io::Result<()> {
    can_write(&nearest_existing(state))
}

/// `path` itself if it exists, else its nearest existing ancestor (`.` for a relative path none
/// of whose parts exist).
pub fn nearest_existing(path: &Path) -> PathBuf {
    let mut at = path;
    while !at.exists() {
        match at.parent() {
            Some(p) if !p.as_os_str().is_empty() => at = p,
            _ => return PathBuf::from("."),
        }
    }
    at.to_path_buf()
}

/// Whether the journal in `state` could be appended to: the journal itself if it exists (opened
/// for appending, nothing written), else the state directory or the nearest existing directory
/// on the way to it ([`can_write_or_create`]). A denied permission says why, naming the group
/// ([`explain::explain`]).
pub fn journal_writable(state: &Path) -> io::Result<()> {
    let journal = state.join(crate::triage::journal::JOURNAL_FILE);
    if journal.exists() {
        return std::fs::OpenOptions::new()
            .append(true)
            .open(&journal)
            .map(drop)
            .map_err(|e| explain::explain(&journal, e));
    }
    can_write_or_create(state).map_err(|e| explain::explain(state, e))
}

/// The notice of a session that cannot record decisions in `state`, naming the directory and,
/// when permissions are why, its group; None when it can.
pub fn read_only_notice(state: &Path) -> Option<String> {
    journal_writable(state).err().map(|why| {
        if why.kind() == io::ErrorKind::PermissionDenied {
            // Explained: it names what refused.
            format!("read-only: triage disabled; {why}")
        } else {
            format!(
                "read-only: triage disabled; cannot record decisions in {}: {why}",
                state.display()
            )
        }
    })
}

/// The state directory of `traffic` when none is given: `<traffic>/.cabletriage/`, unless that
/// cannot be written; then a per-user directory under `$XDG_STATE_HOME` (or `~/.local/state`),
/// named after the traffic path, with a notice saying so. Nothing is created: a command that
/// writes no state (`list --no-index`, `check`) leaves the traffic directory as it found it, and
/// whatever writes state creates the directory first.
pub fn default_for(traffic: &Path) -> (PathBuf, Option<String>) {
    let inside = traffic.join(".cabletriage");
    // A traffic directory that does not exist is the command's to report; never create it here.
    if !traffic.is_dir() {
        return (inside, None);
    }
    let usable = if inside.is_dir() {
        // A state directory shared by a group this account is not in is still the office's:
        // it is read from, and a decision is refused naming the group, rather than kept in a
        // private directory no colleague sees.
        can_write(&inside).is_ok() || shared_with_others(&inside)
    } else {
        !inside.exists() && can_write(traffic).is_ok()
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

/// Is `dir` writable by its group (so shared), on a file system that takes writes?
fn shared_with_others(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let group_writes = std::fs::metadata(dir).is_ok_and(|m| m.mode() & 0o020 != 0);
    let read_only_fs = can_write(dir).is_err_and(|e| e.kind() == io::ErrorKind::ReadOnlyFilesystem);
    group_writes && !read_only_fs
}

/// How old a probe file must be before it is taken as abandoned: an earlier version's probe
/// lives for microseconds, so anything a minute old was left by a writer that died.
const ABANDONED: Duration = Duration::from_secs(60);

/// Remove the empty probe files earlier versions left in `dir` when killed, and say how many.
/// Only names those versions made (`.probe` and six alphanumerics, `.cabletriage-probe-` and a
/// process id) are touched, and only empty regular files older than a minute.
pub fn remove_stale_probes(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let now = SystemTime::now();
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        if !is_probe_name(name) {
            continue;
        }
        // `symlink_metadata`: a link named like a probe is not ours to follow or remove.
        let Ok(meta) = std::fs::symlink_metadata(e.path()) else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age >= ABANDONED);
        if meta.is_file() && meta.len() == 0 && old && std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Is `name` one an earlier version gave its probe files?
fn is_probe_name(name: &str) -> bool {
    if let Some(pid) = name.strip_prefix(".cabletriage-probe-") {
        return !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    }
    name.strip_prefix(".probe")
        .is_some_and(|r| r.len() == 6 && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_names_are_only_those_earlier_versions_made() {
        assert!(is_probe_name(".probeA1b2C3"));
        assert!(is_probe_name(".cabletriage-probe-4242"));
        assert!(!is_probe_name(".probe"));
        assert!(!is_probe_name(".probeA1b2C3.toml"));
        assert!(!is_probe_name("journal.toml"));
        assert!(!is_probe_name(".cabletriage-probe-"));
        assert!(!is_probe_name(".index1a2b3c"));
    }

    #[test]
    fn nearest_existing_climbs_to_a_directory_that_exists() {
        let dir = tempfile::tempdir().expect("tempdir");
        let deep = dir.path().join("a/b/c");
        assert_eq!(nearest_existing(&deep), dir.path());
        assert_eq!(nearest_existing(dir.path()), dir.path());
    }
}
