//! The parser's entry points: bytes of one file -> cables. Decoding, splitting at `NNNN`, then
//! per cable: header, classification line, front matter, body; the reference id last.

use super::classline::{ClassLine, parse_class_line};
use super::decode::{clean_scraped, decode, lines, looks_binary, split_cables};
use super::front::parse_front;
use super::header::parse_header;
use super::model::{Cable, Section};
use super::paragraphs::{parse_body, summary};
use super::text::{collapse, marking, page_break};
use super::{dates, ids, refs, tags};
use chrono::Datelike;

/// Parse a file's bytes into its cables (several when the file holds several separated by NNNN).
/// Never panics and never returns an empty list: unreadable input gives one cable with warnings.
pub fn parse_bytes(bytes: &[u8], file: &str) -> Vec<Cable> {
    let (text, fallback) = decode(bytes);
    let binary = looks_binary(&text);
    let text = clean_scraped(&text);
    let mut out: Vec<Cable> = split_cables(&text)
        .into_iter()
        .map(|t| parse_one(t, file))
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
    let cleaned = clean_scraped(text);
    let lines = lines(&cleaned);
    let mut c = Cable {
        file: file.to_string(),
        ..Default::default()
    };
    let h = parse_header(&lines);
    c.precedence = h.precedence;
    c.dtg = h.dtg;
    c.origin = h.origin;
    c.to = h.to;
    c.info = h.info;
    if !h.found {
        c.warnings.push("no ACP-127 header".to_string());
    }

    // The classification line: first line after the header that reads as one.
    let mut class = ClassLine::default();
    let mut front_start = h.body_start;
    let candidates = lines
        .iter()
        .enumerate()
        .skip(h.body_start)
        .filter(|(_, l)| !l.trim().is_empty());
    let mut fallback = None;
    for (n, (k, l)) in candidates.take(CLASS_SEARCH_FAR).enumerate() {
        if let Some(cl) = parse_class_line(l) {
            if cl.serial.is_some() {
                class = cl;
                front_start = k + 1;
                fallback = None;
                break;
            }
            if fallback.is_none() && n < CLASS_SEARCH {
                fallback = Some((k, cl));
            }
        }
    }
    if let Some((k, cl)) = fallback {
        class = cl;
        front_start = k + 1;
    }
    if class.level.is_none() {
        c.warnings.push("no classification line".to_string());
    }
    c.classification = class.level;

    let front = parse_front(&lines, front_start);
    let mut caveats: Vec<&str> = Vec::new();
    for v in class.caveats.iter().chain(front.caveats.iter()) {
        if !caveats.contains(v) {
            caveats.push(v);
        }
    }
    c.caveats = caveats.into_iter().map(str::to_string).collect();
    c.decl = front.decl;
    c.tags = front
        .tags
        .as_deref()
        .map(tags::parse_tags)
        .unwrap_or_default();
    c.subject = front
        .subject
        .as_deref()
        .map(clean_subject)
        .filter(|s| !s.is_empty());
    c.classified_by = front
        .classified_by
        .as_deref()
        .map(collapse)
        .filter(|s| !s.is_empty());
    if c.subject.is_none() {
        c.warnings.push("no subject".to_string());
    }

    let body = parse_body(front.body_head, &lines[front.body_start.min(lines.len())..]);
    c.summary = summary(&body.paragraphs);
    c.paragraphs = body.paragraphs;
    c.signer = body.signer;

    if c.dtg.is_none() {
        c.dtg = dates::fallback_dtg(&lines);
        if c.dtg.is_some() {
            c.warnings
                .push("date taken from the text, not from a header DTG".to_string());
        }
    }
    let mut year = c.dtg.map(|d| d.year());
    if year.is_none() {
        // E.O. 12958 declassified after ten years by default: the DECL year less ten.
        year = c.decl.map(|d| d.year() - 10);
        if year.is_some() {
            c.warnings
                .push("id year inferred from the DECL date".to_string());
        }
    }
    c.references = front
        .refs
        .as_deref()
        .map(|r| refs::parse_refs(r, year))
        .unwrap_or_default();

    let (station, serial) = match (class.station, class.serial) {
        (Some(st), Some(se)) => (Some(st), Some(se)),
        _ => station_from_page_breaks(&lines).unzip(),
    };
    c.id = match (year, station, serial) {
        (Some(y), Some(st), Some(se)) => ids::canonical_id(y, &st, &se),
        _ => None,
    };
    if c.id.is_none() {
        c.warnings
            .push("no reference id (missing year, post or serial)".to_string());
    }
    c.section = class.section.or(h.de_section.map(|n| Section {
        number: n,
        of: None,
    }));
    c
}

/// Post and serial from the first page-break line (`FICTIONVILLE 00000012  002 OF 003`).
fn station_from_page_breaks(lines: &[&str]) -> Option<(String, String)> {
    lines.iter().find_map(|l| {
        let t = l.trim();
        page_break(t)?;
        let t = t.strip_prefix("PAGE ").map_or(t, |r| {
            r.trim_start()
                .trim_start_matches(|c: char| c.is_ascii_digit())
        });
        let mut station = String::new();
        for w in t.split_whitespace() {
            if w.bytes().all(|b| b.is_ascii_digit()) {
                return (!station.is_empty()).then(|| (station, w.to_string()));
            }
            station.push_str(w);
        }
        None
    })
}

/// The subject on one line, its portion marking removed.
fn clean_subject(raw: &str) -> String {
    let s = collapse(raw);
    let s = s.trim_start_matches(['-', ':', ' ']);
    let s = marking(s).map_or(s, |(_, rest)| rest.trim_start());
    let s = s.trim_end();
    let s = match s.rfind('(') {
        Some(p) if marking(&s[p..]).is_some_and(|(_, r)| r.trim().is_empty()) => s[..p].trim_end(),
        _ => s,
    };
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_marking_removed() {
        assert_eq!(
            clean_subject("(C) A  SUBJECT\nON TWO LINES"),
            "A SUBJECT ON TWO LINES"
        );
        assert_eq!(clean_subject("A SUBJECT (SBU)"), "A SUBJECT");
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
