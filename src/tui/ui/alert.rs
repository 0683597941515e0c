//! The arrival alert banner: a reverse-video box over the top of the main area with the
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
use crate::tui::alert::{unacknowledged, waiting};
use crate::tui::app::App;
use crate::tui::live::unread_arrivals;

/// Rows the banner takes (borders included).
const HEIGHT: u16 = 5;

/// Draw the banner over `main` when an alert waits.
pub fn draw(frame: &mut Frame, app: &App, main: Rect) {
    let mut queue = waiting(app);
    let Some(a) = queue.next() else {
        return;
    };
    let more = queue.count();
    if main.height == 0 || main.width < 4 {
        return;
    }
    let rect = Rect::new(main.x, main.y, main.width, HEIGHT.min(main.height));
    let style = app
        .theme
        .precedence(a.precedence)
        .add_modifier(Modifier::REVERSED | Modifier::BOLD);
    let key = app
        .keymap
        .key_for(Context::Global, Action::Acknowledge)
        .unwrap_or_else(|| "acknowledge".into());
    let title = match more {
        0 => format!(" {} ARRIVED ", a.precedence.as_str()),
        n => format!(" {} ARRIVED (+{n} more) ", a.precedence.as_str()),
    };
    let id = a.id.as_deref().unwrap_or("(no id)");
    let lines = vec![
        Line::from(format!(
            "{}  {}  FM {}",
            a.precedence.as_str(),
            for_line(id),
            for_line(&a.origin)
        )),
        Line::from(format!("SUBJECT: {}", for_line(&a.subject))),
        Line::from(format!("{key} acknowledges")),
    ];
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(app.theme.border())
        .title(title)
        .style(style);
    frame.render_widget(Clear, rect);
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
