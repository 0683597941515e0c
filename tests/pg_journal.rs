//! The journal in PostgreSQL, on a real server (tests/pg_support): the same events and the same
//! replay as the file journal; the database's numbers, clock and role; officers who can append
//! but never change or remove an event; a role without INSERT refused clearly; a writer killed
//! mid-transaction leaving nothing half-written.

mod pg_support;

use cabletriage::triage::{Journal, Op, TriageError};
use pg_support::ADMIN;

fn keys(k: &[&str]) -> Vec<String> {
    k.iter().map(|s| s.to_string()).collect()
}

/// The same actions, through any journal.
fn act(j: &mut Journal) {
    j.apply(
        Op::AddLabels {
            labels: keys(&["urgent", "pol"]),
        },
        &keys(&["09A1", "09A2"]),
    )
    .unwrap();
    j.apply(
        Op::RouteAction {
            desk: "EUR/RUS".into(),
        },
        &keys(&["09A1"]),
    )
    .unwrap();
    j.apply(
        Op::AddInfoDesk {
            desk: "EUR/CE".into(),
        },
        &keys(&["09A1"]),
    )
    .unwrap();
    j.apply(
        Op::SetNote {
            text: "line one\n[[event]]\nseq = 99 \"q\"".into(),
        },
        &keys(&["09A2"]),
    )
    .unwrap();
    j.apply(Op::Flag, &keys(&["09A3"])).unwrap();
    j.undo().unwrap();
    j.apply(Op::MarkRead, &keys(&["09A1"])).unwrap();
    j.undo().unwrap();
    j.redo().unwrap();
    j.apply(Op::Done, &keys(&["09A2"])).unwrap();
    j.apply(
        Op::RemoveLabels {
            labels: keys(&["pol"]),
        },
        &keys(&["09A1"]),
    )
    .unwrap();
}

#[test]
fn the_database_journal_holds_the_same_events_and_replays_to_the_same_state() {
    let Some(c) = pg_support::shared() else {
        return;
    };
    let db = c.journal_db("same");
    c.officer("alice");
    let url = c.url(&db, "alice");
    let tmp = tempfile::tempdir().unwrap();

    let mut file = Journal::open(tmp.path().join("file"), "alice").unwrap();
    act(&mut file);
    let mut base = Journal::open_db(&url, tmp.path().join("db"), "alice").unwrap();
    act(&mut base);
    assert_eq!(
        base.state().cables,
        file.state()
            .cables
            .iter()
            .map(|(k, v)| {
                // Notes carry their time; compare everything else exactly.
                let mut v = v.clone();
                for (u, n) in v.notes.iter_mut() {
                    n.at = base.state().get(k).notes[u].at;
                }
                (k.clone(), v)
            })
            .collect()
    );

    // A fresh open replays the same state from the database alone.
    let again = Journal::open_db(&url, tmp.path().join("db2"), "alice").unwrap();
    assert_eq!(again.state().cables, base.state().cables);
    assert_eq!(again.replayed_at_open(), 11);
    assert_eq!(
        again.next_undo().map(|r| r.seq),
        base.next_undo().map(|r| r.seq)
    );

    let (events, skipped) = Journal::read_log_db(&url).unwrap();
    assert!(skipped.is_empty(), "{skipped:?}");
    let (fevents, _) = Journal::read_log(&tmp.path().join("file")).unwrap();
    let strip =
        |e: &cabletriage::triage::Event| (e.seq, e.user.clone(), e.cables.clone(), e.op.clone());
    assert_eq!(
        events.iter().map(strip).collect::<Vec<_>>(),
        fevents.iter().map(strip).collect::<Vec<_>>()
    );
    // The database's role, not the operating-system account, is the event's os_user.
    assert!(events.iter().all(|e| e.os_user.as_deref() == Some("alice")));
    // Times are the database's, in order.
    assert!(events.windows(2).all(|w| w[0].at <= w[1].at));

    // The chain holds: every stored hash is its event's text.
    let audit = Journal::audit_db(&url).unwrap();
    assert!(
        audit.chain().breaks.is_empty(),
        "{:?}",
        audit.chain().breaks
    );
    assert_eq!(audit.chain().chained, 11);
}

