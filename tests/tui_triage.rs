//! Triage through the TUI keys, on a real journal in a temporary state directory: label (with
//! completion), route (suggestions, info desk, unknown desk), note, read/flag/done, marking and
//! bulk actions with undo/redo, a restart that finds every decision, a CLI `route` showing up in a
//! running app, and the read-only and damaged journal messages.

mod tui_support;

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use cabletriage::triage::Journal;
use cabletriage::tui::overlay::Overlay;
use cabletriage::tui::testing::press;
use cabletriage::tui::{App, ColorMode, Event, Screen, session};
use tui_support::{app, deliver, screen};

const DESKS: &str = r#"
[[desk]]
code = "EUR/NL"
name = "Office of Norland Affairs"
tags = ["NL", "EFIS"]

[[desk]]
code = "EUR/FX"
name = "Office of Fictionian Affairs"
tags = ["FX"]

[[desk]]
code = "ECON"
name = "Economic Policy Staff"
tags = ["ECON", "ETRD"]

[[desk]]
code = "PM"
name = "Political-Military Affairs"
tags = ["MARR"]
"#;

struct Fixture {
    _tmp: tempfile::TempDir,
    traffic: PathBuf,
    state: PathBuf,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().expect("temp dir");
    let traffic = tmp.path().to_path_buf();
    std::fs::write(traffic.join("desks.toml"), DESKS).expect("desks.toml");
    let state = traffic.join(".cabletriage");
    Fixture {
        _tmp: tmp,
        traffic,
        state,
    }
}

/// A minimal fictional cable file whose reference id is `id` (`09FICTIONIA41`: year, post,
/// serial).
fn write_cable_file(dir: &std::path::Path, id: &str) {
    let (yy, rest) = id.split_at(2);
    let digits = rest.len() - rest.bytes().rev().take_while(u8::is_ascii_digit).count();
    let (post, serial) = rest.split_at(digits);
    let serial: u32 = serial.parse().expect("serial");
    let text = format!(
        "VZCZCXYZ0000\nRR RUEHC\n\nDE RUEHXX #{serial:04}/01 0011200\nZNR UUUUU ZZH\n\
         R 011200Z JAN {yy}\nFM AMEMBASSY {post}\nTO RUEHC/SECSTATE WASHDC 0001\n\n\
         UNCLAS {post} {serial:06}\n\nE.O. 12958: N/A\nTAGS: ECON\n\
         SUBJECT: FICTIONAL TEST CABLE\n\n1. Nothing happened here.\n"
    );
    std::fs::write(dir.join(format!("{id}.txt")), text).expect("write cable");
}

/// An app on 12 fictional cables with the journal of `f` open for `user`.
fn open(f: &Fixture, user: &str) -> App {
    let mut a = app(12, 170, 30, ColorMode::Never);
    session::start(&mut a, &f.state, user, &f.traffic);
    a.message = None;
    a
}

/// Type `text` into whatever has the keys (a space is typed as `<space>`).
fn typ(a: &mut App, text: &str) {
    for c in text.chars() {
        let key = match c {
            ' ' => "<space>".to_string(),
            '\n' => "<enter>".to_string(),
            c => c.to_string(),
        };
        press(a, &key);
    }
}

fn status(a: &App) -> String {
    a.message.as_ref().map(|m| m.1.clone()).unwrap_or_default()
}

fn key_at(a: &App, row: usize) -> String {
    a.record(a.inbox.rows[row]).expect("row").key()
}

fn labels(a: &App, key: &str) -> Vec<String> {
    a.triage_state().get(key).labels.iter().cloned().collect()
}

#[test]
fn label_prompt_completes_adds_several_and_removes() {
    let f = fixture();
    let mut a = open(&f, "alice");
    let first = key_at(&a, 0);
    press(&mut a, "t");
    typ(&mut a, "urgent, follow-up");
    press(&mut a, "<enter>");
    assert_eq!(labels(&a, &first), ["follow-up", "urgent"]);
    assert_eq!(status(&a), format!("labelled {first}: urgent, follow-up"));
    let line = &screen(&a)[2];
    assert!(
        line.contains("follow-up urgent"),
        "the triage column shows them: {line}"
    );

    press(&mut a, "j t");
    typ(&mut a, "fo");
    press(&mut a, "<tab>");
    match &a.overlay {
        Some(Overlay::Label(p)) => assert_eq!(p.input.text(), "follow-up "),
        _ => panic!("label prompt closed"),
    }
    typ(&mut a, "-urg");
    press(&mut a, "<tab> <enter>");
    let second = key_at(&a, 1);
    assert_eq!(labels(&a, &second), ["follow-up"]);

    press(&mut a, "k t");
    typ(&mut a, "-urgent");
    press(&mut a, "<enter>");
    assert_eq!(labels(&a, &first), ["follow-up"]);
    assert!(status(&a).contains("removed from"), "{}", status(&a));
}

