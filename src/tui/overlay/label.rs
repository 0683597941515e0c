//! The label prompt: labels separated by spaces or commas, `-label` removes, Tab completes the
//! word being typed from the labels in use (fuzzily).

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::keymap::Action;
use crate::tui::input::LineInput;

use super::{Input, Outcome};

/// The label prompt.
#[derive(Debug, Clone, Default)]
pub struct LabelPrompt {
    pub input: LineInput,
    /// Every label in use, sorted (taken when the prompt opened).
    pub known: Vec<String>,
    /// How many cables the labels will change (taken when the prompt opened).
    pub targets: usize,
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

    pub fn handle(&mut self, input: Input) -> Outcome {
        let action = match input {
            Input::Char(c) => {
                self.input.insert(c);
                return Outcome::Stay;
            }
            Input::Action(a) => a,
            Input::Key(_) => return Outcome::Stay,
        };
        if self.input.edit(action) {
            return Outcome::Stay;
        }
        match action {
            Action::Complete if self.complete() => Outcome::Stay,
            Action::Complete => Outcome::Info("no label in use matches".into()),
            Action::Accept => {
                let (add, remove) = parse_labels(self.input.text());
                if add.is_empty() && remove.is_empty() {
                    Outcome::CloseSaying("no label given".into())
                } else {
                    Outcome::Labels { add, remove }
                }
            }
            Action::Cancel => Outcome::Close,
            _ => Outcome::Stay,
        }
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
            targets: 1,
        };
        assert!(p.complete());
        assert_eq!(p.input.text(), "urgent -follow-up ");
    }
}
