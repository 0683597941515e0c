//! The compact in-memory record of one cable: only what the inbox shows, sorts and filters by.
//! The full cable is parsed again from its file when it is opened (`parse_bytes(path)`, then
//! pick `index_in_file`).
//!
//! Repeated strings (origins, addressees, TAGS, caveats, referenced ids) and whole repeated lists
//! are shared through an [`Interner`], so a record costs its own path, id and subject plus a few
//! pointers.

use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex};

use hashbrown::HashTable;

use chrono::{DateTime, Utc};

use super::fuzzy::{gram_mask, split_mask};
use crate::cable::{Cable, Classification, Precedence};

/// A shared list of shared strings (addressees, TAGS, caveats).
pub type StrList = Arc<[Arc<str>]>;

/// One cable in the inbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// File the cable was read from.
    pub path: Box<str>,
    /// Which cable in that file (0 for the usual one-cable file).
    pub index_in_file: u16,
    pub precedence: Option<Precedence>,
    pub classification: Option<Classification>,
    /// The parser had warnings for this cable.
    pub has_warnings: bool,
    /// Canonical reference id, when one could be derived.
    pub id: Option<Box<str>>,
    /// DTG as Unix seconds.
    pub dtg: Option<i64>,
    pub origin: Arc<str>,
    /// Action (TO) addressees, in order.
    pub to: StrList,
    /// Info addressees, in order.
    pub info: StrList,
    pub subject: Box<str>,
    pub tags: StrList,
    pub caveats: StrList,
    /// Reference ids this cable cites.
    pub refs: Box<[Arc<str>]>,
    /// Letter pairs present in subject, id, origin and TAGS (a fast fuzzy reject; see `fuzzy`).
    pub gram_mask: [u64; 2],
    /// Section of a multi-section cable (number, and of how many when known); numbers above
    /// 255 are kept as 255, so the field fits in the record's padding.
    pub section: Option<(u8, Option<u8>)>,
}

impl Record {
    /// A record with its own (unshared) strings. Loading uses [`Record::from_cable_in`].
    pub fn from_cable(c: &Cable, index_in_file: u16) -> Record {
        Record::from_cable_in(c, index_in_file, &Interner::default())
    }

    /// A record whose repeated strings are shared through `interner`.
    pub fn from_cable_in(c: &Cable, index_in_file: u16, interner: &Interner) -> Record {
        Record::from_cable_at(c, index_in_file, c.file.as_str().into(), interner)
    }

    /// Like [`Record::from_cable_in`], with the file's path given (the loader shares one copy
    /// between the cables of a file).
    pub fn from_cable_at(
        c: &Cable,
        index_in_file: u16,
        path: Box<str>,
        interner: &Interner,
    ) -> Record {
        let list = |v: &mut dyn Iterator<Item = &str>| {
            let items: Vec<Arc<str>> = v.map(|s| interner.str(s)).collect();
            interner.list(items)
        };
        let mut r = Record {
            path,
            index_in_file,
            precedence: c.precedence,
            classification: c.classification,
            has_warnings: !c.warnings.is_empty(),
            id: c.id.as_deref().map(Into::into),
            dtg: c.dtg.map(|d| d.timestamp()),
            origin: interner.str(c.origin.as_deref().unwrap_or("")),
            to: list(&mut c.to.iter().map(|a| a.addressee.as_str())),
            info: list(&mut c.info.iter().map(|a| a.addressee.as_str())),
            subject: c.subject.as_deref().unwrap_or("").into(),
            tags: list(&mut c.tags.iter().map(String::as_str)),
            caveats: list(&mut c.caveats.iter().map(String::as_str)),
            refs: c
                .references
                .iter()
                .filter_map(|r| r.id.as_deref())
                .map(|s| interner.str(s))
                .collect(),
            gram_mask: [0; 2],
            section: c.section.map(|s| {
                let clamp = |n: u32| u8::try_from(n).unwrap_or(u8::MAX);
                (clamp(s.number), s.of.map(clamp))
            }),
        };
        r.refresh_mask();
        r
    }

    /// Recompute [`Record::gram_mask`] after changing subject, id, origin or TAGS by hand.
    pub fn refresh_mask(&mut self) {
        let mut m = gram_mask(&self.subject) | gram_mask(&self.origin);
        if let Some(id) = &self.id {
            m |= gram_mask(id);
        }
        for t in self.tags.iter() {
            m |= gram_mask(t);
        }
        self.gram_mask = split_mask(m);
    }

