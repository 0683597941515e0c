//! Placing a load's records in walk order inside the old index's vector of records, so that an
//! unchanged start moves none of them.

use std::ops::Range;

use crate::traffic::record::Record;

/// The load's records in walk order, built inside the old index's vector of records: while the
/// walk meets the indexed files in the order the index holds them (every start without a file
/// added or removed), each file's records are already in place, and nothing is moved. At the
/// first file out of that order, the records not yet placed are moved aside, and from then on
/// every file's records are moved into place.
pub(super) struct Placed {
    /// `records[..done]` are the load's; while `aside` is None, `records[done..]` are the old
    /// index's records from number `done` on.
    records: Vec<Record>,
    pub(super) done: usize,
    /// The old records not in place: (number of the first, the records, each taken once).
    pub(super) aside: Option<(usize, Vec<Option<Record>>)>,
}

impl Placed {
    pub(super) fn new(old: Vec<Record>) -> Placed {
        Placed {
            records: old,
            done: 0,
            aside: None,
        }
    }

    /// The load's records so far.
    pub(super) fn placed(&self) -> &[Record] {
        &self.records[..self.done]
    }

    /// Move the old records not yet placed aside.
    fn set_aside(&mut self) -> &mut (usize, Vec<Option<Record>>) {
        let done = self.done;
        let records = &mut self.records;
        self.aside.get_or_insert_with(|| {
            let rest = records.split_off(done);
            (done, rest.into_iter().map(Some).collect())
        })
    }

    /// Place the old index's records `old`, for an unchanged file.
    pub(super) fn reuse(&mut self, old: Range<usize>) {
        if old.is_empty() {
            return;
        }
        if self.aside.is_none() && old.start == self.done {
            self.done = old.end.min(self.records.len());
            return;
        }
        let (first, aside) = self.set_aside();
        let first = *first;
        let taken: Vec<Record> = old
            .filter_map(|k| aside.get_mut(k.checked_sub(first)?)?.take())
            .collect();
        self.records.extend(taken);
        self.done = self.records.len();
    }

    /// Place a parsed file's records; `old` are the numbers of the records it had in the old
    /// index, if it was there. A file edited in place, with as many cables as before, takes
    /// over its old records' places, so the records after it stay where they are.
    pub(super) fn push(&mut self, recs: Vec<Record>, old: Option<Range<usize>>) {
        if self.aside.is_none()
            && let Some(old) = old.filter(|o| o.start == self.done && o.len() == recs.len())
            && let Some(places) = self.records.get_mut(old)
        {
            for (place, r) in places.iter_mut().zip(recs) {
                *place = r;
            }
            self.done += places.len();
            return;
        }
        if recs.is_empty() {
            return;
        }
        if self.aside.is_none() && self.done < self.records.len() {
            self.set_aside();
        }
        self.records.extend(recs);
        self.done = self.records.len();
    }

    /// The load's records, without the old ones no file took.
    pub(super) fn finish(mut self) -> Vec<Record> {
        self.records.truncate(self.done);
        self.records
    }
}
