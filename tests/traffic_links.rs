//! Symlinks and special files in a traffic folder written by someone hostile: nothing outside
//! the folder is read (a link to /etc/passwd, /proc/self/environ, /proc/kmsg, another folder's
//! cable, or `up -> ..`), `check` names every such link with why, a link inside the folder adds
//! no second copy, a folder on /proc is not read, and a file swapped for a link, a FIFO or a
//! linked folder after loading is not opened by the reading view. All cable text is fictional.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

use cabletriage::traffic::read::{Outcome, read_file};
use cabletriage::traffic::{Traffic, load_dir};

/// A fictional cable (no reference id) with this subject.
fn cable(subject: &str) -> String {
    format!(
        "R 011200Z MAR 26\nFM AMEMBASSY FICTIONIA\nTO RUEHC/SECSTATE WASHDC ROUTINE\nBT\n\
         UNCLAS\n\nTAGS: PREL, FX\nSUBJECT: {subject}\n\n\
         1. The harbourmaster said the breakwater would be repaired before spring.\n\nQUILL\nBT\nNNNN\n"
    )
}

fn write(p: &Path, text: &str) {
    fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    fs::write(p, text).expect("write");
}

/// `tmp/traffic` with two cables of its own, and beside it `tmp/outside` with one the traffic
/// must never show; returns the traffic folder.
fn folders(tmp: &Path) -> std::path::PathBuf {
    let traffic = tmp.join("traffic");
    write(&traffic.join("a/one.txt"), &cable("HARBOUR TALKS RESUME"));
    write(&traffic.join("b/two.txt"), &cable("QUOTA DISPUTE SETTLED"));
    write(&tmp.join("outside/secret.txt"), &cable("OUTSIDE SECRET"));
    traffic
}

fn subjects(t: &Traffic) -> Vec<&str> {
    let mut s: Vec<&str> = t.records.iter().map(|r| r.subject()).collect();
    s.sort();
    s
}

fn reason<'t>(t: &'t Traffic, name: &str) -> &'t str {
    t.problems
        .iter()
        .find(|p| p.path.ends_with(name))
        .map(|p| p.reason.as_str())
        .unwrap_or_else(|| panic!("{name} not reported: {:#?}", t.problems))
}

#[test]
fn links_out_of_the_folder_are_not_followed_and_check_names_them() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let traffic = folders(tmp.path());
    symlink(
        tmp.path().join("outside/secret.txt"),
        traffic.join("a/stolen.txt"),
    )
    .expect("ln");
    symlink("/etc/passwd", traffic.join("a/passwd.txt")).expect("ln");
    symlink("/proc/self/environ", traffic.join("a/environ.txt")).expect("ln");
    symlink("/proc/kmsg", traffic.join("a/kmsg.txt")).expect("ln");
    // The whole parent tree (with `outside/`) through a folder link.
    symlink("..", traffic.join("up")).expect("ln");
    symlink("../..", traffic.join("b/up2")).expect("ln");

    let t = load_dir(&traffic).expect("load");
    assert_eq!(
        subjects(&t),
        ["HARBOUR TALKS RESUME", "QUOTA DISPUTE SETTLED"],
        "each cable once, nothing from outside: {:#?}",
        t.problems
    );
    for name in [
        "a/stolen.txt",
        "a/passwd.txt",
        "a/environ.txt",
        "a/kmsg.txt",
        "up",
        "b/up2",
    ] {
        let why = reason(&t, name);
        assert!(
            why.contains("outside the traffic directory") && why.contains("not followed"),
            "{name}: {why}"
        );
    }
    assert_eq!(t.problems.len(), 6, "{:#?}", t.problems);

    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .arg("check")
        .arg(&traffic)
        .output()
        .expect("check");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    for name in [
        "stolen.txt",
        "passwd.txt",
        "environ.txt",
        "kmsg.txt",
        "/up:",
    ] {
        assert!(
            text.lines()
                .any(|l| l.contains(name) && l.contains("outside the traffic directory")),
            "{name} not named:\n{text}"
        );
    }
    assert!(
        !text.contains("root:"),
        "a line of /etc/passwd leaked:\n{text}"
    );
}

