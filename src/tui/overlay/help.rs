//! The help overlay's model: a search over every binding of the active keymap, one row per
//! action with its keys together, in sections ordered by how often they are used (moving,
//! reading, triage, finding, then the rest, the prompts' own keys last), each description
//! wrapped to the box rather than cut; and the scroll of those lines.

use unicode_width::UnicodeWidthStr;

use crate::keymap::{Action, Context, Keymap, format_seq};
use crate::tui::inbox::distance;
use crate::tui::input::LineInput;
use crate::view::{Line, Role, truncate, wrap};

use super::{Ctx, Input, Outcome};

/// The help overlay.
#[derive(Debug, Clone, Default)]
pub struct Help {
    pub search: LineInput,
    /// The first line shown.
    pub scroll: usize,
}

/// One row of help: section, context, keys, action name, description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpEntry {
    pub section: &'static str,
    pub context: &'static str,
    pub keys: String,
    pub action: &'static str,
    pub description: &'static str,
}

/// The sections, in the order help shows them.
pub const SECTIONS: [&str; 6] = [
    "Moving",
    "Reading",
    "Triage",
    "Finding",
    "Other",
    "In prompts and help",
];

/// The section an action is shown in (for a key of `ctx`).
fn section(ctx: Context, action: Action) -> &'static str {
    use Action::*;
    if matches!(ctx, Context::Prompt | Context::Help) {
        return SECTIONS[5];
    }
    match action {
        MoveDown | MoveUp | Top | Bottom | PageDown | PageUp | HalfPageDown | HalfPageUp => {
            SECTIONS[0]
        }
        Open | NextCable | PrevCable | SwitchPane | References | FollowReference | Back | Close => {
            SECTIONS[1]
        }
        Label | Route | Note | ToggleRead | ToggleFlag | ToggleDone | ToggleMark | MarkRange
        | MarkAll | ClearMarks | Undo | Redo | Acknowledge | GotoAlert | Assign | CycleTask
        | Handover => SECTIONS[2],
        Filter | CycleSort | ReverseSort | SearchText | NextHit | PrevHit | ToggleQueues => {
            SECTIONS[3]
        }
        _ => SECTIONS[4],
    }
}

/// The rows of help matching `search`: every word, case-insensitively, anywhere in the row;
/// a chord's keys match with or without their spaces (`ZZ` finds `Z Z`).
pub fn entries(keymap: &Keymap, search: &str) -> Vec<HelpEntry> {
    let words: Vec<String> = search.split_whitespace().map(str::to_lowercase).collect();
    let order = [
        Context::Global,
        Context::Inbox,
        Context::Reader,
        Context::Prompt,
        Context::Help,
    ];
    let mut entries: Vec<HelpEntry> = Vec::new();
    for ctx in order {
        for (keys, action) in keymap.bindings(ctx) {
            let keys = format_seq(&keys);
            // Bindings come grouped by action: one row per action, its keys together.
            match entries.last_mut() {
                Some(e) if e.context == ctx.name() && e.action == action.name() => {
                    e.keys.push_str(", ");
                    e.keys.push_str(&keys);
                }
                _ => entries.push(HelpEntry {
                    section: section(ctx, action),
                    context: ctx.name(),
                    keys,
                    action: action.name(),
                    description: action.description(),
                }),
            }
        }
    }
    entries.retain(|e| {
        let hay = format!(
            "{} {} {} {} {} {}",
            e.section,
            e.context,
            e.keys,
            e.keys.replace(' ', ""),
            e.action,
            e.description
        )
        .to_lowercase();
        words.iter().all(|w| hay.contains(w.as_str()))
    });
    // Stable: within a section, contexts and actions keep their order.
    entries.sort_by_key(|e| SECTIONS.iter().position(|s| *s == e.section));
    entries
}

