//! Journal benchmarks: the time from an action to a durable (fsync'd) event, and start-up with a
//! 100,000-event journal with and without a snapshot.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};

use cabletriage::triage::format::{encode, preamble};
use cabletriage::triage::{Event, Journal, Op};

const EVENTS: u64 = 100_000;

/// Write a journal of `n` varied events over 8,000 cables by five users, in one go.
fn write_journal(dir: &Path, n: u64) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join("journal.toml")).unwrap());
    let users = ["alice", "bob", "carol", "dave", "erin"];
    f.write_all(preamble().as_bytes()).unwrap();
    let mut head: Option<String> = None;
    for seq in 1..=n {
        let i = seq as usize;
        let op = match i % 8 {
            0 => Op::AddLabels {
                labels: vec![format!("l{}", i % 30)],
            },
            1 => Op::RouteAction {
                desk: format!("EUR/D{}", i % 12),
            },
            2 => Op::AddInfoDesk {
                desk: format!("NEA/I{}", i % 7),
            },
            3 => Op::MarkRead,
            4 => Op::Flag,
            5 => Op::SetNote {
                text: format!("follow up {i}"),
            },
            6 => Op::Done,
            _ => Op::RemoveLabels {
                labels: vec![format!("l{}", (i + 3) % 30)],
            },
        };
        let ev = Event {
            seq,
            at: Utc::now(),
            user: users[i % users.len()].to_string(),
            os_user: Some(users[i % users.len()].to_string()),
            cables: vec![format!("{:02}CABLE{}", i % 10, i % 8000)],
            op,
        };
        let enc = encode(&ev, head.as_deref()).unwrap();
        f.write_all(enc.text.as_bytes()).unwrap();
        head = Some(enc.hash);
    }
    f.flush().unwrap();
}

fn append(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let mut j = Journal::open(dir.path(), "bench").unwrap();
    let keys = vec!["09MOSCOW12".to_string()];
    let mut flip = false;
    c.bench_function("append_durable", |b| {
        b.iter(|| {
            flip = !flip;
            let op = if flip { Op::Flag } else { Op::Unflag };
            j.apply(op, &keys).unwrap()
        })
    });
}

fn startup(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    write_journal(dir.path(), EVENTS);
    let mut g = c.benchmark_group("startup_100k");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    g.bench_function("full_replay", |b| {
        b.iter(|| {
            Journal::open_full(dir.path(), "bench")
                .unwrap()
                .state()
                .cables
                .len()
        })
    });
    Journal::open_full(dir.path(), "bench")
        .unwrap()
        .write_snapshot()
        .unwrap();
    // A realistic tail: a few hundred events after the snapshot.
    let mut j = Journal::open(dir.path(), "bench").unwrap();
    for i in 0..300 {
        j.apply(Op::MarkRead, &[format!("TAIL{i}")]).unwrap();
    }
    g.bench_function("with_snapshot", |b| {
        b.iter(|| {
            let j = Journal::open(dir.path(), "bench").unwrap();
            assert!(j.replayed_at_open() <= 300);
            j.state().cables.len()
        })
    });
    g.finish();
}

criterion_group!(benches, append, startup);
criterion_main!(benches);
