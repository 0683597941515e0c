//! The journal writer in the built binary: with the journal's lock held by another process (this
//! test), the inbox still answers keys after an action (the write waits on the writer thread),
//! and quitting waits for the decision already sent instead of dropping it: it says so on the
//! terminal, and once the lock is released the decision is in the journal and the app exits
//! cleanly. All cable text is fictional.

#![cfg(unix)]

mod pty_support;

use std::fs::File;

use cabletriage::triage::{Journal, Op};
use pty_support::Session;

#[test]
fn the_inbox_answers_while_a_write_waits_and_quitting_waits_for_it() {
    let dir = pty_support::three_cables();
    let state = dir.path().join(".state");
    let args = [
        dir.path().as_os_str(),
        "--state".as_ref(),
        state.as_os_str(),
        "--user".as_ref(),
        "alice".as_ref(),
    ];
    let mut s = Session::run_sized(&args, &dir.path().join(".config"), (100, 30));
    s.wait_for("1/3");

    // Another process appending holds the lock (taken once the session has opened its journal).
    std::fs::create_dir_all(&state).expect("state dir");
    let lock = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(state.join("journal.lock"))
        .expect("lock file");
    lock.lock().expect("lock");

    s.send("f");
    s.wait_for("recording on");
    s.send("j");
    s.wait_for("2/3");
    s.send("q");
    s.wait_for("writing 1 decision to the journal");
    let (events, _) = {
        drop(lock);
        assert_eq!(
            s.wait_exit(),
            0,
            "a clean exit once the decision is written"
        );
        Journal::read_log(&state).expect("log")
    };
    assert_eq!(events.len(), 1, "the decision sent before quitting is kept");
    assert_eq!(events[0].op, Op::Flag);
    s.assert_restored();
}
