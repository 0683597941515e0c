//! Finding traffic in the TUI: the saved queues sidebar (counts against a filter computed
//! directly, selecting a queue filters the inbox), following references and coming back, the
//! "referenced by" list, and the `:` command line running any action by name with completion.

mod tui_support;

use std::sync::atomic::AtomicBool;

use cabletriage::config::Config;
use cabletriage::keymap::Action;
use cabletriage::traffic::{Query, SortKey, filter_indices};
use cabletriage::tui::app::{Level, Screen};
use cabletriage::tui::overlay::Overlay;
use cabletriage::tui::testing::{press, render};
use cabletriage::tui::{App, queues};
use tui_support::{app, deliver, sample_app, screen};

fn sample_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-traffic")
}

/// The sample inbox with the default queues (and the sample desks' queues).
fn with_queues(w: u16, h: u16) -> App {
    let mut a = sample_app(w, h);
    let desks = cabletriage::triage::Desks::load(&sample_dir().join("desks.toml"))
        .expect("sample desks load");
    queues::install(&mut a, Config::default().queues_with_desks(&desks));
    a
}

/// The rows `query` selects, computed straight from the traffic and the live triage state (one
/// row per cable: its first record).
fn direct(a: &App, query: &str) -> Vec<u32> {
    let q = Query::parse(query).expect("queue query parses");
    let mut all: Vec<u32> = cabletriage::traffic::sorted_indices(&a.traffic.records, a.inbox.sort);
    cabletriage::traffic::rows::one_per_cable(&a.traffic.records, &mut all);
    filter_indices(
        &q,
        &a.traffic.records,
        &all,
        a.triage_state(),
        &AtomicBool::new(false),
    )
    .expect("not cancelled")
}

fn id_in_reader(a: &App) -> String {
    let r = a.reader.as_ref().expect("reader open");
    r.record
        .and_then(|i| a.record(i))
        .and_then(|rec| rec.id())
        .unwrap_or("")
        .to_string()
}

fn open_by_id(a: &mut App, id: &str) {
    let keys: Vec<String> = format!("id:{id}").chars().map(String::from).collect();
    press(a, &format!("/ {} <enter> <enter>", keys.join(" ")));
    assert_eq!(id_in_reader(a), id);
}

#[test]
fn queue_counts_agree_with_a_direct_filter_and_follow_triage() {
    let state = tempfile::tempdir().expect("temp dir");
    let mut a = with_queues(120, 40);
    cabletriage::tui::session::start(&mut a, state.path(), "alice", &sample_dir());
    press(&mut a, "f j f j j R");
    queues::count_now(&mut a);
    assert!(a.queues.list.len() > 4, "defaults plus one queue per desk");
    for (i, q) in a.queues.list.iter().enumerate() {
        let want = direct(&a, &q.query).len();
        assert_eq!(a.queues.counts[i], Some(want), "queue {}", q.name);
    }
    let flagged = a.queues.list.iter().position(|q| q.name == "Flagged");
    assert_eq!(flagged.map(|i| a.queues.counts[i]), Some(Some(2)));

    // Unflagging one is counted again (the sidebar was stale until the next count).
    press(&mut a, "g g f");
    queues::count_now(&mut a);
    assert_eq!(flagged.map(|i| a.queues.counts[i]), Some(Some(1)));
}

#[test]
fn selecting_a_queue_filters_the_inbox_and_esc_clears_it() {
    let mut a = with_queues(120, 40);
    let all = a.inbox.rows.len();
    assert!(a.queues.visible(120), "shown by default on a wide screen");
    press(&mut a, "b");
    assert!(a.queues.focused, "b gives the sidebar the keys");
    press(&mut a, "j <enter>");
    assert_eq!(a.inbox.filter, "prec:>=immediate");
    assert_eq!(a.inbox.rows, direct(&a, "prec:>=immediate"));
    assert!(a.inbox.rows.len() < all && !a.inbox.rows.is_empty());
    assert!(!a.queues.focused, "Enter hands the keys back to the list");
    let status = screen(&a).join("\n");
    assert!(status.contains("filter: prec:>=immediate"), "{status}");
    // j now moves in the inbox, not the sidebar.
    press(&mut a, "j");
    assert_eq!(a.inbox.selected, 1);
    assert_eq!(a.queues.selected, 1);
    press(&mut a, "<tab> <esc>");
    assert!(a.inbox.filter.is_empty());
    assert_eq!(a.inbox.rows.len(), all);
}

