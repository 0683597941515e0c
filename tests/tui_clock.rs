//! The office clock in the inbox, at pinned moments (no sleeping): the due column at 80x24, the
//! `due` sort and terms, the bell rung again each minute, and escalation — journaled once for
//! all the sessions on the traffic, with the office's alert command run by the one that
//! recorded the step, and its failure shown.

mod tui_support;

use cabletriage::cable::{Addressee, Cable, Precedence};
use cabletriage::keymap::Keymap;
use cabletriage::office::clock::{AlertCommand, OfficeClock};
use cabletriage::traffic::{Record, Traffic};
use cabletriage::triage::{Journal, Op, TriageState};
use cabletriage::tui::testing::{press, run_effects};
use cabletriage::tui::{App, ColorMode, Effect, Theme, clock, session};
use tui_support::screen;

/// 2026-12-06T12:00:00Z
const NOW: i64 = 1_796_558_400;

/// (id, precedence, minutes before NOW of its DTG, subject)
const CABLES: [(&str, Precedence, i64, &str); 5] = [
    (
        "26FICTIONIA1",
        Precedence::Flash,
        15,
        "FLASH FIVE MINUTES OVER",
    ),
    (
        "26FICTIONIA2",
        Precedence::NiactImmediate,
        20,
        "NIACT TEN LEFT",
    ),
    (
        "26FICTIONIA3",
        Precedence::Immediate,
        40,
        "IMMEDIATE TEN OVER",
    ),
    (
        "26FICTIONIA4",
        Precedence::Priority,
        50,
        "PRIORITY TWO HOURS TEN LEFT",
    ),
    (
        "26FICTIONIA5",
        Precedence::Routine,
        -30,
        "ROUTINE DATED AHEAD",
    ),
];

fn traffic(root: &std::path::Path) -> Traffic {
    let records = CABLES
        .iter()
        .map(|(id, p, ago, subject)| {
            let c = Cable {
                file: format!("{id}.txt"),
                id: Some(id.to_string()),
                precedence: Some(*p),
                dtg: chrono::DateTime::from_timestamp(NOW - ago * 60, 0),
                origin: Some("AMEMBASSY FICTIONIA".into()),
                to: vec![Addressee {
                    addressee: "SECSTATE WASHDC".into(),
                    ..Default::default()
                }],
                subject: Some(subject.to_string()),
                tags: vec!["PREL".into()],
                ..Default::default()
            };
            Record::from_cable(&c, 0)
        })
        .collect();
    Traffic {
        root: root.to_path_buf(),
        records,
        ..Default::default()
    }
}

fn app_at(dir: &std::path::Path, user: &str, office: OfficeClock, w: u16, h: u16) -> App {
    let mut a = App::new(
        Keymap::default_keymap(),
        Theme::new(ColorMode::Never, false),
    );
    a.size = (w, h);
    clock::start(&mut a, office, NOW);
    session::start(&mut a, &dir.join("state"), user, dir);
    a.set_traffic(traffic(dir), TriageState::default());
    a.message = None;
    a
}

fn row_of(lines: &[String], subject: &str) -> String {
    lines
        .iter()
        .find(|l| l.contains(subject))
        .unwrap_or_else(|| panic!("no row for {subject}:\n{}", lines.join("\n")))
        .clone()
}

#[test]
fn the_due_column_shows_time_left_and_overdue_at_80_columns() {
    let tmp = tempfile::tempdir().unwrap();
    let mut a = app_at(tmp.path(), "alice", OfficeClock::default(), 80, 24);
    cabletriage::tui::ui::measure(&mut a);
    let lines = screen(&a);
    let header = lines
        .iter()
        .find(|l| l.contains("SUBJECT"))
        .expect("header");
    assert!(header.contains("DUE"), "{header}");
    assert!(row_of(&lines, "FLASH FIVE").contains(" -5m "), "{lines:#?}");
    assert!(row_of(&lines, "NIACT TEN").contains(" 10m "), "{lines:#?}");
    assert!(row_of(&lines, "IMMEDIATE TEN").contains(" -10m "));
    assert!(row_of(&lines, "PRIORITY TWO").contains(" 2h10 "));
    assert!(row_of(&lines, "ROUTINE DATED").contains(" fut "));
    // Overdue stands out without colour: the cell is in reverse video.
    let term = cabletriage::tui::testing::render(&a);
    let buf = term.backend().buffer();
    let y = lines.iter().position(|l| l.contains("FLASH FIVE")).unwrap() as u16;
    let x = lines[y as usize].find("-5m").unwrap() as u16;
    let cell = &buf[(x, y)];
    assert!(
        cell.modifier.contains(ratatui::style::Modifier::REVERSED),
        "{cell:?}"
    );
}

