//! A cable's identity: post and serial (from the classification line, else a page-break line,
//! else the FM and DE lines), the year of its reference id, and the origin when no FM line
//! names it.
//!
//! The year comes only from honest sources, in this order: a DTG line of the text (the
//! header's, else a later section's); the release's own record in the file ([`Release`]),
//! when it names this post and serial; a `Cable dated:` (or weekday) line; the file's own name,
//! when it is a reference id of this post and serial (the release names its files so). Never
//! from the declassification date, which is 10 to 25 years after the cable or a phrase. When a
//! source the text outranks gives another year, the text's is kept and a warning says so.

use super::dates::TextDates;
use super::ids::{canonical_id, canonicalize_id};
use super::release::Release;
use super::text::{page_break, trim};
use chrono::{DateTime, Datelike, Utc};

/// The sources a year may come from.
pub(super) struct Sources<'a> {
    /// The header's DTG.
    pub dtg: Option<DateTime<Utc>>,
    pub dates: TextDates,
    pub release: Option<&'a Release>,
    /// The file's name, without its folder (an extension is ignored).
    pub name: Option<&'a str>,
    /// The serial is the DE line's, which writes only its last four digits: a record or name
    /// of the same post whose serial ends in them completes it (`#0927` of `STATE 30927`).
    pub serial_cut: bool,
}

/// What [`identify`] settled.
#[derive(Debug, Default)]
pub(super) struct Identity {
    pub id: Option<String>,
    /// The full year of the id (for the years of references written without one).
    pub year: Option<i32>,
    /// The release's record is this cable's (its id names the text's post and serial).
    pub release_agrees: bool,
    pub warnings: Vec<String>,
}

/// A two-digit id year as a full year (the release spans 1966 to 2010).
fn full_year(yy: i32) -> i32 {
    if yy >= 66 { 1900 + yy } else { 2000 + yy }
}

/// The two-digit year and the rest (`POSTSERIAL`) of a canonical id.
fn split_id(id: &str) -> Option<(i32, &str)> {
    Some((id.get(..2)?.parse().ok()?, id.get(2..)?))
}

/// The reference id a file name spells (`03FICTIONVILLE5521.txt`), if it spells one.
pub fn id_of_name(name: &str) -> Option<String> {
    let stem = name.rsplit('/').next().unwrap_or(name);
    let stem = stem.split_once('.').map_or(stem, |(s, _)| s);
    let b = stem.as_bytes();
    let shaped = b.len() >= 4
        && b[0].is_ascii_digit()
        && b[1].is_ascii_digit()
        && b[2].is_ascii_alphabetic()
        && b.iter().all(u8::is_ascii_alphanumeric)
        && b[b.len() - 1].is_ascii_digit();
    shaped.then(|| canonicalize_id(&stem.to_ascii_uppercase()))?
}

/// Whether `other` (`POSTSERIAL`) names the cable whose key is `ours`: the same post and
/// serial, or with `cut`, a longer serial ending in our four digits. Gives `other`'s serial.
fn same_cable<'k>(ours: &str, other: &'k str, cut: bool) -> Option<&'k str> {
    let split = |k: &str| k.len() - k.bytes().rev().take_while(u8::is_ascii_digit).count();
    let (a, b) = (split(ours), split(other));
    if ours[..a] != other[..b] {
        return None;
    }
    let (mine, theirs) = (&ours[a..], &other[b..]);
    let completes = cut && theirs.len() > 4 && theirs.ends_with(&format!("{mine:0>4}"));
    (mine == theirs || completes).then_some(theirs)
}

