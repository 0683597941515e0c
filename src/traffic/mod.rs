//! A traffic directory: walking it, loading cables in parallel into compact records, the index
//! cache, sorting, and the query language with its fuzzy filter.

pub mod eval;
pub mod filter;
pub mod fuzzy;
pub mod load;
pub mod query;
pub mod record;
pub mod sort;

pub use eval::Match;
pub use filter::{Filter, filter_indices};
pub use load::{Problem, Traffic, load_dir};
pub use query::{Query, QueryError};
pub use record::{Interner, Record};
pub use sort::{SortKey, SortSpec, sorted_indices};
