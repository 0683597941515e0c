//! Reading a journal: split it into records at `[[event]]` lines, parse each record on its own
//! (in parallel for a long journal), and report (and skip) any damaged part with its line.

use chrono::{DateTime, Utc};

use super::write::digest;
use super::{Damage, EVENT_HEADER, Wire};
use crate::triage::ops::{Event, Op};

/// An event's place in the hash chain, as its text gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// 1-based line of the event's `[[event]]`.
    pub line: usize,
    /// The hash of the event before, as this event names it.
    pub prev: Option<String>,
    /// This event's own hash, as written (None: an event of format 1).
    pub hash: Option<String>,
    /// `hash` is the SHA-256 of the event's text: the event is as it was written.
    pub intact: bool,
}

/// What reading a stretch of journal found.
#[derive(Debug, Default)]
pub struct Parsed {
    pub events: Vec<Event>,
    /// One per event, in the same order.
    pub links: Vec<Link>,
    pub damage: Vec<Damage>,
    /// Bytes consumed: the end of the last line that ends with a newline, or the end of the input
    /// when `complete` was asked for.
    pub consumed: usize,
    /// The `format = N` line of the preamble, when the stretch starts the journal and has one.
    pub format: Option<u32>,
    /// The highest event number found in a damaged record whose `seq` still reads (an event of
    /// an op this version does not know, say): kept reserved so no later event reuses it.
    pub reserved: Option<u64>,
}

/// Read events from `buf`, whose first byte is on 1-based line `first_line` of the journal.
///
/// When `complete` is false (reading without the lock, while another process may be writing), a
/// last event that does not read yet is left unread (`consumed` stops before it); when true, it
/// is read like any other and reported if damaged.
pub fn parse(buf: &[u8], first_line: usize, complete: bool) -> Parsed {
    let mut out = Parsed {
        consumed: buf.len(),
        ..Parsed::default()
    };
    // A byte-order mark some editors put at the start of a file is not text.
    let bom = if first_line == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    // Split into chunks, each starting at a `[[event]]` line (the first may be a preamble).
    let mut starts: Vec<(usize, usize)> = vec![(bom, first_line)]; // (byte, line)
    let mut line = first_line;
    let mut pos = bom;
    while pos < buf.len() {
        let nl = memchr::memchr(b'\n', &buf[pos..]).map_or(buf.len(), |i| pos + i + 1);
        if pos > bom && is_header(&buf[pos..nl]) {
            starts.push((pos, line));
        }
        line += 1;
        pos = nl;
    }
    let mut chunks: Vec<(usize, usize, usize)> = starts
        .iter()
        .enumerate()
        .map(|(i, &(s, l))| (s, starts.get(i + 1).map_or(buf.len(), |n| n.0), l))
        .collect();
    if !complete && let Some(&(s, e, l)) = chunks.last() {
        let mut trial = Parsed::default();
        read_chunk(&buf[s..e], l, &mut trial);
        let unfinished = !trial.damage.is_empty() || !buf.ends_with(b"\n");
        if buf[s..e].starts_with(EVENT_HEADER.as_bytes()) && unfinished {
            out.consumed = s;
            chunks.pop();
        }
    }
    if first_line == 1
        && let Some(&(s, e, _)) = chunks.first()
        && !buf[s..e].starts_with(EVENT_HEADER.as_bytes())
    {
        out.format = preamble_format(&buf[s..e]);
    }
    // Events parse independently: spread a long journal over the cores (order is kept).
    let read = |&(s, e, l): &(usize, usize, usize)| {
        let mut p = Parsed::default();
        read_chunk(&buf[s..e], l, &mut p);
        p
    };
    let parts: Vec<Parsed> = if chunks.len() >= 512 {
        use rayon::prelude::*;
        chunks.par_iter().map(read).collect()
    } else {
        chunks.iter().map(read).collect()
    };
    for p in parts {
        out.events.extend(p.events);
        out.links.extend(p.links);
        out.damage.extend(p.damage);
        out.reserved = out.reserved.max(p.reserved);
    }
    out
}

fn is_header(line: &[u8]) -> bool {
    line.trim_ascii() == EVENT_HEADER.as_bytes()
}

/// The `format = N` of a preamble, if it has one that reads.
fn preamble_format(chunk: &[u8]) -> Option<u32> {
    let text = std::str::from_utf8(chunk).ok()?;
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("format"))?;
    let t: toml::Table = toml::from_str(line).ok()?;
    u32::try_from(t.get("format")?.as_integer()?).ok()
}

/// An event read, with its `prev` and `hash`.
type Decoded = (Event, Option<String>, Option<String>);

