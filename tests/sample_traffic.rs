//! The bundled `sample-traffic/` is a believable morning at the desk: every cable parses cleanly,
//! and together they exercise every precedence, classification, caveat and layout the format has.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use cabletriage::cable::{Cable, Classification, Precedence, parse_bytes, tag_names};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-traffic")
}

/// Every regular file under `dir`, recursively, hidden ones included (but not the state
/// directory that opening the sample traffic creates), sorted.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != ".cabletriage") {
                walk(&p, out);
            }
        } else if p
            .file_name()
            .is_some_and(|n| n != "desks.toml" && n != "office.toml")
        {
            out.push(p);
        }
    }
}

struct Sample {
    rel: String,
    raw: String,
    cable: Cable,
}

impl Sample {
    fn arrival(&self) -> bool {
        self.rel.starts_with(".arrivals/")
    }
}

fn samples() -> Vec<Sample> {
    let root = root();
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(&p).unwrap_or_default();
            let mut cables = parse_bytes(&bytes, &rel);
            assert_eq!(cables.len(), 1, "{rel}: one cable per file");
            let cable = cables.remove(0);
            Sample {
                rel,
                raw: String::from_utf8_lossy(&bytes).into_owned(),
                cable,
            }
        })
        .collect()
}

fn by_rel<'a>(all: &'a [Sample], rel: &str) -> &'a Sample {
    all.iter()
        .find(|s| s.rel == rel)
        .unwrap_or_else(|| panic!("{rel} is missing"))
}

#[test]
fn every_sample_parses_without_warnings() {
    let all = samples();
    let inbox = all.iter().filter(|s| !s.arrival()).count();
    assert!(inbox >= 44, "only {inbox} cables in the inbox");
    assert_eq!(
        all.iter().filter(|s| s.arrival()).count(),
        6,
        "six cables wait in .arrivals/"
    );
    for s in &all {
        let c = &s.cable;
        assert!(c.warnings.is_empty(), "{}: {:?}", s.rel, c.warnings);
        assert!(c.id.is_some(), "{}: no id", s.rel);
        assert!(
            c.precedence.is_some() && c.classification.is_some(),
            "{}: header",
            s.rel
        );
        assert!(c.origin.is_some() && !c.to.is_empty(), "{}: FM/TO", s.rel);
        assert!(
            c.subject.is_some() && c.signer.is_some() && !c.tags.is_empty(),
            "{}",
            s.rel
        );
        assert!(!c.paragraphs.is_empty(), "{}: no paragraphs", s.rel);
        let day = c
            .dtg
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        assert!(
            day == "2026-11-25" || day == "2026-11-26",
            "{}: DTG {day}",
            s.rel
        );
    }
}

#[test]
fn ids_are_unique_except_sections_and_the_flavour_pair() {
    let all = samples();
    let mut seen: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for s in &all {
        seen.entry(s.cable.id.clone().unwrap_or_default())
            .or_default()
            .push(&s.rel);
    }
    for (id, files) in seen.iter().filter(|(_, f)| f.len() > 1) {
        let sections = files.iter().all(|f| f.contains("TALLINN_0412-"));
        assert!(sections || id == "26PRAGUE601", "{id} is used by {files:?}");
    }
}

