//! Writing events: one `key = value` per line, every string a single-line TOML basic string.
//!
//! This is the only place journal text is made. Values are written by hand rather than by the
//! `toml` serializer, which chooses multi-line strings for text with newlines: a note holding a
//! line `[[event]]` would then put that line in the file, where the reader would take it for a
//! record boundary. Here a newline is always `\n`, so a value can never end a record.

use chrono::SecondsFormat;
use sha2::{Digest, Sha256};
use toml::Value;

use super::{EVENT_HEADER, FORMAT};
use crate::triage::ops::Event;

/// An event as written: its text (ending with a blank line) and the hash sealing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    pub text: String,
    pub hash: String,
}

/// An event that cannot be written (an op whose fields are not strings, integers, booleans or
/// lists of them: a programming error, never user input).
#[derive(Debug, thiserror::Error)]
#[error("cannot write the event: {0}")]
pub struct EncodeError(String);

/// The lines a journal starts with.
pub fn preamble() -> String {
    format!(
        "# cabletriage journal: one event table per triage decision, appended under journal.lock.\n\
         # Each event carries the hash of the one before it; `cabletriage check --journal`\n\
         # verifies the chain. Edit nothing by hand.\n\
         format = {FORMAT}\n\n"
    )
}

/// The text of event `e`, chained to the event whose hash is `prev` (None for the first).
pub fn encode(e: &Event, prev: Option<&str>) -> Result<Encoded, EncodeError> {
    let mut t = String::with_capacity(256);
    t.push_str(EVENT_HEADER);
    t.push('\n');
    line(&mut t, "seq", &Value::Integer(seq_value(e.seq)?))?;
    line(&mut t, "user", &Value::String(e.user.clone()))?;
    if let Some(os) = &e.os_user {
        line(&mut t, "os_user", &Value::String(os.clone()))?;
    }
    match e.cables.as_slice() {
        [one] => line(&mut t, "cable", &Value::String(one.clone()))?,
        many => line(
            &mut t,
            "cables",
            &Value::Array(many.iter().cloned().map(Value::String).collect()),
        )?,
    }
    let op = Value::try_from(&e.op).map_err(|err| EncodeError(err.to_string()))?;
    let Value::Table(fields) = op else {
        return Err(EncodeError("an op is not a table".into()));
    };
    line(&mut t, "op", &Value::String(e.op.name().to_string()))?;
    for (k, v) in fields.iter().filter(|(k, _)| k.as_str() != "op") {
        line(&mut t, k, v)?;
    }
    // As many digits as the time has, so that an event read back writes back the same.
    let at = e.at.to_rfc3339_opts(SecondsFormat::AutoSi, true);
    line(&mut t, "at", &Value::String(at))?;
    if let Some(p) = prev {
        line(&mut t, "prev", &Value::String(p.to_string()))?;
    }
    let hash = digest(t.as_bytes());
    line(&mut t, "hash", &Value::String(hash.clone()))?;
    t.push('\n');
    Ok(Encoded { text: t, hash })
}

/// A whole journal holding `events`, in order, chained from the first (for tests, benchmarks
/// and tools that make a journal in one go).
pub fn encode_all(events: &[Event]) -> Result<String, EncodeError> {
    let mut text = preamble();
    let mut head: Option<String> = None;
    for e in events {
        let enc = encode(e, head.as_deref())?;
        text.push_str(&enc.text);
        head = Some(enc.hash);
    }
    Ok(text)
}

/// The hex SHA-256 of an event's text up to its `hash` line.
pub fn digest(body: &[u8]) -> String {
    let d = Sha256::digest(body);
    let mut s = String::with_capacity(64);
    for b in d {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 15)]));
    }
    s
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// TOML integers are signed 64-bit: a number above that cannot be written (and is never made:
/// sequence numbers stop at `i64::MAX`, see the journal).
fn seq_value(seq: u64) -> Result<i64, EncodeError> {
    i64::try_from(seq).map_err(|_| EncodeError(format!("event number {seq} is too large")))
}

fn line(out: &mut String, key: &str, v: &Value) -> Result<(), EncodeError> {
    if key.is_empty()
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(EncodeError(format!("field name {key:?} is not a bare key")));
    }
    out.push_str(key);
    out.push_str(" = ");
    value(out, v)?;
    out.push('\n');
    Ok(())
}

fn value(out: &mut String, v: &Value) -> Result<(), EncodeError> {
    match v {
        Value::String(s) => string(out, s),
        Value::Integer(i) => out.push_str(&i.to_string()),
        Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                value(out, item)?;
            }
            out.push(']');
        }
        other => {
            return Err(EncodeError(format!(
                "a {} value is not written in the journal",
                other.type_str()
            )));
        }
    }
    Ok(())
}

/// A TOML basic string on one line. Escaped beyond what TOML requires: every control character
/// (C0, DEL, C1) and the invisible format characters (bidi overrides, zero-width, line and
/// paragraph separators, BOM), so the journal reads safely with `cat` and no value can hide text.
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_never_spans_lines_and_reads_back_exactly() {
        let nasty = "a\n[[event]]\nseq = 9\n\"\"\"\r\t\u{0}\u{7f}\u{85}\u{202e}\u{feff}\\x";
        let mut s = String::new();
        string(&mut s, nasty);
        assert!(!s.contains('\n') && !s.contains('\r'));
        let back: toml::Table = toml::from_str(&format!("v = {s}")).unwrap();
        assert_eq!(back["v"].as_str(), Some(nasty));
    }
}
