//! Evaluating a parsed [`Query`] against a record and its triage state: yes/no, a score, and the
//! subject positions to highlight.

use super::fuzzy::contains_ci;
use super::query::{Clause, Cmp, IsWhat, Query, Term};
use super::record::Record;
use crate::triage::CableState;

/// How a record matched: a score (higher is better) and the char positions matched in the subject.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Match {
    pub score: i64,
    pub subject_positions: Vec<usize>,
}

fn cmp_holds(cmp: Cmp, have: u8, want: u8) -> bool {
    match cmp {
        Cmp::Eq => have == want,
        Cmp::Ge => have >= want,
        Cmp::Gt => have > want,
        Cmp::Le => have <= want,
        Cmp::Lt => have < want,
    }
}

fn eq_ci(a: &str, lower: &str) -> bool {
    // `eq_ignore_ascii_case` compares lengths first, so most tags are rejected without reading
    // their text; the Unicode path only runs for a non-ASCII query value.
    a.eq_ignore_ascii_case(lower) || (!lower.is_ascii() && a.to_lowercase() == lower)
}

impl Clause {
    /// Does the clause hold for `r`? `state` is only consulted by triage terms.
    ///
    /// Not inlined: inlined into [`Query::accepts`], the compiler loads every record field any
    /// term might read before looking at the first clause, which costs more per record than the
    /// call (filtering runs this on every record).
    #[inline(never)]
    fn holds(&self, r: &Record, state: &CableState) -> bool {
        let yes = match &self.term {
            Term::Tag(v) => r.tags.iter().any(|t| eq_ci(t, v)),
            Term::Label(v) => state.labels.iter().any(|l| eq_ci(l, v)),
            Term::Desk(v) => {
                state.action_desk.as_deref().is_some_and(|d| eq_ci(d, v))
                    || state.info_desks.iter().any(|d| eq_ci(d, v))
            }
            Term::From(v) => contains_ci(&r.origin, v),
            Term::To(v) => r.to.iter().any(|a| contains_ci(a, v)),
            Term::Info(v) => r.info.iter().any(|a| contains_ci(a, v)),
            Term::Id(v) => r.id().is_some_and(|id| eq_ci(id, v)),
            // Classification ranks grow with secrecy: `>=secret` is SECRET or TOP SECRET.
            Term::Class(c, want) => r
                .classification
                .is_some_and(|have| cmp_holds(*c, have.rank(), want.rank())),
            // Precedence ranks shrink with urgency: `>=immediate` is FLASH, NIACT or IMMEDIATE.
            Term::Prec(c, want) => r
                .precedence
                .is_some_and(|have| cmp_holds(*c, want.rank(), have.rank())),
            Term::After(t) => r.dtg().is_some_and(|d| d >= *t),
            Term::Before(t) => r.dtg().is_some_and(|d| d < *t),
            Term::Is(w) => match w {
                IsWhat::Unread => !state.read,
                IsWhat::Read => state.read,
                IsWhat::Flagged => state.flagged,
                IsWhat::Done => state.done,
                IsWhat::Routed => state.is_routed(),
                IsWhat::Unrouted => !state.is_routed(),
            },
            Term::HasNote => state.note.as_deref().is_some_and(|n| !n.trim().is_empty()),
            Term::Fuzzy(w) => w.matches(r),
        };
        yes != self.negated
    }
}

impl Query {
    /// Does the record (with its triage state) match? `None` when it does not.
    pub fn matches(&self, r: &Record, state: &CableState) -> Option<Match> {
        if !self.accepts(r, state) {
            return None;
        }
        Some(Match {
            score: self.score(r),
            subject_positions: self.highlight(r.subject()),
        })
    }

    /// The yes/no half of [`Query::matches`], without scoring (what filtering uses).
    pub fn accepts(&self, r: &Record, state: &CableState) -> bool {
        self.clauses.iter().all(|c| c.holds(r, state))
    }

    /// Sum over the positive fuzzy words of their best field score (0 for a query without any).
    pub fn score(&self, r: &Record) -> i64 {
        self.fuzzy_words().filter_map(|w| w.score(r)).sum()
    }

    /// Sorted, distinct char positions of the subject matched by the positive fuzzy words.
    pub fn highlight(&self, subject: &str) -> Vec<usize> {
        let mut pos: Vec<usize> = self
            .fuzzy_words()
            .flat_map(|w| w.positions(subject))
            .collect();
        pos.sort_unstable();
        pos.dedup();
        pos
    }
}
