//! The journal kept in PostgreSQL (see [`crate::triage::pg`]): open by reading every event in
//! `seq` order, append in one transaction, pick up what others committed since the last `seq`
//! seen. The state, the undo history and the hash chain are the file journal's, fed the same
//! events.
//!
//! An append: BEGIN; take the journal's advisory lock (held to the commit, so appends are one
//! total order); read the events committed since our last (so the new event's number, undo
//! target and "would it change anything" are current); build the event with the database's
//! clock and role; INSERT; COMMIT; only then apply it and return Ok. Any error rolls the
//! transaction back: nothing was recorded. A connection lost at the COMMIT itself leaves it
//! unknown whether the event was committed: the error says so, and the next read shows it if
//! it was (nothing is ever shown done that is not committed).

use std::path::Path;

use super::super::error::{Result, TriageError};
use super::super::format;
use super::super::ops::{Event, Op};
use super::super::pg::{self, Store, rows, schema};
use super::super::replay;
use super::super::snapshot::{self, Snapshot};
use super::{Applied, Journal};

impl Journal {
    /// Open the journal kept in the database at `url`, for `user`; `state_dir` still holds this
    /// session's drafts and index. Reads every event (no snapshot). An unreachable database is
    /// [`TriageError::Offline`].
    pub fn open_db(url: &str, state_dir: impl AsRef<Path>, user: &str) -> Result<Journal> {
        super::super::ops::check_user(user)?;
        let mut j = Journal::empty(state_dir.as_ref(), user);
        j.store = Some(Store::new(url)?);
        j.with_store(|j, store| j.load_db_snapshot(store))?;
        j.replayed_at_open = j.poll_db()?.len();
        j.unseen_damage = 0;
        if j.replayed_at_open > super::SNAPSHOT_AFTER {
            // Best effort: a state directory we cannot write still opens.
            let _ = j.write_db_snapshot();
        }
        Ok(j)
    }

    /// Start from `<state>/snapshot.db.toml` when it covers a prefix of this database's
    /// history: it names this database, and the database's event at its last seq has the hash
    /// it recorded (the chain links every event before to that one).
    fn load_db_snapshot(&mut self, store: &mut Store) -> Result<()> {
        let path = self.dir.join(snapshot::DB_SNAPSHOT_FILE);
        let snap = match Snapshot::load_file(&path) {
            Ok(Some(s)) => s,
            Ok(None) => return Ok(()),
            Err(why) => {
                self.notices.push(why);
                return Ok(());
            }
        };
        let Some(head) = snap.chain.head.clone() else {
            return Ok(());
        };
        if snap.journal_hash != snapshot_key(store, &head) {
            return Ok(());
        }
        let seq = seq_param(snap.last_seq)?;
        let found = {
            let client = store.client()?;
            client.query_opt(
                "SELECT hash FROM cabletriage.events WHERE seq = $1",
                &[&seq],
            )
        };
        let found = found.map_err(|e| store.error(e))?;
        if found.and_then(|r| r.get::<_, Option<String>>(0)) != Some(head) {
            return Ok(());
        }
        self.last_seq = snap.last_seq;
        self.chain = snap.chain.clone();
        (self.state, self.history) = snap.into_parts();
        self.state.set_viewer(Some(&self.user));
        Ok(())
    }

    /// Write `<state>/snapshot.db.toml` covering every event read so far.
    pub(super) fn write_db_snapshot(&self) -> Result<()> {
        let (Some(store), Some(head)) = (&self.store, &self.chain.head) else {
            return Ok(());
        };
        crate::state_dir::shared::create_dir(&self.dir)
            .map_err(|e| TriageError::io(&self.dir, e))?;
        let mut snap = Snapshot::new(
            &[],
            0,
            self.last_seq,
            (None, &self.chain),
            &[],
            &self.state,
            &self.history,
        );
        snap.journal_hash = snapshot_key(store, head);
        snap.store_file(&self.dir.join(snapshot::DB_SNAPSHOT_FILE))
    }

