//! Issue 23's screen items, as a newcomer meets them on the sample traffic: an alert never hides
//! the selection and a key opens its cable; the help hint stays in the status bar however long
//! the filter, a long message is seen whole and the session's messages can be read again;
//! narrow prompts keep the typed text; help wraps its descriptions, is ordered by use and finds
//! `ZZ`; popups clear their rows; the route picker's selection shows without colour; `b` says
//! why the sidebar is hidden. All traffic is the project's fictional sample.

mod tui_support;

use cabletriage::config::Config;
use cabletriage::keymap::Keymap;
use cabletriage::tui::app::Screen;
use cabletriage::tui::overlay::Overlay;
use cabletriage::tui::overlay::help::entries;
use cabletriage::tui::testing::{press, render};
use cabletriage::tui::{App, alert, queues};
use ratatui::style::Modifier;
use tui_support::{flowing, keys_of, sample_app, sample_with_journal, screen};

/// Raise the arrival alert for the cable on row `row`, as a live arrival would.
fn alert_for_row(a: &mut App, row: usize) -> String {
    let rec = a.record(a.inbox.rows[row]).expect("row").clone();
    alert::arrived(a, std::slice::from_ref(&rec));
    cabletriage::tui::ui::measure(a);
    rec.key()
}

#[test]
fn an_alert_never_hides_the_selection_and_a_key_opens_its_cable() {
    let mut a = sample_app(80, 24);
    let tallinn = alert_for_row(&mut a, 1);
    assert!(tallinn.contains("TALLINN"), "{tallinn}");
    // Rows 1 to 5 were under the banner when it was drawn over the list.
    for step in ["j", "j", "j", "j", "j", "g g"] {
        press(&mut a, step);
        let rows = screen(&a);
        assert!(
            rows.iter().any(|r| r.starts_with('▶')),
            "after {step}, row {} selected but not on screen:\n{}",
            a.inbox.selected,
            rows.join("\n")
        );
    }
    assert!(flowing(&screen(&a)).contains("g ! opens it"));
    press(&mut a, "j j");
    insta::assert_snapshot!("alert_over_the_list_80x24", render(&a).backend());
    press(&mut a, "g g");
    press(&mut a, "g !");
    assert_eq!(a.screen, Screen::Reader);
    let open = a.reader.as_ref().expect("reader").key.as_str().to_string();
    assert_eq!(open, tallinn, "g ! opens the cable the alert is about");
    // The reading view's header is not under the banner.
    let rows = screen(&a);
    let header = rows.iter().position(|r| r.contains("┌ Header"));
    let banner_end = rows.iter().rposition(|r| r.contains("acknowledges"));
    assert!(
        matches!((header, banner_end), (Some(h), Some(b)) if h > b),
        "{}",
        rows.join("\n")
    );
    assert!(flowing(&rows).contains("FROM AMEMBASSY TALLINN"));
}

#[test]
fn the_help_hint_stays_however_long_the_filter() {
    let mut a = sample_app(80, 24);
    let filter = "prec:>=immediate -is:read from:tallinn";
    press(&mut a, &format!("/ {} <enter>", keys_of(filter)));
    a.message = None;
    cabletriage::tui::ui::measure(&mut a);
    let rows = screen(&a);
    let bar = &rows[22];
    assert!(bar.contains("? help"), "{bar}");
    assert!(
        bar.contains("filter: prec:"),
        "the filter gives way, elided: {bar}"
    );
}

#[test]
fn a_long_message_is_seen_whole_and_past_messages_can_be_read_again() {
    let mut a = sample_app(80, 24);
    press(&mut a, &format!("/ {} <enter>", keys_of("class:bogus")));
    let (_, said) = a.message.clone().expect("an error");
    assert!(said.len() > 80, "long enough to be cut: {said}");
    let shown = flowing(&screen(&a));
    assert!(
        shown.contains(&flowing(std::slice::from_ref(&said))),
        "{shown}"
    );
    // The next key takes it from the status bar; g m and :messages bring it back.
    press(&mut a, "j");
    assert!(!flowing(&screen(&a)).contains("class:bogus"));
    press(&mut a, "g m");
    assert!(matches!(a.overlay, Some(Overlay::Messages(_))));
    let listed = flowing(&screen(&a));
    assert!(
        listed.contains(&flowing(std::slice::from_ref(&said))),
        "{listed}"
    );
    press(&mut a, "<esc>");
    assert!(a.overlay.is_none());
    press(&mut a, &format!(": {} <enter>", keys_of("messages")));
    assert!(matches!(a.overlay, Some(Overlay::Messages(_))));
}

#[test]
fn a_long_message_with_no_room_for_rows_stays_in_the_status_bar() {
    let mut a = sample_app(20, 5);
    press(&mut a, &format!("/ {} <enter>", keys_of("class:bogus")));
    assert!(a.message.is_some());
    let rows = screen(&a);
    assert!(rows[3].starts_with("filter not"), "{}", rows.join("\n"));
}

#[test]
fn a_narrow_label_prompt_shows_what_is_typed() {
    let state = tempfile::tempdir().expect("temp dir");
    let mut a = sample_with_journal(40, 24, state.path());
    press(&mut a, "t a b c");
    assert!(matches!(a.overlay, Some(Overlay::Label(_))));
    let rows = screen(&a);
    assert!(
        rows.iter().any(|r| r.contains("abc")),
        "{}",
        rows.join("\n")
    );
}

