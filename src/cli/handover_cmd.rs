//! `cabletriage handover [--since 8h | --since 2026-12-06T06:00Z] [--format text|markdown|json]`:
//! the shift handover (see [`crate::handover`]) at the program's clock (`CABLETRIAGE_NOW` pins
//! it), over the traffic and the journal's triage state. The window defaults to the last 8
//! hours. Text and Markdown are neutralised for the terminal; JSON is one object.

use std::io::Write;

use super::args::HandoverFormat;
use super::output::{json_line, stdout_is_terminal};
use super::{Context, UsageError};
use crate::handover::{self, render};
use crate::triage::tasker::parse_since;

/// The window when `--since` is not given.
pub const DEFAULT_SINCE: &str = "8h";

pub fn run(ctx: &Context, since: Option<&str>, format: HandoverFormat) -> anyhow::Result<u8> {
    let now = crate::clock::now();
    let since =
        parse_since(since.unwrap_or(DEFAULT_SINCE), now).map_err(|e| UsageError(e.to_string()))?;
    let (traffic, _) = crate::traffic::load_dir_cached(&ctx.traffic, &ctx.state, |_, _| {})
        .map_err(|e| {
            UsageError(format!(
                "cannot read traffic {}: {e}",
                ctx.traffic.display()
            ))
        })?;
    let state = super::triage_cmds::read_state(ctx);
    let h = handover::build(&traffic.records, &state, now, since, &ctx.due_clock(false)?);
    let mut out = std::io::stdout().lock();
    match format {
        HandoverFormat::Text => write!(out, "{}", render::text(&h))?,
        HandoverFormat::Markdown => write!(out, "{}", render::markdown(&h))?,
        HandoverFormat::Json => writeln!(
            out,
            "{}",
            json_line(&render::json(&h), stdout_is_terminal())?
        )?,
    }
    Ok(crate::exit::OK)
}
