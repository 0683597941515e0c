//! Driving the app without a terminal, for tests and benches: key strings through the real
//! keymap (`press(&mut app, "j j <enter> J <esc>")`), effects run in place, frames drawn on a
//! `TestBackend`.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::app::{App, Effect};
use super::handle_key;
use std::sync::atomic::AtomicBool;

use chrono::DateTime;

use crate::cable::{Addressee, Cable, Classification, Precedence};
use crate::keymap::Key;
use crate::traffic::{Interner, Record, Traffic};

/// Press each key of `keys` (keymap syntax, space-separated); a cable to read is read and a
/// filter job run at once.
/// Panics on a malformed key string: that is a defect in the test.
/// The layout is measured after each key, as the event loop draws after each batch of events.
/// Panics on a malformed key string: that is a defect in the test.
pub fn press(app: &mut App, keys: &str) {
    for word in keys.split_whitespace() {
        let key = Key::parse(word).unwrap_or_else(|e| panic!("bad key string in a test: {e}"));
        let effects = handle_key(app, key);
        run_effects(app, effects);
        super::ui::measure(app);
    }
}

/// [`press`], but journal writes go to `writer` (a real writer thread, as in the event loop):
/// their outcomes come back as events on the writer's channel, for the test to [`super::apply`].
pub fn press_via(app: &mut App, keys: &str, writer: &super::writer::Writer) {
    for word in keys.split_whitespace() {
        let key = Key::parse(word).unwrap_or_else(|e| panic!("bad key string in a test: {e}"));
        let (writes, rest): (Vec<Effect>, Vec<Effect>) = handle_key(app, key)
            .into_iter()
            .partition(|e| matches!(e, Effect::Write(_)));
        for w in writes {
            if let Effect::Write(job) = w
                && writer.send(*job).is_err()
            {
                panic!("the journal writer is gone");
            }
        }
        run_effects(app, rest);
        super::ui::measure(app);
    }
}

/// Run `effects` in place: a cable is read, a filter job run and a journal write written (on
/// the session's journal, see [`super::pending::write_in_place`]) at once.
pub fn run_effects(app: &mut App, effects: Vec<Effect>) {
    for effect in effects {
        match effect {
            Effect::ReadCable(key) => {
                if let Some(records) = app.cable_records(&key) {
                    let result = crate::traffic::sections::read_joined(&app.traffic.root, &records);
                    app.cable_read(&key, result);
                }
            }
            Effect::Filter(job) => {
                if let Some(done) = super::filtering::run(*job, &AtomicBool::new(false)) {
                    app.filtered(done);
                }
            }
            Effect::EditNote { dir, text } => {
                let edited = super::external::edit(&dir, &text);
                super::editing::edited(app, edited);
            }
            Effect::RunAlert(job) => {
                let outcome = crate::office::alert::run(&job);
                super::clock::alert_done(app, &job, &outcome);
            }
            Effect::Write(job) => {
                let more = super::pending::write_in_place(app, &job);
                run_effects(app, more);
            }
            Effect::Suspend | Effect::Redraw => {}
        }
    }
}

/// Draw one frame of `app` at its size onto a fresh test terminal, as it was last measured
/// ([`press`] measures after each key).
pub fn render(app: &App) -> Terminal<TestBackend> {
    let (w, h) = app.size;
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| match e {});
    let _ = term.draw(|f| {
        super::ui::paint(f, app);
    });
    term
}

/// `n` synthetic records of realistic shape (invented posts and subjects), for benches and
/// size tests: built from small cables in memory, without files.
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
    let interner = Interner::default();
    let records = (0..n)
        .map(|i| {
            let subject: Vec<&str> = (0..6)
                .map(|k| WORDS[(i * 7 + k * 3) % WORDS.len()])
                .collect();
            let cable = Cable {
                file: format!("synthetic/{i}.txt"),
                id: Some(format!("09SYNTH{i}")),
                precedence: Precedence::from_rank((i % 5) as u8),
                classification: Classification::from_rank((i % 4) as u8),
                dtg: DateTime::from_timestamp(1_230_000_000 + (i as i64 * 977) % 80_000_000, 0),
                origin: Some(POSTS[i % POSTS.len()].to_string()),
                to: (0..1 + i % 3)
                    .map(|k| Addressee {
                        addressee: POSTS[(i + k + 1) % POSTS.len()].into(),
                        ..Default::default()
                    })
                    .collect(),
                subject: Some(subject.join(" ")),
                tags: vec!["PREL".into(), "ECON".into(), "FX".into()],
                caveats: vec!["SIPDIS".into()],
                ..Default::default()
            };
            Record::from_cable_in(&cable, 0, &interner)
        })
        .collect();
    Traffic {
        root: "synthetic".into(),
        records,
        ..Default::default()
    }
}
