//! The query language of the contract (`tag:PREL -is:read prec:>=immediate rood`,
//! `estonia OR latvia`, `tag:EN,LG`, `(a OR b) -c`, `text:fission`): the AST, its limits, and
//! the errors a user sees under the prompt. Tokenising and parsing live in
//! [`super::query_syntax`], evaluation in [`super::eval`], fuzzy word matching in
//! [`super::fuzzy`], and the search of the cables' paragraphs in [`super::text_scan`].

use super::fuzzy::Word;
use crate::cable::{Classification, Precedence};

/// A parsed query: every clause must hold. Clauses are kept cheapest-first for evaluation.
/// `A OR B` and parentheses make one clause of [`Term::Or`].
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
    /// Arrived while the inbox was open, and not read yet.
    New,
    /// Tasked to the officer viewing the state.
    Mine,
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
    /// Any of the alternatives holds, each a list of clauses that must all hold: `A OR B`,
    /// a negated or alternated group in parentheses, `tag:EN,LG`.
    Or(Vec<Vec<Clause>>),
    /// `is:overdue`, `is:due-soon`, `due:<2h`: the cable's place on the office clock (see
    /// [`crate::triage::due`]), at the clock the query is bound to ([`Query::at_clock`]).
    Due(DueTerm),
    /// `text:WORD` (or `body:`): the paragraphs contain it, case-insensitively, blanks
    /// collapsed. Stored lowercased and collapsed. Needs the cable's file: see
    /// [`Query::needs_text`].
    Text(String),
    /// `assignee:USER`: the cable is tasked to this officer (stored lowercased).
    Assignee(String),
    /// `task:working`: the cable's tasker is in this state.
    Task(crate::triage::TaskState),
    /// `is:late`: an open tasker whose suspense is before this Unix second (the time the query
    /// was parsed at).
    Late(i64),
}

impl Term {
    /// Evaluation cost class: cheap numeric terms first, fuzzy words last.
    pub(crate) fn cost(&self) -> u8 {
        match self {
            Term::Class(..) | Term::Prec(..) | Term::After(_) | Term::Before(_) => 0,
            Term::Id(_) | Term::Tag(_) => 1,
            Term::From(_) | Term::To(_) | Term::Info(_) => 2,
            Term::Is(_) | Term::HasNote | Term::Label(_) | Term::Desk(_) | Term::Due(_) => 3,
            Term::Assignee(_) | Term::Task(_) | Term::Late(_) => 3,
            Term::Fuzzy(_) => 4,
            Term::Or(alts) => alts
                .iter()
                .flatten()
                .map(|c| c.term.cost())
                .max()
                .unwrap_or(0),
            // Reading files: after everything else has had its chance to reject.
            Term::Text(_) => 6,
        }
    }

    /// Does this term look at triage state (so the caller must look the state up)?
    pub fn needs_state(&self) -> bool {
        match self {
            Term::Is(_) | Term::HasNote | Term::Label(_) | Term::Desk(_) | Term::Due(_) => true,
            Term::Assignee(_) | Term::Task(_) | Term::Late(_) => true,
            Term::Or(alts) => alts.iter().flatten().any(|c| c.term.needs_state()),
            _ => false,
        }
    }

    /// Does this term read the cable's paragraphs?
    pub fn needs_text(&self) -> bool {
        match self {
            Term::Text(_) => true,
            Term::Or(alts) => alts.iter().flatten().any(|c| c.term.needs_text()),
            _ => false,
        }
    }
}

impl Clause {
    /// How many leaf terms the clause holds (one, or those of its alternatives): each has its
    /// own place in an evaluation's [`super::eval::Memo`].
    pub(crate) fn leaves(&self) -> usize {
        match &self.term {
            Term::Or(alts) => alts.iter().flatten().map(Clause::leaves).sum(),
            _ => 1,
        }
    }
}

/// A query that could not be parsed, with a message for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct QueryError {
    pub message: String,
}

pub(crate) fn err<T>(message: String) -> Result<T, QueryError> {
    Err(QueryError { message })
}

/// The longest query accepted, in characters. Far beyond any query typed or saved, and small
/// enough that parsing and matching one stays cheap whatever it holds. Every way in (the TUI
/// prompt, `list --filter`, a config queue) goes through [`Query::parse`], which checks it first.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// The most terms a query may have (each value of a `tag:A,B` list counts): each is tried on
/// every record.
pub const MAX_TERMS: usize = 64;

