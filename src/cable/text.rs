//! Small text helpers shared by the parser stages: case-insensitive search, whitespace
//! collapsing, line classifiers (dashed rules, page-break lines, paragraph starts).

use std::borrow::Cow;

/// Case-insensitive (ASCII) `starts_with`.
pub fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Rough rarity of a letter in English text (higher is rarer); used to pick the anchor byte.
const fn rarity(b: u8) -> u8 {
    match b.to_ascii_lowercase() {
        b'e' | b't' | b'a' | b'o' | b'i' | b'n' | b' ' => 0,
        b's' | b'h' | b'r' | b'd' | b'l' => 1,
        b'c' | b'u' | b'm' | b'w' | b'f' => 2,
        b'g' | b'y' | b'p' | b'b' => 3,
        b'a'..=b'z' => 4,
        _ => 5,
    }
}

/// Case-insensitive (ASCII) search; returns the byte offset of the first match. Candidates are
/// found with `memchr2` on both cases of the needle's rarest byte.
pub fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    find_ci_at(hay, needle, anchor_of(needle.as_bytes()))
}

/// Index of the needle byte [`find_ci`] anchors on: the first of the rarest.
const fn anchor_of(n: &[u8]) -> usize {
    let mut k = 0;
    let mut i = 1;
    while i < n.len() {
        if rarity(n[i]) > rarity(n[k]) {
            k = i;
        }
        i += 1;
    }
    k
}

/// A fixed needle for [`find_ci`] whose anchor is chosen at compile time: choosing it costs
/// more than the search itself on the short lines searched for every cable.
pub struct CiNeedle {
    text: &'static str,
    anchor: usize,
}

impl CiNeedle {
    pub const fn new(text: &'static str) -> Self {
        CiNeedle {
            text,
            anchor: anchor_of(text.as_bytes()),
        }
    }

    /// [`find_ci`] of this needle in `hay`.
    pub fn find(&self, hay: &str) -> Option<usize> {
        find_ci_at(hay, self.text, self.anchor)
    }
}

/// [`find_ci`] with the anchor index `k` given.
fn find_ci_at(hay: &str, needle: &str, k: usize) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    let anchor = n[k];
    let (lo, up) = (anchor.to_ascii_lowercase(), anchor.to_ascii_uppercase());
    let last = h.len() - n.len();
    memchr::memchr2_iter(lo, up, &h[k..=last + k])
        .find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Trims a line: ASCII whitespace fast, Unicode whitespace (NBSP, ideographic space) when the
/// line has non-ASCII bytes at either end.
pub fn trim_line(l: &str) -> &str {
    let t = l.trim_ascii();
    match (t.as_bytes().first(), t.as_bytes().last()) {
        (Some(a), Some(b)) if *a >= 0x80 || *b >= 0x80 => t.trim(),
        _ => t,
    }
}

/// [`str::trim_start`], stepping over ASCII white space by bytes: only a non-ASCII first byte
/// (which may begin a Unicode space) takes the `char` path. The parser trims nearly every line
/// it reads, and the `char` search costs several times this on the usual ASCII line.
pub fn trim_start(s: &str) -> &str {
    let b = s.as_bytes();
    // The usual line starts with a printable ASCII byte: nothing to trim.
    if b.first().is_some_and(|&c| c > b' ' && c < 0x80) {
        return s;
    }
    let i = b.iter().position(|&c| !is_space(c)).unwrap_or(b.len());
    // Every byte before `i` is ASCII: `i` is a character boundary.
    let t = &s[i..];
    match t.as_bytes().first() {
        Some(&c) if c >= 0x80 => t.trim_start(),
        _ => t,
    }
}

/// [`str::trim_end`], the same way as [`trim_start`].
pub fn trim_end(s: &str) -> &str {
    let b = s.as_bytes();
    if b.last().is_some_and(|&c| c > b' ' && c < 0x80) {
        return s;
    }
    let i = b.iter().rposition(|&c| !is_space(c)).map_or(0, |p| p + 1);
    // Every byte from `i` on is ASCII: `i` is a character boundary.
    let t = &s[..i];
    match t.as_bytes().last() {
        Some(&c) if c >= 0x80 => t.trim_end(),
        _ => t,
    }
}

/// [`str::trim`], the same way as [`trim_start`].
pub fn trim(s: &str) -> &str {
    trim_end(trim_start(s))
}

/// Joins the words of `s` with single spaces.
pub fn collapse(s: &str) -> String {
    collapse_cow(s).into_owned()
}

