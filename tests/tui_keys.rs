//! Key sequences through the real default keymap, checked against what the user would see.

mod tui_support;

use cabletriage::tui::app::Pane;
use cabletriage::tui::overlay::Overlay;
use cabletriage::tui::testing::press;
use cabletriage::tui::{ColorMode, Screen};
use tui_support::{app, deliver, screen};

fn status(app: &cabletriage::tui::App) -> String {
    let rows = screen(app);
    rows[rows.len() - 2].clone()
}

#[test]
fn moving_and_chords() {
    let mut a = app(40, 100, 20, ColorMode::Never);
    press(&mut a, "j j");
    assert_eq!(a.inbox.selected, 2);
    assert!(status(&a).contains("3/40"), "{}", status(&a));
    press(&mut a, "G");
    assert_eq!(a.inbox.selected, 39);
    press(&mut a, "g");
    assert!(
        status(&a).contains("g …"),
        "pending chord not shown: {}",
        status(&a)
    );
    press(&mut a, "g");
    assert_eq!(a.inbox.selected, 0);
    assert!(!status(&a).contains("g …"));
    press(&mut a, "<pagedown>");
    assert_eq!(a.inbox.selected, a.inbox.height);
    press(&mut a, "C-u");
    assert_eq!(a.inbox.selected, a.inbox.height - a.inbox.height / 2);
    press(&mut a, "k k k k k k k k k k k k k k k k k k k k k k");
    assert_eq!(a.inbox.selected, 0, "moving up stops at the first row");
}

#[test]
fn the_selection_stays_on_screen() {
    let mut a = app(100, 80, 12, ColorMode::Never);
    for _ in 0..30 {
        press(&mut a, "j");
        let h = a.inbox.height;
        assert!(a.inbox.selected >= a.inbox.offset && a.inbox.selected < a.inbox.offset + h);
    }
}

#[test]
fn open_next_and_back_to_the_same_row() {
    let mut a = app(20, 100, 30, ColorMode::Never);
    press(&mut a, "j j <enter>");
    assert_eq!(a.screen, Screen::Reader);
    let first = a.reader.as_ref().map(|r| r.record);
    deliver(&mut a);
    assert!(
        screen(&a).iter().any(|l| l.contains("FROM")),
        "header shown"
    );
    press(&mut a, "J");
    assert_ne!(
        a.reader.as_ref().map(|r| r.record),
        first,
        "J opened the next cable"
    );
    assert_eq!(a.inbox.selected, 3);
    press(&mut a, "K ]");
    assert_eq!(a.inbox.selected, 3);
    press(&mut a, "<esc>");
    assert_eq!(a.screen, Screen::Inbox);
    assert_eq!(
        a.inbox.selected, 3,
        "back on the row of the cable last read"
    );
    press(&mut a, "<enter> q");
    assert_eq!(a.screen, Screen::Inbox, "q goes back from the reader");
    assert!(!a.should_quit);
    press(&mut a, "q");
    assert!(a.should_quit, "q quits from the inbox");
}

#[test]
fn tab_switches_pane_and_j_scrolls_the_focused_one() {
    let mut a = app(5, 60, 30, ColorMode::Never);
    press(&mut a, "<enter>");
    deliver(&mut a);
    assert_eq!(a.reader.as_ref().map(|r| r.focus), Some(Pane::Body));
    press(&mut a, "j j");
    assert_eq!(a.reader.as_ref().map(|r| r.body_scroll), Some(2));
    let top = screen(&a);
    press(&mut a, "<tab> j");
    let r = a.reader.as_ref().expect("reader");
    assert_eq!(r.focus, Pane::Header);
    assert_eq!(r.body_scroll, 2, "the text pane kept its place");
    assert_eq!(r.header_scroll, 1);
    assert_ne!(screen(&a), top);
    press(&mut a, "G");
    let r = a.reader.as_ref().expect("reader");
    let g = r.view;
    assert_eq!(
        r.header_scroll,
        g.header_lines - g.header_height,
        "G stops at the last line"
    );
}

