//! The help overlay: every binding of the active keymap with its action's description, grouped
//! by context, filtered by what is typed.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::tui::app::App;
use crate::tui::overlay::Help;
use crate::tui::overlay::help::entries;

/// Draw help over `area`; returns where the cursor goes (the search input).
pub fn draw(frame: &mut Frame, app: &App, help: &Help, area: Rect) -> Option<Position> {
    let theme = &app.theme;
    let w = area.width.saturating_sub(4).clamp(area.width.min(20), 100);
    let h = area.height.saturating_sub(2).max(area.height.min(3));
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_set(theme.border())
        .border_style(theme.focused_border())
        .title(format!(
            " Keys {} type to search, Esc closes ",
            theme.dash()
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.height == 0 || inner.width == 0 {
        return None;
    }
    let search = format!("search: {}", help.search.text());
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(search, theme.info()))),
        Rect { height: 1, ..inner },
    );
    let entries = entries(&app.keymap, help.search.text());
    let list = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let scroll = help
        .scroll
        .min(entries.len().saturating_sub(list.height.into()));
    let keys_w = entries
        .iter()
        .map(|e| e.keys.width())
        .max()
        .unwrap_or(0)
        .min(20);
    let action_w = entries.iter().map(|e| e.action.len()).max().unwrap_or(0);
    let lines: Vec<Line> = if entries.is_empty() {
        vec![Line::from(Span::styled("no key matches", theme.muted()))]
    } else {
        entries[scroll..]
            .iter()
            .take(list.height.into())
            .map(|e| {
                Line::from(vec![
                    Span::styled(format!("{:<7} ", e.context), theme.muted()),
                    Span::styled(
                        format!(
                            "{:<keys_w$} ",
                            crate::view::truncate(&e.keys, keys_w, theme.ascii)
                        ),
                        theme.role(crate::view::Role::Tag),
                    ),
                    Span::styled(format!("{:<action_w$} ", e.action), Style::new()),
                    Span::styled(e.description, theme.muted()),
                ])
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), list);
    let x = inner.x + ("search: ".len() + help.search.cursor_width()) as u16;
    Some(Position::new(
        x.min(inner.right().saturating_sub(1)),
        inner.y,
    ))
}