#[test]
fn every_precedence_is_covered() {
    let all = samples();
    let count = |p: Precedence| {
        all.iter()
            .filter(|s| !s.arrival() && s.cable.precedence == Some(p))
            .count()
    };
    assert_eq!(count(Precedence::Flash), 2, "two FLASH cables in the inbox");
    assert_eq!(
        count(Precedence::NiactImmediate),
        3,
        "three NIACT IMMEDIATE cables"
    );
    for p in [
        Precedence::Immediate,
        Precedence::Priority,
        Precedence::Routine,
    ] {
        assert!(count(p) >= 5, "few {p:?} cables");
    }
    let arriving_flash = all
        .iter()
        .filter(|s| s.arrival() && s.cable.precedence == Some(Precedence::Flash))
        .count();
    assert_eq!(arriving_flash, 1, "one FLASH arrives during the demo");
    // Dual precedence: action addressees at one level, info addressees at a lower one.
    for (prosign, action, info) in [
        ("O R", Precedence::Immediate, Precedence::Routine),
        ("P R", Precedence::Priority, Precedence::Routine),
    ] {
        let dual = all.iter().find(|s| {
            s.raw.lines().any(|l| l.starts_with(&format!("{prosign} ")))
                && s.cable.to.iter().all(|a| a.precedence == Some(action))
                && s.cable.info.iter().all(|a| a.precedence == Some(info))
                && !s.cable.info.is_empty()
        });
        assert!(dual.is_some(), "no `{prosign}` cable with split precedence");
    }
}

#[test]
fn every_classification_and_caveat_is_covered() {
    let all = samples();
    for c in Classification::ALL {
        assert!(
            all.iter().any(|s| s.cable.classification == Some(c)),
            "no {c:?} cable"
        );
    }
    for banner in [
        "\nUNCLAS ",
        "\nUNCLAS SENSITIVE ",
        "\nUNCLAS E F T O ",
        "\nC O N F I D E N T I A L ",
        "\nS E C R E T ",
        "\nT O P S E C R E T ",
    ] {
        assert!(
            all.iter().any(|s| s.raw.contains(banner)),
            "no banner {banner:?}"
        );
    }
    for caveat in ["SIPDIS", "NOFORN", "NODIS", "EXDIS", "LIMDIS", "SENSITIVE"] {
        assert!(
            all.iter()
                .any(|s| s.cable.caveats.iter().any(|c| c == caveat)),
            "no cable carries {caveat}"
        );
    }
    let markings: BTreeSet<&str> = all
        .iter()
        .flat_map(|s| {
            s.cable
                .paragraphs
                .iter()
                .filter_map(|p| p.marking.as_deref())
        })
        .collect();
    for m in ["U", "SBU", "C", "S", "S/NF", "C/NF", "TS/NF"] {
        assert!(
            markings.contains(m),
            "no paragraph marked ({m}); have {markings:?}"
        );
    }
    let decl_na = all
        .iter()
        .filter(|s| s.raw.contains("E.O. 12958: N/A"))
        .count();
    assert!(decl_na >= 5 && all.iter().any(|s| s.cable.decl.is_some()));
}

#[test]
fn the_multi_section_cable_is_three_files_of_one_id() {
    let all = samples();
    let parts: Vec<&Sample> = all
        .iter()
        .filter(|s| s.cable.id.as_deref() == Some("26TALLINN412"))
        .collect();
    let sections: Vec<(u32, Option<u32>)> = parts
        .iter()
        .filter_map(|s| s.cable.section.map(|x| (x.number, x.of)))
        .collect();
    assert_eq!(sections, vec![(1, Some(3)), (2, Some(3)), (3, Some(3))]);
    // Paragraph numbers run on from one section to the next.
    let numbers: Vec<u32> = parts
        .iter()
        .flat_map(|s| s.cable.paragraphs.iter().filter_map(|p| p.number))
        .collect();
    assert!(numbers.windows(2).all(|w| w[1] == w[0] + 1), "{numbers:?}");
}

#[test]
fn references_resolve_to_other_samples() {
    let all = samples();
    let ids: BTreeSet<&str> = all.iter().filter_map(|s| s.cable.id.as_deref()).collect();
    let mut total = 0;
    for s in &all {
        for r in &s.cable.references {
            total += 1;
            let id =
                r.id.as_deref()
                    .unwrap_or_else(|| panic!("{}: {:?} has no id", s.rel, r.text));
            assert!(
                ids.contains(id),
                "{}: REF {id} is not a sample cable",
                s.rel
            );
            assert_ne!(Some(id), s.cable.id.as_deref(), "{} cites itself", s.rel);
        }
    }
    assert!(total >= 20, "only {total} references");
    let labelled = all.iter().any(|s| {
        let labels: Vec<&str> = s
            .cable
            .references
            .iter()
            .filter_map(|r| r.label.as_deref())
            .collect();
        labels == ["A", "B"]
    });
    assert!(labelled, "no lettered REF list");
}

