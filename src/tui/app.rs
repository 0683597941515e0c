//! The model of the interactive inbox. [`App`] holds the loaded traffic and the session's
//! journal, and one owner for each piece of interactive state: the [`Inbox`], the [`Reader`],
//! the open [`Overlay`], the reference list ([`Refs`]), the queue sidebar ([`Queues`]) and the
//! live arrivals ([`Live`]). Changed only by `update` and the event handlers; read by
//! `ui::draw`, which also writes back the geometry of the last layout.
//!
//! Every method that may start work off the UI thread returns [`Effects`], all of them: the
//! event loop runs each one.

use std::sync::Arc;

use crate::keymap::{Context, Key, Keymap};
use crate::traffic::{Record, Traffic};
use crate::triage::TriageState;

use super::cable_key::CableKey;
use super::filtering::{FilterDone, FilterJob};
use super::inbox::Inbox;
use super::live::Live;
use super::overlay::Overlay;
use super::queues::Queues;
use super::reader::Reader;
use super::refs::Refs;
use super::session::Session;
use super::theme::Theme;

pub use super::inbox::PrecedenceCounts;
pub use super::overlay::{Prompt, PromptKind};
pub use super::reader::Pane;

/// How many past messages the session keeps (`:messages` shows them).
pub const MESSAGES_KEPT: usize = 500;

/// The main screen under any overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Inbox,
    Reader,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

/// Work the event loop does for the model, off the UI thread.
#[derive(Debug)]
pub enum Effect {
    /// Read this cable's full text from its file; the result comes back as an event.
    ReadCable(CableKey),
    /// Filter a large inbox on a worker; the result comes back as an event.
    Filter(Box<FilterJob>),
    Suspend,
    Redraw,
    /// Give the terminal to the officer's editor on this note text (in this state directory);
    /// the text comes back as an event.
    EditNote {
        dir: std::path::PathBuf,
        text: String,
    },
    /// Run the office's alert command for an escalation step; the outcome comes back as an
    /// event.
    RunAlert(Box<crate::office::alert::AlertJob>),
    /// Write decisions to the journal (on the writer thread); the outcome comes back as an
    /// event.
    Write(Box<super::writer::Job>),
}

/// Everything an update asks of the event loop, in order.
pub type Effects = Vec<Effect>;

pub struct App {
    /// Shared with filter and count workers.
    pub traffic: Arc<Traffic>,
    /// Triage state given with the traffic, used when no journal is open.
    pub triage: TriageState,
    /// The journal (its state is the live triage state), desks, and why actions are refused.
    pub session: Session,
    pub keymap: Keymap,
    pub theme: Theme,
    /// Set while the traffic directory is loading: what to say meanwhile.
    pub loading: Option<String>,
    /// Files read and files found, while loading.
    pub load_progress: Option<(usize, usize)>,
    pub inbox: Inbox,
    pub screen: Screen,
    pub reader: Option<Reader>,
    pub overlay: Option<Overlay>,
    /// Keys of a chord begun but not finished.
    pub pending: Vec<Key>,
    pub message: Option<(Level, String)>,
    /// Every message of the session, oldest first (the most recent [`MESSAGES_KEPT`]).
    pub messages: std::collections::VecDeque<(Level, String)>,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    pub should_quit: bool,
    /// The saved queues sidebar.
    pub queues: Queues,
    /// The reference list of the reading view and its back stack.
    pub refs: Refs,
    /// Live arrivals and FLASH/NIACT alerts.
    pub live: Live,
    /// The office clock: objectives, now, escalation.
    pub clock: super::clock::Clock,
    /// Decisions sent to the journal writer and not yet durable.
    pub pending_writes: super::pending::Pending,
}

impl App {
    pub fn new(keymap: Keymap, theme: Theme) -> App {
        App {
            traffic: Arc::default(),
            triage: TriageState::default(),
            session: Session::default(),
            keymap,
            theme,
            loading: None,
            load_progress: None,
            inbox: Inbox::default(),
            screen: Screen::Inbox,
            reader: None,
            overlay: None,
            pending: Vec::new(),
            message: None,
            messages: Default::default(),
            size: (80, 24),
            should_quit: false,
            queues: Queues::default(),
            refs: Refs::default(),
            live: Live::default(),
            clock: super::clock::Clock::default(),
            pending_writes: Default::default(),
        }
    }

    /// Install loaded traffic (and its triage state), keeping the filter and sort.
    pub fn set_traffic(&mut self, traffic: Traffic, triage: TriageState) -> Effects {
        self.inbox.pin_to_top();
        self.traffic = Arc::new(traffic);
        self.triage = triage;
        self.loading = None;
        self.load_progress = None;
        let effects = self.traffic_changed();
        if !self.traffic.problems.is_empty() {
            let n = self.traffic.problems.len();
            self.info(format!(
                "{n} file{} not readable as cables (cabletriage check lists them)",
                plural(n)
            ));
        }
        effects
    }

    /// Show more of the cables being loaded, after those shown so far (sorted and filtered as
    /// usual; the selected cable stays selected). The complete traffic replaces them via
    /// `set_traffic`.
    pub fn show_partial(&mut self, more: Vec<Record>) -> Effects {
        self.inbox.pin_to_top();
        // Copied only when a filter job still holds the traffic shown so far.
        Arc::make_mut(&mut self.traffic).records.extend(more);
        self.traffic_changed()
    }

