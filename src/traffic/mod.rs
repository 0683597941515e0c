//! A traffic directory: walking it, loading cables in parallel into compact records, the index
//! cache, sorting, and the query language with its fuzzy filter.
//!
//! For an interactive front end:
//! - Load off the UI thread with [`load_dir_with`] (`LoadOptions { state_dir: Some(state), .. }`
//!   uses the index): the callback gets a [`Progress`] and each new batch of records (walk
//!   order) as soon as it is ready, so first rows and a progress count can be shown at once.
//! - Sort with [`sorted_indices`] (one [`SortKey`]) or [`SortSpec`] (several keys, score).
//! - Filter with [`Filter::run`] over the sorted order: it narrows the previous result when the
//!   new query extends the old one, and returns `None` as soon as its `AtomicBool` is set (set it
//!   when a newer keystroke arrives). Call [`Filter::invalidate`] when records, triage state or
//!   the order change. Highlight visible rows only, with [`Query::highlight`].
//! - Open a cable with [`Traffic::read_cable`] (or show what its record knows with
//!   [`Traffic::bare_cable`] when the file cannot be read again); a record's path is relative to
//!   the traffic root ([`Record::rel_path`], [`Traffic::path_of`]), and a cable without a
//!   reference id is keyed in the journal by it ([`Record::key`]).
//!
//! Layout: [`model`] (what a loaded traffic is), [`load`] (its steps: plan, batches, finish),
//! [`walk`], [`read`] (one file, and one record's cable read back), [`record`] and
//! [`interner`] (the compact records and their shared strings), [`mask`] (the records' fuzzy
//! prefilter), [`index`] (the cache), [`sort`], [`query`]/[`eval`]/[`filter`]/[`fuzzy`] (the
//! query language; [`skim`] scores a word's prefixes in one pass), [`watch`] (live arrivals). No two of these import each other
//! (`tests/traffic_structure.rs` checks it from the source).

pub mod eval;
pub mod filter;
pub mod fuzzy;
pub mod index;
pub mod interner;
pub mod load;
pub mod mask;
pub mod model;
pub mod partial;
pub mod query;
pub mod query_syntax;
pub mod read;
pub mod record;
pub mod relpath;
pub mod rows;
pub mod sections;
pub mod skim;
pub mod sort;
pub mod text_scan;
pub mod walk;
pub mod watch;

pub use eval::Match;
pub use filter::{Filter, filter_indices};
pub use load::{LoadOptions, LoadStats, Phase, Progress, load_dir, load_dir_cached, load_dir_with};
pub use model::{Problem, Traffic};
pub use query::{Query, QueryError};
pub use record::{Interner, Record};
pub use sort::{SortKey, SortSpec, due_keys, due_order, sorted_indices};
