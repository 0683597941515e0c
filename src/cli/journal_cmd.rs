//! `cabletriage journal verify`: read the whole journal and say whether its history holds: the
//! format, how many events, the damaged parts, and every event that does not follow the hash
//! chain (the first named first). Exit 1 when anything is wrong, as `check` does.

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
    let j = Journal::audit(&ctx.state)?;
    let path = ctx.state.join(crate::triage::journal::JOURNAL_FILE);
    let chain = j.chain();
    let mut lines = vec![format!(
        "{}: {}, {} events ({} chained, {} written before the chain), {} damaged part{}",
        path.display(),
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
        problems: chain.breaks.len() + j.damage().len(),
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
