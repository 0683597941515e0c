//! The journal of one state directory: open (snapshot + replay of the tail), append an event
//! durably under an exclusive file lock, undo/redo, and pick up events other processes appended.
//!
//! An append: lock `<state>/journal.lock` exclusively; read whatever others appended since our
//! last read (so the new event's number and any undo target are current); write the event in one
//! `write_all`, starting on a fresh line if the file's tail is torn; `sync_data`; unlock; only
//! then return Ok. A failed write is cut back off the file, so a full disk leaves it as it was.

use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::Utc;

use super::error::{Result, TriageError};
use super::format::{self, Damage};
use super::model::TriageState;
use super::ops::{Event, Op};
use super::replay::{self, History};
use super::snapshot::{self, Snapshot};

pub const JOURNAL_FILE: &str = "journal.toml";
pub const LOCK_FILE: &str = "journal.lock";
/// Start-up writes a fresh snapshot when it had to replay more events than this.
pub const SNAPSHOT_AFTER: usize = 1000;

/// The outcome of an action: the event recorded and how many of its cables it changed.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The event recorded; None when the action would change nothing on any of its cables
    /// (marking read a cable already read), so nothing was written.
    pub event: Option<Event>,
    /// Cables the action named.
    pub touched: usize,
    /// Cables whose state actually changed.
    pub changed: usize,
}

/// An open journal: the replayed state plus the means to add to it.
#[derive(Debug)]
pub struct Journal {
    dir: PathBuf,
    user: String,
    state: TriageState,
    history: History,
    /// Bytes of `journal.toml` read so far, and the 1-based line they end before.
    offset: u64,
    line: usize,
    last_seq: u64,
    damage: Vec<Damage>,
    unseen_damage: usize,
    replayed_at_open: usize,
}

impl Journal {
    /// Open the journal of `state_dir` for `user`. Nothing is created until the first action;
    /// damage in the journal is reported by [`Journal::damage`], never fatal.
    pub fn open(state_dir: impl AsRef<Path>, user: &str) -> Result<Journal> {
        let mut j = Journal::empty(state_dir.as_ref(), user);
        j.load(true)?;
        if j.replayed_at_open > SNAPSHOT_AFTER {
            // Best effort: a read-only state directory still opens.
            let _ = j.write_snapshot();
        }
        Ok(j)
    }

    /// Open by replaying the whole journal, neither reading nor writing a snapshot (for checks
    /// and measurement).
    pub fn open_full(state_dir: impl AsRef<Path>, user: &str) -> Result<Journal> {
        let mut j = Journal::empty(state_dir.as_ref(), user);
        j.load(false)?;
        Ok(j)
    }

    fn empty(dir: &Path, user: &str) -> Journal {
        Journal {
            dir: dir.to_path_buf(),
            user: user.to_string(),
            state: TriageState::default(),
            history: History::default(),
            offset: 0,
            line: 1,
            last_seq: 0,
            damage: Vec::new(),
            unseen_damage: 0,
            replayed_at_open: 0,
        }
    }

    /// (Re)load from the snapshot, if it matches, and the journal.
    fn load(&mut self, use_snapshot: bool) -> Result<()> {
        let guard = self.lock_shared();
        self.load_unlocked(use_snapshot, guard.is_some())
    }

