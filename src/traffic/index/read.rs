//! Reading the index: check the header, read the tables, then decode the blocks of files a few
//! megabytes at a time, each group in parallel, and check the checksum over it all. Every length
//! is checked against the bytes left.

use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;

use super::format::{HEADER, Index, IndexError, MAGIC, R, SHORT, Shared, Sum, VERSION};
use super::stream::{CHUNK, Source, Stream};
use crate::cable::{Classification, Precedence};
use crate::traffic::read::Stamp;
use crate::traffic::record::{Interner, ListHash, Record, RecordParts, StrList, Sym, split_path};
use crate::traffic::relpath::root_key;

struct Dec<'a> {
    b: &'a [u8],
    at: usize,
}

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
        // simdutf8: every path, id and subject of the index is checked here (2% of an indexed
        // start with std's validator).
        simdutf8::basic::from_utf8(self.bytes(n)?).map_err(|_| IndexError::Corrupt("bad text"))
    }
    fn pick<'t, T>(&mut self, table: &'t [T]) -> R<&'t T> {
        let i = self.v()?;
        table
            .get(i as usize)
            .ok_or(IndexError::Corrupt("bad table reference"))
    }
}

/// Read the index at `path` for traffic directory `root`. Strings are shared through `interner`.
pub fn load(path: &Path, root: &Path, interner: &Interner) -> Result<Index, IndexError> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(IndexError::Missing),
        Err(e) => return Err(e.into()),
    };
    decode_from(&file, root, interner, CHUNK)
}

/// Decode index bytes (public for the robustness tests). The files section is taken 61 bytes
/// at a time, not 4 MB, so that even a small index has blocks, records and numbers cut at
/// every place by the end of a chunk.
pub fn decode(bytes: &[u8], root: &Path, interner: &Interner) -> Result<Index, IndexError> {
    decode_from(&bytes, root, interner, 61)
}

/// Decode the index in `src`, reading its files section `chunk` bytes at a time.
fn decode_from(src: &impl Source, root: &Path, interner: &Interner, chunk: usize) -> R<Index> {
    let size = src.size()?;
    let mut head = [0u8; HEADER];
    if size < HEADER as u64 {
        return Err(IndexError::BadMagic);
    }
    src.read_at(0, &mut head)?;
    if &head[..8] != MAGIC {
        return Err(IndexError::BadMagic);
    }
    let word = |r: Range<usize>| -> u64 {
        let mut w = [0u8; 8];
        w[..r.len()].copy_from_slice(&head[r]);
        u64::from_le_bytes(w)
    };
    let version = word(8..12) as u32;
    if version != VERSION {
        return Err(IndexError::Version(version));
    }
    let len = word(12..20);
    if len != size - HEADER as u64 {
        return Err(IndexError::Corrupt("wrong length"));
    }
    let (sum_want, tables_at) = (word(20..28), word(28..36));
    if tables_at > len {
        return Err(IndexError::Corrupt("tables offset"));
    }
    let start = HEADER as u64;
    let mut tables = vec![0u8; usize::try_from(len - tables_at).map_err(|_| SHORT)?];
    src.read_at(start + tables_at, &mut tables)?;
    let mut files = Stream {
        src,
        at: start,
        end: start + tables_at,
        buf: Vec::new(),
        from: 0,
        chunk: chunk.max(1),
        sum: Sum::default(),
    };
    // Nothing decoded is used unless the checksum, over every byte, is right; when decoding
    // stops early, the rest is still read for it, so damage is reported as damage.
    let decoded = decode_parts(&mut files, &tables, tables_at, root, interner);
    while files.more()? {
        files.from = files.buf.len();
    }
    let mut sum = files.sum;
    sum.update(&tables);
    if sum.finish(tables_at) != sum_want {
        return Err(IndexError::Checksum);
    }
    decoded
}

