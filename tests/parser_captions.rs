//! Captions run together (issue 24), on fictional fixtures written from the format: the scraped
//! flavour loses line breaks, so SIPDIS, NOFORN, `E.O. 12958:`, DECL, TAGS and SUBJECT must be
//! found where they start, not only at a line's start, and never inside a paragraph; irregular
//! DECL values must not derail what follows them.

use cabletriage::cable::{Cable, parse_bytes};

fn one(text: &str) -> Cable {
    let mut v = parse_bytes(text.as_bytes(), "case.txt");
    assert_eq!(v.len(), 1, "one cable expected");
    v.remove(0)
}

/// A fictional cable with a header, then `rest` from the classification line on.
fn cable(rest: &str) -> String {
    format!(
        "VZCZCXYZ0001\nRR RUEHXX\nDE RUEHFV #0771/01 0921200\nZNY CCCCC ZZH\nR 021200Z APR 06\nFM AMEMBASSY FICTIONVILLE\nTO RUEHC/SECSTATE WASHDC ROUTINE 0101\n\n{rest}\n"
    )
}

fn has(c: &Cable, caveat: &str) -> bool {
    c.caveats.iter().any(|v| v == caveat)
}

#[test]
fn sipdis_eo_decl_and_tags_glued_to_the_serial() {
    let c = one(&cable(
        "C O N F I D E N T I A L FICTIONVILLE 000771SIPDISE.O. 12958: DECL: 04/02/2016TAGS: PREL PGOV XX\nSUBJECT: A GLUED FRONT\n\nClassified By: Jane Doe, reasons 1.4 (b)\n\n1. (C) Body.",
    ));
    assert_eq!(c.id.as_deref(), Some("06FICTIONVILLE771"));
    assert!(has(&c, "SIPDIS"), "{:?}", c.caveats);
    assert_eq!(c.tags, ["PREL", "PGOV", "XX"]);
    assert_eq!(c.decl.map(|d| d.to_string()).as_deref(), Some("2016-04-02"));
    assert_eq!(c.subject.as_deref(), Some("A GLUED FRONT"));
}

#[test]
fn noforn_glued_to_the_eo_line() {
    let c = one(&cable(
        "S E C R E T FICTIONVILLE 000771\n\nSIPDIS\nNOFORNE.O. 12958: DECL: 04/02/2031\nTAGS: PREL XX\nSUBJECT: NOFORN KEPT\n\n1. (S/NF) Body.",
    ));
    assert!(has(&c, "NOFORN"), "{:?}", c.caveats);
    assert!(has(&c, "SIPDIS"));
    assert_eq!(c.tags, ["PREL", "XX"]);
    assert_eq!(c.subject.as_deref(), Some("NOFORN KEPT"));
}

#[test]
fn the_whole_front_on_one_line() {
    let c = one(&cable(
        "S E C R E T SECTION 01 OF 02 FICTIONVILLE 000771 NOFORN SIPDIS DEPT FOR EUR/XX E.O. 12958: DECL: 04/02/2016 TAGS: PREL PGOV XX SUBJECT: ALL ON ONE LINE REF: A. FICTIONVILLE 12 Classified By: Jane Doe, reasons 1.4 (b), (d) 1. (S) The body starts here.\n2. (S) More.",
    ));
    assert_eq!(c.id.as_deref(), Some("06FICTIONVILLE771"));
    assert!(has(&c, "NOFORN") && has(&c, "SIPDIS"), "{:?}", c.caveats);
    assert_eq!(c.tags, ["PREL", "PGOV", "XX"]);
    assert_eq!(c.subject.as_deref(), Some("ALL ON ONE LINE"));
    assert_eq!(c.paragraphs.first().and_then(|p| p.number), Some(1));
}

#[test]
fn irregular_decl_values_do_not_derail_what_follows() {
    for decl in [
        "DECL: DECLASSIFIED BY NARA 03/11/2008",
        "DECL: 1.6 TEN YEARS AFTER CLOSURE OF MISSION",
        "N/A",
        "DECL: N/A",
        "DECL: X1",
        "DECL: OADR",
    ] {
        for sep in ["\n", " ", ""] {
            let c = one(&cable(&format!(
                "C O N F I D E N T I A L FICTIONVILLE 000771\n\nSIPDIS\n\nE.O. 12958: {decl}{sep}TAGS: PREL XX\nSUBJECT: AFTER AN ODD DECL\n\n1. (C) Body."
            )));
            assert_eq!(c.tags, ["PREL", "XX"], "{decl:?} {sep:?}");
            assert_eq!(
                c.subject.as_deref(),
                Some("AFTER AN ODD DECL"),
                "{decl:?} {sep:?}"
            );
            assert_eq!(c.paragraphs.len(), 1, "{decl:?} {sep:?}");
        }
    }
}

#[test]
fn captions_are_not_invented_inside_paragraphs() {
    let c = one(&cable(
        "UNCLAS FICTIONVILLE 000771\n\nE.O. 12958: N/A\nTAGS: ECON XX\nSUBJECT: THE REAL SUBJECT\n\n1. Staff asked whether NOFORN or SIPDIS applied and read E.O. 12958: the TAGS: field and SUBJECT: line were fine.\n2. More text REF: none.",
    ));
    assert_eq!(c.subject.as_deref(), Some("THE REAL SUBJECT"));
    assert_eq!(c.tags, ["ECON", "XX"]);
    assert!(!has(&c, "NOFORN") && !has(&c, "SIPDIS"), "{:?}", c.caveats);
    assert_eq!(c.paragraphs.len(), 2);
    assert!(c.references.is_empty());
}

#[test]
fn captions_between_and_around_the_front_fields() {
    // A corrected-copy caption framed by rules, before any front field.
    let c = one(&cable(
        "C O N F I D E N T I A L FICTIONVILLE 000771\n\n----------------------\nC O R R E C T E D C O P Y -- PARA 4\n----------------------\n\nSIPDIS\n\nE.O. 12958: DECL: 03/05/2019\nTAGS: PGOV XX\nSUBJECT: AFTER A CORRECTED COPY\n\n1. (C) Body.",
    ));
    assert_eq!(c.tags, ["PGOV", "XX"]);
    assert_eq!(c.subject.as_deref(), Some("AFTER A CORRECTED COPY"));
    // `Classified By:` first, then an addressing caption, then the E.O. line.
    let c = one(&cable(
        "C O N F I D E N T I A L FICTIONVILLE 000771\n\nClassified By: Jane Doe. Reason 1.5 (b) (d)\n\nDEPARTMENT FOR XYZ, M, T\n\nE.O. 12958: DECL: 01/08/2018\nTAGS: PARM XX\nSUBJECT: THE CLASSIFIER CAME FIRST\n\n1. (U) Body.",
    ));
    assert_eq!(c.tags, ["PARM", "XX"]);
    assert_eq!(c.subject.as_deref(), Some("THE CLASSIFIER CAME FIRST"));
    assert!(c.classified_by.is_some());
    // A TAGS line continued by codes that are not plain words, right before SUBJECT.
    let c = one(&cable(
        "C O N F I D E N T I A L FICTIONVILLE 000771\n\nE.O. 12958: DECL: 02/26/2019\nTAGS: AORC PREL UNGA\nUNGA/C-6, CS\nSUBJECT: AFTER ODD CODES\n\n1. (C) Body.",
    ));
    assert!(
        c.tags
            .starts_with(&["AORC".to_string(), "PREL".to_string()])
    );
    assert_eq!(c.subject.as_deref(), Some("AFTER ODD CODES"));
}