    /// Read the whole journal of the database at `url`, checking every event's hash against
    /// its text (for `journal verify` and `check`).
    pub fn audit_db(url: &str) -> Result<Journal> {
        let mut j = Journal::empty(Path::new(""), "");
        j.store = Some(Store::new(url)?);
        j.with_store(|j, store| {
            let rows = fetch_since(store, 0)?;
            j.consume_rows(rows, true);
            Ok(())
        })?;
        Ok(j)
    }

    /// Every event of the database's journal, in order, and the events skipped, in words (for
    /// `log`, `pull`).
    pub fn read_log_db(url: &str) -> Result<(Vec<Event>, Vec<String>)> {
        let mut j = Journal::empty(Path::new(""), "");
        j.store = Some(Store::new(url)?);
        let events = j.poll_db()?;
        Ok((events, j.notices))
    }

    /// Is this journal kept in a database?
    pub fn is_db(&self) -> bool {
        self.store.is_some()
    }

    /// Where the journal is, for messages: the database (host and name) or the state directory.
    pub fn location(&self) -> String {
        match &self.store {
            Some(s) => s.target().to_string(),
            None => self.dir.display().to_string(),
        }
    }

    /// For a database journal: is the connection up as far as the last use showed? (Always
    /// true for a file journal.)
    pub fn is_online(&self) -> bool {
        self.store.as_ref().is_none_or(Store::is_connected)
    }

    /// Run `f` with the store taken out of the journal (so both can be borrowed).
    fn with_store<T>(
        &mut self,
        f: impl FnOnce(&mut Journal, &mut Store) -> Result<T>,
    ) -> Result<T> {
        let Some(mut store) = self.store.take() else {
            return Err(TriageError::Database("not a database journal".into()));
        };
        let out = f(self, &mut store);
        self.store = Some(store);
        out
    }

    /// Read and apply the events committed since the last one seen.
    pub(super) fn poll_db(&mut self) -> Result<Vec<Event>> {
        self.with_store(|j, store| {
            let rows = fetch_since(store, j.last_seq)?;
            Ok(j.consume_rows(rows, false))
        })
    }

    /// Apply rows read in `seq` order; a row this version cannot read is skipped with a notice
    /// (its number stays taken). `verify`: check each event's hash against its text.
    fn consume_rows(&mut self, rows: Vec<rows::Stored>, verify: bool) -> Vec<Event> {
        let mut taken = Vec::with_capacity(rows.len());
        for r in rows {
            if r.seq <= self.last_seq {
                continue;
            }
            let link = r.link(verify);
            self.last_seq = r.seq;
            match r.event {
                Ok(ev) => {
                    self.chain.follow(ev.seq, &link);
                    replay::apply_event(&mut self.state, &mut self.history, &ev);
                    taken.push(ev);
                }
                Err(why) => {
                    self.chain.head = Some(r.hash);
                    let at = self.location();
                    self.notices
                        .push(format!("{at}: event #{}: {why}; skipped", r.seq));
                }
            }
        }
        taken
    }

    /// Append to the database: see the module doc.
    pub(super) fn append_db(
        &mut self,
        make: impl FnOnce(&Journal) -> Result<(Vec<String>, Op)>,
    ) -> Result<Applied> {
        self.with_store(|j, store| {
            let target = store.target().to_string();
            // A connection that died since its last use fails at BEGIN, before anything of the
            // event was sent: once more on a fresh one.
            if store.client()?.batch_execute("BEGIN").is_err() {
                store.disconnect();
                let begun = store.client()?.batch_execute("BEGIN");
                begun.map_err(|e| store.error(e))?;
            }
            let client = store.client()?;
            let out = j.append_tx(client, &target, make);
            if out.is_err() {
                // Nothing of a failed append stays (a lost connection has rolled back anyway).
                let _ = client.batch_execute("ROLLBACK");
            }
            if matches!(out, Err(TriageError::Offline { .. })) {
                store.disconnect();
            }
            out
        })
    }

