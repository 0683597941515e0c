//! The classification line that opens the body: `C O N F I D E N T I A L SECTION 01 OF 03
//! USNATO 000265`, in all its spellings (`SS E C R E T`, `C ONFIDENTIAL`, `S e c r e t`,
//! `UNCLAS`, `UNCLAS SENSITIVE`, `UNCLAS E F T O`, `SECRET//NOFORN`).

use super::model::{Classification, Section};

/// What the classification line said.
#[derive(Debug, Default, PartialEq)]
pub struct ClassLine {
    pub level: Option<Classification>,
    /// Control words written on the line itself (`SENSITIVE`, `EFTO`, `NOFORN`).
    pub caveats: Vec<&'static str>,
    pub section: Option<Section>,
    /// Post as written, spaces removed (`USNATO`, `ABUDHABI`).
    pub station: Option<String>,
    /// Serial as written (`000265`).
    pub serial: Option<String>,
}

const LEVELS: [(&str, Classification); 8] = [
    ("UNCLASSIFIED", Classification::Unclassified),
    ("UNCLAS", Classification::Unclassified),
    ("CONFIDENTIAL", Classification::Confidential),
    ("TOPSECRET", Classification::TopSecret),
    ("SECRET", Classification::Secret),
    // The first letter lost at a page edge (`E C R E T`, `O N F I D E N T I A L`).
    ("ONFIDENTIAL", Classification::Confidential),
    ("ECRET", Classification::Secret),
    ("NCLASSIFIED", Classification::Unclassified),
];

/// Control words that may follow the level on the line, squashed (no spaces).
pub const LINE_CAVEATS: [&str; 8] = [
    "NOFORN",
    "EFTO",
    "SENSITIVE",
    "SIPDIS",
    "NODIS",
    "EXDIS",
    "LIMDIS",
    "FOUO",
];

/// Matches `word` at the start of `s`, letters compared case-insensitively, spaces between
/// letters ignored, the first letter allowed twice (`SS E C R E T`). Returns the byte offset
/// just past the word when the word ends there (end of line, space or a non-letter follows).
fn match_spaced(s: &str, word: &str) -> Option<usize> {
    let w = word.as_bytes();
    let b = s.as_bytes();
    let (mut i, mut j) = (0, 0);
    let mut doubled = false;
    while j < w.len() {
        while i < b.len() && b[i] == b' ' && j > 0 {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        if b[i].eq_ignore_ascii_case(&w[j]) {
            i += 1;
            j += 1;
        } else if j == 1 && !doubled && b[i].eq_ignore_ascii_case(&w[0]) {
            doubled = true;
            i += 1;
        } else {
            return None;
        }
    }
    match b.get(i) {
        None => Some(i),
        Some(c) if !c.is_ascii_alphabetic() => Some(i),
        _ => None,
    }
}

/// Parses a line as a classification line. None when the line does not start with a level.
pub fn parse_class_line(line: &str) -> Option<ClassLine> {
    let t = super::text::trim_start(line);
    // A record dump's quoted field opens the line (`"C O N F I D E N T I A L ...`).
    let t = t.strip_prefix('"').unwrap_or(t);
    // Quick reject (most lines tried are not one): `match_spaced` compares the first byte with
    // the first letter of a level word before anything else.
    if !matches!(
        t.as_bytes().first()?.to_ascii_uppercase(),
        b'U' | b'C' | b'T' | b'S' | b'O' | b'E' | b'N'
    ) {
        return None;
    }
    let (end, level) = LEVELS
        .iter()
        .find_map(|(w, l)| match_spaced(t, w).map(|e| (e, *l)))?;
    let mut out = ClassLine {
        level: Some(level),
        ..Default::default()
    };
    // ASCII letters and digits are single bytes that never occur inside a multi-byte
    // character: a byte filter keeps exactly what a char filter would.
    let tail = &t[end..];
    let mut rest = String::with_capacity(tail.len());
    rest.extend(
        tail.bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_uppercase())),
    );
    read_rest(&rest, &mut out);
    Some(out)
}

