//! A query's memory and time are bounded: one limit on its length and terms, in the query
//! layer, refuses a 50,000-character filter from `list --filter` (exit 2, with the reason), a
//! huge query in a config queue (a warning naming the file, not echoing the query), and stops
//! the TUI's filter prompt at the limit. Long fuzzy words match whole, cheaply.

mod tui_support;

use std::process::Command;

use cabletriage::config::Config;
use cabletriage::traffic::Query;
use cabletriage::traffic::fuzzy::{FUZZY_MAX, Word};
use cabletriage::traffic::query::{MAX_QUERY_CHARS, MAX_TERMS};
use cabletriage::tui::ColorMode;
use cabletriage::tui::overlay::Overlay;
use cabletriage::tui::testing::press;

#[test]
fn list_refuses_a_50000_character_filter_with_exit_2() {
    let state = tempfile::tempdir().expect("tempdir");
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-traffic");
    let filter = "nuclear".repeat(50_000 / 7 + 1)[..50_000].to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(["list", sample, "--no-index", "--filter", &filter, "--state"])
        .arg(state.path())
        .env("XDG_CONFIG_HOME", "/nonexistent-config-dir")
        .output()
        .expect("run list");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(out.stdout.is_empty());
    assert!(
        err.contains(&format!(
            "filter too long: 50000 characters, at most {MAX_QUERY_CHARS}"
        )),
        "{err}"
    );
    assert!(err.len() < 300, "the message does not echo the filter");
}

#[test]
fn the_limits_are_checked_before_anything_is_built() {
    let at_limit = "a".repeat(MAX_QUERY_CHARS);
    assert!(Query::parse(&at_limit).is_ok());
    let over = "é".repeat(MAX_QUERY_CHARS + 1);
    let e = Query::parse(&over).expect_err("too long");
    assert_eq!(
        e.to_string(),
        format!(
            "filter too long: {} characters, at most {MAX_QUERY_CHARS}",
            MAX_QUERY_CHARS + 1
        )
    );
    let many = vec!["tag:PREL"; MAX_TERMS + 1].join(" ");
    let e = Query::parse(&many).expect_err("too many terms");
    assert!(e.to_string().contains("too many terms"), "{e}");
    assert!(Query::parse(&vec!["tag:PREL"; MAX_TERMS].join(" ")).is_ok());
}

#[test]
fn a_config_queue_with_a_huge_query_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config.toml");
    let huge = "x".repeat(200_000);
    std::fs::write(
        &path,
        format!(
            "[[queue]]\nname = \"Mine\"\nquery = \"is:unread\"\n\n\
             [[queue]]\nname = \"Huge\"\nquery = \"{huge}\"\n"
        ),
    )
    .expect("write config");
    let (cfg, warnings) = Config::load_from(&path);
    let queues = cfg.queues.expect("the good queue is kept");
    assert_eq!(queues.len(), 1);
    assert_eq!(queues[0].name, "Mine");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert!(w.starts_with(&format!("{}:7", path.display())), "{w}");
    assert!(
        w.contains("queue `Huge`") && w.contains("filter too long: 200000 characters"),
        "{w}"
    );
    assert!(
        w.len() < 400,
        "the warning does not echo the query: {} bytes",
        w.len()
    );
}

#[test]
fn the_filter_prompt_stops_at_the_limit() {
    let mut app = tui_support::app(20, 80, 24, ColorMode::Never);
    press(&mut app, "/");
    let keys = vec!["n"; MAX_QUERY_CHARS + 25].join(" ");
    press(&mut app, &keys);
    let Some(Overlay::Prompt(p)) = &app.overlay else {
        panic!("the prompt is open");
    };
    assert_eq!(p.input.text().chars().count(), MAX_QUERY_CHARS);
    let e = p.error.as_deref().unwrap_or("");
    assert!(e.contains("filter too long"), "{e}");
}

#[test]
fn long_fuzzy_words_match_whole_only() {
    let (traffic, _) = tui_support::traffic(6);
    let subject = |r: &cabletriage::traffic::Record| r.subject().to_ascii_lowercase();
    let r = &traffic.records[1];
    // A typo in a short word is forgiven; in a word past FUZZY_MAX it is not.
    assert!(subject(r).contains("fisheries minister"));
    assert!(Word::new("fishries").matches(r));
    let whole: String = subject(r).chars().take(FUZZY_MAX + 5).collect();
    assert!(Word::new(&whole).matches(r), "{whole}");
    let mut slipped = whole.clone();
    slipped.remove(10);
    assert!(!Word::new(&slipped).matches(r), "{slipped}");
}
