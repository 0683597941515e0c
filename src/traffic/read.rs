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

use std::ffi::OsStr;
use std::fs::File;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::cable::{Cable, parse_bytes, parse_summary_bytes};

use super::record::{Interner, Record};

/// Files above this size are not read (the largest real cables are well under 1 MB).
pub const MAX_CABLE_BYTES: u64 = 4 * 1024 * 1024;
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

/// The flags every candidate file is opened with: never through a symlink (the walk follows
/// none, so one found here was swapped in since), never blocking (nor a FIFO swapped in hangs
/// us), never becoming our controlling terminal.
fn file_flags() -> rustix::fs::OFlags {
    use rustix::fs::OFlags;
    OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOFOLLOW | OFlags::NOCTTY | OFlags::CLOEXEC
}

/// The file systems whose files are not data but windows on the kernel (a process's
/// environment, the kernel log, device controls): never read, though their files call
/// themselves regular. By `statfs` magic number.
const PSEUDO_FS: [(u32, &str); 12] = [
    (0x9fa0, "proc"),
    (0x6265_6572, "sysfs"),
    (0x6462_6720, "debugfs"),
    (0x7472_6163, "tracefs"),
    (0x7363_6673, "securityfs"),
    (0x0027_e0eb, "cgroup"),
    (0x6367_7270, "cgroup2"),
    (0xcafe_4a11, "bpf"),
    (0x1cd1, "devpts"),
    (0x6165_676c, "pstore"),
    (0x6265_6570, "configfs"),
    (0xde5e_81e4, "efivarfs"),
];

/// The name of the pseudo file system `fd` is on, if it is on one (see [`PSEUDO_FS`]).
pub(crate) fn pseudo_fs(fd: impl rustix::fd::AsFd) -> Option<&'static str> {
    let st = rustix::fs::fstatfs(fd).ok()?;
    // The magic numbers are 32-bit; the field is wider (and signed) on some targets.
    let ty = (i128::from(st.f_type) & 0xFFFF_FFFF) as u32;
    PSEUDO_FS.iter().find(|(m, _)| *m == ty).map(|(_, n)| *n)
}

fn refused_fs(name: &str) -> std::io::Error {
    std::io::Error::other(format!(
        "on a {name} pseudo file system, whose files are not cables"
    ))
}

/// Open `path` by its path, as [`file_flags`] says, refusing a pseudo file system's file.
fn open(path: &Path) -> std::io::Result<File> {
    let fd = rustix::fs::open(path, file_flags(), rustix::fs::Mode::empty())?;
    if let Some(name) = pseudo_fs(&fd) {
        return Err(refused_fs(name));
    }
    Ok(File::from(fd))
}

/// A directory held open while the files in it are read: opening each file relative to it
/// spares the kernel the walk down every component of the file's full path (a few per cent of a
/// 250,000-file load).
pub struct Dir {
    path: PathBuf,
    fd: rustix::fd::OwnedFd,
}

