//! Finding the shared corpus from tests: `../shared/corpus` from the crate root, or one level
//! further up (worktrees live one directory deeper than the main checkout).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The corpus directory, or None (with the reason printed) when it is absent.
pub fn corpus() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for rel in ["../shared/corpus", "../../shared/corpus"] {
        let p = root.join(rel);
        if p.join("cablegate").is_dir() || p.join("seed").is_dir() {
            return Some(p);
        }
    }
    eprintln!("skipping: corpus not found at ../shared/corpus or ../../shared/corpus");
    None
}

/// The reference directory next to the corpus.
pub fn reference() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for rel in ["../shared/reference", "../../shared/reference"] {
        let p = root.join(rel);
        if p.join("cablemap-test-vectors.json").is_file() {
            return Some(p);
        }
    }
    eprintln!("skipping: reference data not found at ../shared/reference");
    None
}

/// Sorted files of a directory with the given extension.
pub fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == ext))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}
