//! The index's format as reader and writer share it: the header's constants, what a loaded
//! index holds ([`Index`]), why one is refused ([`IndexError`]), the files as the loader hands
//! them to the writer ([`FileEntry`]), and the checksum ([`Sum`]).

use std::ops::Range;

use crate::traffic::read::Stamp;
use crate::traffic::record::{Record, StrList, Sym};

pub const FILE_NAME: &str = "index.bin";
pub(super) const MAGIC: &[u8; 8] = b"CTINDEX\x01";
/// Bump when the layout or the meaning of a record changes.
pub const VERSION: u32 = 9;
pub(super) const HEADER: usize = 8 + 4 + 8 + 8 + 8;
/// Files per block of the files section (blocks decode in parallel).
pub(super) const BLOCK: usize = 4096;

/// Why an index could not be used.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("no index yet")]
    Missing,
    #[error("index unreadable: {0}")]
    Io(#[from] std::io::Error),
    #[error("index is not a cabletriage index")]
    BadMagic,
    #[error("index has version {0}, this build writes {VERSION}")]
    Version(u32),
    #[error("index is damaged (checksum mismatch)")]
    Checksum,
    #[error("index is damaged ({0})")]
    Corrupt(&'static str),
    #[error("index belongs to another traffic directory")]
    OtherRoot,
}

/// A decoding step's result.
pub(super) type R<T> = Result<T, IndexError>;
/// The error of a length that runs past the bytes there are.
pub(super) const SHORT: IndexError = IndexError::Corrupt("truncated");

impl IndexError {
    /// A note for the user, or `None` when there is nothing to say (no index yet).
    pub fn note(&self) -> Option<String> {
        match self {
            IndexError::Missing => None,
            e => Some(format!("{e}; rebuilt")),
        }
    }
}

/// A loaded index: for the file numbered `i`, its relative path in `paths`, `stamps[i]`, and
/// its records `records[range(i)]` (see [`Index::range`]) or why it is not a cable
/// ([`Index::problem`]).
#[derive(Debug, Default)]
pub struct Index {
    pub paths: Paths,
    /// Each file's size and modification time when it was indexed.
    pub stamps: Vec<Stamp>,
    /// Where each file's records end in `records`.
    pub ends: Vec<usize>,
    /// Every file's records, in file order: one vector, which the loader keeps as its own when
    /// the walk meets the files in the same order.
    pub records: Vec<Record>,
    /// The files that are not cables, by number (ascending), with why.
    pub problems: Vec<(usize, String)>,
    /// False for the empty index that stands in for a missing or rejected one.
    pub valid: bool,
    /// The strings and lists the records share, as read (see [`crate::traffic::Interner::adopt`]).
    pub shared: Shared,
}

impl Index {
    /// The numbers of file `i`'s records in `records` (empty for a problem or an unknown `i`).
    pub fn range(&self, i: usize) -> Range<usize> {
        let start = i
            .checked_sub(1)
            .map_or(0, |p| self.ends.get(p).copied().unwrap_or(0));
        start..self.ends.get(i).copied().unwrap_or(start)
    }

    /// Why file `i` is not a cable, when it is not.
    pub fn problem(&self, i: usize) -> Option<&str> {
        let at = self.problems.binary_search_by_key(&i, |(f, _)| *f).ok()?;
        Some(&self.problems[at].1)
    }
}

/// An index's shared strings and lists, each with the hash a [`crate::traffic::Interner`]
/// shares it by. They are in no interner yet: a load that takes every file from the index needs
/// none, and a load that parses files hands them over first, so that new records share them.
#[derive(Debug, Default)]
pub struct Shared {
    pub strs: Vec<(Sym, u64)>,
    pub lists: Vec<(u64, StrList)>,
}

/// The indexed files' relative paths. A file is looked for first where the walk's order says it
/// should be (the same number, which holds for every file until one is added or removed before
/// it); only on a miss is a table by hash built, once, and used from then on.
#[derive(Debug, Default)]
pub struct Paths {
    /// All relative paths, one after another (one allocation instead of one per file).
    rels: String,
    rel_ends: Vec<usize>,
    /// File number by hash of its relative path; the path is checked against `rels` on lookup.
    by_rel: std::sync::OnceLock<hashbrown::HashMap<u64, usize>>,
}

impl Paths {
    /// The number of the file whose path relative to the traffic root is `rel` (the bytes of
    /// its text form, see [`crate::traffic::relpath`]), trying `guess` first.
    pub fn lookup(&self, rel: &[u8], guess: usize) -> Option<usize> {
        if self.rel_ends.is_empty() {
            return None;
        }
        let rel_is = |i: usize| self.rel(i).map(str::as_bytes) == Some(rel);
        if rel_is(guess) {
            return Some(guess);
        }
        let by_rel = self.by_rel.get_or_init(|| {
            let mut m = hashbrown::HashMap::with_capacity(self.rel_ends.len());
            for i in 0..self.rel_ends.len() {
                // On a (very unlikely) hash collision the later file is simply parsed again.
                m.entry(rel_hash(self.rel(i).unwrap_or("").as_bytes()))
                    .or_insert(i);
            }
            m
        });
        let i = *by_rel.get(&rel_hash(rel))?;
        rel_is(i).then_some(i)
    }

    /// The relative path of file `i`.
    fn rel(&self, i: usize) -> Option<&str> {
        let start = i
            .checked_sub(1)
            .map_or(Some(0), |p| self.rel_ends.get(p).copied())?;
        self.rels.get(start..*self.rel_ends.get(i)?)
    }

    /// Make room for `files` more paths (their text grows as it comes: the reader does not
    /// know its length before it has read them).
    pub(super) fn reserve(&mut self, files: usize) {
        self.rel_ends.reserve_exact(files);
    }

    /// Add the next file's path.
    pub(super) fn push(&mut self, rel: &str) {
        self.rels.push_str(rel);
        self.rel_ends.push(self.rels.len());
    }
}

/// One file as the loader saw it, for writing the index.
#[derive(Debug)]
pub struct FileEntry {
    /// Index of the file in the `files` slice given to [`save`].
    pub(super) file: usize,
    pub(super) stamp: Stamp,
    pub(super) problem: Option<String>,
    pub(super) records: Range<usize>,
}

impl FileEntry {
    pub fn new(file: usize, stamp: Stamp, problem: Option<String>, records: Range<usize>) -> Self {
        FileEntry {
            file,
            stamp,
            problem,
            records,
        }
    }
}

/// FNV-1a of a relative path (for the lookup table; collisions are checked).
fn rel_hash(rel: &[u8]) -> u64 {
    rel.iter().copied().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// A cheap 64-bit checksum, eight bytes at a time, taken as the bytes are written.
#[derive(Default)]
pub(super) struct Sum {
    h: u64,
    /// Bytes not yet making up a whole word.
    tail: [u8; 8],
    tail_len: usize,
    len: u64,
}

impl Sum {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;

    pub(super) fn word(&mut self, w: u64) {
        self.h = (self.h ^ w).wrapping_mul(Self::K).rotate_left(29);
    }

    pub(super) fn update(&mut self, mut b: &[u8]) {
        self.len += b.len() as u64;
        if self.tail_len > 0 {
            let k = (8 - self.tail_len).min(b.len());
            self.tail[self.tail_len..self.tail_len + k].copy_from_slice(&b[..k]);
            self.tail_len += k;
            b = &b[k..];
            if self.tail_len < 8 {
                return;
            }
            self.word(u64::from_le_bytes(self.tail));
            self.tail_len = 0;
        }
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.word(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.tail_len = rest.len();
    }

    /// Bytes taken so far.
    pub(super) fn len(&self) -> u64 {
        self.len
    }

    /// The checksum of everything taken, and of `extra` (a header field it must also cover).
    pub(super) fn finish(&self, extra: u64) -> u64 {
        let mut s = Sum { ..*self };
        for i in 0..s.tail_len {
            s.word(u64::from(s.tail[i]));
        }
        s.word(s.len);
        s.word(extra);
        s.h ^ (s.h >> 31)
    }
}
