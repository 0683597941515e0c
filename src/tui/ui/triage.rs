//! Drawing the triage inputs: the label prompt's line and its completions, the desk picker and
//! the note editor, each over the main screen.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::keymap::{Action, Context};

use crate::tui::app::App;
use crate::tui::overlay::{DeskPicker, LabelPrompt, NoteEditor};

/// A box of `w`×`h` centred in `area` (shrunk to fit).
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let (w, h) = (w.min(area.width), h.min(area.height));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn boxed(frame: &mut Frame, app: &App, rect: Rect, title: String) -> Rect {
    super::clear_band(frame, rect);
    let block = Block::bordered()
        .border_set(app.theme.border())
        .border_style(app.theme.focused_border())
        .title(title);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

/// A prompt's completions in a box just above its line (at most six, the first selected),
/// starting under the typed text (`lead` cells into the line) where it fits.
pub(super) fn completions<S: AsRef<str>>(
    frame: &mut Frame,
    app: &App,
    line: Rect,
    lead: usize,
    cands: &[S],
    title: &str,
) {
    if cands.is_empty() || line.y <= 2 {
        return;
    }
    let h = (cands.len().min(6) as u16 + 2).min(line.y);
    let w = cands
        .iter()
        .map(|c| c.as_ref().len())
        .max()
        .unwrap_or(0)
        .clamp(14, 40) as u16
        + 4;
    let x = (line.x + lead.min(40) as u16).min(line.right().saturating_sub(w));
    let rect = Rect::new(x, line.y - h, w, h).intersection(frame.area());
    let inner = boxed(frame, app, rect, title.into());
    for (i, c) in cands.iter().take(inner.height.into()).enumerate() {
        let style = if i == 0 {
            app.theme.selected()
        } else {
            Default::default()
        };
        let row = Rect {
            y: inner.y + i as u16,
            height: 1,
            ..inner
        };
        let text = crate::sanitize::for_line(c.as_ref());
        frame.render_widget(Paragraph::new(Span::styled(text, style)), row);
    }
}

/// A key of the prompt context for a hint, or the action's name.
fn prompt_key(app: &App, action: Action) -> String {
    app.keymap
        .key_for(Context::Prompt, action)
        .unwrap_or_else(|| action.name().into())
}

/// The input's room on a prompt line `width` wide: what is typed and the cursor, at least 12
/// columns (or the whole line when it is narrower).
fn input_room(width: usize, typed: usize) -> usize {
    (typed + 1).max(12).min(width)
}

/// The label prompt on the prompt line, its completions in a box just above it. The input
/// always gets its room: the explanation before it gives way (shorter, then none).
pub fn label(frame: &mut Frame, app: &App, p: &LabelPrompt, line: Rect) -> Position {
    let n = p.targets;
    let s = if n == 1 { "" } else { "s" };
    let complete = prompt_key(app, Action::Complete);
    let leads = [
        format!("label {n} cable{s} (-x removes, {complete} completes): "),
        format!("label {n} cable{s}: "),
        "label: ".to_string(),
        String::new(),
    ];
    let width = usize::from(line.width);
    let room = input_room(width, p.input.cursor_width().max(p.input.text().width()));
    let lead = leads
        .iter()
        .find(|l| l.width() + room <= width)
        .cloned()
        .unwrap_or_default();
    // Keep the cursor on screen: show the tail of a long input.
    let text = crate::sanitize::for_line(p.input.text()).into_owned();
    let avail = width.saturating_sub(lead.width() + 1);
    let skip = p.input.cursor_width().saturating_sub(avail);
    let shown_text: String = {
        let mut col = 0;
        text.chars()
            .skip_while(|c| {
                col += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
                col <= skip
            })
            .collect()
    };
    let shown = Line::from(vec![
        Span::styled(lead.clone(), app.theme.info()),
        Span::raw(shown_text),
    ]);
    frame.render_widget(Paragraph::new(shown), line);
    completions(
        frame,
        app,
        line,
        lead.width(),
        &p.candidates(),
        " labels in use ",
    );
    let x = line.x + (lead.width() + p.input.cursor_width() - skip) as u16;
    Position::new(x.min(line.right().saturating_sub(1)), line.y)
}

/// The desk picker: the filter line, then the desks (suggested ones marked `*`).
pub fn desks(frame: &mut Frame, app: &App, p: &DeskPicker, area: Rect) -> Option<Position> {
    let mode = if p.info { "INFO desk" } else { "ACTION desk" };
    let rect = centred(area, 60, 16);
    let other = if p.info { "action" } else { "info" };
    let n = p.targets;
    let cables = if n == 1 {
        "1 cable".to_string()
    } else {
        format!("{n} cables")
    };
    let dot = app.theme.dot();
    let tab = prompt_key(app, Action::Complete);
    let title = format!(" Route {cables}: {mode} {dot} {tab}: {other} {dot} -: un-route ");
    let inner = boxed(frame, app, rect, title);
    if inner.height == 0 {
        return None;
    }
    let filter = format!("desk: {}", p.query.text());
    frame.render_widget(
        Paragraph::new(Span::styled(filter.clone(), app.theme.info())),
        Rect { height: 1, ..inner },
    );
    let rows = p.rows(&app.session.desks);
    let list_h = usize::from(inner.height.saturating_sub(1));
    let first = p.selected.saturating_sub(list_h.saturating_sub(1));
    if rows.is_empty() {
        let why = app
            .session
            .desks_error
            .clone()
            .unwrap_or_else(|| "no desk matches".into());
        let r = Rect {
            y: inner.y + 1,
            height: 1,
            ..inner
        };
        frame.render_widget(Paragraph::new(Span::styled(why, app.theme.muted())), r);
    }
    for (i, row) in rows.iter().enumerate().skip(first).take(list_h) {
        let y = inner.y + 1 + (i - first) as u16;
        // The selection shows without colour: a cursor mark, and reverse video across the row.
        let cursor = if i == p.selected { ">" } else { " " };
        let mark = if row.suggested { "*" } else { " " };
        let text = format!("{cursor}{mark} {:<10} {}", row.desk.code, row.desk.name);
        let width = usize::from(inner.width);
        let text = crate::view::truncate(&text, width, app.theme.ascii);
        let text = format!("{text:<width$}");
        let style = if i == p.selected {
            ratatui::style::Style::new()
                .add_modifier(ratatui::style::Modifier::REVERSED | ratatui::style::Modifier::BOLD)
        } else {
            Default::default()
        };
        let r = Rect {
            y,
            height: 1,
            ..inner
        };
        frame.render_widget(Paragraph::new(Span::styled(text, style)), r);
    }
    let x = inner.x + filter.chars().count() as u16;
    Some(Position::new(
        x.min(inner.right().saturating_sub(1)),
        inner.y,
    ))
}

/// The note editor, in a box over the screen.
pub fn note(frame: &mut Frame, app: &App, ed: &NoteEditor, area: Rect) -> Option<Position> {
    let rect = centred(area, 70, 12);
    let who = ed.target_words();
    let title = format!(
        " Note on {who} {} Esc saves, C-c cancels, C-x C-e: $EDITOR ",
        app.theme.dash()
    );
    let inner = boxed(frame, app, rect, title);
    frame.render_widget(&ed.area, inner);
    // The text area draws its own (block) cursor.
    None
}