    /// Load, the caller holding the lock (`locked`) or not: unlocked, a last event that does not
    /// read yet may be another process's write in progress, and is left for the next poll.
    fn load_unlocked(&mut self, use_snapshot: bool, locked: bool) -> Result<()> {
        let bytes = match std::fs::read(self.journal_path()) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(TriageError::io(self.journal_path(), e)),
        };
        self.state = TriageState::default();
        self.history = History::default();
        (self.offset, self.line, self.last_seq) = (0, 1, 0);
        self.damage.clear();
        if use_snapshot && let Some(snap) = Snapshot::load(&self.dir).filter(|s| s.matches(&bytes))
        {
            (self.offset, self.line, self.last_seq) =
                (snap.journal_bytes, snap.journal_line, snap.last_seq);
            self.damage = snap.damage.clone();
            (self.state, self.history) = snap.into_parts();
        }
        let tail = &bytes[self.offset as usize..];
        self.replayed_at_open = self.consume(tail, locked).len();
        self.unseen_damage = 0;
        Ok(())
    }

    /// Read events from `buf` (the journal from `self.offset` on) and apply them.
    fn consume(&mut self, buf: &[u8], complete: bool) -> Vec<Event> {
        let parsed = format::parse(buf, self.line, complete);
        let used = &buf[..parsed.consumed];
        self.offset += used.len() as u64;
        self.line += memchr::memchr_iter(b'\n', used).count();
        self.damage.extend(parsed.damage);
        for ev in &parsed.events {
            replay::apply_event(&mut self.state, &mut self.history, ev);
            self.last_seq = self.last_seq.max(ev.seq);
        }
        parsed.events
    }

    /// Every event of the journal in `state_dir`, in order, and the damaged parts skipped (for
    /// `log`). Reads the whole journal; no snapshot involved.
    pub fn read_log(state_dir: &Path) -> Result<(Vec<Event>, Vec<Damage>)> {
        let j = Journal::empty(state_dir, "");
        let _guard = j.lock_shared();
        let path = j.journal_path();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(TriageError::io(path, e)),
        };
        let parsed = format::parse(&bytes, 1, true);
        Ok((parsed.events, parsed.damage))
    }

    /// The current state of every touched cable.
    pub fn state(&self) -> &TriageState {
        &self.state
    }

    /// Every label in use, sorted, for completion.
    pub fn labels_in_use(&self) -> BTreeSet<&str> {
        self.state.labels_in_use()
    }

    /// How many events start-up replayed from the journal (all of them without a snapshot,
    /// only the tail with one).
    pub fn replayed_at_open(&self) -> usize {
        self.replayed_at_open
    }

    /// Who acts in this session.
    pub fn user(&self) -> &str {
        &self.user
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn journal_path(&self) -> PathBuf {
        self.dir.join(JOURNAL_FILE)
    }

    /// Every damaged part of the journal found so far (each was skipped).
    pub fn damage(&self) -> &[Damage] {
        &self.damage
    }

    /// Damage found since the last call (for a status-bar warning after a poll).
    pub fn take_new_damage(&mut self) -> Vec<Damage> {
        let new = self.damage[self.unseen_damage.min(self.damage.len())..].to_vec();
        self.unseen_damage = self.damage.len();
        new
    }

    /// What `undo()` would take back, if anything.
    pub fn next_undo(&self) -> Option<&replay::Record> {
        self.history.next_undo(&self.user)
    }

    /// What `redo()` would apply again, if anything.
    pub fn next_redo(&self) -> Option<&replay::Record> {
        self.history.next_redo(&self.user)
    }

    /// Record `op` on the cables `keys` (a bulk action is one event, undone in one step).
    /// Durable (fsync'd) before it returns Ok; on error nothing was recorded.
    pub fn apply(&mut self, op: Op, keys: &[String]) -> Result<Applied> {
        op.check(keys)?;
        let mut cables: Vec<String> = Vec::with_capacity(keys.len());
        for k in keys {
            if !cables.contains(k) {
                cables.push(k.clone());
            }
        }
        self.append(|_| Ok((cables, op)))
    }

    /// Take back this user's latest action not yet undone (as a new `undo` event).
    pub fn undo(&mut self) -> Result<Applied> {
        self.append(|j| {
            let r = j
                .history
                .next_undo(&j.user)
                .ok_or(TriageError::NothingToUndo)?;
            Ok((r.cables.clone(), Op::Undo { undoes: r.seq }))
        })
    }

    /// Apply again this user's latest undone action (as a new `redo` event).
    pub fn redo(&mut self) -> Result<Applied> {
        self.append(|j| {
            let r = j
                .history
                .next_redo(&j.user)
                .ok_or(TriageError::NothingToRedo)?;
            Ok((r.cables.clone(), Op::Redo { redoes: r.seq }))
        })
    }

    /// Events other processes appended since the last read, applied to the state and returned
    /// (so the UI can say "alice routed 09MOSCOW12 to EUR/RUS").
    pub fn poll_new(&mut self) -> Result<Vec<Event>> {
        let guard = self.lock_shared();
        let path = self.journal_path();
        let mut f = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(TriageError::io(path, e)),
        };
        let len = f.metadata().map_err(|e| TriageError::io(&path, e))?.len();
        if len < self.offset {
            // The journal was replaced or cut: start over from it.
            drop(guard);
            self.load(false)?;
            return Ok(Vec::new());
        }
        let buf = read_from(&mut f, self.offset).map_err(|e| TriageError::io(&path, e))?;
        Ok(self.consume(&buf, guard.is_some()))
    }

    /// Lock, catch up, build the event with `make`, append it durably, apply it.
    fn append(
        &mut self,
        make: impl FnOnce(&Journal) -> Result<(Vec<String>, Op)>,
    ) -> Result<Applied> {
        std::fs::create_dir_all(&self.dir).map_err(|e| TriageError::io(&self.dir, e))?;
        let _guard = self.lock_exclusive()?;
        let path = self.journal_path();
        let io = |e| TriageError::io(&path, e);
        let existed = path.exists();
        let mut f = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(io)?;
        let len = f.metadata().map_err(io)?.len();
        if len < self.offset {
            self.load_unlocked(false, true)?;
        }
        let news = read_from(&mut f, self.offset).map_err(io)?;
        self.consume(&news, true);
        let old_len = self.offset;
        let torn = old_len > 0 && last_byte(&mut f, old_len).map_err(io)? != b'\n';

        let (cables, op) = make(self)?;
        if !op.is_history() && !cables.iter().any(|k| self.would_change(&op, k)) {
            return Ok(Applied {
                event: None,
                touched: cables.len(),
                changed: 0,
            });
        }
        let event = Event {
            seq: self.last_seq + 1,
            at: Utc::now(),
            user: self.user.clone(),
            cables,
            op,
        };
        let mut text = format::encode(&event).map_err(|e| TriageError::Encode(e.to_string()))?;
        if torn {
            text.insert(0, '\n');
        }
        let written = f.write_all(text.as_bytes()).and_then(|()| f.sync_data());
        if let Err(e) = written {
            // Leave the file as it was: cut off whatever part of the event got written.
            let _ = f.set_len(old_len).and_then(|()| f.sync_data());
            return Err(io(e));
        }
        if !existed {
            snapshot::sync_dir(&self.dir)?;
        }
        let before: Vec<_> = event
            .cables
            .iter()
            .map(|k| self.state.get(k).clone())
            .collect();
        self.consume(text.as_bytes(), true);
        let changed = event
            .cables
            .iter()
            .zip(before)
            .filter(|(k, b)| self.state.get(k) != b)
            .count();
        Ok(Applied {
            touched: event.cables.len(),
            changed,
            event: Some(event),
        })
    }

    fn would_change(&self, op: &Op, key: &str) -> bool {
        let now = self.state.get(key);
        let mut then = now.clone();
        op.apply_to(&mut then, &self.user);
        &then != now
    }

    /// Write `<state>/snapshot.toml` covering everything read so far.
    pub fn write_snapshot(&self) -> Result<()> {
        let path = self.journal_path();
        let mut f = File::open(&path).map_err(|e| TriageError::io(&path, e))?;
        let mut prefix = Vec::with_capacity(self.offset as usize);
        (&mut f)
            .take(self.offset)
            .read_to_end(&mut prefix)
            .map_err(|e| TriageError::io(&path, e))?;
        if prefix.len() as u64 != self.offset {
            return Err(TriageError::Invalid(
                "the journal is shorter than what was read".into(),
            ));
        }
        let snap = Snapshot::new(
            &prefix,
            self.line,
            self.last_seq,
            &self.damage,
            &self.state,
            &self.history,
        );
        snap.store(&self.dir)
    }

    /// Take the journal lock exclusively, to append.
    fn lock_exclusive(&self) -> Result<LockGuard> {
        let path = self.dir.join(LOCK_FILE);
        // A lock needs only an open file: another user's lock file (not writable for us) will
        // do, read-only; whether we may append is then the journal's own permission.
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .or_else(|e| match e.kind() {
                std::io::ErrorKind::PermissionDenied => File::open(&path).map_err(|_| e),
                _ => Err(e),
            })
            .map_err(|e| TriageError::io(&path, e))?;
        file.lock().map_err(|e| TriageError::io(&path, e))?;
        Ok(LockGuard(file))
    }

    /// Take the journal lock shared, to read. None when there is no lock file to take (nothing
    /// was ever appended, or a read-only state directory): reading then goes on unlocked, and
    /// a last event that does not read yet is left for the next poll.
    fn lock_shared(&self) -> Option<LockGuard> {
        let file = File::open(self.dir.join(LOCK_FILE)).ok()?;
        file.lock_shared().ok()?;
        Some(LockGuard(file))
    }
}

/// Holds the journal lock until dropped.
#[derive(Debug)]
struct LockGuard(File);

impl Drop for LockGuard {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

fn read_from(f: &mut File, offset: u64) -> std::io::Result<Vec<u8>> {
    f.seek(SeekFrom::Start(offset))?;
    let mut buf = Vec::new();
    f.read_to_end(&mut buf)?;
    Ok(buf)
}

fn last_byte(f: &mut File, len: u64) -> std::io::Result<u8> {
    f.seek(SeekFrom::Start(len - 1))?;
    let mut b = [0u8; 1];
    f.read_exact(&mut b)?;
    Ok(b[0])
}
