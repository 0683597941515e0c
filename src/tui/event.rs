//! Everything that happens to the app arrives as an [`Event`] on one channel: keys and resizes
//! from the input thread, the loaded traffic and opened cables from worker threads, and
//! termination signals. The UI thread only waits on that channel.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::thread;

use ratatui::crossterm::event::{self as ct, KeyEventKind, KeyModifiers};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

use super::filtering::{self, FilterDone, FilterJob};
use crate::keymap::{Key, KeyCode};
use crate::traffic::{Record, Traffic};
use crate::triage::TriageState;

pub enum Event {
    Key(Key),
    Resize(u16, u16),
    /// Loading progress: files done, files found.
    Progress(usize, usize),
    /// More cables loaded (in walk order, after those of the previous `Partial`), shown while
    /// loading goes on.
    Partial(Vec<Record>),
    /// The traffic directory loaded (with a note about the index cache, if any), or why not.
    Loaded(Result<Box<(Traffic, TriageState, Option<String>)>, String>),
    /// A cable's full text read from its file (the cable named by key), or why not.
    CableRead(
        super::cable_key::CableKey,
        Box<Result<crate::traffic::sections::Joined, String>>,
    ),
    /// A filter worker finished.
    Filtered(Box<FilterDone>),
    /// The journal may have changed on disk (another session appended).
    JournalChanged,
    /// The journal's database connection is up (None) or down (why).
    JournalLink(Option<String>),
    /// A signal asked us to stop (its number).
    Terminate(i32),
    /// The saved queues were counted on a worker.
    QueueCounts(Box<super::queues::CountDone>),
    /// The traffic directory changed (see `live`): the changes reported together.
    Traffic(Vec<crate::traffic::watch::TrafficEvent>),
    /// The officer's editor finished with the note: its text, or why not.
    Edited(Result<String, String>),
    /// The clock moved on (Unix seconds): the office clock's tick.
    Tick(i64),
    /// An alert command finished.
    AlertDone(
        Box<(
            crate::office::alert::AlertJob,
            crate::office::alert::AlertOutcome,
        )>,
    ),
    /// The journal writer finished a job (its id): each step's outcome.
    Written(Box<(u64, super::writer::Outcome)>),
}

/// A request to stop that overtakes every queued event: a signal or a lost terminal sets it,
/// and the loop looks at it before each event it applies, so a stop never waits behind a
/// million pasted keys.
#[derive(Debug, Clone, Default)]
pub struct Stop(Arc<AtomicI32>);

impl Stop {
    /// Ask the loop to stop, as signal `sig` would.
    pub fn request(&self, sig: i32) {
        let _ = self
            .0
            .compare_exchange(0, sig, Ordering::SeqCst, Ordering::SeqCst);
    }

    /// The signal that asked to stop, if any.
    pub fn requested(&self) -> Option<i32> {
        Some(self.0.load(Ordering::SeqCst)).filter(|&s| s != 0)
    }
}

/// SIGHUP's number: a terminal that is gone is a hang-up.
const HANGUP: i32 = 1;

/// A crossterm key event in our normal form; releases and repeats of modifiers are dropped.
pub fn key_from(ev: ct::KeyEvent) -> Option<Key> {
    if ev.kind != KeyEventKind::Press {
        return None;
    }
    let code = match ev.code {
        ct::KeyCode::Char(c) => KeyCode::Char(c),
        ct::KeyCode::Enter => KeyCode::Enter,
        ct::KeyCode::Esc => KeyCode::Esc,
        ct::KeyCode::Tab => KeyCode::Tab,
        ct::KeyCode::BackTab => KeyCode::BackTab,
        ct::KeyCode::Backspace => KeyCode::Backspace,
        ct::KeyCode::Delete => KeyCode::Delete,
        ct::KeyCode::Insert => KeyCode::Insert,
        ct::KeyCode::Up => KeyCode::Up,
        ct::KeyCode::Down => KeyCode::Down,
        ct::KeyCode::Left => KeyCode::Left,
        ct::KeyCode::Right => KeyCode::Right,
        ct::KeyCode::Home => KeyCode::Home,
        ct::KeyCode::End => KeyCode::End,
        ct::KeyCode::PageUp => KeyCode::PageUp,
        ct::KeyCode::PageDown => KeyCode::PageDown,
        ct::KeyCode::F(n) => KeyCode::F(n),
        _ => return None,
    };
    let m = ev.modifiers;
    Some(Key::new(
        code,
        m.contains(KeyModifiers::CONTROL),
        m.contains(KeyModifiers::ALT),
        m.contains(KeyModifiers::SHIFT),
    ))
}

