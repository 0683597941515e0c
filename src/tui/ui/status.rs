//! The classification banners, the status bar (position, filter, sort, counts, problems, pending
//! chord, message) and the prompt line.

use ratatui::Frame;
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::Areas;
use crate::cable::{Classification, Precedence};
use crate::keymap::{Action, Context, format_seq};
use crate::sanitize::for_line;
use crate::tui::app::{App, Level, Screen, plural};
use crate::tui::overlay::{Overlay, Prompt, PromptKind};

/// The banner text and level: the reader's cable, or the highest classification on screen
/// (`height` rows of the inbox).
fn banner(app: &App, height: usize) -> (Option<Classification>, String) {
    if app.screen == Screen::Reader
        && let Some(r) = &app.reader
    {
        return (r.classification, r.banner.clone());
    }
    let first = app.inbox.offset.min(app.inbox.rows.len());
    let end = (first + height).min(app.inbox.rows.len());
    let top = app.inbox.rows[first..end]
        .iter()
        .filter_map(|&i| app.record(i).and_then(|r| r.classification))
        .max();
    (
        top,
        top.map_or("UNMARKED", Classification::as_str).to_string(),
    )
}

pub fn banners(frame: &mut Frame, app: &App, a: &Areas) {
    let height = super::inbox::list_area(a.main).height.into();
    let (level, text) = banner(app, height);
    let style = app.theme.banner(level);
    for rect in [a.top_banner, a.bottom_banner].into_iter().flatten() {
        let p = Paragraph::new(for_line(&text).into_owned())
            .style(style)
            .alignment(Alignment::Center);
        frame.render_widget(p, rect);
    }
}

/// A status-bar part and how much it matters (higher stays longer as the bar narrows).
struct Part {
    rank: u8,
    spans: Vec<Span<'static>>,
    /// A narrower form, taken before any part is dropped.
    compact: Option<Vec<Span<'static>>>,
    /// The part may be cut short (with an ellipsis) before any part is dropped.
    elide: bool,
}

fn part(rank: u8, text: String, style: Style) -> Part {
    Part {
        rank,
        spans: vec![Span::styled(text, style)],
        compact: None,
        elide: false,
    }
}

/// Rows by precedence: `FLASH 2 NIACT 3 IMMED 14`, or `F2 N3 I14` where the bar is narrow (so
/// the help hint stays on an 80-column bar when alerts are waiting).
fn counts(app: &App) -> Part {
    let mut spans = Vec::new();
    let mut compact = Vec::new();
    for (i, &n) in app.inbox.counts.iter().enumerate() {
        if n == 0 {
            continue;
        }
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
            compact.push(Span::raw(" "));
        }
        match Precedence::from_rank(i as u8) {
            Some(p) => {
                let word = p.short();
                let style = app.theme.precedence(p);
                spans.push(Span::styled(word.to_string(), style));
                compact.push(Span::styled(word[..1].to_string(), style));
            }
            None => {
                spans.push(Span::raw("none"));
                compact.push(Span::raw("-"));
            }
        }
        spans.push(Span::raw(format!(" {n}")));
        compact.push(Span::raw(n.to_string()));
    }
    Part {
        rank: 2,
        spans,
        compact: Some(compact),
        elide: false,
    }
}

/// The reading view's way back: a key the user's keymap chose for `close` or `back`, else the
/// default's `close` key.
fn back_hint(app: &App) -> String {
    let km = &app.keymap;
    km.user_key_for(Context::Reader, Action::Close)
        .or_else(|| km.user_key_for(Context::Reader, Action::Back))
        .map_or_else(
            || hint(app, Context::Reader, Action::Close, "back"),
            |k| format!("{k} back"),
        )
}

fn hint(app: &App, ctx: Context, action: Action, what: &str) -> String {
    app.keymap
        .key_for(ctx, action)
        .map_or(String::new(), |k| format!("{k} {what}"))
}

