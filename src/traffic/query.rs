//! The query language of the contract (`tag:PREL -is:read rood`). First version: fuzzy-free
//! substring match over the subject; the full language replaces it.

use super::record::Record;
use crate::triage::CableState;

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    words: Vec<String>,
}

/// A query that could not be parsed, with a message for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct QueryError {
    pub message: String,
}

/// How a record matched: a score (higher is better) and the char positions matched in the subject.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Match {
    pub score: i64,
    pub subject_positions: Vec<usize>,
}

impl Query {
    pub fn parse(s: &str) -> Result<Query, QueryError> {
        Ok(Query {
            words: s.split_whitespace().map(|w| w.to_lowercase()).collect(),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Does the record (with its triage state) match? `None` when it does not.
    pub fn matches(&self, r: &Record, _state: &CableState) -> Option<Match> {
        let subject = r.subject.to_lowercase();
        self.words
            .iter()
            .all(|w| subject.contains(w.as_str()))
            .then(Match::default)
    }
}
