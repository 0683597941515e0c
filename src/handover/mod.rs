//! The shift handover: what the outgoing shift leaves the incoming one, built from the traffic,
//! the triage state and a due clock at a given time (never read here). Unacknowledged FLASH and
//! NIACT IMMEDIATE cables, overdue and due-soon cables, late and open taskers, flagged cables, and
//! the notes written since the start of the window, grouped, highest precedence first. Each
//! cable is listed once, in the first group that holds it, with every other reason beside it.
//!
//! Each item says whether it was picked up: a `handover_ack` within the window is *picked up*
//! (by whom, when), one before the window is *carried over* (picked up by an earlier shift and
//! still open), none is *new*. The CLI prints it ([`render`]); the TUI lists it and journals each
//! pick-up.

pub mod due;
pub mod render;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::cable::Precedence;
use crate::traffic::Record;
use crate::traffic::filter::state_of;
use crate::triage::{CableState, Picked, TriageState};

pub use due::{DueClock, DueStatus, default_clock};

/// A handover group, in the order they are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    UnackedFlash,
    Overdue,
    DueSoon,
    LateTasker,
    OpenTasker,
    Flagged,
}

impl Group {
    pub const ALL: [Group; 6] = [
        Group::UnackedFlash,
        Group::Overdue,
        Group::DueSoon,
        Group::LateTasker,
        Group::OpenTasker,
        Group::Flagged,
    ];

    /// The heading of the group.
    pub fn title(self) -> &'static str {
        match self {
            Group::UnackedFlash => "Unacknowledged FLASH and NIACT",
            Group::Overdue => "Overdue",
            Group::DueSoon => "Due soon",
            Group::LateTasker => "Late taskers",
            Group::OpenTasker => "Open taskers",
            Group::Flagged => "Flagged",
        }
    }

    /// The word for the group as a reason beside an item (`overdue`, `flagged`).
    pub fn reason(self) -> &'static str {
        match self {
            Group::UnackedFlash => "unacknowledged",
            Group::Overdue => "overdue",
            Group::DueSoon => "due soon",
            Group::LateTasker => "late tasker",
            Group::OpenTasker => "open tasker",
            Group::Flagged => "flagged",
        }
    }
}

/// Whether an item was picked up from a handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Pickup {
    /// Nobody has picked it up.
    New,
    /// Picked up by an earlier shift (before the window) and still open.
    CarriedOver { by: String, at: DateTime<Utc> },
    /// Picked up within the window.
    PickedUp { by: String, at: DateTime<Utc> },
}

/// One cable in the handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The triage key (the reference id, or `file:...` for a cable without one).
    pub id: String,
    pub group: Group,
    /// Every group that holds the cable, its own first.
    pub reasons: Vec<Group>,
    pub precedence: Option<Precedence>,
    pub dtg: Option<DateTime<Utc>>,
    pub subject: String,
    /// The action desk, if routed.
    pub desk: Option<String>,
    /// Who last acted on the cable, and when.
    pub last_acted: Option<Picked>,
    /// When the objective runs (or ran) out, for overdue and due-soon cables.
    pub due: Option<DateTime<Utc>>,
    pub assignee: Option<String>,
    pub task: Option<crate::triage::TaskState>,
    pub suspense: Option<DateTime<Utc>>,
    pub pickup: Pickup,
}

/// A note written within the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteItem {
    pub id: String,
    pub subject: String,
    pub user: String,
    pub at: DateTime<Utc>,
    pub text: String,
}

/// The whole handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Handover {
    pub now: DateTime<Utc>,
    pub since: DateTime<Utc>,
    pub items: Vec<Item>,
    pub notes: Vec<NoteItem>,
}

impl Handover {
    /// The items of one group, in order.
    pub fn group(&self, g: Group) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.group == g)
    }

    /// How many items are new, carried over and picked up.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut n = (0, 0, 0);
        for i in &self.items {
            match i.pickup {
                Pickup::New => n.0 += 1,
                Pickup::CarriedOver { .. } => n.1 += 1,
                Pickup::PickedUp { .. } => n.2 += 1,
            }
        }
        n
    }
}

