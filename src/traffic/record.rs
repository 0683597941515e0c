//! The compact in-memory record of one cable: only what the inbox shows, sorts and filters by.
//! The full cable is parsed again from its file when it is opened
//! ([`crate::traffic::Traffic::read_cable`]).
//!
//! A record keeps its file's path relative to the traffic root, in the text form of
//! [`super::relpath`] (lossless for names that are not UTF-8): the same however the root was
//! spelled or wherever it was moved, which is what a cable without a reference id is keyed by
//! in the journal ([`Record::key`]). [`crate::traffic::Traffic::path_of`] gives the file itself.
//!
//! Repeated strings (directories, origins, addressees, TAGS, caveats) and whole repeated lists
//! are shared through an [`Interner`], so a record costs its own id, subject and cited ids (and
//! its file's name, when that is not the id) plus a few pointers.

use std::borrow::Cow;
use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use super::fuzzy::{gram_mask, split_mask};
pub use super::interner::{Interner, ListHash, StrList, Sym};
use crate::cable::{Cable, Classification, Precedence};

/// One cable in the inbox: 96 bytes inline (a size test keeps it there) plus its own text.
///
/// The file's directory (relative to the traffic root) is a shared string; its name, the
/// reference id, the subject and the ids of the cables it cites live in one allocation, read
/// through [`Record::rel_path`], [`Record::id`], [`Record::subject`] and [`Record::refs`]. A name
/// that is the id plus `.txt` or `.md` (as in the Cablegate release and in `gen`'s output) is
/// not stored at all. The DTG is kept in whole
/// minutes, its own precision.
#[derive(Clone, PartialEq)]
pub struct Record {
    /// The file's name (unless derived from the id), the reference id, the subject, then the
    /// cited ids joined by `\n`.
    text: Box<str>,
    /// The file's directory relative to the traffic root, ending in `/`, or empty (or the whole
    /// path, see [`split_path`]).
    dir: Sym,
    pub origin: Sym,
    /// Action (TO) addressees, in order.
    pub to: StrList,
    /// Info addressees, in order.
    pub info: StrList,
    pub tags: StrList,
    pub caveats: StrList,
    /// Letter pairs present in subject, id, origin and TAGS (a fast fuzzy reject; see `fuzzy`).
    pub gram_mask: [u64; 2],
    /// DTG as Unix minutes, [`NO_DTG`] when there is none.
    dtg: i32,
    id_len: u16,
    subject_len: u16,
    /// Which cable in that file (0 for the usual one-cable file).
    pub index_in_file: u16,
    name_len: u8,
    flags: u8,
    pub precedence: Option<Precedence>,
    pub classification: Option<Classification>,
    /// Section number and count (0: not known); see [`Record::section`].
    section: [u8; 2],
}

/// The stored DTG of a record without one.
const NO_DTG: i32 = i32::MIN;

/// [`Record::flags`] bits.
const HAS_ID: u8 = 1;
const HAS_WARNINGS: u8 = 2;
/// The file's name is the id and `.txt` (or `.md`), not stored.
const NAME_TXT: u8 = 4;
const NAME_MD: u8 = 8;
const HAS_SECTION: u8 = 16;

/// The longest file name a record keeps as a name (every Unix file system's limit); a longer
/// one, or a path ending in `/`, is kept whole as the "directory".
const MAX_NAME: usize = u8::MAX as usize;

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

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Record")
            .field("path", &self.rel_path())
            .field("index_in_file", &self.index_in_file)
            .field("id", &self.id())
            .field("precedence", &self.precedence)
            .field("classification", &self.classification)
            .field("dtg", &self.dtg())
            .field("origin", &self.origin)
            .field("to", &self.to)
            .field("subject", &self.subject())
            .finish_non_exhaustive()
    }
}

/// The parts of a record that are not shared with other records (and its directory, which is).
pub struct RecordParts<'a> {
    /// The directory, as [`split_path`] gives it.
    pub dir: Sym,
    /// The file's name, as [`split_path`] gives it.
    pub name: &'a str,
    pub index_in_file: u16,
    pub precedence: Option<Precedence>,
    pub classification: Option<Classification>,
    pub has_warnings: bool,
    pub id: Option<&'a str>,
    /// Unix seconds (kept to the minute).
    pub dtg: Option<i64>,
    pub subject: &'a str,
    pub section: Option<(u8, Option<u8>)>,
}

