//! The assign prompt (`a`): first the officer (Tab completes from the office's `[[officer]]`
//! list and the users the journal has seen), then an optional suspense (`+2d`, `2026-12-10`,
//! `fri 17:00`, RFC 3339; Enter alone for none). The suspense is read by the app at its clock
//! when the prompt returns; a bad one comes back as [`AssignPrompt::error`] and the prompt stays.

use crate::keymap::Action;
use crate::tui::input::LineInput;

use super::{Input, Outcome};

/// Which question the prompt asks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AssignStage {
    #[default]
    Officer,
    /// The officer is chosen; now the suspense.
    Suspense { assignee: String },
}

/// The assign prompt.
#[derive(Debug, Clone, Default)]
pub struct AssignPrompt {
    pub input: LineInput,
    pub stage: AssignStage,
    /// Officers to offer, the office's first, then the journal's (taken when the prompt opened).
    pub known: Vec<String>,
    /// How many cables the tasker goes on.
    pub targets: usize,
    /// Why the last answer was refused (a suspense that does not read).
    pub error: Option<String>,
}

impl AssignPrompt {
    /// Officers whose name starts with what is typed, then those containing it
    /// (case-insensitive); every one for an empty input.
    pub fn candidates(&self) -> Vec<&str> {
        if self.stage != AssignStage::Officer {
            return Vec::new();
        }
        let typed = self.input.text().trim().to_lowercase();
        let mut out: Vec<&str> = self
            .known
            .iter()
            .filter(|k| k.to_lowercase().starts_with(&typed))
            .map(String::as_str)
            .collect();
        for k in &self.known {
            if !k.to_lowercase().starts_with(&typed) && k.to_lowercase().contains(&typed) {
                out.push(k);
            }
        }
        out
    }

    pub fn handle(&mut self, input: Input) -> Outcome {
        let action = match input {
            Input::Char(c) => {
                self.input.insert(c);
                self.error = None;
                return Outcome::Stay;
            }
            Input::Action(a) => a,
            Input::Key(_) => return Outcome::Stay,
        };
        if self.input.edit(action) {
            self.error = None;
            return Outcome::Stay;
        }
        match (action, self.stage.clone()) {
            (Action::Complete, AssignStage::Officer) => {
                match self.candidates().first().map(|s| s.to_string()) {
                    Some(best) => {
                        self.input = LineInput::new(&best);
                        Outcome::Stay
                    }
                    None => Outcome::Info("no known officer matches".into()),
                }
            }
            (Action::Accept, AssignStage::Officer) => {
                let name = self.input.text().trim().to_string();
                if name.is_empty() {
                    return Outcome::CloseSaying("no officer given; nothing assigned".into());
                }
                self.stage = AssignStage::Suspense { assignee: name };
                self.input = LineInput::new("");
                Outcome::Stay
            }
            (Action::Accept, AssignStage::Suspense { assignee }) => Outcome::Assign {
                assignee,
                suspense: self.input.text().trim().to_string(),
            },
            (Action::Cancel, _) => Outcome::Close,
            _ => Outcome::Stay,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt() -> AssignPrompt {
        AssignPrompt {
            known: vec!["bob".into(), "carol".into(), "abby".into()],
            targets: 1,
            ..Default::default()
        }
    }

    #[test]
    fn officer_then_suspense() {
        let mut p = prompt();
        p.handle(Input::Char('c'));
        assert_eq!(p.handle(Input::Action(Action::Complete)), Outcome::Stay);
        assert_eq!(p.input.text(), "carol");
        assert_eq!(p.handle(Input::Action(Action::Accept)), Outcome::Stay);
        for c in "+2d".chars() {
            p.handle(Input::Char(c));
        }
        assert_eq!(
            p.handle(Input::Action(Action::Accept)),
            Outcome::Assign {
                assignee: "carol".into(),
                suspense: "+2d".into()
            }
        );
    }

    #[test]
    fn prefix_matches_come_first_and_an_empty_officer_assigns_nothing() {
        let mut p = prompt();
        p.handle(Input::Char('b'));
        assert_eq!(p.candidates(), ["bob", "abby"]);
        let mut q = prompt();
        assert!(matches!(
            q.handle(Input::Action(Action::Accept)),
            Outcome::CloseSaying(_)
        ));
    }
}
