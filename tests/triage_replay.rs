//! Replay, undo/redo (single and bulk) and the journal's text form, through the public API.

use cabletriage::triage::{Journal, Op};

fn keys(ks: &[&str]) -> Vec<String> {
    ks.iter().map(|s| s.to_string()).collect()
}

fn labels(ls: &[&str]) -> Op {
    Op::AddLabels { labels: keys(ls) }
}

#[test]
fn actions_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path(), "alice").unwrap();
    j.apply(labels(&["urgent", "nato"]), &keys(&["07USNATO265"]))
        .unwrap();
    j.apply(
        Op::RouteAction {
            desk: "EUR/RPM".into(),
        },
        &keys(&["07USNATO265"]),
    )
    .unwrap();
    j.apply(
        Op::AddInfoDesk {
            desk: "EUR/CE".into(),
        },
        &keys(&["07USNATO265"]),
    )
    .unwrap();
    j.apply(
        Op::SetNote {
            text: "call \"Rood\"\nback = yes".into(),
        },
        &keys(&["07USNATO265"]),
    )
    .unwrap();
    j.apply(Op::Flag, &keys(&["07USNATO265", "09MOSCOW12"]))
        .unwrap();
    j.apply(Op::MarkRead, &keys(&["09MOSCOW12"])).unwrap();
    j.apply(Op::Ack, &keys(&["09MOSCOW12"])).unwrap();
    j.apply(
        Op::RemoveLabels {
            labels: keys(&["nato"]),
        },
        &keys(&["07USNATO265"]),
    )
    .unwrap();
    let expected = j.state().cables.clone();

    // Reads are each officer's own: alice sees what she read, bob sees who read it.
    let bob = Journal::open(dir.path(), "bob").unwrap();
    let seen_by_bob = bob.state().get("09MOSCOW12");
    assert!(!seen_by_bob.read, "alice's read is not bob's");
    assert_eq!(seen_by_bob.read_by.iter().collect::<Vec<_>>(), ["alice"]);
    let again = Journal::open(dir.path(), "alice").unwrap();
    assert!(again.damage().is_empty(), "{:?}", again.damage());
    assert_eq!(again.state().cables, expected);
    let c = again.state().get("07USNATO265");
    assert_eq!(c.labels.iter().collect::<Vec<_>>(), ["urgent"]);
    assert_eq!(c.action_desk.as_deref(), Some("EUR/RPM"));
    assert_eq!(c.info_desks, ["EUR/CE"]);
    assert_eq!(c.note(), Some("call \"Rood\"\nback = yes"));
    assert!(c.flagged && !c.read);
    let m = again.state().get("09MOSCOW12");
    assert!(m.flagged && m.read);
    assert_eq!(m.acked_by.as_deref(), Some("alice"));
    assert_eq!(
        again.labels_in_use().into_iter().collect::<Vec<_>>(),
        ["urgent"]
    );
}

#[test]
fn journal_is_readable_toml_with_one_table_per_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path(), "alice").unwrap();
    j.apply(labels(&["urgent"]), &keys(&["A1"])).unwrap();
    j.apply(Op::Done, &keys(&["A1", "B2"])).unwrap();
    let text = std::fs::read_to_string(dir.path().join("journal.toml")).unwrap();
    let doc: toml::Table = text.parse().unwrap();
    let events = doc["event"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["seq"].as_integer(), Some(1));
    assert_eq!(events[0]["user"].as_str(), Some("alice"));
    assert_eq!(events[0]["cable"].as_str(), Some("A1"));
    assert_eq!(events[0]["op"].as_str(), Some("add_labels"));
    assert!(events[0]["at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(events[1]["op"].as_str(), Some("done"));
    assert_eq!(events[1]["cables"].as_array().unwrap().len(), 2);
}

#[test]
fn undo_restores_the_exact_prior_state_and_redo_reapplies() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path(), "alice").unwrap();
    let k = keys(&["K1"]);
    j.apply(
        Op::RouteAction {
            desk: "EUR/CE".into(),
        },
        &k,
    )
    .unwrap();
    j.apply(labels(&["a"]), &k).unwrap();
    let before = j.state().get("K1").clone();
    j.apply(
        Op::RouteAction {
            desk: "EUR/RUS".into(),
        },
        &k,
    )
    .unwrap();
    j.apply(labels(&["a", "b"]), &k).unwrap();
    j.undo().unwrap();
    j.undo().unwrap();
    assert_eq!(j.state().get("K1"), &before);
    j.redo().unwrap();
    assert_eq!(j.state().get("K1").action_desk.as_deref(), Some("EUR/RUS"));
    // Undo everything: the cable is back to untouched, and there is nothing left to undo.
    while j.undo().is_ok() {}
    assert!(j.state().cables.is_empty(), "{:?}", j.state().cables);
    // A new action clears the redo stack.
    j.apply(Op::Flag, &k).unwrap();
    assert!(j.redo().is_err());
    // The history is in the journal, and replays to the same state.
    let again = Journal::open(dir.path(), "alice").unwrap();
    assert_eq!(again.state().cables, j.state().cables);
    let text = std::fs::read_to_string(dir.path().join("journal.toml")).unwrap();
    assert!(text.contains("op = \"undo\"") && text.contains("op = \"redo\""));
}