#[test]
fn the_sidebar_is_hidden_below_100_columns_until_asked_for() {
    let mut a = with_queues(80, 24);
    assert!(!a.queues.visible(80));
    let before = screen(&a).join("\n");
    assert!(!before.contains("Queues"));
    press(&mut a, "b");
    assert!(a.queues.visible(80) && a.queues.focused);
    assert!(screen(&a).join("\n").contains("Queues"));
    press(&mut a, "b");
    assert!(!a.queues.visible(80));
}

#[test]
fn snapshots_of_the_sidebar() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut a = with_queues(w, h);
        queues::count_now(&mut a);
        if w < 100 {
            press(&mut a, "b");
            queues::count_now(&mut a);
        }
        press(&mut a, "j j j j");
        insta::assert_snapshot!(format!("queues_sidebar_{w}x{h}"), render(&a).backend());
    }
}

#[test]
fn a_reference_opens_its_cable_and_esc_comes_back() {
    let mut a = sample_app(120, 40);
    open_by_id(&mut a, "26STATE118244");
    press(&mut a, "g r");
    assert!(a.refs.focused);
    let ids: Vec<&str> = a.refs.links.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["26TALLINN409", "26USNATO512", "26BERLIN1502"]);

    press(&mut a, "j <enter>");
    assert_eq!(id_in_reader(&a), "26USNATO512");
    let doc = a
        .reader
        .as_ref()
        .and_then(|r| r.doc.as_ref())
        .expect("read");
    assert!(doc.header.iter().any(|l| l.text().contains("26USNATO512")));
    press(&mut a, "<esc>");
    assert_eq!(a.screen, Screen::Reader);
    assert_eq!(id_in_reader(&a), "26STATE118244");

    // The cables citing this one are in the list too, after its own REF lines.
    press(&mut a, "g r G <enter>");
    assert_eq!(id_in_reader(&a), "26BERLIN1502");
    press(&mut a, "q");
    assert_eq!(id_in_reader(&a), "26STATE118244");
    press(&mut a, "q");
    assert_eq!(a.screen, Screen::Inbox);
}

#[test]
fn moving_to_another_cable_leaves_the_reference_list() {
    let mut a = sample_app(120, 40);
    open_by_id(&mut a, "26STATE118244");
    press(&mut a, "<esc> <esc>");
    press(&mut a, "<enter> g r");
    assert!(a.refs.shown(a.reader.as_ref().map(|r| &r.key)));
    press(&mut a, "J");
    assert!(!a.refs.shown(a.reader.as_ref().map(|r| &r.key)));
    assert!(!screen(&a).join("\n").contains("References (Enter"));
    // j scrolls the text again, and Enter builds the list of this cable.
    press(&mut a, "j <enter>");
    let here = a.reader.as_ref().map(|r| r.key.clone());
    assert!(a.refs.links.is_empty() || a.refs.for_key == here);
}

#[test]
fn referenced_by_list_is_navigable_from_the_cited_cable() {
    let mut a = sample_app(120, 40);
    open_by_id(&mut a, "26TALLINN409");
    press(&mut a, "<enter>");
    let citing: Vec<String> = a
        .traffic
        .referenced_by("26TALLINN409")
        .into_iter()
        .filter_map(|i| a.traffic.records[i].id().map(String::from))
        .collect();
    assert!(citing.len() >= 2, "several sample cables cite it");
    let listed: Vec<String> = a.refs.links.iter().map(|l| l.id.clone()).collect();
    assert_eq!(listed, citing);
    press(&mut a, "j <enter>");
    assert_eq!(id_in_reader(&a), citing[1]);
    press(&mut a, "<esc>");
    assert_eq!(id_in_reader(&a), "26TALLINN409");
}

#[test]
fn a_reference_not_in_the_traffic_says_so() {
    let mut a = app(10, 80, 24, cabletriage::tui::ColorMode::Never);
    press(&mut a, "<enter>");
    deliver(&mut a);
    let before = id_in_reader(&a);
    press(&mut a, "g r <enter>");
    assert_eq!(
        a.message,
        Some((Level::Error, "09FICTIONIA41 is not in this traffic".into()))
    );
    assert_eq!(id_in_reader(&a), before);
    assert!(
        screen(&a)
            .join("\n")
            .contains("09FICTIONIA41 is not in this traffic")
    );
}

#[test]
fn snapshots_of_the_reader_with_references_focused() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut a = sample_app(w, h);
        open_by_id(&mut a, "26STATE118244");
        press(&mut a, "g r j");
        insta::assert_snapshot!(format!("reader_references_{w}x{h}"), render(&a).backend());
    }
}

