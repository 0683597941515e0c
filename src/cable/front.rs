//! The front matter between the classification line and the first paragraph: captions
//! (SIPDIS, NOFORN ...), `E.O. 12958: DECL:`, TAGS, SUBJECT, REF and `Classified By`, also when
//! a page collapsed several of them onto one line (`SUBJECT: X REF: Y Classified By: Z 1. (C)`).

use std::borrow::Cow;

use chrono::NaiveDate;

use super::classline::is_bare_level;
use super::dtg::parse_decl_date;
pub use super::front_keys::mid_keyword;
use super::front_keys::{Kind, glued_at, is_blank, keyword_at_start, keyword_mid};
use super::front_lines::{
    mixed_after_capitals, phrase_end, ref_goes_on, ref_item, sbu_caption, tag_like,
};
use super::text::{CiNeedle, is_rule, page_break, paragraph_start};

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
            c > k.len()
                && b[..c].ends_with(k)
                && (b[c - k.len() - 1].is_ascii_uppercase() || b[c - k.len() - 1].is_ascii_digit())
        };
        glued(b"REF") || glued(b"Classified By") || glued(b"TAGS") || glued(b"SUBJECT")
    });
    while pos < b.len() {
        // Only positions after an ASCII byte are tested, so `pos` is a char boundary there.
        // (`pos > seg_start` comes first: it also makes `pos - 1` safe.)
        let at_word = pos > seg_start && {
            let prev = b[pos - 1];
            prev == b' '
                || prev == b'\t'
                // `...UK PRIMEREF: A. LONDON 1939`, `DECL: 04/02/2016TAGS: PREL`: glued
                // keywords with a colon.
                || glued_at(b, pos)
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

/// Whether an E.O., TAGS or SUBJECT line starts one of the next few non-blank lines.
fn keyword_ahead(lines: &[&str]) -> bool {
    lines
        .iter()
        .map(|l| super::text::trim(l))
        .filter(|l| !l.is_empty())
        .take(4)
        .any(|l| {
            matches!(
                keyword_at_start(l),
                Some((Kind::Eo | Kind::Tags | Kind::Subject, _))
            )
        })
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
        } else if paragraph_start(t).is_some() || (seen_kw && is_rule(t)) {
            // (Before any keyword a rule frames a caption: `-----` / `CORRECTED COPY` / `-----`.)
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
        } else if acc.fields[Kind::Tags as usize].is_none()
            && acc.fields[Kind::Subject as usize].is_none()
            && keyword_ahead(&lines[i + 1..])
        {
            // `Classified By:` first, then `DEPARTMENT FOR ...` and the E.O. line: a caption
            // between front fields, while TAGS and SUBJECT are still to come.
            captions.push(t);
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
mod tests;