#[test]
fn bulk_undo_is_one_step_per_cable_state() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path(), "alice").unwrap();
    j.apply(labels(&["x"]), &keys(&["A"])).unwrap();
    j.apply(Op::MarkRead, &keys(&["B"])).unwrap();
    let before = j.state().cables.clone();
    let done = j
        .apply(labels(&["x", "y"]), &keys(&["A", "B", "C"]))
        .unwrap();
    assert_eq!((done.touched, done.changed), (3, 3));
    let undone = j.undo().unwrap();
    assert_eq!(undone.event.unwrap().cables.len(), 3);
    assert_eq!(j.state().cables, before);
    j.redo().unwrap();
    for k in ["A", "B", "C"] {
        assert!(j.state().get(k).labels.contains("y"), "{k}");
    }
}

#[test]
fn undo_is_per_user_and_keeps_the_other_users_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Journal::open(dir.path(), "alice").unwrap();
    let mut bob = Journal::open(dir.path(), "bob").unwrap();
    alice.apply(labels(&["mine"]), &keys(&["K"])).unwrap();
    bob.apply(labels(&["his"]), &keys(&["K"])).unwrap();
    // alice's undo takes back her label, not bob's later one.
    let u = alice.undo().unwrap();
    assert_eq!(u.event.unwrap().op, Op::Undo { undoes: 1 });
    assert_eq!(
        alice.state().get("K").labels.iter().collect::<Vec<_>>(),
        ["his"]
    );
    assert!(alice.undo().is_err(), "alice has nothing more to undo");
    bob.poll_new().unwrap();
    assert_eq!(bob.state().cables, alice.state().cables);
}

#[test]
fn undo_leaves_a_field_another_user_changed_since() {
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Journal::open(dir.path(), "alice").unwrap();
    let mut bob = Journal::open(dir.path(), "bob").unwrap();
    alice
        .apply(
            Op::RouteAction {
                desk: "EUR/CE".into(),
            },
            &keys(&["K"]),
        )
        .unwrap();
    alice.apply(Op::Flag, &keys(&["K"])).unwrap();
    bob.apply(
        Op::RouteAction {
            desk: "EUR/RUS".into(),
        },
        &keys(&["K"]),
    )
    .unwrap();
    alice.undo().unwrap(); // the flag: nobody touched it since, so it goes
    let u = alice.undo().unwrap(); // the route: bob's later routing stands
    assert_eq!(u.changed, 0);
    let k = alice.state().get("K");
    assert!(!k.flagged);
    assert_eq!(k.action_desk.as_deref(), Some("EUR/RUS"));
}

#[test]
fn undo_works_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut j = Journal::open(dir.path(), "alice").unwrap();
        j.apply(
            Op::SetNote {
                text: "first".into(),
            },
            &keys(&["K"]),
        )
        .unwrap();
        j.apply(
            Op::SetNote {
                text: "second".into(),
            },
            &keys(&["K"]),
        )
        .unwrap();
        j.write_snapshot().unwrap();
    }
    let mut j = Journal::open(dir.path(), "alice").unwrap();
    j.undo().unwrap();
    assert_eq!(j.state().get("K").note(), Some("first"));
}

#[test]
fn bad_input_is_refused_and_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path(), "alice").unwrap();
    assert!(j.apply(labels(&["two words"]), &keys(&["K"])).is_err());
    assert!(j.apply(labels(&["-x"]), &keys(&["K"])).is_err());
    assert!(j.apply(Op::Flag, &[]).is_err());
    assert!(j.apply(Op::Undo { undoes: 1 }, &keys(&["K"])).is_err());
    assert!(j.undo().is_err());
    let text = std::fs::read_to_string(dir.path().join("journal.toml")).unwrap_or_default();
    assert!(!text.contains("[[event]]"), "{text}");
}

#[test]
fn an_action_that_changes_nothing_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path(), "alice").unwrap();
    assert!(
        j.apply(Op::MarkRead, &keys(&["K"]))
            .unwrap()
            .event
            .is_some()
    );
    // Opening the cable again marks it read again: no new event, nothing to undo twice.
    let again = j.apply(Op::MarkRead, &keys(&["K"])).unwrap();
    assert!(again.event.is_none());
    assert_eq!(again.changed, 0);
    // A bulk action where only some cables change is recorded, and counts those.
    let bulk = j.apply(Op::MarkRead, &keys(&["K", "L"])).unwrap();
    assert_eq!((bulk.touched, bulk.changed), (2, 1));
    let (events, _) = Journal::read_log(dir.path()).unwrap();
    assert_eq!(events.len(), 2);
}

#[test]
fn undo_of_an_action_a_colleague_overrode_is_known_to_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut alice = Journal::open(dir.path(), "alice").unwrap();
    alice.apply(Op::Flag, &keys(&["K"])).unwrap();
    assert!(!alice.next_undo_is_overridden());
    let mut bob = Journal::open(dir.path(), "bob").unwrap();
    bob.apply(Op::Unflag, &keys(&["K"])).unwrap();
    alice.poll_new().unwrap();
    assert!(alice.next_undo_is_overridden(), "bob unflagged it since");
    alice.undo().unwrap();
    assert!(!alice.state().get("K").flagged, "the undo changed nothing");
}
