//! Writing the index. A [`Writer`] takes the files block by block, so the loader can hand it each
//! batch while the next one is read and parsed; [`Writer::finish`] then writes the shared tables
//! and the header and renames the file into place. [`save`] writes a whole load at once.

use std::borrow::Cow;
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use super::format::{BLOCK, FileEntry, HEADER, MAGIC, Sum, VERSION};
use crate::traffic::interner::addr_of;
use crate::traffic::record::{Record, StrList, Sym};
use crate::traffic::relpath::{rel_of, root_key};

/// A shared string's identity (see [`addr_of`]; a list's is [`StrList::addr`]): repeats are found
/// without hashing their text; equal values at different addresses are merely written twice.
type Addr = (usize, usize);

/// An index being written to a temporary file beside its final place.
pub struct Writer {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
    root: PathBuf,
    /// Checksum and length of the payload written so far.
    sum: Sum,
    /// Shared strings and lists met so far, with their ids (the order of the tables). The
    /// values are held so that their addresses stay theirs until the index is written.
    strs: hashbrown::HashMap<Addr, u64>,
    str_list: Vec<Sym>,
    /// Lists by [`StrList::addr`].
    lists: hashbrown::HashMap<usize, u64>,
    list_list: Vec<StrList>,
    /// The two tables' entries, encoded as each value is first met: [`Writer::finish`] then
    /// only writes them, instead of looking every list item up again once loading is over
    /// (a tenth of a second at the end of a cold load of 250,000 generated cables).
    str_table: Vec<u8>,
    list_table: Vec<u8>,
    /// The block being encoded (kept between blocks).
    buf: Vec<u8>,
    /// Files and records written so far.
    files: u64,
    records: u64,
    /// The last origin written, and the last TO, INFO, TAGS and caveats lists, with their ids.
    /// Files come in walk order, and neighbours share many of these (a folder of one post's
    /// traffic, to the same addressees): a repeat is then known without probing the large
    /// tables above.
    recent_origin: (Addr, u64),
    recent_lists: [(usize, u64); 4],
}

