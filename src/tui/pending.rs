//! Decisions sent to the journal writer ([`super::writer`]) and not yet durable: which cables
//! they name (their rows show a pending mark), what to say once each is written, and what to do
//! then (close the note's draft, rebuild the handover list). Kept by the app, never in the
//! journal's state: the state shows only what the journal holds.
//!
//! [`send`] queues a job as an [`Effect::Write`]; [`written`] takes its outcome in. On Ok the
//! session's journal reads the new events (`poll_new`, as for a colleague's action) before the
//! status bar says done; on an error the error is shown and nothing is said done.

use std::collections::BTreeMap;

use crate::triage::TriageError;

use super::app::{App, Effect, Effects};
use super::cable_key::CableKey;
use super::writer::{Done, Job, Outcome, Step};

/// What to say when a step is written.
#[derive(Debug, Clone)]
pub enum Say {
    /// An action: `done` when it changed something, `unchanged` when it was so already.
    Act { done: String, unchanged: String },
    /// An undo or redo: said from what the writer's journal took back.
    History { redo: bool },
    /// Nothing (opening a cable marks it read).
    Silent,
}

/// What to do once the whole job is written.
#[derive(Debug, Clone, Default)]
pub enum After {
    #[default]
    Nothing,
    /// A note saved: its draft is no longer needed (done), or its text is kept as one (failed).
    Note { keys: Vec<CableKey>, text: String },
    /// A handover item picked up: rebuild the list.
    Pickup,
}

#[derive(Debug)]
struct Sent {
    keys: Vec<CableKey>,
    say: Vec<Say>,
    after: After,
}

/// The jobs in flight and the cables they name.
#[derive(Debug, Default)]
pub struct Pending {
    next: u64,
    jobs: BTreeMap<u64, Sent>,
    cables: BTreeMap<CableKey, usize>,
}

impl Pending {
    /// Does a decision on `key` wait to be written?
    pub fn has(&self, key: &CableKey) -> bool {
        self.cables.contains_key(key)
    }

    /// Does a decision on `record`'s cable wait to be written? (Allocates nothing for a cable
    /// with an id, so drawing rows stays cheap.)
    pub fn has_record(&self, record: &crate::traffic::Record) -> bool {
        if self.cables.is_empty() {
            return false;
        }
        match record.id() {
            Some(id) => self.cables.contains_key(id),
            None => self.cables.contains_key(record.key().as_str()),
        }
    }

    /// Jobs not yet written.
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    fn take(&mut self, id: u64) -> Option<Sent> {
        let sent = self.jobs.remove(&id)?;
        for k in &sent.keys {
            if let Some(n) = self.cables.get_mut(k) {
                *n -= 1;
                if *n == 0 {
                    self.cables.remove(k);
                }
            }
        }
        Some(sent)
    }
}

/// Queue `steps` (each with what to say when written) on `keys` for the writer.
pub fn send(app: &mut App, keys: &[CableKey], steps: Vec<(Step, Say)>, after: After) -> Effects {
    let p = &mut app.pending_writes;
    p.next += 1;
    let id = p.next;
    for k in keys {
        *p.cables.entry(k.clone()).or_default() += 1;
    }
    let (steps, say): (Vec<Step>, Vec<Say>) = steps.into_iter().unzip();
    p.jobs.insert(
        id,
        Sent {
            keys: keys.to_vec(),
            say,
            after,
        },
    );
    vec![Effect::Write(Box::new(Job { id, steps }))]
}

