//! The note editor: a multi-line `TextArea` in a box over the inbox or the reader, prefilled with
//! the cable's note. Esc saves (one durable `set_note` event on every target), C-c closes without
//! saving; every other key edits. It takes keys before the keymap, so typing is never a command.
//!
//! Typed text is never lost to a session that ends without a save (a signal, a dropped SSH
//! link, a lost terminal): the loop keeps the text as a draft every few seconds while it
//! changes ([`autosave`]) and once more on the way out ([`keep_draft`]), and the next time the
//! officer opens the note of the same cables the draft is offered in the editor.

use std::time::{Duration, Instant};

use ratatui_textarea::TextArea;

use crate::keymap::{Key, KeyCode};
use crate::triage::{Op, drafts};

use super::app::{App, Effect, Overlay};
use super::triage::targets;

/// The note editor and the cables it writes to.
#[derive(Debug, Clone)]
pub struct NoteEditor {
    pub area: TextArea<'static>,
    pub records: Vec<u32>,
    /// The cables' triage keys, taken when the editor opened (drafts are kept under them).
    pub keys: Vec<String>,
    /// The note as it was (to tell an unchanged note).
    pub before: String,
    /// The text last kept as a draft, and when.
    drafted: Option<(String, Instant)>,
}

impl NoteEditor {
    /// The text as it would be saved.
    pub fn text(&self) -> String {
        self.area.lines().join("\n").trim_end().to_string()
    }
}

/// How often a changing note is kept as a draft while it is written.
const AUTOSAVE_EVERY: Duration = Duration::from_secs(3);

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
    let keys: Vec<String> = records
        .iter()
        .filter_map(|&i| app.record(i).map(|r| r.key()))
        .collect();
    let draft = owner(app).and_then(|(dir, user)| drafts::load(&dir, &user, &keys));
    let shown = draft.as_ref().map_or(before.as_str(), |d| d.text.as_str());
    let mut area = TextArea::new(shown.lines().map(str::to_string).collect());
    if shown.is_empty() {
        area = TextArea::default();
    }
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    if let Some(d) = &draft {
        app.info(format!(
            "restored your unsaved draft of {}: Esc saves it, C-c discards it",
            d.saved_at.format("%Y-%m-%d %H:%MZ")
        ));
    }
    app.overlay = Some(Overlay::Note(Box::new(NoteEditor {
        area,
        records,
        keys,
        before,
        drafted: None,
    })));
}

/// Where drafts go and whose they are: the open journal's state directory and user.
fn owner(app: &App) -> Option<(std::path::PathBuf, String)> {
    let j = app.session.journal.as_ref()?;
    Some((j.dir().to_path_buf(), j.user().to_string()))
}

/// Keep the open note as a draft if it changed since it was last kept and a few seconds have
/// passed (called by the event loop between batches of events).
pub fn autosave(app: &mut App) {
    let Some((dir, user)) = owner(app) else {
        return;
    };
    let Some(Overlay::Note(ed)) = app.overlay.as_mut() else {
        return;
    };
    let text = ed.text();
    let due = ed
        .drafted
        .as_ref()
        .is_none_or(|(t, at)| *t != text && at.elapsed() >= AUTOSAVE_EVERY);
    if due && text != ed.before && drafts::save(&dir, &user, &ed.keys, &text).is_ok() {
        ed.drafted = Some((text, Instant::now()));
    }
}

/// On the way out: keep the open note as a draft if it holds unsaved text, and say where (for
/// the warnings printed after the terminal is restored).
pub fn keep_draft(app: &mut App) -> Option<String> {
    let (dir, user) = owner(app)?;
    let Some(Overlay::Note(ed)) = app.overlay.as_ref() else {
        return None;
    };
    let text = ed.text();
    if text == ed.before {
        return None;
    }
    let words = super::triage::target_words(app, &ed.records);
    match drafts::save(&dir, &user, &ed.keys, &text) {
        Ok(_) => Some(format!(
            "your unsaved note on {words} was kept as a draft; it is offered when you next open that note"
        )),
        Err(e) => Some(format!(
            "your unsaved note on {words} could not be kept: {e}"
        )),
    }
}

/// The draft of the editor's cables is no longer needed (the note was saved or discarded).
fn drop_draft(app: &App, ed: &NoteEditor) {
    if let Some((dir, user)) = owner(app) {
        drafts::discard(&dir, &user, &ed.keys);
    }
}

/// A key while the note editor is open: Esc saves and closes, C-c closes without saving,
/// everything else edits.
pub fn note_key(app: &mut App, key: Key) -> Option<Effect> {
    let Some(Overlay::Note(mut ed)) = app.overlay.take() else {
        return None;
    };
    if key.code == KeyCode::Esc {
        let text = ed.text();
        if text == ed.before {
            drop_draft(app, &ed);
            app.info("note unchanged");
            return None;
        }
        let records = ed.records.clone();
        let saved = super::triage::record(app, Op::SetNote { text: text.clone() }, &records);
        let words = super::triage::target_words(app, &records);
        return match saved {
            Ok((_, effect)) => {
                drop_draft(app, &ed);
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
        drop_draft(app, &ed);
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
