//! One row per cable: the records that are one cable, grouped by reference id ([`rows`]) — the
//! same cable in two flavours of its file (`X.txt` and `X.md`), a copy of it elsewhere in the
//! folder, or the sections of a multi-section cable in separate files (`SECTION 01 OF 04`,
//! `#1337/01`). A record without an id is a row of its own. Records stay one per file and
//! cable, as loaded: a row only names them, so the index, the watcher and the journal's keys
//! are untouched. The inbox and `list` show a cable by its first record ([`firsts`],
//! [`one_per_cable`]: the first section, else the first file by path), which is what they sort
//! and filter by; its other files are its [`members`].
//!
//! [`conflicts`] reads the files of each row back to find two *different* texts under one id
//! and section (what `check` reports): the same cable in two flavours parses to the same subject
//! and paragraphs, so the texts are compared on those, white space aside.

use std::path::PathBuf;

use super::model::Traffic;
use super::record::Record;
use crate::cable::Cable;

/// The records of one cable, by their numbers in the traffic's records: sections in order
/// (a record without a section number first), and within one section the files in path order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub records: Vec<usize>,
}

impl Row {
    /// The section numbers a cable of known section count is missing (empty when the count is
    /// not known, or none is missing).
    pub fn missing_sections(&self, records: &[Record]) -> Vec<u8> {
        let secs: Vec<(u8, Option<u8>)> = self
            .records
            .iter()
            .filter_map(|&i| records.get(i)?.section())
            .collect();
        let Some(of) = secs.iter().filter_map(|s| s.1).max() else {
            return Vec::new();
        };
        (1..=of)
            .filter(|n| !secs.iter().any(|s| s.0 == *n))
            .collect()
    }

    /// Does the row hold more than one file's cable?
    pub fn is_merged(&self) -> bool {
        self.records.len() > 1
    }
}

/// Where a record stands among the records of its cable: by section (a record without a
/// section number first), then by path, then by its place in the file. The first is the one
/// the cable's row shows.
pub fn place(x: &Record, y: &Record) -> std::cmp::Ordering {
    let sec = |r: &Record| r.section().map_or(0, |s| s.0);
    sec(x)
        .cmp(&sec(y))
        .then_with(|| x.cmp_path(y))
        .then_with(|| x.index_in_file.cmp(&y.index_in_file))
}

/// For each record, whether it is the first of its cable (see [`place`]): the record the
/// cable's row shows, sorts and filters by. A record without an id is a cable of its own.
///
/// The ids are hashed in one pass and the hashes sorted (in parallel), so that only records
/// whose hashes meet are compared: at the scale of a whole release nearly every id is unique,
/// and a sort of small keys costs less than a hash table's scattered probes.
pub fn firsts(records: &[Record]) -> Vec<bool> {
    use rayon::prelude::*;
    use std::hash::BuildHasher;
    let hasher = hashbrown::DefaultHashBuilder::default();
    let mut keys: Vec<(u64, u32)> = records
        .par_iter()
        .enumerate()
        .filter_map(|(i, r)| Some((hasher.hash_one(r.id()?), i as u32)))
        .collect();
    keys.par_sort_unstable();
    let mut first = vec![true; records.len()];
    for run in keys.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        // Records of one hash: by id, then place; all but the first of each id lose.
        let mut same: Vec<usize> = run.iter().map(|&(_, i)| i as usize).collect();
        same.sort_by(|&a, &b| {
            let (x, y) = (&records[a], &records[b]);
            x.id().cmp(&y.id()).then_with(|| place(x, y))
        });
        for group in same.chunk_by(|&a, &b| records[a].id() == records[b].id()) {
            for &i in &group[1..] {
                first[i] = false;
            }
        }
    }
    first
}

/// Keep in `order` (record numbers) only the first record of each cable, in the same order.
pub fn one_per_cable(records: &[Record], order: &mut Vec<u32>) {
    let first = firsts(records);
    order.retain(|&i| first.get(i as usize).copied().unwrap_or(false));
}

/// Every record of the cable of record `i` (its own alone when it has no id), in [`place`]
/// order. A scan of the records: for one cable at a time (opening it), not for every row.
pub fn members(records: &[Record], i: usize) -> Vec<usize> {
    let Some(r) = records.get(i) else {
        return Vec::new();
    };
    let Some(id) = r.id() else {
        return vec![i];
    };
    let mut out: Vec<usize> = (0..records.len())
        .filter(|&j| records[j].id() == Some(id))
        .collect();
    out.sort_by(|&a, &b| place(&records[a], &records[b]));
    out
}

