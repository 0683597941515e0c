//! Inbox orderings: the single [`SortKey`] the TUI cycles through, and the comma-separated
//! [`SortSpec`] of `list --sort precedence,-dtg,score`. `due` (time to breach, soonest first)
//! depends on the triage state and the clock: [`due_order`] and [`due_keys`] take them.

use std::cmp::Ordering;

use rayon::slice::ParallelSliceMut;

use super::filter::state_of;
use super::interner::addr_of;
use super::record::Record;
use crate::triage::TriageState;
use crate::triage::due::{DEFAULT_SECS, DueClock, due};

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
    /// Time to breach of the handling-time objective, soonest (most overdue) first; handled
    /// cables and those without a clock last. Needs the state and the clock: see
    /// [`due_order`]. Without them ([`sorted_indices`], [`SortKey::compare`]) it orders by the
    /// DTG plus the default objective.
    Due,
}

fn prec_rank(r: &Record) -> u8 {
    r.precedence.map(|p| p.rank()).unwrap_or(u8::MAX)
}

fn newest(a: &Record, b: &Record) -> Ordering {
    b.dtg().cmp(&a.dtg())
}

impl SortKey {
    pub const CYCLE: [SortKey; 6] = [
        SortKey::Precedence,
        SortKey::Dtg,
        SortKey::Origin,
        SortKey::Addressee,
        SortKey::Classification,
        SortKey::Due,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SortKey::Precedence => "precedence",
            SortKey::Dtg => "dtg",
            SortKey::Origin => "origin",
            SortKey::Addressee => "addressee",
            SortKey::Classification => "class",
            SortKey::Due => "due",
        }
    }

    pub fn next(self) -> SortKey {
        let i = Self::CYCLE.iter().position(|k| *k == self).unwrap_or(0);
        Self::CYCLE[(i + 1) % Self::CYCLE.len()]
    }

    /// This key alone, without tie-breaks (highest precedence, newest DTG, A-Z, most secret first).
    pub fn compare_field(self, a: &Record, b: &Record) -> Ordering {
        match self {
            SortKey::Precedence => prec_rank(a).cmp(&prec_rank(b)),
            SortKey::Dtg => newest(a, b),
            SortKey::Origin => a.origin.cmp(&b.origin),
            SortKey::Addressee => a.action_addressee().cmp(b.action_addressee()),
            SortKey::Classification => b.classification.cmp(&a.classification),
            SortKey::Due => plain_due(a).cmp(&plain_due(b)),
        }
    }

    /// The key with its tie-breaks: the default order for `Precedence`, DTG newest otherwise.
    pub fn compare(self, a: &Record, b: &Record) -> Ordering {
        let first = self.compare_field(a, b);
        match self {
            SortKey::Precedence => first
                .then_with(|| SortKey::Addressee.compare_field(a, b))
                .then_with(|| newest(a, b)),
            SortKey::Dtg => first,
            _ => first.then_with(|| newest(a, b)),
        }
    }
}

/// Indices of `records` in `key` order (stable). Each record gets one integer key (strings
/// replaced by their rank among the distinct values), so 250,000 records sort in a few
/// milliseconds instead of comparing strings millions of times.
pub fn sorted_indices(records: &[Record], key: SortKey) -> Vec<u32> {
    let ranks = match key {
        SortKey::Precedence | SortKey::Addressee => string_ranks(records, Record::action_addressee),
        SortKey::Origin => string_ranks(records, |r| &r.origin),
        _ => Vec::new(),
    };
    // Newest first, no DTG last.
    let newest = |r: &Record| r.dtg().map_or(u64::MAX, |d| !((d as u64) ^ (1 << 63)));
    let mut keyed: Vec<(u128, u32)> = records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let rk = u64::from(ranks.get(i).copied().unwrap_or(0));
            let hi: u64 = match key {
                SortKey::Precedence => (u64::from(prec_rank(r)) << 32) | rk,
                SortKey::Dtg => 0,
                SortKey::Origin | SortKey::Addressee => rk,
                SortKey::Classification => {
                    r.classification.map_or(255, |c| 3 - u64::from(c.rank()))
                }
                SortKey::Due => match plain_due(r) {
                    (0, t) => (t as u64) ^ (1 << 63),
                    _ => u64::MAX,
                },
            };
            ((u128::from(hi) << 64) | u128::from(newest(r)), i as u32)
        })
        .collect();
    keyed.par_sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// The due time with the default objectives and no triage state, for orders without a clock:
