//! Whole screens as snapshots (80x24 and 120x40), the colours the snapshots cannot show, and
//! every terminal size from 20x5 to 200x60 drawn without a panic or an overflow.

mod tui_support;

use cabletriage::tui::testing::{press, render};
use cabletriage::tui::{App, ColorMode, Theme};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use tui_support::{app, deliver, sample_app};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, a: &App) {
    let term = render(a);
    let (w, h) = a.size;
    insta::assert_snapshot!(format!("{name}_{w}x{h}"), term.backend());
}

/// As [`snap`], with the times the journal recorded just now (`2026-12-06 08:02Z`) masked.
fn snap_untimed(name: &str, a: &App) {
    let term = render(a);
    let (w, h) = a.size;
    let text = format!("{}", term.backend());
    insta::assert_snapshot!(format!("{name}_{w}x{h}"), mask_times(&text));
}

/// Every `dddd-dd-dd dd:ddZ` in `text` as `YYYY-MM-DD hh:mmZ`.
fn mask_times(text: &str) -> String {
    const SHAPE: &[u8] = b"dddd-dd-dd dd:ddZ";
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let fits = b.len() - i >= SHAPE.len()
            && SHAPE.iter().zip(&b[i..]).all(|(s, c)| match s {
                b'd' => c.is_ascii_digit(),
                other => other == c,
            });
        if fits {
            out.push_str("YYYY-MM-DD hh:mmZ");
            i += SHAPE.len();
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

#[test]
fn inbox() {
    for (w, h) in SIZES {
        snap("inbox", &sample_app(w, h));
    }
}

#[test]
fn reading_view() {
    for (w, h) in SIZES {
        let mut a = sample_app(w, h);
        press(&mut a, "j <enter>");
        snap("reader", &a);
    }
}

#[test]
fn help() {
    for (w, h) in SIZES {
        let mut a = sample_app(w, h);
        press(&mut a, "?");
        snap("help", &a);
    }
}

#[test]
fn filter_prompt() {
    for (w, h) in SIZES {
        let mut a = sample_app(w, h);
        press(&mut a, "/ e s t o n i a");
        snap("filter", &a);
    }
}

/// The sample inbox at 80x24 with a journal in a fresh state directory (desks from
/// sample-traffic/desks.toml).
fn triage_app(state: &tempfile::TempDir) -> App {
    let mut a = sample_app(80, 24);
    let traffic = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-traffic");
    cabletriage::tui::session::start(&mut a, state.path(), "alice", &traffic);
    a.message = None;
    a
}

#[test]
fn label_prompt() {
    let state = tempfile::tempdir().expect("temp dir");
    let mut a = triage_app(&state);
    press(&mut a, "t u r g e n t , <space> f o l l o w - u p <enter>");
    press(&mut a, "j t u <space> f o");
    snap("label_prompt", &a);
}

#[test]
fn desk_picker() {
    let state = tempfile::tempdir().expect("temp dir");
    let mut a = triage_app(&state);
    press(&mut a, "j r");
    snap("desk_picker", &a);
    press(&mut a, "<tab> e u r");
    snap("desk_picker_info", &a);
}

#[test]
fn note_editor() {
    let state = tempfile::tempdir().expect("temp dir");
    let mut a = triage_app(&state);
    press(
        &mut a,
        "<enter> n A s k <space> E U R <enter> b y <space> F r i d a y .",
    );
    snap("note_editor", &a);
    press(&mut a, "<esc>");
    snap_untimed("reader_with_note", &a);
}

/// Where `text` starts in row `y` of the buffer.
fn find(buf: &Buffer, y: u16, text: &str) -> Option<u16> {
    let row: Vec<String> = (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect();
    (0..buf.area.width).find(|&x| row[x as usize..].concat().starts_with(text))
}

fn row_of(buf: &Buffer, text: &str) -> Option<(u16, u16)> {
    (0..buf.area.height).find_map(|y| find(buf, y, text).map(|x| (x, y)))
}

#[test]
fn flash_is_reverse_bold_with_and_without_colour() {
    for mode in [ColorMode::Never, ColorMode::Ansi16, ColorMode::TrueColor] {
        let a = app(10, 120, 30, mode);
        let term = render(&a);
        let buf = term.backend().buffer();
        let (x, y) = row_of(buf, "FLASH ").expect("a FLASH row");
        let style = buf[(x, y)].style();
        assert!(
            style
                .add_modifier
                .contains(Modifier::REVERSED | Modifier::BOLD),
            "{mode:?}: {style:?}"
        );
        let (x, y) = row_of(buf, "ROUTINE").expect("a ROUTINE row");
        assert!(
            !buf[(x, y)]
                .style()
                .add_modifier
                .contains(Modifier::REVERSED),
            "only FLASH is reversed"
        );
    }
}

#[test]
fn classification_columns_and_banners_use_the_banner_colours() {
    let a = app(10, 120, 30, ColorMode::Ansi16);
    let term = render(&a);
    let buf = term.backend().buffer();
    for (word, color) in [
        ("UNCLASSIFIED", Color::Green),
        ("CONFIDENTIAL", Color::Blue),
        ("SECRET ", Color::Red),
        ("TOP SECRET ", Color::Yellow),
    ] {
        let (x, y) = (2..buf.area.height - 2)
            .find_map(|y| find(buf, y, word).map(|x| (x, y)))
            .unwrap_or_else(|| panic!("{word} in the list"));
        assert_eq!(buf[(x, y)].fg, color, "{word}");
    }
    // The banner shows the highest classification on screen, on its colour.
    let top: String = (0..120).map(|x| buf[(x, 0)].symbol().to_string()).collect();
    assert_eq!(top.trim(), "TOP SECRET");
    assert_eq!(buf[(0, 0)].bg, Color::Yellow);
    assert_eq!(buf[(0, 29)].bg, Color::Yellow);
}

#[test]
fn reader_banner_is_the_cables_own_with_caveats() {
    let mut a = app(10, 100, 30, ColorMode::TrueColor);
    // The fictional cable 3 is CONFIDENTIAL//NOFORN.
    let row = a
        .inbox
        .rows
        .iter()
        .position(|&i| a.record(i).and_then(|r| r.id()) == Some("09MERIDIAN103"));
    for _ in 0..row.expect("cable 3") {
        press(&mut a, "j");
    }
    press(&mut a, "<enter>");
    deliver(&mut a);
    let term = render(&a);
    let buf = term.backend().buffer();
    let top: String = (0..100).map(|x| buf[(x, 0)].symbol().to_string()).collect();
    assert_eq!(top.trim(), "CONFIDENTIAL//NOFORN");
}

#[test]
fn filter_matches_are_highlighted_in_the_subject() {
    let mut a = app(30, 120, 30, ColorMode::Never);
    press(&mut a, "/ h a r b o u r");
    let term = render(&a);
    let buf = term.backend().buffer();
    let (x, y) = row_of(buf, "HARBOUR TALKS").expect("a harbour row");
    let underlined = |dx: u16| {
        buf[(x + dx, y)]
            .style()
            .add_modifier
            .contains(Modifier::UNDERLINED)
    };
    assert!((0..7).all(underlined), "HARBOUR is highlighted");
    assert!(!underlined(8), "TALKS is not");
}

#[test]
fn every_size_draws_inside_the_screen() {
    let mut screens: Vec<App> = Vec::new();
    let keysets = ["", "j <enter>", "?", "/ h a r", "j <enter> <tab> G"];
    // The queues sidebar (shown, focused, a queue applied) and the reference list.
    let finding = ["b", "b j <enter>", "j <enter> g r"];
    for keys in keysets.into_iter().chain(finding) {
        let mut a = app(25, 80, 24, ColorMode::Ansi256);
        let queues = cabletriage::config::Config::default_queues();
        cabletriage::tui::queues::install(&mut a, queues);
        cabletriage::tui::queues::count_now(&mut a);
        press(&mut a, keys);
        deliver(&mut a);
        screens.push(a);
    }
    for a in &mut screens {
        for w in 20..=200u16 {
            for h in (5..=60u16).step_by(if w % 10 == 0 { 1 } else { 11 }) {
                a.size = (w, h);
                a.inbox.scroll_to_selection();
                let term = render(a);
                assert_eq!(term.backend().buffer().area.width, w);
            }
        }
    }
}

#[test]
fn nothing_panics_below_the_minimum_either() {
    let mut a = app(5, 80, 24, ColorMode::Never);
    press(&mut a, "<enter>");
    deliver(&mut a);
    for (w, h) in [(0, 0), (1, 1), (5, 2), (19, 4), (3, 30)] {
        a.size = (w, h);
        render(&a);
    }
}

#[test]
fn triage_columns_show_labels_desk_and_the_unread_mark() {
    let mut a = app(6, 200, 20, ColorMode::Never);
    let first = a.inbox.rows[0];
    let key = a.record(first).expect("record").key();
    let mut triage = cabletriage::triage::TriageState::default();
    let st = triage.get_mut(&key);
    st.labels.insert("urgent-review".into());
    st.action_desk = Some("EUR/NB".into());
    st.read = true;
    let traffic = std::mem::take(&mut a.traffic);
    let traffic = std::sync::Arc::try_unwrap(traffic).expect("sole owner");
    a.set_traffic(traffic, triage);
    let rows = tui_support::screen(&a);
    assert!(
        rows[1].contains("LABELS") && rows[1].contains("DESK"),
        "{}",
        rows[1]
    );
    let row = rows
        .iter()
        .find(|l| l.contains("urgent-review"))
        .expect("labelled row");
    assert!(row.contains("EUR/NB"));
    assert!(
        !row.chars().take(3).any(|c| c == '•'),
        "a read cable has no unread mark: {row}"
    );
    assert!(rows[3].contains('•'), "an unread one has: {}", rows[3]);
}

/// The status bar's text (the row above the bottom banner).
fn status_line(a: &App) -> String {
    let rows = tui_support::screen(a);
    rows[rows.len() - 2].trim_end().to_string()
}

#[test]
fn the_help_hint_stays_on_an_80_column_status_bar_with_alerts_waiting() {
    // The sample traffic holds five FLASH/NIACT cables nobody has acknowledged.
    let narrow = status_line(&sample_app(80, 24));
    assert!(narrow.contains("5 unacked"), "{narrow}");
    assert!(narrow.ends_with("? help"), "{narrow}");
    // Cables, not files: the three section files of one IMMEDIATE cable count once, and the
    // scraped copy of a ROUTINE one too.
    assert!(narrow.contains("F2 N3 I12 P18 R12"), "{narrow}");
    let wide = status_line(&sample_app(120, 40));
    assert!(
        wide.contains("FLASH 2 NIACT 3 IMMED 12 PRIOR 18 ROUT 12"),
        "{wide}"
    );
    assert!(wide.ends_with("? help"), "{wide}");
}

#[test]
fn under_ascii_every_character_on_screen_is_ascii() {
    let state = tempfile::tempdir().expect("temp dir");
    let mut a = triage_app(&state);
    a.theme = Theme::new(ColorMode::Never, true);
    let assert_ascii = |a: &App, what: &str| {
        let screen = tui_support::screen(a).join("\n");
        let odd: String = screen.chars().filter(|c| !c.is_ascii()).collect();
        assert!(odd.is_empty(), "{what}: {odd:?} in\n{screen}");
    };
    assert_ascii(&a, "inbox");
    press(&mut a, "f n T e x t <esc>");
    assert_ascii(&a, "triage glyphs");
    press(&mut a, "g");
    assert_ascii(&a, "pending chord");
    press(&mut a, "<esc> ?");
    assert_ascii(&a, "help");
    press(&mut a, "<esc> r");
    assert_ascii(&a, "route picker");
    press(&mut a, "<esc> n");
    assert_ascii(&a, "note editor");
    press(&mut a, "<esc> t");
    assert_ascii(&a, "label prompt");
    press(&mut a, "<esc> <enter>");
    assert_ascii(&a, "reading view");
}
