//! The REF list: labelled entries (`A. USNATO 263`, `B) ...`, `(C) ...`, `¶B.`), each with the
//! canonical id of the cable it names (`06 TBILISI 2601`, `ASUNCION 701 (08)`, the cable's own
//! year by default), and unlabelled lists joined by `AND`, `;` or commas. At most
//! [`MAX_REFERENCES`] entries are kept.

use std::borrow::Cow;

use super::dtg::full_year;
use super::ids::canonical_id;
use super::limits::MAX_REFERENCES;
use super::model::Reference;

/// Month names and abbreviations: a "station" containing one is a date (`SEP 08`, `JULY 15`).
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

/// Words that show a reference is not a cable (`E-MAIL`, `IIR 6 832 0617 08`).
const NOT_STATIONS: &[&str] = &[
    "EMAIL", "E-MAIL", "IIR", "MEMCON", "TELCON", "FAX", "DTG", "PARA", "PARAS", "AND", "OF",
    "THE", "SEE", "REF", "REFTEL", "DATED",
];

/// Finds a label at byte `i` of `s` (at a word start): `A.`, `A)`, `(A)`. Returns the letter
/// and the length of the label including the following space.
fn label_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if i > 0 && !b[i - 1].is_ascii_whitespace() {
        return None;
    }
    let (letter, len) = if b.get(i) == Some(&b'(') {
        let l = *b.get(i + 1)?;
        (
            l,
            if b.get(i + 2) == Some(&b')') {
                3
            } else {
                return None;
            },
        )
    } else {
        let l = *b.get(i)?;
        if !matches!(b.get(i + 1), Some(b'.' | b')' | b':')) {
            return None;
        }
        (l, 2)
    };
    if !letter.is_ascii_uppercase() {
        return None;
    }
    match b.get(i + len) {
        None => Some((letter as char, len)),
        Some(c) if c.is_ascii_whitespace() => Some((letter as char, len + 1)),
        // `(A)STATE 071143`
        Some(c) if len == 3 && c.is_ascii_alphanumeric() => Some((letter as char, len)),
        _ => None,
    }
}

/// Finds the first cable reference in the words of an entry and returns its canonical id.
pub fn cable_id(text: &str, default_year: Option<i32>) -> Option<String> {
    let words: Vec<&str> = super::text::words(text).collect();
    for (k, raw) in words.iter().enumerate() {
        let serial = raw.trim_end_matches([',', ';', '.', ':']);
        if serial.is_empty()
            || serial.len() > 7
            || !serial.bytes().all(|b| b.is_ascii_digit())
            || k == 0
        {
            continue;
        }
        // The station: up to four upper-case words right before the serial.
        let mut first = k;
        while first > 0 && k - first < 4 {
            let w = words[first - 1];
            // "THE" is a word of one station name (THE HAGUE); elsewhere it ends the station.
            let the_hague = w == "THE" && words[first] == "HAGUE";
            let ok = w.len() > 1
                && w.bytes().all(|b| b.is_ascii_uppercase() || b == b'-')
                && (the_hague || !NOT_STATIONS.contains(&w));
            if !ok {
                break;
            }
            first -= 1;
        }
        if first == k {
            continue;
        }
        if words[first..k].iter().any(|w| MONTHS.contains(w)) {
            continue;
        }
        // A one-word station (most) is lent, not joined into a new string.
        let station: Cow<str> = match &words[first..k] {
            [one] => Cow::Borrowed(one),
            several => Cow::Owned(several.concat()),
        };
        if station.len() < 3 {
            continue;
        }
        let year_before = first
            .checked_sub(1)
            .map(|j| words[j])
            .filter(|w| (w.len() == 2 || w.len() == 4) && w.bytes().all(|b| b.is_ascii_digit()));
        let year_after = words.get(k + 1).and_then(|w| {
            let inner = w
                .strip_prefix('(')?
                .trim_end_matches([',', ';', '.'])
                .strip_suffix(')')?;
            (inner.len() == 2 && inner.bytes().all(|b| b.is_ascii_digit())).then_some(inner)
        });
        let year = match year_before.or(year_after) {
            Some(y) if y.len() == 4 => y.parse().ok(),
            Some(y) => y.parse().ok().map(full_year),
            None => default_year,
        };
        if let Some(y) = year {
            return canonical_id(y, &station, serial);
        }
    }
    None
}

