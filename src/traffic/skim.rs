//! Skim's fuzzy score (`SkimMatcherV2`, case ignored) of every prefix of an ASCII word in an
//! ASCII field, in one pass: the fuzzy rule of [`super::fuzzy`] asks for the score of each prefix
//! of two chars or more, and skim scores one pattern at a time, so a word of `n` letters cost
//! `n - 1` passes over the field, each as long as its prefix.
//!
//! Skim fills its table one pattern char (one row) at a time, and a row depends only on the rows
//! before it and on where each pattern char is first found in the field: so the last row of
//! the pattern's first `k` chars is the same whether the pattern ends there or goes on, and the
//! score of that prefix (the best cell of its last row) can be read as each row is done. This
//! module is skim's two-row algorithm (its `fuzzy_match`, which keeps two rows and reuses them
//! in turn) over bytes, with the same arithmetic, so that a score here is exactly skim's,
//! including the cells a row reads that an earlier row of the same parity left behind. A row is
//! kept as its matches only (a `Row`): its other cells follow from them, so a row costs a
//! `memchr` over the field and a step per match rather than a step per field byte. The unit
//! tests compare every prefix score with skim's own over generated fields and words, and
//! `tests/fuzzy_rule.rs` compares the filter with the rule on a plain `SkimMatcherV2`.
//!
//! It answers only when skim would fill its table: an ASCII field of a length whose two rows
//! fit the caller's cell limit (beyond it skim scores by its linear simple match instead).

use std::cell::RefCell;

/// Skim's default scores (`SkimScoreConfig::default`).
const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
const PENALTY_CASE_MISMATCH: i32 = GAP_EXTENSION * 2;
const FIRST_CHAR_MULTIPLIER: i32 = 2;
const NEG_INFINITY: i32 = i16::MIN as i32;

#[derive(Clone, Copy, PartialEq, Eq)]
enum CharType {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

/// Skim's type of each ASCII byte (its `CharType::of`), by table: every field byte of a scored
/// field is looked up once per score.
static CHAR_TYPES: [CharType; 128] = {
    let mut t = [CharType::Lower; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            0 => CharType::Empty,
            b' ' | b'/' | b'\\' | b'|' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => {
                CharType::HardSep
            }
            b'!'..=b'\'' | b'*'..=b'.' | b':'..=b'@' | b'^'..=b'`' | b'~' => CharType::SoftSep,
            b'0'..=b'9' => CharType::Number,
            b'A'..=b'Z' => CharType::Upper,
            _ => CharType::Lower,
        };
        b += 1;
    }
    t
};

fn char_type(b: u8) -> CharType {
    CHAR_TYPES[usize::from(b & 0x7f)]
}

