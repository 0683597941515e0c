//! Triage operations (what an officer can do to a cable) and the journal event that carries one,
//! plus how an operation changes a [`CableState`] and what it takes to take that change back.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::{Result, TriageError};
use super::model::{CableState, Note, Picked};
pub use super::restore::{Field, NoteChange, Restore};
use super::tasker::{TaskState, Tasker};

/// One triage operation. In the journal the variant is the `op` key (snake_case) and its fields sit
/// beside it in the same `[[event]]` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Add labels (several at once); labels already present are left alone.
    AddLabels {
        labels: Vec<String>,
    },
    /// Remove labels; labels absent are ignored.
    RemoveLabels {
        labels: Vec<String>,
    },
    /// Set the action desk (replacing any previous one; an info desk of the same code stops
    /// being one).
    RouteAction {
        desk: String,
    },
    /// Clear the action desk.
    ClearAction,
    /// Add an info desk (kept in the order added; no duplicates).
    AddInfoDesk {
        desk: String,
    },
    RemoveInfoDesk {
        desk: String,
    },
    /// Set the acting officer's note; an empty `text` clears it. Other officers' notes stay.
    /// (`text` is required, so that a damaged event missing it is never read as "clear the
    /// note".)
    SetNote {
        text: String,
    },
    MarkRead,
    MarkUnread,
    Flag,
    Unflag,
    /// Mark done. (Its opposite is `not_done`, not `undone`, so that the log never confuses it
    /// with an undo.)
    Done,
    NotDone,
    /// A FLASH / NIACT IMMEDIATE arrival alert was acknowledged by the event's user (a cable
    /// already acknowledged keeps its first acknowledgement).
    Ack,
    /// Take back event number `undoes` (its changes to each of its cables).
    Undo {
        undoes: u64,
    },
    /// Apply event number `redoes` again after it was undone.
    Redo {
        redoes: u64,
    },
    /// Task the cable to `assignee`, with an optional suspense. Replaces any tasker; the state
    /// is `assigned`, unless the cable was already tasked to the same officer (then its state
    /// stays, and only the suspense changes).
    Assign {
        assignee: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suspense: Option<DateTime<Utc>>,
    },
    /// Move the cable's tasker to `state` (a cable without a tasker is left alone).
    Task {
        state: TaskState,
    },
    /// The event's user picked the cable up from the shift handover.
    HandoverAck,
    /// The office clock escalated an unacknowledged FLASH / NIACT IMMEDIATE past its objective:
    /// step `step` (1 at the due time, one more per objective elapsed since). Recorded by the
    /// program, not an officer's action: never undone, and a step already recorded (by any
    /// session) is not recorded again.
    Escalate {
        step: u32,
    },
}