/// [`collapse`] that lends `s` back when it is already collapsed (most subjects, addressees
/// and reference entries are), so callers that go on to slice or compare it copy nothing.
pub fn collapse_cow(s: &str) -> Cow<'_, str> {
    if is_collapsed(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        // The ASCII white space of `split_whitespace` is exactly space and 9..=13; a byte
        // scan finds the same words without decoding characters.
        for w in words(s) {
            push_word(&mut out, w);
        }
        return Cow::Owned(out);
    }
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    Cow::Owned(out)
}

/// Appends a word, a space first unless it is the first.
fn push_word(out: &mut String, w: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(w);
}

/// [`collapse`] of a string that may be owned already, which is then given back as it is
/// when already collapsed (a borrowed one is copied once).
pub fn collapse_owned(s: Cow<'_, str>) -> String {
    match collapse_cow(&s) {
        Cow::Borrowed(_) => s.into_owned(),
        Cow::Owned(o) => o,
    }
}

/// Whether `s` is ASCII with single spaces between words and none at either end: then
/// [`collapse`] would give it back unchanged (non-ASCII text may hold Unicode spaces and is
/// always rebuilt).
///
/// Read eight bytes at a time as a `u64` (see [`odd_bytes`]): this runs on every subject,
/// addressee and reference entry, and a byte loop costs four times the instructions.
fn is_collapsed(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut words = b.chunks_exact(8);
    // High bit of the last byte of the previous word when it was a space, moved to bit 7.
    let mut carry = 0;
    for w in &mut words {
        let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        if w & HIGH != 0 {
            return false;
        }
        let (odd, sp) = odd_bytes(w);
        // A space right after a space: within the word, or across from the previous one.
        if odd != 0 || sp & (sp << 8) != 0 || carry & sp != 0 {
            return false;
        }
        carry = sp >> 56;
    }
    let mut prev_space = carry != 0;
    for &c in words.remainder() {
        if c >= 0x80 || c.wrapping_sub(9) < 5 || (c == b' ' && prev_space) {
            return false;
        }
        prev_space = c == b' ';
    }
    true
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// For eight ASCII bytes in `w` (every high bit clear): the high bit of each byte that is one
/// of `\t \n \x0b \x0c \r` (9..=13), and the high bit of each byte that is a space. With the
/// high bits clear, adding at most 0x7f to a byte never carries into the next one: `b + 0x77`
/// reaches 0x80 exactly when `b >= 9`, `b + 0x72` when `b >= 14`, and `(b ^ 0x20) + 0x7f`
/// when `b != 0x20`.
fn odd_bytes(w: u64) -> (u64, u64) {
    let ctrl = (w + 0x77 * ONES) & !(w + 0x72 * ONES) & HIGH;
    let space = !((w ^ (0x20 * ONES)) + 0x7f * ONES) & HIGH;
    (ctrl, space)
}

/// The white space of `split_whitespace` among ASCII bytes: space and 9..=13.
pub fn is_space(c: u8) -> bool {
    // Most bytes tested are above the space: one compare turns them away.
    c <= b' ' && (c == b' ' || c.wrapping_sub(9) < 5)
}

/// The words of `s`, exactly as `split_whitespace` gives them. ASCII text (nearly every line)
/// is cut at its space bytes without decoding characters, which costs a fraction of the
/// Unicode split on the short lines the parser reads word by word.
pub fn words(s: &str) -> Words<'_> {
    if s.is_ascii() {
        Words::Ascii { s, pos: 0 }
    } else {
        Words::Unicode(s.split_whitespace())
    }
}

/// The iterator of [`words`].
pub enum Words<'a> {
    Ascii { s: &'a str, pos: usize },
    Unicode(std::str::SplitWhitespace<'a>),
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            Words::Unicode(w) => w.next(),
            Words::Ascii { s, pos } => {
                let b = s.as_bytes();
                let mut i = *pos;
                while i < b.len() && is_space(b[i]) {
                    i += 1;
                }
                let start = i;
                while i < b.len() && !is_space(b[i]) {
                    i += 1;
                }
                *pos = i;
                // Every offset of ASCII text is a character boundary.
                (i > start).then(|| &s[start..i])
            }
        }
    }
}

/// Strips a leading `¶` (and the spaces around it).
pub fn strip_pilcrow(s: &str) -> &str {
    let t = trim_start(s);
    match t.strip_prefix('¶') {
        Some(r) => trim_start(r),
        None => t,
    }
}

