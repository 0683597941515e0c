//! How soon the inbox shows something, timed in a pseudo-terminal at 120x40: the loading
//! progress, the first rows, and every row (the status bar's count reaching the whole folder).
//! The figures of the README's "Performance" section (the aims: progress within 0.5 s, first
//! rows within 1.5 s with the index in place).
//!
//! ```text
//! TUI_START_DIR=/tmp/gen [TUI_START_RUNS=3] cargo bench --bench tui_start
//! ```
//!
//! With `TUI_START_DEBUG` set, a run that never shows every row prints its last screen. Without
//! `TUI_START_DIR` it says so and does nothing. Each run is timed twice: with a fresh
//! state directory (no index yet), then with an index in it (built by `list` just before). The time is
//! taken when the terminal emulator first shows each state, from the moment the process is
//! started; the bytes are read as they arrive, so the times include drawing and the pty.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const SIZE: (u16, u16) = (120, 40);
/// Give up on a run after this long.
const LIMIT: Duration = Duration::from_secs(20);

/// When each state first showed, from the start of the process.
#[derive(Default, Debug, Clone)]
struct Times {
    progress: Option<Duration>,
    first_rows: Option<Duration>,
    all_rows: Option<Duration>,
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_cabletriage")
}

/// The number of cables `list` finds in `dir` (what the status bar shows when all are in).
fn count(dir: &Path) -> usize {
    let out = Command::new(bin())
        .args(["list", "--no-index", "--format", "count"])
        .arg(dir)
        .output()
        .expect("run cabletriage list");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("a count")
}

/// The status bar's position and count, `1/N`, once there are rows (N at least 1). The status
/// bar is the line that names the sort order (the classification banner may come below it).
fn rows_shown(screen: &str) -> Option<usize> {
    let status = screen.lines().rev().find(|l| l.contains("sort: "))?;
    status.split_whitespace().find_map(|w| {
        let (pos, n) = w.split_once('/')?;
        (pos == "1").then(|| n.parse().ok()).flatten()
    })
}

fn run(dir: &Path, state: &Path, total: usize) -> Times {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: SIZE.1,
            cols: SIZE.0,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let config = tempfile::tempdir().expect("a config directory");
    let mut cmd = CommandBuilder::new(bin());
    cmd.arg(dir);
    cmd.arg("--state");
    cmd.arg(state);
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_CONFIG_HOME", config.path());
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("spawn");
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let mut writer = pair.master.take_writer().expect("writer");
    // The reader sends what it has seen after every read; the last message counts.
    let (tx, rx) = mpsc::channel::<(Times, String)>();
    std::thread::spawn(move || {
        let nz = |n: u16| NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN);
        let mut term = vt100::Parser::new(nz(SIZE.1), nz(SIZE.0), 0);
        let mut times = Times::default();
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            term.process(&buf[..n]);
            let now = start.elapsed();
            let screen = term.screen().contents();
            if times.progress.is_none() && screen.to_lowercase().contains("loading") {
                times.progress = Some(now);
            }
            if let Some(n) = rows_shown(&screen) {
                times.first_rows.get_or_insert(now);
                if n == total && !screen.contains("loading ") {
                    times.all_rows = Some(now);
                }
            }
            let done = times.all_rows.is_some();
            if tx.send((times.clone(), screen)).is_err() || done {
                break;
            }
        }
    });
    let mut last = (Times::default(), String::new());
    let deadline = start + LIMIT;
    while last.0.all_rows.is_none() {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(seen) => last = seen,
            Err(_) => break,
        }
    }
    if last.0.all_rows.is_none() && std::env::var_os("TUI_START_DEBUG").is_some() {
        eprintln!("the last screen:\n{}", last.1);
    }
    let times = last.0;
    let _ = writer.write_all(b"q");
    let _ = writer.flush();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    times
}

fn show(d: Option<Duration>) -> String {
    d.map_or("never".to_string(), |d| format!("{:.2} s", d.as_secs_f64()))
}

/// Make sure `state` holds an index of `dir`.
fn build_index(dir: &Path, state: &Path) {
    let ok = Command::new(bin())
        .arg("--state")
        .arg(state)
        .args(["list", "--format", "count"])
        .arg(dir)
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(ok, "cabletriage list failed on {}", dir.display());
}

fn main() {
    let Some(dir) = std::env::var_os("TUI_START_DIR") else {
        eprintln!("tui_start: set TUI_START_DIR to a big traffic folder to time the inbox's start");
        return;
    };
    let dir = Path::new(&dir);
    let runs: usize = std::env::var("TUI_START_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let total = count(dir);
    println!(
        "{} cables in {}; terminal {}x{}",
        total,
        dir.display(),
        SIZE.0,
        SIZE.1
    );
    println!(
        "{:<4} {:<12} {:>10} {:>11} {:>10}",
        "run", "index", "progress", "first rows", "all rows"
    );
    for i in 1..=runs {
        let state = tempfile::tempdir().expect("a state directory");
        for kind in ["none yet", "in place"] {
            if kind == "in place" {
                build_index(dir, state.path());
            }
            let t = run(dir, state.path(), total);
            println!(
                "{:<4} {:<12} {:>10} {:>11} {:>10}",
                i,
                kind,
                show(t.progress),
                show(t.first_rows),
                show(t.all_rows)
            );
        }
    }
}
