//! The note editor: a multi-line `TextArea` in a box over the inbox or the reader, prefilled with
//! the cable's note. Esc saves (one durable `set_note` event on every target), C-c closes without
//! saving; every other key edits. It takes keys before the keymap, so typing is never a command.

use ratatui_textarea::TextArea;

use crate::keymap::{Key, KeyCode};
use crate::triage::Op;

use super::app::{App, Effect, Overlay};
use super::triage::targets;

/// The note editor and the cables it writes to.
#[derive(Debug, Clone)]
pub struct NoteEditor {
    pub area: TextArea<'static>,
    pub records: Vec<u32>,
    /// The note as it was (to tell an unchanged note).
    pub before: String,
}

pub fn open_note(app: &mut App) {
    if let Some(why) = &app.session.refusal {
        app.error(why.clone());
        return;
    }
    let records = targets(app);
    if records.is_empty() {
        app.info("no cable selected");
        return;
    }
    let before = match records.as_slice() {
        [one] => app
            .record(*one)
            .and_then(|r| {
                crate::traffic::filter::state_of(app.triage_state(), r)
                    .note
                    .clone()
            })
            .unwrap_or_default(),
        _ => String::new(),
    };
    let mut area = TextArea::new(before.lines().map(str::to_string).collect());
    if before.is_empty() {
        area = TextArea::default();
    }
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    app.overlay = Some(Overlay::Note(Box::new(NoteEditor {
        area,
        records,
        before,
    })));
}

/// A key while the note editor is open: Esc saves and closes, C-c closes without saving,
/// everything else edits.
pub fn note_key(app: &mut App, key: Key) -> Option<Effect> {
    let Some(Overlay::Note(mut ed)) = app.overlay.take() else {
        return None;
    };
    if key.code == KeyCode::Esc {
        let text = ed.area.lines().join("\n").trim_end().to_string();
        if text == ed.before {
            app.info("note unchanged");
            return None;
        }
        let records = ed.records.clone();
        let saved = super::triage::record(app, Op::SetNote { text: text.clone() }, &records);
        let words = super::triage::target_words(app, &records);
        return match saved {
            Ok((_, effect)) => {
                app.info(if text.is_empty() {
                    format!("cleared the note of {words}")
                } else {
                    format!("noted {words}")
                });
                effect
            }
            Err(e) => {
                app.error(format!("note not saved: {e}"));
                app.overlay = Some(Overlay::Note(ed));
                None
            }
        };
    }
    if key.ctrl && key.code == KeyCode::Char('c') {
        app.info("note not saved");
        return None;
    }
    if let Some(input) = textarea_input(key) {
        ed.area.input(input);
    }
    app.overlay = Some(Overlay::Note(ed));
    None
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
