//! The due clock's rules at pinned moments.

use super::*;

const DTG: i64 = 1_796_558_400; // 2026-12-06T12:00:00Z

fn at(secs_after_dtg: i64) -> DueClock {
    DueClock::new(Objectives::default(), DTG + secs_after_dtg)
}

fn status(p: Precedence, after: i64, s: &CableState) -> DueStatus {
    due(Some(p), Some(DTG), s, &at(after))
}

#[test]
fn every_precedence_is_due_at_its_objective() {
    let fresh = CableState::default();
    for (p, mins) in [
        (Precedence::Flash, 10),
        (Precedence::NiactImmediate, 30),
        (Precedence::Immediate, 30),
        (Precedence::Priority, 180),
        (Precedence::Routine, 360),
    ] {
        let s = status(p, 0, &fresh);
        assert_eq!(s.due(), Some(DTG + mins * 60), "{p:?}");
        assert_eq!(s.left(), Some(mins * 60), "{p:?}");
        assert!(!s.is_overdue() && !s.is_due_soon(), "{p:?} at its DTG");
    }
}

#[test]
fn due_soon_is_the_last_fifth_and_overdue_starts_after_the_due_second() {
    let fresh = CableState::default();
    // FLASH: 10 minutes, the last fifth is the last 2 minutes.
    let before_soon = status(Precedence::Flash, 8 * 60 - 1, &fresh);
    assert!(!before_soon.is_due_soon());
    let soon = status(Precedence::Flash, 8 * 60, &fresh);
    assert!(soon.is_due_soon() && !soon.is_overdue());
    let on_time = status(Precedence::Flash, 10 * 60, &fresh);
    assert!(
        on_time.is_due_soon() && !on_time.is_overdue(),
        "{on_time:?}"
    );
    let late = status(Precedence::Flash, 10 * 60 + 1, &fresh);
    assert!(late.is_overdue() && !late.is_due_soon());
    assert_eq!(late.label().as_deref(), Some("-1m"));
}

#[test]
fn handled_cables_have_no_due_time_and_the_rule_is_configurable() {
    let mut routed = CableState::default();
    routed.info_desks.push("EUR/CE".into());
    assert_eq!(status(Precedence::Flash, 3600, &routed), DueStatus::Handled);
    let acked = CableState {
        acked_by: Some("alice".into()),
        ..Default::default()
    };
    assert_eq!(status(Precedence::Flash, 3600, &acked), DueStatus::Handled);
    let done = CableState {
        done: true,
        ..Default::default()
    };
    assert_eq!(status(Precedence::Flash, 3600, &done), DueStatus::Handled);
    let mut read = CableState::default();
    read.read_by.insert("bob".into());
    assert!(
        status(Precedence::Flash, 3600, &read).is_overdue(),
        "reading is not handling"
    );

    // An office that counts only an action desk or done.
    let o = Objectives {
        handled: Handled::from_words(["action", "done"]).expect("known words"),
        ..Default::default()
    };
    let clock = DueClock::new(o, DTG + 3600);
    let d = |s: &CableState| due(Some(Precedence::Flash), Some(DTG), s, &clock);
    assert!(
        d(&routed).is_overdue(),
        "an info desk alone no longer counts"
    );
    assert!(d(&acked).is_overdue());
    let action = CableState {
        action_desk: Some("EUR/CE".into()),
        ..Default::default()
    };
    assert_eq!(d(&action), DueStatus::Handled);
    assert!(Handled::from_words(["routed", "filed"]).is_err());
}

#[test]
fn future_and_archive_dtgs_are_never_overdue() {
    let fresh = CableState::default();
    let future = status(Precedence::Flash, -60, &fresh);
    assert!(matches!(future, DueStatus::Future { .. }), "{future:?}");
    assert!(!future.is_overdue() && !future.is_due_soon());
    assert_eq!(future.label().as_deref(), Some("fut"));
    // The archive cut-off: a year by default, on the second.
    let year = DEFAULT_ARCHIVE;
    assert!(status(Precedence::Routine, year, &fresh).is_overdue());
    let old = status(Precedence::Routine, year + 1, &fresh);
    assert_eq!(old, DueStatus::Archive);
    assert_eq!(old.label().as_deref(), Some("arch"));
    // A shorter archive age.
    let o = Objectives {
        archive_after: 7 * 86_400,
        ..Default::default()
    };
    let clock = DueClock::new(o, DTG + 8 * 86_400);
    assert_eq!(
        due(Some(Precedence::Flash), Some(DTG), &fresh, &clock),
        DueStatus::Archive
    );
}

#[test]
fn a_stopped_clock_or_a_cable_without_precedence_or_dtg_has_none() {
    let fresh = CableState::default();
    let off = DueClock::new(Objectives::default().off(), DTG + 3600);
    assert_eq!(
        due(Some(Precedence::Flash), Some(DTG), &fresh, &off),
        DueStatus::None
    );
    assert_eq!(due(None, Some(DTG), &fresh, &at(3600)), DueStatus::None);
    assert_eq!(
        due(Some(Precedence::Flash), None, &fresh, &at(3600)),
        DueStatus::None
    );
}

