//! A hostile traffic folder: binaries, empty files, a truncated cable, NUL bytes, a 3 MB line, a
//! 30 MB non-cable, Latin-1, CRLF, deep nesting, a symlink loop, a dangling symlink, a FIFO.
//! Loading shows every good cable and names every bad file; nothing panics or hangs.
//!
//! Tests run as root here, so `chmod 000` would not make a file unreadable; the dangling symlink
//! and the FIFO stand in for "cannot be read".

use std::fs;
use std::path::Path;
use std::process::Command;

use cabletriage::traffic::load_dir;

/// A fictional cable in ACP-127 form.
fn cable(serial: u32, subject: &str, tags: &str) -> String {
    format!(
        "\nVZCZCXYZ0{serial:03}\nOO RUEHWEB\n\nDE RUEHRV #{serial:04}/01 0731200\nZNY CCCCC ZZH\n\
         O 141200Z MAR 09\nFM AMEMBASSY RIVENDELL\nTO RUEHC/SECSTATE WASHDC IMMEDIATE {serial:04}\n\
         INFO RUEHGD/AMEMBASSY GONDOR PRIORITY 0042\n\nC O N F I D E N T I A L RIVENDELL {serial:06}\n\n\
         SIPDIS\n\nE.O. 12958: DECL: 03/14/2019\nTAGS: {tags}\nSUBJECT: {subject}\n\n\
         REF: A. RIVENDELL 11\n\nClassified By: Ambassador Elrond for reasons 1.4 (b), (d)\n\n\
         1. (C) SUMMARY: The council met under the old trees and reached no decision. End summary.\n\n\
         2. (C) The delegates will meet again after the harvest.\n\nELROND\n"
    )
}

fn write(p: &Path, bytes: impl AsRef<[u8]>) {
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, bytes).unwrap();
}

/// Builds the folder; returns the number of good cables in it.
fn build(root: &Path) -> usize {
    write(
        &root.join("good/one.txt"),
        cable(1, "ELVEN COUNCIL WEIGHS LANTERN PROPOSAL", "PREL, RV"),
    );
    write(
        &root.join("good/crlf.txt"),
        cable(2, "HARVEST OUTLOOK IN THE WHITE CITY", "ECON, GD").replace('\n', "\r\n"),
    );
    let mut latin1 = cable(3, "CAFE PLACEHOLDER", "PREL, SH").into_bytes();
    let at = latin1.windows(4).position(|w| w == b"CAFE").unwrap();
    latin1[at + 3] = 0xC9; // 'É' in Latin-1, invalid UTF-8
    write(&root.join("good/latin1.txt"), latin1);
    let full = cable(4, "TRUNCATED REPORT ON BRIDGE REPAIRS", "PGOV, RV");
    write(
        &root.join("good/truncated.txt"),
        &full[..full.len() * 2 / 3],
    );
    let mut deep = root.join("deep");
    for i in 0..40 {
        deep = deep.join(format!("level{i}"));
    }
    write(
        &deep.join("bottom.txt"),
        cable(5, "DISPATCH FROM THE DEEPEST CELLAR", "PINR, RV"),
    );
    // Ignored by the contract's rule.
    write(&root.join(".hidden/secret.txt"), cable(6, "HIDDEN", "PREL"));
    write(
        &root.join("desks.toml"),
        "[[desk]]\ncode = \"EUR/CE\"\nname = \"Central Europe\"\n",
    );
    write(
        &root.join("office.toml"),
        "alert_command = \"true\"\n[objectives]\nFLASH = \"10m\"\n",
    );

    write(&root.join("bad/empty.txt"), b"");
    write(&root.join("bad/blank.txt"), b"  \n\n \t\n");
    let bin: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    write(&root.join("bad/program.bin"), &bin);
    let mut nul = cable(7, "NUL IN THE MIDDLE", "PREL").into_bytes();
    nul.insert(200, 0);
    write(&root.join("bad/nul.txt"), nul);
    write(&root.join("bad/oneline.txt"), vec![b'A'; 3 * 1024 * 1024]);
    let big = fs::File::create(root.join("bad/huge.dat")).unwrap();
    big.set_len(30 * 1024 * 1024).unwrap(); // sparse: 30 MB of zeros
    write(
        &root.join("bad/prose.txt"),
        b"Dear diary,\nnothing happened today.\n",
    );
    std::os::unix::fs::symlink("..", root.join("good/loop")).unwrap();
    std::os::unix::fs::symlink(root.join("good"), root.join("again")).unwrap();
    std::os::unix::fs::symlink(root.join("nowhere.txt"), root.join("bad/dangling.txt")).unwrap();
    let fifo = Command::new("mkfifo").arg(root.join("bad/pipe")).status();
    assert!(fifo.is_ok_and(|s| s.success()), "mkfifo failed");
    5
}

