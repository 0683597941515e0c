//! Journal benchmarks: the time from an action to a durable (fsync'd) event, the inbox's key
//! handling with the journal writer thread (the key answered; the decision shown done), and
//! start-up with a 100,000-event journal with and without a snapshot.

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

/// `f` in the inbox: `update` returning with the write handed to the writer thread (what the UI
/// waits on), and the same up to the decision read back and said done.
fn keypress(c: &mut Criterion) {
    use cabletriage::keymap::{Key, Keymap};
    use cabletriage::tui::writer::{Target, Writer};
    use cabletriage::tui::{App, ColorMode, Effect, Theme};
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let mut app = App::new(
        Keymap::default_keymap(),
        Theme::new(ColorMode::Never, false),
    );
    let traffic = cabletriage::tui::testing::synthetic_traffic(12);
    let _ = app.set_traffic(traffic, Default::default());
    cabletriage::tui::session::start(&mut app, dir.path(), "bench", dir.path());
    let (tx, rx) = std::sync::mpsc::channel();
    let target = Target {
        state: dir.path().to_path_buf(),
        user: "bench".into(),
        url: None,
    };
    let writer = Writer::spawn(target, tx);
    let f = Key::parse("f").unwrap();
    let press = |app: &mut App| {
        for e in cabletriage::tui::handle_key(app, f) {
            if let Effect::Write(job) = e {
                writer.send(*job).unwrap();
            }
        }
    };
    let mut g = c.benchmark_group("keypress");
    g.bench_function("answered", |b| {
        b.iter(|| {
            press(&mut app);
            app.pending_writes.len()
        })
    });
    // Let the queue the first measurement built drain before the next one.
    while !app.pending_writes.is_empty() {
        let ev = rx.recv_timeout(Duration::from_secs(60)).unwrap();
        let _ = cabletriage::tui::apply(&mut app, ev);
    }
    g.bench_function("shown_done", |b| {
        b.iter(|| {
            press(&mut app);
            while !app.pending_writes.is_empty() {
                let ev = rx.recv_timeout(Duration::from_secs(60)).unwrap();
                let _ = cabletriage::tui::apply(&mut app, ev);
            }
        })
    });
    g.finish();
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

criterion_group!(benches, append, keypress, startup);
criterion_main!(benches);
