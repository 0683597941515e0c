//! Asking whether state can be written makes no file (so a writer killed by kill -9 leaves
//! none behind), for the CLI's choice of state directory and the TUI's read-only check alike;
//! the empty probe files earlier versions left are removed by the next writer, and nothing else.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use cabletriage::cli::Context;
use cabletriage::cli::args::Global;

/// Set `dir`'s modification time an hour back, so that any file made (and removed) in it
/// afterwards shows as a newer time.
fn backdate(p: &Path) -> SystemTime {
    let past = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::open(p)
        .expect("open")
        .set_modified(past)
        .expect("set mtime");
    std::fs::metadata(p)
        .expect("stat")
        .modified()
        .expect("mtime")
}

fn mtime(p: &Path) -> SystemTime {
    std::fs::metadata(p)
        .expect("stat")
        .modified()
        .expect("mtime")
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn choosing_the_state_directory_makes_no_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let traffic = dir.path().join("traffic");
    std::fs::create_dir(&traffic).expect("mkdir");
    std::fs::write(traffic.join("a.txt"), "not a cable").expect("write");
    let before = backdate(&traffic);
    let ctx = Context::resolve(&Global::default(), Some(&traffic)).expect("resolve");
    assert_eq!(ctx.state, traffic.join(".cabletriage"));
    assert!(ctx.notice.is_none());
    assert_eq!(names(&traffic), ["a.txt"]);
    assert_eq!(
        mtime(&traffic),
        before,
        "a file was made and removed in the traffic dir"
    );

    std::fs::create_dir(traffic.join(".cabletriage")).expect("mkdir");
    let before = backdate(&traffic.join(".cabletriage"));
    let ctx = Context::resolve(&Global::default(), Some(&traffic)).expect("resolve");
    assert!(ctx.notice.is_none());
    assert_eq!(
        mtime(&ctx.state),
        before,
        "a file was made in the state dir"
    );
}

#[test]
fn the_tuis_read_only_check_makes_no_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let state = dir.path().join("state");
    let traffic = dir.path().join("traffic");
    std::fs::create_dir(&traffic).expect("mkdir");
    // No state directory yet: the question goes to its parent.
    let before = backdate(dir.path());
    let s = cabletriage::tui::session::Session::open(&state, "alice", &traffic);
    assert!(s.refusal.is_none(), "{:?}", s.refusal);
    assert_eq!(
        mtime(dir.path()),
        before,
        "a file was made beside the state dir"
    );
    // A state directory without a journal: the question goes to it.
    std::fs::create_dir(&state).expect("mkdir");
    let before = backdate(&state);
    let s = cabletriage::tui::session::Session::open(&state, "alice", &traffic);
    assert!(s.refusal.is_none(), "{:?}", s.refusal);
    assert_eq!(mtime(&state), before, "a file was made in the state dir");
}

#[test]
fn a_directory_that_cannot_be_written_is_still_told() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).expect("mkdir");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    if std::fs::write(ro.join("x"), "").is_ok() {
        eprintln!("skipping: this user writes read-only directories (root)");
        return;
    }
    assert!(cabletriage::state_dir::can_write(&ro).is_err());
    let s = cabletriage::tui::session::Session::open(&ro, "alice", dir.path());
    assert!(s.refusal.is_some_and(|r| r.contains("read-only")));
    let ctx = Context::resolve(&Global::default(), Some(&ro)).expect("resolve");
    assert!(ctx.notice.is_some(), "falls back to a per-user state dir");
}

/// A fictional cable (invented post and people), id 09FICTIONIA101.
const FICTIONAL_CABLE: &str = "R 011200Z MAR 09\nFM AMEMBASSY FICTIONIA\n\
    TO RUEHC/SECSTATE WASHDC IMMEDIATE 0101\nBT\nC O N F I D E N T I A L FICTIONIA 000101\n\n\
    SIPDIS\n\nE.O. 12958: DECL: 03/01/2019\nTAGS: PREL, FX\nSUBJECT: HARBOUR TALKS\n\n\
    1. (C) The harbourmaster said the breakwater would be repaired.\n\nQUILL\nBT\n#0101\nNNNN\n";

/// A file `name` in `dir` holding `body`, two minutes old.
fn old_probe(dir: &Path, name: &str, body: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).expect("write");
    let f = std::fs::File::options().write(true).open(&p).expect("open");
    f.set_modified(SystemTime::now() - Duration::from_secs(120))
        .expect("mtime");
    p
}

#[test]
fn a_writer_removes_the_probes_killed_writers_left_and_nothing_else() {
    let dir = tempfile::tempdir().expect("tempdir");
    let traffic = dir.path().join("traffic");
    std::fs::create_dir(&traffic).expect("mkdir");
    std::fs::write(traffic.join("one.txt"), FICTIONAL_CABLE).expect("write cable");
    let state = traffic.join(".cabletriage");
    std::fs::create_dir(&state).expect("mkdir");
    let stale = [
        old_probe(&state, ".probeAb12Cd", ""),
        old_probe(&state, ".cabletriage-probe-4242", ""),
        old_probe(&traffic, ".probeXy98Zw", ""),
    ];
    let kept = [
        old_probe(&state, ".probeNotMine.toml", ""),
        old_probe(&state, ".probeFu11Zz", "someone's data"),
        state.join(".probeN3wOne"),
    ];
    std::fs::write(&kept[2], "").expect("a fresh probe");

    let id = "09FICTIONIA101";
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(["label", id, "probe-test", "--user", "alice", "--dir"])
        .arg(&traffic)
        .env("XDG_CONFIG_HOME", "/nonexistent-config-dir")
        .output()
        .expect("label");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for p in &stale {
        assert!(!p.exists(), "{} left", p.display());
    }
    for p in &kept {
        assert!(p.exists(), "{} removed", p.display());
    }
}
