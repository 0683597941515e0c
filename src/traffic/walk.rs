//! Walking a traffic directory: every regular file is a candidate cable, except hidden paths (a
//! name starting with `.`) and `desks.toml`. Symlinks are followed, but a directory is entered
//! only once (tracked by device and inode), so a symlink loop ends the walk instead of looping;
//! a symlink to a file that is itself inside the traffic directory is skipped (it is read under
//! its own name). Whatever cannot be walked becomes a [`Problem`], never an error.

use std::collections::HashSet;
use std::fs;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

use super::load::Problem;

/// The result of a walk: candidate files in a stable (sorted) order, and what was skipped.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
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

fn kind_name(ft: &fs::FileType) -> &'static str {
    if ft.is_fifo() {
        "named pipe"
    } else if ft.is_socket() {
        "socket"
    } else if ft.is_block_device() || ft.is_char_device() {
        "device"
    } else {
        "special file"
    }
}

/// Walk `root`. Fails only when `root` itself cannot be read as a directory.
pub fn walk(root: &Path) -> std::io::Result<Walk> {
    let meta = fs::metadata(root)?;
    if !meta.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            format!("{} is not a directory", root.display()),
        ));
    }
    let canon_root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut w = Walk::default();
    let mut visited = HashSet::new();
    visited.insert((meta.dev(), meta.ino()));
    let mut stack = vec![(root.to_path_buf(), 0usize)];
    // Depth-first, entries sorted by name; the stack is pushed in reverse to keep that order.
    while let Some((dir, depth)) = stack.pop() {
        let rd = match fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) => {
                w.problems
                    .push(problem(&dir, format!("unreadable directory: {e}")));
                continue;
            }
        };
        let mut entries: Vec<fs::DirEntry> = Vec::new();
        for e in rd {
            match e {
                Ok(e) => entries.push(e),
                Err(e) => w
                    .problems
                    .push(problem(&dir, format!("unreadable directory entry: {e}"))),
            }
        }
        entries.sort_by_key(|e| e.file_name());
        let mut subdirs = Vec::new();
        for e in entries {
            let name = e.file_name();
            let bytes = name.as_encoded_bytes();
            if bytes.starts_with(b".") || bytes == b"desks.toml" {
                continue;
            }
            let path = e.path();
            let Ok(ft) = e.file_type() else {
                w.problems.push(problem(
                    &path,
                    "unreadable: cannot tell what kind of file it is",
                ));
                continue;
            };
            if ft.is_file() {
                w.files.push(path);
            } else if ft.is_dir() {
                match e.metadata() {
                    Ok(m) if visited.insert((m.dev(), m.ino())) => subdirs.push(path),
                    Ok(_) => {}
                    Err(err) => w
                        .problems
                        .push(problem(&path, format!("unreadable directory: {err}"))),
                }
            } else if ft.is_symlink() {
                match fs::metadata(&path) {
                    Err(_) => w.problems.push(problem(
                        &path,
                        "dangling symlink (its target is missing or unreadable)",
                    )),
                    Ok(m) if m.is_dir() => {
                        if visited.insert((m.dev(), m.ino())) {
                            subdirs.push(path);
                        }
                    }
                    Ok(m) if m.is_file() => {
                        let inside = fs::canonicalize(&path)
                            .map(|t| t.starts_with(&canon_root) && !hidden_below(&t, &canon_root))
                            .unwrap_or(false);
                        if !inside {
                            w.files.push(path);
                        }
                    }
                    Ok(m) => w.problems.push(problem(
                        &path,
                        format!("not a regular file ({})", kind_name(&m.file_type())),
                    )),
                }
            } else {
                w.problems.push(problem(
                    &path,
                    format!("not a regular file ({})", kind_name(&ft)),
                ));
            }
        }
        for d in subdirs.into_iter().rev() {
            if depth + 1 > MAX_DEPTH {
                w.problems.push(problem(
                    &d,
                    format!("nested deeper than {MAX_DEPTH} directories; not entered"),
                ));
            } else {
                stack.push((d, depth + 1));
            }
        }
    }
    Ok(w)
}

/// Is some component of `path` below `root` hidden (so the walk would not read it directly)?
fn hidden_below(path: &Path, root: &Path) -> bool {
    path.strip_prefix(root).map_or(false, |rel| {
        rel.components().any(|c| {
            let s = c.as_os_str().as_encoded_bytes();
            s.starts_with(b".") || s == b"desks.toml"
        })
    })
}