/// True when the line is nothing but a classification word (a page footer like `CONFIDENTIAL`).
pub fn is_bare_level(line: &str) -> bool {
    // Quick reject without trimming: a long line with no white space (or non-ASCII) at either
    // end stays longer than 40 bytes once trimmed.
    fn may_trim(b: u8) -> bool {
        b >= 0x80 || matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
    }
    let b = line.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    if b.len() > 40 && !may_trim(first) && !may_trim(b[b.len() - 1]) {
        return false;
    }
    let level_initial = |c: u8| matches!(c.to_ascii_uppercase(), b'C' | b'S' | b'U' | b'T');
    // Without white space in front, the line's first byte is the trimmed line's.
    if !may_trim(first) && !level_initial(first) {
        return false;
    }
    let t = super::text::trim(line);
    // The level word must then take the whole line, and it is made of ASCII letters and the
    // spaces `match_spaced` lets between them: any other byte (`TAGS:`, a digit) rules it out.
    !t.is_empty()
        && t.len() <= 40
        && level_initial(t.as_bytes()[0])
        && t.bytes().all(|b| b.is_ascii_alphabetic() || b == b' ')
        && LEVELS
            .iter()
            .any(|(w, _)| match_spaced(t, w).is_some_and(|e| t[e..].trim().is_empty()))
}

/// Longest common subsequence length of a short word with `SECTION` (no allocation).
fn lcs_section(a: &[u8]) -> usize {
    const B: &[u8; 7] = b"SECTION";
    let mut prev = [0usize; 8];
    for &x in a {
        let mut cur = [0usize; 8];
        for (j, &y) in B.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        prev = cur;
    }
    prev[7]
}

/// Whether upper-case `letters` share a subsequence of at least five letters with `SECTION`.
/// The common cases are settled without the table of [`lcs_section`]: the word itself, and
/// words with fewer than five letters of `SECTION` at all (`STATE`, `SEOUL`), which cannot.
fn like_section(letters: &[u8]) -> bool {
    if letters.starts_with(b"SECTION") {
        return true;
    }
    let shared = letters
        .iter()
        .filter(|c| matches!(c, b'S' | b'E' | b'C' | b'T' | b'I' | b'O' | b'N'))
        .count();
    shared >= 5 && lcs_section(letters) >= 5
}

