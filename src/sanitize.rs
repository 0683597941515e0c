//! Cable text is data, never terminal control: strip escape sequences and control characters
//! before anything from a cable reaches a terminal.

use std::borrow::Cow;

/// Replace control characters (C0 except tab/newline, DEL, C1) with a visible `?`-free form:
/// ESC becomes `^[`-style caret notation so a hostile sequence is shown, not obeyed.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_dangerous) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for ch in s.chars() {
        if is_dangerous(ch) {
            let v = ch as u32;
            if v < 0x20 {
                out.push('^');
                out.push(char::from_u32(v + 0x40).unwrap_or('?'));
            } else {
                out.push('\u{fffd}');
            }
        } else {
            out.push(ch);
        }
    }
    Cow::Owned(out)
}

/// Same, for one display line: tabs and newlines become spaces too.
pub fn for_line(s: &str) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| is_dangerous(c) || c == '\t' || c == '\n' || c == '\r')
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for ch in for_terminal(s).chars() {
        out.push(if matches!(ch, '\t' | '\n' | '\r') {
            ' '
        } else {
            ch
        });
    }
    Cow::Owned(out)
}

fn is_dangerous(c: char) -> bool {
    let v = c as u32;
    (v < 0x20 && c != '\t' && c != '\n') || v == 0x7f || (0x80..0xa0).contains(&v) || c == '\r'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        let hostile = "SUBJECT \u{1b}]0;pwned\u{7}\u{1b}[2J done";
        let clean = for_terminal(hostile);
        assert!(!clean.contains('\u{1b}'));
        assert!(!clean.contains('\u{7}'));
        assert!(clean.contains("^[]0;pwned"));
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(for_terminal("PREL RS"), Cow::Borrowed(_)));
    }

    #[test]
    fn c1_controls_are_replaced() {
        assert_eq!(for_line("a\u{9b}2Jb\tc"), "a\u{fffd}2Jb c");
    }
}
