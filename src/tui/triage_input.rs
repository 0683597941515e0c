//! The two one-line triage inputs drawn over the inbox or the reader: the label prompt (fuzzy
//! completion over the labels in use) and the desk picker (fuzzy filter, tag-matched desks first,
//! action or info desk). The note editor is in [`super::note`].

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::keymap::Action;
use crate::triage::{Desk, Op};

use super::app::{App, Effect, Overlay};
use super::input::LineInput;
use super::triage::{act, targets};

/// The label prompt: labels separated by spaces or commas, `-label` removes.
#[derive(Debug, Clone, Default)]
pub struct LabelPrompt {
    pub input: LineInput,
    /// Every label in use, sorted (taken when the prompt opened).
    pub known: Vec<String>,
}

impl LabelPrompt {
    /// The word being typed (without a leading `-`).
    fn last_word(&self) -> &str {
        let t = self.input.text();
        let start = t.rfind([' ', ',']).map_or(0, |i| i + 1);
        t[start..].trim_start_matches('-')
    }

    /// Labels in use matching the word being typed, best first (all of them for an empty word).
    pub fn candidates(&self) -> Vec<&str> {
        let word = self.last_word();
        if word.is_empty() {
            return self.known.iter().map(String::as_str).collect();
        }
        let m = SkimMatcherV2::default();
        let mut scored: Vec<(i64, &str)> = self
            .known
            .iter()
            .filter_map(|l| m.fuzzy_match(l, word).map(|s| (s, l.as_str())))
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        scored.into_iter().map(|(_, l)| l).collect()
    }

    /// Replace the word being typed by the best candidate.
    pub fn complete(&mut self) -> bool {
        let Some(best) = self.candidates().first().map(|s| s.to_string()) else {
            return false;
        };
        let t = self.input.text();
        let start = t.rfind([' ', ',']).map_or(0, |i| i + 1);
        let dash = if t[start..].starts_with('-') { "-" } else { "" };
        self.input = LineInput::new(&format!("{}{dash}{best} ", &t[..start]));
        true
    }
}

/// Labels to add and to remove, from the prompt text.
pub fn parse_labels(text: &str) -> (Vec<String>, Vec<String>) {
    let (mut add, mut remove) = (Vec::new(), Vec::new());
    for w in text.split([' ', ',']).filter(|w| !w.is_empty()) {
        match w.strip_prefix('-') {
            Some(l) if !l.is_empty() => remove.push(l.to_string()),
            Some(_) => {}
            None => add.push(w.to_string()),
        }
    }
    (add, remove)
}

/// The desk picker.
#[derive(Debug, Clone, Default)]
pub struct DeskPicker {
    pub query: LineInput,
    /// Enter adds an info desk instead of setting the action desk.
    pub info: bool,
    pub selected: usize,
    /// The TAGS of the cables being routed.
    pub tags: Vec<String>,
}

/// One row of the picker: a desk and whether its tags match the cable's.
pub struct DeskRow<'a> {
    pub desk: &'a Desk,
    pub suggested: bool,
}

impl DeskPicker {
    /// The desks matching the query: suggested ones first, then by match quality.
    pub fn rows<'a>(&self, app: &'a App) -> Vec<DeskRow<'a>> {
        let desks = &app.session.desks;
        let suggested = desks.suggested(&self.tags);
        let m = SkimMatcherV2::default();
        let q = self.query.text().trim();
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
}

pub fn open_label(app: &mut App) {
    if let Some(why) = &app.session.refusal {
        app.error(why.clone());
        return;
    }
    let known = app
        .triage_state()
        .labels_in_use()
        .into_iter()
        .map(str::to_string)
        .collect();
    app.overlay = Some(Overlay::Label(LabelPrompt {
        input: LineInput::default(),
        known,
    }));
}

pub fn open_route(app: &mut App) {
    if let Some(why) = &app.session.refusal {
        app.error(why.clone());
        return;
    }
    let mut tags: Vec<String> = Vec::new();
    for r in targets(app) {
        for t in app.record(r).map(|r| r.tags.to_vec()).unwrap_or_default() {
            if !tags.iter().any(|x| x == &*t) {
                tags.push(t.to_string());
            }
        }
    }
    if let Some(e) = &app.session.desks_error {
        app.error(e.clone());
    } else if app.session.desks.is_empty() {
        app.info("no desks: add [[desk]] tables to desks.toml in the traffic directory");
    }
    app.overlay = Some(Overlay::Desk(DeskPicker {
        tags,
        ..Default::default()
    }));
}

