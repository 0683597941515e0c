//! `gen` writes traffic the parser reads: every generated cable has an id, precedence, DTG and
//! subject; the same seed writes the same bytes; references point at earlier generated cables.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use cabletriage::cable::{Cable, parse_bytes};
use cabletriage::synth;

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap_or(&p).to_path_buf();
                out.insert(rel, std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    out
}

fn generate(count: usize, seed: u64) -> (tempfile::TempDir, BTreeMap<PathBuf, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let stats = synth::generate(count, seed, dir.path()).unwrap_or_else(|e| panic!("gen: {e}"));
    let files = files(dir.path());
    assert_eq!(stats.files, count);
    assert_eq!(
        stats.bytes,
        files.values().map(|b| b.len() as u64).sum::<u64>()
    );
    (dir, files)
}

#[test]
fn generated_cables_parse_with_their_essentials() {
    let (_dir, files) = generate(200, 42);
    assert_eq!(files.len(), 200);
    let mut cables: Vec<Cable> = Vec::new();
    for (rel, bytes) in &files {
        let name = rel.to_string_lossy();
        let mut parsed = parse_bytes(bytes, &name);
        assert_eq!(parsed.len(), 1, "{name}");
        let c = parsed.remove(0);
        assert!(c.id.is_some(), "{name}: no id");
        assert!(c.precedence.is_some(), "{name}: no precedence");
        assert!(c.dtg.is_some(), "{name}: no DTG");
        assert!(c.subject.is_some(), "{name}: no subject");
        assert!(c.warnings.is_empty(), "{name}: {:?}", c.warnings);
        let mut addressees: Vec<&str> =
            c.to.iter()
                .chain(&c.info)
                .map(|a| a.addressee.as_str())
                .collect();
        let listed = addressees.len();
        addressees.sort_unstable();
        addressees.dedup();
        assert_eq!(
            addressees.len(),
            listed,
            "{name}: an addressee is listed twice"
        );
        // The file is named after the cable's own reference id.
        let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned());
        assert_eq!(stem.as_deref(), c.id.as_deref(), "{name}");
        cables.push(c);
    }
    // A realistic mix, not one shape repeated.
    let precedences: BTreeSet<_> = cables.iter().filter_map(|c| c.precedence).collect();
    let classes: BTreeSet<_> = cables.iter().filter_map(|c| c.classification).collect();
    assert!(
        precedences.len() >= 3 && classes.len() >= 3,
        "{precedences:?} {classes:?}"
    );
    let scraped = files
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .count();
    assert!(
        (5..=45).contains(&scraped),
        "{scraped} scraped cables of 200"
    );
    // References cite cables generated earlier in the same run.
    let ids: BTreeSet<&str> = cables.iter().filter_map(|c| c.id.as_deref()).collect();
    let refs: Vec<&str> = cables
        .iter()
        .flat_map(|c| c.references.iter().filter_map(|r| r.id.as_deref()))
        .collect();
    let resolved = refs.iter().filter(|r| ids.contains(*r)).count();
    assert!(refs.len() >= 40, "only {} references", refs.len());
    assert_eq!(
        resolved,
        refs.len(),
        "{resolved} of {} references resolve",
        refs.len()
    );
}

#[test]
fn same_seed_same_bytes_other_seed_other_traffic() {
    let (_a, first) = generate(150, 7);
    let (_b, again) = generate(150, 7);
    assert!(first == again, "seed 7 wrote different traffic twice");
    let (_c, other) = generate(150, 8);
    assert_ne!(
        first.values().collect::<Vec<_>>(),
        other.values().collect::<Vec<_>>()
    );
}

#[test]
fn output_is_split_into_folders_of_a_thousand() {
    let (_dir, files) = generate(2_100, 1);
    let mut per_dir: BTreeMap<String, usize> = BTreeMap::new();
    for rel in files.keys() {
        let top = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        *per_dir.entry(top.unwrap_or_default()).or_default() += 1;
    }
    assert_eq!(
        per_dir.values().copied().collect::<Vec<_>>(),
        vec![1000, 1000, 100]
    );
}
