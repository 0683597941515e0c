//! Triage on screen, in the built binary in a pseudo-terminal: after `t` and `r` the row shows
//! the label and the desk (at 80x24, and at 110x30 with the queue sidebar open), the reading
//! view shows the triage block, and two officers writing notes on the same cable in turn keep
//! both texts. Reads are each officer's own (`list --user bob --filter is:unread` still lists a
//! cable alice opened). All cable text is fictional.

#![cfg(unix)]

mod pty_support;

use std::path::Path;
use std::process::Command;

use pty_support::Session;

const DESKS: &str = "[[desk]]\ncode = \"EUR/NB\"\nname = \"Nordic and Baltic Affairs\"\ntags = [\"FX\"]\n\n\
[[desk]]\ncode = \"ECON\"\nname = \"Economic Affairs\"\ntags = []\n";

fn traffic_dir() -> tempfile::TempDir {
    let dir = pty_support::three_cables();
    std::fs::write(dir.path().join("desks.toml"), DESKS).expect("desks");
    dir
}

/// The inbox on `dir` as `user` at `size`.
fn start(dir: &Path, user: &str, size: (u16, u16)) -> Session {
    let state = dir.join(".state");
    let args = [
        dir.as_os_str(),
        "--state".as_ref(),
        state.as_os_str(),
        "--user".as_ref(),
        user.as_ref(),
    ];
    Session::run_sized(&args, &dir.join(".config"), size)
}

/// The screen row holding `text`.
fn row_with(s: &Session, text: &str) -> String {
    s.contents()
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or_default()
        .to_string()
}

fn label_route_and_read(size: (u16, u16), sidebar: bool) {
    let dir = traffic_dir();
    let mut s = start(dir.path(), "alice", size);
    s.wait_for("1/3");
    if sidebar {
        s.send("b");
        s.wait_for("Queues");
    }
    s.send("t");
    s.send("urgent\r");
    s.wait_for("labelled");
    s.send("r");
    s.send("nb\r");
    s.wait_for("routed to EUR/NB");
    s.settle();
    let row = row_with(&s, "HARBOUR TALKS");
    assert!(
        row.contains("EUR/NB"),
        "the desk on the row at {size:?}: {row}"
    );
    assert!(
        row.contains("urgent"),
        "the label on the row at {size:?}: {row}"
    );
    if sidebar {
        // The sidebar has the keys since `b`: Tab gives them back to the inbox.
        s.send("\t");
    }
    s.send("\r");
    s.wait_for("TRIAGE");
    s.wait_for("READ BY");
    let shown = s.contents();
    assert!(shown.contains("ACTION"), "{shown}");
    assert!(shown.contains("alice (you)"), "{shown}");
    s.send("q");
    s.send("q");
    s.wait_exit();
}

#[test]
fn label_and_desk_show_on_the_row_at_80x24() {
    label_route_and_read((80, 24), false);
}

#[test]
fn label_and_desk_show_on_the_row_at_110x30_with_the_sidebar() {
    label_route_and_read((110, 30), true);
}

/// Write a note on the first cable as `user`, then quit.
fn note_as(dir: &Path, user: &str, text: &str) {
    let mut s = start(dir, user, (100, 30));
    s.wait_for("1/3");
    s.send("n");
    s.wait_for("Esc saves");
    s.send(text);
    s.send("\x1b");
    s.wait_for("noted");
    s.send("q");
    s.wait_exit();
}

fn cabletriage(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(args)
        .arg("--state")
        .arg(dir.join(".state"))
        .arg("--dir")
        .arg(dir)
        .output()
        .expect("run cabletriage");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn two_officers_notes_on_one_cable_are_both_kept() {
    let dir = traffic_dir();
    note_as(dir.path(), "alice", "Harbourmaster to call back.");
    note_as(dir.path(), "bob", "Quota figures attached.");
    let line = cabletriage(
        dir.path(),
        &["list", "--format", "json", "--filter", "has:note"],
    );
    let v: serde_json::Value = serde_json::from_str(line.trim()).expect("one JSON line");
    let notes: Vec<(String, String)> = v["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|n| {
            let field = |k: &str| n[k].as_str().unwrap_or_default().to_string();
            (field("user"), field("text"))
        })
        .collect();
    assert_eq!(
        notes,
        [
            (
                "alice".to_string(),
                "Harbourmaster to call back.".to_string()
            ),
            ("bob".to_string(), "Quota figures attached.".to_string()),
        ]
    );
}

#[test]
fn a_cable_alice_opened_is_still_unread_for_bob() {
    let dir = traffic_dir();
    let mut s = start(dir.path(), "alice", (100, 30));
    s.wait_for("1/3");
    s.send("\r");
    s.wait_for("TRIAGE");
    s.send("q");
    s.send("q");
    s.wait_exit();
    let count = |user: &str| {
        let out = cabletriage(
            dir.path(),
            &[
                "--user",
                user,
                "list",
                "--filter",
                "is:unread",
                "--format",
                "count",
            ],
        );
        out.trim().parse::<usize>().expect("a count")
    };
    assert_eq!(count("alice"), 2, "alice read one of three");
    assert_eq!(count("bob"), 3, "alice's read is not bob's");
    let json = cabletriage(
        dir.path(),
        &[
            "--user", "bob", "list", "--format", "json", "--filter", "HARBOUR",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(json.trim()).expect("one JSON line");
    assert_eq!(v["read"], false);
    assert_eq!(v["read_by"], serde_json::json!(["alice"]));
}
