//! Hostile bytes never reach a terminal through the CLI: user names in `log`, op values in
//! journal damage warnings, key names in keymap errors, cable fields in `parse` and `list`.
//! Text for people is neutralised always; JSON is exact to a pipe and escaped (the same value)
//! on a terminal. Standard output is a pipe here, so `CABLETRIAGE_STDOUT_IS_TERMINAL=1` stands
//! for a terminal. The TUI's warnings repeated on stderr at exit are neutralised too. All cable
//! text is fictional.

mod pty_support;

use std::path::Path;
use std::process::Command;

use cabletriage::cli::output::TERMINAL_ENV;

/// OSC 52 (write the clipboard) and a clear-screen: what an attacker would put in a name.
const OSC52_CLEAR: &str = "\u{1b}]52;c;aGVsbG8=\u{7}\u{1b}[2J";

struct Out {
    code: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn run(args: &[&str], cwd: &Path, tty: bool) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(args)
        .current_dir(cwd)
        .env("XDG_CONFIG_HOME", "/nonexistent-config-dir")
        .env("USER", "alice")
        .env(TERMINAL_ENV, if tty { "1" } else { "0" })
        .output()
        .expect("run cabletriage");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: out.stderr,
    }
}

/// Bytes a terminal would obey or that hide or reorder text: C0 but tab and newline, DEL, C1,
/// bidi controls, zero-width characters.
fn hostile_chars(bytes: &[u8]) -> Vec<char> {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|&c| {
            let v = c as u32;
            (v < 0x20 && c != '\n' && c != '\t')
                || (0x7f..0xa0).contains(&v)
                || (0x200b..=0x200f).contains(&v)
                || (0x202a..=0x202e).contains(&v)
                || (0x2066..=0x2069).contains(&v)
                || c == '\u{feff}'
        })
        .collect()
}

fn assert_inert(what: &str, bytes: &[u8]) {
    let bad = hostile_chars(bytes);
    assert!(
        bad.is_empty(),
        "{what} passes {bad:?}: {}",
        String::from_utf8_lossy(bytes)
    );
}

/// A fictional cable whose subject carries a C1 CSI, DEL, a bidi override and a zero-width space.
const HOSTILE_SUBJECT: &str =
    "HARBOUR \u{9b}2J TALKS\u{7f} \u{202e}DEYALED\u{202c} NU\u{200b}CLEAR";

fn write_cable(dir: &Path) {
    let text = format!(
        "R 011200Z MAR 09\nFM AMEMBASSY FICTIONIA\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 0101\n\
         BT\nC O N F I D E N T I A L FICTIONIA 000101\n\nSIPDIS\n\nE.O. 12958: DECL: 03/01/2019\n\
         TAGS: PREL, FX\nSUBJECT: {HOSTILE_SUBJECT}\n\nClassified By: Ambassador Ada Quill for \
         reasons 1.4 (b), (d)\n\n1. (C) The harbourmaster said the breakwater would be repaired.\n\n\
         QUILL\nBT\n#0101\nNNNN\n"
    );
    std::fs::write(dir.join("cable.txt"), text).expect("write cable");
}

/// A journal (today's file format) with a hostile user name and a damaged event whose op is a
/// clear-screen.
fn write_journal(state: &Path) {
    std::fs::create_dir_all(state).expect("state dir");
    // TOML basic strings take \UXXXXXXXX escapes; pad each to eight digits.
    let toml_escape = |s: &str| {
        s.chars()
            .map(|c| format!("\\U{:08X}", c as u32))
            .collect::<String>()
    };
    let journal = format!(
        "[[event]]\nseq = 1\nuser = \"{}\"\ncable = \"09FICTIONIA101\"\nop = \"add_labels\"\n\
         labels = [\"x1\"]\nat = \"2026-11-26T18:26:01.588Z\"\n\n\
         [[event]]\nseq = 2\nuser = \"bob\"\ncable = \"09FICTIONIA101\"\nop = \"{}\"\n\
         at = \"2026-11-26T18:27:01.588Z\"\n\n",
        toml_escape(OSC52_CLEAR),
        toml_escape("\u{1b}[2Jbogus\u{9b}1m"),
    );
    std::fs::write(state.join("journal.toml"), journal).expect("write journal");
}

