//! The journal of one state directory: open (snapshot + replay of the tail), append an event
//! durably under an exclusive file lock, undo/redo, and pick up events other processes appended.
//!
//! An append: lock `<state>/journal.lock` exclusively; read whatever others appended since our
//! last read (so the new event's number and any undo target are current); write the event in one
//! `write_all`, starting on a fresh line if the file's tail is torn; `sync_data`; unlock; only
//! then return Ok. A failed write is cut back off the file, so a full disk leaves it as it was.
//!
//! Event numbers only rise: an event whose number is not above the one before it is skipped as
//! damage, a damaged event whose number still reads keeps it reserved, and the journal refuses
//! an append once the numbers run out (at `i64::MAX`, the largest a TOML integer holds) rather
//! than wrap. A journal of a newer format is never appended to; one of format 1 is rewritten as
//! format 2 at the first append (see `upgrade.rs`).
//!
//! A journal kept in PostgreSQL ([`Journal::open_db`]) has the same events, state and history;
//! its appends, reads and audits are in `journal/db.rs`, and every public method here works on
//! either.

use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::chain::Chain;
use super::error::{Result, TriageError};
use super::format::{self, Damage, Link};
use super::lock;
use super::model::TriageState;
use super::ops::{Event, Op};
use super::replay::{self, History};
use super::snapshot::{self, Snapshot};

mod db;
pub(crate) use db::insert as insert_row;

pub const JOURNAL_FILE: &str = "journal.toml";
pub use super::lock::LOCK_FILE;
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
    os_user: String,
    state: TriageState,
    history: History,
    /// Bytes of `journal.toml` read so far, and the 1-based line they end before.
    offset: u64,
    line: usize,
    last_seq: u64,
    /// The journal's `format = N` (None: a new journal, or one of format 1).
    format: Option<u32>,
    chain: Chain,
    /// Device and inode of the journal read: a journal replaced by another file (an upgrade, a
    /// restore) is read again from the start.
    identity: Option<(u64, u64)>,
    damage: Vec<Damage>,
    unseen_damage: usize,
    /// Chain breaks and notices already handed out by [`Journal::take_new_alerts`].
    seen_alerts: (usize, usize),
    /// Things about the state directory worth a warning (a damaged snapshot replaced).
    notices: Vec<String>,
    replayed_at_open: usize,
    /// The database, for a journal kept in PostgreSQL (None: the file in `dir`).
    store: Option<super::pg::Store>,
}

impl Journal {
    /// Open the journal of `state_dir` for `user`. Nothing is created until the first action;
    /// damage in the journal is reported by [`Journal::damage`], never fatal.
    /// A user name with control characters is refused ([`TriageError::Invalid`]).
    pub fn open(state_dir: impl AsRef<Path>, user: &str) -> Result<Journal> {
        super::ops::check_user(user)?;
        let mut j = Journal::empty(state_dir.as_ref(), user);
        j.load(true)?;
        if j.replayed_at_open > SNAPSHOT_AFTER || j.snapshot_damaged() {
            // Best effort: a read-only state directory still opens.
            let _ = j.write_snapshot();
        }
        Ok(j)
    }

    /// Open by replaying the whole journal, neither reading nor writing a snapshot (for checks
    /// and measurement).
    pub fn open_full(state_dir: impl AsRef<Path>, user: &str) -> Result<Journal> {
        super::ops::check_user(user)?;
        let mut j = Journal::empty(state_dir.as_ref(), user);
        j.load(false)?;
        Ok(j)
    }

    fn empty(dir: &Path, user: &str) -> Journal {
        Journal {
            dir: dir.to_path_buf(),
            user: user.to_string(),
            os_user: super::account::os_user(),
            state: TriageState::for_viewer(Some(user)),
            history: History::default(),
            offset: 0,
            line: 1,
            last_seq: 0,
            format: None,
            chain: Chain::default(),
            identity: None,
            damage: Vec::new(),
            unseen_damage: 0,
            seen_alerts: (0, 0),
            notices: Vec::new(),
            replayed_at_open: 0,
            store: None,
        }
    }

