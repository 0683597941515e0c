//! The built binary in a pseudo-terminal: open a cable, filter, quit; the screen must be
//! restored (alternate screen left, cursor visible), also after SIGTERM. Also measures the bytes
//! one row move sends to the terminal.

#![cfg(unix)]

mod pty_support;

use std::path::Path;
use std::time::{Duration, Instant};

use pty_support::Session;

/// The inbox on `dir` at 80x24, its state in `dir/.state`.
fn start(dir: &Path) -> Session {
    let state = dir.join(".state");
    let args = [dir.as_os_str(), "--state".as_ref(), state.as_os_str()];
    Session::run_sized(&args, &dir.join(".config"), (80, 24))
}

fn traffic_dir() -> tempfile::TempDir {
    pty_support::three_cables()
}

#[test]
fn open_filter_quit_restores_the_terminal() {
    let dir = traffic_dir();
    let mut s = start(dir.path());
    s.wait_for("1/3");
    assert!(
        s.screen().screen().alternate_screen(),
        "the inbox runs on the alternate screen"
    );

    let before = s.settle();
    s.send("j");
    s.wait_for("2/3");
    let after = s.settle();
    eprintln!("bytes sent for one row move at 80x24: {}", after - before);
    assert!(
        after - before < 600,
        "a one-row move resent {} bytes",
        after - before
    );

    s.send("\r");
    s.wait_for("pane");
    s.wait_for("breakwater would be repaired");
    s.send("\x1b");
    s.wait_for("sort: precedence");
    s.send("/zzzz");
    s.wait_for("No cable matches");
    s.send("\r");
    s.wait_for("filter: zzzz");
    s.send("\x1b");
    s.wait_for("2/3");
    s.send("/quota\r");
    s.wait_for("1/1");
    s.wait_for("NORLAND FISHERIES");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
    let out = s.bytes();
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.contains("\x1b[?2026h") && text.contains("\x1b[?2026l"),
        "frames are synchronized updates"
    );
    assert!(!text.contains("\x1b[2J\x1b[2J"), "no repeated full clears");
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = traffic_dir();
    let mut s = start(dir.path());
    s.wait_for("1/3");
    let pid = s.child.process_id().expect("pid");
    let status = std::process::Command::new("kill")
        .arg("-TERM")
        .arg(pid.to_string())
        .status()
        .expect("kill");
    assert!(status.success());
    assert_eq!(s.wait_exit(), 128 + 15);
    s.assert_restored();
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_resumes() {
    let dir = traffic_dir();
    let mut s = start(dir.path());
    s.wait_for("1/3");
    let offset = s.settle();
    s.send("\x1a");
    // Under a job-control shell the process stops here; the test's pty session has none, so the
    // kernel may not stop it. Either way, SIGCONT resumes it.
    std::thread::sleep(Duration::from_millis(300));
    let pid = s.child.process_id().expect("pid");
    let cont = std::process::Command::new("kill")
        .arg("-CONT")
        .arg(pid.to_string())
        .status()
        .expect("kill");
    assert!(cont.success());
    let start = Instant::now();
    loop {
        let after = s.bytes()[offset..].to_vec();
        let text = String::from_utf8_lossy(&after);
        let left = text.find("\x1b[?1049l");
        let back = text.rfind("\x1b[?1049h");
        if let (Some(l), Some(b)) = (left, back)
            && l < b
        {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no leave and re-enter of the alternate screen"
        );
        std::thread::sleep(Duration::from_millis(30));
    }
    s.wait_for("sort: precedence");
    s.send("j");
    s.wait_for("2/3");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

/// Triage end to end in the real binary: `t` labels through the journal, a CLI `route` from
/// another process shows up on screen, and after `q` both decisions are in the journal file.
#[test]
fn label_in_the_tui_and_see_a_cli_route_live() {
    let dir = traffic_dir();
    std::fs::write(
        dir.path().join("desks.toml"),
        "[[desk]]\ncode = \"EUR/FX\"\nname = \"Office of Fictionian Affairs\"\ntags = [\"FX\"]\n",
    )
    .expect("desks.toml");
    let mut s = start(dir.path());
    s.wait_for("1/3");
    s.send("t");
    s.wait_for("label 1 cable");
    s.send("urgent\r");
    s.wait_for("labelled");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args([
            "route",
            "09FICTIONIA103",
            "EUR/FX",
            "--user",
            "bob",
            "--dir",
        ])
        .arg(dir.path())
        .arg("--state")
        .arg(dir.path().join(".state"))
        .output()
        .expect("cabletriage route");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    s.wait_for("bob routed 09FICTIONIA103 to EUR/FX");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
    let journal = std::fs::read_to_string(dir.path().join(".state/journal.toml")).expect("journal");
    assert!(journal.contains("urgent"), "{journal}");
    assert!(journal.contains("EUR/FX"), "{journal}");
}