/// The id and year of a cable whose post and serial are `post` (None when the text names no
/// serial), from `src`.
pub(super) fn identify(post: Option<(&str, &str)>, src: &Sources) -> Identity {
    let mut out = Identity::default();
    let rel = src.release.and_then(|r| r.id.as_deref()).and_then(split_id);
    let name_id = src.name.and_then(id_of_name);
    let named = name_id.as_deref().and_then(split_id);
    // The text's own dates, which the references' years also fall back on.
    let text_year = src
        .dtg
        .or(src.dates.later)
        .or(src.dates.dated)
        .map(|d| d.year());
    if rel.is_none() && named.is_none() {
        // Nearly every cable: nothing to compare the text with.
        out.year = text_year;
        out.id = post
            .zip(text_year)
            .and_then(|((st, se), y)| canonical_id(y, st, se));
        return out;
    }
    // `POSTSERIAL` in canonical spelling, repaired as a written id would be, so that the
    // text's post compares equal to the record's and the name's.
    let key = post
        .and_then(|(st, se)| canonical_id(0, st, se))
        .and_then(|id| canonicalize_id(&id));
    let key = key
        .as_deref()
        .and_then(split_id)
        .map(|(_, k)| k.to_string());

    let Some(key) = key else {
        out.year = text_year;
        // No serial in the text: the record's id, when the file carries one, is all there is.
        if let Some(id) = src.release.and_then(|r| r.id.clone()) {
            out.year = split_id(&id).map(|(y, _)| full_year(y));
            out.id = Some(id);
            out.release_agrees = true;
            out.warnings
                .push("reference id taken from the release's record in the file".to_string());
        }
        return out;
    };
    let mut serial = post.map(|(_, se)| se.to_string());
    let rel_year = match rel.and_then(|(y, k)| Some((y, same_cable(&key, k, src.serial_cut)?))) {
        Some((y, se)) => {
            serial = Some(se.to_string());
            Some(y)
        }
        None if rel.is_some() => {
            out.warnings.push(format!(
                "the release's record in this file is of another cable ({})",
                src.release.and_then(|r| r.id.as_deref()).unwrap_or("")
            ));
            None
        }
        None => None,
    };
    out.release_agrees = rel_year.is_some();
    let name_year = match named.and_then(|(y, k)| Some((y, same_cable(&key, k, src.serial_cut)?))) {
        Some((y, se)) => {
            serial = serial
                .filter(|_| rel_year.is_some())
                .or(Some(se.to_string()));
            Some(y)
        }
        None if named.is_some() => {
            out.warnings.push(format!(
                "the file name names another cable ({})",
                name_id.as_deref().unwrap_or("")
            ));
            None
        }
        None => None,
    };
    if src.serial_cut && serial.as_deref() != post.map(|(_, se)| se) {
        out.warnings
            .push("serial completed from the release's record or the file name".to_string());
    }
    let text_year = src
        .dtg
        .or(src.dates.later)
        .map(|d| d.year())
        .map(|y| (y, "the DTG"));
    let year = text_year
        .or(rel_year.map(|y| (full_year(y), "the release's record")))
        .or(src.dates.dated.map(|d| (d.year(), "the Cable dated line")))
        .or(name_year.map(|y| (full_year(y), "the file name")));
    let Some((year, from)) = year else {
        return out;
    };
    match from {
        "the DTG" => {}
        "the Cable dated line" => {}
        other => out.warnings.push(format!("id year taken from {other}")),
    }
    // The text outranks the record and the name: say so when they differ.
    for (other, what) in [
        (rel_year, "the release's record"),
        (name_year, "the file name"),
    ] {
        if let Some(y) = other
            && y != year.rem_euclid(100)
            && from != what
        {
            out.warnings.push(format!(
                "{what} gives the year {y:02}, {from} {:02}: the id keeps {from}'s",
                year.rem_euclid(100)
            ));
        }
    }
    out.year = Some(year);
    out.id = post
        .zip(serial.as_deref())
        .and_then(|((st, _), se)| canonical_id(year, st, se));
    out
}

/// Post and serial from the first page-break line (`FICTIONVILLE 00000012  002 OF 003`).
pub(super) fn station_from_page_breaks(lines: &[&str]) -> Option<(String, String)> {
    lines.iter().find_map(|l| {
        let t = trim(l);
        page_break(t)?;
        let t = t.strip_prefix("PAGE ").map_or(t, |r| {
            r.trim_start()
                .trim_start_matches(|c: char| c.is_ascii_digit())
        });
        let mut station = String::new();
        for w in super::text::words(t) {
            if w.bytes().all(|b| b.is_ascii_digit()) {
                return (!station.is_empty()).then(|| (station, w.to_string()));
            }
            station.push_str(w);
        }
        None
    })
}

/// The post as the classification `line` writes it, spaces kept (`UNCLAS SECTION 01 OF 02
/// FICTION CITY 000412` -> `FICTION CITY`): the words before the serial whose letters spell
/// `station` (the post with its spaces removed). Falls back to `station` itself.
pub(super) fn origin_from_class_line(line: &str, station: &str, serial: &str) -> String {
    let t = trim(line);
    let before = t.rfind(serial).map_or("", |p| &t[..p]);
    let mut spelled = String::new();
    let mut start = None;
    for (at, w) in word_starts(before).into_iter().rev() {
        let mut joined: String = w
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_uppercase()))
            .collect();
        joined.push_str(&spelled);
        if !station.ends_with(joined.as_str()) {
            break;
        }
        spelled = joined;
        start = Some(at);
        if spelled == station {
            break;
        }
    }
    match start {
        Some(at) if spelled == station => super::text::collapse(&before[at..]),
        _ => station.to_string(),
    }
}

/// The words of `s` with their byte offsets.
fn word_starts(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(st)) => {
                out.push((st, &s[st..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_are_ids() {
        assert_eq!(
            id_of_name("traffic/03FICTIONVILLE5521.txt").as_deref(),
            Some("03FICTIONVILLE5521")
        );
        assert_eq!(id_of_name("260330Z_PARIS_2210.txt"), None);
        assert_eq!(id_of_name("000_de80ed59d34ba184.txt"), None);
        assert_eq!(id_of_name("notes.md"), None);
    }

    #[test]
    fn origin_keeps_the_posts_spaces() {
        assert_eq!(
            origin_from_class_line(
                "UNCLAS SECTION 01 OF 02 FICTION CITY 000412",
                "FICTIONCITY",
                "000412"
            ),
            "FICTION CITY"
        );
        assert_eq!(
            origin_from_class_line("C O N F I D E N T I A L LISBOA 001337", "LISBOA", "001337"),
            "LISBOA"
        );
        assert_eq!(origin_from_class_line("odd", "POST", "1"), "POST");
    }
}
