//! The inbox on a journal database, in the built binary in a pseudo-terminal
//! (tests/pg_support, tests/pty_support): two "hosts" (separate processes, state directories
//! and traffic copies) each see the other's action; a server stopped and started again during a
//! session: the status bar says "journal offline", actions are refused, the session reconnects,
//! catches up on what was committed meanwhile, and nothing it showed done is lost.
//!
//! How long the other host's action took to show is printed, not asserted (the benchmark
//! `journal_db` measures it).

#![cfg(unix)]

mod pg_support;
mod pty_support;

use std::path::Path;

use cabletriage::triage::{Journal, Op};
use pty_support::{Session, fictional_cable};

fn traffic_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (n, prec, subject) in [
        (1, 'O', "HARBOUR TALKS RESUME AFTER STORM DELAY"),
        (2, 'R', "MERIDIAN PORT STRIKE ENTERS SECOND WEEK"),
    ] {
        std::fs::write(
            dir.path().join(format!("cable{n}.txt")),
            fictional_cable(n, prec, subject),
        )
        .expect("write");
    }
    dir
}

fn inbox(dir: &Path, user: &str, url: &str) -> Session {
    let state = dir.join(".state");
    let args = [
        dir.as_os_str(),
        "--state".as_ref(),
        state.as_os_str(),
        "--user".as_ref(),
        user.as_ref(),
        "--journal".as_ref(),
        url.as_ref(),
    ];
    Session::run_sized(&args, &dir.join(".config"), (110, 30))
}

#[test]
fn each_host_sees_the_others_action() {
    let Some(c) = pg_support::shared() else {
        return;
    };
    let db = c.journal_db("ptyhosts");
    c.officer("alice");
    c.officer("bob");
    let (ta, tb) = (traffic_copy(), traffic_copy());
    let mut a = inbox(ta.path(), "alice", &c.url(&db, "alice"));
    let mut b = inbox(tb.path(), "bob", &c.tcp_url(&db, "bob"));
    a.wait_for("1/2");
    b.wait_for("1/2");
    b.settle();
    a.send("t");
    let sent = std::time::Instant::now();
    a.send("urgent\r");
    b.wait_for("alice labelled");
    println!(
        "alice's label showed on bob's screen {:?} after the key",
        sent.elapsed()
    );
    a.wait_for("labelled");
    let sent = std::time::Instant::now();
    b.send("f");
    a.wait_for("bob flagged");
    println!(
        "bob's flag showed on alice's screen {:?} after the key",
        sent.elapsed()
    );
    b.settle();
    let row = b
        .contents()
        .lines()
        .find(|l| l.contains("HARBOUR"))
        .unwrap_or_default()
        .to_string();
    assert!(row.contains("urgent"), "alice's label on bob's row: {row}");
    a.send("q");
    b.send("q");
}

#[test]
fn a_server_restart_goes_offline_refuses_then_catches_up() {
    if pg_support::bin_dir().is_none() {
        eprintln!("skipping: no PostgreSQL binaries");
        return;
    }
    // A cluster of its own: this test stops it.
    let c = pg_support::Cluster::start(false).expect("cluster");
    let db = c.journal_db("restart");
    c.officer("alice");
    c.officer("bob");
    let t = traffic_copy();
    let url = c.url(&db, "alice");
    let mut s = inbox(t.path(), "alice", &url);
    s.wait_for("1/2");
    s.send("t");
    s.send("before\r");
    s.wait_for("labelled");

    c.stop();
    s.wait_for("journal offline");
    s.send("f");
    s.wait_for("actions are refused");
    c.restart();
    // Another host writes while this one is still catching up.
    let tmp = tempfile::tempdir().unwrap();
    let mut bob = Journal::open_db(&c.url(&db, "bob"), tmp.path(), "bob").unwrap();
    let key = bob
        .state()
        .cables
        .keys()
        .next()
        .cloned()
        .expect("a cable labelled");
    bob.apply(
        Op::AddLabels {
            labels: vec!["during".into()],
        },
        &[key],
    )
    .unwrap();
    s.wait_for("bob labelled");
    let back = std::time::Instant::now();
    while s.contents().contains("journal offline") {
        assert!(
            back.elapsed() < std::time::Duration::from_secs(20),
            "{}",
            s.contents()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    s.send("t");
    s.send("after\r");
    s.wait_for("labelled");
    s.settle();
    let (events, _) = Journal::read_log_db(&url).unwrap();
    let labels: Vec<String> = events
        .iter()
        .filter_map(|e| match &e.op {
            Op::AddLabels { labels } => Some(labels[0].clone()),
            _ => None,
        })
        .collect();
    assert_eq!(labels, ["before", "during", "after"]);
    assert!(
        !events.iter().any(|e| e.op == Op::Flag),
        "the refused flag was not recorded"
    );
    s.send("q");
}
