//! The parser's entry points: bytes of one file -> cables. Decoding, splitting at `NNNN`, then
//! per cable: header, classification line, front matter, body; the reference id last.

use super::classline::{ClassLine, parse_class_line};
use super::decode::{
    clean_scraped, decode, find_wrappers, lines, looks_binary, split_cables, unglue, unglue_lines,
};
use super::front::{self, parse_front};
use super::head::head_cut;
use super::header::parse_header;
use super::limits::cut_warning;
use super::model::{Cable, Section};
use super::paragraphs::{parse_body, summary};
use super::release;
use super::subject::clean_subject;
use super::text::{collapse_owned, trim};
use super::{dates, identity, refs, tags};
use std::borrow::Cow;

/// Parse a file's bytes into its cables (several when the file holds several separated by NNNN).
/// Never panics and never returns an empty list: unreadable input gives one cable with warnings.
///
/// `file` is the path shown in the `file` field; its last component is the file's name, which
/// may give the year of the reference id (see [`parse_bytes_named`]).
pub fn parse_bytes(bytes: &[u8], file: &str) -> Vec<Cable> {
    parse_file(bytes, file, name_of(file), Depth::Full)
}

/// [`parse_bytes`] with the file's name given apart from the `file` field (None: no name).
/// A name that is a reference id (`03FICTIONVILLE5521.txt`, as the Cablegate release names its
/// files) gives the id's year when the text has no date and the name's post and serial agree
/// with the text's.
pub fn parse_bytes_named(bytes: &[u8], file: &str, name: Option<&str>) -> Vec<Cable> {
    parse_file(bytes, file, name, Depth::Full)
}

/// Like [`parse_bytes`], for lists (the inbox): every field the same, except that the body is
/// not read — `paragraphs` is empty and `summary` and `signer` are None. (The body is still read
/// when the level must be inferred from its portion markings.)
pub fn parse_summary_bytes(bytes: &[u8], file: &str) -> Vec<Cable> {
    parse_file(bytes, file, name_of(file), Depth::Summary)
}

/// [`parse_summary_bytes`] with the file's name given apart (see [`parse_bytes_named`]).
pub fn parse_summary_bytes_named(bytes: &[u8], file: &str, name: Option<&str>) -> Vec<Cable> {
    parse_file(bytes, file, name, Depth::Summary)
}

/// The last component of a path (None for an empty one).
fn name_of(file: &str) -> Option<&str> {
    let name = file.rsplit(['/', '\\']).next()?;
    (!name.is_empty()).then_some(name)
}

/// How much of a cable to read.
#[derive(Clone, Copy, PartialEq)]
enum Depth {
    Full,
    /// Everything but paragraphs, summary and signer.
    Summary,
}

fn parse_file(bytes: &[u8], file: &str, name: Option<&str>, depth: Depth) -> Vec<Cable> {
    let (text, fallback) = decode(bytes);
    let binary = looks_binary(&text);
    let text = clean_scraped(&text);
    let mut out: Vec<Cable> = split_cables(&text)
        .into_iter()
        .map(|t| {
            let src = Src {
                file,
                name,
                raw: t,
                dump: false,
            };
            parse_clean(t, src, depth)
        })
        .collect();
    for c in &mut out {
        if fallback {
            c.warnings
                .push("not valid UTF-8; read as Windows-1252".to_string());
        }
        if binary {
            c.warnings
                .insert(0, "binary content (not a text cable)".to_string());
        }
    }
    out
}

/// How many lines after the header the classification line may be looked for.
const CLASS_SEARCH: usize = 12;
/// How far a classification line naming post and serial is looked for (record-metadata blocks
/// come first in some files).
const CLASS_SEARCH_FAR: usize = 60;

/// Parse the text of one cable.
pub fn parse_one(text: &str, file: &str) -> Cable {
    let text = clean_scraped(text);
    let src = Src {
        file,
        name: name_of(file),
        raw: &text,
        dump: false,
    };
    parse_clean(&text, src, Depth::Full)
}