/// A rule line: three or more `-` (or `=` / `_`) and nothing else but spaces.
pub fn is_rule(line: &str) -> bool {
    let t = line.trim_ascii();
    // A rule of Unicode dashes (`‐‐‐‐`, a word processor's hyphens): their UTF-8 starts 0xE2.
    if t.as_bytes().first() == Some(&0xE2) {
        return t.chars().filter(|&c| c != ' ').count() >= 3
            && t.chars().all(|c| {
                matches!(
                    c,
                    '\u{2010}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | ' '
                )
            });
    }
    if !matches!(t.as_bytes().first(), Some(b'-' | b'=' | b'_')) {
        return false;
    }
    t.len() >= 3
        && t.bytes().all(|b| matches!(b, b'-' | b'=' | b'_' | b' '))
        && t.bytes().filter(|&b| b != b' ').count() >= 3
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn next_word<'a>(r: &mut &'a str) -> Option<&'a str> {
    let s = r.trim_start();
    if s.is_empty() {
        return None;
    }
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    let (w, tail) = s.split_at(end);
    *r = tail;
    Some(w)
}

/// Whether ` OF ` occurs in `b`: candidates found with `memchr` on the rare `F`.
fn has_of(b: &[u8]) -> bool {
    memchr::memchr_iter(b'F', b).any(|i| i >= 2 && i + 1 < b.len() && &b[i - 2..i + 2] == b" OF ")
}

/// A page-break line (`USNATO 00000649  002 OF 007`, `PAGE 02 HARARE 05461 01 OF 02 271458Z`).
/// Returns the text glued after the marker (often empty), or None when the line is not one.
pub fn page_break(line: &str) -> Option<&str> {
    let first = *line.as_bytes().first()?;
    // Quick reject: a page-break line starts with a letter or a space.
    if !(first.is_ascii_uppercase() || first == b' ' || first == b'\t') {
        return None;
    }
    let t = trim_start(line);
    let first = t.as_bytes().first()?;
    // Quick reject: every page-break line has an ` OF ` between page and total.
    if !first.is_ascii_uppercase() || !has_of(t.as_bytes()) {
        return None;
    }
    let mut rest = t;
    let mut words = 0;
    let mut saw_page = false;
    // Walk words: [PAGE NN] STATION... SERIAL PAGE OF TOTAL [DTG]
    let mut w = next_word(&mut rest)?;
    if w == "PAGE" {
        saw_page = true;
        if !is_digits(next_word(&mut rest)?) {
            return None;
        }
        w = next_word(&mut rest)?;
    }
    while w.bytes().all(|b| b.is_ascii_uppercase() || b == b'-') && words < 5 {
        words += 1;
        w = next_word(&mut rest)?;
    }
    if words == 0 || !is_digits(w) || (w.len() < 5 && !saw_page) {
        return None;
    }
    let page = next_word(&mut rest)?;
    if !page.split('.').all(is_digits) || page.len() > 5 {
        return None;
    }
    if next_word(&mut rest)? != "OF" {
        return None;
    }
    let total = next_word(&mut rest)?;
    if !is_digits(total) || total.len() > 3 {
        return None;
    }
    let mut glued = rest.trim_start();
    if let Some(w) = glued.split_whitespace().next()
        && w.len() == 7
        && w.ends_with('Z')
        && w.as_bytes()[..6].iter().all(u8::is_ascii_digit)
    {
        glued = glued[w.len()..].trim_start();
    }
    Some(glued)
}

