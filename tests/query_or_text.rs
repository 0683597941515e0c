//! The query language's alternatives (issue 24): `A OR B`, `tag:EN,LG`, parentheses (bounded
//! nesting) and `text:WORD` / `body:WORD` over the cables' paragraphs, through the library (a
//! cancellable [`TextScan`]) and `list --filter`, on fictional cables.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;

use cabletriage::cable::Cable;
use cabletriage::traffic::query::MAX_DEPTH;
use cabletriage::traffic::text_scan::{TextScan, filter_text};
use cabletriage::traffic::{Filter, LoadOptions, Query, Record, filter_indices, load_dir_with};
use cabletriage::triage::TriageState;

fn rec(id: &str, origin: &str, tags: &[&str], subject: &str) -> Record {
    let c = Cable {
        file: format!("fixtures/{id}.txt"),
        id: Some(id.to_string()),
        origin: Some(origin.to_string()),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        subject: Some(subject.to_string()),
        ..Default::default()
    };
    Record::from_cable(&c, 0)
}

fn records() -> Vec<Record> {
    vec![
        rec(
            "09TALLINN1",
            "AMEMBASSY TALLINN",
            &["PREL", "EN"],
            "ESTONIA GRID TALKS",
        ),
        rec(
            "09RIGA2",
            "AMEMBASSY RIGA",
            &["ECON", "LG"],
            "LATVIA BUDGET CUTS",
        ),
        rec(
            "09VILNIUS3",
            "AMEMBASSY VILNIUS",
            &["PREL", "LH"],
            "LITHUANIA GRID LINK",
        ),
        rec(
            "09RIGA4",
            "AMEMBASSY RIGA",
            &["PGOV", "LG"],
            "LATVIA COALITION TALKS",
        ),
    ]
}

