//! `<state>/snapshot.toml`: the replayed state of every touched cable (sparse) and the undo
//! history, with the journal prefix it covers (length and hash), so start-up replays only the
//! journal's tail. Written atomically: a temp file in the same directory, fsync, rename, fsync
//! the directory. Its first line is a checksum (SHA-256) of the rest: a snapshot whose body does
//! not match it is damaged, reported, and replaced by a replay of the journal; one that does not
//! match the journal (a journal replaced or cut) is ignored. The journal is the truth; the
//! snapshot only saves replaying it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::chain::Chain;
use super::error::{Result, TriageError};
use super::format::{Damage, write::digest};
use super::model::{CableState, Picked, TriageState};
use super::replay::{History, Record, Stacks};

pub const SNAPSHOT_FILE: &str = "snapshot.toml";
/// The snapshot of a journal kept in a database (see `journal/db.rs`): its `journal_hash`
/// names the database and the hash of the last event covered.
pub const DB_SNAPSHOT_FILE: &str = "snapshot.db.toml";
/// 3: reads kept per officer (`read_by`) and notes per author (`notes`), where version 2 kept
/// one `read` flag and one `note` for everyone. 4: taskers, handover pick-ups and who last
/// acted on each cable (`last_acted`). An older snapshot is ignored and the journal replayed,
/// which gives the new fields.
const VERSION: u32 = 4;
/// The snapshot's first line, before the hex checksum of everything after that line.
const CHECKSUM: &str = "# checksum: ";

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
    /// The journal's `format = N`, as read in the covered prefix.
    #[serde(default)]
    pub format: Option<u32>,
    /// The hash chain as followed through the covered prefix.
    #[serde(default)]
    pub chain: Chain,
    /// Damage found in the covered prefix, reported again at every start.
    #[serde(default)]
    pub damage: Vec<Damage>,
    #[serde(default)]
    pub users: BTreeMap<String, Stacks>,
    #[serde(default)]
    pub cables: BTreeMap<String, CableState>,
    #[serde(default)]
    pub history: Vec<Record>,
    /// Who last acted on each cable, and when.
    #[serde(default)]
    pub last_acted: BTreeMap<String, Picked>,
}

impl Snapshot {
    pub fn new(
        prefix: &[u8],
        journal_line: usize,
        last_seq: u64,
        (format, chain): (Option<u32>, &Chain),
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
            format,
            chain: chain.clone(),
            damage: damage.to_vec(),
            users: history.users.clone(),
            // A cable only marked new this session has nothing to keep.
            cables: state
                .cables
                .iter()
                .filter(|(_, v)| !v.is_untouched())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            history: records,
            last_acted: state
                .last_acted
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
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
        let mut state = TriageState::default();
        state.cables = self.cables.into_iter().collect();
        state.last_acted = self.last_acted.into_iter().collect();
        let history = History {
            records: self.history.into_iter().map(|r| (r.seq, r)).collect(),
            users: self.users,
        };
        (state, history)
    }

    /// Read `<dir>/snapshot.toml`: None when there is none (or one of an older version, or
    /// one that cannot be read), Err with a warning when it is damaged. Either way start-up
    /// then replays the whole journal.
    pub fn load(dir: &Path) -> std::result::Result<Option<Snapshot>, String> {
        Snapshot::load_file(&dir.join(SNAPSHOT_FILE))
    }

    /// [`Snapshot::load`] from the file `path`.
    pub fn load_file(path: &Path) -> std::result::Result<Option<Snapshot>, String> {
        let Ok(bytes) = std::fs::read(path) else {
            return Ok(None);
        };
        let damaged = |why: &str| {
            format!(
                "{} is damaged ({why}); the state was rebuilt from the journal",
                path.display()
            )
        };
        let Some(rest) = bytes.strip_prefix(CHECKSUM.as_bytes()) else {
            return Ok(None); // a snapshot of version 1, before checksums
        };
        let nl = memchr::memchr(b'\n', rest).ok_or_else(|| damaged("no checksum line"))?;
        let (sum, body) = (&rest[..nl], &rest[nl + 1..]);
        if sum.trim_ascii() != digest(body).as_bytes() {
            return Err(damaged("its checksum does not match its text"));
        }
        let text = std::str::from_utf8(body).map_err(|_| damaged("not UTF-8"))?;
        let snap: Snapshot = toml::from_str(text).map_err(|e| damaged(e.message()))?;
        Ok((snap.version == VERSION).then_some(snap))
    }

    /// Write `<dir>/snapshot.toml` atomically.
    pub fn store(&self, dir: &Path) -> Result<()> {
        self.store_file(&dir.join(SNAPSHOT_FILE))
    }

    /// [`Snapshot::store`] to the file `path`.
    pub fn store_file(&self, path: &Path) -> Result<()> {
        let body = toml::to_string(self).map_err(|e| TriageError::Encode(e.to_string()))?;
        let text = format!("{CHECKSUM}{}\n{body}", digest(body.as_bytes()));
        write_atomic(path, text.as_bytes(), None)
    }
}

/// Replace `path` with `bytes` atomically: a temp file in the same directory (with `mode` when
/// given, else shared with the group: [`crate::state_dir::shared`]), fsync, rename, fsync the
/// directory. A crash leaves the old file or the new, never a mix.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: Option<std::fs::Permissions>) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let io = |e| TriageError::io(path, e);
    let mut tmp = tempfile::Builder::new()
        .prefix(".cabletriage")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    match mode {
        Some(m) => {
            let _ = tmp.as_file().set_permissions(m);
        }
        // The temp file is made 0600; the file it becomes is replaced by colleagues in turn.
        None => crate::state_dir::shared::share_file(tmp.as_file()),
    }
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    sync_dir(dir)
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
