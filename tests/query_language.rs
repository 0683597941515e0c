//! The query language: each field, negation, bounds, errors, fuzzy words and narrowing, on
//! fictional records built by hand.

use std::sync::atomic::AtomicBool;

use cabletriage::cable::{Addressee, Cable, Classification, Precedence};
use cabletriage::traffic::filter::narrows;
use cabletriage::traffic::{Filter, Query, Record, filter_indices};
use cabletriage::triage::{CableState, TriageState};
use chrono::{TimeZone, Utc};

struct Spec<'a> {
    id: &'a str,
    prec: Option<Precedence>,
    class: Option<Classification>,
    dtg: (i32, u32, u32),
    origin: &'a str,
    to: &'a [&'a str],
    info: &'a [&'a str],
    tags: &'a [&'a str],
    subject: &'a str,
}

fn rec(s: Spec) -> Record {
    let addr = |v: &[&str]| {
        v.iter()
            .map(|a| Addressee {
                addressee: a.to_string(),
                ..Default::default()
            })
            .collect()
    };
    let c = Cable {
        file: format!("fixtures/{}.txt", s.id),
        id: Some(s.id.to_string()),
        precedence: s.prec,
        classification: s.class,
        dtg: Utc
            .with_ymd_and_hms(s.dtg.0, s.dtg.1, s.dtg.2, 12, 0, 0)
            .single(),
        origin: Some(s.origin.to_string()),
        to: addr(s.to),
        info: addr(s.info),
        tags: s.tags.iter().map(|t| t.to_string()).collect(),
        subject: Some(s.subject.to_string()),
        ..Default::default()
    };
    Record::from_cable(&c, 0)
}

/// Three fictional cables.
fn records() -> Vec<Record> {
    vec![
        rec(Spec {
            id: "09RIVENDELL12",
            prec: Some(Precedence::Immediate),
            class: Some(Classification::Confidential),
            dtg: (2009, 3, 14),
            origin: "AMEMBASSY RIVENDELL",
            to: &["SECSTATE WASHDC"],
            info: &["USMISSION GONDOR"],
            tags: &["PREL", "MNUC", "RV"],
            subject: "ELVEN COUNCIL WEIGHS NUCLEAR LANTERN PROPOSAL",
        }),
        rec(Spec {
            id: "08GONDOR77",
            prec: Some(Precedence::Routine),
            class: Some(Classification::Unclassified),
            dtg: (2008, 11, 2),
            origin: "USMISSION GONDOR",
            to: &["AMEMBASSY RIVENDELL", "SECSTATE WASHDC"],
            info: &[],
            tags: &["ECON", "GD"],
            subject: "GRAIN HARVEST OUTLOOK FOR THE WHITE CITY",
        }),
        rec(Spec {
            id: "10SHIRE5",
            prec: Some(Precedence::Flash),
            class: Some(Classification::Secret),
            dtg: (2010, 1, 1),
            origin: "AMCONSUL SHIRE",
            to: &["SECSTATE WASHDC"],
            info: &["AMEMBASSY RIVENDELL"],
            tags: &["PREL", "PGOV", "SH"],
            subject: "MAYOR ROOD CONSULTS WITH CZECH AND HOBBIT COUNTERPARTS",
        }),
    ]
}

/// Ids of the records the query selects (no triage state).
fn ids(q: &str) -> Vec<String> {
    ids_with(q, &TriageState::default())
}