/// (0, Unix seconds), or (1, 0) for a cable without precedence or DTG.
fn plain_due(r: &Record) -> (u8, i64) {
    match (r.precedence, r.dtg()) {
        (Some(p), Some(d)) => (
            0,
            d.saturating_add(DEFAULT_SECS[usize::from(p.rank()).min(4)]),
        ),
        _ => (1, 0),
    }
}

/// Each record's place on the office clock, for sorting: see
/// [`DueStatus::sort_key`](crate::triage::due::DueStatus::sort_key).
pub fn due_keys(
    records: &[Record],
    idx: &[u32],
    states: &TriageState,
    clock: &DueClock,
) -> Vec<(u8, i64)> {
    use rayon::prelude::*;
    idx.par_iter()
        .map(|&i| {
            let r = &records[i as usize];
            due(r.precedence, r.dtg(), state_of(states, r), clock).sort_key()
        })
        .collect()
}

/// Every record number in `due` order at `clock`: time to breach, soonest first, then future
/// DTGs, then the rest; ties in the default order.
pub fn due_order(records: &[Record], states: &TriageState, clock: &DueClock) -> Vec<u32> {
    let base = sorted_indices(records, SortKey::Precedence);
    let keys = due_keys(records, &base, states, clock);
    let mut keyed: Vec<((u8, i64), u32, u32)> = keys
        .into_iter()
        .zip(base)
        .enumerate()
        .map(|(pos, (k, i))| (k, pos as u32, i))
        .collect();
    keyed.par_sort_unstable();
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

/// Each record's rank among the distinct values of `field` (equal strings, equal ranks).
///
/// The loader shares equal strings, so the distinct values are first found by [`addr_of`] (a
/// cheap hash of two words per record) and only those few thousand are compared as text;
/// equal strings at different addresses (records built without the interner) still get one
/// rank, from the sorted pass.
fn string_ranks(records: &[Record], field: fn(&Record) -> &str) -> Vec<u32> {
    let mut by_addr: hashbrown::HashMap<(usize, usize), u32> = hashbrown::HashMap::new();
    let mut distinct: Vec<&str> = Vec::new();
    let slot: Vec<u32> = records
        .iter()
        .map(|r| {
            let s = field(r);
            *by_addr.entry(addr_of(s.as_bytes())).or_insert_with(|| {
                distinct.push(s);
                (distinct.len() - 1) as u32
            })
        })
        .collect();
    let mut order: Vec<u32> = (0..distinct.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| distinct[a as usize].cmp(distinct[b as usize]));
    let mut rank_of = vec![0u32; distinct.len()];
    let mut rank = 0u32;
    for (k, &d) in order.iter().enumerate() {
        if k > 0 && distinct[order[k - 1] as usize] != distinct[d as usize] {
            rank += 1;
        }
        rank_of[d as usize] = rank;
    }
    slot.into_iter().map(|d| rank_of[d as usize]).collect()
}

/// One key of a [`SortSpec`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortField {
    Key(SortKey),
    /// Fuzzy score of the filter, best first.
    Score,
    /// Time to breach, soonest first (from keys the caller computes: [`due_keys`]).
    Due,
}

/// `precedence,-dtg`: keys in priority order, each possibly reversed; ties fall back to the
/// default order, then the file path.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SortSpec {
    pub keys: Vec<(SortField, bool)>,
}

