//! The cable format: the data model of one cable, and the parser that reads it from bytes.
//!
//! Owns everything about ACP-127 text: header, DTG, precedence, classification, captions, TAGS,
//! references, paragraphs and the canonical reference id. No UI and no file system walking here.

pub mod model;
pub mod parse;
pub mod tag_names;

pub use model::{Addressee, Cable, Classification, Paragraph, Precedence, Reference, Section};
pub use parse::{parse_bytes, parse_one};
