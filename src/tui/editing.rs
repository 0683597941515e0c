//! Opening the triage overlays (the label prompt, the desk picker, the note editor) on the
//! cables an action applies to, and carrying out what they return: labels added and removed,
//! a route, a note saved or discarded. The overlays themselves are in [`super::overlay`].

use crate::triage::{Op, drafts};

use super::app::{App, Effects};
use super::cable_key::{CableKey, contains};
use super::overlay::{DeskPicker, LabelPrompt, NoteEditor, Overlay};
use super::pending::{After, Say, send};
use super::session::draft_owner;
use super::triage::{act, recording, step, target_words, targets, writable};

/// The cables to act on, or `None` (and why, in the status bar) when triage cannot be done.
fn targets_or_refuse(app: &mut App) -> Option<Vec<CableKey>> {
    if let Some(why) = &app.session.refusal {
        app.error(why.clone());
        return None;
    }
    let keys = targets(app);
    if keys.is_empty() {
        app.info("no cable selected");
        return None;
    }
    Some(keys)
}

pub fn open_label(app: &mut App) {
    let Some(keys) = targets_or_refuse(app) else {
        return;
    };
    let known = app
        .triage_state()
        .labels_in_use()
        .into_iter()
        .map(str::to_string)
        .collect();
    app.overlay = Some(Overlay::Label(LabelPrompt {
        known,
        targets: keys.len(),
        ..Default::default()
    }));
}

pub fn open_route(app: &mut App) {
    let Some(keys) = targets_or_refuse(app) else {
        return;
    };
    // One pass over the traffic, however many cables are marked.
    let wanted: std::collections::BTreeSet<CableKey> = keys.iter().cloned().collect();
    let mut tags: Vec<String> = Vec::new();
    let routed = app.traffic.records.iter().filter(|r| contains(&wanted, r));
    for r in routed {
        for t in r.tags.iter() {
            if !tags.iter().any(|x| x == &**t) {
                tags.push(t.to_string());
            }
        }
    }
    if let Some(e) = &app.session.desks_error {
        app.error(e.clone());
    } else if app.session.desks.is_empty() {
        app.info("no desks: add [[desk]] tables to desks.toml in the traffic directory");
    }
    app.overlay = Some(Overlay::Desk(DeskPicker {
        tags,
        targets: keys.len(),
        ..Default::default()
    }));
}

pub fn open_note(app: &mut App) {
    let Some(keys) = targets_or_refuse(app) else {
        return;
    };
    // The officer edits their own note; colleagues' notes are never replaced.
    let state = app.triage_state();
    let mine = |k: &CableKey| {
        let note = state
            .viewer()
            .and_then(|v| state.get(k.as_str()).notes.get(v));
        note.map(|n| n.text.clone())
    };
    let before = match keys.as_slice() {
        [one] => mine(one).unwrap_or_default(),
        _ => String::new(),
    };
    let strings: Vec<String> = keys.iter().map(|k| k.as_str().to_string()).collect();
    let draft = draft_owner(app).and_then(|(dir, user)| drafts::load(&dir, &user, &strings));
    let shown = draft.as_ref().map_or(before.as_str(), |d| d.text.as_str());
    let editor = NoteEditor::new(keys, before.clone(), shown);
    if let Some(d) = &draft {
        app.info(format!(
            "restored your unsaved draft of {}: Esc saves it, C-c discards it",
            d.saved_at.format("%Y-%m-%d %H:%MZ")
        ));
    }
    app.overlay = Some(Overlay::Note(Box::new(editor)));
}

/// Add and remove labels on the targets. Adding and removing are two events (two undo steps)
/// in one job: the writer does not try the second when the first was refused.
pub fn apply_labels(app: &mut App, add: Vec<String>, remove: Vec<String>) -> Effects {
    let keys = targets(app);
    if keys.is_empty() {
        app.info("no cable selected");
        return Vec::new();
    }
    if let Err(e) = writable(app) {
        app.error(e);
        return Vec::new();
    }
    let who = target_words(&keys);
    let mut steps = Vec::new();
    if !add.is_empty() {
        let say = Say::Act {
            done: format!("labelled {who}: {}", add.join(", ")),
            unchanged: format!("{who} already labelled so; nothing recorded"),
        };
        steps.push((step(Op::AddLabels { labels: add }, &keys), say));
    }
    if !remove.is_empty() {
        let say = Say::Act {
            done: format!("removed from {who}: {}", remove.join(", ")),
            unchanged: format!("{who} does not carry it; nothing recorded"),
        };
        steps.push((step(Op::RemoveLabels { labels: remove }, &keys), say));
    }
    if steps.is_empty() {
        return Vec::new();
    }
    recording(app, &who);
    send(app, &keys, steps, After::Nothing)
}

