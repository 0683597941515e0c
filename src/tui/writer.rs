//! Journal writes off the UI thread: one writer thread with its own [`Journal`] (opened on the
//! session's state directory, user and journal database), taking jobs from a channel in order,
//! one at a time, and posting each outcome back as [`Event::Written`].
//!
//! Its own handle, not the session's: the file journal's exclusive lock is per open file
//! description, so the two handles in one process lock each other as two processes would, and a
//! database journal gets its own connection. The session's journal takes the writer's events in
//! through `poll_new`, as it takes a colleague's, and only then is a decision shown done.
//! [`run`] is the writer's whole logic, so tests can run a job in place on the session's journal.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use crate::triage::{Journal, Op, TriageError};

use super::event::Event;

/// What one step asks of the journal.
#[derive(Debug, Clone)]
pub enum Kind {
    Apply(Op),
    Undo,
    Redo,
}

/// One journal write: an op on cables (journal keys), or an undo or redo.
#[derive(Debug, Clone)]
pub struct Step {
    pub kind: Kind,
    pub keys: Vec<String>,
}

/// Steps written in order; a step is not tried once one before it failed (adding and removing
/// labels are two events, and the removal waits on the addition).
#[derive(Debug, Clone)]
pub struct Job {
    pub id: u64,
    pub steps: Vec<Step>,
}

/// What a durable step did.
#[derive(Debug, Clone, Default)]
pub struct Done {
    /// Cables whose state changed (0: it was so already, and nothing was recorded).
    pub changed: usize,
    /// For an undo or redo: the action taken back or applied again, in words.
    pub what: Option<String>,
    /// An undo of an action colleagues have changed since (it changed nothing).
    pub overridden: bool,
}

/// One result per step tried: all Ok, or Ok up to the one Err that stopped the job.
pub type Outcome = Vec<Result<Done, TriageError>>;

/// Write `steps` to `journal` in order, stopping at the first error. Each Ok is durable.
pub fn run(journal: &mut Journal, steps: &[Step]) -> Outcome {
    let mut out = Vec::with_capacity(steps.len());
    for step in steps {
        let r = one(journal, step);
        let failed = r.is_err();
        out.push(r);
        if failed {
            break;
        }
    }
    out
}

fn one(j: &mut Journal, step: &Step) -> Result<Done, TriageError> {
    match &step.kind {
        Kind::Apply(op) => {
            let a = j.apply(op.clone(), &step.keys)?;
            Ok(Done {
                changed: a.changed,
                ..Done::default()
            })
        }
        Kind::Undo | Kind::Redo => {
            let redo = matches!(step.kind, Kind::Redo);
            // Described from this journal, which has every earlier job of the queue in it.
            let what = if redo { j.next_redo() } else { j.next_undo() }.map(|r| r.describe());
            let overridden = !redo && j.next_undo_is_overridden();
            let a = if redo { j.redo() } else { j.undo() }?;
            Ok(Done {
                changed: a.changed,
                what,
                overridden,
            })
        }
    }
}

/// Where the writer opens its journal: the session's state directory, user and database.
#[derive(Debug, Clone)]
pub struct Target {
    pub state: PathBuf,
    pub user: String,
    pub url: Option<String>,
}

impl Target {
    fn open(&self) -> Result<Journal, TriageError> {
        match &self.url {
            Some(url) => Journal::open_db(url, &self.state, &self.user),
            None => Journal::open(&self.state, &self.user),
        }
    }
}

/// The writer thread; dropping it lets the thread finish the jobs already sent, then end.
pub struct Writer {
    jobs: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Writer {
    /// Start the writer on `target`, posting outcomes on `tx`. Its journal is opened on the
    /// thread (a failure is retried at each job, and reported as that job's outcome).
    pub fn spawn(target: Target, tx: Sender<Event>) -> Writer {
        let (jobs, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("journal-writer".into())
            .spawn(move || work(&target, &rx, &tx))
            .ok();
        Writer {
            jobs: Some(jobs),
            thread,
        }
    }

    /// Queue `job`; gives it back when the thread is gone.
    pub fn send(&self, job: Job) -> Result<(), Job> {
        match &self.jobs {
            Some(s) if self.thread.is_some() => s.send(job).map_err(|e| e.0),
            _ => Err(job),
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Closing the channel ends the thread once the queue is written; it is not joined,
        // so a hung disk cannot hold the exit (the caller waits, bounded, for the outcomes).
        self.jobs = None;
        self.thread = None;
    }
}

fn work(target: &Target, rx: &Receiver<Job>, tx: &Sender<Event>) {
    let mut journal = target.open().ok();
    for job in rx {
        if journal.is_none() {
            match target.open() {
                Ok(j) => journal = Some(j),
                Err(e) => {
                    let _ = tx.send(Event::Written(Box::new((job.id, vec![Err(e)]))));
                    continue;
                }
            }
        }
        let Some(j) = journal.as_mut() else {
            continue;
        };
        let outcome = run(j, &job.steps);
        // Nobody may listen any more (the inbox closed): the rest of the queue is still written.
        let _ = tx.send(Event::Written(Box::new((job.id, outcome))));
    }
}
