//! Fictional traffic for the TUI tests: invented posts, subjects and people; no real cable text.

#![allow(dead_code)]

use cabletriage::cable::{Addressee, Cable, Classification, Paragraph, Precedence, Reference};
use cabletriage::keymap::Keymap;
use cabletriage::traffic::sections::Joined;
use cabletriage::traffic::{Record, Traffic};
use cabletriage::triage::TriageState;
use cabletriage::tui::{App, ColorMode, Theme};
use chrono::{TimeZone, Utc};

const POSTS: &[&str] = &[
    "AMEMBASSY FICTIONIA",
    "AMEMBASSY NORLAND",
    "USMISSION ATLANTIS",
    "AMCONSUL PORT MERIDIAN",
];
const SUBJECTS: &[&str] = &[
    "HARBOUR TALKS RESUME AFTER STORM DELAY",
    "NORLAND FISHERIES MINISTER ON QUOTA DISPUTE",
    "ATLANTIS ELECTION: OPPOSITION CLAIMS IRREGULARITIES",
    "MERIDIAN PORT STRIKE ENTERS SECOND WEEK",
    "DEMARCHE DELIVERED ON LIGHTHOUSE TREATY",
    "SCENESETTER FOR THE DEPUTY SECRETARY'S VISIT",
];
const TAGS: &[&[&str]] = &[
    &["PREL", "FX"],
    &["EFIS", "ETRD", "NL"],
    &["PGOV", "KDEM", "AT"],
    &["ELAB", "ECON"],
    &["PREL", "MARR"],
    &["OVIP", "PREL", "FX"],
];

/// The `n`-th fictional cable: precedence, classification and DTG vary with `n`.
pub fn cable(n: usize) -> Cable {
    let precedence = Precedence::ALL[n % 5];
    let classification = Classification::ALL[(n / 2) % 4];
    let post = POSTS[n % POSTS.len()];
    let id = format!("09{}{}", post.rsplit(' ').next().unwrap_or("X"), 100 + n);
    Cable {
        file: format!("/nonexistent/fictional/{n}.txt"),
        id: Some(id),
        precedence: Some(precedence),
        dtg: Utc
            .with_ymd_and_hms(2009, 3, 1 + (n % 28) as u32, (n % 24) as u32, 15, 0)
            .single(),
        origin: Some(post.to_string()),
        to: (0..1 + n % 3)
            .map(|i| Addressee {
                ri: Some("RUEHC".into()),
                addressee: ["SECSTATE WASHDC", "AMEMBASSY NORLAND", "USMISSION ATLANTIS"][i].into(),
                precedence: Some(precedence),
                serial: Some(format!("{:04}", 100 + n)),
            })
            .collect(),
        info: vec![Addressee {
            addressee: "AMCONSUL PORT MERIDIAN".into(),
            precedence: Some(Precedence::Priority),
            ..Default::default()
        }],
        classification: Some(classification),
        caveats: if n.is_multiple_of(3) {
            vec!["NOFORN".into()]
        } else {
            vec!["SIPDIS".into()]
        },
        decl: chrono::NaiveDate::from_ymd_opt(2019, 3, 1),
        tags: TAGS[n % TAGS.len()].iter().map(|t| t.to_string()).collect(),
        subject: Some(SUBJECTS[n % SUBJECTS.len()].to_string()),
        references: vec![Reference {
            label: Some("A".into()),
            text: "FICTIONIA 41".into(),
            id: Some("09FICTIONIA41".into()),
        }],
        classified_by: Some("Deputy Chief of Mission Ada Quill for reasons 1.4 (b), (d)".into()),
        summary: Some("Talks resumed on schedule. Both sides agreed to meet again.".into()),
        paragraphs: (1..=6)
            .map(|i| Paragraph {
                number: Some(i),
                marking: Some("C".into()),
                heading: (i == 3).then(|| "THE QUAYSIDE".to_string()),
                text: format!(
                    "Paragraph {i} of a fictional report. The harbourmaster said the breakwater \
                     would be repaired before the spring convoys, and that the committee had \
                     asked for a second survey of the channel. A long word follows: \
                     SUPERCALIFRAGILISTICEXPIALIDOCIOUSLYHARBOURMASTERLY."
                ),
            })
            .collect(),
        signer: Some("QUILL".into()),
        ..Default::default()
    }
}

pub fn traffic(count: usize) -> (Traffic, Vec<Cable>) {
    let cables: Vec<Cable> = (0..count).map(cable).collect();
    let records: Vec<Record> = cables.iter().map(|c| Record::from_cable(c, 0)).collect();
    let t = Traffic {
        root: "fictional-traffic".into(),
        records,
        ..Default::default()
    };
    (t, cables)
}

/// An app at `w`x`h` on `count` fictional cables, no colour unless asked.
pub fn app(count: usize, w: u16, h: u16, mode: ColorMode) -> App {
    let mut app = App::new(Keymap::default_keymap(), Theme::new(mode, false));
    app.size = (w, h);
    app.set_traffic(traffic(count).0, TriageState::default());
    app
}

/// Give the open reader its cable, as the worker thread would, and lay the screen out.
pub fn deliver(app: &mut App) {
    let Some(key) = app.reader.as_ref().map(|r| r.key.clone()) else {
        return;
    };
    let id = key.as_str().to_string();
    let n = (0..10_000)
        .find(|&n| cable(n).id.as_deref() == Some(&*id))
        .expect("fictional id");
    app.cable_read(&key, Ok(Joined::one(cable(n))));
    app.message = None;
    // The event loop draws after each batch of events, measuring the panes.
    cabletriage::tui::ui::measure(app);
}

/// The screen as text, one string per row.
pub fn screen(app: &App) -> Vec<String> {
    let term = cabletriage::tui::testing::render(app);
    let buf = term.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect()
}

/// An app at `w`x`h` on the project's `sample-traffic/` (fictional cables written for it).
pub fn sample_app(w: u16, h: u16) -> App {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-traffic");
    let traffic = cabletriage::traffic::load_dir(&dir).expect("sample-traffic loads");
    let mut app = App::new(
        Keymap::default_keymap(),
        Theme::new(ColorMode::Never, false),
    );
    app.size = (w, h);
    app.set_traffic(traffic, TriageState::default());
    app.message = None;
    app
}

/// `text` as a key string for `press`: each character a key, a space `<space>`, a newline
/// `<enter>`.
pub fn keys_of(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ' ' => "<space>".to_string(),
            '\n' => "<enter>".to_string(),
            '<' => "<lt>".to_string(),
            c => c.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sample inbox at `w`x`h` with a journal in `state` (so triage opens its overlays).
pub fn sample_with_journal(w: u16, h: u16, state: &std::path::Path) -> App {
    let mut a = sample_app(w, h);
    let traffic = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-traffic");
    cabletriage::tui::session::start(&mut a, state, "alice", &traffic);
    a.message = None;
    a
}

/// The screen's text with box borders taken out and runs of blanks made one, for finding a
/// text that wraps over several rows.
pub fn flowing(rows: &[String]) -> String {
    rows.iter()
        .map(|r| r.replace(['│', '|'], " "))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
