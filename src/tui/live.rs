//! Live traffic in the running inbox: the watcher of the traffic directory (started off the UI
//! thread, forwarding [`TrafficEvent`]s as [`Event::Traffic`]) and applying each event to the
//! model. A new or changed file's cables take their sorted place, a removed file's rows go, and
//! the officer's selection, marks, note and reading view stay on the same cables: everything
//! kept across frames names its cable by key, and only the inbox's rows (record numbers of the
//! frame on screen) are renumbered when records are dropped. Events that arrive while the first
//! load is still running are held and applied once it is installed.
//!
//! A cable is *new* when no cable with its key (reference id, else file and place) was in the
//! traffic before; a FLASH or NIACT IMMEDIATE one raises an alert ([`super::alert`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use crate::traffic::read::Stamp;
use crate::traffic::watch::{TrafficEvent, TrafficWatcher, WatchOptions};
use crate::traffic::{Record, Traffic};

use super::alert;
use super::app::{App, Effects, plural};
use super::event::Event;

/// The live side of the model: arrivals, held events and the alert queue.
#[derive(Debug, Default)]
pub struct Live {
    /// Events that came before the first load finished.
    held: Vec<TrafficEvent>,
    /// Keys of the cables that arrived during this session (the status bar counts the unread).
    pub arrived: BTreeSet<String>,
    /// Arrival alerts waiting for acknowledgement, oldest first.
    pub alerts: std::collections::VecDeque<alert::Alert>,
    /// Ring the terminal bell on an alert (config `bell`).
    pub bell_enabled: bool,
    /// An alert came since the last frame: ring the bell once after drawing.
    pub bell_due: bool,
    /// Why the watcher could not start or fell back to polling, if it did.
    pub watch_notice: Option<String>,
}

impl Live {
    /// Take the pending bell (the event loop writes BEL after drawing).
    pub fn take_bell(&mut self) -> bool {
        std::mem::take(&mut self.bell_due) && self.bell_enabled
    }
}

/// The files a load saw, with their stamps: the watcher's baseline (`None`: it walks for one).
pub type Seen = Option<Vec<(PathBuf, Stamp)>>;

/// The running watcher; dropping it stops the forwarding thread and the watcher.
pub struct LiveWatch {
    stop: Arc<AtomicBool>,
    /// Taken by [`LiveWatch::on_loaded`].
    loaded: Option<Sender<Seen>>,
    thread: Option<JoinHandle<()>>,
}

impl LiveWatch {
    /// What to call once the first load is over, with what it saw (`None` when it failed):
    /// the watcher starts then. Until then it neither walks nor takes file events, so the
    /// load's reads of every file cost nothing more; it then compares the directory with what
    /// the load saw once, and whatever arrived or changed during the load is reported. Should
    /// the function be dropped uncalled (its thread died), the watcher starts as for `None`.
    /// Only the first call's function does anything.
    pub fn on_loaded(&mut self) -> impl FnOnce(Seen) + Send + 'static {
        let loaded = self.loaded.take();
        move |seen| {
            if let Some(tx) = loaded {
                let _ = tx.send(seen);
            }
        }
    }
}

impl Drop for LiveWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Watch `dir` on a thread, from the end of the first load on (see [`LiveWatch::on_loaded`]).
/// `since` (take it just before the load starts) matters only when the load reports no files:
/// the watcher then walks for its own baseline, and files modified since count as changed.
/// Events come as [`Event::Traffic`].
pub fn spawn(dir: PathBuf, since: SystemTime, tx: Sender<Event>) -> LiveWatch {
    let stop = Arc::new(AtomicBool::new(false));
    let (loaded, loaded_rx) = mpsc::channel();
    let flag = Arc::clone(&stop);
    let thread = std::thread::Builder::new()
        .name("live-traffic".into())
        .spawn(move || forward(&dir, since, &tx, &flag, &loaded_rx))
        .ok();
    LiveWatch {
        stop,
        loaded: Some(loaded),
        thread,
    }
}

