//! Triage: what officers decide about cables — labels, routes to desks, notes, read/flag/done,
//! alert acknowledgements — recorded as events in an append-only journal and replayed into the
//! current state. No UI here: the TUI and the CLI both drive this API.
//!
//! # Public API (for the TUI and the CLI)
//! ```no_run
//! use cabletriage::triage::{Desks, Journal, Op};
//! use cabletriage::triage::watch::JournalWatcher;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut j = Journal::open("/tmp/traffic/.cabletriage", "alice")?; // snapshot + replay
//! for d in j.take_new_damage() { eprintln!("warning: {d}"); }  // damaged parts, skipped
//! let keys = vec!["09MOSCOW12".to_string(), "09KYIV7".to_string()]; // a marked set
//! let done = j.apply(Op::AddLabels { labels: vec!["urgent".into()] }, &keys)?; // durable on Ok
//! println!("labelled {} cables ({} changed)", done.touched, done.changed);
//! if let Some(r) = j.next_undo() { println!("u will undo: {}", r.describe()); }
//! j.undo()?;                                                   // one step for the bulk action
//! j.redo()?;
//! let _labels = j.labels_in_use();                             // completion
//! let _state = j.state().get("09MOSCOW12");                    // &CableState
//! // Live sharing: the watcher calls back (from another thread); then poll on the UI side.
//! let (tx, rx) = std::sync::mpsc::channel();
//! let _watch = JournalWatcher::channel(j.dir(), tx);
//! if rx.try_recv().is_ok() {
//!     for ev in j.poll_new()? { println!("{}", ev.describe()); } // "bob routed 09KYIV7 to EUR/UMB"
//! }
//! let desks = Desks::load_dir("/tmp/traffic".as_ref())?;       // <traffic>/desks.toml
//! let _offered = desks.suggest(&["PREL".to_string(), "RS".to_string()]); // matching first
//! let desk = desks.resolve("eur/rus")?;                        // unknown -> error listing known
//! j.apply(Op::RouteAction { desk: desk.code.clone() }, &keys[..1])?;
//! # Ok(()) }
//! ```
//! - [`Journal::apply`] returns only once the event is fsync'd. An error (e.g.
//!   [`TriageError::ReadOnly`], [`TriageError::DiskFull`]) means nothing was recorded and the
//!   state is unchanged; show its message. [`Applied::event`] is None when the action changed
//!   nothing (marking read a cable already read): nothing is written then.
//! - [`Journal::undo`]/[`Journal::redo`] act on this user's own actions, newest first, recorded
//!   as new `undo`/`redo` events (history is never rewritten). An undo takes back exactly what
//!   that event changed on each of its cables: the labels it added or removed, and the previous
//!   value of each other field it changed — unless another officer has changed that field since,
//!   in which case theirs stands. Undo information is derived by replay, not stored in the
//!   journal (see [`replay`]); the last [`replay::HISTORY_DEPTH`] actions per user stay
//!   undoable across restarts because the snapshot keeps that history.
//! - [`watch::JournalWatcher`] signals when the journal changes (notify, plus polling every
//!   half second as a fallback); [`Journal::poll_new`] then applies and returns the new events.
//! - Damage in the journal (torn tail, garbage, hand edits) never stops anything: it is skipped
//!   and reported by [`Journal::damage`] / [`Journal::take_new_damage`] with its line.
//!
//! - Every event records the operating-system account that wrote it (`os_user`, see
//!   [`account`]) beside the session's user name, and the hash of the event before it (see
//!   [`chain`]): [`Journal::chain`] says where the chain does not hold.
//!
//! Files: `<state>/journal.toml` (the journal, see [`format`](mod@format)), `<state>/journal.lock` (the
//! append lock), `<state>/snapshot.toml` (see [`snapshot`]), `<state>/journal.v1.toml` (a
//! journal of format 1 as it was before its upgrade).

pub mod account;
pub mod chain;
pub mod desks;
pub mod drafts;
pub mod due;
pub mod error;
pub mod format;
pub mod journal;
mod lock;
pub mod model;
pub mod ops;
pub mod pg;
pub mod replay;
pub mod restore;
pub mod snapshot;
pub mod tasker;
mod upgrade;
pub mod watch;

pub use chain::{Break, Chain};
pub use desks::{Desk, DeskError, Desks};
pub use error::TriageError;
pub use format::Damage;
pub use journal::{Applied, Journal};
pub use model::{CableState, Note, Picked, TriageState};
pub use ops::{Event, Op};
pub use tasker::{TaskState, Tasker};
