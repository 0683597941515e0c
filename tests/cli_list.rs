//! `cabletriage list` through the binary: formats, filter, sort, stats, bad queries, and cable
//! text that tries to control the terminal.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn cable(serial: u32, prec: &str, origin: &str, tags: &str, subject: &str) -> String {
    let p = &prec[..1];
    format!(
        "\nVZCZCXYZ0{serial:03}\n{p}{p} RUEHWEB\n\nDE RUEHRV #{serial:04}/01 0731200\nZNY CCCCC ZZH\n\
         {p} 1{serial}1200Z MAR 09\nFM {origin}\nTO RUEHC/SECSTATE WASHDC {prec} {serial:04}\n\n\
         C O N F I D E N T I A L RIVENDELL {serial:06}\n\n\
         E.O. 12958: DECL: 03/14/2019\nTAGS: {tags}\nSUBJECT: {subject}\n\n\
         1. (C) The council met again.\n\nELROND\n"
    )
}

fn folder() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path().join("traffic");
    fs::create_dir_all(&t).unwrap();
    let cables = [
        cable(
            1,
            "ROUTINE",
            "AMEMBASSY RIVENDELL",
            "PREL, RV",
            "ELVEN COUNCIL WEIGHS NUCLEAR LANTERN PROPOSAL",
        ),
        cable(
            2,
            "IMMEDIATE",
            "AMCONSUL SHIRE",
            "PREL, SH",
            "MAYOR ROOD CONSULTS WITH CZECH COUNTERPARTS",
        ),
        cable(
            3,
            "FLASH",
            "USMISSION GONDOR",
            "ECON, GD",
            "GRAIN HARVEST, \"WHITE CITY\" OUTLOOK",
        ),
        cable(
            4,
            "PRIORITY",
            "AMEMBASSY RIVENDELL",
            "PGOV, RV",
            "HOSTILE \u{1b}]0;pwned\u{7}\u{1b}[2J SUBJECT LINE",
        ),
    ];
    for (i, c) in cables.iter().enumerate() {
        fs::write(t.join(format!("c{i}.txt")), c).unwrap();
    }
    tmp
}