fn prompt_text(a: &App) -> String {
    match &a.overlay {
        Some(Overlay::Prompt(p)) => p.input.text().to_string(),
        _ => panic!("no prompt open"),
    }
}

#[test]
fn command_line_completes_and_runs_actions_by_name() {
    let mut a = with_queues(80, 24);
    press(&mut a, ": c y c l e <tab>");
    assert_eq!(prompt_text(&a), "cycle_sort");
    press(&mut a, "<enter>");
    assert_eq!(a.inbox.sort, SortKey::default().next());

    // Fuzzy: letters in order.
    press(&mut a, ": t g l f l <tab>");
    assert_eq!(prompt_text(&a), "toggle_flag");
    press(&mut a, "<esc>");

    // Tab cycles through the matches and lists them.
    press(&mut a, ": t o g g l e <tab>");
    let first = prompt_text(&a);
    press(&mut a, "<tab>");
    assert_ne!(prompt_text(&a), first);
    assert!(prompt_text(&a).starts_with("toggle_"));
    assert!(
        a.message
            .as_ref()
            .is_some_and(|(_, m)| m.contains("matches"))
    );
    press(&mut a, "<esc>");

    let name = Action::ToggleQueues.name();
    let keys: Vec<String> = name.chars().map(String::from).collect();
    press(&mut a, &format!(": {} <enter>", keys.join(" ")));
    assert!(a.queues.visible(80), ":toggle_queues ran the action");

    // The built-ins still work.
    press(&mut a, "<esc> : 5 <enter>");
    assert_eq!(a.inbox.selected, 4);
    press(&mut a, ": s o r t <space> d t g <enter>");
    assert_eq!(a.inbox.sort.name(), "dtg");
    press(&mut a, ": b o g u s <enter>");
    assert!(matches!(&a.message, Some((Level::Error, m)) if m.contains("unknown command `bogus`")));
}

#[test]
fn completions_are_listed_while_the_command_line_is_open() {
    let mut a = sample_app(80, 24);
    press(&mut a, ": t o g g l e <tab>");
    let s = screen(&a);
    // The list of completions is longer than the status bar: it takes rows above the prompt.
    let bottom = s[s.len() - 6..].join("\n");
    assert!(bottom.contains(":toggle_read"), "{bottom}");
    assert!(bottom.contains("toggle_flag"), "{bottom}");
}

#[test]
fn a_rejected_filter_leaves_the_previous_filter_in_force() {
    let mut a = sample_app(80, 24);
    let typed = |s: &str| s.chars().map(String::from).collect::<Vec<_>>().join(" ");
    press(&mut a, &format!("/ {} <enter>", typed("from:tallinn")));
    let tallinn = a.inbox.rows.len();
    assert!(tallinn > 0 && tallinn < 50, "{tallinn}");
    // `frm` alone is a fuzzy word and filters as it is typed; `frm:` is an unknown field.
    press(&mut a, &format!("/ C-u {} <enter>", typed("frm:moscow")));
    let (_, message) = a.message.clone().expect("a message");
    assert!(message.contains("filter not applied"), "{message}");
    assert!(message.contains("from:tallinn"), "{message}");
    assert_eq!(a.inbox.filter, "from:tallinn");
    assert_eq!(a.inbox.rows.len(), tallinn, "the previous filter's rows");
}

#[test]
fn a_text_term_reads_the_paragraphs_off_the_ui_thread() {
    let mut a = sample_app(80, 24);
    let typed = |s: &str| s.chars().map(String::from).collect::<Vec<_>>().join(" ");
    // `press` runs the filter job in place, as the worker would.
    press(&mut a, &format!("/ {}", typed("text:rockets")));
    let ids: Vec<&str> = a
        .inbox
        .rows
        .iter()
        .filter_map(|&i| a.record(i).and_then(|r| r.id()))
        .collect();
    assert_eq!(
        ids,
        ["26BAGHDAD1419"],
        "only the cable whose text says rockets"
    );
    // On a small inbox too, a text term goes to a worker rather than the UI thread.
    press(&mut a, "<esc> /");
    let mut asked = Vec::new();
    for k in typed("text:rockets").split(' ') {
        let key = cabletriage::keymap::Key::parse(k).expect("key");
        asked = cabletriage::tui::handle_key(&mut a, key);
    }
    assert!(
        matches!(asked.first(), Some(cabletriage::tui::Effect::Filter(_))),
        "a filter job for the worker"
    );
}
