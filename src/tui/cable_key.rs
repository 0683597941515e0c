//! How the inbox names a cable across frames: by its triage key (its reference id, else its
//! file relative to the traffic root and its place in the file; see [`Record::key`]), never by
//! a row or a record number. Rows move with every sort, filter and arrival, and record numbers
//! shift when a file disappears; a key stays with its cable. A reference whose cable has left
//! the traffic resolves to nothing and says so ([`GONE`]); it is never retargeted.
//!
//! The same key is what the journal records decisions under, so a key held by the note editor
//! or the marked set is exactly what an action on those cables writes.

use std::borrow::Borrow;
use std::sync::Arc;

use crate::traffic::rows;
use crate::traffic::{Record, Traffic};

/// What is said of a cable a key names that is no longer in the traffic.
pub const GONE: &str = "no longer in the traffic";

/// A cable's stable name in the inbox (cheap to clone).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CableKey(Arc<str>);

impl CableKey {
    /// The key of `record`.
    pub fn of(record: &Record) -> CableKey {
        CableKey(record.key().into())
    }

    /// A key as the journal spells it.
    pub fn from_journal(key: &str) -> CableKey {
        CableKey(key.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Does `record` carry this key? (Without building the record's key.)
    pub fn names(&self, record: &Record) -> bool {
        match self.0.strip_prefix("file:") {
            Some(place) => {
                let Some((rel, n)) = place.rsplit_once('#') else {
                    return false;
                };
                record.id().is_none()
                    && n.parse::<u16>().is_ok_and(|n| n == record.index_in_file)
                    && record.path_is(rel)
            }
            None => record.id() == Some(&*self.0),
        }
    }

    /// The record this key names in `traffic`, if the cable is still there: the one its inbox
    /// row shows, should several files hold the cable ([`rows::place`]).
    pub fn find(&self, traffic: &Traffic) -> Option<u32> {
        let records = &traffic.records;
        let i = (0..records.len())
            .filter(|&i| self.names(&records[i]))
            .min_by(|&a, &b| rows::place(&records[a], &records[b]))?;
        u32::try_from(i).ok()
    }
}

impl Borrow<str> for CableKey {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CableKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Is `record`'s key in `set`? Borrowed for a cable with an id (nearly all), so drawing a
/// screen of rows allocates nothing.
pub fn contains(set: &std::collections::BTreeSet<CableKey>, record: &Record) -> bool {
    if set.is_empty() {
        return false;
    }
    match record.id() {
        Some(id) => set.contains(id),
        None => set.contains(record.key().as_str()),
    }
}
