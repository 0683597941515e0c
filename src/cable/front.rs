//! The front matter between the classification line and the first paragraph: captions
//! (SIPDIS, NOFORN ...), `E.O. 12958: DECL:`, TAGS, SUBJECT, REF and `Classified By`, also when
//! a page collapsed several of them onto one line (`SUBJECT: X REF: Y Classified By: Z 1. (C)`).

use std::borrow::Cow;

use chrono::NaiveDate;

use super::classline::is_bare_level;
use super::dtg::parse_decl_date;
use super::text::{CiNeedle, is_rule, page_break, paragraph_start, starts_with_ci};

/// Handling captions and control markings recognised in the caption block.
pub const CAVEATS: [&str; 14] = [
    "SIPDIS",
    "NOFORN",
    "NODIS",
    "EXDIS",
    "LIMDIS",
    "STADIS",
    "SENSITIVE",
    "FOUO",
    "EFTO",
    "ROGER",
    "CHEROKEE",
    "ORCON",
    "PROPIN",
    "NOCONTRACT",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Eo,
    Tags,
    Subject,
    Ref,
    ClassifiedBy,
}

/// The front matter of one cable, raw (joined lines), plus where the paragraphs start. A field
/// written on one line is lent from it; one joined from several lines is built.
#[derive(Debug, Default)]
pub struct Front<'a> {
    pub caveats: Vec<&'static str>,
    pub decl: Option<NaiveDate>,
    pub eo_seen: bool,
    pub tags: Option<Cow<'a, str>>,
    pub subject: Option<Cow<'a, str>>,
    pub refs: Option<Cow<'a, str>>,
    pub classified_by: Option<Cow<'a, str>>,
    /// Index of the first body line after the front matter.
    pub body_start: usize,
    /// Text of a paragraph that began in the middle of the last front line.
    pub body_head: Option<&'a str>,
}

/// The length of the first of `prefixes` that `s` starts with, ASCII case-insensitively.
fn prefix_ci(s: &str, prefixes: &[&str]) -> Option<usize> {
    prefixes
        .iter()
        .find(|p| starts_with_ci(s, p))
        .map(|p| p.len())
}

