//! `update`: keys become actions through the keymap (chords included), and each action goes to
//! whoever owns it: the open overlay, the queue sidebar, the reference list, the reading view or
//! the inbox. Components return outcomes; this module turns them into changes of the app and
//! returns every [`Effect`] they ask for.

use crate::keymap::{Action, Context, Key, Lookup, format_seq};
use crate::traffic::SortKey;
use crate::triage::Op;

use super::app::{App, Effect, Effects, Screen};
use super::cable_key::{CableKey, GONE};
use super::inbox::is_movement;
use super::overlay::{Ctx, Help, Input, Messages, Outcome, Overlay, Prompt, PromptKind};
use super::queues::QueueOutcome;
use super::reader::{Pane, Reader};
use super::refs::RefsOutcome;
use super::{alert, editing, search, taskers, triage};

/// One key press from the terminal.
pub fn handle_key(app: &mut App, key: Key) -> Effects {
    if app.pending.is_empty() {
        app.message = None;
    }
    if app.overlay.as_ref().is_some_and(Overlay::takes_raw_keys) {
        return overlay_input(app, Input::Key(key));
    }
    let ctx = app.context();
    app.pending.push(key);
    match app.keymap.lookup(ctx, &app.pending) {
        Lookup::Matched(action) => {
            let keys = std::mem::take(&mut app.pending);
            match search::hit_key(app, action, &keys) {
                Some(action) => update(app, action),
                None => Vec::new(),
            }
        }
        Lookup::Pending => Vec::new(),
        Lookup::NotFound => {
            let keys = std::mem::take(&mut app.pending);
            let typed = key.typed_char().filter(|_| keys.len() == 1);
            match (app.overlay.is_some(), typed) {
                (true, Some(c)) => overlay_input(app, Input::Char(c)),
                _ => {
                    let help = app
                        .keymap
                        .key_for(Context::Global, Action::Help)
                        .unwrap_or_else(|| "help".into());
                    let keys = format_seq(&keys);
                    app.info(format!("{keys} is not bound here ({help} shows the keys)"));
                    Vec::new()
                }
            }
        }
    }
}

/// Apply one action.
pub fn update(app: &mut App, action: Action) -> Effects {
    if app.overlay.is_some() {
        return overlay_input(app, Input::Action(action));
    }
    if app.screen == Screen::Inbox && app.queues.takes(action, app.size.0) {
        let outcome = app.queues.handle(action, app.size.0);
        let effects = queue_outcome(app, outcome);
        if action == Action::ToggleQueues {
            super::ui::explain_hidden_sidebar(app);
        }
        return effects;
    }
    if let Some(reading) = app.reader.as_ref().map(|r| r.key.clone())
        && app.screen == Screen::Reader
        && app.refs.takes(&reading, action)
    {
        let outcome = app.refs.handle(action, &app.traffic, &reading);
        return refs_outcome(app, outcome);
    }
    global_action(app, action)
}

fn global_action(app: &mut App, action: Action) -> Effects {
    match action {
        Action::Quit => app.should_quit = true,
        Action::Back if app.reader_searching() => {
            if let Some(r) = app.reader.as_mut() {
                r.end_search();
            }
            app.info("search ended");
        }
        Action::Close | Action::Back if app.screen == Screen::Reader => close_reader(app),
        Action::Close => app.should_quit = true,
        Action::Back if !app.inbox.filter.is_empty() || app.inbox.filtering => {
            return clear_filter(app);
        }
        Action::Help => app.overlay = Some(Overlay::Help(Help::default())),
        Action::Filter => {
            app.inbox.set_anchor(&app.traffic);
            let prompt = Prompt::new(PromptKind::Filter, &app.inbox.filter);
            app.overlay = Some(Overlay::Prompt(prompt));
        }
        Action::CommandLine => {
            app.overlay = Some(Overlay::Prompt(Prompt::new(PromptKind::Command, "")));
        }
        Action::CycleSort | Action::ReverseSort => {
            if action == Action::CycleSort {
                app.inbox.sort = app.inbox.sort.next();
            } else {
                app.inbox.reverse = !app.inbox.reverse;
            }
            app.info(format!("sorted by {}", app.inbox.sort_name()));
            return app.resort();
        }
        Action::Suspend => return vec![Effect::Suspend],
        Action::Redraw => return vec![Effect::Redraw],
        Action::Open if app.screen == Screen::Inbox => return open_selected(app),
        Action::NextCable | Action::PrevCable if app.screen == Screen::Reader => {
            return next_cable(app, action == Action::NextCable);
        }
        Action::SwitchPane => {
            if let Some(r) = &mut app.reader {
                r.switch_pane();
            }
        }
        _ => return triage_action(app, action),
    }
    Vec::new()
}

