//! The message list (`g m`, `:messages`): every message of the session, oldest first, each in
//! full (wrapped to the box), so an error cut short in the status bar or gone at the next key
//! can still be read. Opens at the newest; the movement keys scroll.

use std::collections::VecDeque;

use crate::keymap::Action;
use crate::tui::app::Level;
use crate::tui::inbox::distance;
use crate::view::{Line, Role, wrap};

use super::{Ctx, Input, Outcome};

/// The message list overlay.
#[derive(Debug, Clone, Default)]
pub struct Messages {
    /// Rows scrolled up from the newest message.
    pub from_bottom: usize,
}

/// Columns and rows of the box's text at a screen of `cols`x`rows`.
pub fn text_size(cols: usize, rows: usize) -> (usize, usize) {
    (cols.saturating_sub(6).max(1), rows.saturating_sub(4).max(1))
}

/// The messages wrapped to `width`, each line with its level; a message's continuation lines
/// are indented under its text.
pub fn lines(messages: &VecDeque<(Level, String)>, width: usize) -> Vec<(Level, String)> {
    let mut out = Vec::new();
    for (level, text) in messages {
        let mark = if *level == Level::Error { "! " } else { "  " };
        let mut line = Line {
            indent: 2,
            ..Default::default()
        };
        line.push(Role::Text, format!("{mark}{text}"));
        for l in wrap(&line, width) {
            out.push((*level, l.text()));
        }
    }
    out
}

impl Messages {
    pub fn handle(&mut self, input: Input, ctx: &Ctx) -> Outcome {
        let Input::Action(a) = input else {
            return Outcome::Stay;
        };
        let (width, height) = text_size(ctx.screen_cols, ctx.screen_rows);
        let total = lines(ctx.messages, width).len();
        let most = total.saturating_sub(height);
        match a {
            Action::Back | Action::Close | Action::Quit | Action::Messages | Action::Cancel => {
                Outcome::Close
            }
            Action::Top => {
                self.from_bottom = most;
                Outcome::Stay
            }
            Action::Bottom => {
                self.from_bottom = 0;
                Outcome::Stay
            }
            a => {
                if let Some(d) = distance(a, height) {
                    // Down the list is towards the newest.
                    self.from_bottom = self.from_bottom.saturating_add_signed(-d).min(most);
                }
                Outcome::Stay
            }
        }
    }
}
