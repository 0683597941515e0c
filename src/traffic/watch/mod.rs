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
//! directory `.cabletriage/`, `.name.part` temporaries) and the settings files (`desks.toml`, `office.toml`).
//!
//! A visible temporary (`name.part`) is a candidate like any other file, as the contract says;
//! renamed within the settle time it is never read, otherwise it shows and is then removed.
//!
//! Using it beside a load: either note `SystemTime::now()`, [`TrafficWatcher::spawn`] with that as
//! [`WatchOptions::since`] and then load, or spawn paused and resume after the load (below, what
//! the inbox does); apply each event to the loaded traffic (an `Upserted` replaces every record
//! and problem of its path). Records carry paths built as `dir.join(..)`
//! like the loader's, so they match. The watcher shares strings through its own [`Interner`](crate::traffic::Interner)
//! (the loader's is private to one load), so a live arrival costs its strings once more.
//! Polling rescans everything each second: meant for network file systems, not 250,000 files.
//!
//! The watcher can wait for a load: [`TrafficWatcher::spawn_paused`] neither walks nor asks for
//! file events until [`TrafficWatcher::resume`] gives it the load's own files and stamps as its
//! baseline ([`super::LoadOptions::keep_seen`]); it then compares the whole directory with that
//! once, so nothing that changed since the load read it is missed. The inbox starts it so: a
//! baseline walk of its own would stat every file again beside the load, and inotify reports
//! every open of a watched file, so the load's 250,000 opens would cost notify's thread and the
//! kernel seconds of CPU time on the same cores.
//!
//! Dropping the [`TrafficWatcher`] stops and joins its threads.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use super::read::Stamp;

mod event;
mod worker;

pub use event::{TrafficEvent, WatchMode, WatchOptions, is_ignored, read_records};

use event::Raw;
use worker::Worker;

/// Watches one traffic directory until dropped.
pub struct TrafficWatcher {
    dir: PathBuf,
    notify: Option<notify::RecommendedWatcher>,
    /// Waiting for [`TrafficWatcher::resume`]: no baseline yet, notify not yet watching.
    paused: bool,
    raw_tx: Sender<Raw>,
    poll_every: Duration,
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

impl TrafficWatcher {
    /// Start watching `dir`, sending events on `tx`. Before returning it walks `dir` once for
    /// its baseline (the files present now produce no event, except those newer than
    /// [`WatchOptions::since`]): every change after `spawn` returns is reported. The walk costs
    /// about what the loader's walk does, so call this off the UI thread for a large folder.
    /// Fails only when the worker thread cannot be started.
    pub fn spawn(
        dir: &Path,
        opts: WatchOptions,
        tx: Sender<TrafficEvent>,
    ) -> std::io::Result<TrafficWatcher> {
        Self::start(dir, opts, tx, false)
    }

    /// Like [`TrafficWatcher::spawn`], but without the baseline walk, and with no file events,
    /// polls or rescans until [`TrafficWatcher::resume`]: files read in the meantime cost
    /// nothing. Start the watcher so, then load, then resume with what the load saw.
    pub fn spawn_paused(
        dir: &Path,
        opts: WatchOptions,
        tx: Sender<TrafficEvent>,
    ) -> std::io::Result<TrafficWatcher> {
        Self::start(dir, opts, tx, true)
    }

    fn start(
        dir: &Path,
        opts: WatchOptions,
        tx: Sender<TrafficEvent>,
        paused: bool,
    ) -> std::io::Result<TrafficWatcher> {
        let (raw_tx, raw_rx) = mpsc::channel::<Raw>();
        let mut mode = opts.mode;
        let mut notice = None;
        let mut notify = None;
        if mode == WatchMode::Notify {
            let started = new_notify(raw_tx.clone()).and_then(|mut w| {
                if !paused {
                    w.watch(dir, RecursiveMode::Recursive)?;
                }
                Ok(w)
            });
            match started {
                Ok(w) => notify = Some(w),
                Err(e) => {
                    mode = WatchMode::Poll;
                    notice = Some(fallback_notice(dir, &e, opts.poll_every));
                }
            }
        }
        let stop = Arc::new(AtomicBool::new(false));
        let poll_every = opts.poll_every;
        let mut worker = Worker::new(dir, opts, mode, tx, paused);
        if !paused {
            worker.baseline();
        }
        let worker = {
            let stop = Arc::clone(&stop);
            std::thread::Builder::new()
                .name("traffic-watch".into())
                .spawn(move || worker.run(&raw_rx, &stop))?
        };
        Ok(TrafficWatcher {
            dir: dir.to_path_buf(),
            paused,
            notify,
            raw_tx,
            poll_every,
            stop,
            worker: Some(worker),
            mode,
            notice,
        })
    }

    /// End the wait of a watcher from [`TrafficWatcher::spawn_paused`]. `baseline` is what the
    /// caller's load saw (path and stamp of every file, as [`super::LoadStats::seen`] gives
    /// them); `None` makes the watcher walk for its own, as [`TrafficWatcher::spawn`] does
    /// (files modified since [`WatchOptions::since`] then count as changed). File events
    /// start, and the directory is compared with the baseline once, so whatever arrived,
    /// changed or went since the load read it is reported. When notify cannot watch the
    /// directory, the watcher polls from now on and the reason is returned (as
    /// [`TrafficWatcher::notice`] gives it). Returns once the baseline is in place (with
    /// `None`, after the walk); does nothing the second time.
    pub fn resume(&mut self, baseline: Option<Vec<(PathBuf, Stamp)>>) -> Option<String> {
        if !std::mem::take(&mut self.paused) {
            return None;
        }
        // Held before returning, as `spawn` holds its own: a change made after this call must
        // not be taken for part of the baseline.
        let (ack, held) = mpsc::channel();
        if self.raw_tx.send(Raw::Baseline(baseline, ack)).is_ok() {
            let _ = held.recv();
        }
        let watched = match self.notify.as_mut() {
            Some(w) => w.watch(&self.dir, RecursiveMode::Recursive),
            None => Ok(()), // polling already
        };
        match watched {
            Ok(()) => {
                let _ = self.raw_tx.send(Raw::Rescan);
                None
            }
            Err(e) => {
                self.notify = None;
                self.mode = WatchMode::Poll;
                let _ = self.raw_tx.send(Raw::Poll);
                let n = fallback_notice(&self.dir, &e, self.poll_every);
                self.notice = Some(n.clone());
                Some(n)
            }
        }
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

/// A notify watcher sending to the worker, not yet watching anything.
fn new_notify(tx: Sender<Raw>) -> notify::Result<notify::RecommendedWatcher> {
    // notify watches every open of a file too, so each read (the loader's own, 250,000 of them
    // on a large start, unless the watcher is paused meanwhile) makes an event. Opens change
    // nothing: they are dropped here, on notify's thread, rather than waking the worker once
    // each. (A finished write comes as `Access(Close(Write))` and is kept.)
    notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if let Ok(e) = &ev
            && matches!(
                e.kind,
                notify::EventKind::Access(notify::event::AccessKind::Open(_))
            )
        {
            return;
        }
        let _ = tx.send(Raw::Notify(ev));
    })
}

fn fallback_notice(dir: &Path, e: &notify::Error, every: Duration) -> String {
    format!(
        "file events unavailable for {} ({e}); checking every {} ms instead",
        dir.display(),
        every.as_millis()
    )
}
