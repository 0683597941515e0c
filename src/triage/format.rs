//! The journal's text form: one `[[event]]` TOML table per event, and a reader that splits a
//! journal into events, reporting (and skipping) any damaged part with its line number.
//!
//! ```toml
//! [[event]]
//! seq = 12
//! user = "alice"
//! cable = "09MOSCOW12"          # or: cables = ["09MOSCOW12", "09KYIV7"] for a marked set
//! op = "route_action"
//! desk = "EUR/RUS"
//! at = "2026-11-26T18:26:01.588Z"
//! ```
//! `seq` numbers events in file order (the next append takes the highest seen plus one, under
//! the lock); `at` is RFC 3339 UTC; `op` names an [`Op`] and its fields follow it. Lines starting
//! with `#` are comments, so a hand-written note above an event is harmless.
//!
//! Each event is parsed on its own, so damage (a torn write, a hand edit, garbage) costs only the
//! part it touches: events before and after it still count.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use super::ops::{Event, Op};

/// The line that opens every event.
pub const EVENT_HEADER: &str = "[[event]]";

/// A part of the journal that could not be read and was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Damage {
    /// 1-based line where the damaged part starts.
    pub line: usize,
    /// How many lines were skipped.
    pub lines: usize,
    pub reason: String,
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let span = if self.lines > 1 {
            format!("line {} ({} lines)", self.line, self.lines)
        } else {
            format!("line {}", self.line)
        };
        write!(f, "journal.toml {span}: {}; skipped", self.reason)
    }
}

/// The wire shape of one event (the fields of its `[[event]]` table).
///
/// `at` is written last on purpose: it is required and quoted, so it seals the event. Any
/// prefix of an event cut short by a crash either lacks `at` or ends inside its quotes, and so
/// never reads as a (different) whole event — `undoes = 12` cut to `undoes = 1` cannot pass.
#[derive(Serialize, Deserialize)]
struct Wire {
    seq: u64,
    user: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cable: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cables: Option<Vec<String>>,
    #[serde(flatten)]
    op: Op,
    at: String,
}

/// The text of one event: its `[[event]]` line, its fields, and a blank line after.
pub fn encode(e: &Event) -> Result<String, toml::ser::Error> {
    let (cable, cables) = match e.cables.as_slice() {
        [one] => (Some(one.clone()), None),
        many => (None, Some(many.to_vec())),
    };
    let wire = Wire {
        seq: e.seq,
        at: e.at.to_rfc3339_opts(SecondsFormat::Millis, true),
        user: e.user.clone(),
        cable,
        cables,
        op: e.op.clone(),
    };
    let body = toml::to_string(&wire)?;
    Ok(format!("{EVENT_HEADER}\n{body}\n"))
}

/// Parse the body of one event table (the lines after `[[event]]`).
fn decode(body: &str) -> Result<Event, (usize, String)> {
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
    Ok(Event {
        seq: wire.seq,
        at,
        user: wire.user,
        cables,
        op: wire.op,
    })
}

/// 0-based line of byte `pos` in `s`.
fn line_of(s: &str, pos: usize) -> usize {
    s.as_bytes()[..pos.min(s.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// What reading a stretch of journal found.
#[derive(Debug, Default)]
pub struct Parsed {
    pub events: Vec<Event>,
    pub damage: Vec<Damage>,
    /// Bytes consumed: the end of the last line that ends with a newline, or the end of the input
    /// when `complete` was asked for.
    pub consumed: usize,
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
    // Split into chunks, each starting at a `[[event]]` line (the first may be a preamble).
    let mut starts: Vec<(usize, usize)> = vec![(0, first_line)]; // (byte, line)
    let mut line = first_line;
    let mut pos = 0;
    while pos < buf.len() {
        let nl = memchr::memchr(b'\n', &buf[pos..]).map_or(buf.len(), |i| pos + i + 1);
        if pos > 0 && is_header(&buf[pos..nl]) {
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
    // Events parse independently: spread a long journal over the cores (order is kept).
    let read = |&(s, e, l): &(usize, usize, usize)| {
        let mut p = Parsed::default();
        read_chunk(&buf[s..e], l, &mut p);
        (p.events, p.damage)
    };
    let parts: Vec<(Vec<Event>, Vec<Damage>)> = if chunks.len() >= 512 {
        use rayon::prelude::*;
        chunks.par_iter().map(read).collect()
    } else {
        chunks.iter().map(read).collect()
    };
    for (events, damage) in parts {
        out.events.extend(events);
        out.damage.extend(damage);
    }
    out
}

fn is_header(line: &[u8]) -> bool {
    line.trim_ascii() == EVENT_HEADER.as_bytes()
}

/// Read one chunk (an event, or the preamble before the first event).
fn read_chunk(chunk: &[u8], line: usize, out: &mut Parsed) {
    let nlines = chunk.split(|&b| b == b'\n').count() - usize::from(chunk.ends_with(b"\n"));
    let first_end = memchr::memchr(b'\n', chunk).map_or(chunk.len(), |i| i + 1);
    if !is_header(&chunk[..first_end]) {
        // A preamble: comments and blank lines are fine, anything else is damage.
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
        Ok(ev) if !bad_utf8 => return out.events.push(ev),
        Ok(_) => (None, "not UTF-8 text".to_string()),
        Err((l, r)) if bad_utf8 => (Some(l), format!("not UTF-8 text ({})", r.trim())),
        Err((l, r)) => (Some(l), r.trim().to_string()),
    };
    // Salvage a whole event followed by damage (a torn next write, stray text, a bad byte).
    if let Some((ev, used)) = salvage(text, hint) {
        let seq = ev.seq;
        out.events.push(ev);
        out.damage.push(Damage {
            line: line + 1 + used,
            lines: nlines.saturating_sub(1 + used).max(1),
            reason: format!("unreadable text after event #{seq}: {reason}"),
        });
        return;
    }
    out.damage.push(Damage {
        line,
        lines: nlines.max(1),
        reason: format!("damaged event: {reason}"),
    });
}

/// The longest run of leading lines of `text` (at most [`SALVAGE_LINES`]) that reads as a whole
/// event, trying first the lines before the parser's error line `hint`.
fn salvage(text: &str, hint: Option<usize>) -> Option<(Event, usize)> {
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
        .find_map(|k| decode(&text[..ends[k - 1]]).ok().map(|ev| (ev, k)))
}

/// How far salvage looks: an event is a handful of lines (a long note a few hundred), and a
/// bound on both keeps a huge damaged blob from costing more than a few hundred small parses.
const SALVAGE_LINES: usize = 400;
const SALVAGE_BYTES: usize = 64 * 1024;

/// The first line (0-based) and line count of the non-blank, non-comment text in a preamble.
fn non_comment(chunk: &[u8]) -> Option<(usize, usize)> {
    let lines: Vec<&[u8]> = chunk.split(|&b| b == b'\n').collect();
    let bad: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_ascii();
            !t.is_empty() && !t.starts_with(b"#")
        })
        .map(|(i, _)| i)
        .collect();
    let (first, last) = (*bad.first()?, *bad.last()?);
    Some((first, last - first + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(seq: u64) -> String {
        let e = Event {
            seq,
            at: Utc::now(),
            user: "u".into(),
            cables: vec!["K".into()],
            op: Op::Flag,
        };
        encode(&e).unwrap()
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
}