#[test]
fn log_never_prints_a_hostile_user_name_or_op_raw() {
    let dir = tempfile::tempdir().expect("tempdir");
    let state = dir.path().join("state");
    write_journal(&state);
    let state_arg = state.to_str().expect("utf-8");
    for tty in [false, true] {
        let out = run(&["log", "--state", state_arg], dir.path(), tty);
        assert_eq!(out.code, 0, "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("^[]52;c;aGVsbG8="),
            "the name is shown: {text}"
        );
        assert_inert("log (text)", &out.stdout);
        // The damaged event's op is named in the warning, shown and not obeyed.
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("warning") && err.contains("^[[2Jbogus"),
            "{err}"
        );
        assert_inert("log's warnings", &out.stderr);
    }
    // JSON on a terminal: the same values, nothing to obey.
    let tty = run(
        &["log", "--format", "json", "--state", state_arg],
        dir.path(),
        true,
    );
    assert_inert("log --format json on a terminal", &tty.stdout);
    let pipe = run(
        &["log", "--format", "json", "--state", state_arg],
        dir.path(),
        false,
    );
    let value = |b: &[u8]| -> serde_json::Value {
        serde_json::from_slice(b.split(|&c| c == b'\n').next().expect("a line")).expect("JSON")
    };
    assert_eq!(value(&tty.stdout), value(&pipe.stdout));
    assert_eq!(value(&pipe.stdout)["user"], OSC52_CLEAR, "exact to a pipe");
}

#[test]
fn parse_and_list_json_are_exact_to_a_pipe_and_inert_on_a_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let traffic = dir.path().join("traffic");
    std::fs::create_dir(&traffic).expect("traffic dir");
    write_cable(&traffic);
    let state = dir.path().join("state");
    let file = traffic.join("cable.txt");
    let runs: [Vec<&str>; 2] = [
        vec!["parse", file.to_str().expect("utf-8")],
        vec![
            "list",
            traffic.to_str().expect("utf-8"),
            "--state",
            state.to_str().expect("utf-8"),
            "--format",
            "json",
        ],
    ];
    for args in runs {
        let pipe = run(&args, dir.path(), false);
        assert_eq!(pipe.code, 0, "{}", String::from_utf8_lossy(&pipe.stderr));
        let exact: serde_json::Value = serde_json::from_slice(&pipe.stdout).expect("JSON");
        assert_eq!(exact["subject"], HOSTILE_SUBJECT, "{args:?} to a pipe");

        let tty = run(&args, dir.path(), true);
        assert_eq!(tty.code, 0);
        assert_inert(&format!("{args:?} on a terminal"), &tty.stdout);
        let same: serde_json::Value = serde_json::from_slice(&tty.stdout).expect("JSON");
        assert_eq!(same, exact, "{args:?}: the same value on a terminal");
    }
    // The table and CSV on a terminal show the subject without its controls (the table is cut
    // to the width of whatever terminal the test runs under).
    for format in ["table", "csv"] {
        let args = [
            "list",
            traffic.to_str().expect("utf-8"),
            "--state",
            state.to_str().expect("utf-8"),
            "--format",
            format,
        ];
        let tty = run(&args, dir.path(), true);
        assert_inert(&format!("list --format {format}"), &tty.stdout);
        assert!(
            String::from_utf8_lossy(&tty.stdout).contains("HARBOUR"),
            "{format}"
        );
    }
}

#[test]
fn keymap_errors_show_a_key_name_escape_and_never_send_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("evil.toml");
    std::fs::write(&file, "[inbox]\n\"\\u001b[2J<bogus>\" = \"top\"\n").expect("write");
    let out = run(
        &["keys", "--keymap", file.to_str().expect("utf-8")],
        dir.path(),
        true,
    );
    assert_eq!(out.code, 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("evil.toml") && err.contains("^[[2J"), "{err}");
    assert_inert("the keymap error", &out.stderr);
}

#[test]
fn keys_shows_a_bound_control_character_without_sending_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("odd.toml");
    std::fs::write(&file, "[inbox]\n\"\\u202e\" = \"top\"\n").expect("write");
    let out = run(
        &["keys", "--keymap", file.to_str().expect("utf-8")],
        dir.path(),
        true,
    );
    assert_inert("keys", &out.stdout);
}

#[test]
fn the_tui_repeats_its_warnings_at_exit_without_obeying_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let traffic = dir.path().join("traffic");
    std::fs::create_dir(&traffic).expect("traffic dir");
    write_cable(&traffic);
    let config = dir.path().join(".config");
    std::fs::create_dir_all(config.join("cabletriage")).expect("config dir");
    // A queue whose name clears the screen and whose query does not parse: a warning quoting it.
    std::fs::write(
        config.join("cabletriage/config.toml"),
        "[[queue]]\nname = \"\\u001b[2Jevil\"\nquery = \"nosuch:field\"\n",
    )
    .expect("write config");
    let state = dir.path().join("state");
    let args = [
        traffic.as_os_str(),
        "--state".as_ref(),
        state.as_os_str(),
        "--user".as_ref(),
        "alice".as_ref(),
    ];
    let mut s = pty_support::Session::run_sized(&args, &config, (100, 24));
    s.wait_for("HARBOUR");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.settle();
    let text = String::from_utf8_lossy(&s.bytes()).into_owned();
    let tail: String = text
        .chars()
        .skip(text.chars().count().saturating_sub(300))
        .collect();
    assert!(
        text.contains("^[[2Jevil"),
        "the warning is repeated at exit: {tail:?}"
    );
    assert!(
        !text.contains("\u{1b}[2Jevil"),
        "the queue name reached the terminal raw"
    );
}
