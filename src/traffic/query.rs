//! The query language of the contract (`tag:PREL -is:read prec:>=immediate rood`): tokenising,
//! parsing into a small AST, and the errors a user sees under the prompt. Evaluation lives in
//! [`super::eval`]; fuzzy word matching in [`super::fuzzy`].

use chrono::NaiveDate;

use super::fuzzy::Word;
use crate::cable::{Classification, Precedence};

/// A parsed query: every clause must hold. Clauses are kept cheapest-first for evaluation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    pub(crate) clauses: Vec<Clause>,
}

/// One term, possibly negated.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub negated: bool,
    pub term: Term,
}

/// How a `prec:`/`class:` value is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    /// At least (`>=`): for precedence, as urgent or more; for classification, as high or higher.
    Ge,
    Gt,
    Le,
    Lt,
}

/// A triage state named by `is:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsWhat {
    Unread,
    Read,
    Flagged,
    Done,
    Routed,
    Unrouted,
}

/// The AST of one term. String values are stored lowercased.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    Tag(String),
    Label(String),
    Desk(String),
    From(String),
    To(String),
    Info(String),
    Class(Cmp, Classification),
    Prec(Cmp, Precedence),
    /// DTG at or after this Unix second.
    After(i64),
    /// DTG strictly before this Unix second.
    Before(i64),
    Is(IsWhat),
    Id(String),
    HasNote,
    /// A fuzzy word (or quoted phrase) matched against subject, id, origin and TAGS.
    Fuzzy(Word),
}

impl Term {
    /// Evaluation cost class: cheap numeric terms first, fuzzy words last.
    fn cost(&self) -> u8 {
        match self {
            Term::Class(..) | Term::Prec(..) | Term::After(_) | Term::Before(_) => 0,
            Term::Id(_) | Term::Tag(_) => 1,
            Term::From(_) | Term::To(_) | Term::Info(_) => 2,
            Term::Is(_) | Term::HasNote | Term::Label(_) | Term::Desk(_) => 3,
            Term::Fuzzy(_) => 4,
        }
    }

    /// Does this term look at triage state (so the caller must look the state up)?
    pub fn needs_state(&self) -> bool {
        matches!(
            self,
            Term::Is(_) | Term::HasNote | Term::Label(_) | Term::Desk(_)
        )
    }
}

/// A query that could not be parsed, with a message for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct QueryError {
    pub message: String,
}

fn err<T>(message: String) -> Result<T, QueryError> {
    Err(QueryError { message })
}

/// The longest query accepted, in characters. Far beyond any query typed or saved, and small
/// enough that parsing and matching one stays cheap whatever it holds. Every way in (the TUI
/// prompt, `list --filter`, a config queue) goes through [`Query::parse`], which checks it first.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// The most terms a query may have: each is tried on every record.
pub const MAX_TERMS: usize = 64;

/// The field names the language knows, for errors and suggestions.
pub const FIELDS: [&str; 13] = [
    "tag", "label", "desk", "from", "to", "info", "class", "prec", "after", "before", "is", "id",
    "has",
];

impl Query {
    /// Parse a query string. Never panics; every problem is a [`QueryError`] worded for the user.
    /// A query longer than [`MAX_QUERY_CHARS`] or of more than [`MAX_TERMS`] terms is refused
    /// before anything is built from it.
    pub fn parse(s: &str) -> Result<Query, QueryError> {
        check_size(s)?;
        let tokens = tokenize(s)?;
        if tokens.len() > MAX_TERMS {
            return err(format!(
                "filter has too many terms: {}, at most {MAX_TERMS}",
                tokens.len()
            ));
        }
        let mut clauses = Vec::new();
        for tok in tokens {
            clauses.push(parse_token(&tok)?);
        }
        // Cheap terms first; among fuzzy words the longest first (the most selective anchor).
        // Stable: otherwise the user's order is kept.
        clauses.sort_by_key(|c| {
            let len = match &c.term {
                Term::Fuzzy(w) => w.text().len(),
                _ => 0,
            };
            (c.term.cost(), std::cmp::Reverse(len))
        });
        Ok(Query { clauses })
    }

    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    pub fn clauses(&self) -> &[Clause] {
        &self.clauses
    }

