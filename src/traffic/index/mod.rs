//! The index cache: `<state>/index.bin`, a compact binary copy of the parsed records of every
//! file, keyed by the file's path (relative to the traffic directory), size and modification time.
//!
//! Layout (all integers little-endian; `v` = LEB128 varint, `z` = zigzag varint):
//! `"CTINDEX\x01"`, version `u32`, payload length `u64`, checksum `u64`, then the payload:
//! root path; string table (`v` count, each `v` len + UTF-8); list table (`v` count, each `v` n +
//! n string ids); files in blocks (`v` block count; each block: `v` byte length, `v` count, and
//! per file: path, `v` size, `z` mtime ns, kind byte; kind 1 = problem with its reason; kind 0 =
//! `v` record count and the records). Blocks decode in parallel. The checksum covers the
//! payload; a damaged, truncated, foreign or old-version index is rebuilt, never trusted. Decoding
//! checks every length against the bytes left, so garbage cannot panic or allocate wildly.
//! Written atomically: a temp file in the state directory, then a rename.

use std::collections::HashMap;
use std::io::Write;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::fuzzy::{join_mask, split_mask};
use super::read::Stamp;
use super::record::{Interner, Record, RecordParts, StrList, addr_of};
use crate::cable::{Classification, Precedence};

pub const FILE_NAME: &str = "index.bin";
const MAGIC: &[u8; 8] = b"CTINDEX\x01";
/// Bump when the layout or the meaning of a record changes.
pub const VERSION: u32 = 4;
const HEADER: usize = 8 + 4 + 8 + 8;
/// Files per block of the files section (blocks decode in parallel).
const BLOCK: usize = 4096;

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

impl IndexError {
    /// A note for the user, or `None` when there is nothing to say (no index yet).
    pub fn note(&self) -> Option<String> {
        match self {
            IndexError::Missing => None,
            e => Some(format!("{e}; rebuilt")),
        }
    }
}

/// What the index says one file is.
#[derive(Debug)]
pub enum EntryOutcome {
    Records(Vec<Record>),
    Problem(String),
}

impl Default for EntryOutcome {
    fn default() -> Self {
        EntryOutcome::Records(Vec::new())
    }
}

#[derive(Debug)]
pub struct IndexEntry {
    pub stamp: Stamp,
    pub outcome: EntryOutcome,
}

/// A loaded index.
#[derive(Debug, Default)]
pub struct Index {
    pub entries: Vec<IndexEntry>,
    /// Entry by hash of its relative path; the path is checked against `rels` on lookup.
    by_rel: HashMap<u64, usize>,
    /// All relative paths, one after another (one allocation instead of one per file).
    rels: String,
    rel_ends: Vec<usize>,
    /// False for the empty index that stands in for a missing or rejected one.
    pub valid: bool,
}

