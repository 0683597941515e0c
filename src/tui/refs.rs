//! Following references from the reading view: the list of cables this one cites (its REF
//! list) and the cables that cite it, a selection in that list, and a back stack so Esc returns
//! to the citing cable. The list is made when it gets focus (finding ids is a pass over the
//! traffic), never while drawing.

use crate::keymap::Action;

use super::app::{App, Effect, Screen};

/// Which way a link points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// This cable cites it (a REF line).
    Cites,
    /// It cites this cable.
    CitedBy,
}

/// One entry of the reference list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub direction: Direction,
    pub id: String,
    /// The record, when the cable is in this traffic.
    pub record: Option<u32>,
}

/// The reference list's model.
#[derive(Debug, Clone, Default)]
pub struct Refs {
    /// The list has the keys (and is drawn).
    pub focused: bool,
    pub selected: usize,
    /// The links of `for_record`.
    pub links: Vec<Link>,
    pub for_record: Option<u32>,
    /// Cables left by following a reference, most recent last.
    pub back: Vec<u32>,
}

/// The links of record `i`: its REF ids in order, then the cables citing it.
pub fn links_of(app: &App, i: u32) -> Vec<Link> {
    let Some(rec) = app.record(i) else {
        return Vec::new();
    };
    let t = &app.traffic;
    let mut out: Vec<Link> = rec
        .refs()
        .map(|id| Link {
            direction: Direction::Cites,
            id: id.to_string(),
            record: t.find(id).and_then(|j| u32::try_from(j).ok()),
        })
        .collect();
    if let Some(id) = rec.id() {
        out.extend(t.referenced_by(id).into_iter().filter_map(|j| {
            let r = t.records.get(j)?;
            Some(Link {
                direction: Direction::CitedBy,
                id: r.id().unwrap_or("(no id)").to_string(),
                record: u32::try_from(j).ok(),
            })
        }));
    }
    out
}

/// Is the list shown with the keys? Only for the cable it was made for: moving to another
/// cable (`J`) leaves it.
pub fn shown(app: &App) -> bool {
    app.refs.focused
        && app.screen == Screen::Reader
        && app.reader.as_ref().map(|r| r.record) == app.refs.for_record
}

/// Does the reference list (or the back stack) take `action` now?
pub fn takes(app: &App, action: Action) -> bool {
    if app.screen != Screen::Reader || app.overlay.is_some() {
        return false;
    }
    match action {
        Action::References | Action::FollowReference => true,
        Action::MoveDown | Action::MoveUp | Action::Top | Action::Bottom => shown(app),
        Action::Back | Action::Close => shown(app) || !app.refs.back.is_empty(),
        _ => false,
    }
}

/// Give the list the keys, building it for the cable in the reader.
fn focus(app: &mut App) {
    let Some(record) = app.reader.as_ref().map(|r| r.record) else {
        return;
    };
    if app.refs.for_record != Some(record) {
        app.refs.links = links_of(app, record);
        app.refs.for_record = Some(record);
        app.refs.selected = 0;
    }
    if app.refs.links.is_empty() {
        app.info("this cable cites no cable, and no cable here cites it");
        return;
    }
    app.refs.focused = true;
}

/// Apply an action the list takes (see [`takes`]).
pub fn action(app: &mut App, action: Action) -> Option<Effect> {
    app.refs.focused = shown(app);
    let last = app.refs.links.len().saturating_sub(1);
    let r = &mut app.refs;
    match action {
        Action::References if r.focused => r.focused = false,
        Action::References => focus(app),
        Action::FollowReference if !r.focused => focus(app),
        Action::FollowReference => return follow(app),
        Action::MoveDown => r.selected = (r.selected + 1).min(last),
        Action::MoveUp => r.selected = r.selected.saturating_sub(1),
        Action::Top => r.selected = 0,
        Action::Bottom => r.selected = last,
        Action::Back | Action::Close if r.focused => r.focused = false,
        Action::Back | Action::Close => {
            let to = r.back.pop()?;
            return open(app, to);
        }
        _ => {}
    }
    None
}

/// Open the selected link, remembering where we came from.
fn follow(app: &mut App) -> Option<Effect> {
    let link = app.refs.links.get(app.refs.selected)?.clone();
    let Some(to) = link.record else {
        app.error(format!("{} is not in this traffic", link.id));
        return None;
    };
    if let Some(from) = app.reader.as_ref().map(|r| r.record) {
        app.refs.back.push(from);
    }
    open(app, to)
}

fn open(app: &mut App, record: u32) -> Option<Effect> {
    app.refs.focused = false;
    super::update::open_record(app, record)
}

/// The reader closed: forget the way back.
pub fn reader_closed(app: &mut App) {
    app.refs.focused = false;
    app.refs.back.clear();
}
