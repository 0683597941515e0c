//! Fuzzy words: abbreviations find their words (`list --filter "nuclr smggl"`), and the filter,
//! with every shortcut it takes, returns exactly what the rule of `traffic::fuzzy` says, written
//! here again on a plain `SkimMatcherV2`, over generated records and queries (letters dropped,
//! case swapped, punctuation, words of other records and of none).

use std::process::Command;
use std::sync::atomic::AtomicBool;

use cabletriage::cable::Cable;
use cabletriage::traffic::fuzzy::{FUZZY_MAX, SKIM_CELLS};
use cabletriage::traffic::{Filter, Interner, Query, Record, filter_indices};
use cabletriage::triage::TriageState;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use proptest::prelude::*;

fn cable_text(serial: u32, subject: &str) -> String {
    format!(
        "\nVZCZCXYZ0{serial:03}\nRR RUEHWEB\n\nDE RUEHRV #{serial:04}/01 0731200\nZNY CCCCC ZZH\n\
         R 1{serial}1200Z MAR 09\nFM AMEMBASSY RIVENDELL\nTO RUEHC/SECSTATE WASHDC ROUTINE {serial:04}\n\n\
         C O N F I D E N T I A L RIVENDELL {serial:06}\n\n\
         E.O. 12958: DECL: 03/14/2019\nTAGS: PREL, RV\nSUBJECT: {subject}\n\n\
         1. (C) The council met again.\n\nELROND\n"
    )
}

#[test]
fn abbreviated_words_find_their_cable_from_the_command_line() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("traffic");
    std::fs::create_dir_all(&dir).expect("traffic dir");
    let subjects = [
        "NUCLEAR SMUGGLING INCIDENT",
        "MINISTER DISCUSSES GRAIN QUOTAS",
        "SMALL BUSINESS LOANS EXPAND",
    ];
    for (i, s) in subjects.iter().enumerate() {
        std::fs::write(dir.join(format!("c{i}.txt")), cable_text(i as u32 + 1, s)).expect("cable");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .arg("--state")
        .arg(tmp.path().join("state"))
        .args(["list", "--format", "json", "--filter", "nuclr smggl"])
        .arg(&dir)
        .output()
        .expect("run cabletriage list");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let subjects: Vec<String> = text
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            v["subject"].as_str().unwrap_or("").to_string()
        })
        .collect();
    assert_eq!(subjects, ["NUCLEAR SMUGGLING INCIDENT"]);
}

/// The rule of `traffic::fuzzy`, as its module doc writes it, on a plain `SkimMatcherV2`.
struct Rule(SkimMatcherV2);

impl Rule {
    fn new() -> Rule {
        Rule(
            SkimMatcherV2::default()
                .ignore_case()
                .element_limit(SKIM_CELLS),
        )
    }

    fn field(&self, word: &str, field: &str) -> bool {
        let w = word.to_lowercase();
        let contains = if w.is_ascii() {
            field.to_ascii_lowercase().contains(&w)
        } else {
            field.to_lowercase().contains(&w)
        };
        let chars: Vec<char> = w.chars().collect();
        let n = chars.len();
        contains
            || ((2..=FUZZY_MAX).contains(&n)
                && (2..=n).all(|k| {
                    let prefix: String = chars[..k].iter().collect();
                    let floor = 20 * k as i64 - 24;
                    self.0
                        .fuzzy_match(field, &prefix)
                        .is_some_and(|s| s >= floor)
                }))
    }

    fn record(&self, word: &str, r: &Record) -> bool {
        let mut fields = vec![r.subject(), &*r.origin];
        fields.extend(r.id());
        fields.extend(r.tags.iter().map(|t| &**t));
        fields.iter().any(|f| self.field(word, f))
    }
}

const WORDS: &[&str] = &[
    "NUCLEAR",
    "SMUGGLING",
    "INCIDENT",
    "MINISTER",
    "DISCUSSES",
    "ELECTION",
    "REFORM",
    "TALKS",
    "CONSULTS",
    "CZECH",
    "ROOD",
    "GRAIN",
    "QUOTA",
    "HARBOUR",
    "CONVOY",
    "TREATY",
    "VISIT",
    "A/S",
    "U.S.-EU",
    "DEFENSE:",
    "ZÜRICH",
    "ÉTÉ",
    "O'NEILL",
    "2009",
    "C-130",
];
const ORIGINS: &[&str] = &["AMEMBASSY OSLO", "USMISSION USNATO", "AMCONSUL ZÜRICH", ""];
const TAGS: &[&str] = &["PREL", "PGOV", "ENRG", "MNUC", "RS", "KNNP", "EU"];