#[test]
fn links_inside_the_folder_add_no_copy_and_hidden_targets_are_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let traffic = folders(tmp.path());
    write(&traffic.join(".cabletriage/journal.toml"), "[[event]]\n");
    symlink(traffic.join("a"), traffic.join("alias")).expect("ln");
    symlink("one.txt", traffic.join("a/same.txt")).expect("ln");
    symlink(".", traffic.join("b/self")).expect("ln");
    symlink(
        "../.cabletriage/journal.toml",
        traffic.join("b/journal.txt"),
    )
    .expect("ln");
    let t = load_dir(&traffic).expect("load");
    assert_eq!(
        subjects(&t),
        ["HARBOUR TALKS RESUME", "QUOTA DISPUTE SETTLED"]
    );
    assert!(reason(&t, "b/journal.txt").contains("hidden"));
    assert_eq!(t.problems.len(), 1, "{:#?}", t.problems);
    // Each record names the file under its own name.
    let mut rels: Vec<String> = t
        .records
        .iter()
        .map(|r| r.rel_path().into_owned())
        .collect();
    rels.sort();
    assert_eq!(rels, ["a/one.txt", "b/two.txt"]);
}

#[test]
fn a_folder_on_proc_is_not_read() {
    let dir = Path::new("/proc/sys/kernel");
    if !dir.is_dir() {
        eprintln!("skipped: no /proc/sys/kernel here");
        return;
    }
    let t = load_dir(dir).expect("load");
    assert!(t.records.is_empty());
    assert_eq!(
        t.problems.len(),
        1,
        "{:#?}",
        &t.problems[..t.problems.len().min(5)]
    );
    assert!(t.problems[0].reason.contains("proc pseudo file system"));
}

#[test]
fn a_file_swapped_after_loading_is_not_opened() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let traffic = folders(tmp.path());
    let t = load_dir(&traffic).expect("load");
    let by = |s: &str| {
        t.records
            .iter()
            .find(|r| r.subject() == s)
            .expect("record")
            .clone()
    };
    let (one, two) = (by("HARBOUR TALKS RESUME"), by("QUOTA DISPUTE SETTLED"));
    assert!(t.read_cable(&one).is_ok());

    // The file becomes a link to a cable outside: the reading view must not show it.
    let file = traffic.join("a/one.txt");
    fs::remove_file(&file).expect("rm");
    symlink(tmp.path().join("outside/secret.txt"), &file).expect("ln");
    let got = t.read_cable(&one);
    assert!(got.is_err(), "read through a link: {got:?}");
    assert!(
        matches!(read_file(&file, &mut Vec::new()).0, Outcome::NotCable(r) if r.starts_with("unreadable"))
    );

    // Its folder becomes a link to a folder outside holding a file of the same name.
    fs::rename(traffic.join("b"), tmp.path().join("b-moved")).expect("mv");
    write(
        &tmp.path().join("elsewhere/two.txt"),
        &cable("OUTSIDE SECRET"),
    );
    symlink(tmp.path().join("elsewhere"), traffic.join("b")).expect("ln");
    let got = t.read_cable(&two);
    assert!(got.is_err(), "read through a linked folder: {got:?}");

    // A FIFO in its place: refused at once, not waited on.
    fs::remove_file(&file).expect("rm");
    let made = Command::new("mkfifo").arg(&file).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let got = t.read_cable(&one);
    assert!(got.is_err_and(|e| e.contains("not a regular file")));
    assert!(
        matches!(read_file(&file, &mut Vec::new()).0, Outcome::NotCable(r) if r.contains("not a regular file"))
    );
}
