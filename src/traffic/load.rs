//! Loading a traffic directory into records: walk, then read and parse in parallel on all cores,
//! in batches so the first rows can be shown while loading continues, optionally through the
//! index cache of the state directory (only files whose size or modification time changed are
//! parsed again).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::index::{self, FileEntry};
use super::placed::Placed;
use super::read::{Dir, Stamp, read_file_in, records_of};
use super::record::{Interner, Record};
use super::relpath::{rel_bytes, rel_folder, rel_of};
use super::walk::walk_with;

/// A file in the traffic directory that is not a readable cable, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub reason: String,
}

/// Everything loaded from one traffic directory.
#[derive(Debug, Default, Clone)]
pub struct Traffic {
    /// The traffic directory, as it was named; records' paths are relative to it.
    pub root: PathBuf,
    pub records: Vec<Record>,
    pub problems: Vec<Problem>,
}

impl Traffic {
    /// The file `record` was read from (its path relative to [`Traffic::root`], joined to it).
    /// Show it with `to_string_lossy`; open it only with [`Traffic::read_cable`].
    pub fn path_of(&self, record: &Record) -> PathBuf {
        super::relpath::join(&self.root, &record.rel_path())
    }

    /// The full cable behind `record`, read again from its file (see [`super::read::read_cable`]).
    pub fn read_cable(&self, record: &Record) -> Result<crate::cable::Cable, String> {
        super::read::read_cable(&self.root, record)
    }

    /// Index of the record with this reference id.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.records.iter().position(|r| r.id() == Some(id))
    }

    /// Indices of records that cite `id` in their REF list.
    pub fn referenced_by(&self, id: &str) -> Vec<usize> {
        (0..self.records.len())
            .filter(|&i| self.records[i].refs().any(|r| r == id))
            .collect()
    }
}

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
    /// over all of them: 10-13 ms at 250,000 cables, so only when a report asks for it).
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

/// Progress reported to the callback of [`load_dir_with`].
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
    /// Heap bytes of the strings and lists shared between records (see [`Interner::heap_bytes`]),
    /// when [`LoadOptions::measure_memory`] asked for them (else 0).
    pub shared_heap: usize,
    /// With [`LoadOptions::keep_seen`]: each file read or taken from the index, with the size
    /// and modification time its records were built from (files whose stamp could not be taken
    /// are left out).
    pub seen: Vec<(PathBuf, Stamp)>,
}

/// Load every cable under `dir`. Never fails on a bad file: it becomes a [`Problem`].
pub fn load_dir(dir: &Path) -> std::io::Result<Traffic> {
    load_dir_with(dir, &LoadOptions::default(), |_, _| {}).map(|(t, _)| t)
}

/// Load through the index cache in `state_dir` (read, then rewritten when anything changed).
pub fn load_dir_cached(
    dir: &Path,
    state_dir: &Path,
    on_batch: impl FnMut(&Progress, &[Record]),
) -> std::io::Result<(Traffic, LoadStats)> {
    let opts = LoadOptions {
        state_dir: Some(state_dir.to_path_buf()),
        ..Default::default()
    };
    load_dir_with(dir, &opts, on_batch)
}

thread_local! {
    /// Each loading thread's read buffer, kept for the life of the thread: rayon's `map_init`
    /// makes a new one per split job, and every fresh buffer cost page faults and zeroing.
    static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// What a file read and parsed turned out to hold.
enum Fresh {
    Records(Vec<Record>),
    Problem(String),
}

/// One file's result from the parallel phase: records are built (and their strings interned)
/// on the worker threads, so the collecting side only moves them into place.
enum Got {
    /// Read and parsed; with the number of its old index entry when it had one (it changed).
    Fresh(Fresh, Option<usize>),
    /// Unchanged since the old index's entry with this number.
    Reused(usize),
}

/// A file's result, its stamp when one was taken, and the bytes read.
type Parsed = (Got, Option<Stamp>, u64);

/// The interner of a load, which takes in the old index's shared strings and lists before the
/// first record is built from a parsed file (so that new records share them), and only then: a
/// load that parses nothing never fills it. The tables are let go once taken in.
struct Sharing<'a> {
    interner: &'a Interner,
    old: Mutex<Option<index::Shared>>,
    adopted: Once,
}