fn ids_with(q: &str, st: &TriageState) -> Vec<String> {
    let query = Query::parse(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    records()
        .iter()
        .filter(|r| query.matches(r, st.get(&r.key())).is_some())
        .map(|r| r.id().unwrap_or("").to_string())
        .collect()
}

fn error(q: &str) -> String {
    Query::parse(q).expect_err(q).message
}

#[test]
fn empty_query_matches_everything() {
    assert!(Query::parse("   ").unwrap().is_empty());
    assert_eq!(ids("").len(), 3);
}

#[test]
fn tag_is_exact_and_case_insensitive() {
    assert_eq!(ids("tag:prel"), ["09RIVENDELL12", "10SHIRE5"]);
    assert_eq!(ids("tag:PRE"), Vec::<String>::new());
    assert_eq!(ids("-tag:PREL"), ["08GONDOR77"]);
}

#[test]
fn from_to_info_are_contains() {
    assert_eq!(ids("from:gondor"), ["08GONDOR77"]);
    assert_eq!(ids("to:rivendell"), ["08GONDOR77"]);
    assert_eq!(
        ids("to:secstate"),
        ["09RIVENDELL12", "08GONDOR77", "10SHIRE5"]
    );
    assert_eq!(ids("info:rivendell"), ["10SHIRE5"]);
    assert_eq!(ids("-info:gondor"), ["08GONDOR77", "10SHIRE5"]);
}

#[test]
fn class_and_precedence_bounds() {
    assert_eq!(ids("class:secret"), ["10SHIRE5"]);
    assert_eq!(ids("class:>=confidential"), ["09RIVENDELL12", "10SHIRE5"]);
    assert_eq!(ids("prec:routine"), ["08GONDOR77"]);
    assert_eq!(ids("prec:>=immediate"), ["09RIVENDELL12", "10SHIRE5"]);
    assert_eq!(ids("prec:>immediate"), ["10SHIRE5"]);
    assert_eq!(ids("prec:<=immediate"), ["09RIVENDELL12", "08GONDOR77"]);
    assert_eq!(ids("prec:<immediate"), ["08GONDOR77"]);
    assert_eq!(ids("-prec:flash"), ["09RIVENDELL12", "08GONDOR77"]);
}

#[test]
fn dates_after_inclusive_before_exclusive() {
    assert_eq!(ids("after:2009-03-14"), ["09RIVENDELL12", "10SHIRE5"]);
    assert_eq!(ids("after:2009-03-15"), ["10SHIRE5"]);
    // The cable of 2009-03-14 12:00Z is not before 2009-03-14 00:00Z.
    assert_eq!(ids("before:2009-03-14"), ["08GONDOR77"]);
    assert_eq!(ids("after:2009 before:2010"), ["09RIVENDELL12"]);
}

#[test]
fn id_is_exact() {
    assert_eq!(ids("id:08gondor77"), ["08GONDOR77"]);
    assert_eq!(ids("id:08GONDOR7"), Vec::<String>::new());
}

#[test]
fn fuzzy_words_each_must_match() {
    assert_eq!(ids("rood czech"), ["10SHIRE5"]);
    assert_eq!(ids("nuclear"), ["09RIVENDELL12"]);
    // A slip inside a word still matches.
    assert_eq!(ids("nuclr"), ["09RIVENDELL12"]);
    assert_eq!(ids("consuts"), ["10SHIRE5"]);
    // The first three letters must be typed right.
    assert_eq!(ids("cnosults"), Vec::<String>::new());
    // TAGS, id and origin are searched too.
    assert_eq!(ids("mnuc"), ["09RIVENDELL12"]);
    assert_eq!(ids("gondor77"), ["08GONDOR77"]);
    assert_eq!(ids("tag:PREL -nuclear"), ["10SHIRE5"]);
    // Letters scattered across the subject are not a match.
    assert_eq!(ids("rhbt"), Vec::<String>::new());
}

#[test]
fn quoted_phrase_is_one_word() {
    assert_eq!(ids("\"white city\""), ["08GONDOR77"]);
    assert_eq!(ids("\"city white\""), Vec::<String>::new());
    assert_eq!(ids("from:\"usmission gondor\""), ["08GONDOR77"]);
}

#[test]
fn subject_positions_highlight_the_words() {
    let q = Query::parse("rood").unwrap();
    let r = &records()[2];
    let m = q.matches(r, &CableState::default()).unwrap();
    let picked: String = r
        .subject()
        .chars()
        .enumerate()
        .filter(|(i, _)| m.subject_positions.contains(i))
        .map(|(_, c)| c)
        .collect();
    assert_eq!(picked, "ROOD");
    assert!(m.score > 0);
}

#[test]
fn triage_fields_use_the_state() {
    let mut st = TriageState::default();
    let s = st.get_mut("08GONDOR77");
    s.read = true;
    s.labels.insert("urgent".into());
    s.action_desk = Some("EUR/CE".into());
    s.notes.insert(
        "alice".into(),
        cabletriage::triage::Note {
            at: chrono::Utc::now(),
            text: "check the grain figures".into(),
        },
    );
    let f = st.get_mut("10SHIRE5");
    f.flagged = true;
    f.done = true;
    f.info_desks.push("NEA/I".into());
    assert_eq!(ids_with("is:read", &st), ["08GONDOR77"]);
    assert_eq!(ids_with("is:unread", &st), ["09RIVENDELL12", "10SHIRE5"]);
    assert_eq!(ids_with("is:flagged", &st), ["10SHIRE5"]);
    assert_eq!(ids_with("is:done", &st), ["10SHIRE5"]);
    assert_eq!(ids_with("is:routed", &st), ["08GONDOR77", "10SHIRE5"]);
    assert_eq!(ids_with("is:unrouted", &st), ["09RIVENDELL12"]);
    assert_eq!(ids_with("label:URGENT", &st), ["08GONDOR77"]);
    assert_eq!(ids_with("desk:eur/ce", &st), ["08GONDOR77"]);
    assert_eq!(ids_with("desk:NEA/I", &st), ["10SHIRE5"]);
    assert_eq!(ids_with("has:note", &st), ["08GONDOR77"]);
    assert_eq!(ids_with("-has:note -is:done", &st), ["09RIVENDELL12"]);
}

#[test]
fn unknown_field_suggests_the_nearest() {
    assert_eq!(
        error("frm:moscow"),
        "unknown field `frm:` — did you mean `from:`?"
    );
    assert!(error("prc:flash").contains("did you mean `prec:`?"));
    assert!(error("zzzzzz:1").starts_with("unknown field `zzzzzz:`"));
}

#[test]
fn bad_values_are_explained() {
    assert!(error("after:2009-13-01").contains("bad date `2009-13-01`"));
    assert!(error("before:yesterday").contains("YYYY-MM-DD"));
    assert!(error("prec:>=urgent").contains("unknown precedence `urgent`"));
    assert!(error("class:pink").contains("unknown classification"));
    assert!(error("is:sleepy").contains("is:unread"));
    assert!(error("has:cheese").contains("has:note"));
    assert!(error("from:").contains("needs a value"));
    assert!(error("\"open phrase").contains("unclosed quote"));
    assert!(error("-").contains("must be followed"));
}

#[test]
fn garbage_never_panics() {
    for q in [
        "::::",
        "-\"\"",
        "a:b:c",
        "prec:>=",
        "\u{1b}[2J",
        "after:９９９９",
        "\"\"\"",
        "-:-",
        "tag:\"",
        "é:x",
    ] {
        let _ = Query::parse(q);
    }
}

#[test]
fn longer_query_narrows_and_gives_the_same_result() {
    let rs = records();
    let order: Vec<u32> = (0..rs.len() as u32).collect();
    let st = TriageState::default();
    let no = AtomicBool::new(false);
    let mut f = Filter::new();
    let mut prev = Query::default();
    for q in [
        "r",
        "ro",
        "roo",
        "rood",
        "rood c",
        "rood cz",
        "rood czech",
        "rood czech prec:flash",
    ] {
        let query = Query::parse(q).unwrap();
        assert!(narrows(&prev, &query), "{q}");
        let fast = f.run(&query, &rs, &order, &st, &no).unwrap();
        let full = filter_indices(&query, &rs, &order, &st, &no).unwrap();
        assert_eq!(fast, full, "{q}");
        prev = query;
    }
    assert!(!narrows(
        &Query::parse("rood").unwrap(),
        &Query::parse("roo").unwrap()
    ));
    assert!(!narrows(
        &Query::parse("-rood").unwrap(),
        &Query::parse("-roods").unwrap()
    ));
}

#[test]
fn cancelled_filter_returns_nothing() {
    let rs = records();
    let order: Vec<u32> = (0..rs.len() as u32).collect();
    let yes = AtomicBool::new(true);
    let q = Query::parse("rood").unwrap();
    assert!(filter_indices(&q, &rs, &order, &TriageState::default(), &yes).is_none());
}
