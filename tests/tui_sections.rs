//! A multi-section cable (one id, a section per file) is one row of the inbox, read whole in
//! the reading view; its records keep their sections after a round trip through the index
//! cache.

mod tui_support;

use cabletriage::traffic::{LoadOptions, load_dir_with};
use cabletriage::tui::testing::press;
use tui_support::{sample_app, screen};

#[test]
fn the_sections_of_a_multi_section_cable_are_one_row_read_whole() {
    // Issue 24 (one row per cable): this once showed a row per section file.
    let mut app = sample_app(120, 40);
    let shown = screen(&app).join("\n");
    assert_eq!(
        shown.matches("ESTONIA: FIRST ASSESSMENT").count(),
        1,
        "one row for the three section files:\n{shown}"
    );
    let row = (0..app.inbox.rows.len())
        .find(|&i| {
            let r = app.record(app.inbox.rows[i]).expect("row");
            r.subject().starts_with("ESTONIA: FIRST ASSESSMENT")
        })
        .expect("the cable has a row");
    app.inbox.select_row(row);
    press(&mut app, "<enter>");
    let doc = app
        .reader
        .as_ref()
        .and_then(|r| r.doc.as_ref())
        .expect("read");
    let body: Vec<String> = doc.body.iter().map(|l| l.text()).collect();
    let at = |s: &str| body.iter().position(|l| l == s);
    let (s1, s2, s3) = (
        at("SECTION 1 OF 3"),
        at("SECTION 2 OF 3"),
        at("SECTION 3 OF 3"),
    );
    assert!(
        s1.is_some() && s1 < s2 && s2 < s3,
        "{s1:?} {s2:?} {s3:?}: {body:?}"
    );
    assert!(!body.iter().any(|l| l.contains("missing")), "{body:?}");
}

#[test]
fn the_index_cache_keeps_sections() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-traffic");
    let state = tempfile::tempdir().expect("temp dir");
    let opts = LoadOptions {
        state_dir: Some(state.path().to_path_buf()),
        ..Default::default()
    };
    let sections = |t: &cabletriage::traffic::Traffic| {
        let mut s: Vec<_> = t.records.iter().filter_map(|r| r.section()).collect();
        s.sort_unstable();
        s
    };
    let (first, _) = load_dir_with(&dir, &opts, |_, _| {}).expect("first load");
    let (cached, stats) = load_dir_with(&dir, &opts, |_, _| {}).expect("cached load");
    assert!(stats.index_note.is_none(), "{:?}", stats.index_note);
    assert_eq!(stats.parsed, 0, "the second load comes from the index");
    let s = sections(&first);
    assert!(s.contains(&(2, Some(3))), "{s:?}");
    assert_eq!(sections(&cached), s);
}
