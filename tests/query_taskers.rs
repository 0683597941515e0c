//! The tasker terms of the query language at a pinned time: `assignee:USER`, `is:mine`,
//! `is:late` and `task:STATE`, negated too, and their errors. Fictional records.

use cabletriage::cable::Cable;
use cabletriage::traffic::{Query, Record};
use cabletriage::triage::tasker::parse_instant;
use cabletriage::triage::{CableState, TaskState, Tasker};

fn record() -> Record {
    let c = Cable {
        file: "fixtures/26FICTIONIA1.txt".into(),
        id: Some("26FICTIONIA1".into()),
        subject: Some("HARBOUR TALKS".into()),
        ..Default::default()
    };
    Record::from_cable(&c, 0)
}

fn tasked(assignee: &str, state: TaskState, suspense: Option<&str>, viewer: &str) -> CableState {
    let mut c = CableState {
        tasker: Some(Tasker {
            assignee: assignee.into(),
            state,
            suspense: suspense.and_then(parse_instant),
            assigned_by: "alice".into(),
            assigned_at: parse_instant("2026-12-01T09:00:00Z").expect("time"),
        }),
        ..Default::default()
    };
    c.view_as(Some(viewer));
    c
}

fn holds(q: &str, now: &str, c: &CableState) -> bool {
    let q = Query::parse_at(q, parse_instant(now).expect("now")).expect(q);
    q.accepts(&record(), c)
}

const NOON: &str = "2026-12-06T12:00:00Z";

#[test]
fn assignee_and_task_state() {
    let c = tasked("Bob", TaskState::Working, None, "alice");
    assert!(holds("assignee:bob", NOON, &c));
    assert!(!holds("assignee:carol", NOON, &c));
    assert!(holds("task:working", NOON, &c));
    assert!(!holds("task:closed", NOON, &c));
    assert!(holds("-task:closed", NOON, &c));
    assert!(!holds("assignee:bob", NOON, &CableState::default()));
}

#[test]
fn mine_is_the_viewers_own_tasker() {
    assert!(holds(
        "is:mine",
        NOON,
        &tasked("bob", TaskState::Assigned, None, "bob")
    ));
    assert!(!holds(
        "is:mine",
        NOON,
        &tasked("bob", TaskState::Assigned, None, "alice")
    ));
    assert!(!holds("is:mine", NOON, &CableState::default()));
}

#[test]
fn late_is_an_open_tasker_past_its_suspense_at_the_given_time() {
    let due = Some("2026-12-06T11:00:00Z");
    let c = tasked("bob", TaskState::Working, due, "bob");
    assert!(holds("is:late", NOON, &c));
    assert!(!holds("is:late", "2026-12-06T10:59:00Z", &c), "not yet");
    assert!(
        !holds("is:late", "2026-12-06T11:00:00Z", &c),
        "due, not past"
    );
    let closed = tasked("bob", TaskState::Closed, due, "bob");
    assert!(
        !holds("is:late", NOON, &closed),
        "a closed tasker is never late"
    );
    let open_ended = tasked("bob", TaskState::Working, None, "bob");
    assert!(
        !holds("is:late", NOON, &open_ended),
        "no suspense, never late"
    );
    assert!(holds("-is:late", NOON, &open_ended));
}

#[test]
fn bad_tasker_terms_say_what_to_write() {
    let e = Query::parse("task:done").expect_err("unknown state");
    assert!(
        e.message.contains("assigned, working, clearance or closed"),
        "{e}"
    );
    let e = Query::parse("assignee:").expect_err("empty");
    assert!(e.message.contains("assignee:bob"), "{e}");
    let e = Query::parse("is:mien").expect_err("typo");
    assert!(e.message.contains("is:mine"), "{e}");
    let e = Query::parse("asignee:bob").expect_err("typo");
    assert!(e.message.contains("assignee:"), "{e}");
}

/// The inbox binds its query to the office clock each minute: a filter `is:late` typed before a
/// suspense passed must take in the cable once the clock has moved past it.
#[test]
fn late_follows_the_clock_the_query_is_bound_to() {
    use cabletriage::triage::due::{DueClock, Objectives};
    let c = tasked(
        "bob",
        TaskState::Working,
        Some("2026-12-06T11:00:00Z"),
        "alice",
    );
    let typed = parse_instant("2026-12-06T10:00:00Z").expect("time");
    let q = Query::parse_at("is:late", typed).expect("query");
    assert!(q.uses_clock(), "is:late changes as time passes");
    assert!(!q.accepts(&record(), &c), "not late when typed");
    let later = parse_instant(NOON).expect("time").timestamp();
    let q = q.at_clock(DueClock::new(Objectives::default(), later));
    assert!(
        q.accepts(&record(), &c),
        "late once the clock is past the suspense"
    );
}