/// One line of the help list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A section's title.
    Heading(&'static str),
    /// A row: the columns on its first line (`context`, `keys`, `action` empty after it) and a
    /// part of the description.
    Row {
        context: &'static str,
        keys: String,
        action: &'static str,
        text: String,
    },
}

/// The columns of help's text at a screen `cols` wide (the box's inner width).
pub fn text_width(cols: usize) -> usize {
    let w = cols.saturating_sub(4).clamp(cols.min(20), 100);
    w.saturating_sub(2)
}

/// Widths of the context, keys and action columns (each followed by a space).
const CONTEXT_W: usize = 7;
const KEYS_MAX: usize = 20;

/// The help lines for `search` at `width` columns: section headings, and each entry with its
/// description wrapped under its own column (or under the row, indented, where the column
/// would be too narrow to read).
pub fn lines(keymap: &Keymap, search: &str, width: usize) -> Vec<HelpLine> {
    let entries = entries(keymap, search);
    let keys_w = entries
        .iter()
        .map(|e| e.keys.width())
        .max()
        .unwrap_or(0)
        .min(KEYS_MAX);
    let action_w = entries.iter().map(|e| e.action.len()).max().unwrap_or(0);
    let fixed = CONTEXT_W + 1 + keys_w + 1 + action_w + 1;
    let beside = width.saturating_sub(fixed) >= 24;
    let mut out = Vec::new();
    let mut last_section = "";
    for e in entries {
        if e.section != last_section {
            last_section = e.section;
            out.push(HelpLine::Heading(e.section));
        }
        let keys = truncate(&e.keys, keys_w, false).into_owned();
        let desc_w = if beside {
            width - fixed
        } else {
            width.saturating_sub(4).max(1)
        };
        let mut d = Line::default();
        d.push(Role::Text, e.description);
        let parts: Vec<String> = wrap(&d, desc_w).iter().map(Line::text).collect();
        let mut first = true;
        if !beside {
            out.push(HelpLine::Row {
                context: e.context,
                keys: keys.clone(),
                action: e.action,
                text: String::new(),
            });
            first = false;
        }
        for text in parts {
            out.push(if first {
                HelpLine::Row {
                    context: e.context,
                    keys: keys.clone(),
                    action: e.action,
                    text,
                }
            } else {
                HelpLine::Row {
                    context: "",
                    keys: String::new(),
                    action: "",
                    text,
                }
            });
            first = false;
        }
    }
    out
}

/// Where a row's description starts, for `lines` of this width (the same rule as [`lines`]).
pub fn description_column(keymap: &Keymap, search: &str, width: usize) -> usize {
    let entries = entries(keymap, search);
    let keys_w = entries
        .iter()
        .map(|e| e.keys.width())
        .max()
        .unwrap_or(0)
        .min(KEYS_MAX);
    let action_w = entries.iter().map(|e| e.action.len()).max().unwrap_or(0);
    let fixed = CONTEXT_W + 1 + keys_w + 1 + action_w + 1;
    if width.saturating_sub(fixed) >= 24 {
        fixed
    } else {
        4
    }
}

impl Help {
    pub fn handle(&mut self, input: Input, ctx: &Ctx) -> Outcome {
        match input {
            Input::Char(c) => {
                self.search.insert(c);
                self.scroll = 0;
                Outcome::Stay
            }
            Input::Action(a) if self.search.edit(a) => {
                self.scroll = 0;
                Outcome::Stay
            }
            Input::Action(Action::Back | Action::Close | Action::Quit | Action::Help) => {
                Outcome::Close
            }
            Input::Action(a) => {
                let page = ctx.screen_rows.saturating_sub(6).max(1);
                if let Some(d) = distance(a, page) {
                    let total =
                        lines(ctx.keymap, self.search.text(), text_width(ctx.screen_cols)).len();
                    self.scroll = self
                        .scroll
                        .saturating_add_signed(d)
                        .min(total.saturating_sub(page));
                }
                Outcome::Stay
            }
            Input::Key(_) => Outcome::Stay,
        }
    }
}
