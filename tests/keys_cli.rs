//! `cabletriage keys`: the effective table per context, the shipped alternatives, and a bad
//! keymap refused with file, key and reason (exit 2).

use std::process::Command;

use cabletriage::keymap::{Action, Context, Key, Keymap, Lookup};

fn keys(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .arg("keys")
        .args(args)
        .env("XDG_CONFIG_HOME", "/nonexistent-config-dir")
        .output()
        .expect("run cabletriage keys");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn prints_every_context_with_descriptions() {
    let (code, out, _) = keys(&[]);
    assert_eq!(code, 0);
    for ctx in ["[global]", "[inbox]", "[reader]", "[prompt]", "[help]"] {
        assert!(out.contains(ctx), "{ctx} missing");
    }
    let line = out
        .lines()
        .find(|l| l.starts_with("g g"))
        .expect("the g g chord");
    assert!(
        line.contains("top") && line.contains(Action::Top.description()),
        "{line}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("<enter>") && l.contains("open"))
    );
}

#[test]
fn an_invalid_keymap_exits_2_naming_file_key_and_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("bad.toml");
    std::fs::write(
        &file,
        "[reader]\n\"J\" = \"next_cable\"\n\"C-<nokey>\" = \"top\"\n",
    )
    .expect("write");
    let (code, out, err) = keys(&["--keymap", file.to_str().expect("utf-8 path")]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("bad.toml") && err.contains("C-<nokey>") && err.contains("unknown key name"),
        "{err}"
    );
}

#[test]
fn a_user_keymap_is_merged_and_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("mine.toml");
    std::fs::write(
        &file,
        "[inbox]\n\"x\" = \"open\"\n[global]\n\"s\" = \"noop\"\n",
    )
    .expect("write");
    let (code, out, _) = keys(&["--keymap", file.to_str().expect("utf-8 path")]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .any(|l| l.starts_with("x ") && l.contains("open"))
    );
    assert!(
        !out.lines()
            .any(|l| l.starts_with("s ") && l.contains("cycle_sort")),
        "noop unbinds s"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("<enter>") && l.contains("open")),
        "defaults stay"
    );
}

#[test]
fn the_shipped_alternatives_load() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let vim = Keymap::with_file(&root.join("keymaps/vim.toml")).expect("vim.toml");
    assert_eq!(
        vim.lookup(Context::Global, &Key::parse_seq("Z Z").expect("keys")),
        Lookup::Matched(Action::Quit)
    );
    let emacs = Keymap::with_file(&root.join("keymaps/emacs.toml")).expect("emacs.toml");
    assert_eq!(
        emacs.lookup(Context::Inbox, &Key::parse_seq("C-x C-c").expect("keys")),
        Lookup::Matched(Action::Quit)
    );
    assert_eq!(
        emacs.lookup(Context::Inbox, &Key::parse_seq("j").expect("keys")),
        Lookup::NotFound
    );
    assert_eq!(
        emacs.lookup(Context::Prompt, &Key::parse_seq("C-a").expect("keys")),
        Lookup::Matched(Action::CursorHome)
    );
}

#[test]
fn every_action_the_contract_names_has_a_default_key() {
    let km = Keymap::default_keymap();
    let check = |ctx, keys: &str, action| {
        assert_eq!(
            km.lookup(ctx, &Key::parse_seq(keys).expect("keys")),
            Lookup::Matched(action),
            "{keys}"
        );
    };
    check(Context::Inbox, "j", Action::MoveDown);
    check(Context::Inbox, "<down>", Action::MoveDown);
    check(Context::Inbox, "k", Action::MoveUp);
    check(Context::Inbox, "g g", Action::Top);
    check(Context::Inbox, "S-g", Action::Bottom);
    check(Context::Inbox, "<enter>", Action::Open);
    check(Context::Inbox, "<esc>", Action::Back);
    check(Context::Inbox, "q", Action::Close);
    check(Context::Inbox, "/", Action::Filter);
    check(Context::Inbox, "?", Action::Help);
    check(Context::Reader, "<tab>", Action::SwitchPane);
    check(Context::Reader, "J", Action::NextCable);
    check(Context::Reader, "[", Action::PrevCable);
    check(Context::Inbox, "t", Action::Label);
    check(Context::Inbox, "r", Action::Route);
    check(Context::Inbox, "n", Action::Note);
    check(Context::Inbox, "<space>", Action::ToggleMark);
    check(Context::Inbox, "u", Action::Undo);
    check(Context::Inbox, ":", Action::CommandLine);
    check(Context::Inbox, "C-d", Action::HalfPageDown);
    check(Context::Inbox, "<pageup>", Action::PageUp);
}
