//! The current triage state of every touched cable, as the replay of the journal leaves it.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub read: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub flagged: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub done: bool,
    /// A FLASH/NIACT arrival alert was acknowledged (by whom).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acked_by: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl CableState {
    pub fn is_routed(&self) -> bool {
        self.action_desk.is_some() || !self.info_desks.is_empty()
    }
}

/// Triage state for a traffic directory, keyed by cable key (the reference id, or `file:<path>`
/// for a cable without one).
#[derive(Debug, Clone, Default)]
pub struct TriageState {
    pub cables: HashMap<String, CableState>,
}

impl TriageState {
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

    /// Every label in use, sorted, for completion.
    pub fn labels_in_use(&self) -> BTreeSet<&str> {
        self.cables
            .values()
            .flat_map(|c| c.labels.iter().map(String::as_str))
            .collect()
    }
}
