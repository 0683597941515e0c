//! Tests of the front matter reader.

use super::*;

fn front(text: &str) -> (Front<'_>, Vec<&str>) {
    let lines: Vec<&str> = text.lines().collect();
    (parse_front(&lines, 0), lines)
}

#[test]
fn plain_front_matter() {
    let (f, lines) = front(
        "SIPDIS\n\nNOFORN\n\nE.O. 12958: DECL: 01/05/2017\nTAGS: PREL, PGOV,\nXX\nSUBJECT: A LONG\nSUBJECT LINE\n\nREF: A. FICTIONVILLE 12\nB. STATE 34\n\nClassified By: Someone for reasons 1.4 (b)\n\n1. (C) Body.",
    );
    assert_eq!(f.caveats, vec!["SIPDIS", "NOFORN"]);
    assert_eq!(f.decl.map(|d| d.to_string()).as_deref(), Some("2017-01-05"));
    assert_eq!(f.tags.as_deref(), Some("PREL, PGOV,\nXX"));
    assert_eq!(f.subject.as_deref(), Some("A LONG\nSUBJECT LINE"));
    assert_eq!(f.refs.as_deref(), Some("A. FICTIONVILLE 12\nB. STATE 34"));
    assert_eq!(
        f.classified_by.as_deref(),
        Some("Someone for reasons 1.4 (b)")
    );
    assert_eq!(lines[f.body_start], "1. (C) Body.");
}

#[test]
fn collapsed_onto_one_line() {
    let (f, _) = front(
        "SUBJECT: SHORT TITLE REF: STATE 12 CLASSIFIED BY: Someone, reason 1.4 (b) 1. (C) First paragraph.",
    );
    assert_eq!(f.subject.as_deref(), Some("SHORT TITLE"));
    assert_eq!(f.refs.as_deref(), Some("STATE 12"));
    assert_eq!(f.classified_by.as_deref(), Some("Someone, reason 1.4 (b)"));
    assert_eq!(f.body_head, Some("1. (C) First paragraph."));
}

#[test]
fn glued_keywords_split_the_line() {
    let (f, _) = front("SUBJECT: TALKS WITH UK PRIMEREF: A. FICTIONVILLE 12");
    assert_eq!(f.subject.as_deref(), Some("TALKS WITH UK PRIME"));
    assert_eq!(f.refs.as_deref(), Some("A. FICTIONVILLE 12"));
    let (f, _) = front("SUBJECT: A TOPICClassified By: Someone, reason 1.4 (b)");
    assert_eq!(f.subject.as_deref(), Some("A TOPIC"));
    assert_eq!(f.classified_by.as_deref(), Some("Someone, reason 1.4 (b)"));
    // A colon elsewhere, and lower case before the keyword: no split.
    let (f, _) = front("SUBJECT: AT 10:30 THE preREF: X");
    assert_eq!(f.subject.as_deref(), Some("AT 10:30 THE preREF: X"));
}

#[test]
fn decl_oadr_and_na() {
    let (f, _) = front("E.O. 12958: DECL: OADR\nTAGS: PREL");
    assert!(f.eo_seen && f.decl.is_none());
    let (f, _) = front("E.O. 12958: N/A\nTAGS: PREL");
    assert!(f.decl.is_none());
    let (f, _) = front("EO 12958 DECL: 6/3/08 TAGS: PREL XX");
    assert_eq!(f.decl.map(|d| d.to_string()).as_deref(), Some("2008-06-03"));
    assert_eq!(f.tags.as_deref(), Some("PREL XX"));
}

#[test]
fn tag_keyword_variants() {
    for kw in ["TAGS: ", "TAGS ", "TAS: ", "TGS ", "Tags: "] {
        let text = format!("{kw}PREL XX\nSUBJECT: S");
        let (f, _) = front(&text);
        assert_eq!(f.tags.as_deref(), Some("PREL XX"), "{kw}");
    }
}