/// A keyword at the very start of `s`: its kind and the length to skip.
fn keyword_at_start(s: &str) -> Option<(Kind, usize)> {
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
fn classified_by_at(s: &str) -> Option<(Kind, usize)> {
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
fn is_blank(c: u8) -> bool {
    c <= b' ' && (c == b' ' || c == b'\t')
}

/// Keywords that may begin in the middle of a line (collapsed pages).
fn keyword_mid(s: &str, cur: Option<Kind>) -> Option<(Kind, usize)> {
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

/// Byte offset of the first keyword that starts after the beginning of `s`.
pub fn mid_keyword(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    (1..b.len()).find(|&i| {
        is_blank(b[i - 1]) && s.is_char_boundary(i) && keyword_mid(&s[i..], None).is_some()
    })
}

/// A paragraph starting in the middle of a collapsed line: ` 1. (C) ...` or `¶1.`.
fn para_mid(s: &str) -> bool {
    // Quick reject, tried at every word of a front line: the ASCII first bytes that
    // `paragraph_start` itself turns away at once (a letter or a sign). `¶` is not ASCII.
    if let Some(&f) = s.as_bytes().first()
        && f < 0x80
        && !f.is_ascii_digit()
        && !matches!(f, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
    {
        return false;
    }
    // Another quick reject, for a word of digits: only `1.` (or `01.`, `001.`) can start the
    // first paragraph, and `paragraph_start` reads a leading digit run exactly so.
    if s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        let b = s.as_bytes();
        let nd = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if b.get(nd) != Some(&b'.') || b[nd - 1] != b'1' || b[..nd - 1].iter().any(|&c| c != b'0') {
            return false;
        }
    }
    let t = s.strip_prefix('¶').unwrap_or(s);
    matches!(paragraph_start(t), Some((1, Some(_), _)))
}

struct Acc<'a> {
    fields: [Option<Cow<'a, str>>; 5],
}

impl<'a> Acc<'a> {
    /// Appends a piece of a field, on a line of its own.
    fn push(&mut self, kind: Kind, text: &'a str) {
        let text = super::text::trim(text);
        let slot = &mut self.fields[kind as usize];
        match slot {
            Some(_) if text.is_empty() => {}
            Some(s) if s.is_empty() => *s = Cow::Borrowed(text),
            Some(s) => {
                if let Cow::Borrowed(first) = s {
                    // Room for a few more lines: a field that runs on rarely stops at two.
                    let mut owned = String::with_capacity(2 * (first.len() + text.len() + 1));
                    owned.push_str(first);
                    *s = Cow::Owned(owned);
                }
                let s = s.to_mut();
                s.push('\n');
                s.push_str(text);
            }
            None => *slot = Some(Cow::Borrowed(text)),
        }
    }
}

/// Splits one front line at mid-line keywords and feeds the pieces to the accumulator.
/// Returns the text of a paragraph that begins inside the line, if any.
fn feed_line<'a>(
    line: &'a str,
    mut cur: Option<Kind>,
    acc: &mut Acc<'a>,
) -> (Option<Kind>, Option<&'a str>) {
    let mut seg_start = 0;
    let mut pos = 0;
    let b = line.as_bytes();
    // Both glued keywords end in a colon: unless one is there, after an upper-case letter,
    // only word starts (after a space or tab) are candidates, and the loop below may leap
    // from one to the next.
    let may_glue = memchr::memchr_iter(b':', b).any(|c| {
        let glued = |k: &[u8]| {
            c > k.len() && b[..c].ends_with(k) && b[c - k.len() - 1].is_ascii_uppercase()
        };
        glued(b"REF") || glued(b"Classified By")
    });
    while pos < b.len() {
        // Only positions after an ASCII byte are tested, so `pos` is a char boundary there.
        // (`pos > seg_start` comes first: it also makes `pos - 1` safe.)
        let at_word = pos > seg_start && {
            let prev = b[pos - 1];
            prev == b' '
                || prev == b'\t'
                // `...UK PRIMEREF: A. LONDON 1939`: glued upper-case keywords with a colon.
                || (matches!(b[pos], b'R' | b'C')
                    && prev.is_ascii_uppercase()
                    && (b[pos..].starts_with(b"REF: ") || b[pos..].starts_with(b"Classified By:")))
        };
        if at_word {
            let s = &line[pos..];
            if cur.is_some() && para_mid(s) {
                if let Some(k) = cur {
                    acc.push(k, &line[seg_start..pos]);
                }
                return (None, Some(s));
            }
            // Every mid-line keyword starts with one of these (any case).
            let may_key = matches!(
                b[pos].to_ascii_uppercase(),
                b'T' | b'S' | b'R' | b'C' | b'(' | b'E' | b'A'
            );
            if may_key && let Some((k, skip)) = keyword_mid(s, cur) {
                if let Some(c) = cur {
                    acc.push(c, &line[seg_start..pos]);
                }
                cur = Some(k);
                acc.push(k, "");
                seg_start = pos + skip;
                pos = seg_start;
                continue;
            }
        }
        if !may_glue {
            // Every position up to and including the next space or tab follows a byte that
            // is neither: none is a candidate.
            match b[pos..].iter().position(|&c| is_blank(c)) {
                Some(q) => pos += q + 1,
                None => break,
            }
            continue;
        }
        pos += 1;
    }
    if let Some(c) = cur {
        acc.push(c, &line[seg_start..]);
    }
    (cur, None)
}

/// A line that may continue a TAGS field: short upper-case codes separated by commas/spaces,
/// up to a keyword that starts mid-line (`ECON, PHUM SUBJECT: ...`).
fn tag_like(line: &str) -> bool {
    let t = mid_keyword(line).map_or(line, |p| &line[..p]).trim();
    !t.is_empty()
        && t.split([' ', ','])
            .filter(|w| !w.is_empty())
            .all(|w| w.len() <= 6 && w.bytes().all(|b| b.is_ascii_uppercase()))
}

/// A line of upper-case words between the TAGS line and a SUBJECT line: the end of a subject
/// phrase the TAGS line broke (`... COUNTRY` / `CLEARANCE` / `SUBJECT: ...`).
fn phrase_end(line: &str, next: Option<&&str>) -> bool {
    let t = line.trim();
    t.len() <= 40
        && t.bytes().all(|c| c.is_ascii_uppercase() || c == b' ')
        && next.is_some_and(|n| {
            matches!(
                keyword_at_start(super::text::trim(n)),
                Some((Kind::Subject, _))
            )
        })
}

/// Whether `line`, in mixed case, follows a subject written in capitals: a line of text, not
/// the subject's continuation.
fn mixed_after_capitals(subject: Option<&str>, line: &str) -> bool {
    let Some(s) = subject else { return false };
    let caps =
        s.bytes().any(|c| c.is_ascii_uppercase()) && !s.bytes().any(|c| c.is_ascii_lowercase());
    caps && line.bytes().filter(u8::is_ascii_lowercase).count() >= 3
}

/// A REF item line (`B. STATE 1234`, `(C) 08 FICTION 12`, `B) ...`).
fn ref_item(line: &str) -> bool {
    let t = super::text::strip_pilcrow(line);
    let b = t.as_bytes();
    (b.len() > 2 && b[0].is_ascii_uppercase() && matches!(b[1], b'.' | b')') && b[2] == b' ')
        || (b.len() > 3 && b[0] == b'(' && b[1].is_ascii_uppercase() && b[2] == b')')
}

/// A handling caption line among the front fields (`SENSITIVE BUT UNCLASSIFIED--PLEASE
/// PROTECT ACCORDINGLY`): a caption, not a field's continuation nor the body.
fn sbu_caption(line: &str) -> bool {
    starts_with_ci(line, "SENSITIVE BUT UNCLAS")
}

/// Whether a REF list broken by a blank line goes on in `line`: its last entry names no cable
/// yet (`(B) FICTIONVILLE` / blank / `00723 (C) ...`), and the line starts with a serial or
/// names a cable.
fn ref_goes_on(refs: Option<&str>, line: &str) -> bool {
    let Some(refs) = refs else { return false };
    let last = refs
        .rsplit('\n')
        .next()
        .unwrap_or(refs)
        .to_ascii_uppercase();
    // The last entry: from the last label-like word (`(B)`, `D.`) on.
    let tail = last
        .rfind(['(', '.', ')'])
        .map_or(last.as_str(), |p| &last[p..]);
    if !super::ref_ids::cable_ids(tail, Some(2000)).is_empty() {
        return false;
    }
    let up = line.to_ascii_uppercase();
    line.as_bytes().first().is_some_and(u8::is_ascii_digit)
        || !super::ref_ids::cable_ids(&up, Some(2000)).is_empty()
}

/// The caption that means FOUO, and the word before the declassification date.
const FOUO: CiNeedle = CiNeedle::new("FOR OFFICIAL USE ONLY");
const DECL: CiNeedle = CiNeedle::new("DECL");

/// How many caption lines may come before the first front keyword.
const CAPTION_LINES: usize = 30;

/// Reads the front matter from `lines[start..]`.
pub fn parse_front<'a>(lines: &[&'a str], start: usize) -> Front<'a> {
    let mut acc = Acc {
        fields: Default::default(),
    };
    let mut f = Front {
        body_start: start,
        ..Default::default()
    };
    let mut cur: Option<Kind> = None;
    let mut seen_kw = false;
    let mut after_blank = false;
    let mut captions: Vec<&str> = Vec::new();
    let mut i = start;
    let mut prev_tail_comma = false;
    while i < lines.len() {
        let line = lines[i];
        let t = super::text::trim(line);
        if t.is_empty() {
            // `SUBJECT:` alone, the subject after a blank line.
            if cur == Some(Kind::Subject)
                && acc.fields[Kind::Subject as usize]
                    .as_deref()
                    .is_some_and(str::is_empty)
            {
                i += 1;
                continue;
            }
            after_blank = true;
            if cur != Some(Kind::Ref) {
                cur = None;
            }
            i += 1;
            continue;
        }
        // A page-break line with nothing glued after it ends in its page total or its DTG
        // (`...  002 OF 007`, `... 01 OF 02 271458Z`): only such lines are tried.
        let may_break = matches!(t.as_bytes().last(), Some(b'0'..=b'9' | b'Z'));
        if (may_break && page_break(t).is_some_and(str::is_empty)) || is_bare_level(t) {
            i += 1;
            continue;
        }
        if seen_kw && sbu_caption(t) {
            captions.push(t);
            if cur != Some(Kind::Ref) {
                cur = None;
            }
            after_blank = true;
            i += 1;
            continue;
        }
        let mut t = super::text::strip_pilcrow(t);
        let mut at_start = keyword_at_start(t);
        if !seen_kw && at_start.is_none() {
            // A caption line that runs on into `E.O. 12958: ... TAGS: ...`.
            if let Some(p) = mid_keyword(t) {
                captions.push(&t[..p]);
                t = &t[p..];
                at_start = keyword_at_start(t);
            }
        }
        let kw =
            at_start.filter(|&(k, skip)| after_blank || Some(k) != cur || t[..skip].contains(':'));
        if let Some((k, skip)) = kw {
            seen_kw = true;
            acc.push(k, "");
            let (c, head) = feed_line(&t[skip..], Some(k), &mut acc);
            cur = c;
            if head.is_some() {
                f.body_head = head;
                i += 1;
                break;
            }
        } else if paragraph_start(t).is_some() || is_rule(t) {
            break;
        } else if !seen_kw {
            if i - start >= CAPTION_LINES {
                break;
            }
            captions.push(t);
        } else if cur == Some(Kind::Tags)
            && !after_blank
            && (prev_tail_comma || tag_like(t) || phrase_end(t, lines.get(i + 1)))
        {
            let (c, head) = feed_line(t, cur, &mut acc);
            cur = c;
            if head.is_some() {
                f.body_head = head;
                i += 1;
                break;
            }
        } else if cur == Some(Kind::Ref)
            && after_blank
            && !ref_item(t)
            && !ref_goes_on(acc.fields[Kind::Ref as usize].as_deref(), t)
        {
            break;
        } else if cur == Some(Kind::Subject)
            && !after_blank
            && mixed_after_capitals(acc.fields[Kind::Subject as usize].as_deref(), t)
        {
            // `SUBJECT: IN CAPITALS` / `This is an action request.`: the text begins.
            break;
        } else if matches!(
            cur,
            Some(Kind::Subject | Kind::Ref | Kind::ClassifiedBy | Kind::Eo)
        ) && !after_blank
        {
            let (c, head) = feed_line(t, cur, &mut acc);
            cur = c;
            if head.is_some() {
                f.body_head = head;
                i += 1;
                break;
            }
        } else if cur == Some(Kind::Ref) {
            let (c, _) = feed_line(t, cur, &mut acc);
            cur = c;
        } else {
            break;
        }
        prev_tail_comma = t.ends_with(',');
        after_blank = false;
        i += 1;
    }
    if !seen_kw && i != start {
        // No front matter at all: the body starts right after the caption lines we can name.
        i = start;
        captions.clear();
        for l in &lines[start..] {
            let l = l.trim();
            if l.is_empty() || super::text::words(l).all(|w| CAVEATS.contains(&w)) {
                captions.push(l);
                i += 1;
            } else {
                break;
            }
        }
    }
    f.body_start = i;
    for c in captions {
        // Split at every byte that is not an ASCII letter or digit: a multi-byte character
        // gives empty pieces where a `char` split gives one, and no caveat is empty.
        for w in c.as_bytes().split(|b| !b.is_ascii_alphanumeric()) {
            if let Some(v) = CAVEATS.iter().find(|v| v.as_bytes() == w)
                && !f.caveats.contains(v)
            {
                f.caveats.push(v);
            }
        }
        if FOUO.find(c).is_some() && !f.caveats.contains(&"FOUO") {
            f.caveats.push("FOUO");
        }
    }
    let [eo, tags, subject, refs, cby] = acc.fields;
    if let Some(eo) = eo {
        f.eo_seen = true;
        if let Some(p) = DECL.find(&eo) {
            let v = eo[p + 4..].trim_start_matches([':', ' ', '\n', '.']);
            f.decl = parse_decl_date(v);
        }
    }
    f.tags = tags;
    f.subject = subject;
    f.refs = refs;
    f.classified_by = cby;
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(text: &str) -> (Front<'_>, Vec<&str>) {
        let lines: Vec<&str> = text.lines().collect();
        (parse_front(&lines, 0), lines)
    }

    #[test]
    fn plain_front_matter() {
        let (f, lines) = front(
            "SIPDIS\n\nNOFORN\n\nE.O. 12958: DECL: 01/05/2017\nTAGS: PREL, PGOV,\nXX\nSUBJECT: A LONG\nSUBJECT LINE\n\nREF: A. FICTIONVILLE 12\nB. STATE 34\n\nClassified By: Someone for reasons 1.4 (b)\n\n1. (C) Body.",
        );
        assert_eq!(f.caveats, vec!["SIPDIS", "NOFORN"]);
        assert_eq!(f.decl.map(|d| d.to_string()).as_deref(), Some("2017-01-05"));
        assert_eq!(f.tags.as_deref(), Some("PREL, PGOV,\nXX"));
        assert_eq!(f.subject.as_deref(), Some("A LONG\nSUBJECT LINE"));
        assert_eq!(f.refs.as_deref(), Some("A. FICTIONVILLE 12\nB. STATE 34"));
        assert_eq!(
            f.classified_by.as_deref(),
            Some("Someone for reasons 1.4 (b)")
        );
        assert_eq!(lines[f.body_start], "1. (C) Body.");
    }

    #[test]
    fn collapsed_onto_one_line() {
        let (f, _) = front(
            "SUBJECT: SHORT TITLE REF: STATE 12 CLASSIFIED BY: Someone, reason 1.4 (b) 1. (C) First paragraph.",
        );
        assert_eq!(f.subject.as_deref(), Some("SHORT TITLE"));
        assert_eq!(f.refs.as_deref(), Some("STATE 12"));
        assert_eq!(f.classified_by.as_deref(), Some("Someone, reason 1.4 (b)"));
        assert_eq!(f.body_head, Some("1. (C) First paragraph."));
    }

    #[test]
    fn glued_keywords_split_the_line() {
        let (f, _) = front("SUBJECT: TALKS WITH UK PRIMEREF: A. FICTIONVILLE 12");
        assert_eq!(f.subject.as_deref(), Some("TALKS WITH UK PRIME"));
        assert_eq!(f.refs.as_deref(), Some("A. FICTIONVILLE 12"));
        let (f, _) = front("SUBJECT: A TOPICClassified By: Someone, reason 1.4 (b)");
        assert_eq!(f.subject.as_deref(), Some("A TOPIC"));
        assert_eq!(f.classified_by.as_deref(), Some("Someone, reason 1.4 (b)"));
        // A colon elsewhere, and lower case before the keyword: no split.
        let (f, _) = front("SUBJECT: AT 10:30 THE preREF: X");
        assert_eq!(f.subject.as_deref(), Some("AT 10:30 THE preREF: X"));
    }

    #[test]
    fn decl_oadr_and_na() {
        let (f, _) = front("E.O. 12958: DECL: OADR\nTAGS: PREL");
        assert!(f.eo_seen && f.decl.is_none());
        let (f, _) = front("E.O. 12958: N/A\nTAGS: PREL");
        assert!(f.decl.is_none());
        let (f, _) = front("EO 12958 DECL: 6/3/08 TAGS: PREL XX");
        assert_eq!(f.decl.map(|d| d.to_string()).as_deref(), Some("2008-06-03"));
        assert_eq!(f.tags.as_deref(), Some("PREL XX"));
    }

    #[test]
    fn tag_keyword_variants() {
        for kw in ["TAGS: ", "TAGS ", "TAS: ", "TGS ", "Tags: "] {
            let text = format!("{kw}PREL XX\nSUBJECT: S");
            let (f, _) = front(&text);
            assert_eq!(f.tags.as_deref(), Some("PREL XX"), "{kw}");
        }
    }

    #[test]
    fn caption_running_into_the_eo_line() {
        let (f, _) = front("SENSITIVE DEPT FOR X/Y E.O. 12958: N/A TAGS: ENRG XX\nSUBJECT: S");
        assert_eq!(f.caveats, vec!["SENSITIVE"]);
        assert_eq!(f.tags.as_deref(), Some("ENRG XX"));
    }

    #[test]
    fn no_front_matter() {
        let (f, lines) = front("SIPDIS\n\nThe body begins without captions.\nMore.");
        assert_eq!(f.caveats, vec!["SIPDIS"]);
        assert_eq!(lines[f.body_start], "The body begins without captions.");
    }

    #[test]
    fn ref_after_a_handling_caption_and_across_a_blank() {
        let (f, _) = front(
            "SUBJECT: A TITLE\n\nSENSITIVE BUT UNCLASSIFIED - HANDLE ACCORDINGLY\n\nREF: A. FICTIONVILLE 1 B. ELSEWHERE\n\n00723 C. STATE 5\n\n1. (U) Body.",
        );
        assert_eq!(f.subject.as_deref(), Some("A TITLE"));
        assert_eq!(
            f.refs.as_deref(),
            Some("A. FICTIONVILLE 1 B. ELSEWHERE\n00723 C. STATE 5")
        );
        assert!(f.caveats.contains(&"SENSITIVE"));
        // A complete list ends at a blank line.
        let (f, _) = front("REF: STATE 5\n\n00723 MORE TEXT\n\n1. (U) Body.");
        assert_eq!(f.refs.as_deref(), Some("STATE 5"));
        let (f, _) = front("REF. STATE 5\n\n1. (U) Body.");
        assert_eq!(f.refs.as_deref(), Some("STATE 5"));
    }

    #[test]
    fn tags_keyword_slips_and_continuations() {
        for kw in ["TABS:", "TAGS,", "TAGES:"] {
            let text = format!("E.O. 12958: N/A\n{kw} PREL, XX\nSUBJECT: A TITLE");
            let (f, _) = front(&text);
            assert_eq!(f.tags.as_deref(), Some("PREL, XX"), "{kw}");
        }
        let (f, _) = front("DECL: 01/02/2030 AGS: PREL, XX\nSUBJECT: A TITLE");
        assert_eq!(f.tags.as_deref(), Some("PREL, XX"));
        assert_eq!(f.decl.map(|d| d.to_string()).as_deref(), Some("2030-01-02"));
        // A phrase broken onto the next line, right before SUBJECT.
        let (f, _) = front("TAGS: PREL XX FISHING\nAGREEMENTS\nSUBJECT: A TITLE");
        assert_eq!(f.tags.as_deref(), Some("PREL XX FISHING\nAGREEMENTS"));
        // A continuation line that runs into SUBJECT.
        let (f, _) = front("TAGS: PREL PGOV\nXX, YY SUBJECT: A TITLE\n\n1. (U) Body.");
        assert_eq!(f.tags.as_deref(), Some("PREL PGOV\nXX, YY"));
        assert_eq!(f.subject.as_deref(), Some("A TITLE"));
    }

    #[test]
    fn subject_slips() {
        let (f, _) = front("TAGS: PREL\nUBJECT: A TITLE\n\n1. (U) Body.");
        assert_eq!(f.subject.as_deref(), Some("A TITLE"));
        let (f, _) = front("SUBJECT:\n\nA Title In Mixed Case\n1. (U) Body.");
        assert_eq!(f.subject.as_deref(), Some("A Title In Mixed Case"));
        // Mixed-case text after a subject in capitals is the body, not the subject.
        let (f, lines) = front("SUBJECT: A TITLE\nON TWO LINES\nPlease see para 2.\n");
        assert_eq!(f.subject.as_deref(), Some("A TITLE\nON TWO LINES"));
        assert_eq!(lines[f.body_start], "Please see para 2.");
    }
}