#[test]
fn no_clock_and_archive_traffic_have_no_due_column() {
    let tmp = tempfile::tempdir().unwrap();
    let mut office = OfficeClock::default();
    office.objectives = office.objectives.off();
    let mut a = app_at(tmp.path(), "alice", office, 80, 24);
    cabletriage::tui::ui::measure(&mut a);
    assert!(!screen(&a).iter().any(|l| l.contains("DUE")));
    // A year and a day later everything is archive: the column goes.
    let mut b = app_at(tmp.path(), "bob", OfficeClock::default(), 80, 24);
    clock::tick(&mut b, NOW + 366 * 86_400);
    cabletriage::tui::ui::measure(&mut b);
    assert!(!screen(&b).iter().any(|l| l.contains(" DUE ")));
}

#[test]
fn sort_due_and_the_due_terms_in_the_inbox() {
    let tmp = tempfile::tempdir().unwrap();
    let mut a = app_at(tmp.path(), "alice", OfficeClock::default(), 120, 30);
    press(&mut a, ": s o r t <space> d u e <enter>");
    let order: Vec<String> = a
        .inbox
        .rows
        .iter()
        .map(|&i| a.record(i).unwrap().subject().to_string())
        .collect();
    assert_eq!(
        order,
        [
            "IMMEDIATE TEN OVER",
            "FLASH FIVE MINUTES OVER",
            "NIACT TEN LEFT",
            "PRIORITY TWO HOURS TEN LEFT",
            "ROUTINE DATED AHEAD"
        ]
    );
    press(&mut a, "/ i s : o v e r d u e <enter>");
    assert_eq!(a.inbox.rows.len(), 2);
    // Ten minutes on, the NIACT is overdue too: the filter follows the clock.
    let e = clock::tick(&mut a, NOW + 11 * 60);
    run_effects(&mut a, e);
    assert_eq!(a.inbox.rows.len(), 3);
    press(&mut a, "<esc> / d u e : < 1 h <enter>");
    assert_eq!(
        a.inbox.rows.len(),
        3,
        "overdue ones have negative time left"
    );
}

#[test]
fn the_bell_rings_again_each_minute_while_a_flash_waits() {
    let tmp = tempfile::tempdir().unwrap();
    let mut a = app_at(tmp.path(), "alice", OfficeClock::default(), 120, 30);
    a.live.bell_enabled = true;
    // Keep the escalation's own bell out of the way: acknowledge the overdue FLASH first.
    Journal::open(tmp.path().join("state"), "bob")
        .unwrap()
        .apply(Op::Ack, &["26FICTIONIA1".to_string()])
        .unwrap();
    cabletriage::tui::apply(&mut a, cabletriage::tui::Event::JournalChanged);
    clock::tick(&mut a, NOW + 1);
    assert!(!a.live.take_bell(), "the arrival rang already");
    clock::tick(&mut a, NOW + 30);
    assert!(!a.live.take_bell());
    clock::tick(&mut a, NOW + 61);
    assert!(a.live.take_bell(), "a minute on: again");
    clock::tick(&mut a, NOW + 62);
    assert!(!a.live.take_bell());
    a.live.bell_enabled = false;
    clock::tick(&mut a, NOW + 125);
    assert!(!a.live.take_bell(), "bell = false silences it");
}

