//! The journal cannot be forged by what a value holds, numbers never wrap or repeat, versions
//! are respected, an edit to history is evident, and a damaged snapshot is never trusted.

use std::path::Path;

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use cabletriage::triage::format::{encode_all, parse};
use cabletriage::triage::{Event, Journal, Op, TriageError};

fn k(s: &str) -> Vec<String> {
    vec![s.to_string()]
}

fn journal_text(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("journal.toml")).unwrap()
}

/// The note the issue typed into the TUI: a line `[[event]]` and the fields of a forged event.
const FORGERY: &str = "line one\n[[event]]\nseq = 1000\nuser = \"mallory\"\ncable = \"26TALLINN409\"\nop = \"done\"\nat = \"2026-11-26T00:00:00Z\"\nx = 1";

#[test]
fn a_note_holding_an_event_stays_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path(), "alice").unwrap();
    j.apply(
        Op::SetNote {
            text: FORGERY.into(),
        },
        &k("26TALLINN409"),
    )
    .unwrap();
    let again = Journal::open(dir.path(), "bob").unwrap();
    let st = again.state().get("26TALLINN409");
    assert_eq!(st.note(), Some(FORGERY), "the note was lost");
    assert!(!st.done, "the forged `done` was taken as an event");
    let (events, damage) = Journal::read_log(dir.path()).unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!((events[0].seq, events[0].user.as_str()), (1, "alice"));
    assert!(damage.is_empty(), "{damage:?}");
    // The next writer gets the next number, not one the note named.
    let mut j = Journal::open(dir.path(), "bob").unwrap();
    let ev = j.apply(Op::Flag, &k("X")).unwrap().event.unwrap();
    assert_eq!(ev.seq, 2);
    assert!(
        !journal_text(dir.path())
            .lines()
            .any(|l| l.starts_with("user = \"mallory\"")),
        "a value made a line of its own"
    );
}

#[test]
fn control_characters_in_a_user_or_label_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let bad_user = "bob\n[[event]]\nseq = 9";
    match Journal::open(dir.path(), bad_user) {
        Err(TriageError::Invalid(msg)) => {
            assert!(msg.contains("control characters"), "{msg}");
            assert!(
                !msg.contains('\n'),
                "the message carries the raw newline: {msg}"
            );
        }
        other => panic!("a user name with a newline was accepted: {other:?}"),
    }
    let mut j = Journal::open(dir.path(), "alice").unwrap();
    for label in ["x\u{1b}]52;c;aGk=\u{7}", "a\nb", "nul\u{0}"] {
        let e = j.apply(
            Op::AddLabels {
                labels: vec![label.into()],
            },
            &k("A"),
        );
        assert!(
            matches!(e, Err(TriageError::Invalid(_))),
            "{label:?}: {e:?}"
        );
    }
    let e = j.apply(
        Op::RouteAction {
            desk: "EUR/CE\n[[event]]".into(),
        },
        &k("A"),
    );
    assert!(matches!(e, Err(TriageError::Invalid(_))), "{e:?}");
    assert!(!dir.path().join("journal.toml").exists());
}

/// Any text, for notes (the one value that may hold anything).
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(\\[\\[event\\]\\]|\"\"\"|'''|\n|\r|\u{0}|seq = 1|\\\\|\"|[a-z ]){0,12}",
    ]
}

/// Any one-line text without control characters, for users, labels and desks.
fn any_word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[^\\p{Cc}\\s-][^\\p{Cc}\\s]{0,10}",
        "(\\[\\[event\\]\\]|\"\"\"|'|\\\\|\"|é|\u{202e}|\u{200d}|[A-Z/]){1,8}",
    ]
}