fn ids(q: &str) -> Vec<String> {
    let query = Query::parse(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    let recs = records();
    let all: Vec<u32> = (0..recs.len() as u32).collect();
    let st = TriageState::default();
    filter_indices(&query, &recs, &all, &st, &AtomicBool::new(false))
        .unwrap_or_default()
        .into_iter()
        .map(|i| recs[i as usize].id().unwrap_or("").to_string())
        .collect()
}

fn error(q: &str) -> String {
    Query::parse(q).expect_err(q).message
}

#[test]
fn or_between_terms() {
    assert_eq!(
        ids("estonia OR latvia"),
        ["09TALLINN1", "09RIGA2", "09RIGA4"]
    );
    // AND binds tighter than OR: (latvia talks) OR lithuania.
    assert_eq!(ids("latvia talks OR lithuania"), ["09VILNIUS3", "09RIGA4"]);
    assert_eq!(
        ids("from:tallinn OR tag:lh OR cuts"),
        ["09TALLINN1", "09RIGA2", "09VILNIUS3"]
    );
    // A lower-case or, or a quoted one, is a word.
    assert!(ids("estonia or latvia").is_empty());
    assert!(ids("estonia \"OR\" latvia").is_empty());
}

#[test]
fn tag_lists_mean_any_of_them() {
    assert_eq!(ids("tag:EN,LG"), ["09TALLINN1", "09RIGA2", "09RIGA4"]);
    assert_eq!(ids("tag:en,lh"), ["09TALLINN1", "09VILNIUS3"]);
    // A blank ends the term: `lh` is then a fuzzy word of its own.
    assert!(ids("tag:en, lh").is_empty());
    assert_eq!(ids("-tag:EN,LG"), ["09VILNIUS3"]);
    assert_eq!(ids("tag:LG,LH tag:PREL"), ["09VILNIUS3"]);
}

#[test]
fn parentheses_group_and_negate() {
    assert_eq!(
        ids("(estonia OR lithuania) grid"),
        ["09TALLINN1", "09VILNIUS3"]
    );
    assert_eq!(ids("-(latvia OR estonia)"), ["09VILNIUS3"]);
    assert_eq!(ids("tag:prel -(from:vilnius)"), ["09TALLINN1"]);
    assert_eq!(ids("((((latvia))) -cuts)"), ["09RIGA4"]);
    assert_eq!(
        ids("(tag:lg talks) OR (tag:en talks)"),
        ["09TALLINN1", "09RIGA4"]
    );
}

#[test]
fn bad_groupings_are_explained() {
    assert!(error("(estonia OR latvia").contains("unclosed `(`"));
    assert!(error("estonia)").contains("unmatched `)`"));
    for q in ["OR latvia", "estonia OR", "estonia OR OR latvia", "(OR)"] {
        assert!(error(q).contains("`OR` needs a term on each side"), "{q}");
    }
    assert!(error("()").contains("empty parentheses"));
    assert!(error("tag:,").contains("needs a value"));
    let deep = format!(
        "{}x{}",
        "(".repeat(MAX_DEPTH + 1),
        ")".repeat(MAX_DEPTH + 1)
    );
    assert!(
        error(&deep).contains("nested too deeply"),
        "{}",
        error(&deep)
    );
    let ok = format!("{}x{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert!(Query::parse(&ok).is_ok());
    // Each value of a tag list is a term of its own.
    let list = (0..70)
        .map(|i| format!("T{i}"))
        .collect::<Vec<_>>()
        .join(",");
    assert!(error(&format!("tag:{list}")).contains("too many terms: 70"));
    assert!(error("txt:fission").contains("did you mean `text:`?"));
    assert!(error("text:").contains("needs a value, as in text:fission"));
    // Half a thousand parentheses never recurse past the limit.
    let _ = Query::parse(&"(".repeat(500));
    let _ = Query::parse(&"-(".repeat(300));
}

#[test]
fn narrowing_an_or_query_gives_the_fresh_result() {
    let recs = records();
    let all: Vec<u32> = (0..recs.len() as u32).collect();
    let st = TriageState::default();
    let no = AtomicBool::new(false);
    let mut f = Filter::new();
    for q in [
        "tag:LG,EN",
        "tag:LG,EN tal",
        "tag:LG,EN talk",
        "(estonia OR latvia) talks",
    ] {
        let q = Query::parse(q).expect("valid");
        let narrowed = f.run(&q, &recs, &all, &st, &no);
        assert_eq!(narrowed, filter_indices(&q, &recs, &all, &st, &no), "{q:?}");
    }
}

fn cable(serial: u32, tags: &str, subject: &str, body: &str) -> String {
    format!(
        "VZCZCXYZ0{serial:03}\nRR RUEHWEB\n\nDE RUEHRV #{serial:04}/01 0731200\nZNY CCCCC ZZH\n\
         R 1{serial}1200Z MAR 09\nFM AMEMBASSY RIVENDELL\nTO RUEHC/SECSTATE WASHDC ROUTINE {serial:04}\n\n\
         C O N F I D E N T I A L RIVENDELL {serial:06}\n\n\
         E.O. 12958: DECL: 03/14/2019\nTAGS: {tags}\nSUBJECT: {subject}\n\n{body}\n\nELROND\n"
    )
}

/// A traffic folder: the word `mithril` is only in the paragraphs of cable 1 (across a line
/// break in a phrase), only in the subject of cable 2, nowhere in cable 3.
fn folder() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let t = tmp.path().join("traffic");
    fs::create_dir_all(&t).expect("mkdir");
    let cables = [
        cable(
            1,
            "PREL, RV",
            "COUNCIL MEETS",
            "1. (C) The smiths offered MITHRIL\nmail to the guard.\n\n2. (C) Nothing more.",
        ),
        cable(2, "ECON, RV", "MITHRIL PRICES", "1. (C) Prices rose."),
        cable(
            3,
            "ECON, GD",
            "GRAIN OUTLOOK",
            "1. (C) The harvest is late.",
        ),
    ];
    for (i, c) in cables.iter().enumerate() {
        fs::write(t.join(format!("c{i}.txt")), c).expect("write");
    }
    tmp
}

fn list(dir: &Path, filter: &str) -> (String, String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(["list", "--format", "json", "--no-index"])
        .arg(format!("--filter={filter}"))
        .arg(dir.join("traffic"))
        .env("CABLETRIAGE_NOW", "2009-03-20T00:00:00Z")
        .env("USER", "tester")
        .output()
        .expect("run");
    let ids = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| v["id"].as_str().unwrap_or("").to_string())
        .collect::<Vec<_>>()
        .join(" ");
    (
        ids,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

#[test]
fn text_searches_the_paragraphs_from_the_cli() {
    let tmp = folder();
    let sorted = |s: String| {
        let mut v: Vec<String> = s.split_whitespace().map(str::to_string).collect();
        v.sort();
        v.join(" ")
    };
    assert_eq!(list(tmp.path(), "text:mithril").0, "09RIVENDELL1");
    assert_eq!(list(tmp.path(), "body:MITHRIL").0, "09RIVENDELL1");
    assert_eq!(list(tmp.path(), "text:\"mithril mail\"").0, "09RIVENDELL1");
    assert_eq!(
        sorted(list(tmp.path(), "-text:mithril").0),
        "09RIVENDELL2 09RIVENDELL3"
    );
    assert_eq!(
        sorted(list(tmp.path(), "text:harvest OR text:\"smiths offered\"").0),
        "09RIVENDELL1 09RIVENDELL3"
    );
    assert_eq!(list(tmp.path(), "tag:econ text:late").0, "09RIVENDELL3");
    assert_eq!(list(tmp.path(), "text:dragon").0, "");
    let (_, err, code) = list(tmp.path(), "text:");
    assert_eq!(code, Some(2));
    assert!(err.contains("needs a value"), "{err}");
}

#[test]
fn a_text_scan_settles_candidates_in_chunks_and_stops_when_cancelled() {
    let tmp = folder();
    let (traffic, _) = load_dir_with(
        &tmp.path().join("traffic"),
        &LoadOptions::default(),
        |_, _| {},
    )
    .expect("load");
    let st = TriageState::default();
    let all: Vec<u32> = (0..traffic.records.len() as u32).collect();
    let q = Query::parse("text:mithril OR tag:gd").expect("valid");
    assert!(q.needs_text());
    let no = AtomicBool::new(false);
    let cands = filter_indices(&q, &traffic.records, &all, &st, &no).expect("not cancelled");
    // Every record may match: two by their text, one by its tag.
    assert_eq!(cands.len(), 3);
    let id = |i: &u32| traffic.records[*i as usize].id().unwrap_or("").to_string();
    let mut want: Vec<String> = filter_text(&q, &traffic, cands.clone(), &st, &no)
        .expect("not cancelled")
        .iter()
        .map(id)
        .collect();
    want.sort();
    assert_eq!(want, ["09RIVENDELL1", "09RIVENDELL3"]);

    let mut scan = TextScan::new(q.clone(), cands.clone());
    let yes = AtomicBool::new(true);
    assert!(
        !scan.step(&traffic, &st, 1, &yes),
        "a cancelled step says so"
    );
    assert_eq!(scan.progress(), (0, 3));
    let mut steps = 0;
    while !scan.is_done() {
        assert!(scan.step(&traffic, &st, 1, &no));
        steps += 1;
    }
    assert_eq!(steps, 3);
    let mut got: Vec<String> = scan.matches().iter().map(id).collect();
    got.sort();
    assert_eq!(got, want);
    assert_eq!(scan.unreadable(), 0);
}
