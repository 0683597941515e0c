//! `cabletriage keys`: the effective keymap, per context, with each action's description.

use std::io::Write;
use std::path::Path;

use unicode_width::UnicodeWidthStr;

use super::UsageError;
use super::output::text;
use crate::exit;
use crate::keymap::{Context, Keymap, format_seq};

pub fn run(keymap: Option<&Path>) -> anyhow::Result<u8> {
    let (km, file) = Keymap::load(keymap).map_err(|e| UsageError(e.to_string()))?;
    let mut out = std::io::stdout().lock();
    match file {
        Some(f) => writeln!(
            out,
            "# default keymap with {} merged over it",
            text(&f.display().to_string())
        )?,
        None => writeln!(out, "# default keymap")?,
    }
    for ctx in Context::ALL {
        let bindings = km.bindings(ctx);
        writeln!(out, "\n[{}]", ctx.name())?;
        let width = bindings
            .iter()
            .map(|(k, _)| text(&format_seq(k)).width())
            .max()
            .unwrap_or(0);
        let action_width = bindings
            .iter()
            .map(|(_, a)| a.name().len())
            .max()
            .unwrap_or(0);
        for (keys, action) in bindings {
            // A key is any character the file names: shown, never obeyed.
            let keys = text(&format_seq(&keys)).into_owned();
            let pad = width - keys.width();
            writeln!(
                out,
                "{keys}{:pad$}  {:<action_width$}  {}",
                "",
                action.name(),
                action.description()
            )?;
        }
    }
    Ok(exit::OK)
}
