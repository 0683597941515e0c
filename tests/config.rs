//! User settings (config.toml): where the file is looked for, the defaults, each setting, and
//! what a user sees for a broken file — a warning naming the file and line, defaults kept.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use cabletriage::config::{ColorMode, Config, Queue};
use cabletriage::traffic::Query;
use cabletriage::triage::desks::Desks;

/// Write `text` as a config.toml in a fresh temp dir and load it.
fn load(text: &str) -> (Config, Vec<String>, tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    let (cfg, warnings) = Config::load_from(&path);
    (cfg, warnings, dir, path)
}

fn names(q: &[Queue]) -> Vec<&str> {
    q.iter().map(|q| q.name.as_str()).collect()
}

fn desks() -> Desks {
    let text = "[[desk]]\ncode = \"EUR/CE\"\nname = \"Central Europe\"\n\n\
                [[desk]]\ncode = \"NEA/ELB\"\nname = \"Elbonia Desk\"\ntags = [\"XE\"]\n";
    Desks::parse(text, Path::new("desks.toml")).unwrap()
}

#[test]
fn path_follows_xdg_then_home() {
    let p = Config::path_from(Some(OsStr::new("/x/conf")), Some(OsStr::new("/home/u")));
    assert_eq!(p, Some(PathBuf::from("/x/conf/cabletriage/config.toml")));
    let p = Config::path_from(None, Some(OsStr::new("/home/u")));
    assert_eq!(
        p,
        Some(PathBuf::from("/home/u/.config/cabletriage/config.toml"))
    );
    // An empty or relative XDG_CONFIG_HOME is ignored.
    for bad in ["", "rel/conf"] {
        let p = Config::path_from(Some(OsStr::new(bad)), Some(OsStr::new("/home/u")));
        assert_eq!(
            p,
            Some(PathBuf::from("/home/u/.config/cabletriage/config.toml"))
        );
    }
    assert_eq!(Config::path_from(None, None), None);
}

#[test]
fn missing_file_gives_defaults_silently() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, warnings) = Config::load_from(&dir.path().join("config.toml"));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(cfg.bell);
    assert!(!cfg.ascii);
    assert_eq!(cfg.color, ColorMode::Auto);
    assert_eq!(cfg.queues, None);
}

#[test]
fn default_queues_include_one_per_desk_and_all_parse() {
    let (cfg, warnings, _d, _p) = load("# nothing set\n");
    assert!(warnings.is_empty(), "{warnings:?}");
    let q = cfg.queues_with_desks(&desks());
    assert_eq!(
        names(&q),
        [
            "Unread",
            "FLASH and IMMEDIATE",
            "Unrouted",
            "Flagged",
            "My taskers",
            "Late",
            "EUR/CE",
            "NEA/ELB"
        ]
    );
    assert_eq!(q[1].query, "prec:>=immediate");
    assert_eq!(q[5].query, "is:late");
    assert_eq!(q[7].query, "desk:NEA/ELB");
    for queue in &q {
        assert!(Query::parse(&queue.query).is_ok(), "{queue:?}");
    }
    // Without desks.toml, only the built-in queues.
    assert_eq!(cfg.queues_with_desks(&Desks::default()).len(), 6);
}

