//! One row per cable in `list`, `show` and the TUI (issue 24): the same cable as `X.txt` and
//! `X.md`, or copied elsewhere in the folder, is one row naming all its files; the sections of
//! one cable in separate files are one row, read back joined in order with the missing ones
//! named; marking or labelling such a row acts on the cable once; and `check` names every
//! cable read only in part.

mod tui_support;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use cabletriage::keymap::Keymap;
use cabletriage::traffic::load_dir;
use cabletriage::triage::TriageState;
use cabletriage::tui::testing::press;
use cabletriage::tui::{App, ColorMode, Theme, session};

/// A fictional cable of RIVENDELL, serial `serial`, section `n` of `of` when given.
fn cable(serial: u32, section: Option<(u32, u32)>, subject: &str, para: &str) -> String {
    let (de, class) = match section {
        Some((n, of)) => (
            format!("#{serial:04}/{n:02}"),
            format!("C O N F I D E N T I A L SECTION {n:02} OF {of:02} RIVENDELL {serial:06}"),
        ),
        None => (
            format!("#{serial:04}"),
            format!("C O N F I D E N T I A L RIVENDELL {serial:06}"),
        ),
    };
    format!(
        "\nVZCZCXYZ0001\nRR RUEHWEB\n\nDE RUEHRV {de} 0731200\nZNY CCCCC ZZH\n\
         R 141200Z MAR 09\nFM AMEMBASSY RIVENDELL\nTO RUEHC/SECSTATE WASHDC ROUTINE {serial:04}\n\n\
         {class}\n\nE.O. 12958: DECL: 03/14/2019\nTAGS: PREL, RV\nSUBJECT: {subject}\n\n\
         1. (C) {para}\n\nELROND\n"
    )
}

/// Traffic with three cables in six files: 09RIVENDELL44 as .txt, .md and a copy; sections 1
/// and 3 of the three of 09RIVENDELL200; and 09RIVENDELL300 alone.
fn traffic(dir: &Path) {
    let grain = cable(44, None, "GRAIN TALKS", "The council met.");
    fs::write(dir.join("09RIVENDELL44.txt"), &grain).unwrap();
    fs::write(dir.join("09RIVENDELL44.md"), &grain).unwrap();
    fs::create_dir_all(dir.join("copy")).unwrap();
    fs::write(dir.join("copy/09RIVENDELL44.txt"), &grain).unwrap();
    let s1 = cable(200, Some((1, 3)), "HARBOUR REPORT", "First the harbour.");
    let s3 = cable(200, Some((3, 3)), "HARBOUR REPORT", "Last the convoy.");
    // The walk meets section 3 first: the row is still the cable's first section.
    fs::write(dir.join("a-200-3.txt"), s3).unwrap();
    fs::write(dir.join("b-200-1.txt"), s1).unwrap();
    let other = cable(300, None, "ELVEN TRADE", "Trade resumed.");
    fs::write(dir.join("09RIVENDELL300.txt"), other).unwrap();
}

