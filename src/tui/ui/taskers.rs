//! Drawing the assign prompt (on the prompt line, the known officers above it) and the shift
//! handover list (a box over the main screen: the summary, the groups with their items, the
//! notes, and the selected item's details at the foot).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::handover::{Pickup, render};
use crate::sanitize::for_line;
use crate::tui::app::App;
use crate::tui::overlay::assign::AssignStage;
use crate::tui::overlay::handover::Row;
use crate::tui::overlay::{AssignPrompt, HandoverList};
use crate::view::{Role, truncate};

/// The assign prompt on the prompt line; in its first stage, the matching officers in a box
/// just above it.
pub fn assign(frame: &mut Frame, app: &App, p: &AssignPrompt, line: Rect) -> Position {
    let n = p.targets;
    let s = if n == 1 { "" } else { "s" };
    let lead = match &p.stage {
        AssignStage::Officer => format!("assign {n} cable{s} to (Tab completes): "),
        AssignStage::Suspense { assignee } => format!(
            "suspense for {} (+2d, 2026-12-10, fri 17:00; Enter: none): ",
            for_line(assignee)
        ),
    };
    let lead = truncate(&lead, usize::from(line.width) / 2 + 20, app.theme.ascii).into_owned();
    let mut spans = vec![
        Span::styled(lead.clone(), app.theme.info()),
        Span::raw(p.input.text().to_string()),
    ];
    if let Some(e) = &p.error {
        spans.push(Span::styled(format!("  {e}"), app.theme.error()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), line);
    super::triage::completions(
        frame,
        app,
        line,
        lead.chars().count(),
        &p.candidates(),
        " officers ",
    );
    let x = line.x + (lead.chars().count() + p.input.cursor_width()) as u16;
    Position::new(x.min(line.right().saturating_sub(1)), line.y)
}

/// The pick-up as the list's last column: `new`, `erin 12:05Z`, `carried erin`.
fn pickup_cell(p: &Pickup) -> String {
    match p {
        Pickup::New => "new".into(),
        Pickup::PickedUp { by, at } => format!("{} {}", for_line(by), at.format("%H:%MZ")),
        Pickup::CarriedOver { by, .. } => format!("carried {}", for_line(by)),
    }
}

/// The handover list over `area`.
pub fn handover(frame: &mut Frame, app: &App, h: &HandoverList, area: Rect) -> Option<Position> {
    let theme = &app.theme;
    let rect = area;
    frame.render_widget(Clear, rect);
    let title = format!(
        " Shift handover since {} {} ! picks up, Esc closes ",
        h.handover.since.format("%H:%MZ"),
        theme.dash()
    );
    let block = Block::bordered()
        .border_set(theme.border())
        .border_style(theme.focused_border())
        .title(title);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.height < 3 || inner.width < 20 {
        return None;
    }
    let width = usize::from(inner.width);
    let line_at = |i: u16| Rect {
        y: inner.y + i,
        height: 1,
        ..inner
    };
    let summary = truncate(&render::summary(&h.handover), width, theme.ascii).into_owned();
    frame.render_widget(
        Paragraph::new(Span::styled(summary, theme.muted())),
        line_at(0),
    );

    let items = h.items();
    let rows = h.rows();
    let list_h = usize::from(inner.height - 2);
    let sel_row = rows
        .iter()
        .position(|r| *r == Row::Item(h.selected))
        .unwrap_or(0);
    let offset = (sel_row + 1).saturating_sub(list_h);
    let heading = theme.role(Role::Heading).add_modifier(Modifier::BOLD);
    for (n, row) in rows.iter().skip(offset).take(list_h).enumerate() {
        let line = match *row {
            Row::Heading(g, count) => Line::from(Span::styled(
                format!("{} ({count})", g.title().to_uppercase()),
                heading,
            )),
            Row::NotesHeading(count) => Line::from(Span::styled(
                format!("NOTES SINCE THE WINDOW ({count})"),
                heading,
            )),
            Row::Note(i) => {
                let note = &h.handover.notes[i];
                let text = format!(
                    "  {}  {} {}: {}",
                    for_line(&note.id),
                    for_line(&note.user),
                    note.at.format("%H:%MZ"),
                    for_line(&note.text)
                );
                Line::from(truncate(&text, width, theme.ascii).into_owned())
            }
            Row::Item(i) => {
                let Some(item) = items.get(i) else { continue };
                let selected = i == h.selected;
                let cursor = if selected { theme.cursor_mark() } else { " " };
                let prec = item.precedence.map_or("-", |p| p.short());
                let dtg = item
                    .dtg
                    .map_or("-".into(), |d| d.format("%d%H%MZ").to_string());
                let status = pickup_cell(&item.pickup);
                let lead = format!("{cursor} {:<13} {prec:<5} {dtg:<7} ", for_line(&item.id));
                let room = width.saturating_sub(lead.chars().count() + status.chars().count() + 1);
                let subject = truncate(&for_line(&item.subject), room, theme.ascii).into_owned();
                let pad =
                    room.saturating_sub(unicode_width::UnicodeWidthStr::width(subject.as_str()));
                let style = if selected {
                    theme.selected()
                } else {
                    Style::new()
                };
                let status_style = match item.pickup {
                    Pickup::New => theme.role(Role::Tag),
                    _ => theme.muted(),
                };
                Line::from(vec![
                    Span::styled(lead, style),
                    Span::styled(format!("{subject}{} ", " ".repeat(pad)), style),
                    Span::styled(status, status_style),
                ])
            }
        };
        frame.render_widget(Paragraph::new(line), line_at(1 + n as u16));
    }
    let foot = match items.get(h.selected) {
        Some(i) => format!(
            "{}: {}; {}",
            for_line(&i.id),
            render::detail_words(i).join("; "),
            render::pickup_words(&i.pickup)
        ),
        None => "nothing open: no FLASH unacknowledged, nothing overdue, no tasker open".into(),
    };
    let foot = truncate(&foot, width, theme.ascii).into_owned();
    frame.render_widget(
        Paragraph::new(Span::styled(foot, theme.info())),
        line_at(inner.height - 1),
    );
    None
}
