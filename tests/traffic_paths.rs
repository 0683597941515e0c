//! Paths of cables, through the built binary: a decision on a cable without a reference id is
//! keyed by its path relative to the traffic directory, so it is seen however the directory is
//! named (`noid`, `./noid`, `noid/`, its absolute path) and after it is moved; the index stays in
//! use across those spellings; and a file whose name is not UTF-8 is opened, shown and checked
//! like any other. All cable text is fictional.

#![cfg(unix)]

mod pty_support;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cabletriage::traffic::load_dir_cached;

/// A fictional cable with no reference id (no DE line, no serial after the classification).
fn cable_without_id(subject: &str) -> String {
    format!(
        "R 011200Z MAR 26\nFM AMEMBASSY FICTIONIA\nTO RUEHC/SECSTATE WASHDC ROUTINE\nBT\n\
         UNCLAS\n\nTAGS: PREL, FX\nSUBJECT: {subject}\n\n\
         1. The harbourmaster said the breakwater would be repaired before spring.\n\nQUILL\nBT\nNNNN\n"
    )
}

/// A fictional cable whose reference id is `09WARSAW{serial}`.
fn cable_with_id(serial: u32, subject: &str) -> String {
    format!(
        "VZCZCXYZ0000\nRR RUEHC\n\nDE RUEHXX #{serial:04}/01 0011200\nZNR UUUUU ZZH\n\
         R 011200Z JAN 09\nFM AMEMBASSY WARSAW\nTO RUEHC/SECSTATE WASHDC 0001\n\n\
         UNCLAS WARSAW {serial:06}\n\nE.O. 12958: N/A\nTAGS: PREL PL\n\
         SUBJECT: {subject}\n\n1. Nothing happened here.\n\nSMITH\n"
    )
}

