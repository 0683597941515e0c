//! Officers under their own Unix accounts on one traffic directory, run for real (as root): two
//! accounts in the office's group, one outside it, made with `useradd` and removed at the end
//! even when a test fails. Both officers' labels, routes, notes and reads reach the one journal
//! and each sees the other's, with the account that wrote each event (`os_user`); the outsider
//! is refused in one line naming the state directory and the group, and nothing changes; the
//! TUI in a pty records as its account, and is read-only, saying why, for the outsider.
//! Skipped with a message where accounts cannot be made (not root, no useradd).

#![cfg(unix)]

mod pty_support;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use pty_support::{Session, fictional_cable};
use serde_json::Value;

const DESKS: &str = "[[desk]]\ncode = \"EUR/CE\"\nname = \"Fictional Central Desk\"\n\n\
    [[desk]]\ncode = \"EUR/RUS\"\nname = \"Fictional Eastern Desk\"\n";

/// The cables of the traffic: ids 09FICTIONIA101..103.
const C1: &str = "09FICTIONIA101";
const C2: &str = "09FICTIONIA102";

/// Accounts and a group made for one test, removed when dropped (a failing test too).
struct Accounts {
    group: String,
    users: Vec<String>,
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
fn admin(tool: &str, args: &[&str]) -> bool {
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

fn have(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Two officers in a new group (each with their own primary group, as `useradd -U` gives) and
/// an outsider; None, with the reason printed, where that cannot be done.
fn accounts() -> Option<Accounts> {
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
struct Office {
    acc: Accounts,
    _base: tempfile::TempDir,
    base: PathBuf,
    bin: PathBuf,
    traffic: PathBuf,
    state: PathBuf,
}

fn office() -> Option<Office> {
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

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

impl Office {
    fn user(&self, i: usize) -> &str {
        &self.acc.users[i]
    }

    /// `cabletriage ARGS --dir TRAFFIC` as account `i` under `umask`.
    fn run(&self, i: usize, umask: &str, args: &[&str]) -> Output {
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

    fn ok(&self, i: usize, umask: &str, args: &[&str]) -> String {
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

    fn journal(&self) -> Vec<u8> {
        std::fs::read(self.state.join("journal.toml")).unwrap_or_default()
    }

    /// Every entry of the state directory with its size, mode, owner and group.
    fn listing(&self) -> BTreeMap<String, (u64, u32, u32, u32)> {
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
    fn log(&self, i: usize) -> Vec<(String, String, String, String, Value)> {
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
    fn has_command(&self, name: &str) -> bool {
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
    fn tui(&self, i: usize, size: (u16, u16)) -> Tui {
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

    fn group_gid(&self) -> u32 {
        std::fs::metadata(&self.state).expect("stat").gid()
    }
}

/// A TUI session that is ended (its `runuser`, by its own process id) when the test fails
/// before it quits, so that its account can be removed; the pty closing ends the inbox.
struct Tui(Session);

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

fn has(
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
fn wait_journal(o: &Office, text: &str) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if String::from_utf8_lossy(&o.journal()).contains(text) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the journal never held {text:?}");
}

/// The outsider's attempt: exit 2, one line on stderr naming the directory and the group,
/// nothing on stdout, the state directory exactly as it was.
fn refused(o: &Office, args: &[&str]) {
    let (journal, listing) = (o.journal(), o.listing());
    let out = o.run(2, "022", args);
    let err = String::from_utf8_lossy(&out.stderr);
    eprintln!("{args:?} as the outsider: {err}");
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: not one line: {err}");
    assert!(
        err.contains(&o.state.display().to_string()),
        "{args:?}: no directory: {err}"
    );
    assert!(
        err.contains(&format!("`{}`", o.acc.group)),
        "{args:?}: no group: {err}"
    );
    assert!(
        out.stdout.is_empty(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(o.journal(), journal, "{args:?} changed the journal");
    assert_eq!(o.listing(), listing, "{args:?} changed the state directory");
}

#[test]
fn two_officers_share_one_journal_and_an_outsider_is_refused() {
    let Some(o) = office() else { return };
    let (a, b) = (o.user(0).to_string(), o.user(1).to_string());
    // Alice names herself; her account is what the journal trusts. Bob's name is his account's.
    o.ok(0, "077", &["label", C1, "urgent", "--user", "alice"]);
    o.ok(1, "022", &["label", C2, "iraq"]);
    o.ok(0, "077", &["route", C1, "EUR/CE", "--user", "alice"]);
    o.ok(1, "022", &["route", C1, "EUR/RUS", "--info"]);
    o.ok(1, "022", &["label", C1, "followup"]);
    let notes = o.has_command("note");
    if notes {
        o.ok(
            0,
            "077",
            &[
                "note",
                C1,
                "alice reads the harbour as calm",
                "--user",
                "alice",
            ],
        );
        o.ok(1, "022", &["note", C1, "bob thinks the storm will return"]);
    } else {
        eprintln!("no `note` command in this build: notes are written through the TUI test");
    }

    // Everything the first writer made is the group's, whatever her umask (077).
    let gid = o.group_gid();
    for (name, (_, mode, _, g)) in o.listing() {
        let want = if o.state.join(&name).is_dir() {
            0o2770
        } else {
            0o660
        };
        assert_eq!(mode, want, "{name} has mode {mode:04o}");
        assert_eq!(g, gid, "{name} is not in the office's group");
    }

    // Each sees the other's decisions, with the account that wrote each.
    let log = o.log(0);
    assert_eq!(log.len(), if notes { 7 } else { 5 }, "{log:?}");
    assert_eq!(
        o.log(1).iter().map(|e| &e.4).collect::<Vec<_>>(),
        log.iter().map(|e| &e.4).collect::<Vec<_>>()
    );
    assert!(has(&log, "alice", &a, "add_labels", C1), "{log:?}");
    assert!(has(&log, "alice", &a, "route_action", C1), "{log:?}");
    assert!(has(&log, &b, &b, "add_labels", C2), "{log:?}");
    assert!(has(&log, &b, &b, "add_info_desk", C1), "{log:?}");
    assert!(has(&log, &b, &b, "add_labels", C1), "{log:?}");
    if notes {
        let texts: Vec<(&str, &str)> = log
            .iter()
            .filter_map(|(_, os, _, _, v)| v["text"].as_str().map(|t| (os.as_str(), t)))
            .collect();
        assert!(
            texts.contains(&(a.as_str(), "alice reads the harbour as calm")),
            "{texts:?}"
        );
        assert!(
            texts.contains(&(b.as_str(), "bob thinks the storm will return")),
            "{texts:?}"
        );
    }
    // `log` shows the account beside a name that differs from it, and only then.
    let text = o.ok(1, "022", &["log"]);
    assert!(text.contains(&format!("alice (os: {a})")), "{text}");
    assert!(!text.contains(&format!("{b} (os:")), "{text}");

    for i in [0, 1] {
        let export = o.ok(i, "022", &["export", "--format", "json"]);
        let rows: BTreeMap<String, Value> = export
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).expect("JSON");
                (v["id"].as_str().unwrap_or_default().to_string(), v)
            })
            .collect();
        let c1 = &rows[C1];
        assert_eq!(
            c1["labels"],
            serde_json::json!(["followup", "urgent"]),
            "{export}"
        );
        assert_eq!(c1["action_desk"], "EUR/CE", "{export}");
        assert_eq!(c1["info_desks"], serde_json::json!(["EUR/RUS"]), "{export}");
        assert_eq!(rows[C2]["labels"], serde_json::json!(["iraq"]), "{export}");
    }

    // The outsider: refused by name, nothing changed.
    refused(&o, &["label", C1, "mine"]);
    refused(&o, &["route", C2, "EUR/CE"]);
    refused(&o, &["label", C1, "urgent", "--remove", "--user", "alice"]);
    if notes {
        refused(&o, &["note", C1, "an outsider's note"]);
    }
    // ... who can still read the traffic.
    let list = o.run(2, "022", &["list", "--format", "count"]);
    assert_eq!(
        String::from_utf8_lossy(&list.stdout).trim(),
        "3",
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
}

#[test]
fn the_tui_records_as_its_account_and_is_read_only_for_an_outsider() {
    let Some(o) = office() else { return };
    let b = o.user(1).to_string();
    o.ok(0, "077", &["label", C1, "urgent"]);

    // Bob in the TUI: label the first cable, write a note, open it (a read), quit.
    let mut s = o.tui(1, (100, 30));
    s.wait_for("1/3");
    s.send("t");
    s.send("from-the-tui\r");
    wait_journal(&o, "from-the-tui");
    s.send("n");
    s.send("bob writes from his own account");
    s.send("\x1b");
    wait_journal(&o, "bob writes from his own account");
    s.send("\r");
    s.wait_for("breakwater would be repaired");
    // Back to the inbox before the next key (an escape followed at once by a key reads as Alt).
    s.send("\x1b");
    s.wait_for("sort: precedence");
    s.send("q");
    assert_eq!(s.wait_exit(), 0, "{}", s.contents());

    let log = o.log(0);
    let first = log
        .iter()
        .find(|e| e.2 == "add_labels" && e.4["labels"] == serde_json::json!(["from-the-tui"]))
        .expect("the TUI's label");
    assert_eq!(
        (first.0.as_str(), first.1.as_str()),
        (b.as_str(), b.as_str()),
        "{log:?}"
    );
    let cable = first.3.clone();
    assert!(
        log.iter()
            .any(|e| e.1 == b && e.3 == cable && e.4["text"] == "bob writes from his own account"),
        "{log:?}"
    );
    assert!(has(&log, &b, &b, "mark_read", &cable), "{log:?}");
    let shown = o.ok(0, "022", &["export", "--format", "json"]);
    assert!(
        shown.contains("from-the-tui"),
        "alice does not see bob's label: {shown}"
    );

    // The outsider: the inbox opens, says why triage is disabled, filters, and records nothing.
    let (journal, listing) = (o.journal(), o.listing());
    let mut s = o.tui(2, (250, 30));
    s.wait_for("triage disabled");
    s.wait_for(&format!("`{}`", o.acc.group));
    eprintln!("the outsider's inbox:\n{}", s.contents());
    s.send("/quota\r");
    s.wait_for("1/1");
    // Refused in the status line (no prompt opens), as every triage key is.
    s.send("t");
    s.settle();
    assert!(s.contents().contains("READ-ONLY"), "{}", s.contents());
    s.send("q");
    assert_eq!(s.wait_exit(), 0, "{}", s.contents());
    assert_eq!(
        o.journal(),
        journal,
        "the outsider's TUI changed the journal"
    );
    assert_eq!(
        o.listing(),
        listing,
        "the outsider's TUI changed the state directory"
    );
}