fn v(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push((x as u8) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

fn z(out: &mut Vec<u8>, x: i64) {
    v(out, ((x << 1) ^ (x >> 63)) as u64);
}

fn s(out: &mut Vec<u8>, s: &str) {
    v(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

impl Writer {
    /// Start an index for traffic directory `root`, to be renamed to `path` by [`Writer::finish`].
    pub fn create(path: &Path, root: &Path) -> std::io::Result<Writer> {
        let dir = path.parent().unwrap_or(Path::new("."));
        crate::state_dir::shared::create_dir(dir)?;
        let tmp = tempfile::Builder::new().prefix(".index").tempfile_in(dir)?;
        crate::state_dir::shared::share_file(tmp.as_file());
        // The header is written last, when the length and checksum are known.
        tmp.as_file().write_all(&[0u8; HEADER])?;
        let mut w = Writer {
            tmp,
            path: path.to_path_buf(),
            root: root.to_path_buf(),
            sum: Sum::default(),
            strs: hashbrown::HashMap::new(),
            str_list: Vec::new(),
            lists: hashbrown::HashMap::new(),
            list_list: Vec::new(),
            str_table: Vec::new(),
            list_table: Vec::new(),
            buf: Vec::new(),
            files: 0,
            records: 0,
            // No value is at address 0.
            recent_origin: ((0, 0), 0),
            recent_lists: [(0, 0); 4],
        };
        let mut head = Vec::new();
        s(&mut head, &root_key(root));
        w.put(&head)?;
        Ok(w)
    }

    /// Append payload bytes to the file and the checksum.
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.sum.update(bytes);
        self.tmp.as_file().write_all(bytes)
    }

    fn sym(&mut self, x: &Sym) -> u64 {
        let n = self.str_list.len() as u64;
        *self.strs.entry(addr_of(x.as_bytes())).or_insert_with(|| {
            self.str_list.push(x.clone());
            s(&mut self.str_table, x);
            n
        })
    }

    fn list(&mut self, l: &StrList) -> u64 {
        if let Some(&id) = self.lists.get(&l.addr()) {
            return id;
        }
        let mut entry = std::mem::take(&mut self.list_table);
        v(&mut entry, l.len() as u64);
        for x in l.iter() {
            let id = self.sym(x);
            v(&mut entry, id);
        }
        self.list_table = entry;
        let n = self.list_list.len() as u64;
        self.lists.insert(l.addr(), n);
        self.list_list.push(l.clone());
        n
    }

    /// Encode and write one block: `entries` (whose record ranges index into `records`, and
    /// whose file numbers index into `files`). Blocks are decoded in parallel on reading.
    pub fn add_block(
        &mut self,
        files: &[PathBuf],
        entries: &[FileEntry],
        records: &[Record],
    ) -> std::io::Result<()> {
        let mut out = std::mem::take(&mut self.buf);
        out.clear();
        let recs_of = |f: &FileEntry| match f.problem {
            Some(_) => &[][..],
            None => records.get(f.records.clone()).unwrap_or(&[]),
        };
        let n = entries.iter().map(|f| recs_of(f).len() as u64).sum();
        v(&mut out, entries.len() as u64);
        v(&mut out, n);
        self.files += entries.len() as u64;
        self.records += n;
        for f in entries {
            let rel = files
                .get(f.file)
                .map_or(Cow::Borrowed(""), |p| rel_of(&self.root, p));
            s(&mut out, &rel);
            v(&mut out, f.stamp.size);
            z(&mut out, f.stamp.mtime_ns);
            match &f.problem {
                Some(reason) => {
                    out.push(1);
                    s(&mut out, reason);
                }
                None => {
                    out.push(0);
                    let recs = recs_of(f);
                    v(&mut out, recs.len() as u64);
                    for r in recs {
                        self.record(&mut out, r);
                    }
                }
            }
        }
        let mut len = Vec::with_capacity(10);
        v(&mut len, out.len() as u64);
        let wrote = self.put(&len).and_then(|()| self.put(&out));
        self.buf = out;
        wrote
    }

    fn record(&mut self, out: &mut Vec<u8>, r: &Record) {
        v(out, u64::from(r.index_in_file));
        let flags = u8::from(r.has_warnings())
            | u8::from(r.id().is_some()) << 1
            | u8::from(r.dtg().is_some()) << 2;
        out.push(flags);
        out.push(r.precedence.map_or(255, |p| p.rank()));
        out.push(r.classification.map_or(255, |c| c.rank()));
        if let Some(id) = r.id() {
            s(out, id);
        }
        if let Some(d) = r.dtg() {
            z(out, d);
        }
        let origin = addr_of(r.origin.as_bytes());
        let o = match self.recent_origin {
            (a, id) if a == origin => id,
            _ => {
                let id = self.sym(&r.origin);
                self.recent_origin = (origin, id);
                id
            }
        };
        v(out, o);
        for (k, l) in [&r.to, &r.info, &r.tags, &r.caveats]
            .into_iter()
            .enumerate()
        {
            let at = l.addr();
            let id = match self.recent_lists[k] {
                (a, id) if a == at => id,
                _ => {
                    let id = self.list(l);
                    self.recent_lists[k] = (at, id);
                    id
                }
            };
            v(out, id);
        }
        s(out, r.refs_text());
        s(out, r.subject());
        out.extend_from_slice(&r.letters.to_le_bytes());
        // Section: number + 1 (0: none), then of + 1 (0: unknown).
        let (n, of) = r.section().map_or((0, 0), |(n, of)| {
            (u64::from(n) + 1, of.map_or(0, |o| u64::from(o) + 1))
        });
        v(out, n);
        if n != 0 {
            v(out, of);
        }
    }

    /// Write the tables of shared strings and lists, then the header, and rename the file into
    /// place.
    pub fn finish(mut self) -> std::io::Result<()> {
        let tables_at = self.sum.len();
        let mut count = Vec::with_capacity(30);
        v(&mut count, self.files);
        v(&mut count, self.records);
        v(&mut count, self.str_list.len() as u64);
        self.put(&count)?;
        let strs = std::mem::take(&mut self.str_table);
        self.put(&strs)?;
        count.clear();
        v(&mut count, self.list_list.len() as u64);
        self.put(&count)?;
        let lists = std::mem::take(&mut self.list_table);
        self.put(&lists)?;
        let mut head = Vec::with_capacity(HEADER);
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&VERSION.to_le_bytes());
        head.extend_from_slice(&self.sum.len().to_le_bytes());
        head.extend_from_slice(&self.sum.finish(tables_at).to_le_bytes());
        head.extend_from_slice(&tables_at.to_le_bytes());
        self.tmp.as_file().write_all_at(&head, 0)?;
        // No fsync: the index is a cache. A crash may leave it short or stale, which its length,
        // checksum and per-file stamps catch on the next start (it is then rebuilt, never
        // trusted); waiting for the disk cost a cold `list` of 250,000 cables a third of a second.
        self.tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Write the index for `entries` (whose record ranges index into `records`) in one go.
pub fn save(
    path: &Path,
    root: &Path,
    files: &[PathBuf],
    entries: &[FileEntry],
    records: &[Record],
) -> std::io::Result<()> {
    let mut w = Writer::create(path, root)?;
    for block in entries.chunks(BLOCK) {
        w.add_block(files, block, records)?;
    }
    w.finish()
}

/// Make `bytes`, an index edited in place, pass the header's checks again: this build's magic
/// and version, the payload's length, and its checksum (with the tables' offset the header
/// gives, kept within the payload). For tests and fuzzing, which reach the decoder's checks
/// past the checksum this way; the loader never calls it.
pub fn reseal(bytes: &mut Vec<u8>) {
    if bytes.len() < HEADER {
        bytes.resize(HEADER, 0);
    }
    let len = (bytes.len() - HEADER) as u64;
    let mut at = [0u8; 8];
    at.copy_from_slice(&bytes[28..36]);
    let tables_at = u64::from_le_bytes(at).min(len);
    let mut sum = Sum::default();
    sum.update(&bytes[HEADER..]);
    bytes[..8].copy_from_slice(MAGIC);
    bytes[8..12].copy_from_slice(&VERSION.to_le_bytes());
    bytes[12..20].copy_from_slice(&len.to_le_bytes());
    bytes[20..28].copy_from_slice(&sum.finish(tables_at).to_le_bytes());
    bytes[28..36].copy_from_slice(&tables_at.to_le_bytes());
}
