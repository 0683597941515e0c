//! Evaluating a parsed [`Query`] against a record and its triage state: yes/no, a score, and the
//! subject positions to highlight. A query with `text:` terms is first evaluated without the
//! cable's text, to yes, no or maybe ([`Tri`]); the maybes are settled once their paragraphs are
//! read (see [`super::text_scan`]).

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

/// Results that depend only on a value records share through the interner (an origin, a TAGS
/// or addressee list), remembered during one pass over the records: a few hundred origins and
/// lists serve a quarter of a million records, so each is matched about once per pass instead of
/// once per record.
///
/// Values are known by the address of their allocation. That is sound while no record is
/// dropped during the pass (the pass borrows them all): two live values at one address are one
/// value. A value not shared merely misses. The default memo has no room and remembers nothing.
#[derive(Debug, Default)]
pub struct Memo {
    /// `SLOTS` direct-mapped (address, result) pairs for each clause and shared field.
    slots: Vec<(usize, bool)>,
}

/// Slots per clause and field: enough for the usual few hundred origins to rarely evict each
/// other, small enough to clear for each chunk of records.
const SLOTS: usize = 256;
/// The shared values a clause may look at: origin, one list (TAGS, TO or INFO), and single tags.
const PARTS: usize = 3;
const ORIGIN: usize = 0;
const LIST: usize = 1;
const TAG: usize = 2;

impl Memo {
    /// A memo with room for `query`.
    pub fn for_query(query: &Query) -> Memo {
        Memo {
            slots: vec![(0, false); query.leaves() * PARTS * SLOTS],
        }
    }

    /// The result for the value at `addr`, computed by `f` when not remembered.
    #[inline]
    fn get(&mut self, clause: usize, part: usize, addr: usize, f: impl FnOnce() -> bool) -> bool {
        if let Some(v) = self.recall(clause, part, addr) {
            return v;
        }
        let v = f();
        self.remember(clause, part, addr, v);
        v
    }

    /// The remembered result for the value at `addr`, if any.
    #[inline]
    fn recall(&self, clause: usize, part: usize, addr: usize) -> Option<bool> {
        let (a, v) = *self.slots.get(Self::slot(clause, part, addr))?;
        (a == addr).then_some(v)
    }

    /// Remember `v` for the value at `addr` (in place of whatever had its slot).
    #[inline]
    fn remember(&mut self, clause: usize, part: usize, addr: usize, v: bool) {
        if let Some(slot) = self.slots.get_mut(Self::slot(clause, part, addr)) {
            *slot = (addr, v);
        }
    }

    #[inline]
    fn slot(clause: usize, part: usize, addr: usize) -> usize {
        // Fibonacci hashing: the top 8 bits of the product spread nearby addresses apart.
        let h = (addr.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (usize::BITS - 8)) % SLOTS;
        (clause * PARTS + part) * SLOTS + h
    }
}

/// The address of a shared value's items (never 0), what [`Memo`] knows it by: a shared string's
/// bytes or a shared list's slice.
fn addr<T>(a: &[T]) -> usize {
    a.as_ptr() as usize
}

/// A three-valued answer: the evaluation of a query whose `text:` terms are not known yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    No,
    Maybe,
    Yes,
}

impl Tri {
    fn not(self) -> Tri {
        match self {
            Tri::No => Tri::Yes,
            Tri::Yes => Tri::No,
            Tri::Maybe => Tri::Maybe,
        }
    }
}

/// The lowercased paragraphs of a cable, blanks collapsed to single spaces: what `text:`
/// terms search.
pub fn text_of(cable: &crate::cable::Cable) -> String {
    let mut out = String::new();
    for p in &cable.paragraphs {
        for part in p.heading.iter().chain(std::iter::once(&p.text)) {
            for w in part.split_whitespace() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&w.to_lowercase());
            }
        }
    }
    out
}

