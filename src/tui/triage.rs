//! Triage from the inbox: which cables an action applies to (the marked set, else the cable in
//! view), recording an action, undo and redo, and taking in what other sessions wrote. Every
//! write runs synchronously in `update` and returns once `Journal::apply` has fsync'd it (or the
//! database has committed it), so the status bar says "done" only for a durable decision (an
//! append is a few milliseconds). While a journal database is offline every action is refused
//! (nothing is queued); the listener's reconnection, or any read that reaches the database
//! again, brings the session back and catches it up.

use crate::triage::{CableState, Op, TriageError};

use super::app::{App, Effects, Screen};
use super::cable_key::CableKey;

/// The cables an action applies to: the marked ones the rows show (in row order; marked
/// cables the filter hides are left alone, see [`hidden_marks`]), else the cable in the reading
/// view, else the selected row.
pub fn targets(app: &App) -> Vec<CableKey> {
    if !app.inbox.marked.is_empty() {
        let (keys, _) = app.inbox.marked_in_view(&app.traffic);
        if !keys.is_empty() {
            return keys;
        }
    }
    match (&app.reader, app.screen) {
        (Some(r), Screen::Reader) => vec![r.key.clone()],
        _ => app.inbox.selected_cable(&app.traffic).into_iter().collect(),
    }
}

/// How many marked cables the filter hides (an action on the marked ones leaves them alone).
pub fn hidden_marks(app: &App) -> usize {
    if app.inbox.marked.is_empty() {
        return 0;
    }
    app.inbox.marked_in_view(&app.traffic).1
}

/// " (2 marked cables hidden by the filter left alone)", or nothing.
pub fn hidden_words(app: &App) -> String {
    match hidden_marks(app) {
        0 => String::new(),
        n => format!(
            " ({n} marked cable{} hidden by the filter left alone)",
            super::app::plural(n)
        ),
    }
}

/// "09KYIV7" or "3 cables", for status lines.
pub fn target_words(keys: &[CableKey]) -> String {
    match keys {
        [one] => one.to_string(),
        many => format!("{} cables", many.len()),
    }
}

/// Record `op` on the cables `keys` name; on Ok the event is durable and the view refreshed.
/// Returns how many cables it changed (0: it was so already, and nothing was recorded).
pub fn record(app: &mut App, op: Op, keys: &[CableKey]) -> Result<(usize, Effects), String> {
    if let Some(why) = refused(app) {
        return Err(why);
    }
    let keys: Vec<String> = keys.iter().map(|k| k.as_str().to_string()).collect();
    let Some(j) = app.session.journal.as_mut() else {
        return Err("no journal open".into());
    };
    let done = j.apply(op, &keys).map_err(|e| went_offline(app, e))?;
    Ok((done.changed, refresh(app)))
}

/// Why actions are refused now, if they are: a read-only journal, or a database offline.
fn refused(app: &App) -> Option<String> {
    app.session.refusal.clone().or_else(|| {
        // Short enough for the status bar; the cause was said when the connection went.
        app.session
            .offline
            .as_ref()
            .map(|_| "journal offline: actions are refused until the database is back".to_string())
    })
}

/// An error in words; an unreachable database puts the session offline.
fn went_offline(app: &mut App, e: TriageError) -> String {
    if let TriageError::Offline { .. } = e {
        app.session.offline = Some(e.to_string());
    }
    e.to_string()
}

/// Run `op` on the targets and say what happened in the status bar, phrased by `say` (given the
/// target words).
pub fn act(app: &mut App, op: Op, say: impl FnOnce(&str) -> String) -> Effects {
    let keys = targets(app);
    if keys.is_empty() {
        app.info("no cable selected");
        return Vec::new();
    }
    let words = target_words(&keys);
    match record(app, op, &keys) {
        Ok((0, effects)) => {
            app.info(format!("{words}: already so; nothing recorded"));
            effects
        }
        Ok((_, effects)) => {
            let hidden = hidden_words(app);
            app.info(format!("{}{hidden}", say(&words)));
            effects
        }
        Err(e) => {
            app.error(e);
            Vec::new()
        }
    }
}

