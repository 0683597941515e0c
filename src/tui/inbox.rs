//! The inbox: the sort order, the filter and its query, the rows it leaves, the selection and
//! the scroll, and the marked cables. One type with methods; the traffic and the triage state
//! it filters are lent to it by the app, never kept.
//!
//! One row per cable: the order holds only the first record of each cable
//! ([`crate::traffic::rows::one_per_cable`]), so a cable in two flavours or places, or in
//! several section files, is one row, counted once, marked and labelled once under its key.
//!
//! Rows are record numbers of the traffic on screen: rebuilt whenever the traffic changes, and
//! renumbered in the one place that shifts record numbers (a file that leaves the traffic,
//! [`Inbox::renumber`]) so that a frame drawn before the new rows land is still right. Anything
//! kept longer (the cable kept selected while a filter is typed, the start of a range mark, the
//! marked set) is a [`CableKey`].
//!
//! The number of rows on screen comes from the last layout ([`super::ui::measure`]), as
//! ratatui's `ListState` learns its height from the render: the model never asks the view.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::cable::Precedence;
use crate::keymap::Action;
use crate::traffic::filter::residual;
use crate::traffic::rows::one_per_cable;
use crate::traffic::{Filter, Query, SortKey, Traffic, sorted_indices};
use crate::triage::TriageState;
use crate::triage::due::{DueClock, Objectives};

use super::cable_key::CableKey;
use super::filtering::{FilterDone, FilterJob, IN_PLACE_LIMIT};

/// Counts of the rows in view by precedence (FLASH .. ROUTINE, then none).
pub type PrecedenceCounts = [usize; 6];

/// The inbox's model.
#[derive(Debug)]
pub struct Inbox {
    pub sort: SortKey,
    /// The sort reversed (`S`, `:sort -dtg`).
    pub reverse: bool,
    /// The first record of every cable, in `sort` order.
    order: Arc<[u32]>,
    /// The rows: record numbers in order, after the filter.
    pub rows: Vec<u32>,
    pub counts: PrecedenceCounts,
    /// The filter in force: its text, and parsed (the drawn rows highlight its matches).
    pub filter: String,
    pub query: Query,
    /// The last filter result, which a longer query narrows instead of starting over.
    filter_cache: Filter,
    /// The filter job last started on a worker; results of older ones are dropped.
    generation: u64,
    /// `rows` came from the current `order` and traffic, so a longer query may narrow them;
    /// false from a re-sort (or new traffic) until the next result is installed.
    rows_current: bool,
    /// A filter is running on a worker (the status bar says so).
    pub filtering: bool,
    /// The selected row.
    pub selected: usize,
    /// The cable selected when the filter prompt opened: kept selected while the filter is
    /// edited, so a filter that matches nothing and is cleared returns to it.
    pub anchor: Option<CableKey>,
    /// The anchor's record in the traffic on screen (found again when the traffic changes), so
    /// each filter result looks for a number, not a key.
    anchor_record: Option<u32>,
    /// The selection was on the first row when rows arrived: keep it there (rather than
    /// following that cable down) until the user moves.
    top_pinned: bool,
    /// First row on screen.
    pub offset: usize,
    /// Rows on screen at the last layout; 0 before the first (nothing is scrolled then).
    pub height: usize,
    /// Marked cables: actions apply to them when there are any.
    pub marked: BTreeSet<CableKey>,
    /// Where a range mark began.
    pub range_anchor: Option<CableKey>,
    /// The office clock the due column, the `due` sort and due terms are asked against (set
    /// by the app at each tick; stopped until then).
    pub clock: DueClock,
}

impl Default for Inbox {
    fn default() -> Inbox {
        Inbox {
            sort: SortKey::default(),
            reverse: false,
            order: Arc::from([]),
            rows: Vec::new(),
            counts: [0; 6],
            filter: String::new(),
            query: Query::default(),
            filter_cache: Filter::new(),
            generation: 0,
            rows_current: false,
            filtering: false,
            selected: 0,
            anchor: None,
            anchor_record: None,
            top_pinned: false,
            offset: 0,
            height: 0,
            marked: BTreeSet::new(),
            range_anchor: None,
            clock: DueClock::new(Objectives::default().off(), 0),
        }
    }
}

