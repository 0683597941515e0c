//! Reading one candidate file and deciding whether it is a cable.
//!
//! The rule (the README repeats it): a file is **not a cable** when it
//! 1. cannot be opened or read ("unreadable: ..."), or is not a regular file (a FIFO, device or
//!    socket is never read: every file is opened without blocking and without following a
//!    symlink, and its type checked on the opened file), or lies on a pseudo file system such
//!    as /proc or /sys;
//! 2. is empty, or holds only white space ("empty");
//! 3. is larger than [`MAX_CABLE_BYTES`] ("too large to be a cable") — it is not read at all;
//! 4. holds a NUL byte ("binary data (NUL byte at offset N)");
//! 5. has no line break in its first [`MAX_FIRST_LINE`] bytes ("no line structure");
//! 6. or parses into nothing that looks like a cable: no DTG, origin, addressee, classification,
//!    TAGS, subject or reference id ("no cable structure found").
//!
//! Anything else is a cable, even one the parser has warnings for (truncated, odd encoding).

mod back;
mod open;

pub use back::{bare_cable, read_cable};
pub(crate) use open::pseudo_fs;
pub use open::{Dir, MAX_CABLE_BYTES};

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::cable::{Cable, parse_summary_bytes};

use super::record::{Interner, Record};
use open::{open, read_sized};

/// A cable's first line break must come within this many bytes.
pub const MAX_FIRST_LINE: usize = 64 * 1024;

/// Size and modification time of a file, the key of the index cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stamp {
    pub size: u64,
    pub mtime_ns: i64,
}

impl Stamp {
    pub fn of(m: &std::fs::Metadata) -> Stamp {
        Stamp {
            size: m.len(),
            mtime_ns: m
                .mtime()
                .saturating_mul(1_000_000_000)
                .saturating_add(m.mtime_nsec()),
        }
    }

    /// [`Stamp::of`] for a stat taken through rustix (the same fields, so the same stamp).
    pub fn of_stat(st: &rustix::fs::Stat) -> Stamp {
        Stamp {
            size: u64::try_from(st.st_size).unwrap_or(0),
            mtime_ns: st
                .st_mtime
                .saturating_mul(1_000_000_000)
                .saturating_add(i64::try_from(st.st_mtime_nsec).unwrap_or(0)),
        }
    }
}

/// What one file turned out to be.
#[derive(Debug)]
pub enum Outcome {
    /// The cables found, each with its index in the file (the same as in `parse_bytes`'s output).
    Cables(Vec<(u16, Cable)>),
    NotCable(String),
}

/// Read and judge one file; `buf` is reused between calls. Returns the outcome, the file's stamp
/// (when it could be taken) and the number of bytes read.
pub fn read_file(path: &Path, buf: &mut Vec<u8>) -> (Outcome, Option<Stamp>, u64) {
    read_file_in(None, path, buf)
}

/// [`read_file`] for a file of the traffic directory `root`: its folder is opened beneath
/// `root` without following a symlink ([`Dir::beneath`]), so that one swapped for a link
/// cannot lead elsewhere.
pub fn read_file_beneath(
    root: &Path,
    path: &Path,
    buf: &mut Vec<u8>,
) -> (Outcome, Option<Stamp>, u64) {
    let parent = path.parent().unwrap_or(root);
    let dir = super::relpath::rel_folder(root, path)
        .and_then(|rel| Dir::open(root)?.beneath(rel, parent));
    match dir {
        Some(d) => read_file_in(Some(&d), path, buf),
        None => (
            Outcome::NotCable("unreadable: its folder cannot be opened".into()),
            None,
            0,
        ),
    }
}

/// [`read_file`], opening the file through `dir` (its directory, held open) when given.
pub fn read_file_in(
    dir: Option<&Dir>,
    path: &Path,
    buf: &mut Vec<u8>,
) -> (Outcome, Option<Stamp>, u64) {
    let not = |s: String| Outcome::NotCable(s);
    let opened = match dir {
        Some(d) => d.open_file(path),
        None => open(path),
    };
    let file = match opened {
        Ok(f) => f,
        Err(e) => return (not(format!("unreadable: {e}")), None, 0),
    };
    let meta = match file.metadata() {
        Ok(m) => m,
        Err(e) => return (not(format!("unreadable: {e}")), None, 0),
    };
    let stamp = Some(Stamp::of(&meta));
    if !meta.is_file() {
        return (not("not a regular file".into()), stamp, 0);
    }
    if meta.len() > MAX_CABLE_BYTES {
        let mb = meta.len() as f64 / (1024.0 * 1024.0);
        return (
            not(format!(
                "too large to be a cable ({mb:.1} MB; the limit is 4 MB)"
            )),
            stamp,
            0,
        );
    }
    let n = match read_sized(&file, meta.len() as usize, buf) {
        Ok(n) => n,
        Err(e) => return (not(format!("unreadable: {e}")), stamp, 0),
    };
    // The parser is given the file's name: a name that is a reference id (as the release
    // names its files) is one honest source of a cable's year. Records take their path from
    // `records_of`.
    (judge(&buf[..n], &path.to_string_lossy()), stamp, n as u64)
}

/// The inbox records of one file's outcome, each with `rel` (its path relative to the traffic
/// root, in the text form of [`super::relpath`]) as its path, or why the file is not a cable.
/// Records are built (and their strings shared) on the calling thread.
pub fn records_of(outcome: Outcome, rel: &str, interner: &Interner) -> Result<Vec<Record>, String> {
    match outcome {
        Outcome::NotCable(reason) => Err(reason),
        Outcome::Cables(cables) => Ok(cables
            .iter()
            .map(|(i, c)| Record::from_cable_at(c, *i, rel, interner))
            .collect()),
    }
}

/// Apply rules 2–6 to a file's bytes.
pub fn judge(bytes: &[u8], file: &str) -> Outcome {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Outcome::NotCable("empty".into());
    }
    if bytes.len() as u64 > MAX_CABLE_BYTES {
        return Outcome::NotCable("too large to be a cable (the limit is 4 MB)".into());
    }
    if let Some(at) = memchr::memchr(0, bytes) {
        return Outcome::NotCable(format!("binary data (NUL byte at offset {at})"));
    }
    let head = &bytes[..bytes.len().min(MAX_FIRST_LINE)];
    if bytes.len() > MAX_FIRST_LINE && memchr::memchr2(b'\n', b'\r', head).is_none() {
        return Outcome::NotCable(format!(
            "no line structure (no line break in the first {} KB)",
            MAX_FIRST_LINE / 1024
        ));
    }
    let cables: Vec<(u16, Cable)> = parse_summary_bytes(bytes, file)
        .into_iter()
        .enumerate()
        .filter(|(_, c)| looks_like_cable(c))
        .map(|(i, c)| (u16::try_from(i).unwrap_or(u16::MAX), c))
        .collect();
    if cables.is_empty() {
        return Outcome::NotCable(
            "no cable structure found (no header, addressees, TAGS or subject)".into(),
        );
    }
    Outcome::Cables(cables)
}

/// Rule 6: did the parser find anything a cable has?
pub fn looks_like_cable(c: &Cable) -> bool {
    c.dtg.is_some()
        || c.origin.as_deref().is_some_and(|s| !s.trim().is_empty())
        || !c.to.is_empty()
        || c.classification.is_some()
        || !c.tags.is_empty()
        || c.subject.as_deref().is_some_and(|s| !s.trim().is_empty())
        || c.id.is_some()
}
