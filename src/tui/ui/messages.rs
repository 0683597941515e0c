//! Drawing the message list: a box over the whole screen with every message of the session,
//! wrapped, errors marked `!` (and in the error style).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::keymap::{Action, Context};
use crate::tui::app::{App, Level};
use crate::tui::overlay::Messages;
use crate::tui::overlay::messages::{lines, text_size};

/// Draw the message list over `area`.
pub fn draw(frame: &mut Frame, app: &App, m: &Messages, area: Rect) {
    let theme = &app.theme;
    let (w, h) = text_size(area.width.into(), area.height.into());
    let rect = Rect::new(
        area.x,
        area.y + 1.min(area.height),
        area.width,
        area.height.saturating_sub(2),
    );
    let rect = if rect.height < 3 { area } else { rect };
    super::clear_band(frame, rect);
    let close = app
        .keymap
        .key_for(Context::Help, Action::Back)
        .unwrap_or_else(|| "back".into());
    let block = Block::bordered()
        .border_set(theme.border())
        .border_style(theme.focused_border())
        .title(format!(
            " Messages of this session {} {close} closes ",
            theme.dash()
        ));
    let inner = block.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
    frame.render_widget(block, rect);
    let all = lines(&app.messages, w.min(inner.width.into()).max(1));
    let height = usize::from(inner.height).min(h.max(1));
    let end = all.len().saturating_sub(m.from_bottom.min(all.len()));
    let start = end.saturating_sub(height);
    let shown: Vec<Line> = if all.is_empty() {
        vec![Line::from(Span::styled("no messages yet", theme.muted()))]
    } else {
        all[start..end]
            .iter()
            .map(|(level, text)| {
                let style = if *level == Level::Error {
                    theme.error()
                } else {
                    ratatui::style::Style::new()
                };
                Line::from(Span::styled(text.clone(), style))
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(shown), inner);
}