impl Op {
    /// The name written as `op` in the journal.
    pub fn name(&self) -> &'static str {
        match self {
            Op::AddLabels { .. } => "add_labels",
            Op::RemoveLabels { .. } => "remove_labels",
            Op::RouteAction { .. } => "route_action",
            Op::ClearAction => "clear_action",
            Op::AddInfoDesk { .. } => "add_info_desk",
            Op::RemoveInfoDesk { .. } => "remove_info_desk",
            Op::SetNote { .. } => "set_note",
            Op::MarkRead => "mark_read",
            Op::MarkUnread => "mark_unread",
            Op::Flag => "flag",
            Op::Unflag => "unflag",
            Op::Done => "done",
            Op::NotDone => "not_done",
            Op::Ack => "ack",
            Op::Undo { .. } => "undo",
            Op::Redo { .. } => "redo",
            Op::Assign { .. } => "assign",
            Op::Task { .. } => "task",
            Op::HandoverAck => "handover_ack",
            Op::Escalate { .. } => "escalate",
        }
    }

    /// Undo and redo act on history, not directly on cables.
    pub fn is_history(&self) -> bool {
        matches!(self, Op::Undo { .. } | Op::Redo { .. })
    }

    /// Recorded by the program, not by an officer's decision (an escalation): not on anyone's
    /// undo stack.
    pub fn is_automatic(&self) -> bool {
        matches!(self, Op::Escalate { .. })
    }

    /// What was done to `target` (a cable id or "3 cables"), in words, for status lines:
    /// `routed 09MOSCOW12 to EUR/RUS`.
    pub fn describe(&self, target: &str) -> String {
        let t = target;
        match self {
            Op::AddLabels { labels } => format!("labelled {t} {}", labels.join(", ")),
            Op::RemoveLabels { labels } => format!("removed label {} from {t}", labels.join(", ")),
            Op::RouteAction { desk } => format!("routed {t} to {desk}"),
            Op::ClearAction => format!("cleared the action desk of {t}"),
            Op::AddInfoDesk { desk } => format!("added info desk {desk} to {t}"),
            Op::RemoveInfoDesk { desk } => format!("removed info desk {desk} from {t}"),
            Op::SetNote { text } if !text.is_empty() => format!("noted {t}"),
            Op::SetNote { .. } => format!("cleared the note of {t}"),
            Op::MarkRead => format!("marked {t} read"),
            Op::MarkUnread => format!("marked {t} unread"),
            Op::Flag => format!("flagged {t}"),
            Op::Unflag => format!("unflagged {t}"),
            Op::Done => format!("marked {t} done"),
            Op::NotDone => format!("marked {t} not done"),
            Op::Ack => format!("acknowledged the alert on {t}"),
            Op::Undo { undoes } => format!("undid #{undoes} on {t}"),
            Op::Redo { redoes } => format!("redid #{redoes} on {t}"),
            Op::Assign {
                assignee,
                suspense: Some(s),
            } => format!(
                "tasked {t} to {assignee}, suspense {}",
                s.format("%Y-%m-%d %H:%MZ")
            ),
            Op::Assign { assignee, .. } => format!("tasked {t} to {assignee}"),
            Op::Task { state } => format!("moved the tasker on {t} to {state}"),
            Op::HandoverAck => format!("picked up {t} from the handover"),
            Op::Escalate { step } => format!("escalated {t} (step {step})"),
        }
    }

    /// Refuse what would make a bad event: no cables, history ops (use `Journal::undo`/`redo`),
    /// empty or odd labels and desks.
    pub fn check(&self, keys: &[String]) -> Result<()> {
        if keys.is_empty() {
            return Err(TriageError::NoCables);
        }
        if let Some(k) = keys
            .iter()
            .find(|k| k.trim().is_empty() || k.chars().any(char::is_control))
        {
            return Err(TriageError::Invalid(format!("not a cable key: {k:?}")));
        }
        match self {
            Op::Undo { .. } | Op::Redo { .. } => Err(TriageError::Invalid(
                "use undo() and redo() for history".into(),
            )),
            Op::AddLabels { labels } | Op::RemoveLabels { labels } => {
                if labels.is_empty() {
                    return Err(TriageError::Invalid("no label given".into()));
                }
                labels.iter().try_for_each(|l| check_label(l))
            }
            Op::RouteAction { desk } | Op::AddInfoDesk { desk } | Op::RemoveInfoDesk { desk }
                if desk.trim().is_empty() =>
            {
                Err(TriageError::Invalid("empty desk code".into()))
            }
            Op::RouteAction { desk } | Op::AddInfoDesk { desk } | Op::RemoveInfoDesk { desk }
                if desk.chars().any(char::is_control) =>
            {
                Err(TriageError::Invalid(format!(
                    "bad desk code {desk:?}: control characters are not allowed"
                )))
            }
            Op::Assign { assignee, .. } => check_user(assignee),
            _ => Ok(()),
        }
    }

    /// Apply this (non-history) operation to one cable, acting as `user` at `at`.
    pub fn apply_to(&self, c: &mut CableState, user: &str, at: DateTime<Utc>) {
        match self {
            Op::AddLabels { labels } => c.labels.extend(labels.iter().cloned()),
            Op::RemoveLabels { labels } => {
                for l in labels {
                    c.labels.remove(l);
                }
            }
            Op::RouteAction { desk } => {
                // A desk is the action desk or an info desk, never both: routing for action
                // to an info desk moves it.
                c.info_desks.retain(|d| d != desk);
                c.action_desk = Some(desk.clone());
            }
            Op::ClearAction => c.action_desk = None,
            Op::AddInfoDesk { desk } => {
                if !c.info_desks.contains(desk) {
                    c.info_desks.push(desk.clone());
                }
            }
            Op::RemoveInfoDesk { desk } => c.info_desks.retain(|d| d != desk),
            Op::SetNote { text } if text.is_empty() => {
                c.notes.remove(user);
            }
            Op::SetNote { text } => {
                let note = Note {
                    at,
                    text: text.clone(),
                };
                c.notes.insert(user.to_string(), note);
            }
            Op::MarkRead => {
                c.read_by.insert(user.to_string());
            }
            Op::MarkUnread => {
                c.read_by.remove(user);
            }
            Op::Flag => c.flagged = true,
            Op::Unflag => c.flagged = false,
            Op::Done => c.done = true,
            Op::NotDone => c.done = false,
            // The first acknowledgement stands: who acknowledged and when does not move.
            Op::Ack if c.acked_by.is_some() => {}
            Op::Ack => {
                c.acked_by = Some(user.to_string());
                c.acked_at = Some(at);
            }
            Op::Undo { .. } | Op::Redo { .. } => {}
            Op::Assign { assignee, suspense } => {
                let state = match &c.tasker {
                    Some(t) if &t.assignee == assignee => t.state,
                    _ => TaskState::Assigned,
                };
                c.tasker = Some(Tasker {
                    assignee: assignee.clone(),
                    state,
                    suspense: *suspense,
                    assigned_by: user.to_string(),
                    assigned_at: at,
                });
            }
            Op::Task { state } => {
                if let Some(t) = c.tasker.as_mut() {
                    t.state = *state;
                }
            }
            Op::HandoverAck => {
                c.handover_ack = Some(Picked {
                    by: user.to_string(),
                    at,
                });
            }
            // Steps only rise: an earlier step recorded late changes nothing.
            Op::Escalate { step } => c.escalated = c.escalated.max(*step),
        }
    }
}

