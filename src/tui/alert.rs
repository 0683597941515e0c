//! FLASH / NIACT IMMEDIATE arrival alerts: the queue of alerts waiting for the officer, the bell,
//! and the `acknowledge` action, which records `Op::Ack` in the journal (the journal event says
//! who and when) and takes the alert down.
//!
//! Which cables alert: those that arrive while the inbox is open (see [`super::live`]), not the
//! traffic present at start — a newcomer would otherwise face a wall of alerts for old traffic.
//! What the status bar counts: every FLASH/NIACT cable in the traffic that nobody has
//! acknowledged yet, arrived live or present at start; `acknowledge` with no alert up acknowledges
//! the marked cables, else the selected one, so those can be cleared too. An alert another
//! officer acknowledged (seen through the shared journal) drops out of the queue.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::cable::Precedence;
use crate::traffic::Record;
use crate::traffic::filter::state_of;
use crate::triage::Op;

use super::app::{App, Effects, plural};
use super::cable_key::{CableKey, contains};
use super::triage;

/// One alert: what the banner shows, captured on arrival.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    /// The journal key the acknowledgement is recorded under.
    pub key: String,
    pub precedence: Precedence,
    pub origin: String,
    pub subject: String,
    pub id: Option<String>,
}

/// Does this precedence raise an arrival alert?
pub fn alerting(p: Option<Precedence>) -> bool {
    matches!(p, Some(Precedence::Flash | Precedence::NiactImmediate))
}

/// New cables arrived: queue an alert for each FLASH/NIACT one not yet acknowledged.
pub fn arrived(app: &mut App, fresh: &[Record]) {
    for r in fresh.iter().filter(|r| alerting(r.precedence)) {
        let Some(precedence) = r.precedence else {
            continue;
        };
        let key = r.key();
        if state_of(app.triage_state(), r).acked_by.is_some()
            || app.live.alerts.iter().any(|a| a.key == key)
        {
            continue;
        }
        app.live.alerts.push_back(Alert {
            key,
            precedence,
            origin: r.origin.to_string(),
            subject: r.subject().to_string(),
            id: r.id().map(str::to_string),
        });
        app.live.bell_due = true;
    }
}

/// Alerts still waiting (those acknowledged elsewhere left out), oldest first.
pub fn waiting(app: &App) -> impl Iterator<Item = &Alert> {
    let state = app.triage_state();
    app.live
        .alerts
        .iter()
        .filter(move |a| state.get(&a.key).acked_by.is_none())
}

/// FLASH/NIACT cables in the traffic nobody has acknowledged (each key once). Drawn with every
/// frame, so a cable with an id (nearly all) is counted by borrowing it, not by a copy.
pub fn unacknowledged(app: &App) -> usize {
    let state = app.triage_state();
    let keys: HashSet<Cow<str>> = app
        .traffic
        .records
        .iter()
        .filter(|r| alerting(r.precedence) && state_of(state, r).acked_by.is_none())
        .map(|r| r.id().map_or_else(|| Cow::Owned(r.key()), Cow::Borrowed))
        .collect();
    keys.len()
}

/// The `acknowledge` action: the oldest waiting alert, else the marked or selected cables.
pub fn acknowledge(app: &mut App) -> Effects {
    let state = app.triage_state();
    let acked = |k: &str| state.get(k).acked_by.is_some();
    let front = app.live.alerts.iter().position(|a| !acked(&a.key));
    let keys: Vec<String> = match front {
        Some(i) => vec![app.live.alerts[i].key.clone()],
        None => {
            // One pass over the traffic, however many cables are marked.
            let wanted: std::collections::BTreeSet<CableKey> =
                triage::targets(app).into_iter().collect();
            let mut keys: Vec<String> = app
                .traffic
                .records
                .iter()
                .filter(|r| alerting(r.precedence) && contains(&wanted, r))
                .map(Record::key)
                .filter(|k| !acked(k))
                .collect();
            keys.dedup();
            keys
        }
    };
    if keys.is_empty() {
        app.info("no FLASH or NIACT alert to acknowledge");
        return Vec::new();
    }
    if let Some(why) = &app.session.refusal {
        let why = why.clone();
        app.error(why);
        return Vec::new();
    }
    let Some(j) = app.session.journal.as_mut() else {
        app.error("no journal open: the acknowledgement cannot be recorded");
        return Vec::new();
    };
    match j.apply(Op::Ack, &keys) {
        Ok(_) => {
            app.live.alerts.retain(|a| !keys.contains(&a.key));
            let left = waiting(app).count();
            let what = match keys.as_slice() {
                [one] => one.clone(),
                many => format!("{} cables", many.len()),
            };
            if left > 0 {
                app.info(format!(
                    "acknowledged {what}; {left} more alert{} waiting",
                    plural(left)
                ));
            } else {
                app.info(format!("acknowledged {what}"));
            }
            triage::refresh(app)
        }
        Err(e) => {
            app.error(format!("acknowledgement not recorded: {e}"));
            Vec::new()
        }
    }
}

/// The `goto_alert` action: open the cable of the oldest waiting alert in the reading view.
pub fn goto(app: &mut App) -> Effects {
    let Some(key) = waiting(app).next().map(|a| a.key.clone()) else {
        app.info("no FLASH or NIACT alert waiting");
        return Vec::new();
    };
    match app.traffic.records.iter().position(|r| r.key() == key) {
        Some(i) => super::update::open_record(app, i as u32),
        None => {
            app.error(format!("{key}: {}", super::cable_key::GONE));
            Vec::new()
        }
    }
}
