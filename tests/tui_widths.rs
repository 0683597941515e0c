//! Subjects holding emoji joined by zero-width joiners, skin-tone modifiers, variation
//! selectors, zero-width spaces and bidi controls: every row of the screen is exactly the
//! terminal's width, counted as a terminal counts (per character), and a terminal emulator fed
//! the frames (first and after moving) shows what was drawn: no shifted column, no stray
//! border piece. All cable text is fictional.

mod tui_support;

use cabletriage::tui::testing::{press, render};
use cabletriage::tui::{App, ColorMode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::{TerminalOptions, Viewport};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

const SUBJECTS: [&str; 6] = [
    "FAMILY 👨\u{200d}👩\u{200d}👧\u{200d}👦 REUNION TALKS",
    "THUMBS 👍\u{1f3fd}👍\u{1f3ff} FOR THE QUOTA DEAL",
    "HARBOUR ☺\u{fe0f} 🏳\u{fe0f}\u{200d}🌈 FLAGS",
    "ZERO\u{200b}WIDTH\u{2060}JOINED\u{feff} WORDS\u{ad}HERE",
    "\u{202e}DESREVER\u{202c} AND \u{2067}ISOLATED\u{2069} TEXT",
    "KHMER \u{1780}\u{17d2}\u{1780} AND TIFINAGH \u{2d31}\u{2d7f}\u{2d31} SIGNS",
];

/// An app on fictional cables whose subjects and origins carry the sequences above.
fn app(w: u16, h: u16) -> App {
    app_with(w, h, &SUBJECTS)
}

fn app_with(w: u16, h: u16, subjects: &[&str]) -> App {
    let (mut traffic, mut cables) = tui_support::traffic(12);
    for (i, c) in cables.iter_mut().enumerate() {
        c.subject = Some(subjects[i % subjects.len()].to_string());
        if i % 2 == 0 {
            c.origin = Some("AMEMBASSY 👨\u{200d}👩\u{200d}👧 FICTIONIA".into());
        }
    }
    traffic.records = cables
        .iter()
        .map(|c| cabletriage::traffic::Record::from_cable(c, 0))
        .collect();
    let mut a = tui_support::app(0, w, h, ColorMode::Never);
    a.set_traffic(traffic, Default::default());
    a.message = None;
    a
}

/// Each row of `buf`: the cells' symbols (skipping the cells ratatui left to a wide symbol,
/// which it does not send), and the columns a terminal advances over for them, per character.
fn rows(buf: &Buffer) -> Vec<(String, usize)> {
    (0..buf.area.height)
        .map(|y| {
            let (mut text, mut cols, mut skip) = (String::new(), 0, 0);
            for x in 0..buf.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                skip = sym.width().saturating_sub(1);
                text.push_str(sym);
                cols += sym.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>();
            }
            (text, cols)
        })
        .collect()
}

fn assert_rows_fit(a: &App, what: &str) {
    let term = render(a);
    let buf = term.backend().buffer();
    for (y, (text, cols)) in rows(buf).into_iter().enumerate() {
        assert_eq!(
            cols,
            usize::from(a.size.0),
            "{what}: row {y} takes {cols} columns on a terminal: {text:?}"
        );
    }
}

#[test]
fn every_row_is_exactly_the_terminals_width() {
    for (w, h) in [(80, 24), (120, 40), (43, 12)] {
        let mut a = app(w, h);
        assert_rows_fit(&a, "inbox");
        press(&mut a, "j j <enter>");
        assert_rows_fit(&a, "reader");
        press(&mut a, "<esc> /");
        assert_rows_fit(&a, "filter prompt");
    }
}

/// The bytes the backend sends, kept for the emulator.
#[derive(Clone, Default)]
struct Sent(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Sent {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a terminal emulator shows after being sent the frames drawn for `steps` (key strings
/// pressed between frames), beside the last frame as drawn.
fn emulate(w: u16, h: u16, steps: &[&str]) -> (vt100::Parser, Buffer) {
    // vt100 draws no U+FFFD (it stands for bytes it could not decode there), which a real
    // terminal draws in one cell: leave out the subjects that clean to one.
    let mut a = app_with(w, h, &SUBJECTS[..5]);
    let area = Rect::new(0, 0, w, h);
    let sent = Sent::default();
    let backend = CrosstermBackend::new(sent.clone());
    let mut term = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(area),
        },
    )
    .expect("terminal");
    let nz = |n: u16| std::num::NonZeroU16::new(n).expect("non-zero");
    let mut vt = vt100::Parser::new(nz(h), nz(w), 0);
    let mut last = Buffer::empty(area);
    for keys in steps {
        press(&mut a, keys);
        let frame = term
            .draw(|f| cabletriage::tui::ui::draw(f, &mut a))
            .expect("draw");
        last = frame.buffer.clone();
        let bytes = std::mem::take(&mut *sent.0.borrow_mut());
        vt.process(&bytes);
    }
    (vt, last)
}

#[test]
fn a_terminal_shows_what_was_drawn_after_moving_through_the_rows() {
    let (w, h) = (80, 24);
    let (vt, drawn) = emulate(w, h, &["", "j", "j j", "k", "G", "g g"]);
    let screen = vt.screen();
    let expected = rows(&drawn);
    for (y, (want, _)) in expected.iter().enumerate() {
        let got = screen
            .rows(0, w)
            .nth(y)
            .expect("a row")
            .trim_end()
            .to_string();
        assert_eq!(
            &got,
            want.trim_end(),
            "row {y} on the terminal differs from the frame"
        );
    }
}
