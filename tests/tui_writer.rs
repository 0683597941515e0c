//! Journal writes leave the UI thread: with the journal's lock held by another "process" (this
//! test), the writer waits while the inbox goes on answering keys, the rows show the decisions
//! pending, and a later action (an undo too) queues behind them; once the lock is released they
//! become durable in the order sent, and only then does the status bar say them done. A refusal
//! that only the journal can make comes back as an error, with nothing said done; and the exit
//! waits (bounded) for decisions still being written.

mod tui_support;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use cabletriage::triage::{Journal, Op};
use cabletriage::tui::testing::press_via;
use cabletriage::tui::writer::{Target, Writer};
use cabletriage::tui::{App, ColorMode, Event, pending, session};
use tui_support::{app, screen};

/// Generous: a wait for the writer, never a timing assertion.
const WAIT: Duration = Duration::from_secs(30);

struct Fixture {
    _tmp: tempfile::TempDir,
    traffic: PathBuf,
    state: PathBuf,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().expect("temp dir");
    let traffic = tmp.path().to_path_buf();
    let state = traffic.join(".cabletriage");
    std::fs::create_dir_all(&state).expect("state dir");
    Fixture {
        _tmp: tmp,
        traffic,
        state,
    }
}

/// An app on 12 fictional cables with `f`'s journal open for alice, and its writer thread.
fn open(f: &Fixture) -> (App, Writer, Receiver<Event>) {
    let mut a = app(12, 170, 30, ColorMode::Never);
    session::start(&mut a, &f.state, "alice", &f.traffic);
    a.message = None;
    let (tx, rx) = mpsc::channel();
    let target = Target {
        state: f.state.clone(),
        user: "alice".into(),
        url: None,
    };
    (a, Writer::spawn(target, tx), rx)
}

/// Hold the journal's lock as another process appending would (flock is per open file).
fn hold_lock(state: &Path) -> File {
    let f = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(state.join("journal.lock"))
        .expect("lock file");
    f.lock().expect("lock");
    f
}

fn status(a: &App) -> String {
    a.message.as_ref().map(|m| m.1.clone()).unwrap_or_default()
}

fn key_at(a: &App, row: usize) -> String {
    a.record(a.inbox.rows[row]).expect("row").key()
}

/// Apply the writer's outcomes until nothing is pending; the status lines said meanwhile.
fn settle(a: &mut App, rx: &Receiver<Event>) -> Vec<String> {
    let mut said = Vec::new();
    while !a.pending_writes.is_empty() {
        let ev = rx.recv_timeout(WAIT).expect("the writer answers");
        let effects = cabletriage::tui::apply(a, ev);
        cabletriage::tui::testing::run_effects(a, effects);
        said.push(status(a));
    }
    said
}

/// The journal file's bytes (read without its lock, which the test may hold).
fn journal_bytes(state: &Path) -> usize {
    std::fs::read(state.join("journal.toml")).map_or(0, |b| b.len())
}

#[test]
fn the_inbox_answers_while_the_journal_is_locked_and_decisions_land_in_order() {
    let f = fixture();
    let (mut a, writer, rx) = open(&f);
    let (first, second) = (key_at(&a, 0), key_at(&a, 1));
    let lock = hold_lock(&f.state);

    // Flag the first cable, move, flag the second, undo: every key is answered at once.
    press_via(&mut a, "f", &writer);
    assert!(status(&a).starts_with("recording on"), "{}", status(&a));
    press_via(&mut a, "j f u", &writer);
    assert_eq!(
        a.inbox.selected, 1,
        "the selection moved while a write waits"
    );
    assert_eq!(
        a.pending_writes.len(),
        3,
        "three jobs queued behind the lock"
    );
    assert_eq!(
        journal_bytes(&f.state),
        0,
        "nothing is written while the lock is held"
    );
    assert!(
        !a.triage_state().get(&first).flagged,
        "not shown done before it is durable"
    );
    let rows = screen(&a);
    let pending: Vec<&String> = rows.iter().filter(|r| r.contains('⧗')).collect();
    assert_eq!(
        pending.len(),
        2,
        "both rows show the pending mark:\n{}",
        rows.join("\n")
    );

    drop(lock);
    let said = settle(&mut a, &rx);
    assert_eq!(
        said,
        [
            format!("flagged {first}"),
            format!("flagged {second}"),
            format!("undone: flagged {second}"),
        ],
        "each decision is said done in the order sent"
    );
    assert!(a.triage_state().get(&first).flagged);
    assert!(
        !a.triage_state().get(&second).flagged,
        "the undo took the second flag back"
    );
    assert!(
        !screen(&a).iter().any(|r| r.contains('⧗')),
        "no row is pending any more"
    );

    let (events, damage) = Journal::read_log(&f.state).expect("log");
    assert!(damage.is_empty());
    let ops: Vec<(&Op, &[String])> = events.iter().map(|e| (&e.op, &e.cables[..])).collect();
    assert_eq!(ops.len(), 3, "{ops:?}");
    assert_eq!(ops[0], (&Op::Flag, &[first.clone()][..]));
    assert_eq!(ops[1], (&Op::Flag, &[second.clone()][..]));
    assert_eq!(
        ops[2].0,
        &Op::Undo {
            undoes: events[1].seq
        }
    );
}

