//! Taskers and the handover through the TUI keys, on a real journal: `a` assigns (completion
//! from office.toml's officers and the journal's users, then a suspense; a bad suspense keeps
//! the prompt with the reason), `T` cycles the state, `:task closed` sets it, `u` undoes, and
//! `H` opens the handover list where `!` picks the selected item up.

mod tui_support;

use std::path::PathBuf;

use cabletriage::triage::TaskState;
use cabletriage::tui::overlay::Overlay;
use cabletriage::tui::testing::{press, render};
use cabletriage::tui::{App, ColorMode, session};
use tui_support::app;

struct Fixture {
    _tmp: tempfile::TempDir,
    traffic: PathBuf,
    state: PathBuf,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().expect("temp dir");
    let traffic = tmp.path().to_path_buf();
    std::fs::write(
        traffic.join("office.toml"),
        "[[officer]]\nname = \"zed\"\ndesk = \"EUR/NB\"\n",
    )
    .expect("office.toml");
    let state = traffic.join(".cabletriage");
    Fixture {
        _tmp: tmp,
        traffic,
        state,
    }
}

fn open(f: &Fixture, user: &str) -> App {
    let mut a = app(12, 120, 30, ColorMode::Never);
    session::start(&mut a, &f.state, user, &f.traffic);
    a.message = None;
    a
}

fn typ(a: &mut App, text: &str) {
    for c in text.chars() {
        let key = match c {
            ' ' => "<space>".to_string(),
            c => c.to_string(),
        };
        press(a, &key);
    }
}

fn status(a: &App) -> String {
    a.message.as_ref().map(|m| m.1.clone()).unwrap_or_default()
}

fn first_key(a: &App) -> String {
    a.record(a.inbox.rows[0]).expect("row").key()
}

fn task_state(a: &App, key: &str) -> Option<TaskState> {
    a.triage_state().get(key).tasker.as_ref().map(|t| t.state)
}

#[test]
fn assign_with_completion_and_a_suspense_then_cycle_and_set_the_state() {
    let f = fixture();
    let mut a = open(&f, "alice");
    let key = first_key(&a);
    press(&mut a, "a");
    press(&mut a, "<tab>");
    match &a.overlay {
        Some(Overlay::Assign(p)) => assert_eq!(p.input.text(), "zed", "office officers first"),
        _ => panic!("assign prompt not open"),
    }
    press(&mut a, "<enter>");
    typ(&mut a, "tomorrow");
    press(&mut a, "<enter>");
    match &a.overlay {
        Some(Overlay::Assign(p)) => {
            let e = p.error.clone().unwrap_or_default();
            assert!(e.contains("cannot read the suspense `tomorrow`"), "{e}");
        }
        _ => panic!("a bad suspense keeps the prompt open"),
    }
    press(&mut a, "C-u");
    typ(&mut a, "+2d");
    press(&mut a, "<enter>");
    assert!(a.overlay.is_none());
    let t = a.triage_state().get(&key).tasker.clone().expect("tasked");
    assert_eq!(
        (t.assignee.as_str(), t.assigned_by.as_str()),
        ("zed", "alice")
    );
    let left = t.suspense.expect("suspense") - cabletriage::clock::now();
    assert!(left > chrono::Duration::hours(47) && left <= chrono::Duration::hours(48));
    assert!(
        status(&a).contains(&format!("tasked {key} to zed")),
        "{}",
        status(&a)
    );

    press(&mut a, "T");
    assert_eq!(task_state(&a, &key), Some(TaskState::Working));
    press(&mut a, "T");
    assert_eq!(task_state(&a, &key), Some(TaskState::Clearance));
    press(&mut a, ":");
    typ(&mut a, "task closed");
    press(&mut a, "<enter>");
    assert_eq!(task_state(&a, &key), Some(TaskState::Closed));
    press(&mut a, "u");
    assert_eq!(task_state(&a, &key), Some(TaskState::Clearance), "undo");
    press(&mut a, ":");
    typ(&mut a, "task done");
    press(&mut a, "<enter>");
    assert!(
        status(&a).contains("unknown tasker state `done`"),
        "{}",
        status(&a)
    );

    // The journal's users are offered too: alice, once she has acted.
    press(&mut a, "j a");
    typ(&mut a, "al");
    press(&mut a, "<tab>");
    match &a.overlay {
        Some(Overlay::Assign(p)) => assert_eq!(p.input.text(), "alice"),
        _ => panic!("assign prompt not open"),
    }
    press(&mut a, "<esc>");
    assert!(a.overlay.is_none());
}

#[test]
fn cycling_a_cable_without_a_tasker_says_how_to_assign() {
    let f = fixture();
    let mut a = open(&f, "alice");
    press(&mut a, "T");
    assert!(status(&a).contains("no tasker on"), "{}", status(&a));
    assert!(status(&a).contains("a assigns one"), "{}", status(&a));
}

#[test]
fn the_handover_list_picks_items_up() {
    let f = fixture();
    let mut a = open(&f, "alice");
    let key = first_key(&a);
    press(&mut a, "f");
    press(&mut a, "H");
    let Some(Overlay::Handover(list)) = &a.overlay else {
        panic!("handover not open");
    };
    let picked = list.selected_key().expect("an item");
    assert!(
        list.items().iter().any(|i| i.id == key),
        "the flagged cable is listed"
    );
    let shown = format!("{:?}", render(&a).backend());
    assert!(shown.contains("Shift handover since"), "{shown}");
    press(&mut a, "!");
    let ack = a.triage_state().get(&picked).handover_ack.clone();
    assert_eq!(ack.map(|p| p.by), Some("alice".to_string()));
    assert!(
        status(&a).contains(&format!("picked up {picked}")),
        "{}",
        status(&a)
    );
    let Some(Overlay::Handover(list)) = &a.overlay else {
        panic!("the list stays open");
    };
    let item = list
        .items()
        .iter()
        .find(|i| i.id == picked)
        .expect("still listed");
    assert!(
        matches!(&item.pickup, cabletriage::handover::Pickup::PickedUp { by, .. } if by == "alice")
    );
    press(&mut a, "<esc>");
    assert!(a.overlay.is_none());
}