#[test]
fn another_hosts_events_are_picked_up_and_undo_targets_stay_right() {
    let Some(c) = pg_support::shared() else {
        return;
    };
    let db = c.journal_db("twohosts");
    c.officer("alice");
    c.officer("bob");
    let tmp = tempfile::tempdir().unwrap();
    let mut a = Journal::open_db(&c.url(&db, "alice"), tmp.path().join("a"), "alice").unwrap();
    let mut b = Journal::open_db(&c.url(&db, "bob"), tmp.path().join("b"), "bob").unwrap();
    a.apply(Op::Flag, &keys(&["K1"])).unwrap();
    let seen = b.poll_new().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].describe(), "alice flagged K1");
    // Bob writes without polling first: his append catches up under the lock.
    b.apply(Op::Done, &keys(&["K1"])).unwrap();
    a.apply(
        Op::AddLabels {
            labels: keys(&["x"]),
        },
        &keys(&["K1"]),
    )
    .unwrap();
    let e = b.undo().unwrap().event.unwrap();
    assert_eq!((e.seq, e.op), (4, Op::Undo { undoes: 2 }));
    a.poll_new().unwrap();
    let k = a.state().get("K1");
    assert!(k.flagged && !k.done && k.labels.contains("x"));
}

#[test]
fn a_role_without_insert_is_refused_clearly_and_nothing_is_recorded() {
    let Some(c) = pg_support::shared() else {
        return;
    };
    let db = c.journal_db("reader");
    c.reader("auditor");
    let tmp = tempfile::tempdir().unwrap();
    let mut j = Journal::open_db(&c.url(&db, "auditor"), tmp.path(), "auditor").unwrap();
    let err = j.apply(Op::Flag, &keys(&["K1"])).unwrap_err();
    assert!(matches!(err, TriageError::Refused { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("permission denied") && msg.contains("nothing was recorded"),
        "{msg}"
    );
    assert!(!j.state().get("K1").flagged, "the state is unchanged");
    // A role with no grant at all cannot even read.
    c.sql("postgres", "DO $$ BEGIN CREATE ROLE nobody_at_all LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
    let err = Journal::open_db(&c.url(&db, "nobody_at_all"), tmp.path(), "x").unwrap_err();
    assert!(err.to_string().contains("permission denied"), "{err}");
}

#[test]
fn an_officer_cannot_change_or_remove_events_through_sql() {
    let Some(c) = pg_support::shared() else {
        return;
    };
    let db = c.journal_db("appendonly");
    c.officer("alice");
    let tmp = tempfile::tempdir().unwrap();
    let mut j = Journal::open_db(&c.url(&db, "alice"), tmp.path(), "alice").unwrap();
    j.apply(Op::Flag, &keys(&["K1"])).unwrap();
    let mut sql = c.client(&db, "alice");
    for stmt in [
        "UPDATE cabletriage.events SET op = 'unflag'",
        "DELETE FROM cabletriage.events",
        "TRUNCATE cabletriage.events",
        "DROP TABLE cabletriage.events",
        "ALTER TABLE cabletriage.events DISABLE TRIGGER events_no_update",
    ] {
        let err = sql.batch_execute(stmt).expect_err(stmt);
        let code = err.code().cloned();
        assert!(
            code == Some(postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{stmt}: {err:?}"
        );
    }
    // Nor forge an event: its number, time and role are the database's.
    let forged = [
        r#"INSERT INTO cabletriage.events (seq, "user", cables, op, hash) VALUES (7, 'x', '{K1}', 'done', 'h')"#,
        r#"INSERT INTO cabletriage.events (seq, "user", os_user, cables, op, hash, prev) SELECT 2, 'x', 'mallory', '{K1}', 'done', 'h', hash FROM cabletriage.events"#,
        r#"INSERT INTO cabletriage.events (seq, at, "user", cables, op, hash, prev) SELECT 2, '2001-01-01', 'x', '{K1}', 'done', 'h', hash FROM cabletriage.events"#,
        r#"INSERT INTO cabletriage.events (seq, "user", cables, op, hash, prev, origin) SELECT 2, 'x', '{K1}', 'done', 'h', hash, 'o' FROM cabletriage.events"#,
    ];
    for stmt in forged {
        assert!(sql.batch_execute(stmt).is_err(), "{stmt} was accepted");
    }
    // Even the owner's plain UPDATE is refused by the trigger (history is changed only by
    // dropping it, on purpose).
    let mut admin = c.client(&db, ADMIN);
    assert!(
        admin
            .batch_execute("UPDATE cabletriage.events SET op = 'unflag'")
            .is_err()
    );
    let n: i64 = admin
        .query_one("SELECT count(*) FROM cabletriage.events", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
    assert!(
        Journal::audit_db(&c.url(&db, "alice"))
            .unwrap()
            .chain()
            .breaks
            .is_empty()
    );
}

#[test]
fn an_unreachable_database_is_offline_in_words() {
    let tmp = tempfile::tempdir().unwrap();
    let url = format!(
        "postgresql:///nothing?host={}&port=1&user=alice",
        tmp.path().display()
    );
    let err = Journal::open_db(&url, tmp.path(), "alice").unwrap_err();
    assert!(matches!(err, TriageError::Offline { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.starts_with("journal offline: database nothing on "),
        "{msg}"
    );
    assert!(!msg.contains("password"));
    // No journal set up: say what to run.
    let Some(c) = pg_support::shared() else {
        return;
    };
    let db = c.database("noinit");
    let err = Journal::open_db(&c.url(&db, ADMIN), tmp.path(), "a").unwrap_err();
    assert!(
        err.to_string().contains("cabletriage journal init"),
        "{err}"
    );
}

#[test]
fn a_local_snapshot_saves_the_replay_only_while_it_matches_the_database() {
    let Some(c) = pg_support::shared() else {
        return;
    };
    let db = c.journal_db("snap");
    c.officer("alice");
    let url = c.url(&db, "alice");
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    let mut j = Journal::open_db(&url, &state, "alice").unwrap();
    act(&mut j);
    j.write_snapshot().unwrap();
    assert!(state.join("snapshot.db.toml").exists());
    j.apply(Op::Flag, &keys(&["09A9"])).unwrap();
    let again = Journal::open_db(&url, &state, "alice").unwrap();
    assert_eq!(
        again.replayed_at_open(),
        1,
        "only the event after the snapshot"
    );
    assert_eq!(again.state().cables, j.state().cables);
    assert_eq!(
        again.next_undo().map(|r| r.seq),
        j.next_undo().map(|r| r.seq)
    );

    // The same database name with another history: the snapshot is not used.
    c.sql("postgres", &format!("DROP DATABASE {db} WITH (FORCE)"));
    c.sql("postgres", &format!("CREATE DATABASE {db}"));
    cabletriage::triage::pg::init(&c.url(&db, ADMIN)).unwrap();
    let mut other = Journal::open_db(&url, tmp.path().join("other"), "alice").unwrap();
    other.apply(Op::Done, &keys(&["09B1"])).unwrap();
    let fresh = Journal::open_db(&url, &state, "alice").unwrap();
    assert_eq!(fresh.replayed_at_open(), 1);
    assert!(fresh.state().get("09B1").done);
    assert!(fresh.state().get("09A3").labels.is_empty() && !fresh.state().get("09A9").flagged);
}

#[test]
fn an_op_this_version_does_not_know_is_skipped_with_a_notice_and_history_goes_on() {
    let Some(c) = pg_support::shared() else {
        return;
    };
    let db = c.journal_db("unknownop");
    c.officer("alice");
    let url = c.url(&db, "alice");
    let tmp = tempfile::tempdir().unwrap();
    let mut j = Journal::open_db(&url, tmp.path(), "alice").unwrap();
    j.apply(Op::Flag, &keys(&["K1"])).unwrap();
    // A newer version's op, written with the database's number, clock and role.
    c.client(&db, "alice")
        .batch_execute(
            r#"INSERT INTO cabletriage.events (seq, "user", cables, op, fields, prev, hash)
               SELECT 2, 'bob', '{K1}', 'escalate', '{"level": 2}', hash, 'h'
               FROM cabletriage.events WHERE seq = 1"#,
        )
        .unwrap();
    // The store names no op: the next event follows it.
    let e = j.apply(Op::Done, &keys(&["K1"])).unwrap().event.unwrap();
    assert_eq!(e.seq, 3);
    let again = Journal::open_db(&url, tmp.path().join("again"), "alice").unwrap();
    let k = again.state().get("K1");
    assert!(k.flagged && k.done);
    assert!(
        again
            .notices()
            .iter()
            .any(|n| n.contains("event #2") && n.contains("`escalate`")),
        "{:?}",
        again.notices()
    );
}
