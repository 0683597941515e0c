//! End-to-end cases through `parse_bytes`, one per format feature, on small fictional cables
//! (posts like FICTIONVILLE, people like DOE): header variants, classification lines, DECL,
//! TAGS, SUBJECT/REF/Classified By collapsed or not, summaries, markings, signers, encodings,
//! several cables per file, and damaged input that must give warnings rather than panics.

use cabletriage::cable::{Cable, Classification, Precedence, Section, parse_bytes};

fn one(text: &str) -> Cable {
    let mut v = parse_bytes(text.as_bytes(), "case.txt");
    assert_eq!(v.len(), 1, "one cable expected");
    v.remove(0)
}

/// A fictional cable: header lines, classification line, then the given front matter and body.
fn cable(header: &str, class_line: &str, rest: &str) -> String {
    format!(
        "VZCZCXYZ0001\nRR RUEHXX\nDE RUEHFV #0042/01 0451200\nZNY CCCCC ZZH\n{header}\nFM AMEMBASSY FICTIONVILLE\nTO RUEHC/SECSTATE WASHDC ROUTINE 0101\n\n{class_line}\n\n{rest}\n"
    )
}

const FRONT: &str = "E.O. 12958: DECL: 01/05/2019\nTAGS: PREL XX\nSUBJECT: A FICTIONAL SUBJECT\n\nClassified By: Jane Doe for reasons 1.4 (b)\n\n1. (C) Body text.\n\nDOE";

#[test]
fn precedence_from_prosign_and_niact_lines() {
    let c = one(&cable(
        "P 141200Z FEB 09",
        "CONFIDENTIAL FICTIONVILLE 000042",
        FRONT,
    ));
    assert_eq!(c.precedence, Some(Precedence::Priority));
    let c = one(&cable(
        "O R 141200Z FEB 09 ZFF4",
        "CONFIDENTIAL FICTIONVILLE 000042",
        FRONT,
    ));
    assert_eq!(c.precedence, Some(Precedence::Immediate));
    let text = cable(
        "O 141200Z FEB 09",
        "CONFIDENTIAL FICTIONVILLE 000042",
        FRONT,
    )
    .replace("WASHDC ROUTINE 0101", "WASHDC NIACT IMMEDIATE 0101");
    let c = one(&text);
    assert_eq!(c.precedence, Some(Precedence::NiactImmediate));
    assert_eq!(c.to[0].precedence, Some(Precedence::NiactImmediate));
    assert_eq!(
        c.dtg
            .map(|d| d.format("%Y-%m-%dT%H:%MZ").to_string())
            .as_deref(),
        Some("2009-02-14T12:00Z")
    );
    assert_eq!(c.origin.as_deref(), Some("AMEMBASSY FICTIONVILLE"));
}

#[test]
fn classification_line_forms() {
    let cases = [
        (
            "C O N F I D E N T I A L FICTIONVILLE 000042",
            Classification::Confidential,
        ),
        ("SS E C R E T FICTIONVILLE 000042", Classification::Secret),
        (
            "C ONFIDENTIAL FICTIONVILLE 000042",
            Classification::Confidential,
        ),
        ("S e c r e t FICTIONVILLE 000042", Classification::Secret),
        ("UNCLAS FICTIONVILLE 000042", Classification::Unclassified),
        (
            "UNCLAS SENSITIVE FICTIONVILLE 000042",
            Classification::Unclassified,
        ),
        (
            "UNCLAS E F T O FICTIONVILLE 000042",
            Classification::Unclassified,
        ),
        (
            "S E C R E T SECTION 01 OF 03 FICTIONVILLE 000042",
            Classification::Secret,
        ),
    ];
    for (line, level) in cases {
        let c = one(&cable("R 141200Z FEB 09", line, FRONT));
        assert_eq!(c.classification, Some(level), "{line}");
        assert_eq!(c.id.as_deref(), Some("09FICTIONVILLE42"), "{line}");
    }
    let c = one(&cable(
        "R 141200Z FEB 09",
        "UNCLAS SENSITIVE FICTIONVILLE 000042",
        FRONT,
    ));
    assert!(c.caveats.contains(&"SENSITIVE".to_string()));
    let c = one(&cable(
        "R 141200Z FEB 09",
        "UNCLAS E F T O FICTIONVILLE 000042",
        FRONT,
    ));
    assert!(c.caveats.contains(&"EFTO".to_string()));
    let c = one(&cable(
        "R 141200Z FEB 09",
        "S E C R E T SECTION 01 OF 03 FICTIONVILLE 000042",
        FRONT,
    ));
    assert_eq!(
        c.section,
        Some(Section {
            number: 1,
            of: Some(3)
        })
    );
}

