//! The cable format: the data model of one cable, and the parser that reads it from bytes.
//!
//! Owns everything about ACP-127 text: header, DTG, precedence, classification, captions, TAGS,
//! references, paragraphs and the canonical reference id. No UI and no file system walking here.
//!
//! The parser is split by concept: [`decode`] (bytes, encodings, scraped-web cleanup, `NNNN`),
//! [`header`], [`dtg`], [`classline`], [`front`] (captions, DECL, TAGS, SUBJECT, REF, Classified
//! By), [`tags`], [`refs`], [`paragraphs`] (body, headings, page breaks, signer, summary) and
//! [`ids`] (reference-id canonicalisation, with [`posts`] for misspelt posts), [`identity`]
//! (post, serial and the honest sources of the id's year) and [`release`] (the release's own
//! record when a file carries one); [`parse`] ties them together, [`head`] says how much of a cable the list reader looks at first, and
//! [`limits`] how many items a field keeps.

pub mod classline;
pub mod dates;
pub mod decode;
pub mod dtg;
pub mod entities;
pub mod front;
mod front_keys;
mod front_lines;
pub mod head;
pub mod header;
pub mod identity;
pub mod ids;
pub mod limits;
pub mod model;
pub mod paragraphs;
pub mod parse;
pub mod posts;
pub mod ref_ids;
pub mod refs;
pub mod release;
pub mod signer;
pub mod subject;
pub mod tag_names;
pub mod tag_phrases;
pub mod tags;
pub mod text;

pub use ids::{canonical_id, canonical_station, canonicalize_id};
pub use model::{Addressee, Cable, Classification, Paragraph, Precedence, Reference, Section};
pub use parse::{
    parse_bytes, parse_bytes_named, parse_one, parse_summary_bytes, parse_summary_bytes_named,
};
