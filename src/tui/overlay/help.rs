//! The help overlay's model: a search over every binding of the active keymap, grouped by
//! context, one row per action with its keys together, and the scroll of that list.

use crate::keymap::{Action, Context, Keymap, format_seq};
use crate::tui::inbox::distance;
use crate::tui::input::LineInput;

use super::{Ctx, Input, Outcome};

/// The help overlay.
#[derive(Debug, Clone, Default)]
pub struct Help {
    pub search: LineInput,
    pub scroll: usize,
}

/// One row of help: context, keys, action name, description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpEntry {
    pub context: &'static str,
    pub keys: String,
    pub action: &'static str,
    pub description: &'static str,
}

/// The rows of help matching `search` (every word, case-insensitively, anywhere in the row).
pub fn entries(keymap: &Keymap, search: &str) -> Vec<HelpEntry> {
    let words: Vec<String> = search.split_whitespace().map(str::to_lowercase).collect();
    let order = [
        Context::Inbox,
        Context::Reader,
        Context::Global,
        Context::Prompt,
        Context::Help,
    ];
    let mut entries: Vec<HelpEntry> = Vec::new();
    for ctx in order {
        for (keys, action) in keymap.bindings(ctx) {
            let keys = format_seq(&keys);
            // Bindings come grouped by action: one row per action, its keys together.
            match entries.last_mut() {
                Some(e) if e.context == ctx.name() && e.action == action.name() => {
                    e.keys.push_str(", ");
                    e.keys.push_str(&keys);
                }
                _ => entries.push(HelpEntry {
                    context: ctx.name(),
                    keys,
                    action: action.name(),
                    description: action.description(),
                }),
            }
        }
    }
    entries.retain(|e| {
        let hay = format!("{} {} {} {}", e.context, e.keys, e.action, e.description).to_lowercase();
        words.iter().all(|w| hay.contains(w.as_str()))
    });
    entries
}

impl Help {
    pub fn handle(&mut self, input: Input, ctx: &Ctx) -> Outcome {
        match input {
            Input::Char(c) => {
                self.search.insert(c);
                self.scroll = 0;
                Outcome::Stay
            }
            Input::Action(a) if self.search.edit(a) => {
                self.scroll = 0;
                Outcome::Stay
            }
            Input::Action(Action::Back | Action::Close | Action::Quit | Action::Help) => {
                Outcome::Close
            }
            Input::Action(a) => {
                let page = ctx.screen_rows.saturating_sub(6).max(1);
                if let Some(d) = distance(a, page) {
                    let total = entries(ctx.keymap, self.search.text()).len();
                    self.scroll = self
                        .scroll
                        .saturating_add_signed(d)
                        .min(total.saturating_sub(1));
                }
                Outcome::Stay
            }
            Input::Key(_) => Outcome::Stay,
        }
    }
}
