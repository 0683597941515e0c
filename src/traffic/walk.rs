//! Walking a traffic directory: every regular file is a candidate cable, except hidden paths (a
//! name starting with `.`) and the settings files `desks.toml` and `office.toml`. Whatever cannot be walked becomes a [`Problem`],
//! never an error.
//!
//! Symlinks (the root aside, which may be one) never take the walk out of the traffic directory,
//! nor into it twice: a link whose target is inside it is skipped, since the target is read
//! under its own name (so every cable has one path, which its triage key is made from); a link
//! that leads outside, into a hidden path, nowhere, or round in a loop is a [`Problem`] naming
//! why it is not followed ([`symlink_problem`]). Directories below the root are opened without
//! following a link, so one swapped in during the walk is refused too, and a directory on a
//! pseudo file system (/proc, /sys) is not read. A directory is entered only once (by device
//! and inode), whatever mounts there are.
//!
//! Directories of one level are read in parallel; each file's size and modification time (the
//! index key), when asked for, is taken by a stat of its name through the open directory, which
//! is cheaper than a stat by path later.

use std::collections::HashSet;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::model::Problem;
use super::read::{Stamp, pseudo_fs};

/// The result of a walk: candidate files in a stable order (level by level, names sorted within
/// a directory) with their stamps when asked for, and what was skipped.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    /// Parallel to `files` when the walk was asked for stamps (else empty).
    pub stamps: Vec<Option<Stamp>>,
    pub problems: Vec<Problem>,
}

/// Directories deeper than this are reported, not entered (a guard against pathological trees).
const MAX_DEPTH: usize = 256;