/// Parse the body of one event table (the lines after `[[event]]`), with its chain fields.
fn decode(body: &str) -> Result<Decoded, (usize, String)> {
    let wire: Wire = toml::from_str(body).map_err(|e| {
        let line = e.span().map(|s| line_of(body, s.start)).unwrap_or(0);
        (line, e.message().to_string())
    })?;
    let at = DateTime::parse_from_rfc3339(&wire.at)
        .map_err(|e| (0, format!("`at` is not an RFC 3339 time: {e}")))?
        .with_timezone(&Utc);
    let cables = match (wire.cable, wire.cables) {
        (Some(c), None) => vec![c],
        (None, Some(cs)) if !cs.is_empty() => cs,
        (Some(_), Some(_)) => return Err((0, "both `cable` and `cables` given".into())),
        _ => return Err((0, "no `cable` or `cables`".into())),
    };
    // Format 2 always writes `os_user` and seals with `hash`: one without the other is an event
    // cut short by a crash, not an event of format 1.
    if wire.os_user.is_some() && wire.hash.is_none() {
        return Err((0, "unfinished event (no `hash`)".into()));
    }
    let ev = Event {
        seq: wire.seq,
        at,
        user: wire.user,
        os_user: wire.os_user,
        cables,
        op: wire.op,
    };
    Ok((ev, wire.prev, wire.hash))
}

