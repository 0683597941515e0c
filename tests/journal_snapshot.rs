//! Snapshots: starting from one gives the same state as a full replay; a damaged or stale
//! snapshot is ignored (full replay); damage in the covered prefix is still reported.

use std::path::Path;

use chrono::Utc;

use cabletriage::triage::format::encode_all;
use cabletriage::triage::{Event, Journal, Op};

/// A varied, deterministic history over 40 cables, with undos and redos, by two users.
fn busy(dir: &Path, n: usize) {
    let mut a = Journal::open(dir, "alice").unwrap();
    let mut b = Journal::open(dir, "bob").unwrap();
    for i in 0..n {
        let j = if i % 3 == 0 { &mut b } else { &mut a };
        let key = vec![format!("09CABLE{}", i % 40)];
        let op = match i % 9 {
            0 => Op::AddLabels {
                labels: vec![format!("l{}", i % 5)],
            },
            1 => Op::RouteAction {
                desk: format!("EUR/D{}", i % 4),
            },
            2 => Op::AddInfoDesk {
                desk: format!("NEA/I{}", i % 3),
            },
            3 => Op::SetNote {
                text: format!("note {i}"),
            },
            4 => Op::Flag,
            5 => Op::MarkRead,
            6 => Op::RemoveLabels {
                labels: vec![format!("l{}", (i + 1) % 5)],
            },
            7 => Op::Done,
            _ => Op::Ack,
        };
        j.apply(op, &key).unwrap();
        if i % 7 == 0 {
            j.undo().unwrap();
        }
        if i % 11 == 0 {
            let _ = j.redo();
        }
    }
}

#[test]
fn start_from_snapshot_equals_full_replay() {
    let dir = tempfile::tempdir().unwrap();
    busy(dir.path(), 300);
    let full = Journal::open(dir.path(), "alice").unwrap();
    full.write_snapshot().unwrap();
    assert!(dir.path().join("snapshot.toml").exists());
    // More events after the snapshot: the tail is replayed on top of it.
    busy(dir.path(), 50);
    let full = {
        std::fs::rename(
            dir.path().join("snapshot.toml"),
            dir.path().join("keep.toml"),
        )
        .unwrap();
        let f = Journal::open(dir.path(), "alice").unwrap();
        std::fs::rename(
            dir.path().join("keep.toml"),
            dir.path().join("snapshot.toml"),
        )
        .unwrap();
        f
    };
    let fast = Journal::open(dir.path(), "alice").unwrap();
    assert!(
        fast.replayed_at_open() < full.replayed_at_open() / 4,
        "the snapshot was not used"
    );
    assert_eq!(fast.state().cables, full.state().cables);
    assert_eq!(fast.next_undo(), full.next_undo());
    // Undo from either start gives the same result.
    let (mut fast, mut full) = (fast, full);
    fast.undo().unwrap();
    full.poll_new().unwrap();
    assert_eq!(fast.state().cables, full.state().cables);
}

#[test]
fn a_long_replay_writes_a_snapshot_by_itself() {
    let dir = tempfile::tempdir().unwrap();
    // 1,100 events written in one go (as a long-lived journal would have them).
    let mut events = Vec::new();
    for seq in 1..=1100u64 {
        events.push(Event {
            seq,
            at: Utc::now(),
            user: "alice".into(),
            os_user: None,
            cables: vec![format!("C{}", seq % 50)],
            op: Op::AddLabels {
                labels: vec![format!("l{seq}")],
            },
        });
    }
    let text = encode_all(&events).unwrap();
    std::fs::write(dir.path().join("journal.toml"), text).unwrap();
    assert!(!dir.path().join("snapshot.toml").exists());
    let first = Journal::open(dir.path(), "alice").unwrap();
    assert_eq!(first.replayed_at_open(), 1100);
    assert!(dir.path().join("snapshot.toml").exists());
    let second = Journal::open(dir.path(), "alice").unwrap();
    assert_eq!(second.replayed_at_open(), 0);
    assert_eq!(first.state().cables, second.state().cables);
}

#[test]
fn a_damaged_snapshot_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    busy(dir.path(), 120);
    let full = Journal::open(dir.path(), "alice").unwrap();
    full.write_snapshot().unwrap();
    let snap = dir.path().join("snapshot.toml");
    let text = std::fs::read_to_string(&snap).unwrap();
    std::fs::write(&snap, &text[..text.len() / 2]).unwrap();
    let j = Journal::open(dir.path(), "alice").unwrap();
    assert_eq!(j.state().cables, full.state().cables);
}

#[test]
fn a_snapshot_of_another_journal_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    busy(dir.path(), 60);
    Journal::open(dir.path(), "alice")
        .unwrap()
        .write_snapshot()
        .unwrap();
    // Replace the journal with a different one of the same length or longer.
    let path = dir.path().join("journal.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("alice", "alicx")).unwrap();
    let j = Journal::open(dir.path(), "alice").unwrap();
    assert!(
        j.next_undo().is_none(),
        "alice's history came from the stale snapshot"
    );
}

#[test]
fn damage_inside_the_snapshotted_prefix_is_still_reported() {
    let dir = tempfile::tempdir().unwrap();
    busy(dir.path(), 20);
    let path = dir.path().join("journal.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("this line is noise\n");
    std::fs::write(&path, &text).unwrap();
    busy(dir.path(), 5);
    let j = Journal::open(dir.path(), "alice").unwrap();
    assert_eq!(j.damage().len(), 1);
    j.write_snapshot().unwrap();
    let again = Journal::open(dir.path(), "alice").unwrap();
    assert_eq!(again.damage(), j.damage());
    assert_eq!(again.state().cables, j.state().cables);
}