/// How deeply parentheses may nest: the parser and the evaluator recurse once a level.
pub const MAX_DEPTH: usize = 8;

/// The field names the language knows, for errors and suggestions.
pub const FIELDS: [&str; 18] = [
    "tag", "label", "desk", "from", "to", "info", "class", "prec", "after", "before", "is", "id",
    "has", "text", "body", "assignee", "task", "due",
];

/// What a due term asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueTest {
    /// `is:overdue`
    Overdue,
    /// `is:due-soon`: in the last fifth of its objective.
    DueSoon,
    /// `due:<2h` / `due:>30m`: time to breach compared with this many seconds (overdue cables
    /// have negative time left, so `due:<2h` includes them).
    Left(Cmp, i64),
}

/// A due term and the clock it is asked against. The parser binds the default objectives at
/// the program's clock; the inbox and `list` bind their own ([`Query::at_clock`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueTerm {
    pub test: DueTest,
    pub clock: crate::triage::due::DueClock,
}

impl DueTerm {
    pub fn holds(&self, r: &super::record::Record, state: &crate::triage::CableState) -> bool {
        let s = crate::triage::due::due(r.precedence, r.dtg(), state, &self.clock);
        match self.test {
            DueTest::Overdue => s.is_overdue(),
            DueTest::DueSoon => s.is_due_soon(),
            DueTest::Left(cmp, secs) => s.left().is_some_and(|left| match cmp {
                Cmp::Lt => left < secs,
                Cmp::Le => left <= secs,
                Cmp::Gt => left > secs,
                Cmp::Ge => left >= secs,
                Cmp::Eq => left.div_euclid(60) == secs.div_euclid(60),
            }),
        }
    }
}

impl Query {
    /// A query of these clauses (the parser, [`Query::parse`], lives with the syntax in
    /// [`super::query_syntax`], which uses this module's types and not the other way round).
    pub(super) fn from_clauses(clauses: Vec<Clause>) -> Query {
        Query { clauses }
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

    /// True when the query has a `text:` term: a record's answer may then depend on its file,
    /// which [`filter_indices`](super::filter_indices) does not read. Its result is then the
    /// candidates, which a [`TextScan`](super::text_scan::TextScan) settles.
    pub fn needs_text(&self) -> bool {
        self.clauses.iter().any(|c| c.term.needs_text())
    }

    /// The query with every due term asked against `clock` (the objectives in force, now), and
    /// `is:late` asked at the clock's now (a clock that has not started, at 0, leaves it at
    /// the time it was parsed).
    pub fn at_clock(mut self, clock: crate::triage::due::DueClock) -> Query {
        fn bind(clauses: &mut [Clause], clock: crate::triage::due::DueClock) {
            for c in clauses {
                match &mut c.term {
                    Term::Due(d) => d.clock = clock,
                    Term::Late(at) if clock.now > 0 => *at = clock.now,
                    Term::Or(alts) => alts.iter_mut().for_each(|a| bind(a, clock)),
                    _ => {}
                }
            }
        }
        bind(&mut self.clauses, clock);
        self
    }

    /// Does the query ask about the clock (so its answer changes as time passes)?
    pub fn uses_clock(&self) -> bool {
        fn any(clauses: &[Clause]) -> bool {
            clauses.iter().any(|c| match &c.term {
                Term::Due(_) | Term::Late(_) => true,
                Term::Or(alts) => alts.iter().any(|a| any(a)),
                _ => false,
            })
        }
        any(&self.clauses)
    }

    /// How many leaf terms the query has (see [`Clause::leaves`]).
    pub(crate) fn leaves(&self) -> usize {
        self.clauses.iter().map(Clause::leaves).sum()
    }

    /// The positive fuzzy words, in the order given (for scoring and highlighting), also those
    /// of alternatives (`rood OR czech`).
    pub fn fuzzy_words(&self) -> impl Iterator<Item = &Word> {
        let mut out = Vec::new();
        positive_words(&self.clauses, &mut out);
        out.into_iter()
    }
}

fn positive_words<'a>(clauses: &'a [Clause], out: &mut Vec<&'a Word>) {
    for c in clauses.iter().filter(|c| !c.negated) {
        match &c.term {
            Term::Fuzzy(w) => out.push(w),
            Term::Or(alts) => alts.iter().for_each(|a| positive_words(a, out)),
            _ => {}
        }
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
