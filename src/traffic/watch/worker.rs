//! The watcher's worker thread: the known files and their stamps, files waiting to settle,
//! notify events and rescans turned into [`TrafficEvent`]s. See the parent module for the rules.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant, SystemTime};

use notify::EventKind;
use notify::event::{AccessKind, AccessMode};

use super::event::{Raw, TrafficEvent, WatchMode, WatchOptions, is_ignored, read_records};
use crate::traffic::read::Stamp;
use crate::traffic::record::Interner;
use crate::traffic::walk::walk_with;

/// Modification times are stamped from the kernel's coarse clock, which can lag the clock
/// `SystemTime::now()` reads by a tick: a file written just after `since` was taken may carry an
/// mtime just before it. Files modified this long before `since` are reported too; a file
/// reported twice is only read again (its records replace the same ones).
const MTIME_SLACK: Duration = Duration::from_secs(1);

/// How often the worker wakes to check settling files and the stop flag.
const TICK: Duration = Duration::from_millis(100);

/// A file waiting for its size and mtime to settle.
struct Pending {
    stamp: Stamp,
    since: Instant,
}

/// The worker thread's state.
pub(super) struct Worker {
    root: PathBuf,
    canon_root: PathBuf,
    opts: WatchOptions,
    mode: WatchMode,
    tx: Sender<TrafficEvent>,
    known: HashMap<PathBuf, Stamp>,
    pending: HashMap<PathBuf, Pending>,
    /// Directories that appeared, with when: looked at once more after `opts.settle`, because
    /// a file written into a new directory before notify has put its watch there brings no
    /// event of its own (a burst of arrivals in new folders lost one now and then).
    fresh_dirs: Vec<(PathBuf, Instant)>,
    interner: Interner,
    buf: Vec<u8>,
    /// The last rescan could not read the root (reported once until it recovers).
    root_failed: bool,
    /// The caller dropped its receiver.
    closed: bool,
    /// Spawned paused, and no baseline yet: no rescans until one comes.
    waiting: bool,
}