impl SortSpec {
    /// Parse `--sort`. The error names the bad key and the known ones.
    pub fn parse(s: &str) -> Result<SortSpec, String> {
        let mut keys = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (rev, name) = match part.strip_prefix('-') {
                Some(n) => (true, n),
                None => (false, part),
            };
            let field = match name.to_ascii_lowercase().as_str() {
                "precedence" | "prec" => SortField::Key(SortKey::Precedence),
                "dtg" | "date" => SortField::Key(SortKey::Dtg),
                "origin" | "from" => SortField::Key(SortKey::Origin),
                "addressee" | "to" => SortField::Key(SortKey::Addressee),
                "class" | "classification" => SortField::Key(SortKey::Classification),
                "score" => SortField::Score,
                "due" => SortField::Due,
                _ => {
                    return Err(format!(
                        "unknown sort key `{name}` — use precedence, dtg, origin, addressee, \
                         class, due or score (prefix `-` reverses)"
                    ));
                }
            };
            keys.push((field, rev));
        }
        Ok(SortSpec { keys })
    }

    pub fn uses_score(&self) -> bool {
        self.keys.iter().any(|(f, _)| *f == SortField::Score)
    }

    pub fn uses_due(&self) -> bool {
        self.keys.iter().any(|(f, _)| *f == SortField::Due)
    }

    /// Sort `idx` (indices into `records`) in place; `scores[i]` is the score of `idx[i]`'s record
    /// when the spec uses the score, `due[i]` its [`due_keys`] when it uses `due` (pass empty
    /// slices otherwise).
    pub fn sort(&self, records: &[Record], idx: &mut Vec<u32>, scores: &[i64], due: &[(u8, i64)]) {
        if self.keys.is_empty() {
            // The default order, by integer keys; then keep only the records in `idx`.
            let mut keep = vec![false; records.len()];
            for &i in idx.iter() {
                if let Some(k) = keep.get_mut(i as usize) {
                    *k = true;
                }
            }
            let order = sorted_indices(records, SortKey::Precedence);
            *idx = order.into_iter().filter(|&i| keep[i as usize]).collect();
            return;
        }
        let mut pairs: Vec<(u32, i64, (u8, i64))> = idx
            .iter()
            .enumerate()
            .map(|(i, &r)| {
                let d = due.get(i).copied().unwrap_or((2, 0));
                (r, scores.get(i).copied().unwrap_or(0), d)
            })
            .collect();
        pairs.par_sort_by(|&(a, sa, da), &(b, sb, db)| {
            let (ra, rb) = (&records[a as usize], &records[b as usize]);
            let mut ord = Ordering::Equal;
            for &(f, rev) in &self.keys {
                let o = match f {
                    SortField::Key(k) => k.compare_field(ra, rb),
                    SortField::Score => sb.cmp(&sa),
                    SortField::Due => da.cmp(&db),
                };
                ord = if rev { o.reverse() } else { o };
                if ord != Ordering::Equal {
                    break;
                }
            }
            ord.then_with(|| SortKey::Precedence.compare(ra, rb))
                .then_with(|| ra.cmp_path(rb))
        });
        *idx = pairs.into_iter().map(|(r, _, _)| r).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cable::{Addressee, Cable, Classification, Precedence};

    /// Records with equal strings at different addresses (each built alone) or, with
    /// `shared`, through one interner as the loader builds them.
    fn records_with(shared: bool) -> Vec<Record> {
        let interner = crate::traffic::Interner::default();
        let mut x: u64 = 7;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..500)
            .map(|i| {
                let c = Cable {
                    file: format!("f{i}"),
                    precedence: Precedence::from_rank((next() % 6) as u8),
                    classification: Classification::from_rank((next() % 5) as u8),
                    dtg: (next() % 4 != 0)
                        .then(|| chrono::DateTime::from_timestamp((next() % 50) as i64 * 1000, 0))
                        .flatten(),
                    origin: Some(["B", "A", "C"][(next() % 3) as usize].into()),
                    to: vec![Addressee {
                        addressee: ["Y", "X", ""][(next() % 3) as usize].into(),
                        ..Default::default()
                    }],
                    ..Default::default()
                };
                if shared {
                    Record::from_cable_in(&c, 0, &interner)
                } else {
                    Record::from_cable(&c, 0)
                }
            })
            .collect()
    }

    #[test]
    fn integer_keys_sort_like_the_comparator() {
        for shared in [false, true] {
            let rs = records_with(shared);
            for key in SortKey::CYCLE {
                let mut want: Vec<u32> = (0..rs.len() as u32).collect();
                want.sort_by(|&a, &b| key.compare(&rs[a as usize], &rs[b as usize]));
                assert_eq!(sorted_indices(&rs, key), want, "{key:?}, shared {shared}");
            }
        }
    }
}
