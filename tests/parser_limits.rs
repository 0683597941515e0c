//! Fields that a hostile or broken file makes huge: a TAGS line of 100,000 tokens, a REF list of
//! thousands of entries, an address list of thousands of posts. Each is cut at its cap, the cut
//! is named in `warnings`, and the fields after it are still read. (How the time grows with the
//! input is measured in `benches/parse.rs`, not here.)

use cabletriage::cable::limits::{MAX_ADDRESSEES, MAX_REFERENCES, MAX_TAGS};
use cabletriage::cable::{Cable, parse_bytes, parse_summary_bytes};

const HEAD: &str = "VZCZCXYZ0001\nOO RUEHXX\nDE RUEHFV #0042/01 0451200\nZNY CCCCC ZZH\nO 141200Z FEB 09\nFM AMEMBASSY FICTIONVILLE\n";

fn cable(to: &str, tags: &str, refs: &str) -> String {
    format!(
        "{HEAD}TO RUEHC/SECSTATE WASHDC IMMEDIATE 0101\n{to}\nC O N F I D E N T I A L FICTIONVILLE 000042\n\nSIPDIS\n\nE.O. 12958: DECL: 01/05/2019\nTAGS: {tags}\nSUBJECT: A SUBJECT AFTER THE LONG FIELD\n\nREF: {refs}\n\nClassified By: A. Person for reasons 1.4 (b)\n\n1. (C) The first paragraph.\n\n2. (C) The second.\n\nDOE\n"
    )
}

/// Both readers (the full one and the list's) give the same fields here.
fn both(text: &str) -> [Cable; 2] {
    let full = parse_bytes(text.as_bytes(), "big").remove(0);
    let list = parse_summary_bytes(text.as_bytes(), "big").remove(0);
    [full, list]
}

fn warned(c: &Cable, start: &str) -> Vec<String> {
    c.warnings
        .iter()
        .filter(|w| w.starts_with(start))
        .cloned()
        .collect()
}

#[test]
fn a_tags_line_of_100000_tokens_is_cut_and_says_so() {
    let tags: String = (0..100_000).map(|i| format!("T{i} ")).collect();
    for c in both(&cable("", &tags, "STATE 1")) {
        assert_eq!(c.tags.len(), MAX_TAGS);
        assert_eq!(c.tags[0], "T0");
        assert_eq!(c.tags[MAX_TAGS - 1], format!("T{}", MAX_TAGS - 1));
        let want = format!("TAGS cut at {MAX_TAGS} (99,900 more not kept)");
        assert_eq!(warned(&c, "TAGS"), [want]);
        // The fields after TAGS are still read.
        assert_eq!(c.subject.as_deref(), Some("A SUBJECT AFTER THE LONG FIELD"));
        assert_eq!(c.id.as_deref(), Some("09FICTIONVILLE42"));
    }
}

#[test]
fn repeated_and_mixed_case_tags_are_not_cut() {
    // 100,000 tokens of 50 distinct tags, in several spellings and with the scraped flavour's
    // parentheses taking the general path: nothing is cut, each tag is kept once.
    let plain: String = (0..100_000)
        .map(|i| format!("T{} t{} ", i % 50, i % 50))
        .collect();
    let general = format!("(DOE, JANE) {plain}");
    for (tags, n) in [(plain, 50), (general, 51)] {
        for c in both(&cable("", &tags, "STATE 1")) {
            assert_eq!(c.tags.len(), n);
            assert!(warned(&c, "TAGS").is_empty(), "{:?}", c.warnings);
        }
    }
}

#[test]
fn a_tags_line_of_distinct_non_ascii_tokens_is_cut() {
    // Non-ASCII and an unclosed `(` take the general path of the TAGS reader.
    let tags: String = (0..50_000).map(|i| format!("(É{i}, ")).collect();
    for c in both(&cable("", &tags, "STATE 1")) {
        assert_eq!(c.tags.len(), MAX_TAGS);
        assert_eq!(c.tags[0], "É0");
        assert_eq!(warned(&c, "TAGS").len(), 1, "{:?}", c.warnings);
    }
}

#[test]
fn a_long_ref_list_is_cut_and_says_so() {
    let labelled: String = (0..5_000)
        .map(|i| format!("A. STATE {}\n", i + 1))
        .collect();
    let unlabelled: String = (0..5_000).map(|i| format!("STATE {}; ", i + 1)).collect();
    for refs in [labelled, unlabelled] {
        let [c, _] = both(&cable("", "PREL", &refs));
        assert_eq!(c.references.len(), MAX_REFERENCES);
        assert_eq!(c.references[0].id.as_deref(), Some("09STATE1"));
        assert_eq!(c.references[99].text, "STATE 100");
        let want = format!("references cut at {MAX_REFERENCES} (4,900 more not kept)");
        assert_eq!(warned(&c, "references"), [want]);
        assert_eq!(
            c.classified_by.as_deref(),
            Some("A. Person for reasons 1.4 (b)")
        );
        assert_eq!(c.paragraphs.len(), 2);
    }
}

#[test]
fn a_long_address_list_is_cut_and_says_so() {
    let n = MAX_ADDRESSEES + 500;
    let posts: String = (0..n)
        .map(|i| format!("RUEHZZ/AMEMBASSY NOWHERE{i} PRIORITY {i}\n"))
        .collect();
    // The TO line's first addressee is kept, then the list runs on.
    for c in both(&cable(&posts, "PREL", "STATE 1")) {
        assert_eq!(c.to.len(), MAX_ADDRESSEES);
        assert_eq!(c.to[1].addressee, "AMEMBASSY NOWHERE0");
        let want = "TO cut at 1,000 (501 more not kept)";
        assert_eq!(warned(&c, "TO"), [want]);
        assert_eq!(c.tags, ["PREL"]);
    }
    let info = format!("INFO {posts}");
    for c in both(&cable(&info, "PREL", "STATE 1")) {
        assert_eq!(c.info.len(), MAX_ADDRESSEES);
        let want = "INFO cut at 1,000 (500 more not kept)";
        assert_eq!(warned(&c, "INFO"), [want]);
    }
}

#[test]
fn ordinary_cables_carry_no_cut_warning() {
    for c in both(&cable("", "PREL PGOV XX", "A. STATE 1\nB. STATE 2")) {
        assert!(
            !c.warnings.iter().any(|w| w.contains(" cut at ")),
            "{:?}",
            c.warnings
        );
        assert_eq!(c.references.len(), 2);
    }
}