/// Skim's bonus for a field char by its role after the char before it.
fn in_place_bonus(prev: CharType, cur: CharType) -> i32 {
    match (prev, cur) {
        (CharType::Empty | CharType::HardSep, _) => BONUS_HEAD,
        (CharType::SoftSep, _) => BONUS_BREAK,
        (CharType::Lower | CharType::Number, CharType::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

thread_local! {
    /// The rows' matches and bonuses, kept per thread at their largest.
    static TABLE: RefCell<Table> = RefCell::new(Table::default());
}

/// What skim's table holds, kept sparse: a row is `-inf` in its `m` wherever its char does not
/// match, and its `p` falls by one a column from its last match, so a row is its matches (column
/// and `m`) and the two cells it starts from. Only the consecutive-match bonus, which a row
/// leaves for the row after next to read, is kept whole.
#[derive(Default)]
struct Table {
    rows: [Row; 3],
    bonus: [Vec<i32>; 2],
    stale: Vec<(usize, i32)>,
}

/// One row of skim's table: its first column and the `m` and `p` it found there (left by an
/// earlier row of the same storage), and its matches.
#[derive(Default, Clone)]
struct Row {
    start: usize,
    m_start: i32,
    p_start: i32,
    hits: Vec<(usize, i32)>,
}

impl Row {
    /// The row skim's table starts with: nothing matched, one gap so far, in every column.
    fn empty_pattern(&mut self) {
        self.start = 0;
        self.m_start = NEG_INFINITY;
        self.p_start = GAP_EXTENSION;
        self.hits.clear();
    }

    /// `m` at `col` (right of `start`).
    fn m_at(&self, col: usize) -> i32 {
        match self.hits.binary_search_by_key(&col, |h| h.0) {
            Ok(k) => self.hits[k].1,
            Err(_) => NEG_INFINITY,
        }
    }

    /// `p` at `col` (right of `start`): the best of each match (and of the start) less 3, less
    /// one a column since. (Cells below `-inf` plus a gap, which skim also keeps, are left out:
    /// no score a row could reach from them is within a thousand of any floor.)
    fn p_at(&self, col: usize, hits_before: usize) -> i32 {
        let k = self
            .hits
            .iter()
            .take(hits_before)
            .map(|&(a, m)| m + GAP_START + a as i32)
            .fold(self.base_k(), i32::max);
        k - col as i32
    }

    /// The start's share of `p_at`, shifted by its column.
    fn base_k(&self) -> i32 {
        let s = self.start as i32;
        (self.p_start + s).max(self.m_start + GAP_START + s)
    }
}

/// Skim's bonus for the field char at column `col` (1-based), as skim precomputes it.
fn bonus_at(hay: &[u8], col: usize) -> i32 {
    let prev = if col >= 2 {
        char_type(hay[col - 2])
    } else {
        CharType::Empty
    };
    let b = in_place_bonus(prev, char_type(hay[col - 1]));
    if col == 1 {
        b * FIRST_CHAR_MULTIPLIER
    } else {
        b
    }
}

/// Does every prefix of `word` (lowercase ASCII) of two chars or more score at least its floor
/// in `hay` (`floor(k)` for the prefix of `k` chars), as skim scores it with case ignored? `None`
/// when this module cannot say as skim would: a field or word that is not ASCII, or a field too
/// long for `cell_limit` cells of two rows. Stops at the first prefix under its floor.
pub fn prefixes_pass(
    hay: &[u8],
    word: &[u8],
    cell_limit: usize,
    floor: impl Fn(usize) -> i64,
) -> Option<bool> {
    let cols = hay.len() + 1;
    if !hay.is_ascii() || !word.is_ascii() || cell_limit < 2 * cols {
        return None;
    }
    // Where each word char is first found, in order (skim's `cheap_matches`): the columns each
    // row starts after. A word that is not there in order scores nothing.
    let mut first = [0usize; 64];
    if word.len() > first.len() {
        return None;
    }
    let mut at = 0;
    for (i, &p) in word.iter().enumerate() {
        let found = hay[at..].iter().position(|h| h.eq_ignore_ascii_case(&p));
        let Some(off) = found else {
            return Some(false);
        };
        first[i] = at + off;
        at += off + 1;
    }
    Some(TABLE.with_borrow_mut(|t| score_rows(t, hay, word, &first[..word.len()], &floor)))
}

/// Skim's table, row by row over each row's matches only, checking each prefix's score as its
/// row is done.
fn score_rows(
    t: &mut Table,
    hay: &[u8],
    word: &[u8],
    first: &[usize],
    floor: &impl Fn(usize) -> i64,
) -> bool {
    let cols = hay.len() + 1;
    for b in &mut t.bonus {
        b.clear();
        b.resize(cols, 0);
    }
    // Rows by `i % 3`: this one, the one before and the one before that. Before the first
    // row: the empty pattern's row (in storage 0) and a reset cell (storage 1).
    let Table { rows, bonus, stale } = t;
    rows[2].empty_pattern();
    rows[1].empty_pattern();
    rows[1].p_start = NEG_INFINITY;
    rows[1].start = first[0];
    for (i, &pc) in word.iter().enumerate() {
        let s = first[i];
        let (cur, back) = (i % 3, (i + 1) % 3);
        // The cells at `s` as the row two before left them (skim reuses its storage).
        let (m_start, p_start) = if i == 0 {
            (NEG_INFINITY, NEG_INFINITY)
        } else if i == 1 {
            (NEG_INFINITY, GAP_EXTENSION)
        } else {
            let b = &rows[back];
            let before = b.hits.partition_point(|h| h.0 < s);
            (b.m_at(s), b.p_at(s, before))
        };
        let b_cur = &mut bonus[(i + 1) & 1][..cols];
        // Every column of the row that does not match sets its bonus to 0; a match leaves its
        // own column's bonus as the row two before left it (and sets the one to its left).
        stale.clear();
        let upper = pc.to_ascii_uppercase();
        let mut at = s;
        while let Some(off) = memchr::memchr2(pc, upper, &hay[at..]) {
            let c = at + off + 1;
            stale.push((c, b_cur[c]));
            at = c;
        }
        b_cur[s + 1..].fill(0);
        for &(c, v) in stale.iter() {
            b_cur[c] = v;
        }
        let [r0, r1, r2] = rows;
        let (row, old) = match cur {
            0 => (r0, &*r2),
            1 => (r1, &*r0),
            _ => (r2, &*r1),
        };
        row.start = s;
        row.m_start = m_start;
        row.p_start = p_start;
        row.hits.clear();
        let mut best = m_start;
        let (mut k_old, mut used) = (old.base_k(), 0);
        for &(c, _) in stale.iter() {
            // The row before at column c - 1.
            while used < old.hits.len() && old.hits[used].0 < c - 1 {
                let (a, m) = old.hits[used];
                k_old = k_old.max(m + GAP_START + a as i32);
                used += 1;
            }
            let m_old = match old.hits.get(used) {
                Some(&(a, m)) if a == c - 1 => m,
                _ => NEG_INFINITY,
            };
            let p_old = if i == 0 {
                GAP_EXTENSION
            } else {
                k_old - (c - 1) as i32
            };
            let b = hay[c - 1];
            let score = SCORE_MATCH + if b != pc { PENALTY_CASE_MISMATCH } else { 0 };
            let in_place = bonus_at(hay, c);
            let consecutive = b_cur[c - 1].max(in_place.max(BONUS_CONSECUTIVE));
            b_cur[c - 1] = consecutive;
            let m = (m_old + consecutive).max(p_old + in_place) + score.max(0);
            row.hits.push((c, m));
            best = best.max(m);
        }
        // The prefix's score: the best match in its last row, from its first column on (that
        // column as an earlier row left it, as in skim).
        if i >= 1 && i64::from(best) < floor(i + 1) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::*;

    /// Skim's score of each prefix of two chars or more.
    fn scores(hay: &str, word: &str) -> Vec<Option<i64>> {
        // A fresh matcher for each: skim's table is kept per matcher and thread.
        (2..=word.len())
            .map(|k| {
                SkimMatcherV2::default()
                    .ignore_case()
                    .fuzzy_match(hay, &word[..k])
            })
            .collect()
    }

    /// For each prefix, this module passes a floor at the skim score and fails one just above.
    fn agrees(hay: &str, word: &str) -> Result<(), TestCaseError> {
        let want = scores(hay, word);
        if want.last().is_some_and(Option::is_none) {
            // The whole word is not there in order: no floor passes it.
            let none = prefixes_pass(hay.as_bytes(), word.as_bytes(), 1 << 20, |_| i64::MIN);
            prop_assert_eq!(none, Some(false), "{:?} in {:?}", word, hay);
            return Ok(());
        }
        for (n, s) in want.iter().enumerate() {
            let k = n + 2;
            // Floors that every other prefix passes, so the answer is this prefix's alone.
            let at = |bump: i64| {
                move |len: usize| {
                    if len == k {
                        s.unwrap_or(i64::MIN / 2) + bump
                    } else {
                        i64::MIN
                    }
                }
            };
            let fits = prefixes_pass(hay.as_bytes(), word.as_bytes(), 1 << 20, at(0));
            let over = prefixes_pass(hay.as_bytes(), word.as_bytes(), 1 << 20, at(1));
            prop_assert!(s.is_some(), "a prefix of a word that is there is there");
            prop_assert_eq!(fits, Some(true), "{:?} in {:?}: {:?}", &word[..k], hay, s);
            prop_assert_eq!(over, Some(false), "{:?} in {:?}: {:?}", &word[..k], hay, s);
        }
        Ok(())
    }

    #[test]
    fn known_words() {
        for (hay, word) in [
            ("NUCLEAR SMUGGLING INCIDENT", "nuclr"),
            ("NUCLEAR SMUGGLING INCIDENT", "smggl"),
            ("MINISTER DISCUSSES GRAIN", "mnstr"),
            ("A/S ROOD CONSULTS WITH CZECH", "consuts"),
            ("aaaa", "aaa"),
            ("U.S.-EU TALKS, O'NEILL", "u.s"),
            ("abcabcabc", "acbc"),
            ("x", "xy"),
        ] {
            agrees(hay, word).unwrap();
        }
    }

    #[test]
    fn long_or_wide_fields_are_left_to_skim() {
        assert_eq!(prefixes_pass(b"abc", b"ab", 7, |_| 0), None);
        assert_eq!(prefixes_pass(b"abc", b"ab", 8, |_| 0), Some(true));
        assert_eq!(prefixes_pass("zürich".as_bytes(), b"zr", 1000, |_| 0), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn every_prefix_scores_as_skim_scores_it(
            hay in "[aAbBcC .:/'0-9xX\\x00-]{0,40}",
            word in "[abcx0-9.:/']{2,8}",
        ) {
            agrees(&hay, &word)?;
        }

        #[test]
        fn words_taken_from_the_field_score_as_skim_scores_them(
            hay in "[aAbBcC .:/'0-9xX\\x00-]{2,40}",
            picks in prop::collection::vec(any::<prop::sample::Index>(), 2..8),
        ) {
            let mut at: Vec<usize> = picks.iter().map(|p| p.index(hay.len())).collect();
            at.sort_unstable();
            let word: String = at.iter().map(|&i| hay.as_bytes()[i].to_ascii_lowercase() as char).collect();
            agrees(&hay, &word)?;
        }
    }
}
