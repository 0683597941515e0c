//! The shift handover as a list (`H`): the items of [`crate::handover`] grouped as the CLI
//! prints them, one selected. `!` or Enter picks the selected item up (the app journals a
//! `handover_ack` and rebuilds the list, which then shows it picked up) and moves to the next;
//! Esc, `q` or `H` closes. The list is built by the app at its clock, never here.

use crate::handover::{Group, Handover, Item};
use crate::keymap::Action;
use crate::tui::inbox::distance;

use super::{Ctx, Input, Outcome};

/// The handover overlay.
#[derive(Debug, Clone)]
pub struct HandoverList {
    pub handover: Handover,
    /// Index into [`HandoverList::items`].
    pub selected: usize,
}

/// One line of the list: a group heading, an item, or a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Heading(Group, usize),
    Item(usize),
    NotesHeading(usize),
    Note(usize),
}

impl HandoverList {
    pub fn new(handover: Handover) -> HandoverList {
        HandoverList {
            handover,
            selected: 0,
        }
    }

    /// The items in the order listed ([`crate::handover::build`] sorts them group by group).
    pub fn items(&self) -> &[Item] {
        &self.handover.items
    }

    /// The lines of the list, in order.
    pub fn rows(&self) -> Vec<Row> {
        let mut out = Vec::new();
        let mut n = 0;
        for g in Group::ALL {
            let count = self.handover.group(g).count();
            if count == 0 {
                continue;
            }
            out.push(Row::Heading(g, count));
            for _ in 0..count {
                out.push(Row::Item(n));
                n += 1;
            }
        }
        if !self.handover.notes.is_empty() {
            out.push(Row::NotesHeading(self.handover.notes.len()));
            out.extend((0..self.handover.notes.len()).map(Row::Note));
        }
        out
    }

    /// The selected item's cable key.
    pub fn selected_key(&self) -> Option<String> {
        self.items().get(self.selected).map(|i| i.id.clone())
    }

    /// Take a rebuilt handover, keeping the selection on the same place.
    pub fn replace(&mut self, handover: Handover) {
        self.handover = handover;
        self.selected = self.selected.min(self.items().len().saturating_sub(1));
    }

    pub fn handle(&mut self, input: Input, ctx: &Ctx) -> Outcome {
        let Input::Action(a) = input else {
            return Outcome::Stay;
        };
        match a {
            Action::Acknowledge | Action::Open | Action::Accept => match self.selected_key() {
                Some(key) => Outcome::HandoverAck { key },
                None => Outcome::Info("nothing to pick up".into()),
            },
            Action::Back | Action::Close | Action::Cancel | Action::Handover | Action::Quit => {
                Outcome::Close
            }
            Action::Top => {
                self.selected = 0;
                Outcome::Stay
            }
            Action::Bottom => {
                self.selected = self.items().len().saturating_sub(1);
                Outcome::Stay
            }
            a => {
                let page = ctx.screen_rows.saturating_sub(8).max(1);
                if let Some(d) = distance(a, page) {
                    let last = self.items().len().saturating_sub(1);
                    self.selected = self.selected.saturating_add_signed(d).min(last);
                }
                Outcome::Stay
            }
        }
    }
}
