//! `cabletriage check [DIR]`: name every file that is not a readable cable, with the reason,
//! and every symlink the walk does not follow (one leading outside the traffic directory, into a
//! hidden path, or nowhere), with where it leads; exit 1 when there is any, 0 otherwise. Always
//! reads the files afresh (no index). Paths are shown lossily when they are not UTF-8; the files
//! themselves are opened by their bytes. When the state directory holds a journal, its damaged
//! parts and any event that does not follow its hash chain are problems too (as `journal verify`
//! reports them). Two different texts under one reference id (and section) are a problem of the
//! first file, naming the others. Every cable read only in part (no classification line, no
//! subject or no paragraphs: a file cut short) is named in a section of its own, `read only in
//! part (N):`, with what it lacks and the parser's warnings. So is a state directory its group cannot share (a directory
//! not writable by the group or not setgid, a file not readable and writable by it, or in
//! another group): each is named with its mode, then one line with the commands an
//! administrator runs to fix them all. An account that cannot record decisions there is told
//! why on stderr (not a problem of the traffic: a colleague's `check` would pass).

use std::io::Write;

use super::{Context, UsageError};
use crate::sanitize::for_line;
use crate::traffic::{LoadOptions, load_dir_with};

pub fn run(ctx: &Context) -> anyhow::Result<u8> {
    let (traffic, stats) = load_dir_with(&ctx.traffic, &LoadOptions::default(), |_, _| {})
        .map_err(|e| {
            UsageError(format!(
                "cannot read traffic directory {}: {e}",
                ctx.traffic.display()
            ))
        })?;
    let stdout = std::io::stdout();
    let tty = super::output::stdout_is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let conflicts = crate::traffic::rows::conflicts(&traffic);
    let partial = crate::traffic::partial::read_in_part(&traffic);
    let mut problems = traffic.problems;
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    for c in &conflicts {
        problems.push(crate::traffic::Problem {
            path: c.files[0].clone(),
            reason: crate::traffic::rows::conflict_reason(c),
        });
    }
    for p in &problems {
        let path = p.path.to_string_lossy();
        if tty {
            writeln!(out, "{}: {}", for_line(&path), for_line(&p.reason))?;
        } else {
            writeln!(out, "{path}: {}", p.reason)?;
        }
    }
    if !partial.is_empty() {
        writeln!(out, "read only in part ({}):", partial.len())?;
    }
    for p in &partial {
        let mut path = p.path.to_string_lossy().into_owned();
        if p.index_in_file > 0 {
            path.push_str(&format!(" (cable {} in the file)", p.index_in_file + 1));
        }
        let reason = crate::traffic::partial::reason(p);
        if tty {
            writeln!(out, "  {}: {}", for_line(&path), for_line(&reason))?;
        } else {
            writeln!(out, "  {path}: {reason}")?;
        }
    }
    let journal = ctx.state.join(crate::triage::journal::JOURNAL_FILE);
    let mut journal_problems = 0;
    if journal.exists() {
        let verdict = super::journal_cmd::verify_state(ctx)?;
        journal_problems = verdict.problems;
        if verdict.problems > 0 {
            for l in &verdict.lines {
                writeln!(out, "{}", super::output::text(l))?;
            }
        }
    }
    let sharing = sharing(ctx, &mut out)?;
    out.flush()?;
    let mut summary = format!(
        "{} files, {} cables, {} not readable as cables",
        stats.files,
        stats.cables,
        problems.len() - conflicts.len(),
    );
    if !conflicts.is_empty() {
        summary.push_str(&format!("; {} ids with different texts", conflicts.len()));
    }
    if !partial.is_empty() {
        summary.push_str(&format!("; {} read only in part", partial.len()));
    }
    if journal_problems > 0 {
        summary.push_str(&format!("; {journal_problems} problems in the journal"));
    }
    if sharing > 0 {
        summary.push_str(&format!(
            "; {sharing} in the state directory that its group cannot share"
        ));
    }
    eprintln!("{summary}");
    Ok(
        if problems.is_empty() && partial.is_empty() && journal_problems == 0 && sharing == 0 {
            crate::exit::OK
        } else {
            crate::exit::NEGATIVE
        },
    )
}

/// Report what the state directory's group cannot share, and the fix; how many problems.
fn sharing(ctx: &Context, out: &mut impl Write) -> anyhow::Result<usize> {
    let audit = crate::state_dir::audit::audit(&ctx.state);
    let mut sorted: Vec<_> = audit.problems.iter().collect();
    sorted.sort();
    for (path, why) in sorted {
        let line = format!("{}: {why}", path.display());
        writeln!(out, "{}", super::output::text(&line))?;
    }
    if audit.more > 0 {
        writeln!(out, "... and {} more", audit.more)?;
    }
    if let Some(fix) = &audit.fix {
        writeln!(out, "{}", super::output::text(fix))?;
    }
    if ctx.state.is_dir()
        && let Some(notice) = crate::state_dir::read_only_notice(&ctx.state)
    {
        super::output::warn(format_args!("note: {notice}"));
    }
    Ok(audit.count())
}
