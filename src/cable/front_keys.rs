//! The keywords that open the front fields (`E.O. 12958:`, `TAGS:`, `SUBJECT:`, `REF:`,
//! `Classified By:`), at a line's start (in every spelling seen, slips included) and in the
//! middle of a line a collapsed page ran together.

use super::text::starts_with_ci;

/// The front fields.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Eo,
    Tags,
    Subject,
    Ref,
    ClassifiedBy,
}

/// The length of the first of `prefixes` that `s` starts with, ASCII case-insensitively.
pub(super) fn prefix_ci(s: &str, prefixes: &[&str]) -> Option<usize> {
    prefixes
        .iter()
        .find(|p| starts_with_ci(s, p))
        .map(|p| p.len())
}

/// A keyword at the very start of `s`: its kind and the length to skip.
pub(super) fn keyword_at_start(s: &str) -> Option<(Kind, usize)> {
    let c = s.as_bytes().first()?.to_ascii_uppercase();
    match c {
        b'E' => prefix_ci(s, &["E.O.", "E. O.", "EO 1", "E.O 1", "EO1", "EO:", "E.0."])
            .map(|_| (Kind::Eo, 0)),
        // The E.O. line broken before its DECL date.
        b'D' => prefix_ci(s, &["DECL:"]).map(|_| (Kind::Eo, 0)),
        b'T' => prefix_ci(
            s,
            &[
                "TAGS:", "TAGS ", "TAGS-", "TAGS\t", "TAS:", "TGS:", "TGS ", "TAG:", "TAG ",
                "TAGS;", "TAGS,", "TABS:", "TAGES:",
            ],
        )
        .or_else(|| s.eq_ignore_ascii_case("TAGS").then_some(4))
        .map(|n| (Kind::Tags, n)),
        b'S' => prefix_ci(
            s,
            &[
                "SUBJECT:",
                "SUBJ:",
                "SUBJECT -",
                "SUBJECT ",
                "SUBJ ",
                "SUBJECT;",
                "SUBJECT-",
            ],
        )
        .map(|n| (Kind::Subject, n)),
        // The S lost at the line start.
        b'U' => s.starts_with("UBJECT:").then_some((Kind::Subject, 7)),
        b'R' => prefix_ci(
            s,
            &[
                "REFS:",
                "REF:",
                "REFTELS:",
                "REFTEL:",
                "REFERENCES:",
                "REFERENCE:",
                "REF(S):",
                "REFS ",
                "REF ",
                "REFTEL ",
                "REF. ",
                "REFS. ",
            ],
        )
        .map(|n| (Kind::Ref, n)),
        b'C' | b'(' => classified_by_at(s),
        _ => None,
    }
}

/// `Classified By:` (any case), optionally after a `(U)` marking.
pub(super) fn classified_by_at(s: &str) -> Option<(Kind, usize)> {
    let (skip, t) = match s.strip_prefix('(') {
        Some(r) => {
            // Only the first bytes are searched: this is tried at every `(` of a front line.
            let close = memchr::memchr(b')', &r.as_bytes()[..r.len().min(6)])?;
            let t = r[close + 1..].trim_start();
            (s.len() - t.len(), t)
        }
        None => (0, s),
    };
    if starts_with_ci(t, "CLASSIFIED BY") {
        let mut n = skip + "CLASSIFIED BY".len();
        let rest = &s[n..];
        let rest2 = rest.trim_start_matches([':', ' ', '\t']);
        n += rest.len() - rest2.len();
        return Some((Kind::ClassifiedBy, n));
    }
    None
}

/// A space or a tab, the bytes that start a word in a front line. Most bytes tested are
/// above the space, and one compare turns them away.
pub(super) fn is_blank(c: u8) -> bool {
    c <= b' ' && (c == b' ' || c == b'\t')
}

/// Keywords that may begin in the middle of a line (collapsed pages).
pub(super) fn keyword_mid(s: &str, cur: Option<Kind>) -> Option<(Kind, usize)> {
    let b = s.as_bytes();
    match b.first()?.to_ascii_uppercase() {
        b'T' if starts_with_ci(s, "TAGS:")
            || (cur == Some(Kind::Eo) && starts_with_ci(s, "TAGS ")) =>
        {
            Some((Kind::Tags, 5))
        }
        // `DECL: 08/22/2017 AGS: PGOV`: the T lost after the E.O. line's date.
        b'A' if cur == Some(Kind::Eo) && s.starts_with("AGS:") => Some((Kind::Tags, 4)),
        b'S' if s.starts_with("SUBJECT:") || s.starts_with("Subject:") => Some((Kind::Subject, 8)),
        b'R' => ["REF:", "REFS:", "REFTEL:", "Ref:", "Ref(s):", "REF(S):"]
            .iter()
            .find(|p| s.starts_with(**p))
            .map(|p| (Kind::Ref, p.len())),
        b'C' | b'(' => classified_by_at(s),
        b'E' if cur != Some(Kind::Eo) && (s.starts_with("E.O. 1") || s.starts_with("EO 12")) => {
            Some((Kind::Eo, 0))
        }
        _ => None,
    }
}

/// Keywords whose spelling, colon included, cannot occur inside a word of the front matter:
/// found even glued to the word before them, as the scraped flavour writes a front that lost
/// its line breaks (`000771SIPDISE.O. 12958: DECL: 04/02/2016TAGS: PREL`, `NOFORNE.O.`).
const GLUED: [&[u8]; 5] = [b"E.O. 1", b"TAGS:", b"SUBJECT:", b"REF:", b"Classified By:"];

/// Whether one of [`GLUED`] starts at `i`, right after an upper-case letter or a digit.
pub(super) fn glued_at(b: &[u8], i: usize) -> bool {
    // Tried at every byte of a caption line: the keyword's first two bytes turn nearly every
    // position away before anything else is read.
    let second = match b[i] {
        b'E' => b'.',
        b'T' => b'A',
        b'S' => b'U',
        b'R' => b'E',
        b'C' => b'l',
        _ => return false,
    };
    b.get(i + 1) == Some(&second)
        && i > 0
        && (b[i - 1].is_ascii_uppercase() || b[i - 1].is_ascii_digit())
        && GLUED.iter().any(|k| b[i..].starts_with(k))
}

/// Byte offset of the first keyword that starts after the beginning of `s`: after a blank, or
/// glued to the word before it, for the keywords whose spelling cannot occur inside a word.
pub fn mid_keyword(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    (1..b.len()).find(|&i| {
        (is_blank(b[i - 1]) || glued_at(b, i))
            && s.is_char_boundary(i)
            && keyword_mid(&s[i..], None).is_some()
    })
}
