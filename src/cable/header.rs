//! The ACP-127 header block: `VZCZC`, the precedence line, `DE RI #serial/section time`,
//! `ZNY`/`ZNR`, prosign + DTG (`O 231711Z APR 07`, dual `O R`), `FM`, `TO`/`INFO` addressee
//! lines, `XMT` exclusions and `BT`.

use chrono::{DateTime, Utc};

use super::dtg;
use super::limits::MAX_ADDRESSEES;
use super::model::{Addressee, Precedence};
use super::text::{trim, trim_start};

/// What the header block said, and where the body starts.
#[derive(Debug, Default)]
pub struct Header {
    /// True when any header element (DTG line, FM, TO) was found.
    pub found: bool,
    pub precedence: Option<Precedence>,
    pub dtg: Option<DateTime<Utc>>,
    pub origin: Option<String>,
    pub to: Vec<Addressee>,
    pub info: Vec<Addressee>,
    /// Station serial from the DE line (`0265`).
    pub de_serial: Option<String>,
    /// Section number from the DE line (`/01`).
    pub de_section: Option<u32>,
    /// Level from the `ZNY CCCCC` / `ZNR UUUUU` line.
    pub zny_level: Option<super::model::Classification>,
    /// Index of the first body line.
    pub body_start: usize,
    /// TO and INFO addressees written past [`MAX_ADDRESSEES`], not kept.
    pub to_cut: usize,
    pub info_cut: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    None,
    To,
    Info,
    Skip,
}

/// How far into a file the header may start (e-mail wrappers and distribution blocks come first).
const SEARCH_LINES: usize = 60;

/// Reads the header from the first lines of a cable.
pub fn parse_header(lines: &[&str]) -> Header {
    let mut h = Header::default();
    let mut state = State::None;
    let mut last = None;
    let limit = lines.len();
    // A wrapper (an inbox print) may show the classification line before the real header.
    let vzczc = lines
        .iter()
        .take(SEARCH_LINES)
        .position(|l| trim_start(l).starts_with("VZCZC"));
    let mut i = 0;
    while i < limit {
        let line = trim_start(lines[i]);
        if !h.found && i >= SEARCH_LINES {
            break;
        }
        if line.is_empty() {
            if h.found
                && h.origin.is_some()
                && (!h.to.is_empty() || !h.info.is_empty() || state != State::None)
            {
                break;
            }
            if state != State::Skip {
                state = State::None;
            } else if h.found && h.origin.is_some() {
                break;
            }
            i += 1;
            continue;
        }
        let first = first_word(line);
        if line.starts_with("VZCZC") || first == "ZNY" || first == "ZNR" {
            use super::model::Classification as C;
            h.zny_level = match line.split_whitespace().nth(1) {
                Some("CCCCC") => Some(C::Confidential),
                Some("SSSSS") => Some(C::Secret),
                Some("UUUUU") | Some("EEEEE") => Some(C::Unclassified),
                _ => h.zny_level,
            };
            last = Some(i);
        } else if first == "BT" && line.len() == 2 {
            last = Some(i);
            if h.found {
                break;
            }
        } else if first == "DE" && line.contains('#') {
            read_de(line, &mut h);
            last = Some(i);
        } else if let Some((prec, d)) = prosign_dtg(line) {
            if h.dtg.is_none() {
                h.precedence = prec;
                h.dtg = Some(d);
            }
            h.found = true;
            last = Some(i);
            state = State::None;
        } else if !h.found
            && vzczc.is_none_or(|v| v < i)
            && super::classline::parse_class_line(line).is_some_and(|c| c.serial.is_some())
        {
            // The body's classification line before any header element: there is no header.
            break;
        } else if line.starts_with("-----") && line.contains("header ends") {
            last = Some(i);
            if h.found {
                break;
            }
        } else if first == "FM" && h.origin.is_none() && (h.found || next_is_address(lines, i)) {
            let rest = trim(&line[2..]);
            if !rest.is_empty() {
                h.origin = Some(super::text::collapse(rest));
            }
            h.found = true;
            last = Some(i);
            state = State::None;
        } else if first == "TO" && (h.found || state != State::None) {
            state = State::To;
            push_addressee(&mut h.to, &mut h.to_cut, &line[2..]);
            h.found = true;
            last = Some(i);
        } else if first == "INFO" && is_distribution(line) {
            state = State::Skip;
        } else if first == "INFO" && h.found {
            state = State::Info;
            push_addressee(&mut h.info, &mut h.info_cut, &line[4..]);
            last = Some(i);
        } else if first == "XMT" || first == "ACTION" {
            state = State::Skip;
            last = Some(i);
        } else if h.found && first == "PAGE" && is_page_line(line) {
            // `PAGE 02 STATE 015113 182333Z` inside a long address list.
        } else if state == State::To {
            push_addressee(&mut h.to, &mut h.to_cut, line);
            last = Some(i);
        } else if state == State::Info {
            push_addressee(&mut h.info, &mut h.info_cut, line);
            last = Some(i);
        } else if h.found && h.origin.is_some() && state == State::None {
            // Something else right after the header block: the body starts here.
            break;
        }
        i += 1;
    }
    if h.found {
        h.body_start = last.map_or(0, |l| l + 1);
        if h.precedence.is_none() {
            h.precedence = h.to.iter().filter_map(|a| a.precedence).min();
        }
        if h.to
            .iter()
            .any(|a| a.precedence == Some(Precedence::NiactImmediate))
        {
            h.precedence = Some(Precedence::NiactImmediate);
        }
    }
    h
}

