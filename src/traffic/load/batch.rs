//! Reading and parsing one batch of files in parallel on all cores, records built (and their
//! strings shared) on the worker threads. Files whose stamp matches the old index are only
//! looked up, not read.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use rayon::prelude::*;

use crate::traffic::index;
use crate::traffic::interner::Interner;
use crate::traffic::read::{Dir, Stamp, read_file_in, records_of};
use crate::traffic::record::Record;
use crate::traffic::relpath::{rel_bytes, rel_folder, rel_of};

thread_local! {
    /// Each loading thread's read buffer, kept for the life of the thread: rayon's `map_init`
    /// makes a new one per split job, and every fresh buffer cost page faults and zeroing.
    static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// What a file read and parsed turned out to hold.
pub(super) enum Fresh {
    Records(Vec<Record>),
    Problem(String),
}

/// One file's result from the parallel phase: records are built (and their strings interned)
/// on the worker threads, so the collecting side only moves them into place.
pub(super) enum Got {
    /// Read and parsed; with the number of its old index entry when it had one (it changed).
    Fresh(Fresh, Option<usize>),
    /// Unchanged since the old index's entry with this number.
    Reused(usize),
}

/// A file's result, its stamp when one was taken, and the bytes read.
pub(super) type Parsed = (Got, Option<Stamp>, u64);

/// The interner of a load, which takes in the old index's shared strings and lists before the
/// first record is built from a parsed file (so that new records share them), and only then: a
/// load that parses nothing never fills it. The tables are let go once taken in.
pub(super) struct Sharing {
    interner: Interner,
    old: Mutex<Option<index::Shared>>,
    adopted: Once,
}

impl Sharing {
    pub(super) fn new(interner: Interner, old: index::Shared) -> Self {
        Sharing {
            interner,
            old: Mutex::new(Some(old)),
            adopted: Once::new(),
        }
    }

    /// The interner, ready for new records.
    fn interner(&self) -> &Interner {
        self.adopted.call_once(|| {
            let taken = self.old.lock().ok().and_then(|mut o| o.take());
            if let Some(t) = taken {
                self.interner.adopt(&t.strs, &t.lists);
            }
        });
        &self.interner
    }

    /// [`Interner::heap_bytes`] of everything the records share: the interner's, and the old
    /// index's tables when they were not taken in.
    pub(super) fn heap_bytes(&self) -> usize {
        let old = match self.old.lock().as_deref() {
            Ok(Some(t)) => Interner::heap_bytes_of(&t.strs, &t.lists),
            _ => 0,
        };
        self.interner.heap_bytes() + old
    }

    /// The interner and the old tables when they were not taken in.
    pub(super) fn into_parts(self) -> (Interner, Option<index::Shared>) {
        (self.interner, self.old.into_inner().ok().flatten())
    }
}

/// Read and parse one batch of files (files `base..` of the walk) in parallel; files whose
/// stamp matches the old index are only looked up.
pub(super) fn parse_batch(
    (dir, root): (&Path, Option<&Dir>),
    (base, chunk): (usize, &[PathBuf]),
    walk_stamps: &[Option<Stamp>],
    old: (&index::Paths, &[Stamp]),
    sharing: &Sharing,
) -> Vec<Parsed> {
    let (dirs, dir_of) = open_dirs(dir, root, chunk);
    chunk
        .par_iter()
        .enumerate()
        .map(|(j, path)| {
            let stamp = walk_stamps.get(j).copied().flatten();
            // An ASCII path (nearly every one) is its own text form: it is looked up as it is,
            // without the UTF-8 validation an indexed start would otherwise pay on every file.
            let was = stamp.and_then(|_| match rel_bytes(dir, path) {
                Some(raw) if raw.is_ascii() => old.0.lookup(raw, base + j),
                _ => old.0.lookup(rel_of(dir, path).as_bytes(), base + j),
            });
            if let (Some(s), Some(i)) = (stamp, was)
                && old.1.get(i) == Some(&s)
            {
                return (Got::Reused(i), stamp, 0);
            }
            // A folder that cannot be opened beneath the root without following a link is not
            // read through its path either (that would follow it).
            let Some(folder) = dirs[dir_of[j]].as_ref() else {
                let why = "unreadable: its folder cannot be opened (swapped for a symlink?)";
                return (Got::Fresh(Fresh::Problem(why.into()), was), stamp, 0);
            };
            let (o, stamp, n) =
                SCRATCH.with_borrow_mut(|buf| read_file_in(Some(folder), path, buf));
            let outcome = match records_of(o, &rel_of(dir, path), sharing.interner()) {
                Ok(recs) => Fresh::Records(recs),
                Err(reason) => Fresh::Problem(reason),
            };
            (Got::Fresh(outcome, was), stamp, n)
        })
        .collect()
}

/// The directories of a batch of files (in walk order, so a directory's files are together),
/// held open while the batch is read, and for each file the position of its directory. Each is
/// opened beneath the traffic directory `dir` (`root`, held open) without following a symlink;
/// one that cannot be (swapped for a link since the walk) is None, and its files are not read.
fn open_dirs(dir: &Path, root: Option<&Dir>, chunk: &[PathBuf]) -> (Vec<Option<Dir>>, Vec<usize>) {
    let mut dirs: Vec<Option<Dir>> = Vec::new();
    let mut dir_of = Vec::with_capacity(chunk.len());
    let mut last: Option<&Path> = None;
    for path in chunk {
        let parent = path.parent();
        if dirs.is_empty() || parent != last {
            let open = |p: &Path| root?.beneath(rel_folder(dir, path)?, p);
            dirs.push(parent.and_then(open));
            last = parent;
        }
        dir_of.push(dirs.len() - 1);
    }
    (dirs, dir_of)
}