/// An entry's text, cleaned: words collapsed, trailing `,`/`;` and spaces removed.
enum Clean {
    /// The cleaned text is `s[start..end]` (collapsing changed nothing: the usual case).
    Span(usize, usize),
    /// The cleaned text had to be rebuilt.
    Owned(String),
}

/// Cleans an entry's text (see [`Clean`]). Cleaning commutes with ASCII upper-casing, which
/// moves no byte: the upper-case text of an entry is cleaned by the same span.
fn clean_entry(s: &str) -> Clean {
    /// The span of `t` left once trailing `,`/`;` and surrounding spaces are trimmed.
    fn tidy(t: &str) -> (usize, usize) {
        let t1 = t.trim_end_matches([',', ';']);
        let start = t1.len() - t1.trim_start().len();
        (start, start + t1.trim().len())
    }
    match super::text::collapse_cow(s) {
        Cow::Borrowed(_) => {
            let (a, b) = tidy(s);
            Clean::Span(a, b)
        }
        Cow::Owned(mut o) => {
            let (a, b) = tidy(&o);
            // Cut to the span in place rather than copying it out.
            o.truncate(b);
            o.drain(..a);
            Clean::Owned(o)
        }
    }
}

/// Parses the REF text (lines joined by newlines) with the cable's year as default.
/// Labels and ids are read case-insensitively; each entry's text is kept as written.
pub fn parse_refs(raw: &str, year: Option<i32>) -> Vec<Reference> {
    read_refs(raw, year).0
}

