//! Drafts of notes that were being written when the session ended without a save (a signal, a
//! dropped SSH link, a lost terminal): `<state>/drafts/<name>.toml`, one per officer and set of
//! cables, offered again the next time that officer opens the note of those cables.
//!
//! A draft is the officer's own unsaved text, not a decision: it never enters the journal, and
//! saving or discarding the note removes it. Written atomically (temp file, fsync, rename).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::{Result, TriageError};

pub const DRAFTS_DIR: &str = "drafts";

/// An unsaved note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub user: String,
    pub cables: Vec<String>,
    pub saved_at: DateTime<Utc>,
    pub text: String,
}

/// The file of `user`'s draft for `cables` (the name is a hash: keys may hold any character).
fn path(state: &Path, user: &str, cables: &[String]) -> PathBuf {
    let mut id = String::from(user);
    for c in cables {
        id.push('\0');
        id.push_str(c);
    }
    let hex = super::format::write::digest(id.as_bytes());
    state.join(DRAFTS_DIR).join(format!("{}.toml", &hex[..32]))
}

/// Keep `text` as `user`'s draft for `cables`, replacing an older one.
pub fn save(state: &Path, user: &str, cables: &[String], text: &str) -> Result<PathBuf> {
    let file = path(state, user, cables);
    let dir = state.join(DRAFTS_DIR);
    for d in [state, &dir] {
        crate::state_dir::shared::create_dir(d).map_err(|e| TriageError::io(d, e))?;
    }
    let draft = Draft {
        user: user.to_string(),
        cables: cables.to_vec(),
        saved_at: crate::clock::now(),
        text: text.to_string(),
    };
    let body = toml::to_string(&draft).map_err(|e| TriageError::Encode(e.to_string()))?;
    super::snapshot::write_atomic(&file, body.as_bytes(), None)?;
    Ok(file)
}

/// `user`'s draft for exactly `cables`, if one was kept (a damaged one counts as none).
pub fn load(state: &Path, user: &str, cables: &[String]) -> Option<Draft> {
    let text = std::fs::read_to_string(path(state, user, cables)).ok()?;
    let d: Draft = toml::from_str(&text).ok()?;
    (d.user == user && d.cables == cables).then_some(d)
}

/// Forget `user`'s draft for `cables` (saved or discarded).
pub fn discard(state: &Path, user: &str, cables: &[String]) {
    let _ = std::fs::remove_file(path(state, user, cables));
}
