//! The office clock through `cabletriage list`, at a pinned time (`CABLETRIAGE_NOW`): the due
//! terms, `--sort due`, the JSON `due` and `overdue` fields, `--no-clock`, the archive cut-off,
//! office.toml's objectives, and a bad office.toml.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

pub const NOW: &str = "2026-12-06T12:00:00Z";

/// A fictional cable of precedence `prec` dated `dtg` (`061150Z DEC 26`).
fn cable(serial: u32, prec: &str, dtg: &str, subject: &str) -> String {
    let p = match prec {
        "FLASH" => "Z",
        "IMMEDIATE" => "O",
        _ => &prec[..1],
    };
    format!(
        "\nVZCZCXYZ0{serial:03}\n{p}{p} RUEHWEB\n\nDE RUEHRV #{serial:04}/01 3401200\nZNY CCCCC ZZH\n\
         {p} {dtg}\nFM AMEMBASSY RIVENDELL\nTO RUEHC/SECSTATE WASHDC {prec} {serial:04}\n\n\
         C O N F I D E N T I A L RIVENDELL {serial:06}\n\n\
         E.O. 12958: DECL: 03/14/2036\nTAGS: PREL, RV\nSUBJECT: {subject}\n\n\
         1. (C) The council met again.\n\nELROND\n"
    )
}

