//! Triage from the inbox: which cables an action applies to (the marked set, else the cable in
//! view), sending an action, undo and redo to the journal, and taking in what other sessions
//! wrote. `update` checks an action (refused, no target, bad input) and sends it to the journal
//! writer thread ([`super::writer`]), never writing itself: the rows it names show a pending
//! mark and the status bar says "recording on …" until the writer has fsync'd it (or the
//! database has committed it) and the session's journal has read it back, and only then says it
//! done ([`super::pending`]). While a journal database is offline every action is refused
//! (nothing is queued); the listener's reconnection, or any read that reaches the database
//! again, brings the session back and catches it up.

use crate::triage::{CableState, Op, TriageError};

use super::app::{App, Effects, Screen};
use super::cable_key::CableKey;
use super::pending::{After, Say, send};
use super::writer::{Kind, Step};

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

/// Can an action be recorded now? Err(why) when it is refused (read-only, offline, no journal).
pub fn writable(app: &App) -> Result<(), String> {
    if let Some(why) = refused(app) {
        return Err(why);
    }
    if app.session.journal.is_none() {
        return Err("no journal open".into());
    }
    Ok(())
}

/// The journal step of `op` on `keys`.
pub fn step(op: Op, keys: &[CableKey]) -> Step {
    Step {
        kind: Kind::Apply(op),
        keys: keys.iter().map(|k| k.as_str().to_string()).collect(),
    }
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
pub fn went_offline(app: &mut App, e: TriageError) -> String {
    if let TriageError::Offline { .. } = e {
        app.session.offline = Some(e.to_string());
    }
    e.to_string()
}

/// "recording on 09KYIV7…": what the status bar says while a decision is pending.
pub fn recording(app: &mut App, words: &str) {
    let dots = app.theme.ellipsis();
    app.info(format!("recording on {words}{dots}"));
}

/// Send `op` on the targets to the journal; once it is durable the status bar says it, phrased
/// by `say` (given the target words).
pub fn act(app: &mut App, op: Op, say: impl FnOnce(&str) -> String) -> Effects {
    let keys = targets(app);
    if keys.is_empty() {
        app.info("no cable selected");
        return Vec::new();
    }
    if let Err(e) = writable(app) {
        app.error(e);
        return Vec::new();
    }
    let words = target_words(&keys);
    let say = Say::Act {
        done: format!("{}{}", say(&words), hidden_words(app)),
        unchanged: format!("{words}: already so; nothing recorded"),
    };
    recording(app, &words);
    send(app, &keys, vec![(step(op, &keys), say)], After::Nothing)
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
    if writable(app).is_err() || app.triage_state().get(key.as_str()).read {
        return Vec::new();
    }
    let keys = std::slice::from_ref(key);
    send(
        app,
        keys,
        vec![(step(Op::MarkRead, keys), Say::Silent)],
        After::Nothing,
    )
}

/// Undo (or redo) this user's last action; once written, say what was taken back. It goes
/// through the writer's queue, behind this user's actions still pending.
pub fn history(app: &mut App, redo: bool) -> Effects {
    if let Err(e) = writable(app) {
        app.error(e);
        return Vec::new();
    }
    let dots = app.theme.ellipsis();
    app.info(format!(
        "{}{dots}",
        if redo { "redoing" } else { "undoing" }
    ));
    let kind = if redo { Kind::Redo } else { Kind::Undo };
    let step = Step {
        kind,
        keys: Vec::new(),
    };
    send(
        app,
        &[],
        vec![(step, Say::History { redo })],
        After::Nothing,
    )
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
    // This session's own decisions come back through the same read: the status bar says them
    // as done (see `pending::written`), not as news.
    let mine = j.user().to_string();
    let own = !app.pending_writes.is_empty();
    let news: Vec<_> = events.iter().filter(|e| !(own && e.user == mine)).collect();
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
    } else if let Some(last) = news.last() {
        let more = news.len() - 1;
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
