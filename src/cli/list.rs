//! `cabletriage list`: load the traffic (through the index unless `--no-index`), filter, sort and
//! print it as a table, JSON Lines, CSV or a count; `--stats` reports the phases on stderr.
//!
//! One row per cable: the same cable in two flavours or two places, and the sections of one
//! cable, are one row, shown, sorted and filtered by its first record
//! ([`crate::traffic::rows`]); `count` counts cables, and `json` names all of a cable's files
//! in `files`.
//!
//! `count` and `table` use only the in-memory records. `json` re-reads each listed file (in
//! parallel) to give every field of the contract; if a file cannot be re-read it falls back to the
//! fields the record holds.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use unicode_width::UnicodeWidthChar;

use super::args::ListFormat;
use super::output::{csv_field, json_line};
use super::{Context, UsageError};
use crate::cable::Cable;
use crate::sanitize::{cells, for_line};
use crate::traffic::filter::state_of;
use crate::traffic::relpath;
use crate::traffic::{LoadOptions, Query, Record, SortSpec, filter_indices, load_dir_with};
use crate::triage::due::{DueClock, due};
use crate::triage::{CableState, TriageState};

/// The triage state for the traffic directory. (Wired to the journal replay at integration.)
pub fn triage_state(ctx: &Context) -> TriageState {
    super::triage_cmds::read_state(ctx)
}

pub fn run(
    ctx: &Context,
    ui: &super::args::UiOpts,
    filter: Option<&str>,
    sort: Option<&str>,
    format: ListFormat,
    stats: bool,
    no_index: bool,
) -> anyhow::Result<u8> {
    let query =
        Query::parse(filter.unwrap_or("")).map_err(|e| UsageError(format!("bad --filter: {e}")))?;
    let spec =
        SortSpec::parse(sort.unwrap_or("")).map_err(|e| UsageError(format!("bad --sort: {e}")))?;
    let clock = ctx.due_clock(ui.no_clock)?;
    let query = query.at_clock(clock);
    if let Some(n) = &ctx.notice {
        super::output::warn(n);
    }
    let opts = LoadOptions {
        state_dir: (!no_index).then(|| ctx.state.clone()),
        measure_memory: stats,
        ..Default::default()
    };
    let (traffic, ls) = load_dir_with(&ctx.traffic, &opts, |_, _| {}).map_err(|e| {
        UsageError(format!(
            "cannot read traffic directory {}: {e}",
            ctx.traffic.display()
        ))
    })?;
    if let Some(note) = &ls.index_note {
        super::output::warn(note);
    }
    let states = triage_state(ctx);
    let records = &traffic.records;

    let t = Instant::now();
    // One row per cable: its first record stands for its other files and sections.
    let mut all: Vec<u32> = (0..records.len() as u32).collect();
    crate::traffic::rows::one_per_cable(records, &mut all);
    let mut idx =
        filter_indices(&query, records, &all, &states, &AtomicBool::new(false)).unwrap_or_default();
    if query.needs_text() {
        idx = crate::traffic::text_scan::filter_text(
            &query,
            &traffic,
            idx,
            &states,
            &AtomicBool::new(false),
        )
        .unwrap_or_default();
    }
    let filter_time = t.elapsed();

    let t = Instant::now();
    if format != ListFormat::Count {
        let scores: Vec<i64> = if spec.uses_score() {
            idx.par_iter()
                .map(|&i| query.score(&records[i as usize]))
                .collect()
        } else {
            Vec::new()
        };
        let due = if spec.uses_due() {
            crate::traffic::due_keys(records, &idx, &states, &clock)
        } else {
            Vec::new()
        };
        spec.sort(records, &mut idx, &scores, &due);
    }
    let sort_time = t.elapsed();

    let tty = super::output::stdout_is_terminal();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        ListFormat::Count => writeln!(out, "{}", idx.len())?,
        ListFormat::Table => table(&mut out, records, &idx, width(tty))?,
        ListFormat::Csv => csv(&mut out, (&traffic.root, records), &idx, &states, tty)?,
        ListFormat::Json => json(
            &mut out,
            (&traffic.root, records),
            &idx,
            (&states, &clock),
            tty,
        )?,
    }
    out.flush()?;
    if stats {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        eprintln!(
            "files {}  bytes {}  cables {}  problems {}  listed {}",
            ls.files,
            ls.bytes,
            ls.cables,
            ls.problems,
            idx.len()
        );
        eprintln!(
            "walk {:.1} ms  index load {:.1} ms  read+parse {:.1} ms ({} parsed, {} from index, {} bytes read)  \
             index save {:.1} ms  filter {:.1} ms  sort {:.1} ms",
            ms(ls.walk),
            ms(ls.index_load),
            ms(ls.read_parse),
            ls.parsed,
            ls.from_index,
            ls.bytes_read,
            ms(ls.index_save),
            ms(filter_time),
            ms(sort_time)
        );
        if let Some((user, system)) = cpu_times() {
            eprintln!("cpu: {user:.2} s user, {system:.2} s system (all threads, so far)");
        }
        let own: usize = records.iter().map(Record::own_heap_bytes).sum();
        let n = records.len().max(1);
        eprintln!(
            "memory: {} records x {} B inline + {:.0} B own heap each + {:.1} MB shared = {:.0} B per record",
            records.len(),
            std::mem::size_of::<Record>(),
            own as f64 / n as f64,
            ls.shared_heap as f64 / 1e6,
            (records.len() * std::mem::size_of::<Record>() + own + ls.shared_heap) as f64
                / n as f64
        );
    }
    // The process ends here: letting the OS reclaim 250,000 records is faster than freeing them.
    std::mem::forget(traffic);
    Ok(crate::exit::OK)
}

