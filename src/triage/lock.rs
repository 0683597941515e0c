//! The journal's lock file: appends take it exclusively, reads shared.

use std::fs::{File, OpenOptions};
use std::path::Path;

use super::error::{Result, TriageError};

pub const LOCK_FILE: &str = "journal.lock";

/// Holds the journal lock until dropped.
#[derive(Debug)]
pub struct LockGuard(File);

impl Drop for LockGuard {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// Take the journal lock of `dir` exclusively, to append.
pub fn exclusive(dir: &Path) -> Result<LockGuard> {
    let path = dir.join(LOCK_FILE);
    // A lock needs only an open file: another user's lock file (not writable for us) will
    // do, read-only; whether we may append is then the journal's own permission.
    let mut read_write = OpenOptions::new();
    read_write.read(true).write(true);
    // Created shared ([`crate::state_dir::shared`]): a colleague takes it after us.
    let file = crate::state_dir::shared::open_or_create(&path, &read_write)
        .or_else(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied => File::open(&path).map_err(|_| e),
            _ => Err(e),
        })
        .map_err(|e| TriageError::io(&path, e))?;
    file.lock().map_err(|e| TriageError::io(&path, e))?;
    Ok(LockGuard(file))
}

/// Take the journal lock of `dir` shared, to read. None when there is no lock file to take
/// (nothing was ever appended, or a read-only state directory): reading then goes on unlocked,
/// and a last event that does not read yet is left for the next poll.
pub fn shared(dir: &Path) -> Option<LockGuard> {
    let file = File::open(dir.join(LOCK_FILE)).ok()?;
    file.lock_shared().ok()?;
    Some(LockGuard(file))
}