#[test]
fn filter_prompt_filters_live_enter_keeps_esc_clears() {
    let mut a = app(30, 100, 24, ColorMode::Never);
    press(&mut a, "/ h a r b o u r");
    assert!(matches!(a.overlay, Some(Overlay::Prompt(_))));
    assert_eq!(
        a.inbox.rows.len(),
        5,
        "live: only the harbour cables while typing"
    );
    assert!(screen(&a).iter().any(|l| l.starts_with("/harbour")));
    press(&mut a, "<enter>");
    assert!(a.overlay.is_none());
    assert_eq!(a.inbox.rows.len(), 5);
    assert!(status(&a).contains("filter: harbour"), "{}", status(&a));
    press(&mut a, "<esc>");
    assert_eq!(a.inbox.rows.len(), 30, "Esc in the inbox clears the filter");
    press(&mut a, "/ s t r i k e <esc>");
    assert_eq!(
        a.inbox.rows.len(),
        30,
        "Esc in the prompt clears the filter"
    );
    press(&mut a, "/ x <backspace> q");
    assert!(a.overlay.is_some(), "q is typed in the prompt, not a quit");
    assert!(!a.should_quit);
}

#[test]
fn sort_cycles_and_the_status_bar_says_which() {
    let mut a = app(30, 120, 24, ColorMode::Never);
    assert!(status(&a).contains("sort: precedence"));
    press(&mut a, "s");
    assert!(status(&a).contains("sort: dtg"), "{}", status(&a));
    let dtgs: Vec<i64> = a
        .inbox
        .rows
        .iter()
        .filter_map(|&i| a.record(i).and_then(|r| r.dtg()))
        .collect();
    assert!(dtgs.windows(2).all(|w| w[0] >= w[1]), "newest first");
}

#[test]
fn help_is_generated_and_searchable() {
    let mut a = app(3, 100, 30, ColorMode::Never);
    press(&mut a, "?");
    assert!(
        screen(&a)
            .iter()
            .any(|l| l.contains("next_cable") && l.contains("Next cable"))
    );
    press(&mut a, "s o r t");
    let rows = screen(&a);
    assert!(rows.iter().any(|l| l.contains("cycle_sort")));
    assert!(
        !rows.iter().any(|l| l.contains("next_cable")),
        "search narrows the list"
    );
    press(&mut a, "<esc>");
    assert!(a.overlay.is_none());
}

#[test]
fn unbound_keys_and_the_command_line() {
    let mut a = app(30, 100, 24, ColorMode::Never);
    press(&mut a, "Z");
    assert!(status(&a).contains("Z is not bound"), "{}", status(&a));
    press(&mut a, ": 1 2 <enter>");
    assert_eq!(a.inbox.selected, 11);
    press(&mut a, ": s o r t <space> o r i g i n <enter>");
    assert!(status(&a).contains("sort: origin"));
    press(&mut a, ": b o g u s <enter>");
    assert!(status(&a).contains("unknown command"));
}

#[test]
fn a_user_keymap_changes_the_keys() {
    let mut a = app(10, 100, 24, ColorMode::Never);
    a.keymap
        .merge_toml(
            "[global]\nj = \"noop\"\n\"<space> d\" = \"move_down\"\n",
            "test.toml",
        )
        .expect("keymap");
    press(&mut a, "j");
    assert_eq!(a.inbox.selected, 0);
    press(&mut a, "<space> d");
    assert_eq!(a.inbox.selected, 1);
}

#[test]
fn a_filter_that_matches_nothing_returns_to_the_same_cable() {
    let mut a = app(30, 100, 24, ColorMode::Never);
    press(&mut a, "j j j");
    let before = a.selected_record();
    press(&mut a, "/ z z z z");
    assert!(a.inbox.rows.is_empty());
    assert!(screen(&a).iter().any(|l| l.contains("No cable matches")));
    press(&mut a, "<esc>");
    assert_eq!(a.selected_record(), before);
    press(&mut a, "/ z z z <enter> <esc>");
    assert_eq!(a.selected_record(), before);
}

#[test]
fn a_bad_keymap_at_start_is_a_message_and_the_defaults_stay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("keymap.toml");
    std::fs::write(&file, "[inbox]\nj = \"jump_around\"\n").expect("write");
    let (km, message) = cabletriage::cli::inbox::load_keymap(Some(&file));
    let message = message.expect("a message");
    assert!(
        message.contains("keymap.toml")
            && message.contains("[inbox] \"j\"")
            && message.contains("jump_around"),
        "{message}"
    );
    assert_eq!(km, cabletriage::keymap::Keymap::default_keymap());
}