/// Flip a flag on the targets: set it, unless every target has it already (then clear it).
pub fn toggle(app: &mut App, field: fn(&CableState) -> bool, on: Op, off: Op) -> Effects {
    let keys = targets(app);
    let state = app.triage_state();
    let all = !keys.is_empty() && keys.iter().all(|k| field(state.get(k.as_str())));
    let op = if all { off } else { on };
    act(app, op.clone(), |t| op.describe(t))
}

/// Opening a cable marks it read: one event, only if it is not read already. Silent when the
/// journal is read-only (the start message said so).
pub fn mark_read_on_open(app: &mut App, key: &CableKey) -> Effects {
    if refused(app).is_some() || app.session.journal.is_none() {
        return Vec::new();
    }
    if app.triage_state().get(key.as_str()).read {
        return Vec::new();
    }
    match record(app, Op::MarkRead, std::slice::from_ref(key)) {
        Ok((_, effects)) => effects,
        Err(e) => {
            app.error(e);
            Vec::new()
        }
    }
}

/// Undo (or redo) this user's last action, saying what was taken back.
pub fn history(app: &mut App, redo: bool) -> Effects {
    if let Some(why) = refused(app) {
        app.error(why);
        return Vec::new();
    }
    let Some(j) = app.session.journal.as_mut() else {
        app.error("no journal open");
        return Vec::new();
    };
    let what = if redo { j.next_redo() } else { j.next_undo() }.map(|r| r.describe());
    let overridden = !redo && j.next_undo_is_overridden();
    let result = if redo { j.redo() } else { j.undo() };
    match (result, what) {
        (Ok(_), Some(what)) if overridden => {
            app.info(format!(
                "nothing undone: a colleague has changed what you did since ({what})"
            ));
            refresh(app)
        }
        (Ok(_), Some(what)) => {
            app.info(format!(
                "{}: {what}",
                if redo { "redone" } else { "undone" }
            ));
            refresh(app)
        }
        (Ok(_), None) => refresh(app),
        (Err(e), _) => {
            let e = went_offline(app, e);
            app.error(e);
            Vec::new()
        }
    }
}

/// The journal changed on disk: read what others appended and say who did what.
pub fn journal_changed(app: &mut App) -> Effects {
    let Some(j) = app.session.journal.as_mut() else {
        return Vec::new();
    };
    let events = match j.poll_new() {
        Ok(evs) => evs,
        Err(e) => {
            let e = went_offline(app, e);
            app.error(format!("journal not read: {e}"));
            return Vec::new();
        }
    };
    // The database answered: whatever said it was offline is over.
    if app.session.offline.take().is_some() {
        app.info("journal back online; caught up");
    }
    let Some(j) = app.session.journal.as_mut() else {
        return Vec::new();
    };
    let damage = j.take_new_damage();
    let alerts = j.take_new_alerts();
    let dir = j.dir().display().to_string();
    app.session
        .warnings
        .extend(damage.iter().map(|d| format!("warning: {dir}: {d}")));
    app.session
        .warnings
        .extend(alerts.iter().map(|a| format!("warning: {dir}: {a}")));
    if let Some(a) = alerts.first() {
        app.error(format!("warning: {a}"));
    } else if let Some(d) = damage.first() {
        app.error(format!("warning: {d}"));
    } else if let Some(last) = events.last() {
        let more = events.len() - 1;
        let tail = if more > 0 {
            format!(" (+{more} more)")
        } else {
            String::new()
        };
        app.info(format!("{}{tail}", last.describe()));
    }
    if events.is_empty() {
        return Vec::new();
    }
    refresh(app)
}

/// The journal database's connection came back (`None`) or went down (why). Back: open the
/// journal if it could not be at start, then catch up (the listener also posts a change).
pub fn journal_link(app: &mut App, down: Option<String>) -> Effects {
    match down {
        Some(why) => {
            if app.session.offline.is_none() {
                app.error(format!("journal offline ({why})"));
            }
            app.session.offline = Some(why);
            Vec::new()
        }
        None => {
            super::session::reconnect(app);
            let mut effects = journal_changed(app);
            effects.extend(refresh(app));
            effects
        }
    }
}

/// The triage state changed: filter again when the filter looks at it (`is:unread`, `label:`).
pub fn refresh(app: &mut App) -> Effects {
    app.refresh_triage();
    app.queues.mark_stale();
    if app.inbox.query.needs_state() {
        app.refilter()
    } else {
        Vec::new()
    }
}