/// Strips a `SECTION01OF03` fragment (or a misspelling of it) from the front of `s`.
/// Returns the section and the rest.
pub fn strip_section(s: &str) -> Option<(Section, &str)> {
    let b = s.as_bytes();
    // Counted no further than a section word can go: a post name is stripped of fragments in
    // a loop, and a count to the end of a long run of letters each time would be quadratic.
    let letters = b
        .iter()
        .take(10)
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    // Misspellings keep the S or lose it to an E (`ECTION`, `SCTION`, `SECTON`).
    if !(4..=9).contains(&letters) || !matches!(b[0], b'S' | b'E') || !like_section(&b[..letters]) {
        return None;
    }
    let d1 = b[letters..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if d1 == 0 || d1 > 3 {
        return None;
    }
    let mut k = letters + d1;
    let of = b[k..].iter().take_while(|c| c.is_ascii_uppercase()).count();
    if !(1..=2).contains(&of) {
        return None;
    }
    k += of;
    let d2 = b[k..].iter().take_while(|c| c.is_ascii_digit()).count();
    if d2 == 0 || d2 > 3 {
        return None;
    }
    let number = s[letters..letters + d1].parse().ok()?;
    let total = s[k..k + d2].parse().ok();
    Some((Section { number, of: total }, &s[k + d2..]))
}

fn read_rest(mut s: &str, out: &mut ClassLine) {
    loop {
        if let Some((sec, r)) = strip_section(s) {
            out.section = Some(sec);
            s = r;
            continue;
        }
        if let Some(c) = LINE_CAVEATS.iter().find(|c| s.starts_with(**c)) {
            if !out.caveats.contains(c) {
                out.caveats.push(c);
            }
            s = &s[c.len()..];
            continue;
        }
        break;
    }
    let letters = s.bytes().take_while(|c| c.is_ascii_uppercase()).count();
    let digits = s[letters..]
        .bytes()
        .take_while(|c| c.is_ascii_digit())
        .count();
    // `CONFIDENTIAL PTQ2529` is a print-queue number on old extracts, not a post and serial.
    if letters >= 2 && digits > 0 && &s[..letters] != "PTQ" {
        out.station = Some(s[..letters].to_string());
        out.serial = Some(s[letters..letters + digits].to_string());
        let mut tail = &s[letters + digits..];
        loop {
            if let Some((sec, r)) = strip_section(tail) {
                out.section = Some(sec);
                tail = r;
            } else if let Some(c) = LINE_CAVEATS.iter().find(|c| tail.starts_with(**c)) {
                if !out.caveats.contains(c) {
                    out.caveats.push(c);
                }
                tail = &tail[c.len()..];
            } else {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> ClassLine {
        parse_class_line(s).unwrap_or_default()
    }

    #[test]
    fn spaced_and_misspaced_levels() {
        assert_eq!(
            p("C O N F I D E N T I A L FICTIONVILLE 000265").level,
            Some(Classification::Confidential)
        );
        assert_eq!(
            p("SS E C R E T FICTIONVILLE 000001").level,
            Some(Classification::Secret)
        );
        assert_eq!(
            p("C ONFIDENTIAL FICTIONVILLE 000001").level,
            Some(Classification::Confidential)
        );
        assert_eq!(
            p("S e c r e t FICTIONVILLE 000001").level,
            Some(Classification::Secret)
        );
        assert_eq!(
            p("TOP SECRET FICTIONVILLE 000001").level,
            Some(Classification::TopSecret)
        );
        assert!(parse_class_line("SECRETARY RICE ARRIVED").is_none());
        assert!(parse_class_line("UNCLEAR WHAT HAPPENED").is_none());
    }

    #[test]
    fn station_serial_and_section() {
        let c = p("C O N F I D E N T I A L SECTION 01 OF 03 FICTION CITY 000265");
        assert_eq!(c.station.as_deref(), Some("FICTIONCITY"));
        assert_eq!(c.serial.as_deref(), Some("000265"));
        assert_eq!(
            c.section,
            Some(Section {
                number: 1,
                of: Some(3)
            })
        );
    }

    #[test]
    fn unclas_variants_carry_their_caveats() {
        let c = p("UNCLAS SENSITIVE FICTIONVILLE 000012");
        assert_eq!(
            (c.level, c.caveats.clone()),
            (Some(Classification::Unclassified), vec!["SENSITIVE"])
        );
        assert_eq!(c.station.as_deref(), Some("FICTIONVILLE"));
        let c = p("UNCLAS E F T O FICTIONVILLE 000013");
        assert_eq!(c.caveats, vec!["EFTO"]);
        assert_eq!(c.serial.as_deref(), Some("000013"));
        let c = p("SECRET//NOFORN FICTIONVILLE 000014");
        assert_eq!(c.caveats, vec!["NOFORN"]);
    }

    #[test]
    fn section_likeness() {
        for (w, like) in [
            ("SECTION", true),
            ("SECTON", true),
            ("ECTION", true),
            ("SCTIONX", true),
            ("STATE", false),
            ("SEOUL", false),
            ("SANTIAGO", false),
            ("SNOITCES", false),
        ] {
            assert_eq!(like_section(w.as_bytes()), like, "{w}");
            assert_eq!(
                like_section(w.as_bytes()),
                lcs_section(w.as_bytes()) >= 5,
                "{w}"
            );
        }
    }

    #[test]
    fn misspelt_section_is_still_a_section() {
        assert_eq!(strip_section("SECTON02OF02X").map(|x| x.0.number), Some(2));
        assert!(strip_section("SEOUL001234").is_none());
    }

    #[test]
    fn first_letter_lost() {
        assert_eq!(
            p("E C R E T SECTION 01 OF 03 FICTIONVILLE 000146").level,
            Some(Classification::Secret)
        );
        assert_eq!(
            p("O N F I D E N T I A L FICTIONVILLE 000001").level,
            Some(Classification::Confidential)
        );
    }

    #[test]
    fn bare_level_footer() {
        assert!(is_bare_level(" CONFIDENTIAL"));
        assert!(!is_bare_level("CONFIDENTIAL FICTIONVILLE 000001"));
    }
}