fn rel_of(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

fn root_key(root: &Path) -> String {
    std::fs::canonicalize(root)
        .unwrap_or_else(|_| root.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

impl Index {
    /// The entry for `path` (a file under `root`).
    pub fn lookup(&self, root: &Path, path: &Path) -> Option<usize> {
        if self.by_rel.is_empty() {
            return None;
        }
        let find = |rel: &str| -> Option<usize> {
            let i = *self.by_rel.get(&rel_hash(rel))?;
            let start = if i == 0 { 0 } else { self.rel_ends[i - 1] };
            (self.rels.get(start..self.rel_ends[i]) == Some(rel)).then_some(i)
        };
        // Without allocating when both are UTF-8 (the usual case).
        if let (Some(r), Some(p)) = (root.to_str(), path.to_str())
            && let Some(rel) = p.strip_prefix(r)
        {
            let rel = if r.ends_with('/') {
                rel
            } else {
                rel.strip_prefix('/').unwrap_or(rel)
            };
            return find(rel);
        }
        find(&rel_of(root, path))
    }
}

/// One file as the loader saw it, for writing the index.
#[derive(Debug)]
pub struct FileEntry {
    /// Index of the file in the `files` slice given to [`save`].
    file: usize,
    stamp: Stamp,
    problem: Option<String>,
    records: Range<usize>,
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
fn rel_hash(rel: &str) -> u64 {
    rel.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// A cheap 64-bit checksum, eight bytes at a time.
fn checksum(b: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = K ^ b.len() as u64;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
    }
    for &x in chunks.remainder() {
        h = (h ^ u64::from(x)).wrapping_mul(K).rotate_left(29);
    }
    h ^ (h >> 31)
}

// ---------------------------------------------------------------- writing

/// A shared string's or list's identity (see [`addr_of`]): repeats are found without hashing
/// their text; equal values at different addresses are merely written twice.
type Addr = (usize, usize);

struct Enc<'a> {
    out: Vec<u8>,
    strs: hashbrown::HashMap<Addr, u64>,
    str_list: Vec<&'a str>,
    lists: hashbrown::HashMap<Addr, u64>,
    list_list: Vec<&'a [Arc<str>]>,
}

impl<'a> Enc<'a> {
    fn v(&mut self, mut x: u64) {
        while x >= 0x80 {
            self.out.push((x as u8) | 0x80);
            x >>= 7;
        }
        self.out.push(x as u8);
    }
    fn z(&mut self, x: i64) {
        self.v(((x << 1) ^ (x >> 63)) as u64);
    }
    fn s(&mut self, s: &str) {
        self.v(s.len() as u64);
        self.out.extend_from_slice(s.as_bytes());
    }
    fn sym(&mut self, s: &'a str) -> u64 {
        let n = self.str_list.len() as u64;
        *self.strs.entry(addr_of(s.as_bytes())).or_insert_with(|| {
            self.str_list.push(s);
            n
        })
    }
    fn list(&mut self, l: &'a [Arc<str>]) -> u64 {
        for s in l {
            self.sym(s);
        }
        let n = self.list_list.len() as u64;
        *self.lists.entry(addr_of(l)).or_insert_with(|| {
            self.list_list.push(l);
            n
        })
    }
}

/// Write the index for `entries` (whose record ranges index into `records`), atomically.
pub fn save(
    path: &Path,
    root: &Path,
    files: &[std::path::PathBuf],
    entries: &[FileEntry],
    records: &[Record],
) -> std::io::Result<()> {
    let mut e = Enc {
        out: Vec::new(),
        strs: hashbrown::HashMap::new(),
        str_list: Vec::new(),
        lists: hashbrown::HashMap::new(),
        list_list: Vec::new(),
    };
    // Files section first (into its own buffer), so the tables it fills can be written before it.
    e.v(entries.chunks(BLOCK).len() as u64);
    // Buffers sized once: on this VM each page a growing buffer touches for the first time
    // costs a fault and a zeroing, which made up half of the save's time.
    let body_bytes: usize = records
        .iter()
        .map(|r| r.subject().len() + r.id().map_or(0, str::len) + 48)
        .sum();
    // (The tables of shared strings and lists are a few per cent of the whole.)
    e.out
        .reserve(body_bytes + files.len() * 48 + body_bytes / 8);
    let mut block_buf: Vec<u8> = Vec::with_capacity(body_bytes / entries.len().max(1) * BLOCK * 2);
    for block in entries.chunks(BLOCK) {
        // Each block is encoded into `block_buf` (kept between blocks), then copied out after
        // its length.
        block_buf.clear();
        std::mem::swap(&mut e.out, &mut block_buf);
        e.v(block.len() as u64);
        for f in block {
            let rel = files
                .get(f.file)
                .map(|p| rel_of(root, p))
                .unwrap_or_default();
            e.s(&rel);
            e.v(f.stamp.size);
            e.z(f.stamp.mtime_ns);
            match &f.problem {
                Some(reason) => {
                    e.out.push(1);
                    e.s(reason);
                }
                None => {
                    e.out.push(0);
                    let recs = records.get(f.records.clone()).unwrap_or(&[]);
                    e.v(recs.len() as u64);
                    for r in recs {
                        e.v(u64::from(r.index_in_file));
                        let flags = u8::from(r.has_warnings)
                            | u8::from(r.id().is_some()) << 1
                            | u8::from(r.dtg().is_some()) << 2;
                        e.out.push(flags);
                        e.out.push(r.precedence.map_or(255, |p| p.rank()));
                        e.out.push(r.classification.map_or(255, |c| c.rank()));
                        if let Some(id) = r.id() {
                            e.s(id);
                        }
                        if let Some(d) = r.dtg() {
                            e.z(d);
                        }
                        let o = e.sym(&r.origin);
                        e.v(o);
                        for l in [&r.to, &r.info, &r.tags, &r.caveats] {
                            let id = e.list(l);
                            e.v(id);
                        }
                        e.v(r.refs.len() as u64);
                        for s in r.refs.iter() {
                            let id = e.sym(s);
                            e.v(id);
                        }
                        e.s(r.subject());
                        e.out
                            .extend_from_slice(&join_mask(r.gram_mask).to_le_bytes());
                        // Section: number + 1 (0: none), then of + 1 (0: unknown).
                        let (n, of) = r.section.map_or((0, 0), |(n, of)| {
                            (u64::from(n) + 1, of.map_or(0, |o| u64::from(o) + 1))
                        });
                        e.v(n);
                        if n != 0 {
                            e.v(of);
                        }
                    }
                }
            }
        }
        std::mem::swap(&mut e.out, &mut block_buf);
        e.v(block_buf.len() as u64);
        e.out.extend_from_slice(&block_buf);
    }
    let files = std::mem::take(&mut e.out);
    let strs = std::mem::take(&mut e.str_list);
    let lists = std::mem::take(&mut e.list_list);
    let str_ids = std::mem::take(&mut e.strs);
    e.s(&root_key(root));
    e.v(strs.len() as u64);
    for s in &strs {
        e.s(s);
    }
    e.v(lists.len() as u64);
    for l in &lists {
        e.v(l.len() as u64);
        for s in l.iter() {
            let id = str_ids.get(&addr_of(s.as_bytes())).copied().unwrap_or(0);
            e.v(id);
        }
    }
    // The tables go before the files section: moved up inside its buffer (reserved with room
    // for them), not copied into a new one.
    let tables = std::mem::take(&mut e.out);
    let mut payload = files;
    payload.splice(0..0, tables);

    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".index").tempfile_in(dir)?;
    tmp.write_all(MAGIC)?;
    tmp.write_all(&VERSION.to_le_bytes())?;
    tmp.write_all(&(payload.len() as u64).to_le_bytes())?;
    tmp.write_all(&checksum(&payload).to_le_bytes())?;
    tmp.write_all(&payload)?;
    // No fsync: the index is a cache. A crash may leave it short or stale, which its length,
    // checksum and per-file stamps catch on the next start (it is then rebuilt, never trusted);
    // waiting for the disk cost a cold `list` of 250,000 cables about a third of a second.
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

// ---------------------------------------------------------------- reading

struct Dec<'a> {
    b: &'a [u8],
    at: usize,
}

type R<T> = Result<T, IndexError>;
const SHORT: IndexError = IndexError::Corrupt("truncated");

impl<'a> Dec<'a> {
    fn left(&self) -> usize {
        self.b.len() - self.at
    }
    fn u8(&mut self) -> R<u8> {
        let x = *self.b.get(self.at).ok_or(SHORT)?;
        self.at += 1;
        Ok(x)
    }
    fn v(&mut self) -> R<u64> {
        let mut x = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            x |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(x);
            }
        }
        Err(IndexError::Corrupt("bad number"))
    }
    fn z(&mut self) -> R<i64> {
        let u = self.v()?;
        Ok(((u >> 1) as i64) ^ -((u & 1) as i64))
    }
    /// A count of items each at least one byte long.
    fn count(&mut self) -> R<usize> {
        let n = self.v()?;
        if n > self.left() as u64 {
            return Err(IndexError::Corrupt("count larger than the file"));
        }
        Ok(n as usize)
    }
    fn bytes(&mut self, n: usize) -> R<&'a [u8]> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or(SHORT)?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn s(&mut self) -> R<&'a str> {
        let n = self.v()?;
        let n = usize::try_from(n).map_err(|_| SHORT)?;
        std::str::from_utf8(self.bytes(n)?).map_err(|_| IndexError::Corrupt("bad text"))
    }
    fn pick<T: Clone>(&mut self, table: &[T]) -> R<T> {
        let i = self.v()?;
        table
            .get(i as usize)
            .cloned()
            .ok_or(IndexError::Corrupt("bad table reference"))
    }
}

