//! What the commands print, made safe for the person who reads it, and the one place that
//! decides whether standard output is a terminal.
//!
//! - Text written for people (tables, `log`, `show`, `keys`, confirmations) and everything on
//!   stderr (warnings, errors) always goes through [`crate::sanitize`], the same neutralisation
//!   the TUI uses, whether or not it reaches a terminal.
//! - Machine formats (JSON Lines, CSV) are exact when standard output is not a terminal, so a
//!   pipe or a file gets every byte of every value. On a terminal, JSON stays valid JSON with
//!   the same values, but each control, invisible or bidi character is written as a `\uXXXX`
//!   escape ([`json_line`]); CSV fields are neutralised like text.
//!
//! Tests run the binary with standard output on a pipe: [`TERMINAL_ENV`] makes a command
//! behave as it would on a terminal.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};

use serde::Serialize;

use crate::sanitize::{for_line, for_terminal, is_control, is_invisible};

/// For tests: `1` makes the commands treat standard output as a terminal, `0` as a pipe,
/// whatever it is.
pub const TERMINAL_ENV: &str = "CABLETRIAGE_STDOUT_IS_TERMINAL";

/// Is standard output a terminal (a person reading), as far as the commands are concerned?
pub fn stdout_is_terminal() -> bool {
    match std::env::var(TERMINAL_ENV).as_deref() {
        Ok("1") => true,
        Ok("0") => false,
        _ => std::io::stdout().is_terminal(),
    }
}

/// One line of text for a person: controls shown, invisible characters dropped, line breaks
/// flattened.
pub fn text(s: &str) -> Cow<'_, str> {
    for_line(s)
}

/// A one-line warning or notice on stderr, prefixed `cabletriage: `.
pub fn warn(message: impl std::fmt::Display) {
    let message = message.to_string();
    eprintln!("cabletriage: {}", for_line(&message));
}

/// An error on stderr, prefixed `cabletriage: `; its own line breaks are kept.
pub fn error(message: impl std::fmt::Display) {
    let message = message.to_string();
    eprintln!("cabletriage: {}", for_terminal(&message));
}

/// A CSV field (RFC 4180 quoting), neutralised first when `tty`.
pub fn csv_field(s: &str, tty: bool) -> String {
    let s = if tty { for_line(s) } else { Cow::Borrowed(s) };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

/// `value` as one line of JSON: exact, or with every character a terminal would act on or hide
/// escaped when `tty` (the same JSON value either way).
pub fn json_line<T: Serialize + ?Sized>(value: &T, tty: bool) -> serde_json::Result<String> {
    if !tty {
        return serde_json::to_string(value);
    }
    let mut buf = Vec::with_capacity(256);
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, TerminalSafe);
    value.serialize(&mut ser)?;
    // The serializer writes only whole UTF-8 sequences and ASCII escapes.
    Ok(String::from_utf8(buf)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// Compact JSON whose strings escape controls and invisible characters as `\uXXXX`.
struct TerminalSafe;

impl serde_json::ser::Formatter for TerminalSafe {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_control(c) || is_invisible(c) || matches!(c, '\u{2028}' | '\u{2029}') {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{u:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_on_a_terminal_is_the_same_value_with_nothing_to_obey() {
        let hostile = "a\u{1b}]52;c;aGk=\u{7}b\u{9b}c\u{7f}\u{202e}d\u{200b}e\u{e0041}";
        let v = serde_json::json!({ "subject": hostile, "n": 1 });
        let safe = json_line(&v, true).expect("json");
        assert!(safe.is_ascii(), "{safe}");
        assert!(safe.contains("\\u009b") && safe.contains("\\u202e") && safe.contains("\\udb40"));
        let back: serde_json::Value = serde_json::from_str(&safe).expect("valid JSON");
        assert_eq!(back, v);
        assert_eq!(json_line(&v, false).expect("json"), v.to_string());
    }

    #[test]
    fn csv_fields_are_exact_to_a_pipe() {
        assert_eq!(csv_field("a\u{1b}b", false), "a\u{1b}b");
        assert_eq!(csv_field("a\u{1b}b", true), "a^[b");
        assert_eq!(csv_field("x,\"y\"", false), "\"x,\"\"y\"\"\"");
    }
}
