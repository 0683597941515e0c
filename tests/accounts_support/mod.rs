//! Unix accounts for the shared-state tests (as root): a group with two officers and an
//! outsider made with `useradd` and removed when dropped, a traffic directory they can all read
//! with its state directory set up for the group as the README says, the binary run as each
//! (`runuser`, under a given umask) and the TUI in a pty as each.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::pty_support::{Session, fictional_cable};
use serde_json::Value;

pub const DESKS: &str = "[[desk]]\ncode = \"EUR/CE\"\nname = \"Fictional Central Desk\"\n\n\
    [[desk]]\ncode = \"EUR/RUS\"\nname = \"Fictional Eastern Desk\"\n";

/// The cables of the traffic: ids 09FICTIONIA101..103.
pub const C1: &str = "09FICTIONIA101";
pub const C2: &str = "09FICTIONIA102";

/// Accounts and a group made for one test, removed when dropped (a failing test too).
pub struct Accounts {
    pub group: String,
    pub users: Vec<String>,
}

impl Drop for Accounts {
    fn drop(&mut self) {
        for u in &self.users {
            admin("userdel", &[u]);
            // useradd -U made a group of the same name; userdel removes it where
            // USERGROUPS_ENAB says so, else it is removed here.
            let _ = Command::new("groupdel").arg(u).output();
        }
        admin("groupdel", &[&self.group]);
    }
}

