//! The command line against a journal database (tests/pg_support): `journal init`, `label`,
//! `route`, `note`, `log`, `export` and `list` the same as on the file journal; the URL from
//! `--journal`, `CABLETRIAGE_JOURNAL` or office.toml; `journal push` twice then `pull` giving
//! back the same events; refusals in words.

mod pg_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pg_support::ADMIN;

const DESKS: &str = "[[desk]]\ncode = \"EUR/RUS\"\nname = \"Russian Affairs\"\ntags = [\"RS\"]\n";

struct Env {
    _tmp: tempfile::TempDir,
    traffic: PathBuf,
    state: PathBuf,
}

fn env() -> Env {
    let tmp = tempfile::tempdir().unwrap();
    let traffic = tmp.path().join("traffic");
    std::fs::create_dir(&traffic).unwrap();
    std::fs::write(traffic.join("desks.toml"), DESKS).unwrap();
    for serial in [88, 91] {
        write_cable(&traffic, serial);
    }
    let state = tmp.path().join("state");
    Env {
        _tmp: tmp,
        traffic,
        state,
    }
}

/// A short fictional cable whose reference id is `09WARSAW{serial}`.
fn write_cable(dir: &Path, serial: u32) {
    let text = format!(
        "VZCZCXYZ0000\nRR RUEHC\n\nDE RUEHXX #{serial:04}/01 0011200\nZNR UUUUU ZZH\n\
         R 011200Z JAN 09\nFM AMEMBASSY WARSAW\nTO RUEHC/SECSTATE WASHDC 0001\n\n\
         UNCLAS WARSAW {serial:06}\n\nE.O. 12958: N/A\nTAGS: PREL RS\n\
         SUBJECT: FICTIONAL TEST CABLE {serial}\n\n1. Nothing happened here.\n\nSMITH\n"
    );
    std::fs::write(dir.join(format!("09WARSAW{serial}.txt")), text).unwrap();
}

fn cmd(e: &Env, user: &str, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cabletriage"));
    c.args(args)
        .arg("--dir")
        .arg(&e.traffic)
        .arg("--state")
        .arg(&e.state)
        .args(["--user", user])
        .env_remove("CABLETRIAGE_DIR")
        .env_remove("CABLETRIAGE_JOURNAL");
    c
}