#[test]
fn a_refusal_only_the_journal_makes_is_an_error_and_nothing_is_said_done() {
    let f = fixture();
    let (mut a, writer, rx) = open(&f);
    let first = key_at(&a, 0);
    let lock = hold_lock(&f.state);
    // The app sees no action desk yet (the route is pending), so it lets the info route go;
    // the writer, which has the route, refuses it.
    let route = cabletriage::triage::ops::Op::RouteAction {
        desk: "EUR/FX".into(),
    };
    let effects = cabletriage::tui::triage::act(&mut a, route, |t| format!("routed {t}"));
    send_all(&writer, effects);
    let info = Op::AddInfoDesk {
        desk: "EUR/FX".into(),
    };
    let effects = cabletriage::tui::triage::act(&mut a, info, |t| format!("copied {t}"));
    send_all(&writer, effects);
    drop(lock);
    let said = settle(&mut a, &rx);
    assert_eq!(said[0], format!("routed {first}"));
    assert!(
        said[1].contains("is the action desk of"),
        "the refusal is shown: {said:?}"
    );
    assert!(
        !said[1].contains("copied"),
        "nothing is said done: {said:?}"
    );
    assert_eq!(
        a.message.as_ref().map(|m| m.0),
        Some(cabletriage::tui::app::Level::Error)
    );
    let (events, _) = Journal::read_log(&f.state).expect("log");
    assert_eq!(events.len(), 1, "only the route is in the journal");
}

fn send_all(writer: &Writer, effects: Vec<cabletriage::tui::Effect>) {
    for e in effects {
        if let cabletriage::tui::Effect::Write(job) = e {
            writer.send(*job).expect("writer running");
        }
    }
}

#[test]
fn the_exit_waits_for_decisions_sent_and_says_when_the_journal_does_not_answer() {
    let f = fixture();
    let (mut a, writer, rx) = open(&f);
    let first = key_at(&a, 0);
    let lock = hold_lock(&f.state);
    press_via(&mut a, "f", &writer);
    drop(writer);
    // The disk "hangs": a short bound runs out and says what was not confirmed.
    let said = pending::drain(&mut a, &rx, Duration::from_millis(200), |_| {});
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].contains("1 decision not confirmed written"),
        "{said:?}"
    );

    // The writer is still at it: once the lock goes, the decision is written all the same.
    drop(lock);
    match rx
        .recv_timeout(WAIT)
        .expect("the writer finishes its queue")
    {
        Event::Written(w) => assert!(w.1.iter().all(Result::is_ok)),
        _ => panic!("expected the writer's outcome"),
    }
    let (events, _) = Journal::read_log(&f.state).expect("log");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].cables, [first]);
}

#[test]
fn the_exit_drains_the_queue_before_it_returns() {
    let f = fixture();
    let (mut a, writer, rx) = open(&f);
    let lock = hold_lock(&f.state);
    press_via(&mut a, "f j f j f", &writer);
    drop(writer);
    drop(lock);
    let said = pending::drain(&mut a, &rx, WAIT, |_| {});
    assert!(said.is_empty(), "{said:?}");
    assert!(a.pending_writes.is_empty());
    let (events, _) = Journal::read_log(&f.state).expect("log");
    assert_eq!(events.len(), 3, "every decision sent is in the journal");
}

#[test]
fn a_note_the_journal_refuses_is_kept_as_a_draft_and_offered_again() {
    let f = fixture();
    let (mut a, _writer, _rx) = open(&f);
    let first = key_at(&a, 0);
    // A journal of a newer format, written after the session opened: never appended to.
    std::fs::write(f.state.join("journal.toml"), "format = 99\n").expect("journal");
    cabletriage::tui::testing::press(&mut a, "n");
    for c in "call the desk".chars() {
        let k = if c == ' ' {
            "<space>".to_string()
        } else {
            c.to_string()
        };
        cabletriage::tui::testing::press(&mut a, &k);
    }
    cabletriage::tui::testing::press(&mut a, "<esc>");
    let said = status(&a);
    assert!(said.starts_with("note not saved:"), "{said}");
    assert!(said.contains("kept as a draft"), "{said}");
    assert!(!said.contains("noted"), "nothing is said done: {said}");
    assert!(a.triage_state().get(&first).notes.is_empty());
    let draft = cabletriage::triage::drafts::load(&f.state, "alice", &[first]).expect("a draft");
    assert_eq!(draft.text, "call the desk");
    cabletriage::tui::testing::press(&mut a, "n");
    assert!(
        status(&a).starts_with("restored your unsaved draft"),
        "{}",
        status(&a)
    );
}
