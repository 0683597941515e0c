//! Moving each parsed batch into place, in walk order, taking unchanged files' records from the
//! old index, and handing the batch to the index writer.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::batch::{Fresh, Got, Parsed};
use super::options::LoadOptions;
use super::placed::Placed;
use super::plan::Plan;
use crate::traffic::index::{self, FileEntry};
use crate::traffic::model::Problem;
use crate::traffic::read::Stamp;

/// The load's results, filled batch by batch in walk order.
pub(super) struct Collected {
    pub(super) records: Placed,
    pub(super) problems: Vec<Problem>,
    /// The files as seen, for the index: the current batch's for a writer, every file's for a
    /// rewrite at the end (see `in_order`); None when no index is written.
    pub(super) entries: Option<Vec<FileEntry>>,
    /// While every file so far is the old index's file of the same number, unchanged, with its
    /// records where the index had them, `entries` stays empty: those entries would be the old
    /// index's own, and are made from it only if the index has to be rewritten after all
    /// ([`Collected::backfill`]). An unchanged start makes none (megabytes, at
    /// the scale of a whole release).
    in_order: bool,
    /// The index being written as batches arrive (first run, or the old one was unusable).
    pub(super) writer: Option<index::Writer>,
    /// Each file's stamp in walk order, when [`LoadOptions::keep_seen`] asks for them.
    pub(super) stamps: Option<Vec<Option<Stamp>>>,
    pub(super) save_time: Duration,
    pub(super) note: Option<String>,
    pub(super) bytes: u64,
    pub(super) bytes_read: u64,
    pub(super) parsed: usize,
    pub(super) from_index: usize,
}

impl Collected {
    /// Ready to take the batches of `plan`: the old index's records (most of the load's) are
    /// placed where they are, and the index is written as the load goes when there is no
    /// usable old one (the first run, or a damaged one), else rewritten at the end when
    /// anything changed.
    pub(super) fn new(plan: &mut Plan, dir: &Path, opts: &LoadOptions) -> Collected {
        let n = plan.files.len();
        // Without old records, room is made for a record per file and an eighth more: a
        // vector doubling its way there touches twice its final size in fresh pages, and so
        // does one outgrowing room made to the file count (files of two cables). Room never
        // filled is address space, not memory.
        let records = match std::mem::take(&mut plan.old.records) {
            none if none.is_empty() => Vec::with_capacity(n + n / 8 + 16),
            some => some,
        };
        let mut c = Collected {
            records: Placed::new(records),
            problems: std::mem::take(&mut plan.problems),
            entries: None,
            in_order: false,
            writer: None,
            stamps: opts.keep_seen.then(|| Vec::with_capacity(n)),
            save_time: Duration::ZERO,
            note: plan.note.take(),
            bytes: 0,
            bytes_read: 0,
            parsed: 0,
            from_index: 0,
        };
        let valid = plan.old.valid;
        if let Some(p) = plan.index_path.as_ref().filter(|_| !valid) {
            match index::Writer::create(p, dir) {
                Ok(w) => c.writer = Some(w),
                Err(e) => c.note = Some(format!("index not saved: {e}")),
            }
        }
        // Every file's entry is kept for a rewrite of a usable index at the end; a writer
        // takes them batch by batch.
        if c.writer.is_some() {
            c.entries = Some(Vec::with_capacity(opts.batch_files.max(1)));
        } else if plan.index_path.is_some() && valid {
            c.entries = Some(Vec::new());
            c.in_order = true;
        }
        c
    }

    /// Move one parsed batch (files `base..` of `files`) into place, taking reused files'
    /// records (and problems) from the old index `old`, then hand the batch to the index
    /// writer. Returns the range of the batch's records.
    pub(super) fn take(
        &mut self,
        files: &[PathBuf],
        base: usize,
        got: Vec<Parsed>,
        old: &index::Index,
    ) -> Range<usize> {
        let start = self.records.done;
        let first_entry = self.entries.as_ref().map_or(0, Vec::len);
        for (j, (g, stamp, n)) in got.into_iter().enumerate() {
            if let Some(s) = self.stamps.as_mut() {
                s.push(stamp);
            }
            self.bytes_read += n;
            self.bytes += stamp.map_or(n, |s| s.size);
            let first = self.records.done;
            // Unchanged, and the old index's file of the same number.
            let same = matches!(g, Got::Reused(i) if i == base + j);
            let reason = self.place(g, old);
            if let Some(r) = &reason {
                self.problems.push(Problem {
                    path: files[base + j].clone(),
                    reason: r.clone(),
                });
            }
            if self.in_order {
                if same && self.records.aside.is_none() {
                    continue;
                }
                self.backfill(old, base + j);
            }
            if let (Some(entries), Some(stamp)) = (self.entries.as_mut(), stamp) {
                let records = first..self.records.done;
                entries.push(FileEntry::new(base + j, stamp, reason, records));
            }
        }
        if let (Some(w), Some(entries)) = (self.writer.as_mut(), self.entries.as_mut()) {
            let t = Instant::now();
            let records = self.records.placed();
            if let Err(e) = w.add_block(files, &entries[first_entry..], records) {
                self.note = Some(format!("index not saved: {e}"));
                self.writer = None;
            }
            // Written: a load with a writer never looks at a batch's entries again (it rewrites
            // nothing at the end), so only one batch of them is ever held (each megabyte of
            // them would be page faults and zeroing).
            entries.clear();
            self.save_time += t.elapsed();
        }
        start..self.records.done
    }

    /// Place one file's records (taken from the old index when it is unchanged), counting it;
    /// returns why it is not a cable, when it is not.
    fn place(&mut self, g: Got, old: &index::Index) -> Option<String> {
        match g {
            Got::Reused(i) => {
                self.from_index += 1;
                let reason = old.problem(i).map(str::to_string);
                if reason.is_none() {
                    self.records.reuse(old.range(i));
                }
                reason
            }
            Got::Fresh(Fresh::Records(recs), was) => {
                self.parsed += 1;
                let old_range = was.map(|i| old.range(i));
                self.records.push(recs, old_range);
                None
            }
            Got::Fresh(Fresh::Problem(r), _) => {
                self.parsed += 1;
                Some(r)
            }
        }
    }

    /// Make the entries of files `0..upto`, which were the old index's files of the same
    /// numbers, unchanged and in place (see [`Collected::in_order`]), and keep every entry from
    /// now on.
    pub(super) fn backfill(&mut self, old: &index::Index, upto: usize) {
        if !std::mem::replace(&mut self.in_order, false) {
            return;
        }
        if let Some(entries) = self.entries.as_mut() {
            entries.extend((0..upto).filter_map(|k| {
                let stamp = *old.stamps.get(k)?;
                let problem = old.problem(k).map(str::to_string);
                Some(FileEntry::new(k, stamp, problem, old.range(k)))
            }));
        }
    }
}