    /// The append inside the transaction `BEGIN` opened on `tx`; COMMITs on success.
    fn append_tx(
        &mut self,
        tx: &mut postgres::Client,
        target: &str,
        make: impl FnOnce(&Journal) -> Result<(Vec<String>, Op)>,
    ) -> Result<Applied> {
        let pg = |e: postgres::Error| pg::classify(target, &e);
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&schema::LOCK_KEY])
            .map_err(pg)?;
        let news = tx
            .query(&since_sql(), &[&seq_param(self.last_seq)?])
            .map_err(pg)?;
        let news = news
            .iter()
            .map(rows::decode)
            .collect::<Result<Vec<_>, _>>()
            .map_err(pg)?;
        self.consume_rows(news, false);
        let (cables, op) = make(self)?;
        if self.changes_nothing(&op, &cables) {
            tx.batch_execute("ROLLBACK").map_err(pg)?;
            return Ok(Applied {
                event: None,
                touched: cables.len(),
                changed: 0,
            });
        }
        let seq = self.next_seq()?;
        let now = tx
            .query_one(
                "SELECT greatest(clock_timestamp(), (SELECT at FROM cabletriage.events \
                 ORDER BY seq DESC LIMIT 1)), current_user::text",
                &[],
            )
            .map_err(pg)?;
        let event = Event {
            seq,
            at: now.get(0),
            user: self.user.clone(),
            os_user: Some(now.get(1)),
            cables,
            op,
        };
        let prev = self.chain.head.clone();
        let enc = format::encode(&event, prev.as_deref())
            .map_err(|e| TriageError::Encode(e.to_string()))?;
        insert(tx, &event, prev.as_deref(), &enc.hash, None).map_err(pg)?;
        tx.batch_execute("COMMIT").map_err(|e| match pg(e) {
            TriageError::Offline { target, cause } => TriageError::Offline {
                target,
                cause: format!("{cause}; the connection was lost at the commit, so the action may or may not be recorded: it shows once the journal is back if it was"),
            },
            other => other,
        })?;
        let before = self.states_of(&event.cables);
        let stored = rows::Stored {
            seq,
            event: Ok(event.clone()),
            prev,
            hash: enc.hash,
        };
        self.consume_rows(vec![stored], false);
        Ok(self.applied(event, before))
    }
}

/// Insert one event row (`origin`: the file event it was copied from, for `journal push`).
pub(crate) fn insert(
    tx: &mut impl postgres::GenericClient,
    ev: &Event,
    prev: Option<&str>,
    hash: &str,
    origin: Option<&str>,
) -> std::result::Result<u64, postgres::Error> {
    let seq = i64::try_from(ev.seq).unwrap_or(i64::MAX);
    let exact = origin.map(|_| ev.at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    tx.execute(
        r#"INSERT INTO cabletriage.events
           (seq, at, "user", os_user, cables, op, fields, prev, hash, origin, at_exact)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"#,
        &[
            &seq,
            &ev.at,
            &ev.user,
            &ev.os_user,
            &ev.cables,
            &ev.op.name(),
            &rows::fields(&ev.op),
            &prev,
            &hash,
            &origin,
            &exact,
        ],
    )
}

/// What a database snapshot is keyed by: the database (host, port, name) and the last event's
/// hash.
fn snapshot_key(store: &Store, head: &str) -> String {
    format!("{} {head}", store.target())
}

fn since_sql() -> String {
    format!(
        "SELECT {} FROM cabletriage.events WHERE seq > $1 ORDER BY seq",
        rows::COLUMNS
    )
}

fn seq_param(seq: u64) -> Result<i64> {
    i64::try_from(seq).map_err(|_| TriageError::Exhausted { last: seq })
}

/// The rows committed after `seq`, in order. A read that finds the connection dead is tried
/// once more on a fresh one (the server may have restarted since the last use).
fn fetch_since(store: &mut Store, seq: u64) -> Result<Vec<rows::Stored>> {
    match fetch_once(store, seq) {
        Err(TriageError::Offline { .. }) => {
            store.disconnect();
            fetch_once(store, seq)
        }
        other => other,
    }
}

fn fetch_once(store: &mut Store, seq: u64) -> Result<Vec<rows::Stored>> {
    let param = seq_param(seq)?;
    let rows = {
        let client = store.client()?;
        client.query(&since_sql(), &[&param])
    };
    let rows = rows.map_err(|e| store.error(e))?;
    rows.iter()
        .map(rows::decode)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| store.error(e))
}