/// How far a movement action goes, given a page of `page` lines; `None` for top/bottom and for
/// anything that is not a movement.
pub fn distance(action: Action, page: usize) -> Option<isize> {
    let page = page.max(1) as isize;
    match action {
        Action::MoveDown => Some(1),
        Action::MoveUp => Some(-1),
        Action::PageDown => Some(page),
        Action::PageUp => Some(-page),
        Action::HalfPageDown => Some((page / 2).max(1)),
        Action::HalfPageUp => Some(-(page / 2).max(1)),
        _ => None,
    }
}

/// Is `action` one that moves a selection or a scroll?
pub fn is_movement(action: Action) -> bool {
    matches!(action, Action::Top | Action::Bottom) || distance(action, 1).is_some()
}

impl Inbox {
    /// The sort as the status bar and `:sort` spell it: `dtg`, or `-dtg` reversed.
    pub fn sort_name(&self) -> String {
        let dash = if self.reverse { "-" } else { "" };
        format!("{dash}{}", self.sort.name())
    }

    /// The record under the selection.
    pub fn selected_record(&self) -> Option<u32> {
        self.rows.get(self.selected).copied()
    }

    /// The key of the cable under the selection.
    pub fn selected_cable(&self, traffic: &Traffic) -> Option<CableKey> {
        let r = traffic.records.get(self.selected_record()? as usize)?;
        Some(CableKey::of(r))
    }

    /// New or more traffic is about to be shown: a selection on the first row stays there
    /// (rather than following that cable down) until the user moves.
    pub fn pin_to_top(&mut self) {
        self.top_pinned = self.rows.is_empty() || self.selected == 0;
    }

    /// Keep the selected cable selected while a filter is edited (see [`Inbox::anchor`]).
    pub fn set_anchor(&mut self, traffic: &Traffic) {
        self.anchor = self.selected_cable(traffic);
        self.anchor_record = self.selected_record();
    }

    pub fn clear_anchor(&mut self) {
        self.anchor = None;
        self.anchor_record = None;
    }

    /// The traffic changed: find the anchored cable's record again by its key.
    pub fn relocate(&mut self, traffic: &Traffic) {
        self.anchor_record = self.anchor.as_ref().and_then(|k| k.find(traffic));
    }

