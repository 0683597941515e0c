//! Marking cables for a bulk action, as part of the [`Inbox`]: one at a time, a range from an
//! anchor to the selection, everything the filter shows, or none. Marks are [`CableKey`]s, so
//! they survive filtering, sorting, arrivals and removals; triage actions apply to the marked
//! cables the rows show.

use crate::keymap::Action;
use crate::traffic::{Record, Traffic};

use super::cable_key::{self, CableKey};
use super::inbox::Inbox;

impl Inbox {
    /// Is `record` marked?
    pub fn is_marked(&self, record: &Record) -> bool {
        cable_key::contains(&self.marked, record)
    }

    /// The marked cables the rows show, in row order, and how many marked ones they hide.
    pub fn marked_in_view(&self, traffic: &Traffic) -> (Vec<CableKey>, usize) {
        let mut shown: Vec<CableKey> = Vec::new();
        for &i in &self.rows {
            if let Some(r) = traffic.records.get(i as usize)
                && self.is_marked(r)
            {
                let k = CableKey::of(r);
                if !shown.contains(&k) {
                    shown.push(k);
                }
            }
        }
        let hidden = self.marked.len().saturating_sub(shown.len());
        (shown, hidden)
    }

    /// A marking action: one (moving down when `advance`), a range from an anchor to the
    /// selection, everything the rows show, or none. Returns what to say.
    pub fn mark(&mut self, action: Action, traffic: &Traffic, advance: bool) -> String {
        let key_at = |row: usize| {
            let r = traffic.records.get(*self.rows.get(row)? as usize)?;
            Some(CableKey::of(r))
        };
        let Some(here) = key_at(self.selected) else {
            return "no cable selected".into();
        };
        match action {
            Action::ToggleMark => {
                if !self.marked.remove(&here) {
                    self.marked.insert(here);
                }
                if advance {
                    self.move_by(1);
                }
            }
            Action::MarkRange => match self.range_anchor.take() {
                None => {
                    self.range_anchor = Some(here);
                    return "range mark starts here: move, then press it again".into();
                }
                Some(anchor) => {
                    let from = self
                        .rows
                        .iter()
                        .position(|&r| {
                            traffic
                                .records
                                .get(r as usize)
                                .is_some_and(|r| anchor.names(r))
                        })
                        .unwrap_or(self.selected);
                    let (a, b) = (from.min(self.selected), from.max(self.selected));
                    let keys: Vec<CableKey> = (a..=b).filter_map(key_at).collect();
                    self.marked.extend(keys);
                }
            },
            Action::MarkAll => {
                let keys: Vec<CableKey> = (0..self.rows.len()).filter_map(key_at).collect();
                self.marked.extend(keys);
            }
            _ => {
                self.marked.clear();
                self.range_anchor = None;
            }
        }
        let n = self.marked.len();
        format!("{n} cable{} marked", super::app::plural(n))
    }
}