fn decode_parts<S: Source>(
    files: &mut Stream<S>,
    tables: &[u8],
    tables_at: u64,
    root: &Path,
    interner: &Interner,
) -> R<Index> {
    let mut t = Dec { b: tables, at: 0 };
    // Every file and record takes at least a byte of the files section.
    let files_total = usize::try_from(t.v()?).map_err(|_| SHORT)?;
    let records_total = usize::try_from(t.v()?).map_err(|_| SHORT)?;
    if files_total as u64 > tables_at || records_total as u64 > tables_at {
        return Err(IndexError::Corrupt("count larger than the file"));
    }
    let shared = read_tables(&mut t, interner)?;
    let mut ix = Index {
        valid: true,
        ..Default::default()
    };
    ix.stamps.reserve_exact(files_total);
    ix.ends.reserve_exact(files_total);
    ix.paths.reserve(files_total);
    // Room past the indexed records for new traffic: the loader places the start's records in
    // this vector, and one outgrowing it would copy every record into fresh pages (24 MB at
    // 250,000). Room never filled is address space, not memory.
    let mut slots: Vec<Option<Record>> =
        Vec::with_capacity(records_total + records_total / 32 + 16);
    slots.resize_with(records_total, || None);
    let mut rest = &mut slots[..];
    let mut end = 0;
    let (want_root, mut root_seen) = (root_key(root), false);
    while files.more()? {
        let mut d = Dec {
            b: &files.buf,
            at: files.from,
        };
        if !root_seen {
            match d.s() {
                Ok(r) if r == want_root => root_seen = true,
                Ok(_) => return Err(IndexError::OtherRoot),
                // Cut by the end of the chunk.
                Err(_) if files.at < files.end => continue,
                Err(e) => return Err(e),
            }
        }
        // The whole blocks in the buffer, each with its stretch of the records.
        let mut blocks = Vec::new();
        loop {
            let at = d.at;
            let Ok(len) = d.v().map(|l| usize::try_from(l).unwrap_or(usize::MAX)) else {
                d.at = at;
                break;
            };
            if len as u64 > files.left() {
                return Err(SHORT);
            }
            let Ok(bytes) = d.bytes(len) else {
                d.at = at;
                break;
            };
            let mut b = Dec { b: bytes, at: 0 };
            let (n, k) = (b.count()?, b.count()?);
            let (mine, after) = std::mem::take(&mut rest)
                .split_at_mut_checked(k)
                .ok_or(IndexError::Corrupt("more records than counted"))?;
            rest = after;
            blocks.push((b, n, mine));
        }
        files.from = d.at;
        let decoded: Vec<R<Block>> = blocks
            .into_par_iter()
            .map(|(b, n, mine)| decode_block(b, n, mine, interner, &shared))
            .collect();
        for block in decoded {
            let block = block?;
            let base = ix.stamps.len();
            for (rel, (stamp, k)) in block.rels.iter().zip(block.files) {
                ix.paths.push(rel);
                ix.stamps.push(stamp);
                end += k;
                ix.ends.push(end);
            }
            ix.problems.extend(
                block
                    .problems
                    .into_iter()
                    .map(|(i, reason)| (base + i, reason)),
            );
        }
    }
    if !root_seen || files.from != files.buf.len() {
        return Err(SHORT);
    }
    if ix.stamps.len() != files_total || !rest.is_empty() {
        return Err(IndexError::Corrupt("file or record count"));
    }
    // Every slot was filled (each block checked its own count), so this keeps them all. (It
    // reuses the slots' allocation, as `flatten` would not: 24 MB not copied at 250,000.)
    ix.records = slots.into_iter().map_while(|r| r).collect();
    if ix.records.len() != records_total {
        return Err(IndexError::Corrupt("record count"));
    }
    ix.shared = shared;
    Ok(ix)
}

/// The tables of shared strings and lists. They are read, not yet shared: a load that takes
/// every file from the index needs no interner at all, and one that parses some files has the
/// loader hand the tables to the interner first (`Interner::adopt`). Each string's and list's
/// hash is kept for that (a list's from its items', so no text is hashed twice).
fn read_tables(t: &mut Dec, interner: &Interner) -> R<Shared> {
    let n = t.count()?;
    let mut strs: Vec<(Sym, u64)> = Vec::with_capacity(n);
    for _ in 0..n {
        let s = t.s()?;
        strs.push((Sym::from(s), interner.hash(s)));
    }
    let n = t.count()?;
    let mut lists: Vec<(u64, StrList)> = Vec::with_capacity(n);
    let mut items = Vec::new();
    for _ in 0..n {
        let k = t.count()?;
        let mut hash = ListHash::default();
        for _ in 0..k {
            let (s, h) = t.pick(&strs)?;
            items.push(s.clone());
            hash.add(*h);
        }
        lists.push((hash.value(), StrList::new(items.drain(..))));
    }
    if t.left() != 0 {
        return Err(IndexError::Corrupt("trailing bytes"));
    }
    Ok(Shared { strs, lists })
}

