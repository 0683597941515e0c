//! Live traffic in the running app, on a real watched folder and journal: a FLASH cable dropped in
//! (temp-then-rename) raises the alert banner without moving the officer's selection, the
//! acknowledgement lands in the journal under the officer's name, and a removed file's rows go.
//! The event loop is driven here as `tui::run` drives it: events from the channel through `apply`.

mod live_support;
mod tui_support;

use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use cabletriage::keymap::Keymap;
use cabletriage::triage::Journal;
use cabletriage::tui::testing::press;
use cabletriage::tui::{App, ColorMode, Event, Theme, alert, live};
use live_support::{arrive, drive, drive_for, fictional, fixture, selected_key, start};
use tui_support::screen;

#[test]
fn a_flash_arrival_raises_an_alert_that_is_acknowledged_in_the_journal() {
    let f = fixture();
    let (mut app, rx, _watch) = start(&f);
    assert_eq!(app.inbox.rows.len(), 4);
    assert!(alert::waiting(&app).next().is_none());
    press(&mut app, "j j");
    let before = selected_key(&app).expect("a selection");
    let text = fictional('Z', 20, 77, "BREAKWATER COLLAPSE CLOSES NORTH HARBOUR");
    arrive(&f.traffic, "flash.txt", &text);
    let took =
        drive(&mut app, &rx, |a| alert::waiting(a).next().is_some()).expect("the alert within 5 s");
    println!("arrival to alert in the model: {took:?}");

    assert_eq!(app.inbox.rows.len(), 5, "the new cable is in the inbox");
    assert_eq!(
        selected_key(&app).as_deref(),
        Some(&*before),
        "selection kept"
    );
    assert!(app.live.take_bell(), "the bell is due");
    let shown = screen(&app).join("\n");
    assert!(shown.contains("FLASH ARRIVED"), "{shown}");
    assert!(shown.contains("BREAKWATER COLLAPSE CLOSES NORTH HARBOUR"));
    assert!(shown.contains("FM AMEMBASSY FICTIONIA"));
    assert!(shown.contains("1 unacked"), "{shown}");
    assert!(shown.contains("1 new cable"), "{shown}");

    // Other keys do not take it down; only acknowledge does.
    press(&mut app, "j k");
    assert!(screen(&app).join("\n").contains("FLASH ARRIVED"));
    press(&mut app, "!");
    let after = screen(&app).join("\n");
    assert!(!after.contains("FLASH ARRIVED"), "{after}");
    assert!(!after.contains("unacked"), "{after}");

    let key = app
        .traffic
        .records
        .iter()
        .find(|r| r.subject().contains("BREAKWATER"))
        .map(|r| r.key())
        .expect("the flash record");
    let j = Journal::open(&f.state, "bob").expect("journal");
    assert_eq!(j.state().get(&key).acked_by.as_deref(), Some("alice"));
    let journal = std::fs::read_to_string(f.state.join("journal.toml")).expect("journal file");
    assert!(journal.contains("ack"), "{journal}");
}

#[test]
fn arrivals_queue_up_and_a_removed_file_disappears_without_moving_the_selection() {
    let f = fixture();
    let (mut app, rx, _watch) = start(&f);
    press(&mut app, "G");
    let before = selected_key(&app).expect("a selection");
    let niact = fictional('Z', 21, 81, "FIRST FLASH: FERRY AGROUND");
    arrive(&f.traffic, "a.txt", &niact);
    arrive(
        &f.traffic,
        "b.txt",
        &fictional('Z', 22, 82, "SECOND FLASH: PORT CLOSED"),
    );
    arrive(
        &f.traffic,
        "c.txt",
        &fictional('R', 23, 83, "ROUTINE NOTE ON MOORING FEES"),
    );
    drive(&mut app, &rx, |a| a.inbox.rows.len() == 7).expect("three arrivals within 5 s");
    assert_eq!(selected_key(&app).as_deref(), Some(&*before));
    assert_eq!(alert::waiting(&app).count(), 2, "two FLASH alerts queued");
    assert!(screen(&app).join("\n").contains("(+1 more)"));
    press(&mut app, "!");
    assert_eq!(alert::waiting(&app).count(), 1);

    // Removing a file above the selection: its row goes, the selection stays on its cable.
    std::fs::remove_file(f.traffic.join("c1.txt")).expect("remove");
    drive(&mut app, &rx, |a| a.inbox.rows.len() == 6).expect("removal within 5 s");
    assert_eq!(selected_key(&app).as_deref(), Some(&*before));
    assert!(
        !app.traffic
            .records
            .iter()
            .any(|r| r.subject().contains("HARBOUR TALKS"))
    );
    assert_eq!(app.inbox.counts.iter().sum::<usize>(), 6);
}

#[test]
fn a_non_cable_arriving_is_counted_as_a_problem() {
    let f = fixture();
    let (mut app, rx, _watch) = start(&f);
    arrive(&f.traffic, "junk.bin", "\u{0}\u{1}\u{2} not a cable at all");
    drive(&mut app, &rx, |a| !a.traffic.problems.is_empty()).expect("the problem within 5 s");
    assert_eq!(app.inbox.rows.len(), 4);
    assert!(screen(&app).join("\n").contains("1 not cable"));
}