#[test]
fn an_escalation_step_is_journaled_once_across_sessions_and_runs_the_alert_command() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("alert-env.txt");
    let office = OfficeClock {
        alert_command: Some(AlertCommand::Shell(format!(
            "printf '%s|%s|%s|%s|%s|%s' \"$CABLETRIAGE_ID\" \"$CABLETRIAGE_PRECEDENCE\" \
         \"$CABLETRIAGE_DTG\" \"$CABLETRIAGE_STEP\" \"$CABLETRIAGE_SUBJECT\" \
         \"$CABLETRIAGE_ACTION_DESK\" >> '{}'",
            out.display()
        ))),
        ..Default::default()
    };
    let mut alice = app_at(tmp.path(), "alice", office.clone(), 120, 30);
    let mut bob = app_at(tmp.path(), "bob", office, 120, 30);

    let effects = clock::tick(&mut alice, NOW + 1);
    let alerts = effects
        .iter()
        .filter(|e| matches!(e, Effect::RunAlert(_)))
        .count();
    assert_eq!(alerts, 1, "one FLASH is past its objective");
    run_effects(&mut alice, effects);
    let msg = alice.message.clone().expect("the status bar says so").1;
    assert!(
        msg.contains("ESCALATED") && msg.contains("26FICTIONIA1"),
        "{msg}"
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "26FICTIONIA1|FLASH|2026-12-06T11:45:00Z|1|FLASH FIVE MINUTES OVER|"
    );
    // Bob's session reaches the same step: nothing recorded, no second page.
    let effects = clock::tick(&mut bob, NOW + 2);
    assert!(!effects.iter().any(|e| matches!(e, Effect::RunAlert(_))));
    assert_eq!(clock::status_parts(&bob).as_deref(), Some("1 ESCALATED"));
    let escalations = |dir: &std::path::Path| {
        let (events, _) = Journal::read_log(&dir.join("state")).unwrap();
        events
            .iter()
            .filter(|e| matches!(e.op, Op::Escalate { .. }))
            .map(|e| (e.user.clone(), e.cables.clone(), e.op.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        escalations(tmp.path()),
        [(
            "alice".to_string(),
            vec!["26FICTIONIA1".to_string()],
            Op::Escalate { step: 1 }
        )]
    );
    // Another objective later (10 minutes), the FLASH's step 2, and the NIACT's first: whoever
    // ticks first records them.
    let e = clock::tick(&mut bob, NOW + 10 * 60 + 5);
    run_effects(&mut bob, e);
    let e = clock::tick(&mut alice, NOW + 10 * 60 + 6);
    run_effects(&mut alice, e);
    let steps: Vec<(String, String, Op)> = escalations(tmp.path())
        .into_iter()
        .map(|e| (e.0, e.1[0].clone(), e.2))
        .collect();
    let step =
        |user: &str, id: &str, step| (user.to_string(), id.to_string(), Op::Escalate { step });
    assert_eq!(
        steps,
        [
            step("alice", "26FICTIONIA1", 1),
            step("bob", "26FICTIONIA1", 2),
            step("bob", "26FICTIONIA2", 1)
        ]
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap().matches('|').count(),
        15,
        "three pages"
    );
    press(&mut alice, "g g");
    // Once acknowledged, nothing more.
    press(&mut alice, "!");
    let effects = clock::tick(&mut alice, NOW + 30 * 60);
    assert_eq!(
        clock::status_parts(&alice).as_deref(),
        Some("1 ESCALATED"),
        "the NIACT"
    );
    run_effects(&mut alice, effects);
    press(&mut alice, "j !");
    let effects = clock::tick(&mut alice, NOW + 31 * 60);
    assert!(effects.is_empty());
    assert_eq!(clock::status_parts(&alice), None);
}

#[test]
fn a_failing_alert_command_is_shown_and_nothing_stops() {
    let tmp = tempfile::tempdir().unwrap();
    let office = OfficeClock {
        alert_command: Some(AlertCommand::Shell(
            "echo 'no route to pager' >&2; exit 7".into(),
        )),
        ..Default::default()
    };
    let mut a = app_at(tmp.path(), "alice", office, 120, 30);
    let effects = clock::tick(&mut a, NOW + 1);
    run_effects(&mut a, effects);
    let msg = a.message.clone().expect("shown").1;
    assert!(
        msg.contains("failed: exit status 7: no route to pager"),
        "{msg}"
    );
    // The inbox goes on: keys still work.
    press(&mut a, "j");
    assert_eq!(a.inbox.selected, 1);
}

#[test]
fn escalation_steps_follow_the_objective() {
    assert_eq!(clock::step_of(1, 600, 3), 1);
    assert_eq!(clock::step_of(599, 600, 3), 1);
    assert_eq!(clock::step_of(600, 600, 3), 2);
    assert_eq!(clock::step_of(100 * 600, 600, 3), 3);
}
