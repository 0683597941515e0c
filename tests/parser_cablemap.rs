//! The cablemap test vectors (`../shared/reference/cablemap-test-vectors.json`, real input ->
//! expected output from the most thorough earlier parser) as a data-driven specification.
//!
//! Each family prints `NAME: a/b pass (p%)` against cablemap's expectations, then the same count
//! with our documented deliberate differences (README, "Where we differ from cablemap, and why")
//! taken as agreements, and its failures. A vector listed in `cablemap/deliberate.rs` is checked
//! against our own expected value there: it passes only if we give exactly that. Both counts must
//! stay at or above the family's floors, and a family with no vectors (missing or renamed in the
//! data) fails. Skips when the reference data is absent.

mod support;

#[path = "cablemap/deliberate.rs"]
mod deliberate;

use cabletriage::cable::front::parse_front;
use cabletriage::cable::paragraphs::{parse_body, summary};
use cabletriage::cable::refs::parse_refs;
use cabletriage::cable::tags::parse_tags;
use cabletriage::cable::{canonicalize_id, parse_one};
use serde_json::Value;

fn vectors() -> Option<Value> {
    let path = support::reference()?.join("cablemap-test-vectors.json");
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

fn cases<'a>(v: &'a Value, file: &str, key: &str) -> &'a [Value] {
    v[file][key].as_array().map(Vec::as_slice).unwrap_or(&[])
}

/// What one vector gave: a key naming it (its input), our value as text, and whether that
/// agrees with cablemap's expectation (`want`, as text, for the report).
struct Outcome {
    key: String,
    got: String,
    want: String,
    ok: bool,
}

/// An outcome compared as text: agreement when both sides print the same.
fn outcome(key: &str, got: impl std::fmt::Debug, want: impl std::fmt::Debug) -> Outcome {
    let (got, want) = (format!("{got:?}"), format!("{want:?}"));
    Outcome {
        key: key.to_string(),
        ok: got == want,
        got,
        want,
    }
}

