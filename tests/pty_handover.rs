//! The shift handover list in the built binary, in an 80x24 pseudo-terminal, with the clock
//! pinned by `CABLETRIAGE_NOW`: `H` shows the groups, `!` picks the selected item up, and the
//! next shift's `cabletriage handover` says that item carried over, picked up at the pinned time.
//! Fictional cables.

#![cfg(unix)]

mod pty_support;

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use pty_support::Session;

fn write_cable(dir: &Path, prec: &str, dtg: &str, serial: u32, subject: &str) {
    let text = format!(
        "VZCZCXYZ0000\n{prec}{prec} RUEHC\n\nDE RUEHXX #{serial:04}/01 3401140\nZNR UUUUU ZZH\n\
         {prec} {dtg}\nFM AMEMBASSY FICTIONIA\nTO RUEHC/SECSTATE WASHDC 0001\n\n\
         UNCLAS FICTIONIA {serial:06}\n\nE.O. 12958: N/A\nTAGS: PREL FX\n\
         SUBJECT: {subject}\n\n1. Nothing happened here.\n\nQUILL\n"
    );
    std::fs::write(dir.join(format!("cable{serial}.txt")), text).expect("write");
}

fn cli(traffic: &Path, state: &Path, now: &str, user: &str, args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(args)
        .arg("--dir")
        .arg(traffic)
        .arg("--state")
        .arg(state)
        .args(["--user", user])
        .env("CABLETRIAGE_NOW", now)
        .output()
        .expect("run");
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("utf-8")
}

#[test]
fn the_handover_list_at_80x24_and_a_pickup_that_carries_over() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let traffic = tmp.path().join("traffic");
    std::fs::create_dir(&traffic).expect("dir");
    write_cable(
        &traffic,
        "Z",
        "061140Z DEC 26",
        1,
        "HARBOUR BREAKWATER BREACHED",
    );
    write_cable(
        &traffic,
        "P",
        "060500Z DEC 26",
        3,
        "PORT STRIKE SECOND WEEK",
    );
    write_cable(&traffic, "R", "061000Z DEC 26", 4, "LIGHTHOUSE KEEPERS PAY");
    let state = tmp.path().join("state");
    cli(
        &traffic,
        &state,
        "2026-12-06T10:00:00Z",
        "alice",
        &["assign", "26FICTIONIA4", "bob", "--due", "+1h"],
    );

    let bin = env!("CARGO_BIN_EXE_cabletriage");
    let args: Vec<&OsStr> = vec![
        "CABLETRIAGE_NOW=2026-12-06T12:05:00Z".as_ref(),
        bin.as_ref(),
        traffic.as_os_str(),
        "--state".as_ref(),
        state.as_os_str(),
        "--user".as_ref(),
        "erin".as_ref(),
    ];
    let mut s = Session::run_program(
        "/usr/bin/env".as_ref(),
        tmp.path(),
        &args,
        &tmp.path().join("config"),
        (80, 24),
    );
    s.wait_for("1/3");
    s.send("H");
    s.wait_for("Shift handover since 04:05Z");
    s.settle();
    let screen = s.contents();
    for want in [
        "3 items: 3 new, 0 carried over, 0 picked up",
        "UNACKNOWLEDGED FLASH AND NIACT (1)",
        "26FICTIONIA1  FLASH 061140Z HARBOUR BREAKWATER BREACHED",
        "OVERDUE (1)",
        "26FICTIONIA3  PRIOR 060500Z PORT STRIKE SECOND WEEK",
        "LATE TASKERS (1)",
        "26FICTIONIA4  ROUT  061000Z LIGHTHOUSE KEEPERS PAY",
        "26FICTIONIA1: desk -; due 2026-12-06 11:50Z; also overdue",
    ] {
        assert!(
            screen.contains(want),
            "`{want}` on the 80x24 screen:\n{screen}"
        );
    }
    assert!(
        screen
            .lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80),
        "{screen}"
    );
    s.send("!");
    s.wait_for("picked up 26FICTIONIA1");
    s.settle();
    let screen = s.contents();
    let row = screen
        .lines()
        .find(|l| l.contains("HARBOUR BREAKWATER"))
        .unwrap_or_default();
    assert!(
        row.contains("erin 12:05Z"),
        "picked up on its row: {row}\n{screen}"
    );
    s.send("\x1b");
    s.settle();
    s.send("q");
    s.wait_exit();

    let out = cli(
        &traffic,
        &state,
        "2026-12-06T20:30:00Z",
        "frank",
        &["handover", "--format", "json"],
    );
    let h: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
    let flash = &h["groups"][0]["items"][0];
    assert_eq!(flash["id"], "26FICTIONIA1");
    assert_eq!(flash["pickup"], "carried_over");
    assert_eq!(flash["picked_up_by"], "erin");
    assert_eq!(flash["picked_up_at"], "2026-12-06T12:05:00Z");
    let text = cli(
        &traffic,
        &state,
        "2026-12-06T12:10:00Z",
        "frank",
        &["handover"],
    );
    assert!(
        text.contains("picked up by erin 2026-12-06 12:05Z"),
        "{text}"
    );
}