/// The rows of `records`, in the order each cable first appears.
pub fn rows(records: &[Record]) -> Vec<Row> {
    let mut by_id: hashbrown::HashMap<&str, usize> = hashbrown::HashMap::new();
    let mut out: Vec<Row> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let at = match r.id() {
            Some(id) => *by_id.entry(id).or_insert_with(|| {
                out.push(Row {
                    records: Vec::new(),
                });
                out.len() - 1
            }),
            None => {
                out.push(Row {
                    records: Vec::new(),
                });
                out.len() - 1
            }
        };
        out[at].records.push(i);
    }
    for row in out.iter_mut().filter(|r| r.is_merged()) {
        row.records
            .sort_by(|&a, &b| place(&records[a], &records[b]));
    }
    out
}

/// Two or more files holding different texts under one reference id (and section).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub id: String,
    pub section: Option<u8>,
    /// Every file of that id and section, in path order.
    pub files: Vec<PathBuf>,
}

/// How `check` words a conflict, on the first of its files.
pub fn conflict_reason(c: &Conflict) -> String {
    let others: Vec<String> = c.files[1..]
        .iter()
        .map(|f| f.to_string_lossy().into_owned())
        .collect();
    let section = c
        .section
        .map_or(String::new(), |n| format!(", section {n}"));
    format!(
        "a different text under the same id {}{section} in {}",
        c.id,
        others.join(", ")
    )
}

/// The text a cable is compared on: its subject and paragraphs, white space collapsed.
fn text_of(c: &Cable) -> String {
    let mut words: Vec<&str> = c
        .subject
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    for p in &c.paragraphs {
        words.extend(p.text.split_whitespace());
    }
    words.join(" ")
}

/// Every id (and section) under which the traffic's files hold different texts. Reads each
/// such file again; a file that cannot be read again is left out of the comparison.
pub fn conflicts(traffic: &Traffic) -> Vec<Conflict> {
    let records = &traffic.records;
    let mut out = Vec::new();
    for row in rows(records).iter().filter(|r| r.is_merged()) {
        let mut k = 0;
        while k < row.records.len() {
            let section = records[row.records[k]].section().map(|s| s.0);
            let same: Vec<usize> = row.records[k..]
                .iter()
                .copied()
                .take_while(|&i| records[i].section().map(|s| s.0) == section)
                .collect();
            k += same.len();
            if same.len() < 2 {
                continue;
            }
            let texts: Vec<String> = same
                .iter()
                .filter_map(|&i| traffic.read_cable(&records[i]).ok())
                .map(|c| text_of(&c))
                .collect();
            if texts.iter().any(|t| *t != texts[0]) {
                out.push(Conflict {
                    id: records[same[0]].id().unwrap_or("").to_string(),
                    section,
                    files: same.iter().map(|&i| traffic.path_of(&records[i])).collect(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cable::Section;
    use crate::traffic::interner::Interner;

    fn rec(path: &str, id: Option<&str>, section: Option<(u32, u32)>, i: &Interner) -> Record {
        let c = Cable {
            id: id.map(String::from),
            subject: Some("TALKS".into()),
            section: section.map(|(number, of)| Section {
                number,
                of: Some(of),
            }),
            ..Default::default()
        };
        Record::from_cable_at(&c, 0, path, i)
    }

    #[test]
    fn flavours_copies_and_sections_of_one_cable_are_one_row() {
        let i = Interner::default();
        let records = vec![
            rec("b/09OSLO1.txt", Some("09OSLO1"), None, &i),
            rec("a/x.txt", None, None, &i),
            rec("09OSLO1.md", Some("09OSLO1"), None, &i),
            rec("s/3.txt", Some("09RIGA44"), Some((3, 4)), &i),
            rec("s/1.txt", Some("09RIGA44"), Some((1, 4)), &i),
            rec("a/y.txt", None, None, &i),
        ];
        let rows = rows(&records);
        let got: Vec<Vec<usize>> = rows.iter().map(|r| r.records.clone()).collect();
        assert_eq!(got, [vec![2, 0], vec![1], vec![4, 3], vec![5]]);
        assert_eq!(rows[2].missing_sections(&records), [2, 4]);
        assert!(rows[0].missing_sections(&records).is_empty());
        assert!(!rows[1].is_merged());
        // The first record of each row is the one its cable shows by, whatever the walk order.
        let first = firsts(&records);
        assert_eq!(first, [false, true, true, false, true, true]);
        let mut order = vec![5, 4, 3, 2, 1, 0];
        one_per_cable(&records, &mut order);
        assert_eq!(order, [5, 4, 2, 1]);
        assert_eq!(members(&records, 0), [2, 0]);
        assert_eq!(members(&records, 3), [4, 3]);
        assert_eq!(members(&records, 1), [1]);
    }
}
