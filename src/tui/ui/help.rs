//! The help overlay: every binding of the active keymap with its action's description, grouped
//! by context, filtered by what is typed.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::keymap::{Context, format_seq};
use crate::tui::app::{App, Help};

/// One row of help: context, keys, action name, description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpEntry {
    pub context: &'static str,
    pub keys: String,
    pub action: &'static str,
    pub description: &'static str,
}

/// The rows of help matching `search` (every word, case-insensitively, anywhere in the row).
pub fn help_entries(app: &App, search: &str) -> Vec<HelpEntry> {
    let words: Vec<String> = search.split_whitespace().map(str::to_lowercase).collect();
    let order = [
        Context::Inbox,
        Context::Reader,
        Context::Global,
        Context::Prompt,
        Context::Help,
    ];
    let mut entries: Vec<HelpEntry> = Vec::new();
    for ctx in order {
        for (keys, action) in app.keymap.bindings(ctx) {
            let keys = format_seq(&keys);
            // Bindings come grouped by action: one row per action, its keys together.
            match entries.last_mut() {
                Some(e) if e.context == ctx.name() && e.action == action.name() => {
                    e.keys.push_str(", ");
                    e.keys.push_str(&keys);
                }
                _ => entries.push(HelpEntry {
                    context: ctx.name(),
                    keys,
                    action: action.name(),
                    description: action.description(),
                }),
            }
        }
    }
    entries.retain(|e| {
        let hay = format!("{} {} {} {}", e.context, e.keys, e.action, e.description).to_lowercase();
        words.iter().all(|w| hay.contains(w.as_str()))
    });
    entries
}

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
        .title(" Keys — type to search, Esc closes ");
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
    let entries = help_entries(app, help.search.text());
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
