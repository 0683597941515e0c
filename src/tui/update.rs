//! `update`: the only place the model changes. Keys are resolved through the keymap (chords
//! included) into actions; each action changes the model and may ask the event loop for an
//! [`Effect`].

use crate::keymap::{Action, Context, Key, Lookup, format_seq};
use crate::traffic::SortKey;

use super::app::{App, Effect, Help, Overlay, Pane, Prompt, PromptKind, Reader, Screen};
use super::input::LineInput;
use super::{command, marks, note, queues, refs, triage, triage_input, ui};
use crate::triage::Op;

/// One key press from the terminal.
pub fn handle_key(app: &mut App, key: Key) -> Option<Effect> {
    if app.pending.is_empty() {
        app.message = None;
    }
    if matches!(app.overlay, Some(Overlay::Note(_))) {
        return note::note_key(app, key);
    }
    let ctx = app.context();
    app.pending.push(key);
    match app.keymap.lookup(ctx, &app.pending) {
        Lookup::Matched(action) => {
            app.pending.clear();
            update(app, action)
        }
        Lookup::Pending => None,
        Lookup::NotFound => {
            let keys = std::mem::take(&mut app.pending);
            let typed = key.typed_char().filter(|_| keys.len() == 1);
            match (ctx, typed) {
                (Context::Prompt | Context::Help, Some(c)) => type_char(app, c),
                _ => {
                    let keys = format_seq(&keys);
                    app.info(format!(
                        "{keys} is not bound here ({} shows the keys)",
                        help_key(app)
                    ));
                    None
                }
            }
        }
    }
}

fn help_key(app: &App) -> String {
    app.keymap
        .key_for(Context::Global, Action::Help)
        .unwrap_or_else(|| "help".into())
}

fn type_char(app: &mut App, c: char) -> Option<Effect> {
    match &mut app.overlay {
        Some(Overlay::Prompt(p)) => {
            // The filter prompt stops at the query language's limit, whatever is typed or
            // pasted after it: the text is never longer than a query can be.
            let max = crate::traffic::query::MAX_QUERY_CHARS;
            if p.kind == PromptKind::Filter && p.input.text().chars().count() >= max {
                p.error = Some(format!("filter too long: at most {max} characters"));
                return None;
            }
            p.input.insert(c);
            prompt_changed(app)
        }
        Some(Overlay::Help(h)) => {
            h.search.insert(c);
            h.scroll = 0;
            None
        }
        Some(Overlay::Label(_) | Overlay::Desk(_)) => {
            triage_input::type_char(app, c);
            None
        }
        Some(Overlay::Note(_)) | None => None,
    }
}

/// Drop the filter: every cable again, the anchored one selected.
fn clear_filter(app: &mut App) {
    if let Err(e) = app.apply_filter("") {
        app.error(e);
    }
    app.anchor = None;
}

