//! `cabletriage show ID`: one cable printed as the reading view shows it (the same document,
//! unstyled, wrapped to 80 columns, the cables that cite it at the end), neutralised for a
//! terminal like the TUI's: all its sections in order, whichever files hold them, and the
//! sections no file holds named (`section 2 of 4 missing`).

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
    // The same resolution as the triage commands: case-insensitive, canonical spelling, and
    // the same negative answer (exit 1) for an id that is not there.
    let found = super::triage_cmds::find_id(&traffic, id);
    let Some((id, i)) = found.and_then(|f| traffic.find(&f).map(|i| (f, i))) else {
        let msg = format!("no cable {} in {}", id.trim(), ctx.traffic.display());
        return Err(super::NotFound(msg).into());
    };
    let id = id.as_str();
    // The whole cable: all its sections in order (and which are missing), from all its files.
    let members = crate::traffic::rows::members(&traffic.records, i);
    let i = members.first().copied().unwrap_or(i);
    let record = &traffic.records[i];
    let files: Vec<_> = members
        .iter()
        .map(|&j| traffic.records[j].clone())
        .collect();
    let joined =
        crate::traffic::sections::read_joined(&traffic.root, &files).map_err(anyhow::Error::msg)?;
    let Some(cable) = joined.head() else {
        return Err(anyhow::anyhow!("no section of {id} could be read"));
    };
    let doc = view::build_joined(&joined);
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
    let triage = match &ctx.journal_url {
        Some(url) => crate::triage::Journal::open_db(url, &ctx.state, &ctx.user),
        None => crate::triage::Journal::open(&ctx.state, &ctx.user),
    }
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