/// The groups that hold a cable, in order (empty: not in the handover).
fn reasons(r: &Record, c: &CableState, now: DateTime<Utc>, clock: &dyn DueClock) -> Vec<Group> {
    let mut out = Vec::new();
    let urgent = matches!(
        r.precedence,
        Some(Precedence::Flash | Precedence::NiactImmediate)
    );
    let due = clock.status(r, c, now);
    if urgent && c.acked_by.is_none() && !c.done && due != DueStatus::NotCounted {
        out.push(Group::UnackedFlash);
    }
    match due {
        DueStatus::Overdue(_) => out.push(Group::Overdue),
        DueStatus::DueSoon(_) => out.push(Group::DueSoon),
        _ => {}
    }
    if let Some(t) = &c.tasker {
        if t.is_late(now) {
            out.push(Group::LateTasker);
        } else if t.is_open() {
            out.push(Group::OpenTasker);
        }
    }
    if c.flagged && !c.done {
        out.push(Group::Flagged);
    }
    out
}

/// Build the handover of `records` with their triage `state`, at `now`, for the window from
/// `since`, with `clock` telling the due status.
pub fn build(
    records: &[Record],
    state: &TriageState,
    now: DateTime<Utc>,
    since: DateTime<Utc>,
    clock: &dyn DueClock,
) -> Handover {
    let mut items = Vec::new();
    let mut notes = Vec::new();
    let untouched = CableState::default();
    // A cable in several files (its sections, its two flavours) is one item.
    let mut seen = std::collections::HashSet::new();
    for r in records {
        if !seen.insert(r.key()) {
            continue;
        }
        let c = if state.cables.is_empty() {
            &untouched
        } else {
            state_of(state, r)
        };
        let key = || r.key();
        for (user, n) in c.notes_by_time() {
            if n.at >= since && !n.text.trim().is_empty() {
                notes.push(NoteItem {
                    id: key(),
                    subject: r.subject().to_string(),
                    user: user.to_string(),
                    at: n.at,
                    text: n.text.clone(),
                });
            }
        }
        let why = reasons(r, c, now, clock);
        let Some(&group) = why.first() else {
            continue;
        };
        let id = key();
        let due = match clock.status(r, c, now) {
            DueStatus::Overdue(d) | DueStatus::DueSoon(d) => Some(d),
            _ => None,
        };
        let pickup = match &c.handover_ack {
            None => Pickup::New,
            Some(p) if p.at >= since => Pickup::PickedUp {
                by: p.by.clone(),
                at: p.at,
            },
            Some(p) => Pickup::CarriedOver {
                by: p.by.clone(),
                at: p.at,
            },
        };
        items.push(Item {
            last_acted: state.last_acted.get(&id).cloned(),
            id,
            group,
            reasons: why,
            precedence: r.precedence,
            dtg: r.dtg_utc(),
            subject: r.subject().to_string(),
            desk: c.action_desk.clone(),
            due,
            assignee: c.tasker.as_ref().map(|t| t.assignee.clone()),
            task: c.tasker.as_ref().map(|t| t.state),
            suspense: c.tasker.as_ref().and_then(|t| t.suspense),
            pickup,
        });
    }
    // Group, then highest precedence, then the oldest DTG first (longest waiting), then id.
    let rank = |p: Option<Precedence>| p.map_or(u8::MAX, Precedence::rank);
    items.sort_by(|a, b| {
        (a.group, rank(a.precedence), a.dtg, &a.id).cmp(&(
            b.group,
            rank(b.precedence),
            b.dtg,
            &b.id,
        ))
    });
    notes.sort_by(|a, b| (a.at, &a.id, &a.user).cmp(&(b.at, &b.id, &b.user)));
    Handover {
        now,
        since,
        items,
        notes,
    }
}
