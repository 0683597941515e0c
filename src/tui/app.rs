//! The model of the interactive inbox: the loaded traffic, the inbox order and filter, the
//! selection, the reading view, overlays, the pending chord and the status message. Changed only
//! by `update`; read by `ui::draw`.

use crate::cable::{Cable, Classification, Precedence};
use crate::keymap::{Context, Key, Keymap};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::traffic::filter::residual;
use crate::traffic::{Filter, Query, Record, SortKey, Traffic, sorted_indices};
use crate::triage::TriageState;
use crate::view::Doc;

use super::filtering::{FilterDone, FilterJob, IN_PLACE_LIMIT};
use super::input::LineInput;
use super::note::NoteEditor;
use super::theme::Theme;
use super::triage::Session;
use super::triage_input::{DeskPicker, LabelPrompt};
use std::collections::BTreeSet;

/// The main screen under any overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Inbox,
    Reader,
}

/// The two panes of the reading view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Header,
    Body,
}

/// The reading view of one cable.
#[derive(Debug, Clone)]
pub struct Reader {
    /// Index into `traffic.records`.
    pub record: u32,
    /// The banner of the cable (`SECRET//NOFORN`) and its level.
    pub banner: String,
    pub classification: Option<Classification>,
    /// The document, once the cable has been read from its file.
    pub doc: Option<Doc>,
    /// How many lines at the top of `doc.body` are the triage note (rebuilt when it changes).
    pub note_lines: usize,
    pub error: Option<String>,
    pub focus: Pane,
    pub header_scroll: usize,
    pub body_scroll: usize,
}

/// What a one-line prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Filter,
    Command,
}

#[derive(Debug, Clone)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: LineInput,
    /// The query error of the text as typed, shown under the prompt.
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Help {
    pub search: LineInput,
    pub scroll: usize,
}

