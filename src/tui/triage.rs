//! The inbox's side of triage: the open journal (or why it is read-only), the desks, which cables
//! an action applies to (the marked set, else the cable in view), and recording an action. Every
//! write runs synchronously in `update` and returns once `Journal::apply` has fsync'd it, so the
//! status bar says "done" only for a durable decision (an append is a few milliseconds).

use std::path::Path;

use crate::triage::{Desks, Journal, Op, TriageState};

use super::app::{App, Effect, Screen, plural};

/// The journal as this session sees it.
#[derive(Debug, Default)]
pub struct Session {
    pub journal: Option<Journal>,
    /// Set when decisions cannot be recorded: every action is refused with this message.
    pub refusal: Option<String>,
    pub desks: Desks,
    /// A bad desks.toml (file and line); the picker is empty then.
    pub desks_error: Option<String>,
    /// Warnings to repeat on stderr after the terminal is restored.
    pub warnings: Vec<String>,
}

impl Session {
    /// Open the journal of `state` for `user` and the desks of `traffic`. Never fails: a journal
    /// that cannot be opened or written leaves the inbox read-only, with the reason.
    pub fn open(state: &Path, user: &str, traffic: &Path) -> Session {
        let mut s = Session::default();
        match Journal::open(state, user) {
            Ok(mut j) => {
                let damage = j.take_new_damage();
                if let Some(first) = damage.first() {
                    let more = damage.len() - 1;
                    let rest = if more > 0 {
                        format!(" (and {more} more damaged part{})", plural(more))
                    } else {
                        String::new()
                    };
                    s.warnings.push(format!(
                        "warning: {}: {first}{rest}; earlier decisions are intact",
                        state.display()
                    ));
                }
                for alert in j.take_new_alerts() {
                    s.warnings
                        .push(format!("warning: {}: {alert}", state.display()));
                }
                match crate::state_dir::journal_writable(state) {
                    Err(why) => {
                        s.refusal = Some(format!(
                            "read-only: cannot record decisions in {}: {why}",
                            state.display()
                        ));
                    }
                    Ok(()) => {
                        crate::state_dir::remove_stale_probes(state);
                    }
                }
                s.journal = Some(j);
            }
            Err(e) => {
                s.refusal = Some(format!(
                    "read-only: the journal in {} cannot be opened ({e})",
                    state.display()
                ));
            }
        }
        match Desks::load_dir(traffic) {
            Ok(d) => s.desks = d,
            Err(e) => s.desks_error = Some(format!("desks not loaded: {e}")),
        }
        s
    }

    /// The replayed state, when a journal is open.
    pub fn state(&self) -> Option<&TriageState> {
        self.journal.as_ref().map(Journal::state)
    }

    /// The one message to show at start: refusal first, then damage, then desks.
    pub fn start_message(&self) -> Option<String> {
        self.refusal
            .clone()
            .or_else(|| self.warnings.first().cloned())
            .or_else(|| self.desks_error.clone())
    }
}

/// Open the journal and desks for `app` and say at once if anything is wrong.
pub fn start(app: &mut App, state: &Path, user: &str, traffic: &Path) {
    app.session = Session::open(state, user, traffic);
    if let Some(m) = app.session.start_message() {
        app.error(m);
    }
}

/// The records an action applies to: the marked ones (in inbox order), else the cable in the
/// reading view, else the selected row.
pub fn targets(app: &App) -> Vec<u32> {
    if !app.marked.is_empty() {
        let mut in_view: Vec<u32> = app
            .rows
            .iter()
            .copied()
            .filter(|r| app.marked.contains(r))
            .collect();
        let hidden: Vec<u32> = app
            .marked
            .iter()
            .copied()
            .filter(|r| !in_view.contains(r))
            .collect();
        in_view.extend(hidden);
        return in_view;
    }
    let current = match (&app.reader, app.screen) {
        (Some(r), Screen::Reader) => Some(r.record),
        _ => app.selected_record(),
    };
    current.into_iter().collect()
}

/// The journal key of a record (its id, or its file and place for a cable without one).
pub fn key_of(app: &App, record: u32) -> Option<String> {
    app.record(record).map(|r| r.key())
}

/// "09KYIV7" or "3 cables", for status lines.
pub fn target_words(app: &App, records: &[u32]) -> String {
    match records {
        [one] => key_of(app, *one).unwrap_or_else(|| "1 cable".into()),
        many => format!("{} cables", many.len()),
    }
}

