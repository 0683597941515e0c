//! The real corpus (`../shared/corpus/cablegate/txt`; skipped with a note when absent): every
//! file loads as a cable, the index gives back the same records, and `list --filter` selects
//! exactly the cables that `parse` says carry the TAG or come from the origin.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use cabletriage::cable::parse_bytes;
use cabletriage::traffic::{load_dir, load_dir_cached};

fn corpus() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = [
        "../shared/corpus/cablegate/txt",
        "../../shared/corpus/cablegate/txt",
    ]
    .iter()
    .map(|p| root.join(p))
    .find(|p| p.is_dir());
    if found.is_none() {
        eprintln!("skipped: the corpus (../shared/corpus/cablegate/txt) is absent");
    }
    found
}

#[test]
fn every_corpus_file_is_a_cable_and_the_index_round_trips() {
    let Some(dir) = corpus() else { return };
    let t = load_dir(&dir).unwrap();
    let files = std::fs::read_dir(&dir).unwrap().count();
    assert!(
        t.problems.is_empty(),
        "{:#?}",
        &t.problems[..t.problems.len().min(5)]
    );
    assert!(t.records.len() >= files);
    let state = tempfile::tempdir().unwrap();
    let (first, s1) = load_dir_cached(&dir, state.path(), |_, _| {}).unwrap();
    let (second, s2) = load_dir_cached(&dir, state.path(), |_, _| {}).unwrap();
    assert_eq!((s1.parsed, s2.parsed, s2.from_index), (files, 0, files));
    assert_eq!(first.records, second.records);
    assert_eq!(second.records, t.records);
}

/// Ids printed by `list --format json --filter q`.
fn listed(dir: &Path, state: &Path, q: &str) -> BTreeSet<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .arg("--state")
        .arg(state)
        .args(["list", "--format", "json", "--filter", q])
        .arg(dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            format!(
                "{}#{}",
                v["file"].as_str().unwrap_or(""),
                v["id"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn list_filter_matches_sets_computed_from_parse() {
    let Some(dir) = corpus() else { return };
    let mut tagged = BTreeSet::new();
    let mut from_kabul = BTreeSet::new();
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let p = e.path();
        let bytes = std::fs::read(&p).unwrap();
        for c in parse_bytes(&bytes, &p.to_string_lossy()) {
            let key = format!("{}#{}", c.file, c.id.as_deref().unwrap_or(""));
            if c.tags.iter().any(|t| t.eq_ignore_ascii_case("PREL"))
                && c.tags.iter().any(|t| t.eq_ignore_ascii_case("MNUC"))
            {
                tagged.insert(key.clone());
            }
            if c.origin
                .as_deref()
                .is_some_and(|o| o.to_lowercase().contains("kabul"))
            {
                from_kabul.insert(key);
            }
        }
    }
    assert!(!tagged.is_empty() && !from_kabul.is_empty());
    let state = tempfile::tempdir().unwrap();
    assert_eq!(listed(&dir, state.path(), "tag:PREL tag:mnuc"), tagged);
    assert_eq!(listed(&dir, state.path(), "from:kabul"), from_kabul);
}