/// The writer finished job `id`: take the session's journal up to date, then say what was done
/// (or the error that stopped it).
pub fn written(app: &mut App, id: u64, outcome: Outcome) -> Effects {
    if !app.pending_writes.jobs.contains_key(&id) {
        return Vec::new();
    }
    let mut effects = Vec::new();
    if outcome.first().is_some_and(Result::is_ok) {
        // Read while the job still counts as pending, so its own events are not announced as
        // news (see `triage::journal_changed`).
        effects.extend(super::triage::journal_changed(app));
        effects.extend(super::triage::refresh(app));
    }
    let Some(sent) = app.pending_writes.take(id) else {
        return effects;
    };
    let mut said = Vec::new();
    let mut failed = None;
    for (r, say) in outcome.into_iter().zip(&sent.say) {
        match r {
            Ok(done) => said.extend(words(say, &done)),
            Err(e) => failed = Some(super::triage::went_offline(app, e)),
        }
    }
    if let Some(e) = failed {
        said.push(e);
        let text = said.join("; ");
        let text = match &sent.after {
            After::Note { keys, text: note } => {
                format!("note not saved: {text}; {}", keep(app, keys, note))
            }
            _ => text,
        };
        app.error(text);
        return effects;
    }
    match &sent.after {
        After::Nothing => {}
        After::Note { keys, .. } => super::editing::discard_draft(app, keys),
        After::Pickup => super::taskers::rebuild_handover(app),
    }
    if !said.is_empty() {
        app.info(said.join("; "));
    }
    effects
}

/// Keep the text of a note that was not saved as a draft (offered when the note is opened again).
fn keep(app: &App, keys: &[CableKey], text: &str) -> String {
    let strings: Vec<String> = keys.iter().map(|k| k.as_str().to_string()).collect();
    match super::session::draft_owner(app) {
        Some((dir, user)) => match crate::triage::drafts::save(&dir, &user, &strings, text) {
            Ok(_) => "your text is kept as a draft, offered when you open the note again".into(),
            Err(e) => format!("your text could not be kept as a draft ({e})"),
        },
        None => "your text could not be kept (no state directory)".into(),
    }
}

fn words(say: &Say, done: &Done) -> Option<String> {
    match say {
        Say::Act { done: d, .. } if done.changed > 0 => Some(d.clone()),
        Say::Act { unchanged, .. } => Some(unchanged.clone()),
        Say::History { redo } => {
            let what = done.what.as_deref()?;
            Some(if done.overridden {
                format!("nothing undone: a colleague has changed what you did since ({what})")
            } else {
                format!("{}: {what}", if *redo { "redone" } else { "undone" })
            })
        }
        Say::Silent => None,
    }
}

/// Run a job in place on the session's journal (tests and the test driver; the event loop hands
/// jobs to the writer thread instead).
pub fn write_in_place(app: &mut App, job: &Job) -> Effects {
    let outcome = match app.session.journal.as_mut() {
        Some(j) => super::writer::run(j, &job.steps),
        None => vec![Err(TriageError::Invalid("no journal open".into()))],
    };
    written(app, job.id, outcome)
}

/// At exit: wait (at most `limit`) for the jobs still in flight, whose outcomes come on `rx`;
/// `slow` is called once (with how many are left) when that takes more than a second. Returns
/// what to print on stderr: errors, and what was not confirmed written.
pub fn drain(
    app: &mut App,
    rx: &std::sync::mpsc::Receiver<super::Event>,
    limit: std::time::Duration,
    slow: impl FnOnce(usize),
) -> Vec<String> {
    use std::time::{Duration, Instant};
    let mut out = Vec::new();
    let start = Instant::now();
    let mut slow = Some(slow);
    while !app.pending_writes.is_empty() {
        let waited = start.elapsed();
        if waited >= limit {
            break;
        }
        let step = if slow.is_some() {
            (limit - waited).min(Duration::from_secs(1).saturating_sub(waited))
        } else {
            limit - waited
        };
        match rx.recv_timeout(step) {
            Ok(super::Event::Written(w)) => {
                let (id, outcome) = *w;
                app.pending_writes.take(id);
                for e in outcome.into_iter().filter_map(Result::err) {
                    out.push(format!("a decision was not recorded: {e}"));
                }
            }
            Ok(_) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if let Some(f) = slow.take() {
                    f(app.pending_writes.len());
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let n = app.pending_writes.len();
    if n > 0 {
        out.push(format!(
            "{n} decision{} not confirmed written: the journal did not answer within {} s; `cabletriage log` shows what it holds",
            super::app::plural(n),
            limit.as_secs()
        ));
    }
    out
}
