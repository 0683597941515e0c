//! The cable ids named in the text of one REF entry, with where each is written: a station and
//! a serial (`06 TBILISI 2601`, `ASUNCION 701 (08)`, `'08 BUENOS AIRES 1491`, `(99) ROME 2196`,
//! `09DHAHRAN 201`), a glued id (`09CAIRO0561`, `2005PANAMA2342`, `10-OTTAWA-57`), or a serial
//! after `AND` that shares the station before it (`BRASILIA 2799 AND 2764`). Typing slips of
//! zero for O are read as O (`SANTIAG0`, `0TTAWA`, year `O4`). One pass over the words.

use std::borrow::Cow;

use super::dtg::full_year;
use super::ids::{canonical_id, has_alias};

/// Month names and abbreviations: a "station" containing one, before a day or a year, is a
/// date (`SEP 08`, `JULY 15`, `JUNE 2009`), not a cable (`RIO DE JAN 138` is one).
const MONTHS: [&str; 24] = [
    "JAN",
    "FEB",
    "MAR",
    "APR",
    "MAY",
    "JUN",
    "JUL",
    "AUG",
    "SEP",
    "OCT",
    "NOV",
    "DEC",
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "APRIL",
    "JUNE",
    "JULY",
    "AUGUST",
    "SEPT",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
];

/// Words that show a reference is not a cable (`E-MAIL`, `IIR 6 832 0617 08`) or end a station.
const NOT_STATIONS: &[&str] = &[
    "EMAIL",
    "E-MAIL",
    "IIR",
    "MEMCON",
    "TELCON",
    "FAX",
    "DTG",
    "PARA",
    "PARAS",
    "AND",
    "OF",
    "THE",
    "SEE",
    "REF",
    "REFTEL",
    "DATED",
    "UNSCR",
    "UNSC",
    "INCSR",
    "RESOLUTION",
    "PAGE",
    "UNCLASSIFIED",
    "CONFIDENTIAL",
    "SECRET",
];

/// Documents numbered like cables but not cables: a "station" right after one of these is the
/// document's subject (`INCSR BRAZIL 2008`, a narcotics report), not a post.
const DOCUMENTS: &[&str] = &["UNSCR", "UNSC", "INCSR", "RESOLUTION"];

/// The longest station read (a few more letters than the longest post, for aliases).
const MAX_STATION: usize = 20;

/// One cable id found in an entry: its byte span in the text (from the year or station to the
/// serial) and the canonical id.
#[derive(Debug, PartialEq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub id: String,
}

/// A serial: up to seven digits, trailing punctuation removed.
fn serial(w: &str) -> Option<&str> {
    let s = w.trim_end_matches([',', ';', '.', ':', ')']);
    (!s.is_empty() && s.len() <= 7 && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
}

/// A year written before a station: `08`, `2005` (19xx or 20xx), `'08`, `(99)`, `O4` (letter O
/// for zero), `094` (a stray leading zero).
fn year_word(w: &str) -> Option<i32> {
    let w = w.trim_start_matches('\'');
    let w = w
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .unwrap_or(w);
    let d: Vec<u8> = w
        .bytes()
        .map(|b| if b == b'O' { b'0' } else { b })
        .collect();
    if !d.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n: u32 = std::str::from_utf8(&d).ok()?.parse().ok()?;
    match d.len() {
        2 => Some(full_year(n)),
        3 if d[0] == b'0' => Some(full_year(n)),
        4 if (1900..2100).contains(&n) => Some(n as i32),
        _ => None,
    }
}

/// A word that may be part of a station: letters (a zero among them read as O), `-`, `'`, and
/// a trailing colon (`STATE: 73097`). Returns the year when the word starts with one glued on
/// (`09DHAHRAN`), which also ends the station.
fn station_word(w: &str) -> Option<(bool, Option<i32>)> {
    let w = w.trim_end_matches(':');
    let b = w.as_bytes();
    let glued_year = b.len() > 4 && b[0].is_ascii_digit() && b[1].is_ascii_digit();
    let body = if glued_year { &b[2..] } else { b };
    let letters = body.iter().filter(|c| c.is_ascii_uppercase()).count();
    let ok = letters >= 2
        && !(glued_year && body.iter().any(|c| !c.is_ascii_uppercase()))
        && body
            .iter()
            .all(|&c| c.is_ascii_uppercase() || matches!(c, b'-' | b'\'' | b'0'))
        && !w.ends_with('-')
        && !NOT_STATIONS.contains(&w);
    if !ok {
        return None;
    }
    let year = glued_year.then(|| full_year(u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0')));
    Some((true, year))
}

/// The station spelt by words: joined, the apostrophes and colons dropped, zeros read as O. A
/// single word of letters (most stations) is lent.
fn station_of<'a>(words: &[&'a str]) -> Cow<'a, str> {
    if let [one] = words
        && one.bytes().all(|c| c.is_ascii_uppercase())
    {
        return Cow::Borrowed(one);
    }
    let mut s = String::new();
    for w in words {
        let w = w.trim_end_matches(':');
        let b = w.as_bytes();
        let w = if b.len() > 4 && b[0].is_ascii_digit() && b[1].is_ascii_digit() {
            &w[2..]
        } else {
            w
        };
        s.extend(
            w.chars()
                .filter(|&c| c != '\'')
                .map(|c| if c == '0' { 'O' } else { c }),
        );
    }
    Cow::Owned(s)
}