/// The status bar; `message_shown` when the message has rows of its own above it.
pub fn status_bar(frame: &mut Frame, app: &App, rect: Rect, message_shown: bool) {
    let mut parts = transient_parts(app, message_shown);
    parts.extend(position_parts(app));
    match app.screen {
        Screen::Reader => parts.extend(reader_parts(app)),
        Screen::Inbox => parts.extend(inbox_parts(app)),
    }
    let spans = fit(parts, rect.width, app.theme.ascii);
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(app.theme.status()),
        rect,
    );
}

/// What is going on now: a pending chord, the message, alerts, a filter or load running.
fn transient_parts(app: &App, message_shown: bool) -> Vec<Part> {
    let theme = &app.theme;
    let mut parts = Vec::new();
    if !app.pending.is_empty() {
        parts.push(part(
            9,
            format!("{} {}", format_seq(&app.pending), theme.ellipsis()),
            theme.info(),
        ));
    }
    // A message without rows of its own (no room for them) is cut short here, as before.
    if let Some((level, text)) = app.message.as_ref().filter(|_| !message_shown) {
        let style = if *level == Level::Error {
            theme.error()
        } else {
            theme.info()
        };
        parts.push(part(8, for_line(text).into_owned(), style));
    } else if let Some(Overlay::Prompt(p)) = &app.overlay
        && let Some(e) = &p.error
    {
        parts.push(part(8, for_line(e).into_owned(), theme.error()));
    }
    for (rank, text, style) in super::alert::status_parts(app) {
        parts.push(part(rank, text, style));
    }
    if let Some(text) = crate::tui::clock::status_parts(app) {
        let style = theme
            .error()
            .add_modifier(ratatui::style::Modifier::REVERSED);
        parts.push(part(8, text, style));
    }
    if app.inbox.filtering {
        let text = format!("filtering{}", theme.ellipsis());
        parts.push(part(8, text, theme.info()));
    }
    if let (Some((done, total)), Some(_), false) =
        (app.load_progress, &app.loading, app.inbox.rows.is_empty())
    {
        parts.push(part(
            8,
            format!("loading {done}/{total} files"),
            theme.info(),
        ));
    }
    parts
}

/// Read-only, the marked count and the position in the rows.
fn position_parts(app: &App) -> Vec<Part> {
    let theme = &app.theme;
    let mut parts = Vec::new();
    if app.session.refusal.is_some() {
        parts.push(part(7, "READ-ONLY".to_string(), theme.error()));
    }
    if app.session.offline.is_some() {
        parts.push(part(9, "journal offline".to_string(), theme.error()));
    }
    if !app.inbox.marked.is_empty() {
        parts.push(part(
            7,
            format!("{} marked", app.inbox.marked.len()),
            theme.highlight(),
        ));
    }
    let pos = if app.inbox.rows.is_empty() {
        0
    } else {
        app.inbox.selected + 1
    };
    parts.push(part(
        7,
        format!("{pos}/{}", app.inbox.rows.len()),
        Style::new(),
    ));
    parts
}

/// The reading view's cable id and key hints.
fn reader_parts(app: &App) -> Vec<Part> {
    let theme = &app.theme;
    let mut parts = Vec::new();
    if let Some(id) = app
        .reader
        .as_ref()
        .and_then(|r| r.record)
        .and_then(|i| app.record(i))
        .and_then(|r| r.id())
    {
        parts.push(part(
            5,
            for_line(id).into_owned(),
            theme.role(crate::view::Role::Id),
        ));
    }
    if let Some(found) = app.reader.as_ref().and_then(|r| r.hit_status()) {
        parts.push(part(8, found, theme.highlight()));
        let keys = [
            hint(app, Context::Reader, Action::NextHit, "next hit"),
            hint(app, Context::Reader, Action::Back, "ends search"),
        ];
        let keys: Vec<String> = keys.into_iter().filter(|h| !h.is_empty()).collect();
        parts.push(part(
            1,
            keys.join(&format!(" {} ", theme.dot())),
            theme.muted(),
        ));
        return parts;
    }
    let hints = [
        hint(app, Context::Reader, Action::NextCable, "next"),
        hint(app, Context::Reader, Action::SwitchPane, "pane"),
        back_hint(app),
        hint(app, Context::Reader, Action::References, "refs"),
    ];
    let hints: Vec<String> = hints.into_iter().filter(|h| !h.is_empty()).collect();
    parts.push(part(
        1,
        hints.join(&format!(" {} ", theme.dot())),
        theme.muted(),
    ));
    parts
}

