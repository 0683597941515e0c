//! The journal's hash chain: each event of format 2 carries the SHA-256 of its own text (`hash`)
//! and the hash of the event before it (`prev`). Following the chain finds an event changed
//! after it was written, and an event removed, inserted or moved.
//!
//! What it does not do: anyone who can write the file can rewrite its tail and compute fresh
//! hashes for everything after their edit, or append a forged event at the end. The chain makes
//! a quiet edit in the middle of history evident; it is not a signature. For history nobody but
//! the database owner can rewrite, keep the journal in PostgreSQL.

use serde::{Deserialize, Serialize};

use super::format::Link;

/// Where following the chain stands after the events read so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chain {
    /// The hash of the last chained event read: the `prev` of the next append.
    pub head: Option<String>,
    /// Events of format 1 (no hash) read before the chain started.
    pub unchained: usize,
    /// Chained events read.
    pub chained: usize,
    /// Every place the chain does not hold, in journal order.
    pub breaks: Vec<Break>,
}

/// An event that does not follow the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Break {
    pub seq: u64,
    /// 1-based line of its `[[event]]`.
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "journal.toml line {}: event #{} {}",
            self.line, self.seq, self.reason
        )
    }
}

impl Chain {
    /// Take the next event (`seq`, read at `link`) into the chain.
    pub fn follow(&mut self, seq: u64, link: &Link) {
        let Some(hash) = &link.hash else {
            if self.head.is_some() {
                self.broken(seq, link, "carries no hash, though events before it do");
            } else {
                self.unchained += 1;
            }
            return;
        };
        if !link.intact {
            self.broken(
                seq,
                link,
                "was changed after it was written (its hash does not match its text)",
            );
        } else if link.prev != self.head {
            let why = match (&self.head, &link.prev) {
                (None, Some(_)) => "names an event before it that is not in the journal",
                (Some(_), None) => "starts a new chain in the middle of the journal",
                _ => {
                    "does not follow the event before it (an event was removed, inserted or moved)"
                }
            };
            self.broken(seq, link, why);
        }
        // Go on from the hash as written, so one edit is reported once, not at every event after.
        self.head = Some(hash.clone());
        self.chained += 1;
    }

    fn broken(&mut self, seq: u64, link: &Link, reason: &str) {
        self.breaks.push(Break {
            seq,
            line: link.line,
            reason: reason.to_string(),
        });
    }

    /// The first event that does not follow, if any.
    pub fn first_break(&self) -> Option<&Break> {
        self.breaks.first()
    }
}
