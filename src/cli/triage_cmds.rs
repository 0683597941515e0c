//! `cabletriage label|route|log|export`: triage from the command line, through the same journal
//! as the TUI (so a running TUI picks these up).
//!
//! Output shapes:
//! - `label`/`route` print one confirmation line on stdout once the event is on disk.
//! - `log --format text`: one line per event, `AT  #SEQ  USER  OP  CABLE[,CABLE...]  ARG=VALUE...`.
//! - `log --format json`: JSON Lines, one line per cable of each event (a bulk action on three
//!   cables gives three lines with the same `seq`): `seq`, `at`, `user`, `os_user` (the
//!   operating-system account that wrote it; null for events of format 1), `cable`, `op`, and the
//!   op's own fields (`labels`, `desk`, `text`, `undoes`, `redoes`).
//! - `export --format csv`: a header then one row per triaged cable: `id, action_desk,
//!   info_desks, labels, read, flagged, done, has_note, acked_by, assignee, task, suspense`
//!   (lists joined with `;`, the suspense in RFC 3339).
//! - `export --format json`: JSON Lines with the same fields (lists as arrays).
//!
//! Damage found in the journal is reported on stderr as a warning; it never stops a command.
//! Text is neutralised for the terminal and JSON and CSV are exact only to a pipe (see
//! [`super::output`]): user names, labels and notes come from whoever wrote the journal.

use std::io::Write;

use serde_json::{Map, Value, json};

use super::args::{CsvOrJson, TextOrJson};
use super::output::{self, csv_field, json_line, stdout_is_terminal, text};
use super::{Context, UsageError};
use crate::triage::{Applied, Desks, Journal, Op, TriageError};

/// Open the journal of `ctx`, warning on stderr about the state dir fallback and any damage.
pub(super) fn open(ctx: &Context) -> anyhow::Result<Journal> {
    if let Some(n) = &ctx.notice {
        output::warn(n);
    }
    let mut j = match &ctx.journal_url {
        Some(url) => Journal::open_db(url, &ctx.state, &ctx.user).map_err(usage)?,
        None => Journal::open(&ctx.state, &ctx.user).map_err(usage)?,
    };
    let at = j.location();
    for d in j.damage() {
        output::warn(format_args!("warning: {at}: {d}"));
    }
    for a in j.take_new_alerts() {
        output::warn(format_args!("warning: {at}: {a}"));
    }
    Ok(j)
}

/// Bad input from the user (a bad label, an unknown desk) is exit status 2.
pub(super) fn usage(e: TriageError) -> anyhow::Error {
    match e {
        TriageError::Invalid(_) | TriageError::UnknownDesk { .. } | TriageError::NoCables => {
            UsageError(e.to_string()).into()
        }
        other => other.into(),
    }
}

/// The triage state as the journal stands, for read-only commands (`list`, `show`). A journal
/// that cannot be opened is a warning, not a failure: the listing goes on untriaged.
pub fn read_state(ctx: &Context) -> crate::triage::TriageState {
    if ctx.journal_url.is_none()
        && !ctx
            .state
            .join(crate::triage::journal::JOURNAL_FILE)
            .exists()
    {
        return crate::triage::TriageState::default();
    }
    match open(ctx) {
        Ok(j) => j.state().clone(),
        Err(e) => {
            output::warn(format_args!("warning: triage state not read: {e}"));
            crate::triage::TriageState::default()
        }
    }
}

/// `id` as the traffic has it (case-insensitive, in its canonical spelling), if it is there.
pub(super) fn find_id(traffic: &crate::traffic::Traffic, id: &str) -> Option<String> {
    let wanted = id.trim().to_ascii_uppercase();
    if traffic.find(&wanted).is_some() {
        return Some(wanted);
    }
    crate::cable::canonicalize_id(&wanted).filter(|c| traffic.find(c).is_some())
}

