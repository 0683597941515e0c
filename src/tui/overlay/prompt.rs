//! The one-line prompts: the filter (applied as it is typed) and the `:` command line, whose
//! Tab completes command and action names — those starting with what was typed first, then
//! those containing its letters in order — cycling on each press.

use crate::keymap::Action;
use crate::traffic::SortKey;
use crate::traffic::query::MAX_QUERY_CHARS;

use super::{Input, Outcome};
use crate::tui::input::LineInput;

/// What a one-line prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Filter,
    Command,
    /// Search the open cable's text.
    Search,
}

/// A one-line prompt.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: LineInput,
    /// The query error of the text as typed, shown under the prompt.
    pub error: Option<String>,
    /// The text the prompt opened with: the filter in force, which a rejected one leaves.
    pub original: String,
    completion: Completion,
}

/// Where Tab is in its cycle through the matches.
#[derive(Debug, Clone, Default)]
struct Completion {
    /// What was typed before the first Tab.
    stem: String,
    /// The text the last Tab put in the prompt (a different text starts a new cycle).
    last: Option<String>,
    next: usize,
}

/// The command words that are not action names.
pub const BUILT_IN: [&str; 4] = ["q", "sort", "help", "task"];

impl Prompt {
    pub fn new(kind: PromptKind, text: &str) -> Prompt {
        Prompt {
            kind,
            input: LineInput::new(text),
            error: None,
            original: text.to_string(),
            completion: Completion::default(),
        }
    }

    pub fn handle(&mut self, input: Input) -> Outcome {
        match input {
            Input::Char(c) => self.type_char(c),
            Input::Action(a) => self.action(a),
            Input::Key(_) => Outcome::Stay,
        }
    }

    fn type_char(&mut self, c: char) -> Outcome {
        // The filter prompt stops at the query language's limit, whatever is typed or pasted
        // after it: the text is never longer than a query can be.
        if self.kind == PromptKind::Filter && self.input.text().chars().count() >= MAX_QUERY_CHARS {
            self.error = Some(format!(
                "filter too long: at most {MAX_QUERY_CHARS} characters"
            ));
            return Outcome::Stay;
        }
        self.input.insert(c);
        self.changed()
    }

    fn changed(&self) -> Outcome {
        match self.kind {
            PromptKind::Filter => Outcome::FilterTyped(self.input.text().to_string()),
            PromptKind::Command => Outcome::Stay,
            PromptKind::Search => Outcome::SearchTyped(self.input.text().to_string()),
        }
    }

    fn action(&mut self, action: Action) -> Outcome {
        if self.input.edit(action) {
            return self.changed();
        }
        match (action, self.kind) {
            (Action::Complete, PromptKind::Command) => self.complete(),
            (Action::Accept, PromptKind::Filter) => match &self.error {
                Some(e) => Outcome::FilterRejected {
                    error: e.clone(),
                    previous: self.original.clone(),
                },
                None => Outcome::FilterKept,
            },
            (Action::Accept, PromptKind::Command) => {
                Outcome::Command(self.input.text().to_string())
            }
            (Action::Accept, PromptKind::Search) => Outcome::SearchKept,
            (Action::Cancel, PromptKind::Search) => Outcome::SearchCancelled,
            (Action::Cancel, PromptKind::Filter) => Outcome::FilterCancelled,
            (Action::Cancel, PromptKind::Command) => Outcome::Close,
            _ => Outcome::Stay,
        }
    }

    /// Tab on the command line: put the next match in the prompt and list the matches.
    fn complete(&mut self) -> Outcome {
        let text = self.input.text().to_string();
        let c = &mut self.completion;
        if c.last.as_deref() != Some(text.as_str()) {
            c.stem = text;
            c.next = 0;
        }
        let found = candidates(&c.stem);
        let Some(pick) = found.get(c.next % found.len().max(1)).cloned() else {
            return Outcome::Error(format!("no command matches `{}`", c.stem));
        };
        c.next += 1;
        c.last = Some(pick.clone());
        self.input = LineInput::new(&pick);
        if found.len() < 2 {
            return Outcome::Stay;
        }
        let shown: Vec<&str> = found.iter().take(8).map(String::as_str).collect();
        let more = found.len().saturating_sub(8);
        let tail = if more > 0 {
            format!(" +{more}")
        } else {
            String::new()
        };
        Outcome::Info(format!(
            "{} matches: {}{tail}",
            found.len(),
            shown.join(" ")
        ))
    }
}

/// Is `needle` a subsequence of `hay` (letters in order)?
fn in_order(hay: &str, needle: &str) -> bool {
    let mut h = hay.chars();
    needle.chars().all(|c| h.any(|x| x == c))
}

/// Names matching `stem`: prefix matches first (in declaration order), then fuzzy ones.
pub fn candidates(stem: &str) -> Vec<String> {
    let stem = stem.trim().to_lowercase();
    if let Some(key) = stem.strip_prefix("sort ") {
        return SortKey::CYCLE
            .iter()
            .filter(|k| k.name().starts_with(key.trim()))
            .map(|k| format!("sort {}", k.name()))
            .collect();
    }
    let names = || {
        BUILT_IN
            .iter()
            .copied()
            .chain(Action::ALL.iter().map(|a| a.name()))
    };
    let mut out: Vec<String> = names()
        .filter(|n| n.starts_with(&stem))
        .map(String::from)
        .collect();
    for n in names().filter(|n| !n.starts_with(&stem) && in_order(n, &stem)) {
        out.push(n.to_string());
    }
    out.dedup();
    out
}

/// The action a command names: exactly, or by a prefix that names exactly one action.
pub fn named_action(word: &str) -> Option<Action> {
    let word = word.trim();
    Action::from_name(word).or_else(|| {
        let mut prefixed = Action::ALL.iter().filter(|a| a.name().starts_with(word));
        match (prefixed.next(), prefixed.next()) {
            (Some(a), None) if !word.is_empty() => Some(*a),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_matches_come_before_fuzzy_ones() {
        let c = candidates("tog");
        assert!(c.starts_with(&["toggle_read".to_string()]), "{c:?}");
        assert!(c.iter().all(|n| n.starts_with("tog") || in_order(n, "tog")));
        let fuzzy = candidates("tgflg");
        assert_eq!(fuzzy, vec!["toggle_flag".to_string()]);
    }

    #[test]
    fn sort_keys_complete_after_sort() {
        let c = candidates("sort d");
        assert!(c.iter().any(|n| n == "sort dtg"), "{c:?}");
        assert!(c.iter().all(|n| n.starts_with("sort d")));
    }

    #[test]
    fn tab_cycles_through_the_matches_of_what_was_typed() {
        let mut p = Prompt::new(PromptKind::Command, "toggle_f");
        assert_eq!(p.handle(Input::Action(Action::Complete)), Outcome::Stay);
        assert_eq!(p.input.text(), "toggle_flag");
        let mut q = Prompt::new(PromptKind::Command, "tog");
        let Outcome::Info(listed) = q.handle(Input::Action(Action::Complete)) else {
            panic!("several matches are listed");
        };
        assert!(listed.contains("toggle_read"), "{listed}");
        let first = q.input.text().to_string();
        q.handle(Input::Action(Action::Complete));
        assert_ne!(q.input.text(), first, "the second Tab moves on");
    }
}
