//! Loading a traffic directory into records, in three steps that each read top to bottom:
//! `plan` (walk the directory while the old index is decoded), `batch` (read and parse the
//! files in parallel on all cores, in batches, so the first rows can be shown while loading
//! goes on; `collect` moves each batch into place and hands it to the index writer), and
//! `finish` (save the index, gather the stats). Through the index cache of the state
//! directory, only files whose size or modification time changed are parsed again.
//!
//! Why it is built this way (the README's Performance section has the figures): with the index
//! in place, the records are decoded straight into the vector that becomes the inbox's and stay
//! there while the walk meets the files in the index's order (`placed`); on a first run the
//! index is written block by block while the next batch is parsed.

mod batch;
mod collect;
mod finish;
mod options;
mod placed;
mod plan;

pub use options::{LoadOptions, LoadStats, Phase, Progress};

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::interner::Interner;
use super::model::Traffic;
use super::read::Dir;
use super::record::Record;
use batch::{Parsed, Sharing, parse_batch};
use collect::Collected;
use plan::Plan;

/// Load every cable under `dir`. Never fails on a bad file: it becomes a [`Problem`](crate::traffic::Problem).
pub fn load_dir(dir: &Path) -> std::io::Result<Traffic> {
    load_dir_with(dir, &LoadOptions::default(), |_, _| {}).map(|(t, _)| t)
}

/// Load through the index cache in `state_dir` (read, then rewritten when anything changed).
pub fn load_dir_cached(
    dir: &Path,
    state_dir: &Path,
    on_batch: impl FnMut(&Progress, &[Record]),
) -> std::io::Result<(Traffic, LoadStats)> {
    let opts = LoadOptions {
        state_dir: Some(state_dir.to_path_buf()),
        ..Default::default()
    };
    load_dir_with(dir, &opts, on_batch)
}

/// Load with options, calling `on_batch(progress, new_records)` on this thread after the walk and
/// after each batch of files (records arrive in walk order). Fails only when `dir` cannot be read.
pub fn load_dir_with(
    dir: &Path,
    opts: &LoadOptions,
    mut on_batch: impl FnMut(&Progress, &[Record]),
) -> std::io::Result<(Traffic, LoadStats)> {
    let interner = Interner::default();
    let mut plan = Plan::make(dir, opts, &interner)?;
    let mut progress = Progress {
        phase: Phase::Index,
        files_total: plan.files.len(),
        problems: plan.problems.len(),
        ..Default::default()
    };
    on_batch(&progress, &[]);

    progress.phase = Phase::Read;
    let started = Instant::now();
    let mut c = Collected::new(&mut plan, dir, opts);
    let sharing = Sharing::new(interner, std::mem::take(&mut plan.old.shared));
    let batch = opts.batch_files.max(1);
    read_all(dir, &plan, (&mut c, &sharing), batch, |done, new| {
        progress.files_done = done;
        progress.cables = new.cables;
        progress.problems = new.problems;
        on_batch(&progress, new.records);
    });
    let read_parse = started.elapsed();

    let (traffic, stats) = finish::finish(dir, opts, plan, c, sharing, read_parse);
    progress.phase = Phase::Done;
    on_batch(&progress, &[]);
    Ok((traffic, stats))
}

/// What one batch added, as the progress callback sees it.
struct Added<'a> {
    /// The batch's records, in walk order.
    records: &'a [Record],
    /// Cables and problems so far.
    cables: usize,
    problems: usize,
}

/// The second step: read and parse every file of `plan` in batches of `batch` files, moving
/// each into `c`, and call `on_batch(files_done, added)` after each batch is in place. Batch k
/// is read and parsed on the pool while batch k - 1 is moved into place and handed to the index
/// writer; the caller then sees batch k - 1.
fn read_all(
    dir: &Path,
    plan: &Plan,
    (c, sharing): (&mut Collected, &Sharing),
    batch: usize,
    mut on_batch: impl FnMut(usize, Added),
) {
    let files = &plan.files;
    let chunks: Vec<&[PathBuf]> = files.chunks(batch).collect();
    let old_files = (&plan.old.paths, &plan.old.stamps[..]);
    let root_dir = Dir::open(dir);
    let mut waiting: Option<(usize, Vec<Parsed>)> = None;
    for k in 0..=chunks.len() {
        let (parsed, taken) = rayon::join(
            || {
                let base = k * batch;
                let stamps = plan.stamps.get(base..).unwrap_or(&[]);
                let chunk = chunks.get(k)?;
                let at = (dir, root_dir.as_ref());
                Some(parse_batch(at, (base, chunk), stamps, old_files, sharing))
            },
            || {
                let (base, got) = waiting.take()?;
                Some((base, c.take(files, base, got, &plan.old)))
            },
        );
        if let Some((base, new)) = taken {
            let added = Added {
                records: &c.records.placed()[new],
                cables: c.records.done,
                problems: c.problems.len(),
            };
            on_batch((base + batch).min(files.len()), added);
        }
        waiting = parsed.map(|got| (k * batch, got));
    }
}