    /// Read the whole journal of `state_dir` without a snapshot and without a user, for checks:
    /// its events' state, damage and hash chain.
    pub fn audit(state_dir: impl AsRef<Path>) -> Result<Journal> {
        let mut j = Journal::empty(state_dir.as_ref(), "");
        j.load(false)?;
        Ok(j)
    }

    /// (Re)load from the snapshot, if it matches, and the journal.
    fn load(&mut self, use_snapshot: bool) -> Result<()> {
        let guard = lock::shared(&self.dir);
        self.load_unlocked(use_snapshot, guard.is_some())
    }

    /// Load, the caller holding the lock (`locked`) or not: unlocked, a last event that does not
    /// read yet may be another process's write in progress, and is left for the next poll.
    fn load_unlocked(&mut self, use_snapshot: bool, locked: bool) -> Result<()> {
        let path = self.journal_path();
        let (bytes, identity) = match File::open(&path) {
            Ok(mut f) => {
                let id = f.metadata().ok().map(|m| (m.dev(), m.ino()));
                let mut b = Vec::new();
                f.read_to_end(&mut b)
                    .map_err(|e| TriageError::io(&path, e))?;
                (b, id)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Vec::new(), None),
            Err(e) => return Err(TriageError::io(path, e)),
        };
        self.identity = identity;
        self.state = TriageState::for_viewer(Some(&self.user));
        self.history = History::default();
        (self.offset, self.line, self.last_seq) = (0, 1, 0);
        (self.format, self.chain) = (None, Chain::default());
        self.seen_alerts.0 = 0;
        self.damage.clear();
        if use_snapshot {
            match Snapshot::load(&self.dir) {
                Ok(Some(snap)) if snap.matches(&bytes) => {
                    (self.offset, self.line, self.last_seq) =
                        (snap.journal_bytes, snap.journal_line, snap.last_seq);
                    (self.format, self.chain) = (snap.format, snap.chain.clone());
                    self.damage = snap.damage.clone();
                    (self.state, self.history) = snap.into_parts();
                    self.state.set_viewer(Some(&self.user));
                }
                Ok(_) => {}
                Err(why) => self.notices.push(why),
            }
        }
        let tail = &bytes[self.offset as usize..];
        self.replayed_at_open = self.consume(tail, locked).len();
        self.unseen_damage = 0;
        Ok(())
    }

    /// Read events from `buf` (the journal from `self.offset` on) and apply them.
    fn consume(&mut self, buf: &[u8], complete: bool) -> Vec<Event> {
        let at_start = self.offset == 0;
        let parsed = format::parse(buf, self.line, complete);
        let used = &buf[..parsed.consumed];
        self.offset += used.len() as u64;
        self.line += memchr::memchr_iter(b'\n', used).count();
        if at_start && parsed.format.is_some() {
            self.format = parsed.format;
        }
        self.damage.extend(parsed.damage);
        let mut taken = Vec::with_capacity(parsed.events.len());
        for (ev, link) in parsed.events.into_iter().zip(parsed.links) {
            if let Some(d) = out_of_order(&ev, &link, self.last_seq) {
                self.damage.push(d);
                continue;
            }
            self.chain.follow(ev.seq, &link);
            replay::apply_event(&mut self.state, &mut self.history, &ev);
            self.last_seq = ev.seq;
            taken.push(ev);
        }
        if let Some(r) = parsed.reserved {
            self.last_seq = self.last_seq.max(r);
        }
        taken
    }

