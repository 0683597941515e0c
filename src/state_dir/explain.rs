//! Why a permission was denied in a shared state directory, in words an officer can act on:
//! which file or directory refused, which group it belongs to, whether this account is in that
//! group, and what an administrator runs to fix it. Asked only after an error (a few `stat`s).

use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use nix::unistd::{Gid, Group, Uid, User};
use rustix::fs::{Access, AtFlags, CWD, accessat};

/// `err`, denied on `path`, with its message replaced by the reason in full, naming the file or
/// directory that refused (kind kept). Other errors are returned as they are.
pub fn explain(path: &Path, err: io::Error) -> io::Error {
    match culprit(path).filter(|_| err.kind() == io::ErrorKind::PermissionDenied) {
        Some((at, meta)) => {
            let why = reason(&at, &meta, &err, &at.display().to_string());
            io::Error::new(err.kind(), why)
        }
        None => err,
    }
}

/// As [`explain`], for a message that names the path itself ("X is not writable (REASON)"):
/// the file or directory that refused, and the reason about "it".
pub fn explain_at(path: &Path, err: io::Error) -> (PathBuf, io::Error) {
    match culprit(path).filter(|_| err.kind() == io::ErrorKind::PermissionDenied) {
        Some((at, meta)) => {
            let why = reason(&at, &meta, &err, "it");
            (at, io::Error::new(err.kind(), why))
        }
        None => (path.to_path_buf(), err),
    }
}

/// The first directory on the way to `path` that this process may not enter, else `path`
/// itself when it exists, else the directory that would hold it; with its metadata.
fn culprit(path: &Path) -> Option<(PathBuf, std::fs::Metadata)> {
    let mut chain: Vec<&Path> = path
        .ancestors()
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    chain.reverse();
    let last = chain.len().checked_sub(1)?;
    for (i, p) in chain.iter().enumerate() {
        let Ok(meta) = std::fs::metadata(p) else {
            // Not there: the one before it (entered, as it was checked) would hold it.
            let parent = chain.get(i.checked_sub(1)?)?;
            return std::fs::metadata(parent)
                .ok()
                .map(|m| (parent.to_path_buf(), m));
        };
        let enter = meta.is_dir() && accessat(CWD, *p, Access::EXEC_OK, AtFlags::EACCESS).is_ok();
        if i == last || !enter {
            return Some((p.to_path_buf(), meta));
        }
    }
    None
}

/// Why `at` refused, about `subject`: "it belongs to group `triage`, which account `carol` is
/// not in; ...".
fn reason(at: &Path, meta: &std::fs::Metadata, err: &io::Error, subject: &str) -> String {
    let who = crate::triage::account::os_user();
    let group = group_name(meta.gid());
    let mode = meta.mode() & 0o7777;
    if !in_group(meta.gid()) {
        return format!(
            "{subject} belongs to group `{group}`, which account `{who}` is not in; an \
             administrator adds it with: usermod -aG {group} {who}"
        );
    }
    let needed = if meta.is_dir() { 0o030 } else { 0o020 };
    if mode & needed != needed {
        let fix = if meta.is_dir() { "g+rwX" } else { "g+rw" };
        return format!(
            "{subject} is not writable by its group `{group}`, mode {mode:04o}; an administrator \
             runs: chmod -R {fix} {}",
            super::audit::quoted(at)
        );
    }
    format!(
        "{subject}: {err}; owner {}, group `{group}`, mode {mode:04o}, account `{who}`",
        user_name(meta.uid())
    )
}

/// Is `gid` this process's effective group or one of its supplementary groups?
pub fn in_group(gid: u32) -> bool {
    let gid = Gid::from_raw(gid);
    nix::unistd::getegid() == gid || nix::unistd::getgroups().is_ok_and(|g| g.contains(&gid))
}

/// The name of group `gid`, or its number.
pub fn group_name(gid: u32) -> String {
    match Group::from_gid(Gid::from_raw(gid)) {
        Ok(Some(g)) if !g.name.is_empty() && !g.name.chars().any(char::is_control) => g.name,
        _ => gid.to_string(),
    }
}

fn user_name(uid: u32) -> String {
    match User::from_uid(Uid::from_raw(uid)) {
        Ok(Some(u)) if !u.name.is_empty() && !u.name.chars().any(char::is_control) => u.name,
        _ => uid.to_string(),
    }
}