#[test]
fn the_cursor_sits_on_the_selected_row() {
    let mut a = app(30, 100, 24, ColorMode::Never);
    press(&mut a, "j j j");
    let mut term = cabletriage::tui::testing::render(&a);
    let pos = term.get_cursor_position().expect("cursor");
    let rows = screen(&a);
    assert!(
        rows[pos.y as usize].starts_with(a.theme.cursor_mark()),
        "cursor row: {}",
        rows[pos.y as usize]
    );
    assert_eq!(pos.x, 0);
}

#[test]
fn ascii_mode_draws_no_box_characters() {
    let mut a = app(30, 100, 30, ColorMode::Never);
    a.theme.ascii = true;
    press(&mut a, "<enter>");
    deliver(&mut a);
    let text = screen(&a).concat();
    assert!(text.contains("+-"), "ascii corners");
    assert!(
        !text
            .chars()
            .any(|c| ('\u{2500}'..='\u{257f}').contains(&c) || c == '…' || c == '•' || c == '▶'),
        "{text}"
    );
}

#[test]
fn a_large_inbox_filters_on_a_worker_and_drops_stale_results() {
    use cabletriage::keymap::{Key, Keymap};
    use cabletriage::tui::filtering::{self, IN_PLACE_LIMIT};
    use cabletriage::tui::{Effect, Theme, handle_key};
    use std::sync::atomic::AtomicBool;

    let mut a = cabletriage::tui::App::new(
        Keymap::default_keymap(),
        Theme::new(ColorMode::Never, false),
    );
    a.size = (100, 24);
    let total = IN_PLACE_LIMIT + 5_000;
    let effect = a.set_traffic(
        cabletriage::tui::testing::synthetic_traffic(total),
        Default::default(),
    );
    assert!(effect.is_empty(), "no filter yet: nothing to run");
    let key = |s: &str| Key::parse(s).expect("key");
    assert!(handle_key(&mut a, key("/")).is_empty());
    let Some(Effect::Filter(first)) = handle_key(&mut a, key("q")).pop() else {
        panic!("a filter job")
    };
    assert!(a.inbox.filtering);
    assert!(status(&a).contains("filtering…"), "{}", status(&a));
    assert_eq!(
        a.inbox.rows.len(),
        total,
        "the rows stay until the worker answers"
    );
    let Some(Effect::Filter(second)) = handle_key(&mut a, key("z")).pop() else {
        panic!("a filter job")
    };
    let never = AtomicBool::new(false);
    let stale = filtering::run(*first, &never).expect("ran");
    a.filtered(stale);
    assert!(a.inbox.filtering, "the older result is dropped");
    assert_eq!(a.inbox.rows.len(), total);
    let fresh = filtering::run(*second, &never).expect("ran");
    a.filtered(fresh);
    assert!(!a.inbox.filtering);
    assert!(a.inbox.rows.len() < total, "qz narrows the synthetic inbox");
    assert!(!status(&a).contains("filtering…"));
    let cancelled = AtomicBool::new(true);
    let Some(Effect::Filter(third)) = handle_key(&mut a, key("<backspace>")).pop() else {
        panic!("a filter job")
    };
    assert!(
        filtering::run(*third, &cancelled).is_none(),
        "a cancelled job answers nothing"
    );
}

