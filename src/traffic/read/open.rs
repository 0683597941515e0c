//! Opening the files of a traffic directory safely: never through a symlink, never blocking,
//! never a file of a pseudo file system (/proc, /sys), and each file relative to its directory
//! held open ([`Dir`]).

use std::ffi::OsStr;
use std::fs::File;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// Files above this size are not read (the largest real cables are well under 1 MB).
pub const MAX_CABLE_BYTES: u64 = 4 * 1024 * 1024;

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
pub(super) fn open(path: &Path) -> std::io::Result<File> {
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
    pub(super) fn open_name(&self, name: &OsStr) -> std::io::Result<File> {
        let fd = rustix::fs::openat(&self.fd, name, file_flags(), rustix::fs::Mode::empty())?;
        Ok(File::from(fd))
    }

    /// Open the file `path`, which must be directly in this directory, as [`open`] would.
    pub(super) fn open_file(&self, path: &Path) -> std::io::Result<File> {
        match path.file_name() {
            Some(name) if path.parent() == Some(&self.path) => self.open_name(name),
            _ => open(path),
        }
    }
}

/// Reads a file whose size the caller has just taken into the front of `buf`, and returns how
/// many bytes it read. `buf` is scratch space kept between calls: it only grows, so it is zeroed
/// once, and its length is not the file's. One `read` call in the usual case (std's
/// `read_to_end` probes with small reads first: eleven calls for a 10 KB file); a file that
/// grew meanwhile is read on up to `MAX_CABLE_BYTES + 1`.
pub(super) fn read_sized(
    mut file: &File,
    size: usize,
    buf: &mut Vec<u8>,
) -> std::io::Result<usize> {
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
