//! The saved queues sidebar at the left of the inbox: each queue's name and its last count, the
//! queue under the cursor (when the sidebar has the keys) and the one whose query is the filter.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::sanitize::for_line;
use crate::tui::app::App;
use crate::tui::queues;
use crate::view::truncate;

/// The inbox needs this many columns beside the sidebar, or the sidebar is not drawn.
const MIN_INBOX: u16 = 40;

/// The main area's width and height the sidebar needs to be drawn.
pub const NEEDS_WIDTH: u16 = MIN_INBOX + 14;
pub const NEEDS_HEIGHT: u16 = 3;

fn count_text(app: &App, i: usize) -> String {
    match app.queues.counts.get(i).copied().flatten() {
        Some(n) => n.to_string(),
        None if app.queues.counting => app.theme.ellipsis().to_string(),
        None => "?".to_string(),
    }
}

/// Split the inbox area into the sidebar (when shown and there is room) and the list.
pub fn split(app: &App, main: Rect) -> (Option<Rect>, Rect) {
    let q = &app.queues;
    if !q.visible(app.size.0) || main.height < NEEDS_HEIGHT || main.width < NEEDS_WIDTH {
        return (None, main);
    }
    let wanted = q
        .list
        .iter()
        .enumerate()
        .map(|(i, x)| for_line(&x.name).width() + count_text(app, i).width() + 5)
        .max()
        .unwrap_or(0) as u16;
    let w = wanted
        .clamp(14, 30)
        .min(main.width - MIN_INBOX)
        .min(main.width / 3);
    let side = Rect { width: w, ..main };
    let rest = Rect {
        x: main.x + w,
        width: main.width - w,
        ..main
    };
    (Some(side), rest)
}

/// Draw the sidebar into `rect`.
pub fn draw(frame: &mut Frame, app: &App, rect: Rect) {
    let q = &app.queues;
    let theme = &app.theme;
    let border = if q.focused {
        theme.focused_border()
    } else {
        theme.muted()
    };
    let block = Block::bordered()
        .border_set(theme.border())
        .border_style(border)
        .title(" Queues ");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    let active = queues::active(app);
    let first = q.selected.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = q
        .list
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, queue)| {
            let count = count_text(app, i);
            let mark = if q.focused && i == q.selected {
                theme.cursor_mark()
            } else if active == Some(i) {
                "*"
            } else {
                " "
            };
            let room = width.saturating_sub(count.width() + 2);
            let name = truncate(&for_line(&queue.name), room, theme.ascii).into_owned();
            let gap = width.saturating_sub(1 + name.width() + 1 + count.width());
            let text = format!("{mark}{name}{} {count}", " ".repeat(gap));
            let text = truncate(&text, width, theme.ascii).into_owned();
            let style = if q.focused && i == q.selected {
                theme.selected()
            } else if active == Some(i) {
                theme.highlight()
            } else {
                ratatui::style::Style::new()
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