#[test]
fn decl_forms() {
    for (form, want) in [
        ("01/05/2017", Some("2017-01-05")),
        ("2020/02/23", Some("2020-02-23")),
        ("6/3/08", Some("2008-06-03")),
        ("OADR", None),
    ] {
        let rest = FRONT.replace("01/05/2019", form);
        let c = one(&cable(
            "R 141200Z FEB 09",
            "CONFIDENTIAL FICTIONVILLE 000042",
            &rest,
        ));
        assert_eq!(c.decl.map(|d| d.to_string()).as_deref(), want, "{form}");
    }
    let rest = FRONT.replace("DECL: 01/05/2019", "N/A");
    let c = one(&cable(
        "R 141200Z FEB 09",
        "UNCLAS FICTIONVILLE 000042",
        &rest,
    ));
    assert_eq!(c.decl, None);
    assert_eq!(c.tags, ["PREL", "XX"]);
}

#[test]
fn tags_variants() {
    for (line, want) in [
        ("TAGS: PREL XX", vec!["PREL", "XX"]),
        ("TAGS PREL, XX", vec!["PREL", "XX"]),
        ("TAS: PREL XX", vec!["PREL", "XX"]),
        ("TGS PREL XX", vec!["PREL", "XX"]),
        (
            "TAGS: PREL PGOV,\nKDEM XX",
            vec!["PREL", "PGOV", "KDEM", "XX"],
        ),
        (
            "TAGS: OVIP CLINTON HILLARY PREL",
            vec!["OVIP", "CLINTON, HILLARY", "PREL"],
        ),
        ("TAGS: [PREL](#) [XX](#)", vec!["PREL", "XX"]),
    ] {
        let rest = FRONT.replace("TAGS: PREL XX", line);
        let c = one(&cable(
            "R 141200Z FEB 09",
            "CONFIDENTIAL FICTIONVILLE 000042",
            &rest,
        ));
        assert_eq!(c.tags, want, "{line}");
    }
}

#[test]
fn subject_ref_and_classified_by_collapsed_onto_one_line() {
    let rest = "TAGS: PREL\nSUBJECT: (C) A SHORT TITLE REF: A. FICTIONVILLE 41 B. 08 ELSEWHERE 7 Classified By: Jane Doe, reason 1.4 (d) 1. (C) Body.";
    let c = one(&cable(
        "R 141200Z FEB 09",
        "CONFIDENTIAL FICTIONVILLE 000042",
        rest,
    ));
    assert_eq!(c.subject.as_deref(), Some("A SHORT TITLE"));
    let ids: Vec<Option<&str>> = c.references.iter().map(|r| r.id.as_deref()).collect();
    assert_eq!(ids, [Some("09FICTIONVILLE41"), Some("08ELSEWHERE7")]);
    assert_eq!(c.classified_by.as_deref(), Some("Jane Doe, reason 1.4 (d)"));
    assert_eq!(c.paragraphs.first().map(|p| p.text.as_str()), Some("Body."));
}

#[test]
fn ref_list_forms() {
    let rest = "TAGS: PREL\nSUBJECT: S\n\nREF: A. 06 FICTIONVILLE 2601\n¶B. ELSEWHERE 701 (08)\nC. STATE 12 AND\nPREVIOUS\n\n1. (C) Body.";
    let c = one(&cable(
        "R 141200Z FEB 09",
        "CONFIDENTIAL FICTIONVILLE 000042",
        rest,
    ));
    let got: Vec<(Option<&str>, Option<&str>)> = c
        .references
        .iter()
        .map(|r| (r.label.as_deref(), r.id.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("A"), Some("06FICTIONVILLE2601")),
            (Some("B"), Some("08ELSEWHERE701")),
            (Some("C"), Some("09STATE12"))
        ]
    );
    assert_eq!(c.references[2].text, "STATE 12 AND PREVIOUS");
}