/// Where a cable's text came from: the `file` field, the file's name, and the cable's whole
/// text before any wrapper was removed (where the release's record is looked for).
#[derive(Clone, Copy)]
struct Src<'a> {
    file: &'a str,
    name: Option<&'a str>,
    raw: &'a str,
    /// The head of `raw` holds a record dump's `refid: ` line.
    dump: bool,
}

/// Parse the text of one cable whose scraped-web links are already unwrapped.
fn parse_clean(text: &str, src: Src, depth: Depth) -> Cable {
    // One pass over the head finds both wrappers; the full copy of a record dump is looked at
    // again for its own `Cable dated:`.
    let w = find_wrappers(text);
    let src = Src {
        dump: w.refid.is_some(),
        ..src
    };
    let cleaned = match w.refid.and_then(|r| record_dump_body(text, r)) {
        Some(body) => unglue(body),
        None if w.cable_dated => unglue_lines(text),
        None => Cow::Borrowed(text),
    };
    // The list reader first tries the cable's head alone: header and front matter end well
    // within it in nearly every cable, and the lines of a long body are then never split.
    if depth == Depth::Summary
        && let Some(cut) = head_cut(&cleaned)
    {
        let mut all = lines(&cleaned[..cut]);
        if let Some(c) = parse_lines(&all, src, depth, true) {
            return c;
        }
        // The head's lines are the first lines of the whole cable (`cut` is a line end).
        all.extend(lines(&cleaned[cut + 1..]));
        return parse_lines(&all, src, depth, false).unwrap_or_default();
    }
    parse_lines(&lines(&cleaned), src, depth, false).unwrap_or_default()
}

