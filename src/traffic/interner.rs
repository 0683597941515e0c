//! Sharing repeated strings and lists between records: the [`Interner`], and the thin shared
//! string and list types a [`super::record::Record`] holds.

use std::hash::BuildHasher;
use std::sync::Mutex;

use hashbrown::HashTable;

use super::fuzzy::gram_mask;

/// A shared string (a directory, origin, addressee, TAG or caveat): a thin pointer, 8 bytes
/// where `Arc<str>` takes 16, to its count, length and text in one allocation.
pub type Sym = arcstr::ArcStr;

/// A shared list of shared strings (addressees, TAGS, caveats): a thin pointer (8 bytes in the
/// record, where `Arc<[T]>` takes 16) to its count, length and items in one allocation. The list
/// itself is shared between records. Reads as a slice of [`Sym`].
#[derive(Clone)]
pub struct StrList(triomphe::ThinArc<(), Sym>);

impl StrList {
    /// A new list of these items (not shared: [`Interner::list`] shares).
    pub fn new(items: impl ExactSizeIterator<Item = Sym>) -> StrList {
        StrList(triomphe::ThinArc::from_header_and_iter((), items))
    }

    /// The same list, not merely an equal one.
    pub fn ptr_eq(a: &StrList, b: &StrList) -> bool {
        std::ptr::eq(a.0.slice.as_ptr(), b.0.slice.as_ptr())
    }
}

impl std::ops::Deref for StrList {
    type Target = [Sym];
    fn deref(&self) -> &[Sym] {
        &self.0.slice
    }
}

impl PartialEq for StrList {
    fn eq(&self, other: &StrList) -> bool {
        **self == **other
    }
}

impl Eq for StrList {}

impl Default for StrList {
    fn default() -> Self {
        StrList::new(std::iter::empty())
    }
}

impl std::fmt::Debug for StrList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

const SHARDS: usize = 16;

/// A table split in [`SHARDS`] parts, each behind its own lock.
type Shards<T> = Vec<Mutex<HashTable<T>>>;

/// Item hashes [`Interner::list_of`] keeps while it looks for a list (most lists are shorter).
const KEPT_HASHES: usize = 16;

/// A list's hash being made, item by item, from the items' string hashes: the same value
/// [`Interner::list`] computes from their text.
#[derive(Default, Clone, Copy)]
pub struct ListHash(u64);

impl ListHash {
    /// Add the next item, by the hash [`Interner::str_and_hash`] gave it.
    pub fn add(&mut self, item_hash: u64) {
        self.0 = mix(self.0, item_hash);
    }
}

/// One step of a list's hash: order matters, so `[a, b]` and `[b, a]` differ.
fn mix(h: u64, item: u64) -> u64 {
    (h.rotate_left(23) ^ item).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Shares equal strings and equal lists between records. Safe to use from many threads (sharded
/// locks); cheap to drop once loading is over (the records keep what they use).
///
/// Lists are found by their text: one hash over all items finds a list already held without
/// looking up each item (most addressee lists repeat whole, and a TAGS list nearly always does).
/// Only a list seen for the first time has its items shared one by one.
pub struct Interner {
    strs: Shards<Sym>,
    /// Origins (shared as by [`Interner::str`]) with their [`gram_mask`].
    origins: Shards<(Sym, u128)>,
    /// Each list with its hash, kept so that growing a table hashes no text again.
    lists: Shards<(u64, StrList)>,
    hasher: hashbrown::DefaultHashBuilder,
    empty: StrList,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            strs: (0..SHARDS).map(|_| Mutex::default()).collect(),
            origins: (0..SHARDS).map(|_| Mutex::default()).collect(),
            lists: (0..SHARDS).map(|_| Mutex::default()).collect(),
            hasher: Default::default(),
            empty: StrList::default(),
        }
    }
}