/// `cabletriage ARGS` run in `cwd`.
fn run_in(cwd: &Path, args: &[&OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .current_dir(cwd)
        .args(args)
        .env_remove("CABLETRIAGE_DIR")
        .env("USER", "alice")
        .output()
        .expect("run cabletriage")
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

/// `list DIR --format json --stats` in `cwd`: the JSON lines, and the stats on stderr.
fn list_json(cwd: &Path, dir: &OsStr, state: &Path) -> (Vec<serde_json::Value>, String) {
    let o = run_in(
        cwd,
        &[
            os("list"),
            dir,
            os("--state"),
            state.as_os_str(),
            os("--format"),
            os("json"),
            os("--stats"),
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "list {dir:?}: {err}");
    let lines = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    (lines, err)
}

#[test]
fn a_flag_on_a_cable_without_id_is_seen_through_every_spelling_and_after_a_move() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cwd = tmp.path().canonicalize().expect("canonical tmp");
    let day = cwd.join("noid/2026-11-25");
    std::fs::create_dir_all(&day).expect("mkdir");
    std::fs::write(
        day.join("x.txt"),
        cable_without_id("HARBOUR REPAIRS DELAYED"),
    )
    .expect("x");
    let state = cwd.join("state");
    let config = cwd.join("config");

    // Flag it in the inbox, opened as `noid` from the folder above it.
    let args = [
        os("noid"),
        os("--state"),
        state.as_os_str(),
        os("--user"),
        os("alice"),
    ];
    let mut s = pty_support::Session::run_in(&cwd, &args, &config, (100, 30));
    s.wait_for("HARBOUR REPAIRS DELAYED");
    s.send("f");
    s.wait_for("flagged file:");
    let status = s.contents();
    s.send("q");
    assert_eq!(s.wait_exit(), 0);

    let abs = cwd.join("noid");
    let spellings: [&OsStr; 4] = [os("noid"), os("./noid"), os("noid/"), abs.as_os_str()];
    for (k, dir) in spellings.into_iter().enumerate() {
        let (lines, stats) = list_json(&cwd, dir, &state);
        assert_eq!(lines.len(), 1, "{dir:?}");
        assert_eq!(
            lines[0]["id"],
            serde_json::Value::Null,
            "the cable has no id"
        );
        assert_eq!(lines[0]["flagged"], true, "flag not seen through {dir:?}");
        // The record is the file as named this time, not one remembered from another spelling.
        let want = Path::new(dir).join("2026-11-25/x.txt");
        let file = lines[0]["file"].as_str().expect("file");
        assert_eq!(Path::new(file), want, "{dir:?}");
        assert_eq!(
            lines[0]["subject"], "HARBOUR REPAIRS DELAYED",
            "the cable itself was read again from {file}"
        );
        // Every spelling uses the one index (the TUI built it): nothing parsed again.
        if k > 0 {
            assert!(
                stats.contains("(0 parsed, 1 from index"),
                "index not used through {dir:?}: {stats}"
            );
        }
    }

    // Renamed, the folder keeps its decisions (same state directory).
    std::fs::rename(cwd.join("noid"), cwd.join("noid2")).expect("mv");
    let (lines, _) = list_json(&cwd, os("noid2"), &state);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["flagged"], true, "flag lost when the folder moved");
    let (lines, stats) = list_json(&cwd, os("./noid2"), &state);
    assert_eq!(lines[0]["flagged"], true);
    assert!(stats.contains("(0 parsed, 1 from index"), "{stats}");
    // The key the inbox named is the path under the traffic folder.
    assert!(
        status.contains("flagged file:2026-11-25/x.txt#0"),
        "{status}"
    );
}

/// A traffic folder holding a cable with an id under a name that is not UTF-8, and one without
/// an id in a folder whose name is not UTF-8.
fn non_utf8_traffic(root: &Path) -> (PathBuf, PathBuf) {
    let named = root.join(OsStr::from_bytes(b"caf\xe9-88.txt"));
    std::fs::write(&named, cable_with_id(88, "LATIN ONE FILE NAME")).expect("named");
    let dir = root.join(OsStr::from_bytes(b"d\xff\xfe"));
    std::fs::create_dir(&dir).expect("dir");
    let plain = dir.join("noid.txt");
    std::fs::write(&plain, cable_without_id("FOLDER NAME IS NOT TEXT")).expect("plain");
    (named, plain)
}

#[test]
fn a_file_name_that_is_not_utf8_is_opened_shown_and_checked() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let traffic = tmp.path().join("traffic");
    std::fs::create_dir(&traffic).expect("mkdir");
    non_utf8_traffic(&traffic);
    let state = tmp.path().join("state");
    let cwd = tmp.path();
    // Twice: a first run reads the files, the second takes the records from the index.
    for round in ["first", "indexed"] {
        let (lines, _) = list_json(cwd, traffic.as_os_str(), &state);
        assert_eq!(lines.len(), 2, "{round}");
        for l in &lines {
            let warnings = l["warnings"].to_string();
            assert!(
                !warnings.contains("could not be read again"),
                "{round}: the file was not found again: {l}"
            );
            assert!(l["paragraphs"].as_array().is_some_and(|p| !p.is_empty()));
        }
        let o = run_in(
            cwd,
            &[
                os("--state"),
                state.as_os_str(),
                os("show"),
                os("09WARSAW88"),
                os("--dir"),
                traffic.as_os_str(),
            ],
        );
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "{round}: show failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(out.contains("Nothing happened here"), "{round}: {out}");
    }
    let o = run_in(cwd, &[os("check"), traffic.as_os_str()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "check: {}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn records_of_non_utf8_names_lead_back_to_their_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let traffic = tmp.path().join("traffic");
    std::fs::create_dir(&traffic).expect("mkdir");
    let (named, plain) = non_utf8_traffic(&traffic);
    let state = tmp.path().join("state");
    let mut keys = Vec::new();
    for _ in 0..2 {
        let (t, _) = load_dir_cached(&traffic, &state, |_, _| {}).expect("load");
        assert!(t.problems.is_empty(), "{:?}", t.problems);
        let mut paths: Vec<PathBuf> = t.records.iter().map(|r| t.path_of(r)).collect();
        paths.sort();
        let mut want = vec![named.clone(), plain.clone()];
        want.sort();
        assert_eq!(paths, want);
        for r in &t.records {
            let cable = t.read_cable(r).expect("the reading view opens it");
            assert_eq!(cable.subject.as_deref(), Some(r.subject()));
        }
        let key: Vec<String> = t.records.iter().map(|r| r.key()).collect();
        keys.push(key);
    }
    // The key of the cable without an id is the same from the files and from the index, and
    // different from what a lossy name would give.
    assert_eq!(keys[0], keys[1]);
    assert!(
        keys[0]
            .iter()
            .any(|k| k.starts_with("file:d") && !k.contains('\u{fffd}'))
    );
}