/// Parse a cable from its lines. With `head_only` (the lines are the first part of the cable),
/// gives up with None whenever a field could depend on a line past the end: no header or DTG,
/// no classification line with post and serial, front matter that runs to the last line, or a
/// missing subject and TAGS (the truncated-copy case). Without it, always gives Some.
fn parse_lines(lines: &[&str], src: Src, depth: Depth, head_only: bool) -> Option<Cable> {
    // Copied only in the rare case below that cuts a line, so that a failed head-only pass
    // leaves the caller's lines as they were.
    let mut lines = Cow::Borrowed(lines);
    let mut c = Cable {
        file: src.file.to_string(),
        ..Default::default()
    };
    let h = parse_header(&lines);
    if head_only && (!h.found || h.dtg.is_none()) {
        return None;
    }
    c.precedence = h.precedence;
    c.dtg = h.dtg;
    c.origin = h.origin;
    for (field, kept, cut) in [
        ("TO", h.to.len(), h.to_cut),
        ("INFO", h.info.len(), h.info_cut),
    ] {
        if cut > 0 {
            c.warnings.push(cut_warning(field, kept, cut));
        }
    }
    c.to = h.to;
    c.info = h.info;
    if !h.found {
        c.warnings.push("no ACP-127 header".to_string());
    }

    // The classification line: first line after the header that reads as one.
    let mut class = ClassLine::default();
    // The classification line as written (for the origin's spelling).
    let mut class_text: Option<&str> = None;
    let mut front_start = h.body_start;
    let candidates = lines
        .iter()
        .enumerate()
        .skip(h.body_start)
        .filter(|(_, l)| !trim(l).is_empty());
    let mut fallback = None;
    for (n, (k, l)) in candidates.take(CLASS_SEARCH_FAR).enumerate() {
        // Record dumps put the body after a tab on the last header line.
        let l = memchr::memrchr(b'\t', l.as_bytes()).map_or(*l, |p| &l[p + 1..]);
        if let Some(cl) = parse_class_line(l) {
            if cl.serial.is_some() {
                class = cl;
                class_text = Some(l);
                front_start = k + 1;
                fallback = None;
                break;
            }
            if fallback.is_none() && n < CLASS_SEARCH {
                fallback = Some((k, cl, l));
            }
        }
    }
    if let Some((k, cl, l)) = fallback {
        class = cl;
        class_text = Some(l);
        front_start = k + 1;
    }
    // A classification line that runs on into the captions (`... 002215SIPDIS ... E.O. 12958:`).
    if class.level.is_some() && front_start > 0 {
        let k = front_start - 1;
        if let Some(p) = front::mid_keyword(lines[k]) {
            let cut = &lines[k][p..];
            lines.to_mut()[k] = cut;
            front_start = k;
        }
    }
    if head_only && (class.level.is_none() || class.serial.is_none() || class.station.is_none()) {
        return None;
    }
    if class.level.is_none() {
        c.warnings.push("no classification line".to_string());
    }
    c.classification = class.level.or(h.zny_level);

    let mut front = parse_front(&lines, front_start);
    // A truncated first copy (`E.O. 12958: DE...`) followed by a record and the full copy:
    // read the front matter again from the repeated classification line.
    if front.subject.is_none() && front.tags.is_none() && class.serial.is_some() {
        let again = lines.iter().enumerate().skip(front_start).find(|(_, l)| {
            parse_class_line(l).is_some_and(|c| c.serial == class.serial && c.level == class.level)
        });
        if let Some((k, _)) = again {
            front = parse_front(&lines, k + 1);
        }
    }
    if head_only
        && (front.body_start + 2 > lines.len() || (front.subject.is_none() && front.tags.is_none()))
    {
        return None;
    }
    let mut caveats: Vec<&str> = Vec::new();
    for v in class.caveats.iter().chain(front.caveats.iter()) {
        if !caveats.contains(v) {
            caveats.push(v);
        }
    }
    c.caveats = caveats.into_iter().map(str::to_string).collect();
    c.decl = front.decl;
    let tags = front
        .tags
        .as_deref()
        .map(tags::read_tags)
        .unwrap_or_default();
    if tags.cut > 0 {
        c.warnings
            .push(cut_warning("TAGS", tags.tags.len(), tags.cut));
    }
    c.tags = tags.tags;
    c.subject = front
        .subject
        .as_deref()
        .map(clean_subject)
        .filter(|s| !s.is_empty());
    c.classified_by = front
        .classified_by
        .map(collapse_owned)
        .filter(|s| !s.is_empty());
    if c.subject.is_none() {
        c.warnings.push("no subject".to_string());
    }

    if depth == Depth::Full || c.classification.is_none() {
        let body = parse_body(front.body_head, &lines[front.body_start.min(lines.len())..]);
        if c.classification.is_none() {
            c.classification = level_from_markings(&body.paragraphs);
            if c.classification.is_some() {
                c.warnings
                    .push("classification inferred from portion markings".to_string());
            }
        }
        if depth == Depth::Full {
            c.summary = summary(&body.paragraphs);
            c.paragraphs = body.paragraphs;
            c.signer = body.signer;
        }
    }

    // The release's record: looked for in the head of every cable (a one-byte search), and
    // through every line of one without a DTG, whose year may depend on it.
    let release = release::find_head(src.raw, src.dump).or_else(|| match h.dtg {
        None => release::find_lines(&lines),
        Some(_) => None,
    });
    // Only a cable without a header DTG needs the text's other dates (and only its lines are
    // searched for them).
    let text_dates = match h.dtg {
        None => dates::text_dates(&lines),
        Some(_) => dates::TextDates::default(),
    };
    if c.dtg.is_none() {
        c.dtg = text_dates.dated.or(text_dates.later);
        if c.dtg.is_some() {
            c.warnings
                .push("date taken from the text, not from a header DTG".to_string());
        }
    }
    let mut serial_cut = false;
    let (station, serial) = match (&class.station, &class.serial) {
        (Some(st), Some(se)) => (Some(st.clone()), Some(se.clone())),
        _ => identity::station_from_page_breaks(&lines)
            .or_else(|| {
                // Last resort: the post of the FM line and the serial of the DE line.
                let post = c.origin.as_deref()?.split_once(' ')?.1;
                let serial = h.de_serial.clone()?;
                serial_cut = true;
                c.warnings
                    .push("id built from the FM and DE lines".to_string());
                Some((post.to_string(), serial))
            })
            .unzip(),
    };
    let post = station.as_deref().zip(serial.as_deref());
    let who = identity::identify(
        post,
        &identity::Sources {
            dtg: h.dtg,
            dates: text_dates,
            release: release.as_ref(),
            name: src.name,
            serial_cut,
        },
    );
    c.warnings.extend(who.warnings);
    c.id = who.id;
    if c.id.is_none() {
        c.warnings
            .push("no reference id (missing year, post or serial)".to_string());
    }
    if let Some(r) = release.as_ref().filter(|_| who.release_agrees) {
        release::fill(&mut c, r);
    }
    if c.origin.is_none()
        && let (Some(st), Some(se), Some(l)) = (&class.station, &class.serial, class_text)
    {
        c.origin = Some(identity::origin_from_class_line(l, st, se));
    }
    let (references, cut) = front
        .refs
        .as_deref()
        .map(|r| refs::read_refs(r, who.year))
        .unwrap_or_default();
    if cut > 0 {
        c.warnings
            .push(cut_warning("references", references.len(), cut));
    }
    c.references = references;
    c.section = class.section.or(h.de_section.map(|n| Section {
        number: n,
        of: None,
    }));
    Some(c)
}

