//! Marking cables for a bulk action: one at a time (moving down), a range from an anchor to the
//! cursor, everything the filter shows, or none. Marks are record indices, so they survive
//! filtering and sorting; triage actions apply to them when there are any.

use crate::keymap::Action;

use super::app::{App, Screen, plural};
use super::update::move_selection;

/// Marking in the inbox (in the reader, the cable in view): one, a range, all shown, none.
pub fn marking(app: &mut App, action: Action) {
    let Some(record) = app.selected_record() else {
        return;
    };
    match action {
        Action::ToggleMark => {
            if !app.marked.remove(&record) {
                app.marked.insert(record);
            }
            if app.screen == Screen::Inbox {
                move_selection(app, 1);
            }
        }
        Action::MarkRange => match app.range_anchor.take() {
            None => {
                app.range_anchor = Some(record);
                app.info("range mark starts here: move, then press it again");
                return;
            }
            Some(anchor) => {
                let from = app
                    .rows
                    .iter()
                    .position(|&r| r == anchor)
                    .unwrap_or(app.selected);
                let (a, b) = (from.min(app.selected), from.max(app.selected));
                app.marked.extend(app.rows[a..=b].iter().copied());
            }
        },
        Action::MarkAll => app.marked.extend(app.rows.iter().copied()),
        _ => {
            app.marked.clear();
            app.range_anchor = None;
        }
    }
    let n = app.marked.len();
    app.info(format!("{n} cable{} marked", plural(n)));
}
