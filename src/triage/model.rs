//! The current triage state of every touched cable, as the replay of the journal leaves it.
//!
//! Most of it is shared by every officer on the traffic: labels, routing, flags, done, notes,
//! acknowledgements. Two things are personal: whether a cable has been read (each officer's
//! reads are kept apart, in [`CableState::read_by`]; [`CableState::read`] is the viewing
//! officer's), and each officer's own note (a note replaces only its author's earlier one).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::tasker::Tasker;

/// One officer's note on a cable, and when it was last written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub at: DateTime<Utc>,
    pub text: String,
}

/// Who picked a cable up from the shift handover, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Picked {
    pub by: String,
    pub at: DateTime<Utc>,
}

/// What has been decided about one cable. A cable never touched has the default. Serialized
/// sparsely (fields at their default are left out), as the snapshot stores it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CableState {
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub labels: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_desk: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub info_desks: Vec<String>,
    /// Each officer's note, by author.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, Note>,
    /// The officers who have opened (or marked read) the cable.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub read_by: BTreeSet<String>,
    /// Read by the officer viewing the state (see [`TriageState::viewer`]); derived from
    /// `read_by`, never stored.
    #[serde(skip)]
    pub read: bool,
    /// Arrived while this officer's inbox was open (see [`TriageState::mark_new`]); never
    /// stored or journaled.
    #[serde(skip)]
    pub new: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub flagged: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub done: bool,
    /// A FLASH/NIACT arrival alert was acknowledged (by whom).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acked_by: Option<String>,
    /// When it was acknowledged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acked_at: Option<DateTime<Utc>>,
    /// The action tasked to an officer, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tasker: Option<Tasker>,
    /// The last pick-up from the shift handover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handover_ack: Option<Picked>,
    /// Tasked to the officer viewing the state (`is:mine`); derived from `tasker`, never
    /// stored.
    #[serde(skip)]
    pub mine: bool,
    /// The highest escalation step recorded (0: never escalated); see [`super::due`].
    #[serde(default, skip_serializing_if = "is_zero")]
    pub escalated: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl CableState {
    pub fn is_routed(&self) -> bool {
        self.action_desk.is_some() || !self.info_desks.is_empty()
    }

    /// Does any officer have a note on the cable?
    pub fn has_note(&self) -> bool {
        self.notes.values().any(|n| !n.text.trim().is_empty())
    }

    /// The text of the latest note, whoever wrote it.
    pub fn note(&self) -> Option<&str> {
        self.notes
            .values()
            .max_by_key(|n| n.at)
            .map(|n| n.text.as_str())
    }

    /// The notes, oldest first: (author, note).
    pub fn notes_by_time(&self) -> Vec<(&str, &Note)> {
        let mut v: Vec<(&str, &Note)> = self.notes.iter().map(|(u, n)| (u.as_str(), n)).collect();
        v.sort_by(|a, b| a.1.at.cmp(&b.1.at).then(a.0.cmp(b.0)));
        v
    }

    /// Set [`CableState::read`] for `viewer` (`None`: read by anyone).
    pub fn view_as(&mut self, viewer: Option<&str>) {
        self.read = match viewer {
            Some(v) => self.read_by.contains(v),
            None => !self.read_by.is_empty(),
        };
        self.mine = viewer.is_some_and(|v| self.tasker.as_ref().is_some_and(|t| t.assignee == v));
    }

    /// The state with nothing derived, to tell whether anything is left of it.
    pub fn is_untouched(&self) -> bool {
        let mut bare = self.clone();
        bare.read = false;
        bare.new = false;
        bare.mine = false;
        bare == CableState::default()
    }
}

/// Triage state for a traffic directory, keyed by cable key (the reference id, or `file:<path>`
/// for a cable without one), as one officer sees it.
#[derive(Debug, Clone, Default)]
pub struct TriageState {
    pub cables: HashMap<String, CableState>,
    /// Whose reads [`CableState::read`] reflects (`None`: anybody's, for checks and audits).
    viewer: Option<String>,
    /// Who last acted on each cable and when (any event, an undo included), for the handover.
    pub last_acted: HashMap<String, Picked>,
}

impl TriageState {
    /// An empty state seen by `viewer`.
    pub fn for_viewer(viewer: Option<&str>) -> TriageState {
        TriageState {
            cables: HashMap::new(),
            last_acted: HashMap::new(),
            viewer: viewer.filter(|v| !v.is_empty()).map(str::to_string),
        }
    }

    /// Mark the cables `keys` as new: arrived while the inbox was open (`is:new`, until read).
    /// Kept in memory only; a cable with nothing else decided keeps an entry for it.
    pub fn mark_new<'a>(&mut self, keys: impl IntoIterator<Item = &'a str>) {
        for k in keys {
            let viewer = self.viewer.clone();
            let c = self.cables.entry(k.to_string()).or_default();
            c.new = true;
            c.view_as(viewer.as_deref());
        }
    }

    /// The officer whose reads [`CableState::read`] reflects.
    pub fn viewer(&self) -> Option<&str> {
        self.viewer.as_deref()
    }

    /// See the state as `viewer`, deriving every cable's `read` again.
    pub fn set_viewer(&mut self, viewer: Option<&str>) {
        self.viewer = viewer.filter(|v| !v.is_empty()).map(str::to_string);
        for c in self.cables.values_mut() {
            c.view_as(self.viewer.as_deref());
        }
    }

    /// The state of one cable; the shared default when untouched.
    pub fn get(&self, key: &str) -> &CableState {
        static EMPTY: std::sync::OnceLock<CableState> = std::sync::OnceLock::new();
        self.cables
            .get(key)
            .unwrap_or_else(|| EMPTY.get_or_init(CableState::default))
    }

    pub fn get_mut(&mut self, key: &str) -> &mut CableState {
        self.cables.entry(key.to_string()).or_default()
    }

    /// Every officer the state names (readers, note authors, acknowledgers, assignees, who
    /// tasked and who last acted), sorted, for completion when assigning.
    pub fn users(&self) -> BTreeSet<&str> {
        let mut out: BTreeSet<&str> = self.last_acted.values().map(|p| p.by.as_str()).collect();
        for c in self.cables.values() {
            out.extend(c.read_by.iter().map(String::as_str));
            out.extend(c.notes.keys().map(String::as_str));
            out.extend(c.acked_by.as_deref());
            if let Some(t) = &c.tasker {
                out.insert(&t.assignee);
                out.insert(&t.assigned_by);
            }
        }
        out
    }

    /// Every label in use, sorted, for completion.
    pub fn labels_in_use(&self) -> BTreeSet<&str> {
        self.cables
            .values()
            .flat_map(|c| c.labels.iter().map(String::as_str))
            .collect()
    }
}