impl<'a> Sharing<'a> {
    fn new(interner: &'a Interner, old: index::Shared) -> Self {
        Sharing {
            interner,
            old: Mutex::new(Some(old)),
            adopted: Once::new(),
        }
    }

    /// The interner, ready for new records.
    fn interner(&self) -> &'a Interner {
        self.adopted.call_once(|| {
            let taken = self.old.lock().ok().and_then(|mut o| o.take());
            if let Some(t) = taken {
                self.interner.adopt(&t.strs, &t.lists);
            }
        });
        self.interner
    }

    /// [`Interner::heap_bytes`] of everything the records share: the interner's, and the old
    /// index's tables when they were not taken in.
    fn heap_bytes(&self) -> usize {
        let old = match self.old.lock().as_deref() {
            Ok(Some(t)) => Interner::heap_bytes_of(&t.strs, &t.lists),
            _ => 0,
        };
        self.interner.heap_bytes() + old
    }

    /// The old tables, when they were not taken in.
    fn into_old(self) -> Option<index::Shared> {
        self.old.into_inner().ok().flatten()
    }
}

/// Read and parse one batch of files (files `base..` of the walk) in parallel; files whose
/// stamp matches the old index are only looked up.
fn parse_batch(
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

/// The load's results, filled batch by batch in walk order.
struct Collected {
    records: Placed,
    problems: Vec<Problem>,
    /// The files as seen, for the index: the current batch's for a writer, every file's for a
    /// rewrite at the end (see `in_order`); None when no index is written.
    entries: Option<Vec<FileEntry>>,
    /// While every file so far is the old index's file of the same number, unchanged, with its
    /// records where the index had them, `entries` stays empty: those entries would be the old
    /// index's own, and are made from it only if the index has to be rewritten after all
    /// ([`Collected::backfill`]). An unchanged start of 250,000 files makes none (16 MB).
    in_order: bool,
    /// The index being written as batches arrive (first run, or the old one was unusable).
    writer: Option<index::Writer>,
    /// Each file's stamp in walk order, when [`LoadOptions::keep_seen`] asks for them.
    stamps: Option<Vec<Option<Stamp>>>,
    save_time: Duration,
    note: Option<String>,
    bytes: u64,
    bytes_read: u64,
    parsed: usize,
    from_index: usize,
}

impl Collected {
    /// Move one parsed batch (files `base..` of `files`) into place, taking reused files'
    /// records (and problems) from the old index `old`, then hand the batch to the index
    /// writer. Returns the range of the batch's records.
    fn take(
        &mut self,
        files: &[PathBuf],
        base: usize,
        got: Vec<Parsed>,
        old: &index::Index,
    ) -> Range<usize> {
        let start = self.records.done;
        let first_entry = self.entries.as_ref().map_or(0, Vec::len);
        for (j, (g, stamp, n)) in got.into_iter().enumerate() {
            if let Some(s) = self.stamps.as_mut() {
                s.push(stamp);
            }
            self.bytes_read += n;
            self.bytes += stamp.map_or(n, |s| s.size);
            let first = self.records.done;
            // Unchanged, and the old index's file of the same number.
            let same = matches!(g, Got::Reused(i) if i == base + j);
            let reason = match g {
                Got::Reused(i) => {
                    self.from_index += 1;
                    let reason = old.problem(i).map(str::to_string);
                    if reason.is_none() {
                        self.records.reuse(old.range(i));
                    }
                    reason
                }
                Got::Fresh(Fresh::Records(recs), was) => {
                    self.parsed += 1;
                    let old_range = was.map(|i| old.range(i));
                    self.records.push(recs, old_range);
                    None
                }
                Got::Fresh(Fresh::Problem(r), _) => {
                    self.parsed += 1;
                    Some(r)
                }
            };
            if let Some(r) = &reason {
                self.problems.push(Problem {
                    path: files[base + j].clone(),
                    reason: r.clone(),
                });
            }
            if self.in_order {
                if same && self.records.aside.is_none() {
                    continue;
                }
                self.backfill(old, base + j);
            }
            if let (Some(entries), Some(stamp)) = (self.entries.as_mut(), stamp) {
                let records = first..self.records.done;
                entries.push(FileEntry::new(base + j, stamp, reason, records));
            }
        }
        if let (Some(w), Some(entries)) = (self.writer.as_mut(), self.entries.as_mut()) {
            let t = Instant::now();
            let records = self.records.placed();
            if let Err(e) = w.add_block(files, &entries[first_entry..], records) {
                self.note = Some(format!("index not saved: {e}"));
                self.writer = None;
            }
            // Written: a load with a writer never looks at a batch's entries again (it rewrites
            // nothing at the end), so only one batch of them is ever held (16 MB fewer at
            // 250,000 files, each megabyte a page fault and zeroing).
            entries.clear();
            self.save_time += t.elapsed();
        }
        start..self.records.done
    }

    /// Make the entries of files `0..upto`, which were the old index's files of the same
    /// numbers, unchanged and in place (see [`Collected::in_order`]), and keep every entry from
    /// now on.
    fn backfill(&mut self, old: &index::Index, upto: usize) {
        if !std::mem::replace(&mut self.in_order, false) {
            return;
        }
        if let Some(entries) = self.entries.as_mut() {
            entries.extend((0..upto).filter_map(|k| {
                let stamp = *old.stamps.get(k)?;
                let problem = old.problem(k).map(str::to_string);
                Some(FileEntry::new(k, stamp, problem, old.range(k)))
            }));
        }
    }
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

/// Load with options, calling `on_batch(progress, new_records)` on this thread after the walk and
/// after each batch of files (records arrive in walk order). Fails only when `dir` cannot be read.
pub fn load_dir_with(
    dir: &Path,
    opts: &LoadOptions,
    mut on_batch: impl FnMut(&Progress, &[Record]),
) -> std::io::Result<(Traffic, LoadStats)> {
    let mut stats = LoadStats::default();
    let use_index = opts.state_dir.is_some();
    let interner = Interner::default();
    let index_path = opts.state_dir.as_ref().map(|s| s.join(index::FILE_NAME));
    // The walk (directory reads and stats) and the index decode overlap.
    let ((walked, walk_time), (loaded, index_time)) = rayon::join(
        || {
            let t = Instant::now();
            // Stamps are compared with an index's; with none yet, each file's read takes its own.
            let stamps = index_path.as_ref().is_some_and(|p| p.exists());
            (walk_with(dir, stamps), t.elapsed())
        },
        || {
            let t = Instant::now();
            let ix = index_path.as_ref().map(|p| index::load(p, dir, &interner));
            (ix, t.elapsed())
        },
    );
    let w = walked?;
    stats.walk = walk_time;
    stats.index_load = index_time;
    let mut old = match loaded {
        Some(Ok(ix)) => ix,
        Some(Err(e)) => {
            stats.index_note = e.note();
            index::Index::default()
        }
        None => index::Index::default(),
    };
    let files = w.files;
    let walk_stamps = w.stamps;
    stats.files = files.len();
    let mut progress = Progress {
        phase: Phase::Index,
        files_total: files.len(),
        problems: w.problems.len(),
        ..Default::default()
    };
    on_batch(&progress, &[]);

    progress.phase = Phase::Read;
    let t2 = Instant::now();
    let mut c = Collected {
        // The old index's records, most of the load's, are placed where they are. Without
        // them, room is made for a record per file and an eighth more: a vector doubling its
        // way there touches twice its final size in fresh pages (a quarter of a cold load's
        // page faults), and so does one outgrowing room made to the file count, as 40 files of
        // two cables in 250,000 made it do. Room never filled is address space, not memory.
        records: Placed::new(match std::mem::take(&mut old.records) {
            none if none.is_empty() => Vec::with_capacity(files.len() + files.len() / 8 + 16),
            some => some,
        }),
        problems: w.problems,
        entries: None,
        in_order: false,
        // With no usable index (the first run, or a damaged one) every file is parsed, and the
        // new index is written batch by batch as the load goes. Otherwise it is written at the
        // end, and only when something changed.
        writer: None,
        stamps: opts.keep_seen.then(|| Vec::with_capacity(files.len())),
        save_time: Duration::ZERO,
        note: stats.index_note.take(),
        bytes: 0,
        bytes_read: 0,
        parsed: 0,
        from_index: 0,
    };
    if let Some(p) = index_path.as_ref().filter(|_| !old.valid) {
        match index::Writer::create(p, dir) {
            Ok(w) => c.writer = Some(w),
            Err(e) => c.note = Some(format!("index not saved: {e}")),
        }
    }
    // Every file's entry is kept for a rewrite of a usable index at the end; a writer takes
    // them batch by batch.
    if c.writer.is_some() {
        c.entries = Some(Vec::with_capacity(opts.batch_files.max(1)));
    } else if use_index && old.valid {
        c.entries = Some(Vec::new());
        c.in_order = true;
    }
    // Batch k is read and parsed on the pool while batch k - 1 is moved into place and written
    // to the index; the callback then sees batch k - 1.
    let batch = opts.batch_files.max(1);
    let chunks: Vec<&[PathBuf]> = files.chunks(batch).collect();
    let old_files = (&old.paths, &old.stamps[..]);
    let root_dir = Dir::open(dir);
    let sharing = Sharing::new(&interner, std::mem::take(&mut old.shared));
    let mut waiting: Option<(usize, Vec<Parsed>)> = None;
    for k in 0..=chunks.len() {
        let (parsed, taken) = rayon::join(
            || {
                let base = k * batch;
                let stamps = walk_stamps.get(base..).unwrap_or(&[]);
                let chunk = chunks.get(k)?;
                let at = (dir, root_dir.as_ref());
                Some(parse_batch(at, (base, chunk), stamps, old_files, &sharing))
            },
            || {
                let (base, got) = waiting.take()?;
                Some((base, c.take(&files, base, got, &old)))
            },
        );
        if let Some((base, new)) = taken {
            progress.files_done = (base + batch).min(files.len());
            progress.cables = c.records.done;
            progress.problems = c.problems.len();
            on_batch(&progress, &c.records.placed()[new]);
        }
        waiting = parsed.map(|got| (k * batch, got));
    }
    stats.read_parse = t2.elapsed();
    let rewrite = old.valid && (c.parsed > 0 || old.stamps.len() != c.from_index);
    if rewrite {
        c.backfill(&old, files.len());
    }
    let records = c.records.finish();
    stats.cables = records.len();
    stats.problems = c.problems.len();
    if opts.measure_memory {
        stats.shared_heap = sharing.heap_bytes();
    }
    stats.bytes = c.bytes;
    stats.bytes_read = c.bytes_read;
    stats.parsed = c.parsed;
    stats.from_index = c.from_index;

    let t3 = Instant::now();
    let entries = c.entries.unwrap_or_default();
    // The interner and the old index are of no more use: they go before the index is written,
    // which holds tables of its own. Their tables hold a count on every shared string and list,
    // and dropping those is half a million scattered decrements (15-16 ms at 250,000 cables),
    // which nobody need wait for. The records keep what they use.
    let tables = (sharing.into_old(), interner, old);
    let _ = std::thread::Builder::new()
        .name("interner-drop".into())
        .spawn(move || drop(tables));
    let saved = if let Some(w) = c.writer {
        w.finish()
    } else if let Some(p) = index_path.as_ref().filter(|_| rewrite) {
        index::save(p, dir, &files, &entries, &records)
    } else {
        Ok(())
    };
    stats.index_note = c.note;
    if let Err(e) = saved {
        stats.index_note = Some(format!("index not saved: {e}"));
    }
    // The time spent writing the index, most of it while later batches were parsed.
    stats.index_save = c.save_time + t3.elapsed();
    if let Some(stamps) = c.stamps {
        stats.seen = files
            .into_iter()
            .zip(stamps)
            .filter_map(|(f, s)| Some((f, s?)))
            .collect();
    }
    let traffic = Traffic {
        root: dir.to_path_buf(),
        records,
        problems: c.problems,
    };
    progress.phase = Phase::Done;
    on_batch(&progress, &[]);
    Ok((traffic, stats))
}
