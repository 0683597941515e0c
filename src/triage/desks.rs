//! Desks: the offices traffic is routed to, read from `<traffic>/desks.toml` (`[[desk]]` tables
//! with `code`, `name`, optional `tags`), looked up by code and suggested by a cable's TAGS.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::error::TriageError;

pub const DESKS_FILE: &str = "desks.toml";

/// One desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Desk {
    pub code: String,
    pub name: String,
    /// TAGS that suggest this desk (upper case as written in cables).
    pub tags: Vec<String>,
}

/// A problem in desks.toml, with where it is.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct DeskError {
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub message: String,
}

/// The desks of a traffic directory, in file order.
#[derive(Debug, Clone, Default)]
pub struct Desks {
    desks: Vec<Desk>,
    /// The file they came from (None when there was none).
    pub source: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    #[serde(default)]
    desk: Vec<DeskShape>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeskShape {
    code: Spanned<String>,
    name: String,
    #[serde(default)]
    tags: Vec<String>,
}

impl Desks {
    /// `<traffic>/desks.toml`; no desks (not an error) when the file does not exist.
    pub fn load_dir(traffic: &Path) -> Result<Desks, DeskError> {
        let path = traffic.join(DESKS_FILE);
        match std::fs::read_to_string(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Desks::default()),
            Err(e) => Err(DeskError {
                path,
                line: None,
                message: e.to_string(),
            }),
            Ok(text) => Desks::parse(&text, &path),
        }
    }

    /// Read a desks file from `path`.
    pub fn load(path: &Path) -> Result<Desks, DeskError> {
        let text = std::fs::read_to_string(path).map_err(|e| DeskError {
            path: path.to_path_buf(),
            line: None,
            message: e.to_string(),
        })?;
        Desks::parse(&text, path)
    }

    /// Parse the text of a desks file; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Desks, DeskError> {
        let err = |pos: Option<usize>, message: String| DeskError {
            path: path.to_path_buf(),
            line: pos.map(|p| {
                1 + text.as_bytes()[..p.min(text.len())]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
            }),
            message,
        };
        let shape: FileShape = toml::from_str(text)
            .map_err(|e| err(e.span().map(|s| s.start), e.message().trim().to_string()))?;
        let mut desks: Vec<Desk> = Vec::with_capacity(shape.desk.len());
        for d in shape.desk {
            let at = Some(d.code.span().start);
            let code = d.code.into_inner().trim().to_string();
            if code.is_empty() || code.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(err(at, format!("desk code {code:?} must be one word")));
            }
            if desks.iter().any(|k| k.code.eq_ignore_ascii_case(&code)) {
                return Err(err(at, format!("desk `{code}` is defined twice")));
            }
            let tags = d
                .tags
                .iter()
                .map(|t| t.trim().to_ascii_uppercase())
                .collect();
            desks.push(Desk {
                code,
                name: d.name,
                tags,
            });
        }
        Ok(Desks {
            desks,
            source: Some(path.to_path_buf()),
        })
    }

    pub fn all(&self) -> &[Desk] {
        &self.desks
    }

    pub fn is_empty(&self) -> bool {
        self.desks.is_empty()
    }

    /// The known desk codes, in file order.
    pub fn codes(&self) -> Vec<String> {
        self.desks.iter().map(|d| d.code.clone()).collect()
    }

    /// The desk with this code (case-insensitive), or an error listing the known codes.
    pub fn resolve(&self, code: &str) -> Result<&Desk, TriageError> {
        let code = code.trim();
        self.desks
            .iter()
            .find(|d| d.code.eq_ignore_ascii_case(code))
            .ok_or_else(|| TriageError::UnknownDesk {
                desk: code.to_string(),
                known: self.codes(),
            })
    }

    /// Every desk, those whose tags match the cable's TAGS first (most matches first), the rest
    /// after in file order.
    pub fn suggest(&self, cable_tags: &[String]) -> Vec<&Desk> {
        let score = |d: &Desk| {
            d.tags
                .iter()
                .filter(|t| cable_tags.iter().any(|c| c.trim().eq_ignore_ascii_case(t)))
                .count()
        };
        let mut out: Vec<(usize, &Desk)> = self.desks.iter().map(|d| (score(d), d)).collect();
        out.sort_by_key(|d| std::cmp::Reverse(d.0));
        out.into_iter().map(|(_, d)| d).collect()
    }

    /// Only the desks whose tags match, most matches first.
    pub fn suggested(&self, cable_tags: &[String]) -> Vec<&Desk> {
        let n = self
            .desks
            .iter()
            .filter(|d| {
                d.tags
                    .iter()
                    .any(|t| cable_tags.iter().any(|c| c.trim().eq_ignore_ascii_case(t)))
            })
            .count();
        self.suggest(cable_tags).into_iter().take(n).collect()
    }
}

/// What a routing op did to a cable that was `before`, in words: which desk it replaced.
pub fn route_words(op: &super::Op, before: &super::CableState) -> String {
    use super::Op;
    match op {
        Op::RouteAction { desk } => match before.action_desk.as_deref() {
            Some(old) if old != desk => format!("routed to {desk} (action), replacing {old}"),
            _ if before.info_desks.contains(desk) => {
                format!("routed to {desk} (action), no longer an info desk")
            }
            _ => format!("routed to {desk} (action)"),
        },
        Op::AddInfoDesk { desk } => format!("routed to {desk} (info)"),
        Op::ClearAction => match before.action_desk.as_deref() {
            Some(old) => format!("action desk {old} cleared"),
            None => "had no action desk".to_string(),
        },
        Op::RemoveInfoDesk { desk } if before.info_desks.contains(desk) => {
            format!("info desk {desk} removed")
        }
        Op::RemoveInfoDesk { desk } => format!("{desk} is not an info desk of it"),
        other => other.describe("it"),
    }
}
