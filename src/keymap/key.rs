//! One key press, normalised: the same value whether it comes from a keymap file (`G`, `S-g`,
//! `<esc>`, `C-r`) or from the terminal at run time. Shift is folded into the character it
//! produces, so `G` and `S-g` are the same key; it stays a modifier only on named keys (`S-<up>`).

use std::fmt;

/// The key itself, without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

/// A key with its modifiers, in normal form (build it with [`Key::new`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

/// A key string that could not be read, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a key: {reason}")]
pub struct KeyParseError {
    pub text: String,
    pub reason: &'static str,
}

/// Named keys as written between angle brackets; the first name of each code is the canonical one.
const NAMES: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("ret", KeyCode::Enter),
    ("cr", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("bs", KeyCode::Backspace),
    ("del", KeyCode::Delete),
    ("delete", KeyCode::Delete),
    ("ins", KeyCode::Insert),
    ("insert", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pgup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("pgdown", KeyCode::PageDown),
    ("lt", KeyCode::Char('<')),
    ("gt", KeyCode::Char('>')),
    ("minus", KeyCode::Char('-')),
];

impl Key {
    /// The normal form: shift folded into characters, `S-<tab>` as `<backtab>`.
    pub fn new(code: KeyCode, ctrl: bool, alt: bool, shift: bool) -> Key {
        let (code, shift) = match code {
            KeyCode::Char(c) if shift && c.is_lowercase() => {
                (KeyCode::Char(c.to_uppercase().next().unwrap_or(c)), false)
            }
            KeyCode::Char(_) => (code, false),
            KeyCode::Tab if shift => (KeyCode::BackTab, false),
            KeyCode::BackTab => (code, false),
            _ => (code, shift),
        };
        Key {
            code,
            ctrl,
            alt,
            shift,
        }
    }

    pub fn plain(code: KeyCode) -> Key {
        Key::new(code, false, false, false)
    }

    pub fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// The character this key types into a text field, if it types one.
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }

    /// Read one key: `j`, `G`, `S-g`, `C-r`, `A-x`, `<esc>`, `<C-d>`, `C-<up>`, `<space>`, `<F5>`.
    pub fn parse(text: &str) -> Result<Key, KeyParseError> {
        let err = |reason| KeyParseError {
            text: text.to_string(),
            reason,
        };
        let mut rest = text.trim();
        if rest.is_empty() {
            return Err(err("empty key"));
        }
        if rest.chars().count() > 2 && rest.starts_with('<') && rest.ends_with('>') {
            rest = &rest[1..rest.len() - 1];
        }
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        loop {
            let mut chars = rest.chars();
            let (Some(m), Some('-'), Some(_)) = (chars.next(), chars.next(), chars.next()) else {
                break;
            };
            match m {
                'C' | 'c' => ctrl = true,
                'A' | 'a' | 'M' | 'm' => alt = true,
                'S' | 's' => shift = true,
                _ => break,
            }
            rest = &rest[2..];
        }
        if rest.chars().count() > 2 && rest.starts_with('<') && rest.ends_with('>') {
            rest = &rest[1..rest.len() - 1];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => {
                let lower = rest.to_ascii_lowercase();
                if let Some((_, code)) = NAMES.iter().find(|(n, _)| *n == lower) {
                    *code
                } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok())
                    && (1..=24).contains(&n)
                {
                    KeyCode::F(n)
                } else {
                    return Err(err("unknown key name"));
                }
            }
        };
        Ok(Key::new(code, ctrl, alt, shift))
    }

    /// Read a space-separated sequence (`g g`, `C-x C-c`).
    pub fn parse_seq(text: &str) -> Result<Vec<Key>, KeyParseError> {
        let keys: Vec<Key> = text
            .split_whitespace()
            .map(Key::parse)
            .collect::<Result<_, _>>()?;
        if keys.is_empty() {
            return Err(KeyParseError {
                text: text.to_string(),
                reason: "empty key",
            });
        }
        Ok(keys)
    }
}

/// The canonical spelling, which [`Key::parse`] reads back to the same key.
impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mods = format!(
            "{}{}{}",
            if self.ctrl { "C-" } else { "" },
            if self.alt { "A-" } else { "" },
            if self.shift { "S-" } else { "" }
        );
        match self.code {
            KeyCode::Char(' ') => write!(f, "<{mods}space>"),
            KeyCode::Char('<') => write!(f, "<{mods}lt>"),
            KeyCode::Char('>') => write!(f, "<{mods}gt>"),
            KeyCode::Char(c) => write!(f, "{mods}{c}"),
            KeyCode::F(n) => write!(f, "<{mods}F{n}>"),
            code => {
                let name = NAMES
                    .iter()
                    .find(|(_, c)| *c == code)
                    .map_or("?", |(n, _)| n);
                write!(f, "<{mods}{name}>")
            }
        }
    }
}

/// Spell a key sequence the way keymap files write it.
pub fn format_seq(keys: &[Key]) -> String {
    keys.iter()
        .map(Key::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Key {
        Key::parse(s).expect(s)
    }

    #[test]
    fn shifted_letters_are_one_key() {
        assert_eq!(k("G"), k("S-g"));
        assert_eq!(k("G"), Key::new(KeyCode::Char('G'), false, false, true));
        assert_eq!(k("G"), Key::new(KeyCode::Char('g'), false, false, true));
        assert_ne!(k("G"), k("g"));
    }

    #[test]
    fn named_keys_and_modifiers() {
        assert_eq!(k("<esc>"), Key::plain(KeyCode::Esc));
        assert_eq!(k("<space>"), Key::char(' '));
        assert_eq!(k("C-r"), Key::new(KeyCode::Char('r'), true, false, false));
        assert_eq!(k("<C-r>"), k("C-r"));
        assert_eq!(k("C-<up>"), k("<C-up>"));
        assert_eq!(k("S-<tab>"), k("<backtab>"));
        assert_eq!(k("<PageDown>"), Key::plain(KeyCode::PageDown));
        assert_eq!(k("-"), Key::char('-'));
        assert_eq!(k("C--"), Key::new(KeyCode::Char('-'), true, false, false));
        assert_eq!(k("<F5>"), Key::plain(KeyCode::F(5)));
    }

    #[test]
    fn display_reads_back() {
        for s in [
            "j", "G", "<esc>", "C-r", "<space>", "<tab>", "<enter>", "<S-up>", "A-x", "?", "<lt>",
        ] {
            assert_eq!(Key::parse(&k(s).to_string()), Ok(k(s)), "{s}");
        }
        assert_eq!(k("S-g").to_string(), "G");
        assert_eq!(k("<Esc>").to_string(), "<esc>");
    }

    #[test]
    fn bad_keys_are_refused_with_a_reason() {
        assert!(Key::parse("<nosuchkey>").is_err());
        assert!(Key::parse("").is_err());
        assert!(Key::parse("foo").is_err());
        assert_eq!(Key::parse_seq("g g").map(|v| v.len()), Ok(2));
    }
}
