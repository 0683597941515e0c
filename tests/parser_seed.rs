//! The seed cable (USNATO 265, scraped-web flavour) parses to exactly the contract's example
//! column. Skips when the corpus is absent.

mod support;

use cabletriage::cable::{Cable, Classification, Precedence, Section, parse_bytes};

fn seed() -> Option<Cable> {
    let path = support::corpus()?.join("seed/000_de80ed59d34ba184.txt");
    let bytes = std::fs::read(&path).ok()?;
    let mut cables = parse_bytes(&bytes, "seed.txt");
    assert_eq!(cables.len(), 1, "the seed file holds one cable");
    cables.pop()
}

#[test]
fn seed_header_fields() {
    let Some(c) = seed() else { return };
    assert_eq!(c.id.as_deref(), Some("07USNATO265"));
    assert_eq!(c.precedence, Some(Precedence::Immediate));
    assert_eq!(
        c.dtg
            .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .as_deref(),
        Some("2007-04-23T17:11:00Z")
    );
    assert_eq!(c.origin.as_deref(), Some("USMISSION USNATO"));
    assert_eq!(c.to.len(), 1);
    assert_eq!(c.to[0].ri.as_deref(), Some("RUEHC"));
    assert_eq!(c.to[0].addressee, "SECSTATE WASHDC");
    assert_eq!(c.to[0].precedence, Some(Precedence::Immediate));
    assert_eq!(c.to[0].serial.as_deref(), Some("0766"));
    let info: Vec<(&str, &str, Option<Precedence>, Option<&str>)> = c
        .info
        .iter()
        .map(|a| {
            (
                a.ri.as_deref().unwrap_or(""),
                a.addressee.as_str(),
                a.precedence,
                a.serial.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        info,
        vec![
            (
                "RUEHZG",
                "NATO EU COLLECTIVE",
                Some(Precedence::Immediate),
                None
            ),
            (
                "RUEHMO",
                "AMEMBASSY MOSCOW",
                Some(Precedence::Immediate),
                Some("5671")
            ),
            ("RHEHNSC", "NSC WASHDC", Some(Precedence::Priority), None),
            (
                "RUEKJCS",
                "SECDEF WASHINGTON DC",
                Some(Precedence::Priority),
                None
            ),
        ]
    );
    assert_eq!(
        c.section,
        Some(Section {
            number: 1,
            of: None
        })
    );
}

#[test]
fn seed_captions_and_front_matter() {
    let Some(c) = seed() else { return };
    assert_eq!(c.classification, Some(Classification::Confidential));
    assert_eq!(c.caveats, vec!["SIPDIS"]);
    assert_eq!(c.decl.map(|d| d.to_string()).as_deref(), Some("2017-01-05"));
    assert_eq!(c.tags, vec!["NATO", "PREL", "CZ", "PL", "RU"]);
    assert_eq!(
        c.subject.as_deref(),
        Some(
            "MISSILE DEFENSE: A/S ROOD CONSULTS WITH CZECH, POLISH, FRENCH, AND GERMAN COUNTERPARTS"
        )
    );
    let refs: Vec<(Option<&str>, &str, Option<&str>)> = c
        .references
        .iter()
        .map(|r| (r.label.as_deref(), r.text.as_str(), r.id.as_deref()))
        .collect();
    assert_eq!(
        refs,
        vec![
            (Some("A"), "USNATO 263", Some("07USNATO263")),
            (Some("B"), "USNATO 264", Some("07USNATO264")),
        ]
    );
    assert_eq!(
        c.classified_by.as_deref(),
        Some("Ambassador Victoria Nuland for reasons 1.4 (b), (d)")
    );
    assert_eq!(c.signer.as_deref(), Some("NULAND"));
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[test]
fn seed_summary_and_paragraphs() {
    let Some(c) = seed() else { return };
    let s = c.summary.as_deref().unwrap_or("");
    assert!(
        s.starts_with("On the margins of the April 19 meetings at NATO HQ"),
        "{s}"
    );
    assert!(
        s.ends_with("about the \"NATO-ization\" of the U.S. system."),
        "{s}"
    );
    let p = &c.paragraphs;
    assert_eq!(p.len(), 8);
    assert_eq!(
        p.iter().map(|p| p.number).collect::<Vec<_>>(),
        (1..=8).map(Some).collect::<Vec<_>>()
    );
    assert!(p.iter().all(|p| p.marking.as_deref() == Some("C")));
    assert!(p[0].text.starts_with("SUMMARY: On the margins"));
    let headings: Vec<Option<&str>> = p.iter().map(|p| p.heading.as_deref()).collect();
    assert_eq!(
        headings,
        vec![
            None,
            None,
            Some("PERSISTENT POLE"),
            None,
            None,
            Some("LAID-BACK CZECH"),
            Some("FRENCH AND GERMANS"),
            None
        ]
    );
    // Paragraphs 3, 5 and 8 are whole across their page breaks.
    assert!(
        p[2].text
            .contains("but cautioned that MD was not a technical issue")
    );
    assert!(
        p[4].text
            .contains("enhanced defense cooperation as a result of accepting")
    );
    assert!(p[7].text.contains("He tried to explain that France"));
    assert!(p.iter().all(|p| !p.text.contains('\n')));
    assert!(!p[7].text.contains("NULAND"));
}

#[test]
fn seed_json_matches_the_contract_shape() {
    let Some(c) = seed() else { return };
    let v = serde_json::to_value(&c).unwrap_or_default();
    assert_eq!(v["dtg"], "2007-04-23T17:11:00Z");
    assert_eq!(v["decl"], "2017-01-05");
    assert_eq!(v["precedence"], "IMMEDIATE");
    assert_eq!(v["to"][0]["precedence"], "IMMEDIATE");
    assert_eq!(v["references"][0]["label"], "A");
    assert_eq!(v["section"]["of"], serde_json::Value::Null);
    assert_eq!(v["paragraphs"][0]["heading"], serde_json::Value::Null);
}
