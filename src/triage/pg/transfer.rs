//! Moving a journal between the two backends.
//!
//! - [`push`]: a file journal into the database, in one transaction (all or nothing). Each file
//!   event is keyed by its identity (its `hash`, or for an event of format 1 the hash of its
//!   text): an event already pushed is not added again, so pushing twice adds nothing. Events
//!   get the database's next numbers; an undo or redo names its target by the new number. The
//!   time, user and `os_user` stay the file's. Only the journal's owner may push (the trigger
//!   refuses others).
//! - [`pull`]: the database's journal as the text of a file journal, chained from its start.

use std::collections::HashMap;
use std::path::Path;

use super::super::error::{Result, TriageError};
use super::super::format;
use super::super::journal::{JOURNAL_FILE, Journal};
use super::super::ops::{Event, Op};
use super::{Store, classify, schema};

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pushed {
    /// Events added to the database.
    pub added: usize,
    /// Events the database had already (pushed before).
    pub already: usize,
    /// Damaged parts of the file journal, skipped (in words).
    pub damage: Vec<String>,
}

/// File events, each with its identity, and the damaged parts skipped (in words).
type FileEvents = (Vec<(Event, String)>, Vec<String>);

/// The events of the file journal in `state_dir`, each with its identity.
fn file_events(state_dir: &Path) -> Result<FileEvents> {
    let path = state_dir.join(JOURNAL_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(TriageError::io(path, e)),
    };
    let parsed = format::parse(&bytes, 1, true);
    let mut damage: Vec<String> = parsed.damage.iter().map(ToString::to_string).collect();
    let mut out = Vec::with_capacity(parsed.events.len());
    let mut last = 0;
    for (ev, link) in parsed.events.into_iter().zip(parsed.links) {
        // The file journal's own rule: numbers only rise, anything else is skipped.
        if ev.seq <= last {
            damage.push(format!(
                "journal.toml line {}: event #{} comes after #{last}; skipped",
                link.line, ev.seq
            ));
            continue;
        }
        last = ev.seq;
        let id = match link.hash {
            Some(h) => h,
            None => {
                format::encode(&ev, None)
                    .map_err(|e| TriageError::Encode(e.to_string()))?
                    .hash
            }
        };
        out.push((ev, id));
    }
    Ok((out, damage))
}

/// Copy the file journal of `state_dir` into the database at `url` (see the module doc).
pub fn push(state_dir: &Path, url: &str) -> Result<Pushed> {
    let (events, damage) = file_events(state_dir)?;
    let mut store = Store::new(url)?;
    let target = store.target().to_string();
    let pg = |e: postgres::Error| classify(&target, &e);
    let client = store.client()?;
    let mut tx = client.transaction().map_err(pg)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&schema::LOCK_KEY])
        .map_err(pg)?;
    let mut known: HashMap<String, u64> = HashMap::new();
    for row in tx
        .query(
            "SELECT origin, seq FROM cabletriage.events WHERE origin IS NOT NULL",
            &[],
        )
        .map_err(pg)?
    {
        known.insert(row.get(0), u64::try_from(row.get::<_, i64>(1)).unwrap_or(0));
    }
    let head = tx
        .query_opt(
            "SELECT seq, hash FROM cabletriage.events ORDER BY seq DESC LIMIT 1",
            &[],
        )
        .map_err(pg)?;
    let (mut seq, mut prev): (u64, Option<String>) = match head {
        Some(r) => (u64::try_from(r.get::<_, i64>(0)).unwrap_or(0), r.get(1)),
        None => (0, None),
    };
    // File numbers to database numbers, for undo and redo targets.
    let mut renumber: HashMap<u64, u64> = HashMap::new();
    let mut done = Pushed {
        damage,
        ..Pushed::default()
    };
    for (ev, id) in events {
        if let Some(&at) = known.get(&id) {
            renumber.insert(ev.seq, at);
            done.already += 1;
            continue;
        }
        seq += 1;
        renumber.insert(ev.seq, seq);
        // A target the push does not know (a damaged event) becomes #0: no event, so the undo
        // stays the no-op it was in the file.
        let op = match ev.op {
            Op::Undo { undoes } => Op::Undo {
                undoes: renumber.get(&undoes).copied().unwrap_or(0),
            },
            Op::Redo { redoes } => Op::Redo {
                redoes: renumber.get(&redoes).copied().unwrap_or(0),
            },
            other => other,
        };
        let new = Event { seq, op, ..ev };
        let hash = format::encode(&new, prev.as_deref())
            .map_err(|e| TriageError::Encode(e.to_string()))?
            .hash;
        super::super::journal::insert_row(&mut tx, &new, prev.as_deref(), &hash, Some(&id))
            .map_err(pg)?;
        known.insert(id, seq);
        prev = Some(hash);
        done.added += 1;
    }
    tx.commit().map_err(pg)?;
    Ok(done)
}

/// The database's journal as the text of a file journal, with the number of events and the
/// events skipped (in words).
pub fn pull(url: &str) -> Result<(String, usize, Vec<String>)> {
    let (events, skipped) = Journal::read_log_db(url)?;
    let text = format::encode_all(&events).map_err(|e| TriageError::Encode(e.to_string()))?;
    Ok((text, events.len(), skipped))
}
