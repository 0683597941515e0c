//! What a loaded traffic directory is: its [`Traffic`] (the records, in walk order, and the files
//! that are not cables, each a [`Problem`]), and the questions asked of it once it is loaded.
//! How it is loaded lives in [`super::load`]; how one record's cable is read back, in
//! [`super::read`].

use std::path::PathBuf;

use super::read;
use super::record::Record;
use crate::cable::Cable;

/// A file in the traffic directory that is not a readable cable, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub reason: String,
}

/// Everything loaded from one traffic directory.
#[derive(Debug, Default, Clone)]
pub struct Traffic {
    /// The traffic directory, as it was named; records' paths are relative to it.
    pub root: PathBuf,
    pub records: Vec<Record>,
    pub problems: Vec<Problem>,
}

impl Traffic {
    /// The file `record` was read from (its path relative to [`Traffic::root`], joined to it).
    /// Show it with `to_string_lossy`; open it only with [`Traffic::read_cable`].
    pub fn path_of(&self, record: &Record) -> PathBuf {
        super::relpath::join(&self.root, &record.rel_path())
    }

    /// The full cable behind `record`, read again from its file ([`read::read_cable`]).
    pub fn read_cable(&self, record: &Record) -> Result<Cable, String> {
        read::read_cable(&self.root, record)
    }

    /// The cable as far as `record` knows it, without reading its file ([`read::bare_cable`]).
    pub fn bare_cable(&self, record: &Record) -> Cable {
        read::bare_cable(&self.root, record)
    }

    /// Index of the record with this reference id.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.records.iter().position(|r| r.id() == Some(id))
    }

    /// Indices of records that cite `id` in their REF list.
    pub fn referenced_by(&self, id: &str) -> Vec<usize> {
        (0..self.records.len())
            .filter(|&i| self.records[i].refs().any(|r| r == id))
            .collect()
    }
}
