//! What the watcher reports ([`TrafficEvent`]), how it is asked to watch ([`WatchMode`],
//! [`WatchOptions`]), what reaches its worker ([`Raw`]), and the loader's rules it reads files
//! by ([`is_ignored`], [`read_records`]).

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::{Duration, SystemTime};

use crate::traffic::model::Problem;
use crate::traffic::read::{Stamp, read_file_beneath, records_of};
use crate::traffic::record::{Interner, Record};
use crate::traffic::relpath::rel_of;

/// What changed in the traffic directory.
#[derive(Debug, Clone, PartialEq)]
pub enum TrafficEvent {
    /// A new or changed file, read and parsed: its cables (possibly none) and, when it is not a
    /// readable cable, why. Replace everything previously known from `path` with this.
    Upserted {
        path: PathBuf,
        records: Vec<Record>,
        problem: Option<Problem>,
    },
    /// The file is gone: drop its records and problem.
    Removed { path: PathBuf },
    /// Watching trouble worth showing (the directory became unreadable, a notify error).
    Error(String),
}

/// How changes are noticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WatchMode {
    /// File events from `notify`, falling back to polling when notify cannot start.
    #[default]
    Notify,
    /// Rescan the directory every [`WatchOptions::poll_every`].
    Poll,
}

/// Tuning; the defaults are what the TUI uses.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    pub mode: WatchMode,
    /// Interval of the full rescan in polling mode.
    pub poll_every: Duration,
    /// How long a file's size and mtime must stay unchanged before it is read.
    pub settle: Duration,
    /// In notify mode, a full rescan this often catches lost events (`None`: never).
    pub safety_rescan: Option<Duration>,
    /// Files already present at start are taken as known (no event), except those modified at
    /// or after this time, which are reported. Set it to the time just before your own load
    /// began, so a file arriving between that load and the watcher's start is not missed.
    pub since: Option<SystemTime>,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            mode: WatchMode::Notify,
            poll_every: Duration::from_secs(1),
            settle: Duration::from_millis(300),
            safety_rescan: Some(Duration::from_secs(30)),
            since: None,
        }
    }
}

/// What the worker thread is sent: file events, or a turn taken by the watcher's owner.
pub(super) enum Raw {
    Notify(notify::Result<notify::Event>),
    /// The files known at the end of a paused watcher's wait (`None`: walk for them); the
    /// worker answers on the second sender once it holds them.
    Baseline(Option<Vec<(PathBuf, Stamp)>>, Sender<()>),
    /// File events have just started: compare the whole directory with what is known.
    Rescan,
    /// File events could not be started after all: rescan every `poll_every` from now on.
    Poll,
}

/// Is this path (relative to the traffic directory) outside what the walk reads: a hidden
/// component or a settings file (`desks.toml`, `office.toml`)?
pub fn is_ignored(rel: &Path) -> bool {
    rel.components().any(|c| {
        let s = c.as_os_str().as_encoded_bytes();
        s.starts_with(b".") || crate::traffic::walk::is_settings_file(s)
    })
}

/// Read one file of the traffic directory `root` as the loader does: its records (their paths
/// relative to `root`) or why it is not a cable, and the stamp taken while reading.
pub fn read_records(
    root: &Path,
    path: &Path,
    buf: &mut Vec<u8>,
    interner: &Interner,
) -> (Vec<Record>, Option<Problem>, Option<Stamp>) {
    let (outcome, stamp, _) = read_file_beneath(root, path, buf);
    match records_of(outcome, &rel_of(root, path), interner) {
        Ok(recs) => (recs, None, stamp),
        Err(reason) => {
            let p = Problem {
                path: path.to_path_buf(),
                reason,
            };
            (Vec::new(), Some(p), stamp)
        }
    }
}
