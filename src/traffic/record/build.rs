//! Building a record: from a parsed cable (its strings shared through an [`Interner`]), or from
//! its parts as the index keeps them; each cut to what a record can hold, with its fuzzy mask.

use super::path::{MAX_NAME, split_path};
use super::{HAS_ID, HAS_SECTION, HAS_WARNINGS, NAME_MD, NAME_TXT, NO_DTG, Record, minutes};
use crate::cable::{Cable, Classification, Precedence};
use crate::traffic::interner::{Interner, StrList, Sym};
use crate::traffic::mask::letter_mask;

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
        letters: Option<u64>,
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
            letters: letters.unwrap_or_default(),
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
        if letters.is_none() {
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
    /// in the text form of [`crate::traffic::relpath`] (the loader reads cables without naming them).
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
        let (origin, origin_letters) = interner.origin(c.origin.as_deref().unwrap_or(""));
        let mut letters = origin_letters | letter_mask(cut(parts.subject));
        if let Some(id) = parts.id {
            letters |= letter_mask(cut(id));
        }
        let tags = interner.list_of(c.tags.iter().map(String::as_str));
        letters = tags.iter().fold(letters, |m, t| m | letter_mask(t));
        let lists = [
            interner.list_of(c.to.iter().map(|a| a.addressee.as_str())),
            interner.list_of(c.info.iter().map(|a| a.addressee.as_str())),
            tags,
            interner.list_of(c.caveats.iter().map(String::as_str)),
        ];
        let refs = c.references.iter().filter_map(|r| r.id.as_deref());
        Record::assemble(parts, origin, lists, refs, Some(letters))
    }

    /// Recompute [`Record::letters`] (done by [`Record::new`]).
    fn refresh_mask(&mut self) {
        let mut m = letter_mask(self.subject()) | letter_mask(&self.origin);
        if let Some(id) = self.id() {
            m |= letter_mask(id);
        }
        for t in self.tags.iter() {
            m |= letter_mask(t);
        }
        self.letters = m;
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::cable_at;
    use super::*;
    use chrono::DateTime;

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
        // The interner keeps the masks of origins; a record built through it must
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
            fresh.letters = 0;
            fresh.refresh_mask();
            assert_eq!(r.letters, fresh.letters, "{n}");
            assert_ne!(r.letters, 0);
        }
    }
}
