//! Watching the journal for other processes' appends: a `notify` watcher on the state directory
//! plus a polling thread (every [`POLL_EVERY`]) as a fallback where file events are not delivered
//! (network file systems, some containers). Either calls back; the caller then runs
//! [`super::Journal::poll_new`], which reads only what is new, so a duplicate call is harmless.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use super::journal::JOURNAL_FILE;

/// How often the fallback checks the journal's length and modification time.
pub const POLL_EVERY: Duration = Duration::from_millis(500);

/// Watches `<state>/journal.toml` until dropped.
pub struct JournalWatcher {
    _notify: Option<notify::RecommendedWatcher>,
    stop: Arc<AtomicBool>,
    poller: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for JournalWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JournalWatcher")
            .field("notify", &self._notify.is_some())
            .finish()
    }
}

impl JournalWatcher {
    /// Call `on_change` (from another thread) whenever the journal of `state_dir` may have changed.
    /// The state directory need not exist yet: polling notices when the journal appears.
    pub fn spawn(state_dir: &Path, on_change: impl Fn() + Send + Sync + 'static) -> JournalWatcher {
        let on_change = Arc::new(on_change);
        let journal = state_dir.join(JOURNAL_FILE);
        let notify = {
            let cb = Arc::clone(&on_change);
            let target = journal.clone();
            notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
                // Reading the journal (as `poll_new` does) raises access events: not a change,
                // and following them would loop.
                if let Ok(ev) = res
                    && !ev.kind.is_access()
                    && ev.paths.iter().any(|p| p.file_name() == target.file_name())
                {
                    cb();
                }
            })
            .ok()
            .and_then(|mut w| {
                w.watch(state_dir, RecursiveMode::NonRecursive)
                    .ok()
                    .map(|()| w)
            })
        };
        let stop = Arc::new(AtomicBool::new(false));
        let poller = {
            let stop = Arc::clone(&stop);
            std::thread::Builder::new()
                .name("journal-poll".into())
                .spawn(move || poll_loop(&journal, &stop, &*on_change))
                .ok()
        };
        JournalWatcher {
            _notify: notify,
            stop,
            poller,
        }
    }

    /// Send `()` on `tx` whenever the journal may have changed.
    pub fn channel(state_dir: &Path, tx: std::sync::mpsc::Sender<()>) -> JournalWatcher {
        let tx = std::sync::Mutex::new(tx);
        JournalWatcher::spawn(state_dir, move || {
            if let Ok(tx) = tx.lock() {
                let _ = tx.send(());
            }
        })
    }
}

impl Drop for JournalWatcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.poller.take() {
            h.thread().unpark();
            let _ = h.join();
        }
    }
}

fn poll_loop(journal: &PathBuf, stop: &AtomicBool, on_change: &(dyn Fn() + Send + Sync)) {
    let stamp = |p: &PathBuf| {
        std::fs::metadata(p)
            .ok()
            .map(|m| (m.len(), m.modified().ok()))
    };
    let mut last = stamp(journal);
    while !stop.load(Ordering::Relaxed) {
        std::thread::park_timeout(POLL_EVERY);
        let now = stamp(journal);
        if now != last {
            last = now;
            on_change();
        }
    }
}
