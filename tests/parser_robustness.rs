//! Robustness: arbitrary bytes and mutated, truncated cable-like text never make the parser
//! panic, and always give at least one cable. The corpus pass (skipped when absent) parses every
//! real file cut at a few pseudo-random points.

mod support;

use cabletriage::cable::parse_bytes;
use proptest::prelude::*;

/// A fictional cable exercising most of the grammar, to mutate.
const FICTION: &str = "VZCZCXYZ0001\r\nOO RUEHXX\r\nDE RUEHFV #0042/01 0451200\r\nZNY CCCCC ZZH\r\nO R 141200Z FEB 09\r\nFM AMEMBASSY FICTIONVILLE\r\nTO RUEHC/SECSTATE WASHDC NIACT IMMEDIATE 0101\r\nINFO RUEHYY/AMCONSUL ELSEWHERE 0007\r\nBT\r\nC O N F I D E N T I A L SECTION 01 OF 02 FICTIONVILLE 000042\r\n\r\nSIPDIS\r\n\r\nE.O. 12958: DECL: 6/3/19\r\nTAGS: [PREL](#) [XX](#),\r\nKDEM\r\nSUBJECT: A SUBJECT REF: A. FICTIONVILLE 41 Classified By: Someone 1. (C) Text.\r\n\r\n-----\r\nHEADING\r\n-----\r\n\r\n[1](#)2.(SBU) Text\r\n\r\nFICTIONVILLE 00000042  002 OF 002\r\n\r\ncontinues. End summary.\r\n\r\nDOE##\r\nNNNN\r\nUNCLAS FICTIONVILLE 000043\r\n";

fn check(bytes: &[u8]) {
    let cables = parse_bytes(bytes, "prop");
    assert!(!cables.is_empty());
    for c in &cables {
        // Serialising must work for every cable the parser gives.
        assert!(serde_json::to_string(c).is_ok());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn truncated_cable_never_panics(cut in 0usize..FICTION.len()) {
        check(&FICTION.as_bytes()[..cut]);
    }

    #[test]
    fn mutated_cable_never_panics(
        edits in proptest::collection::vec((0usize..FICTION.len(), any::<u8>()), 1..24),
        cut in 0usize..FICTION.len(),
    ) {
        let mut b = FICTION.as_bytes().to_vec();
        for (at, v) in edits {
            b[at] = v;
        }
        b.truncate(cut.max(1));
        check(&b);
    }

    #[test]
    fn spliced_lines_never_panic(lines in proptest::collection::vec(0usize..32, 0..64)) {
        let src: Vec<&str> = FICTION.lines().collect();
        let text: Vec<&str> = lines.iter().map(|&i| src[i % src.len()]).collect();
        check(text.join("\n").as_bytes());
    }
}

#[test]
fn the_fiction_itself_parses_into_two_cables() {
    let cables = parse_bytes(FICTION.as_bytes(), "fiction");
    assert_eq!(cables.len(), 2);
    assert_eq!(cables[0].id.as_deref(), Some("09FICTIONVILLE42"));
    assert_eq!(
        cables[1].classification.map(|c| c.as_str()),
        Some("UNCLASSIFIED")
    );
}

/// A tiny deterministic generator (no extra dependency).
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn every_corpus_file_truncated_at_random_points() {
    let Some(corpus) = support::corpus() else {
        return;
    };
    let mut files = support::files(&corpus.join("cablegate/txt"), "txt");
    files.extend(support::files(&corpus.join("cablegate/md"), "md"));
    files.extend(support::files(&corpus.join("seed"), "txt"));
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut n = 0;
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        for _ in 0..3 {
            let cut = (next(&mut state) as usize) % (bytes.len() + 1);
            check(&bytes[..cut]);
            n += 1;
        }
    }
    println!("parsed {n} truncated files without a panic");
}