#[test]
fn route_picker_suggests_by_tags_sets_action_and_info_desks() {
    let f = fixture();
    let mut a = open(&f, "alice");
    // The first row whose cable is tagged NL.
    let row = (0..a.inbox.rows.len())
        .find(|&r| {
            a.record(a.inbox.rows[r])
                .is_some_and(|c| c.tags.iter().any(|t| &**t == "NL"))
        })
        .expect("a cable tagged NL");
    for _ in 0..row {
        press(&mut a, "j");
    }
    let key = key_at(&a, row);
    press(&mut a, "r");
    let s = screen(&a);
    let first_desk = s
        .iter()
        .position(|l| l.contains("EUR/NL"))
        .expect("EUR/NL listed");
    for other in ["EUR/FX", "ECON", "PM"] {
        let at = s.iter().position(|l| l.contains(other)).expect("listed");
        assert!(first_desk < at, "suggested desk first");
    }
    assert!(
        s[first_desk].contains("* EUR/NL"),
        "marked as suggested: {}",
        s[first_desk]
    );
    press(&mut a, "<enter>");
    assert_eq!(
        a.triage_state().get(&key).action_desk.as_deref(),
        Some("EUR/NL")
    );
    assert_eq!(status(&a), format!("{key}: routed to EUR/NL (action)"));

    // Tab switches to info desks; typing filters.
    press(&mut a, "r <tab>");
    typ(&mut a, "econ");
    press(&mut a, "<enter>");
    assert_eq!(a.triage_state().get(&key).info_desks, ["ECON"]);

    // Re-routing says which desk it replaced; a desk is action or info, never both; `-`
    // un-routes.
    press(&mut a, "r");
    typ(&mut a, "pm");
    press(&mut a, "<enter>");
    assert!(status(&a).contains("replacing EUR/NL"), "{}", status(&a));
    press(&mut a, "r <tab>");
    typ(&mut a, "pm");
    press(&mut a, "<enter>");
    assert!(
        status(&a).contains("PM is the action desk of"),
        "{}",
        status(&a)
    );
    assert_eq!(a.triage_state().get(&key).info_desks, ["ECON"]);
    press(&mut a, "r <tab>");
    typ(&mut a, "-econ");
    press(&mut a, "<enter>");
    assert!(a.triage_state().get(&key).info_desks.is_empty());
    press(&mut a, "r");
    typ(&mut a, "-");
    press(&mut a, "<enter>");
    assert!(
        status(&a).contains("action desk PM cleared"),
        "{}",
        status(&a)
    );
    assert_eq!(a.triage_state().get(&key).action_desk, None);

    // A desk nobody knows is refused with the known ones, and the picker stays open.
    press(&mut a, "r");
    typ(&mut a, "zzq");
    press(&mut a, "<enter>");
    assert!(status(&a).contains("unknown desk `zzq`"), "{}", status(&a));
    assert!(
        status(&a).contains("EUR/NL, EUR/FX, ECON, PM"),
        "{}",
        status(&a)
    );
    assert!(matches!(a.overlay, Some(Overlay::Desk(_))));
    press(&mut a, "<esc>");
    assert!(a.overlay.is_none());
}

#[test]
fn note_editor_saves_on_esc_cancels_on_ctrl_c_and_shows_in_the_reader() {
    let f = fixture();
    let mut a = open(&f, "alice");
    let key = key_at(&a, 0);
    press(&mut a, "n");
    typ(&mut a, "Ask the desk officer.\nCall back Monday.");
    press(&mut a, "<esc>");
    assert_eq!(
        a.triage_state().get(&key).note(),
        Some("Ask the desk officer.\nCall back Monday.")
    );
    assert_eq!(status(&a), format!("noted {key}"));
    press(&mut a, "n");
    match &a.overlay {
        // Prefilled, the cursor on a new line after the text (issue 23 item 6).
        Some(Overlay::Note(ed)) => assert_eq!(
            ed.area.lines(),
            ["Ask the desk officer.", "Call back Monday.", ""],
            "prefilled"
        ),
        _ => panic!("editor not open"),
    }
    typ(&mut a, " Or Tuesday.");
    press(&mut a, "C-c");
    assert!(a.overlay.is_none());
    assert_eq!(status(&a), "note not saved");
    assert_eq!(
        a.triage_state().get(&key).note(),
        Some("Ask the desk officer.\nCall back Monday.")
    );
    press(&mut a, "<enter>");
    deliver(&mut a);
    let s = screen(&a).join("\n");
    assert!(s.contains("NOTE"), "{s}");
    assert!(s.contains("Call back Monday."), "{s}");
}