/// Six cables around 12:00Z on 6 December 2026.
fn folder() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path().join("traffic");
    fs::create_dir_all(&t).unwrap();
    let cables = [
        cable(1, "FLASH", "061145Z DEC 26", "OVERDUE FLASH"),
        cable(2, "FLASH", "061150Z DEC 26", "FLASH DUE NOW"),
        cable(3, "IMMEDIATE", "061140Z DEC 26", "IMMEDIATE TEN LEFT"),
        cable(4, "PRIORITY", "061000Z DEC 26", "PRIORITY HOUR LEFT"),
        cable(5, "ROUTINE", "061200Z MAR 09", "ROUTINE ARCHIVE"),
        cable(6, "ROUTINE", "071200Z DEC 26", "ROUTINE FROM TOMORROW"),
    ];
    for (i, c) in cables.iter().enumerate() {
        fs::write(t.join(format!("c{i}.txt")), c).unwrap();
    }
    fs::write(
        t.join("desks.toml"),
        "[[desk]]\ncode = \"EUR/CE\"\nname = \"Central Europe\"\n",
    )
    .unwrap();
    tmp
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .env("CABLETRIAGE_NOW", NOW)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .arg("--state")
        .arg(dir.join("state"))
        .arg("--dir")
        .arg(dir.join("traffic"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(o: &Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn count(dir: &Path, filter: &str, extra: &[&str]) -> usize {
    let mut args = vec!["list", "--format", "count", "--filter", filter];
    args.extend(extra);
    ok(&run(dir, &args)).trim().parse().expect("a count")
}

fn json(dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["list", "--format", "json"];
    all.extend(args);
    ok(&run(dir, &all))
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect()
}

fn subjects(lines: &[serde_json::Value]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l["subject"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn due_terms_count_at_the_pinned_time() {
    let tmp = folder();
    let d = tmp.path();
    assert_eq!(count(d, "is:overdue", &[]), 1);
    assert_eq!(count(d, "is:due-soon", &[]), 1, "the FLASH due this second");
    // Overdue, due now, 10 minutes and an hour left; not the archive nor the future one.
    assert_eq!(count(d, "due:<2h", &[]), 4);
    assert_eq!(count(d, "due:>30m", &[]), 1);
    assert_eq!(count(d, "-is:overdue prec:flash", &[]), 1);
    assert_eq!(count(d, "is:overdue OR is:due-soon", &[]), 2);
    // Without the clock nothing is due.
    assert_eq!(count(d, "is:overdue", &["--no-clock"]), 0);
    assert_eq!(count(d, "due:<2h", &["--no-clock"]), 0);
    let bad = run(d, &["list", "--filter", "due:soon"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("due:<2h"));
}

#[test]
fn sort_due_puts_the_nearest_breach_first_and_json_carries_due_and_overdue() {
    let tmp = folder();
    let lines = json(tmp.path(), &["--sort", "due"]);
    assert_eq!(
        subjects(&lines),
        [
            "OVERDUE FLASH",
            "FLASH DUE NOW",
            "IMMEDIATE TEN LEFT",
            "PRIORITY HOUR LEFT",
            "ROUTINE FROM TOMORROW",
            "ROUTINE ARCHIVE"
        ]
    );
    assert_eq!(lines[0]["due"], "2026-12-06T11:55:00Z");
    assert_eq!(lines[0]["overdue"], true);
    assert_eq!(lines[1]["due"], "2026-12-06T12:00:00Z");
    assert_eq!(lines[1]["overdue"], false);
    assert_eq!(
        lines[4]["due"], "2026-12-07T18:00:00Z",
        "future: due, not overdue"
    );
    assert_eq!(
        lines[5]["due"],
        serde_json::Value::Null,
        "archive: never due"
    );
    // Reversed: the archive and future ones first.
    let rev = json(tmp.path(), &["--sort", "-due"]);
    assert_eq!(subjects(&rev)[0], "ROUTINE ARCHIVE");
}

#[test]
fn a_handled_cable_loses_its_due_time() {
    let tmp = folder();
    let d = tmp.path();
    let lines = json(d, &["--filter", "is:overdue"]);
    let id = lines[0]["id"].as_str().expect("an id").to_string();
    ok(&run(d, &["route", &id, "EUR/CE"]));
    assert_eq!(count(d, "is:overdue", &[]), 0);
    let after = json(d, &["--filter", &format!("id:{id}")]);
    assert_eq!(after[0]["due"], serde_json::Value::Null);
    assert_eq!(after[0]["overdue"], false);
}

#[test]
fn office_objectives_apply_and_the_user_cannot_loosen_them() {
    let tmp = folder();
    let d = tmp.path();
    // IMMEDIATE within 15 minutes: the one of 11:40 is overdue by 5.
    fs::write(
        d.join("traffic/office.toml"),
        "[objectives]\nIMMEDIATE = \"15m\"\n",
    )
    .unwrap();
    assert_eq!(count(d, "is:overdue", &[]), 2);
    // The user asks for an hour: looser, ignored with a warning naming the file and line.
    fs::create_dir_all(d.join("config/cabletriage")).unwrap();
    fs::write(
        d.join("config/cabletriage/config.toml"),
        "[objectives]\nIMMEDIATE = \"1h\"\nPRIORITY = \"30m\"\n",
    )
    .unwrap();
    let o = run(d, &["list", "--format", "count", "--filter", "is:overdue"]);
    assert_eq!(ok(&o).trim(), "3", "PRIORITY tightened to 30m: overdue too");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("config.toml:2: ") && err.contains("looser"),
        "{err}"
    );
}

#[test]
fn a_bad_office_file_is_bad_configuration_with_its_line() {
    let tmp = folder();
    let d = tmp.path();
    fs::write(
        d.join("traffic/office.toml"),
        "[objectives]\nFLASH = \"10m\"\nROUTNE = \"6h\"\n",
    )
    .unwrap();
    let o = run(d, &["list"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("office.toml:3") && err.contains("ROUTNE"),
        "{err}"
    );
}

#[test]
fn an_archive_age_and_enabled_false_come_from_the_office() {
    let tmp = folder();
    let d = tmp.path();
    fs::write(
        d.join("traffic/office.toml"),
        "[objectives]\narchive = \"90m\"\n",
    )
    .unwrap();
    // The PRIORITY of 10:00 is two hours old: archive now.
    assert_eq!(count(d, "due:>30m", &[]), 0);
    fs::write(
        d.join("traffic/office.toml"),
        "[objectives]\nenabled = false\n",
    )
    .unwrap();
    assert_eq!(count(d, "is:overdue", &[]), 0);
}
