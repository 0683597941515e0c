//! The note editor: a multi-line `TextArea` in a box over the inbox or the reader, prefilled
//! with the cable's note (or the officer's unsaved draft of it). Esc saves, C-c closes without
//! saving, `C-x C-e` hands the text to the officer's own editor (see [`crate::tui::external`]);
//! every other key edits. It takes keys before the keymap, so typing is never a command. Lines
//! wrap softly at word boundaries (a long word by characters), so nothing is cut at the box's
//! edge and no key scrolls the text sideways; the cursor opens on a new line after the text, so
//! what is typed never joins its last line. The cables it writes to are named by key when it opens, so a cable that moves in
//! the traffic meanwhile (another file removed, new ones arriving) still gets the note.
//!
//! Typed text is never lost to a session that ends without a save (a signal, a dropped SSH
//! link, a lost terminal): the loop keeps the text as a draft every few seconds while it
//! changes ([`NoteEditor::autosave`]) and once more on the way out
//! ([`NoteEditor::keep_draft`]), and the next time the officer opens the note of the same
//! cables the draft is offered in the editor.

use std::path::Path;
use std::time::{Duration, Instant};

use ratatui_textarea::TextArea;

use crate::keymap::{Key, KeyCode};
use crate::triage::drafts;
use crate::tui::cable_key::CableKey;

use super::{Input, Outcome};

/// How often a changing note is kept as a draft while it is written.
const AUTOSAVE_EVERY: Duration = Duration::from_secs(3);

/// The note editor and the cables it writes to.
#[derive(Debug, Clone)]
pub struct NoteEditor {
    pub area: TextArea<'static>,
    /// The cables the note is for.
    pub keys: Vec<CableKey>,
    /// The note as it was (to tell an unchanged note).
    pub before: String,
    /// The text last kept as a draft, and when.
    drafted: Option<(String, Instant)>,
    /// `C-x` was pressed: the next key completes the chord (`C-e`: the external editor).
    chord: bool,
}

impl NoteEditor {
    /// An editor for `keys` showing `shown` (the note, or a draft of it), cursor at its end.
    pub fn new(keys: Vec<CableKey>, before: String, shown: &str) -> NoteEditor {
        let mut ed = NoteEditor {
            area: TextArea::default(),
            keys,
            before,
            drafted: None,
            chord: false,
        };
        ed.set_text(shown);
        ed
    }

    /// Show `text`, the cursor on a new line after it.
    pub fn set_text(&mut self, text: &str) {
        let mut area = if text.is_empty() {
            TextArea::default()
        } else {
            TextArea::new(text.lines().map(str::to_string).collect())
        };
        area.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        if !text.trim().is_empty() {
            area.insert_newline();
        }
        self.area = area;
    }

    /// The text as it would be saved.
    pub fn text(&self) -> String {
        self.area.lines().join("\n").trim_end().to_string()
    }

    /// "09KYIV7" or "3 cables", for messages.
    pub fn target_words(&self) -> String {
        match self.keys.as_slice() {
            [one] => one.to_string(),
            many => format!("{} cables", many.len()),
        }
    }

    /// The journal keys of the cables, as the drafts store them.
    pub fn key_strings(&self) -> Vec<String> {
        self.keys.iter().map(|k| k.as_str().to_string()).collect()
    }

    pub fn handle(&mut self, input: Input) -> Outcome {
        let Input::Key(key) = input else {
            return Outcome::Stay;
        };
        if key.code == KeyCode::Esc {
            let text = self.text();
            if text == self.before {
                return Outcome::DiscardNote {
                    keys: self.keys.clone(),
                    say: "note unchanged".into(),
                };
            }
            return Outcome::SaveNote {
                keys: self.keys.clone(),
                text,
            };
        }
        if key.ctrl && key.code == KeyCode::Char('c') {
            return Outcome::DiscardNote {
                keys: self.keys.clone(),
                say: "note not saved".into(),
            };
        }
        if std::mem::take(&mut self.chord) {
            if key.ctrl && key.code == KeyCode::Char('e') {
                return Outcome::ExternalEdit;
            }
            return Outcome::Info("C-x C-e edits the note in $EDITOR".into());
        }
        if key.ctrl && key.code == KeyCode::Char('x') {
            self.chord = true;
            return Outcome::Info("C-x-".into());
        }
        if let Some(input) = textarea_input(key) {
            self.area.input(input);
        }
        Outcome::Stay
    }

    /// Keep the text as a draft in `dir` for `user` if it changed since it was last kept and a
    /// few seconds have passed (the event loop calls this between batches of events).
    pub fn autosave(&mut self, dir: &Path, user: &str) {
        let text = self.text();
        let due = self
            .drafted
            .as_ref()
            .is_none_or(|(t, at)| *t != text && at.elapsed() >= AUTOSAVE_EVERY);
        if due && text != self.before && drafts::save(dir, user, &self.key_strings(), &text).is_ok()
        {
            self.drafted = Some((text, Instant::now()));
        }
    }

    /// On the way out: keep unsaved text as a draft, and say where (for the warnings printed
    /// after the terminal is restored).
    pub fn keep_draft(&self, dir: &Path, user: &str) -> Option<String> {
        let text = self.text();
        if text == self.before {
            return None;
        }
        let words = self.target_words();
        Some(match drafts::save(dir, user, &self.key_strings(), &text) {
            Ok(_) => format!(
                "your unsaved note on {words} was kept as a draft; it is offered when you next open that note"
            ),
            Err(e) => format!("your unsaved note on {words} could not be kept: {e}"),
        })
    }
}

fn textarea_input(key: Key) -> Option<ratatui_textarea::Input> {
    use ratatui_textarea::Key as T;
    let k = match key.code {
        KeyCode::Char(c) => T::Char(c),
        KeyCode::Enter => T::Enter,
        KeyCode::Tab => T::Tab,
        KeyCode::Backspace => T::Backspace,
        KeyCode::Delete => T::Delete,
        KeyCode::Up => T::Up,
        KeyCode::Down => T::Down,
        KeyCode::Left => T::Left,
        KeyCode::Right => T::Right,
        KeyCode::Home => T::Home,
        KeyCode::End => T::End,
        KeyCode::PageUp => T::PageUp,
        KeyCode::PageDown => T::PageDown,
        _ => return None,
    };
    Some(ratatui_textarea::Input {
        key: k,
        ctrl: key.ctrl,
        alt: key.alt,
        shift: key.shift,
    })
}
