//! `cabletriage show ID`: one cable printed as the reading view shows it (the same document,
//! unstyled, wrapped to 80 columns, the cables that cite it at the end), neutralised for a
//! terminal like the TUI's.

use std::io::Write;

use super::output::text;
use super::{Context, UsageError};
use crate::exit;
use crate::view::{self, Line};

/// Width `show` wraps to: readable in a pipe and in a standard terminal.
const WIDTH: usize = 80;

pub fn run(ctx: &Context, id: &str) -> anyhow::Result<u8> {
    let (traffic, _) = crate::traffic::load_dir_cached(&ctx.traffic, &ctx.state, |_, _| {})
        .map_err(|e| {
            UsageError(format!(
                "cannot read traffic directory {}: {e}",
                ctx.traffic.display()
            ))
        })?;
    let Some(i) = traffic.find(id) else {
        super::output::warn(format_args!(
            "no cable with id {id} in {}",
            ctx.traffic.display()
        ));
        return Ok(exit::NEGATIVE);
    };
    let record = &traffic.records[i];
    let cable = traffic.read_cable(record).map_err(anyhow::Error::msg)?;
    let doc = view::build(&cable);
    let mut out = std::io::stdout().lock();
    let print = |out: &mut dyn Write, lines: &[Line]| -> std::io::Result<()> {
        for l in lines {
            for w in view::wrap(l, WIDTH) {
                writeln!(out, "{}", text(&w.text()))?;
            }
        }
        Ok(())
    };
    // The triage block, read from the journal (nothing is written for it).
    let triage = crate::triage::Journal::open(&ctx.state, &ctx.user)
        .ok()
        .map(|j| {
            let state = j.state();
            view::triage_block(
                crate::traffic::filter::state_of(state, record),
                state.viewer(),
            )
        })
        .unwrap_or_default();
    writeln!(out, "{}", text(&cable.banner()))?;
    print(&mut out, &doc.header)?;
    writeln!(out)?;
    print(&mut out, &triage)?;
    print(&mut out, &doc.body)?;
    let citing: Vec<(&str, &str)> = traffic
        .referenced_by(id)
        .into_iter()
        .map(|j| &traffic.records[j])
        .map(|r| (r.id().unwrap_or("(no id)"), r.subject()))
        .collect();
    print(&mut out, &view::reading::referenced_by(citing))?;
    writeln!(out, "{}", text(&cable.banner()))?;
    Ok(exit::OK)
}
