//! The journal under several processes: a `kill -9` loop against a process appending events
//! (nothing acknowledged is ever missing), and two processes appending 1,000 events each at
//! once (all 2,000 present, numbered once each, none damaged).
//!
//! The appending processes are this test binary run again on the ignored test `child_appender`.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cabletriage::triage::{Journal, Op};

/// Appends `JT_COUNT` events (forever when 0) to `JT_DIR` as `JT_USER`, each labelling a cable
/// with `<JT_USER>-<i>`, printing `ACK <label>` only once the append returned Ok.
#[test]
#[ignore = "run by the other tests as a child process"]
fn child_appender() {
    use std::io::Write;
    let dir = std::env::var("JT_DIR").expect("JT_DIR");
    let user = std::env::var("JT_USER").expect("JT_USER");
    let count: u64 = std::env::var("JT_COUNT")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let start: u64 = std::env::var("JT_START")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    if std::env::var_os("JT_IGNORE_XFSZ").is_some() {
        // Under a file-size limit, a write past it then fails (EFBIG) instead of killing us.
        let flag = Arc::new(std::sync::atomic::AtomicBool::new(false));
        signal_hook::flag::register(signal_hook::consts::signal::SIGXFSZ, flag).unwrap();
    }
    let mut j = Journal::open(&dir, &user).expect("open");
    let mut out = std::io::stdout().lock();
    let mut i = start;
    while count == 0 || i < start + count {
        let label = format!("{user}-{i}");
        let key = format!("K{}", i % 13);
        let op = Op::AddLabels {
            labels: vec![label.clone()],
        };
        if let Err(e) = j.apply(op, &[key]) {
            writeln!(out, "ERR {e}").unwrap();
            return;
        }
        writeln!(out, "ACK {label}").unwrap();
        out.flush().unwrap();
        i += 1;
    }
}

fn spawn_child(dir: &Path, user: &str, count: u64, start: u64) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "child_appender",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("JT_DIR", dir)
        .env("JT_USER", user)
        .env("JT_COUNT", count.to_string())
        .env("JT_START", start.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the appender")
}

/// Collect the child's `ACK` lines on a thread, into a shared list.
fn collect_acks(child: &mut Child) -> (Arc<Mutex<Vec<String>>>, std::thread::JoinHandle<()>) {
    let acks = Arc::new(Mutex::new(Vec::new()));
    let out = child.stdout.take().unwrap();
    let sink = Arc::clone(&acks);
    let h = std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            // libtest may print `test child_appender ... ` just before the first line.
            if let Some(at) = line.find("ACK ") {
                sink.lock().unwrap().push(line[at + 4..].to_string());
            }
        }
    });
    (acks, h)
}

#[test]
fn kill_dash_nine_never_loses_an_acknowledged_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut all_acked = BTreeSet::new();
    let mut start = 0;
    for round in 0..12u64 {
        let mut child = spawn_child(dir.path(), "kim", 0, start);
        let (acks, reader) = collect_acks(&mut child);
        // Vary where the kill lands: somewhere in the first few dozen appends.
        std::thread::sleep(Duration::from_millis(40 + (round * 37) % 160));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        reader.join().unwrap();
        let acked = acks.lock().unwrap().clone();
        start += 100_000; // labels of each round are distinct
        all_acked.extend(acked);

        let j = Journal::open(dir.path(), "checker").unwrap();
        let present: BTreeSet<&str> = j.labels_in_use();
        let missing: Vec<_> = all_acked
            .iter()
            .filter(|l| !present.contains(l.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "round {round}: acknowledged but missing: {missing:?}"
        );
    }
    assert!(
        all_acked.len() >= 12,
        "the appender hardly ran: {} events",
        all_acked.len()
    );
    // Whatever a kill left, the journal still takes appends that read back.
    let mut j = Journal::open(dir.path(), "after").unwrap();
    j.apply(Op::Flag, &["K0".to_string()]).unwrap();
    assert!(
        Journal::open(dir.path(), "x")
            .unwrap()
            .state()
            .get("K0")
            .flagged
    );
}

#[test]
fn two_processes_appending_a_thousand_each_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = spawn_child(dir.path(), "alice", 1000, 0);
    let mut b = spawn_child(dir.path(), "bob", 1000, 0);
    let (acks_a, ra) = collect_acks(&mut a);
    let (acks_b, rb) = collect_acks(&mut b);
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    ra.join().unwrap();
    rb.join().unwrap();
    assert_eq!(acks_a.lock().unwrap().len(), 1000);
    assert_eq!(acks_b.lock().unwrap().len(), 1000);

    let (events, damage) = Journal::read_log(dir.path()).unwrap();
    assert!(damage.is_empty(), "{damage:?}");
    assert_eq!(events.len(), 2000);
    let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(
        seqs,
        (1..=2000).collect::<Vec<_>>(),
        "each event numbered once, in order"
    );
    let j = Journal::open(dir.path(), "checker").unwrap();
    let labels = j.labels_in_use();
    for user in ["alice", "bob"] {
        for i in 0..1000 {
            assert!(
                labels.contains(format!("{user}-{i}").as_str()),
                "{user}-{i} missing"
            );
        }
    }
    // The two really ran at once: their events interleave.
    let switches = events.windows(2).filter(|w| w[0].user != w[1].user).count();
    println!("user switches in the journal: {switches}");
}

#[test]
fn no_space_refuses_the_action_and_leaves_the_journal_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Journal::open(dir.path(), "pat").unwrap();
    for i in 0..5 {
        j.apply(
            Op::AddLabels {
                labels: vec![format!("before-{i}")],
            },
            &["K".to_string()],
        )
        .unwrap();
    }
    let path = dir.path().join("journal.toml");
    let size = std::fs::metadata(&path).unwrap().len();
    // Room for a few more events, then the "disk" (a file-size limit) is full mid-event.
    let limit = size + 700;
    let prlimit = Command::new("prlimit")
        .arg(format!("--fsize={limit}"))
        .arg(std::env::current_exe().unwrap())
        .args([
            "child_appender",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("JT_DIR", dir.path())
        .env("JT_USER", "quinn")
        .env("JT_COUNT", "1000")
        .env("JT_IGNORE_XFSZ", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .output();
    let out = match prlimit {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        other => {
            println!("skipped: cannot run under prlimit here: {other:?}");
            return;
        }
    };
    let acked: Vec<&str> = out
        .lines()
        .filter_map(|l| l.find("ACK ").map(|at| &l[at + 4..]))
        .collect();
    let err = out
        .lines()
        .find_map(|l| l.find("ERR ").map(|at| &l[at + 4..]));
    let err = err.expect("the appender never hit the limit");
    assert!(
        err.contains("no space") && err.contains("nothing was recorded"),
        "{err}"
    );
    assert!(std::fs::metadata(&path).unwrap().len() <= limit);
    // Nothing torn was left behind, and everything acknowledged is there.
    let again = Journal::open(dir.path(), "pat").unwrap();
    assert!(again.damage().is_empty(), "{:?}", again.damage());
    let labels = again.labels_in_use();
    assert!(!acked.is_empty());
    for l in acked.iter().copied().chain(
        (0..5)
            .map(|i| format!("before-{i}"))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str),
    ) {
        assert!(labels.contains(l), "{l} missing");
    }
}