fn triage_action(app: &mut App, action: Action) -> Effects {
    match action {
        Action::Label => editing::open_label(app),
        Action::Route => editing::open_route(app),
        Action::Note => editing::open_note(app),
        Action::ToggleRead => {
            return triage::toggle(app, |c| c.read, Op::MarkRead, Op::MarkUnread);
        }
        Action::ToggleFlag => return triage::toggle(app, |c| c.flagged, Op::Flag, Op::Unflag),
        Action::ToggleDone => return triage::toggle(app, |c| c.done, Op::Done, Op::NotDone),
        Action::Acknowledge => return alert::acknowledge(app),
        Action::GotoAlert => return alert::goto(app),
        Action::Messages => app.overlay = Some(Overlay::Messages(Messages::default())),
        Action::SearchText => search::open_prompt(app),
        Action::NextHit | Action::PrevHit => search::step(app, action == Action::NextHit),
        Action::Assign => taskers::open_assign(app),
        Action::CycleTask => return taskers::cycle_task(app),
        Action::Handover => taskers::open_handover(app),
        Action::Undo => return triage::history(app, false),
        Action::Redo => return triage::history(app, true),
        Action::ToggleMark | Action::MarkRange | Action::MarkAll | Action::ClearMarks => {
            let advance = app.screen == Screen::Inbox;
            let said = app.inbox.mark(action, &app.traffic, advance);
            app.info(said);
        }
        a if is_movement(a) => match (app.screen, app.reader.as_mut()) {
            (Screen::Reader, Some(r)) => r.scroll(a),
            _ => app.inbox.movement(a),
        },
        _ => {}
    }
    Vec::new()
}

/// Hand a key to the open overlay and carry out what it returns.
fn overlay_input(app: &mut App, input: Input) -> Effects {
    let ctx = Ctx {
        keymap: &app.keymap,
        desks: &app.session.desks,
        screen_rows: usize::from(app.size.1),
        screen_cols: usize::from(app.size.0),
        messages: &app.messages,
    };
    let Some(overlay) = app.overlay.as_mut() else {
        return Vec::new();
    };
    let outcome = overlay.handle(input, &ctx);
    overlay_outcome(app, outcome)
}

fn overlay_outcome(app: &mut App, outcome: Outcome) -> Effects {
    let close = |app: &mut App| app.overlay = None;
    match outcome {
        Outcome::Stay => {}
        Outcome::Info(m) => app.info(m),
        Outcome::Error(e) => app.error(e),
        Outcome::Close => close(app),
        Outcome::CloseSaying(m) => {
            close(app);
            app.info(m);
        }
        Outcome::FilterTyped(text) => return filter_typed(app, &text),
        Outcome::FilterKept => {
            close(app);
            if !app.inbox.rows.is_empty() && !app.inbox.filtering {
                app.inbox.clear_anchor();
            }
        }
        Outcome::FilterRejected { error, previous } => {
            close(app);
            let effects = app.apply_filter(&previous).unwrap_or_default();
            app.inbox.clear_anchor();
            let kept = if previous.is_empty() {
                "no filter".to_string()
            } else {
                format!("the filter stays `{previous}`")
            };
            app.error(format!("filter not applied: {error}; {kept}"));
            return effects;
        }
        Outcome::FilterCancelled => {
            close(app);
            return clear_filter(app);
        }
        Outcome::Command(text) => {
            close(app);
            return run_command(app, &text);
        }
        Outcome::Labels { add, remove } => {
            close(app);
            return editing::apply_labels(app, add, remove);
        }
        Outcome::Route { desk, info } => {
            close(app);
            return editing::apply_route(app, desk, info);
        }
        Outcome::Unroute { desk } => {
            close(app);
            return editing::unroute(app, desk);
        }
        Outcome::SaveNote { keys, text } => return editing::save_note(app, keys, text),
        Outcome::DiscardNote { keys, say } => {
            editing::discard_draft(app, &keys);
            close(app);
            app.info(say);
        }
        Outcome::SearchTyped(text) => search::typed(app, &text),
        Outcome::SearchKept => {
            close(app);
            search::kept(app);
        }
        Outcome::SearchCancelled => {
            close(app);
            search::cancelled(app);
        }
        Outcome::ExternalEdit => return editing::external_edit(app),
        Outcome::Assign { assignee, suspense } => {
            return taskers::apply_assign(app, assignee, suspense);
        }
        Outcome::HandoverAck { key } => return taskers::ack_item(app, key),
    }
    Vec::new()
}

