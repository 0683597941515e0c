//! The index cache: `<state>/index.bin`, a compact binary copy of the parsed records of every
//! file, keyed by the file's path (relative to the traffic directory), size and modification time.
//!
//! Layout (all integers little-endian; `v` = LEB128 varint, `z` = zigzag varint):
//! `"CTINDEX\x01"`, version `u32`, payload length `u64`, checksum `u64`, offset of the tables in
//! the payload `u64`; then the payload: the root's canonical path (so every spelling of one
//! directory finds its index); the files in blocks, each a `v` byte length,
//! then `v` file count, `v` record count and per file: path, `v` size, `z` mtime ns, kind byte
//! (1 = problem, with its reason; 0 = `v` record count and the records); then the tables: `v`
//! files and `v` records in all, strings (`v` count, each `v` len + UTF-8) and lists (`v`
//! count, each `v` n + n string ids), which records refer to by number. The tables come last so
//! that blocks can be written while the load is still going ([`Writer`]). On reading, the
//! tables are read first, then the blocks a few megabytes at a time (each group decoded in
//! parallel), so the file is never all in memory. The checksum covers the payload and the
//! tables' offset; a damaged, truncated, foreign or old-version index is rebuilt, never
//! trusted. Decoding checks every length against the bytes left, so garbage cannot panic or
//! allocate wildly, and nothing decoded is used before the checksum has been found right.
//! Written atomically: a temp file in the state directory, then a rename.

mod format;
mod read;
mod stream;
mod write;

pub use format::{FILE_NAME, FileEntry, Index, IndexError, Paths, Shared, VERSION};
pub use read::{decode, load};
pub use write::{Writer, reseal, save};
