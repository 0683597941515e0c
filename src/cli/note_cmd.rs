//! `cabletriage note ID [TEXT | -]`: the current user's note on a cable, through the same
//! journal as the TUI. Each officer has one note per cable; writing it again replaces only
//! the writer's own, never a colleague's. `-` reads the text from stdin (so a script can pass
//! any text, newlines included); an empty text clears the user's note. Without TEXT the
//! cable's notes are printed, each with its author and time.

use std::io::{Read, Write};

use super::output::text;
use super::triage_cmds::{cable_id, open, recorded, usage};
use super::{Context, UsageError};
use crate::triage::Op;

/// The most a note read from stdin may hold: far beyond any note, short of a mistake.
const MAX_NOTE_BYTES: u64 = 64 * 1024;

pub fn run(ctx: &Context, id: &str, given: Option<&str>) -> anyhow::Result<u8> {
    let id = cable_id(ctx, id)?;
    let Some(given) = given else {
        return show(ctx, &id);
    };
    let note = if given == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_NOTE_BYTES + 1)
            .read_to_end(&mut buf)?;
        if buf.len() as u64 > MAX_NOTE_BYTES {
            return Err(UsageError(format!(
                "the note on stdin is longer than {} KB",
                MAX_NOTE_BYTES / 1024
            ))
            .into());
        }
        String::from_utf8(buf)
            .map_err(|_| UsageError("the note on stdin is not UTF-8 text".into()))?
    } else {
        given.to_string()
    };
    let note = note.trim_end().to_string();
    let mut j = open(ctx)?;
    ctx.remove_stale_probes();
    let op = Op::SetNote { text: note.clone() };
    let done = j.apply(op, std::slice::from_ref(&id)).map_err(usage)?;
    let others = j
        .state()
        .get(&id)
        .notes
        .keys()
        .filter(|u| **u != ctx.user)
        .count();
    let what = if note.is_empty() {
        "your note cleared"
    } else {
        "noted"
    };
    let line = format!(
        "{id}: {what} ({}); {others} note{} by colleagues kept",
        recorded(&done),
        if others == 1 { "" } else { "s" }
    );
    writeln!(std::io::stdout().lock(), "{}", text(&line))?;
    Ok(crate::exit::OK)
}

/// Print the cable's notes, oldest first.
fn show(ctx: &Context, id: &str) -> anyhow::Result<u8> {
    let state = super::triage_cmds::read_state(ctx);
    let c = state.get(id);
    let mut out = std::io::stdout().lock();
    if c.notes.is_empty() {
        writeln!(out, "{}", text(&format!("{id}: no notes")))?;
        return Ok(crate::exit::NEGATIVE);
    }
    for (user, n) in c.notes_by_time() {
        let head = format!("{id}  {user}  {}", n.at.format("%Y-%m-%d %H:%MZ"));
        writeln!(out, "{}", text(&head))?;
        for l in n.text.lines() {
            writeln!(out, "  {}", text(l))?;
        }
    }
    Ok(crate::exit::OK)
}