/// Apply one action to the model.
pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    match app.context() {
        Context::Prompt if matches!(app.overlay, Some(Overlay::Label(_) | Overlay::Desk(_))) => {
            return triage_input::action(app, action);
        }
        Context::Prompt => return prompt_action(app, action),
        Context::Help => {
            help_action(app, action);
            return None;
        }
        _ => {}
    }
    if queues::takes(app, action) {
        return queues::action(app, action);
    }
    if refs::takes(app, action) {
        return refs::action(app, action);
    }
    match action {
        Action::Quit => app.should_quit = true,
        Action::Close => match app.screen {
            Screen::Reader => close_reader(app),
            Screen::Inbox => app.should_quit = true,
        },
        Action::Back => match app.screen {
            Screen::Reader => close_reader(app),
            Screen::Inbox if !app.filter.is_empty() || app.filtering => clear_filter(app),
            Screen::Inbox => {}
        },
        Action::Help => app.overlay = Some(Overlay::Help(Help::default())),
        Action::Filter => {
            app.anchor = app.selected_record();
            let input = LineInput::new(&app.filter);
            app.overlay = Some(Overlay::Prompt(Prompt {
                kind: PromptKind::Filter,
                input,
                error: None,
            }));
            app.scroll_to_selection();
        }
        Action::CommandLine => {
            let input = LineInput::default();
            app.overlay = Some(Overlay::Prompt(Prompt {
                kind: PromptKind::Command,
                input,
                error: None,
            }));
            app.scroll_to_selection();
        }
        Action::CycleSort => {
            app.sort = app.sort.next();
            app.info(format!("sorted by {}", app.sort.name()));
            return app.resort();
        }
        Action::Suspend => return Some(Effect::Suspend),
        Action::Redraw => return Some(Effect::Redraw),
        Action::Open if app.screen == Screen::Inbox => return open_selected(app),
        Action::NextCable | Action::PrevCable if app.screen == Screen::Reader => {
            let before = app.selected;
            move_selection(app, if action == Action::NextCable { 1 } else { -1 });
            if app.selected == before {
                app.info(if action == Action::NextCable {
                    "last cable"
                } else {
                    "first cable"
                });
                return None;
            }
            return open_selected(app);
        }
        Action::SwitchPane => {
            if let Some(r) = &mut app.reader {
                r.focus = if r.focus == Pane::Body {
                    Pane::Header
                } else {
                    Pane::Body
                };
            }
        }
        Action::Label => triage_input::open_label(app),
        Action::Route => triage_input::open_route(app),
        Action::Note => note::open_note(app),
        Action::ToggleRead => {
            return triage::toggle(app, |c| c.read, Op::MarkRead, Op::MarkUnread);
        }
        Action::ToggleFlag => return triage::toggle(app, |c| c.flagged, Op::Flag, Op::Unflag),
        Action::ToggleDone => return triage::toggle(app, |c| c.done, Op::Done, Op::NotDone),
        Action::Acknowledge => return super::alert::acknowledge(app),
        Action::Undo => return triage::history(app, false),
        Action::Redo => return triage::history(app, true),
        Action::ToggleMark | Action::MarkRange | Action::MarkAll | Action::ClearMarks => {
            marks::marking(app, action)
        }
        Action::MoveDown
        | Action::MoveUp
        | Action::Top
        | Action::Bottom
        | Action::PageDown
        | Action::PageUp
        | Action::HalfPageDown
        | Action::HalfPageUp => movement(app, action),
        _ => {}
    }
    None
}

/// How far a movement action goes, given a page of `page` lines; `None` for top/bottom.
fn distance(action: Action, page: usize) -> Option<isize> {
    let page = page.max(1) as isize;
    match action {
        Action::MoveDown => Some(1),
        Action::MoveUp => Some(-1),
        Action::PageDown => Some(page),
        Action::PageUp => Some(-page),
        Action::HalfPageDown => Some((page / 2).max(1)),
        Action::HalfPageUp => Some(-(page / 2).max(1)),
        _ => None,
    }
}

fn movement(app: &mut App, action: Action) {
    if app.screen == Screen::Reader {
        return scroll_reader(app, action);
    }
    match distance(action, app.list_height()) {
        Some(d) => move_selection(app, d),
        None if action == Action::Top => set_selection(app, 0),
        None => set_selection(app, app.rows.len().saturating_sub(1)),
    }
}

pub(super) fn move_selection(app: &mut App, by: isize) {
    let target = app.selected.saturating_add_signed(by);
    set_selection(app, target.min(app.rows.len().saturating_sub(1)));
}

fn set_selection(app: &mut App, row: usize) {
    app.selected = row;
    app.scroll_to_selection();
}

fn scroll_reader(app: &mut App, action: Action) {
    let geometry = ui::reader_geometry(app);
    let Some(r) = &mut app.reader else { return };
    let (scroll, visible, total) = match r.focus {
        Pane::Header => (
            &mut r.header_scroll,
            geometry.header_height,
            geometry.header_lines,
        ),
        Pane::Body => (
            &mut r.body_scroll,
            geometry.body_height,
            geometry.body_lines,
        ),
    };
    let max = total.saturating_sub(visible);
    *scroll = match distance(action, visible) {
        Some(d) => scroll.saturating_add_signed(d).min(max),
        None if action == Action::Top => 0,
        None => max,
    };
}

fn open_selected(app: &mut App) -> Option<Effect> {
    let record = app.selected_record()?;
    open_record(app, record)
}

/// Open record `record` in the reading view (selecting it when the inbox shows it).
pub(super) fn open_record(app: &mut App, record: u32) -> Option<Effect> {
    if let Some(row) = app.rows.iter().position(|&r| r == record) {
        set_selection(app, row);
    }
    let refreshed = triage::mark_read_on_open(app, record);
    app.screen = Screen::Reader;
    let focus = app.reader.as_ref().map_or(Pane::Body, |r| r.focus);
    let (banner, classification) = match app.record(record) {
        Some(r) => (record_banner(r), r.classification),
        None => (String::new(), None),
    };
    app.reader = Some(Reader {
        record,
        banner,
        classification,
        doc: None,
        note_lines: 0,
        error: None,
        focus,
        header_scroll: 0,
        body_scroll: 0,
    });
    // A state filter (`is:unread`) on an inbox too large to filter in place is not run again
    // here (one effect per key): the next filter edit picks the read cable up.
    drop(refreshed);
    Some(Effect::ReadCable(record))
}