#[test]
fn caption_running_into_the_eo_line() {
    let (f, _) = front("SENSITIVE DEPT FOR X/Y E.O. 12958: N/A TAGS: ENRG XX\nSUBJECT: S");
    assert_eq!(f.caveats, vec!["SENSITIVE"]);
    assert_eq!(f.tags.as_deref(), Some("ENRG XX"));
}

#[test]
fn no_front_matter() {
    let (f, lines) = front("SIPDIS\n\nThe body begins without captions.\nMore.");
    assert_eq!(f.caveats, vec!["SIPDIS"]);
    assert_eq!(lines[f.body_start], "The body begins without captions.");
}

#[test]
fn ref_after_a_handling_caption_and_across_a_blank() {
    let (f, _) = front(
        "SUBJECT: A TITLE\n\nSENSITIVE BUT UNCLASSIFIED - HANDLE ACCORDINGLY\n\nREF: A. FICTIONVILLE 1 B. ELSEWHERE\n\n00723 C. STATE 5\n\n1. (U) Body.",
    );
    assert_eq!(f.subject.as_deref(), Some("A TITLE"));
    assert_eq!(
        f.refs.as_deref(),
        Some("A. FICTIONVILLE 1 B. ELSEWHERE\n00723 C. STATE 5")
    );
    assert!(f.caveats.contains(&"SENSITIVE"));
    // A complete list ends at a blank line.
    let (f, _) = front("REF: STATE 5\n\n00723 MORE TEXT\n\n1. (U) Body.");
    assert_eq!(f.refs.as_deref(), Some("STATE 5"));
    let (f, _) = front("REF. STATE 5\n\n1. (U) Body.");
    assert_eq!(f.refs.as_deref(), Some("STATE 5"));
}

#[test]
fn tags_keyword_slips_and_continuations() {
    for kw in ["TABS:", "TAGS,", "TAGES:"] {
        let text = format!("E.O. 12958: N/A\n{kw} PREL, XX\nSUBJECT: A TITLE");
        let (f, _) = front(&text);
        assert_eq!(f.tags.as_deref(), Some("PREL, XX"), "{kw}");
    }
    let (f, _) = front("DECL: 01/02/2030 AGS: PREL, XX\nSUBJECT: A TITLE");
    assert_eq!(f.tags.as_deref(), Some("PREL, XX"));
    assert_eq!(f.decl.map(|d| d.to_string()).as_deref(), Some("2030-01-02"));
    // A phrase broken onto the next line, right before SUBJECT.
    let (f, _) = front("TAGS: PREL XX FISHING\nAGREEMENTS\nSUBJECT: A TITLE");
    assert_eq!(f.tags.as_deref(), Some("PREL XX FISHING\nAGREEMENTS"));
    // A continuation line that runs into SUBJECT.
    let (f, _) = front("TAGS: PREL PGOV\nXX, YY SUBJECT: A TITLE\n\n1. (U) Body.");
    assert_eq!(f.tags.as_deref(), Some("PREL PGOV\nXX, YY"));
    assert_eq!(f.subject.as_deref(), Some("A TITLE"));
}

#[test]
fn subject_slips() {
    let (f, _) = front("TAGS: PREL\nUBJECT: A TITLE\n\n1. (U) Body.");
    assert_eq!(f.subject.as_deref(), Some("A TITLE"));
    let (f, _) = front("SUBJECT:\n\nA Title In Mixed Case\n1. (U) Body.");
    assert_eq!(f.subject.as_deref(), Some("A Title In Mixed Case"));
    // Mixed-case text after a subject in capitals is the body, not the subject.
    let (f, lines) = front("SUBJECT: A TITLE\nON TWO LINES\nPlease see para 2.\n");
    assert_eq!(f.subject.as_deref(), Some("A TITLE\nON TWO LINES"));
    assert_eq!(lines[f.body_start], "Please see para 2.");
}