/// One journal entry: who did what to which cables, when. `seq` numbers events in the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// Who acted, as the session named them (`--user`, `$USER`).
    pub user: String,
    /// The operating-system account that wrote the event (None in events written before it was
    /// recorded): unlike `user`, not something a flag can set.
    pub os_user: Option<String>,
    /// The cable keys acted on: one, or a marked set (a bulk action is one event, one undo step).
    pub cables: Vec<String>,
    pub op: Op,
}

impl Event {
    /// `alice routed 09MOSCOW12 to EUR/RUS` — for status lines.
    pub fn describe(&self) -> String {
        let target = match self.cables.as_slice() {
            [one] => one.clone(),
            many => format!("{} cables", many.len()),
        };
        format!("{} {}", self.user, self.op.describe(&target))
    }
}

/// A user name as the journal records it: not empty, no control characters (a newline in a
/// name once let a `--user` value write lines of its own into the journal).
pub fn check_user(u: &str) -> Result<()> {
    if u.trim().is_empty() {
        return Err(TriageError::Invalid("empty user name".into()));
    }
    if u.chars().any(char::is_control) {
        // `{:?}` shows the control characters escaped, never raw.
        return Err(TriageError::Invalid(format!(
            "bad user name {u:?}: control characters are not allowed"
        )));
    }
    Ok(())
}

/// A label is one word: no spaces or control characters, not starting with `-` (which means
/// "remove" in the label prompt).
pub fn check_label(l: &str) -> Result<()> {
    if l.is_empty() || l.starts_with('-') || l.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(TriageError::Invalid(format!(
            "bad label {l:?}: a label is one word, without spaces, not starting with `-`"
        )));
    }
    Ok(())
}
