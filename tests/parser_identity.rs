//! Identity of real-shaped cables (issue 24), on fictional fixtures written from the format:
//! partial extracts that start at the classification line, the honest sources of an id's year
//! (DTG, the release's record in the file, `Cable dated:`, the file's name) and never DECL,
//! the origin taken from the classification line, and the release's record filling a level or
//! caveat the text lacks.

use cabletriage::cable::{
    Cable, Classification, parse_bytes, parse_bytes_named, parse_summary_bytes_named,
};

fn named(text: &str, name: Option<&str>) -> Cable {
    let mut v = parse_bytes_named(text.as_bytes(), "shown/path.txt", name);
    assert_eq!(v.len(), 1, "one cable expected");
    let full = v.remove(0);
    // The list reader gives the same identity.
    let summary = parse_summary_bytes_named(text.as_bytes(), "shown/path.txt", name).remove(0);
    assert_eq!(
        (
            &summary.id,
            &summary.origin,
            &summary.caveats,
            summary.classification
        ),
        (&full.id, &full.origin, &full.caveats, full.classification)
    );
    full
}

fn warned(c: &Cable, words: &str) -> bool {
    c.warnings.iter().any(|w| w.contains(words))
}

const PARTIAL: &str = "This record is a partial extract of the original cable. The full text of the original cable is not available.\n\nC O N F I D E N T I A L SECTION 01 OF 04 FICTION CITY 001337\n\nSIPDIS\n\nE.O. 12958: DECL: 11/30/2028\nTAGS: PREL PGOV XX\nSUBJECT: A PARTIAL EXTRACT\n\nClassified By: Jane Doe, reasons 1.4 (b)\n\n1. (C) Text of the extract.\n";

#[test]
fn a_partial_extract_takes_its_year_from_a_name_that_agrees() {
    let c = named(PARTIAL, Some("03FICTIONCITY1337.txt"));
    assert_eq!(c.id.as_deref(), Some("03FICTIONCITY1337"));
    assert!(
        warned(&c, "id year taken from the file name"),
        "{:?}",
        c.warnings
    );
    // The origin the text names, spelt as written: the FROM column is not blank.
    assert_eq!(c.origin.as_deref(), Some("FICTION CITY"));
    assert_eq!(c.classification, Some(Classification::Confidential));
}

#[test]
fn never_a_year_from_decl() {
    // Without a name, nothing dates the extract: no id, rather than `18FICTIONCITY1337` from
    // `DECL: 11/30/2028`.
    let c = named(PARTIAL, None);
    assert_eq!(c.id, None);
    assert!(warned(&c, "no reference id"), "{:?}", c.warnings);
    // A name of another serial or another post is not this cable's.
    for other in ["03FICTIONCITY1338.txt", "03OTHERTOWN1337.md"] {
        let c = named(PARTIAL, Some(other));
        assert_eq!(c.id, None, "{other}");
        assert!(warned(&c, "the file name names another cable"), "{other}");
    }
    // A name that is not an id says nothing.
    let c = named(PARTIAL, Some("notes-2003.txt"));
    assert!(c.id.is_none() && !warned(&c, "file name"));
}

#[test]
fn the_plain_entry_point_reads_the_name_from_the_path() {
    let c = parse_bytes(PARTIAL.as_bytes(), "corpus/txt/03FICTIONCITY1337.txt").remove(0);
    assert_eq!(c.id.as_deref(), Some("03FICTIONCITY1337"));
    let c = parse_bytes(PARTIAL.as_bytes(), "").remove(0);
    assert_eq!(c.id, None);
}

#[test]
fn unclas_extract_and_quoted_classification_line() {
    let t = "UNCLAS FICTIONVILLE 000412\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: ECON XX\nSUBJECT: A SHORT ONE\n\n1. Text.\n";
    let c = named(t, Some("04FICTIONVILLE412.md"));
    assert_eq!(c.id.as_deref(), Some("04FICTIONVILLE412"));
    assert_eq!(c.origin.as_deref(), Some("FICTIONVILLE"));
    // A record dump's quote before the line.
    let q = format!("\"{t}");
    assert_eq!(
        named(&q, Some("04FICTIONVILLE412.md")).id.as_deref(),
        Some("04FICTIONVILLE412")
    );
}

