//! Inbox orderings.

use std::cmp::Ordering;

use super::record::Record;

/// What the inbox is sorted by. `Precedence` is the contract's default order: precedence, then
/// action addressee, then DTG newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Precedence,
    Dtg,
    Origin,
    Addressee,
    Classification,
}

impl SortKey {
    pub const CYCLE: [SortKey; 5] = [
        SortKey::Precedence,
        SortKey::Dtg,
        SortKey::Origin,
        SortKey::Addressee,
        SortKey::Classification,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SortKey::Precedence => "precedence",
            SortKey::Dtg => "dtg",
            SortKey::Origin => "origin",
            SortKey::Addressee => "addressee",
            SortKey::Classification => "class",
        }
    }

    pub fn next(self) -> SortKey {
        let i = Self::CYCLE.iter().position(|k| *k == self).unwrap_or(0);
        Self::CYCLE[(i + 1) % Self::CYCLE.len()]
    }

    pub fn compare(self, a: &Record, b: &Record) -> Ordering {
        let prec = |r: &Record| r.precedence.map(|p| p.rank()).unwrap_or(u8::MAX);
        let newest = |a: &Record, b: &Record| b.dtg.cmp(&a.dtg);
        match self {
            SortKey::Precedence => prec(a)
                .cmp(&prec(b))
                .then_with(|| a.action_addressee().cmp(b.action_addressee()))
                .then_with(|| newest(a, b)),
            SortKey::Dtg => newest(a, b),
            SortKey::Origin => a.origin.cmp(&b.origin).then_with(|| newest(a, b)),
            SortKey::Addressee => a
                .action_addressee()
                .cmp(b.action_addressee())
                .then_with(|| newest(a, b)),
            SortKey::Classification => b
                .classification
                .cmp(&a.classification)
                .then_with(|| newest(a, b)),
        }
    }
}

/// Indices of `records` in `key` order (stable).
pub fn sorted_indices(records: &[Record], key: SortKey) -> Vec<u32> {
    let mut idx: Vec<u32> = (0..records.len() as u32).collect();
    idx.sort_by(|&a, &b| key.compare(&records[a as usize], &records[b as usize]));
    idx
}
