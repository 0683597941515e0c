//! Watching a traffic directory for live arrivals: new, changed and removed files, reported as
//! [`TrafficEvent`]s on a channel the caller gives, read by the same rules as the loader.
//!
//! How it works. One worker thread owns the state: the files it knows (path -> size and
//! modification time) and the files waiting to settle. File events come from `notify` (inotify
//! on Linux); where notify cannot start, or when [`WatchMode::Poll`] is asked for (network file
//! systems, where events are often not delivered), the worker rescans the whole directory every
//! [`WatchOptions::poll_every`] and compares (path, size, mtime). In notify mode a slow safety
//! rescan ([`WatchOptions::safety_rescan`]) catches whatever events were lost.
//!
//! Debounce: a new or changed file is read only after its size and mtime have been stable for
//! [`WatchOptions::settle`], and the read is discarded (and waited for again) when the file
//! changed while being read, so a cable written in place in pieces is read once, complete. A
//! file written under a hidden temporary name and renamed into place shows exactly once.
//!
//! Ignored, as by the loader's walk: any path with a component starting with `.` (the state
//! directory `.cabletriage/`, `.name.part` temporaries) and `desks.toml`.
//!
//! Dropping the [`TrafficWatcher`] stops and joins its threads.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode, Watcher};

use super::load::Problem;
use super::read::{Outcome, Stamp, read_file};
use super::record::{Interner, Record};
use super::walk::walk_with;

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

/// Watches one traffic directory until dropped.
pub struct TrafficWatcher {
    notify: Option<notify::RecommendedWatcher>,
    stop: Arc<AtomicBool>,
    worker: Option<JoinHandle<()>>,
    mode: WatchMode,
    notice: Option<String>,
}

impl std::fmt::Debug for TrafficWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrafficWatcher")
            .field("mode", &self.mode)
            .field("notice", &self.notice)
            .finish()
    }
}

/// How often the worker wakes to check settling files and the stop flag.
const TICK: Duration = Duration::from_millis(100);

impl TrafficWatcher {
    /// Start watching `dir`, sending events on `tx`. Returns at once; the worker takes its
    /// baseline (the files present now, which produce no event) in the background. Fails only
    /// when the worker thread cannot be started.
    pub fn spawn(
        dir: &Path,
        opts: WatchOptions,
        tx: Sender<TrafficEvent>,
    ) -> std::io::Result<TrafficWatcher> {
        let (raw_tx, raw_rx) = mpsc::channel::<notify::Result<notify::Event>>();
        let mut mode = opts.mode;
        let mut notice = None;
        let mut notify = None;
        if mode == WatchMode::Notify {
            match start_notify(dir, raw_tx.clone()) {
                Ok(w) => notify = Some(w),
                Err(e) => {
                    mode = WatchMode::Poll;
                    notice = Some(format!(
                        "file events unavailable for {} ({e}); checking every {} ms instead",
                        dir.display(),
                        opts.poll_every.as_millis()
                    ));
                }
            }
        }
        let stop = Arc::new(AtomicBool::new(false));
        let mut worker = Worker::new(dir, opts, mode, tx);
        let worker = {
            let stop = Arc::clone(&stop);
            std::thread::Builder::new()
                .name("traffic-watch".into())
                .spawn(move || {
                    // Keeps the channel open in polling mode, where notify holds no sender.
                    let _keep = raw_tx;
                    worker.run(&raw_rx, &stop);
                })?
        };
        Ok(TrafficWatcher {
            notify,
            stop,
            worker: Some(worker),
            mode,
            notice,
        })
    }

    /// The mode actually in use (`Poll` when notify could not start).
    pub fn mode(&self) -> WatchMode {
        self.mode
    }

    /// Why the watcher fell back to polling, for the status bar.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }
}

impl Drop for TrafficWatcher {
    fn drop(&mut self) {
        self.notify = None;
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.worker.take() {
            let _ = h.join();
        }
    }
}

fn start_notify(
    dir: &Path,
    tx: Sender<notify::Result<notify::Event>>,
) -> notify::Result<notify::RecommendedWatcher> {
    let mut w = notify::recommended_watcher(tx)?;
    w.watch(dir, RecursiveMode::Recursive)?;
    Ok(w)
}

