//! `assign`, `task`, `list --format json`/`export` with taskers, `is:late`, and `handover` in
//! text, Markdown and JSON (pick-ups are in `handover_pickups.rs` and `pty_handover.rs`), on the built binary with the clock pinned by `CABLETRIAGE_NOW`.
//! Fictional cables, written from the ACP-127 format.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOON: &str = "2026-12-06T12:00:00Z";

struct Env {
    _tmp: tempfile::TempDir,
    traffic: PathBuf,
    state: PathBuf,
}

/// A fictional cable `26FICTIONIA{serial}` of precedence prosign `prec` at DTG `dtg`
/// (`061140Z DEC 26`).
fn write_cable(dir: &Path, prec: &str, dtg: &str, serial: u32, subject: &str) {
    let text = format!(
        "VZCZCXYZ0000\n{prec}{prec} RUEHC\n\nDE RUEHXX #{serial:04}/01 3401140\nZNR UUUUU ZZH\n\
         {prec} {dtg}\nFM AMEMBASSY FICTIONIA\nTO RUEHC/SECSTATE WASHDC 0001\n\n\
         UNCLAS FICTIONIA {serial:06}\n\nE.O. 12958: N/A\nTAGS: PREL FX\n\
         SUBJECT: {subject}\n\n1. Nothing happened here.\n\nQUILL\n"
    );
    std::fs::write(dir.join(format!("cable{serial}.txt")), text).unwrap();
}

fn env() -> Env {
    let tmp = tempfile::tempdir().unwrap();
    let traffic = tmp.path().join("traffic");
    std::fs::create_dir(&traffic).unwrap();
    // At noon: FLASH overdue and unacknowledged; IMMEDIATE due at 12:05 (due soon);
    // PRIORITY overdue since 08:00; two ROUTINE still running.
    write_cable(
        &traffic,
        "Z",
        "061140Z DEC 26",
        1,
        "HARBOUR | BREAKWATER BREACHED",
    );
    write_cable(&traffic, "O", "061135Z DEC 26", 2, "FISHERIES QUOTA TALKS");
    write_cable(
        &traffic,
        "P",
        "060500Z DEC 26",
        3,
        "PORT STRIKE SECOND WEEK",
    );
    write_cable(&traffic, "R", "061000Z DEC 26", 4, "LIGHTHOUSE KEEPERS PAY");
    write_cable(&traffic, "R", "061010Z DEC 26", 5, "FERRY TIMETABLE");
    let state = tmp.path().join("state");
    Env {
        _tmp: tmp,
        traffic,
        state,
    }
}

fn run_at(e: &Env, now: &str, user: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(args)
        .arg("--dir")
        .arg(&e.traffic)
        .arg("--state")
        .arg(&e.state)
        .args(["--user", user])
        .env_remove("CABLETRIAGE_DIR")
        .env("CABLETRIAGE_NOW", now)
        .output()
        .unwrap()
}

