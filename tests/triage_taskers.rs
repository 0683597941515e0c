//! Taskers and handover pick-ups through the journal: assign with a suspense, move the state,
//! undo each step, survive a reopen through the snapshot and through a full replay, and the
//! journal text that carries them.

use cabletriage::triage::tasker::parse_instant;
use cabletriage::triage::{Journal, Op, TaskState};

fn one(k: &str) -> Vec<String> {
    vec![k.to_string()]
}

fn assign(who: &str, due: Option<&str>) -> Op {
    Op::Assign {
        assignee: who.into(),
        suspense: due.map(|d| parse_instant(d).expect("time")),
    }
}

#[test]
fn assign_move_and_undo_each_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path(), "alice").unwrap();
    let k = one("09MOSCOW12");
    j.apply(assign("bob", Some("2026-12-08T17:00:00Z")), &k)
        .unwrap();
    let t = j.state().get("09MOSCOW12").tasker.clone().expect("tasked");
    assert_eq!(
        (t.assignee.as_str(), t.state, t.assigned_by.as_str()),
        ("bob", TaskState::Assigned, "alice")
    );
    assert_eq!(t.suspense, parse_instant("2026-12-08T17:00:00Z"));
    j.apply(
        Op::Task {
            state: TaskState::Working,
        },
        &k,
    )
    .unwrap();
    assert_eq!(
        j.state().get("09MOSCOW12").tasker.as_ref().map(|t| t.state),
        Some(TaskState::Working)
    );
    j.undo().unwrap();
    assert_eq!(
        j.state().get("09MOSCOW12").tasker.as_ref().map(|t| t.state),
        Some(TaskState::Assigned)
    );
    j.undo().unwrap();
    assert_eq!(j.state().get("09MOSCOW12").tasker, None);
    assert!(
        !j.state().cables.contains_key("09MOSCOW12"),
        "back to untouched"
    );
    j.redo().unwrap();
    assert_eq!(
        j.state()
            .get("09MOSCOW12")
            .tasker
            .as_ref()
            .map(|t| t.assignee.as_str()),
        Some("bob")
    );
}

#[test]
fn reassigning_keeps_the_state_only_for_the_same_officer() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path(), "alice").unwrap();
    let k = one("09KYIV7");
    j.apply(assign("bob", None), &k).unwrap();
    let working = Op::Task {
        state: TaskState::Clearance,
    };
    j.apply(working, &k).unwrap();
    j.apply(assign("bob", Some("2026-12-09T09:00:00Z")), &k)
        .unwrap();
    let t = j.state().get("09KYIV7").tasker.clone().unwrap();
    assert_eq!(t.state, TaskState::Clearance, "same officer, new suspense");
    assert!(t.suspense.is_some());
    j.apply(assign("carol", None), &k).unwrap();
    let t = j.state().get("09KYIV7").tasker.clone().unwrap();
    assert_eq!(
        (t.assignee.as_str(), t.state),
        ("carol", TaskState::Assigned)
    );
    assert_eq!(t.suspense, None, "assign replaces the suspense");
}

#[test]
fn moving_a_cable_without_a_tasker_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path(), "alice").unwrap();
    let done = j
        .apply(
            Op::Task {
                state: TaskState::Closed,
            },
            &one("09KYIV7"),
        )
        .unwrap();
    assert!(done.event.is_none());
}

#[test]
fn a_bad_assignee_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path(), "alice").unwrap();
    for bad in ["", "  ", "bob\n[[event]]"] {
        assert!(
            j.apply(assign(bad, None), &one("09KYIV7")).is_err(),
            "{bad:?}"
        );
    }
}

#[test]
fn taskers_pick_ups_and_last_actor_survive_snapshot_and_replay() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut j = Journal::open(dir.path(), "alice").unwrap();
        j.apply(assign("bob", Some("2026-12-08T17:00:00Z")), &one("A1"))
            .unwrap();
        let mut b = Journal::open(dir.path(), "bob").unwrap();
        b.apply(Op::HandoverAck, &one("A1")).unwrap();
        b.apply(Op::MarkRead, &one("A1")).unwrap();
        b.write_snapshot().unwrap();
    }
    let text = std::fs::read_to_string(dir.path().join("journal.toml")).unwrap();
    assert!(text.contains("op = \"assign\""), "{text}");
    assert!(text.contains("assignee = \"bob\""), "{text}");
    assert!(
        text.contains("suspense = \"2026-12-08T17:00:00Z\""),
        "{text}"
    );
    assert!(text.contains("op = \"handover_ack\""), "{text}");
    for full in [false, true] {
        let j = if full {
            Journal::open_full(dir.path(), "bob").unwrap()
        } else {
            Journal::open(dir.path(), "bob").unwrap()
        };
        let c = j.state().get("A1");
        assert_eq!(c.tasker.as_ref().map(|t| t.assignee.as_str()), Some("bob"));
        assert!(c.mine, "bob's own tasker (full replay: {full})");
        assert_eq!(
            c.tasker.as_ref().and_then(|t| t.suspense),
            parse_instant("2026-12-08T17:00:00Z"),
            "the suspense reads back from the journal text"
        );
        assert_eq!(c.handover_ack.as_ref().map(|p| p.by.as_str()), Some("bob"));
        // Reading is not acting: bob picked it up last.
        let last = j.state().last_acted.get("A1").expect("acted");
        assert_eq!(last.by, "bob");
    }
    let alice = Journal::open(dir.path(), "alice").unwrap();
    assert!(!alice.state().get("A1").mine, "not alice's");
}