fn any_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        prop::collection::vec(any_word(), 1..3).prop_map(|labels| Op::AddLabels { labels }),
        any_word().prop_map(|desk| Op::RouteAction { desk }),
        any_word().prop_map(|desk| Op::AddInfoDesk { desk }),
        any_text().prop_map(|text| Op::SetNote { text }),
        Just(Op::Done),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the strings hold, writing then reading gives back exactly the events written:
    /// none made, none lost, none altered, and the chain holds.
    #[test]
    fn any_strings_round_trip_through_write_and_read(
        items in prop::collection::vec((any_op(), any_word(), any_word(), any_text()), 1..6)
    ) {
        let events: Vec<Event> = items
            .into_iter()
            .enumerate()
            .map(|(i, (op, user, os, cable))| Event {
                seq: i as u64 + 1,
                at: Utc.timestamp_millis_opt(1_790_000_000_000 + i as i64).unwrap(),
                user,
                os_user: Some(os),
                cables: vec![if cable.is_empty() { "K".into() } else { cable }],
                op,
            })
            .collect();
        let text = encode_all(&events).unwrap();
        let p = parse(text.as_bytes(), 1, true);
        prop_assert!(p.damage.is_empty(), "{:?}", p.damage);
        prop_assert_eq!(&p.events, &events);
        prop_assert!(p.links.iter().all(|l| l.intact));
        prop_assert_eq!(p.format, Some(2));
    }

    /// Through the journal itself: a note of any text round-trips and is the only event.
    #[test]
    fn any_note_round_trips_through_the_journal(note in any_text(), user in any_word()) {
        let dir = tempfile::tempdir().unwrap();
        let mut j = Journal::open(dir.path(), &user).unwrap();
        j.apply(Op::SetNote { text: note.clone() }, &k("C")).unwrap();
        j.apply(Op::Flag, &k("D")).unwrap();
        let (events, damage) = Journal::read_log(dir.path()).unwrap();
        prop_assert!(damage.is_empty());
        // Clearing a note nobody wrote changes nothing, and records nothing.
        prop_assert_eq!(events.len(), if note.is_empty() { 1 } else { 2 });
        prop_assert_eq!(&events[0].user, &user);
        let again = Journal::open(dir.path(), "reader").unwrap();
        let want = Some(note.as_str()).filter(|t| !t.is_empty());
        prop_assert_eq!(again.state().get("C").note(), want);
        prop_assert!(again.chain().breaks.is_empty());
    }
}

/// A journal whose last event has number `seq`, written by hand in format 2.
fn journal_ending_at(dir: &Path, seq: u64) {
    let ev = Event {
        seq,
        at: Utc::now(),
        user: "alice".into(),
        os_user: Some("alice".into()),
        cables: k("A"),
        op: Op::Flag,
    };
    std::fs::write(dir.join("journal.toml"), encode_all(&[ev]).unwrap()).unwrap();
}

#[test]
fn event_numbers_never_wrap() {
    let last = i64::MAX as u64;
    let dir = tempfile::tempdir().unwrap();
    journal_ending_at(dir.path(), last);
    let mut j = Journal::open(dir.path(), "bob").unwrap();
    let before = journal_text(dir.path());
    let e = j.apply(Op::Done, &k("A"));
    match e {
        Err(TriageError::Exhausted { last: l }) => assert_eq!(l, last),
        other => panic!("numbers past #{last}: {other:?}"),
    }
    assert!(j.undo().is_err(), "undo after the numbers ran out");
    assert_eq!(journal_text(dir.path()), before, "something was written");
    // A number no TOML integer holds (u64::MAX) is damage, and still reserves the numbers.
    let dir = tempfile::tempdir().unwrap();
    journal_ending_at(dir.path(), 5);
    let text = journal_text(dir.path()).replace("seq = 5", "seq = 18446744073709551615");
    std::fs::write(dir.path().join("journal.toml"), text).unwrap();
    let mut j = Journal::open(dir.path(), "bob").unwrap();
    assert!(matches!(
        j.apply(Op::Done, &k("A")),
        Err(TriageError::Exhausted { .. })
    ));
}

