//! The journal in PostgreSQL against the file journal, on a throwaway local cluster
//! (tests/pg_support; skipped when PostgreSQL is not installed). A `--stats`-style report, not a
//! criterion run: latencies are distributions (median and p95 matter, not a mean).
//!
//! - action to committed: `Journal::apply` over the Unix socket, and to fsync'd for the file
//!   journal, 500 actions each: median, p95, and actions per second for one writer;
//! - two writers at once: events per second through the advisory lock;
//! - live update: from the start of one host's `apply` to the other host's listener callback
//!   and `poll_new` having applied the event: median, p95;
//! - start-up with a 100,000-event journal: `open_db` with its local snapshot and without
//!   (every row read and replayed) against the file journal with a snapshot and without; and
//!   `journal push` of those events.
//!
//! Run: `cargo bench --bench journal_db`.

#[path = "../tests/pg_support/mod.rs"]
mod pg_support;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use cabletriage::triage::format::encode_all;
use cabletriage::triage::pg::listen::{Listener, Signal};
use cabletriage::triage::pg::{Store, transfer};
use cabletriage::triage::{Event, Journal, Op};

const ACTIONS: usize = 500;
const EVENTS: u64 = 100_000;

fn report(what: &str, mut t: Vec<Duration>) {
    t.sort();
    let at = |q: f64| t[((t.len() as f64 * q) as usize).min(t.len() - 1)];
    println!(
        "{what:<44} median {:>8.2?}  p95 {:>8.2?}  max {:>8.2?}  ({} samples)",
        at(0.5),
        at(0.95),
        t[t.len() - 1],
        t.len()
    );
}

/// Flag and unflag one cable in turn (each action changes something, so each is written).
fn actions(j: &mut Journal, n: usize) -> Vec<Duration> {
    let key = vec!["K1".to_string()];
    (0..n)
        .map(|i| {
            let op = if i % 2 == 0 { Op::Flag } else { Op::Unflag };
            let t = Instant::now();
            j.apply(op, &key).expect("apply");
            t.elapsed()
        })
        .collect()
}

fn events(n: u64) -> Vec<Event> {
    let users = ["alice", "bob", "carol", "dave", "erin"];
    let at = chrono::Utc::now();
    (1..=n)
        .map(|seq| {
            let i = seq as usize;
            let op = match i % 6 {
                0 => Op::AddLabels {
                    labels: vec![format!("l{}", i % 30)],
                },
                1 => Op::RouteAction {
                    desk: format!("EUR/D{}", i % 12),
                },
                2 => Op::MarkRead,
                3 => Op::Flag,
                4 => Op::SetNote {
                    text: format!("follow up {i}"),
                },
                _ => Op::Done,
            };
            Event {
                seq,
                at: at + chrono::Duration::milliseconds(seq as i64),
                user: users[i % 5].to_string(),
                os_user: Some(users[i % 5].to_string()),
                cables: vec![format!("09POST{}", i % 8000)],
                op,
            }
        })
        .collect()
}

