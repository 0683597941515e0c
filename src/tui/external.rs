//! Editing a note in the officer's own editor (`C-x C-e` in the note editor, as mutt users
//! expect): the text goes to a temporary file in the state directory (readable only by its
//! owner, removed afterwards), `$VISUAL`, else `$EDITOR`, else `vi` runs on it through `sh -c`
//! (so `EDITOR="code -w"` works), and the file is read back. The event loop gives the terminal
//! to the editor meanwhile ([`super::terminal::Tui::outside`]). An editor that cannot start,
//! exits with an error or leaves no readable text is a message, never a crash, and the text in
//! the note editor stays as it was.

use std::path::Path;
use std::process::Command;

/// The editor command: `$VISUAL`, else `$EDITOR`, else `vi` (empty values skipped).
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Write `text` to a temporary file in `dir`, run the editor on it, and return the text it left
/// (without the final newline editors add); or why not.
pub fn edit(dir: &Path, text: &str) -> Result<String, String> {
    edit_with(dir, &editor_command(), text)
}

/// [`edit`] with the editor command given.
pub fn edit_with(dir: &Path, editor: &str, text: &str) -> Result<String, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let file = tempfile::Builder::new()
        .prefix("note-")
        .suffix(".txt")
        .tempfile_in(dir)
        .map_err(|e| {
            format!(
                "cannot make a file for the editor in {}: {e}",
                dir.display()
            )
        })?;
    let mut body = text.to_string();
    if !body.is_empty() && !body.ends_with('\n') {
        body.push('\n');
    }
    std::fs::write(file.path(), body).map_err(|e| format!("{}: {e}", file.path().display()))?;
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status()
        .map_err(|e| format!("cannot run the editor `{editor}`: {e}"))?;
    if !status.success() {
        let how = status.code().map_or_else(
            || "was stopped by a signal".to_string(),
            |c| format!("exited {c}"),
        );
        return Err(format!(
            "the editor `{editor}` {how}; the note is as it was"
        ));
    }
    let back = std::fs::read(file.path())
        .map_err(|e| format!("cannot read back the editor's file: {e}"))?;
    let back = String::from_utf8(back)
        .map_err(|_| "the editor left text that is not UTF-8; the note is as it was".to_string())?;
    Ok(back.trim_end_matches(['\n', '\r']).to_string())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn the_editor_s_text_comes_back_and_a_failing_editor_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let ok = edit_with(dir.path(), "printf 'second line\\n' >>", "first line");
        assert_eq!(ok.as_deref(), Ok("first line\nsecond line"));
        let e = edit_with(dir.path(), "exit 3;", "text").unwrap_err();
        assert!(e.contains("exited 3"), "{e}");
        let e = edit_with(dir.path(), "/nonexistent/editor", "text").unwrap_err();
        assert!(e.contains("exited 127"), "{e}");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "the temporary file is removed"
        );
    }
}