    /// Every event of the journal in `state_dir`, in order, and the damaged parts skipped (for
    /// `log`). Reads the whole journal; no snapshot involved.
    pub fn read_log(state_dir: &Path) -> Result<(Vec<Event>, Vec<Damage>)> {
        let mut j = Journal::empty(state_dir, "");
        let _guard = lock::shared(state_dir);
        let path = j.journal_path();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(TriageError::io(path, e)),
        };
        let events = j.consume(&bytes, true);
        Ok((events, j.damage))
    }

    /// The hash chain as far as it was followed (see [`super::chain`]).
    pub fn chain(&self) -> &Chain {
        &self.chain
    }

    /// The journal's format (None: nothing written yet, or format 1).
    pub fn format(&self) -> Option<u32> {
        self.format
    }

    /// Warnings about the state directory that are not damage in the journal (a damaged
    /// snapshot that was replaced by a replay).
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    fn snapshot_damaged(&self) -> bool {
        !self.notices.is_empty()
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

    /// Mark cables that arrived while the inbox is open as new (`is:new`); in memory only.
    pub fn mark_new<'a>(&mut self, keys: impl IntoIterator<Item = &'a str>) {
        self.state.mark_new(keys);
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

    /// Breaks in the hash chain and notices found since the last call, in words, for a
    /// warning: an edit of history is something every officer on the traffic should see.
    pub fn take_new_alerts(&mut self) -> Vec<String> {
        let (b, n) = self.seen_alerts;
        let breaks = &self.chain.breaks[b.min(self.chain.breaks.len())..];
        let mut out: Vec<String> = breaks
            .iter()
            .map(|br| format!("the journal's history was altered: {br}"))
            .collect();
        out.extend(self.notices[n.min(self.notices.len())..].iter().cloned());
        self.seen_alerts = (self.chain.breaks.len(), self.notices.len());
        out
    }

    /// What `undo()` would take back, if anything.
    pub fn next_undo(&self) -> Option<&replay::Record> {
        self.history.next_undo(&self.user)
    }

    /// Would `undo()` change nothing, because everything the action changed was changed again
    /// since (by a colleague)? The undo is still recorded, so the next one goes further back.
    pub fn next_undo_is_overridden(&self) -> bool {
        self.next_undo().is_some_and(|r| {
            r.restores
                .iter()
                .all(|x| !x.would_change(self.state.get(&x.cable)))
        })
    }

    /// What `redo()` would apply again, if anything.
    pub fn next_redo(&self) -> Option<&replay::Record> {
        self.history.next_redo(&self.user)
    }

    /// Record `op` on the cables `keys` (a bulk action is one event, undone in one step).
    /// Durable (fsync'd) before it returns Ok; on error nothing was recorded.
    pub fn apply(&mut self, op: Op, keys: &[String]) -> Result<Applied> {
        op.check(keys)?;
        if let Op::AddInfoDesk { desk } = &op
            && let Some(k) = keys
                .iter()
                .find(|k| self.state.get(k).action_desk.as_ref() == Some(desk))
        {
            return Err(TriageError::Invalid(format!(
                "{desk} is the action desk of {k}: a desk is either the action desk or an info desk"
            )));
        }
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
        if self.store.is_some() {
            return self.poll_db();
        }
        let guard = lock::shared(&self.dir);
        let path = self.journal_path();
        let mut f = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(TriageError::io(path, e)),
        };
        let meta = f.metadata().map_err(|e| TriageError::io(&path, e))?;
        if meta.len() < self.offset || self.replaced(&meta) {
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
        if self.store.is_some() {
            return self.append_db(make);
        }
        crate::state_dir::shared::create_dir(&self.dir)
            .map_err(|e| TriageError::io(&self.dir, e))?;
        let _guard = lock::exclusive(&self.dir)?;
        let path = self.journal_path();
        let io = |e| TriageError::io(&path, e);
        let existed = path.exists();
        let mut f = self.open_for_append(&path)?;
        let meta = f.metadata().map_err(io)?;
        if meta.len() < self.offset || self.replaced(&meta) {
            self.load_unlocked(false, true)?;
        }
        let news = read_from(&mut f, self.offset).map_err(io)?;
        self.consume(&news, true);
        match self.format {
            Some(found) if found > format::FORMAT => {
                return Err(TriageError::NewerFormat {
                    path: path.clone(),
                    found,
                    supported: format::FORMAT,
                });
            }
            None if self.offset > 0 => {
                let backup = super::upgrade::to_current(&self.dir, &path)?;
                self.notices.push(format!(
                    "the journal was rewritten in format {}; the old file is kept as {}",
                    format::FORMAT,
                    backup.display()
                ));
                self.load_unlocked(false, true)?;
                f = self.open_for_append(&path)?;
            }
            _ => {}
        }
        self.identity = f.metadata().ok().map(|m| (m.dev(), m.ino()));
        let old_len = self.offset;
        let torn = old_len > 0 && last_byte(&mut f, old_len).map_err(io)? != b'\n';

        let (cables, op) = make(self)?;
        if self.changes_nothing(&op, &cables) {
            return Ok(Applied {
                event: None,
                touched: cables.len(),
                changed: 0,
            });
        }
        let seq = self.next_seq()?;
        let event = Event {
            seq,
            at: crate::clock::now(),
            user: self.user.clone(),
            os_user: Some(self.os_user.clone()),
            cables,
            op,
        };
        let mut text = format::encode(&event, self.chain.head.as_deref())
            .map_err(|e| TriageError::Encode(e.to_string()))?
            .text;
        if old_len == 0 {
            text.insert_str(0, &format::preamble());
        }
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
        let before = self.states_of(&event.cables);
        self.consume(text.as_bytes(), true);
        Ok(self.applied(event, before))
    }

    /// The journal, opened to append; made (shared with the group) if there is none yet.
    fn open_for_append(&self, path: &Path) -> Result<File> {
        let mut read_append = OpenOptions::new();
        read_append.read(true).append(true);
        crate::state_dir::shared::open_or_create(path, &read_append)
            .map_err(|e| TriageError::io(path, e))
    }

    /// Is the journal now another file than the one read?
    fn replaced(&self, meta: &std::fs::Metadata) -> bool {
        self.identity
            .is_some_and(|id| id != (meta.dev(), meta.ino()))
    }

    /// The states of these cables now, to count what an event changed ([`Journal::applied`]).
    fn states_of(&self, cables: &[String]) -> Vec<super::model::CableState> {
        cables.iter().map(|k| self.state.get(k).clone()).collect()
    }

    /// The outcome of `event`, read back into the state: how many of its cables differ from
    /// `before` (their states just before it, from [`Journal::states_of`]).
    fn applied(&self, event: Event, before: Vec<super::model::CableState>) -> Applied {
        let changed = event
            .cables
            .iter()
            .zip(before)
            .filter(|(k, b)| self.state.get(k) != b)
            .count();
        Applied {
            touched: event.cables.len(),
            changed,
            event: Some(event),
        }
    }

    /// An action that changes none of its cables is not recorded (history ops always are).
    fn changes_nothing(&self, op: &Op, cables: &[String]) -> bool {
        !op.is_history() && !cables.iter().any(|k| self.would_change(op, k))
    }

    /// The number the next event takes: one above the last, refused once the numbers run out
    /// (at `i64::MAX`, the largest a TOML integer or a PostgreSQL bigint holds).
    fn next_seq(&self) -> Result<u64> {
        self.last_seq
            .checked_add(1)
            .filter(|&s| i64::try_from(s).is_ok())
            .ok_or(TriageError::Exhausted {
                last: self.last_seq,
            })
    }

    fn would_change(&self, op: &Op, key: &str) -> bool {
        let now = self.state.get(key);
        let mut then = now.clone();
        // A note written again with the same text is no change: keep its time for the
        // comparison.
        let at = now
            .notes
            .get(&self.user)
            .map_or_else(crate::clock::now, |n| n.at);
        op.apply_to(&mut then, &self.user, at);
        then.view_as(self.state.viewer());
        &then != now
    }

    /// Write `<state>/snapshot.toml` covering everything read so far.
    pub fn write_snapshot(&self) -> Result<()> {
        if self.store.is_some() {
            return self.write_db_snapshot();
        }
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
            (self.format, &self.chain),
            &self.damage,
            &self.state,
            &self.history,
        );
        snap.store(&self.dir)
    }
}

/// An event whose number is not above the one before it: skipped (numbers only rise, so a
/// copied or hand-made event cannot take another's number or undo target).
fn out_of_order(ev: &Event, link: &Link, last: u64) -> Option<Damage> {
    (ev.seq <= last).then(|| Damage {
        line: link.line,
        lines: 1,
        reason: format!(
            "event #{} comes after #{last}: event numbers must rise",
            ev.seq
        ),
    })
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