/// The identity of a shared string (or any slice): its address and length. Values shared
/// through an [`Interner`] are equal exactly when these are, so tables of them (the index
/// writer's, the sort's ranks) can find repeats without hashing or comparing text; equal values
/// at different addresses are merely treated as distinct.
pub(crate) fn addr_of<T>(s: &[T]) -> (usize, usize) {
    (s.as_ptr() as usize, s.len())
}

/// A held list's items as text.
fn texts(l: &[Sym]) -> impl Iterator<Item = &str> + Clone {
    l.iter().map(|a| &**a)
}

impl Interner {
    fn str_hash(&self, s: &str) -> u64 {
        self.hasher.hash_one(s)
    }

    /// The hash a list is shared by: of its items' hashes as strings, in order.
    fn list_hash<'a>(&self, items: impl Iterator<Item = &'a str>) -> u64 {
        items.fold(0, |h, s| mix(h, self.str_hash(s)))
    }

    /// The shared copy of `s`.
    pub fn str(&self, s: &str) -> Sym {
        self.str_hashed(s, self.str_hash(s))
    }

    /// The shared copy of `s`, and the hash it is shared by (for [`ListHash::add`]).
    pub fn str_and_hash(&self, s: &str) -> (Sym, u64) {
        let h = self.str_hash(s);
        (self.str_hashed(s, h), h)
    }

    /// [`Interner::list`] with the list's hash made by the caller from its items' hashes (each
    /// from [`Interner::str_and_hash`]), so that no item's text is hashed again.
    pub fn list_hashed(&self, hash: ListHash, items: Vec<Sym>) -> StrList {
        if items.is_empty() {
            return self.empty.clone();
        }
        self.add_list(hash.0, items)
    }

    /// [`Interner::str`] with the hash of `s` known.
    fn str_hashed(&self, s: &str, hash: u64) -> Sym {
        let Ok(mut set) = self.strs[hash as usize % SHARDS].lock() else {
            return Sym::from(s);
        };
        if let Some(a) = set.find(hash, |a| &**a == s) {
            return a.clone();
        }
        let a = Sym::from(s);
        set.insert_unique(hash, a.clone(), |a| self.str_hash(a));
        a
    }

    /// The shared copy of an origin, and its [`gram_mask`] (computed once per origin).
    pub fn origin(&self, s: &str) -> (Sym, u128) {
        let hash = self.str_hash(s);
        let Ok(mut set) = self.origins[hash as usize % SHARDS].lock() else {
            return (self.str(s), gram_mask(s));
        };
        if let Some((a, m)) = set.find(hash, |(a, _)| &**a == s) {
            return (a.clone(), *m);
        }
        let (a, m) = (self.str(s), gram_mask(s));
        set.insert_unique(hash, (a.clone(), m), |(a, _)| self.str_hash(a));
        (a, m)
    }

    /// The shared list of these strings (each shared as by [`Interner::str`]). A list already
    /// held is found from one hash of its text, and only its own count is touched.
    pub fn list_of<'a, I>(&self, items: I) -> StrList
    where
        I: Iterator<Item = &'a str> + Clone,
    {
        if items.clone().next().is_none() {
            return self.empty.clone();
        }
        // The list's hash from its items' hashes, the first few of which are kept: a list seen
        // for the first time shares those items without hashing them again.
        let mut item_hashes = [0u64; KEPT_HASHES];
        let mut hash = 0;
        for (k, s) in items.clone().enumerate() {
            let h = self.str_hash(s);
            if let Some(kept) = item_hashes.get_mut(k) {
                *kept = h;
            }
            hash = mix(hash, h);
        }
        // One lock for looking and adding. A list seen for the first time has its items shared
        // while it is held: that takes string locks, never a list lock, so no thread waits on
        // another in a cycle.
        let Ok(mut set) = self.lists[hash as usize % SHARDS].lock() else {
            // A poisoned lock: share nothing, lose nothing.
            return StrList::new(items.map(Sym::from).collect::<Vec<_>>().into_iter());
        };
        if let Some((_, l)) = set.find(hash, |(h, l)| *h == hash && texts(l).eq(items.clone())) {
            return l.clone();
        }
        let shared = items.enumerate().map(|(k, s)| match item_hashes.get(k) {
            Some(&h) => self.str_hashed(s, h),
            None => self.str(s),
        });
        let a = StrList::new(shared.collect::<Vec<_>>().into_iter());
        set.insert_unique(hash, (hash, a.clone()), |(h, _)| *h);
        a
    }

    /// The shared copy of a list whose items came from [`Interner::str`] (other items are kept,
    /// just not shared).
    pub fn list(&self, items: Vec<Sym>) -> StrList {
        let hash = ListHash(self.list_hash(texts(&items)));
        self.list_hashed(hash, items)
    }

    /// Hold `items` as a list, unless another thread added the same list meanwhile.
    fn add_list(&self, hash: u64, items: Vec<Sym>) -> StrList {
        let Ok(mut set) = self.lists[hash as usize % SHARDS].lock() else {
            // A poisoned lock: share nothing, lose nothing.
            return StrList::new(items.into_iter());
        };
        if let Some((_, l)) = set.find(hash, |(h, l)| *h == hash && texts(l).eq(texts(&items))) {
            return l.clone();
        }
        let a = StrList::new(items.into_iter());
        set.insert_unique(hash, (hash, a.clone()), |(h, _)| *h);
        a
    }

    /// Make room for about `strs` more strings and `lists` more lists (the index knows its
    /// tables' sizes before it fills them; growing the tables step by step rehashes them).
    pub fn reserve(&self, strs: usize, lists: usize) {
        for m in &self.strs {
            if let Ok(mut t) = m.lock() {
                t.reserve(strs / SHARDS + 1, |a| self.str_hash(a));
            }
        }
        for m in &self.lists {
            if let Ok(mut t) = m.lock() {
                t.reserve(lists / SHARDS + 1, |(h, _)| *h);
            }
        }
    }

    /// Heap bytes held by the shared strings and lists (an estimate: contents plus the 16-byte
    /// header, count and length, of each string's and each list's one allocation).
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
            .map(|s| {
                s.iter()
                    .map(|(_, a)| a.len() * std::mem::size_of::<Sym>() + 16)
                    .sum::<usize>()
            })
            .sum();
        strs + lists
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interner_shares_equal_strings_and_lists() {
        let i = Interner::default();
        let a = i.str("SECSTATE WASHDC");
        let b = i.str("SECSTATE WASHDC");
        assert!(Sym::ptr_eq(&a, &b));
        let l1 = i.list(vec![a.clone()]);
        let l2 = i.list(vec![b]);
        assert!(StrList::ptr_eq(&l1, &l2));
        // Found from the strings alone, and new lists made from them share too.
        let l3 = i.list_of(["SECSTATE WASHDC"].into_iter());
        assert!(StrList::ptr_eq(&l1, &l3));
        let l4 = i.list_of(["AMEMBASSY NOWHERE", "SECSTATE WASHDC"].into_iter());
        let l5 = i.list_of(["AMEMBASSY NOWHERE", "SECSTATE WASHDC"].into_iter());
        assert!(StrList::ptr_eq(&l4, &l5) && Sym::ptr_eq(&l4[1], &a));
        assert_eq!(l4.len(), 2);
        // A list made from its items' kept hashes (the index's way) is the same shared list.
        let (x, hx) = i.str_and_hash("AMEMBASSY NOWHERE");
        let (y, hy) = i.str_and_hash("SECSTATE WASHDC");
        let mut h = ListHash::default();
        h.add(hx);
        h.add(hy);
        assert!(StrList::ptr_eq(&i.list_hashed(h, vec![x, y]), &l4));
        assert!(i.list_of(std::iter::empty()).is_empty());
    }
}