/// The longest id, subject or list of cited ids a record keeps whole (longer ones are cut at a
/// character boundary; no real id, subject or reference list comes near).
const MAX_PART: usize = u16::MAX as usize;

fn cut(s: &str) -> &str {
    cut_at(s, MAX_PART)
}

fn cut_at(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

impl Record {
    /// A record from its own parts, its shared strings and lists and the ids it cites; the
    /// fuzzy mask is computed here.
    pub fn new<'r>(
        p: RecordParts<'_>,
        origin: Sym,
        lists: [StrList; 4],
        refs: impl IntoIterator<Item = &'r str>,
    ) -> Record {
        Record::assemble(p, origin, lists, refs, None)
    }

    /// Like [`Record::new`], with the fuzzy mask given when it is known (the index stores it).
    /// A ref item may itself hold several ids joined by `\n` (the index keeps them so).
    pub(crate) fn assemble<'r>(
        p: RecordParts<'_>,
        origin: Sym,
        lists: [StrList; 4],
        refs: impl IntoIterator<Item = &'r str>,
        gram_mask: Option<[u64; 2]>,
    ) -> Record {
        let (id, subject) = (cut(p.id.unwrap_or("")), cut(p.subject));
        let mut flags = 0;
        let mut name = p.name;
        if p.id.is_some()
            && !id.is_empty()
            && let Some(ext) = name.strip_prefix(id)
        {
            flags = match ext {
                ".txt" => NAME_TXT,
                ".md" => NAME_MD,
                _ => 0,
            };
            if flags != 0 {
                name = "";
            }
        }
        let name = cut_at(name, MAX_NAME);
        let mut text = String::with_capacity(name.len() + id.len() + subject.len());
        text.push_str(name);
        text.push_str(id);
        text.push_str(subject);
        let refs_start = text.len();
        for r in refs {
            if r.is_empty() || text.len() - refs_start + r.len() + 1 > MAX_PART {
                continue;
            }
            if text.len() > refs_start {
                text.push('\n');
            }
            text.push_str(r);
        }
        let [to, info, tags, caveats] = lists;
        flags |= if p.id.is_some() { HAS_ID } else { 0 }
            | if p.has_warnings { HAS_WARNINGS } else { 0 }
            | if p.section.is_some() { HAS_SECTION } else { 0 };
        let (n, of) = p.section.unwrap_or_default();
        let mut r = Record {
            text: text.into_boxed_str(),
            dir: p.dir,
            origin,
            to,
            info,
            tags,
            caveats,
            gram_mask: gram_mask.unwrap_or_default(),
            dtg: p.dtg.map_or(NO_DTG, minutes),
            id_len: id.len() as u16,
            subject_len: subject.len() as u16,
            index_in_file: p.index_in_file,
            name_len: name.len() as u8,
            flags,
            precedence: p.precedence,
            classification: p.classification,
            section: [n, of.unwrap_or(0)],
        };
        if gram_mask.is_none() {
            r.refresh_mask();
        }
        r
    }

    /// A record with its own (unshared) strings. Loading uses [`Record::from_cable_in`].
    pub fn from_cable(c: &Cable, index_in_file: u16) -> Record {
        Record::from_cable_in(c, index_in_file, &Interner::default())
    }

    /// A record whose repeated strings are shared through `interner`.
    pub fn from_cable_in(c: &Cable, index_in_file: u16, interner: &Interner) -> Record {
        Record::from_cable_at(c, index_in_file, &c.file, interner)
    }

    /// Like [`Record::from_cable_in`], with the file's path relative to the traffic root given,
    /// in the text form of [`super::relpath`] (the loader reads cables without naming them).
    pub fn from_cable_at(c: &Cable, index_in_file: u16, rel: &str, interner: &Interner) -> Record {
        let (dir, name) = split_path(rel);
        let parts = RecordParts {
            dir: interner.str(dir),
            name,
            index_in_file,
            precedence: c.precedence,
            classification: c.classification,
            has_warnings: !c.warnings.is_empty(),
            id: c.id.as_deref(),
            dtg: c.dtg.map(|d| d.timestamp()),
            subject: c.subject.as_deref().unwrap_or(""),
            section: c.section.map(|s| {
                let clamp = |n: u32| u8::try_from(n).unwrap_or(u8::MAX);
                (clamp(s.number), s.of.map(clamp))
            }),
        };
        // A few hundred origins serve all the traffic, and the interner keeps each one's letter
        // pairs with it: only the record's other fuzzy fields are scanned here. (TAGS lists are
        // too varied for that to pay.)
        let (origin, origin_grams) = interner.origin(c.origin.as_deref().unwrap_or(""));
        let mut grams = origin_grams | gram_mask(cut(parts.subject));
        if let Some(id) = parts.id {
            grams |= gram_mask(cut(id));
        }
        let tags = interner.list_of(c.tags.iter().map(String::as_str));
        grams = tags.iter().fold(grams, |m, t| m | gram_mask(t));
        let lists = [
            interner.list_of(c.to.iter().map(|a| a.addressee.as_str())),
            interner.list_of(c.info.iter().map(|a| a.addressee.as_str())),
            tags,
            interner.list_of(c.caveats.iter().map(String::as_str)),
        ];
        let refs = c.references.iter().filter_map(|r| r.id.as_deref());
        Record::assemble(parts, origin, lists, refs, Some(split_mask(grams)))
    }

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
    /// [`super::relpath`]. To open it, use [`crate::traffic::Traffic::path_of`].
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

    /// Canonical reference id, when one could be derived.
    pub fn id(&self) -> Option<&str> {
        let start = usize::from(self.name_len);
        (self.flags & HAS_ID != 0).then(|| &self.text[start..start + usize::from(self.id_len)])
    }

    pub fn subject(&self) -> &str {
        let start = usize::from(self.name_len) + usize::from(self.id_len);
        &self.text[start..start + usize::from(self.subject_len)]
    }

    /// The reference ids this cable cites, in order.
    pub fn refs(&self) -> impl Iterator<Item = &str> + Clone {
        // No id is empty, so the text never ends in `\n`, and an empty text is no ids.
        self.refs_text().split_terminator('\n')
    }

    /// The cited ids joined by `\n` (as the index keeps them).
    pub(crate) fn refs_text(&self) -> &str {
        let start =
            usize::from(self.name_len) + usize::from(self.id_len) + usize::from(self.subject_len);
        &self.text[start..]
    }

    /// The parser had warnings for this cable.
    pub fn has_warnings(&self) -> bool {
        self.flags & HAS_WARNINGS != 0
    }

    /// Section of a multi-section cable (number, and of how many when known); numbers above
    /// 255 are kept as 255.
    pub fn section(&self) -> Option<(u8, Option<u8>)> {
        let [n, of] = self.section;
        (self.flags & HAS_SECTION != 0).then_some((n, (of != 0).then_some(of)))
    }

    /// DTG as Unix seconds (a whole minute).
    pub fn dtg(&self) -> Option<i64> {
        (self.dtg != NO_DTG).then_some(i64::from(self.dtg) * 60)
    }

    /// Recompute [`Record::gram_mask`] (done by [`Record::new`]).
    fn refresh_mask(&mut self) {
        let mut m = gram_mask(self.subject()) | gram_mask(&self.origin);
        if let Some(id) = self.id() {
            m |= gram_mask(id);
        }
        for t in self.tags.iter() {
            m |= gram_mask(t);
        }
        self.gram_mask = split_mask(m);
    }

    /// The key triage state is stored under: the reference id, or for a cable without one
    /// `file:<path>#<n>`, its file's path relative to the traffic root (`/` between components,
    /// [`Record::rel_path`]) and its place in the file. The only place a key is made.
    pub fn key(&self) -> String {
        match self.id() {
            Some(id) => id.to_string(),
            None => format!("file:{}#{}", self.rel_path(), self.index_in_file),
        }
    }

    pub fn dtg_utc(&self) -> Option<DateTime<Utc>> {
        self.dtg().and_then(|s| DateTime::from_timestamp(s, 0))
    }

    pub fn action_addressee(&self) -> &str {
        self.to.first().map(|s| &**s).unwrap_or("")
    }

    /// Heap bytes owned by this record alone (shared strings and lists not counted).
    pub fn own_heap_bytes(&self) -> usize {
        self.text.len()
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

/// Unix seconds as the minutes a record keeps (rounded down); a time too far from 1970 for
/// that (over 4,000 years) is kept as no DTG.
fn minutes(seconds: i64) -> i32 {
    i32::try_from(seconds.div_euclid(60))
        .ok()
        .filter(|&m| m != NO_DTG)
        .unwrap_or(NO_DTG)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_stays_compact() {
        // Inline size; the report in the README adds the per-record heap measured on the corpus.
        assert!(
            std::mem::size_of::<Record>() <= 96,
            "{}",
            std::mem::size_of::<Record>()
        );
        // Each shared string and list is one thin pointer in the records that use it.
        assert_eq!(std::mem::size_of::<Sym>(), 8);
        assert_eq!(std::mem::size_of::<StrList>(), 8);
    }

    fn cable_at(file: &str, id: Option<&str>) -> Cable {
        Cable {
            file: file.to_string(),
            id: id.map(str::to_string),
            subject: Some("PRESSURE MOUNTS".into()),
            ..Default::default()
        }
    }

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
    fn a_cable_without_id_is_keyed_by_its_path_under_the_root() {
        let i = Interner::default();
        let c = cable_at("ignored", None);
        let r = Record::from_cable_at(&c, 2, "2026-11-25/x.txt", &i);
        assert_eq!(r.key(), "file:2026-11-25/x.txt#2");
        let with_id = Record::from_cable_at(&cable_at("", Some("26TALLINN409")), 0, "a/b.txt", &i);
        assert_eq!(with_id.key(), "26TALLINN409");
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

    #[test]
    fn refs_sections_and_dtg_come_back_as_given() {
        let mut c = cable_at("t/1.txt", Some("09STATE1"));
        for id in ["09STATE2", "", "08PARIS12"] {
            c.references.push(crate::cable::Reference {
                id: Some(id.to_string()),
                ..Default::default()
            });
        }
        c.references.push(crate::cable::Reference::default());
        c.section = Some(crate::cable::Section {
            number: 300,
            of: Some(0),
        });
        c.dtg = DateTime::from_timestamp(1_234_567_899, 0);
        let r = Record::from_cable(&c, 2);
        assert_eq!(r.refs().collect::<Vec<_>>(), ["09STATE2", "08PARIS12"]);
        assert_eq!(r.section(), Some((255, None)));
        // Minutes, the precision a DTG has; later minutes sort later.
        assert_eq!(r.dtg(), Some(1_234_567_860));
        assert_eq!(r.index_in_file, 2);
        let plain = Record::from_cable(&cable_at("t/2.txt", None), 0);
        assert_eq!(plain.refs().count(), 0);
        assert_eq!((plain.section(), plain.dtg()), (None, None));
        c.section = Some(crate::cable::Section {
            number: 2,
            of: Some(3),
        });
        c.dtg = DateTime::from_timestamp(-61, 0);
        let r = Record::from_cable(&c, 0);
        assert_eq!((r.section(), r.dtg()), (Some((2, Some(3))), Some(-120)));
    }

    #[test]
    fn a_loaded_record_has_the_mask_of_its_own_fields() {
        // The interner keeps masks of origins and TAGS lists; a record built through it must
        // have exactly the mask computed from its fields, for new and repeated values alike.
        let i = Interner::default();
        for n in 0..40 {
            let c = Cable {
                file: format!("t/{n}.txt"),
                id: (n % 5 != 0).then(|| format!("09POST{n}")),
                origin: (n % 7 != 0).then(|| format!("AMEMBASSY PLACE{}", n % 4)),
                tags: (0..n % 4).map(|k| format!("T{}X", (n + k) % 6)).collect(),
                subject: Some(format!("QUOTA TALKS {n}")),
                ..Default::default()
            };
            let r = Record::from_cable_in(&c, 0, &i);
            let mut fresh = r.clone();
            fresh.gram_mask = [0; 2];
            fresh.refresh_mask();
            assert_eq!(r.gram_mask, fresh.gram_mask, "{n}");
            assert_ne!(r.gram_mask, [0; 2]);
        }
    }
}
