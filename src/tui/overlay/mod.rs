//! What is drawn over the main screen and takes the keys while it is open: the filter and
//! command prompts, help, the label prompt, the desk picker and the note editor. Each owns its
//! state and its key handling, in the manner of helix's compositor layers: it is given the key
//! (as a keymap action, a typed character, or for the note editor the raw key) and the little
//! it may read ([`Ctx`]), and returns an [`Outcome`] that says what the app should do. No
//! overlay changes the inbox, the journal or another overlay itself.

pub mod assign;
pub mod desk;
pub mod handover;
pub mod help;
pub mod label;
pub mod messages;
pub mod note;
pub mod prompt;

use crate::keymap::{Action, Key, Keymap};
use crate::triage::Desks;

use super::cable_key::CableKey;

pub use assign::AssignPrompt;
pub use desk::DeskPicker;
pub use handover::HandoverList;
pub use help::Help;
pub use label::LabelPrompt;
pub use messages::Messages;
pub use note::NoteEditor;
pub use prompt::{Prompt, PromptKind};

/// Something drawn over the main screen that takes the keys.
#[derive(Debug, Clone)]
pub enum Overlay {
    Prompt(Prompt),
    Help(Help),
    Label(LabelPrompt),
    Desk(DeskPicker),
    Note(Box<NoteEditor>),
    Messages(Messages),
    Assign(AssignPrompt),
    Handover(Box<HandoverList>),
}

/// A key as an overlay gets it.
#[derive(Debug, Clone, Copy)]
pub enum Input {
    /// A key the keymap bound to an action.
    Action(Action),
    /// A key the keymap did not bind, which types this character.
    Char(char),
    /// A raw key (the note editor takes keys before the keymap).
    Key(Key),
}

/// What an overlay may read while it handles a key.
pub struct Ctx<'a> {
    pub keymap: &'a Keymap,
    pub desks: &'a Desks,
    /// Rows and columns of the screen (help pages and wraps by them).
    pub screen_rows: usize,
    pub screen_cols: usize,
    /// The session's messages (the message list shows them).
    pub messages: &'a std::collections::VecDeque<(crate::tui::app::Level, String)>,
}

/// What the app is to do after an overlay handled a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing: the overlay stays.
    Stay,
    /// The overlay stays; say this.
    Info(String),
    /// The overlay stays; this went wrong.
    Error(String),
    /// Close the overlay.
    Close,
    /// Close the overlay and say this.
    CloseSaying(String),
    /// The filter text changed: filter by it now (the prompt stays).
    FilterTyped(String),
    /// Enter on the filter prompt: keep the filter as applied, and close.
    FilterKept,
    /// Enter on a filter that does not parse: close, and put back the filter in force when the
    /// prompt opened (typing it may have applied its parseable beginnings).
    FilterRejected { error: String, previous: String },
    /// Esc on the filter prompt: drop the filter, and close.
    FilterCancelled,
    /// Close, and run this command line.
    Command(String),
    /// Close, and add and remove these labels on the cables the action applies to.
    Labels {
        add: Vec<String>,
        remove: Vec<String>,
    },
    /// Close, and route the cables to this desk (as action desk, or as an info desk).
    Route { desk: String, info: bool },
    /// Close, and take a desk off the cables (`None`: clear the action desk).
    Unroute { desk: Option<String> },
    /// Save this note on these cables; the editor closes once the save is durable.
    SaveNote { keys: Vec<CableKey>, text: String },
    /// Close the note editor without saving, and drop its draft.
    DiscardNote { keys: Vec<CableKey>, say: String },
    /// The reader's search text changed: highlight its hits, the first from the view on.
    SearchTyped(String),
    /// Enter on the search prompt: close it, the search stays (n/N move between hits).
    SearchKept,
    /// Esc on the search prompt: close it and end the search.
    SearchCancelled,
    /// Close the note editor for now and edit the note in `$EDITOR` (the text so far).
    ExternalEdit,
    /// Task the cables to `assignee`, with the suspense as typed (empty: none). The prompt stays
    /// open until the app has read the suspense.
    Assign { assignee: String, suspense: String },
    /// Pick this cable up from the handover (the list stays open).
    HandoverAck { key: String },
}

impl Overlay {
    /// Handle one key.
    pub fn handle(&mut self, input: Input, ctx: &Ctx) -> Outcome {
        match self {
            Overlay::Prompt(p) => p.handle(input),
            Overlay::Help(h) => h.handle(input, ctx),
            Overlay::Label(p) => p.handle(input),
            Overlay::Desk(p) => p.handle(input, ctx.desks),
            Overlay::Note(ed) => ed.handle(input),
            Overlay::Messages(m) => m.handle(input, ctx),
            Overlay::Assign(p) => p.handle(input),
            Overlay::Handover(h) => h.handle(input, ctx),
        }
    }

    /// Does this overlay take raw keys, before the keymap?
    pub fn takes_raw_keys(&self) -> bool {
        matches!(self, Overlay::Note(_))
    }

    /// Is it drawn on the prompt line?
    pub fn on_prompt_line(&self) -> bool {
        matches!(
            self,
            Overlay::Prompt(_) | Overlay::Label(_) | Overlay::Assign(_)
        )
    }
}
