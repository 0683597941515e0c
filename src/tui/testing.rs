//! Driving the app without a terminal, for tests and benches: key strings through the real
//! keymap (`press(&mut app, "j j <enter> J <esc>")`), effects run in place, frames drawn on a
//! `TestBackend`.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::app::{App, Effect};
use super::{event, handle_key};
use crate::cable::{Classification, Precedence};
use crate::keymap::Key;
use crate::traffic::{Record, Traffic};

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

/// `n` synthetic records of realistic shape (invented posts and subjects), for benches and
/// size tests: built directly, without files or parsing.
pub fn synthetic_traffic(n: usize) -> Traffic {
    const POSTS: [&str; 5] = [
        "AMEMBASSY FICTIONIA",
        "AMEMBASSY NORLAND",
        "USMISSION ATLANTIS",
        "AMCONSUL PORT MERIDIAN",
        "SECSTATE WASHDC",
    ];
    const WORDS: [&str; 8] = [
        "HARBOUR", "TALKS", "QUOTA", "ELECTION", "STRIKE", "TREATY", "VISIT", "CONVOY",
    ];
    let b = |s: &str| -> Box<str> { s.into() };
    let records = (0..n)
        .map(|i| {
            let subject: Vec<&str> = (0..6)
                .map(|k| WORDS[(i * 7 + k * 3) % WORDS.len()])
                .collect();
            Record {
                path: format!("synthetic/{i}.txt").into(),
                index_in_file: 0,
                id: Some(format!("09SYNTH{i}").into()),
                precedence: Precedence::from_rank((i % 5) as u8),
                classification: Classification::from_rank((i % 4) as u8),
                dtg: Some(1_230_000_000 + (i as i64 * 977) % 80_000_000),
                origin: b(POSTS[i % POSTS.len()]),
                to: (0..1 + i % 3)
                    .map(|k| b(POSTS[(i + k + 1) % POSTS.len()]))
                    .collect(),
                info: Box::new([]),
                subject: subject.join(" ").into(),
                tags: vec![b("PREL"), b("ECON"), b("FX")].into_boxed_slice(),
                caveats: vec![b("SIPDIS")].into_boxed_slice(),
                refs: Box::new([]),
                has_warnings: false,
            }
        })
        .collect();
    Traffic {
        root: "synthetic".into(),
        records,
        ..Default::default()
    }
}
