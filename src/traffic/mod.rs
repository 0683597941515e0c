//! A traffic directory: walking it, loading cables in parallel into compact records, the index
//! cache, sorting, and the query language with its fuzzy filter.

pub mod load;
pub mod query;
pub mod record;
pub mod sort;

pub use load::{Problem, Traffic, load_dir};
pub use query::{Match, Query, QueryError};
pub use record::Record;
pub use sort::SortKey;