#[test]
fn the_dtg_outranks_the_name_and_says_so() {
    let t = format!("R 021015Z MAR 06\n{PARTIAL}");
    let c = named(&t, Some("05FICTIONCITY1337.txt"));
    assert_eq!(c.id.as_deref(), Some("06FICTIONCITY1337"));
    assert!(
        warned(&c, "the file name gives the year 05"),
        "{:?}",
        c.warnings
    );
}

#[test]
fn cable_dated_prefix_gives_the_year() {
    let t = format!(
        "Cable dated:2006-03-02T09:15:00{}",
        &PARTIAL[PARTIAL.find("C O N").unwrap_or(0)..]
    );
    let c = named(&t, None);
    assert_eq!(c.id.as_deref(), Some("06FICTIONCITY1337"));
}

#[test]
fn the_release_record_gives_the_year_and_fills_the_caveat() {
    // The `<<NNNNN>>` block of date, id, origin and classification after a truncated copy.
    let t = format!(
        "{}\n<<123456>>\n3/14/2007 10:05\n07FICTIONCITY1337\nEmbassy Fiction City\nCONFIDENTIAL//NOFORN\n\n",
        PARTIAL.trim_end()
    );
    let c = named(&t, None);
    assert_eq!(c.id.as_deref(), Some("07FICTIONCITY1337"));
    assert!(c.caveats.iter().any(|v| v == "NOFORN"), "{:?}", c.caveats);
    assert!(warned(&c, "NOFORN taken from the release's record"));
    assert_eq!(
        c.dtg.map(|d| d.format("%Y-%m-%d").to_string()).as_deref(),
        Some("2007-03-14")
    );
    // The record outranks the name; their disagreement is said.
    let c = named(&t, Some("08FICTIONCITY1337.txt"));
    assert_eq!(c.id.as_deref(), Some("07FICTIONCITY1337"));
    assert!(
        warned(&c, "the file name gives the year 08"),
        "{:?}",
        c.warnings
    );
}

#[test]
fn a_record_of_another_cable_is_not_trusted() {
    let t = format!(
        "{}\n<<123456>>\n3/14/2007 10:05\n07FICTIONCITY999\nEmbassy Fiction City\nSECRET//NOFORN\n\n",
        PARTIAL.trim_end()
    );
    let c = named(&t, None);
    assert_eq!(c.id, None);
    assert!(!c.caveats.iter().any(|v| v == "NOFORN"));
    assert_eq!(c.classification, Some(Classification::Confidential));
    assert!(
        warned(&c, "is of another cable (07FICTIONCITY999)"),
        "{:?}",
        c.warnings
    );
}

#[test]
fn the_release_record_fills_a_missing_level_and_a_disagreement_is_a_warning() {
    // Scraped record dump: the text after it has no classification line.
    let t = "id: 7\ndate: 2/1/2005 8:00\nrefid: 05FICTIONVILLE77\norigin: Embassy Fictionville\nclassification: SECRET//NOFORN\nheader:\nR 010800Z FEB 05\nFM AMEMBASSY FICTIONVILLE\nTO SECSTATE WASHDC\n\nFICTIONVILLE 000077\n\nTAGS: PREL\nSUBJECT: NO LEVEL WRITTEN\n\n1. Text.\n";
    let c = named(t, None);
    assert_eq!(c.id.as_deref(), Some("05FICTIONVILLE77"));
    let t2 = t.replace(
        "\nFICTIONVILLE 000077",
        "\nCONFIDENTIAL FICTIONVILLE 000077",
    );
    let c2 = named(&t2, None);
    assert_eq!(c2.classification, Some(Classification::Confidential));
    assert!(
        warned(
            &c2,
            "the release's record says SECRET, the text CONFIDENTIAL"
        ),
        "{:?}",
        c2.warnings
    );
    assert!(c2.caveats.iter().any(|v| v == "NOFORN"));
}

#[test]
fn a_de_serial_is_completed_by_a_name_of_the_same_post() {
    // No classification line: post from FM, the DE line's four digits of a five-digit serial.
    let t = "VZCZCXYZ0001\nRR RUEHWEB\nDE RUEHC #0927 0901915\nZNY SSSSS ZZH\nR 311858Z MAR 09\nFM SECSTATE WASHDC\nTO AMEMBASSY FICTIONVILLE 6302\n\nSUBJECT: A STATE CABLE\n\n1. Text.\n";
    assert_eq!(named(t, None).id.as_deref(), Some("09STATE927"));
    let c = named(t, Some("09STATE30927.txt"));
    assert_eq!(c.id.as_deref(), Some("09STATE30927"));
    assert!(warned(&c, "serial completed"));
}
