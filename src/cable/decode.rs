//! Bytes to text: UTF-8 (or Windows-1252 when the bytes are not UTF-8), the scraped-web cleanup
//! (`[PREL](#)` -> `PREL`, `[¶](#)` -> `¶`), and the split of a file into cables at `NNNN` lines.
//!
//! Everything here borrows when it can: a clean UTF-8 file costs one validation pass and no copy.

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memmem;

/// Substring searcher built once: building one costs more than searching a short cable.
static END_OF_MESSAGE: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(b"NNNN"));

/// The AVX2 pair searcher for `NNNN`, when the CPU has AVX2. `memmem`'s own searcher judges
/// its prefilter ineffective on upper-case text (`N` is common there) and falls back to a
/// slower search for stretches of the file; this one always runs the vector scan, which costs
/// ~40% fewer instructions over the corpus. Every byte of the needle is the same, so the pair
/// is simply the first two.
#[cfg(target_arch = "x86_64")]
static END_OF_MESSAGE_AVX2: LazyLock<Option<memchr::arch::x86_64::avx2::packedpair::Finder>> =
    LazyLock::new(|| {
        use memchr::arch::all::packedpair::Pair;
        use memchr::arch::x86_64::avx2::packedpair::Finder;
        Finder::with_pair(b"NNNN", Pair::with_indices(b"NNNN", 0, 1)?)
    });

/// Offsets of the non-overlapping `NNNN` in `b`, in order (as `memmem`'s `find_iter` gives).
fn end_of_message_offsets(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    #[cfg(target_arch = "x86_64")]
    let avx2 = END_OF_MESSAGE_AVX2.as_ref();
    #[cfg(not(target_arch = "x86_64"))]
    let avx2: Option<&()> = None;
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = b.get(at..)?;
        let found = match avx2 {
            // The vector searcher needs a minimum haystack; a short tail takes the plain one.
            #[cfg(target_arch = "x86_64")]
            Some(f) if rest.len() >= f.min_haystack_len() => f.find(rest, b"NNNN"),
            _ => END_OF_MESSAGE.find(rest),
        }?;
        let nn = at + found;
        at = nn + 4;
        Some(nn)
    })
}

/// Offset of the first `](#)`. The `]` is rare in cables (a few hundred in the whole release),
/// so a one-byte search with a check at each hit costs a third of a substring search.
fn find_link(b: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b']', b).find(|&i| b[i..].starts_with(b"](#)"))
}

/// Decodes a file's bytes: valid UTF-8 is borrowed, anything else is read as Windows-1252
/// (the code page the release's mis-encoded files were written in). A leading BOM is dropped.
/// Returns the text and whether the fallback was used.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // simdutf8 validates with SIMD several times faster than std; on failure it gives no
    // position, which we do not need (the whole file is then read as Windows-1252).
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), false),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (Cow::Owned(text.into_owned()), true)
        }
    }
}

/// True when the text looks like binary data rather than a cable (NUL bytes, many control
/// characters, or a PDF/ZIP signature at the start).
pub fn looks_binary(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(1024)];
    if head.starts_with(b"%PDF") || head.starts_with(b"PK\x03\x04") {
        return true;
    }
    if memchr::memchr(0, head).is_some() {
        return true;
    }
    // Branch-free byte counts over chunks short enough not to overflow a u8, which the
    // compiler turns into vector code (a usize sum per byte is not).
    fn count(head: &[u8], hit: impl Fn(u8) -> bool) -> usize {
        head.chunks(255)
            .map(|c| {
                c.iter()
                    .map(|&b| u8::from(hit(b)))
                    .fold(0u8, u8::wrapping_add) as usize
            })
            .sum()
    }
    let limit = head.len().max(1);
    // Every control byte is below 0x20, and text has few such bytes besides its line ends:
    // a count of those (one compare a byte) nearly always settles it without the exact one.
    if below_0x20(head) * 20 <= limit {
        return false;
    }
    let ctrl = count(head, |b| {
        b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)
    });
    ctrl * 20 > limit
}

/// How many bytes of `b` are below 0x20. Counted in fixed 128-byte blocks into a `u8` (no
/// overflow), with the test written as a mask, which is the shape the compiler vectorises:
/// under half the instructions of a plain count.
fn below_0x20(b: &[u8]) -> usize {
    let mut blocks = b.chunks_exact(128);
    let mut n = 0;
    for block in &mut blocks {
        let mut k = 0u8;
        for &c in block {
            k = k.wrapping_add(u8::from(c & 0xE0 == 0));
        }
        n += usize::from(k);
    }
    n + blocks.remainder().iter().filter(|&&c| c < 0x20).count()
}

