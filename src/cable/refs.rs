//! The REF list: labelled entries (`A. USNATO 263`, `B) ...`, `(C) ...`, `¶B.`), each with the
//! canonical id of the cable it names (`06 TBILISI 2601`, `ASUNCION 701 (08)`, the cable's own
//! year by default), and unlabelled lists joined by `AND`, `;` or commas. At most
//! [`MAX_REFERENCES`] entries are kept.

use std::borrow::Cow;

use super::limits::MAX_REFERENCES;
use super::model::Reference;
use super::ref_ids::cable_ids;

/// Whether a label may start at byte `i` of `s`: at the start, or after a space or a
/// separator (`ANKARA 11676;B) ANKARA 11279`).
fn label_start(b: &[u8], i: usize) -> bool {
    i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r' | b';' | b',')
}

/// Finds a label at byte `i` of `s` (at a word start): `A.`, `A)`, `A:`, `(A)`, `[A]`, or a
/// number in brackets (`(1)`). Returns the label and the length of the label including the
/// following space.
fn label_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if !label_start(b, i) {
        return None;
    }
    let (letter, len) = match b.get(i) {
        Some(&open @ (b'(' | b'[')) => {
            let l = *b.get(i + 1)?;
            let close = if open == b'(' { b')' } else { b']' };
            if b.get(i + 2) != Some(&close) || !(l.is_ascii_uppercase() || l.is_ascii_digit()) {
                return None;
            }
            (l, 3)
        }
        Some(&l) if l.is_ascii_uppercase() => {
            if !matches!(b.get(i + 1), Some(b'.' | b')' | b':')) {
                return None;
            }
            (l, 2)
        }
        _ => return None,
    };
    match b.get(i + len) {
        None => Some((letter as char, len)),
        Some(c) if c.is_ascii_whitespace() => Some((letter as char, len + 1)),
        // `(A)STATE 071143`, `D.01 FICTIONVILLE 5`
        Some(c) if len == 3 && c.is_ascii_alphanumeric() => Some((letter as char, len)),
        Some(c) if b[i + 1] == b'.' && c.is_ascii_digit() => Some((letter as char, len)),
        _ => None,
    }
}

/// A bare letter label (`A FICTIONVILLE 365, B ELSEWHERE 406`): one letter, then a space.
fn bare_label_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let l = *b.get(i)?;
    (label_start(b, i) && l.is_ascii_uppercase() && b.get(i + 1) == Some(&b' '))
        .then_some((l as char, 2))
}