fn run(state: &Path, args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .arg("--state")
        .arg(state)
        .args(["--user", "elrond"])
        .args(args)
        .arg(dir)
        .output()
        .expect("run cabletriage")
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn list_shows_one_row_per_cable_naming_all_its_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("traffic");
    fs::create_dir_all(&dir).unwrap();
    traffic(&dir);
    let state = tmp.path().join("state");
    assert_eq!(load_dir(&dir).unwrap().records.len(), 6);
    for index in [&[][..], &["--no-index"][..]] {
        let count = stdout(&run(
            &state,
            &[&["list", "--format", "count"], index].concat(),
            &dir,
        ));
        assert_eq!(count.trim(), "3");
    }
    let table = stdout(&run(&state, &["list"], &dir));
    assert_eq!(
        table.lines().count(),
        4,
        "a header and three rows:\n{table}"
    );
    assert_eq!(table.matches("GRAIN TALKS").count(), 1, "{table}");
    assert_eq!(table.matches("HARBOUR REPORT").count(), 1, "{table}");
    let filtered = stdout(&run(
        &state,
        &["list", "--format", "count", "--filter", "grain"],
        &dir,
    ));
    assert_eq!(filtered.trim(), "1");

    let json = stdout(&run(&state, &["list", "--format", "json"], &dir));
    let lines: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    let by_id = |id: &str| {
        lines
            .iter()
            .find(|v| v["id"] == id)
            .unwrap_or_else(|| panic!("{id} not listed: {json}"))
    };
    let grain = by_id("09RIVENDELL44");
    let files: Vec<&str> = grain["files"]
        .as_array()
        .expect("files is an array")
        .iter()
        .map(|f| f.as_str().unwrap_or(""))
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
    assert_eq!(grain["file"], files[0], "file is the first of files");
    for name in [
        "09RIVENDELL44.md",
        "09RIVENDELL44.txt",
        "copy/09RIVENDELL44.txt",
    ] {
        assert!(files.iter().any(|f| f.ends_with(name)), "{name}: {files:?}");
    }
    let harbour = by_id("09RIVENDELL200");
    assert!(
        harbour["file"]
            .as_str()
            .unwrap_or("")
            .ends_with("b-200-1.txt"),
        "the row is its first section: {harbour}"
    );
    assert_eq!(harbour["files"].as_array().map(Vec::len), Some(2));
    let alone = by_id("09RIVENDELL300");
    assert_eq!(alone["files"], serde_json::json!([alone["file"]]));
}

#[test]
fn show_joins_the_sections_in_order_and_names_the_missing_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("traffic");
    fs::create_dir_all(&dir).unwrap();
    traffic(&dir);
    let state = tmp.path().join("state");
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .arg("--state")
        .arg(&state)
        .args(["--dir"])
        .arg(&dir)
        .args(["show", "09rivendell200"])
        .output()
        .unwrap();
    let text = stdout(&out);
    let at = |s: &str| {
        text.find(s)
            .unwrap_or_else(|| panic!("{s:?} not shown:\n{text}"))
    };
    assert!(at("SECTION 1 OF 3") < at("First the harbour."));
    assert!(at("First the harbour.") < at("section 2 of 3 missing"));
    assert!(at("section 2 of 3 missing") < at("SECTION 3 OF 3"));
    assert!(at("SECTION 3 OF 3") < at("Last the convoy."));
    assert!(text.contains("MISSING  section 2"), "{text}");
    // A cable in one file reads as it always did: no section headings.
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .arg("--state")
        .arg(&state)
        .args(["--dir"])
        .arg(&dir)
        .args(["show", "09RIVENDELL300"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        !text.contains("SECTION") && !text.contains("FILES"),
        "{text}"
    );
}

/// An app at 120x40 on `dir`, with the journal in `state` open for elrond.
fn app_on(dir: &Path, state: &Path) -> App {
    let mut app = App::new(
        Keymap::default_keymap(),
        Theme::new(ColorMode::Never, false),
    );
    app.size = (120, 40);
    app.set_traffic(load_dir(dir).expect("load"), TriageState::default());
    session::start(&mut app, state, "elrond", dir);
    app.message = None;
    cabletriage::tui::ui::measure(&mut app);
    app
}

