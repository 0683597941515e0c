//! The inbox list: a header row and one row per cable, built only for the rows on screen.

use std::borrow::Cow;

use chrono::DateTime;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use super::columns::{Col, Placed, Shown, layout};
use crate::sanitize::for_line;
use crate::traffic::Record;
use crate::triage::due::{DueStatus, due};
use crate::tui::app::App;
use crate::view::truncate;

/// The list part of the inbox area (below the column header when there is room for one).
pub fn list_area(main: Rect) -> Rect {
    if main.height >= 2 {
        Rect {
            y: main.y + 1,
            height: main.height - 1,
            ..main
        }
    } else {
        main
    }
}

/// The first row on screen: the model's offset, kept valid for this height.
fn first_row(app: &App, height: usize) -> usize {
    let mut offset = app
        .inbox
        .offset
        .min(app.inbox.rows.len().saturating_sub(height));
    if app.inbox.selected < offset {
        offset = app.inbox.selected;
    } else if height > 0 && app.inbox.selected >= offset + height {
        offset = app.inbox.selected + 1 - height;
    }
    offset
}

/// Draw the inbox into `main`; returns where the cursor goes (the selected row).
pub fn draw(frame: &mut Frame, app: &App, main: Rect) -> Option<Position> {
    let list = list_area(main);
    let first = first_row(app, list.height.into());
    let shown = Shown {
        triage: app
            .triage_state()
            .cables
            .values()
            .any(|c| !c.labels.is_empty() || c.is_routed()),
        years: spans_years(app, first, list.height.into()),
        due: clock_on_screen(app, first, list.height.into()),
    };
    let cols = layout(main.width, shown);
    let buf = frame.buffer_mut();
    if list != main {
        let y = main.y;
        buf.set_style(Rect { height: 1, ..main }, app.theme.header_row());
        for p in &cols {
            buf.set_stringn(main.x + p.x, y, p.col.title(), p.width.into(), Style::new());
        }
    }
    if app.inbox.rows.is_empty() {
        let text = if let Some(l) = &app.loading {
            match app.load_progress {
                Some((done, total)) => format!("{l} {done}/{total} files"),
                None => l.clone(),
            }
        } else if app.inbox.filter.is_empty() {
            format!("No cables in {}", app.traffic.root.display())
        } else {
            "No cable matches the filter (Esc clears it)".to_string()
        };
        let text = for_line(&text);
        buf.set_stringn(
            list.x + 1,
            list.y,
            text,
            list.width.saturating_sub(1).into(),
            app.theme.muted(),
        );
        return Some(Position::new(list.x, list.y));
    }
    let height = list.height as usize;
    let end = (first + height).min(app.inbox.rows.len());
    for (line, row) in (first..end).enumerate() {
        let Some(record) = app.record(app.inbox.rows[row]) else {
            continue;
        };
        let area = Rect {
            y: list.y + line as u16,
            height: 1,
            ..list
        };
        let highlights = if app.inbox.query.is_empty() {
            Vec::new()
        } else {
            app.inbox.query.highlight(record.subject())
        };
        let row = Row {
            record,
            area,
            selected: row == app.inbox.selected,
            marked: app.inbox.is_marked(record),
            highlights: &highlights,
        };
        draw_row(buf, app, &row, &cols);
    }
    let cursor_line = app.inbox.selected.saturating_sub(first);
    Some(Position::new(list.x, list.y + cursor_line as u16))
}

/// One row to draw: its cable, where, and how it is set off.
struct Row<'a> {
    record: &'a Record,
    area: Rect,
    selected: bool,
    marked: bool,
    /// Subject characters the filter matched.
    highlights: &'a [usize],
}

/// Draw one row: each placed column's cell, the triage state looked up once.
fn draw_row(buf: &mut Buffer, app: &App, row: &Row<'_>, cols: &[Placed]) {
    let theme = &app.theme;
    let (r, area) = (row.record, row.area);
    if row.selected {
        buf.set_style(area, theme.selected());
    }
    let state = triage_state(app, r);
    for p in cols {
        let x = area.x + p.x;
        let w = usize::from(p.width);
        let put = |buf: &mut Buffer, text: &str, style: Style| {
            buf.set_stringn(x, area.y, truncate(text, w, theme.ascii), w, style);
        };
        match p.col {
            Col::Mark => {
                let new = app.live.arrived.contains(&r.key());
                let pending = app.pending_writes.has_record(r);
                let glyphs = super::row_triage::glyphs(theme, state, (new, pending));
                let shown = if p.short { &glyphs[..1] } else { &glyphs[..] };
                let flags = (row.selected, row.marked);
                super::row_triage::draw_marks(buf, theme, (x, area.y), flags, shown);
            }
            Col::Precedence => {
                if let Some(prec) = r.precedence {
                    let word = if p.short || prec.as_str().len() > w {
                        prec.short()
                    } else {
                        prec.as_str()
                    };
                    put(buf, word, theme.precedence(prec));
                }
            }
            Col::Due => {
                let empty = crate::triage::CableState::default();
                let status = due(
                    r.precedence,
                    r.dtg(),
                    state.unwrap_or(&empty),
                    &app.inbox.clock,
                );
                if let Some(label) = status.label() {
                    put(buf, &label, super::row_due::style(theme, &status));
                }
            }
            Col::Dtg => {
                if let Some(d) = r.dtg().and_then(|s| DateTime::from_timestamp(s, 0)) {
                    put(buf, &dtg(&d, !p.short), Style::new());
                }
            }
            Col::Class => {
                if let Some(c) = r.classification {
                    let word = if p.short { c.short() } else { c.as_str() };
                    put(buf, word, theme.classification(c));
                }
            }
            Col::Origin => put(buf, &for_line(short_origin(&r.origin)), Style::new()),
            Col::Addressee => put(buf, &addressee(r, w, theme.ascii), Style::new()),
            Col::Subject => subject(buf, app, r, (x, area.y), w, row.highlights),
            Col::Tags => put(
                buf,
                &for_line(&r.tags.join(" ")),
                theme.role(crate::view::Role::Tag),
            ),
            Col::Triage => {
                if let Some(s) = state {
                    put(buf, &super::row_triage::cell(s, w), theme.info());
                }
            }
        }
    }
    // Unread rows stand out by weight as well as by their glyph, as in mutt.
    if !state.is_some_and(|s| s.read) {
        buf.set_style(
            area,
            Style::new().add_modifier(ratatui::style::Modifier::BOLD),
        );
    }
}