#[test]
fn at_20x5_the_route_picker_and_the_note_editor_have_content_rows() {
    let state = tempfile::tempdir().expect("temp dir");
    let mut a = sample_with_journal(20, 5, state.path());
    press(&mut a, "r");
    assert!(matches!(a.overlay, Some(Overlay::Desk(_))));
    let rows = screen(&a).join("\n");
    assert!(rows.contains("│>"), "a desk row, selected:\n{rows}");
    press(&mut a, "<esc> n x y z");
    assert!(matches!(a.overlay, Some(Overlay::Note(_))));
    let rows = screen(&a).join("\n");
    assert!(rows.contains("xyz"), "the typed note:\n{rows}");
}

#[test]
fn help_wraps_descriptions_and_is_ordered_by_use() {
    for (w, h, search, description) in [
        (
            80,
            24,
            "switch_pane",
            "Move focus between panes: header and text, queues and inbox",
        ),
        (
            120,
            40,
            "references",
            "Focus the references: cables this one cites, and cables citing it",
        ),
    ] {
        let mut a = sample_app(w, h);
        press(&mut a, &format!("? {}", keys_of(search)));
        let shown = flowing(&screen(&a));
        assert!(shown.contains(description), "at {w}x{h}: {shown}");
    }
    let all = entries(&Keymap::default_keymap(), "");
    let sections: Vec<&str> = all.iter().fold(Vec::new(), |mut v, e| {
        if v.last() != Some(&e.section) {
            v.push(e.section);
        }
        v
    });
    assert_eq!(
        sections[..4],
        ["Moving", "Reading", "Triage", "Finding"],
        "{sections:?}"
    );
    assert_eq!(all[0].action, "move_down");
}

#[test]
fn help_search_ignores_the_spaces_in_chords() {
    let vim = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("keymaps/vim.toml");
    let km = Keymap::with_file(&vim).expect("vim keymap");
    let found = entries(&km, "ZZ");
    assert!(
        found
            .iter()
            .any(|e| e.action == "quit" && e.keys.contains("Z Z")),
        "{found:?}"
    );
}

#[test]
fn popups_clear_the_rows_under_them() {
    let state = tempfile::tempdir().expect("temp dir");
    for keys in ["?", "r"] {
        let mut a = sample_with_journal(80, 24, state.path());
        press(&mut a, keys);
        let rows = screen(&a);
        let boxed: Vec<&String> = rows
            .iter()
            .filter(|r| r.contains('│') || r.contains('┌') || r.contains('└'))
            .collect();
        assert!(!boxed.is_empty());
        for r in boxed {
            let first = r.find(['│', '┌', '└']).unwrap_or(0);
            let last = r.rfind(['│', '┐', '┘']).unwrap_or(r.len());
            let outside = format!(
                "{}{}",
                &r[..first],
                &r[last..].chars().skip(1).collect::<String>()
            );
            assert!(
                outside.trim().is_empty(),
                "after {keys}, beside the popup: {r:?}"
            );
        }
    }
}

#[test]
fn the_route_picker_marks_the_selection_across_the_row_without_colour() {
    let state = tempfile::tempdir().expect("temp dir");
    let mut a = sample_with_journal(80, 24, state.path());
    press(&mut a, "r j");
    let term = render(&a);
    let buf = term.backend().buffer();
    let rows = screen(&a);
    let y = rows
        .iter()
        .position(|r| r.contains("│>"))
        .expect("a `>` on the selected desk row") as u16;
    let left = rows[y as usize].find('│').expect("border");
    let left = rows[y as usize][..left].chars().count() as u16 + 1;
    let right = rows[y as usize].chars().count() as u16 - left - 1;
    for x in left..right {
        assert!(
            buf[(x, y)].modifier.contains(Modifier::REVERSED),
            "column {x} of the selected row is not reversed"
        );
    }
    // Only one row is marked.
    assert_eq!(rows.iter().filter(|r| r.contains("│>")).count(), 1);
}

#[test]
fn b_says_why_the_sidebar_is_hidden() {
    let mut a = sample_app(40, 10);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-traffic");
    let desks = cabletriage::triage::Desks::load(&dir.join("desks.toml")).expect("desks");
    queues::install(&mut a, Config::default().queues_with_desks(&desks));
    press(&mut a, "b");
    let (_, said) = a.message.clone().expect("a message");
    assert!(
        said.contains("too narrow") && said.contains("54 columns"),
        "{said}"
    );
    assert!(
        !a.queues.focused,
        "the hidden sidebar does not take the keys"
    );
    press(&mut a, "j");
    assert_eq!(a.inbox.selected, 1, "j moves in the inbox");
}

#[test]
fn the_new_screens_draw_at_every_small_size_without_panicking() {
    let state = tempfile::tempdir().expect("temp dir");
    for keys in ["g m", "?", "<enter> / t h e", "r", "n a b c"] {
        let mut a = sample_with_journal(80, 24, state.path());
        alert_for_row(&mut a, 1);
        press(&mut a, keys);
        a.error("a message long enough to want rows of its own above the status bar, at least at the narrow sizes");
        for w in [1, 2, 5, 10, 20, 40] {
            for h in [1, 2, 3, 4, 5, 8, 12] {
                a.size = (w, h);
                cabletriage::tui::ui::measure(&mut a);
                let _ = render(&a);
            }
        }
    }
}
