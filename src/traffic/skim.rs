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
//! including the cells a row reads that an earlier row of the same parity left behind. The unit
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

/// One cell of skim's table: the best score ending in a match here (`m`), with this field
/// char skipped (`p`), and the consecutive-match bonus carried along the row.
#[derive(Clone, Copy)]
struct Cell {
    m: i32,
    p: i32,
    bonus: i32,
}

const RESET: Cell = Cell {
    m: NEG_INFINITY,
    p: NEG_INFINITY,
    bonus: 0,
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum CharType {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

fn char_type(b: u8) -> CharType {
    match b {
        0 => CharType::Empty,
        b' ' | b'/' | b'\\' | b'|' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => CharType::HardSep,
        b'!'..=b'\'' | b'*'..=b'.' | b':'..=b'@' | b'^'..=b'`' | b'~' => CharType::SoftSep,
        b'0'..=b'9' => CharType::Number,
        b'A'..=b'Z' => CharType::Upper,
        _ => CharType::Lower,
    }
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
    /// The two rows and the field's bonuses, kept per thread at their largest.
    static TABLE: RefCell<(Vec<Cell>, Vec<i32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
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
    Some(TABLE.with_borrow_mut(|(cells, bonuses)| {
        cells.clear();
        cells.resize(2 * cols, RESET);
        bonuses.clear();
        bonuses.resize(cols, 0);
        let mut prev = CharType::Empty;
        for (j, &c) in hay.iter().enumerate() {
            let t = char_type(c);
            bonuses[j + 1] = in_place_bonus(prev, t);
            prev = t;
        }
        if cols > 1 {
            bonuses[1] *= FIRST_CHAR_MULTIPLIER;
        }
        // Row 0 is the empty pattern: nothing matched, one gap so far.
        for cell in &mut cells[..cols] {
            cell.p = GAP_EXTENSION;
        }
        for (i, &p) in word.iter().enumerate() {
            let row = ((i + 1) & 1) * cols;
            let row_prev = (i & 1) * cols;
            let to_skip = first[i];
            for col in to_skip + 1..cols {
                let (cur, last, prev) = (row + col, row + col - 1, row_prev + col - 1);
                let c = hay[col - 1];
                if c.eq_ignore_ascii_case(&p) {
                    let match_score = SCORE_MATCH + if c != p { PENALTY_CASE_MISMATCH } else { 0 };
                    let in_place = bonuses[col];
                    let consecutive = cells[last].bonus.max(in_place.max(BONUS_CONSECUTIVE));
                    cells[last].bonus = consecutive;
                    let score_match = cells[prev].m + consecutive;
                    let score_skip = cells[prev].p + in_place;
                    cells[cur].m = score_match.max(score_skip) + match_score.max(0);
                } else {
                    cells[cur].m = NEG_INFINITY;
                    cells[cur].bonus = 0;
                }
                let from_match = GAP_START + GAP_EXTENSION + cells[last].m;
                let from_skip = GAP_EXTENSION + cells[last].p;
                cells[cur].p = from_match.max(from_skip);
            }
            if i >= 1 {
                // The prefix's score: the best match in its last row, from its first column
                // on (that column as an earlier row left it, as in skim).
                let best = cells[row + to_skip..row + cols]
                    .iter()
                    .map(|c| c.m)
                    .max()
                    .unwrap_or(NEG_INFINITY);
                if i64::from(best) < floor(i + 1) {
                    return false;
                }
            }
        }
        true
    }))
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