fn record_strategy() -> impl Strategy<Value = Cable> {
    (
        prop::collection::vec(0..WORDS.len(), 0..9),
        0..ORIGINS.len(),
        prop::collection::vec(0..TAGS.len(), 0..4),
        prop::option::of(0u32..100_000),
    )
        .prop_map(|(words, origin, tags, serial)| Cable {
            subject: Some(
                words
                    .iter()
                    .map(|&i| WORDS[i])
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            origin: Some(ORIGINS[origin].to_string()),
            tags: tags.iter().map(|&i| TAGS[i].to_string()).collect(),
            id: serial.map(|s| format!("09OSLO{s}")),
            ..Default::default()
        })
}

/// A query word made from a word: letters dropped, case swapped, punctuation put in.
fn word_strategy() -> impl Strategy<Value = String> {
    let base = prop_oneof![
        (0..WORDS.len()).prop_map(|i| WORDS[i].to_string()),
        (0..TAGS.len()).prop_map(|i| TAGS[i].to_string()),
        "[a-z0-9]{1,6}",
    ];
    (base, prop::collection::vec((any::<u8>(), 0u8..4), 0..4)).prop_map(|(w, edits)| {
        let mut chars: Vec<char> = w.chars().collect();
        for (at, kind) in edits {
            if chars.is_empty() {
                break;
            }
            let i = usize::from(at) % chars.len();
            match kind {
                0 | 1 => {
                    chars.remove(i);
                }
                2 => {
                    let c = chars[i];
                    chars[i] = if c.is_uppercase() {
                        c.to_ascii_lowercase()
                    } else {
                        c.to_ascii_uppercase()
                    };
                }
                _ => chars.insert(i, ['.', '/', '\'', ','][usize::from(at) % 4]),
            }
        }
        // A word the query language would read as something else is left out.
        let w: String = chars
            .into_iter()
            .filter(|c| !"\":()-".contains(*c))
            .collect();
        if w.is_empty() { "x".to_string() } else { w }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_filter_returns_what_the_rule_says(
        cables in prop::collection::vec(record_strategy(), 50..60),
        queries in prop::collection::vec(prop::collection::vec(word_strategy(), 1..3), 4),
    ) {
        let interner = Interner::default();
        let records: Vec<Record> = cables
            .iter()
            .enumerate()
            .map(|(i, c)| Record::from_cable_at(c, 0, &format!("t/{i}.txt"), &interner))
            .collect();
        let order: Vec<u32> = (0..records.len() as u32).collect();
        let (states, no) = (TriageState::default(), AtomicBool::new(false));
        let rule = Rule::new();
        for words in &queries {
            let text = words.join(" ");
            let query = Query::parse(&text).expect("a query of plain words");
            let got = filter_indices(&query, &records, &order, &states, &no).expect("not cancelled");
            let want: Vec<u32> = order
                .iter()
                .copied()
                .filter(|&i| words.iter().all(|w| rule.record(w, &records[i as usize])))
                .collect();
            prop_assert_eq!(&got, &want, "query {:?}", text);
            // Typing the query key by key narrows as it goes and ends where a fresh filter does.
            let mut f = Filter::new();
            let mut before: Option<Vec<u32>> = None;
            for end in (1..=text.len()).filter(|&e| text.is_char_boundary(e)) {
                let Ok(q) = Query::parse(&text[..end]) else { continue };
                let now = f.run(&q, &records, &order, &states, &no).expect("not cancelled");
                if let Some(b) = &before {
                    prop_assert!(now.iter().all(|i| b.contains(i)), "{:?} widened", &text[..end]);
                }
                before = Some(now);
            }
            prop_assert_eq!(before.as_ref(), Some(&want));
        }
    }
}

#[test]
fn scattered_letters_do_not_match_a_long_subject() {
    let rule = Rule::new();
    let subject = "MINISTER DISCUSSES ELECTION REFORM AND ECONOMY WITH PARLIAMENT";
    for w in ["nuclr", "smggl", "mscnr", "rtmnt"] {
        assert!(!rule.field(w, subject), "{w}");
    }
    for w in ["mnstr", "elctn", "rfrm", "minister"] {
        assert!(rule.field(w, subject), "{w}");
    }
}