/// Record dumps (`id: ... refid: ... header:` then the full cable) repeat a truncated copy of
/// the cable before the record: the full copy starts after the `header:` line. Used only when
/// the text before the record has no DTG line of its own. `r` is the offset of the first
/// `\nrefid: ` in the head (see [`find_wrappers`]).
fn record_dump_body(text: &str, r: usize) -> Option<&str> {
    let b = text.as_bytes();
    // A prefix with its own DTG line is this cable's header (the record may be another cable's).
    if text[..r]
        .lines()
        .any(|l| super::header::prosign_dtg(l.trim()).is_some())
    {
        return None;
    }
    let h = r + memchr::memmem::find(&b[r..], b"\nheader:")?;
    let start = h + 1 + memchr::memchr(b'\n', &b[h + 1..])? + 1;
    Some(&text[start..])
}

/// The highest level among the paragraphs' portion markings (`(S/NF)` -> SECRET).
fn level_from_markings(paras: &[super::model::Paragraph]) -> Option<super::model::Classification> {
    use super::model::Classification as C;
    paras
        .iter()
        .filter_map(|p| {
            let m = p.marking.as_deref()?;
            let head = m.split('/').next()?;
            match head {
                "U" | "SBU" => Some(C::Unclassified),
                "C" => Some(C::Confidential),
                "S" => Some(C::Secret),
                "TS" => Some(C::TopSecret),
                _ => None,
            }
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_dump_reads_the_full_copy() {
        let t = "UNCLAS FICTIONVILLE 000001\nSUBJECT: CUT OFF...\nid: 1\nrefid: 09FICTIONVILLE1\nheader:\nR 010101Z JAN 09\nFM AMEMBASSY X\nTO SECSTATE WASHDC\n\n----------------- header ends ----------------\n\nUNCLAS FICTIONVILLE 000001\n\nSUBJECT: THE FULL SUBJECT\n\n1. Text.";
        let c = parse_one(t, "dump");
        assert_eq!(c.subject.as_deref(), Some("THE FULL SUBJECT"));
        assert_eq!(c.id.as_deref(), Some("09FICTIONVILLE1"));
    }

    #[test]
    fn truncated_copy_then_full_copy() {
        let t = "C O N F I D E N T I A L FICTIONVILLE 000007\nSIPDIS\nE.O. 12958: DE...\n12345\n2009-01-01\n09FICTIONVILLE7\nC O N F I D E N T I A L FICTIONVILLE 000007\nSIPDIS\nE.O. 12958: DECL: 01/01/2019\nTAGS: PREL XX\nSUBJECT: WHOLE\n\n1. (C) Text.";
        let c = parse_one(t, "t");
        assert_eq!(c.tags, ["PREL", "XX"]);
        assert_eq!(c.subject.as_deref(), Some("WHOLE"));
        assert_eq!(c.id.as_deref(), Some("09FICTIONVILLE7"));
    }

    #[test]
    fn empty_and_junk_never_panic() {
        for input in [
            &b""[..],
            b"\xff\xfe\x00\x01",
            b"%PDF-1.4\n\x00\x00",
            b"NNNN\nNNNN",
            b"1. (",
            b"TAGS:",
            b"REF: A.",
        ] {
            let cables = parse_bytes(input, "x");
            assert!(!cables.is_empty());
        }
    }
}