/// Read the index at `path` for traffic directory `root`. Strings are shared through `interner`.
pub fn load(path: &Path, root: &Path, interner: &Interner) -> Result<Index, IndexError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(IndexError::Missing),
        Err(e) => return Err(e.into()),
    };
    decode(&bytes, root, interner)
}

/// Decode index bytes (public for the robustness tests).
pub fn decode(bytes: &[u8], root: &Path, interner: &Interner) -> Result<Index, IndexError> {
    if bytes.len() < HEADER || &bytes[..8] != MAGIC {
        return Err(IndexError::BadMagic);
    }
    let word = |r: Range<usize>| -> u64 {
        let mut w = [0u8; 8];
        w[..r.len()].copy_from_slice(&bytes[r]);
        u64::from_le_bytes(w)
    };
    let version = word(8..12) as u32;
    if version != VERSION {
        return Err(IndexError::Version(version));
    }
    let len = word(12..20);
    let payload = &bytes[HEADER..];
    if len != payload.len() as u64 {
        return Err(IndexError::Corrupt("wrong length"));
    }
    if checksum(payload) != word(20..28) {
        return Err(IndexError::Checksum);
    }
    let mut d = Dec { b: payload, at: 0 };
    if d.s()? != root_key(root) {
        return Err(IndexError::OtherRoot);
    }
    let n = d.count()?;
    let mut strs: Vec<Arc<str>> = Vec::with_capacity(n);
    for _ in 0..n {
        strs.push(interner.str(d.s()?));
    }
    let n = d.count()?;
    let mut lists: Vec<StrList> = Vec::with_capacity(n);
    for _ in 0..n {
        let k = d.count()?;
        let mut items = Vec::with_capacity(k);
        for _ in 0..k {
            items.push(d.pick(&strs)?);
        }
        lists.push(interner.list(items));
    }
    // Blocks of files, each prefixed by its length, decoded in parallel.
    let nblocks = d.count()?;
    let mut blocks = Vec::with_capacity(nblocks);
    for _ in 0..nblocks {
        let len = usize::try_from(d.v()?).map_err(|_| SHORT)?;
        blocks.push(d.bytes(len)?);
    }
    let decoded: Vec<R<Vec<(&str, IndexEntry)>>> = blocks
        .par_iter()
        .map(|b| decode_block(b, root, &strs, &lists))
        .collect();
    let mut ix = Index {
        valid: true,
        ..Default::default()
    };
    for block in decoded {
        for (rel, entry) in block? {
            // On a (very unlikely) hash collision the later file is simply parsed again.
            ix.by_rel.entry(rel_hash(rel)).or_insert(ix.entries.len());
            ix.rels.push_str(rel);
            ix.rel_ends.push(ix.rels.len());
            ix.entries.push(entry);
        }
    }
    if d.left() != 0 {
        return Err(IndexError::Corrupt("trailing bytes"));
    }
    Ok(ix)
}