    /// True when evaluating needs each record's triage state.
    pub fn needs_state(&self) -> bool {
        self.clauses.iter().any(|c| c.term.needs_state())
    }

    /// The positive fuzzy words, in the order given (for scoring and highlighting).
    pub fn fuzzy_words(&self) -> impl Iterator<Item = &Word> {
        self.clauses
            .iter()
            .filter_map(|c| match (&c.term, c.negated) {
                (Term::Fuzzy(w), false) => Some(w),
                _ => None,
            })
    }
}

/// Refuse a query longer than [`MAX_QUERY_CHARS`].
pub fn check_size(s: &str) -> Result<(), QueryError> {
    if s.len() <= MAX_QUERY_CHARS {
        return Ok(());
    }
    let chars = s.chars().count();
    if chars > MAX_QUERY_CHARS {
        return err(format!(
            "filter too long: {chars} characters, at most {MAX_QUERY_CHARS}"
        ));
    }
    Ok(())
}

/// One token as typed: a leading `-`, and the text with quotes removed.
#[derive(Debug, PartialEq)]
struct Token {
    negated: bool,
    /// The raw text with quote characters removed.
    text: String,
    /// Where a quote started inside the token (a quoted phrase or quoted value).
    quoted_from: Option<usize>,
}

fn tokenize(s: &str) -> Result<Vec<Token>, QueryError> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else { break };
        let mut tok = Token {
            negated: false,
            text: String::new(),
            quoted_from: None,
        };
        if first == '-' {
            tok.negated = true;
            chars.next();
        }
        let mut in_quote = false;
        while let Some(&c) = chars.peek() {
            if c == '"' {
                chars.next();
                if !in_quote && tok.quoted_from.is_none() {
                    tok.quoted_from = Some(tok.text.len());
                }
                in_quote = !in_quote;
                continue;
            }
            if c.is_whitespace() && !in_quote {
                break;
            }
            tok.text.push(c);
            chars.next();
        }
        if in_quote {
            return err("unclosed quote: a phrase needs its closing `\"`".to_string());
        }
        if tok.text.is_empty() {
            if tok.negated && tok.quoted_from.is_none() {
                return err("`-` must be followed by a term, as in `-is:read`".to_string());
            }
            if tok.quoted_from.is_some() {
                continue; // `""` means nothing
            }
        }
        out.push(tok);
    }
    Ok(out)
}

