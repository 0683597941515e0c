//! Where a record's file is: its path relative to the traffic root, kept as a shared directory
//! and a name (none when the name is the id plus `.txt` or `.md`), given back whole or compared
//! without being built.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::{NAME_MD, NAME_TXT, Record};
use crate::traffic::interner::Sym;

/// The longest file name a record keeps as a name (every Unix file system's limit); a longer
/// one, or a path ending in `/`, is kept whole as the "directory".
pub(super) const MAX_NAME: usize = u8::MAX as usize;

/// A path as a record keeps it: the directory (with its `/`) and the file's name. A path whose
/// name is empty or longer than 255 bytes (every Unix file system's limit) is all directory.
pub fn split_path(path: &str) -> (&str, &str) {
    let at = path.rfind('/').map_or(0, |i| i + 1);
    let name = &path[at..];
    if name.is_empty() || name.len() > MAX_NAME {
        return (path, "");
    }
    (&path[..at], name)
}

impl Record {
    /// The file's name as stored, or as derived from the id: (stem, extension).
    fn name_parts(&self) -> (&str, &str) {
        let stored = &self.text[..usize::from(self.name_len)];
        if self.flags & NAME_TXT != 0 {
            (self.id().unwrap_or(""), ".txt")
        } else if self.flags & NAME_MD != 0 {
            (self.id().unwrap_or(""), ".md")
        } else {
            (stored, "")
        }
    }

    /// The path's three pieces: directory, name (or id), extension.
    fn path_parts(&self) -> [&str; 3] {
        let (stem, ext) = self.name_parts();
        [&self.dir, stem, ext]
    }

    /// The file the cable was read from, relative to the traffic root, in the text form of
    /// [`crate::traffic::relpath`]. To open it, use [`crate::traffic::Traffic::path_of`].
    pub fn rel_path(&self) -> Cow<'_, str> {
        match self.path_parts() {
            [dir, "", ""] => Cow::Borrowed(dir),
            parts => Cow::Owned(parts.concat()),
        }
    }

    /// Is the cable's file `rel` (relative, as [`Record::rel_path`])? (Without building it.)
    pub fn path_is(&self, rel: &str) -> bool {
        cmp_pieces(&self.path_parts(), &[rel]).is_eq()
    }

    /// The order of two records' paths, as strings (without building them).
    pub fn cmp_path(&self, other: &Record) -> Ordering {
        let (a, b) = (self.path_parts(), other.path_parts());
        if Sym::ptr_eq(&self.dir, &other.dir) {
            // The usual case in a sort's ties: the same folder.
            return cmp_pieces(&a[1..], &b[1..]);
        }
        cmp_pieces(&a, &b)
    }
}

/// The order of two strings each given in pieces, as the joined strings would compare.
fn cmp_pieces(a: &[&str], b: &[&str]) -> Ordering {
    let (mut a, mut b) = (
        a.iter().map(|p| p.as_bytes()),
        b.iter().map(|p| p.as_bytes()),
    );
    let (mut x, mut y): (&[u8], &[u8]) = (&[], &[]);
    loop {
        while x.is_empty() {
            match a.next() {
                Some(p) => x = p,
                None => break,
            }
        }
        while y.is_empty() {
            match b.next() {
                Some(p) => y = p,
                None => break,
            }
        }
        if x.is_empty() || y.is_empty() {
            return x.len().cmp(&y.len());
        }
        let n = x.len().min(y.len());
        match x[..n].cmp(&y[..n]) {
            Ordering::Equal => (x, y) = (&x[n..], &y[n..]),
            o => return o,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::cable_at;
    use crate::traffic::interner::{Interner, Sym};
    use crate::traffic::record::Record;

    #[test]
    fn a_record_gives_back_the_path_it_was_read_from() {
        let long = format!("d/{}.txt", "N".repeat(300));
        let cases = [
            ("/t/2003/03SANTIAGO33.txt", Some("03SANTIAGO33")),
            ("/t/2003/03SANTIAGO33.md", Some("03SANTIAGO33")),
            ("/t/2003/03SANTIAGO33.TXT", Some("03SANTIAGO33")),
            ("/t/2003/03SANTIAGO33.txt", Some("03SANTIAGO3")),
            ("/t/2003/morning-batch.txt", Some("03SANTIAGO33")),
            ("/t/2003/morning-batch.txt", None),
            ("03SANTIAGO33.txt", Some("03SANTIAGO33")),
            ("plain", None),
            ("odd/dir/", None),
            ("", None),
            (long.as_str(), None),
        ];
        let i = Interner::default();
        for (file, id) in cases {
            let r = Record::from_cable_in(&cable_at(file, id), 0, &i);
            assert_eq!(r.rel_path(), file, "{file}");
            assert!(r.path_is(file), "{file}");
            assert!(!r.path_is(&format!("{file}x")), "{file}");
            assert_eq!(r.id(), id, "{file}");
            assert_eq!(r.subject(), "PRESSURE MOUNTS", "{file}");
        }
        // A name made of the id is not stored; another name is.
        let derived =
            Record::from_cable_in(&cable_at("/t/07USNATO265.txt", Some("07USNATO265")), 0, &i);
        let stored =
            Record::from_cable_in(&cable_at("/t/usnato-265.txt", Some("07USNATO265")), 0, &i);
        assert_eq!(
            derived.own_heap_bytes() + "usnato-265.txt".len(),
            stored.own_heap_bytes()
        );
        // Records in one folder share its name.
        let other =
            Record::from_cable_in(&cable_at("/t/07USNATO266.txt", Some("07USNATO266")), 0, &i);
        assert!(Sym::ptr_eq(&derived.dir, &other.dir));
    }

    #[test]
    fn paths_order_as_their_text_does() {
        let files = [
            "a/b/07X1.txt",
            "a/b-c/07X1.txt",
            "a/b/c/07X1.txt",
            "a/b/07X1.md",
            "a/b/zz.txt",
            "a/b",
            "a/07X1.txt",
            "a/b/",
            "a/b/07X1.txtx",
        ];
        let i = Interner::default();
        let recs: Vec<Record> = files
            .iter()
            .map(|f| Record::from_cable_in(&cable_at(f, Some("07X1")), 0, &i))
            .collect();
        for a in &recs {
            for b in &recs {
                assert_eq!(
                    a.cmp_path(b),
                    a.rel_path().cmp(&b.rel_path()),
                    "{a:?} {b:?}"
                );
            }
        }
    }
}