/// One block of file entries.
fn decode_block<'a>(
    bytes: &'a [u8],
    root: &Path,
    strs: &[Arc<str>],
    lists: &[StrList],
) -> R<Vec<(&'a str, IndexEntry)>> {
    let mut d = Dec { b: bytes, at: 0 };
    let n = d.count()?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let rel = d.s()?;
        let stamp = Stamp {
            size: d.v()?,
            mtime_ns: d.z()?,
        };
        let outcome = match d.u8()? {
            1 => EntryOutcome::Problem(d.s()?.to_string()),
            0 => {
                let path: Box<str> = match root.to_str() {
                    // What the walk's `dir.join(name)` gives, built with one allocation.
                    Some(r) if !rel.is_empty() => {
                        let mut p = String::with_capacity(r.len() + 1 + rel.len());
                        p.push_str(r);
                        if !r.ends_with('/') {
                            p.push('/');
                        }
                        p.push_str(rel);
                        p.into_boxed_str()
                    }
                    _ => root.join(rel).to_string_lossy().into(),
                };
                let k = d.count()?;
                let mut recs = Vec::with_capacity(k);
                for _ in 0..k {
                    recs.push(record(&mut d, &path, strs, lists)?);
                }
                EntryOutcome::Records(recs)
            }
            _ => return Err(IndexError::Corrupt("bad entry kind")),
        };
        out.push((rel, IndexEntry { stamp, outcome }));
    }
    if d.left() != 0 {
        return Err(IndexError::Corrupt("block length"));
    }
    Ok(out)
}

fn record(d: &mut Dec, path: &str, strs: &[Arc<str>], lists: &[StrList]) -> R<Record> {
    let index_in_file =
        u16::try_from(d.v()?).map_err(|_| IndexError::Corrupt("bad cable number"))?;
    let flags = d.u8()?;
    let precedence = Precedence::from_rank(d.u8()?);
    let classification = Classification::from_rank(d.u8()?);
    let id = if flags & 2 != 0 { Some(d.s()?) } else { None };
    let dtg = if flags & 4 != 0 { Some(d.z()?) } else { None };
    let origin = d.pick(strs)?;
    let to = d.pick(lists)?;
    let info = d.pick(lists)?;
    let tags = d.pick(lists)?;
    let caveats = d.pick(lists)?;
    let k = d.count()?;
    let mut refs = Vec::with_capacity(k);
    for _ in 0..k {
        refs.push(d.pick(strs)?);
    }
    let subject = d.s()?;
    let mut m = [0u8; 16];
    m.copy_from_slice(d.bytes(16)?);
    let small = |v: u64| u8::try_from(v - 1).map_err(|_| IndexError::Corrupt("bad section"));
    let section = match d.v()? {
        0 => None,
        n => {
            let of = match d.v()? {
                0 => None,
                o => Some(small(o)?),
            };
            Some((small(n)?, of))
        }
    };
    let parts = RecordParts {
        path,
        index_in_file,
        precedence,
        classification,
        has_warnings: flags & 1 != 0,
        id,
        dtg,
        subject,
        section,
    };
    let mask = split_mask(u128::from_le_bytes(m));
    Ok(Record::assemble(
        parts,
        origin,
        [to, info, tags, caveats],
        refs.into(),
        Some(mask),
    ))
}
