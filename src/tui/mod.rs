//! The interactive inbox.
//!
//! - [`run`] takes one checked [`Settings`] value (the command line builds it; nothing here
//!   reads flags), starts the workers, and runs the event loop (here): the UI thread waits on
//!   one channel of [`event::Event`]s, applies every waiting event, runs the [`Effects`] they
//!   return, then draws once. It never blocks on I/O: loading, reading cables, filtering a
//!   large inbox and counting queues run on threads.
//! - The model is [`app::App`], with one owner per piece of state: [`inbox::Inbox`] (order,
//!   filter, rows, selection, marks), [`reader::Reader`], the [`overlay`]s, [`refs::Refs`],
//!   [`queues::Queues`], [`live::Live`] and the journal [`session`]. Anything kept across
//!   frames names a cable by [`cable_key::CableKey`], never by a row or record number.
//! - [`mod@update`] routes keys to whoever owns them; components return outcomes, and only
//!   `update` turns them into changes of the app. Triage ([`triage`], [`editing`]) goes through
//!   the journal: appended to by the [`writer`] thread (the rows show a decision [`pending`]
//!   until it is fsync'd, or committed by the journal's database, and read back), and watched by
//!   a `JournalWatcher` (or, for a database, a LISTEN/NOTIFY listener, see [`session::watch`])
//!   that posts [`Event::JournalChanged`] when another session appends. At exit the loop's
//!   caller waits, bounded, for the writes still queued.
//! - [`ui`] draws; its first step measures the layout and writes the geometry back into the
//!   model (rows on screen, pane sizes), as ratatui's `ListState` does.

pub mod alert;
pub mod app;
pub mod cable_key;
pub mod clock;
pub mod editing;
pub mod event;
pub mod external;
pub mod filtering;
pub mod inbox;
pub mod input;
pub mod live;
pub mod marks;
pub mod overlay;
pub mod pending;
pub mod queues;
pub mod reader;
pub mod refs;
pub mod search;
pub mod session;
pub mod settings;
pub mod taskers;
pub mod terminal;
pub mod testing;
pub mod theme;
pub mod triage;
pub mod ui;
pub mod update;
pub mod writer;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

pub use app::{App, Effect, Effects, Screen};
pub use event::Event;
pub use theme::{ColorMode, Theme};
pub use update::{handle_key, update};

pub use settings::Settings;

/// Open the inbox with `settings` and run until the user quits. Returns the exit status.
pub fn run(settings: Settings) -> anyhow::Result<u8> {
    let mut app = App::new(
        settings.keymap.clone(),
        Theme::new(settings.color, settings.ascii),
    );
    app.live.bell_enabled = settings.bell;
    clock::start(
        &mut app,
        settings.clock.clone(),
        crate::clock::now().timestamp(),
    );
    let dots = app.theme.ellipsis();
    app.loading = Some(format!("Loading {}{dots}", settings.traffic.display()));
    app.traffic = std::sync::Arc::new(crate::traffic::Traffic {
        root: settings.traffic.clone(),
        ..Default::default()
    });
    if let Some(n) = &settings.notice {
        app.info(n.clone());
    }
    let (tx, rx) = mpsc::channel();
    // Changes from just before the load on are reported. The watcher's baseline walk and the
    // load overlap; its file events start when the load is over (see `live::LiveWatch`).
    let mut live = live::spawn(
        settings.traffic.clone(),
        std::time::SystemTime::now(),
        tx.clone(),
    );
    event::spawn_loader(
        settings.traffic.clone(),
        settings.state.clone(),
        tx.clone(),
        live.on_loaded(),
    );
    // Snapshot plus tail (or the database's events): fast enough to open before the first frame.
    session::start_with(
        &mut app,
        &settings.state,
        &settings.user,
        &settings.traffic,
        settings.journal_url.as_deref(),
    );
    let queue_list = settings.queue_list(&app.session.desks);
    queues::install(&mut app, queue_list);
    settings::report(&mut app, settings.warnings.clone());
    // The watcher needs the directory to exist to get file events (else it falls back to
    // polling every half second); the index cache lives there anyway.
    let _ = crate::state_dir::shared::create_dir(&settings.state);
    let _watcher = session::watch(&settings, tx.clone());
    let stop = event::Stop::default();
    let mut workers = Workers {
        writer: spawn_writer(&app, &settings, tx.clone()),
        ..Workers::default()
    };
    let status = {
        let mut tui = terminal::Tui::enter()?;
        let gate = workers.gate.clone();
        event::spawn_input(tx.clone(), stop.clone(), gate.clone());
        event::spawn_signals(tx.clone(), stop.clone())?;
        if app.clock.running() {
            event::spawn_ticker(tx.clone());
        }
        app.size = tui.size()?;
        event_loop(&mut tui, &mut app, &rx, &tx, &stop, &mut workers)
    };
    // A decision already sent is written before the exit, however the session ended (a hung
    // disk holds it at most DRAIN); only what was never shown done can be lost to a kill -9.
    drop(workers);
    let dots = app.theme.ellipsis();
    let slow = |n: usize| {
        eprintln!(
            "cabletriage: writing {n} decision{} to the journal (waiting at most {} s){dots}",
            app::plural(n),
            DRAIN.as_secs()
        );
    };
    for w in pending::drain(&mut app, &rx, DRAIN, slow) {
        eprintln!("cabletriage: {}", crate::sanitize::for_line(&w));
    }
    // Whatever ended the loop (a quit, a signal, a lost terminal, an error), typed text stays;
    // journal damage and config warnings quote what others wrote: shown, never obeyed.
    for w in session::finish(&mut app) {
        eprintln!("cabletriage: {}", crate::sanitize::for_line(&w));
    }
    status
}

