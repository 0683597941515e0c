//! The built binary in a pseudo-terminal for the live-traffic and signal tests: start it on a
//! folder, read the screen through vt100 (recording bells and title changes), send keys, signals
//! and resizes. All cable text written by these tests is fictional.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// A fictional cable in ACP-127 form (invented post, people and events).
pub fn fictional_cable(n: u32, prec: char, subject: &str) -> String {
    format!(
        "{prec} 0{n}1200Z MAR 09\nFM AMEMBASSY FICTIONIA\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 01{n:02}\n\
         BT\nC O N F I D E N T I A L FICTIONIA 0001{n:02}\n\nSIPDIS\n\nE.O. 12958: DECL: 03/01/2019\n\
         TAGS: PREL, FX\nSUBJECT: {subject}\n\nClassified By: Ambassador Ada Quill for reasons 1.4 (b), (d)\n\n\
         1. (C) The harbourmaster said the breakwater would be repaired before spring.\n\nQUILL\nBT\n#01{n:02}\nNNNN\n"
    )
}

/// A traffic directory of three fictional cables (FLASH, IMMEDIATE, ROUTINE; subjects
/// HARBOUR TALKS, NORLAND FISHERIES, MERIDIAN PORT STRIKE), shared by the pty tests.
pub fn three_cables() -> tempfile::TempDir {
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

/// What the terminal was asked to do besides drawing.
#[derive(Default)]
pub struct Seen {
    pub bells: usize,
    pub titles: Vec<Vec<u8>>,
}

impl vt100::Callbacks for Seen {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(name.to_vec());
    }
}

pub struct Session {
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Vec<u8>>>,
    pair: portable_pty::PtyPair,
    pub size: (u16, u16),
}

impl Session {
    /// Run `cabletriage DIR --state STATE` at 100x30 with config from `config_home`.
    pub fn start(dir: &Path, state: &Path, config_home: &Path) -> Session {
        let args = [
            dir.as_os_str(),
            "--state".as_ref(),
            state.as_os_str(),
            "--user".as_ref(),
            "alice".as_ref(),
        ];
        Session::run(&args, config_home)
    }

    /// Run `cabletriage ARGS` (in the crate folder) at 100x30 with config from `config_home`.
    pub fn run(args: &[&std::ffi::OsStr], config_home: &Path) -> Session {
        Session::run_sized(args, config_home, (100, 30))
    }

    /// Run `cabletriage ARGS` (in the crate folder) in a terminal of `size` (columns, rows).
    pub fn run_sized(args: &[&std::ffi::OsStr], config_home: &Path, size: (u16, u16)) -> Session {
        Session::run_in(
            Path::new(env!("CARGO_MANIFEST_DIR")),
            args,
            config_home,
            size,
        )
    }

    /// Run `cabletriage ARGS` in the folder `cwd`, in a terminal of `size` (columns, rows).
    pub fn run_in(
        cwd: &Path,
        args: &[&std::ffi::OsStr],
        config_home: &Path,
        size: (u16, u16),
    ) -> Session {
        let bin = std::ffi::OsStr::new(env!("CARGO_BIN_EXE_cabletriage"));
        Session::run_program(bin, cwd, args, config_home, size)
    }

    /// Run `PROGRAM ARGS` in the folder `cwd`, in a terminal of `size`: the binary behind
    /// another program (`runuser -u NAME -- cabletriage ...`).
    pub fn run_program(
        program: &std::ffi::OsStr,
        cwd: &Path,
        args: &[&std::ffi::OsStr],
        config_home: &Path,
        size: (u16, u16),
    ) -> Session {
        Session::run_program_env(program, cwd, args, config_home, size, &[])
    }

    /// Run `cabletriage ARGS` in the crate folder at `size` with `env` set besides.
    pub fn run_env(
        args: &[&std::ffi::OsStr],
        config_home: &Path,
        size: (u16, u16),
        env: &[(&str, &std::ffi::OsStr)],
    ) -> Session {
        let bin = std::ffi::OsStr::new(env!("CARGO_BIN_EXE_cabletriage"));
        let cwd = Path::new(env!("CARGO_MANIFEST_DIR"));
        Session::run_program_env(bin, cwd, args, config_home, size, env)
    }

    /// [`Session::run_program`] with `env` set besides.
    pub fn run_program_env(
        program: &std::ffi::OsStr,
        cwd: &Path,
        args: &[&std::ffi::OsStr],
        config_home: &Path,
        size: (u16, u16),
        env: &[(&str, &std::ffi::OsStr)],
    ) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: size.1,
                cols: size.0,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_CONFIG_HOME", config_home);
        for (k, v) in env {
            cmd.env(k, v);
        }
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
            pair,
            size,
        }
    }

    pub fn bytes(&self) -> Vec<u8> {
        self.output.lock().expect("output").clone()
    }

    pub fn screen(&self) -> vt100::Parser<Seen> {
        let nz = |n: u16| std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN);
        let mut p =
            vt100::Parser::new_with_callbacks(nz(self.size.1), nz(self.size.0), 0, Seen::default());
        p.process(&self.bytes());
        p
    }

    pub fn contents(&self) -> String {
        self.screen().screen().contents()
    }

    /// Wait until the screen shows `text`; how long it took (fail after 60 s: only a failure waits that long, and a loaded CI host can be slow).
    pub fn wait_for(&self, text: &str) -> Duration {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            if self.contents().contains(text) {
                return start.elapsed();
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("never saw {text:?}; screen:\n{}", self.contents());
    }

    /// Wait until no output has arrived for a moment.
    pub fn settle(&self) -> usize {
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

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    /// Write `bytes` to the terminal from a thread of its own (a paste far larger than the
    /// terminal's buffer blocks until the app reads it); later `send`s go nowhere.
    pub fn paste_in_background(&mut self, bytes: Vec<u8>) {
        let mut w = std::mem::replace(&mut self.writer, Box::new(std::io::sink()));
        std::thread::spawn(move || {
            for chunk in bytes.chunks(4096) {
                if w.write_all(chunk).and_then(|()| w.flush()).is_err() {
                    break;
                }
            }
        });
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.pair
            .master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
        self.size = (cols, rows);
    }

    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("pid");
        let status = std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pid.to_string())
            .status()
            .expect("kill");
        assert!(status.success(), "kill -{name}");
    }

    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        let _ = self.child.kill();
        panic!("the app did not exit; screen:\n{}", self.contents());
    }

    pub fn assert_restored(&self) {
        self.settle();
        let p = self.screen();
        assert!(
            !p.screen().alternate_screen(),
            "still on the alternate screen"
        );
        assert!(!p.screen().hide_cursor(), "cursor left hidden");
    }
}