#[test]
fn an_event_of_an_unknown_op_keeps_its_number() {
    let dir = tempfile::tempdir().unwrap();
    journal_ending_at(dir.path(), 7);
    let text = journal_text(dir.path()).replace("op = \"flag\"", "op = \"teleport\"");
    std::fs::write(dir.path().join("journal.toml"), text).unwrap();
    let mut j = Journal::open(dir.path(), "bob").unwrap();
    let ev = j.apply(Op::Done, &k("A")).unwrap().event.unwrap();
    assert_eq!(ev.seq, 8, "the unknown event's number was reused");
    // Read under the lock (the append took it), the unknown event is damage that names its op.
    assert!(
        j.damage()[0].reason.contains("teleport"),
        "{:?}",
        j.damage()
    );
}

#[test]
fn numbers_only_rise_a_copied_event_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path(), "alice").unwrap();
    j.apply(Op::Flag, &k("A")).unwrap();
    j.apply(Op::Done, &k("B")).unwrap();
    // Copy the first event to the end, as a hand edit or a bad merge would.
    let text = journal_text(dir.path());
    let first = text.split("\n\n").nth(1).unwrap();
    std::fs::write(
        dir.path().join("journal.toml"),
        format!(
            "{text}{}\n\n",
            first.replace("cable = \"A\"", "cable = \"Z\"")
        ),
    )
    .unwrap();
    let again = Journal::open(dir.path(), "bob").unwrap();
    assert!(!again.state().get("Z").flagged, "the copy was replayed");
    assert!(
        again
            .damage()
            .iter()
            .any(|d| d.reason.contains("must rise"))
    );
}

#[test]
fn a_newer_format_is_read_but_never_appended_to() {
    let dir = tempfile::tempdir().unwrap();
    journal_ending_at(dir.path(), 3);
    let text = journal_text(dir.path()).replace("format = 2", "format = 3");
    std::fs::write(dir.path().join("journal.toml"), &text).unwrap();
    let mut j = Journal::open(dir.path(), "bob").unwrap();
    assert!(j.state().get("A").flagged, "the events it knows are read");
    let e = j.apply(Op::Done, &k("A")).unwrap_err();
    assert!(
        matches!(e, TriageError::NewerFormat { found: 3, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("newer"), "{e}");
    assert_eq!(journal_text(dir.path()), text);
}

#[test]
fn a_byte_order_mark_costs_no_event() {
    let dir = tempfile::tempdir().unwrap();
    journal_ending_at(dir.path(), 1);
    let body = journal_text(dir.path());
    let first_event = body.find("\n[[event]]").unwrap() + 1;
    // Both with the preamble and with the BOM right before the first `[[event]]`.
    for text in [
        format!("\u{feff}{body}"),
        format!("\u{feff}{}", &body[first_event..]),
    ] {
        std::fs::write(dir.path().join("journal.toml"), text).unwrap();
        let j = Journal::open(dir.path(), "bob").unwrap();
        assert!(j.state().get("A").flagged, "the first event was lost");
        assert!(j.damage().is_empty(), "{:?}", j.damage());
    }
}

/// A journal as format 1 wrote it: no preamble, a multi-line note, no hashes.
const FORMAT_1: &str = "[[event]]\nseq = 1\nuser = \"alice\"\ncable = \"A\"\nop = \"set_note\"\ntext = \"\"\"\nfirst line\nsecond line\"\"\"\nat = \"2026-11-20T10:00:00.000Z\"\n\n[[event]]\nseq = 2\nuser = \"bob\"\ncables = [\"A\", \"B\"]\nop = \"add_labels\"\nlabels = [\"urgent\"]\nat = \"2026-11-20T10:01:00.000Z\"\n\n";

#[test]
fn a_format_1_journal_is_read_then_rewritten_at_the_first_append() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("journal.toml"), FORMAT_1).unwrap();
    let mut j = Journal::open(dir.path(), "carol").unwrap();
    assert_eq!(j.state().get("A").note(), Some("first line\nsecond line"));
    assert_eq!(j.format(), None);
    let ev = j.apply(Op::Flag, &k("B")).unwrap().event.unwrap();
    assert_eq!(ev.seq, 3);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("journal.v1.toml")).unwrap(),
        FORMAT_1,
        "the old file is kept as it was"
    );
    let text = journal_text(dir.path());
    assert!(text.contains("\nformat = 2\n"), "{text}");
    let again = Journal::open(dir.path(), "dave").unwrap();
    assert_eq!(again.format(), Some(2));
    assert_eq!(
        again.state().get("A").note(),
        Some("first line\nsecond line")
    );
    assert!(again.state().get("B").labels.contains("urgent"));
    assert!(again.state().get("B").flagged);
    assert!(again.chain().breaks.is_empty(), "{:?}", again.chain());
    assert_eq!(again.chain().chained, 3);
}

