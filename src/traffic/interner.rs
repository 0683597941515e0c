//! Sharing repeated strings and lists between records: the [`Interner`], and the thin shared
//! string and list types a [`super::record::Record`] holds.

use std::hash::BuildHasher;
use std::sync::Mutex;

use hashbrown::HashTable;

use super::mask::letter_mask;

/// A shared string (a directory, origin, addressee, TAG or caveat): a thin pointer, 8 bytes
/// where `Arc<str>` takes 16, to its count, length and text in one allocation.
pub type Sym = arcstr::ArcStr;

/// A shared list of shared strings (addressees, TAGS, caveats): a thin pointer (8 bytes in the
/// record, where `Arc<[T]>` takes 16) to its count, length and items in one allocation. The list
/// itself is shared between records. Reads as a slice of [`Sym`].
#[derive(Clone)]
pub struct StrList(triomphe::ThinArc<(), Sym>);

impl StrList {
    /// A new list of these items (not shared: [`Interner::list_of`] shares).
    pub fn new(items: impl ExactSizeIterator<Item = Sym>) -> StrList {
        StrList(triomphe::ThinArc::from_header_and_iter((), items))
    }

    /// The list's identity: the address of its allocation, read without touching it (its
    /// length lives there), so that telling lists apart costs no cache miss.
    pub fn addr(&self) -> usize {
        self.0.as_ptr() as usize
    }

