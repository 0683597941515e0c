//! What one event changed on one cable ([`Restore`]), so that an undo takes back exactly that
//! change: labels and readers as differences, notes by author, and the previous value of each
//! other field it changed ([`Field`]), put back only while it still holds the value the event gave.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::model::{CableState, Note, Picked};
use super::tasker::Tasker;

/// A scalar field of [`CableState`] an operation may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    ActionDesk,
    InfoDesks,
    Flagged,
    Done,
    AckedBy,
    Tasker,
    HandoverAck,
}

/// A field's value, compared and copied generically.
#[derive(PartialEq)]
enum Value<'a> {
    Text(Option<&'a str>),
    List(&'a [String]),
    Bool(bool),
    Tasker(Option<&'a Tasker>),
    Picked(Option<&'a Picked>),
}

impl Field {
    const ALL: [Field; 7] = [
        Field::ActionDesk,
        Field::InfoDesks,
        Field::Flagged,
        Field::Done,
        Field::AckedBy,
        Field::Tasker,
        Field::HandoverAck,
    ];

    fn get(self, c: &CableState) -> Value<'_> {
        match self {
            Field::ActionDesk => Value::Text(c.action_desk.as_deref()),
            Field::InfoDesks => Value::List(&c.info_desks),
            Field::Flagged => Value::Bool(c.flagged),
            Field::Done => Value::Bool(c.done),
            Field::AckedBy => Value::Text(c.acked_by.as_deref()),
            Field::Tasker => Value::Tasker(c.tasker.as_ref()),
            Field::HandoverAck => Value::Picked(c.handover_ack.as_ref()),
        }
    }

    fn copy(self, from: &CableState, to: &mut CableState) {
        match self {
            Field::ActionDesk => to.action_desk = from.action_desk.clone(),
            Field::InfoDesks => to.info_desks = from.info_desks.clone(),
            Field::Flagged => to.flagged = from.flagged,
            Field::Done => to.done = from.done,
            Field::AckedBy => {
                to.acked_by = from.acked_by.clone();
                to.acked_at = from.acked_at;
            }
            Field::Tasker => to.tasker = from.tasker.clone(),
            Field::HandoverAck => to.handover_ack = from.handover_ack.clone(),
        }
    }
}

/// What one event changed on one cable, enough to take exactly that change back: the labels it
/// added and removed, the readers it added and removed, the notes it changed (by author), and
/// the previous value of every other field it changed.
///
/// Labels and readers are restored as a difference (not a whole set) so that undoing your own
/// label does not also strip a label another officer added since; likewise a note or a field is
/// put back only while it still holds the value this event gave it (if another officer changed
/// it since, theirs stands, and [`Restore::would_change`] says the undo would change nothing).
/// For one officer's own actions, undone newest first, this restores exactly the prior state.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Restore {
    pub cable: String,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub labels_added: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub labels_removed: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub readers_added: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub readers_removed: BTreeSet<String>,
    /// Notes changed: author, the note before and the note after (None: no note).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<NoteChange>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// Previous values; only the `fields` listed are meaningful.
    #[serde(default)]
    pub before: CableState,
    /// The values this event set; only the `fields` listed are meaningful.
    #[serde(default)]
    pub after: CableState,
}

/// One author's note as an event changed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteChange {
    pub user: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Note>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Note>,
}

impl Restore {
    /// The change from `before` to `after` of cable `key`.
    pub fn diff(key: &str, before: &CableState, after: &CableState) -> Restore {
        let mut fields = Vec::new();
        let mut kept = CableState::default();
        let mut set = CableState::default();
        for f in Field::ALL {
            if f.get(before) != f.get(after) {
                fields.push(f);
                f.copy(before, &mut kept);
                f.copy(after, &mut set);
            }
        }
        let authors: BTreeSet<&String> = before.notes.keys().chain(after.notes.keys()).collect();
        let notes = authors
            .into_iter()
            .filter(|u| before.notes.get(*u) != after.notes.get(*u))
            .map(|u| NoteChange {
                user: u.clone(),
                before: before.notes.get(u).cloned(),
                after: after.notes.get(u).cloned(),
            })
            .collect();
        Restore {
            cable: key.to_string(),
            labels_added: after.labels.difference(&before.labels).cloned().collect(),
            labels_removed: before.labels.difference(&after.labels).cloned().collect(),
            readers_added: after.read_by.difference(&before.read_by).cloned().collect(),
            readers_removed: before.read_by.difference(&after.read_by).cloned().collect(),
            notes,
            fields,
            before: kept,
            after: set,
        }
    }

    /// Take the recorded change back.
    pub fn undo_on(&self, c: &mut CableState) {
        for l in &self.labels_added {
            c.labels.remove(l);
        }
        c.labels.extend(self.labels_removed.iter().cloned());
        for r in &self.readers_added {
            c.read_by.remove(r);
        }
        c.read_by.extend(self.readers_removed.iter().cloned());
        for n in &self.notes {
            if c.notes.get(&n.user) == n.after.as_ref() {
                match &n.before {
                    Some(b) => c.notes.insert(n.user.clone(), b.clone()),
                    None => c.notes.remove(&n.user),
                };
            }
        }
        for f in &self.fields {
            if f.get(c) == f.get(&self.after) {
                f.copy(&self.before, c);
            }
        }
    }
}

impl Restore {
    /// Would taking the change back change anything on `c` now? Not when every part of it was
    /// changed again since (by another officer, say): then an undo would only pretend.
    pub fn would_change(&self, c: &CableState) -> bool {
        let mut after = c.clone();
        self.undo_on(&mut after);
        after != *c
    }
}
