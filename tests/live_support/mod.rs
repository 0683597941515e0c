//! A real watched traffic folder and journal for tests of live traffic in the running app:
//! fictional cables in ACP-127 form, the app started as `tui::run` starts it (watcher included),
//! and the event loop driven as `tui::run` drives it: events from the channel through `apply`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant, SystemTime};

use cabletriage::keymap::Keymap;
use cabletriage::tui::{App, ColorMode, Event, Theme, live, session};

/// A fictional cable (invented post, people and events) in ACP-127 form.
pub fn fictional(prec: char, day: u32, serial: u32, subject: &str) -> String {
    format!(
        "{prec} {day:02}1200Z MAR 09\nFM AMEMBASSY FICTIONIA\nTO RUEHC/SECSTATE WASHDC {serial:04}\n\
         BT\nC O N F I D E N T I A L FICTIONIA {serial:06}\n\nSIPDIS\n\nE.O. 12958: DECL: 03/01/2019\n\
         TAGS: PREL, FX\nSUBJECT: {subject}\n\nClassified By: Ambassador Ada Quill for reasons 1.4 (b), (d)\n\n\
         1. (C) The harbourmaster said the breakwater would be repaired before spring.\n\nQUILL\nBT\n#{serial:04}\nNNNN\n"
    )
}

pub struct Fixture {
    _tmp: tempfile::TempDir,
    pub traffic: PathBuf,
    pub state: PathBuf,
}

pub fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().expect("temp dir");
    let traffic = tmp.path().join("traffic");
    std::fs::create_dir_all(&traffic).expect("traffic dir");
    let subjects = [
        ('O', "HARBOUR TALKS RESUME"),
        ('P', "QUOTA DISPUTE NARROWS"),
        ('R', "LIGHTHOUSE TREATY TEXT"),
        ('P', "CONVOY SCHEDULE AGREED"),
    ];
    for (i, (p, s)) in subjects.iter().enumerate() {
        let n = i as u32 + 1;
        let text = fictional(*p, n, 10 + n, s);
        std::fs::write(traffic.join(format!("c{n}.txt")), text).expect("write cable");
    }
    let state = tmp.path().join("state");
    Fixture {
        _tmp: tmp,
        traffic,
        state,
    }
}

/// The app on the fixture with the watcher running, as `tui::run` starts it.
pub fn start(f: &Fixture) -> (App, Receiver<Event>, live::LiveWatch) {
    let (tx, rx) = mpsc::channel();
    let mut watch = live::spawn(f.traffic.clone(), SystemTime::now(), tx);
    let mut app = App::new(
        Keymap::default_keymap(),
        Theme::new(ColorMode::Never, false),
    );
    app.size = (120, 30);
    app.live.bell_enabled = true;
    session::start(&mut app, &f.state, "alice", &f.traffic);
    let traffic = cabletriage::traffic::load_dir(&f.traffic).expect("load");
    app.set_traffic(traffic, Default::default());
    live::loaded(&mut app);
    // The load here keeps no stamps: the watcher walks for its own baseline.
    (watch.on_loaded())(None);
    (app, rx, watch)
}

/// Apply events until `done` holds or 5 s pass; the time it took.
pub fn drive(app: &mut App, rx: &Receiver<Event>, done: impl Fn(&App) -> bool) -> Option<Duration> {
    drive_for(app, rx, Duration::from_secs(5), done)
}

pub fn drive_for(
    app: &mut App,
    rx: &Receiver<Event>,
    limit: Duration,
    done: impl Fn(&App) -> bool,
) -> Option<Duration> {
    let t0 = Instant::now();
    while !done(app) {
        let left = limit.checked_sub(t0.elapsed())?;
        if let Ok(ev) = rx.recv_timeout(left) {
            cabletriage::tui::apply(app, ev);
        }
    }
    Some(t0.elapsed())
}

pub fn selected_key(app: &App) -> Option<String> {
    app.selected_record()
        .and_then(|i| app.record(i))
        .map(|r| r.key())
}

/// Write `text` under a hidden temporary name, then rename it into place (as a relay does).
pub fn arrive(dir: &Path, name: &str, text: &str) {
    let tmp = dir.join(format!(".{name}.part"));
    std::fs::write(&tmp, text).expect("write temp");
    std::fs::rename(&tmp, dir.join(name)).expect("rename");
}

/// `text` with a REF line citing `cited` (as `FICTIONIA 12`) under its subject.
pub fn citing(text: &str, cited: &str) -> String {
    text.replacen(
        "\n\nClassified By",
        &format!("\nREF: {cited}\n\nClassified By"),
        1,
    )
}