/// The filter prompt's text changed: filter live as it is typed.
fn filter_typed(app: &mut App, text: &str) -> Effects {
    let (effects, error) = match app.apply_filter(text) {
        Ok(effects) => (effects, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    if let Some(Overlay::Prompt(p)) = &mut app.overlay {
        p.error = error;
    }
    effects
}

/// Drop the filter: every cable again, the anchored one selected.
fn clear_filter(app: &mut App) -> Effects {
    let effects = app.apply_filter("").unwrap_or_else(|e| {
        app.error(e);
        Vec::new()
    });
    app.inbox.clear_anchor();
    effects
}

fn queue_outcome(app: &mut App, outcome: QueueOutcome) -> Effects {
    match outcome {
        QueueOutcome::Stay => Vec::new(),
        QueueOutcome::Info(m) => {
            app.info(m);
            Vec::new()
        }
        QueueOutcome::ClearFilter => clear_filter(app),
        QueueOutcome::Filter(queue) => {
            app.inbox.clear_anchor();
            match app.apply_filter(&queue.query) {
                Ok(effects) => {
                    app.info(format!("queue {}: {}", queue.name, queue.query));
                    effects
                }
                Err(e) => {
                    app.error(format!("queue {}: {e}", queue.name));
                    Vec::new()
                }
            }
        }
    }
}

fn refs_outcome(app: &mut App, outcome: RefsOutcome) -> Effects {
    match outcome {
        RefsOutcome::Stay => Vec::new(),
        RefsOutcome::Info(m) => {
            app.info(m);
            Vec::new()
        }
        RefsOutcome::Error(e) => {
            app.error(e);
            Vec::new()
        }
        RefsOutcome::Open(key) => open_key(app, &key),
    }
}

fn open_selected(app: &mut App) -> Effects {
    match app.selected_record() {
        Some(record) => open_record(app, record),
        None => Vec::new(),
    }
}

/// `J`/`K` in the reader: open the next or previous row's cable.
fn next_cable(app: &mut App, next: bool) -> Effects {
    let before = app.inbox.selected;
    app.inbox.move_by(if next { 1 } else { -1 });
    if app.inbox.selected == before {
        app.info(if next { "last cable" } else { "first cable" });
        return Vec::new();
    }
    open_selected(app)
}

/// Open the cable `key` names, or say it is gone.
pub fn open_key(app: &mut App, key: &CableKey) -> Effects {
    match key.find(&app.traffic) {
        Some(record) => open_record(app, record),
        None => {
            app.error(format!("{key}: {GONE}"));
            Vec::new()
        }
    }
}

/// Open record `record` in the reading view (selecting it when the inbox shows it).
pub fn open_record(app: &mut App, record: u32) -> Effects {
    let Some(r) = app.record(record) else {
        return Vec::new();
    };
    let focus = app.reader.as_ref().map_or(Pane::Body, |r| r.focus);
    let reader = Reader::new(record, r, focus);
    let key = reader.key.clone();
    app.inbox.select_record(record);
    app.screen = Screen::Reader;
    app.reader = Some(reader);
    let mut effects = triage::mark_read_on_open(app, &key);
    effects.push(Effect::ReadCable(key));
    effects
}

fn close_reader(app: &mut App) {
    app.refs.reader_closed();
    app.screen = Screen::Inbox;
    app.reader = None;
    app.inbox.scroll_to_selection();
}

/// The command line: `q`, `sort KEY`, a row number, `help`, or an action's name.
fn run_command(app: &mut App, text: &str) -> Effects {
    let mut words = text.split_whitespace();
    match (words.next(), words.next()) {
        (None, _) => {}
        (Some("q" | "quit"), None) => app.should_quit = true,
        (Some("help" | "h"), None) => app.overlay = Some(Overlay::Help(Help::default())),
        (Some("sort"), Some(word)) => match SortKey::CYCLE
            .iter()
            .find(|k| k.name() == word.trim_start_matches('-'))
        {
            Some(k) => {
                app.inbox.sort = *k;
                app.inbox.reverse = word.starts_with('-');
                return app.resort();
            }
            None => {
                let names: Vec<&str> = SortKey::CYCLE.iter().map(|k| k.name()).collect();
                app.error(format!(
                    "unknown sort `{word}` (one of {}; `-` reverses)",
                    names.join(", ")
                ));
            }
        },
        (Some("task"), Some(word)) if words.next().is_none() => {
            return taskers::task_command(app, word);
        }
        (Some(n), None) if n.parse::<usize>().is_ok() => {
            let row = n.parse::<usize>().unwrap_or(1).max(1) - 1;
            app.inbox.select_row(row);
        }
        _ => match super::overlay::prompt::named_action(text) {
            Some(a) => return update(app, a),
            None => app.error(format!(
                "unknown command `{}` (q, sort KEY, N, help, or an action name: Tab completes)",
                text.trim()
            )),
        },
    }
    Vec::new()
}