fn problem(path: &Path, reason: impl Into<String>) -> Problem {
    Problem {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// How a file that is not a regular one is named in its problem.
fn kind_name(ft: rustix::fs::FileType) -> &'static str {
    use rustix::fs::FileType;
    match ft {
        FileType::Fifo => "named pipe",
        FileType::Socket => "socket",
        FileType::BlockDevice | FileType::CharacterDevice => "device",
        _ => "special file",
    }
}

/// What reading one directory found.
#[derive(Default)]
struct DirScan {
    files: Vec<(PathBuf, Option<Stamp>)>,
    /// Subdirectories with their (device, inode).
    dirs: Vec<(PathBuf, (u64, u64))>,
    problems: Vec<Problem>,
}

/// One directory entry met by [`scan`]: where its name lies in the scan's name buffer, and its
/// type as the directory reported it.
struct Entry {
    start: usize,
    len: usize,
    kind: rustix::fs::FileType,
}

/// Room for the directory entries one `getdents` call returns (a few hundred names).
const DIRENT_BUF: usize = 32 * 1024;

/// Reads one directory (the root itself when `is_root`: only it is opened through a symlink).
/// Its entries are read with `getdents` into one buffer, and their names copied into one more
/// (std's `read_dir` allocates twice per entry, and a level of 250,000 files held all of those
/// at once); each file then gets its path, its only allocation.
fn scan(dir: &Path, canon_root: &Path, stamps: bool, is_root: bool) -> DirScan {
    use rustix::fs::{AtFlags, FileType, Mode, OFlags};
    let mut s = DirScan::default();
    let mut flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    if !is_root {
        flags |= OFlags::NOFOLLOW;
    }
    let fd = match rustix::fs::open(dir, flags, Mode::empty()) {
        Ok(fd) => fd,
        Err(e) => {
            s.problems.push(problem(
                dir,
                format!("unreadable directory: {}", std::io::Error::from(e)),
            ));
            return s;
        }
    };
    if let Some(name) = pseudo_fs(&fd) {
        let why = format!(
            "directory on a {name} pseudo file system, whose files are not cables; not read"
        );
        s.problems.push(problem(dir, why));
        return s;
    }
    let mut names: Vec<u8> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut buf = Vec::with_capacity(DIRENT_BUF);
    let mut raw = rustix::fs::RawDir::new(&fd, buf.spare_capacity_mut());
    while let Some(e) = raw.next() {
        let e = match e {
            Ok(e) => e,
            Err(err) => {
                // A failed read is not retried: the rest of the directory is reported unread.
                s.problems.push(problem(
                    dir,
                    format!("unreadable directory entry: {}", std::io::Error::from(err)),
                ));
                break;
            }
        };
        let name = e.file_name().to_bytes();
        if name.starts_with(b".") || is_settings_file(name) {
            continue;
        }
        entries.push(Entry {
            start: names.len(),
            len: name.len(),
            kind: e.file_type(),
        });
        names.extend_from_slice(name);
    }
    let name_of = |e: &Entry| &names[e.start..e.start + e.len];
    entries.sort_unstable_by(|a, b| name_of(a).cmp(name_of(b)));
    s.files.reserve(entries.len());
    for e in &entries {
        let name = std::ffi::OsStr::from_bytes(name_of(e));
        // One allocation of the right size.
        let mut path = PathBuf::with_capacity(dir.as_os_str().len() + 1 + name.len());
        path.push(dir);
        path.push(name);
        // The entry's own stat, through the open directory, without following a symlink:
        // taken only when needed (stamps, a directory's identity, a type the listing left out).
        let lstat = || rustix::fs::statat(&fd, name, AtFlags::SYMLINK_NOFOLLOW);
        let mut kind = e.kind;
        let mut stat = None;
        if kind == FileType::Unknown {
            match lstat() {
                Ok(st) => {
                    kind = FileType::from_raw_mode(st.st_mode);
                    stat = Some(st);
                }
                Err(_) => {
                    s.problems.push(problem(
                        &path,
                        "unreadable: cannot tell what kind of file it is",
                    ));
                    continue;
                }
            }
        }
        match kind {
            FileType::RegularFile => {
                let st = if stamps {
                    stat.map_or_else(lstat, Ok)
                        .ok()
                        .map(|st| Stamp::of_stat(&st))
                } else {
                    None
                };
                s.files.push((path, st));
            }
            FileType::Directory => match stat.map_or_else(lstat, Ok) {
                Ok(st) => s.dirs.push((path, (st.st_dev, st.st_ino))),
                Err(err) => s.problems.push(problem(
                    &path,
                    format!("unreadable directory: {}", std::io::Error::from(err)),
                )),
            },
            FileType::Symlink => {
                if let Some(why) = symlink_problem(&path, canon_root) {
                    s.problems.push(problem(&path, why));
                }
            }
            other => s.problems.push(problem(
                &path,
                format!("not a regular file ({})", kind_name(other)),
            )),
        }
    }
    s
}

/// Walk `root`, taking each file's stamp when `stamps`. Fails only when `root` itself cannot be
/// read as a directory.
pub fn walk_with(root: &Path, stamps: bool) -> std::io::Result<Walk> {
    let meta = rustix::fs::stat(root).map_err(std::io::Error::from)?;
    if rustix::fs::FileType::from_raw_mode(meta.st_mode) != rustix::fs::FileType::Directory {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            format!("{} is not a directory", root.display()),
        ));
    }
    let canon_root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut w = Walk::default();
    let mut visited = HashSet::new();
    visited.insert((meta.st_dev, meta.st_ino));
    let mut level = vec![root.to_path_buf()];
    let mut depth = 0;
    while !level.is_empty() {
        let scans: Vec<DirScan> = level
            .par_iter()
            .map(|d| scan(d, &canon_root, stamps, depth == 0))
            .collect();
        // Room for the level's files at once: a vector doubling its way to 250,000 paths
        // touches twice the memory it ends with.
        let found: usize = scans.iter().map(|s| s.files.len()).sum();
        w.files.reserve(found);
        if stamps {
            w.stamps.reserve(found);
        }
        let mut next = Vec::new();
        for s in scans {
            for (p, st) in s.files {
                w.files.push(p);
                if stamps {
                    w.stamps.push(st);
                }
            }
            w.problems.extend(s.problems);
            for (d, key) in s.dirs {
                // A directory seen before (through a symlink or a loop) is not entered again.
                if !visited.insert(key) {
                    continue;
                }
                if depth + 1 > MAX_DEPTH {
                    w.problems.push(problem(
                        &d,
                        format!("nested deeper than {MAX_DEPTH} directories; not entered"),
                    ));
                } else {
                    next.push(d);
                }
            }
        }
        level = next;
        depth += 1;
    }
    Ok(w)
}

/// Walk `root` without stamps.
pub fn walk(root: &Path) -> std::io::Result<Walk> {
    walk_with(root, false)
}

/// Why the symlink at `path` is not followed, or None when its target is inside the traffic
/// directory (whose canonical path is `canon_root`) and read under its own name there.
pub fn symlink_problem(path: &Path, canon_root: &Path) -> Option<String> {
    const DANGLING: &str =
        "dangling symlink (its target is missing or unreadable, or the links loop)";
    const UNREAD: &str = "symlink into a hidden path (or desks.toml, office.toml) of the traffic directory, \
                          which is not read; not followed";
    match fs::canonicalize(path) {
        Err(_) => Some(DANGLING.into()),
        Ok(t) if !t.starts_with(canon_root) => Some(format!(
            "symlink to {}, outside the traffic directory; not followed",
            t.display()
        )),
        Ok(t) if hidden_below(&t, canon_root) => Some(UNREAD.into()),
        Ok(_) => None,
    }
}

/// Is some component of `path` below `root` hidden (so the walk would not read it directly)?
fn hidden_below(path: &Path, root: &Path) -> bool {
    path.strip_prefix(root).is_ok_and(|rel| {
        rel.components().any(|c| {
            let s = c.as_os_str().as_encoded_bytes();
            s.starts_with(b".") || is_settings_file(s)
        })
    })
}

/// The traffic directory's own settings files (`desks.toml`, `office.toml`), which are never read
/// as cables.
pub fn is_settings_file(name: &[u8]) -> bool {
    name == b"desks.toml" || name == b"office.toml"
}
