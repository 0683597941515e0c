//! A state directory shared by a Unix group, on the built binary as one account: everything the
//! program makes in it (the directory, the journal, its lock, the index, the snapshot, the
//! rewritten journal and its backup, drafts) is group-writable whatever the umask, an existing
//! narrower mode is left alone, and `check` names what the group cannot share with the commands
//! that fix it. `tests/shared_accounts.rs` runs several real accounts (as root).

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A short fictional cable whose reference id is `09FICTIONIA{serial}`.
fn write_cable(dir: &Path, serial: u32) {
    let text = format!(
        "R 011200Z MAR 09\nFM AMEMBASSY FICTIONIA\nTO RUEHC/SECSTATE WASHDC 0001\n\n\
         UNCLAS FICTIONIA {serial:06}\n\nE.O. 12958: N/A\nTAGS: PREL FX\n\
         SUBJECT: FICTIONAL HARBOUR REPORT {serial}\n\n1. The breakwater held.\n\nQUILL\n"
    );
    std::fs::write(dir.join(format!("c{serial}.txt")), text).expect("write cable");
}

fn traffic(root: &Path) -> PathBuf {
    let t = root.join("traffic");
    std::fs::create_dir(&t).expect("mkdir");
    for n in [101, 102] {
        write_cable(&t, n);
    }
    t
}

/// `cabletriage ARGS --dir TRAFFIC --state STATE` under umask 077 (as a cautious officer's
/// shell has it), as alice.
fn run_umask_077(traffic: &Path, state: &Path, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg("umask 077 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_cabletriage"))
        .args(args)
        .arg("--dir")
        .arg(traffic)
        .arg("--state")
        .arg(state)
        .args(["--user", "alice"])
        .env("XDG_CONFIG_HOME", "/nonexistent-config-dir")
        .env_remove("CABLETRIAGE_DIR")
        .output()
        .expect("run")
}

fn ok(o: &Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).expect("stat").mode() & 0o7777
}

/// Every directory and file under `dir` (not `dir` itself), with its mode.
fn modes_under(dir: &Path) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            let rel = p.strip_prefix(dir).expect("under").display().to_string();
            out.push((rel, mode(&p)));
            if p.is_dir() {
                pending.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_new_state_directory_and_its_files_are_shared_under_umask_077() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let t = traffic(tmp.path());
    let state = tmp.path().join("office/state");
    ok(&run_umask_077(
        &t,
        &state,
        &["label", "09FICTIONIA101", "urgent"],
    ));
    assert_eq!(
        format!("{:04o}", mode(&state)),
        "2770",
        "the state directory"
    );
    let found = modes_under(&state);
    let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    for expected in ["journal.toml", "journal.lock"] {
        assert!(names.contains(&expected), "{expected} missing: {names:?}");
    }
    assert!(
        names.contains(&"index.bin"),
        "no index was written: {names:?}"
    );
    for (name, m) in &found {
        assert_eq!(*m, 0o660, "{name} has mode {m:04o}");
    }
    // The directory above the state directory is not the program's to share.
    let above = mode(&tmp.path().join("office"));
    assert_eq!(above & 0o070, 0, "{above:04o}");
}

/// A journal as format 1 wrote it (no preamble, no hashes): `n` events, each a label.
fn format_1_journal(n: u32) -> String {
    (1..=n)
        .map(|i| {
            format!(
                "[[event]]\nseq = {i}\nuser = \"bob\"\ncable = \"09FICTIONIA102\"\nop = \"add_labels\"\n\
                 labels = [\"l{i}\"]\nat = \"2026-11-20T10:00:00.000Z\"\n\n"
            )
        })
        .collect()
}

#[test]
fn the_snapshot_the_rewritten_journal_and_its_backup_are_shared_and_old_modes_are_kept() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let t = traffic(tmp.path());
    // A state directory as an earlier version left it: 0755, a 0644 journal of format 1, long
    // enough that opening it writes a snapshot.
    let state = tmp.path().join("state");
    std::fs::create_dir(&state).expect("mkdir");
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let journal = state.join("journal.toml");
    std::fs::write(&journal, format_1_journal(1001)).expect("write");
    std::fs::set_permissions(&journal, std::fs::Permissions::from_mode(0o644)).expect("chmod");

    ok(&run_umask_077(
        &t,
        &state,
        &["label", "09FICTIONIA101", "urgent"],
    ));
    let found = modes_under(&state);
    let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    for expected in ["journal.v1.toml", "snapshot.toml", "journal.toml"] {
        assert!(names.contains(&expected), "{expected} missing: {names:?}");
    }
    for (name, m) in &found {
        assert_eq!(*m, 0o660, "{name} has mode {m:04o}");
    }
    assert_eq!(
        mode(&state),
        0o755,
        "an existing directory's mode was changed"
    );
}

#[test]
fn a_draft_and_its_directory_are_shared() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let state = tmp.path().join("state");
    let keys = ["09FICTIONIA101".to_string()];
    let file = cabletriage::triage::drafts::save(&state, "alice", &keys, "half a note")
        .expect("draft saved");
    let modes = [&state, file.parent().expect("drafts"), &file].map(|p| format!("{:04o}", mode(p)));
    assert_eq!(modes, ["2770", "2770", "0660"]);
}

fn check(traffic: &Path, state: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .arg("check")
        .arg(traffic)
        .arg("--state")
        .arg(state)
        .env("XDG_CONFIG_HOME", "/nonexistent-config-dir")
        .output()
        .expect("check")
}

#[test]
fn check_names_what_the_group_cannot_share_and_its_fix_works() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let t = traffic(tmp.path());
    let state = tmp.path().join("state of the office");
    // Made shared by the program: nothing to report.
    ok(&run_umask_077(
        &t,
        &state,
        &["label", "09FICTIONIA101", "urgent"],
    ));
    let o = check(&t, &state);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );

    // As an earlier version (or a careful umask) left it.
    let journal = state.join("journal.toml");
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::set_permissions(&journal, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let o = check(&t, &state);
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    let dir_line = format!("{}: not writable by its group (mode 0755)", state.display());
    assert!(out.contains(&dir_line), "{out}");
    assert!(out.contains("not setgid"), "{out}");
    let file_line = format!(
        "{}: not readable and writable by its group (mode 0644)",
        journal.display()
    );
    assert!(out.contains(&file_line), "{out}");
    assert!(
        err.contains("2 in the state directory that its group cannot share"),
        "{err}"
    );

    // The fix as printed, pasted into a shell.
    let fix = out
        .lines()
        .find_map(|l| l.split_once("an administrator runs: ").map(|(_, cmd)| cmd))
        .expect("a fix line");
    let status = Command::new("sh").arg("-c").arg(fix).status().expect("sh");
    assert!(status.success(), "{fix}");
    assert_eq!(format!("{:04o}", mode(&state)), "2775");
    assert_eq!(format!("{:04o}", mode(&journal)), "0664");
    let o = check(&t, &state);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}
