//! A traffic directory: walking it, loading cables in parallel into compact records, the index
//! cache, sorting, and the query language with its fuzzy filter.

pub mod record;

pub use record::Record;
