//! Issue 23's reading-view and note items: `/` searches the open cable's text (hits
//! highlighted, `n`/`N` between them, `hit 2/5` in the status, Esc ends it and `n` is the note
//! again); the hints name the active keymap's keys; the note editor wraps, opens on a new line,
//! and keeps its text visible across a resize. On the project's fictional sample traffic.

mod tui_support;

use cabletriage::keymap::Keymap;
use cabletriage::tui::overlay::{Overlay, PromptKind};
use cabletriage::tui::testing::{press, render};
use ratatui::style::Modifier;
use tui_support::{flowing, keys_of, sample_app, sample_with_journal, screen};

fn status_bar(a: &cabletriage::tui::App) -> String {
    let rows = screen(a);
    rows[rows.len() - 2].clone()
}

#[test]
fn slash_in_the_reader_finds_and_highlights_and_n_moves_between_hits() {
    let state = tempfile::tempdir().expect("temp dir");
    let mut a = sample_with_journal(80, 24, state.path());
    press(&mut a, "<enter>");
    a.message = None;
    press(&mut a, &format!("/ {} <enter>", keys_of("THE")));
    let r = a.reader.as_ref().expect("reader");
    let total = r.hits().len();
    assert!(total >= 3, "{total} hits of `the` in the cable's text");
    assert!(a.overlay.is_none(), "Enter closes the search prompt");
    assert_eq!(a.inbox.filter, "", "the inbox filter is untouched");
    assert!(
        status_bar(&a).contains(&format!("hit 1/{total}")),
        "{}",
        status_bar(&a)
    );
    // The hits are reverse video, found in any case.
    let term = render(&a);
    let buf = term.backend().buffer();
    let reversed: String = buf
        .content()
        .iter()
        .filter(|c| c.modifier.contains(Modifier::REVERSED))
        .map(|c| c.symbol())
        .collect();
    assert!(reversed.to_lowercase().contains("the"), "{reversed:?}");
    insta::assert_snapshot!("reader_search_80x24", render(&a).backend());
    press(&mut a, "n n");
    assert!(
        status_bar(&a).contains(&format!("hit 3/{total}")),
        "{}",
        status_bar(&a)
    );
    press(&mut a, "N");
    assert!(status_bar(&a).contains(&format!("hit 2/{total}")));
    // Back past the first hit wraps to the last, and the text scrolls to show it.
    assert_eq!(a.reader.as_ref().map(|r| r.body_scroll), Some(0));
    press(&mut a, "N N");
    let r = a.reader.as_ref().expect("reader");
    assert_eq!(r.search.as_ref().map(|s| s.current), Some(total - 1));
    assert!(r.body_scroll > 0, "scrolled to the last hit");
    assert!(status_bar(&a).contains(&format!("hit {total}/{total}")));
    // Esc ends the search; then n is the note again.
    press(&mut a, "<esc>");
    assert!(a.reader.as_ref().is_some_and(|r| r.search.is_none()));
    assert!(!status_bar(&a).contains("hit "));
    press(&mut a, "n");
    assert!(
        matches!(a.overlay, Some(Overlay::Note(_))),
        "n writes a note"
    );
}

#[test]
fn a_search_without_a_hit_says_so() {
    let mut a = sample_app(80, 24);
    press(&mut a, "<enter>");
    press(&mut a, &format!("/ {} <enter>", keys_of("zzyzx")));
    let said = a.message.as_ref().map(|m| m.1.clone()).unwrap_or_default();
    assert!(said.contains("no hit for \"zzyzx\""), "{said}");
    assert!(a.reader.as_ref().is_some_and(|r| r.search.is_none()));
}

#[test]
fn the_emacs_keymap_hints_emacs_keys() {
    let emacs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("keymaps/emacs.toml");
    let mut a = sample_app(100, 30);
    a.keymap = Keymap::with_file(&emacs).expect("emacs keymap");
    press(&mut a, "<enter>");
    a.message = None;
    let bar = status_bar(&a);
    assert!(bar.contains("A-n next"), "{bar}");
    assert!(bar.contains("C-x o pane"), "{bar}");
    assert!(bar.contains("C-g back"), "{bar}");
    assert!(!bar.contains("J next"), "{bar}");
    // C-s searches the text in the reading view (it filters in the inbox).
    press(&mut a, "C-s");
    assert!(
        matches!(&a.overlay, Some(Overlay::Prompt(p)) if p.kind == PromptKind::Search),
        "{:?}",
        a.overlay
    );
}

const LONG: &str = "The harbourmaster said the breakwater would be repaired before the spring \
convoys and that the committee had asked for a second survey of the channel before any \
decision on dredging was taken by the port authority";

#[test]
fn the_note_editor_wraps_long_lines_and_keeps_them_visible_across_a_resize() {
    let state = tempfile::tempdir().expect("temp dir");
    let mut a = sample_with_journal(80, 24, state.path());
    press(&mut a, &format!("n {}", keys_of(LONG)));
    assert!(
        flowing(&screen(&a)).contains(LONG),
        "{}",
        screen(&a).join("\n")
    );
    for (w, h) in [(50, 16), (80, 24), (120, 40)] {
        a.size = (w, h);
        cabletriage::tui::ui::measure(&mut a);
        let shown = flowing(&screen(&a));
        assert!(
            shown.contains(LONG),
            "at {w}x{h}:\n{}",
            screen(&a).join("\n")
        );
    }
}

#[test]
fn the_note_editor_opens_on_a_new_line_after_the_text() {
    let state = tempfile::tempdir().expect("temp dir");
    let mut a = sample_with_journal(80, 24, state.path());
    let key = a.record(a.inbox.rows[0]).expect("row").key();
    press(&mut a, &format!("n {} <esc>", keys_of("Call the consul.")));
    press(
        &mut a,
        &format!("n {} <esc>", keys_of("Consul called back.")),
    );
    assert_eq!(
        a.triage_state().get(&key).note(),
        Some("Call the consul.\nConsul called back.")
    );
}