/// The first word of a line without leading white space, as `split_whitespace` would give it;
/// ASCII lines (nearly all) are cut at the first space byte without decoding characters.
fn first_word(line: &str) -> &str {
    let b = line.as_bytes();
    match b
        .iter()
        .position(|&c| c >= 0x80 || super::text::is_space(c))
    {
        None => line,
        Some(p) if p > 0 && b[p] < 0x80 => &line[..p],
        Some(_) => line.split_whitespace().next().unwrap_or(""),
    }
}

/// `DE RUEHNO #0265/01 1131711`
fn read_de(line: &str, h: &mut Header) {
    if let Some(w) = line.split_whitespace().find(|w| w.starts_with('#')) {
        let w = &w[1..];
        let (serial, section) = match w.split_once('/') {
            Some((a, b)) => (a, Some(b)),
            None => (w, None),
        };
        if !serial.is_empty() && serial.bytes().all(|b| b.is_ascii_digit()) {
            h.de_serial = Some(serial.to_string());
        }
        h.de_section = section.and_then(|s| s.parse().ok());
    }
}

/// A prosign + DTG line: one or two precedence letters, then `DDHHMMZ MON YY`, maybe a trailer.
pub fn prosign_dtg(line: &str) -> Option<(Option<Precedence>, DateTime<Utc>)> {
    // Quick reject (most lines of a header, every line of a body): a line that starts with an
    // ASCII byte other than white space has its first word start there, and that word must be
    // a single prosign letter, followed by white space.
    let ascii_word = |c: u8| c < 0x80 && c != b' ' && c.wrapping_sub(9) >= 5;
    if let Some(&f) = line.as_bytes().first()
        && ascii_word(f)
        && (Precedence::from_prosign(f).is_none()
            || line.as_bytes().get(1).is_some_and(|&n| ascii_word(n)))
    {
        return None;
    }
    let mut words = super::text::words(line);
    let mut prec = None;
    let mut n = 0;
    let mut w = words.next()?;
    while w.len() == 1 && n < 2 {
        let p = Precedence::from_prosign(w.as_bytes()[0])?;
        if prec.is_none() {
            prec = Some(p);
        }
        n += 1;
        w = words.next()?;
    }
    if n == 0 {
        return None;
    }
    let d = dtg::parse_dtg(w, words.next()?, words.next()?)?;
    Some((prec, d))
}