/// Runs one family against cablemap (`floor`, percent) and against cablemap with our
/// deliberate differences (`floor_with`, percent).
fn family(
    name: &str,
    items: &[Value],
    floor: f64,
    floor_with: f64,
    check: impl Fn(&Value) -> Outcome,
) {
    assert!(
        !items.is_empty(),
        "{name}: no vectors (the family is missing or renamed in the data)"
    );
    let (mut pass, mut deliberate_pass, mut fails) = (0, 0, Vec::new());
    for it in items {
        let o = check(it);
        if o.ok {
            pass += 1;
            continue;
        }
        match deliberate::ours(name, &o.key) {
            Some((_, ours)) if ours == o.got => deliberate_pass += 1,
            Some((kind, ours)) => fails.push(format!(
                "{:?}: got {}, our expected ({kind}) {ours}",
                o.key, o.got
            )),
            None => fails.push(format!("{:?}: got {}, want {}", o.key, o.got, o.want)),
        }
    }
    let n = items.len();
    let pct = |k: usize| 100.0 * k as f64 / n as f64;
    let with = pass + deliberate_pass;
    println!("{name}: {pass}/{n} pass ({:.1}%)", pct(pass));
    println!(
        "{name} with deliberate differences: {with}/{n} pass ({:.1}%)",
        pct(with)
    );
    for f in &fails {
        println!("  {f}");
    }
    assert!(
        pct(pass) >= floor,
        "{name}: {:.1}% < floor {floor}%",
        pct(pass)
    );
    assert!(
        pct(with) >= floor_with,
        "{name} with deliberate differences: {:.1}% < floor {floor_with}%",
        pct(with)
    );
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// Floors per family, in percent: (against cablemap, with our deliberate differences), set
/// just under the figures measured when they were last raised.
const F_C14N: (f64, f64) = (100.0, 100.0);
const F_FRAGMENT: (f64, f64) = (100.0, 100.0);
const F_MALFORMED: (f64, f64) = (91.0, 91.0);
const F_DECL: (f64, f64) = (100.0, 100.0);
const F_TAGS: (f64, f64) = (75.0, 100.0);
const F_SUBJECT: (f64, f64) = (92.0, 96.0);
const F_REFS: (f64, f64) = (99.0, 100.0);
const F_CLASSIFIED_BY: (f64, f64) = (96.0, 96.0);
const F_SIGNER: (f64, f64) = (100.0, 100.0);
const F_SUMMARY: (f64, f64) = (100.0, 100.0);

#[test]
fn id_canonicalisation() {
    let Some(v) = vectors() else { return };
    let ids = |it: &Value| {
        let got = canonicalize_id(s(&it[0]));
        outcome(s(&it[0]), got.as_deref(), Some(s(&it[1])))
    };
    family(
        "c14n ids",
        cases(&v, "test_c14n_id_c14n.py", "_TEST_DATA"),
        F_C14N.0,
        F_C14N.1,
        ids,
    );
    // Malformed release ids: section / EFTO / noise-prefix fragments, and misspelt posts.
    let map = v["consts.MALFORMED_CABLE_IDS"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let items: Vec<Value> = map
        .into_iter()
        .map(|(k, w)| Value::Array(vec![Value::String(k), w]))
        .collect();
    let fragment: Vec<Value> = items
        .iter()
        .filter(|it| {
            let (raw, want) = (s(&it[0]), s(&it[1]));
            raw.len() > want.len() && raw.ends_with(&want[2..]) && !raw[2..].starts_with(&want[2..])
        })
        .cloned()
        .collect();
    family(
        "malformed ids (fragment class)",
        &fragment,
        F_FRAGMENT.0,
        F_FRAGMENT.1,
        ids,
    );
    family(
        "malformed ids (all)",
        &items,
        F_MALFORMED.0,
        F_MALFORMED.1,
        ids,
    );
}

#[test]
fn decl_dates() {
    let Some(v) = vectors() else { return };
    family(
        "decl",
        cases(&v, "test_reader_nondisclosure_deadline.py", "_TEST_DATA"),
        F_DECL.0,
        F_DECL.1,
        |it| {
            let lines: Vec<&str> = s(&it[0]).lines().collect();
            let got = parse_front(&lines, 0).decl.map(|d| d.to_string());
            outcome(s(&it[0]), got.as_deref(), it[1].as_str())
        },
    );
}

#[test]
fn tags() {
    let Some(v) = vectors() else { return };
    family(
        "tags",
        cases(&v, "test_reader_tags.py", "_TEST_DATA"),
        F_TAGS.0,
        F_TAGS.1,
        |it| {
            let lines: Vec<&str> = s(&it[0]).lines().collect();
            let got = parse_front(&lines, 0)
                .tags
                .as_deref()
                .map(parse_tags)
                .unwrap_or_default();
            let want: Vec<&str> = it[1]
                .as_array()
                .map(|a| a.iter().map(s).collect())
                .unwrap_or_default();
            outcome(s(&it[0]), got, want)
        },
    );
}

#[test]
fn subjects() {
    let Some(v) = vectors() else { return };
    family(
        "subject",
        cases(&v, "test_reader_subject.py", "_TEST_DATA"),
        F_SUBJECT.0,
        F_SUBJECT.1,
        |it| {
            let arr = it.as_array().map(Vec::as_slice).unwrap_or(&[]);
            let content = arr.first().map_or("", s);
            let want = arr.last().map_or("", s);
            let got = parse_one(content, "v").subject.unwrap_or_default();
            outcome(content, got, want)
        },
    );
}

#[test]
fn references() {
    let Some(v) = vectors() else { return };
    family(
        "references",
        cases(&v, "test_reader_references.py", "_TEST_DATA"),
        F_REFS.0,
        F_REFS.1,
        |it| {
            let arr = it.as_array().map(Vec::as_slice).unwrap_or(&[]);
            let content = arr.first().map_or("", s);
            let year = arr.get(1).and_then(Value::as_i64).map(|y| y as i32);
            let lines: Vec<&str> = content.lines().collect();
            let raw = parse_front(&lines, 0).refs.unwrap_or_default();
            let got: Vec<String> = parse_refs(&raw, year)
                .into_iter()
                .filter_map(|r| r.id)
                .collect();
            let want: Vec<&str> = arr
                .last()
                .and_then(Value::as_array)
                .map(|a| a.iter().map(s).collect())
                .unwrap_or_default();
            outcome(content, got, want)
        },
    );
}

#[test]
fn classified_by() {
    let Some(v) = vectors() else { return };
    family(
        "classified by",
        cases(&v, "test_reader_classified_by.py", "_TEST_DATA"),
        F_CLASSIFIED_BY.0,
        F_CLASSIFIED_BY.1,
        |it| {
            let lines: Vec<&str> = s(&it[2]).lines().collect();
            let got = parse_front(&lines, 0)
                .classified_by
                .map(|c| cabletriage::cable::text::collapse(&c));
            // cablemap names the classifier; our field holds the whole line, which must name them.
            let ok = match it[1].as_str() {
                Some(name) => got
                    .as_deref()
                    .is_some_and(|g| g.to_lowercase().contains(&name.to_lowercase())),
                None => true,
            };
            Outcome {
                key: s(&it[2]).to_string(),
                got: format!("{got:?}"),
                want: it[1].to_string(),
                ok,
            }
        },
    );
}

#[test]
fn signers() {
    let Some(v) = vectors() else { return };
    family(
        "signer",
        cases(&v, "test_reader_signers.py", "_TEST_DATA"),
        F_SIGNER.0,
        F_SIGNER.1,
        |it| {
            let lines: Vec<&str> = s(&it[1]).lines().collect();
            let got = parse_body(None, &lines).signer;
            outcome(s(&it[1]), got.as_deref(), it[0].as_str())
        },
    );
}

#[test]
fn summaries() {
    let Some(v) = vectors() else { return };
    family(
        "summary",
        cases(&v, "test_reader_summary.py", "_TEST_DATA"),
        F_SUMMARY.0,
        F_SUMMARY.1,
        |it| {
            let lines: Vec<&str> = s(&it[0]).lines().collect();
            let f = parse_front(&lines, 0);
            let body = parse_body(f.body_head, &lines[f.body_start.min(lines.len())..]);
            let got = summary(&body.paragraphs).map(|x| cabletriage::cable::text::collapse(&x));
            let want = cabletriage::cable::text::collapse(s(&it[1]));
            outcome(s(&it[0]), got, Some(want))
        },
    );
}

#[test]
fn an_empty_family_fails() {
    let r = std::panic::catch_unwind(|| family("renamed", &[], 0.0, 0.0, |_| unreachable!()));
    assert!(
        r.is_err(),
        "a family without vectors must fail, not score 100%"
    );
}