/// Record `op` on `records`; on Ok the event is durable and the view refreshed.
pub fn record(app: &mut App, op: Op, records: &[u32]) -> Result<(usize, Option<Effect>), String> {
    if let Some(why) = &app.session.refusal {
        return Err(why.clone());
    }
    let keys: Vec<String> = records.iter().filter_map(|&r| key_of(app, r)).collect();
    let Some(j) = app.session.journal.as_mut() else {
        return Err("no journal open".into());
    };
    let done = j.apply(op, &keys).map_err(|e| e.to_string())?;
    Ok((done.touched, refresh(app)))
}

/// Run `op` on the targets and say what happened in the status bar, phrased by `say` (given the
/// target words).
pub fn act(app: &mut App, op: Op, say: impl FnOnce(&str) -> String) -> Option<Effect> {
    let records = targets(app);
    if records.is_empty() {
        app.info("no cable selected");
        return None;
    }
    let words = target_words(app, &records);
    match record(app, op, &records) {
        Ok((_, effect)) => {
            app.info(say(&words));
            effect
        }
        Err(e) => {
            app.error(e);
            None
        }
    }
}

/// Flip a flag on the targets: set it, unless every target has it already (then clear it).
pub fn toggle(
    app: &mut App,
    field: fn(&crate::triage::CableState) -> bool,
    on: Op,
    off: Op,
) -> Option<Effect> {
    let records = targets(app);
    let all = !records.is_empty()
        && records.iter().all(|&r| {
            let st = app.triage_state();
            app.record(r)
                .is_some_and(|rec| field(crate::traffic::filter::state_of(st, rec)))
        });
    let op = if all { off } else { on };
    act(app, op.clone(), |t| op.describe(t))
}

/// Opening a cable marks it read: one event, only if it is not read already. Silent when the
/// journal is read-only (the start message said so).
pub fn mark_read_on_open(app: &mut App, record: u32) -> Option<Effect> {
    if app.session.refusal.is_some() || app.session.journal.is_none() {
        return None;
    }
    let read = app
        .record(record)
        .is_some_and(|r| crate::traffic::filter::state_of(app.triage_state(), r).read);
    if read {
        return None;
    }
    match self::record(app, Op::MarkRead, &[record]) {
        Ok((_, effect)) => effect,
        Err(e) => {
            app.error(e);
            None
        }
    }
}

/// Undo (or redo) this user's last action, saying what was taken back.
pub fn history(app: &mut App, redo: bool) -> Option<Effect> {
    if let Some(why) = &app.session.refusal {
        app.error(why.clone());
        return None;
    }
    let Some(j) = app.session.journal.as_mut() else {
        app.error("no journal open");
        return None;
    };
    let what = if redo { j.next_redo() } else { j.next_undo() }.map(|r| r.describe());
    let result = if redo { j.redo() } else { j.undo() };
    match (result, what) {
        (Ok(_), Some(what)) => {
            app.info(format!(
                "{}: {what}",
                if redo { "redone" } else { "undone" }
            ));
            refresh(app)
        }
        (Ok(_), None) => refresh(app),
        (Err(e), _) => {
            app.error(e.to_string());
            None
        }
    }
}

/// The journal changed on disk: read what others appended and say who did what.
pub fn journal_changed(app: &mut App) -> Option<Effect> {
    let j = app.session.journal.as_mut()?;
    let events = match j.poll_new() {
        Ok(evs) => evs,
        Err(e) => {
            app.error(format!("journal not read: {e}"));
            return None;
        }
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
        return None;
    }
    refresh(app)
}

/// The triage state changed: filter again when the filter looks at it (`is:unread`, `label:`).
pub fn refresh(app: &mut App) -> Option<Effect> {
    app.refresh_note();
    app.queues.mark_stale();
    if app.query.needs_state() {
        app.refilter()
    } else {
        None
    }
}

/// At exit: write a snapshot for a fast next start (best effort) and hand back the warnings.
pub fn finish(app: &mut App) -> Vec<String> {
    if let Some(j) = &app.session.journal
        && app.session.refusal.is_none()
    {
        let _ = j.write_snapshot();
    }
    std::mem::take(&mut app.session.warnings)
}
