//! A traffic directory: walking it, loading cables in parallel into compact records, the index
//! cache, sorting, and the query language with its fuzzy filter.

pub mod eval;
pub mod filter;
pub mod fuzzy;
pub mod index;
pub mod load;
pub mod query;
pub mod read;
pub mod record;
pub mod sort;
pub mod walk;
pub mod watch;

pub use eval::Match;
pub use filter::{Filter, filter_indices};
pub use load::{
    LoadOptions, LoadStats, Phase, Problem, Progress, Traffic, load_dir, load_dir_cached,
    load_dir_with,
};
pub use query::{Query, QueryError};
pub use record::{Interner, Record};
pub use sort::{SortKey, SortSpec, sorted_indices};
