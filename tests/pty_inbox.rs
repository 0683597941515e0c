//! The built binary in a pseudo-terminal: open a cable, filter, quit; the screen must be
//! restored (alternate screen left, cursor visible), also after SIGTERM. Also measures the bytes
//! one row move sends to the terminal.

#![cfg(unix)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// A fictional cable in ACP-127 form (invented post, people and events).
fn fictional_cable(n: u32, prec: char, subject: &str) -> String {
    format!(
        "{prec} 0{n}1200Z MAR 09\nFM AMEMBASSY FICTIONIA\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 01{n:02}\n\
         BT\nC O N F I D E N T I A L FICTIONIA 0001{n:02}\n\nSIPDIS\n\nE.O. 12958: DECL: 03/01/2019\n\
         TAGS: PREL, FX\nSUBJECT: {subject}\n\nClassified By: Ambassador Ada Quill for reasons 1.4 (b), (d)\n\n\
         1. (C) The harbourmaster said the breakwater would be repaired before spring.\n\nQUILL\nBT\n#01{n:02}\nNNNN\n"
    )
}

struct Session {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Vec<u8>>>,
    _pair: portable_pty::PtyPair,
}

impl Session {
    fn start(dir: &Path) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cabletriage"));
        cmd.arg(dir);
        cmd.arg("--state");
        cmd.arg(dir.join(".state"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_CONFIG_HOME", dir.join(".config"));
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().expect("output").extend_from_slice(&buf[..n]);
            }
        });
        Session {
            child,
            writer,
            output,
            _pair: pair,
        }
    }

    fn bytes(&self) -> Vec<u8> {
        self.output.lock().expect("output").clone()
    }

    fn screen(&self) -> vt100::Parser {
        let (rows, cols) = (
            std::num::NonZeroU16::MIN.saturating_add(23),
            std::num::NonZeroU16::MIN.saturating_add(79),
        );
        let mut p = vt100::Parser::new(rows, cols, 0);
        p.process(&self.bytes());
        p
    }

    /// Wait until the screen shows `text` (or fail after a while, printing the screen).
    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if self.screen().screen().contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!(
            "never saw {text:?}; screen:\n{}",
            self.screen().screen().contents()
        );
    }

    /// Wait until no output has arrived for a moment.
    fn settle(&self) -> usize {
        let mut last = self.bytes().len();
        loop {
            std::thread::sleep(Duration::from_millis(150));
            let now = self.bytes().len();
            if now == last {
                return now;
            }
            last = now;
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        let _ = self.child.kill();
        panic!(
            "the app did not exit; screen:\n{}",
            self.screen().screen().contents()
        );
    }

    fn assert_restored(&self) {
        // Give the reader thread a moment to collect the last bytes.
        self.settle();
        let p = self.screen();
        assert!(
            !p.screen().alternate_screen(),
            "still on the alternate screen"
        );
        assert!(!p.screen().hide_cursor(), "cursor left hidden");
    }
}

fn traffic_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (n, prec, subject) in [
        (1, 'Z', "HARBOUR TALKS RESUME AFTER STORM DELAY"),
        (2, 'O', "NORLAND FISHERIES MINISTER ON QUOTA DISPUTE"),
        (3, 'R', "MERIDIAN PORT STRIKE ENTERS SECOND WEEK"),
    ] {
        std::fs::write(
            dir.path().join(format!("cable{n}.txt")),
            fictional_cable(n, prec, subject),
        )
        .expect("write");
    }
    dir
}

#[test]
fn open_filter_quit_restores_the_terminal() {
    let dir = traffic_dir();
    let mut s = Session::start(dir.path());
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
    let mut s = Session::start(dir.path());
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
    let mut s = Session::start(dir.path());
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