#[test]
fn opening_marks_read_once_and_flag_done_toggle() {
    let f = fixture();
    let mut a = open(&f, "alice");
    let key = key_at(&a, 0);
    assert!(screen(&a)[2].contains("•"), "unread mark before opening");
    press(&mut a, "<enter> <esc> <enter> <esc>");
    assert!(a.triage_state().get(&key).read);
    let (events, _) = Journal::read_log(&f.state).expect("log");
    assert_eq!(events.len(), 1, "opening twice records one read event");
    press(&mut a, "f");
    assert!(a.triage_state().get(&key).flagged);
    assert!(screen(&a)[2].starts_with("▶  !"), "{}", screen(&a)[2]);
    press(&mut a, "f d");
    assert!(!a.triage_state().get(&key).flagged);
    assert!(a.triage_state().get(&key).done);
    assert!(screen(&a)[2].starts_with("▶  ✓"), "{}", screen(&a)[2]);
    press(&mut a, "R");
    assert!(!a.triage_state().get(&key).read, "toggled back to unread");
}

#[test]
fn marking_space_range_and_all_then_bulk_label_undo_redo() {
    let f = fixture();
    let mut a = open(&f, "alice");
    press(&mut a, "<space> <space>");
    assert_eq!(a.inbox.selected, 2, "space moves down");
    assert_eq!(a.inbox.marked.len(), 2);
    press(&mut a, "V j j V");
    assert_eq!(a.inbox.marked.len(), 5, "rows 0-4 marked");
    assert_eq!(status(&a), "5 cables marked");
    let s = screen(&a);
    for (row, line) in s.iter().enumerate().take(7).skip(2) {
        assert_eq!(line.chars().nth(1), Some('+'), "marked row {row}: {line}");
    }
    assert_eq!(s[7].chars().nth(1), Some(' '));
    press(&mut a, "t");
    typ(&mut a, "bulk");
    press(&mut a, "<enter>");
    assert_eq!(status(&a), "labelled 5 cables: bulk");
    let keys: Vec<String> = (0..5).map(|r| key_at(&a, r)).collect();
    assert!(keys.iter().all(|k| labels(&a, k) == ["bulk"]));
    assert!(
        labels(&a, &key_at(&a, 5)).is_empty(),
        "unmarked row untouched"
    );

    press(&mut a, "u");
    assert_eq!(status(&a), "undone: labelled 5 cables bulk");
    assert!(
        keys.iter().all(|k| labels(&a, k).is_empty()),
        "one undo takes all five back"
    );
    press(&mut a, "C-r");
    assert_eq!(status(&a), "redone: labelled 5 cables bulk");
    assert!(keys.iter().all(|k| labels(&a, k) == ["bulk"]));

    press(&mut a, "M");
    assert!(a.inbox.marked.is_empty());
    press(&mut a, "/");
    typ(&mut a, "label:bulk");
    press(&mut a, "<enter> *");
    assert_eq!(
        a.inbox.marked.len(),
        5,
        "mark-all marks what the filter shows"
    );
    press(&mut a, "d");
    assert!(keys.iter().all(|k| a.triage_state().get(k).done));
    assert_eq!(status(&a), "marked 5 cables done");
}

