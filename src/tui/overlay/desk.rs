//! The desk picker: a fuzzy filter over the desks (desks whose TAGS match the cables' first),
//! Enter routes to the selected desk as the action desk, or with Tab toggled as an info desk.
//! A query starting with `-` un-routes: `-` alone clears the action desk, `-CODE` takes that
//! desk off (as info desk, or as action desk where it is that).

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::keymap::Action;
use crate::triage::{Desk, Desks};
use crate::tui::input::LineInput;

use super::{Input, Outcome};

/// The desk picker.
#[derive(Debug, Clone, Default)]
pub struct DeskPicker {
    pub query: LineInput,
    /// Enter adds an info desk instead of setting the action desk.
    pub info: bool,
    pub selected: usize,
    /// The TAGS of the cables being routed.
    pub tags: Vec<String>,
    /// How many cables the route will change (taken when the picker opened).
    pub targets: usize,
}

/// One row of the picker: a desk and whether its tags match the cable's.
pub struct DeskRow<'a> {
    pub desk: &'a Desk,
    pub suggested: bool,
}

impl DeskPicker {
    /// The desks matching the query: suggested ones first, then by match quality.
    pub fn rows<'a>(&self, desks: &'a Desks) -> Vec<DeskRow<'a>> {
        let suggested = desks.suggested(&self.tags);
        let m = SkimMatcherV2::default();
        let q = self.query.text().trim().trim_start_matches('-').trim();
        let mut rows: Vec<(bool, i64, usize, &Desk)> = desks
            .suggest(&self.tags)
            .into_iter()
            .enumerate()
            .filter_map(|(i, d)| {
                let sug = suggested.iter().any(|s| s.code == d.code);
                // Codes match fuzzily (`eurus` finds EUR/RUS); names by a plain substring, so
                // that a few letters do not match every long name.
                let in_name = || {
                    d.name
                        .to_lowercase()
                        .contains(&q.to_lowercase())
                        .then_some(0)
                };
                let score = if q.is_empty() {
                    Some(0)
                } else {
                    m.fuzzy_match(&d.code, q).or_else(in_name)
                };
                score.map(|s| (sug, s, i, d))
            })
            .collect();
        rows.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        rows.into_iter()
            .map(|(suggested, _, _, desk)| DeskRow { desk, suggested })
            .collect()
    }

    pub fn handle(&mut self, input: Input, desks: &Desks) -> Outcome {
        let action = match input {
            Input::Char(c) => {
                self.query.insert(c);
                self.selected = 0;
                return Outcome::Stay;
            }
            Input::Action(a) => a,
            Input::Key(_) => return Outcome::Stay,
        };
        if self.query.edit(action) {
            self.selected = 0;
            return Outcome::Stay;
        }
        let n = self.rows(desks).len();
        match action {
            Action::Complete => self.info = !self.info,
            Action::MoveDown => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Action::MoveUp => self.selected = self.selected.saturating_sub(1),
            Action::Cancel => return Outcome::Close,
            Action::Accept => return self.accept(desks),
            _ => {}
        }
        Outcome::Stay
    }

    fn accept(&self, desks: &Desks) -> Outcome {
        if let Some(rest) = self.query.text().trim().strip_prefix('-') {
            if rest.trim().is_empty() {
                return Outcome::Unroute { desk: None };
            }
            let chosen = self
                .rows(desks)
                .get(self.selected)
                .map(|r| r.desk.code.clone());
            let desk = chosen.unwrap_or_else(|| rest.trim().to_uppercase());
            return Outcome::Unroute { desk: Some(desk) };
        }
        let chosen = self
            .rows(desks)
            .get(self.selected)
            .map(|r| r.desk.code.clone());
        let desk = match chosen {
            Some(c) => c,
            None => match desks.resolve(self.query.text().trim()) {
                Ok(d) => d.code.clone(),
                Err(e) => return Outcome::Error(e.to_string()),
            },
        };
        Outcome::Route {
            desk,
            info: self.info,
        }
    }
}