/// Removes the link artifacts of the scraped-web flavour: `[X](#)` becomes `X`, except that a
/// link whose text is `¶` or `1` standing where a paragraph mark goes becomes `¶`. Text without
/// any `](#)` is borrowed unchanged.
pub fn clean_scraped(text: &str) -> Cow<'_, str> {
    if find_link(text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(end) = find_link(rest.as_bytes()) {
        // The matching `[` is the last one before `](#)` on the same line.
        let before = &rest[..end];
        let open = before.rfind('[').filter(|&o| !before[o..].contains('\n'));
        match open {
            Some(o) => {
                let inner = &before[o + 1..];
                out.push_str(&before[..o]);
                let at_line_start = before[..o]
                    .rsplit('\n')
                    .next()
                    .is_some_and(|l| l.trim().is_empty());
                let next = rest[end + 4..].chars().next();
                if inner == "¶"
                    || (inner == "1"
                        && at_line_start
                        && next.is_some_and(|c| c.is_ascii_alphanumeric()))
                {
                    out.push('¶');
                } else {
                    out.push_str(inner);
                }
            }
            None => out.push_str(before),
        }
        rest = &rest[end + 4..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Splits a file's text into the text of each cable at lines reading `NNNN` (end of message).
/// Parts holding nothing but whitespace are dropped; an empty file gives one empty part.
pub fn split_cables(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    let bytes = text.as_bytes();
    for nn in end_of_message_offsets(bytes) {
        if nn < pos {
            continue;
        }
        let line_start = text[..nn].rfind('\n').map_or(0, |i| i + 1);
        let line_end = memchr::memchr(b'\n', &bytes[nn..]).map_or(text.len(), |i| nn + i);
        pos = line_end;
        if text[line_start..line_end].trim() == "NNNN" {
            parts.push(&text[start..line_start]);
            start = (line_end + 1).min(text.len());
        }
    }
    parts.push(&text[start..]);
    // After the first cable, a short part is a trailer (`End Cable Text`), not another cable.
    let kept: Vec<&str> = parts
        .into_iter()
        .enumerate()
        .filter(|(i, p)| !p.trim().is_empty() && (*i == 0 || looks_like_cable(p)))
        .map(|(_, p)| p)
        .collect();
    if kept.is_empty() { vec![text] } else { kept }
}

/// Whether a part after `NNNN` is another cable rather than a trailer: several lines, a header,
/// or a classification line naming post and serial.
fn looks_like_cable(part: &str) -> bool {
    let mut nonblank = part.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = nonblank.next().unwrap_or("");
    nonblank.count() >= 2
        || first.starts_with("VZCZC")
        || super::classline::parse_class_line(first).is_some_and(|c| c.serial.is_some())
        || first.len() > 200
}

/// The lines of a cable, trailing whitespace (and `\r`) trimmed, and the trailing `\` of the
/// tab-separated record dumps some files carry removed.
pub fn lines(text: &str) -> Vec<&str> {
    fn trim(l: &str) -> &str {
        let l = l.trim_ascii_end();
        match l.strip_suffix('\\') {
            Some(r) => r.trim_ascii_end(),
            None => l,
        }
    }
    fn split(text: &str, newlines: impl Iterator<Item = usize>) -> Vec<&str> {
        // Header and front-matter lines are short (the list reader splits little else): room
        // for lines of 24 bytes on average spares most heads a regrowth.
        let mut out = Vec::with_capacity(text.len() / 24 + 8);
        let mut start = 0;
        for nl in newlines {
            out.push(trim(&text[start..nl]));
            start = nl + 1;
        }
        out.push(trim(&text[start..]));
        out
    }
    let b = text.as_bytes();
    // Lines are short (70 bytes on average): the 16-byte SSE2 searcher, part of every x86_64
    // CPU, finds the next newline with less set-up per call than the AVX2 one `memchr_iter`
    // picks, and this is one call per line of every cable.
    #[cfg(target_arch = "x86_64")]
    if let Some(one) = memchr::arch::x86_64::sse2::memchr::One::new(b'\n') {
        return split(text, one.iter(b));
    }
    split(text, memchr::memchr_iter(b'\n', b))
}

/// How far from the top the wrappers (`Cable dated:`, record dumps) are looked for.
pub const HEAD: usize = 8192;

/// Where a `Cable dated:` one-liner glued its captions together, a line break goes before each.
const GLUED: [&str; 12] = [
    "SIPDIS",
    "NOFORN",
    "E.O.",
    "EO 1",
    "TAGS:",
    "TAGS ",
    "SUBJECT:",
    "SUBJ:",
    "REF:",
    "Classified By",
    "CLASSIFIED BY",
    "¶",
];

/// The wrappers that the first [`HEAD`] bytes of a cable show, found in one pass over the
/// colons there (a one-byte search; each wrapper's marker ends in a colon).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Wrappers {
    /// `Cable dated:` occurs (a one-liner that [`unglue`] splits).
    pub cable_dated: bool,
    /// Byte offset of the first `\nrefid: ` (a record dump).
    pub refid: Option<usize>,
}

/// Looks for the wrappers in the head of `text` (see [`Wrappers`]).
pub fn find_wrappers(text: &str) -> Wrappers {
    let b = text.as_bytes();
    let head = &b[..b.len().min(HEAD)];
    let mut w = Wrappers::default();
    for c in memchr::memchr_iter(b':', head) {
        let before = &head[..c];
        // Both markers end in `d`: one byte test turns away nearly every colon.
        if before.last() != Some(&b'd') {
            continue;
        }
        if !w.cable_dated && before.ends_with(b"Cable dated") {
            w.cable_dated = true;
        }
        if w.refid.is_none() && before.ends_with(b"\nrefid") && head.get(c + 1) == Some(&b' ') {
            w.refid = Some(c - "\nrefid".len());
        }
        if w.cable_dated && w.refid.is_some() {
            break;
        }
    }
    w
}

/// Splits `Cable dated:2005-11-29T14:19:00C O N F I D E N T I A L ...SIPDISE.O. 12958: ...`
/// one-liners back into lines. Other text is borrowed unchanged.
pub fn unglue(text: &str) -> Cow<'_, str> {
    if !find_wrappers(text).cable_dated {
        return Cow::Borrowed(text);
    }
    unglue_lines(text)
}

/// [`unglue`] of a text known to hold `Cable dated:` in its head.
pub fn unglue_lines(text: &str) -> Cow<'_, str> {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let Some(at) = line.find("Cable dated:") else {
            out.push_str(line);
            continue;
        };
        if at > 0 {
            out.push_str(&line[..at]);
            out.push('\n');
        }
        let rest = &line[at + "Cable dated:".len()..];
        let stamp = rest.char_indices().nth(19).map_or(rest.len(), |(i, _)| i);
        out.push_str("Cable dated:");
        out.push_str(&rest[..stamp]);
        out.push('\n');
        let body = rest[stamp..].trim_start_matches([']', ' ']);
        let mut last = 0;
        for (i, _) in body.char_indices() {
            if i > last && GLUED.iter().any(|k| body[i..].starts_with(k)) {
                out.push_str(&body[last..i]);
                out.push('\n');
                last = i;
            }
        }
        out.push_str(&body[last..]);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_read_as_windows_1252() {
        let (t, fallback) = decode(b"CAF\xC9 \x93QUOTED\x94");
        assert!(fallback);
        assert_eq!(t, "CAFÉ “QUOTED”");
    }

    #[test]
    fn utf8_is_borrowed() {
        let (t, fallback) = decode("¶1. (C) TEXT".as_bytes());
        assert!(!fallback && matches!(t, Cow::Borrowed(_)));
    }

    #[test]
    fn scraped_links_are_unwrapped() {
        let t =
            clean_scraped("TAGS: [PREL](#) [XY](#)\n[1](#)1. (C) TEXT\n[¶](#)2. MORE [1](#) END");
        assert_eq!(t, "TAGS: PREL XY\n¶1. (C) TEXT\n¶2. MORE 1 END");
    }

    #[test]
    fn nnnn_splits_cables_and_drops_empty_parts() {
        let parts = split_cables("ONE\nNNNN\r\n\nTWO\nAND\nMORE\nNNNN\n  \n");
        assert_eq!(parts.len(), 2);
        assert!(parts[0].contains("ONE") && parts[1].contains("TWO"));
        assert_eq!(split_cables("JUST TEXT WITH NNNN INSIDE").len(), 1);
        assert_eq!(split_cables("A\nB\nC\nNNNN\nEnd Cable Text\n").len(), 1);
    }

    #[test]
    fn crlf_lines_are_trimmed() {
        assert_eq!(lines("A  \r\nB\r\n"), vec!["A", "B", ""]);
    }

    #[test]
    fn cable_dated_one_liner_is_split() {
        let t = unglue(
            "Cable dated:2005-11-29T14:19:00C O N F I D E N T I A L X 000001SIPDISE.O. 12958: DECL: 11/29/2015TAGS: PREL\n",
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(
            lines,
            [
                "Cable dated:2005-11-29T14:19:00",
                "C O N F I D E N T I A L X 000001",
                "SIPDIS",
                "E.O. 12958: DECL: 11/29/2015",
                "TAGS: PREL"
            ]
        );
    }

    #[test]
    fn wrappers_are_found_in_the_head_only() {
        let w = find_wrappers("id: 1\nrefid: 09X1\nheader:\nCable dated:2009-01-01T00:00");
        assert_eq!(
            w,
            Wrappers {
                cable_dated: true,
                refid: Some(5)
            }
        );
        let far = format!("{}\nrefid: 09X1 Cable dated:", "x".repeat(HEAD));
        assert_eq!(find_wrappers(&far), Wrappers::default());
        assert_eq!(find_wrappers("refid: 1 Cable dated"), Wrappers::default());
    }

    #[test]
    fn record_dump_backslashes_are_trimmed() {
        assert_eq!(lines("TAGS: PREL \\\n \\\n"), vec!["TAGS: PREL", "", ""]);
    }

    #[test]
    fn pdf_is_binary() {
        assert!(looks_binary("%PDF-1.4\n..."));
        assert!(!looks_binary("UNCLAS FICTIONVILLE 000001\n"));
        // Many line ends are not control bytes; many control bytes are binary.
        assert!(!looks_binary(&"\r\n\t\x0c".repeat(100)));
        assert!(looks_binary(&format!(
            "{}{}",
            "TEXT ".repeat(20),
            "\x01\x1b".repeat(10)
        )));
    }
}