/// 0-based line of byte `pos` in `s`.
fn line_of(s: &str, pos: usize) -> usize {
    s.as_bytes()[..pos.min(s.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Read one chunk (an event, or the preamble before the first event).
fn read_chunk(chunk: &[u8], line: usize, out: &mut Parsed) {
    let nlines = chunk.split(|&b| b == b'\n').count() - usize::from(chunk.ends_with(b"\n"));
    let first_end = memchr::memchr(b'\n', chunk).map_or(chunk.len(), |i| i + 1);
    if !is_header(&chunk[..first_end]) {
        // A preamble: comments, blank lines and the format line are fine, anything else is damage.
        if let Some((off, n)) = non_comment(chunk) {
            out.damage.push(Damage {
                line: line + off,
                lines: n,
                reason: "text outside any [[event]]".into(),
            });
        }
        return;
    }
    let body = &chunk[first_end..];
    // Bytes that are not UTF-8 damage only the lines they are on and after.
    let (text, bad_utf8) = match std::str::from_utf8(body) {
        Ok(t) => (t, false),
        Err(e) => {
            let upto = body[..e.valid_up_to()].iter().rposition(|&b| b == b'\n');
            let valid = &body[..upto.map_or(0, |i| i + 1)];
            (std::str::from_utf8(valid).unwrap_or_default(), true)
        }
    };
    let (hint, reason) = match decode(text) {
        Ok(d) if !bad_utf8 => return push(out, d, chunk, first_end, text.len(), line),
        Ok(_) => (None, "not UTF-8 text".to_string()),
        Err((l, r)) if bad_utf8 => (Some(l), format!("not UTF-8 text ({})", r.trim())),
        Err((l, r)) => (Some(l), r.trim().to_string()),
    };
    // Salvage a whole event followed by damage (a torn next write, stray text, a bad byte).
    if let Some((d, used, len)) = salvage(text, hint) {
        let seq = d.0.seq;
        push(out, d, chunk, first_end, len, line);
        out.damage.push(Damage {
            line: line + 1 + used,
            lines: nlines.saturating_sub(1 + used).max(1),
            reason: format!("unreadable text after event #{seq}: {reason}"),
        });
        return;
    }
    let seq = seq_of(text);
    out.reserved = out.reserved.max(seq);
    let reason = match unknown_op(text) {
        Some(op) => format!(
            "an op this version does not know (`{}`; written by a newer version?){}",
            op,
            seq.map(|s| format!("; #{s} stays reserved"))
                .unwrap_or_default()
        ),
        None => reason,
    };
    out.damage.push(Damage {
        line,
        lines: nlines.max(1),
        reason: format!("damaged event: {reason}"),
    });
}

/// Record a decoded event and its link; `len` is how much of the body it took.
fn push(
    out: &mut Parsed,
    (ev, prev, hash): Decoded,
    chunk: &[u8],
    body_start: usize,
    len: usize,
    line: usize,
) {
    let intact = hash
        .as_deref()
        .is_some_and(|h| sealed_text(&chunk[..body_start + len]).is_some_and(|t| digest(t) == h));
    out.links.push(Link {
        line,
        prev,
        hash,
        intact,
    });
    out.events.push(ev);
}

/// The text a `hash` line seals: everything of the event before its last `hash = ` line.
fn sealed_text(event: &[u8]) -> Option<&[u8]> {
    let mut end = event.len();
    while end > 0 {
        let start = event[..end - 1]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        if event[start..end].starts_with(b"hash = ") {
            return Some(&event[..start]);
        }
        end = start;
    }
    None
}

/// The `seq = N` of a record that does not parse as a whole, if that line still reads.
fn seq_of(text: &str) -> Option<u64> {
    text.lines()
        .find_map(|l| l.strip_prefix("seq = ")?.trim().parse().ok())
}

/// The op of a record that names one this version does not know.
fn unknown_op(text: &str) -> Option<String> {
    let line = text.lines().find(|l| l.starts_with("op = "))?;
    let t: toml::Table = toml::from_str(line).ok()?;
    let op = t.get("op")?.as_str()?;
    let probe = toml::Table::from_iter([("op".to_string(), toml::Value::from(op))]);
    // Known ops without fields parse from this alone; known ops with fields fail on the
    // missing field, not on the variant.
    match probe.try_into::<Op>() {
        Ok(_) => None,
        Err(e) if e.to_string().contains("unknown variant") => Some(op.to_string()),
        Err(_) => None,
    }
}

/// The longest run of leading lines of `text` (at most [`SALVAGE_LINES`]) that reads as a whole
/// event, trying first the lines before the parser's error line `hint`. Returns the event, the
/// lines and the bytes it took.
fn salvage(text: &str, hint: Option<usize>) -> Option<(Decoded, usize, usize)> {
    let ends: Vec<usize> = text
        .split_inclusive('\n')
        .scan(0, |end, l| {
            *end += l.len();
            Some(*end)
        })
        .collect();
    let n = ends.len();
    let tries = hint
        .filter(|&k| k > 0 && k <= n)
        .into_iter()
        .chain((1..=n.min(SALVAGE_LINES)).rev());
    tries
        .into_iter()
        .filter(|&k| ends[k - 1] <= SALVAGE_BYTES)
        .find_map(|k| {
            let (head, rest) = text.split_at(ends[k - 1]);
            // An event whose own seal is in the damaged rest is cut short, not whole.
            let sealed_later = rest.lines().any(|l| l.starts_with("hash = "));
            decode(head)
                .ok()
                .filter(|d| d.2.is_some() || !sealed_later)
                .map(|d| (d, k, ends[k - 1]))
        })
}

/// How far salvage looks: an event is a handful of lines (a long note is one long line), and a
/// bound on both keeps a huge damaged blob from costing more than a few hundred small parses.
const SALVAGE_LINES: usize = 400;
const SALVAGE_BYTES: usize = 64 * 1024;

/// The first line (0-based) and line count of the text in a preamble that is not blank, a
/// comment or the format line.
fn non_comment(chunk: &[u8]) -> Option<(usize, usize)> {
    let lines: Vec<&[u8]> = chunk.split(|&b| b == b'\n').collect();
    let bad: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_ascii();
            !t.is_empty() && !t.starts_with(b"#") && !is_format_line(t)
        })
        .map(|(i, _)| i)
        .collect();
    let (first, last) = (*bad.first()?, *bad.last()?);
    Some((first, last - first + 1))
}

fn is_format_line(t: &[u8]) -> bool {
    std::str::from_utf8(t).is_ok_and(|s| {
        s.starts_with("format")
            && toml::from_str::<toml::Table>(s)
                .is_ok_and(|t| t.len() == 1 && t.get("format").is_some_and(|v| v.is_integer()))
    })
}

#[cfg(test)]
mod tests {
    use super::super::encode;
    use super::*;

    fn ev(seq: u64) -> String {
        let e = Event {
            seq,
            at: Utc::now(),
            user: "u".into(),
            os_user: None,
            cables: vec!["K".into()],
            op: Op::Flag,
        };
        encode(&e, None).unwrap().text
    }

    #[test]
    fn an_event_still_being_written_is_left_for_later_when_unlocked() {
        let whole = format!("{}{}", ev(1), ev(2));
        let cut = whole.len() - 10;
        let p = parse(&whole.as_bytes()[..cut], 1, false);
        assert_eq!(p.events.len(), 1);
        assert!(p.damage.is_empty());
        assert_eq!(p.consumed, ev(1).len(), "stops before the unfinished event");
        // Read whole (under the lock, or at start-up), the same cut is damage.
        let p = parse(&whole.as_bytes()[..cut], 1, true);
        assert_eq!((p.events.len(), p.damage.len()), (1, 1));
    }

    #[test]
    fn line_numbers_continue_from_the_offset() {
        let text = format!("{}garbage\n", ev(1));
        let p = parse(text.as_bytes(), 100, true);
        assert_eq!(p.damage[0].line, 100 + ev(1).lines().count());
    }

    #[test]
    fn an_event_is_intact_until_a_byte_of_it_changes() {
        let text = ev(1);
        assert!(parse(text.as_bytes(), 1, true).links[0].intact);
        let edited = text.replace("op = \"flag\"", "op = \"done\"");
        let p = parse(edited.as_bytes(), 1, true);
        assert_eq!(p.events.len(), 1);
        assert!(!p.links[0].intact, "an edit leaves the hash standing");
    }

    #[test]
    fn an_unknown_op_keeps_its_number_reserved() {
        let text = ev(7).replace("op = \"flag\"", "op = \"teleport\"");
        let p = parse(text.as_bytes(), 1, true);
        assert!(p.events.is_empty());
        assert_eq!(p.reserved, Some(7));
        assert!(p.damage[0].reason.contains("teleport"), "{:?}", p.damage);
    }
}