/// Whether the words before a station end a page header glued into the list: `PAGE 02` (a
/// page-break line) or a spaced-out classification (`C O N F I D E N T I A L`).
fn page_header(before: &[&str]) -> bool {
    match before {
        // (`...\\NPAGE 02`: a line break written out by a scraper.)
        [.., a, b] if a.ends_with("PAGE") && serial(b).is_some() => true,
        [.., a, b] => a.len() == 1 && b.len() == 1,
        _ => false,
    }
}

/// A glued id: `09CAIRO0561`, `2005PANAMA2342` or `10-OTTAWA-57`.
fn glued_id(w: &str) -> Option<String> {
    let w = w.trim_end_matches([',', ';', '.', ':']);
    let b = w.as_bytes();
    let nd = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let year = match nd {
        2 => full_year(w[..2].parse().ok()?),
        4 => w[..4]
            .parse::<i32>()
            .ok()
            .filter(|y| (1900..2100).contains(y))?,
        _ => return None,
    };
    let rest = w[nd..].trim_start_matches('-');
    let nl = rest
        .bytes()
        .take_while(|c| c.is_ascii_uppercase() || *c == b'-')
        .count();
    let (station, serial) = (rest[..nl].trim_end_matches('-'), &rest[nl..]);
    if station.len() < 3
        || MONTHS.contains(&station)
        || serial.is_empty()
        || !serial.bytes().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    canonical_id(year, station, serial)
}

