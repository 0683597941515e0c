//! Frame rendering at 200x50 with 250,000 cables loaded: the inbox and the reading view. Only
//! the visible rows are built, so the time should not depend on the number of cables. The
//! `_due` frame runs the office clock with every cable on screen unhandled and within the
//! archive age, so each row draws its due cell (the worst case for the due column).

use std::hint::black_box;

use cabletriage::keymap::Keymap;
use cabletriage::triage::TriageState;
use cabletriage::tui::testing::{press, synthetic_traffic};
use cabletriage::tui::{App, ColorMode, Theme};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app(n: usize) -> App {
    let mut app = App::new(
        Keymap::default_keymap(),
        Theme::new(ColorMode::TrueColor, false),
    );
    app.size = (200, 50);
    app.set_traffic(synthetic_traffic(n), TriageState::default());
    app
}

fn render(c: &mut Criterion) {
    let mut a = app(250_000);
    press(&mut a, "G k k");
    let mut term = Terminal::new(TestBackend::new(200, 50)).unwrap_or_else(|e| match e {});
    c.bench_function("inbox_frame_200x50_250k", |b| {
        b.iter(|| {
            term.draw(|f| cabletriage::tui::ui::draw(f, black_box(&mut a)))
                .map(|_| ())
                .unwrap_or(());
        })
    });
    let mut due = app(250_000);
    let mut office = cabletriage::office::clock::OfficeClock::default();
    office.objectives.archive_after = 20 * 365 * 86_400;
    // After the last synthetic DTG: every row overdue.
    cabletriage::tui::clock::start(&mut due, office, 1_320_000_000);
    press(&mut due, "G k k");
    c.bench_function("inbox_frame_200x50_250k_due", |b| {
        b.iter(|| {
            term.draw(|f| cabletriage::tui::ui::draw(f, black_box(&mut due)))
                .map(|_| ())
                .unwrap_or(());
        })
    });
    let mut moving = app(250_000);
    c.bench_function("inbox_move_and_frame_200x50_250k", |b| {
        b.iter(|| {
            press(&mut moving, "j");
            term.draw(|f| cabletriage::tui::ui::draw(f, &mut moving))
                .map(|_| ())
                .unwrap_or(());
        })
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