#[test]
fn the_inbox_shows_one_row_per_cable_and_reads_it_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("traffic");
    fs::create_dir_all(&dir).unwrap();
    traffic(&dir);
    let mut app = app_on(&dir, &tmp.path().join("state"));
    assert_eq!(app.inbox.rows.len(), 3, "one row per cable");
    assert_eq!(app.inbox.counts.iter().sum::<usize>(), 3);
    let shown = tui_support::screen(&app).join("\n");
    assert_eq!(shown.matches("GRAIN TALKS").count(), 1, "{shown}");

    // Open the sectioned cable: its sections in order, the missing one named.
    let row = (0..3)
        .find(|&i| {
            let r = &app.traffic.records[app.inbox.rows[i] as usize];
            r.id() == Some("09RIVENDELL200")
        })
        .expect("the sectioned cable has a row");
    app.inbox.select_row(row);
    press(&mut app, "<enter>");
    let doc = app
        .reader
        .as_ref()
        .and_then(|r| r.doc.as_ref())
        .expect("the cable was read");
    let body: Vec<String> = doc.body.iter().map(|l| l.text()).collect();
    let at = |s: &str| {
        body.iter()
            .position(|l| l.contains(s))
            .unwrap_or_else(|| panic!("{s:?} not in {body:?}"))
    };
    assert!(at("First the harbour.") < at("section 2 of 3 missing"));
    assert!(at("section 2 of 3 missing") < at("Last the convoy."));
}

#[test]
fn marking_and_labelling_a_row_of_several_files_acts_on_the_cable_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("traffic");
    fs::create_dir_all(&dir).unwrap();
    traffic(&dir);
    let state = tmp.path().join("state");
    let mut app = app_on(&dir, &state);
    // Mark every row, then label the marked cables.
    for _ in 0..3 {
        press(&mut app, "<space>");
    }
    assert_eq!(app.inbox.marked.len(), 3, "{:?}", app.inbox.marked);
    press(&mut app, "t");
    for c in "seen".chars() {
        press(&mut app, &c.to_string());
    }
    press(&mut app, "<enter>");
    drop(app);
    let log = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .arg("--state")
        .arg(&state)
        .args(["log", "--format", "json"])
        .output()
        .expect("run cabletriage log");
    let log = stdout(&log);
    let labelled: Vec<String> = log
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["op"] == "add_labels")
        .map(|v| v["cable"].as_str().unwrap_or("").to_string())
        .collect();
    let mut sorted = labelled.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        ["09RIVENDELL200", "09RIVENDELL300", "09RIVENDELL44"],
        "one event per cable: {log}"
    );
}

fn check(dir: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(["check"])
        .arg(dir)
        .output()
        .expect("run cabletriage check");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn check_names_every_cable_read_only_in_part() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(
        dir.join("whole.txt"),
        cable(300, None, "ELVEN TRADE", "Trade resumed."),
    )
    .unwrap();
    let (code, out) = check(dir);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("read only in part"), "{out}");

    // Cut short after the header, after the classification line, and after the subject.
    let full = cable(44, None, "GRAIN TALKS", "The council met.");
    let cut = |marker: &str| {
        let end = full.find(marker).expect("marker") + marker.len();
        full[..end].to_string()
    };
    fs::write(dir.join("cut-header.txt"), cut("ROUTINE 0044\n")).unwrap();
    fs::write(dir.join("cut-class.txt"), cut("RIVENDELL 000044\n")).unwrap();
    fs::write(dir.join("cut-subject.txt"), cut("GRAIN TALKS\n")).unwrap();
    let (code, out) = check(dir);
    assert_eq!(code, 1, "{out}");
    let section = out
        .split("read only in part (3):")
        .nth(1)
        .unwrap_or_else(|| panic!("no section of its own:\n{out}"));
    let line = |name: &str| {
        section
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not named:\n{out}"))
            .to_string()
    };
    let header = line("cut-header.txt");
    assert!(
        header.contains("no classification line")
            && header.contains("no subject")
            && header.contains("no paragraphs")
            && header.contains("warnings: "),
        "{header}"
    );
    let class = line("cut-class.txt");
    assert!(
        !class.contains("no classification line") && class.contains("no subject"),
        "{class}"
    );
    let subject = line("cut-subject.txt");
    assert!(
        subject.contains("no paragraphs") && !subject.contains("no subject"),
        "{subject}"
    );
    assert!(!section.contains("whole.txt"), "{out}");
}