#[test]
fn time_left_fits_five_cells() {
    assert_eq!(format_left(7 * 60), "7m");
    assert_eq!(format_left(7 * 60 - 30), "7m", "rounded up while running");
    assert_eq!(format_left(-7 * 60), "-7m");
    assert_eq!(format_left(2 * 3600 + 10 * 60), "2h10");
    assert_eq!(format_left(-(2 * 3600 + 10 * 60)), "-2h10");
    assert_eq!(format_left(28 * 3600), "1d04");
    assert_eq!(format_left(-12 * 86_400), "-12d");
    assert_eq!(format_left(-364 * 86_400), "-364d");
    assert_eq!(format_left(0), "0m");
    for s in (-400 * 86_400..400 * 86_400).step_by(3671) {
        assert!(format_left(s).len() <= 5, "{s}: {}", format_left(s));
    }
}

#[test]
fn durations_parse_and_bad_ones_say_how_to_write_them() {
    assert_eq!(parse_duration("10m"), Ok(600));
    assert_eq!(parse_duration("1h30m"), Ok(5400));
    assert_eq!(parse_duration(" 2d "), Ok(172_800));
    assert_eq!(parse_duration("1y"), Ok(DEFAULT_ARCHIVE));
    assert_eq!(parse_duration("90s"), Ok(90));
    for bad in [
        "",
        "10",
        "m",
        "10x",
        "1h30",
        "-5m",
        "99999999999999999999h",
        "2000y",
    ] {
        let e = parse_duration(bad).expect_err(bad);
        assert!(e.contains("10m"), "{bad}: {e}");
    }
    assert_eq!(format_duration(5400), "1h30m");
    assert_eq!(format_duration(600), "10m");
}

#[test]
fn unacknowledged_is_flash_or_niact_not_acked_not_done_not_archive() {
    let clock = at(3600);
    let fresh = CableState::default();
    let u = |p, s: &CableState| unacknowledged(Some(p), Some(DTG), s, &clock);
    assert!(u(Precedence::Flash, &fresh));
    assert!(u(Precedence::NiactImmediate, &fresh));
    assert!(!u(Precedence::Immediate, &fresh));
    let routed = CableState {
        action_desk: Some("EUR/CE".into()),
        ..Default::default()
    };
    assert!(
        u(Precedence::Flash, &routed),
        "routing is not an acknowledgement"
    );
    let acked = CableState {
        acked_by: Some("alice".into()),
        ..Default::default()
    };
    assert!(!u(Precedence::Flash, &acked));
    let old = at(DEFAULT_ARCHIVE + 1);
    assert!(!unacknowledged(
        Some(Precedence::Flash),
        Some(DTG),
        &fresh,
        &old
    ));
}

#[test]
fn the_due_sort_key_puts_the_nearest_breach_first() {
    let fresh = CableState::default();
    let overdue = status(Precedence::Flash, 3600, &fresh).sort_key();
    let soon = status(Precedence::Flash, 5 * 60, &fresh).sort_key();
    let later = status(Precedence::Routine, 5 * 60, &fresh).sort_key();
    let future = status(Precedence::Flash, -60, &fresh).sort_key();
    let done = CableState {
        done: true,
        ..Default::default()
    };
    let handled = status(Precedence::Flash, 3600, &done).sort_key();
    let mut keys = vec![handled, future, later, soon, overdue];
    keys.sort();
    assert_eq!(keys, [overdue, soon, later, future, handled]);
}

#[test]
fn an_escalation_step_is_recorded_once_and_never_undone() {
    use crate::triage::{Journal, Op};
    let dir = tempfile::tempdir().expect("tempdir");
    let keys = vec!["26RIVENDELL1".to_string()];
    let mut alice = Journal::open(dir.path(), "alice").expect("open");
    let mut bob = Journal::open(dir.path(), "bob").expect("open");
    alice
        .apply(
            Op::AddLabels {
                labels: vec!["x".into()],
            },
            &keys,
        )
        .expect("label");
    let first = alice
        .apply(Op::Escalate { step: 1 }, &keys)
        .expect("step 1");
    assert!(first.event.is_some());
    // Bob's session has not read Alice's event yet: the append catches up under the lock
    // and finds the step recorded.
    let again = bob
        .apply(Op::Escalate { step: 1 }, &keys)
        .expect("no error");
    assert!(again.event.is_none(), "recorded twice: {again:?}");
    assert_eq!(bob.state().get(&keys[0]).escalated, 1);
    // An escalation is not Alice's to undo: her undo takes back her label.
    let r = alice.next_undo().expect("something to undo");
    assert!(matches!(r.op, Op::AddLabels { .. }), "{r:?}");
    // A later step is recorded; an earlier one, late, is not.
    assert!(
        bob.apply(Op::Escalate { step: 2 }, &keys)
            .expect("2")
            .event
            .is_some()
    );
    assert!(
        alice
            .apply(Op::Escalate { step: 1 }, &keys)
            .expect("1")
            .event
            .is_none()
    );
    let again = Journal::open_full(dir.path(), "carol").expect("replay");
    assert_eq!(again.state().get(&keys[0]).escalated, 2);
}