/// The cable `id` names, checked against the traffic directory (through the index cache), in
/// its canonical spelling. An id that is not in the traffic is refused: a decision about a cable
/// nobody can see would be lost in the journal.
pub(super) fn cable_id(ctx: &Context, id: &str) -> anyhow::Result<String> {
    let wanted = id.trim().to_ascii_uppercase();
    if wanted.is_empty() {
        return Err(UsageError("empty cable id".into()).into());
    }
    let (traffic, _) = crate::traffic::load_dir_cached(&ctx.traffic, &ctx.state, |_, _| {})
        .map_err(|e| {
            UsageError(format!(
                "cannot read traffic {}: {e}",
                ctx.traffic.display()
            ))
        })?;
    if let Some(found) = find_id(&traffic, &wanted) {
        return Ok(found);
    }
    Err(super::NotFound(format!(
        "no cable {} in {} ({} cables there)",
        id.trim(),
        ctx.traffic.display(),
        traffic.records.len()
    ))
    .into())
}

pub fn label(ctx: &Context, id: &str, labels: &[String], remove: bool) -> anyhow::Result<u8> {
    let id = cable_id(ctx, id)?;
    let labels: Vec<String> = labels.iter().map(|l| l.trim().to_string()).collect();
    for l in &labels {
        crate::triage::ops::check_label(l).map_err(usage)?;
    }
    let mut j = open(ctx)?;
    ctx.remove_stale_probes();
    let op = if remove {
        Op::RemoveLabels {
            labels: labels.clone(),
        }
    } else {
        Op::AddLabels {
            labels: labels.clone(),
        }
    };
    let done = j.apply(op, std::slice::from_ref(&id)).map_err(usage)?;
    let now: Vec<&str> = j
        .state()
        .get(&id)
        .labels
        .iter()
        .map(String::as_str)
        .collect();
    let verb = if remove { "removed" } else { "added" };
    let line = format!(
        "{id}: {verb} {} ({}); labels now: {}",
        labels.join(", "),
        recorded(&done),
        if now.is_empty() {
            "none".to_string()
        } else {
            now.join(", ")
        }
    );
    writeln!(std::io::stdout().lock(), "{}", text(&line))?;
    Ok(crate::exit::OK)
}

/// What `route` does to a cable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Routing {
    /// Set the action desk (moving it from the info desks if it was one).
    Action(String),
    /// Add an info desk.
    Info(String),
    /// Clear the action desk.
    Clear,
    /// Drop one info desk.
    RemoveInfo(String),
}

pub fn route(ctx: &Context, id: &str, how: Routing) -> anyhow::Result<u8> {
    let id = cable_id(ctx, id)?;
    let resolve = |desk: &str| -> anyhow::Result<String> {
        let desks = Desks::load_dir(&ctx.traffic).map_err(|e| UsageError(e.to_string()))?;
        if desks.is_empty() {
            let file = ctx.traffic.join(crate::triage::desks::DESKS_FILE);
            let msg = format!(
                "unknown desk `{desk}`: no desks are defined ({} has no [[desk]])",
                file.display()
            );
            return Err(UsageError(msg).into());
        }
        Ok(desks.resolve(desk).map_err(usage)?.code.clone())
    };
    let op = match &how {
        Routing::Action(d) => Op::RouteAction { desk: resolve(d)? },
        Routing::Info(d) => Op::AddInfoDesk { desk: resolve(d)? },
        Routing::Clear => Op::ClearAction,
        // A desk no longer defined can still be dropped: match it as the cable has it.
        Routing::RemoveInfo(d) => Op::RemoveInfoDesk {
            desk: resolve(d).unwrap_or_else(|_| d.trim().to_uppercase()),
        },
    };
    let mut j = open(ctx)?;
    ctx.remove_stale_probes();
    let before = j.state().get(&id).clone();
    let done = j
        .apply(op.clone(), std::slice::from_ref(&id))
        .map_err(usage)?;
    let line = format!(
        "{id}: {} ({})",
        crate::triage::desks::route_words(&op, &before),
        recorded(&done)
    );
    writeln!(std::io::stdout().lock(), "{}", text(&line))?;
    Ok(crate::exit::OK)
}

/// `#12` for the event recorded, or why none was.
pub(super) fn recorded(done: &Applied) -> String {
    match &done.event {
        Some(ev) => format!("#{}", ev.seq),
        None => "already so; nothing recorded".to_string(),
    }
}