fn parse_token(tok: &Token) -> Result<Clause, QueryError> {
    let negated = tok.negated;
    let text = tok.text.as_str();
    // A field is `name:` made of ASCII letters, before any quote.
    let field_end = text.find(':').filter(|&i| {
        i > 0
            && tok.quoted_from.is_none_or(|q| i < q)
            && text[..i].bytes().all(|b| b.is_ascii_alphabetic())
    });
    let Some(colon) = field_end else {
        return Ok(Clause {
            negated,
            term: Term::Fuzzy(Word::new(text)),
        });
    };
    let name = text[..colon].to_ascii_lowercase();
    let value = text[colon + 1..].trim();
    if !FIELDS.contains(&name.as_str()) {
        let hint = match closest_field(&name) {
            Some(f) => format!(" — did you mean `{f}:`?"),
            None => format!(
                " — fields are {}; quote a word to search for it as text",
                FIELDS.map(|f| format!("{f}:")).join(" ")
            ),
        };
        return err(format!("unknown field `{name}:`{hint}"));
    }
    if value.is_empty() {
        return err(format!("`{name}:` needs a value, as in {}", example(&name)));
    }
    let lower = value.to_lowercase();
    let term = match name.as_str() {
        "tag" => Term::Tag(lower),
        "label" => Term::Label(lower),
        "desk" => Term::Desk(lower),
        "from" => Term::From(lower),
        "to" => Term::To(lower),
        "info" => Term::Info(lower),
        "id" => Term::Id(lower),
        "class" => {
            let (cmp, word) = split_cmp(value);
            match Classification::from_word(word) {
                Some(c) => Term::Class(cmp, c),
                None => {
                    return err(format!(
                        "unknown classification `{word}` in `class:` — use unclassified, \
                         confidential, secret or topsecret"
                    ));
                }
            }
        }
        "prec" => {
            let (cmp, word) = split_cmp(value);
            match Precedence::from_word(word) {
                Some(p) => Term::Prec(cmp, p),
                None => {
                    return err(format!(
                        "unknown precedence `{word}` in `prec:` — use flash, niact, immediate, \
                         priority or routine (optionally after >=, >, <=, <)"
                    ));
                }
            }
        }
        "after" => Term::After(parse_date(&name, value)?),
        "before" => Term::Before(parse_date(&name, value)?),
        "is" => Term::Is(match lower.as_str() {
            "unread" => IsWhat::Unread,
            "read" => IsWhat::Read,
            "flagged" => IsWhat::Flagged,
            "done" => IsWhat::Done,
            "routed" => IsWhat::Routed,
            "unrouted" => IsWhat::Unrouted,
            _ => {
                return err(format!(
                    "unknown state `is:{value}` — use is:unread, is:read, is:flagged, is:done, \
                     is:routed or is:unrouted"
                ));
            }
        }),
        "has" => match lower.as_str() {
            "note" => Term::HasNote,
            _ => return err(format!("unknown `has:{value}` — only has:note is known")),
        },
        _ => return err(format!("unknown field `{name}:`")),
    };
    Ok(Clause { negated, term })
}

fn example(field: &str) -> &'static str {
    match field {
        "tag" => "tag:PREL",
        "label" => "label:urgent",
        "desk" => "desk:EUR/CE",
        "from" => "from:moscow",
        "to" => "to:secstate",
        "info" => "info:usnato",
        "class" => "class:secret",
        "prec" => "prec:>=immediate",
        "after" => "after:2009-01-01",
        "before" => "before:2009-07-01",
        "is" => "is:unread",
        "id" => "id:07USNATO265",
        _ => "has:note",
    }
}

fn split_cmp(v: &str) -> (Cmp, &str) {
    for (p, c) in [
        (">=", Cmp::Ge),
        ("<=", Cmp::Le),
        (">", Cmp::Gt),
        ("<", Cmp::Lt),
        ("=", Cmp::Eq),
    ] {
        if let Some(rest) = v.strip_prefix(p) {
            return (c, rest.trim());
        }
    }
    (Cmp::Eq, v)
}

/// `YYYY-MM-DD` (also `YYYY-MM` and `YYYY`, meaning their first day) as Unix seconds at 00:00 UTC.
fn parse_date(field: &str, v: &str) -> Result<i64, QueryError> {
    let full = match v.len() {
        4 => format!("{v}-01-01"),
        7 => format!("{v}-01"),
        _ => v.to_string(),
    };
    match NaiveDate::parse_from_str(&full, "%Y-%m-%d") {
        Ok(d) if v.len() >= 4 && v.as_bytes()[..4].iter().all(u8::is_ascii_digit) => Ok(d
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp())
            .unwrap_or(0)),
        _ => err(format!(
            "bad date `{v}` in `{field}:` — write YYYY-MM-DD, as in {field}:2009-01-31"
        )),
    }
}

/// The known field nearest to `name` by edit distance, when near enough to be a typo.
fn closest_field(name: &str) -> Option<&'static str> {
    FIELDS
        .iter()
        .map(|f| (edit_distance(name, f), *f))
        .filter(|(d, f)| *d <= 2 && *d < f.len().max(name.len()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}

/// Levenshtein distance over chars.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