/// The first cable id named in an entry's text (upper case).
pub fn cable_id(text: &str, default_year: Option<i32>) -> Option<String> {
    cable_ids(text, default_year)
        .into_iter()
        .next()
        .map(|f| f.id)
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
    // One entry, several when its text names several cables (`STATE 41252 AND 44603`): each
    // then holds the text from its id to the next, the first also what comes before.
    let entry = |lo: usize, hi: usize, label: Option<char>, out: &mut Vec<Reference>| {
        // One cleaning serves both the text (from `orig`) and the ids (from `up`).
        let (text, found) = match clean_entry(&orig[lo..hi]) {
            Clean::Span(a, b) => (
                Cow::Borrowed(&orig[lo + a..lo + b]),
                cable_ids(&up[lo + a..lo + b], year),
            ),
            Clean::Owned(t) => {
                let found = cable_ids(&t.to_ascii_uppercase(), year);
                (Cow::Owned(t), found)
            }
        };
        let label = label.map(|l| l.to_string());
        if found.len() < 2 {
            out.push(Reference {
                label,
                text: text.into_owned(),
                id: found.into_iter().next().map(|f| f.id),
            });
            return;
        }
        let n = found.len();
        let starts: Vec<usize> = found.iter().map(|f| f.start).collect();
        for (j, f) in found.into_iter().enumerate() {
            let from = if j == 0 { 0 } else { starts[j] };
            let to = starts.get(j + 1).copied().unwrap_or(text.len());
            let piece = text[from..to].trim_end_matches([' ', ',', ';', ':', '\n']);
            let piece = piece.strip_suffix(" AND").unwrap_or(piece);
            let piece = piece.strip_suffix(" and").unwrap_or(piece);
            out.push(Reference {
                label: label.clone(),
                text: piece.trim_end_matches([' ', ',', ';', ':']).to_string(),
                id: Some(f.id),
            });
            if j + 1 == n {
                break;
            }
        }
    };
    // Labelled list: the first label must be A.
    let mut labels: Vec<(usize, char, usize)> = Vec::new();
    let mut prev: Option<char> = None;
    // Labels start words: only offsets after an ASCII space byte (or the first) are tried,
    // which are the character boundaries `label_at` does not turn away at once.
    let ub = up.as_bytes();
    // Without a punctuated label, bare letters (`A FICTIONVILLE 365, B ...`) when the list
    // starts with one.
    let bare = label_at(&up, 0).is_none() && up.starts_with("A ");
    let find: fn(&str, usize) -> Option<(char, usize)> =
        if bare { bare_label_at } else { label_at };
    let word_starts = (0..ub.len()).filter(|&i| label_start(ub, i));
    for i in word_starts {
        if let Some((l, len)) = find(&up, i) {
            let ok = match prev {
                None => (l == 'A' || l == '1') && i == 0,
                Some(p) => (l == p && !bare) || l as u32 == p as u32 + 1,
            };
            if ok {
                labels.push((i, l, len));
                prev = Some(l);
            }
        }
    }
    if !labels.is_empty() {
        for (n, &(i, l, len)) in labels.iter().enumerate() {
            if out.len() >= MAX_REFERENCES {
                return (out, labels.len() - n);
            }
            let end = labels.get(n + 1).map_or(up.len(), |x| x.0);
            entry(i + len, end, Some(l), &mut out);
        }
        let cut = out.len().saturating_sub(MAX_REFERENCES);
        out.truncate(MAX_REFERENCES);
        return (out, cut);
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
        for (n, &(lo, hi)) in pieces.iter().enumerate() {
            if out.len() >= MAX_REFERENCES {
                cut = pieces.len() - n;
                break;
            }
            entry(lo, hi, None, &mut out);
        }
    } else if !up.is_empty() {
        entry(0, up.len(), None, &mut out);
    }
    cut += out.len().saturating_sub(MAX_REFERENCES);
    out.truncate(MAX_REFERENCES);
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

    #[test]
    fn more_label_spellings() {
        let want = [
            Some("07FICTIONVILLE1".to_string()),
            Some("07ELSEWHERE2".into()),
        ];
        assert_eq!(ids("[A] FICTIONVILLE 1, [B] ELSEWHERE 2", 2007), want);
        assert_eq!(ids("(1) FICTIONVILLE 1, (2) ELSEWHERE 2", 2007), want);
        assert_eq!(ids("A) FICTIONVILLE 1;B) ELSEWHERE 2", 2007), want);
        assert_eq!(ids("A. FICTIONVILLE 1 B.07 ELSEWHERE 2", 2007), want);
        assert_eq!(ids("A FICTIONVILLE 1, B ELSEWHERE 2", 2007), want);
        let r = parse_refs("A Fictionville 1 B Elsewhere 2", Some(2007));
        assert_eq!(r[1].label.as_deref(), Some("B"));
        assert_eq!(r[1].text, "Elsewhere 2");
    }

    #[test]
    fn an_entry_naming_several_cables_gives_one_entry_each() {
        let r = parse_refs("A. FICTIONVILLE 12 AND 14 B. ELSEWHERE 3", Some(2007));
        let got: Vec<_> = r
            .iter()
            .map(|r| (r.label.as_deref(), r.text.as_str(), r.id.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("A"), "FICTIONVILLE 12", Some("07FICTIONVILLE12")),
                (Some("A"), "14", Some("07FICTIONVILLE14")),
                (Some("B"), "ELSEWHERE 3", Some("07ELSEWHERE3")),
            ]
        );
        assert_eq!(
            ids("FICTIONVILLE 1 (A TALK)  ELSEWHERE 2 (ANOTHER)", 2007),
            [Some("07FICTIONVILLE1".into()), Some("07ELSEWHERE2".into())]
        );
    }

    #[test]
    fn entries_are_capped_after_splitting() {
        let raw = (0..300)
            .map(|n| format!("FICTIONVILLE {n} AND {}", n + 1000))
            .collect::<Vec<_>>()
            .join("; ");
        let (kept, more) = read_refs(&raw, Some(2007));
        assert_eq!(kept.len(), MAX_REFERENCES);
        assert!(more > 0);
    }
}