/// Does a row on screen (from `first`, `height` of them) have a running clock (or a DTG in the
/// future)? Only then is the due column drawn: an inbox of archive traffic looks as before.
fn clock_on_screen(app: &App, first: usize, height: usize) -> bool {
    if !app.inbox.clock.objectives.enabled {
        return false;
    }
    let end = (first + height).min(app.inbox.rows.len());
    let empty = crate::triage::CableState::default();
    app.inbox.rows[first.min(end)..end].iter().any(|&i| {
        app.record(i).is_some_and(|r| {
            let st = triage_state(app, r).unwrap_or(&empty);
            matches!(
                due(r.precedence, r.dtg(), st, &app.inbox.clock),
                DueStatus::Open { .. } | DueStatus::Future { .. }
            )
        })
    })
}

/// Do the rows on screen (from `first`, `height` of them) carry DTGs of more than one year?
fn spans_years(app: &App, first: usize, height: usize) -> bool {
    use chrono::Datelike;
    let end = (first + height).min(app.inbox.rows.len());
    let mut years = app.inbox.rows[first.min(end)..end]
        .iter()
        .filter_map(|&i| app.record(i)?.dtg_utc())
        .map(|d| d.year());
    let Some(one) = years.next() else {
        return false;
    };
    years.any(|y| y != one)
}

/// The triage state of a record, when anything was ever decided about any cable.
fn triage_state<'a>(app: &'a App, r: &Record) -> Option<&'a crate::triage::CableState> {
    (!app.triage_state().cables.is_empty())
        .then(|| crate::traffic::filter::state_of(app.triage_state(), r))
}

/// A DTG in message form, `231711Z APR 07` (`231711Z APR` without the year). Written by hand:
/// this runs for every row of every frame.
fn dtg(d: &DateTime<chrono::Utc>, year: bool) -> String {
    use chrono::{Datelike, Timelike};
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let month = MONTHS[d.month0() as usize % 12];
    let mut s = format!("{:02}{:02}{:02}Z {month}", d.day(), d.hour(), d.minute());
    if year {
        s.push_str(&format!(" {:02}", d.year().rem_euclid(100)));
    }
    s
}

/// The origin without the `AMEMBASSY ` prefix most cables carry: the post name is what tells
/// rows apart in a narrow column.
fn short_origin(origin: &str) -> &str {
    origin.strip_prefix("AMEMBASSY ").unwrap_or(origin)
}

/// The first action addressee, with `+N` for the others, fitted to `width`.
fn addressee(r: &Record, width: usize, ascii: bool) -> String {
    let first = for_line(r.action_addressee());
    if r.to.len() <= 1 {
        return first.into_owned();
    }
    let more = format!(" +{}", r.to.len() - 1);
    if width <= more.len() {
        return truncate(&more[1..], width, ascii).into_owned();
    }
    format!("{}{more}", truncate(&first, width - more.len(), ascii))
}

/// The subject, with the characters the filter matched highlighted.
fn subject(
    buf: &mut Buffer,
    app: &App,
    r: &Record,
    (x, y): (u16, u16),
    width: usize,
    highlights: &[usize],
) {
    // A row is a whole cable, shown by its lowest section (see `traffic::rows`): one that starts
    // past section 1, its first sections missing from the traffic, says where it starts, first,
    // so truncation keeps it. (The reading view names every missing section.)
    let (x, width) = match r.section() {
        Some((n, of)) if width > 8 && n > 1 => {
            let tag = match of {
                Some(of) => format!("[{n}/{of}] "),
                None => format!("[{n}] "),
            };
            let (next, _) = buf.set_stringn(x, y, &tag, width, app.theme.muted());
            (next, width.saturating_sub(usize::from(next - x)))
        }
        _ => (x, width),
    };
    let clean = for_line(r.subject());
    let text = truncate(&clean, width, app.theme.ascii);
    // Positions refer to the subject as stored; a sanitised subject no longer lines up with them.
    if highlights.is_empty() || matches!(clean, Cow::Owned(_)) {
        buf.set_stringn(x, y, &text, width, Style::new());
        return;
    }
    let style = app.theme.highlight();
    let mut col = x;
    let right = x.saturating_add(width as u16);
    for (i, ch) in text.chars().enumerate() {
        if col >= right {
            break;
        }
        let mut tmp = [0u8; 4];
        let s = ch.encode_utf8(&mut tmp);
        let st = if highlights.binary_search(&i).is_ok() {
            style
        } else {
            Style::new()
        };
        let (next, _) = buf.set_stringn(col, y, s, usize::from(right - col), st);
        col = next;
    }
}