/// Something drawn over the main screen that takes the keys.
#[derive(Debug, Clone)]
pub enum Overlay {
    Prompt(Prompt),
    Help(Help),
    Label(LabelPrompt),
    Desk(DeskPicker),
    Note(Box<NoteEditor>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

/// Work the event loop does for `update`, off the model.
#[derive(Debug)]
pub enum Effect {
    /// Read the full cable of this record from its file; the result comes back as an event.
    ReadCable(u32),
    /// Filter a large inbox on a worker; the result comes back as an event.
    Filter(Box<FilterJob>),
    Suspend,
    Redraw,
}

/// Counts of the rows in view by precedence (FLASH .. ROUTINE, then none).
pub type PrecedenceCounts = [usize; 6];

pub struct App {
    /// Shared with filter workers.
    pub traffic: Arc<Traffic>,
    /// Triage state given with the traffic, used when no journal is open.
    pub triage: TriageState,
    /// The journal (its state is the live triage state), desks, and why actions are refused.
    pub session: Session,
    /// Marked cables (record indices): actions apply to them when there are any.
    pub marked: BTreeSet<u32>,
    /// Where a range mark (`V`) began (a record index).
    pub range_anchor: Option<u32>,
    pub keymap: Keymap,
    pub theme: Theme,
    /// Set while the traffic directory is loading: what to say meanwhile.
    pub loading: Option<String>,
    /// Files read and files found, while loading (shown after `loading` while no row is
    /// listed, and in the status bar beside early rows).
    pub load_progress: Option<(usize, usize)>,
    /// The selection was on the first row when early rows arrived: keep it on the first row
    /// (rather than following that cable down) until the user moves.
    top_pinned: bool,
    pub sort: SortKey,
    /// Every record index in `sort` order.
    order: Arc<[u32]>,
    /// The inbox rows: record indices in order, after the filter.
    pub rows: Vec<u32>,
    pub counts: PrecedenceCounts,
    /// The filter in force: its text, and parsed (the drawn rows highlight its matches).
    pub filter: String,
    pub query: Query,
    /// The last filter result, which a longer query narrows instead of starting over.
    filter_cache: Filter,
    /// The filter job last started on a worker; results of older ones are dropped.
    filter_generation: u64,
    /// `rows` came from the current `order` and traffic, so a longer query may narrow them;
    /// false from a re-sort (or new traffic) until the next result is installed.
    rows_current: bool,
    /// A filter is running on a worker (the status bar says so).
    pub filtering: bool,
    pub selected: usize,
    /// The cable selected when the filter prompt opened: kept selected while the filter is
    /// edited, so a filter that matches nothing and is cleared returns to it.
    pub anchor: Option<u32>,
    /// First inbox row on screen.
    pub offset: usize,
    pub screen: Screen,
    pub reader: Option<Reader>,
    pub overlay: Option<Overlay>,
    /// Keys of a chord begun but not finished.
    pub pending: Vec<Key>,
    pub message: Option<(Level, String)>,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    pub should_quit: bool,
    /// The saved queues sidebar.
    pub queues: super::queues::Queues,
    /// The reference list of the reading view and its back stack.
    pub refs: super::refs::Refs,
    /// Tab completion on the command line.
    pub command: super::command::Completion,
    /// Live arrivals and FLASH/NIACT alerts.
    pub live: super::live::Live,
}

impl App {
    pub fn new(keymap: Keymap, theme: Theme) -> App {
        App {
            traffic: Arc::default(),
            triage: TriageState::default(),
            session: Session::default(),
            marked: BTreeSet::new(),
            range_anchor: None,
            keymap,
            theme,
            loading: None,
            load_progress: None,
            top_pinned: false,
            sort: SortKey::default(),
            order: Arc::from([]),
            rows: Vec::new(),
            counts: [0; 6],
            filter: String::new(),
            query: Query::default(),
            filter_cache: Filter::new(),
            rows_current: false,
            filter_generation: 0,
            filtering: false,
            selected: 0,
            anchor: None,
            offset: 0,
            screen: Screen::Inbox,
            reader: None,
            overlay: None,
            pending: Vec::new(),
            message: None,
            size: (80, 24),
            should_quit: false,
            queues: Default::default(),
            refs: Default::default(),
            command: Default::default(),
            live: Default::default(),
        }
    }

    /// Install loaded traffic (and its triage state), keeping the filter and sort.
    pub fn set_traffic(&mut self, traffic: Traffic, triage: TriageState) -> Option<Effect> {
        self.traffic = Arc::new(traffic);
        self.triage = triage;
        self.loading = None;
        self.load_progress = None;
        self.top_pinned = self.rows.is_empty() || self.selected == 0;
        let effect = self.resort();
        if !self.traffic.problems.is_empty() {
            let n = self.traffic.problems.len();
            self.info(format!(
                "{n} file{} not readable as cables (cabletriage check lists them)",
                plural(n)
            ));
        }
        effect
    }

    /// Show more of the cables being loaded, after those shown so far (sorted and filtered as
    /// usual; the selected cable stays selected). The complete traffic replaces them via
    /// `set_traffic`.
    pub fn show_partial(&mut self, more: Vec<Record>) -> Option<Effect> {
        // Copied only when a filter job still holds the traffic shown so far.
        Arc::make_mut(&mut self.traffic).records.extend(more);
        self.top_pinned = self.rows.is_empty() || self.selected == 0;
        self.resort()
    }

    /// The keymap context the next key is looked up in.
    pub fn context(&self) -> Context {
        match (&self.overlay, self.screen) {
            (Some(Overlay::Help(_)), _) => Context::Help,
            (Some(Overlay::Prompt(_) | Overlay::Label(_) | Overlay::Desk(_)), _) => Context::Prompt,
            // The note editor takes keys before the keymap; Prompt is the nearest context.
            (Some(Overlay::Note(_)), _) => Context::Prompt,
            (None, Screen::Inbox) => Context::Inbox,
            (None, Screen::Reader) => Context::Reader,
        }
    }

    /// The live triage state: the journal's, else the one given with the traffic.
    pub fn triage_state(&self) -> &TriageState {
        self.session.state().unwrap_or(&self.triage)
    }

    /// Filter again with the same query (the triage state it looks at changed).
    pub fn refilter(&mut self) -> Option<Effect> {
        self.filter_cache.invalidate();
        let filter = self.filter.clone();
        self.apply_filter(&filter).unwrap_or_else(|e| {
            self.error(e);
            None
        })
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some((Level::Info, text.into()));
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some((Level::Error, text.into()));
    }

    pub fn record(&self, i: u32) -> Option<&Record> {
        self.traffic.records.get(i as usize)
    }

    /// The record under the selection.
    pub fn selected_record(&self) -> Option<u32> {
        self.rows.get(self.selected).copied()
    }

    /// Sort again by `self.sort`, then filter; the selected cable stays selected.
    pub fn resort(&mut self) -> Option<Effect> {
        self.order = sorted_indices(&self.traffic.records, self.sort).into();
        self.filter_cache.invalidate();
        self.rows_current = false;
        let filter = self.filter.clone();
        self.apply_filter(&filter).unwrap_or_else(|e| {
            self.error(e);
            None
        })
    }

    /// Filter the inbox by `text` (the query language). On a bad query the rows stay as they were.
    /// A small inbox is filtered in place; a large one asks for a worker ([`Effect::Filter`]).
    pub fn apply_filter(&mut self, text: &str) -> Result<Option<Effect>, String> {
        let query = Query::parse(text).map_err(|e| e.to_string())?;
        self.filter_generation += 1;
        if query.is_empty() || self.traffic.records.len() < IN_PLACE_LIMIT {
            let never = AtomicBool::new(false);
            let records = &self.traffic.records;
            let rows = self.filter_cache.run(
                &query,
                records,
                &self.order,
                self.session.state().unwrap_or(&self.triage),
                &never,
            );
            self.filtering = false;
            self.install_rows(rows.unwrap_or_default(), query, text);
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
            self.triage_state().clone()
        } else {
            TriageState::default()
        };
        self.filtering = true;
        Ok(Some(Effect::Filter(Box::new(FilterJob {
            generation: self.filter_generation,
            text: text.to_string(),
            query,
            check,
            traffic: Arc::clone(&self.traffic),
            base,
            states,
        }))))
    }

    /// A filter worker finished; a result overtaken by a newer filter is dropped.
    pub fn filtered(&mut self, done: FilterDone) {
        if done.generation != self.filter_generation {
            return;
        }
        self.filtering = false;
        match done.rows {
            Ok(rows) => self.install_rows(rows, done.query, &done.text),
            Err(e) => self.error(format!("filter failed: {e}")),
        }
    }

    /// Show `rows` as the result of `query`, keeping the selected (or anchored) cable selected.
    fn install_rows(&mut self, rows: Vec<u32>, query: Query, text: &str) {
        let keep = self.anchor.or_else(|| self.selected_record());
        self.rows = rows;
        self.rows_current = true;
        self.query = query;
        self.filter = text.trim().to_string();
        self.counts = [0; 6];
        for &i in &self.rows {
            let p = self.traffic.records[i as usize].precedence;
            self.counts[p.map_or(5, Precedence::rank) as usize] += 1;
        }
        self.selected = keep
            .and_then(|k| self.rows.iter().position(|&r| r == k))
            .unwrap_or(self.selected)
            .min(self.rows.len().saturating_sub(1));
        if std::mem::take(&mut self.top_pinned) && self.anchor.is_none() {
            self.selected = 0;
        }
        self.scroll_to_selection();
    }

    /// Rows of the inbox list on screen at the current size.
    pub fn list_height(&self) -> usize {
        super::ui::inbox_list_height(self).into()
    }

    /// Move the first row on screen so the selection is visible.
    pub fn scroll_to_selection(&mut self) {
        let h = self.list_height().max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(h));
    }

    /// Put the cable's current triage note at the top of the reading view's text.
    pub fn refresh_note(&mut self) {
        let note = self
            .reader
            .as_ref()
            .and_then(|r| self.record(r.record))
            .and_then(|rec| {
                crate::traffic::filter::state_of(self.triage_state(), rec)
                    .note
                    .clone()
            });
        let Some(reader) = self.reader.as_mut() else {
            return;
        };
        let Some(doc) = reader.doc.as_mut() else {
            return;
        };
        let block = crate::view::reading::note_block(note.as_deref());
        let old = reader.note_lines.min(doc.body.len());
        reader.note_lines = block.len();
        doc.body.splice(0..old, block);
    }

    /// The cable came back from its file (or failed to).
    pub fn cable_read(&mut self, record: u32, result: Result<Cable, String>) {
        let Some(reader) = self.reader.as_mut().filter(|r| r.record == record) else {
            return;
        };
        match result {
            Ok(cable) => {
                reader.banner = cable.banner();
                reader.classification = cable.classification;
                let mut doc = crate::view::build(&cable);
                if let Some(id) = &cable.id {
                    let records = &self.traffic.records;
                    let citing = self
                        .traffic
                        .referenced_by(id)
                        .into_iter()
                        .map(|j| &records[j]);
                    let citing = citing.map(|r| (r.id().unwrap_or("(no id)"), r.subject()));
                    doc.body.extend(crate::view::reading::referenced_by(citing));
                }
                reader.doc = Some(doc);
                reader.note_lines = 0;
                reader.error = None;
                self.refresh_note();
            }
            Err(e) => {
                reader.error = Some(e.clone());
                self.error(e);
            }
        }
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