fn list(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .arg("--state")
        .arg(dir.join("state"))
        .arg("list")
        .arg(dir.join("traffic"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn count_prints_one_integer() {
    let tmp = folder();
    assert_eq!(stdout(&list(tmp.path(), &["--format", "count"])), "4\n");
    assert_eq!(
        stdout(&list(
            tmp.path(),
            &["--format", "count", "--filter", "tag:PREL"]
        )),
        "2\n"
    );
    assert_eq!(
        stdout(&list(
            tmp.path(),
            &["--format", "count", "--filter", "rood czech"]
        )),
        "1\n"
    );
    assert_eq!(
        stdout(&list(
            tmp.path(),
            &[
                "--format",
                "count",
                "--filter",
                "prec:>=immediate",
                "--no-index"
            ]
        )),
        "2\n"
    );
}

#[test]
fn table_is_in_default_order_and_fits_120_columns() {
    let tmp = folder();
    let out = stdout(&list(tmp.path(), &[]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines[0].starts_with("PREC"));
    // FLASH first, ROUTINE last.
    assert!(lines[1].contains("GRAIN HARVEST"), "{out}");
    assert!(lines[4].contains("LANTERN"), "{out}");
    assert!(
        lines
            .iter()
            .all(|l| unicode_width::UnicodeWidthStr::width(*l) <= 120),
        "{out}"
    );
}

#[test]
fn terminal_control_in_cable_text_is_neutralised() {
    let tmp = folder();
    let out = list(tmp.path(), &["--filter", "hostile"]);
    assert!(!out.stdout.contains(&0x1b), "raw ESC reached the output");
    assert!(!out.stdout.contains(&0x07), "raw BEL reached the output");
    assert!(String::from_utf8_lossy(&out.stdout).contains("^[]0;pwned"));
}

#[test]
fn sort_keys_and_reverse() {
    let tmp = folder();
    let out = stdout(&list(
        tmp.path(),
        &["--sort", "-precedence", "--format", "csv"],
    ));
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert!(
        rows[0].contains("ROUTINE") && rows[3].contains("FLASH"),
        "{out}"
    );
    let out = stdout(&list(
        tmp.path(),
        &["--sort", "origin,dtg", "--format", "csv"],
    ));
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert!(rows[0].contains("AMCONSUL SHIRE"), "{out}");
    let bad = list(tmp.path(), &["--sort", "colour"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown sort key `colour`"));
}

#[test]
fn csv_has_a_header_and_quotes() {
    let tmp = folder();
    let out = stdout(&list(tmp.path(), &["--format", "csv", "--filter", "grain"]));
    let mut lines = out.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("id,precedence,dtg,classification,origin")
    );
    let row = lines.next().unwrap();
    assert!(
        row.contains("\"GRAIN HARVEST, \"\"WHITE CITY\"\" OUTLOOK\""),
        "{row}"
    );
    assert!(lines.next().is_none());
}

#[test]
fn json_lines_carry_cable_and_triage_fields() {
    let tmp = folder();
    let out = stdout(&list(tmp.path(), &["--format", "json"]));
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    for v in &lines {
        for k in [
            "file",
            "id",
            "precedence",
            "dtg",
            "origin",
            "to",
            "info",
            "classification",
            "tags",
            "subject",
            "warnings",
        ] {
            assert!(v.get(k).is_some(), "{k} missing in {v}");
        }
        assert_eq!(v["labels"], serde_json::json!([]));
        assert_eq!(v["action_desk"], serde_json::Value::Null);
        assert_eq!(v["info_desks"], serde_json::json!([]));
        assert_eq!(
            (
                v["read"].as_bool(),
                v["flagged"].as_bool(),
                v["done"].as_bool()
            ),
            (Some(false), Some(false), Some(false))
        );
    }
    assert_eq!(lines[0]["precedence"], "FLASH");
    assert!(
        lines[0]["to"][0]["addressee"]
            .as_str()
            .unwrap()
            .contains("SECSTATE")
    );
}

#[test]
fn bad_query_exits_2_with_the_message() {
    let tmp = folder();
    let out = list(tmp.path(), &["--filter", "frm:moscow"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `from:`?"));
    assert!(out.stdout.is_empty());
}

#[test]
fn stats_go_to_stderr() {
    let tmp = folder();
    let out = list(tmp.path(), &["--format", "count", "--stats"]);
    assert_eq!(stdout(&out), "4\n");
    let err = String::from_utf8_lossy(&out.stderr);
    for w in [
        "files 4",
        "cables 4",
        "problems 0",
        "walk",
        "read+parse",
        "filter",
        "sort",
        "s user,",
        "s system",
    ] {
        assert!(err.contains(w), "{w} missing in {err}");
    }
}

#[test]
fn listing_without_the_index_leaves_the_traffic_directory_as_it_was() {
    // Without --state the state directory defaults to <traffic>/.cabletriage; a command that
    // writes nothing there must not create it (the traffic folder may be a shared one).
    let tmp = folder();
    let traffic = tmp.path().join("traffic");
    let names = || {
        let mut v: Vec<_> = fs::read_dir(&traffic)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        v.sort();
        v
    };
    let before = names();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cabletriage"))
            .arg("list")
            .arg(&traffic)
            .args(args)
            .env("XDG_STATE_HOME", tmp.path().join("xdg"))
            .output()
            .unwrap()
    };
    assert_eq!(
        stdout(&run(&["--format", "count", "--no-index"])).trim(),
        "4"
    );
    assert_eq!(names(), before);
    // With the index, the default state directory is still the traffic folder's own.
    assert_eq!(stdout(&run(&["--format", "count"])).trim(), "4");
    assert!(traffic.join(".cabletriage").join("index.bin").is_file());
    assert!(!tmp.path().join("xdg").exists());
}