/// Whether the next non-blank line after `i` is a TO or INFO line (an FM line without a
/// DTG line before it counts only then: `FM Gul said` in a body is not a header).
fn next_is_address(lines: &[&str], i: usize) -> bool {
    lines[i + 1..]
        .iter()
        .map(|l| trim_start(l))
        .find(|l| !l.is_empty())
        .is_some_and(|l| l.starts_with("TO ") || l.starts_with("INFO "))
}

/// The distribution block of old cables: `INFO  LOG-00   NP-00 ...`.
fn is_distribution(line: &str) -> bool {
    super::text::words(line)
        .skip(1)
        .take(3)
        .any(|w| w.ends_with("-00") || w.ends_with("-01"))
}

fn is_page_line(line: &str) -> bool {
    let mut w = super::text::words(line);
    w.next() == Some("PAGE")
        && w.next()
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
}

/// Parses one TO/INFO line: `RUEHC/SECSTATE WASHDC NIACT IMMEDIATE 0766`.
pub fn parse_addressee(text: &str) -> Option<Addressee> {
    let text = trim(text);
    if text.is_empty() || text.starts_with("PAGE ") {
        return None;
    }
    // A routing indicator is at most 8 bytes: only a `/` among the first 9 can end one (a later
    // first `/` would fail the length test below), so the rest of the line is not searched.
    let slash = text.as_bytes()[..text.len().min(9)]
        .iter()
        .position(|&b| b == b'/');
    let (ri, rest) = match slash.map(|p| (&text[..p], &text[p + 1..])) {
        Some((r, rest))
            if r.len() >= 4
                && r.len() <= 8
                && r.starts_with('R')
                && r.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            (Some(r.to_string()), rest)
        }
        _ => (None, text),
    };
    // Peel words off the end without collecting: serial, then precedence (NIACT IMMEDIATE).
    fn last_word(s: &str, ascii: bool) -> Option<(&str, &str)> {
        use super::text::is_space;
        // ASCII text (nearly every line): byte scans find the same spaces as the Unicode
        // trims and search below, without decoding characters.
        if ascii {
            let b = s.as_bytes();
            let end = b.iter().rposition(|&c| !is_space(c))? + 1;
            let p = b[..end].iter().rposition(|&c| is_space(c))?;
            let head = b[..p]
                .iter()
                .rposition(|&c| !is_space(c))
                .map_or(0, |h| h + 1);
            return Some((&s[..head], &s[p + 1..end]));
        }
        let s = s.trim_end();
        let p = s.rfind(char::is_whitespace);
        match p {
            // `p` may start a multi-byte space: trim rather than skip one byte.
            Some(p) => Some((s[..p].trim_end(), s[p..].trim_start())),
            None => None,
        }
    }
    let mut rest = trim(rest);
    // Known once: the words peeled off below are parts of `rest`.
    let ascii = rest.is_ascii();
    let mut serial = None;
    // `rest` is trimmed, so its last byte ends its last word: a serial (all digits) only
    // when that byte is a digit.
    if rest.as_bytes().last().is_some_and(u8::is_ascii_digit)
        && let Some((head, w)) = last_word(rest, ascii)
        && w.bytes().all(|b| b.is_ascii_digit())
    {
        serial = Some(w.to_string());
        rest = head;
    }
    let mut precedence = None;
    // Likewise every precedence word ends in E, Y or H. Most addressees have none, and their last word is not looked for.
    let may_precede = matches!(rest.as_bytes().last(), Some(b'E' | b'Y' | b'H'));
    if may_precede && let Some((head, w)) = last_word(rest, ascii) {
        let p = match w {
            "IMMEDIATE" => Some(Precedence::Immediate),
            "PRIORITY" => Some(Precedence::Priority),
            "ROUTINE" => Some(Precedence::Routine),
            "FLASH" => Some(Precedence::Flash),
            _ => None,
        };
        if p.is_some() {
            precedence = p;
            rest = head;
            if p == Some(Precedence::Immediate)
                && let Some((h2, "NIACT")) = last_word(rest, ascii)
            {
                precedence = Some(Precedence::NiactImmediate);
                rest = h2;
            }
        }
    }
    if rest.is_empty() {
        return None;
    }
    let words = super::text::collapse(rest);
    Some(Addressee {
        ri,
        addressee: words,
        precedence,
        serial,
    })
}

