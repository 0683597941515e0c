//! Bytes sent to the terminal for a one-row move, counted from a crossterm backend writing into
//! memory: only the changed cells go out, so a move costs a few hundred bytes, not a screen.

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use cabletriage::keymap::Keymap;
use cabletriage::triage::TriageState;
use cabletriage::tui::testing::{press, synthetic_traffic};
use cabletriage::tui::{App, ColorMode, Theme};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// A writer that keeps what it was sent where the test can count it.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn bytes_per_move(w: u16, h: u16, mode: ColorMode) -> (usize, usize) {
    let mut app = App::new(Keymap::default_keymap(), Theme::new(mode, false));
    app.size = (w, h);
    app.set_traffic(synthetic_traffic(5_000), TriageState::default());
    let out = Shared::default();
    let backend = CrosstermBackend::new(out.clone());
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
    };
    let mut term = Terminal::with_options(backend, options).expect("terminal");
    term.draw(|f| cabletriage::tui::ui::draw(f, &mut app))
        .expect("first frame");
    let full = out.0.borrow().len();
    press(&mut app, "j");
    term.draw(|f| cabletriage::tui::ui::draw(f, &mut app))
        .expect("second frame");
    let total = out.0.borrow().len();
    (full, total - full)
}

#[test]
fn a_one_row_move_sends_a_small_fraction_of_a_frame() {
    for (w, h) in [(80, 24), (200, 50)] {
        for mode in [ColorMode::Never, ColorMode::TrueColor] {
            let (full, step) = bytes_per_move(w, h, mode);
            eprintln!("{w}x{h} {mode:?}: first frame {full} bytes, one-row move {step} bytes");
            assert!(
                step * 5 < full,
                "{w}x{h} {mode:?}: a move sent {step} of {full} bytes"
            );
        }
    }
}
