//! `cabletriage assign ID USER [--due WHEN]` and `cabletriage task ID STATE`: taskers from the
//! command line, through the same journal as the TUI. Each prints one confirmation line once the
//! event is on disk. The suspense is read at the program's clock (`CABLETRIAGE_NOW` pins it).

use std::io::Write;

use super::output::text;
use super::triage_cmds::{cable_id, open, recorded, usage};
use super::{Context, UsageError};
use crate::triage::tasker::parse_suspense;
use crate::triage::{Op, TaskState};

/// A suspense as the confirmation and the reading view show it.
pub fn suspense_words(s: &chrono::DateTime<chrono::Utc>) -> String {
    s.format("%Y-%m-%d %H:%MZ").to_string()
}

pub fn assign(ctx: &Context, id: &str, user: &str, due: Option<&str>) -> anyhow::Result<u8> {
    let now = crate::clock::now();
    let suspense = due
        .map(|d| parse_suspense(d, now))
        .transpose()
        .map_err(|e| UsageError(format!("bad --due: {e}")))?;
    let assignee = user.trim().to_string();
    crate::triage::ops::check_user(&assignee).map_err(usage)?;
    let id = cable_id(ctx, id)?;
    let mut j = open(ctx)?;
    ctx.remove_stale_probes();
    let op = Op::Assign {
        assignee: assignee.clone(),
        suspense,
    };
    let done = j.apply(op, std::slice::from_ref(&id)).map_err(usage)?;
    let state = j
        .state()
        .get(&id)
        .tasker
        .as_ref()
        .map_or(TaskState::Assigned, |t| t.state);
    let due = match &suspense {
        Some(s) => format!(", suspense {}", suspense_words(s)),
        None => ", no suspense".to_string(),
    };
    let line = format!(
        "{id}: tasked to {assignee} ({state}{due}) ({})",
        recorded(&done)
    );
    writeln!(std::io::stdout().lock(), "{}", text(&line))?;
    Ok(crate::exit::OK)
}

pub fn task(ctx: &Context, id: &str, state: &str) -> anyhow::Result<u8> {
    let Some(state) = TaskState::from_word(state) else {
        return Err(UsageError(format!(
            "unknown tasker state `{}`: use {}",
            state.trim(),
            TaskState::choices()
        ))
        .into());
    };
    let id = cable_id(ctx, id)?;
    let mut j = open(ctx)?;
    let Some(tasker) = j.state().get(&id).tasker.clone() else {
        return Err(UsageError(format!(
            "{id} has no tasker: task it first with `cabletriage assign {id} USER`"
        ))
        .into());
    };
    ctx.remove_stale_probes();
    let done = j
        .apply(Op::Task { state }, std::slice::from_ref(&id))
        .map_err(usage)?;
    let line = format!(
        "{id}: tasker of {} {} -> {state} ({})",
        tasker.assignee,
        tasker.state,
        recorded(&done)
    );
    writeln!(std::io::stdout().lock(), "{}", text(&line))?;
    Ok(crate::exit::OK)
}