/// A character typed into the label prompt or the picker's filter.
pub fn type_char(app: &mut App, c: char) {
    match &mut app.overlay {
        Some(Overlay::Label(p)) => p.input.insert(c),
        Some(Overlay::Desk(p)) => {
            p.query.insert(c);
            p.selected = 0;
        }
        _ => {}
    }
}

/// An action while the label prompt or the desk picker is open.
pub fn action(app: &mut App, action: Action) -> Option<Effect> {
    match app.overlay.take() {
        Some(Overlay::Label(mut p)) => {
            if p.input.edit(action) {
                app.overlay = Some(Overlay::Label(p));
                return None;
            }
            match action {
                Action::Complete => {
                    if !p.complete() {
                        app.info("no label in use matches");
                    }
                    app.overlay = Some(Overlay::Label(p));
                }
                Action::Accept => return accept_labels(app, p.input.text()),
                Action::Cancel => {}
                _ => app.overlay = Some(Overlay::Label(p)),
            }
            None
        }
        Some(Overlay::Desk(mut p)) => {
            if p.query.edit(action) {
                p.selected = 0;
                app.overlay = Some(Overlay::Desk(p));
                return None;
            }
            let n = p.rows(app).len();
            match action {
                Action::Complete => p.info = !p.info,
                Action::MoveDown => p.selected = (p.selected + 1).min(n.saturating_sub(1)),
                Action::MoveUp => p.selected = p.selected.saturating_sub(1),
                Action::Cancel => return None,
                Action::Accept => return accept_desk(app, p),
                _ => {}
            }
            app.overlay = Some(Overlay::Desk(p));
            None
        }
        other => {
            app.overlay = other;
            None
        }
    }
}

fn accept_labels(app: &mut App, text: &str) -> Option<Effect> {
    let (add, remove) = parse_labels(text);
    if add.is_empty() && remove.is_empty() {
        app.info("no label given");
        return None;
    }
    let records = targets(app);
    if records.is_empty() {
        app.info("no cable selected");
        return None;
    }
    let who = super::triage::target_words(app, &records);
    // Adding and removing are two events (two undo steps); the second is not tried when the
    // first was refused.
    let mut said = Vec::new();
    let mut effect = None;
    for (op, words) in [
        (
            Op::AddLabels {
                labels: add.clone(),
            },
            format!("labelled {who}: {}", add.join(", ")),
        ),
        (
            Op::RemoveLabels {
                labels: remove.clone(),
            },
            format!("removed from {who}: {}", remove.join(", ")),
        ),
    ] {
        let empty = matches!(&op, Op::AddLabels { labels } | Op::RemoveLabels { labels } if labels.is_empty());
        if empty {
            continue;
        }
        match super::triage::record(app, op, &records) {
            Ok((_, e)) => {
                effect = e.or(effect);
                said.push(words);
            }
            Err(e) => {
                said.push(e);
                app.error(said.join("; "));
                return effect;
            }
        }
    }
    app.info(said.join("; "));
    effect
}

fn accept_desk(app: &mut App, p: DeskPicker) -> Option<Effect> {
    let chosen = p.rows(app).get(p.selected).map(|r| r.desk.code.clone());
    let code = match chosen {
        Some(c) => c,
        None => match app.session.desks.resolve(p.query.text().trim()) {
            Ok(d) => d.code.clone(),
            Err(e) => {
                app.error(e.to_string());
                app.overlay = Some(Overlay::Desk(p));
                return None;
            }
        },
    };
    if p.info {
        act(app, Op::AddInfoDesk { desk: code.clone() }, |t| {
            format!("added info desk {code} to {t}")
        })
    } else {
        act(app, Op::RouteAction { desk: code.clone() }, |t| {
            format!("routed {t} to {code}")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_split_on_spaces_and_commas_and_dash_removes() {
        let (add, remove) = parse_labels("urgent, follow-up  -old -");
        assert_eq!(add, ["urgent", "follow-up"]);
        assert_eq!(remove, ["old"]);
    }

    #[test]
    fn completion_replaces_the_last_word_keeping_a_dash() {
        let mut p = LabelPrompt {
            input: LineInput::new("urgent -fol"),
            known: vec!["follow-up".into(), "urgent".into()],
        };
        assert!(p.complete());
        assert_eq!(p.input.text(), "urgent -follow-up ");
    }
}
