//! Every command a key can run, declared once: a snake_case name (what keymap files write) and a
//! one-line description (what the help screen and `cabletriage keys` show).

macro_rules! actions {
    ($( $variant:ident => $name:literal, $desc:literal; )*) => {
        /// A named command. Keys map only to these; the TUI's `update` gives them meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $( $variant, )* }

        impl Action {
            /// Every action, in declaration order.
            pub const ALL: &'static [Action] = &[ $( Action::$variant, )* ];

            /// The name keymap files use.
            pub fn name(self) -> &'static str {
                match self { $( Action::$variant => $name, )* }
            }

            /// One line for the help screen.
            pub fn description(self) -> &'static str {
                match self { $( Action::$variant => $desc, )* }
            }

            pub fn from_name(name: &str) -> Option<Action> {
                match name { $( $name => Some(Action::$variant), )* _ => None }
            }
        }
    };
}

actions! {
    Quit => "quit", "Quit cabletriage";
    Close => "close", "Go back; quit from the inbox";
    Back => "back", "Go back; in the inbox, clear the filter";
    Help => "help", "Show the keys (type to search them)";
    Filter => "filter", "Filter the inbox with a query";
    CommandLine => "command_line", "Open the command line (:sort KEY, :N, :q, any action by name; Tab completes)";
    CycleSort => "cycle_sort", "Sort by the next key: precedence, DTG, origin, addressee, class";
    ReverseSort => "reverse_sort", "Reverse the sort (newest or lowest first)";
    Suspend => "suspend", "Suspend to the shell (fg resumes)";
    Redraw => "redraw", "Redraw the whole screen";
    MoveDown => "move_down", "Next row, or scroll down";
    MoveUp => "move_up", "Previous row, or scroll up";
    Top => "top", "First row, or top of the text";
    Bottom => "bottom", "Last row, or end of the text";
    PageDown => "page_down", "One page down";
    PageUp => "page_up", "One page up";
    HalfPageDown => "half_page_down", "Half a page down";
    HalfPageUp => "half_page_up", "Half a page up";
    Open => "open", "Open the cable in the reading view";
    NextCable => "next_cable", "Next cable, staying in the reading view";
    PrevCable => "prev_cable", "Previous cable, staying in the reading view";
    SwitchPane => "switch_pane", "Move focus between panes: header and text, queues and inbox";
    Label => "label", "Add labels (-label removes) to the marked cables, else this one";
    Route => "route", "Route the marked cables, else this one, to a desk (picker)";
    Note => "note", "Write a note on the cable (Esc saves, C-c cancels)";
    ToggleRead => "toggle_read", "Mark the cables read, or unread if they all are";
    ToggleFlag => "toggle_flag", "Flag the cables, or unflag if they all are";
    ToggleDone => "toggle_done", "Mark the cables done, or not done if they all are";
    ToggleMark => "toggle_mark", "Mark or unmark the cable and move down";
    MarkRange => "mark_range", "Start a range mark here; again marks from there to here";
    MarkAll => "mark_all", "Mark every cable the filter shows";
    ClearMarks => "clear_marks", "Clear all marks";
    Undo => "undo", "Undo your last triage action (a bulk one in one step)";
    Redo => "redo", "Redo the triage action last undone";
    Complete => "complete", "Complete the label; in the desk picker, switch action/info desk";
    Accept => "accept", "Accept the input and close the prompt";
    Cancel => "cancel", "Cancel the input and close the prompt";
    CursorLeft => "cursor_left", "Move the input cursor left";
    CursorRight => "cursor_right", "Move the input cursor right";
    CursorHome => "cursor_home", "Move the input cursor to the start";
    CursorEnd => "cursor_end", "Move the input cursor to the end";
    DeleteBack => "delete_back", "Delete the character before the cursor";
    DeleteForward => "delete_forward", "Delete the character under the cursor";
    DeleteWord => "delete_word", "Delete the word before the cursor";
    ClearInput => "clear_input", "Clear the input";
    ToggleQueues => "toggle_queues", "Show (and focus) or hide the saved queues sidebar";
    References => "references", "Focus the references: cables this one cites, and cables citing it";
    FollowReference => "follow_reference", "Open the selected reference (Esc comes back)";
    Acknowledge => "acknowledge", "Acknowledge the FLASH/NIACT alert (else the selected cables' alert)";
    GotoAlert => "goto_alert", "Open the cable the FLASH/NIACT alert is about";
    Messages => "messages", "Show the messages of this session (also :messages)";
    SearchText => "search_text", "Search the open cable's text (case-insensitive); Esc ends the search";
    NextHit => "next_hit", "Next search hit in the reading view (with no search: the key's global action, n writes a note)";
    PrevHit => "prev_hit", "Previous search hit in the reading view (with no search: the key's global action)";
    Assign => "assign", "Task the marked cables, else this one, to an officer, with an optional suspense";
    CycleTask => "cycle_task", "Move the tasker on: assigned, working, clearance, closed (:task STATE sets it)";
    Handover => "handover", "Open the shift handover (! or Enter picks an item up)";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_read_back() {
        let mut seen = std::collections::HashSet::new();
        for &a in Action::ALL {
            assert!(seen.insert(a.name()), "duplicate {}", a.name());
            assert!(a.name().chars().all(|c| c.is_ascii_lowercase() || c == '_'));
            assert_eq!(Action::from_name(a.name()), Some(a));
            assert!(!a.description().is_empty());
        }
        assert_eq!(Action::from_name("noop"), None);
    }
}
