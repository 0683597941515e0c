//! No keymap leaves a session without a way out: `C-c` is reserved (quit in the inbox and the
//! reading view, cancel in a prompt, back out of help). A keymap that unbinds or rebinds it is
//! refused, by `keys --keymap` (exit 2 naming the file) and by the TUI (defaults in force, the
//! reason in the status bar); one that unbinds every other exit still quits on `C-c`.

#![cfg(unix)]

mod pty_support;
mod tui_support;

use std::path::Path;
use std::process::Command;

use cabletriage::keymap::{Context, Key, Keymap, Lookup};
use cabletriage::tui::testing::press;
use cabletriage::tui::{App, ColorMode};
use pty_support::{Session, fictional_cable};

/// Unbinds every way out the issue named.
const NO_EXIT: &str = "[global]\nq = \"noop\"\n\"C-c\" = \"noop\"\n\"<esc>\" = \"noop\"\n\
                       \":\" = \"noop\"\n\"C-z\" = \"noop\"\n";

/// Unbinds every way out but the reserved one.
const ONLY_CTRL_C: &str = "[global]\nq = \"noop\"\n\"<esc>\" = \"noop\"\n\":\" = \"noop\"\n\"C-z\" = \"noop\"\n\
     [prompt]\n\"<esc>\" = \"noop\"\n";

fn keys(file: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(["keys", "--keymap"])
        .arg(file)
        .env("XDG_CONFIG_HOME", "/nonexistent-config-dir")
        .output()
        .expect("run keys");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn keys_refuses_a_keymap_that_unbinds_ctrl_c_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in [
        ("noexit.toml", NO_EXIT),
        ("rebound.toml", "[inbox]\n\"C-c\" = \"top\"\n"),
        ("chord.toml", "[global]\n\"C-c x\" = \"bottom\"\n"),
        ("prompt.toml", "[prompt]\n\"C-c\" = \"accept\"\n"),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).expect("write");
        let (code, out, err) = keys(&file);
        assert_eq!(code, 2, "{name}: {out}");
        assert!(out.is_empty());
        assert!(
            err.contains(name) && err.contains("\"C-c") && err.contains("reserved"),
            "{name}: {err}"
        );
    }
}

#[test]
fn keys_accepts_a_keymap_that_leaves_ctrl_c_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("only-ctrl-c.toml");
    std::fs::write(&file, ONLY_CTRL_C).expect("write");
    let (code, out, err) = keys(&file);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("C-c") && l.contains("quit")),
        "{out}"
    );
    let km = Keymap::with_file(&file).expect("accepted");
    assert_eq!(
        km.lookup(Context::Inbox, &[Key::char('q')]),
        Lookup::NotFound
    );
}

/// An app at 80x24 on fictional traffic with `km`.
fn app_with(km: Keymap) -> App {
    let mut a = tui_support::app(6, 80, 24, ColorMode::Never);
    a.keymap = km;
    a
}

#[test]
fn ctrl_c_leaves_a_prompt_and_then_quits_under_a_keymap_without_other_exits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("only-ctrl-c.toml");
    std::fs::write(&file, ONLY_CTRL_C).expect("write");
    let mut a = app_with(Keymap::with_file(&file).expect("accepted"));
    press(&mut a, "q <esc> :");
    assert!(!a.should_quit);
    press(&mut a, "/ n o <esc>");
    assert!(a.overlay.is_some(), "Esc is unbound in the prompt");
    press(&mut a, "C-c");
    assert!(a.overlay.is_none(), "C-c leaves the prompt");
    assert!(!a.should_quit);
    press(&mut a, "<enter> C-c");
    assert!(a.should_quit, "C-c quits from the reading view");
}

fn traffic_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (n, prec, subject) in [
        (1, 'Z', "HARBOUR TALKS RESUME AFTER STORM DELAY"),
        (2, 'O', "NORLAND FISHERIES MINISTER ON QUOTA DISPUTE"),
    ] {
        std::fs::write(
            dir.path().join(format!("cable{n}.txt")),
            fictional_cable(n, prec, subject),
        )
        .expect("write");
    }
    dir
}

fn start_with_keymap(dir: &Path, keymap: &Path) -> Session {
    let state = dir.join(".state");
    let args = [
        dir.as_os_str(),
        "--state".as_ref(),
        state.as_os_str(),
        "--keymap".as_ref(),
        keymap.as_os_str(),
    ];
    Session::run_sized(&args, &dir.join(".config"), (100, 24))
}

#[test]
fn the_tui_refuses_a_keymap_without_an_exit_and_quits_on_q() {
    let dir = traffic_dir();
    let keymap = dir.path().join(".noexit.toml");
    std::fs::write(&keymap, NO_EXIT).expect("write");
    let mut s = start_with_keymap(dir.path(), &keymap);
    s.wait_for("HARBOUR TALKS");
    s.wait_for(".noexit.toml");
    s.wait_for("reserved");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

#[test]
fn the_tui_quits_on_ctrl_c_when_every_other_exit_is_unbound() {
    let dir = traffic_dir();
    let keymap = dir.path().join(".only-ctrl-c.toml");
    std::fs::write(&keymap, ONLY_CTRL_C).expect("write");
    let mut s = start_with_keymap(dir.path(), &keymap);
    s.wait_for("1/2");
    s.send("q");
    s.settle();
    assert!(s.child.try_wait().expect("wait").is_none(), "q is unbound");
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}
