//! Cables read only in part: a cable whose file is cut short (or was never whole) lacks its
//! classification line, its subject or its paragraphs. `check` names each with what it lacks
//! and the parser's warnings ([`read_in_part`]).
//!
//! The records keep only a cable's head, so each cable is read again, in parallel.

use std::path::PathBuf;

use rayon::prelude::*;

use super::model::Traffic;
use crate::cable::Cable;

/// A cable read only in part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partial {
    pub path: PathBuf,
    /// Which cable of the file (0 for the usual one-cable file).
    pub index_in_file: u16,
    /// What the cable lacks, in words (`no classification line`, `no subject`, `no paragraphs`).
    pub lacks: Vec<&'static str>,
    /// The parser's warnings for it.
    pub warnings: Vec<String>,
}

/// What `cable` lacks of a whole cable (empty when it is whole).
pub fn lacks(cable: &Cable) -> Vec<&'static str> {
    let mut out = Vec::new();
    if cable.classification.is_none() {
        out.push("no classification line");
    }
    if cable.subject.as_deref().is_none_or(|s| s.trim().is_empty()) {
        out.push("no subject");
    }
    if cable.paragraphs.is_empty() {
        out.push("no paragraphs");
    }
    out
}

/// Every cable of `traffic` read only in part, in path order. A file that cannot be read again
/// is left out (it was read a moment ago; `check` reports files that cannot be read at all).
pub fn read_in_part(traffic: &Traffic) -> Vec<Partial> {
    let mut out: Vec<Partial> = traffic
        .records
        .par_iter()
        .filter_map(|r| {
            let cable = traffic.read_cable(r).ok()?;
            let lacks = lacks(&cable);
            (!lacks.is_empty()).then(|| Partial {
                path: traffic.path_of(r),
                index_in_file: r.index_in_file,
                lacks,
                warnings: cable.warnings,
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.path, a.index_in_file).cmp(&(&b.path, b.index_in_file)));
    out
}

/// How `check` words one: `no subject, no paragraphs (warnings: no subject)`.
pub fn reason(p: &Partial) -> String {
    let mut s = p.lacks.join(", ");
    if !p.warnings.is_empty() {
        s.push_str(&format!(" (warnings: {})", p.warnings.join("; ")));
    }
    s
}
