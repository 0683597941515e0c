//! The reading view: the header block and the text of one cable in two scrollable panes, each
//! wrapped to its width.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line as TLine, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::app::App;
use crate::tui::reader::{Pane, ReaderView};
use crate::tui::theme::Theme;
use crate::view::{Line, wrap};

/// Where the panes go and how much text each holds, at the app's current size.
#[derive(Debug, Clone, Default)]
pub struct ReaderGeometry {
    /// The header pane (with its border), absent when the screen is too short for two panes.
    pub header: Option<Rect>,
    pub body: Rect,
    pub header_height: usize,
    pub body_height: usize,
    pub header_lines: usize,
    pub body_lines: usize,
    /// The text pane's width, and how many wrapped header lines come first in it (one pane).
    pub body_width: usize,
    pub body_prefix: usize,
}

/// Split `main` into the two panes; `header_len` is the header's wrapped length.
fn split(main: Rect, header_len: impl Fn(u16) -> usize) -> (Option<Rect>, Rect) {
    if main.height < 8 || main.width < 10 {
        return (None, main);
    }
    let wanted = header_len(main.width - 2) as u16 + 2;
    let h = wanted.clamp(3, main.height * 2 / 5);
    let header = Rect { height: h, ..main };
    (
        Some(header),
        Rect {
            y: main.y + h,
            height: main.height - h,
            ..main
        },
    )
}

fn wrap_all(lines: &[Line], width: u16) -> Vec<Line> {
    lines.iter().flat_map(|l| wrap(l, width.into())).collect()
}

fn inner(rect: Rect, bordered: bool) -> Rect {
    if bordered {
        Block::bordered().inner(rect)
    } else {
        rect
    }
}

/// The panes and their wrapped text at the app's size.
fn layout(app: &App, main: Rect) -> (ReaderGeometry, Vec<Line>, Vec<Line>) {
    let doc = app.reader.as_ref().and_then(|r| r.doc.as_ref());
    let header_src = doc.map_or(&[][..], |d| &d.header[..]);
    let (header, body) = split(main, |w| wrap_all(header_src, w).len());
    let bordered = header.is_some();
    let body_inner = inner(body, bordered);
    let header_text = header
        .map(|h| wrap_all(header_src, inner(h, true).width))
        .unwrap_or_default();
    let mut body_text = Vec::new();
    let mut body_prefix = 0;
    if let Some(d) = doc {
        if header.is_none() {
            // One pane only: the header goes above the text.
            body_text = wrap_all(&d.header, body_inner.width);
            body_text.push(Line::default());
            body_prefix = body_text.len();
        }
        let search = app.reader.as_ref().and_then(|r| r.search.as_ref());
        match search {
            Some(s) => {
                let hits = crate::view::search::find(&d.body, &s.query);
                let marked = crate::view::search::mark_all(&d.body, &hits, s.current);
                body_text.extend(wrap_all(&marked, body_inner.width));
            }
            None => body_text.extend(wrap_all(&d.body, body_inner.width)),
        }
    }
    let g = ReaderGeometry {
        header,
        body,
        header_height: header.map_or(0, |h| inner(h, true).height.into()),
        body_height: body_inner.height.into(),
        header_lines: header_text.len(),
        body_lines: body_text.len(),
        body_width: body_inner.width.into(),
        body_prefix,
    };
    (g, header_text, body_text)
}

impl ReaderGeometry {
    /// What the model scrolls by.
    pub fn view(&self) -> ReaderView {
        ReaderView {
            header_height: self.header_height,
            header_lines: self.header_lines,
            body_height: self.body_height,
            body_lines: self.body_lines,
            body_width: self.body_width,
            body_prefix: self.body_prefix,
        }
    }
}

/// The panes' sizes in `main`, without drawing.
pub fn measure(app: &App, main: Rect) -> ReaderView {
    layout(app, main).0.view()
}

fn styled(theme: &Theme, lines: &[Line]) -> Vec<TLine<'static>> {
    lines
        .iter()
        .map(|l| {
            TLine::from(
                l.segments
                    .iter()
                    .map(|s| Span::styled(s.text.clone(), theme.role(s.role)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}

fn pane(
    frame: &mut Frame,
    theme: &Theme,
    rect: Rect,
    title: &str,
    focused: bool,
    lines: &[Line],
    scroll: usize,
) {
    let height = inner(rect, true).height as usize;
    let scroll = scroll.min(lines.len().saturating_sub(height));
    let border = if focused {
        theme.focused_border()
    } else {
        theme.muted()
    };
    let more = if lines.len() > scroll + height {
        format!(" {}/{} ", scroll + height, lines.len())
    } else {
        String::new()
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .border_style(border)
        .title(format!(" {title} "))
        .title_bottom(TLine::from(more).right_aligned());
    let end = (scroll + height).min(lines.len());
    let visible = styled(theme, &lines[scroll.min(end)..end]);
    frame.render_widget(Paragraph::new(visible).block(block), rect);
}

/// Draw the reading view into `main`; returns where the cursor goes (top of the focused pane)
/// and the panes' sizes, for the model to scroll by.
pub fn draw(frame: &mut Frame, app: &App, main: Rect) -> (Option<Position>, Option<ReaderView>) {
    let Some(reader) = app.reader.as_ref() else {
        return (None, None);
    };
    let theme = &app.theme;
    if reader.doc.is_none() {
        let reading = format!("Reading{}", theme.ellipsis());
        let text = reader
            .error
            .as_deref()
            .map_or(reading, |e| format!("Could not read this cable: {e}"));
        let style = if reader.error.is_some() {
            theme.error()
        } else {
            theme.muted()
        };
        frame.buffer_mut().set_stringn(
            main.x + 1,
            main.y,
            crate::sanitize::for_line(&text),
            main.width.saturating_sub(1).into(),
            style,
        );
        return (Some(Position::new(main.x, main.y)), None);
    }
    let (g, header_text, body_text) = layout(app, main);
    let cursor = match g.header {
        Some(h) => {
            pane(
                frame,
                theme,
                h,
                "Header",
                reader.focus == Pane::Header,
                &header_text,
                reader.header_scroll,
            );
            pane(
                frame,
                theme,
                g.body,
                "Text",
                reader.focus == Pane::Body,
                &body_text,
                reader.body_scroll,
            );
            let focused = if reader.focus == Pane::Header {
                h
            } else {
                g.body
            };
            let i = inner(focused, true);
            Some(Position::new(i.x, i.y))
        }
        None => {
            let scroll = reader
                .body_scroll
                .min(body_text.len().saturating_sub(g.body_height));
            let end = (scroll + g.body_height).min(body_text.len());
            let visible = styled(theme, &body_text[scroll.min(end)..end]);
            frame.render_widget(Paragraph::new(visible).style(Style::new()), g.body);
            Some(Position::new(g.body.x, g.body.y))
        }
    };
    (cursor, Some(g.view()))
}