/// Is this path (relative to the traffic directory) outside what the walk reads: a hidden
/// component or `desks.toml`?
pub fn is_ignored(rel: &Path) -> bool {
    rel.components().any(|c| {
        let s = c.as_os_str().as_encoded_bytes();
        s.starts_with(b".") || s == b"desks.toml"
    })
}

/// Read one file as the loader does: its records (paths set to `path`) or why it is not a
/// cable, and the stamp taken while reading.
pub fn read_records(
    path: &Path,
    buf: &mut Vec<u8>,
    interner: &Interner,
) -> (Vec<Record>, Option<Problem>, Option<Stamp>) {
    let (outcome, stamp, _) = read_file(path, buf);
    match outcome {
        Outcome::NotCable(reason) => {
            let p = Problem {
                path: path.to_path_buf(),
                reason,
            };
            (Vec::new(), Some(p), stamp)
        }
        Outcome::Cables(cables) => {
            let path_str: Box<str> = path.to_string_lossy().into();
            let recs = cables
                .iter()
                .map(|(i, c)| {
                    let mut r = Record::from_cable_in(c, *i, interner);
                    r.path = path_str.clone();
                    r
                })
                .collect();
            (recs, None, stamp)
        }
    }
}

/// A file waiting for its size and mtime to settle.
struct Pending {
    stamp: Stamp,
    since: Instant,
}

/// The worker thread's state.
struct Worker {
    root: PathBuf,
    canon_root: PathBuf,
    opts: WatchOptions,
    mode: WatchMode,
    tx: Sender<TrafficEvent>,
    known: HashMap<PathBuf, Stamp>,
    pending: HashMap<PathBuf, Pending>,
    interner: Interner,
    buf: Vec<u8>,
    /// The last rescan could not read the root (reported once until it recovers).
    root_failed: bool,
    /// The caller dropped its receiver.
    closed: bool,
}

impl Worker {
    fn new(dir: &Path, opts: WatchOptions, mode: WatchMode, tx: Sender<TrafficEvent>) -> Worker {
        Worker {
            root: dir.to_path_buf(),
            canon_root: std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()),
            opts,
            mode,
            tx,
            known: HashMap::new(),
            pending: HashMap::new(),
            interner: Interner::default(),
            buf: Vec::new(),
            root_failed: false,
            closed: false,
        }
    }

    fn send(&mut self, ev: TrafficEvent) {
        if self.tx.send(ev).is_err() {
            self.closed = true;
        }
    }

    fn run(&mut self, rx: &Receiver<notify::Result<notify::Event>>, stop: &AtomicBool) {
        self.baseline();
        let every = match self.mode {
            WatchMode::Poll => Some(self.opts.poll_every),
            WatchMode::Notify => self.opts.safety_rescan,
        };
        let mut next_scan = every.map(|d| Instant::now() + d);
        while !stop.load(Ordering::Relaxed) && !self.closed {
            match rx.recv_timeout(TICK) {
                Ok(first) => {
                    self.on_notify(first);
                    while let Ok(more) = rx.try_recv() {
                        self.on_notify(more);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => std::thread::sleep(TICK),
            }
            if let (Some(at), Some(d)) = (next_scan, every)
                && Instant::now() >= at
            {
                self.rescan();
                next_scan = Some(Instant::now() + d);
            }
            self.settle();
        }
    }

    /// The files present at start: known without an event, unless modified since `opts.since`.
    fn baseline(&mut self) {
        let since_ns = self
            .opts
            .since
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
        let Ok(lmeta) = std::fs::symlink_metadata(&path) else {
            self.gone(&path);
            return;
        };
        let meta = if lmeta.file_type().is_symlink() {
            match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(_) => return self.gone(&path),
            }
        } else {
            lmeta
        };
        if meta.is_dir() {
            self.scan_dir(&path);
        } else if meta.is_file() {
            if link_inside(&path, &self.canon_root) {
                return; // read under its own name, as the walk does
            }
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
        let mut seen = std::collections::HashSet::with_capacity(files.len());
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
            let (records, problem, read_stamp) = read_records(&path, &mut self.buf, &self.interner);
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

/// Is `path` a symlink to a file inside the traffic directory (which the walk skips)?
fn link_inside(path: &Path, canon_root: &Path) -> bool {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    is_link
        && std::fs::canonicalize(path).is_ok_and(|t| {
            t.strip_prefix(canon_root)
                .is_ok_and(|rel| !rel.as_os_str().is_empty() && !is_ignored(rel))
        })
}
