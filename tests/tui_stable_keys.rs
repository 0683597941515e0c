//! References that outlive a frame name their cable by key: a note being written, a mark, and
//! the reading view's back stack stay on their cable when another file that sorts before it
//! leaves the traffic and a new one arrives (the record numbers of everything after the removed
//! file shift by one). Checked on a real watched folder and journal, and the note through the
//! command line's `log --format json`, as a script would read it.

mod live_support;

use std::process::Command;

use cabletriage::traffic::watch::TrafficEvent;
use cabletriage::tui::app::Screen;
use cabletriage::tui::testing::press;
use cabletriage::tui::{App, Event};
use live_support::{Fixture, arrive, citing, drive_for, fictional, fixture, start};

/// The fixture's cables are `c1.txt` .. `c4.txt` with ids `09FICTIONIA11` .. `09FICTIONIA14`,
/// loaded in that order (records 0 .. 3).
fn id_of(n: u32) -> String {
    format!("09FICTIONIA{}", 10 + n)
}

/// Select the row of the cable `id`.
fn select(app: &mut App, id: &str) {
    let row = app
        .inbox
        .rows
        .iter()
        .position(|&r| app.record(r).and_then(|r| r.id()) == Some(id))
        .expect("the cable is listed");
    press(
        app,
        &format!(": {} <enter>", spaced(&(row + 1).to_string())),
    );
    assert_eq!(selected_id(app).as_deref(), Some(id));
}

fn selected_id(app: &App) -> Option<String> {
    let r = app.selected_record().and_then(|i| app.record(i))?;
    r.id().map(str::to_string)
}

/// `text` as key words, one per character.
fn spaced(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == ' ' {
                "<space>".to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Deliver a new cable, then remove `c1.txt` (record 0, so every later record's number shifts);
/// wait until the app has both. The arrival goes through the real watcher; the removal is
/// handed to the app as the watcher reports one (the same event, through the same `apply`), so
/// the test does not depend on when the watcher took its baseline.
fn remove_first_and_add_one(f: &Fixture, app: &mut App, rx: &std::sync::mpsc::Receiver<Event>) {
    arrive(
        &f.traffic,
        "c9.txt",
        &fictional('R', 9, 19, "NEW ARRIVAL ABOUT THE HARBOUR"),
    );
    let has = |a: &App, id: &str| a.traffic.records.iter().any(|r| r.id() == Some(id));
    // A generous limit: this waits for the watcher on a host busy with the rest of the suite;
    // it measures nothing.
    let limit = std::time::Duration::from_secs(30);
    drive_for(app, rx, limit, |a| has(a, "09FICTIONIA19")).expect("the arrival");
    let removed = f.traffic.join("c1.txt");
    std::fs::remove_file(&removed).expect("remove c1");
    let event = TrafficEvent::Removed { path: removed };
    let effects = cabletriage::tui::apply(app, Event::Traffic(vec![event]));
    cabletriage::tui::testing::run_effects(app, effects);
    assert!(!has(app, &id_of(1)), "c1 left the traffic");
    assert_eq!(app.traffic.records.len(), 4);
    assert_eq!(
        app.traffic.records[0].id(),
        Some(id_of(2).as_str()),
        "the records after c1 moved up"
    );
}

/// The journal's events as `cabletriage log --format json` prints them (a line per cable):
/// (op, cable).
fn logged(f: &Fixture) -> Vec<(String, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(["log", "--format", "json", "--state"])
        .arg(&f.state)
        .arg("--dir")
        .arg(&f.traffic)
        .output()
        .expect("run cabletriage log");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            let op = v["op"].as_str().unwrap_or_default().to_string();
            let cable = v["cable"].as_str().unwrap_or_default().to_string();
            (op, cable)
        })
        .collect()
}

#[test]
fn a_note_being_written_is_saved_on_its_cable_after_the_traffic_shifts() {
    let f = fixture();
    let (mut app, rx, _watch) = start(&f);
    let x = id_of(3);
    select(&mut app, &x);
    press(&mut app, "n");
    press(&mut app, &spaced("breakwater repairs confirmed"));
    remove_first_and_add_one(&f, &mut app, &rx);
    press(&mut app, "<esc>");
    let notes: Vec<_> = logged(&f)
        .into_iter()
        .filter(|(op, _)| op == "set_note")
        .collect();
    assert_eq!(notes, vec![("set_note".to_string(), x.clone())]);
    let state = app.triage_state();
    assert_eq!(state.get(&x).note(), Some("breakwater repairs confirmed"));
    for other in [id_of(2), id_of(4), "09FICTIONIA19".to_string()] {
        assert_eq!(state.get(&other).note(), None, "{other} got no note");
    }
}

#[test]
fn a_mark_stays_on_its_cable_after_the_traffic_shifts() {
    let f = fixture();
    let (mut app, rx, _watch) = start(&f);
    let x = id_of(3);
    select(&mut app, &x);
    press(&mut app, "<space>");
    remove_first_and_add_one(&f, &mut app, &rx);
    // The flag goes to the marked cable, wherever the selection is now.
    press(&mut app, "g g f");
    let flags: Vec<_> = logged(&f)
        .into_iter()
        .filter(|(op, _)| op == "flag")
        .collect();
    assert_eq!(flags, vec![("flag".to_string(), x.clone())]);
    assert!(app.triage_state().get(&x).flagged);
}

#[test]
fn the_way_back_returns_to_the_citing_cable_after_the_traffic_shifts() {
    let f = fixture();
    // c3 cites c4; following the reference and coming back must land on c3 again.
    let text = citing(
        &fictional('R', 3, 13, "LIGHTHOUSE TREATY TEXT"),
        "FICTIONIA 14",
    );
    std::fs::write(f.traffic.join("c3.txt"), text).expect("rewrite c3");
    let (mut app, rx, _watch) = start(&f);
    select(&mut app, &id_of(3));
    press(&mut app, "<enter> g r <enter>");
    assert_eq!(reading(&app).as_deref(), Some(id_of(4).as_str()));
    remove_first_and_add_one(&f, &mut app, &rx);
    assert_eq!(reading(&app).as_deref(), Some(id_of(4).as_str()));
    press(&mut app, "<esc>");
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(reading(&app).as_deref(), Some(id_of(3).as_str()));
}

#[test]
fn the_way_back_to_a_cable_that_left_says_so_and_stays() {
    let f = fixture();
    let text = citing(
        &fictional('R', 1, 11, "HARBOUR TALKS RESUME"),
        "FICTIONIA 14",
    );
    std::fs::write(f.traffic.join("c1.txt"), text).expect("rewrite c1");
    let (mut app, rx, _watch) = start(&f);
    select(&mut app, &id_of(1));
    press(&mut app, "<enter> g r <enter>");
    assert_eq!(reading(&app).as_deref(), Some(id_of(4).as_str()));
    remove_first_and_add_one(&f, &mut app, &rx);
    press(&mut app, "<esc>");
    let (_, message) = app.message.clone().expect("a message");
    assert!(message.contains("no longer in the traffic"), "{message}");
    assert_eq!(
        reading(&app).as_deref(),
        Some(id_of(4).as_str()),
        "not retargeted"
    );
}

/// The id of the cable in the reading view.
fn reading(app: &App) -> Option<String> {
    let r = app.reader.as_ref()?;
    let rec = r.record.and_then(|i| app.record(i))?;
    rec.id().map(str::to_string)
}