    /// The key triage state is stored under: the reference id, or `file:<path>#<n>`.
    pub fn key(&self) -> String {
        match &self.id {
            Some(id) => id.to_string(),
            None => format!("file:{}#{}", self.path, self.index_in_file),
        }
    }

    pub fn dtg_utc(&self) -> Option<DateTime<Utc>> {
        self.dtg.and_then(|s| DateTime::from_timestamp(s, 0))
    }

    pub fn action_addressee(&self) -> &str {
        self.to.first().map(|s| &**s).unwrap_or("")
    }

    /// Heap bytes owned by this record alone (shared strings and lists not counted).
    pub fn own_heap_bytes(&self) -> usize {
        self.path.len()
            + self.id.as_ref().map_or(0, |s| s.len())
            + self.subject.len()
            + self.refs.len() * std::mem::size_of::<Arc<str>>()
    }
}

const SHARDS: usize = 16;

/// Shares equal strings and equal lists between records. Safe to use from many threads (sharded
/// locks); cheap to drop once loading is over (the records keep what they use).
///
/// Lists are compared by the identity of their items, which [`Interner::str`] makes equal for
/// equal strings: finding a list hashes a few pointers, never the text again.
pub struct Interner {
    strs: Vec<Mutex<HashTable<Arc<str>>>>,
    lists: Vec<Mutex<HashTable<StrList>>>,
    hasher: hashbrown::DefaultHashBuilder,
    empty: StrList,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            strs: (0..SHARDS).map(|_| Mutex::default()).collect(),
            lists: (0..SHARDS).map(|_| Mutex::default()).collect(),
            hasher: Default::default(),
            empty: Arc::from(Vec::new()),
        }
    }
}

/// The addresses of a list's items, the key lists are shared by.
fn item_addrs(items: &[Arc<str>]) -> impl Iterator<Item = usize> + '_ {
    items.iter().map(|a| Arc::as_ptr(a).cast::<u8>() as usize)
}

impl Interner {
    fn str_hash(&self, s: &str) -> u64 {
        self.hasher.hash_one(s)
    }

    fn list_hash(&self, items: &[Arc<str>]) -> u64 {
        let mut h = self.hasher.build_hasher();
        for a in item_addrs(items) {
            h.write_usize(a);
        }
        h.finish()
    }

    /// The shared copy of `s`.
    pub fn str(&self, s: &str) -> Arc<str> {
        let hash = self.str_hash(s);
        let Ok(mut set) = self.strs[hash as usize % SHARDS].lock() else {
            return Arc::from(s);
        };
        if let Some(a) = set.find(hash, |a| &**a == s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        set.insert_unique(hash, a.clone(), |a| self.str_hash(a));
        a
    }

    /// The shared copy of a list whose items came from [`Interner::str`] (other items are kept,
    /// just not shared).
    pub fn list(&self, items: Vec<Arc<str>>) -> StrList {
        if items.is_empty() {
            return self.empty.clone();
        }
        let hash = self.list_hash(&items);
        let Ok(mut set) = self.lists[hash as usize % SHARDS].lock() else {
            return Arc::from(items);
        };
        let same = |l: &StrList| l.len() == items.len() && item_addrs(l).eq(item_addrs(&items));
        if let Some(a) = set.find(hash, same) {
            return a.clone();
        }
        let a: StrList = Arc::from(items);
        set.insert_unique(hash, a.clone(), |l| self.list_hash(l));
        a
    }

    /// Heap bytes held by the shared strings and lists (an estimate: contents plus Arc headers).
    pub fn heap_bytes(&self) -> usize {
        let strs: usize = self
            .strs
            .iter()
            .filter_map(|m| m.lock().ok())
            .map(|s| s.iter().map(|a| a.len() + 16).sum::<usize>())
            .sum();
        let lists: usize = self
            .lists
            .iter()
            .filter_map(|m| m.lock().ok())
            .map(|s| s.iter().map(|a| a.len() * 16 + 16).sum::<usize>())
            .sum();
        strs + lists
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_stays_compact() {
        // Inline size; the report in the README adds the per-record heap measured on the corpus.
        assert!(
            std::mem::size_of::<Record>() <= 184,
            "{}",
            std::mem::size_of::<Record>()
        );
    }

    #[test]
    fn interner_shares_equal_strings_and_lists() {
        let i = Interner::default();
        let a = i.str("SECSTATE WASHDC");
        let b = i.str("SECSTATE WASHDC");
        assert!(Arc::ptr_eq(&a, &b));
        let l1 = i.list(vec![a.clone()]);
        let l2 = i.list(vec![b]);
        assert!(Arc::ptr_eq(&l1, &l2));
    }
}
