//! The note editor hands its text to the officer's `$EDITOR` (`C-x C-e`), in the built binary
//! in a pseudo-terminal: the editor's text comes back into the note editor and Esc saves it;
//! an editor that fails is a message and the session goes on. The editors are small shell
//! scripts; the cables are fictional.

#![cfg(unix)]

mod pty_support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use pty_support::Session;

/// A shell script at `path` running `body` on its file argument `$1`.
fn script(path: &Path, body: &str) {
    std::fs::write(path, format!("#!/bin/sh\n{body}\n")).expect("script");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

fn start(dir: &Path, editor: &Path) -> Session {
    let state = dir.join(".state");
    let args = [
        dir.as_os_str(),
        "--state".as_ref(),
        state.as_os_str(),
        "--user".as_ref(),
        "alice".as_ref(),
    ];
    let env = [("EDITOR", editor.as_os_str()), ("VISUAL", "".as_ref())];
    Session::run_env(&args, &dir.join(".config"), (100, 30), &env)
}

#[test]
fn c_x_c_e_edits_the_note_in_the_editor_and_esc_saves_it() {
    let dir = pty_support::three_cables();
    let bin = tempfile::tempdir().expect("tempdir");
    let editor = bin.path().join("editor.sh");
    script(
        &editor,
        "grep -q 'typed first' \"$1\" || exit 7\nprintf 'from the editor\\n' >> \"$1\"",
    );
    let mut s = start(dir.path(), &editor);
    s.wait_for("1/3");
    s.send("n");
    s.wait_for("Note on");
    s.send("typed first");
    s.wait_for("typed first");
    s.send("\x18\x05");
    s.wait_for("from the editor");
    s.wait_for("back from your editor");
    s.send("\x1b");
    s.wait_for("noted");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(["note", "09FICTIONIA101"])
        .arg("--dir")
        .arg(dir.path())
        .arg("--state")
        .arg(dir.path().join(".state"))
        .output()
        .expect("note");
    let notes = String::from_utf8_lossy(&out.stdout);
    assert!(
        notes.contains("typed first") && notes.contains("from the editor"),
        "{notes}"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path().join(".state"))
        .expect("state")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("note-"))
        .collect();
    assert!(left.is_empty(), "the editor's file is removed");
}

#[test]
fn a_failing_editor_is_a_message_and_the_note_stays() {
    let dir = pty_support::three_cables();
    let bin = tempfile::tempdir().expect("tempdir");
    let editor = bin.path().join("broken.sh");
    script(&editor, "exit 3");
    let mut s = start(dir.path(), &editor);
    s.wait_for("1/3");
    s.send("n");
    s.wait_for("Note on");
    s.send("kept here");
    s.wait_for("kept here");
    s.send("\x18\x05");
    s.wait_for("exited 3");
    s.wait_for("kept here");
    s.send("\x03");
    s.wait_for("note not saved");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}