impl Worker {
    pub(super) fn new(
        dir: &Path,
        opts: WatchOptions,
        mode: WatchMode,
        tx: Sender<TrafficEvent>,
        waiting: bool,
    ) -> Worker {
        Worker {
            root: dir.to_path_buf(),
            canon_root: std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()),
            opts,
            mode,
            tx,
            known: HashMap::new(),
            pending: HashMap::new(),
            fresh_dirs: Vec::new(),
            interner: Interner::default(),
            buf: Vec::new(),
            root_failed: false,
            closed: false,
            waiting,
        }
    }

    fn send(&mut self, ev: TrafficEvent) {
        if self.tx.send(ev).is_err() {
            self.closed = true;
        }
    }

    pub(super) fn run(&mut self, rx: &Receiver<Raw>, stop: &AtomicBool) {
        let mut every = self.rescan_every();
        let mut next_scan = every.map(|d| Instant::now() + d);
        while !stop.load(Ordering::Relaxed) && !self.closed {
            let mut got = rx.recv_timeout(TICK);
            loop {
                match got {
                    Ok(Raw::Notify(ev)) => self.on_notify(ev),
                    Ok(Raw::Baseline(files, held)) => {
                        self.waiting = false;
                        match files {
                            Some(files) => self.known.extend(files),
                            None => self.baseline(),
                        }
                        let _ = held.send(());
                    }
                    Ok(Raw::Rescan) => self.rescan(),
                    Ok(Raw::Poll) => {
                        self.mode = WatchMode::Poll;
                        every = self.rescan_every();
                        next_scan = Some(Instant::now());
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => std::thread::sleep(TICK),
                }
                match rx.try_recv() {
                    Ok(more) => got = Ok(more),
                    Err(_) => break,
                }
            }
            if let (Some(at), Some(d)) = (next_scan, every)
                && !self.waiting
                && Instant::now() >= at
            {
                self.rescan();
                next_scan = Some(Instant::now() + d);
            }
            self.settle();
        }
    }

    /// How often the whole directory is compared with what is known, in the current mode.
    fn rescan_every(&self) -> Option<Duration> {
        match self.mode {
            WatchMode::Poll => Some(self.opts.poll_every),
            WatchMode::Notify => self.opts.safety_rescan,
        }
    }

    /// The files present at start: known without an event, unless modified since `opts.since`
    /// (less [`MTIME_SLACK`]).
    pub(super) fn baseline(&mut self) {
        let since_ns = self
            .opts
            .since
            .map(|t| t.checked_sub(MTIME_SLACK).unwrap_or(t))
            .map(|t| match t.duration_since(SystemTime::UNIX_EPOCH) {
                Ok(d) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
                Err(_) => 0,
            });
        let Some(files) = self.walk_root() else {
            return;
        };
        for (path, stamp) in files {
            if since_ns.is_some_and(|s| stamp.mtime_ns >= s) {
                self.consider(path, stamp);
            } else {
                self.known.insert(path, stamp);
            }
        }
    }

    /// Walk the root with stamps; report an unreadable root once.
    fn walk_root(&mut self) -> Option<Vec<(PathBuf, Stamp)>> {
        match walk_with(&self.root, true) {
            Ok(w) => {
                self.root_failed = false;
                Some(stamped(w.files, w.stamps))
            }
            Err(e) => {
                if !self.root_failed {
                    self.root_failed = true;
                    let msg = format!("cannot read traffic directory {}: {e}", self.root.display());
                    self.send(TrafficEvent::Error(msg));
                }
                None
            }
        }
    }

    fn on_notify(&mut self, res: notify::Result<notify::Event>) {
        let ev = match res {
            Ok(ev) => ev,
            Err(e) => {
                self.send(TrafficEvent::Error(format!("watching traffic: {e}")));
                return;
            }
        };
        if ev.need_rescan() {
            self.rescan();
            return;
        }
        match ev.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
            EventKind::Access(_) => return,
            _ => {}
        }
        for p in ev.paths {
            self.touch(&p);
        }
    }

    /// The traffic-relative form of an event path, when it is inside the root.
    fn relative<'a>(&self, p: &'a Path) -> Option<&'a Path> {
        p.strip_prefix(&self.root)
            .or_else(|_| p.strip_prefix(&self.canon_root))
            .ok()
    }

    /// Something happened at `p`: look at what is there now.
    fn touch(&mut self, p: &Path) {
        let Some(rel) = self.relative(p) else {
            return;
        };
        if rel.as_os_str().is_empty() {
            self.rescan();
            return;
        }
        if is_ignored(rel) {
            return;
        }
        let path = self.root.join(rel);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            self.gone(&path);
            return;
        };
        // A symlink is never followed, as in the walk: its target is either read under its
        // own name or outside the traffic directory.
        if meta.is_dir() {
            self.scan_dir(&path);
            self.fresh_dirs.push((path, Instant::now()));
        } else if meta.is_file() {
            self.consider(path, Stamp::of(&meta));
        }
    }

    /// A directory appeared (or was renamed into place): everything in it is a candidate.
    fn scan_dir(&mut self, dir: &Path) {
        if let Ok(w) = walk_with(dir, true) {
            for (path, stamp) in stamped(w.files, w.stamps) {
                self.consider(path, stamp);
            }
        }
    }

    /// A file at `path` with this stamp: wait for it to settle unless it is already known so.
    fn consider(&mut self, path: PathBuf, stamp: Stamp) {
        if self.known.get(&path) == Some(&stamp) {
            self.pending.remove(&path);
            return;
        }
        match self.pending.get(&path) {
            Some(p) if p.stamp == stamp => {}
            _ => {
                let since = Instant::now();
                self.pending.insert(path, Pending { stamp, since });
            }
        }
    }

    /// Nothing is at `path` any more (a file, or a directory with files under it).
    fn gone(&mut self, path: &Path) {
        self.pending.retain(|p, _| !p.starts_with(path));
        let removed: Vec<PathBuf> = if self.known.remove(path).is_some() {
            vec![path.to_path_buf()]
        } else {
            let under: Vec<PathBuf> = self
                .known
                .keys()
                .filter(|p| p.starts_with(path))
                .cloned()
                .collect();
            for p in &under {
                self.known.remove(p);
            }
            under
        };
        for p in removed {
            self.send(TrafficEvent::Removed { path: p });
        }
    }

    /// Compare the whole directory with what is known.
    fn rescan(&mut self) {
        let Some(files) = self.walk_root() else {
            return;
        };
        let mut seen = HashSet::with_capacity(files.len());
        for (path, stamp) in files {
            seen.insert(path.clone());
            self.consider(path, stamp);
        }
        let lost: Vec<PathBuf> = self
            .known
            .keys()
            .chain(self.pending.keys())
            .filter(|p| !seen.contains(*p))
            .cloned()
            .collect();
        for p in lost {
            self.gone(&p);
        }
    }

    /// Read the files whose stamp has been stable for `settle`; restart the wait for those that
    /// changed.
    fn settle(&mut self) {
        let settle = self.opts.settle;
        let (again, young): (Vec<_>, Vec<_>) = std::mem::take(&mut self.fresh_dirs)
            .into_iter()
            .partition(|(_, at)| at.elapsed() >= settle);
        self.fresh_dirs = young;
        for (dir, _) in again {
            self.scan_dir(&dir);
        }
        let paths: Vec<PathBuf> = self.pending.keys().cloned().collect();
        for path in paths {
            let now = match std::fs::metadata(&path) {
                Ok(m) if m.is_file() => Stamp::of(&m),
                Ok(m) if m.is_dir() => {
                    self.gone(&path);
                    self.scan_dir(&path);
                    continue;
                }
                _ => {
                    self.gone(&path);
                    continue;
                }
            };
            let Some(p) = self.pending.get_mut(&path) else {
                continue;
            };
            if p.stamp != now {
                *p = Pending {
                    stamp: now,
                    since: Instant::now(),
                };
                continue;
            }
            if p.since.elapsed() < self.opts.settle {
                continue;
            }
            let (records, problem, read_stamp) =
                read_records(&self.root, &path, &mut self.buf, &self.interner);
            if read_stamp != Some(now) {
                // Changed while being read: wait for it to settle again.
                if let Some(s) = read_stamp {
                    *p = Pending {
                        stamp: s,
                        since: Instant::now(),
                    };
                }
                continue;
            }
            self.pending.remove(&path);
            self.known.insert(path.clone(), now);
            self.send(TrafficEvent::Upserted {
                path,
                records,
                problem,
            });
        }
    }
}

/// Pair walked files with their stamps (a file whose stamp the walk could not take is stat'ed).
fn stamped(files: Vec<PathBuf>, stamps: Vec<Option<Stamp>>) -> Vec<(PathBuf, Stamp)> {
    let mut stamps = stamps.into_iter();
    files
        .into_iter()
        .filter_map(|f| {
            let st = stamps
                .next()
                .flatten()
                .or_else(|| std::fs::metadata(&f).ok().map(|m| Stamp::of(&m)))?;
            Some((f, st))
        })
        .collect()
}