#[test]
fn decisions_survive_a_restart() {
    let f = fixture();
    let key;
    {
        let mut a = open(&f, "alice");
        key = key_at(&a, 0);
        press(&mut a, "t");
        typ(&mut a, "keep-me");
        press(&mut a, "<enter> r");
        typ(&mut a, "pm");
        press(&mut a, "<enter> n");
        typ(&mut a, "Survives a restart.");
        press(&mut a, "<esc>");
        session::finish(&mut a);
    }
    let mut b = open(&f, "alice");
    let st = b.triage_state().get(&key).clone();
    assert_eq!(st.labels.iter().collect::<Vec<_>>(), ["keep-me"]);
    assert_eq!(st.action_desk.as_deref(), Some("PM"));
    assert_eq!(st.note(), Some("Survives a restart."));
    let row = (0..b.inbox.rows.len())
        .find(|&r| key_at(&b, r) == key)
        .expect("row");
    let line = &screen(&b)[2 + row];
    assert!(line.contains("keep-me") && line.contains("PM"), "{line}");
    for _ in 0..row {
        press(&mut b, "j");
    }
    press(&mut b, "<enter>");
    deliver(&mut b);
    assert!(screen(&b).join("\n").contains("Survives a restart."));
    // Undo still knows this user's actions after the restart: opening just now marked the cable
    // read (an action of its own), and before that came the note.
    press(&mut b, "<esc> u");
    assert_eq!(status(&b), format!("undone: marked {key} read"));
    press(&mut b, "u");
    assert_eq!(status(&b), format!("undone: noted {key}"));
}

#[test]
fn a_cli_route_shows_up_in_a_running_app_within_a_second() {
    let f = fixture();
    let mut a = open(&f, "alice");
    let key = key_at(&a, 3);
    // The state directory exists once the inbox has loaded (the index cache lives there).
    std::fs::create_dir_all(&f.state).expect("state dir");
    let (tx, rx) = mpsc::channel();
    let _w = cabletriage::triage::watch::JournalWatcher::spawn(&f.state, move || {
        let _ = tx.send(Event::JournalChanged);
    });
    // The CLI refuses a cable that is not in the traffic on disk: put this one there.
    write_cable_file(&f.traffic, &key);
    let started = Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(["route", &key, "ECON", "--user", "bob", "--state"])
        .arg(&f.state)
        .arg("--dir")
        .arg(&f.traffic)
        .output()
        .expect("run cabletriage route");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cli_done = Instant::now();
    while a.triage_state().get(&key).action_desk.is_none() {
        let left = Duration::from_secs(1).saturating_sub(cli_done.elapsed());
        match rx.recv_timeout(left) {
            Ok(ev) => {
                cabletriage::tui::apply(&mut a, ev);
            }
            Err(_) => break,
        }
    }
    assert_eq!(
        a.triage_state().get(&key).action_desk.as_deref(),
        Some("ECON")
    );
    assert_eq!(status(&a), format!("bob routed {key} to ECON"));
    println!(
        "CLI route seen by the app {:?} after the CLI exited ({:?} in all)",
        cli_done.elapsed(),
        started.elapsed()
    );
}

#[test]
fn a_state_directory_that_cannot_be_written_leaves_the_inbox_read_only() {
    let f = fixture();
    // A state directory below a plain file can never be created, even by root.
    let blocker = f.traffic.join("not-a-dir");
    std::fs::write(&blocker, "x").expect("file");
    let state = blocker.join("state");
    let mut a = app(5, 100, 24, ColorMode::Never);
    session::start(&mut a, &state, "alice", &f.traffic);
    assert!(status(&a).starts_with("read-only:"), "{}", status(&a));
    // The message is longer than the bar: it has rows of its own above it.
    let shown = screen(&a);
    assert!(
        shown[..22].iter().any(|row| row.starts_with("read-only: ")),
        "{}",
        shown.join("\n")
    );
    assert_eq!(a.inbox.rows.len(), 5, "the inbox still opens");
    a.message = None;
    press(&mut a, "t");
    assert!(a.overlay.is_none());
    assert!(status(&a).starts_with("read-only:"), "{}", status(&a));
    press(&mut a, "f");
    assert!(status(&a).starts_with("read-only:"), "{}", status(&a));
    press(&mut a, "<enter>");
    assert_eq!(a.screen, Screen::Reader, "reading still works");
    let bar = screen(&a)[22].clone();
    assert!(bar.contains("READ-ONLY"), "a lasting mark: {bar}");
}

#[test]
fn a_damaged_journal_is_a_warning_and_earlier_decisions_stay() {
    let f = fixture();
    let key;
    {
        let mut a = open(&f, "alice");
        key = key_at(&a, 0);
        press(&mut a, "t");
        typ(&mut a, "before-damage");
        press(&mut a, "<enter>");
    }
    let journal = f.state.join("journal.toml");
    let mut text = std::fs::read_to_string(&journal).expect("journal");
    text.push_str("[[event]]\nseq = 2\nthis is = not toml at all [[[\n");
    std::fs::write(&journal, text).expect("damage it");
    let a = open_keep_message(&f);
    let msg = status(&a);
    assert!(msg.contains("warning") && msg.contains("line"), "{msg}");
    assert!(
        a.session
            .warnings
            .iter()
            .any(|w| w.contains("journal.toml line"))
    );
    assert_eq!(labels(&a, &key), ["before-damage"]);
}

