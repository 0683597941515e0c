//! The first step of a load: walk the traffic directory while the old index (when the load
//! uses one) is decoded beside it, and keep what both found.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::options::LoadOptions;
use crate::traffic::index;
use crate::traffic::interner::Interner;
use crate::traffic::model::Problem;
use crate::traffic::read::Stamp;
use crate::traffic::walk::walk_with;

/// What the walk and the old index found, before any file is read.
pub(super) struct Plan {
    /// Candidate files, in walk order.
    pub(super) files: Vec<PathBuf>,
    /// Each file's stamp from the walk, parallel to `files` (empty when not taken).
    pub(super) stamps: Vec<Option<Stamp>>,
    /// What the walk could not read.
    pub(super) problems: Vec<Problem>,
    /// The old index; an empty, invalid one when there is none or it was rejected.
    pub(super) old: index::Index,
    /// Where the index lives, when the load uses one.
    pub(super) index_path: Option<PathBuf>,
    /// Why the old index was not used, when there is something to say.
    pub(super) note: Option<String>,
    pub(super) walk_time: Duration,
    pub(super) index_time: Duration,
}

impl Plan {
    /// Walk `dir` and decode the old index of `opts.state_dir` at the same time (its strings
    /// are hashed by `interner`). Fails only when `dir` cannot be read.
    pub(super) fn make(
        dir: &Path,
        opts: &LoadOptions,
        interner: &Interner,
    ) -> std::io::Result<Plan> {
        let index_path = opts.state_dir.as_ref().map(|s| s.join(index::FILE_NAME));
        let ((walked, walk_time), (loaded, index_time)) = rayon::join(
            || {
                let t = Instant::now();
                // Stamps are compared with an index's; with none yet, each file's read takes
                // its own.
                let stamps = index_path.as_ref().is_some_and(|p| p.exists());
                (walk_with(dir, stamps), t.elapsed())
            },
            || {
                let t = Instant::now();
                let ix = index_path.as_ref().map(|p| index::load(p, dir, interner));
                (ix, t.elapsed())
            },
        );
        let w = walked?;
        let (old, note) = match loaded {
            Some(Ok(ix)) => (ix, None),
            Some(Err(e)) => (index::Index::default(), e.note()),
            None => (index::Index::default(), None),
        };
        Ok(Plan {
            files: w.files,
            stamps: w.stamps,
            problems: w.problems,
            old,
            index_path,
            note,
            walk_time,
            index_time,
        })
    }
}
