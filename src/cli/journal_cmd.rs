//! `cabletriage journal verify`: read the whole journal and say whether its history holds: the
//! format, how many events, the damaged parts, and every event that does not follow the hash
//! chain (the first named first). Exit 1 when anything is wrong, as `check` does. With a journal
//! database (`--journal`), the same for the database's events, each hash checked against the
//! event's text.
//!
//! `journal init URL` sets up the schema in a database; `journal push URL` copies the state
//! directory's file journal into it (idempotent); `journal pull URL [FILE]` writes the
//! database's journal as a file journal (to stdout without FILE), written whole or not at all.

use std::io::Write;

use super::Context;
use crate::triage::Journal;

/// What verifying the journal of a state directory found: lines for a person, and whether any
/// of them is a problem.
pub struct Verdict {
    pub lines: Vec<String>,
    pub problems: usize,
}

/// Verify the journal of `ctx` (nothing is written).
pub fn verify_state(ctx: &Context) -> anyhow::Result<Verdict> {
    let (j, place) = match &ctx.journal_url {
        Some(url) => {
            let j = Journal::audit_db(url)?;
            let place = j.location();
            (j, place)
        }
        None => {
            let path = ctx.state.join(crate::triage::journal::JOURNAL_FILE);
            (Journal::audit(&ctx.state)?, path.display().to_string())
        }
    };
    let chain = j.chain();
    let mut lines = vec![format!(
        "{place}: {}, {} events ({} chained, {} written before the chain), {} damaged part{}",
        match j.format() {
            Some(n) => format!("format {n}"),
            None if chain.unchained > 0 || !j.damage().is_empty() => "format 1".to_string(),
            None => "empty".to_string(),
        },
        chain.chained + chain.unchained,
        chain.chained,
        chain.unchained,
        j.damage().len(),
        if j.damage().len() == 1 { "" } else { "s" },
    )];
    lines.extend(j.damage().iter().map(|d| format!("  damaged: {d}")));
    lines.extend(j.notices().iter().map(|n| format!("  skipped: {n}")));
    match chain.first_break() {
        None => lines.push(format!(
            "  chain: intact{}",
            chain
                .head
                .as_deref()
                .map(|h| format!("; last hash {h}"))
                .unwrap_or_default()
        )),
        Some(first) => {
            lines.push(format!(
                "  chain broken: the first event that does not follow: {first}"
            ));
            lines.extend(chain.breaks[1..].iter().map(|b| format!("  also: {b}")));
        }
    }
    Ok(Verdict {
        problems: chain.breaks.len() + j.damage().len() + j.notices().len(),
        lines,
    })
}

pub fn verify(ctx: &Context) -> anyhow::Result<u8> {
    let v = verify_state(ctx)?;
    let mut out = std::io::stdout().lock();
    for l in &v.lines {
        writeln!(out, "{}", super::output::text(l))?;
    }
    Ok(if v.problems > 0 {
        crate::exit::NEGATIVE
    } else {
        crate::exit::OK
    })
}

/// `journal init URL`.
pub fn init(url: &str) -> anyhow::Result<u8> {
    let said = crate::triage::pg::init(url)?;
    writeln!(std::io::stdout().lock(), "{}", super::output::text(&said))?;
    Ok(crate::exit::OK)
}

/// `journal push URL`: the file journal of `ctx`'s state directory into the database.
pub fn push(ctx: &Context, url: &str) -> anyhow::Result<u8> {
    let done = crate::triage::pg::transfer::push(&ctx.state, url)?;
    for d in &done.damage {
        super::output::warn(format_args!("warning: {}: {d}", ctx.state.display()));
    }
    let line = format!(
        "{} events added, {} already in the database",
        done.added, done.already
    );
    writeln!(std::io::stdout().lock(), "{}", super::output::text(&line))?;
    Ok(crate::exit::OK)
}

/// `journal pull URL [FILE]`.
pub fn pull(url: &str, file: Option<&std::path::Path>) -> anyhow::Result<u8> {
    let (text, n, skipped) = crate::triage::pg::transfer::pull(url)?;
    for s in &skipped {
        super::output::warn(format_args!("warning: {s}"));
    }
    match file {
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
        Some(path) => {
            let dir = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => std::path::Path::new("."),
            };
            let mut tmp = tempfile::NamedTempFile::new_in(dir)
                .map_err(|e| anyhow::anyhow!("cannot write in {}: {e}", dir.display()))?;
            tmp.write_all(text.as_bytes())?;
            tmp.as_file().sync_all()?;
            tmp.persist(path)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error))?;
            let line = format!("{}: {n} events", path.display());
            writeln!(std::io::stderr().lock(), "{}", super::output::text(&line))?;
        }
    }
    Ok(crate::exit::OK)
}
