//! The help overlay: every binding of the active keymap with its action's description, in
//! sections, filtered by what is typed, descriptions wrapped under their column.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::keymap::{Action, Context};
use crate::tui::app::App;
use crate::tui::overlay::Help;
use crate::tui::overlay::help::{HelpLine, description_column, lines, text_width};

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
    super::clear_band(frame, rect);
    let close = app
        .keymap
        .key_for(Context::Help, Action::Back)
        .unwrap_or_else(|| "back".into());
    let block = Block::bordered()
        .border_set(theme.border())
        .border_style(theme.focused_border())
        .title(format!(
            " Keys {} type to search, {close} closes ",
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
    let width = text_width(area.width.into()).min(inner.width.into());
    let all = lines(&app.keymap, help.search.text(), width);
    let desc_col = description_column(&app.keymap, help.search.text(), width);
    let list = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let scroll = help
        .scroll
        .min(all.len().saturating_sub(list.height.into()));
    let keys_w = all
        .iter()
        .filter_map(|l| match l {
            HelpLine::Row { keys, .. } => Some(unicode_width::UnicodeWidthStr::width(&**keys)),
            HelpLine::Heading(_) => None,
        })
        .max()
        .unwrap_or(0);
    let shown: Vec<Line> = if all.is_empty() {
        vec![Line::from(Span::styled("no key matches", theme.muted()))]
    } else {
        all[scroll..]
            .iter()
            .take(list.height.into())
            .map(|l| match l {
                HelpLine::Heading(title) => {
                    Line::from(Span::styled(title.to_string(), theme.header_row()))
                }
                HelpLine::Row {
                    context,
                    keys,
                    action,
                    text,
                } if !action.is_empty() || desc_col == 4 => {
                    let head = format!("{context:<7} ");
                    let keys = format!("{keys:<keys_w$} ");
                    let lead = if action.is_empty() && desc_col == 4 {
                        vec![Span::raw("    ")]
                    } else {
                        vec![
                            Span::styled(head, theme.muted()),
                            Span::styled(keys, theme.role(crate::view::Role::Tag)),
                            Span::styled(format!("{action} "), Style::new()),
                        ]
                    };
                    let pad = desc_col.saturating_sub(
                        lead.iter()
                            .map(|s| unicode_width::UnicodeWidthStr::width(&*s.content))
                            .sum(),
                    );
                    let mut spans = lead;
                    if !text.is_empty() {
                        spans.push(Span::raw(" ".repeat(pad)));
                        spans.push(Span::styled(text.clone(), theme.muted()));
                    }
                    Line::from(spans)
                }
                HelpLine::Row { text, .. } => Line::from(vec![
                    Span::raw(" ".repeat(desc_col)),
                    Span::styled(text.clone(), theme.muted()),
                ]),
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(shown), list);
    let x = inner.x + ("search: ".len() + help.search.cursor_width()) as u16;
    Some(Position::new(
        x.min(inner.right().saturating_sub(1)),
        inner.y,
    ))
}