/// This process's CPU time so far (user, system) in seconds, from `/proc/self/stat` (Linux;
/// `None` elsewhere). Wall time on a shared machine swings with its neighbours; CPU time says
/// what the load itself cost.
fn cpu_times() -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces: state is the
    // first, utime the 12th and stime the 13th, in clock ticks of 1/100 s (USER_HZ).
    let mut f = stat
        .get(stat.rfind(')')? + 1..)?
        .split_whitespace()
        .skip(11);
    let ticks = |s: Option<&str>| s?.parse::<u64>().ok().map(|t| t as f64 / 100.0);
    Some((ticks(f.next())?, ticks(f.next())?))
}

/// Columns available: the terminal's width, or 120 when not writing to a terminal.
fn width(tty: bool) -> usize {
    if tty && let Ok((w, _)) = ratatui::crossterm::terminal::size() {
        return usize::from(w).max(40);
    }
    120
}

/// `s` cut to `w` terminal cells (with an ellipsis when cut) and padded to exactly `w`.
fn fit(s: &str, w: usize) -> String {
    let s = for_line(s);
    let mut out = String::new();
    let mut used = 0;
    let width = cells(&s);
    if width <= w {
        out.push_str(&s);
        used = width;
    } else {
        for ch in s.chars() {
            let cw = ch.width().unwrap_or(0);
            if used + cw + 1 > w {
                break;
            }
            out.push(ch);
            used += cw;
        }
        out.push('…');
        used += 1;
    }
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(used)));
    out
}

fn dtg_text(r: &Record) -> String {
    r.dtg_utc()
        .map(|d| d.format("%Y-%m-%d %H:%MZ").to_string())
        .unwrap_or_default()
}

fn table(
    out: &mut impl Write,
    records: &[Record],
    idx: &[u32],
    total: usize,
) -> std::io::Result<()> {
    // PREC(5) DTG(17) CLS(2) ID(16) FROM(w) TO(w) SUBJECT(rest), single spaces between.
    let fixed = 5 + 17 + 2 + 16 + 6;
    let rest = total.saturating_sub(fixed);
    let from_w = (rest / 5).clamp(6, 24);
    let to_w = (rest / 5).clamp(6, 24);
    let subj_w = rest.saturating_sub(from_w + to_w + 2).max(10);
    let line = |c: [&str; 7]| {
        let cols = [
            fit(c[0], 5),
            fit(c[1], 17),
            fit(c[2], 2),
            fit(c[3], 16),
            fit(c[4], from_w),
            fit(c[5], to_w),
            fit(c[6], subj_w),
        ];
        cols.join(" ").trim_end().to_string()
    };
    writeln!(
        out,
        "{}",
        line(["PREC", "DTG", "CL", "ID", "FROM", "TO", "SUBJECT"])
    )?;
    for &i in idx {
        let r = &records[i as usize];
        let row = line([
            r.precedence.map_or("", |p| p.short()),
            &dtg_text(r),
            r.classification.map_or("", |c| c.short()),
            r.id().unwrap_or(""),
            &r.origin,
            r.action_addressee(),
            r.subject(),
        ]);
        writeln!(out, "{row}")?;
    }
    Ok(())
}

