//! The `:` command line beyond its built-ins (`:q`, `:sort KEY`, `:N`, `:help`): every named
//! action can be run by its name (`:toggle_flag`), and Tab completes names — those starting with
//! what was typed first, then those containing its letters in order — cycling on each press.

use crate::keymap::Action;
use crate::traffic::SortKey;

use super::app::{App, Effect, Overlay, PromptKind};
use super::input::LineInput;

/// The command words that are not action names.
const BUILT_IN: [&str; 3] = ["q", "sort", "help"];

/// Where Tab is in its cycle through the matches.
#[derive(Debug, Clone, Default)]
pub struct Completion {
    /// What was typed before the first Tab.
    stem: String,
    /// The text the last Tab put in the prompt (a different text starts a new cycle).
    last: Option<String>,
    next: usize,
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

/// Tab on the command line: put the next match in the prompt and list the matches.
pub fn complete(app: &mut App) {
    let Some(Overlay::Prompt(p)) = &app.overlay else {
        return;
    };
    if p.kind != PromptKind::Command {
        return;
    }
    let text = p.input.text().to_string();
    let c = &mut app.command;
    if c.last.as_deref() != Some(text.as_str()) {
        c.stem = text;
        c.next = 0;
    }
    let found = candidates(&c.stem);
    let Some(pick) = found.get(c.next % found.len().max(1)).cloned() else {
        let stem = c.stem.clone();
        app.error(format!("no command matches `{stem}`"));
        return;
    };
    c.next += 1;
    c.last = Some(pick.clone());
    if let Some(Overlay::Prompt(p)) = &mut app.overlay {
        p.input = LineInput::new(&pick);
    }
    if found.len() > 1 {
        let shown: Vec<&str> = found.iter().take(8).map(String::as_str).collect();
        let more = found.len().saturating_sub(8);
        let tail = if more > 0 {
            format!(" +{more}")
        } else {
            String::new()
        };
        app.info(format!(
            "{} matches: {}{tail}",
            found.len(),
            shown.join(" ")
        ));
    }
}

/// Run a command that is not a built-in: an action by its name, or by a prefix that names
/// exactly one action.
pub fn run_named(app: &mut App, text: &str) -> Option<Effect> {
    let word = text.trim();
    let exact = Action::from_name(word);
    let action = exact.or_else(|| {
        let mut prefixed = Action::ALL.iter().filter(|a| a.name().starts_with(word));
        match (prefixed.next(), prefixed.next()) {
            (Some(a), None) if !word.is_empty() => Some(*a),
            _ => None,
        }
    });
    match action {
        Some(a) => {
            app.command = Completion::default();
            super::update::update(app, a)
        }
        None => {
            app.error(format!(
                "unknown command `{word}` (q, sort KEY, N, help, or an action name: Tab completes)"
            ));
            None
        }
    }
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
}