/// Run an account tool, retrying while another process holds /etc/passwd or /etc/group, or
/// (userdel) while a process of the account is still ending (a TUI whose pty just closed).
pub fn admin(tool: &str, args: &[&str]) -> bool {
    for _ in 0..60 {
        match Command::new(tool).args(args).output() {
            Ok(o) if o.status.success() => return true,
            Ok(o)
                if ["lock", "currently used"]
                    .iter()
                    .any(|w| String::from_utf8_lossy(&o.stderr).contains(w)) =>
            {
                std::thread::sleep(Duration::from_millis(250));
            }
            Ok(o) => {
                eprintln!(
                    "{tool} {args:?}: {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                return false;
            }
            Err(e) => {
                eprintln!("{tool}: {e}");
                return false;
            }
        }
    }
    false
}

pub fn have(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Two officers in a new group (each with their own primary group, as `useradd -U` gives) and
/// an outsider; None, with the reason printed, where that cannot be done.
pub fn accounts() -> Option<Accounts> {
    static N: AtomicUsize = AtomicUsize::new(0);
    if !nix::unistd::geteuid().is_root() {
        eprintln!("skipping: making Unix accounts needs root");
        return None;
    }
    for tool in [
        "useradd", "userdel", "groupadd", "groupdel", "runuser", "install",
    ] {
        if !have(tool) {
            eprintln!("skipping: no {tool} here");
            return None;
        }
    }
    let tag = format!(
        "{}x{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    let group = format!("ctg{tag}");
    if !admin("groupadd", &[&group]) {
        eprintln!("skipping: groupadd {group} failed");
        return None;
    }
    let mut acc = Accounts {
        group,
        users: Vec::new(),
    };
    for (who, groups) in [
        ("a", Some(acc.group.clone())),
        ("b", Some(acc.group.clone())),
        ("c", None),
    ] {
        let name = format!("ct{who}{tag}");
        let mut args = vec!["-M", "-U", "-s", "/usr/sbin/nologin"];
        if let Some(g) = &groups {
            args.extend(["-G", g.as_str()]);
        }
        args.push(&name);
        if !admin("useradd", &args) {
            eprintln!("skipping: useradd {name} failed");
            return None;
        }
        acc.users.push(name);
    }
    Some(acc)
}

/// A traffic directory any account can read, its state directory set up for the group as the
/// README says, and a copy of the binary the accounts can run.
pub struct Office {
    pub acc: Accounts,
    _base: tempfile::TempDir,
    pub base: PathBuf,
    pub bin: PathBuf,
    pub traffic: PathBuf,
    pub state: PathBuf,
}

pub fn office() -> Option<Office> {
    let acc = accounts()?;
    let base_dir = tempfile::Builder::new()
        .prefix("cabletriage-accounts")
        .tempdir_in("/tmp")
        .expect("tempdir");
    let base = base_dir.path().to_path_buf();
    chmod(&base, 0o755);
    let bin = base.join("cabletriage");
    // The build may live under a directory the accounts cannot enter (/root is 0700).
    std::fs::copy(env!("CARGO_BIN_EXE_cabletriage"), &bin).expect("copy the binary");
    chmod(&bin, 0o755);
    let traffic = base.join("traffic");
    std::fs::create_dir(&traffic).expect("mkdir");
    chmod(&traffic, 0o755);
    for (n, prec, subject) in [
        (1, 'Z', "HARBOUR TALKS RESUME AFTER STORM DELAY"),
        (2, 'O', "NORLAND FISHERIES MINISTER ON QUOTA DISPUTE"),
        (3, 'R', "MERIDIAN PORT STRIKE ENTERS SECOND WEEK"),
    ] {
        let f = traffic.join(format!("cable{n}.txt"));
        std::fs::write(&f, fictional_cable(n, prec, subject)).expect("write");
        chmod(&f, 0o644);
    }
    std::fs::write(traffic.join("desks.toml"), DESKS).expect("desks");
    chmod(&traffic.join("desks.toml"), 0o644);
    // The README's set-up of a new state directory for a group.
    let state = traffic.join(".cabletriage");
    let made = Command::new("install")
        .args(["-d", "-m", "2770", "-g", &acc.group])
        .arg(&state)
        .status()
        .expect("install");
    assert!(made.success());
    let m = std::fs::metadata(&state).expect("stat").mode() & 0o7777;
    assert_eq!(m, 0o2770, "the README's install line");
    Some(Office {
        acc,
        _base: base_dir,
        base,
        bin,
        traffic,
        state,
    })
}

pub fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

impl Office {
    pub fn user(&self, i: usize) -> &str {
        &self.acc.users[i]
    }

    /// `cabletriage ARGS --dir TRAFFIC` as account `i` under `umask`.
    pub fn run(&self, i: usize, umask: &str, args: &[&str]) -> Output {
        Command::new("runuser")
            .args(["-u", self.user(i), "--", "sh", "-c"])
            .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
            .arg(&self.bin)
            .args(args)
            .arg("--dir")
            .arg(&self.traffic)
            .env("XDG_CONFIG_HOME", "/nonexistent-config-dir")
            // A fallback to a per-user state directory would fail here, not pass unseen.
            .env("XDG_STATE_HOME", "/nonexistent-state-dir")
            .env_remove("CABLETRIAGE_DIR")
            .current_dir(&self.base)
            .output()
            .expect("runuser")
    }

    pub fn ok(&self, i: usize, umask: &str, args: &[&str]) -> String {
        let o = self.run(i, umask, args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{} {args:?}: {}",
            self.user(i),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    pub fn journal(&self) -> Vec<u8> {
        std::fs::read(self.state.join("journal.toml")).unwrap_or_default()
    }

    /// Every entry of the state directory with its size, mode, owner and group.
    pub fn listing(&self) -> BTreeMap<String, (u64, u32, u32, u32)> {
        let mut out = BTreeMap::new();
        let mut pending = vec![self.state.clone()];
        while let Some(d) = pending.pop() {
            for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
                let m = e.metadata().expect("stat");
                let rel = e
                    .path()
                    .strip_prefix(&self.state)
                    .expect("under")
                    .display()
                    .to_string();
                out.insert(
                    rel,
                    (
                        if m.is_dir() { 0 } else { m.len() },
                        m.mode() & 0o7777,
                        m.uid(),
                        m.gid(),
                    ),
                );
                if m.is_dir() {
                    pending.push(e.path());
                }
            }
        }
        out
    }

    /// `log --format json` as account `i`: (user, os_user, op, cable, the whole line).
    pub fn log(&self, i: usize) -> Vec<(String, String, String, String, Value)> {
        self.ok(i, "022", &["log", "--format", "json"])
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).expect("a JSON line");
                let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
                (s("user"), s("os_user"), s("op"), s("cable"), v)
            })
            .collect()
    }

    /// Is the subcommand `name` in this build (`note` comes with the rest of issue 22)? Asked
    /// of `--help`'s list of commands (`NAME --help` would read NAME as the inbox's directory).
    pub fn has_command(&self, name: &str) -> bool {
        Command::new(&self.bin)
            .arg("--help")
            .output()
            .is_ok_and(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .any(|l| l.split_whitespace().next() == Some(name) && l.starts_with("  "))
            })
    }

    /// The TUI as account `i` in a pty of `size`, ended if the test fails while it runs.
    pub fn tui(&self, i: usize, size: (u16, u16)) -> Tui {
        let args: Vec<&OsStr> = vec![
            "-u".as_ref(),
            self.user(i).as_ref(),
            "--".as_ref(),
            self.bin.as_os_str(),
            self.traffic.as_os_str(),
        ];
        Tui(Session::run_program(
            "runuser".as_ref(),
            &self.base,
            &args,
            Path::new("/nonexistent-config-dir"),
            size,
        ))
    }

    pub fn group_gid(&self) -> u32 {
        std::fs::metadata(&self.state).expect("stat").gid()
    }
}

/// A TUI session that is ended (its `runuser`, by its own process id) when the test fails
/// before it quits, so that its account can be removed; the pty closing ends the inbox.
pub struct Tui(pub Session);

impl Drop for Tui {
    fn drop(&mut self) {
        if !matches!(self.0.child.try_wait(), Ok(Some(_))) {
            let _ = self.0.child.kill();
        }
    }
}

impl std::ops::Deref for Tui {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.0
    }
}

impl std::ops::DerefMut for Tui {
    fn deref_mut(&mut self) -> &mut Session {
        &mut self.0
    }
}

pub fn has(
    log: &[(String, String, String, String, Value)],
    user: &str,
    os: &str,
    op: &str,
    cable: &str,
) -> bool {
    log.iter()
        .any(|(u, o, p, c, _)| u == user && o == os && p == op && c == cable)
}

/// Wait until the journal holds `text` (the TUI has written it).
pub fn wait_journal(o: &Office, text: &str) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if String::from_utf8_lossy(&o.journal()).contains(text) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the journal never held {text:?}");
}