/// Three events by alice: label A, flag B, done C.
fn three(dir: &Path) -> String {
    let mut j = Journal::open(dir, "alice").unwrap();
    j.apply(
        Op::AddLabels {
            labels: vec!["one".into()],
        },
        &k("A"),
    )
    .unwrap();
    j.apply(Op::Flag, &k("B")).unwrap();
    j.apply(Op::Done, &k("C")).unwrap();
    journal_text(dir)
}

#[test]
fn an_edit_in_the_middle_of_history_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let text = three(dir.path());
    assert!(
        Journal::audit(dir.path())
            .unwrap()
            .chain()
            .breaks
            .is_empty()
    );

    // Change who acted in event #2.
    let edited = text.replacen("user = \"alice\"", "user = \"mallory\"", 2);
    let edited = edited.replacen("user = \"mallory\"", "user = \"alice\"", 1);
    std::fs::write(dir.path().join("journal.toml"), &edited).unwrap();
    let j = Journal::audit(dir.path()).unwrap();
    let b = j.chain().first_break().expect("the edit went unnoticed");
    assert_eq!(b.seq, 2, "{b}");
    assert!(b.reason.contains("changed"), "{b}");
    assert_eq!(j.chain().breaks.len(), 1, "one edit is one break");

    // Remove event #2 altogether: #3 no longer follows.
    let start = text.match_indices("\n[[event]]").nth(1).unwrap().0;
    let end = text.match_indices("\n[[event]]").nth(2).unwrap().0;
    let cut = format!("{}{}", &text[..start], &text[end..]);
    std::fs::write(dir.path().join("journal.toml"), cut).unwrap();
    let j = Journal::audit(dir.path()).unwrap();
    let b = j.chain().first_break().expect("the removal went unnoticed");
    assert_eq!(b.seq, 3, "{b}");
}

#[test]
fn a_damaged_snapshot_is_reported_and_replaced_by_a_replay() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path(), "alice").unwrap();
    for i in 0..20 {
        j.apply(
            Op::AddLabels {
                labels: vec![format!("l{i}")],
            },
            &k(&format!("C{i}")),
        )
        .unwrap();
    }
    j.apply(Op::Flag, &k("C3")).unwrap();
    j.write_snapshot().unwrap();
    let truth = Journal::open_full(dir.path(), "alice").unwrap();
    let snap_path = dir.path().join("snapshot.toml");
    let good = std::fs::read(&snap_path).unwrap();
    let cables_at = good.windows(8).position(|w| w == b"[cables.").unwrap();
    let mut silent = 0;
    for bit in 0..50 {
        let mut bad = good.clone();
        let at = cables_at + (bit * 37) % (good.len() - cables_at);
        bad[at] ^= 1 << (bit % 8);
        std::fs::write(&snap_path, &bad).unwrap();
        let j = Journal::open(dir.path(), "alice").unwrap();
        assert_eq!(
            j.state().cables,
            truth.state().cables,
            "flip {bit} changed a decision"
        );
        if j.notices().is_empty() {
            silent += 1;
        }
    }
    assert_eq!(silent, 0, "a damaged snapshot went unreported");
    // The damaged snapshot was replaced: the next start uses it again, with no warning.
    let j = Journal::open(dir.path(), "alice").unwrap();
    assert!(j.notices().is_empty(), "{:?}", j.notices());
    assert_eq!(j.state().cables, truth.state().cables);
}