fn main() {
    let Some(c) = pg_support::shared() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();

    // Action to durable.
    let mut file = Journal::open(tmp.path().join("file"), "alice").unwrap();
    report(
        "file journal: action to fsync'd",
        actions(&mut file, ACTIONS),
    );
    let db = c.journal_db("bench");
    c.officer("alice");
    c.officer("bob");
    let url = c.url(&db, "alice");
    let mut j = Journal::open_db(&url, tmp.path().join("a"), "alice").unwrap();
    let t = actions(&mut j, ACTIONS);
    let total: Duration = t.iter().sum();
    report("database (Unix socket): action to committed", t);
    println!(
        "  one writer: {:.0} actions/s",
        ACTIONS as f64 / total.as_secs_f64()
    );
    let mut tcp =
        Journal::open_db(&c.tcp_url(&db, "alice"), tmp.path().join("t"), "alice").unwrap();
    report(
        "database (127.0.0.1 TCP): action to committed",
        actions(&mut tcp, ACTIONS),
    );

    // Two writers at once.
    let start = Instant::now();
    let writers: Vec<_> = ["alice", "bob"]
        .into_iter()
        .map(|u| {
            let url = c.url(&db, u);
            let dir = tmp.path().join(format!("w-{u}"));
            std::thread::spawn(move || {
                let mut j = Journal::open_db(&url, dir, u).unwrap();
                for i in 0..ACTIONS {
                    let op = Op::AddLabels {
                        labels: vec![format!("{u}{i}")],
                    };
                    j.apply(op, &[format!("W{}", i % 50)]).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    println!(
        "two writers at once: {:.0} events/s ({} events in {:.2?})",
        (2 * ACTIONS) as f64 / start.elapsed().as_secs_f64(),
        2 * ACTIONS,
        start.elapsed()
    );

    // Live update, host to host.
    let store = Store::new(&c.url(&db, "bob")).unwrap();
    let (tx, rx) = mpsc::channel();
    let _listener = Listener::spawn(store.config().clone(), store.target().into(), move |s| {
        if s == Signal::Changed {
            let _ = tx.send(Instant::now());
        }
    });
    let mut bob = Journal::open_db(&c.url(&db, "bob"), tmp.path().join("b"), "bob").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    while rx.try_recv().is_ok() {}
    let mut live = Vec::new();
    for i in 0..200 {
        let t = Instant::now();
        j.apply(
            if i % 2 == 0 { Op::Flag } else { Op::Unflag },
            &["L1".to_string()],
        )
        .unwrap();
        loop {
            rx.recv_timeout(Duration::from_secs(5)).expect("notified");
            if !bob.poll_new().unwrap().is_empty() {
                break;
            }
        }
        live.push(t.elapsed());
    }
    report("live: apply on one host to applied on another", live);

    // Start-up with 100,000 events.
    let evs = events(EVENTS);
    let big = tmp.path().join("big");
    std::fs::create_dir(&big).unwrap();
    std::fs::write(big.join("journal.toml"), encode_all(&evs).unwrap()).unwrap();
    let t = Instant::now();
    Journal::open(&big, "alice").unwrap(); // replays, then writes the snapshot
    let first = t.elapsed();
    let file_snap: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            Journal::open(&big, "alice").unwrap();
            t.elapsed()
        })
        .collect();
    let file_full: Vec<Duration> = (0..3)
        .map(|_| {
            let t = Instant::now();
            Journal::open_full(&big, "alice").unwrap();
            t.elapsed()
        })
        .collect();
    println!("file journal, 100,000 events: first open (full replay + snapshot) {first:.2?}");
    report(
        "file journal, 100,000 events: open with snapshot",
        file_snap,
    );
    report("file journal, 100,000 events: full replay", file_full);
    let bigdb = c.journal_db("big");
    let admin = c.url(&bigdb, pg_support::ADMIN);
    let t = Instant::now();
    let pushed = transfer::push(&big, &admin).unwrap();
    let took = t.elapsed();
    println!(
        "journal push of {} events: {took:.2?} ({:.0} events/s)",
        pushed.added,
        pushed.added as f64 / took.as_secs_f64()
    );
    let db_full: Vec<Duration> = (0..3)
        .map(|i| {
            let t = Instant::now();
            let dir = tmp.path().join(format!("fresh{i}"));
            let j = Journal::open_db(&c.url(&bigdb, "alice"), dir, "alice").unwrap();
            assert_eq!(j.replayed_at_open(), EVENTS as usize);
            t.elapsed()
        })
        .collect();
    report("database, 100,000 events: open_db, no snapshot", db_full);
    // The first open above left a snapshot in fresh0.
    let db_snap: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let j = Journal::open_db(&c.url(&bigdb, "alice"), tmp.path().join("fresh0"), "alice")
                .unwrap();
            assert_eq!(j.replayed_at_open(), 0);
            t.elapsed()
        })
        .collect();
    report("database, 100,000 events: open_db with snapshot", db_snap);
    let size: i64 = c
        .client(&bigdb, pg_support::ADMIN)
        .query_one("SELECT pg_total_relation_size('cabletriage.events')", &[])
        .unwrap()
        .get(0);
    println!(
        "database size of 100,000 events (table and indexes): {:.1} MB ({} bytes/event); file journal: {:.1} MB",
        size as f64 / 1e6,
        size / EVENTS as i64,
        std::fs::metadata(big.join("journal.toml")).unwrap().len() as f64 / 1e6
    );
}
