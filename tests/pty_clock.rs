//! The built binary at 80x24 with its clock pinned (`CABLETRIAGE_NOW`): the due column shows
//! time left and overdue, an overdue FLASH is escalated in the status bar within a tick and the
//! step is in the journal; `--no-clock` shows none of it.

#![cfg(unix)]

mod pty_support;

use std::ffi::OsStr;
use std::path::Path;

use pty_support::Session;

const NOW: &str = "CABLETRIAGE_NOW=2026-12-06T12:00:00Z";

/// A fictional cable of prosign `prec` dated `dtg`.
fn cable(n: u32, prec: char, dtg: &str, subject: &str) -> String {
    format!(
        "{prec} {dtg}\nFM AMEMBASSY FICTIONIA\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 01{n:02}\n\
         BT\nC O N F I D E N T I A L FICTIONIA 0001{n:02}\n\nE.O. 12958: DECL: 03/01/2036\n\
         TAGS: PREL, FX\nSUBJECT: {subject}\n\n1. (C) The harbourmaster said the breakwater \
         would be repaired before spring.\n\nQUILL\nBT\n#01{n:02}\nNNNN\n"
    )
}

fn traffic() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (n, prec, dtg, subject) in [
        (1, 'Z', "061145Z DEC 26", "HARBOUR FIRE AT THE NORTH QUAY"),
        (2, 'O', "061140Z DEC 26", "NORLAND QUOTA TALKS RESUME"),
        (3, 'R', "060800Z DEC 26", "MERIDIAN PORT STRIKE ENDS"),
    ] {
        std::fs::write(
            dir.path().join(format!("cable{n}.txt")),
            cable(n, prec, dtg, subject),
        )
        .expect("write");
    }
    dir
}

/// The inbox on `dir` at 80x24 with the clock pinned, through `env`.
fn start(dir: &Path, extra: &[&str]) -> Session {
    let state = dir.join(".state");
    let bin = OsStr::new(env!("CARGO_BIN_EXE_cabletriage"));
    let mut args: Vec<&OsStr> = vec![
        OsStr::new(NOW),
        bin,
        dir.as_os_str(),
        OsStr::new("--state"),
        state.as_os_str(),
        OsStr::new("--user"),
        OsStr::new("alice"),
    ];
    args.extend(extra.iter().map(OsStr::new));
    Session::run_program(
        OsStr::new("env"),
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &args,
        &dir.join(".config"),
        (80, 24),
    )
}

fn line_with(screen: &str, text: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no line with {text}:\n{screen}"))
        .to_string()
}

#[test]
fn the_due_column_and_an_escalation_at_80x24() {
    let dir = traffic();
    let mut s = start(dir.path(), &[]);
    s.wait_for("1/3");
    s.wait_for("ESCALATED");
    let screen = s.contents();
    assert!(line_with(&screen, "SUBJECT").contains("DUE"), "{screen}");
    assert!(
        line_with(&screen, "HARBOUR FIRE").contains(" -5m "),
        "{screen}"
    );
    assert!(
        line_with(&screen, "NORLAND QUOTA").contains(" 10m "),
        "{screen}"
    );
    assert!(
        line_with(&screen, "MERIDIAN PORT").contains(" 2h00 "),
        "{screen}"
    );
    // The overdue cell is in reverse video: it stands out without colour.
    let parsed = s.screen();
    let rows: Vec<String> = screen.lines().map(str::to_string).collect();
    let y = rows
        .iter()
        .position(|l| l.contains("HARBOUR FIRE"))
        .unwrap();
    let byte = rows[y].find("-5m").unwrap();
    let x = rows[y][..byte].chars().count(); // the marks before it are one cell each
    let cell = parsed
        .screen()
        .cell(y as u16, x as u16)
        .expect("a cell")
        .clone();
    assert!(cell.inverse(), "the overdue cell is not in reverse video");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
    let log = std::fs::read_to_string(dir.path().join(".state/journal.toml")).expect("journal");
    assert_eq!(log.matches("op = \"escalate\"").count(), 1, "{log}");
}

#[test]
fn no_clock_shows_no_due_column_and_escalates_nothing() {
    let dir = traffic();
    let mut s = start(dir.path(), &["--no-clock"]);
    s.wait_for("1/3");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let screen = s.contents();
    assert!(!line_with(&screen, "SUBJECT").contains("DUE"), "{screen}");
    assert!(!screen.contains("ESCALATED"), "{screen}");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}
