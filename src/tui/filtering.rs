//! Filtering as you type on a large inbox (or any query that reads the cables' text), off the
//! UI thread: a job carries everything it needs
//! (shared records, the rows to search, the query), a newer keystroke cancels the older job, and
//! the result comes back tagged with its generation so a stale one is dropped.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::traffic::{Query, Traffic, filter_indices};
use crate::triage::TriageState;

/// Below this many cables a filter runs in place: it takes no longer than a frame.
pub const IN_PLACE_LIMIT: usize = 20_000;

/// One filter to run on a worker thread.
#[derive(Debug, Clone)]
pub struct FilterJob {
    pub generation: u64,
    pub text: String,
    pub query: Query,
    /// What each row of `base` is checked against: `query`, or only the part of it that is new
    /// when `base` is the previous result of a query it narrows.
    pub check: Query,
    pub traffic: Arc<Traffic>,
    /// The rows to search, in inbox order: the whole order, or the previous result when the
    /// new query only narrows the old one.
    pub base: Arc<[u32]>,
    /// Triage state, when the query looks at it (empty otherwise).
    pub states: TriageState,
}

/// A finished filter.
#[derive(Debug)]
pub struct FilterDone {
    pub generation: u64,
    pub text: String,
    pub query: Query,
    /// The matching rows, or why the filter failed.
    pub rows: Result<Vec<u32>, String>,
}

/// Run `job`; `None` when `cancel` was set meanwhile. A query with `text:` terms has its
/// candidates settled by reading their files ([`crate::traffic::text_scan`]), a chunk at a
/// time, still cancellable.
pub fn run(job: FilterJob, cancel: &AtomicBool) -> Option<FilterDone> {
    let mut rows = filter_indices(
        &job.check,
        &job.traffic.records,
        &job.base,
        &job.states,
        cancel,
    )?;
    if job.check.needs_text() {
        rows = crate::traffic::text_scan::filter_text(
            &job.check,
            &job.traffic,
            rows,
            &job.states,
            cancel,
        )?;
    }
    Some(FilterDone {
        generation: job.generation,
        text: job.text,
        query: job.query,
        rows: Ok(rows),
    })
}