fn ok_at(e: &Env, now: &str, user: &str, args: &[&str]) -> String {
    let o = run_at(e, now, user, args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect()
}

#[test]
fn assign_task_and_list_show_the_tasker() {
    let e = env();
    let out = ok_at(
        &e,
        "2026-12-06T10:00:00Z",
        "alice",
        &["assign", "26fictionia4", "bob", "--due", "+1h"],
    );
    assert!(
        out.contains("26FICTIONIA4: tasked to bob (assigned, suspense 2026-12-06 11:00Z)"),
        "{out}"
    );
    let out = ok_at(&e, NOON, "bob", &["task", "26FICTIONIA4", "working"]);
    assert!(out.contains("assigned -> working"), "{out}");
    ok_at(
        &e,
        NOON,
        "alice",
        &["assign", "26FICTIONIA5", "carol", "--due", "fri 17:00"],
    );

    let rows = json_lines(&ok_at(&e, NOON, "bob", &["list", "--format", "json"]));
    let four = rows
        .iter()
        .find(|r| r["id"] == "26FICTIONIA4")
        .expect("listed");
    assert_eq!(four["assignee"], "bob");
    assert_eq!(four["task"], "working");
    assert_eq!(four["suspense"], "2026-12-06T11:00:00Z");
    let five = rows
        .iter()
        .find(|r| r["id"] == "26FICTIONIA5")
        .expect("listed");
    assert_eq!(
        five["suspense"], "2026-12-11T17:00:00Z",
        "the next Friday, UTC"
    );
    let one = rows
        .iter()
        .find(|r| r["id"] == "26FICTIONIA1")
        .expect("listed");
    assert!(one["assignee"].is_null() && one["task"].is_null() && one["suspense"].is_null());

    let ids = |now: &str, user: &str, q: &str| -> Vec<String> {
        json_lines(&ok_at(
            &e,
            now,
            user,
            &["list", "--format", "json", "--filter", q],
        ))
        .iter()
        .map(|r| r["id"].as_str().unwrap_or("").to_string())
        .collect()
    };
    assert_eq!(ids(NOON, "bob", "is:late"), ["26FICTIONIA4"]);
    assert!(
        ids("2026-12-06T10:30:00Z", "bob", "is:late").is_empty(),
        "not late yet"
    );
    assert_eq!(ids(NOON, "bob", "is:mine"), ["26FICTIONIA4"]);
    assert_eq!(ids(NOON, "alice", "assignee:carol"), ["26FICTIONIA5"]);
    assert_eq!(ids(NOON, "alice", "task:working"), ["26FICTIONIA4"]);
    ok_at(&e, NOON, "bob", &["task", "26FICTIONIA4", "closed"]);
    assert!(
        ids(NOON, "bob", "is:late").is_empty(),
        "closed is never late"
    );

    let csv = ok_at(&e, NOON, "alice", &["export"]);
    let head = csv.lines().next().unwrap_or("");
    assert!(head.ends_with(",assignee,task,suspense"), "{head}");
    assert!(
        csv.lines()
            .any(|l| l.starts_with("26FICTIONIA4,")
                && l.ends_with(",bob,closed,2026-12-06T11:00:00Z")),
        "{csv}"
    );
    let exported = json_lines(&ok_at(&e, NOON, "alice", &["export", "--format", "json"]));
    let five = exported
        .iter()
        .find(|r| r["id"] == "26FICTIONIA5")
        .expect("exported");
    assert_eq!(
        (five["assignee"].as_str(), five["task"].as_str()),
        (Some("carol"), Some("assigned"))
    );

    let shown = ok_at(&e, NOON, "alice", &["show", "26FICTIONIA5"]);
    assert!(
        shown.contains("TASKER  carol (assigned), suspense 2026-12-11 17:00Z"),
        "{shown}"
    );
}

#[test]
fn bad_input_is_a_clear_usage_error() {
    let e = env();
    for (args, says) in [
        (
            vec!["assign", "26FICTIONIA4", "bob", "--due", "tomorrow"],
            "bad --due: cannot read the suspense `tomorrow`",
        ),
        (
            vec!["assign", "26FICTIONIA4", "bob", "--due", "2026-12-01"],
            "already past",
        ),
        (vec!["assign", "26FICTIONIA4", " "], "empty user name"),
        (
            vec!["task", "26FICTIONIA4", "done"],
            "unknown tasker state `done`",
        ),
        (vec!["task", "26FICTIONIA4", "working"], "has no tasker"),
        (
            vec!["handover", "--since", "yesterday"],
            "cannot read `--since yesterday`",
        ),
    ] {
        let o = run_at(&e, NOON, "alice", &args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let o = run_at(&e, NOON, "alice", &["assign", "26NOWHERE9", "bob"]);
    assert_eq!(o.status.code(), Some(1), "an unknown cable is not found");
}

/// The journal for the handover tests: a tasker late at noon, an open one, a flag, a routed
/// FLASH-free cable, a note inside the window and one before it, and a pick-up before it.
fn shift(e: &Env) {
    ok_at(
        e,
        "2026-12-06T02:00:00Z",
        "alice",
        &["note", "26FICTIONIA5", "before the window"],
    );
    ok_at(
        e,
        "2026-12-06T10:00:00Z",
        "alice",
        &["assign", "26FICTIONIA4", "bob", "--due", "+1h"],
    );
    ok_at(
        e,
        "2026-12-06T10:05:00Z",
        "alice",
        &["assign", "26FICTIONIA5", "carol"],
    );
    ok_at(
        e,
        "2026-12-06T10:06:00Z",
        "alice",
        &["label", "26FICTIONIA5", "ferry"],
    );
    ok_at(
        e,
        "2026-12-06T10:10:00Z",
        "dave",
        &["note", "26FICTIONIA3", "union meets at 14:00"],
    );
}

#[test]
fn handover_text_groups_the_open_work_highest_precedence_first() {
    let e = env();
    shift(&e);
    let out = ok_at(&e, NOON, "alice", &["handover"]);
    assert!(
        out.starts_with("SHIFT HANDOVER 2026-12-06 12:00Z (since 2026-12-06 04:00Z)"),
        "{out}"
    );
    let order: Vec<&str> = [
        "UNACKNOWLEDGED FLASH AND NIACT (1)",
        "26FICTIONIA1  FLASH  2026-12-06 11:40Z  HARBOUR | BREAKWATER BREACHED",
        "OVERDUE (1)",
        "26FICTIONIA3  PRIORITY",
        "DUE SOON (1)",
        "26FICTIONIA2  IMMEDIATE",
        "LATE TASKERS (1)",
        "26FICTIONIA4  ROUTINE",
        "OPEN TASKERS (1)",
        "26FICTIONIA5  ROUTINE",
        "NOTES SINCE 2026-12-06 04:00Z (1)",
        "26FICTIONIA3  dave 2026-12-06 10:10Z: union meets at 14:00",
    ]
    .to_vec();
    let mut at = 0;
    for want in order {
        let found = out[at..]
            .find(want)
            .unwrap_or_else(|| panic!("`{want}` after {at} in\n{out}"));
        at += found + want.len();
    }
    assert!(
        out.contains("due 2026-12-06 11:50Z; also overdue; no action yet; new"),
        "{out}"
    );
    assert!(
        out.contains("tasked to bob (assigned, suspense 2026-12-06 11:00Z)"),
        "{out}"
    );
    assert!(out.contains("last acted alice 2026-12-06 10:06Z"), "{out}");
    assert!(
        !out.contains("before the window"),
        "an older note is not in: {out}"
    );
    assert!(
        !out.contains("FLAGGED"),
        "no flagged cable, no group: {out}"
    );

    // A wider window takes the older note too; a time works as well as a span.
    let out = ok_at(
        &e,
        NOON,
        "alice",
        &["handover", "--since", "2026-12-06T01:00Z"],
    );
    assert!(out.contains("before the window"), "{out}");
}

#[test]
fn handover_markdown_is_tables_with_pipes_escaped() {
    let e = env();
    shift(&e);
    let md = ok_at(
        &e,
        NOON,
        "alice",
        &["handover", "--since", "8h", "--format", "markdown"],
    );
    assert!(
        md.starts_with("# Shift handover 2026-12-06 12:00Z\n"),
        "{md}"
    );
    assert!(md.contains("## Unacknowledged FLASH and NIACT (1)"), "{md}");
    assert!(
        md.contains("| ID | Precedence | DTG | Subject | Details | Pick-up |"),
        "{md}"
    );
    assert!(
        md.contains(
            "| 26FICTIONIA1 | FLASH | 2026-12-06 11:40Z | HARBOUR \\| BREAKWATER BREACHED |"
        ),
        "{md}"
    );
    assert!(md.contains("## Late taskers (1)"), "{md}");
    assert!(
        md.contains("- **26FICTIONIA3** dave 2026-12-06 10:10Z: union meets at 14:00"),
        "{md}"
    );
    // Every table row has the header's six cells (an escaped pipe does not make a seventh).
    for l in md.lines().filter(|l| l.starts_with("| 26")) {
        assert_eq!(l.replace("\\|", "").matches('|').count(), 7, "{l}");
    }
}

#[test]
fn handover_json_lists_every_group_and_each_cable_once() {
    let e = env();
    shift(&e);
    let doc = |now: &str| -> serde_json::Value {
        let out = ok_at(&e, now, "alice", &["handover", "--format", "json"]);
        serde_json::from_str(out.trim()).expect("one JSON object")
    };
    let h = doc(NOON);
    assert_eq!(h["now"], NOON);
    assert_eq!(h["since"], "2026-12-06T04:00:00Z");
    let groups: Vec<&str> = h["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        groups,
        [
            "unacked_flash",
            "overdue",
            "due_soon",
            "late_tasker",
            "open_tasker",
            "flagged"
        ]
    );
    let late = &h["groups"][3]["items"][0];
    assert_eq!(late["id"], "26FICTIONIA4");
    assert_eq!(late["assignee"], "bob");
    assert_eq!(late["task"], "assigned");
    assert_eq!(late["suspense"], "2026-12-06T11:00:00Z");
    assert_eq!(late["last_acted_by"], "alice");
    assert_eq!(late["pickup"], "new");
    let flash = &h["groups"][0]["items"][0];
    assert_eq!(
        flash["reasons"],
        serde_json::json!(["unacked_flash", "overdue"])
    );
    assert_eq!(flash["due"], "2026-12-06T11:50:00Z");
    assert_eq!(h["summary"]["items"], 5);
    assert_eq!(h["notes"][0]["user"], "dave");

    // Eight hours on, the FLASH is still unacknowledged and the ROUTINE tasker is overdue
    // too: listed once, in its first group, with the tasker as a further reason.
    let h = doc("2026-12-06T20:30:00Z");
    let overdue = h["groups"][1]["items"].as_array().unwrap();
    let four = overdue
        .iter()
        .find(|i| i["id"] == "26FICTIONIA4")
        .expect("overdue now");
    assert_eq!(
        four["reasons"],
        serde_json::json!(["overdue", "late_tasker"])
    );
    assert!(h["groups"][3]["items"].as_array().unwrap().is_empty());
}