    /// The same list, not merely an equal one.
    pub fn ptr_eq(a: &StrList, b: &StrList) -> bool {
        a.addr() == b.addr()
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
/// [`Interner::list_of`] computes from their text.
#[derive(Default, Clone, Copy)]
pub struct ListHash(u64);

impl ListHash {
    /// Add the next item, by the hash [`Interner::hash`] gives it.
    pub fn add(&mut self, item_hash: u64) {
        self.0 = mix(self.0, item_hash);
    }

    /// The hash made so far (what [`Interner::adopt`] takes with a list).
    pub fn value(self) -> u64 {
        self.0
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
    /// Origins (shared as by [`Interner::str`]) with their [`letter_mask`].
    origins: Shards<(Sym, u64)>,
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
    /// The hash `s` is shared by (in this interner only: each has its own seed).
    pub fn hash(&self, s: &str) -> u64 {
        self.hasher.hash_one(s)
    }

    /// Take in strings and lists made elsewhere (an index's tables), each with the hash this
    /// interner shares it by ([`Interner::hash`], [`ListHash`]), so that what is shared from now
    /// on shares them. One already held is kept, and the copy given is not taken.
    pub fn adopt(&self, strs: &[(Sym, u64)], lists: &[(u64, StrList)]) {
        self.reserve(strs.len(), lists.len());
        for (s, h) in strs {
            let Ok(mut set) = self.strs[*h as usize % SHARDS].lock() else {
                continue;
            };
            if set.find(*h, |a| **a == **s).is_none() {
                set.insert_unique(*h, s.clone(), |a| self.hash(a));
            }
        }
        for (h, l) in lists {
            let Ok(mut set) = self.lists[*h as usize % SHARDS].lock() else {
                continue;
            };
            let same = |(lh, held): &(u64, StrList)| *lh == *h && texts(held).eq(texts(l));
            if set.find(*h, same).is_none() {
                set.insert_unique(*h, (*h, l.clone()), |(h, _)| *h);
            }
        }
    }

    /// The shared copy of `s`.
    pub fn str(&self, s: &str) -> Sym {
        self.str_hashed(s, self.hash(s))
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
        set.insert_unique(hash, a.clone(), |a| self.hash(a));
        a
    }

    /// The shared copy of an origin, and its [`letter_mask`] (computed once per origin).
    pub fn origin(&self, s: &str) -> (Sym, u64) {
        let hash = self.hash(s);
        let Ok(mut set) = self.origins[hash as usize % SHARDS].lock() else {
            return (self.str(s), letter_mask(s));
        };
        if let Some((a, m)) = set.find(hash, |(a, _)| &**a == s) {
            return (a.clone(), *m);
        }
        let (a, m) = (self.str(s), letter_mask(s));
        set.insert_unique(hash, (a.clone(), m), |(a, _)| self.hash(a));
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
            let h = self.hash(s);
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

    /// Make room for about `strs` more strings and `lists` more lists (the index knows its
    /// tables' sizes before it fills them; growing the tables step by step rehashes them).
    pub fn reserve(&self, strs: usize, lists: usize) {
        for m in &self.strs {
            if let Ok(mut t) = m.lock() {
                t.reserve(strs / SHARDS + 1, |a| self.hash(a));
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
            .map(|s| s.iter().map(str_heap).sum::<usize>())
            .sum();
        let lists: usize = self
            .lists
            .iter()
            .filter_map(|m| m.lock().ok())
            .map(|s| s.iter().map(|(_, l)| list_heap(l)).sum::<usize>())
            .sum();
        strs + lists
    }

    /// [`Interner::heap_bytes`] of tables not (yet) adopted.
    pub fn heap_bytes_of(strs: &[(Sym, u64)], lists: &[(u64, StrList)]) -> usize {
        strs.iter().map(|(s, _)| str_heap(s)).sum::<usize>()
            + lists.iter().map(|(_, l)| list_heap(l)).sum::<usize>()
    }
}

fn str_heap(s: &Sym) -> usize {
    s.len() + 16
}

fn list_heap(l: &StrList) -> usize {
    l.len() * std::mem::size_of::<Sym>() + 16
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
        let l1 = i.list_of(["SECSTATE WASHDC"].into_iter());
        let l2 = i.list_of(["SECSTATE WASHDC"].into_iter());
        assert!(StrList::ptr_eq(&l1, &l2) && Sym::ptr_eq(&l1[0], &a));
        let l4 = i.list_of(["AMEMBASSY NOWHERE", "SECSTATE WASHDC"].into_iter());
        let l5 = i.list_of(["AMEMBASSY NOWHERE", "SECSTATE WASHDC"].into_iter());
        assert!(StrList::ptr_eq(&l4, &l5) && Sym::ptr_eq(&l4[1], &a));
        assert_eq!(l4.len(), 2);
        // Order counts.
        let l6 = i.list_of(["SECSTATE WASHDC", "AMEMBASSY NOWHERE"].into_iter());
        assert!(!StrList::ptr_eq(&l4, &l6));
        assert!(i.list_of(std::iter::empty()).is_empty());
    }

    /// Strings and lists made elsewhere (the index's way: each hashed by the interner, a list
    /// from its items' hashes) are what the interner shares once adopted; one it held already
    /// stays the one shared.
    #[test]
    fn adopted_strings_and_lists_are_shared() {
        let i = Interner::default();
        let held = i.str("AMEMBASSY NOWHERE");
        let made = |s: &str| (Sym::from(s), i.hash(s));
        let strs = [
            made("AMEMBASSY NOWHERE"),
            made("SECSTATE WASHDC"),
            made("PREL"),
        ];
        let mut h = ListHash::default();
        h.add(strs[1].1);
        h.add(strs[2].1);
        let list = StrList::new([strs[1].0.clone(), strs[2].0.clone()].into_iter());
        i.adopt(&strs, &[(h.value(), list.clone())]);
        assert!(Sym::ptr_eq(&i.str("SECSTATE WASHDC"), &strs[1].0));
        assert!(Sym::ptr_eq(&i.str("AMEMBASSY NOWHERE"), &held));
        assert!(!Sym::ptr_eq(&i.str("AMEMBASSY NOWHERE"), &strs[0].0));
        let found = i.list_of(["SECSTATE WASHDC", "PREL"].into_iter());
        assert!(StrList::ptr_eq(&found, &list));
        // Adopting the same tables again changes nothing.
        i.adopt(&strs, &[(h.value(), list.clone())]);
        assert!(StrList::ptr_eq(
            &i.list_of(["SECSTATE WASHDC", "PREL"].into_iter()),
            &list
        ));
    }
}
