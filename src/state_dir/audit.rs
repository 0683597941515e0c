//! Whether a state directory can be shared by its group, for `cabletriage check`: the directory
//! and each directory in it writable by the group and setgid, each file readable and writable
//! by the group and in the directory's group. Reports; never changes a mode (the files may be
//! a colleague's, and their modes someone's choice): it says what an administrator runs.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::explain::group_name;

/// At most this many entries are looked at, and this many problems kept: a state directory
/// holds a handful of files, and a hostile one must not make `check` crawl.
const MAX_ENTRIES: usize = 10_000;
const MAX_PROBLEMS: usize = 50;

/// What [`audit`] found.
#[derive(Debug, Default)]
pub struct Audit {
    /// Each problem: the path and why the group cannot share it.
    pub problems: Vec<(PathBuf, String)>,
    /// Problems found beyond those kept.
    pub more: usize,
    /// The commands that fix them all, when there is any.
    pub fix: Option<String>,
}

impl Audit {
    pub fn count(&self) -> usize {
        self.problems.len() + self.more
    }
}

/// Audit the state directory `state` (nothing to say when it does not exist yet: it will be
/// created shared).
pub fn audit(state: &Path) -> Audit {
    let mut a = Audit::default();
    let Ok(top) = std::fs::symlink_metadata(state) else {
        return a;
    };
    if !top.is_dir() {
        return a;
    }
    let gid = top.gid();
    let group = group_name(gid);
    let mut pending = vec![(state.to_path_buf(), top)];
    let mut seen = 0;
    while let Some((dir, meta)) = pending.pop() {
        check_one(&mut a, &dir, &meta, gid, &group);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            seen += 1;
            if seen > MAX_ENTRIES {
                pending.clear();
                break;
            }
            // Hidden names are temporary files in flight and the probes of old versions.
            if e.file_name().as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let Ok(m) = std::fs::symlink_metadata(e.path()) else {
                continue;
            };
            if m.is_dir() {
                pending.push((e.path(), m));
            } else if m.is_file() {
                check_one(&mut a, &e.path(), &m, gid, &group);
            }
        }
    }
    if a.count() > 0 {
        let s = quoted(state);
        a.fix = Some(format!(
            "to share {} through group `{group}`, an administrator runs: chgrp -R {group} {s} && \
             chmod -R g+rwX {s} && find {s} -type d -exec chmod g+s {{}} +",
            state.display()
        ));
    }
    a
}

fn check_one(a: &mut Audit, path: &Path, m: &std::fs::Metadata, gid: u32, group: &str) {
    let mode = m.mode() & 0o7777;
    let mut why = Vec::new();
    if m.gid() != gid {
        why.push(format!(
            "in group `{}`, not the state directory's `{group}`",
            group_name(m.gid())
        ));
    }
    if m.is_dir() {
        if mode & 0o070 != 0o070 {
            why.push(format!("not writable by its group (mode {mode:04o})"));
        }
        if mode & 0o2000 == 0 {
            why.push(format!(
                "not setgid (mode {mode:04o}): files made in it take their maker's own group"
            ));
        }
    } else if mode & 0o060 != 0o060 {
        why.push(format!(
            "not readable and writable by its group (mode {mode:04o})"
        ));
    }
    if why.is_empty() {
        return;
    }
    if a.problems.len() < MAX_PROBLEMS {
        a.problems.push((path.to_path_buf(), why.join("; ")));
    } else {
        a.more += 1;
    }
}

/// `path` as a shell word to paste: bare when it holds only safe characters, else in single
/// quotes.
pub fn quoted(path: &Path) -> String {
    let s = path.to_string_lossy();
    let safe = |c: char| c.is_ascii_alphanumeric() || "/._-+,:@%=".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        s.into_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn chmod(p: &Path, mode: u32) {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }

    #[test]
    fn a_shared_directory_has_no_problem_and_a_narrow_one_is_named_with_the_fix() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let state = tmp.path().join("state dir");
        super::super::shared::create_dir(&state).expect("mkdir");
        let journal = state.join("journal.toml");
        std::fs::write(&journal, "x").expect("write");
        chmod(&journal, 0o660);
        let a = audit(&state);
        assert_eq!(a.count(), 0, "{:?}", a.problems);
        assert!(a.fix.is_none());

        chmod(&journal, 0o644);
        chmod(&state, 0o755);
        let a = audit(&state);
        let paths: Vec<&PathBuf> = a.problems.iter().map(|(p, _)| p).collect();
        assert_eq!(paths, [&state, &journal], "{:?}", a.problems);
        assert!(
            a.problems[0]
                .1
                .contains("not writable by its group (mode 0755)")
        );
        assert!(a.problems[0].1.contains("not setgid"));
        assert!(a.problems[1].1.contains("(mode 0644)"));
        let fix = a.fix.expect("a fix");
        assert!(fix.contains("chmod -R g+rwX '"), "{fix}");
        assert!(fix.contains("-type d -exec chmod g+s {} +"), "{fix}");
    }

    #[test]
    fn paths_are_quoted_for_the_shell_only_when_needed() {
        assert_eq!(
            quoted(Path::new("/srv/traffic/.cabletriage")),
            "/srv/traffic/.cabletriage"
        );
        assert_eq!(quoted(Path::new("/srv/o'brien x")), r"'/srv/o'\''brien x'");
    }
}