#[test]
fn summaries_markings_and_signers() {
    let rest = "TAGS: PREL\nSUBJECT: S\n\n1.(SBU) Summary and Action Request: Do the thing. End summary.\n\n2. (U//FOUO) Second.\n\n3. (S/NF) Third.\n\nDOE7063";
    let c = one(&cable(
        "R 141200Z FEB 09",
        "SECRET FICTIONVILLE 000042",
        rest,
    ));
    assert_eq!(c.summary.as_deref(), Some("Do the thing."));
    let marks: Vec<Option<&str>> = c.paragraphs.iter().map(|p| p.marking.as_deref()).collect();
    assert_eq!(marks, [Some("SBU"), Some("U//FOUO"), Some("S/NF")]);
    assert_eq!(c.signer.as_deref(), Some("DOE"));
    let c = one(&cable(
        "R 141200Z FEB 09",
        "SECRET FICTIONVILLE 000042",
        &rest.replace("DOE7063", "ROE##"),
    ));
    assert_eq!(c.signer.as_deref(), Some("ROE"));
}

#[test]
fn crlf_and_windows_1252() {
    let text = cable(
        "R 141200Z FEB 09",
        "CONFIDENTIAL FICTIONVILLE 000042",
        FRONT,
    );
    let crlf = one(&text.replace('\n', "\r\n"));
    let lf = one(&text);
    assert_eq!(
        serde_json::to_value(&crlf).ok(),
        serde_json::to_value(&lf).ok()
    );
    let mut bytes = text.replace("Body text.", "Caf\u{e9} text.").into_bytes();
    // Re-encode the é as Windows-1252 (0xE9): invalid UTF-8.
    if let Some(p) = bytes.windows(2).position(|w| w == [0xC3, 0xA9]) {
        bytes.splice(p..p + 2, [0xE9]);
    }
    let c = parse_bytes(&bytes, "w1252.txt").remove(0);
    assert_eq!(c.paragraphs[0].text, "Café text.");
    assert!(c.warnings.iter().any(|w| w.contains("Windows-1252")));
}

#[test]
fn several_cables_in_one_file() {
    let a = cable(
        "R 141200Z FEB 09",
        "CONFIDENTIAL FICTIONVILLE 000042",
        FRONT,
    );
    let b = cable("P 151200Z FEB 09", "UNCLAS FICTIONVILLE 000043", FRONT);
    let v = parse_bytes(format!("{a}NNNN\n{b}NNNN\n").as_bytes(), "two.txt");
    let ids: Vec<Option<&str>> = v.iter().map(|c| c.id.as_deref()).collect();
    assert_eq!(ids, [Some("09FICTIONVILLE42"), Some("09FICTIONVILLE43")]);
}

#[test]
fn no_header_and_cable_dated_one_liner() {
    let c = one(&format!(
        "C O N F I D E N T I A L FICTIONVILLE 000042\n\n{FRONT}"
    ));
    assert_eq!(c.precedence, None);
    assert!(c.warnings.iter().any(|w| w.contains("no ACP-127 header")));
    assert_eq!(c.subject.as_deref(), Some("A FICTIONAL SUBJECT"));
    let c = one(
        "Cable dated:2005-11-29T14:19:00C O N F I D E N T I A L FICTIONVILLE 000042SIPDISE.O. 12958: DECL: 11/29/2015TAGS: PREL XX\n\n1. (C) Body.",
    );
    assert_eq!(c.id.as_deref(), Some("05FICTIONVILLE42"));
    assert_eq!(c.classification, Some(Classification::Confidential));
    assert_eq!(c.caveats, ["SIPDIS"]);
    assert_eq!(c.tags, ["PREL", "XX"]);
}

#[test]
fn junk_gives_warnings_not_panics() {
    let c = parse_bytes(b"%PDF-1.4\n\x00\x01\x02 binary stream \xff\xfe", "fake.txt").remove(0);
    assert!(c.warnings.iter().any(|w| w.contains("binary")));
    assert_eq!(c.id, None);
    let c = parse_bytes(b"", "empty.txt").remove(0);
    assert!(!c.warnings.is_empty());
}