fn forward(
    dir: &Path,
    since: SystemTime,
    tx: &Sender<Event>,
    stop: &AtomicBool,
    loaded: &Receiver<Seen>,
) {
    let (wtx, wrx) = mpsc::channel();
    let opts = WatchOptions {
        since: Some(since),
        ..Default::default()
    };
    let mut watcher = match TrafficWatcher::spawn_paused(dir, opts, wtx) {
        Ok(w) => w,
        Err(e) => {
            let msg = format!("live traffic off: cannot watch {}: {e}", dir.display());
            let _ = tx.send(Event::Traffic(vec![TrafficEvent::Error(msg)]));
            return;
        }
    };
    if let Some(n) = watcher.notice() {
        let _ = tx.send(Event::Traffic(vec![TrafficEvent::Error(n.to_string())]));
    }
    let mut paused = true;
    while !stop.load(Ordering::Relaxed) {
        if paused {
            let seen = match loaded.try_recv() {
                Ok(seen) => Some(seen),
                // The loader's thread ended without a word: walk for the baseline.
                Err(TryRecvError::Disconnected) => Some(None),
                Err(TryRecvError::Empty) => None,
            };
            if let Some(seen) = seen {
                paused = false;
                if let Some(n) = watcher.resume(seen) {
                    let _ = tx.send(Event::Traffic(vec![TrafficEvent::Error(n)]));
                }
            }
        }
        match wrx.recv_timeout(Duration::from_millis(200)) {
            Ok(ev) => {
                // A burst (a relay delivering many files) goes as one batch: one re-sort.
                let mut batch = vec![ev];
                batch.extend(wrx.try_iter());
                if tx.send(Event::Traffic(batch)).is_err() {
                    break;
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    drop(watcher);
}

/// Apply a batch of watcher events to the model, then sort and filter once.
pub fn apply(app: &mut App, events: Vec<TrafficEvent>) -> Effects {
    if app.loading.is_some() {
        app.live.held.extend(events);
        return Vec::new();
    }
    let (mut changed, mut fresh, mut gone) = (false, 0, 0);
    for ev in events {
        match ev {
            TrafficEvent::Error(e) => {
                app.live.watch_notice = Some(e.clone());
                app.error(e);
            }
            TrafficEvent::Removed { path } => {
                // Cables, not files: a cable still in another of its files has not gone.
                let key = crate::traffic::relpath::rel_of(&app.traffic.root, &path);
                let leaving: Vec<Record> = (app.traffic.records.iter())
                    .filter(|r| r.path_is(&key))
                    .cloned()
                    .collect();
                replace_path(app, &path, Vec::new(), None);
                gone += leaving.iter().filter(|r| !has_key(&app.traffic, r)).count();
                changed = true;
            }
            TrafficEvent::Upserted {
                path,
                records,
                problem,
            } => {
                let new: Vec<Record> = records
                    .iter()
                    .filter(|r| !has_key(&app.traffic, r))
                    .cloned()
                    .collect();
                replace_path(app, &path, records, problem);
                changed = true;
                fresh += new.len();
                for r in &new {
                    app.live.arrived.insert(r.key());
                }
                let keys: Vec<String> = new.iter().map(Record::key).collect();
                let keys = keys.iter().map(String::as_str);
                match app.session.journal.as_mut() {
                    Some(j) => j.mark_new(keys),
                    None => app.triage.mark_new(keys),
                }
                alert::arrived(app, &new);
            }
        }
    }
    if fresh > 0 {
        app.info(format!("{fresh} cable{} arrived", plural(fresh)));
    } else if gone > 0 {
        app.info(format!("{gone} cable{} removed", plural(gone)));
    }
    if changed {
        app.traffic_changed()
    } else {
        Vec::new()
    }
}

/// The first load is installed: apply what the watcher reported meanwhile.
pub fn loaded(app: &mut App) -> Effects {
    let held = std::mem::take(&mut app.live.held);
    if held.is_empty() {
        return Vec::new();
    }
    apply(app, held)
}

/// Cables that arrived this session and are still unread.
pub fn unread_arrivals(app: &App) -> usize {
    let state = app.triage_state();
    app.live
        .arrived
        .iter()
        .filter(|k| !state.get(k).read)
        .count()
}

/// Is a cable with `r`'s key in the traffic already?
fn has_key(t: &Traffic, r: &Record) -> bool {
    match &r.id() {
        Some(id) => t.records.iter().any(|o| o.id() == Some(&**id)),
        None => t.records.iter().any(|o| {
            o.id().is_none() && o.cmp_path(r).is_eq() && o.index_in_file == r.index_in_file
        }),
    }
}

/// Put `records` and `problem` in place of everything known from `path` (the caller sorts and
/// filters again). Record numbers shift only when the file now holds fewer cables; the inbox's
/// rows are renumbered then, and nothing else holds a record number across frames.
fn replace_path(
    app: &mut App,
    path: &Path,
    records: Vec<Record>,
    problem: Option<crate::traffic::Problem>,
) {
    let key = crate::traffic::relpath::rel_of(&app.traffic.root, path);
    let old: Vec<usize> = (0..app.traffic.records.len())
        .filter(|&i| app.traffic.records[i].path_is(&key))
        .collect();
    let mut t = Arc::try_unwrap(std::mem::take(&mut app.traffic)).unwrap_or_else(|a| Traffic {
        root: a.root.clone(),
        records: a.records.clone(),
        problems: a.problems.clone(),
    });
    t.problems.retain(|p| p.path != path);
    t.problems.extend(problem);
    let mut incoming = records.into_iter();
    if old.len() <= incoming.len() {
        // Same places first (indices unchanged), the rest appended.
        for (&i, r) in old.iter().zip(incoming.by_ref()) {
            t.records[i] = r;
        }
        t.records.extend(incoming);
    } else {
        // Fewer cables than before: drop the old ones and renumber the rows on screen.
        let mut map: Vec<Option<u32>> = Vec::with_capacity(t.records.len());
        let mut next = 0u32;
        let mut kept = Vec::with_capacity(t.records.len());
        for (i, r) in std::mem::take(&mut t.records).into_iter().enumerate() {
            if old.binary_search(&i).is_ok() {
                map.push(None);
            } else {
                map.push(Some(next));
                next += 1;
                kept.push(r);
            }
        }
        t.records = kept;
        t.records.extend(incoming);
        app.inbox.renumber(&map);
    }
    app.traffic = Arc::new(t);
}

/// Ring the terminal bell (BEL), after a frame is drawn.
pub fn ring_bell() {
    use std::io::Write;
    let mut out = std::io::stdout();
    let _ = out.write_all(b"\x07");
    let _ = out.flush();
}
