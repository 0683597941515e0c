//! Triage: what officers decide about cables — labels, routes to desks, notes, read/flag/done,
//! alert acknowledgements — recorded as events in an append-only journal and replayed into the
//! current state.
//!
//! # Public API (for the TUI and the CLI)
//! ```no_run
//! use cabletriage::triage::{Desks, Journal, Op};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut j = Journal::open("/tmp/traffic/.cabletriage", "alice")?; // snapshot + replay
//! for d in j.damage() { eprintln!("warning: {d}"); }            // damaged parts, skipped
//! let keys = vec!["09MOSCOW12".to_string(), "09KYIV7".to_string()]; // a marked set
//! let done = j.apply(Op::AddLabels { labels: vec!["urgent".into()] }, &keys)?; // durable on Ok
//! println!("labelled {} cables ({} changed)", done.touched, done.changed);
//! j.undo()?;                                                    // one step for the bulk action
//! j.redo()?;
//! let _labels = j.labels_in_use();                              // completion
//! let _state = j.state().get("09MOSCOW12");                     // &CableState
//! for ev in j.poll_new()? { println!("{}", ev.describe()); }    // others' events
//! let desks = Desks::load_dir("/tmp/traffic".as_ref())?;        // <traffic>/desks.toml
//! let _first = desks.suggest(&["PREL".to_string(), "RS".to_string()]);
//! let desk = desks.resolve("eur/rus")?;                         // unknown -> error listing known
//! j.apply(Op::RouteAction { desk: desk.code.clone() }, &keys[..1])?;
//! # Ok(()) }
//! ```
//! - [`Journal::apply`] returns only once the event is fsync'd; an error (read-only or full
//!   state directory: [`TriageError::ReadOnly`], [`TriageError::DiskFull`]) means nothing was
//!   recorded and the state is unchanged.
//! - [`Journal::undo`]/[`Journal::redo`] act on this user's own actions, newest first, as new
//!   `undo`/`redo` events (history is never rewritten). An undo takes back exactly what that
//!   event changed on each cable: labels it added/removed, and the previous value of every other
//!   field it changed. The last [`replay::HISTORY_DEPTH`] actions per user can be undone, also
//!   after a restart (the snapshot keeps that history).
//! - [`watch::JournalWatcher`] calls back when the journal changes (notify, plus polling as a
//!   fallback); call [`Journal::poll_new`] then, and show [`Event::describe`].
//! - [`Journal::take_new_damage`] gives damage found since last asked, for the status bar.
//!
//! Files: `<state>/journal.toml` (the journal, see [`format`]), `<state>/journal.lock` (the lock),
//! `<state>/snapshot.toml` (see [`snapshot`]).

pub mod desks;
pub mod error;
pub mod format;
pub mod journal;
pub mod model;
pub mod ops;
pub mod replay;
pub mod snapshot;
pub mod watch;

pub use desks::{Desk, DeskError, Desks};
pub use error::TriageError;
pub use format::Damage;
pub use journal::{Applied, Journal};
pub use model::{CableState, TriageState};
pub use ops::{Event, Op};