/// The inbox's filter, sort, precedence counts, problems and the help hint.
fn inbox_parts(app: &App) -> Vec<Part> {
    let theme = &app.theme;
    let mut parts = Vec::new();
    if !app.inbox.filter.is_empty() {
        let mut filter = part(
            6,
            format!("filter: {}", for_line(&app.inbox.filter)),
            theme.info(),
        );
        filter.elide = true;
        parts.push(filter);
    }
    parts.push(part(
        4,
        format!("sort: {}", app.inbox.sort_name()),
        Style::new(),
    ));
    parts.push(counts(app));
    let n = app.traffic.problems.len();
    if n > 0 {
        parts.push(part(
            5,
            format!("{n} not cable{}", plural(n)),
            theme.error(),
        ));
    }
    // The way to every other key stays, however long the filter: the filter gives way.
    let help = hint(app, Context::Inbox, Action::Help, "help");
    if !help.is_empty() {
        parts.push(part(7, help, theme.muted()));
    }
    parts
}

/// The parts that fit in `width` columns: compact forms first, then an elidable part cut short
/// (ending `…`, or `~` when `ascii`), then the lowest-ranked parts dropped, until they fit.
fn fit(mut parts: Vec<Part>, width: u16, ascii: bool) -> Vec<Span<'static>> {
    let part_width = |p: &Part| p.spans.iter().map(|s| s.content.width()).sum::<usize>();
    let sep = 2;
    let too_wide = |parts: &[Part]| {
        parts.iter().map(|p| part_width(p) + sep).sum::<usize>() > usize::from(width) + sep
    };
    while parts.len() > 1 && too_wide(&parts) {
        if let Some(p) = parts.iter_mut().find(|p| p.compact.is_some()) {
            p.spans = p.compact.take().unwrap_or_default();
            continue;
        }
        let lowest = parts
            .iter()
            .enumerate()
            .min_by_key(|(_, p)| p.rank)
            .map_or(0, |(i, _)| i);
        let lowest_rank = parts[lowest].rank;
        let total: usize = parts.iter().map(|p| part_width(p) + sep).sum();
        let over = total.saturating_sub(usize::from(width) + sep);
        // Parts ranked below the elidable one go first; then it is cut short.
        if let Some(p) = parts.iter_mut().find(|p| p.elide && p.rank <= lowest_rank) {
            p.elide = false;
            let keep = part_width(p).saturating_sub(over);
            // Too little left to be worth reading: the part goes as the others do.
            if keep >= 12 {
                let text: String = p.spans.iter().map(|s| s.content.as_ref()).collect();
                let style = p.spans.first().map_or_else(Style::new, |s| s.style);
                p.spans = vec![Span::styled(
                    crate::view::truncate(&text, keep, ascii).into_owned(),
                    style,
                )];
                continue;
            }
        }
        parts.remove(lowest);
    }
    let mut spans = Vec::new();
    for p in parts {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.extend(p.spans);
    }
    spans
}

/// The prompt line; returns where the cursor goes.
pub fn prompt(frame: &mut Frame, app: &App, p: &Prompt, rect: Rect) -> Position {
    let lead = match p.kind {
        PromptKind::Filter => "/",
        PromptKind::Command => ":",
        PromptKind::Search => "search: ",
    };
    let text = for_line(p.input.text());
    // Keep the cursor on screen: show the tail of a long input.
    let room = usize::from(rect.width).saturating_sub(lead.len() + 1);
    let cursor = p.input.cursor_width();
    let skip = cursor.saturating_sub(room);
    let shown: String = {
        let mut col = 0;
        text.chars()
            .skip_while(|c| {
                col += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
                col <= skip
            })
            .collect()
    };
    let line = Line::from(vec![Span::styled(lead, app.theme.info()), Span::raw(shown)]);
    frame.render_widget(Paragraph::new(line), rect);
    let x = rect.x + lead.len() as u16 + (cursor - skip).min(room) as u16;
    Position::new(x.min(rect.right().saturating_sub(1)), rect.y)
}