/// Read terminal input forever, forwarding keys and resizes. A terminal that can no longer be
/// read (the SSH link dropped, the window closed) stops the app as a hang-up would.
pub fn spawn_input(tx: Sender<Event>, stop: Stop, gate: InputGate) {
    thread::spawn(move || {
        loop {
            // While another program has the terminal, its input is its own.
            if gate.paused.load(Ordering::SeqCst) {
                gate.parked.store(true, Ordering::SeqCst);
                thread::sleep(std::time::Duration::from_millis(20));
                continue;
            }
            gate.parked.store(false, Ordering::SeqCst);
            match ct::poll(std::time::Duration::from_millis(200)) {
                Ok(false) => continue,
                Ok(true) => {}
                Err(_) => {
                    stop.request(HANGUP);
                    let _ = tx.send(Event::Terminate(HANGUP));
                    break;
                }
            }
            let ev = match ct::read() {
                Ok(ct::Event::Key(k)) => key_from(k).map(Event::Key),
                Ok(ct::Event::Resize(w, h)) => Some(Event::Resize(w, h)),
                Ok(_) => None,
                Err(_) => {
                    stop.request(HANGUP);
                    let _ = tx.send(Event::Terminate(HANGUP));
                    break;
                }
            };
            if let Some(ev) = ev
                && tx.send(ev).is_err()
            {
                break;
            }
        }
    });
}

/// Stops the input thread from reading the terminal while another program (the officer's
/// editor) has it.
#[derive(Debug, Clone, Default)]
pub struct InputGate {
    paused: Arc<std::sync::atomic::AtomicBool>,
    parked: Arc<std::sync::atomic::AtomicBool>,
}

impl InputGate {
    /// Stop reading input; returns once the input thread has stopped (or after a second).
    pub fn pause(&self) {
        self.paused.store(true, Ordering::SeqCst);
        let start = std::time::Instant::now();
        while !self.parked.load(Ordering::SeqCst)
            && start.elapsed() < std::time::Duration::from_secs(1)
        {
            thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    pub fn resume(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }
}

/// Turn SIGTERM, SIGHUP and SIGINT into a stop request and an [`Event::Terminate`] (which
/// wakes the loop), so the terminal is restored and an open note is kept as a draft.
pub fn spawn_signals(tx: Sender<Event>, stop: Stop) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
        thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                stop.request(sig);
                let _ = tx.send(Event::Terminate(sig));
            }
        });
    }
    #[cfg(not(unix))]
    let _ = (tx, stop);
    Ok(())
}

/// How often the cables loaded since the last showing are handed to the UI while a large
/// directory loads (each time the UI sorts all it has again).
const PARTIAL_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Load the traffic directory (through the index cache in `state`) on a worker thread,
/// reporting progress after each batch of files, and handing over the cables loaded so far
/// after the first batch and then every second (`PARTIAL_EVERY`), so the first rows show while
/// loading goes on. Each cable is copied for the UI once: a handover carries only the new ones.
/// `done` runs when the load is over, with every file it saw and its stamp (`None` when the
/// load failed).
pub fn spawn_loader(
    dir: PathBuf,
    state: PathBuf,
    tx: Sender<Event>,
    done: impl FnOnce(super::live::Seen) + Send + 'static,
) {
    thread::spawn(move || {
        let progress = tx.clone();
        let mut pending: Vec<Record> = Vec::new();
        let mut last: Option<std::time::Instant> = None;
        let mut seen = None;
        let opts = crate::traffic::LoadOptions {
            state_dir: Some(state),
            keep_seen: true,
            ..Default::default()
        };
        let result = guarded(|| {
            crate::traffic::load_dir_with(&dir, &opts, |p, batch| {
                let _ = progress.send(Event::Progress(p.files_done, p.files_total));
                let unfinished = p.files_done < p.files_total;
                if batch.is_empty() || !unfinished {
                    return;
                }
                pending.extend_from_slice(batch);
                if last.is_none_or(|t| t.elapsed() >= PARTIAL_EVERY) {
                    last = Some(std::time::Instant::now());
                    let _ = progress.send(Event::Partial(std::mem::take(&mut pending)));
                }
            })
            .map(|(t, mut stats)| {
                seen = Some(std::mem::take(&mut stats.seen));
                Box::new((t, TriageState::default(), stats.index_note))
            })
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))
        });
        let _ = tx.send(Event::Loaded(result));
        done(seen);
    });
}

