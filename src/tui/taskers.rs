//! Taskers and the shift handover in the inbox: opening the assign prompt on the cables an
//! action applies to and carrying out what it returns, moving a tasker on (`T`, `:task STATE`),
//! and the handover list (`H`): built at the program's clock over the last 8 hours, each pick-up
//! journaled as `handover_ack` and the list rebuilt to show it.

use crate::handover;
use crate::triage::tasker::{parse_since, parse_suspense};
use crate::triage::{Op, TaskState};

use super::app::{App, Effects};
use super::overlay::{AssignPrompt, HandoverList, Overlay};
use super::pending::{After, Say, send};
use super::triage::{act, step, target_words, targets, writable};

/// The window the handover list covers (the CLI's default too).
const SINCE: &str = crate::cli::handover_cmd::DEFAULT_SINCE;

pub fn open_assign(app: &mut App) {
    if let Some(why) = &app.session.refusal {
        app.error(why.clone());
        return;
    }
    let keys = targets(app);
    if keys.is_empty() {
        app.info("no cable selected");
        return;
    }
    // The office's officers first, then everyone the journal has seen.
    let mut known: Vec<String> = app
        .session
        .officers
        .iter()
        .map(|o| o.name.clone())
        .collect();
    for u in app.triage_state().users() {
        if !known.iter().any(|k| k == u) {
            known.push(u.to_string());
        }
    }
    app.overlay = Some(Overlay::Assign(AssignPrompt {
        known,
        targets: keys.len(),
        ..Default::default()
    }));
}

/// The assign prompt returned: read the suspense at the program's clock; a bad one keeps the
/// prompt open with the reason.
pub fn apply_assign(app: &mut App, assignee: String, suspense: String) -> Effects {
    let due = if suspense.is_empty() {
        Ok(None)
    } else {
        parse_suspense(&suspense, crate::clock::now()).map(Some)
    };
    let suspense = match due {
        Ok(s) => s,
        Err(e) => {
            if let Some(Overlay::Assign(p)) = app.overlay.as_mut() {
                p.error = Some(e.to_string());
            }
            app.error(e.to_string());
            return Vec::new();
        }
    };
    if let Err(e) = crate::triage::ops::check_user(&assignee) {
        app.overlay = None;
        app.error(e.to_string());
        return Vec::new();
    }
    app.overlay = None;
    let op = Op::Assign { assignee, suspense };
    act(app, op.clone(), |t| op.describe(t))
}

/// `T`: move each target's tasker to the next state (from the first target's state, so a
/// marked set moves together). Cables without a tasker are left alone.
pub fn cycle_task(app: &mut App) -> Effects {
    let keys = targets(app);
    let state = app.triage_state();
    let Some(first) = keys
        .iter()
        .find_map(|k| state.get(k.as_str()).tasker.as_ref().map(|t| t.state))
    else {
        let a = app
            .keymap
            .key_for(
                crate::keymap::Context::Global,
                crate::keymap::Action::Assign,
            )
            .unwrap_or_else(|| "assign".into());
        app.info(format!(
            "no tasker on {}: {a} assigns one",
            target_words(&keys)
        ));
        return Vec::new();
    };
    set_task(app, first.next())
}

/// `:task STATE`: set the targets' taskers to `word`.
pub fn task_command(app: &mut App, word: &str) -> Effects {
    match TaskState::from_word(word) {
        Some(s) => set_task(app, s),
        None => {
            app.error(format!(
                "unknown tasker state `{word}`: use {}",
                TaskState::choices()
            ));
            Vec::new()
        }
    }
}

fn set_task(app: &mut App, state: TaskState) -> Effects {
    let keys = targets(app);
    let untasked = keys
        .iter()
        .filter(|k| app.triage_state().get(k.as_str()).tasker.is_none())
        .count();
    if untasked == keys.len() {
        app.info(format!("no tasker on {}", target_words(&keys)));
        return Vec::new();
    }
    let op = Op::Task { state };
    act(app, op.clone(), move |t| {
        let skipped = if untasked > 0 {
            format!(" ({untasked} without a tasker left alone)")
        } else {
            String::new()
        };
        format!("{}{skipped}", op.describe(t))
    })
}

/// The handover as it stands now.
fn build(app: &App) -> handover::Handover {
    let now = crate::clock::now();
    let since = parse_since(SINCE, now).unwrap_or(now);
    handover::build(
        &app.traffic.records,
        app.triage_state(),
        now,
        since,
        &app.clock.due_clock(),
    )
}

/// `H`: open the handover list.
pub fn open_handover(app: &mut App) {
    let h = build(app);
    let (new, carried, picked) = h.counts();
    app.info(format!(
        "handover: {} item{}, {new} new, {carried} carried over, {picked} picked up",
        h.items.len(),
        super::app::plural(h.items.len())
    ));
    app.overlay = Some(Overlay::Handover(Box::new(HandoverList::new(h))));
}

/// `!`/Enter in the list: send the pick-up to the journal and move to the next item; the list
/// is rebuilt once it is written ([`rebuild_handover`]).
pub fn ack_item(app: &mut App, key: String) -> Effects {
    if let Err(e) = writable(app) {
        app.error(e);
        return Vec::new();
    }
    let cable = super::cable_key::CableKey::from_journal(&key);
    if let Some(Overlay::Handover(list)) = app.overlay.as_mut() {
        let last = list.items().len().saturating_sub(1);
        list.selected = (list.selected + 1).min(last);
    }
    let dots = app.theme.ellipsis();
    app.info(format!("picking up {key}{dots}"));
    let done = format!("picked up {key}");
    let say = Say::Act {
        done: done.clone(),
        unchanged: done,
    };
    let keys = std::slice::from_ref(&cable);
    send(
        app,
        keys,
        vec![(step(Op::HandoverAck, keys), say)],
        After::Pickup,
    )
}

/// A pick-up was written: show the handover list as it stands now, if it is open.
pub fn rebuild_handover(app: &mut App) {
    if !matches!(app.overlay, Some(Overlay::Handover(_))) {
        return;
    }
    let h = build(app);
    if let Some(Overlay::Handover(list)) = app.overlay.as_mut() {
        list.replace(h);
    }
}
