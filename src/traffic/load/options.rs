//! What a load is asked to do ([`LoadOptions`]), what it reports while it goes ([`Progress`],
//! [`Phase`]) and what it did ([`LoadStats`]).

use std::path::PathBuf;
use std::time::Duration;

use crate::traffic::read::Stamp;

/// How to load.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// State directory whose `index.bin` is read and written; `None` loads without the index.
    pub state_dir: Option<PathBuf>,
    /// Files per batch: the progress callback runs after each batch.
    pub batch_files: usize,
    /// Keep every file's path and stamp as loaded, in [`LoadStats::seen`] (a watcher's
    /// baseline: see [`crate::traffic::watch::TrafficWatcher::resume`]).
    pub keep_seen: bool,
    /// Measure the shared strings' and lists' memory into [`LoadStats::shared_heap`] (a walk
    /// over all of them, milliseconds at the scale of a whole release, so only when a report
    /// asks for it).
    pub measure_memory: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            state_dir: None,
            batch_files: 4096,
            keep_seen: false,
            measure_memory: false,
        }
    }
}

/// Where loading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phase {
    #[default]
    Walk,
    Index,
    Read,
    Done,
}

/// Progress reported to the callback of [`load_dir_with`](super::load_dir_with).
#[derive(Debug, Clone, Default)]
pub struct Progress {
    pub phase: Phase,
    pub files_total: usize,
    pub files_done: usize,
    pub cables: usize,
    pub problems: usize,
}

/// What loading did, for `list --stats` and the status bar.
#[derive(Debug, Clone, Default)]
pub struct LoadStats {
    /// Candidate files found by the walk.
    pub files: usize,
    /// Total size of the candidate files.
    pub bytes: u64,
    /// Bytes actually read (0 for files taken from the index).
    pub bytes_read: u64,
    pub cables: usize,
    pub problems: usize,
    /// Files read and parsed this time.
    pub parsed: usize,
    /// Files taken from the index unchanged.
    pub from_index: usize,
    /// Walk and index load run at the same time; each is timed on its own.
    pub walk: Duration,
    pub index_load: Duration,
    pub read_parse: Duration,
    pub index_save: Duration,
    /// A note about the index (damaged, old version, not writable), when there is one.
    pub index_note: Option<String>,
    /// Heap bytes of the strings and lists shared between records (see [`Interner::heap_bytes`](crate::traffic::Interner::heap_bytes)),
    /// when [`LoadOptions::measure_memory`] asked for them (else 0).
    pub shared_heap: usize,
    /// With [`LoadOptions::keep_seen`]: each file read or taken from the index, with the size
    /// and modification time its records were built from (files whose stamp could not be taken
    /// are left out).
    pub seen: Vec<(PathBuf, Stamp)>,
}