fn csv(
    out: &mut impl Write,
    (root, records): (&Path, &[Record]),
    idx: &[u32],
    states: &TriageState,
    tty: bool,
) -> std::io::Result<()> {
    writeln!(
        out,
        "id,precedence,dtg,classification,origin,to,subject,tags,file,labels,action_desk,info_desks,read,flagged,done"
    )?;
    for &i in idx {
        let r = &records[i as usize];
        let st = state_of(states, r);
        let dtg = r
            .dtg_utc()
            .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_default();
        let labels: Vec<&str> = st.labels.iter().map(String::as_str).collect();
        let fields = [
            r.id().unwrap_or("").to_string(),
            r.precedence.map_or("", |p| p.as_str()).to_string(),
            dtg,
            r.classification.map_or("", |c| c.as_str()).to_string(),
            r.origin.to_string(),
            r.to.join("; "),
            r.subject().to_string(),
            r.tags.join(" "),
            relpath::join(root, &r.rel_path())
                .to_string_lossy()
                .into_owned(),
            labels.join(" "),
            st.action_desk.clone().unwrap_or_default(),
            st.info_desks.join(" "),
            st.read.to_string(),
            st.flagged.to_string(),
            st.done.to_string(),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f, tty)).collect();
        writeln!(out, "{}", row.join(","))?;
    }
    Ok(())
}

/// One line of `list --format json`: the cable's contract fields (from its first file), every
/// file it was read from, then the triage fields.
#[derive(Serialize)]
struct JsonLine<'a> {
    #[serde(flatten)]
    cable: &'a Cable,
    /// The files of the cable (its flavours, copies and sections), `file` first.
    files: Vec<String>,
    labels: Vec<&'a str>,
    action_desk: Option<&'a str>,
    info_desks: &'a [String],
    /// Read by the current user.
    read: bool,
    read_by: Vec<&'a str>,
    flagged: bool,
    done: bool,
    notes: Vec<NoteLine<'a>>,
    acked_by: Option<&'a str>,
    /// The tasker: who has the action, its state, its suspense (RFC 3339).
    assignee: Option<&'a str>,
    task: Option<crate::triage::TaskState>,
    suspense: Option<String>,
    /// The DTG plus the precedence's objective (RFC 3339), null once handled, without a clock,
    /// or for archive traffic.
    due: Option<String>,
    overdue: bool,
}

/// One officer's note, as the contract spells it.
#[derive(Serialize)]
struct NoteLine<'a> {
    user: &'a str,
    at: String,
    text: &'a str,
}

/// The full cable for a record: parsed again from its file, or rebuilt from the record.
fn cable_of(root: &Path, r: &Record) -> Cable {
    if let Ok(cable) = crate::traffic::read::read_cable(root, r) {
        return cable;
    }
    let mut cable = crate::traffic::read::bare_cable(root, r);
    cable
        .warnings
        .push("file could not be read again; fields from the index".into());
    cable
}

fn json(
    out: &mut impl Write,
    (root, records): (&Path, &[Record]),
    idx: &[u32],
    (states, clock): (&TriageState, &DueClock),
    tty: bool,
) -> anyhow::Result<()> {
    // The other files of each cable that has several, by its first record.
    let others: HashMap<usize, Vec<usize>> = crate::traffic::rows::rows(records)
        .into_iter()
        .filter(|row| row.is_merged())
        .map(|row| (row.records[0], row.records))
        .collect();
    for chunk in idx.chunks(1024) {
        let lines: Vec<String> = chunk
            .par_iter()
            .map(|&i| {
                let r = &records[i as usize];
                let st: &CableState = state_of(states, r);
                let cable = cable_of(root, r);
                let status = due(r.precedence, r.dtg(), st, clock);
                let path = |j: usize| {
                    relpath::join(root, &records[j].rel_path())
                        .to_string_lossy()
                        .into_owned()
                };
                let files = match others.get(&(i as usize)) {
                    Some(all) => all.iter().map(|&j| path(j)).collect(),
                    None => vec![path(i as usize)],
                };
                let line = JsonLine {
                    cable: &cable,
                    files,
                    labels: st.labels.iter().map(String::as_str).collect(),
                    action_desk: st.action_desk.as_deref(),
                    info_desks: &st.info_desks,
                    read: st.read,
                    read_by: st.read_by.iter().map(String::as_str).collect(),
                    flagged: st.flagged,
                    done: st.done,
                    notes: st
                        .notes_by_time()
                        .into_iter()
                        .map(|(user, n)| NoteLine {
                            user,
                            at: n.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                            text: &n.text,
                        })
                        .collect(),
                    acked_by: st.acked_by.as_deref(),
                    assignee: st.tasker.as_ref().map(|t| t.assignee.as_str()),
                    task: st.tasker.as_ref().map(|t| t.state),
                    suspense: st
                        .tasker
                        .as_ref()
                        .and_then(|t| t.suspense)
                        .map(|s| s.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                    due: status
                        .due()
                        .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                    overdue: status.is_overdue(),
                };
                json_line(&line, tty).unwrap_or_default()
            })
            .collect();
        for l in lines {
            writeln!(out, "{l}")?;
        }
    }
    Ok(())
}