/// What one block of file entries held, but its records (which went to their slots).
struct Block<'a> {
    rels: Vec<&'a str>,
    /// Each file's stamp and number of records.
    files: Vec<(Stamp, usize)>,
    /// The files that are not cables (numbered within the block), with why.
    problems: Vec<(usize, String)>,
}

/// One block of `files` file entries, whose records fill `slots` exactly.
fn decode_block<'a>(
    mut d: Dec<'a>,
    files: usize,
    slots: &mut [Option<Record>],
    interner: &Interner,
    shared: &Shared,
) -> R<Block<'a>> {
    let mut out = Block {
        rels: Vec::with_capacity(files),
        files: Vec::with_capacity(files),
        problems: Vec::new(),
    };
    let mut slots = slots.iter_mut();
    let mut dir: Option<(&str, Sym)> = None;
    for i in 0..files {
        let rel = d.s()?;
        let stamp = Stamp {
            size: d.v()?,
            mtime_ns: d.z()?,
        };
        let mut k = 0;
        match d.u8()? {
            1 => out.problems.push((i, d.s()?.to_string())),
            0 => {
                let (rel_dir, name) = split_path(rel);
                // Files come folder by folder: the directory is shared once per run of them.
                if dir.as_ref().is_none_or(|(d, _)| *d != rel_dir) {
                    dir = Some((rel_dir, interner.str(rel_dir)));
                }
                let dir = dir.as_ref().map(|(_, s)| s.clone()).unwrap_or_default();
                k = d.count()?;
                for _ in 0..k {
                    let slot = slots
                        .next()
                        .ok_or(IndexError::Corrupt("more records than counted"))?;
                    *slot = Some(record(&mut d, dir.clone(), name, shared)?);
                }
            }
            _ => return Err(IndexError::Corrupt("bad entry kind")),
        }
        out.rels.push(rel);
        out.files.push((stamp, k));
    }
    if d.left() != 0 {
        return Err(IndexError::Corrupt("block length"));
    }
    if slots.next().is_some() {
        return Err(IndexError::Corrupt("fewer records than counted"));
    }
    Ok(out)
}

fn record(d: &mut Dec, dir: Sym, name: &str, shared: &Shared) -> R<Record> {
    let (strs, lists) = (&shared.strs, &shared.lists);
    let index_in_file =
        u16::try_from(d.v()?).map_err(|_| IndexError::Corrupt("bad cable number"))?;
    let flags = d.u8()?;
    let precedence = Precedence::from_rank(d.u8()?);
    let classification = Classification::from_rank(d.u8()?);
    let id = if flags & 2 != 0 { Some(d.s()?) } else { None };
    let dtg = if flags & 4 != 0 { Some(d.z()?) } else { None };
    let origin = d.pick(strs)?.0.clone();
    let to = d.pick(lists)?.1.clone();
    let info = d.pick(lists)?.1.clone();
    let tags = d.pick(lists)?.1.clone();
    let caveats = d.pick(lists)?.1.clone();
    let refs = d.s()?;
    let subject = d.s()?;
    let mut m = [0u8; 8];
    m.copy_from_slice(d.bytes(8)?);
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
        dir,
        name,
        index_in_file,
        precedence,
        classification,
        has_warnings: flags & 1 != 0,
        id,
        dtg,
        subject,
        section,
    };
    let letters = u64::from_le_bytes(m);
    Ok(Record::assemble(
        parts,
        origin,
        [to, info, tags, caveats],
        std::iter::once(refs),
        Some(letters),
    ))
}
