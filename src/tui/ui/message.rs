//! A message too long for the status bar: wrapped over rows of its own just above it (the
//! layout gives it up to `MESSAGE_ROWS`), the last row naming the key of the message list when
//! even those are not enough.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::keymap::{Action, Context};
use crate::sanitize::for_line;
use crate::tui::app::{App, Level};

/// Columns of the status bar a message may take and still leave room for the position and the
/// help hint; a longer message gets rows of its own above the bar.
fn message_room(width: u16) -> usize {
    usize::from(width)
        .saturating_sub(20)
        .max(usize::from(width) / 2)
}

/// The rows of a message too long for the status bar, wrapped to `width` (empty when the
/// message fits in the bar, or there is none). The layout shows up to `MESSAGE_ROWS` of them.
pub fn lines(app: &App, width: u16) -> Vec<String> {
    let Some((_, text)) = &app.message else {
        return Vec::new();
    };
    let text = for_line(text);
    if text.width() <= message_room(width) {
        return Vec::new();
    }
    let mut line = crate::view::Line::default();
    line.push(crate::view::Role::Text, text);
    crate::view::wrap(&line, usize::from(width).max(1))
        .iter()
        .map(crate::view::Line::text)
        .collect()
}

/// Draw a long message over `rect`, wrapped; when it needs more rows than it has, the last row
/// says which key shows it all.
pub fn draw(frame: &mut Frame, app: &App, rect: Rect) {
    let Some((level, _)) = &app.message else {
        return;
    };
    let style = if *level == Level::Error {
        app.theme.error()
    } else {
        app.theme.info()
    };
    let mut lines = lines(app, rect.width);
    let rows = usize::from(rect.height);
    if lines.len() > rows {
        let key = app
            .keymap
            .key_for(Context::Inbox, Action::Messages)
            .unwrap_or_else(|| ":messages".into());
        let more = format!(" {} {key} shows it all", app.theme.ellipsis());
        lines.truncate(rows);
        if let Some(last) = lines.last_mut() {
            let keep = usize::from(rect.width).saturating_sub(more.width());
            *last = format!(
                "{}{more}",
                crate::view::truncate(last, keep, app.theme.ascii).trim_end()
            );
        }
    }
    let text: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::from(Span::styled(l, style)))
        .collect();
    frame.render_widget(Paragraph::new(text).style(app.theme.status()), rect);
}
