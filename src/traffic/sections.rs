//! One cable read back whole: every section of it from its files, in order, and which sections
//! are missing ([`read_joined`]). The reading view and `show` show a cable this way; a cable in
//! one file is one part.
//!
//! The records given are the cable's (see [`super::rows::members`]), in section order. Of
//! several files holding one section (two flavours, a copy), the first that reads is shown.

use std::path::{Path, PathBuf};

use super::read::read_cable;
use super::record::Record;
use crate::cable::Cable;

/// One section of a cable, in the order the cable runs.
#[derive(Debug, Clone)]
pub enum Part {
    /// A section read from its file (or the whole cable, when it has no sections).
    Read(Box<Cable>),
    /// A section whose files could not be read again: the first file's error.
    Unreadable {
        number: Option<u8>,
        of: Option<u8>,
        error: String,
    },
    /// A section the cable's count names that no file holds.
    Missing { number: u8, of: u8 },
}

/// A cable with all its sections and files.
#[derive(Debug, Clone)]
pub struct Joined {
    pub parts: Vec<Part>,
    /// Every file of the cable, in section and path order.
    pub files: Vec<PathBuf>,
}

impl Joined {
    /// A cable read from one file.
    pub fn one(cable: Cable) -> Joined {
        Joined {
            files: vec![cable.file.clone().into()],
            parts: vec![Part::Read(Box::new(cable))],
        }
    }

    /// The first section read: the cable's header (origin, addressees, subject ...).
    pub fn head(&self) -> Option<&Cable> {
        self.parts.iter().find_map(|p| match p {
            Part::Read(c) => Some(&**c),
            _ => None,
        })
    }

    /// The numbers of the sections no file holds.
    pub fn missing(&self) -> Vec<u8> {
        (self.parts.iter())
            .filter_map(|p| match p {
                Part::Missing { number, .. } => Some(*number),
                _ => None,
            })
            .collect()
    }

    /// Is this more than one plain file's cable (sections, or a missing one)?
    pub fn is_sectioned(&self) -> bool {
        self.parts.len() > 1
            || matches!(self.parts.first(), Some(Part::Missing { .. }))
            || self
                .head()
                .and_then(|c| c.section)
                .is_some_and(|s| s.of.is_some_and(|n| n > 1))
    }
}

/// Read the cable whose records are `records` (in section order), joining its sections and
/// naming the missing ones. An error only when no file of it could be read.
pub fn read_joined(root: &Path, records: &[Record]) -> Result<Joined, String> {
    let sec = |r: &Record| r.section();
    let of = records.iter().filter_map(|r| sec(r)?.1).max();
    let mut parts = Vec::new();
    let mut first_error = None;
    let mut next = 1u8;
    let mut k = 0;
    while k < records.len() {
        let number = sec(&records[k]).map(|s| s.0);
        let same = records[k..]
            .iter()
            .take_while(|r| sec(r).map(|s| s.0) == number)
            .count();
        if let (Some(n), Some(of)) = (number, of) {
            parts.extend((next..n).map(|m| Part::Missing { number: m, of }));
            next = next.max(n.saturating_add(1));
        }
        let mut error = None;
        let read = records[k..k + same].iter().find_map(|r| {
            read_cable(root, r)
                .map_err(|e| error.get_or_insert(e).clone())
                .ok()
        });
        parts.push(match read {
            Some(c) => Part::Read(Box::new(c)),
            None => {
                let error = error.unwrap_or_default();
                first_error.get_or_insert(error.clone());
                Part::Unreadable { number, of, error }
            }
        });
        k += same;
    }
    if let Some(of) = of {
        parts.extend((next..=of).map(|m| Part::Missing { number: m, of }));
    }
    if !parts.iter().any(|p| matches!(p, Part::Read(_))) {
        return Err(first_error.unwrap_or_else(|| "no file of this cable".to_string()));
    }
    let files = (records.iter())
        .map(|r| super::relpath::join(root, &r.rel_path()))
        .collect();
    Ok(Joined { parts, files })
}
