//! Filtering as you type: run a [`Query`] over the inbox in parallel, narrow the previous result
//! when the new query only adds to the old one, and give up at once when a newer keystroke
//! cancels the run.

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::eval::{Memo, Tri};
use super::query::{Query, Term};
use super::record::Record;
use crate::triage::{CableState, TriageState};

/// Records handed to one parallel task between cancellation checks.
const CHUNK: usize = 4096;

/// The state of one record without allocating its key when it has an id.
pub fn state_of<'a>(states: &'a TriageState, r: &Record) -> &'a CableState {
    if states.cables.is_empty() {
        return states.get("");
    }
    match r.id() {
        Some(id) => states.get(id),
        None => states.get(&r.key()),
    }
}

/// Indices of `order` (in that order) whose records match `query`; `None` when `cancel` was set
/// while running.
///
/// For a query that [needs text](Query::needs_text) these are the candidates: every record the
/// query may accept once its paragraphs are read. Settle them with a
/// [`TextScan`](super::text_scan::TextScan), off the UI thread.
pub fn filter_indices(
    query: &Query,
    records: &[Record],
    order: &[u32],
    states: &TriageState,
    cancel: &AtomicBool,
) -> Option<Vec<u32>> {
    if query.is_empty() {
        return Some(order.to_vec());
    }
    let empty = CableState::default();
    let needs_state = query.needs_state();
    let needs_text = query.needs_text();
    let parts: Vec<Option<Vec<u32>>> = order
        .par_chunks(CHUNK)
        .map(|chunk| {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let mut memo = Memo::for_query(query);
            Some(
                chunk
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let Some(r) = records.get(i as usize) else {
                            return false;
                        };
                        let st = if needs_state {
                            state_of(states, r)
                        } else {
                            &empty
                        };
                        if needs_text {
                            query.accepts_tri(r, st, &mut memo) != Tri::No
                        } else {
                            query.accepts_with(r, st, &mut memo)
                        }
                    })
                    .collect(),
            )
        })
        .collect();
    let mut out = Vec::new();
    for p in parts {
        out.extend(p?);
    }
    Some(out)
}

/// Does every record matching `new` also match `old`? True when `new` keeps each clause of `old`
/// or lengthens one of its positive fuzzy words (a longer word only matches fewer records).
pub fn narrows(old: &Query, new: &Query) -> bool {
    kept_clauses(old, new).is_some()
}

/// What a record of `old`'s result must still be checked against to match `new`, when `new`
/// narrows `old`: the clauses of `new` not kept unchanged from `old` (those hold already).
/// `None` when `new` does not narrow `old`.
pub fn residual(old: &Query, new: &Query) -> Option<Query> {
    let kept = kept_clauses(old, new)?;
    let clauses = new
        .clauses()
        .iter()
        .zip(kept)
        .filter(|(_, k)| !k)
        .map(|(c, _)| c.clone())
        .collect();
    Some(Query { clauses })
}

/// For each clause of `new`, whether it is a clause of `old` unchanged; `None` unless every
/// clause of `old` is kept or lengthened (a positive fuzzy word) by its own clause of `new`.
fn kept_clauses(old: &Query, new: &Query) -> Option<Vec<bool>> {
    // `used[j]`: new clause j stands for an old clause, and `kept[j]`: unchanged.
    let mut used = vec![false; new.clauses().len()];
    let mut kept = vec![false; new.clauses().len()];
    for oc in old.clauses() {
        // An unchanged copy first, so a lengthened word does not take the place of a kept one.
        let same = (0..used.len()).find(|&j| !used[j] && new.clauses()[j] == *oc);
        let j = same.or_else(|| {
            new.clauses().iter().enumerate().position(|(j, nc)| {
                !used[j]
                    && match (&oc.term, &nc.term, oc.negated, nc.negated) {
                        (Term::Fuzzy(a), Term::Fuzzy(b), false, false) => {
                            b.text().starts_with(a.text())
                        }
                        _ => false,
                    }
            })
        })?;
        used[j] = true;
        kept[j] = same.is_some();
    }
    Some(kept)
}

/// Remembers the last result so the next, longer query narrows it instead of starting over.
///
/// The caller calls [`Filter::invalidate`] when records, triage state or the order change.
#[derive(Debug, Default)]
pub struct Filter {
    last: Option<(Query, Vec<u32>)>,
    /// Length of the order the last result was taken from (a cheap guard against misuse).
    order_len: usize,
}

impl Filter {
    pub fn new() -> Filter {
        Filter::default()
    }

    /// Forget the previous result (records, state or order changed).
    pub fn invalidate(&mut self) {
        self.last = None;
    }

    /// Filter `order` by `query`, narrowing the previous result when possible. Returns `None` when
    /// cancelled (the previous result is kept for the next run).
    pub fn run(
        &mut self,
        query: &Query,
        records: &[Record],
        order: &[u32],
        states: &TriageState,
        cancel: &AtomicBool,
    ) -> Option<Vec<u32>> {
        // Narrowing: only what the new query adds is checked, over the previous result.
        let narrowed = match &self.last {
            Some((q, res)) if self.order_len == order.len() => {
                residual(q, query).map(|rest| (rest, res.as_slice()))
            }
            _ => None,
        };
        let out = match &narrowed {
            Some((rest, base)) => filter_indices(rest, records, base, states, cancel)?,
            None => filter_indices(query, records, order, states, cancel)?,
        };
        self.last = Some((query.clone(), out.clone()));
        self.order_len = order.len();
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Query {
        Query::parse(s).expect("a valid query")
    }

    #[test]
    fn residual_keeps_only_what_the_new_query_adds() {
        // The unchanged tag is dropped; the lengthened word and the new negation stay.
        assert_eq!(
            residual(&q("tag:prel nuc"), &q("tag:prel nucl -rood")),
            Some(q("nucl -rood"))
        );
        assert_eq!(residual(&q("rood czech"), &q("czech rood")), Some(q("")));
        // A word that lengthens one copy of a repeated word leaves the other copy kept.
        assert_eq!(residual(&q("ro ro"), &q("ro rod")), Some(q("rod")));
        assert_eq!(residual(&q("rood"), &q("roo")), None);
        assert_eq!(residual(&q("-rood"), &q("-roods")), None);
    }
}