/// Keeps an addressee line's addressee, or counts it once the list holds [`MAX_ADDRESSEES`].
fn push_addressee(list: &mut Vec<Addressee>, cut: &mut usize, text: &str) {
    if list.len() >= MAX_ADDRESSEES {
        // Counted without being read: a cut line costs no more than its bytes' first look.
        if !trim(text).is_empty() {
            *cut += 1;
        }
        return;
    }
    if let Some(a) = parse_addressee(text) {
        list.push(a);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "VZCZCXYZ0001\nOO RUEHXX\n\nDE RUEHFV #0042/02 0451200\nZNY SSSSS ZZH\nO R 141200Z FEB 09 ZFF4\nFM AMEMBASSY FICTIONVILLE\nTO RUEHC/SECSTATE WASHDC NIACT IMMEDIATE 0101\nRUEHZZ/AMEMBASSY NOWHERE PRIORITY\nINFO RUEHYY/AMCONSUL ELSEWHERE 0007\nXMT AMCONSUL ELSEWHERE\nBT\nS E C R E T FICTIONVILLE 000042";

    #[test]
    fn full_header() {
        let lines: Vec<&str> = HEADER.lines().collect();
        let h = parse_header(&lines);
        assert!(h.found);
        assert_eq!(h.precedence, Some(Precedence::NiactImmediate));
        assert_eq!(
            h.dtg.map(|d| d.to_rfc3339()).as_deref(),
            Some("2009-02-14T12:00:00+00:00")
        );
        assert_eq!(h.origin.as_deref(), Some("AMEMBASSY FICTIONVILLE"));
        assert_eq!(h.to.len(), 2);
        assert_eq!(h.to[0].ri.as_deref(), Some("RUEHC"));
        assert_eq!(h.to[0].serial.as_deref(), Some("0101"));
        assert_eq!(h.to[1].precedence, Some(Precedence::Priority));
        assert_eq!(h.info.len(), 1);
        assert_eq!(h.info[0].addressee, "AMCONSUL ELSEWHERE");
        assert_eq!(h.de_serial.as_deref(), Some("0042"));
        assert_eq!(h.de_section, Some(2));
        assert_eq!(lines[h.body_start], "S E C R E T FICTIONVILLE 000042");
    }

    #[test]
    fn dual_precedence_takes_the_action_letter() {
        assert_eq!(
            prosign_dtg("P R 010101Z MAR 08").map(|x| x.0),
            Some(Some(Precedence::Priority))
        );
        assert!(prosign_dtg("PR 010101Z MAR 08").is_none());
        assert!(prosign_dtg("O TEXT").is_none());
    }

    #[test]
    fn addressee_without_ri_or_precedence() {
        let a = parse_addressee("DET 1 39LG FICTION TU").unwrap_or_default();
        assert_eq!(
            (a.ri, a.addressee.as_str(), a.serial),
            (None, "DET 1 39LG FICTION TU", None)
        );
        let a = parse_addressee("SECSTATE WASHDC IMMEDIATE 0766").unwrap_or_default();
        assert_eq!(a.precedence, Some(Precedence::Immediate));
    }

    /// Found by proptest: a multi-byte space before the last word.
    #[test]
    fn unicode_space_before_serial() {
        let a = parse_addressee("AMEMBASSY FICTIONVILLE\u{a0}0007").unwrap_or_default();
        assert_eq!(a.serial.as_deref(), Some("0007"));
    }

    #[test]
    fn no_header_means_body_from_the_top() {
        let lines = ["UNCLAS FICTIONVILLE 000001", "", "E.O. 12958: N/A"];
        let h = parse_header(&lines);
        assert!(!h.found);
        assert_eq!(h.body_start, 0);
        assert_eq!(h.precedence, None);
    }
}