pub fn log(ctx: &Context, format: TextOrJson) -> anyhow::Result<u8> {
    let (events, damage): (_, Vec<String>) = match &ctx.journal_url {
        Some(url) => Journal::read_log_db(url)?,
        None => {
            let (events, damage) = Journal::read_log(&ctx.state)?;
            (events, damage.iter().map(ToString::to_string).collect())
        }
    };
    let at = match &ctx.journal_url {
        Some(_) => String::from("the journal database"),
        None => ctx.state.display().to_string(),
    };
    for d in &damage {
        output::warn(format_args!("warning: {at}: {d}"));
    }
    let tty = stdout_is_terminal();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for ev in &events {
        let at = ev.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let args = op_fields(&ev.op);
        match format {
            TextOrJson::Text => {
                let args: Vec<String> = args
                    .iter()
                    .map(|(k, v)| format!("{k}={}", plain(v)))
                    .collect();
                // The account that wrote the event, where it is not the name the session gave.
                let who = match ev.os_user.as_deref() {
                    Some(os) if os != ev.user => format!("{} (os: {os})", ev.user),
                    _ => ev.user.clone(),
                };
                let line = format!(
                    "{at}  #{}  {}  {}  {}  {}",
                    ev.seq,
                    who,
                    ev.op.name(),
                    ev.cables.join(","),
                    args.join(" ")
                );
                writeln!(out, "{}", text(&line))?;
            }
            TextOrJson::Json => {
                for cable in &ev.cables {
                    let mut m = Map::new();
                    m.insert("seq".into(), json!(ev.seq));
                    m.insert("at".into(), json!(at));
                    m.insert("user".into(), json!(ev.user));
                    m.insert("os_user".into(), json!(ev.os_user));
                    m.insert("cable".into(), json!(cable));
                    m.insert("op".into(), json!(ev.op.name()));
                    m.extend(args.clone());
                    writeln!(out, "{}", json_line(&Value::Object(m), tty)?)?;
                }
            }
        }
    }
    out.flush()?;
    Ok(crate::exit::OK)
}

/// The op's own fields (everything but `op`), as JSON.
fn op_fields(op: &Op) -> Map<String, Value> {
    match serde_json::to_value(op) {
        Ok(Value::Object(mut m)) => {
            m.remove("op");
            m
        }
        _ => Map::new(),
    }
}

/// A JSON value written for people: strings bare (escaped), lists joined with commas.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.escape_debug().to_string(),
        Value::Array(a) => a.iter().map(plain).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

pub fn export(ctx: &Context, format: CsvOrJson) -> anyhow::Result<u8> {
    let j = open(ctx)?;
    let mut ids: Vec<&String> = j.state().cables.keys().collect();
    ids.sort();
    let tty = stdout_is_terminal();
    let csv = |s: &str| csv_field(s, tty);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if format == CsvOrJson::Csv {
        writeln!(
            out,
            "id,action_desk,info_desks,labels,read,flagged,done,has_note,acked_by,assignee,task,suspense"
        )?;
    }
    for id in ids {
        let c = j.state().get(id);
        let labels: Vec<&str> = c.labels.iter().map(String::as_str).collect();
        let assignee = c.tasker.as_ref().map(|t| t.assignee.as_str());
        let task = c.tasker.as_ref().map(|t| t.state.as_str());
        let suspense = c
            .tasker
            .as_ref()
            .and_then(|t| t.suspense)
            .map(|s| s.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        match format {
            CsvOrJson::Csv => {
                let row = [
                    csv(id),
                    csv(c.action_desk.as_deref().unwrap_or("")),
                    csv(&c.info_desks.join(";")),
                    csv(&labels.join(";")),
                    c.read.to_string(),
                    c.flagged.to_string(),
                    c.done.to_string(),
                    c.has_note().to_string(),
                    csv(c.acked_by.as_deref().unwrap_or("")),
                    csv(assignee.unwrap_or("")),
                    task.unwrap_or("").to_string(),
                    suspense.clone().unwrap_or_default(),
                ];
                writeln!(out, "{}", row.join(","))?;
            }
            CsvOrJson::Json => {
                let v = json!({
                    "id": id,
                    "action_desk": c.action_desk,
                    "info_desks": c.info_desks,
                    "labels": labels,
                    "read": c.read,
                    "read_by": c.read_by,
                    "flagged": c.flagged,
                    "done": c.done,
                    "has_note": c.has_note(),
                    "acked_by": c.acked_by,
                    "assignee": assignee,
                    "task": task,
                    "suspense": suspense,
                });
                writeln!(out, "{}", json_line(&v, tty)?)?;
            }
        }
    }
    out.flush()?;
    Ok(crate::exit::OK)
}