/// The cable ids of an entry's text (upper case), in order. A station without a year takes
/// `default_year`; without one, only ids that carry their year are found.
pub fn cable_ids(text: &str, default_year: Option<i32>) -> Vec<Found> {
    let words: Vec<&str> = super::text::words(text).collect();
    // Words are slices of `text`: their offsets are pointer differences.
    let off = |w: &str| w.as_ptr() as usize - text.as_ptr() as usize;
    let mut out = Vec::new();
    // The year and station of the last id, for a serial after `AND`; and the first word a year
    // may be read from (no word of an earlier id).
    let mut last: Option<(i32, String)> = None;
    let mut free = 0;
    for (k, raw) in words.iter().enumerate() {
        if let Some(id) = glued_id(raw) {
            out.push(Found {
                start: off(raw),
                end: off(raw) + raw.len(),
                id,
            });
            last = None;
            free = k + 1;
            continue;
        }
        let Some(serial) = serial(raw) else { continue };
        // The station: up to four words right before the serial.
        let mut first = k;
        let mut glued_year = None;
        while first > free && k - first < 4 {
            let w = words[first - 1];
            // "THE" is a word of one station name (THE HAGUE); "A" of PORT A (Port-au-Prince).
            let special = (w == "THE" && words[first] == "HAGUE")
                || (w == "A" && first >= 2 && words[first - 2] == "PORT");
            match station_word(w) {
                _ if special => first -= 1,
                Some((_, y)) => {
                    first -= 1;
                    if y.is_some() {
                        glued_year = y;
                        break;
                    }
                }
                None => break,
            }
        }
        if first == k {
            // `BRASILIA 2799 AND 2764`: the station of the id before.
            // (`AND 06 ELSEWHERE 7`: a year, the next id's.)
            let next_station = year_word(raw).is_some()
                && words.get(k + 1).is_some_and(|w| station_word(w).is_some());
            if k > 0
                && words[k - 1] == "AND"
                && !next_station
                && let Some((y, st)) = &last
                && let Some(id) = canonical_id(*y, st, serial)
            {
                out.push(Found {
                    start: off(raw),
                    end: off(raw) + raw.len(),
                    id,
                });
                free = k + 1;
            }
            continue;
        }
        let date_like = serial.len() <= 2 || (serial.len() == 4 && year_word(serial).is_some());
        if date_like && words[first..k].iter().any(|w| MONTHS.contains(w)) {
            continue;
        }
        let before = first.checked_sub(1).filter(|&j| j >= free);
        if before.is_some_and(|j| DOCUMENTS.contains(&words[j]) || page_header(&words[..=j])) {
            continue;
        }
        let station = station_of(&words[first..k]);
        // The longest post names run to 17 letters (BANDARSERIBEGAWAN); a longer run is prose.
        if (station.len() < 3 && !has_alias(&station)) || station.len() > MAX_STATION {
            continue;
        }
        let year_before = before.and_then(|j| year_word(words[j]));
        let year_after = words.get(k + 1).and_then(|w| {
            let inner = w
                .strip_prefix('(')?
                .trim_end_matches([',', ';', '.'])
                .strip_suffix(')')?;
            (inner.len() == 2 && inner.bytes().all(|b| b.is_ascii_digit()))
                .then(|| inner.parse().ok().map(full_year))?
        });
        let Some(year) = glued_year.or(year_before).or(year_after).or(default_year) else {
            continue;
        };
        if let Some(id) = canonical_id(year, &station, serial) {
            let start = match (glued_year, year_before) {
                (None, Some(_)) => before.map_or(first, |j| j),
                _ => first,
            };
            out.push(Found {
                start: off(words[start]),
                end: off(raw) + raw.len(),
                id,
            });
            last = Some((year, station.into_owned()));
            free = k + 1 + usize::from(year_after.is_some());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str, year: i32) -> Vec<String> {
        cable_ids(text, Some(year))
            .into_iter()
            .map(|f| f.id)
            .collect()
    }

    #[test]
    fn years_in_every_spelling() {
        assert_eq!(ids("'05 FICTIONVILLE 12", 2009), ["05FICTIONVILLE12"]);
        assert_eq!(ids("(98) FICTIONVILLE 12", 2009), ["98FICTIONVILLE12"]);
        assert_eq!(ids("O3 FICTIONVILLE 12", 2009), ["03FICTIONVILLE12"]);
        assert_eq!(ids("097 FICTIONVILLE 12", 2009), ["97FICTIONVILLE12"]);
        assert_eq!(ids("2004 FICTIONVILLE 12", 2009), ["04FICTIONVILLE12"]);
        assert_eq!(ids("07FICTIONVILLE 12", 2009), ["07FICTIONVILLE12"]);
    }

    #[test]
    fn glued_ids() {
        assert_eq!(
            ids("07FICTIONVILLE0012; 2006ELSEWHERE3", 2009),
            ["07FICTIONVILLE12", "06ELSEWHERE3"]
        );
        assert_eq!(ids("08-FICTIONVILLE-44", 2009), ["08FICTIONVILLE44"]);
    }

    #[test]
    fn several_ids_and_shared_stations() {
        assert_eq!(
            ids("FICTIONVILLE 12 AND 13: ELSEWHERE 7", 2009),
            ["09FICTIONVILLE12", "09FICTIONVILLE13", "09ELSEWHERE7"]
        );
        // A bare serial after a comma is not read as the same station's.
        assert_eq!(ids("FICTIONVILLE 12, 13", 2009), ["09FICTIONVILLE12"]);
        // An earlier serial is not read as the next station's year.
        assert_eq!(
            ids("FICTIONVILLE 2001 ELSEWHERE 7", 2009),
            ["09FICTIONVILLE2001", "09ELSEWHERE7"]
        );
    }

    #[test]
    fn slips_and_odd_stations() {
        assert_eq!(ids("FICTI0NVILLE 5", 2009), ["09FICTIONVILLE5"]);
        assert_eq!(ids("N'FICTION 5", 2009), ["09NFICTION5"]);
        assert_eq!(ids("STATE: 5", 2009), ["09STATE5"]);
        assert_eq!(ids("BA 5", 2009), ["09BUENOSAIRES5"]);
        assert_eq!(ids("PORT A 5", 2009), ["09PORTAUPRINCE5"]);
        assert_eq!(ids("RIO DE JAN 138", 2009), ["09RIODEJANEIRO138"]);
    }

    #[test]
    fn not_cables() {
        assert!(ids("SECDEF MSG DTG 301601Z SEP 08", 2009).is_empty());
        assert!(ids("MEETING OF JUNE 2009", 2009).is_empty());
        assert!(ids("UNSCR 1737 COMMITTEE NOTICE", 2009).is_empty());
        assert!(ids("INCSR FICTIONLAND 2008", 2009).is_empty());
        assert!(ids("XY 5", 2009).is_empty());
        // A page-break line and a spaced classification line inside the list.
        assert_eq!(
            ids(
                "FICTIONVILLE 1 SECRET PAGE 02 ELSEWHERE 00123 01 OF 02 0815Z",
                2009
            ),
            ["09FICTIONVILLE1"]
        );
        assert!(ids("S E C R E T ELSEWHERE 000472 SIPDIS", 2009).is_empty());
    }

    #[test]
    fn spans_name_the_written_id() {
        let t = "FICTIONVILLE 12 AND 06 ELSEWHERE 7";
        let f = cable_ids(t, Some(2009));
        assert_eq!(&t[f[0].start..f[0].end], "FICTIONVILLE 12");
        assert_eq!(&t[f[1].start..f[1].end], "06 ELSEWHERE 7");
    }
}
