//! Replay: turning journal events into the current [`TriageState`], and the undo history that
//! replay derives (each user's undo and redo stacks, and what each undoable event changed).
//!
//! Undo information is *recomputed by replay*, not stored in the journal: when an event is
//! applied, the change it made to each cable (a [`Restore`]) is kept in memory for the last
//! [`HISTORY_DEPTH`] events of each user. The journal stays small and readable (`op = "undo"`,
//! `undoes = 41`), a hand edit cannot make stored before-values disagree with the history, and
//! every process replaying the same journal derives the same history. The snapshot carries this
//! history so undo keeps working across restarts.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::model::{CableState, Picked, TriageState};
use super::ops::{Event, Op, Restore};

/// How many of each user's latest actions can be undone.
pub const HISTORY_DEPTH: usize = 200;

/// An undoable event and what it changed on each of its cables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub seq: u64,
    /// When the event was written (a note redone keeps its time).
    #[serde(default)]
    pub at: chrono::DateTime<chrono::Utc>,
    pub user: String,
    pub cables: Vec<String>,
    #[serde(flatten)]
    pub op: Op,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restores: Vec<Restore>,
}

impl Record {
    /// `labelled 3 cables urgent` — what undoing or redoing this would touch, for the UI.
    pub fn describe(&self) -> String {
        let target = match self.cables.as_slice() {
            [one] => one.clone(),
            many => format!("{} cables", many.len()),
        };
        self.op.describe(&target)
    }
}

/// One user's undo (`done`) and redo (`undone`) stacks of event numbers, newest last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stacks {
    #[serde(default)]
    pub done: Vec<u64>,
    #[serde(default)]
    pub undone: Vec<u64>,
}

/// The undo history derived by replay.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub records: HashMap<u64, Record>,
    pub users: BTreeMap<String, Stacks>,
}

impl History {
    /// The event `user` would undo next.
    pub fn next_undo(&self, user: &str) -> Option<&Record> {
        let seq = self.users.get(user)?.done.last()?;
        self.records.get(seq)
    }

    /// The event `user` would redo next.
    pub fn next_redo(&self, user: &str) -> Option<&Record> {
        let seq = self.users.get(user)?.undone.last()?;
        self.records.get(seq)
    }
}

/// Apply one event to the state and history. Returns false when the event changed nothing it
/// could (an undo of an event no longer in the history).
pub fn apply_event(state: &mut TriageState, history: &mut History, ev: &Event) -> bool {
    // Reading is personal, not an action on the cable, and an escalation is the program's: neither
    // makes its user the one who last acted.
    if !matches!(ev.op, Op::MarkRead | Op::MarkUnread) && !ev.op.is_automatic() {
        for key in &ev.cables {
            let acted = Picked {
                by: ev.user.clone(),
                at: ev.at,
            };
            state.last_acted.insert(key.clone(), acted);
        }
    }
    match &ev.op {
        Op::Undo { undoes } => undo(state, history, *undoes),
        Op::Redo { redoes } => redo(state, history, *redoes),
        op if op.is_automatic() => {
            apply_op(state, op, &ev.cables, &ev.user, ev.at);
            true
        }
        op => {
            let restores = apply_op(state, op, &ev.cables, &ev.user, ev.at);
            let stacks = history.users.entry(ev.user.clone()).or_default();
            for gone in stacks.undone.drain(..) {
                history.records.remove(&gone);
            }
            stacks.done.push(ev.seq);
            if stacks.done.len() > HISTORY_DEPTH {
                let old = stacks.done.remove(0);
                history.records.remove(&old);
            }
            let rec = Record {
                seq: ev.seq,
                at: ev.at,
                user: ev.user.clone(),
                cables: ev.cables.clone(),
                op: op.clone(),
                restores,
            };
            history.records.insert(ev.seq, rec);
            true
        }
    }
}

/// Apply `op` to each cable, acting as `user` at `at`; return what changed on each.
fn apply_op(
    state: &mut TriageState,
    op: &Op,
    cables: &[String],
    user: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Vec<Restore> {
    let mut out = Vec::with_capacity(cables.len());
    for key in cables {
        let before = state.cables.get(key).cloned().unwrap_or_default();
        let mut after = before.clone();
        op.apply_to(&mut after, user, at);
        out.push(Restore::diff(key, &before, &after));
        store(state, key, after);
    }
    out
}

/// Keep the state sparse (a cable back at the default is dropped), with `read` derived for the
/// state's viewer.
fn store(state: &mut TriageState, key: &str, mut c: CableState) {
    c.view_as(state.viewer());
    if c.is_untouched() && !c.new {
        state.cables.remove(key);
    } else if let Some(slot) = state.cables.get_mut(key) {
        *slot = c;
    } else {
        state.cables.insert(key.to_string(), c);
    }
}

fn undo(state: &mut TriageState, history: &mut History, seq: u64) -> bool {
    let Some(rec) = history.records.get(&seq) else {
        return false;
    };
    let Some(stacks) = history.users.get_mut(&rec.user) else {
        return false;
    };
    let Some(pos) = stacks.done.iter().rposition(|&s| s == seq) else {
        return false;
    };
    stacks.done.remove(pos);
    stacks.undone.push(seq);
    for r in &rec.restores {
        let mut c = state.cables.get(&r.cable).cloned().unwrap_or_default();
        r.undo_on(&mut c);
        store(state, &r.cable, c);
    }
    true
}

fn redo(state: &mut TriageState, history: &mut History, seq: u64) -> bool {
    let Some(rec) = history.records.get_mut(&seq) else {
        return false;
    };
    let Some(stacks) = history.users.get_mut(&rec.user) else {
        return false;
    };
    let Some(pos) = stacks.undone.iter().rposition(|&s| s == seq) else {
        return false;
    };
    stacks.undone.remove(pos);
    stacks.done.push(seq);
    rec.restores = apply_op(state, &rec.op, &rec.cables, &rec.user, rec.at);
    true
}
