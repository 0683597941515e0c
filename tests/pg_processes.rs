//! The journal database under several processes (tests/pg_support): two "hosts" (processes
//! with their own state directories) appending 500 events each at once (all 1,000 present, one
//! total order, the chain intact); `kill -9` of a writer, looping and mid-transaction (nothing
//! acknowledged lost, no half event, the lock released).
//!
//! The writers are this test binary run again on the ignored tests `child_*`.

mod pg_support;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cabletriage::triage::{Journal, Op};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name}"))
}

/// Appends `PT_COUNT` events (forever when 0) to the database `PT_URL` as `PT_USER`, each
/// labelling a cable with `<PT_USER>-<i>`, printing `ACK <label>` once the append returned Ok.
#[test]
#[ignore = "run by the other tests as a child process"]
fn child_appender() {
    let (url, user) = (env("PT_URL"), env("PT_USER"));
    let count: u64 = env("PT_COUNT").parse().unwrap();
    let start: u64 = env("PT_START").parse().unwrap();
    let state = tempfile::tempdir().unwrap();
    let mut j = Journal::open_db(&url, state.path(), &user).expect("open");
    let mut out = std::io::stdout().lock();
    let mut i = start;
    while count == 0 || i < start + count {
        let label = format!("{user}-{i}");
        let op = Op::AddLabels {
            labels: vec![label.clone()],
        };
        if let Err(e) = j.apply(op, &[format!("K{}", i % 13)]) {
            writeln!(out, "ERR {e}").unwrap();
            return;
        }
        writeln!(out, "ACK {label}").unwrap();
        out.flush().unwrap();
        i += 1;
    }
}

/// Inserts a well-formed next event in a transaction, says `HOLDING`, and waits to be killed
/// before committing.
#[test]
#[ignore = "run by the other tests as a child process"]
fn child_holder() {
    let mut c = postgres::Client::connect(&env("PT_URL"), postgres::NoTls).unwrap();
    let mut tx = c.transaction().unwrap();
    tx.execute("SELECT pg_advisory_xact_lock(1668573745)", &[])
        .unwrap();
    tx.batch_execute(
        r#"INSERT INTO cabletriage.events (seq, "user", cables, op, fields, prev, hash)
           SELECT coalesce(max(seq), 0) + 1, 'holder', '{K1}', 'flag', '{}',
                  (SELECT hash FROM cabletriage.events ORDER BY seq DESC LIMIT 1), 'h'
           FROM cabletriage.events"#,
    )
    .unwrap();
    println!("HOLDING");
    std::io::stdout().flush().unwrap();
    std::thread::sleep(Duration::from_secs(120));
}

fn spawn(test: &str, url: &str, user: &str, count: u64, start: u64) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            test,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("PT_URL", url)
        .env("PT_USER", user)
        .env("PT_COUNT", count.to_string())
        .env("PT_START", start.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn a child")
}

type Lines = Arc<Mutex<Vec<String>>>;

/// Collect the child's lines holding `tag` (what follows it) on a thread.
fn collect(child: &mut Child, tag: &'static str) -> (Lines, std::thread::JoinHandle<()>) {
    let got = Arc::new(Mutex::new(Vec::new()));
    let out = child.stdout.take().unwrap();
    let sink = Arc::clone(&got);
    let h = std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if let Some(at) = line.find(tag) {
                sink.lock()
                    .unwrap()
                    .push(line[at + tag.len()..].to_string());
            }
        }
    });
    (got, h)
}