/// Evaluates `clauses` (all must hold), the first leaf at memo place `slot`.
fn all_hold(
    clauses: &[Clause],
    slot: usize,
    r: &Record,
    state: &CableState,
    memo: &mut Memo,
    text: Option<&str>,
) -> bool {
    let mut at = slot;
    for c in clauses {
        if !c.holds(at, r, state, memo, text) {
            return false;
        }
        at += c.leaves();
    }
    true
}

/// [`all_hold`] without the text: no, yes, or maybe (a `text:` term would decide).
fn all_tri(
    clauses: &[Clause],
    slot: usize,
    r: &Record,
    state: &CableState,
    memo: &mut Memo,
) -> Tri {
    let mut at = slot;
    let mut out = Tri::Yes;
    for c in clauses {
        match c.tri(at, r, state, memo) {
            Tri::No => return Tri::No,
            Tri::Maybe => out = Tri::Maybe,
            Tri::Yes => {}
        }
        at += c.leaves();
    }
    out
}

impl Clause {
    /// [`Clause::holds`] without the text: a `text:` term is a maybe.
    fn tri(&self, slot: usize, r: &Record, state: &CableState, memo: &mut Memo) -> Tri {
        match &self.term {
            Term::Text(_) => Tri::Maybe,
            Term::Or(alts) if self.term.needs_text() => {
                let mut at = slot;
                let mut any = Tri::No;
                for alt in alts {
                    match all_tri(alt, at, r, state, memo) {
                        Tri::Yes => {
                            any = Tri::Yes;
                            break;
                        }
                        Tri::Maybe => any = Tri::Maybe,
                        Tri::No => {}
                    }
                    at += alt.iter().map(Clause::leaves).sum::<usize>();
                }
                if self.negated { any.not() } else { any }
            }
            _ => match self.holds(slot, r, state, memo, None) {
                true => Tri::Yes,
                false => Tri::No,
            },
        }
    }

