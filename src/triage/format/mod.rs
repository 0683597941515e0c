//! The journal's text form (format 2): a short preamble naming the format, then one `[[event]]`
//! table per event, each field on one line.
//!
//! ```toml
//! # cabletriage journal ...
//! format = 2
//!
//! [[event]]
//! seq = 12
//! user = "alice"
//! os_user = "alice"
//! cable = "09MOSCOW12"          # or: cables = ["09MOSCOW12", "09KYIV7"] for a marked set
//! op = "set_note"
//! text = "line one\n[[event]]\nseq = 1000"
//! at = "2026-11-26T18:26:01.588Z"
//! prev = "9c1f…"                # the `hash` of the event before (absent on the first)
//! hash = "41d0…"                # SHA-256 of this event's lines up to and including `prev`
//! ```
//!
//! # Framing
//! A record starts at a line that is exactly `[[event]]` and runs to the next such line. The
//! writer ([`write`](mod@write)) never puts a raw newline inside a value: every string is a TOML basic
//! string with newlines, control and invisible format characters escaped, so no note, label,
//! desk or user name can make a line the reader takes for a boundary. The reader ([`read`](mod@read))
//! parses each record with a standard TOML parser, so the two agree on every value; a
//! round-trip property test (`tests/journal_framing.rs`) holds them to it.
//!
//! # Sealing and chaining
//! `hash` is written last: it is required in format 2 and quoted, so any prefix of an event cut
//! short by a crash lacks it or ends inside its quotes, and never reads as a (different) whole
//! event. `prev` links each event to the one before; see [`super::chain`] for what the chain
//! does and does not prove.
//!
//! # Versions
//! Format 1 (no `format` line, values as `toml` wrote them, no hashes) is still read; the first
//! append by this version rewrites such a journal as format 2 (keeping the old file beside it as
//! `journal.v1.toml`). A journal of a newer format is read as far as its events are understood
//! and never appended to. An event whose `op` this version does not know keeps its number
//! reserved, so no later event can take it.
//!
//! Each event is parsed on its own, so damage (a torn write, a hand edit, garbage) costs only the
//! part it touches: events before and after it still count.

pub mod read;
pub mod write;

use serde::{Deserialize, Serialize};

pub use read::{Link, Parsed, parse};
pub use write::{EncodeError, Encoded, encode, encode_all, preamble};

/// The line that opens every event.
pub const EVENT_HEADER: &str = "[[event]]";

/// The format this version writes.
pub const FORMAT: u32 = 2;

/// A part of the journal that could not be read and was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Damage {
    /// 1-based line where the damaged part starts.
    pub line: usize,
    /// How many lines were skipped.
    pub lines: usize,
    pub reason: String,
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let span = if self.lines > 1 {
            format!("line {} ({} lines)", self.line, self.lines)
        } else {
            format!("line {}", self.line)
        };
        write!(f, "journal.toml {span}: {}; skipped", self.reason)
    }
}

/// The wire shape of one event (the fields of its `[[event]]` table), as the reader takes it.
#[derive(Serialize, Deserialize)]
struct Wire {
    seq: u64,
    user: String,
    #[serde(default)]
    os_user: Option<String>,
    #[serde(default)]
    cable: Option<String>,
    #[serde(default)]
    cables: Option<Vec<String>>,
    #[serde(flatten)]
    op: super::ops::Op,
    at: String,
    #[serde(default)]
    prev: Option<String>,
    #[serde(default)]
    hash: Option<String>,
}