/// How long the exit waits for decisions still being written.
const DRAIN: std::time::Duration = std::time::Duration::from_secs(30);

/// The journal writer, when the session can write: on the session's state directory, user and
/// database.
fn spawn_writer(app: &App, settings: &Settings, tx: Sender<Event>) -> Option<writer::Writer> {
    if app.session.refusal.is_some() {
        return None;
    }
    let target = writer::Target {
        state: settings.state.clone(),
        user: settings.user.clone(),
        url: settings.journal_url.clone(),
    };
    Some(writer::Writer::spawn(target, tx))
}

/// The workers' cancel flags (a newer filter or count cancels the one still running), the
/// input thread's gate and the journal writer.
#[derive(Default)]
struct Workers {
    filter: Option<Arc<AtomicBool>>,
    count: Option<Arc<AtomicBool>>,
    /// Paused while the officer's editor has the terminal.
    gate: event::InputGate,
    writer: Option<writer::Writer>,
}

impl Workers {
    /// A fresh cancel flag in `slot`, the older one set.
    fn replace(slot: &mut Option<Arc<AtomicBool>>) -> Arc<AtomicBool> {
        if let Some(old) = slot.take() {
            old.store(true, Ordering::Relaxed);
        }
        let cancel = Arc::new(AtomicBool::new(false));
        *slot = Some(Arc::clone(&cancel));
        cancel
    }
}

fn event_loop(
    tui: &mut terminal::Tui,
    app: &mut App,
    rx: &Receiver<Event>,
    tx: &Sender<Event>,
    stop: &event::Stop,
    workers: &mut Workers,
) -> anyhow::Result<u8> {
    tui.draw(app)?;
    while let Ok(first) = rx.recv() {
        // Apply everything that is already waiting before drawing once.
        let mut next = Some(first);
        while let Some(ev) = next {
            if let Some(sig) = stop.requested() {
                return Ok(crate::exit::signalled(sig));
            }
            if let Event::Terminate(sig) = ev {
                return Ok(crate::exit::signalled(sig));
            }
            for effect in apply(app, ev) {
                run_effect(tui, app, effect, tx, workers)?;
            }
            if app.should_quit {
                return Ok(crate::exit::OK);
            }
            next = rx.try_recv().ok();
        }
        if let Some(job) = queues::poll(app) {
            let cancel = Workers::replace(&mut workers.count);
            event::spawn_count(job, cancel, tx.clone());
        }
        editing::autosave(app);
        tui.draw(app)?;
        if app.live.take_bell() {
            live::ring_bell();
        }
    }
    Ok(crate::exit::OK)
}

/// Do one thing `update` asked for.
fn run_effect(
    tui: &mut terminal::Tui,
    app: &App,
    effect: Effect,
    tx: &Sender<Event>,
    workers: &mut Workers,
) -> anyhow::Result<()> {
    match effect {
        Effect::ReadCable(key) => {
            if let Some(records) = app.cable_records(&key) {
                event::spawn_read_cable(key, app.traffic.root.clone(), records, tx.clone());
            }
        }
        Effect::Filter(job) => {
            let cancel = Workers::replace(&mut workers.filter);
            event::spawn_filter(*job, cancel, tx.clone());
        }
        Effect::RunAlert(job) => event::spawn_alert(*job, tx.clone()),
        Effect::Suspend => tui.suspend()?,
        Effect::EditNote { dir, text } => {
            workers.gate.pause();
            let edited = tui.outside(|| external::edit(&dir, &text));
            workers.gate.resume();
            let _ = tx.send(Event::Edited(edited?));
        }
        Effect::Redraw => tui.invalidate()?,
        Effect::Write(job) => {
            let sent = match &workers.writer {
                Some(w) => w.send(*job),
                None => Err(*job),
            };
            if let Err(job) = sent {
                let why =
                    crate::triage::TriageError::Invalid("the journal writer is not running".into());
                let _ = tx.send(Event::Written(Box::new((job.id, vec![Err(why)]))));
            }
        }
    }
    Ok(())
}

/// Apply one event to the model (everything but termination, which the loop handles).
pub fn apply(app: &mut App, ev: Event) -> Effects {
    match ev {
        Event::Key(k) => return handle_key(app, k),
        Event::Resize(w, h) => app.size = (w, h),
        Event::Progress(done, total) => {
            if app.loading.is_some() {
                app.load_progress = Some((done, total));
            }
        }
        Event::Partial(records) if app.loading.is_some() => return app.show_partial(records),
        Event::Partial(_) => {}
        Event::Loaded(Ok(loaded)) => {
            let (traffic, triage, note) = *loaded;
            let mut effects = app.set_traffic(traffic, triage);
            if let Some(note) = note {
                app.info(note);
            }
            // A read-only or damaged journal outranks the index note.
            if let Some(m) = app.session.start_message() {
                app.error(m);
            }
            effects.extend(live::loaded(app));
            return effects;
        }
        Event::Filtered(done) => app.filtered(*done),
        Event::Loaded(Err(e)) => {
            app.loading = None;
            app.error(e);
        }
        Event::CableRead(key, result) => app.cable_read(&key, *result),
        Event::JournalChanged => return triage::journal_changed(app),
        Event::JournalLink(down) => return triage::journal_link(app, down),
        Event::QueueCounts(done) => queues::counted(app, *done),
        Event::Traffic(ev) => return live::apply(app, ev),
        Event::Edited(result) => editing::edited(app, result),
        Event::Tick(now) => return clock::tick(app, now),
        Event::AlertDone(done) => clock::alert_done(app, &done.0, &done.1),
        Event::Written(w) => {
            let (id, outcome) = *w;
            return pending::written(app, id, outcome);
        }
        Event::Terminate(_) => app.should_quit = true,
    }
    Vec::new()
}