    /// Record numbers changed (`map[old]` is the new number, `None` for a record that left):
    /// renumber the rows so the screen stays right until the next filter result.
    pub fn renumber(&mut self, map: &[Option<u32>]) {
        let selected = self.selected_record();
        let m = |i: u32| map.get(i as usize).copied().flatten();
        self.rows = self.rows.iter().filter_map(|&i| m(i)).collect();
        if let Some(pos) = selected
            .and_then(m)
            .and_then(|s| self.rows.iter().position(|&r| r == s))
        {
            self.selected = pos;
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        self.rows_current = false;
    }

    /// Sort again by `self.sort`, then filter (in place, or by the returned job).
    pub fn resort(
        &mut self,
        traffic: &Arc<Traffic>,
        state: &TriageState,
    ) -> Result<Option<FilterJob>, String> {
        let mut order = match self.sort {
            SortKey::Due => crate::traffic::due_order(&traffic.records, state, &self.clock),
            key => sorted_indices(&traffic.records, key),
        };
        one_per_cable(&traffic.records, &mut order);
        if self.reverse {
            order.reverse();
        }
        self.order = order.into();
        self.filter_cache.invalidate();
        self.rows_current = false;
        let filter = self.filter.clone();
        self.apply_filter(&filter, traffic, state)
    }

    /// Filter again with the same query (the triage state it looks at changed).
    pub fn refilter(
        &mut self,
        traffic: &Arc<Traffic>,
        state: &TriageState,
    ) -> Result<Option<FilterJob>, String> {
        self.filter_cache.invalidate();
        let filter = self.filter.clone();
        self.apply_filter(&filter, traffic, state)
    }

    /// Filter by `text` (the query language). On a bad query the rows stay as they were. A
    /// small inbox is filtered in place; a large one returns a job for a worker.
    pub fn apply_filter(
        &mut self,
        text: &str,
        traffic: &Arc<Traffic>,
        state: &TriageState,
    ) -> Result<Option<FilterJob>, String> {
        let query = Query::parse(text)
            .map_err(|e| e.to_string())?
            .at_clock(self.clock);
        self.generation += 1;
        // A `text:` term reads files: never on the UI thread, however small the inbox.
        if query.is_empty() || (traffic.records.len() < IN_PLACE_LIMIT && !query.needs_text()) {
            let never = AtomicBool::new(false);
            let rows = self
                .filter_cache
                .run(&query, &traffic.records, &self.order, state, &never);
            self.filtering = false;
            self.install_rows(rows.unwrap_or_default(), query, text, traffic);
            return Ok(None);
        }
        // A query that narrows the shown one searches the shown rows, and checks them only
        // against what it adds (the clauses it keeps unchanged hold for them already).
        let residual = if self.rows_current && !self.filtering && !self.query.is_empty() {
            residual(&self.query, &query)
        } else {
            None
        };
        let (base, check): (Arc<[u32]>, Query) = match residual {
            Some(rest) => (self.rows.as_slice().into(), rest),
            None => (Arc::clone(&self.order), query.clone()),
        };
        let states = if query.needs_state() {
            state.clone()
        } else {
            TriageState::default()
        };
        self.filtering = true;
        Ok(Some(FilterJob {
            generation: self.generation,
            text: text.to_string(),
            query,
            check,
            traffic: Arc::clone(traffic),
            base,
            states,
        }))
    }

    /// A filter worker finished; a result overtaken by a newer filter is dropped.
    pub fn filtered(&mut self, done: FilterDone, traffic: &Traffic) -> Result<(), String> {
        if done.generation != self.generation {
            return Ok(());
        }
        self.filtering = false;
        let rows = done.rows.map_err(|e| format!("filter failed: {e}"))?;
        self.install_rows(rows, done.query, &done.text, traffic);
        Ok(())
    }

    /// Show `rows` as the result of `query`, keeping the anchored (else the selected) cable
    /// selected.
    fn install_rows(&mut self, rows: Vec<u32>, query: Query, text: &str, traffic: &Traffic) {
        let keep = self.selected_record();
        self.rows = rows;
        self.rows_current = true;
        self.query = query;
        self.filter = text.trim().to_string();
        self.counts = [0; 6];
        for &i in &self.rows {
            let p = traffic.records[i as usize].precedence;
            self.counts[p.map_or(5, Precedence::rank) as usize] += 1;
        }
        let anchored = self
            .anchor_record
            .and_then(|a| self.rows.iter().position(|&r| r == a));
        let found = anchored.or_else(|| keep.and_then(|k| self.rows.iter().position(|&r| r == k)));
        self.selected = found
            .unwrap_or(self.selected)
            .min(self.rows.len().saturating_sub(1));
        if std::mem::take(&mut self.top_pinned) && self.anchor.is_none() {
            self.selected = 0;
        }
        self.scroll_to_selection();
    }

    /// Move the first row on screen so the selection is visible.
    pub fn scroll_to_selection(&mut self) {
        if self.height == 0 {
            return;
        }
        let h = self.height;
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(h));
    }

    /// Select row `row` (clamped to the rows there are).
    pub fn select_row(&mut self, row: usize) {
        self.selected = row.min(self.rows.len().saturating_sub(1));
        self.top_pinned = false;
        self.scroll_to_selection();
    }

    /// Move the selection by `by` rows.
    pub fn move_by(&mut self, by: isize) {
        self.select_row(self.selected.saturating_add_signed(by));
    }

    /// Move by a movement action (a line, a page, half a page, top, bottom).
    pub fn movement(&mut self, action: Action) {
        match distance(action, self.height) {
            Some(d) => self.move_by(d),
            None if action == Action::Top => self.select_row(0),
            None => self.select_row(self.rows.len().saturating_sub(1)),
        }
    }

    /// Select `record` if a row shows it.
    pub fn select_record(&mut self, record: u32) {
        if let Some(row) = self.rows.iter().position(|&r| r == record) {
            self.select_row(row);
        }
    }
}
