//! A one-line text input (the filter prompt, the command line, the help search): text and a cursor,
//! edited by the prompt actions of the keymap and by typed characters.

use unicode_width::UnicodeWidthStr;

use crate::keymap::Action;

/// Text with a cursor, counted in chars.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    cursor: usize,
}

impl LineInput {
    pub fn new(text: &str) -> LineInput {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Width in cells of the text before the cursor: where the terminal cursor goes.
    pub fn cursor_width(&self) -> usize {
        self.text[..self.byte(self.cursor)].width()
    }

    fn byte(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    pub fn insert(&mut self, c: char) {
        let at = self.byte(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Apply an editing action; returns whether it was one (and so was handled).
    pub fn edit(&mut self, action: Action) -> bool {
        let len = self.text.chars().count();
        match action {
            Action::CursorLeft => self.cursor = self.cursor.saturating_sub(1),
            Action::CursorRight => self.cursor = (self.cursor + 1).min(len),
            Action::CursorHome => self.cursor = 0,
            Action::CursorEnd => self.cursor = len,
            Action::DeleteBack if self.cursor > 0 => {
                let at = self.byte(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
            }
            Action::DeleteForward if self.cursor < len => {
                let at = self.byte(self.cursor);
                self.text.remove(at);
            }
            Action::DeleteWord => {
                let end = self.byte(self.cursor);
                let head = self.text[..end].trim_end_matches(' ');
                let start = head.rfind(' ').map_or(0, |i| i + 1);
                self.cursor -= self.text[start..end].chars().count();
                self.text.replace_range(start..end, "");
            }
            Action::ClearInput => {
                self.text.clear();
                self.cursor = 0;
            }
            Action::DeleteBack | Action::DeleteForward => {}
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_keeps_the_cursor_on_char_boundaries() {
        let mut l = LineInput::new("tag:PREL é");
        l.edit(Action::DeleteBack);
        l.insert('x');
        assert_eq!(l.text(), "tag:PREL x");
        l.edit(Action::DeleteWord);
        assert_eq!(l.text(), "tag:PREL ");
        l.edit(Action::CursorHome);
        l.edit(Action::DeleteForward);
        assert_eq!(l.text(), "ag:PREL ");
        assert_eq!(l.cursor_width(), 0);
        l.edit(Action::CursorEnd);
        assert_eq!(l.cursor_width(), 8);
        l.edit(Action::ClearInput);
        assert_eq!(l.text(), "");
        assert!(!l.edit(Action::Open));
    }
}
