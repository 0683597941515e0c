//! The interactive inbox: terminal lifecycle ([`terminal`]), the event loop (here), the model
//! ([`app`]), `update` ([`mod@update`]) and the widgets ([`ui`]). The UI thread waits on one
//! channel of [`event::Event`]s and never blocks on I/O; loading, reading cables and filtering a
//! large inbox run on threads ([`filtering`]). Triage ([`triage`], [`triage_input`]) goes through
//! the journal: opened before the first frame (snapshot plus tail), appended to synchronously in
//! `update` (a decision is shown done only once it is fsync'd), and watched by a
//! `JournalWatcher` that posts [`Event::JournalChanged`] when another session appends.

pub mod alert;
pub mod app;
pub mod command;
pub mod event;
pub mod filtering;
pub mod input;
pub mod live;
pub mod marks;
pub mod note;
pub mod queues;
pub mod refs;
pub mod settings;
pub mod terminal;
pub mod testing;
pub mod theme;
pub mod triage;
pub mod triage_input;
pub mod ui;
pub mod update;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

pub use app::{App, Effect, Screen};
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
    app.loading = Some(format!("Loading {}…", settings.traffic.display()));
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
    // Snapshot plus tail: fast enough to open before the first frame.
    triage::start(&mut app, &settings.state, &settings.user, &settings.traffic);
    let queue_list = settings.queue_list(&app.session.desks);
    queues::install(&mut app, queue_list);
    settings::report(&mut app, settings.warnings.clone());
    // The watcher needs the directory to exist to get file events (else it falls back to
    // polling every half second); the index cache lives there anyway.
    let _ = std::fs::create_dir_all(&settings.state);
    let watch_tx = tx.clone();
    let _watcher = crate::triage::watch::JournalWatcher::spawn(&settings.state, move || {
        let _ = watch_tx.send(Event::JournalChanged);
    });
    let stop = event::Stop::default();
    let status = {
        let mut tui = terminal::Tui::enter()?;
        event::spawn_input(tx.clone(), stop.clone());
        event::spawn_signals(tx.clone(), stop.clone())?;
        app.size = tui.size()?;
        event_loop(&mut tui, &mut app, &rx, &tx, &stop)
    };
    // Whatever ended the loop (a quit, a signal, a lost terminal, an error), typed text stays.
    if let Some(w) = note::keep_draft(&mut app) {
        app.session.warnings.push(w);
    }
    // Journal damage and config warnings quote what others wrote: shown, never obeyed.
    for w in triage::finish(&mut app) {
        eprintln!("cabletriage: {}", crate::sanitize::for_line(&w));
    }
    status
}

fn event_loop(
    tui: &mut terminal::Tui,
    app: &mut App,
    rx: &Receiver<Event>,
    tx: &Sender<Event>,
    stop: &event::Stop,
) -> anyhow::Result<u8> {
    let stopped = |sig: i32| Ok(crate::exit::signalled(sig));
    // The running filter job's cancel flag: a newer filter cancels it.
    let mut filter_cancel: Option<Arc<AtomicBool>> = None;
    let mut count_cancel: Option<Arc<AtomicBool>> = None;
    tui.draw(app)?;
    while let Ok(first) = rx.recv() {
        // Apply everything that is already waiting before drawing once.
        let mut next = Some(first);
        while let Some(ev) = next {
            if let Some(sig) = stop.requested() {
                return stopped(sig);
            }
            if let Event::Terminate(sig) = ev {
                return stopped(sig);
            }
            match apply(app, ev) {
                Some(Effect::ReadCable(i)) => {
                    if let Some(r) = app.record(i) {
                        event::spawn_read_cable(i, app.traffic.root.clone(), r.clone(), tx.clone());
                    }
                }
                Some(Effect::Filter(job)) => {
                    if let Some(old) = filter_cancel.take() {
                        old.store(true, Ordering::Relaxed);
                    }
                    let cancel = Arc::new(AtomicBool::new(false));
                    filter_cancel = Some(Arc::clone(&cancel));
                    event::spawn_filter(*job, cancel, tx.clone());
                }
                Some(Effect::Suspend) => tui.suspend()?,
                Some(Effect::Redraw) => tui.invalidate()?,
                None => {}
            }
            if app.should_quit {
                return Ok(crate::exit::OK);
            }
            next = rx.try_recv().ok();
        }
        if let Some(job) = queues::poll(app) {
            if let Some(old) = count_cancel.take() {
                old.store(true, Ordering::Relaxed);
            }
            let cancel = Arc::new(AtomicBool::new(false));
            count_cancel = Some(Arc::clone(&cancel));
            event::spawn_count(job, cancel, tx.clone());
        }
        note::autosave(app);
        tui.draw(app)?;
        if app.live.take_bell() {
            live::ring_bell();
        }
    }
    Ok(crate::exit::OK)
}

/// Apply one event to the model (everything but termination, which the loop handles).
pub fn apply(app: &mut App, ev: Event) -> Option<Effect> {
    match ev {
        Event::Key(k) => handle_key(app, k),
        Event::Resize(w, h) => {
            app.size = (w, h);
            app.scroll_to_selection();
            None
        }
        Event::Progress(done, total) => {
            if app.loading.is_some() {
                app.load_progress = Some((done, total));
            }
            None
        }
        Event::Partial(records) => {
            if app.loading.is_some() {
                app.show_partial(records)
            } else {
                None
            }
        }
        Event::Loaded(Ok(loaded)) => {
            let (traffic, triage, note) = *loaded;
            let effect = app.set_traffic(traffic, triage);
            if let Some(note) = note {
                app.info(note);
            }
            // A read-only or damaged journal outranks the index note.
            if let Some(m) = app.session.start_message() {
                app.error(m);
            }
            live::loaded(app).or(effect)
        }
        Event::Filtered(done) => {
            app.filtered(*done);
            None
        }
        Event::Loaded(Err(e)) => {
            app.loading = None;
            app.error(e);
            None
        }
        Event::CableRead(i, result) => {
            app.cable_read(i, *result);
            None
        }
        Event::JournalChanged => triage::journal_changed(app),
        Event::QueueCounts(done) => {
            queues::counted(app, *done);
            None
        }
        Event::Traffic(ev) => live::apply(app, ev),
        Event::Terminate(_) => {
            app.should_quit = true;
            None
        }
    }
}
