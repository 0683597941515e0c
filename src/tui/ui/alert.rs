//! The arrival alert banner: a reverse-video box above the inbox or the reading view (the layout
//! gives it rows of its own, so it never hides the selection or the reading view's header) with the
//! precedence, origin and subject of the oldest unacknowledged FLASH/NIACT arrival, how many more
//! wait, and the key that acknowledges it. Reverse video and bold make it stand out without colour.
//! Also the status-bar part counting unacknowledged FLASH/NIACT traffic.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::keymap::{Action, Context};
use crate::sanitize::for_line;
use crate::tui::alert::unacknowledged;
use crate::tui::app::App;
use crate::tui::live::unread_arrivals;

pub use crate::tui::alert::waiting;

/// Rows the banner takes (borders included); one row where the screen is short.
pub const HEIGHT: u16 = 5;

/// Draw the banner into `rect` (its own rows) when an alert waits.
pub fn draw(frame: &mut Frame, app: &App, rect: Rect) {
    let mut queue = waiting(app);
    let Some(a) = queue.next() else {
        return;
    };
    let more = queue.count();
    if rect.height == 0 || rect.width < 4 {
        return;
    }
    let style = app
        .theme
        .precedence(a.precedence)
        .add_modifier(Modifier::REVERSED | Modifier::BOLD);
    let keys = |action: Action, what: &str| {
        let key = app
            .keymap
            .key_for(Context::Global, action)
            .unwrap_or_else(|| action.name().into());
        format!("{key} {what}")
    };
    let hint = format!(
        "{} {} {}",
        keys(Action::Acknowledge, "acknowledges"),
        app.theme.dot(),
        keys(Action::GotoAlert, "opens it")
    );
    let title = match more {
        0 => format!(" {} ARRIVED ", a.precedence.as_str()),
        n => format!(" {} ARRIVED (+{n} more) ", a.precedence.as_str()),
    };
    let id = for_line(a.id.as_deref().unwrap_or("(no id)")).into_owned();
    let origin = for_line(&a.origin).into_owned();
    frame.render_widget(Clear, rect);
    if rect.height < 3 {
        // One row: what arrived and the keys, as far as they fit.
        let text = format!(
            "{}{} {id}  FM {origin}  {hint}",
            title.trim(),
            app.theme.dash()
        );
        frame.render_widget(Paragraph::new(Line::from(text)).style(style), rect);
        return;
    }
    let lines = vec![
        Line::from(format!("{}  {id}  FM {origin}", a.precedence.as_str())),
        Line::from(format!("SUBJECT: {}", for_line(&a.subject))),
        Line::from(hint),
    ];
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(app.theme.border())
        .title(title)
        .style(style);
    frame.render_widget(Paragraph::new(lines).block(block).style(style), rect);
}

/// Status-bar text: unacknowledged FLASH/NIACT traffic and unread arrivals, with their ranks.
pub fn status_parts(app: &App) -> Vec<(u8, String, Style)> {
    let mut parts = Vec::new();
    let n = unacknowledged(app);
    if n > 0 {
        let style = Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
        parts.push((5, format!("{n} unacked"), style));
    }
    let new = unread_arrivals(app);
    if new > 0 {
        let s = if new == 1 { "" } else { "s" };
        parts.push((6, format!("{new} new cable{s}"), app.theme.highlight()));
    }
    parts
}