#[test]
fn a_burst_of_arrivals_all_land_and_the_selection_stays() {
    let f = fixture();
    let (mut app, rx, _watch) = start(&f);
    press(&mut app, "j");
    let before = selected_key(&app).expect("a selection");
    for n in 0..60u32 {
        let prec = ['O', 'P', 'R'][n as usize % 3];
        let subject = format!("MOORING REPORT NUMBER {n}");
        arrive(
            &f.traffic,
            &format!("burst{n}.txt"),
            &fictional(prec, 1 + n % 28, 100 + n, &subject),
        );
    }
    // Generous: 60 files written and settled on a loaded 2-core machine.
    let took = drive_for(&mut app, &rx, Duration::from_secs(30), |a| {
        a.inbox.rows.len() == 64
    })
    .unwrap_or_else(|| panic!("60 arrivals within 30 s; got {}", app.inbox.rows.len()));
    println!("60 arrivals in the model after {took:?}");
    assert_eq!(selected_key(&app).as_deref(), Some(&*before));
    assert!(alert::waiting(&app).next().is_none(), "no FLASH among them");
    assert_eq!(live::unread_arrivals(&app), 60);
}

/// While a large directory loads, the cables read so far are shown (sorted, selectable) with the
/// progress in the status bar; the complete traffic replaces them and the progress goes away.
#[test]
fn early_rows_show_while_loading_and_the_full_load_replaces_them() {
    use cabletriage::traffic::{Traffic, sorted_indices};
    let mut app = App::new(
        Keymap::default_keymap(),
        Theme::new(ColorMode::Never, false),
    );
    app.size = (100, 24);
    app.loading = Some("Loading fictional-traffic…".into());
    let full = cabletriage::tui::testing::synthetic_traffic(3_000);
    let first: Vec<_> = full.records[..1_000].to_vec();

    cabletriage::tui::apply(&mut app, Event::Progress(1_000, 3_000));
    cabletriage::tui::apply(&mut app, Event::Partial(first.clone()));
    assert_eq!(app.inbox.rows.len(), 1_000, "the first batch is listed");
    assert_eq!(
        app.inbox.rows,
        sorted_indices(&first, app.inbox.sort),
        "in inbox order"
    );
    let text = screen(&app).join("\n");
    assert!(text.contains("loading 1000/3000 files"), "{text}");

    press(&mut app, "j j");
    let chosen = app.selected_record();
    cabletriage::tui::apply(&mut app, Event::Progress(2_000, 3_000));
    cabletriage::tui::apply(
        &mut app,
        Event::Partial(full.records[1_000..2_000].to_vec()),
    );
    assert_eq!(
        app.inbox.rows.len(),
        2_000,
        "the second batch joins the first"
    );
    assert_eq!(
        app.inbox.rows,
        sorted_indices(&full.records[..2_000], app.inbox.sort),
        "all of them in inbox order"
    );
    assert_eq!(
        app.selected_record(),
        chosen,
        "a cable the user moved to stays selected"
    );

    let done = Traffic {
        root: full.root.clone(),
        records: full.records.clone(),
        problems: Vec::new(),
    };
    cabletriage::tui::apply(
        &mut app,
        Event::Loaded(Ok(Box::new((done, Default::default(), None)))),
    );
    assert_eq!(app.inbox.rows.len(), 3_000);
    assert!(app.loading.is_none());
    let text = screen(&app).join("\n");
    assert!(!text.contains("loading"), "{text}");
}

/// Should the loader's thread die before it reports, dropping what it was to call, the watcher
/// must still start: a cable landing afterwards is reported.
#[test]
fn the_watcher_starts_even_when_the_loader_never_reports() {
    let f = fixture();
    let (tx, rx) = mpsc::channel();
    let mut watch = live::spawn(f.traffic.clone(), SystemTime::now(), tx);
    drop(watch.on_loaded());
    let text = fictional('Z', 21, 78, "SEAWALL BREACH REPORTED");
    arrive(&f.traffic, "late.txt", &text);
    let want = f.traffic.join("late.txt");
    let t0 = Instant::now();
    let mut found = false;
    while !found && t0.elapsed() < Duration::from_secs(5) {
        if let Ok(Event::Traffic(evs)) = rx.recv_timeout(Duration::from_millis(200)) {
            found = evs.iter().any(|e| {
                matches!(e, cabletriage::traffic::watch::TrafficEvent::Upserted { path, .. } if *path == want)
            });
        }
    }
    assert!(found, "the arrival was not reported within 5 s");
}

#[test]
fn is_new_finds_the_cables_that_arrived_until_they_are_read() {
    let f = fixture();
    let (mut app, rx, _watch) = start(&f);
    let text = fictional('P', 21, 91, "NEW QUAY LIGHTS ORDERED");
    arrive(&f.traffic, "new.txt", &text);
    drive(&mut app, &rx, |a| a.traffic.records.len() == 5).expect("arrival");
    press(&mut app, "/ i s : n e w <enter>");
    let subjects: Vec<&str> = app
        .inbox
        .rows
        .iter()
        .filter_map(|&i| app.record(i).map(|r| r.subject()))
        .collect();
    assert_eq!(subjects, ["NEW QUAY LIGHTS ORDERED"]);
    assert!(screen(&app).join("\n").contains("N"), "the new glyph");
    // Read it: it is no longer new.
    press(&mut app, "<enter> q");
    assert!(
        app.inbox.rows.is_empty(),
        "read, so not new: {:?}",
        app.inbox.rows
    );
}
