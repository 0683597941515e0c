//! The last step of a load: the records in their final vector, the index saved (rewritten
//! when anything changed since the old one, finished when it was written as the load went),
//! and the stats.

use std::path::Path;
use std::time::{Duration, Instant};

use super::batch::Sharing;
use super::collect::Collected;
use super::options::{LoadOptions, LoadStats};
use super::plan::Plan;
use crate::traffic::index;
use crate::traffic::model::Traffic;

/// Finish a load of `dir` whose batches are all in `c`; `read_parse` is how long they took.
pub(super) fn finish(
    dir: &Path,
    opts: &LoadOptions,
    plan: Plan,
    mut c: Collected,
    sharing: Sharing,
    read_parse: Duration,
) -> (Traffic, LoadStats) {
    let Plan {
        files,
        old,
        index_path,
        walk_time,
        index_time,
        ..
    } = plan;
    let rewrite = old.valid && (c.parsed > 0 || old.stamps.len() != c.from_index);
    if rewrite {
        c.backfill(&old, files.len());
    }
    let records = c.records.finish();
    let mut stats = LoadStats {
        files: files.len(),
        bytes: c.bytes,
        bytes_read: c.bytes_read,
        cables: records.len(),
        problems: c.problems.len(),
        parsed: c.parsed,
        from_index: c.from_index,
        walk: walk_time,
        index_load: index_time,
        read_parse,
        shared_heap: if opts.measure_memory {
            sharing.heap_bytes()
        } else {
            0
        },
        ..Default::default()
    };

    let t = Instant::now();
    let entries = c.entries.take().unwrap_or_default();
    // The interner and the old index are of no more use: they go before the index is written,
    // which holds tables of its own. Their tables hold a count on every shared string and list,
    // and dropping those is half a million scattered decrements, which nobody need wait for.
    // The records keep what they use.
    let tables = (sharing.into_parts(), old);
    let _ = std::thread::Builder::new()
        .name("interner-drop".into())
        .spawn(move || drop(tables));
    let saved = if let Some(w) = c.writer {
        w.finish()
    } else if let Some(p) = index_path.as_ref().filter(|_| rewrite) {
        index::save(p, dir, &files, &entries, &records)
    } else {
        Ok(())
    };
    stats.index_note = match saved {
        Ok(()) => c.note,
        Err(e) => Some(format!("index not saved: {e}")),
    };
    // The time spent writing the index, most of it while later batches were parsed.
    stats.index_save = c.save_time + t.elapsed();
    if let Some(stamps) = c.stamps {
        stats.seen = files
            .into_iter()
            .zip(stamps)
            .filter_map(|(f, s)| Some((f, s?)))
            .collect();
    }
    let traffic = Traffic {
        root: dir.to_path_buf(),
        records,
        problems: c.problems,
    };
    (traffic, stats)
}
