//! `text:` terms: settling the candidates of a query that reads the cables' paragraphs.
//!
//! [`filter_indices`](super::filter_indices) answers every term it can from the records and
//! keeps as candidates the records whose answer depends on their text. A [`TextScan`] then
//! reads those files (through [`Traffic::read_cable`], as the reading view does), a chunk at a
//! time, in parallel within a chunk, and can be stopped between records: a front end runs it
//! off its UI thread and shows the matches found so far. [`filter_text`] runs one to the end.

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::eval::{Memo, Tri, text_of};
use super::filter::state_of;
use super::model::Traffic;
use super::query::Query;
use crate::triage::{CableState, TriageState};

/// Records a [`filter_text`] reads between two looks at its cancel flag, per step.
pub const CHUNK: usize = 256;

/// The settling of one query's candidates, in their order.
#[derive(Debug, Clone)]
pub struct TextScan {
    query: Query,
    candidates: Vec<u32>,
    /// How many candidates are settled (a prefix).
    done: usize,
    matches: Vec<u32>,
    unreadable: usize,
}

impl TextScan {
    /// A scan of `candidates` (record indices, in the order the result should keep), the result
    /// of [`filter_indices`](super::filter_indices) for `query`.
    pub fn new(query: Query, candidates: Vec<u32>) -> TextScan {
        TextScan {
            query,
            candidates,
            done: 0,
            matches: Vec::new(),
            unreadable: 0,
        }
    }

    /// Settles up to `max` more candidates. Returns false when `cancel` was set meanwhile: the
    /// chunk is then dropped unsettled, and a later call takes it up again.
    pub fn step(
        &mut self,
        traffic: &Traffic,
        states: &TriageState,
        max: usize,
        cancel: &AtomicBool,
    ) -> bool {
        let end = self.candidates.len().min(self.done + max.max(1));
        let chunk = &self.candidates[self.done..end];
        let needs_state = self.query.needs_state();
        let empty = CableState::default();
        let query = &self.query;
        let settled: Vec<Option<(bool, bool)>> = chunk
            .par_iter()
            .map(|&i| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let Some(r) = traffic.records.get(i as usize) else {
                    return Some((false, false));
                };
                let st = if needs_state {
                    state_of(states, r)
                } else {
                    &empty
                };
                Some(match query.accepts_tri(r, st, &mut Memo::default()) {
                    Tri::Yes => (true, false),
                    Tri::No => (false, false),
                    Tri::Maybe => match traffic.read_cable(r) {
                        Ok(c) => (query.accepts_text(r, st, &text_of(&c)), false),
                        Err(_) => (false, true),
                    },
                })
            })
            .collect();
        if settled.iter().any(Option::is_none) {
            return false;
        }
        for (&i, s) in chunk.iter().zip(settled.into_iter().flatten()) {
            if s.0 {
                self.matches.push(i);
            }
            self.unreadable += usize::from(s.1);
        }
        self.done = end;
        true
    }

    /// Whether every candidate is settled.
    pub fn is_done(&self) -> bool {
        self.done == self.candidates.len()
    }

    /// Candidates settled so far, and how many there are.
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.candidates.len())
    }

    /// The matches among the candidates settled so far, in the candidates' order.
    pub fn matches(&self) -> &[u32] {
        &self.matches
    }

    /// Candidates whose file could not be read again (they do not match).
    pub fn unreadable(&self) -> usize {
        self.unreadable
    }

    /// The matches, once [`TextScan::is_done`].
    pub fn into_matches(self) -> Vec<u32> {
        self.matches
    }
}

/// Settles every candidate of `query` (see [`TextScan`]); `None` when `cancel` was set.
pub fn filter_text(
    query: &Query,
    traffic: &Traffic,
    candidates: Vec<u32>,
    states: &TriageState,
    cancel: &AtomicBool,
) -> Option<Vec<u32>> {
    let mut scan = TextScan::new(query.clone(), candidates);
    while !scan.is_done() {
        // Chunks of a few per thread: each thread has several records to even out file sizes.
        let per_step = CHUNK * rayon::current_num_threads();
        if !scan.step(traffic, states, per_step, cancel) {
            return None;
        }
    }
    Some(scan.into_matches())
}
