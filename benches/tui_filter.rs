//! Keystroke to result in the TUI at 250,000 cables: a query typed into `/` key by key, each key
//! going through the keymap and `update` (the UI thread's share) and then the filter job it
//! asked for (the worker's share) until the rows are installed. Prints the median and 95th
//! percentile per keystroke, then lets criterion time the UI thread's share and counting the
//! saved queues (which runs on a worker and never delays a key).

use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use cabletriage::config::Queue;
use cabletriage::keymap::{Key, Keymap};
use cabletriage::triage::TriageState;
use cabletriage::tui::app::Effect;
use cabletriage::tui::testing::synthetic_traffic;
use cabletriage::tui::{App, ColorMode, Theme, filtering, handle_key, queues};
use criterion::{Criterion, criterion_group, criterion_main};

const N: usize = 250_000;

/// Queries typed one key at a time (synthetic traffic has invented subjects and posts).
const TYPED: [&str; 4] = [
    "harbour talks",
    "prec:>=immediate convoy",
    "from:norland -treaty",
    "class:secret visit",
];

fn app() -> App {
    let mut a = App::new(
        Keymap::default_keymap(),
        Theme::new(ColorMode::Never, false),
    );
    a.size = (200, 50);
    a.set_traffic(synthetic_traffic(N), TriageState::default());
    a
}

fn key(s: &str) -> Key {
    Key::parse(s).unwrap_or_else(|e| panic!("bad key in the bench: {e}"))
}

fn char_key(c: char) -> Key {
    key(&if c == ' ' {
        "<space>".to_string()
    } else {
        c.to_string()
    })
}

/// One keystroke: (time on the UI thread, time until the rows are in).
fn keystroke(a: &mut App, k: Key) -> (Duration, Duration) {
    let t0 = Instant::now();
    let effect = handle_key(a, k);
    let ui = t0.elapsed();
    if let Some(Effect::Filter(job)) = effect.into_iter().next()
        && let Some(done) = filtering::run(*job, &AtomicBool::new(false))
    {
        a.filtered(done);
    }
    (ui, t0.elapsed())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(a: &mut App) {
    let (mut ui, mut total) = (Vec::new(), Vec::new());
    for _round in 0..5 {
        for q in TYPED {
            handle_key(a, key("/"));
            for c in q.chars() {
                let (u, t) = keystroke(a, char_key(c));
                ui.push(u);
                total.push(t);
            }
            // Backspace over half of it (widening: no narrowing) then Esc clears.
            for _ in 0..q.len() / 2 {
                let (u, t) = keystroke(a, key("<backspace>"));
                ui.push(u);
                total.push(t);
            }
            keystroke(a, key("<esc>"));
        }
    }
    ui.sort();
    total.sort();
    eprintln!(
        "tui keystroke at {N} cables, {} keys: UI thread median {:.3} ms p95 {:.3} ms; \
         key to rows installed median {:.1} ms p95 {:.1} ms",
        total.len(),
        ms(percentile(&ui, 0.5)),
        ms(percentile(&ui, 0.95)),
        ms(percentile(&total, 0.5)),
        ms(percentile(&total, 0.95)),
    );
}

fn ten_queues() -> Vec<Queue> {
    let q = |name: &str, query: &str| Queue {
        name: name.into(),
        query: query.into(),
    };
    let mut list = cabletriage::config::Config::default_queues();
    list.extend([
        q("Norland", "from:norland"),
        q("Secret", "class:secret"),
        q("Harbour", "harbour"),
        q("After 2010", "after:2010-01-01"),
        q("Treaty talks", "treaty talks"),
        q("Not routine", "-prec:routine"),
    ]);
    list
}

fn bench(c: &mut Criterion) {
    let mut a = app();
    report(&mut a);

    queues::install(&mut a, ten_queues());
    a.queues.shown = Some(true);
    let t = Instant::now();
    queues::count_now(&mut a);
    eprintln!(
        "counting {} queues over {N} cables (on a worker): {:.1} ms",
        a.queues.list.len(),
        ms(t.elapsed())
    );

    c.bench_function("tui_filter_key_ui_thread_250k", |b| {
        // A query in force first, so neither key below empties it (an empty query is the
        // whole inbox, installed in place).
        handle_key(&mut a, key("/"));
        for c in "harbour".chars() {
            keystroke(&mut a, char_key(c));
        }
        b.iter(|| {
            black_box(handle_key(&mut a, key("s")));
            black_box(handle_key(&mut a, key("<backspace>")));
        });
        handle_key(&mut a, key("<esc>"));
    });
    let job = {
        a.queues.mark_stale();
        queues::poll(&mut a)
    };
    if let Some(job) = job {
        c.bench_function("tui_count_10_queues_250k", |b| {
            b.iter(|| black_box(job.run(&AtomicBool::new(false))))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