    /// The traffic changed (loaded, grew, or files came and went): find the reader's cable and
    /// the reference list's cables again by key, then sort and filter.
    pub fn traffic_changed(&mut self) -> Effects {
        if let Some(r) = self.reader.as_mut() {
            r.relocate(&self.traffic);
        }
        self.refs.relocate(&self.traffic);
        self.inbox.relocate(&self.traffic);
        self.resort()
    }

    /// The keymap context the next key is looked up in.
    pub fn context(&self) -> Context {
        match (&self.overlay, self.screen) {
            (Some(Overlay::Help(_) | Overlay::Messages(_)), _) => Context::Help,
            // A list: it moves with the inbox's keys, `!`/Enter picks up, Esc closes.
            (Some(Overlay::Handover(_)), _) => Context::Inbox,
            // The note editor takes keys before the keymap; Prompt is the nearest context.
            (Some(_), _) => Context::Prompt,
            (None, Screen::Inbox) => Context::Inbox,
            (None, Screen::Reader) => Context::Reader,
        }
    }

    /// The live triage state: the journal's, else the one given with the traffic.
    pub fn triage_state(&self) -> &TriageState {
        self.session.state().unwrap_or(&self.triage)
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.say(Level::Info, text.into());
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.say(Level::Error, text.into());
    }

    /// Show `text` in the status bar and keep it in the session's messages.
    fn say(&mut self, level: Level, text: String) {
        if self.messages.back() != Some(&(level, text.clone())) {
            if self.messages.len() >= MESSAGES_KEPT {
                self.messages.pop_front();
            }
            self.messages.push_back((level, text.clone()));
        }
        self.message = Some((level, text));
    }

    pub fn record(&self, i: u32) -> Option<&Record> {
        self.traffic.records.get(i as usize)
    }

    /// The record under the inbox selection.
    pub fn selected_record(&self) -> Option<u32> {
        self.inbox.selected_record()
    }

    /// The record in the reading view, while it is open and its cable is in the traffic.
    pub fn reader_record(&self) -> Option<u32> {
        match (self.screen, &self.reader) {
            (Screen::Reader, Some(r)) => r.record,
            _ => None,
        }
    }

    /// A filter result or job, as effects; a bad query is said in the status bar.
    fn filtering(&mut self, result: Result<Option<FilterJob>, String>) -> Effects {
        match result {
            Ok(job) => job
                .map(|j| Effect::Filter(Box::new(j)))
                .into_iter()
                .collect(),
            Err(e) => {
                self.error(e);
                Vec::new()
            }
        }
    }

    /// Sort again by the inbox's sort key, then filter; the selected cable stays selected.
    pub fn resort(&mut self) -> Effects {
        let state = self.session.state().unwrap_or(&self.triage);
        let result = self.inbox.resort(&self.traffic, state);
        self.filtering(result)
    }

    /// Filter again with the same query (the triage state it looks at changed).
    pub fn refilter(&mut self) -> Effects {
        let state = self.session.state().unwrap_or(&self.triage);
        let result = self.inbox.refilter(&self.traffic, state);
        self.filtering(result)
    }

    /// Filter the inbox by `text` (the query language). On a bad query the rows stay as they
    /// were and the error comes back.
    pub fn apply_filter(&mut self, text: &str) -> Result<Effects, String> {
        let state = self.session.state().unwrap_or(&self.triage);
        let job = self.inbox.apply_filter(text, &self.traffic, state)?;
        Ok(job
            .map(|j| Effect::Filter(Box::new(j)))
            .into_iter()
            .collect())
    }

    /// A filter worker finished; a result overtaken by a newer filter is dropped.
    pub fn filtered(&mut self, done: FilterDone) {
        if let Err(e) = self.inbox.filtered(done, &self.traffic) {
            self.error(e);
        }
    }

    /// Put the cable's current triage block at the top of the reading view's text.
    pub fn refresh_triage(&mut self) {
        let Some(reader) = self.reader.as_mut() else {
            return;
        };
        let state = self.session.state().unwrap_or(&self.triage);
        let block = crate::view::triage_block(state.get(reader.key.as_str()), state.viewer());
        reader.set_triage(block);
    }

    /// Every record of the cable `key` names (its sections, flavours and copies, in order), to
    /// read it whole; `None` when it has left the traffic.
    pub fn cable_records(&self, key: &CableKey) -> Option<Vec<Record>> {
        let first = key.find(&self.traffic)? as usize;
        let records = &self.traffic.records;
        let members = crate::traffic::rows::members(records, first);
        Some(members.into_iter().map(|i| records[i].clone()).collect())
    }

    /// The cable came back from its files (or failed to).
    pub fn cable_read(
        &mut self,
        key: &CableKey,
        result: Result<crate::traffic::sections::Joined, String>,
    ) {
        let Some(reader) = self.reader.as_mut().filter(|r| &r.key == key) else {
            return;
        };
        let records = &self.traffic.records;
        let id = result.as_ref().ok().and_then(|j| j.head()?.id.as_deref());
        let citing: Vec<usize> = match id {
            Some(id) => self.traffic.referenced_by(id),
            None => Vec::new(),
        };
        let citing = citing
            .into_iter()
            .map(|j| &records[j])
            .map(|r| (r.id().unwrap_or("(no id)"), r.subject()));
        if let Some(e) = reader.cable_read(result, citing) {
            self.error(e);
        }
        self.refresh_triage();
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