fn ok(o: Output, what: &str) -> String {
    assert!(
        o.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn every_command_works_the_same_against_the_database() {
    let Some(c) = pg_support::shared() else {
        return;
    };
    let db = c.database("cli");
    let e = env();
    let admin = c.url(&db, ADMIN);
    let out = ok(
        cmd(&e, "root", &["journal", "init", &admin])
            .output()
            .unwrap(),
        "init",
    );
    assert!(out.contains("journal set up (schema version 1)"), "{out}");
    let out = ok(
        cmd(&e, "root", &["journal", "init", &admin])
            .output()
            .unwrap(),
        "init again",
    );
    assert!(out.contains("already at schema version 1"), "{out}");
    c.officer("alice");
    let url = c.url(&db, "alice");
    let j = ["--journal", url.as_str()];
    let run = |args: &[&str]| {
        let mut all = j.to_vec();
        all.extend_from_slice(args);
        ok(cmd(&e, "alice", &all).output().unwrap(), &args.join(" "))
    };
    assert!(run(&["label", "09warsaw88", "urgent"]).contains("(#1)"));
    assert!(run(&["route", "09WARSAW88", "eur/rus"]).contains("(#2)"));
    assert!(run(&["note", "09WARSAW91", "two\nlines"]).contains("(#3)"));
    assert!(run(&["label", "09WARSAW88", "urgent"]).contains("already so"));
    let log = json_lines(&run(&["log", "--format", "json"]));
    assert_eq!(log.len(), 3);
    assert_eq!(log[0]["op"], "add_labels");
    assert_eq!(log[0]["labels"][0], "urgent");
    assert_eq!(log[0]["os_user"], "alice", "the database role wrote it");
    assert_eq!(log[1]["desk"], "EUR/RUS");
    assert_eq!(log[2]["text"], "two\nlines");
    let export = run(&["export", "--format", "csv"]);
    assert!(export.contains("09WARSAW88,EUR/RUS,,urgent,"), "{export}");
    let listed = run(&["list", "--filter", "label:urgent", "--format", "count"]);
    assert_eq!(listed.trim(), "1");
    assert!(run(&["note", "09WARSAW91"]).contains("two"));
    // Nothing was written to a file journal.
    assert!(!e.state.join("journal.toml").exists());

    // The same URL from the environment, and from office.toml.
    let o = cmd(&e, "alice", &["log"])
        .env("CABLETRIAGE_JOURNAL", &url)
        .output()
        .unwrap();
    assert_eq!(ok(o, "env").lines().count(), 3);
    std::fs::write(
        e.traffic.join("office.toml"),
        format!("[journal]\nurl = \"{url}\"\n"),
    )
    .unwrap();
    assert_eq!(
        ok(cmd(&e, "alice", &["log"]).output().unwrap(), "office")
            .lines()
            .count(),
        3
    );
    let verify = ok(
        cmd(&e, "alice", &["journal", "verify"]).output().unwrap(),
        "verify",
    );
    assert!(
        verify.contains("3 events (3 chained") && verify.contains("chain: intact"),
        "{verify}"
    );
}

#[test]
fn a_role_without_insert_gets_a_clear_refusal_on_the_command_line() {
    let Some(c) = pg_support::shared() else {
        return;
    };
    let db = c.journal_db("clireader");
    c.reader("auditor");
    let e = env();
    let url = c.url(&db, "auditor");
    let o = cmd(
        &e,
        "auditor",
        &["--journal", &url, "label", "09WARSAW88", "x"],
    )
    .output()
    .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("the journal database refused: permission denied")
            && err.contains("nothing was recorded")
            && err.contains("cabletriage_officer"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
    // A database that is down is said to be offline, not a crash.
    let down = format!("postgresql:///x?host={}&port=1", e.state.display());
    let o = cmd(
        &e,
        "alice",
        &["--journal", &down, "label", "09WARSAW88", "x"],
    )
    .output()
    .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && err.contains("journal offline"),
        "{err}"
    );
    // A URL that is not one is bad usage.
    let o = cmd(&e, "alice", &["--journal", "postgres://[", "log"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn push_twice_then_pull_gives_back_the_same_events() {
    let Some(c) = pg_support::shared() else {
        return;
    };
    let db = c.journal_db("pushpull");
    let e = env();
    let file = |args: &[&str]| ok(cmd(&e, "alice", args).output().unwrap(), &args.join(" "));
    file(&["label", "09WARSAW88", "urgent", "pol"]);
    file(&["route", "09WARSAW88", "EUR/RUS"]);
    file(&["note", "09WARSAW91", "a \"quoted\"\n[[event]]\nseq = 1"]);
    file(&["label", "09WARSAW91", "pol"]);
    file(&["label", "--remove", "09WARSAW88", "pol"]);
    let before = file(&["log", "--format", "json"]);
    let admin = c.url(&db, ADMIN);
    let first = file(&["journal", "push", &admin]);
    assert!(first.contains("5 events added, 0 already"), "{first}");
    let second = file(&["journal", "push", &admin]);
    assert!(second.contains("0 events added, 5 already"), "{second}");
    // An officer may not copy history in (the times and accounts would be theirs to choose).
    c.officer("alice");
    let other = env();
    ok(
        cmd(&other, "alice", &["label", "09WARSAW88", "x"])
            .output()
            .unwrap(),
        "label",
    );
    let o = cmd(&other, "alice", &["journal", "push", &c.url(&db, "alice")])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("only the journal's owner"));

    let pulled = e.state.parent().unwrap().join("pulled");
    std::fs::create_dir(&pulled).unwrap();
    let o = cmd(
        &e,
        "alice",
        &[
            "journal",
            "pull",
            &admin,
            pulled.join("journal.toml").to_str().unwrap(),
        ],
    )
    .output()
    .unwrap();
    ok(o, "pull");
    let o = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(["log", "--format", "json", "--state"])
        .arg(&pulled)
        .arg("--dir")
        .arg(&e.traffic)
        .env_remove("CABLETRIAGE_JOURNAL")
        .output()
        .unwrap();
    assert_eq!(ok(o, "log of the pulled file"), before);
    let db_log = ok(
        cmd(
            &e,
            "alice",
            &["--journal", &admin, "log", "--format", "json"],
        )
        .output()
        .unwrap(),
        "db log",
    );
    assert_eq!(db_log, before);
    // The pulled file's chain holds.
    let o = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(["journal", "verify", "--state"])
        .arg(&pulled)
        .output()
        .unwrap();
    assert!(ok(o, "verify").contains("chain: intact"));
    // Pulling to stdout gives the same file.
    let o = cmd(&e, "alice", &["journal", "pull", &admin])
        .output()
        .unwrap();
    assert_eq!(
        ok(o, "pull to stdout"),
        std::fs::read_to_string(pulled.join("journal.toml")).unwrap()
    );
}

/// The office's own commands on a database journal: a tasker assigned and moved on, and the
/// handover (pinned clock) naming it with who assigned it, as on the file journal.
#[test]
fn taskers_and_the_handover_work_against_the_database() {
    let Some(c) = pg_support::shared() else {
        return;
    };
    let db = c.database("office");
    let e = env();
    let admin = c.url(&db, ADMIN);
    ok(
        cmd(&e, "root", &["journal", "init", &admin])
            .output()
            .unwrap(),
        "init",
    );
    c.officer("alice");
    let url = c.url(&db, "alice");
    let run = |args: &[&str]| {
        let mut all = vec!["--journal", url.as_str()];
        all.extend_from_slice(args);
        let mut c = cmd(&e, "alice", &all);
        c.env("CABLETRIAGE_NOW", "2009-01-01T13:00:00Z");
        ok(c.output().unwrap(), &args.join(" "))
    };
    run(&["assign", "09WARSAW88", "bob", "--due", "+1d"]);
    run(&["task", "09WARSAW88", "working"]);
    run(&["label", "09WARSAW91", "urgent"]);
    run(&["assign", "09WARSAW91", "carol", "--due", "+2h"]);
    let listed = json_lines(&run(&[
        "list",
        "--filter",
        "assignee:bob",
        "--format",
        "json",
    ]));
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["task"], "working");
    assert_eq!(listed[0]["suspense"], "2009-01-02T13:00:00Z");
    let h: serde_json::Value =
        serde_json::from_str(&run(&["handover", "--since", "8h", "--format", "json"])).unwrap();
    let text = h.to_string();
    assert!(
        text.contains("09WARSAW88") && text.contains("bob"),
        "the open tasker is handed over: {text}"
    );
    let log = json_lines(&run(&["log", "--format", "json"]));
    let ops: Vec<&str> = log.iter().filter_map(|l| l["op"].as_str()).collect();
    assert_eq!(ops, ["assign", "task", "add_labels", "assign"]);
    assert!(!e.state.join("journal.toml").exists(), "nothing in a file");
}