#[test]
fn hostile_folder_loads_good_cables_and_names_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let good = build(tmp.path());
    let t = load_dir(tmp.path()).unwrap();
    let subjects: Vec<&str> = t.records.iter().map(|r| r.subject()).collect();
    assert_eq!(
        t.records.len(),
        good,
        "records: {subjects:?}\nproblems: {:#?}",
        t.problems
    );
    for s in [
        "ELVEN COUNCIL",
        "WHITE CITY",
        "BRIDGE REPAIRS",
        "DEEPEST CELLAR",
    ] {
        assert!(
            subjects.iter().any(|x| x.contains(s)),
            "{s} missing from {subjects:?}"
        );
    }
    assert!(!subjects.iter().any(|s| s.contains("HIDDEN")));
    let reason = |name: &str| -> String {
        t.problems
            .iter()
            .find(|p| p.path.ends_with(name))
            .map(|p| p.reason.clone())
            .unwrap_or_else(|| panic!("{name} not reported: {:#?}", t.problems))
    };
    assert_eq!(reason("bad/empty.txt"), "empty");
    assert_eq!(reason("bad/blank.txt"), "empty");
    assert!(reason("bad/program.bin").starts_with("binary"));
    assert!(reason("bad/nul.txt").contains("NUL byte at offset 200"));
    assert!(reason("bad/oneline.txt").contains("no line structure"));
    assert!(reason("bad/huge.dat").contains("too large"));
    assert!(reason("bad/prose.txt").contains("no cable structure"));
    assert!(reason("bad/dangling.txt").contains("dangling symlink"));
    assert!(reason("bad/pipe").contains("not a regular file"));
    assert_eq!(t.problems.len(), 9, "{:#?}", t.problems);
}

#[test]
fn check_names_each_bad_file_and_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    build(tmp.path());
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(["--state"])
        .arg(tmp.path().join(".state"))
        .arg("check")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    for name in [
        "empty.txt",
        "blank.txt",
        "program.bin",
        "nul.txt",
        "oneline.txt",
        "huge.dat",
        "prose.txt",
        "dangling.txt",
        "pipe",
    ] {
        assert!(
            text.lines().any(|l| l.contains(&format!("bad/{name}: "))),
            "{name} not named:\n{text}"
        );
    }
    // The good files are cables; the truncated one is named only as read in part (issue 24:
    // `check` names every cable read only in part, in a section of its own).
    let (problems, partial) = text
        .split_once("read only in part (1):")
        .unwrap_or_else(|| panic!("no read-in-part section:\n{text}"));
    assert!(
        !problems.contains("good/"),
        "a good cable was reported:\n{text}"
    );
    assert!(
        partial.contains("good/truncated.txt: no paragraphs") && !partial.contains("bad/"),
        "{text}"
    );
}

#[test]
fn check_on_clean_folder_exits_0() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        &tmp.path().join("a.txt"),
        cable(1, "ALL QUIET ON THE RIVER", "PREL"),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .arg("check")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn list_counts_only_good_cables() {
    let tmp = tempfile::tempdir().unwrap();
    let good = build(tmp.path());
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(["list", "--format", "count", "--state"])
        .arg(tmp.path().join(".state"))
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        good.to_string()
    );
}

#[test]
fn missing_directory_is_an_error_not_a_panic() {
    // Under a regular file, so nothing (not even a state directory) can be created there.
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("plain"), b"x");
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .arg("--state")
        .arg(tmp.path().join("state"))
        .arg("check")
        .arg(tmp.path().join("plain/traffic"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read traffic directory"));
}