#[test]
fn each_setting_is_read() {
    let (cfg, warnings, _d, path) = load(
        "bell = false\ncolor = \"256\"\nascii = true\n\n\
         [[queue]]\nname = \"Action: IMMEDIATE+\"\nquery = \"prec:>=immediate is:unread\"\n\n\
         [[queue]]\nname = \"Elbonia\"\nquery = \"tag:XE -is:done\"\n",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(!cfg.bell);
    assert!(cfg.ascii);
    assert_eq!(cfg.color, ColorMode::Ansi256);
    assert_eq!(cfg.source.as_deref(), Some(path.as_path()));
    // Configured queues replace the defaults, desks included, in file order.
    let q = cfg.queues_with_desks(&desks());
    assert_eq!(names(&q), ["Action: IMMEDIATE+", "Elbonia"]);
    assert_eq!(q[0].query, "prec:>=immediate is:unread");
}

#[test]
fn every_color_spelling() {
    for (word, want) in [
        ("auto", ColorMode::Auto),
        ("never", ColorMode::Never),
        ("16", ColorMode::Ansi16),
        ("256", ColorMode::Ansi256),
        ("TrueColor", ColorMode::TrueColor),
    ] {
        let (cfg, warnings, _d, _p) = load(&format!("color = \"{word}\"\n"));
        assert!(warnings.is_empty(), "{word}: {warnings:?}");
        assert_eq!(cfg.color, want, "{word}");
    }
    // NO_COLOR turns auto off, but not an explicit choice.
    assert_eq!(ColorMode::Auto.resolve(true), ColorMode::Never);
    assert_eq!(ColorMode::Auto.resolve(false), ColorMode::Auto);
    assert_eq!(ColorMode::TrueColor.resolve(true), ColorMode::TrueColor);
}

#[test]
fn bad_toml_names_file_and_line_and_keeps_defaults() {
    let (cfg, warnings, _d, path) = load("bell = false\nascii = true\ncolor = \"256\n");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert!(w.starts_with(&format!("{}:3:", path.display())), "{w}");
    assert!(w.contains("default"), "{w}");
    assert_eq!(
        cfg,
        Config {
            source: cfg.source.clone(),
            ..Config::default()
        }
    );
}

#[test]
fn bad_query_names_file_line_queue_and_error() {
    let (cfg, warnings, _d, path) = load(
        "[[queue]]\nname = \"Good\"\nquery = \"is:unread\"\n\n\
         [[queue]]\nname = \"Typo\"\nquery = \"frm:moscow\"\n",
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert!(w.starts_with(&format!("{}:7:", path.display())), "{w}");
    assert!(w.contains("`Typo`") && w.contains("frm:moscow"), "{w}");
    let parse_error = Query::parse("frm:moscow").unwrap_err().to_string();
    assert!(w.contains(&parse_error), "{w} should carry `{parse_error}`");
    // The good queue is kept, the bad one left out.
    assert_eq!(names(&cfg.queues_with_desks(&desks())), ["Good"]);
}

#[test]
fn only_bad_queues_fall_back_to_the_defaults() {
    let (cfg, warnings, _d, _p) = load("[[queue]]\nname = \"Broken\"\nquery = \"prec:>=urgent\"\n");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(cfg.queues_with_desks(&Desks::default()).len(), 6);
}

#[test]
fn unknown_key_is_a_warning_not_a_failure() {
    let (cfg, warnings, _d, path) = load(
        "bell = false\nbeep = true\n\n[[queue]]\nname = \"Mine\"\nquery = \"is:flagged\"\n\
         colour = \"red\"\n",
    );
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with(&format!("{}:2:", path.display())),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("`beep`"), "{}", warnings[0]);
    assert!(
        warnings[1].starts_with(&format!("{}:7:", path.display())),
        "{}",
        warnings[1]
    );
    assert!(warnings[1].contains("`colour`"), "{}", warnings[1]);
    // Everything else still applies.
    assert!(!cfg.bell);
    assert_eq!(names(&cfg.queues_with_desks(&desks())), ["Mine"]);
}

#[test]
fn wrong_types_warn_and_keep_each_default() {
    let (cfg, warnings, _d, path) = load(
        "bell = \"yes\"\nascii = 1\ncolor = \"millions\"\n\n\
         [[queue]]\nquery = \"is:done\"\n\n[[queue]]\nname = \"Twice\"\nquery = \"is:read\"\n\n\
         [[queue]]\nname = \"Twice\"\nquery = \"is:done\"\n",
    );
    let shown = warnings.join("\n");
    assert_eq!(warnings.len(), 5, "{shown}");
    for (i, (line, word)) in [
        (1, "`bell`"),
        (2, "`ascii`"),
        (3, "millions"),
        (5, "`name`"),
        (12, "twice"),
    ]
    .iter()
    .enumerate()
    {
        assert!(
            warnings[i].starts_with(&format!("{}:{line}:", path.display())),
            "{shown}"
        );
        assert!(warnings[i].contains(word), "{shown}");
    }
    assert!(cfg.bell);
    assert!(!cfg.ascii);
    assert_eq!(cfg.color, ColorMode::Auto);
    let q = cfg.queues_with_desks(&desks());
    assert_eq!(
        q,
        vec![Queue {
            name: "Twice".into(),
            query: "is:read".into()
        }]
    );
}

#[test]
fn unreadable_file_is_a_warning_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where the file should be cannot be read as text.
    let path = dir.path().join("config.toml");
    std::fs::create_dir(&path).unwrap();
    let (cfg, warnings) = Config::load_from(&path);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with(&path.display().to_string()),
        "{}",
        warnings[0]
    );
    assert_eq!(cfg, Config::default());
}
