//! A multi-section cable (one id, a section per file) shows which section each row is, in the
//! inbox and after a round trip through the index cache.

mod tui_support;

use cabletriage::traffic::{LoadOptions, load_dir_with};
use tui_support::{sample_app, screen};

#[test]
fn each_section_of_a_multi_section_cable_is_told_apart() {
    let app = sample_app(120, 40);
    let shown = screen(&app).join("\n");
    for tag in ["[1/3] ESTONIA", "[2/3] ESTONIA", "[3/3] ESTONIA"] {
        assert!(shown.contains(tag), "{tag} missing:\n{shown}");
    }
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
