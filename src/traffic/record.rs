//! The compact in-memory record of one cable: only what the inbox shows, sorts and filters by.
//! The full cable is parsed again from its file when it is opened.

use chrono::{DateTime, Utc};

use crate::cable::{Cable, Classification, Precedence};

/// One cable in the inbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// File the cable was read from.
    pub path: Box<str>,
    /// Which cable in that file (0 for the usual one-cable file).
    pub index_in_file: u16,
    /// Canonical reference id, when one could be derived.
    pub id: Option<Box<str>>,
    pub precedence: Option<Precedence>,
    pub classification: Option<Classification>,
    /// DTG as Unix seconds.
    pub dtg: Option<i64>,
    pub origin: Box<str>,
    /// Action (TO) addressees, in order.
    pub to: Box<[Box<str>]>,
    /// Info addressees, in order.
    pub info: Box<[Box<str>]>,
    pub subject: Box<str>,
    pub tags: Box<[Box<str>]>,
    pub caveats: Box<[Box<str>]>,
    /// Reference ids this cable cites.
    pub refs: Box<[Box<str>]>,
    /// The parser had warnings for this cable.
    pub has_warnings: bool,
}

impl Record {
    pub fn from_cable(c: &Cable, index_in_file: u16) -> Record {
        fn b(s: &str) -> Box<str> {
            s.into()
        }
        Record {
            path: b(&c.file),
            index_in_file,
            id: c.id.as_deref().map(b),
            precedence: c.precedence,
            classification: c.classification,
            dtg: c.dtg.map(|d| d.timestamp()),
            origin: b(c.origin.as_deref().unwrap_or("")),
            to: c.to.iter().map(|a| b(&a.addressee)).collect(),
            info: c.info.iter().map(|a| b(&a.addressee)).collect(),
            subject: b(c.subject.as_deref().unwrap_or("")),
            tags: c.tags.iter().map(|t| b(t)).collect(),
            caveats: c.caveats.iter().map(|t| b(t)).collect(),
            refs: c
                .references
                .iter()
                .filter_map(|r| r.id.as_deref())
                .map(b)
                .collect(),
            has_warnings: !c.warnings.is_empty(),
        }
    }

    /// The key triage state is stored under: the reference id, or `file:<path>#<n>`.
    pub fn key(&self) -> String {
        match &self.id {
            Some(id) => id.to_string(),
            None => format!("file:{}#{}", self.path, self.index_in_file),
        }
    }

    pub fn dtg_utc(&self) -> Option<DateTime<Utc>> {
        self.dtg.and_then(|s| DateTime::from_timestamp(s, 0))
    }

    pub fn action_addressee(&self) -> &str {
        self.to.first().map(|s| &**s).unwrap_or("")
    }
}
