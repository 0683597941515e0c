//! The handover at pinned times, through the library: what one shift picked up shows as picked
//! up within its window and as carried over in the next shift's, the due clock's boundaries
//! (due soon in the last fifth, overdue only past the objective, archive and future DTGs not
//! counted) and how a handled cable leaves the due groups. Fictional records.

use cabletriage::cable::{Cable, Precedence};
use cabletriage::handover::{self, Group, Pickup};
use cabletriage::traffic::Record;
use cabletriage::triage::tasker::parse_instant;
use cabletriage::triage::{CableState, Picked, TriageState};
use chrono::{DateTime, Utc};

fn t(s: &str) -> DateTime<Utc> {
    parse_instant(s).expect("time")
}

fn record(id: &str, p: Precedence, dtg: &str) -> Record {
    let c = Cable {
        file: format!("fixtures/{id}.txt"),
        id: Some(id.into()),
        precedence: Some(p),
        dtg: Some(t(dtg)),
        subject: Some(format!("SUBJECT OF {id}")),
        ..Default::default()
    };
    Record::from_cable(&c, 0)
}

fn build(records: &[Record], state: &TriageState, now: &str, since: &str) -> handover::Handover {
    handover::build(records, state, t(now), t(since), &handover::default_clock())
}

#[test]
fn a_pickup_is_picked_up_in_its_shift_and_carried_over_in_the_next() {
    let records = [record("26A1", Precedence::Flash, "2026-12-06T11:40:00Z")];
    let mut state = TriageState::for_viewer(Some("erin"));
    let h = build(
        &records,
        &state,
        "2026-12-06T12:00:00Z",
        "2026-12-06T04:00:00Z",
    );
    assert_eq!(h.items[0].pickup, Pickup::New);
    state.cables.insert(
        "26A1".into(),
        CableState {
            handover_ack: Some(Picked {
                by: "erin".into(),
                at: t("2026-12-06T12:05:00Z"),
            }),
            ..Default::default()
        },
    );
    let h = build(
        &records,
        &state,
        "2026-12-06T12:10:00Z",
        "2026-12-06T04:10:00Z",
    );
    assert_eq!(
        h.items[0].pickup,
        Pickup::PickedUp {
            by: "erin".into(),
            at: t("2026-12-06T12:05:00Z")
        }
    );
    assert_eq!(h.counts(), (0, 0, 1));
    let h = build(
        &records,
        &state,
        "2026-12-06T20:30:00Z",
        "2026-12-06T12:30:00Z",
    );
    assert!(matches!(&h.items[0].pickup, Pickup::CarriedOver { by, .. } if by == "erin"));
    assert_eq!(h.counts(), (0, 1, 0));
}

#[test]
fn due_soon_and_overdue_boundaries_for_every_precedence() {
    // (precedence, objective in minutes)
    for (p, mins) in [
        (Precedence::Flash, 10),
        (Precedence::NiactImmediate, 30),
        (Precedence::Immediate, 30),
        (Precedence::Priority, 180),
        (Precedence::Routine, 360),
    ] {
        let dtg = t("2026-12-06T06:00:00Z");
        let records = [record("26B1", p, "2026-12-06T06:00:00Z")];
        let state = TriageState::default();
        let at = |m: i64| (dtg + chrono::Duration::minutes(m)).to_rfc3339();
        let group_at = |m: i64| {
            build(&records, &state, &at(m), "2026-12-06T00:00:00Z")
                .items
                .iter()
                .flat_map(|i| i.reasons.clone())
                .filter(|g| matches!(g, Group::Overdue | Group::DueSoon))
                .collect::<Vec<_>>()
        };
        let fifth = mins / 5;
        assert!(group_at(mins - fifth - 1).is_empty(), "{p:?}: running");
        assert_eq!(
            group_at(mins - fifth),
            [Group::DueSoon],
            "{p:?}: last fifth"
        );
        assert_eq!(group_at(mins), [Group::DueSoon], "{p:?}: due, not yet over");
        assert_eq!(group_at(mins + 1), [Group::Overdue], "{p:?}: past");
        let h = build(&records, &state, &at(mins + 1), "2026-12-06T00:00:00Z");
        let due = h.items.iter().find_map(|i| i.due).expect("due time");
        assert_eq!(due, dtg + chrono::Duration::minutes(mins), "{p:?}");
    }
}

#[test]
fn archive_and_future_cables_are_not_on_the_clock_and_handled_ones_leave_it() {
    let records = [
        record("26OLD1", Precedence::Flash, "2025-11-01T00:00:00Z"),
        record("26FUT1", Precedence::Flash, "2026-12-07T00:00:00Z"),
        record("26RTD1", Precedence::Priority, "2026-12-06T01:00:00Z"),
    ];
    let mut state = TriageState::default();
    let h = build(
        &records,
        &state,
        "2026-12-06T12:00:00Z",
        "2026-12-06T04:00:00Z",
    );
    let ids: Vec<&str> = h.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["26RTD1"], "archive and future FLASH not listed");
    state.cables.insert(
        "26RTD1".into(),
        CableState {
            action_desk: Some("EUR/NB".into()),
            ..Default::default()
        },
    );
    let h = build(
        &records,
        &state,
        "2026-12-06T12:00:00Z",
        "2026-12-06T04:00:00Z",
    );
    assert!(h.items.is_empty(), "routed is handled: {:?}", h.items);
}

/// The sections of one cable sit in separate files (three records, one key): the handover names
/// the cable once. And an escalation recorded by an officer's session is the program's act, not
/// the officer's: it does not make them the one who last acted.
#[test]
fn a_cable_in_several_files_is_one_item_and_escalation_is_nobodys_act() {
    use cabletriage::triage::replay::{self, History};
    use cabletriage::triage::{Event, Op};
    let records: Vec<Record> = (1..=3)
        .map(|n| {
            let c = Cable {
                file: format!("fixtures/26B2-{n}.txt"),
                id: Some("26B2".into()),
                precedence: Some(Precedence::Immediate),
                dtg: Some(t("2026-12-06T10:00:00Z")),
                subject: Some("SECTIONED".into()),
                ..Default::default()
            };
            Record::from_cable(&c, 0)
        })
        .collect();
    let mut state = TriageState::for_viewer(Some("erin"));
    let mut history = History::default();
    let ev = Event {
        seq: 1,
        at: t("2026-12-06T10:40:00Z"),
        user: "erin".into(),
        os_user: Some("erin".into()),
        cables: vec!["26B2".into()],
        op: Op::Escalate { step: 1 },
    };
    replay::apply_event(&mut state, &mut history, &ev);
    let h = build(
        &records,
        &state,
        "2026-12-06T12:00:00Z",
        "2026-12-06T04:00:00Z",
    );
    let named: Vec<&str> = h.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(named, ["26B2"], "one item for the cable");
    assert!(
        h.items[0].last_acted.is_none(),
        "{:?}",
        h.items[0].last_acted
    );
}
