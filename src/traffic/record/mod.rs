//! The compact in-memory record of one cable: only what the inbox shows, sorts and filters by.
//! The full cable is parsed again from its file when it is opened
//! ([`crate::traffic::Traffic::read_cable`]).
//!
//! A record keeps its file's path relative to the traffic root, in the text form of
//! [`crate::traffic::relpath`] (lossless for names that are not UTF-8): the same however the root was
//! spelled or wherever it was moved, which is what a cable without a reference id is keyed by
//! in the journal ([`Record::key`]). [`crate::traffic::Traffic::path_of`] gives the file itself.
//!
//! Repeated strings (directories, origins, addressees, TAGS, caveats) and whole repeated lists
//! are shared through an [`Interner`], so a record costs its own id, subject and cited ids (and
//! its file's name, when that is not the id) plus a few pointers.

use chrono::{DateTime, Utc};

mod build;
mod path;

pub use build::RecordParts;
pub use path::split_path;

pub use super::interner::{Interner, ListHash, StrList, Sym};
use crate::cable::{Classification, Precedence};

/// One cable in the inbox: 96 bytes inline (a size test keeps it there) plus its own text.
///
/// The file's directory (relative to the traffic root) is a shared string; its name, the
/// reference id, the subject and the ids of the cables it cites live in one allocation, read
/// through [`Record::rel_path`], [`Record::id`], [`Record::subject`] and [`Record::refs`]. A name
/// that is the id plus `.txt` or `.md` (as in the Cablegate release and in `gen`'s output) is
/// not stored at all. The DTG is kept in whole
/// minutes, its own precision.
#[derive(Clone, PartialEq)]
pub struct Record {
    /// The file's name (unless derived from the id), the reference id, the subject, then the
    /// cited ids joined by `\n`.
    text: Box<str>,
    /// The file's directory relative to the traffic root, ending in `/`, or empty (or the whole
    /// path, see [`split_path`]).
    dir: Sym,
    pub origin: Sym,
    /// Action (TO) addressees, in order.
    pub to: StrList,
    /// Info addressees, in order.
    pub info: StrList,
    pub tags: StrList,
    pub caveats: StrList,
    /// The ASCII letters and digits in subject, id, origin and TAGS (an exact fuzzy reject:
    /// see [`crate::traffic::mask`]).
    pub letters: u64,
    /// DTG as Unix minutes, [`NO_DTG`] when there is none.
    dtg: i32,
    id_len: u16,
    subject_len: u16,
    /// Which cable in that file (0 for the usual one-cable file).
    pub index_in_file: u16,
    name_len: u8,
    flags: u8,
    pub precedence: Option<Precedence>,
    pub classification: Option<Classification>,
    /// Section number and count (0: not known); see [`Record::section`].
    section: [u8; 2],
}

/// The stored DTG of a record without one.
const NO_DTG: i32 = i32::MIN;

/// [`Record::flags`] bits.
const HAS_ID: u8 = 1;
const HAS_WARNINGS: u8 = 2;
/// The file's name is the id and `.txt` (or `.md`), not stored.
const NAME_TXT: u8 = 4;
const NAME_MD: u8 = 8;
const HAS_SECTION: u8 = 16;

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Record")
            .field("path", &self.rel_path())
            .field("index_in_file", &self.index_in_file)
            .field("id", &self.id())
            .field("precedence", &self.precedence)
            .field("classification", &self.classification)
            .field("dtg", &self.dtg())
            .field("origin", &self.origin)
            .field("to", &self.to)
            .field("subject", &self.subject())
            .finish_non_exhaustive()
    }
}

impl Record {
    /// Canonical reference id, when one could be derived.
    pub fn id(&self) -> Option<&str> {
        let start = usize::from(self.name_len);
        (self.flags & HAS_ID != 0).then(|| &self.text[start..start + usize::from(self.id_len)])
    }

    pub fn subject(&self) -> &str {
        let start = usize::from(self.name_len) + usize::from(self.id_len);
        &self.text[start..start + usize::from(self.subject_len)]
    }

    /// The reference ids this cable cites, in order.
    pub fn refs(&self) -> impl Iterator<Item = &str> + Clone {
        // No id is empty, so the text never ends in `\n`, and an empty text is no ids.
        self.refs_text().split_terminator('\n')
    }

    /// The cited ids joined by `\n` (as the index keeps them).
    pub(crate) fn refs_text(&self) -> &str {
        let start =
            usize::from(self.name_len) + usize::from(self.id_len) + usize::from(self.subject_len);
        &self.text[start..]
    }

    /// The parser had warnings for this cable.
    pub fn has_warnings(&self) -> bool {
        self.flags & HAS_WARNINGS != 0
    }

    /// Section of a multi-section cable (number, and of how many when known); numbers above
    /// 255 are kept as 255.
    pub fn section(&self) -> Option<(u8, Option<u8>)> {
        let [n, of] = self.section;
        (self.flags & HAS_SECTION != 0).then_some((n, (of != 0).then_some(of)))
    }

    /// DTG as Unix seconds (a whole minute).
    pub fn dtg(&self) -> Option<i64> {
        (self.dtg != NO_DTG).then_some(i64::from(self.dtg) * 60)
    }

    /// The key triage state is stored under: the reference id, or for a cable without one
    /// `file:<path>#<n>`, its file's path relative to the traffic root (`/` between components,
    /// [`Record::rel_path`]) and its place in the file. The only place a key is made.
    pub fn key(&self) -> String {
        match self.id() {
            Some(id) => id.to_string(),
            None => format!("file:{}#{}", self.rel_path(), self.index_in_file),
        }
    }

    pub fn dtg_utc(&self) -> Option<DateTime<Utc>> {
        self.dtg().and_then(|s| DateTime::from_timestamp(s, 0))
    }

    pub fn action_addressee(&self) -> &str {
        self.to.first().map(|s| &**s).unwrap_or("")
    }

    /// Heap bytes owned by this record alone (shared strings and lists not counted).
    pub fn own_heap_bytes(&self) -> usize {
        self.text.len()
    }
}

/// Unix seconds as the minutes a record keeps (rounded down); a time too far from 1970 for
/// that (over 4,000 years) is kept as no DTG.
pub(super) fn minutes(seconds: i64) -> i32 {
    i32::try_from(seconds.div_euclid(60))
        .ok()
        .filter(|&m| m != NO_DTG)
        .unwrap_or(NO_DTG)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::cable::Cable;

    #[test]
    fn record_stays_compact() {
        // Inline size; the report in the README adds the per-record heap measured on the corpus.
        assert!(
            std::mem::size_of::<Record>() <= 96,
            "{}",
            std::mem::size_of::<Record>()
        );
        // Each shared string and list is one thin pointer in the records that use it.
        assert_eq!(std::mem::size_of::<Sym>(), 8);
        assert_eq!(std::mem::size_of::<StrList>(), 8);
    }

    pub(in crate::traffic::record) fn cable_at(file: &str, id: Option<&str>) -> Cable {
        Cable {
            file: file.to_string(),
            id: id.map(str::to_string),
            subject: Some("PRESSURE MOUNTS".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_cable_without_id_is_keyed_by_its_path_under_the_root() {
        let i = Interner::default();
        let c = cable_at("ignored", None);
        let r = Record::from_cable_at(&c, 2, "2026-11-25/x.txt", &i);
        assert_eq!(r.key(), "file:2026-11-25/x.txt#2");
        let with_id = Record::from_cable_at(&cable_at("", Some("26TALLINN409")), 0, "a/b.txt", &i);
        assert_eq!(with_id.key(), "26TALLINN409");
    }
}