#[test]
fn page_breaks_do_not_split_paragraphs() {
    let all = samples();
    let broken: Vec<&Sample> = all
        .iter()
        .filter(|s| {
            s.raw
                .lines()
                .any(|l| l.contains(" OF 00") && l.contains(" 0000"))
        })
        .collect();
    assert!(
        broken.len() >= 4,
        "only {} cables with page breaks",
        broken.len()
    );
    for s in &broken {
        for p in &s.cable.paragraphs {
            assert!(
                !p.text.contains(" OF 00"),
                "{}: page line kept in para {:?}",
                s.rel,
                p.number
            );
        }
    }
    let kyiv = by_rel(&all, "2026-11-25/250640Z_KYIV_1733.txt");
    let p3 = kyiv
        .cable
        .paragraphs
        .iter()
        .find(|p| p.number == Some(3))
        .map(|p| p.text.as_str());
    assert!(
        p3.is_some_and(|t| t.contains("in 2024 and 2025 but that the stock of compatible units")),
        "paragraph 3 of KYIV 1733 is cut at the page break: {p3:?}"
    );
}

#[test]
fn the_scraped_flavour_reads_like_the_plain_one() {
    let all = samples();
    let scraped: Vec<&Sample> = all
        .iter()
        .filter(|s| s.rel.starts_with("scraped/"))
        .collect();
    assert!(scraped.len() >= 6);
    for s in &scraped {
        assert!(s.raw.contains("](#)"), "{}: no link artifacts", s.rel);
        assert!(
            s.cable.tags.iter().all(|t| !t.contains('[')),
            "{}: {:?}",
            s.rel,
            s.cable.tags
        );
        assert!(
            s.cable.paragraphs.iter().any(|p| p.number == Some(1)),
            "{}",
            s.rel
        );
    }
    let plain = &by_rel(&all, "2026-11-25/250915Z_PRAGUE_0601.txt").cable;
    let web = &by_rel(&all, "scraped/26PRAGUE601.md").cable;
    let mut web = web.clone();
    web.file = plain.file.clone();
    assert_eq!(plain, &web);
}

#[test]
fn some_samples_use_crlf_line_ends() {
    let all = samples();
    assert!(all.iter().filter(|s| s.raw.contains("\r\n")).count() >= 3);
}

#[test]
fn every_tag_has_a_meaning_and_a_desk() {
    let all = samples();
    let text = std::fs::read_to_string(root().join("desks.toml")).unwrap_or_default();
    let desks: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("desks.toml: {e}"));
    let desks = desks
        .get("desk")
        .and_then(|d| d.as_array())
        .cloned()
        .unwrap_or_default();
    assert!(desks.len() >= 15, "{} desks", desks.len());
    let mut desk_tags = BTreeSet::new();
    for d in &desks {
        assert!(
            d.get("code")
                .and_then(|v| v.as_str())
                .is_some_and(|c| !c.is_empty())
        );
        assert!(
            d.get("name")
                .and_then(|v| v.as_str())
                .is_some_and(|c| !c.is_empty())
        );
        for t in d
            .get("tags")
            .and_then(|t| t.as_array())
            .into_iter()
            .flatten()
        {
            desk_tags.insert(t.as_str().unwrap_or_default().to_string());
        }
    }
    for s in &all {
        for t in &s.cable.tags {
            assert!(
                tag_names::meaning(t).is_some(),
                "{}: TAGS {t} has no meaning",
                s.rel
            );
        }
        assert!(
            s.cable.tags.iter().any(|t| desk_tags.contains(t)),
            "{}: no desk for {:?}",
            s.rel,
            s.cable.tags
        );
    }
}
