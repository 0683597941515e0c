//! Searching the open cable's text (`/` in the reading view): the query, which hit is current,
//! moving between hits, and the scroll that brings the current hit into the text pane. The
//! hits are found again from the document whenever they are needed (a cable's text is small),
//! so a triage block that grows above the text never leaves them pointing at the wrong place.
//!
//! While a search is active, the reading view's `next_hit`/`prev_hit` keys (`n`/`N`) move
//! between hits and `back` (Esc) ends the search; with no search, those keys do what they are
//! bound to globally (`n` writes a note): see [`super::update::handle_key`].

use crate::view::search::{Hit, find, mark};
use crate::view::wrap;

use super::reader::{Pane, Reader};

/// An active search of the reader's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextSearch {
    pub query: String,
    /// The index of the current hit.
    pub current: usize,
}

impl Reader {
    /// The hits of the active search in the text (none without a search or a document).
    pub fn hits(&self) -> Vec<Hit> {
        match (&self.search, &self.doc) {
            (Some(s), Some(doc)) => find(&doc.body, &s.query),
            _ => Vec::new(),
        }
    }

    /// The search text changed: the first hit from the top of the text pane on is current.
    pub fn search_typed(&mut self, query: &str) {
        let top = self.body_scroll;
        self.search = Some(TextSearch {
            query: query.to_string(),
            current: 0,
        });
        let hits = self.hits();
        let from_top = hits.iter().position(|h| self.wrapped_row(h) >= top);
        if let Some(s) = self.search.as_mut() {
            s.current = from_top.unwrap_or(0);
        }
        self.show_current();
    }

    /// End the search (its highlights go).
    pub fn end_search(&mut self) {
        self.search = None;
    }

    /// Move to the next (or previous) hit, wrapping around the text.
    pub fn step_hit(&mut self, forward: bool) {
        let n = self.hits().len();
        let Some(s) = self.search.as_mut() else {
            return;
        };
        if n == 0 {
            return;
        }
        s.current = if forward {
            (s.current + 1) % n
        } else {
            (s.current + n - 1) % n
        };
        self.show_current();
    }

    /// `hit 2/5`, or `no hit for "x"`, while a search is active.
    pub fn hit_status(&self) -> Option<String> {
        let s = self.search.as_ref()?;
        let n = self.hits().len();
        Some(if n == 0 {
            format!("no hit for \"{}\"", s.query.trim())
        } else {
            format!("hit {}/{n}", s.current.min(n - 1) + 1)
        })
    }

    /// The row of the text pane's wrapped text that shows `hit`, at the last layout's width.
    fn wrapped_row(&self, hit: &Hit) -> usize {
        let Some(doc) = &self.doc else {
            return 0;
        };
        let width = self.view.body_width.max(1);
        let before: usize = doc.body[..hit.line.min(doc.body.len())]
            .iter()
            .map(|l| wrap(l, width).len())
            .sum();
        let within = doc.body.get(hit.line).map_or(0, |line| {
            let marked = mark(line, &[(hit.start, hit.end)], Some(0));
            wrap(&marked, width)
                .iter()
                .position(|l| {
                    l.segments
                        .iter()
                        .any(|s| s.role == crate::view::Role::CurrentHit)
                })
                .unwrap_or(0)
        });
        self.view.body_prefix + before + within
    }

    /// Scroll the text pane so the current hit shows (a few lines below the top) and focus it.
    fn show_current(&mut self) {
        let hits = self.hits();
        let Some(hit) = self
            .search
            .as_ref()
            .and_then(|s| hits.get(s.current).or(hits.first()))
        else {
            return;
        };
        let row = self.wrapped_row(hit);
        let v = self.view;
        let visible = row >= self.body_scroll && row < self.body_scroll + v.body_height;
        if !visible {
            let max = v.body_lines.saturating_sub(v.body_height);
            self.body_scroll = row.saturating_sub(2).min(max);
        }
        self.focus = Pane::Body;
    }
}

use crate::keymap::{Action, Context, Key, Lookup};

use super::app::{App, Screen};
use super::overlay::{Overlay, Prompt, PromptKind};

impl App {
    /// Is a search of the reading view's text active (and the reading view on screen)?
    pub fn reader_searching(&self) -> bool {
        self.screen == Screen::Reader && self.reader.as_ref().is_some_and(|r| r.search.is_some())
    }
}

/// The action `keys` run: `next_hit`/`prev_hit` only while a search is active in the reading
/// view, else what the same keys mean globally (`n` writes a note). `None`: nothing to run.
pub fn hit_key(app: &mut App, action: Action, keys: &[Key]) -> Option<Action> {
    if !matches!(action, Action::NextHit | Action::PrevHit)
        || app.reader_searching()
        || app.overlay.is_some()
    {
        return Some(action);
    }
    match app.keymap.lookup(Context::Global, keys) {
        Lookup::Matched(global) => Some(global),
        _ => {
            app.info("no search: / searches the text");
            None
        }
    }
}

/// `search_text`: open the search prompt over the reading view, with the active query.
pub fn open_prompt(app: &mut App) {
    let Some(r) = app.reader.as_ref().filter(|_| app.screen == Screen::Reader) else {
        app.info("open a cable to search its text (the filter searches the inbox)");
        return;
    };
    let query = r.search.as_ref().map_or("", |s| s.query.as_str());
    app.overlay = Some(Overlay::Prompt(Prompt::new(PromptKind::Search, query)));
}

/// `next_hit`/`prev_hit` with a search active.
pub fn step(app: &mut App, forward: bool) {
    if let Some(r) = app.reader.as_mut() {
        r.step_hit(forward);
    }
}

/// The search prompt's text changed.
pub fn typed(app: &mut App, text: &str) {
    if let Some(r) = app.reader.as_mut() {
        if text.trim().is_empty() {
            r.end_search();
        } else {
            r.search_typed(text);
        }
    }
}

/// Enter on the search prompt: the search stays; say how to move and how to end it.
pub fn kept(app: &mut App) {
    let Some(r) = app.reader.as_ref() else {
        return;
    };
    let hits = r.hits().len();
    if r.search.is_none() {
        return;
    }
    if hits == 0 {
        let said = r.hit_status().unwrap_or_default();
        if let Some(r) = app.reader.as_mut() {
            r.end_search();
        }
        app.info(said);
        return;
    }
    let key = |a| {
        app.keymap
            .key_for(Context::Reader, a)
            .unwrap_or_else(|| a.name().into())
    };
    let (next, prev, back) = (
        key(Action::NextHit),
        key(Action::PrevHit),
        key(Action::Back),
    );
    app.info(format!(
        "{hits} hit{}: {next}/{prev} next/previous, {back} ends the search",
        super::app::plural(hits)
    ));
}

/// Esc on the search prompt: the search ends.
pub fn cancelled(app: &mut App) {
    if let Some(r) = app.reader.as_mut() {
        r.end_search();
    }
}