/// Filter on a worker thread; a cancelled job sends nothing.
pub fn spawn_filter(job: FilterJob, cancel: Arc<AtomicBool>, tx: Sender<Event>) {
    thread::spawn(move || {
        let (generation, text) = (job.generation, job.text.clone());
        let done = match guarded(|| Ok(filtering::run(job, &cancel))) {
            Ok(Some(done)) => done,
            Ok(None) => return,
            Err(e) => FilterDone {
                generation,
                text,
                query: Default::default(),
                rows: Err(e),
            },
        };
        let _ = tx.send(Event::Filtered(Box::new(done)));
    });
}

/// Run worker code so that a panic in it becomes an error message instead of a dead worker
/// and an event that never comes.
fn guarded<T>(work: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown error".into());
        Err(format!("internal error ({what}); please report it"))
    })
}

/// Count the saved queues on a worker thread; a cancelled job sends nothing.
pub fn spawn_count(job: super::queues::CountJob, cancel: Arc<AtomicBool>, tx: Sender<Event>) {
    thread::spawn(move || {
        if let Ok(Some(done)) = guarded(|| Ok(job.run(&cancel))) {
            let _ = tx.send(Event::QueueCounts(Box::new(done)));
        }
    });
}

/// Tick every second with the program's clock, until the receiver is gone.
pub fn spawn_ticker(tx: Sender<Event>) {
    thread::spawn(move || {
        loop {
            thread::sleep(std::time::Duration::from_secs(1));
            if tx
                .send(Event::Tick(crate::clock::now().timestamp()))
                .is_err()
            {
                break;
            }
        }
    });
}

/// Run the alert command on a worker thread; the outcome comes back as [`Event::AlertDone`].
pub fn spawn_alert(job: crate::office::alert::AlertJob, tx: Sender<Event>) {
    thread::spawn(move || {
        let outcome = crate::office::alert::run(&job);
        let _ = tx.send(Event::AlertDone(Box::new((job, outcome))));
    });
}

/// Read a cable (all its `records`: sections, flavours, copies) on a worker thread; the result
/// comes back as [`Event::CableRead`].
pub fn spawn_read_cable(
    key: super::cable_key::CableKey,
    root: PathBuf,
    records: Vec<Record>,
    tx: Sender<Event>,
) {
    thread::spawn(move || {
        let result = guarded(|| crate::traffic::sections::read_joined(&root, &records));
        let _ = tx.send(Event::CableRead(key, Box::new(result)));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyEvent, KeyEventState};

    fn ev(code: ct::KeyCode, mods: KeyModifiers, kind: KeyEventKind) -> ct::KeyEvent {
        KeyEvent {
            code,
            modifiers: mods,
            kind,
            state: KeyEventState::NONE,
        }
    }

    #[test]
    fn terminal_keys_normalise_like_keymap_files() {
        let press = KeyEventKind::Press;
        let parsed = |s| Key::parse(s).ok();
        assert_eq!(
            key_from(ev(ct::KeyCode::Char('G'), KeyModifiers::SHIFT, press)),
            parsed("S-g")
        );
        assert_eq!(
            key_from(ev(ct::KeyCode::Char('G'), KeyModifiers::NONE, press)),
            parsed("G")
        );
        assert_eq!(
            key_from(ev(ct::KeyCode::Char('?'), KeyModifiers::SHIFT, press)),
            parsed("?")
        );
        assert_eq!(
            key_from(ev(ct::KeyCode::Char('r'), KeyModifiers::CONTROL, press)),
            parsed("C-r")
        );
        assert_eq!(
            key_from(ev(ct::KeyCode::Tab, KeyModifiers::SHIFT, press)),
            parsed("<backtab>")
        );
        assert_eq!(
            key_from(ev(ct::KeyCode::Char(' '), KeyModifiers::NONE, press)),
            parsed("<space>")
        );
        assert_eq!(
            key_from(ev(ct::KeyCode::Esc, KeyModifiers::NONE, press)),
            parsed("<esc>")
        );
    }

    #[test]
    fn a_panicking_worker_reports_an_error() {
        let r: Result<(), String> = guarded(|| panic!("parser fell over"));
        assert!(r.is_err_and(|e| e.contains("parser fell over")));
        assert_eq!(guarded(|| Ok::<_, String>(7)), Ok(7));
    }

    #[test]
    fn releases_and_repeats_are_not_presses() {
        let code = ct::KeyCode::Char('j');
        assert_eq!(
            key_from(ev(code, KeyModifiers::NONE, KeyEventKind::Release)),
            None
        );
        assert_eq!(
            key_from(ev(code, KeyModifiers::NONE, KeyEventKind::Repeat)),
            None
        );
    }
}
