//! Following references from the reading view: the list of cables this one cites (its REF
//! list) and the cables that cite it, a selection in that list, and a back stack so Esc returns
//! to the citing cable. Every cable in it is named by [`CableKey`], so a cable that leaves the
//! traffic meanwhile is said to be gone, never replaced by whichever cable took its place. The
//! list is made when it gets focus (finding citing cables is a pass over the traffic) and again
//! when the traffic changes, never while drawing.

use crate::keymap::Action;
use crate::traffic::Traffic;

use super::cable_key::CableKey;

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
    /// The id shown (a citing cable without one shows `(no id)`).
    pub id: String,
    pub key: CableKey,
    /// The cable's subject when it was in the traffic as the list was made.
    pub subject: Option<String>,
}

/// The reference list's model.
#[derive(Debug, Clone, Default)]
pub struct Refs {
    /// The list has the keys (and is drawn).
    pub focused: bool,
    pub selected: usize,
    /// The links of `for_key`.
    pub links: Vec<Link>,
    pub for_key: Option<CableKey>,
    /// Cables left by following a reference, most recent last.
    pub back: Vec<CableKey>,
}

/// What the app is to do after the list took an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefsOutcome {
    Stay,
    Info(String),
    Error(String),
    /// Open this cable in the reading view.
    Open(CableKey),
}

/// The links of the cable `key` names: its REF ids in order, then the cables citing it.
fn links_of(traffic: &Traffic, key: &CableKey) -> Vec<Link> {
    let Some(rec) = key
        .find(traffic)
        .and_then(|i| traffic.records.get(i as usize))
    else {
        return Vec::new();
    };
    let mut out: Vec<Link> = rec
        .refs()
        .map(|id| {
            let found = traffic.find(id).and_then(|j| traffic.records.get(j));
            Link {
                direction: Direction::Cites,
                id: id.to_string(),
                key: found.map_or_else(|| CableKey::from_journal(id), CableKey::of),
                subject: found.map(|r| r.subject().to_string()),
            }
        })
        .collect();
    if let Some(id) = rec.id() {
        out.extend(traffic.referenced_by(id).into_iter().filter_map(|j| {
            let r = traffic.records.get(j)?;
            Some(Link {
                direction: Direction::CitedBy,
                id: r.id().unwrap_or("(no id)").to_string(),
                key: CableKey::of(r),
                subject: Some(r.subject().to_string()),
            })
        }));
    }
    out
}

impl Refs {
    /// Is the list shown with the keys? Only for the cable it was made for (`reading`):
    /// moving to another cable (`J`) leaves it.
    pub fn shown(&self, reading: Option<&CableKey>) -> bool {
        self.focused && reading.is_some() && self.for_key.as_ref() == reading
    }

    /// Does the list (or the back stack) take `action` while `reading` is in the reader?
    pub fn takes(&self, reading: &CableKey, action: Action) -> bool {
        let shown = self.shown(Some(reading));
        match action {
            Action::References | Action::FollowReference => true,
            Action::MoveDown | Action::MoveUp | Action::Top | Action::Bottom => shown,
            Action::Back | Action::Close => shown || !self.back.is_empty(),
            _ => false,
        }
    }

    /// The traffic changed: make the list again from what is there now.
    pub fn relocate(&mut self, traffic: &Traffic) {
        if let Some(k) = &self.for_key {
            self.links = links_of(traffic, k);
            self.selected = self.selected.min(self.links.len().saturating_sub(1));
        }
    }

    /// Give the list the keys, building it for `reading`.
    fn focus(&mut self, traffic: &Traffic, reading: &CableKey) -> RefsOutcome {
        if self.for_key.as_ref() != Some(reading) {
            self.links = links_of(traffic, reading);
            self.for_key = Some(reading.clone());
            self.selected = 0;
        }
        if self.links.is_empty() {
            return RefsOutcome::Info(
                "this cable cites no cable, and no cable here cites it".into(),
            );
        }
        self.focused = true;
        RefsOutcome::Stay
    }

    /// Take an action (see [`Refs::takes`]) while `reading` is in the reader.
    pub fn handle(&mut self, action: Action, traffic: &Traffic, reading: &CableKey) -> RefsOutcome {
        self.focused = self.shown(Some(reading));
        let last = self.links.len().saturating_sub(1);
        match action {
            Action::References if self.focused => self.focused = false,
            Action::References => return self.focus(traffic, reading),
            Action::FollowReference if !self.focused => return self.focus(traffic, reading),
            Action::FollowReference => return self.follow(traffic, reading),
            Action::MoveDown => self.selected = (self.selected + 1).min(last),
            Action::MoveUp => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::Back | Action::Close if self.focused => self.focused = false,
            Action::Back | Action::Close => {
                let Some(to) = self.back.pop() else {
                    return RefsOutcome::Stay;
                };
                return self.open(traffic, to);
            }
            _ => {}
        }
        RefsOutcome::Stay
    }

    /// Open the selected link, remembering where we came from.
    fn follow(&mut self, traffic: &Traffic, reading: &CableKey) -> RefsOutcome {
        let Some(link) = self.links.get(self.selected).cloned() else {
            return RefsOutcome::Stay;
        };
        if link.key.find(traffic).is_none() {
            let why = if link.subject.is_some() {
                super::cable_key::GONE
            } else {
                "not in this traffic"
            };
            return RefsOutcome::Error(format!("{} is {why}", link.id));
        }
        self.back.push(reading.clone());
        self.open(traffic, link.key)
    }

    fn open(&mut self, traffic: &Traffic, to: CableKey) -> RefsOutcome {
        self.focused = false;
        if to.find(traffic).is_none() {
            return RefsOutcome::Error(format!("{to}: {}", super::cable_key::GONE));
        }
        RefsOutcome::Open(to)
    }

    /// The reader closed: forget the list and the way back.
    pub fn reader_closed(&mut self) {
        self.focused = false;
        self.back.clear();
        self.links.clear();
        self.for_key = None;
    }
}
