//! `cabletriage keys`: the effective keymap, per context, with each action's description.

use std::io::Write;
use std::path::Path;

use unicode_width::UnicodeWidthStr;

use super::{UsageError, exit};
use crate::keymap::{Context, Keymap, format_seq};

pub fn run(keymap: Option<&Path>) -> anyhow::Result<u8> {
    let (km, file) = Keymap::load(keymap).map_err(|e| UsageError(e.to_string()))?;
    let mut out = std::io::stdout().lock();
    match file {
        Some(f) => writeln!(out, "# default keymap with {} merged over it", f.display())?,
        None => writeln!(out, "# default keymap")?,
    }
    for ctx in Context::ALL {
        let bindings = km.bindings(ctx);
        writeln!(out, "\n[{}]", ctx.name())?;
        let width = bindings
            .iter()
            .map(|(k, _)| format_seq(k).width())
            .max()
            .unwrap_or(0);
        let action_width = bindings
            .iter()
            .map(|(_, a)| a.name().len())
            .max()
            .unwrap_or(0);
        for (keys, action) in bindings {
            let keys = format_seq(&keys);
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