/// Re-sorting a large inbox (filtered on a worker) while a filter is in force gives the filter's
/// rows in the new order, not the old rows in the old order.
#[test]
fn resorting_a_large_filtered_inbox_orders_the_filtered_rows_anew() {
    use cabletriage::keymap::Keymap;
    use cabletriage::traffic::{Query, filter_indices, sorted_indices};
    use cabletriage::tui::Theme;
    use cabletriage::tui::filtering::IN_PLACE_LIMIT;
    use std::sync::atomic::AtomicBool;

    let mut a = cabletriage::tui::App::new(
        Keymap::default_keymap(),
        Theme::new(ColorMode::Never, false),
    );
    a.size = (100, 24);
    a.set_traffic(
        cabletriage::tui::testing::synthetic_traffic(IN_PLACE_LIMIT + 5_000),
        Default::default(),
    );
    press(&mut a, "/ h a r b <enter>");
    let expect = |a: &cabletriage::tui::App| {
        let order = sorted_indices(&a.traffic.records, a.inbox.sort);
        let q = Query::parse("harb").expect("query");
        filter_indices(
            &q,
            &a.traffic.records,
            &order,
            &Default::default(),
            &AtomicBool::new(false),
        )
        .expect("not cancelled")
    };
    assert!(!a.inbox.rows.is_empty() && a.inbox.rows.len() < a.traffic.records.len());
    assert!(a.inbox.rows == expect(&a));
    for _ in 0..4 {
        press(&mut a, "s");
        let want = expect(&a);
        assert!(
            a.inbox.rows == want,
            "sorted by {}: {} rows shown, {} expected, first {:?} against {:?}",
            a.inbox.sort.name(),
            a.inbox.rows.len(),
            want.len(),
            a.inbox.rows.first(),
            want.first()
        );
    }
}

/// Typing a query key by key into a large inbox: each worker job narrows the previous rows and
/// checks only what the new keystroke added, and every answer equals a filter of the whole
/// inbox by the whole query.
#[test]
fn typing_into_a_large_inbox_narrows_to_the_same_rows_as_a_fresh_filter() {
    use cabletriage::keymap::{Key, Keymap};
    use cabletriage::traffic::{Query, filter_indices, sorted_indices};
    use cabletriage::tui::filtering::{self, IN_PLACE_LIMIT};
    use cabletriage::tui::{Effect, Theme, handle_key};
    use std::sync::atomic::AtomicBool;

    let mut a = cabletriage::tui::App::new(
        Keymap::default_keymap(),
        Theme::new(ColorMode::Never, false),
    );
    a.size = (100, 24);
    a.set_traffic(
        cabletriage::tui::testing::synthetic_traffic(IN_PLACE_LIMIT + 5_000),
        Default::default(),
    );
    let never = AtomicBool::new(false);
    handle_key(&mut a, Key::parse("/").expect("key"));
    let mut typed = String::new();
    let mut narrowed = 0;
    for k in ["h", "a", "r", "<space>", "-", "q", "<space>", "e"] {
        typed.push_str(if k == "<space>" { " " } else { k });
        let Some(Effect::Filter(job)) = handle_key(&mut a, Key::parse(k).expect("key")).pop()
        else {
            // A half-typed term ("har -") is not a query yet: the rows stay as they were.
            assert!(Query::parse(&typed).is_err(), "no filter job for {typed:?}");
            continue;
        };
        if job.check != job.query {
            narrowed += 1;
        }
        let done = filtering::run(*job, &never).expect("ran");
        a.filtered(done);
        let q = Query::parse(&typed).expect("query");
        let order = sorted_indices(&a.traffic.records, a.inbox.sort);
        let want = filter_indices(&q, &a.traffic.records, &order, &Default::default(), &never)
            .expect("not cancelled");
        assert!(
            a.inbox.rows == want,
            "{typed:?}: {} rows, {} expected",
            a.inbox.rows.len(),
            want.len()
        );
    }
    assert!(
        !a.inbox.rows.is_empty(),
        "the synthetic inbox has matches for {typed:?}"
    );
    assert!(narrowed >= 4, "only {narrowed} keystrokes narrowed");
}

#[test]
fn capital_s_and_sort_dash_reverse_the_order() {
    let mut a = app(30, 120, 24, ColorMode::Never);
    press(&mut a, "s");
    let forward = a.inbox.rows.clone();
    press(&mut a, "S");
    assert!(status(&a).contains("sort: -dtg"), "{}", status(&a));
    let mut reversed = a.inbox.rows.clone();
    reversed.reverse();
    assert_eq!(reversed, forward, "S reverses the order");
    press(&mut a, ": s o r t <space> d t g <enter>");
    assert_eq!(a.inbox.rows, forward, ":sort dtg is forward again");
    press(&mut a, ": s o r t <space> - d t g <enter>");
    assert!(status(&a).contains("sort: -dtg"), "{}", status(&a));
}
