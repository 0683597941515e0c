//! Loading a traffic directory into records. (First version: sequential walk and parse.)

use std::path::{Path, PathBuf};

use super::record::Record;
use crate::cable::parse_bytes;

/// A file in the traffic directory that is not a readable cable, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub reason: String,
}

/// Everything loaded from one traffic directory.
#[derive(Debug, Default)]
pub struct Traffic {
    pub root: PathBuf,
    pub records: Vec<Record>,
    pub problems: Vec<Problem>,
}

impl Traffic {
    /// Index of the record with this reference id.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.records
            .iter()
            .position(|r| r.id.as_deref() == Some(id))
    }

    /// Indices of records that cite `id` in their REF list.
    pub fn referenced_by(&self, id: &str) -> Vec<usize> {
        (0..self.records.len())
            .filter(|&i| self.records[i].refs.iter().any(|r| &**r == id))
            .collect()
    }
}

/// Load every cable under `dir`. Never fails on a bad file: it becomes a [`Problem`].
pub fn load_dir(dir: &Path) -> std::io::Result<Traffic> {
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    files.sort();
    let mut t = Traffic {
        root: dir.to_path_buf(),
        ..Default::default()
    };
    for f in files {
        match std::fs::read(&f) {
            Ok(bytes) => {
                let cables = parse_bytes(&bytes, &f.to_string_lossy());
                for (i, c) in cables.iter().enumerate() {
                    t.records.push(Record::from_cable(c, i as u16));
                }
            }
            Err(e) => t.problems.push(Problem {
                path: f,
                reason: e.to_string(),
            }),
        }
    }
    Ok(t)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "desks.toml" {
            continue;
        }
        let ft = entry.file_type()?;
        if ft.is_dir() {
            walk(&entry.path(), out)?;
        } else if ft.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}