/// [`parse_refs`], keeping at most [`MAX_REFERENCES`] entries: the entries kept, and how many
/// more the text held.
pub fn read_refs(raw: &str, year: Option<i32>) -> (Vec<Reference>, usize) {
    let orig = if raw.contains('¶') {
        Cow::Owned(raw.replace('¶', " "))
    } else {
        Cow::Borrowed(raw)
    };
    let orig = orig.trim();
    // ASCII upper-casing keeps byte offsets, so spans found in `up` slice `orig` too.
    let up = orig.to_ascii_uppercase();
    let mut out = Vec::new();
    let entry = |lo: usize, hi: usize, label: Option<char>| {
        // One cleaning serves both the text (from `orig`) and the id (from `up`).
        let (text, id) = match clean_entry(&orig[lo..hi]) {
            Clean::Span(a, b) => (
                orig[lo + a..lo + b].to_string(),
                cable_id(&up[lo + a..lo + b], year),
            ),
            Clean::Owned(t) => {
                let id = cable_id(&t.to_ascii_uppercase(), year);
                (t, id)
            }
        };
        Reference {
            label: label.map(|l| l.to_string()),
            text,
            id,
        }
    };
    // Labelled list: the first label must be A.
    let mut labels: Vec<(usize, char, usize)> = Vec::new();
    let mut prev: Option<char> = None;
    // Labels start words: only offsets after an ASCII space byte (or the first) are tried,
    // which are the character boundaries `label_at` does not turn away at once.
    let ub = up.as_bytes();
    let word_starts = (0..ub.len()).filter(|&i| i == 0 || ub[i - 1].is_ascii_whitespace());
    for i in word_starts {
        if let Some((l, len)) = label_at(&up, i) {
            let ok = match prev {
                None => l == 'A' && i == 0,
                Some(p) => l == p || l as u32 == p as u32 + 1,
            };
            if ok {
                labels.push((i, l, len));
                prev = Some(l);
            }
        }
    }
    if !labels.is_empty() {
        for (n, &(i, l, len)) in labels.iter().enumerate().take(MAX_REFERENCES) {
            let end = labels.get(n + 1).map_or(up.len(), |x| x.0);
            out.push(entry(i + len, end, Some(l)));
        }
        return (out, labels.len().saturating_sub(MAX_REFERENCES));
    }
    // Unlabelled: split into several entries only when each piece names a cable.
    let mut cuts = vec![0];
    // The cut bytes are ASCII, so a byte scan finds them at the same (boundary) offsets as a
    // `char` scan, without decoding.
    for (i, &c) in ub.iter().enumerate() {
        if c == b';' || c == b'\n' || (c == b' ' && ub[i..].starts_with(b" AND ")) {
            cuts.push(i);
        }
    }
    cuts.push(up.len());
    let pieces: Vec<(usize, usize)> = cuts
        .windows(2)
        .map(|w| {
            let lo = w[0]
                + up[w[0]..w[1]]
                    .find(|c: char| !matches!(c, ';' | '\n' | ' '))
                    // A piece of separators alone (a trailing `;`) is empty, not an entry.
                    .unwrap_or(w[1] - w[0]);
            let lo = if up[lo..].starts_with("AND ") {
                lo + 4
            } else {
                lo
            };
            (lo.min(w[1]), w[1])
        })
        .filter(|(lo, hi)| !up[*lo..*hi].trim().is_empty())
        .collect();
    // Two pieces naming a cable are enough to know (and one piece needs no count).
    let split = pieces.len() > 1
        && pieces
            .iter()
            .filter(|&&(lo, hi)| cable_id(&up[lo..hi], year).is_some())
            .nth(1)
            .is_some();
    let mut cut = 0;
    if split {
        cut = pieces.len().saturating_sub(MAX_REFERENCES);
        for (lo, hi) in pieces.into_iter().take(MAX_REFERENCES) {
            out.push(entry(lo, hi, None));
        }
    } else if !up.is_empty() {
        out.push(entry(0, up.len(), None));
    }
    (out, cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(raw: &str, year: i32) -> Vec<Option<String>> {
        parse_refs(raw, Some(year))
            .into_iter()
            .map(|r| r.id)
            .collect()
    }

    #[test]
    fn a_year_before_the_hague_is_that_year() {
        assert_eq!(
            ids("A. 06 THE HAGUE 19 B. THE HAGUE 20", 2026),
            vec![Some("06THEHAGUE19".into()), Some("26THEHAGUE20".into())]
        );
    }

    #[test]
    fn labelled_list() {
        let r = parse_refs("A. FICTIONVILLE 263\n¶B. FICTIONVILLE 264", Some(2007));
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].label.as_deref(), Some("A"));
        assert_eq!(r[0].text, "FICTIONVILLE 263");
        assert_eq!(r[0].id.as_deref(), Some("07FICTIONVILLE263"));
        assert_eq!(r[1].label.as_deref(), Some("B"));
    }

    #[test]
    fn years_before_and_after() {
        assert_eq!(
            ids("A. 06 FICTIONVILLE 2601 B. ELSEWHERE 701 (08)", 2007),
            [
                Some("06FICTIONVILLE2601".into()),
                Some("08ELSEWHERE701".into())
            ]
        );
    }

    #[test]
    fn paren_labels_and_non_cables() {
        let r = parse_refs("(A) STATE 12345 (B) DOE E-MAIL 05/11/07", Some(2009));
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].id.as_deref(), Some("09STATE12345"));
        assert_eq!(r[1].id, None);
    }

    #[test]
    fn lower_case_and_glued_labels_keep_their_text() {
        let r = parse_refs(
            "a. 05 fictionville 12\nb. Someone e-mail of 3/4",
            Some(2007),
        );
        assert_eq!(r[0].id.as_deref(), Some("05FICTIONVILLE12"));
        assert_eq!(r[1].text, "Someone e-mail of 3/4");
        assert_eq!(
            ids("(A)STATE 071143, (B)FICTIONVILLE 5", 2007),
            [Some("07STATE71143".into()), Some("07FICTIONVILLE5".into())]
        );
        assert_eq!(
            ids("A. FICTIONVILLE 1 B. SECDEF MSG DTG 301601Z SEP 08", 2008),
            [Some("08FICTIONVILLE1".into()), None]
        );
    }

    #[test]
    fn unlabelled_and_continuation() {
        assert_eq!(ids("STATE 85678", 2008), [Some("08STATE85678".into())]);
        // A trailing separator makes no empty entry.
        assert_eq!(
            ids("STATE 1; STATE 2;", 2008),
            [Some("08STATE1".into()), Some("08STATE2".into())]
        );
        assert_eq!(
            ids("FICTIONVILLE 12 AND 07 STATE 99", 2008),
            [Some("08FICTIONVILLE12".into()), Some("07STATE99".into())]
        );
        assert_eq!(
            ids("SECSTATE WASHDC 1234", 2008),
            [Some("08STATE1234".into())]
        );
    }
}
