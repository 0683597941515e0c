//! Driving the app without a terminal, for tests and benches: key strings through the real
//! keymap (`press(&mut app, "j j <enter> J <esc>")`), effects run in place, frames drawn on a
//! `TestBackend`.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::app::{App, Effect};
use super::{event, handle_key};
use crate::keymap::Key;

/// Press each key of `keys` (keymap syntax, space-separated); a cable to read is read at once.
/// Panics on a malformed key string: that is a defect in the test.
pub fn press(app: &mut App, keys: &str) {
    for word in keys.split_whitespace() {
        let key = Key::parse(word).unwrap_or_else(|e| panic!("bad key string in a test: {e}"));
        if let Some(Effect::ReadCable(i)) = handle_key(app, key)
            && let Some(r) = app.record(i)
        {
            let result = event::read_cable(r);
            app.cable_read(i, result);
        }
    }
}

/// Draw one frame of `app` at its size onto a fresh test terminal.
pub fn render(app: &App) -> Terminal<TestBackend> {
    let (w, h) = app.size;
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| match e {});
    let _ = term.draw(|f| super::ui::draw(f, app));
    term
}
