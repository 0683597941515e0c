//! The office's settings for everyone working one traffic directory: `<traffic>/office.toml`,
//! set by the administrator (like `desks.toml`, never read as a cable).
//!
//! Each section is owned by the part of the program that uses it: `[journal]` (where the journal
//! lives) here; the handling-time objectives, `alert_command` and `[[officer]]` by the office
//! clock and the taskers. This module reads and checks the whole file, and hands each part its
//! table; a section this version does not know is refused with its line, so a misspelt setting
//! is never silently ignored. (The inbox's start reads it three times today, for the journal's
//! URL, the clock and the officers: a small file, but one `Office` in the settings would do.)

pub mod officer;

use std::path::{Path, PathBuf};

pub mod alert;
pub mod clock;

pub const OFFICE_FILE: &str = "office.toml";

/// A problem in office.toml, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct OfficeError {
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub message: String,
}

/// The sections of office.toml this version reads.
pub const SECTIONS: &[&str] = &["journal", "objectives", "alert_command", "officer", "clock"];

/// The office settings of one traffic directory.
#[derive(Debug, Clone, Default)]
pub struct Office {
    /// The file they came from (None when there was none).
    pub source: Option<PathBuf>,
    /// The whole file, for the sections other modules own.
    pub table: toml::Table,
    /// `[journal] url`: the journal lives in this database instead of the state directory.
    pub journal_url: Option<String>,
    /// `[objectives]`, `alert_command` and `[clock]`: the office clock (see [`clock`]).
    pub clock: clock::OfficeClock,
}

impl Office {
    /// `<traffic>/office.toml`; the defaults (not an error) when it does not exist.
    pub fn load_dir(traffic: &Path) -> Result<Office, OfficeError> {
        let path = traffic.join(OFFICE_FILE);
        match std::fs::read_to_string(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Office::default()),
            Err(e) => Err(OfficeError {
                path,
                line: None,
                message: e.to_string(),
            }),
            Ok(text) => Office::parse(&text, &path),
        }
    }

    /// Parse the text of an office file; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Office, OfficeError> {
        let err = |line: Option<usize>, message: String| OfficeError {
            path: path.to_path_buf(),
            line,
            message,
        };
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            err(
                e.span().map(|s| line_of(text, s.start)),
                e.message().trim().to_string(),
            )
        })?;
        for key in table.keys() {
            if !SECTIONS.contains(&key.as_str()) {
                return Err(err(
                    find_key_line(text, key),
                    format!("unknown setting `{key}` (known: {})", SECTIONS.join(", ")),
                ));
            }
        }
        let journal_url = match table.get("journal") {
            None => None,
            Some(toml::Value::Table(j)) => {
                for key in j.keys() {
                    if key != "url" {
                        return Err(err(
                            find_key_line(text, key),
                            format!("unknown setting `journal.{key}` (known: url)"),
                        ));
                    }
                }
                match j.get("url") {
                    None => None,
                    Some(toml::Value::String(u)) if !u.trim().is_empty() => {
                        Some(u.trim().to_string())
                    }
                    Some(_) => {
                        return Err(err(
                            find_key_line(text, "url"),
                            "`journal.url` must be a non-empty string".into(),
                        ));
                    }
                }
            }
            Some(_) => {
                return Err(err(
                    find_key_line(text, "journal"),
                    "`journal` must be a table: [journal] url = \"postgres://...\"".into(),
                ));
            }
        };
        let clock = clock::OfficeClock::parse(&table, text, path)?;
        Ok(Office {
            source: Some(path.to_path_buf()),
            table,
            journal_url,
            clock,
        })
    }

    /// The section `name` (a table, an array of tables or a value), if the file has it.
    pub fn section(&self, name: &str) -> Option<&toml::Value> {
        self.table.get(name)
    }
}

/// 1-based line of byte offset `pos` in `text`.
pub fn line_of(text: &str, pos: usize) -> usize {
    1 + text.as_bytes()[..pos.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// The first line that defines `key` (as `key =`, `[key]` or `[[key]]`), for error messages.
pub fn find_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            let bare = l.trim_start_matches('[').trim_start_matches('"');
            bare.starts_with(key)
                && bare[key.len()..]
                    .trim_start_matches('"')
                    .trim_start()
                    .starts_with(['=', ']', '.'])
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Office, OfficeError> {
        Office::parse(text, Path::new("office.toml"))
    }

    #[test]
    fn journal_url_is_read() {
        let o = parse("[journal]\nurl = \"postgresql:///triage?host=/run/pg\"\n").unwrap();
        assert_eq!(
            o.journal_url.as_deref(),
            Some("postgresql:///triage?host=/run/pg")
        );
    }

    #[test]
    fn a_misspelt_section_is_refused_with_its_line() {
        let e = parse("alert_command = \"true\"\n\n[objectivs]\nFLASH = \"10m\"\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.to_string().contains("unknown setting `objectivs`"), "{e}");
    }

    #[test]
    fn bad_toml_names_the_line() {
        let e = parse("[journal]\nurl = \n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn an_empty_url_is_refused() {
        let e = parse("[journal]\nurl = \"  \"\n").unwrap_err();
        assert!(e.to_string().contains("journal.url"), "{e}");
    }

    #[test]
    fn no_file_is_the_defaults() {
        let dir = std::env::temp_dir().join(format!("office-none-{}", std::process::id()));
        let o = Office::load_dir(&dir).unwrap();
        assert!(o.source.is_none() && o.journal_url.is_none());
    }
}
