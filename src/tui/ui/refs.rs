//! The reference list of the reading view, drawn over the lower part of the text when it has the
//! keys: the cables this one cites (REF), then those citing it (CITED BY), each with its subject
//! when it is in the traffic.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::sanitize::for_line;
use crate::tui::app::App;
use crate::tui::refs::Direction;
use crate::view::truncate;

/// Draw the list into the bottom of `main` when it has the keys.
pub fn draw(frame: &mut Frame, app: &App, main: Rect) {
    let r = &app.refs;
    let reading = app.reader.as_ref().map(|r| &r.key);
    if !r.shown(reading) || main.height < 3 || main.width < 12 {
        return;
    }
    let theme = &app.theme;
    let h = (r.links.len() as u16 + 2)
        .min(main.height)
        .min(12.max(main.height / 2));
    let rect = Rect {
        y: main.bottom() - h,
        height: h,
        ..main
    };
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_set(theme.border())
        .border_style(theme.focused_border())
        .title(" References (Enter opens, Esc closes) ");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height).max(1);
    let first = r.selected.saturating_sub(height - 1);
    let lines: Vec<Line> = r
        .links
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, link)| {
            let label = match link.direction {
                Direction::Cites => "REF      ",
                Direction::CitedBy => "CITED BY ",
            };
            let what = match &link.subject {
                Some(subject) => for_line(subject).into_owned(),
                None => "(not in this traffic)".to_string(),
            };
            let id = for_line(&link.id);
            let mark = if i == r.selected {
                theme.cursor_mark()
            } else {
                " "
            };
            let text = format!("{mark}{label}{id:<13} {what}");
            let text = truncate(&text, width, theme.ascii).into_owned();
            let pad = width.saturating_sub(text.width());
            let style = if i == r.selected {
                theme.selected()
            } else if link.subject.is_none() {
                theme.muted()
            } else {
                Style::new()
            };
            Line::from(Span::styled(format!("{text}{}", " ".repeat(pad)), style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
