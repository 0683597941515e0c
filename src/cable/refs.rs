//! The REF list: labelled entries (`A. USNATO 263`, `B) ...`, `(C) ...`, `¶B.`), each with the
//! canonical id of the cable it names (`06 TBILISI 2601`, `ASUNCION 701 (08)`, the cable's own
//! year by default), and unlabelled lists joined by `AND`, `;` or commas.

use super::dtg::full_year;
use super::ids::canonical_id;
use super::model::Reference;

/// Words that show a reference is not a cable (`E-MAIL`, `IIR 6 832 0617 08`).
const NOT_STATIONS: [&str; 16] = [
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
        if !matches!(b.get(i + 1), Some(b'.' | b')')) {
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
        _ => None,
    }
}

/// Finds the first cable reference in the words of an entry and returns its canonical id.
pub fn cable_id(text: &str, default_year: Option<i32>) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
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
            let ok = w.len() > 1
                && w.bytes().all(|b| b.is_ascii_uppercase() || b == b'-')
                && !NOT_STATIONS.contains(&w);
            if !ok {
                break;
            }
            first -= 1;
        }
        if first == k {
            continue;
        }
        let station: String = words[first..k].concat();
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

fn clean_entry(s: &str) -> String {
    super::text::collapse(s)
        .trim_end_matches([',', ';'])
        .trim()
        .to_string()
}

/// Parses the REF text (lines joined by newlines) with the cable's year as default.
pub fn parse_refs(raw: &str, year: Option<i32>) -> Vec<Reference> {
    let text = raw.replace('¶', " ");
    let text = text.trim();
    let mut out = Vec::new();
    // Labelled list: the first label must be A.
    let mut labels: Vec<(usize, char, usize)> = Vec::new();
    let mut prev: Option<char> = None;
    for (i, _) in text.char_indices() {
        if let Some((l, len)) = label_at(text, i) {
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
        for (n, &(i, l, len)) in labels.iter().enumerate() {
            let end = labels.get(n + 1).map_or(text.len(), |x| x.0);
            let entry = clean_entry(&text[i + len..end]);
            let id = cable_id(&entry, year);
            out.push(Reference {
                label: Some(l.to_string()),
                text: entry,
                id,
            });
        }
        return out;
    }
    // Unlabelled: split into several entries only when each piece names a cable.
    let pieces: Vec<&str> = text
        .split([';', '\n'])
        .flat_map(|p| p.split(" AND "))
        .collect();
    if pieces.len() > 1 && pieces.iter().all(|p| cable_id(p, year).is_some()) {
        for p in pieces {
            let entry = clean_entry(p);
            let id = cable_id(&entry, year);
            out.push(Reference {
                label: None,
                text: entry,
                id,
            });
        }
    } else if !text.is_empty() {
        let entry = clean_entry(text);
        let id = cable_id(&entry, year);
        out.push(Reference {
            label: None,
            text: entry,
            id,
        });
    }
    out
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
    fn unlabelled_and_continuation() {
        assert_eq!(ids("STATE 85678", 2008), [Some("08STATE85678".into())]);
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