    /// Does the clause (its first leaf at memo place `slot`) hold for `r`? `state` is only
    /// consulted by triage terms, `text` (see [`text_of`]) by `text:` terms, which do not hold
    /// without it.
    ///
    /// Not inlined: inlined into [`Query::accepts`], the compiler loads every record field any
    /// term might read before looking at the first clause, which costs more per record than the
    /// call (filtering runs this on every record).
    #[inline(never)]
    fn holds(
        &self,
        i: usize,
        r: &Record,
        state: &CableState,
        memo: &mut Memo,
        text: Option<&str>,
    ) -> bool {
        let yes = match &self.term {
            Term::Tag(v) => memo.get(i, LIST, addr(&r.tags[..]), || {
                r.tags.iter().any(|t| eq_ci(t, v))
            }),
            Term::Label(v) => state.labels.iter().any(|l| eq_ci(l, v)),
            Term::Desk(v) => {
                state.action_desk.as_deref().is_some_and(|d| eq_ci(d, v))
                    || state.info_desks.iter().any(|d| eq_ci(d, v))
            }
            Term::From(v) => memo.get(i, ORIGIN, addr(r.origin.as_bytes()), || {
                contains_ci(&r.origin, v)
            }),
            Term::To(v) => memo.get(i, LIST, addr(&r.to[..]), || {
                r.to.iter().any(|a| contains_ci(a, v))
            }),
            Term::Info(v) => memo.get(i, LIST, addr(&r.info[..]), || {
                r.info.iter().any(|a| contains_ci(a, v))
            }),
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
                IsWhat::New => state.new && !state.read,
                IsWhat::Mine => state.mine,
            },
            Term::Assignee(v) => state.tasker.as_ref().is_some_and(|t| eq_ci(&t.assignee, v)),
            Term::Task(want) => state.tasker.as_ref().is_some_and(|t| t.state == *want),
            Term::Late(now) => state
                .tasker
                .as_ref()
                .is_some_and(|t| t.is_open() && t.suspense.is_some_and(|s| s.timestamp() < *now)),
            Term::HasNote => state.has_note(),
            Term::Due(d) => d.holds(r, state),
            // The same rule as `Word::matches`, with origin, TAGS lists and single tags
            // remembered (a list seen for the first time is made of tags seen before).
            Term::Fuzzy(w) => {
                w.may_match(r)
                    && (w.matches_own(r)
                        || memo.get(i, ORIGIN, addr(r.origin.as_bytes()), || w.field(&r.origin))
                        || match memo.recall(i, LIST, addr(&r.tags[..])) {
                            Some(v) => v,
                            None => {
                                let v = r
                                    .tags
                                    .iter()
                                    .any(|t| memo.get(i, TAG, addr(t.as_bytes()), || w.field(t)));
                                memo.remember(i, LIST, addr(&r.tags[..]), v);
                                v
                            }
                        })
            }
            Term::Or(alts) => {
                let mut at = i;
                let mut any = false;
                for alt in alts {
                    if all_hold(alt, at, r, state, memo, text) {
                        any = true;
                        break;
                    }
                    at += alt.iter().map(Clause::leaves).sum::<usize>();
                }
                any
            }
            Term::Text(needle) => text.is_some_and(|t| t.contains(needle.as_str())),
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

    /// The yes/no half of [`Query::matches`], without scoring.
    pub fn accepts(&self, r: &Record, state: &CableState) -> bool {
        self.accepts_with(r, state, &mut Memo::default())
    }

    /// [`Query::accepts`] for one of many records in a pass, remembering in `memo` (made by
    /// [`Memo::for_query`] for this query) what records share. What filtering uses.
    pub fn accepts_with(&self, r: &Record, state: &CableState, memo: &mut Memo) -> bool {
        all_hold(&self.clauses, 0, r, state, memo, None)
    }

    /// [`Query::accepts_with`] for a query with `text:` terms, before the text is read: no,
    /// yes (whatever the text), or maybe.
    pub fn accepts_tri(&self, r: &Record, state: &CableState, memo: &mut Memo) -> Tri {
        all_tri(&self.clauses, 0, r, state, memo)
    }

    /// [`Query::accepts`] with the cable's text (made by [`text_of`]) for `text:` terms.
    pub fn accepts_text(&self, r: &Record, state: &CableState, text: &str) -> bool {
        all_hold(&self.clauses, 0, r, state, &mut Memo::default(), Some(text))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cable::{Addressee, Cable};
    use crate::traffic::Interner;

    /// Fictional records whose origins and TAGS lists are shared through one interner, many
    /// more of them than a memo has slots, so remembered values collide and are evicted.
    fn records() -> Vec<Record> {
        let interner = Interner::default();
        (0..3000)
            .map(|i| {
                let c = Cable {
                    file: format!("t/{i}.txt"),
                    id: Some(format!("09POST{i}")),
                    origin: Some(format!("AMEMBASSY PLACE{}", i % 700)),
                    to: vec![Addressee {
                        addressee: format!("AMCONSUL HARBOR{}", i % 3),
                        ..Default::default()
                    }],
                    tags: vec![
                        ["PREL", "ECON", "KNNP"][i % 3].into(),
                        format!("X{}", i % 400),
                    ],
                    subject: Some(["QUOTA TALKS", "HARBOR VISIT", "TREATY"][i % 3].into()),
                    ..Default::default()
                };
                Record::from_cable_in(&c, 0, &interner)
            })
            .collect()
    }

    #[test]
    fn a_memo_changes_no_answer() {
        let recs = records();
        let st = CableState::default();
        for q in [
            "place12",
            "from:place1 -tag:prel",
            "x39 harbor",
            "to:harbor2 tag:knnp",
            "-place6",
            "tag:x7",
        ] {
            let q = Query::parse(q).expect("a valid query");
            let mut memo = Memo::for_query(&q);
            let with: Vec<bool> = recs
                .iter()
                .map(|r| q.accepts_with(r, &st, &mut memo))
                .collect();
            let without: Vec<bool> = recs.iter().map(|r| q.accepts(r, &st)).collect();
            assert_eq!(with, without, "{q:?}");
            assert!(with.iter().any(|&y| y) && with.iter().any(|&y| !y), "{q:?}");
        }
    }
}