fn open_keep_message(f: &Fixture) -> App {
    let mut a = app(12, 170, 30, ColorMode::Never);
    session::start(&mut a, &f.state, "alice", &f.traffic);
    a
}

/// Keypress to durable event on the TUI path: `f` on one cable 200 times, each timed from the key
/// to `update` returning (the journal's apply returned Ok: fsync'd). Prints the median; asserts
/// only that every press was recorded.
#[test]
fn keypress_to_durable_event_is_measured() {
    let f = fixture();
    let mut a = open(&f, "alice");
    let mut times = Vec::with_capacity(200);
    for _ in 0..200 {
        let t = Instant::now();
        press(&mut a, "f");
        times.push(t.elapsed());
    }
    times.sort();
    let (events, _) = Journal::read_log(&f.state).expect("log");
    assert_eq!(events.len(), 200, "every press is one durable event");
    println!(
        "keypress to durable event: median {:?}, p90 {:?}, max {:?} (200 presses)",
        times[100], times[180], times[199]
    );
}

#[test]
fn a_state_filter_follows_the_journal() {
    let f = fixture();
    let mut a = open(&f, "alice");
    press(&mut a, "/");
    typ(&mut a, "is:unread");
    press(&mut a, "<enter>");
    assert_eq!(a.inbox.rows.len(), 12);
    let first = key_at(&a, 0);
    press(&mut a, "<enter> <esc>");
    assert_eq!(a.inbox.rows.len(), 11, "the cable just read left is:unread");
    assert!((0..a.inbox.rows.len()).all(|r| key_at(&a, r) != first));
    press(&mut a, "u");
    assert_eq!(a.inbox.rows.len(), 12, "undoing the read brings it back");
}

#[test]
fn triage_overlays_draw_at_every_small_size_without_panicking() {
    let f = fixture();
    for keys in ["t f", "r", "n x <enter> y"] {
        let mut a = open(&f, "alice");
        press(&mut a, keys);
        assert!(a.overlay.is_some(), "{keys} opens an overlay");
        for w in 0..40 {
            for h in 0..12 {
                a.size = (w, h);
                let _ = screen(&a);
            }
        }
    }
}

/// Issue 20: a note typed in the editor whose lines look like a journal event stays a note.
#[test]
fn a_note_typed_to_look_like_an_event_stays_a_note() {
    let f = fixture();
    let mut a = open(&f, "alice");
    let key = key_at(&a, 0);
    let forged = format!(
        "line one\n[[event]]\nseq = 1000\nuser = \"mallory\"\ncable = \"{key}\"\nop = \"done\"\nat = \"2026-11-26T00:00:00Z\"\nx = 1"
    );
    press(&mut a, "n");
    typ(&mut a, &forged);
    press(&mut a, "<esc>");
    assert_eq!(status(&a), format!("noted {key}"));
    let b = open(&f, "bob");
    let st = b.triage_state().get(&key);
    assert_eq!(st.note(), Some(forged.as_str()), "the note was lost");
    assert!(!st.done, "the forged event was replayed");
    let (events, damage) = Journal::read_log(&f.state).expect("log");
    assert!(damage.is_empty(), "{damage:?}");
    assert!(
        events.iter().all(|e| e.user == "alice" && e.seq < 1000),
        "{events:?}"
    );
}

#[test]
fn marked_cables_hidden_by_the_filter_are_left_alone_and_the_status_says_so() {
    let f = fixture();
    let mut a = open(&f, "alice");
    let (first, second) = (key_at(&a, 0), key_at(&a, 1));
    press(&mut a, "<space> <space>");
    // Filter down to the first marked cable only.
    let word: Vec<String> = format!("id:{first}").chars().map(String::from).collect();
    press(&mut a, &format!("/ {} <enter>", word.join(" ")));
    assert_eq!(a.inbox.rows.len(), 1);
    press(&mut a, "f");
    assert!(a.triage_state().get(&first).flagged);
    assert!(!a.triage_state().get(&second).flagged, "hidden: left alone");
    assert!(
        status(&a).contains("1 marked cable hidden by the filter left alone"),
        "{}",
        status(&a)
    );
}