impl Dir {
    /// Open `path` for looking up files in it (not for reading it), following a symlink (the
    /// traffic root may be one). None when it cannot be opened or is on a pseudo file system.
    pub fn open(path: &Path) -> Option<Dir> {
        use rustix::fs::{Mode, OFlags};
        let fd = rustix::fs::open(
            path,
            OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .ok()?;
        pseudo_fs(&fd).is_none().then(|| Dir {
            path: path.to_path_buf(),
            fd,
        })
    }

    /// The directory `rel` below this one (bytes, components joined by `/`), which is `path`:
    /// each component is opened through the one before without following a symlink, so that a
    /// directory swapped for a link since the walk cannot lead out of the traffic directory.
    /// None when that fails or the directory is on a pseudo file system.
    pub fn beneath(&self, rel: &[u8], path: &Path) -> Option<Dir> {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let mut fd: Option<rustix::fd::OwnedFd> = None;
        for name in rel.split(|&b| b == b'/').filter(|n| !n.is_empty()) {
            if name == b".." {
                return None;
            }
            let next = match &fd {
                Some(at) => rustix::fs::openat(at, OsStr::from_bytes(name), flags, Mode::empty()),
                None => rustix::fs::openat(&self.fd, OsStr::from_bytes(name), flags, Mode::empty()),
            };
            fd = Some(next.ok()?);
        }
        let fd = match fd {
            Some(fd) => fd,
            None => rustix::fs::openat(&self.fd, ".", flags, Mode::empty()).ok()?,
        };
        pseudo_fs(&fd).is_none().then(|| Dir {
            path: path.to_path_buf(),
            fd,
        })
    }

    /// Open the file named `name` in this directory, as [`file_flags`] says.
    fn open_name(&self, name: &OsStr) -> std::io::Result<File> {
        let fd = rustix::fs::openat(&self.fd, name, file_flags(), rustix::fs::Mode::empty())?;
        Ok(File::from(fd))
    }

    /// Open the file `path`, which must be directly in this directory, as [`open`] would.
    fn open_file(&self, path: &Path) -> std::io::Result<File> {
        match path.file_name() {
            Some(name) if path.parent() == Some(&self.path) => self.open_name(name),
            _ => open(path),
        }
    }
}

/// Read the full cable behind `record` (the `index_in_file`-th cable of its file) from the
/// traffic directory `root`, as the loader reads files: never through a symlink, never a
/// special file or one over [`MAX_CABLE_BYTES`], never blocking.
pub fn read_cable(root: &Path, record: &Record) -> Result<Cable, String> {
    let rel = record.rel_path();
    let path = super::relpath::join(root, &rel);
    let shown = path.to_string_lossy();
    let bytes = super::relpath::decode(&rel);
    let (dir, name) = match memchr::memrchr(b'/', &bytes) {
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (&[][..], &bytes[..]),
    };
    let opened = Dir::open(root)
        .and_then(|r| r.beneath(dir, root))
        .ok_or_else(|| std::io::Error::other("its folder cannot be opened"))
        .and_then(|d| d.open_name(OsStr::from_bytes(name)));
    let file = opened.map_err(|e| format!("{shown}: {e}"))?;
    let size = match file.metadata() {
        Ok(m) if !m.is_file() => return Err(format!("{shown}: not a regular file")),
        Ok(m) if m.len() > MAX_CABLE_BYTES => {
            return Err(format!("{shown}: too large to be a cable"));
        }
        Ok(m) => m.len() as usize,
        Err(e) => return Err(format!("{shown}: {e}")),
    };
    let mut buf = Vec::new();
    let n = read_sized(&file, size, &mut buf).map_err(|e| format!("{shown}: {e}"))?;
    let mut cables = parse_bytes(&buf[..n], &shown);
    let i = usize::from(record.index_in_file);
    if i < cables.len() {
        Ok(cables.swap_remove(i))
    } else {
        Err(format!("{shown}: the cable is no longer in this file"))
    }
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
    // The cables' `file` is left empty: records take their path from `records_of`.
    (judge(&buf[..n], ""), stamp, n as u64)
}

/// Reads a file whose size the caller has just taken into the front of `buf`, and returns how
/// many bytes it read. `buf` is scratch space kept between calls: it only grows, so it is zeroed
/// once, and its length is not the file's. One `read` call in the usual case (std's
/// `read_to_end` probes with small reads first: eleven calls for a 10 KB file); a file that
/// grew meanwhile is read on up to `MAX_CABLE_BYTES + 1`.
fn read_sized(mut file: &File, size: usize, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let cap = MAX_CABLE_BYTES as usize + 1;
    if buf.len() < size + 1 {
        buf.resize((size + 1).min(cap), 0);
    }
    let mut filled = 0;
    loop {
        if filled == buf.len() {
            if buf.len() >= cap {
                return Ok(filled);
            }
            let grown = (buf.len() * 2).min(cap);
            buf.resize(grown, 0);
        }
        match file.read(&mut buf[filled..]) {
            Ok(0) => return Ok(filled),
            Ok(k) => {
                filled += k;
                if filled == size {
                    return Ok(filled);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
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
