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
    /// The two rows (each `m`, `p`, bonus) and the field's bonuses, kept per thread at their
    /// largest.
    static TABLE: RefCell<Table> = RefCell::new(Table::default());
}

#[derive(Default)]
struct Table {
    m: [Vec<i32>; 2],
    p: [Vec<i32>; 2],
    bonus: [Vec<i32>; 2],
    in_place: Vec<i32>,
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
    Some(TABLE.with_borrow_mut(|t| score_rows(t, hay, word, &first, &floor)))
}

/// Skim's table, row by row, from the column of the word's first char on (no row reads a cell
/// left of it), checking each prefix's score as its row is done.
fn score_rows(
    t: &mut Table,
    hay: &[u8],
    word: &[u8],
    first: &[usize],
    floor: &impl Fn(usize) -> i64,
) -> bool {
    let base = first[0];
    let width = hay.len() + 1 - base;
    // Columns are counted from `base`: column `c` here is skim's `base + c`.
    t.in_place.clear();
    t.in_place.resize(width, 0);
    let mut prev = if base == 0 {
        CharType::Empty
    } else {
        char_type(hay[base - 1])
    };
    for (c, &b) in hay[base..].iter().enumerate() {
        let ty = char_type(b);
        t.in_place[c + 1] = in_place_bonus(prev, ty);
        prev = ty;
    }
    if base == 0 && width > 1 {
        t.in_place[1] *= FIRST_CHAR_MULTIPLIER;
    }
    // Row 0 is the empty pattern: nothing matched, one gap so far. Row 1 starts reset, as the
    // cells skim reads before writing them are in a fresh table.
    for r in 0..2 {
        t.m[r].clear();
        t.m[r].resize(width, NEG_INFINITY);
        t.p[r].clear();
        t.p[r].resize(width, if r == 0 { GAP_EXTENSION } else { NEG_INFINITY });
        t.bonus[r].clear();
        t.bonus[r].resize(width, 0);
    }
    let Table {
        m,
        p,
        bonus,
        in_place,
    } = t;
    for (i, &pc) in word.iter().enumerate() {
        // This row is the other of the two the previous one is in.
        let ([m0, m1], [p0, p1]) = (&mut *m, &mut *p);
        let (m_old, m_cur, p_old, p_cur) = if i & 1 == 0 {
            (&m0[..], &mut m1[..], &p0[..], &mut p1[..])
        } else {
            (&m1[..], &mut m0[..], &p1[..], &mut p0[..])
        };
        let b_cur = &mut bonus[(i + 1) & 1][..];
        let (m_old, p_old, m_cur, p_cur, b_cur) = (
            &m_old[..width],
            &p_old[..width],
            &mut m_cur[..width],
            &mut p_cur[..width],
            &mut b_cur[..width],
        );
        let (in_place, field) = (&in_place[..width], &hay[base..]);
        let to_skip = first[i] - base;
        // This row's cell to the left, carried along rather than read back.
        let (mut m_left, mut p_left) = (m_cur[to_skip], p_cur[to_skip]);
        let mut best = m_left;
        for c in to_skip + 1..width {
            let b = field[c - 1];
            let m_here = if b.eq_ignore_ascii_case(&pc) {
                let score = SCORE_MATCH + if b != pc { PENALTY_CASE_MISMATCH } else { 0 };
                let in_place = in_place[c];
                let consecutive = b_cur[c - 1].max(in_place.max(BONUS_CONSECUTIVE));
                b_cur[c - 1] = consecutive;
                let score_match = m_old[c - 1] + consecutive;
                let score_skip = p_old[c - 1] + in_place;
                score_match.max(score_skip) + score.max(0)
            } else {
                b_cur[c] = 0;
                NEG_INFINITY
            };
            let p_here = (GAP_START + GAP_EXTENSION + m_left).max(GAP_EXTENSION + p_left);
            m_cur[c] = m_here;
            p_cur[c] = p_here;
            (m_left, p_left) = (m_here, p_here);
            best = best.max(m_here);
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