/// A numbered paragraph start: `1. (C) Text`, `¶2.(SBU)Text`, `3. Text`.
/// Returns the number, the portion marking and the rest of the line.
pub fn paragraph_start(line: &str) -> Option<(u32, Option<&str>, &str)> {
    // Quick reject: an ASCII first byte that is neither white space nor a digit.
    if let Some(&f) = line.as_bytes().first()
        && f < 0x80
        && !f.is_ascii_digit()
        && !matches!(f, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
    {
        return None;
    }
    if !trim_start(line).starts_with(|c: char| c.is_ascii_digit() || c == '¶') {
        return None;
    }
    let t = strip_pilcrow(line);
    let nd = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    if nd == 0 || nd > 3 {
        return None;
    }
    let number: u32 = t[..nd].parse().ok()?;
    let after = t[nd..].strip_prefix('.')?;
    let rest = after.trim_start();
    if let Some((marking, text)) = marking(rest) {
        return Some((number, Some(marking), text.trim_start()));
    }
    // Without a marking a space must separate the number from text that does not look numeric.
    if after.len() == rest.len() {
        return None;
    }
    let c = rest.chars().next()?;
    if c.is_ascii_digit() || c == ')' {
        return None;
    }
    Some((number, None, rest))
}

/// A portion marking at the start of `s`: `(C)`, `(S/NF)`, `(SBU)`, `(U//FOUO)`.
pub fn marking(s: &str) -> Option<(&str, &str)> {
    // The `)` is looked for among the first bytes only (a marking is at most 12 long): this
    // runs at every word of some lines, and a search to the end of each would be quadratic.
    let after = s.strip_prefix('(')?.as_bytes();
    let inner_end = memchr::memchr(b')', &after[..after.len().min(13)])?;
    let inner = &s[1..1 + inner_end];
    if inner.is_empty() || inner.len() > 12 || inner.matches(' ').count() > 1 {
        return None;
    }
    let b = inner.as_bytes();
    if !matches!(b[0], b'U' | b'C' | b'S' | b'T' | b'N')
        || !b
            .iter()
            .all(|c| c.is_ascii_uppercase() || matches!(c, b'/' | b' ' | b'-' | b'&'))
    {
        return None;
    }
    Some((inner, &s[inner_end + 2..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_break_lines() {
        assert_eq!(page_break("FICTIONVILLE 00000649  002 OF 007"), Some(""));
        assert_eq!(
            page_break("FICTION CITY 00000012  001.2 OF 002 the rest"),
            Some("the rest")
        );
        assert_eq!(
            page_break("PAGE 02 FICTIONVILLE 05461 01 OF 02 271458Z MORE TEXT"),
            Some("MORE TEXT")
        );
        assert_eq!(page_break("THE 12345 PEOPLE OF THE TOWN"), None);
        assert_eq!(page_break("1. (C) TEXT"), None);
    }

    #[test]
    fn paragraph_starts() {
        assert_eq!(
            paragraph_start("¶1. (C) Text"),
            Some((1, Some("C"), "Text"))
        );
        assert_eq!(
            paragraph_start("1.(SBU) Text"),
            Some((1, Some("SBU"), "Text"))
        );
        assert_eq!(
            paragraph_start("12. (U//FOUO) Text"),
            Some((12, Some("U//FOUO"), "Text"))
        );
        assert_eq!(paragraph_start("3. Text"), Some((3, None, "Text")));
        assert_eq!(paragraph_start("1.4 (b) and (d)"), None);
        assert_eq!(paragraph_start("2009. The"), None);
        assert_eq!(
            paragraph_start("3. (b) the point"),
            Some((3, None, "(b) the point"))
        );
    }

    #[test]
    fn words_split_like_split_whitespace() {
        for s in [
            "",
            "   ",
            "A  B\tC\x0bD\x0cE\r\nF ",
            " lead and trail ",
            "NBSP\u{a0}INSIDE and\u{3000}ideographic",
            "\u{1} X",
        ] {
            let want: Vec<&str> = s.split_whitespace().collect();
            assert_eq!(words(s).collect::<Vec<_>>(), want, "{s:?}");
            assert_eq!(collapse(s), want.join(" "), "{s:?}");
        }
    }

    /// [`is_collapsed`] as its definition says, one byte at a time.
    fn collapsed_by_bytes(s: &str) -> bool {
        s.is_ascii()
            && !s.starts_with(' ')
            && !s.ends_with(' ')
            && !s.contains("  ")
            && !s.bytes().any(|c| (9..=13).contains(&c))
    }

    #[test]
    fn collapsed_test_agrees_with_its_definition() {
        let mut cases = vec![
            String::new(),
            "A".into(),
            "AB CD EF GH IJ".into(),
            "ABCDEFG  HIJ".into(),
            "ABCDEFGH IJ".into(),
            "ABCDEFG\tHIJKLMNOP".into(),
            "CAF\u{c9} AU LAIT".into(),
            "\x08\x0e\x1f !~\x7f".into(),
        ];
        // A double space, a control byte or a trailing space at every offset around the
        // eight-byte steps.
        for n in 0..20 {
            let base = "X".repeat(n);
            for odd in ["  ", "\t", "\r", "\x0b", " ", "\u{a0}"] {
                cases.push(format!("{base}{odd}YYYYYYYYYYYYYYYY"));
                cases.push(format!("Y{base}{odd}"));
            }
            cases.push(format!("{base} Z"));
        }
        for c in &cases {
            assert_eq!(is_collapsed(c), collapsed_by_bytes(c), "{c:?}");
        }
    }

    #[test]
    fn trims_like_str() {
        for s in [
            "",
            " ",
            "\t x \x0b",
            "\u{a0} x\u{3000}",
            " \u{a0}\t x \u{2003} ",
            "\u{e9}x\u{e9}",
            "x",
            "\x0c\r\n",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
            assert_eq!(trim_start(s), s.trim_start(), "{s:?}");
            assert_eq!(trim_end(s), s.trim_end(), "{s:?}");
        }
    }

    #[test]
    fn rules_and_search() {
        assert!(is_rule("-----"));
        assert!(!is_rule("-- item"));
        assert_eq!(find_ci("x End Summary.", "end summary"), Some(2));
        assert_eq!(
            CiNeedle::new("DECL").find("E.O. 12958: decl: 1/2/19"),
            Some(12)
        );
        assert_eq!(CiNeedle::new("").find("x"), None);
        assert_eq!(collapse("  a \t b  "), "a b");
    }
}
