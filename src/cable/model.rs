//! The parsed cable: every field of the contract's JSON table, typed.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Serialize, Serializer};

/// Message precedence, highest first. The derive order is the sort order of the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precedence {
    Flash,
    NiactImmediate,
    Immediate,
    Priority,
    Routine,
}

impl Precedence {
    pub const ALL: [Precedence; 5] = [
        Precedence::Flash,
        Precedence::NiactImmediate,
        Precedence::Immediate,
        Precedence::Priority,
        Precedence::Routine,
    ];

    /// The word as the contract spells it (`NIACT IMMEDIATE`).
    pub fn as_str(self) -> &'static str {
        match self {
            Precedence::Flash => "FLASH",
            Precedence::NiactImmediate => "NIACT IMMEDIATE",
            Precedence::Immediate => "IMMEDIATE",
            Precedence::Priority => "PRIORITY",
            Precedence::Routine => "ROUTINE",
        }
    }

    /// The short form for narrow columns.
    pub fn short(self) -> &'static str {
        match self {
            Precedence::Flash => "FLASH",
            Precedence::NiactImmediate => "NIACT",
            Precedence::Immediate => "IMMED",
            Precedence::Priority => "PRIOR",
            Precedence::Routine => "ROUT",
        }
    }

    /// From an ACP-127 prosign letter (`Z`, `O`, `P`, `R`). `Y` (emergency command) counts as FLASH.
    pub fn from_prosign(c: u8) -> Option<Self> {
        match c {
            b'Z' | b'Y' => Some(Precedence::Flash),
            b'O' => Some(Precedence::Immediate),
            b'P' => Some(Precedence::Priority),
            b'R' => Some(Precedence::Routine),
            _ => None,
        }
    }

    /// From a word as it appears on a TO/INFO line or in a query (case-insensitive).
    pub fn from_word(s: &str) -> Option<Self> {
        match s.trim().to_ascii_uppercase().as_str() {
            "FLASH" | "Z" => Some(Precedence::Flash),
            "NIACT IMMEDIATE" | "NIACT" | "NIACT_IMMEDIATE" | "NIACT-IMMEDIATE" => {
                Some(Precedence::NiactImmediate)
            }
            "IMMEDIATE" | "IMMED" | "O" => Some(Precedence::Immediate),
            "PRIORITY" | "PRIOR" | "P" => Some(Precedence::Priority),
            "ROUTINE" | "ROUT" | "R" => Some(Precedence::Routine),
            _ => None,
        }
    }

    pub fn rank(self) -> u8 {
        self as u8
    }

    pub fn from_rank(r: u8) -> Option<Self> {
        Self::ALL.get(r as usize).copied()
    }
}

impl Serialize for Precedence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Classification level, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Classification {
    Unclassified,
    Confidential,
    Secret,
    TopSecret,
}

impl Classification {
    pub const ALL: [Classification; 4] = [
        Classification::Unclassified,
        Classification::Confidential,
        Classification::Secret,
        Classification::TopSecret,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Classification::Unclassified => "UNCLASSIFIED",
            Classification::Confidential => "CONFIDENTIAL",
            Classification::Secret => "SECRET",
            Classification::TopSecret => "TOP SECRET",
        }
    }

    /// Short banner form used in narrow columns.
    pub fn short(self) -> &'static str {
        match self {
            Classification::Unclassified => "U",
            Classification::Confidential => "C",
            Classification::Secret => "S",
            Classification::TopSecret => "TS",
        }
    }

    pub fn from_word(s: &str) -> Option<Self> {
        let up: String = s
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        match up.as_str() {
            "UNCLASSIFIED" | "UNCLAS" | "U" => Some(Classification::Unclassified),
            "CONFIDENTIAL" | "C" => Some(Classification::Confidential),
            "SECRET" | "S" => Some(Classification::Secret),
            "TOPSECRET" | "TS" => Some(Classification::TopSecret),
            _ => None,
        }
    }

    pub fn rank(self) -> u8 {
        self as u8
    }

    pub fn from_rank(r: u8) -> Option<Self> {
        Self::ALL.get(r as usize).copied()
    }
}

impl Serialize for Classification {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One TO or INFO addressee line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Addressee {
    /// Routing indicator (`RUEHC`), when the line has one.
    pub ri: Option<String>,
    /// Plain-language address (`SECSTATE WASHDC`).
    pub addressee: String,
    /// Per-line precedence (`IMMEDIATE`, `NIACT IMMEDIATE`), when given.
    pub precedence: Option<Precedence>,
    /// Station serial (`0766`), kept as written.
    pub serial: Option<String>,
}

/// One entry of the REF list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Reference {
    /// The bullet letter (`A`), if the list is lettered.
    pub label: Option<String>,
    /// The reference as written (`USNATO 263`).
    pub text: String,
    /// Canonical reference id when the reference names a cable (`07USNATO263`).
    pub id: Option<String>,
}

/// One numbered paragraph (or an unnumbered block of body text, with `number` null).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Paragraph {
    pub number: Option<u32>,
    /// Portion marking without parentheses (`C`, `S/NF`, `SBU`).
    pub marking: Option<String>,
    /// A dashed section heading that stood before the paragraph.
    pub heading: Option<String>,
    pub text: String,
}

/// Section of a multi-section cable: `#0265/01` or `SECTION 1 OF 3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Section {
    pub number: u32,
    pub of: Option<u32>,
}

/// Serialises a date as `YYYY-MM-DD`.
fn ser_date<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
        None => s.serialize_none(),
    }
}

/// Serialises a DTG as RFC 3339 UTC with a `Z` (`2007-04-23T17:11:00Z`).
fn ser_dtg<S: Serializer>(d: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        None => s.serialize_none(),
    }
}

/// A parsed cable. Field order is the contract's JSON order.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Cable {
    pub file: String,
    pub id: Option<String>,
    pub precedence: Option<Precedence>,
    #[serde(serialize_with = "ser_dtg")]
    pub dtg: Option<DateTime<Utc>>,
    pub origin: Option<String>,
    pub to: Vec<Addressee>,
    pub info: Vec<Addressee>,
    pub classification: Option<Classification>,
    pub caveats: Vec<String>,
    #[serde(serialize_with = "ser_date")]
    pub decl: Option<NaiveDate>,
    pub tags: Vec<String>,
    pub subject: Option<String>,
    pub references: Vec<Reference>,
    pub classified_by: Option<String>,
    pub summary: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    pub signer: Option<String>,
    pub section: Option<Section>,
    pub warnings: Vec<String>,
}

impl Cable {
    /// The first action addressee, as the inbox shows it.
    pub fn action_addressee(&self) -> Option<&str> {
        self.to.first().map(|a| a.addressee.as_str())
    }

    /// `SECRET//NOFORN` style banner: classification plus dissemination caveats.
    pub fn banner(&self) -> String {
        let mut s = self
            .classification
            .map(|c| c.as_str().to_string())
            .unwrap_or_else(|| "UNMARKED".to_string());
        for c in &self.caveats {
            if matches!(
                c.as_str(),
                "NOFORN" | "NODIS" | "EXDIS" | "LIMDIS" | "FOUO" | "SENSITIVE"
            ) {
                s.push_str("//");
                s.push_str(c);
            }
        }
        s
    }
}