/// Route the targets to `desk`, as the action desk or as an info desk; for one cable, say
/// which desk the route replaced.
pub fn apply_route(app: &mut App, desk: String, info: bool) -> Effects {
    let op = if info {
        Op::AddInfoDesk { desk: desk.clone() }
    } else {
        Op::RouteAction { desk: desk.clone() }
    };
    routing(app, op)
}

/// Take `desk` off the targets (as an info desk, and as the action desk where it is that), or
/// with `None` clear their action desk.
pub fn unroute(app: &mut App, desk: Option<String>) -> Effects {
    let Some(desk) = desk else {
        return routing(app, Op::ClearAction);
    };
    let keys = targets(app);
    let state = app.triage_state();
    let is_action = keys
        .iter()
        .any(|k| state.get(k.as_str()).action_desk.as_deref() == Some(desk.as_str()));
    if is_action {
        return routing(app, Op::ClearAction);
    }
    routing(app, Op::RemoveInfoDesk { desk })
}

/// Record a routing op on the targets, saying what it did (for one cable, against its state
/// before).
fn routing(app: &mut App, op: Op) -> Effects {
    let keys = targets(app);
    let before = match keys.as_slice() {
        [one] => Some(app.triage_state().get(one.as_str()).clone()),
        _ => None,
    };
    let words = match &before {
        Some(b) => crate::triage::desks::route_words(&op, b),
        None => op.describe(&target_words(&keys)),
    };
    act(app, op, move |t| match before {
        Some(_) => format!("{t}: {words}"),
        None => words,
    })
}

/// Save the note on `keys` (the cables the editor opened on): the editor closes and the note
/// is sent to the journal; if it cannot be written, its text is kept as a draft and the error
/// says so (see [`super::pending`]).
pub fn save_note(app: &mut App, keys: Vec<CableKey>, text: String) -> Effects {
    if let Err(e) = writable(app) {
        app.error(format!("note not saved: {e}"));
        return Vec::new();
    }
    let words = target_words(&keys);
    let done = if text.is_empty() {
        format!("cleared the note of {words}")
    } else {
        format!("noted {words}")
    };
    let say = Say::Act {
        done: done.clone(),
        unchanged: done,
    };
    app.overlay = None;
    let dots = app.theme.ellipsis();
    app.info(format!("saving the note of {words}{dots}"));
    let job = vec![(step(Op::SetNote { text: text.clone() }, &keys), say)];
    send(app, &keys.clone(), job, After::Note { keys, text })
}

/// The note editor closed without a save: its draft is no longer needed.
pub fn discard_draft(app: &App, keys: &[CableKey]) {
    if let Some((dir, user)) = draft_owner(app) {
        let strings: Vec<String> = keys.iter().map(|k| k.as_str().to_string()).collect();
        drafts::discard(&dir, &user, &strings);
    }
}

/// Keep an open note as a draft every few seconds while it changes (called by the event loop
/// between batches of events).
pub fn autosave(app: &mut App) {
    let Some((dir, user)) = draft_owner(app) else {
        return;
    };
    if let Some(Overlay::Note(ed)) = app.overlay.as_mut() {
        ed.autosave(&dir, &user);
    }
}

/// `C-x C-e` in the note editor: edit its text in the officer's own editor (the event loop
/// gives it the terminal); the text comes back through [`edited`].
pub fn external_edit(app: &mut App) -> Effects {
    let Some(Overlay::Note(ed)) = app.overlay.as_ref() else {
        return Vec::new();
    };
    let text = ed.area.lines().join("\n");
    match draft_owner(app) {
        Some((dir, _)) => vec![super::app::Effect::EditNote { dir, text }],
        None => {
            app.error("no state directory open: the note cannot be handed to an editor");
            Vec::new()
        }
    }
}

/// The officer's editor finished: its text goes into the note editor (Esc saves it), or why
/// not is said and the text stays.
pub fn edited(app: &mut App, result: Result<String, String>) {
    match (result, app.overlay.as_mut()) {
        (Ok(text), Some(Overlay::Note(ed))) => {
            ed.set_text(&text);
            app.info("the note is back from your editor: Esc saves it, C-c cancels");
        }
        (Ok(_), _) => app.error("the note editor was closed; the editor's text was not kept"),
        (Err(e), _) => app.error(e),
    }
}
