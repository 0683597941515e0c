//! Filtering as you type: run a [`Query`] over the inbox in parallel, narrow the previous result
//! when the new query only adds to the old one, and give up at once when a newer keystroke
//! cancels the run.

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::eval::Memo;
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
                        query.accepts_with(r, st, &mut memo)
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
    let mut used = vec![false; new.clauses().len()];
    old.clauses().iter().all(|oc| {
        let found = new.clauses().iter().enumerate().position(|(j, nc)| {
            !used[j]
                && (nc == oc
                    || match (&oc.term, &nc.term, oc.negated, nc.negated) {
                        (Term::Fuzzy(a), Term::Fuzzy(b), false, false) => {
                            b.text().starts_with(a.text())
                        }
                        _ => false,
                    })
        });
        match found {
            Some(j) => {
                used[j] = true;
                true
            }
            None => false,
        }
    })
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
        let base: &[u32] = match &self.last {
            Some((q, res)) if self.order_len == order.len() && narrows(q, query) => res,
            _ => order,
        };
        let out = filter_indices(query, records, base, states, cancel)?;
        self.last = Some((query.clone(), out.clone()));
        self.order_len = order.len();
        Some(out)
    }
}
