//! The reading view's model: which cable (by [`CableKey`], and its record number in the traffic
//! on screen, refreshed whenever the traffic changes), the document once read from its file,
//! the focused pane and the scroll of each. The pane sizes come from the last layout
//! ([`super::ui::measure`]); the reader never asks the view.

use crate::cable::{Cable, Classification};
use crate::keymap::Action;
use crate::traffic::sections::Joined;
use crate::traffic::{Record, Traffic};
use crate::view::Doc;

use super::cable_key::{CableKey, GONE};
use super::inbox::distance;

/// The two panes of the reading view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Header,
    Body,
}

/// The sizes of the panes and of their wrapped text at the last layout.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReaderView {
    pub header_height: usize,
    pub header_lines: usize,
    pub body_height: usize,
    pub body_lines: usize,
    /// The text pane's width, and how many wrapped header lines come first in it (one pane).
    pub body_width: usize,
    pub body_prefix: usize,
}

/// The reading view of one cable.
#[derive(Debug, Clone)]
pub struct Reader {
    pub key: CableKey,
    /// The cable's record in the traffic on screen; `None` once it has left the traffic.
    pub record: Option<u32>,
    /// The banner of the cable (`SECRET//NOFORN`) and its level.
    pub banner: String,
    pub classification: Option<Classification>,
    /// The document, once the cable has been read from its file.
    pub doc: Option<Doc>,
    /// How many lines at the top of `doc.body` are the triage block (rebuilt when it changes).
    pub triage_lines: usize,
    pub error: Option<String>,
    pub focus: Pane,
    pub header_scroll: usize,
    pub body_scroll: usize,
    pub view: ReaderView,
    /// The search of the text, while one is active.
    pub search: Option<super::search::TextSearch>,
}

impl Reader {
    /// A reader on `record` (its file not read yet), with the banner its record knows.
    pub fn new(record: u32, r: &Record, focus: Pane) -> Reader {
        let cable = Cable {
            classification: r.classification,
            caveats: r.caveats.iter().map(|c| c.to_string()).collect(),
            ..Default::default()
        };
        Reader {
            key: CableKey::of(r),
            record: Some(record),
            banner: cable.banner(),
            classification: r.classification,
            doc: None,
            triage_lines: 0,
            error: None,
            focus,
            header_scroll: 0,
            body_scroll: 0,
            view: ReaderView::default(),
            search: None,
        }
    }

    /// The traffic changed: find the cable again by its key, or say it is gone.
    pub fn relocate(&mut self, traffic: &Traffic) {
        self.record = self.key.find(traffic);
        if self.record.is_none() {
            self.error = Some(format!("{}: {GONE} (its file was removed)", self.key));
        }
    }

    pub fn switch_pane(&mut self) {
        self.focus = match self.focus {
            Pane::Body => Pane::Header,
            Pane::Header => Pane::Body,
        };
    }

    /// Scroll the focused pane by a movement action.
    pub fn scroll(&mut self, action: Action) {
        let v = self.view;
        let (scroll, visible, total) = match self.focus {
            Pane::Header => (&mut self.header_scroll, v.header_height, v.header_lines),
            Pane::Body => (&mut self.body_scroll, v.body_height, v.body_lines),
        };
        let max = total.saturating_sub(visible);
        *scroll = match distance(action, visible) {
            Some(d) => scroll.saturating_add_signed(d).min(max),
            None if action == Action::Top => 0,
            None => max,
        };
    }

    /// Put `block` (the cable's triage block) at the top of the text, in place of the last.
    pub fn set_triage(&mut self, block: Vec<crate::view::Line>) {
        let Some(doc) = self.doc.as_mut() else {
            return;
        };
        let old = self.triage_lines.min(doc.body.len());
        self.triage_lines = block.len();
        doc.body.splice(0..old, block);
    }

    /// The cable came back from its files: build the document (all its sections, in order),
    /// with the cables citing it (`citing`: id and subject) at the end. Returns the error to
    /// show, if it failed.
    pub fn cable_read<'a>(
        &mut self,
        result: Result<Joined, String>,
        citing: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> Option<String> {
        let result = result.and_then(|j| match j.head() {
            Some(_) => Ok(j),
            None => Err("no section of this cable could be read".to_string()),
        });
        match result {
            Ok(joined) => {
                let cable = joined.head()?;
                self.banner = cable.banner();
                self.classification = cable.classification;
                let mut doc = crate::view::build_joined(&joined);
                if cable.id.is_some() {
                    doc.body.extend(crate::view::reading::referenced_by(citing));
                }
                self.doc = Some(doc);
                self.triage_lines = 0;
                self.error = None;
                None
            }
            Err(e) => {
                self.error = Some(e.clone());
                Some(e)
            }
        }
    }
}