#[test]
fn two_hosts_writing_five_hundred_each_give_one_total_order() {
    let Some(c) = pg_support::shared() else {
        return;
    };
    let db = c.journal_db("twohosts");
    c.officer("alice");
    c.officer("bob");
    let mut a = spawn("child_appender", &c.url(&db, "alice"), "alice", 500, 0);
    // The second host over TCP, the first over the Unix socket.
    let mut b = spawn("child_appender", &c.tcp_url(&db, "bob"), "bob", 500, 0);
    let (acks_a, ra) = collect(&mut a, "ACK ");
    let (acks_b, rb) = collect(&mut b, "ACK ");
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    ra.join().unwrap();
    rb.join().unwrap();
    assert_eq!(acks_a.lock().unwrap().len(), 500);
    assert_eq!(acks_b.lock().unwrap().len(), 500);

    let url = c.url(&db, ADMIN_ROLE);
    let (events, skipped) = Journal::read_log_db(&url).unwrap();
    assert!(skipped.is_empty());
    let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(
        seqs,
        (1..=1000).collect::<Vec<_>>(),
        "one total order, no gaps"
    );
    assert!(
        events.windows(2).all(|w| w[0].at <= w[1].at),
        "times follow the order"
    );
    for user in ["alice", "bob"] {
        let mine: Vec<String> = events
            .iter()
            .filter(|e| e.user == user)
            .map(|e| match &e.op {
                Op::AddLabels { labels } => labels[0].clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        let want: Vec<String> = (0..500).map(|i| format!("{user}-{i}")).collect();
        assert_eq!(
            mine, want,
            "{user}'s events all there, in the order written"
        );
        assert!(
            events
                .iter()
                .filter(|e| e.user == user)
                .all(|e| e.os_user.as_deref() == Some(user))
        );
    }
    let switches = events.windows(2).filter(|w| w[0].user != w[1].user).count();
    println!("host switches in the journal: {switches}");
    assert!(Journal::audit_db(&url).unwrap().chain().breaks.is_empty());
}

const ADMIN_ROLE: &str = pg_support::ADMIN;

#[test]
fn kill_dash_nine_of_a_writer_loses_nothing_acknowledged() {
    let Some(c) = pg_support::shared() else {
        return;
    };
    let db = c.journal_db("kill");
    c.officer("kim");
    let url = c.url(&db, "kim");
    let mut all_acked = BTreeSet::new();
    for round in 0..8u64 {
        let mut child = spawn("child_appender", &url, "kim", 0, round * 100_000);
        let (acks, reader) = collect(&mut child, "ACK ");
        std::thread::sleep(Duration::from_millis(60 + (round * 37) % 160));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        all_acked.extend(acks.lock().unwrap().clone());
        let tmp = tempfile::tempdir().unwrap();
        let j = Journal::open_db(&url, tmp.path(), "checker").unwrap();
        let present = j.labels_in_use();
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
        all_acked.len() >= 8,
        "the writer hardly ran: {}",
        all_acked.len()
    );
    let (events, skipped) = Journal::read_log_db(&url).unwrap();
    assert!(skipped.is_empty());
    let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=events.len() as u64).collect::<Vec<_>>());
    assert!(Journal::audit_db(&url).unwrap().chain().breaks.is_empty());
}

#[test]
fn a_writer_killed_mid_transaction_leaves_no_half_event_and_no_lock() {
    let Some(c) = pg_support::shared() else {
        return;
    };
    let db = c.journal_db("midtx");
    c.officer("kim");
    let url = c.url(&db, "kim");
    let tmp = tempfile::tempdir().unwrap();
    let mut j = Journal::open_db(&url, tmp.path(), "kim").unwrap();
    j.apply(Op::Done, &["K0".to_string()]).unwrap();
    let mut holder = spawn("child_holder", &url, "kim", 0, 0);
    let (said, reader) = collect(&mut holder, "HOLDING");
    let waited = std::time::Instant::now();
    while said.lock().unwrap().is_empty() {
        assert!(
            waited.elapsed() < Duration::from_secs(30),
            "the holder never held"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    holder.kill().unwrap();
    holder.wait().unwrap();
    reader.join().unwrap();
    // The killed transaction's lock is gone with it: the next append goes through, as #2.
    let e = j
        .apply(Op::Flag, &["K1".to_string()])
        .unwrap()
        .event
        .unwrap();
    assert_eq!(e.seq, 2);
    let (events, _) = Journal::read_log_db(&url).unwrap();
    assert_eq!(events.len(), 2);
    assert!(
        events.iter().all(|e| e.user == "kim"),
        "the held event is not there"
    );
}
