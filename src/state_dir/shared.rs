//! The state directory shared through a Unix group: the modes everything in it is created with,
//! whatever the creating officer's umask, so that a colleague logged in under another account
//! can append to the journal, take its lock and replace the snapshot, the drafts and the index.
//!
//! Directories are created `2770`: writable by their group, and setgid, so that every file and
//! directory made in them takes the directory's group rather than its maker's own (often a
//! private group of one). Files are `0660`. Nothing is readable by others: the files hold
//! decisions and notes about classified traffic, and `0660` files in a `2775` directory would
//! show outsiders only the names and times of activity, so the directory shuts them out too.
//!
//! Only what this process has just created is given these modes (with `fchmod` on the open
//! file or directory, so a name swapped in between is never changed). An existing file or
//! directory with narrower modes belongs to someone who chose them, or to an earlier version:
//! it is left alone, and `cabletriage check` names it with the command that fixes it.

use std::fs::{File, OpenOptions, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use rustix::fs::{Mode, OFlags};

/// The mode of every directory created in (and as) a state directory.
pub const DIR_MODE: u32 = 0o2770;
/// The mode of every file created in a state directory.
pub const FILE_MODE: u32 = 0o660;

/// Make sure the directory `dir` exists; when it has to be made, make it with [`DIR_MODE`].
/// Missing directories above it are made as usual (they are not the state directory: a
/// per-user `~/.local/state/cabletriage`, say).
pub fn create_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    match std::fs::DirBuilder::new()
        .mode(DIR_MODE & 0o777)
        .create(dir)
    {
        Ok(()) => {}
        // Another process made it first: theirs stands, with whatever mode they gave it.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => return Ok(()),
        Err(e) => return Err(e),
    }
    // mkdir(2) takes the umask off and ignores the setgid bit of the mode asked for: set both on
    // the directory just made, opened without following a link put in its place.
    let fd = rustix::fs::open(
        dir,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    set_mode(rustix::fs::fchmod(&fd, Mode::from_raw_mode(DIR_MODE)).map_err(io::Error::from));
    Ok(())
}

/// Give a file this process has just created the shared [`FILE_MODE`], whatever the umask took
/// off at creation.
pub fn share_file(file: &File) {
    set_mode(file.set_permissions(Permissions::from_mode(FILE_MODE)));
}

/// Open `path` with `options` (which must not ask to create), creating it with [`FILE_MODE`]
/// when it does not exist yet; an existing file is opened as it is, its mode untouched.
pub fn open_or_create(path: &Path, options: &OpenOptions) -> io::Result<File> {
    let mut create = options.clone();
    create.create_new(true).mode(FILE_MODE);
    match create.open(path) {
        Ok(f) => {
            share_file(&f);
            Ok(f)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => options.open(path),
        Err(e) => Err(e),
    }
}

/// A mode that could not be set (a file system without Unix modes) does not stop the write:
/// what was written is still the officer's decision, and `check` reports the mode.
fn set_mode(result: io::Result<()>) {
    let _ = result;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).expect("stat").mode() & 0o7777
    }

    #[test]
    /// Under the test's umask (022 usually: no group write); `tests/shared_state.rs` runs the
    /// binary under 077.
    fn a_new_directory_and_file_are_shared() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("a/state");
        let file = dir.join("journal.toml");
        create_dir(&dir).expect("mkdir");
        let mut opts = OpenOptions::new();
        opts.append(true);
        open_or_create(&file, &opts).expect("create");
        assert_eq!(mode(&dir), DIR_MODE);
        assert_eq!(mode(&file), FILE_MODE);
        // A second opening finds it and leaves it as it is.
        open_or_create(&file, &opts).expect("open");
        assert_eq!(mode(&file), FILE_MODE);
    }

    #[test]
    fn an_existing_file_or_directory_keeps_its_mode() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("state");
        std::fs::create_dir(&dir).expect("mkdir");
        std::fs::set_permissions(&dir, Permissions::from_mode(0o750)).expect("chmod");
        let file = dir.join("journal.toml");
        std::fs::write(&file, "x").expect("write");
        std::fs::set_permissions(&file, Permissions::from_mode(0o640)).expect("chmod");
        create_dir(&dir).expect("exists");
        let mut opts = OpenOptions::new();
        opts.append(true);
        open_or_create(&file, &opts).expect("open");
        assert_eq!(mode(&dir), 0o750);
        assert_eq!(mode(&file), 0o640);
    }
}
