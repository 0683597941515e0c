//! `<state>/snapshot.toml`: the replayed state of every touched cable (sparse) and the undo
//! history, with the journal prefix it covers (length and hash), so start-up replays only the
//! journal's tail. Written atomically: a temp file in the same directory, fsync, rename, fsync
//! the directory. A snapshot that is damaged or does not match the journal is ignored.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::{Result, TriageError};
use super::format::Damage;
use super::model::{CableState, TriageState};
use super::replay::{History, Record, Stacks};

pub const SNAPSHOT_FILE: &str = "snapshot.toml";
const VERSION: u32 = 1;

/// What a snapshot holds.
#[derive(Debug, Serialize, Deserialize)]
pub struct Snapshot {
    pub version: u32,
    /// Bytes of the journal covered.
    pub journal_bytes: u64,
    /// The 1-based line at which the tail starts.
    pub journal_line: usize,
    /// [`prefix_hash`] of those bytes, hex.
    pub journal_hash: String,
    pub last_seq: u64,
    /// Damage found in the covered prefix, reported again at every start.
    #[serde(default)]
    pub damage: Vec<Damage>,
    #[serde(default)]
    pub users: BTreeMap<String, Stacks>,
    #[serde(default)]
    pub cables: BTreeMap<String, Row>,
    #[serde(default)]
    pub history: Vec<Record>,
}

impl Snapshot {
    pub fn new(
        prefix: &[u8],
        journal_line: usize,
        last_seq: u64,
        damage: &[Damage],
        state: &TriageState,
        history: &History,
    ) -> Snapshot {
        let mut records: Vec<Record> = history.records.values().cloned().collect();
        records.sort_by_key(|r| r.seq);
        Snapshot {
            version: VERSION,
            journal_bytes: prefix.len() as u64,
            journal_line,
            journal_hash: format!("{:016x}", prefix_hash(prefix)),
            last_seq,
            damage: damage.to_vec(),
            users: history.users.clone(),
            cables: state
                .cables
                .iter()
                .map(|(k, v)| (k.clone(), Row::from(v)))
                .collect(),
            history: records,
        }
    }

    /// Does this snapshot describe the start of `journal`?
    pub fn matches(&self, journal: &[u8]) -> bool {
        self.version == VERSION
            && usize::try_from(self.journal_bytes).is_ok_and(|n| {
                n <= journal.len()
                    && format!("{:016x}", prefix_hash(&journal[..n])) == self.journal_hash
            })
    }

    /// The state and history the snapshot holds.
    pub fn into_parts(self) -> (TriageState, History) {
        let state = TriageState {
            cables: self
                .cables
                .into_iter()
                .map(|(k, r)| (k, r.into()))
                .collect(),
        };
        let history = History {
            records: self.history.into_iter().map(|r| (r.seq, r)).collect(),
            users: self.users,
        };
        (state, history)
    }

    /// Read `<dir>/snapshot.toml`; None when absent or unreadable (start-up then replays all).
    pub fn load(dir: &Path) -> Option<Snapshot> {
        let text = std::fs::read_to_string(dir.join(SNAPSHOT_FILE)).ok()?;
        toml::from_str(&text).ok()
    }

    /// Write `<dir>/snapshot.toml` atomically.
    pub fn store(&self, dir: &Path) -> Result<()> {
        let text = toml::to_string(self).map_err(|e| TriageError::Encode(e.to_string()))?;
        let io = |e| TriageError::io(dir, e);
        let mut tmp = tempfile::Builder::new()
            .prefix(".snapshot")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(io)?;
        tmp.write_all(text.as_bytes()).map_err(io)?;
        tmp.as_file().sync_all().map_err(io)?;
        tmp.persist(dir.join(SNAPSHOT_FILE))
            .map_err(|e| io(e.error))?;
        sync_dir(dir)
    }
}

/// One cable in the snapshot: like [`CableState`], but leaving out every field at its default,
/// which keeps the snapshot (and so start-up, which parses it) small.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Row {
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acked_by: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl From<&CableState> for Row {
    fn from(c: &CableState) -> Row {
        Row {
            labels: c.labels.clone(),
            action_desk: c.action_desk.clone(),
            info_desks: c.info_desks.clone(),
            note: c.note.clone(),
            read: c.read,
            flagged: c.flagged,
            done: c.done,
            acked_by: c.acked_by.clone(),
        }
    }
}

impl From<Row> for CableState {
    fn from(r: Row) -> CableState {
        CableState {
            labels: r.labels,
            action_desk: r.action_desk,
            info_desks: r.info_desks,
            note: r.note,
            read: r.read,
            flagged: r.flagged,
            done: r.done,
            acked_by: r.acked_by,
        }
    }
}

/// Make a rename or a new file in `dir` durable.
pub fn sync_dir(dir: &Path) -> Result<()> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| TriageError::io(dir, e))
}

/// A fast, stable (defined here, never changes with the toolchain) 64-bit hash of a byte string,
/// to tell whether the journal prefix a snapshot covers is still the same. Not cryptographic: it
/// guards against accidents (a replaced or hand-edited journal), not against an adversary.
pub fn prefix_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = 0xCBF2_9CE4_8422_2325 ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        h = (h ^ u64::from_le_bytes(b)).wrapping_mul(K).rotate_left(29);
    }
    for &b in words.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(K).rotate_left(29);
    }
    h ^ (h >> 32)
}