/// The banner until the full cable is read: the record's classification and caveats.
fn record_banner(r: &crate::traffic::Record) -> String {
    let cable = crate::cable::Cable {
        classification: r.classification,
        caveats: r.caveats.iter().map(|c| c.to_string()).collect(),
        ..Default::default()
    };
    cable.banner()
}

fn close_reader(app: &mut App) {
    refs::reader_closed(app);
    app.screen = Screen::Inbox;
    app.reader = None;
    app.scroll_to_selection();
}

fn prompt_action(app: &mut App, action: Action) -> Option<Effect> {
    let Some(Overlay::Prompt(p)) = &mut app.overlay else {
        return None;
    };
    if p.input.edit(action) {
        return prompt_changed(app);
    }
    let kind = p.kind;
    let text = p.input.text().to_string();
    let error = p.error.clone();
    if action == Action::Complete && kind == PromptKind::Command {
        command::complete(app);
        return None;
    }
    match action {
        Action::Accept => {
            app.overlay = None;
            match kind {
                // The filter was applied as it was typed; Enter only keeps it.
                PromptKind::Filter => {
                    if let Some(e) = error {
                        app.error(format!("filter not applied: {e}"));
                    }
                    if !app.rows.is_empty() && !app.filtering {
                        app.anchor = None;
                    }
                }
                PromptKind::Command => return run_command(app, &text),
            }
        }
        Action::Cancel => {
            app.overlay = None;
            if kind == PromptKind::Filter {
                clear_filter(app);
            }
        }
        _ => {}
    }
    app.scroll_to_selection();
    None
}

/// The prompt text changed: filter live as it is typed.
fn prompt_changed(app: &mut App) -> Option<Effect> {
    let Some(Overlay::Prompt(p)) = &app.overlay else {
        return None;
    };
    if p.kind != PromptKind::Filter {
        return None;
    }
    let text = p.input.text().to_string();
    let (effect, error) = match app.apply_filter(&text) {
        Ok(effect) => (effect, None),
        Err(e) => (None, Some(e)),
    };
    if let Some(Overlay::Prompt(p)) = &mut app.overlay {
        p.error = error;
    }
    effect
}

/// The command line: `q`, `sort KEY`, a row number, `help`.
fn run_command(app: &mut App, text: &str) -> Option<Effect> {
    let mut words = text.split_whitespace();
    match (words.next(), words.next()) {
        (None, _) => {}
        (Some("q" | "quit"), None) => app.should_quit = true,
        (Some("help" | "h"), None) => app.overlay = Some(Overlay::Help(Help::default())),
        (Some("sort"), Some(key)) => match SortKey::CYCLE.iter().find(|k| k.name() == key) {
            Some(k) => {
                app.sort = *k;
                return app.resort();
            }
            None => {
                let names: Vec<&str> = SortKey::CYCLE.iter().map(|k| k.name()).collect();
                app.error(format!(
                    "unknown sort `{key}` (one of {})",
                    names.join(", ")
                ));
            }
        },
        (Some(n), None) if n.parse::<usize>().is_ok() => {
            let row = n.parse::<usize>().unwrap_or(1).max(1) - 1;
            set_selection(app, row.min(app.rows.len().saturating_sub(1)));
        }
        _ => return command::run_named(app, text),
    }
    None
}

fn help_action(app: &mut App, action: Action) {
    let page = usize::from(app.size.1).saturating_sub(6).max(1);
    let total = match &app.overlay {
        Some(Overlay::Help(h)) => ui::help_entries(app, h.search.text()).len(),
        _ => 0,
    };
    let Some(Overlay::Help(h)) = &mut app.overlay else {
        return;
    };
    if h.search.edit(action) {
        h.scroll = 0;
        return;
    }
    match action {
        Action::Back | Action::Close | Action::Quit | Action::Help => app.overlay = None,
        _ => {
            if let Some(d) = distance(action, page) {
                h.scroll = h
                    .scroll
                    .saturating_add_signed(d)
                    .min(total.saturating_sub(1));
            }
        }
    }
}
