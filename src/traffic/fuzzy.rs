//! Fuzzy words: one word of a query matched against the subject, id, origin and TAGS of a record.
//!
//! The rule (the README's query section repeats it): a word of n chars, lowercased, matches a
//! field when
//! 1. the field contains it, case-insensitively (ASCII letters folded; a word with other
//!    letters is compared with the field lowercased), or
//! 2. it has 2 to [`FUZZY_MAX`] chars, and SkimMatcherV2 (case ignored) scores it, and each of
//!    its prefixes of two chars or more, at least `20 * k - 24` in that field, `k` being the
//!    prefix's length in chars.
//!
//! So letters may be dropped or slipped (`nuclr` and `smggl` find NUCLEAR SMUGGLING, `consuts`
//! finds CONSULTS), while letters scattered across a long subject fall under the floor: skim
//! gives a matched letter 14 to 16 points, more at the start of a word or right after another
//! matched letter, and takes 3 for opening a gap and 1 per letter skipped. The floor asks for
//! 20 points a letter less a little slack, which word starts and runs of letters make up and
//! long gaps do not. Every prefix passing makes the rule monotone: a longer word never matches
//! a record its prefix did not, so typing on narrows the previous result. A word longer than
//! [`FUZZY_MAX`] chars matches only where the field contains it (rule 1): rule 2 costs a skim
//! pass per prefix, so its cost grows with the square of the word.
//!
//! What skips the skim scorer (the costly part) may only skip fields the rule rejects: a record
//! without one of an ASCII word's letters or digits ([`super::mask`]) cannot match it, and
//! skim scores nothing in a field that does not hold the word's letters in order (ASCII case
//! folded, as skim folds it), which a plain scan tells. `tests/fuzzy_rule.rs` checks the filter
//! against the rule as written here, over generated records and queries.

use std::sync::LazyLock;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::mask::letter_mask;
use super::record::Record;

/// The skim scorer, bounded: beyond [`SKIM_CELLS`] cells of its score table (pattern chars times
/// field chars; the table is kept per thread at its largest) it scores with its linear simple
/// match instead.
static MATCHER: LazyLock<SkimMatcherV2> = LazyLock::new(|| {
    SkimMatcherV2::default()
        .ignore_case()
        .element_limit(SKIM_CELLS)
});

/// The skim scorer's bound: beyond this many cells of its score table (pattern chars times field
/// chars) it scores with its linear simple match (a 32-char word against a 3,000-char field, or a
/// short word against 100,000).
pub const SKIM_CELLS: usize = 100_000;

/// The longest word rule 2 applies to (see the module doc); longer words must appear whole.
pub const FUZZY_MAX: usize = 32;

/// A fuzzy query word, prepared once.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    lower: String,
    /// The word's letters and digits ([`letter_mask`]); 0 for a word that is not ASCII, which
    /// is compared with fields lowercased and so could match letters a field spells otherwise.
    letters: u64,
    ascii: bool,
    /// The ends (byte offsets in `lower`) of the word's prefixes of two chars or more, longest
    /// first (the most selective), with their score floors. Offsets, not copies: a word of n
    /// chars has n prefixes. Empty for a word of one char, or longer than [`FUZZY_MAX`].
    prefixes: Vec<(usize, i64)>,
}

/// The shortest prefix rule 2 scores: one char is any field holding it, which rule 1 says.
const SHORTEST: usize = 2;

/// Rule 2's floor for a prefix of `chars` chars.
pub fn floor(chars: usize) -> i64 {
    20 * chars as i64 - 24
}

impl Word {
    /// A word as typed; matching is case-insensitive.
    pub fn new(text: &str) -> Word {
        let lower = text.to_lowercase();
        let ends: Vec<usize> = lower
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .collect();
        let prefixes = if ends.len() <= FUZZY_MAX {
            (SHORTEST..=ends.len())
                .rev()
                .map(|k| (ends[k - 1], floor(k)))
                .collect()
        } else {
            Vec::new()
        };
        let ascii = lower.is_ascii();
        Word {
            letters: if ascii { letter_mask(&lower) } else { 0 },
            ascii,
            prefixes,
            lower,
        }
    }

    /// The word, lowercased.
    pub fn text(&self) -> &str {
        &self.lower
    }

    /// Does the word match any of the record's fuzzy fields?
    pub fn matches(&self, r: &Record) -> bool {
        self.may_match(r)
            && (self.matches_own(r) || self.field(&r.origin) || self.matches_any(&r.tags))
    }

    /// False when the record lacks one of the word's letters or digits (see [`super::mask`]),
    /// so that none of its fields can match.
    #[inline]
    pub(crate) fn may_match(&self, r: &Record) -> bool {
        self.letters & !r.letters == 0
    }

    /// Does the word match the record's own fuzzy fields, subject or id? (The others, origin
    /// and TAGS, are shared between records: [`Word::field`], [`Word::matches_any`].)
    pub(crate) fn matches_own(&self, r: &Record) -> bool {
        self.field(r.subject()) || r.id().is_some_and(|id| self.field(id))
    }

    /// Does the word match any of `items` (a record's TAGS)?
    pub(crate) fn matches_any(&self, items: &[crate::traffic::record::Sym]) -> bool {
        items.iter().any(|t| self.field(t))
    }

    /// The best score over the record's fuzzy fields (None when it does not match).
    pub fn score(&self, r: &Record) -> Option<i64> {
        let fields = std::iter::once(r.subject())
            .chain(r.id())
            .chain(std::iter::once(&*r.origin))
            .chain(r.tags.iter().map(|t| &**t));
        fields
            .filter(|f| self.field(f))
            .map(|f| MATCHER.fuzzy_match(f, &self.lower).unwrap_or(0))
            .max()
    }

    /// Char positions of the word in `subject` (empty when it does not match there).
    pub fn positions(&self, subject: &str) -> Vec<usize> {
        if !self.field(subject) {
            return Vec::new();
        }
        if let Some(at) = find_ci(subject.as_bytes(), self.lower.as_bytes()) {
            let start = subject[..at].chars().count();
            return (start..start + self.lower.chars().count()).collect();
        }
        MATCHER
            .fuzzy_indices(subject, &self.lower)
            .map(|(_, p)| p)
            .unwrap_or_default()
    }

    /// The matching rule for one field (see the module doc).
    pub(crate) fn field(&self, hay: &str) -> bool {
        if self.lower.is_empty() {
            return true;
        }
        if self.ascii {
            let (h, n) = (hay.as_bytes(), self.lower.as_bytes());
            if find_ci(h, n).is_some() {
                return true;
            }
            if self.prefixes.is_empty() {
                return false;
            }
            // Every prefix's skim score in one pass (false at once where the letters are not
            // all there in order); skim itself only for a field too long for that.
            if let Some(pass) = super::skim::prefixes_pass(h, n, SKIM_CELLS, floor) {
                return pass;
            }
            // Skim scores nothing where the letters are not all there in order.
            if !subsequence_ci(h, n) {
                return false;
            }
        } else if hay.to_lowercase().contains(self.lower.as_str()) {
            return true;
        } else if self.prefixes.is_empty() {
            return false;
        }
        self.prefixes.iter().all(|&(end, min)| {
            MATCHER
                .fuzzy_match(hay, &self.lower[..end])
                .is_some_and(|s| s >= min)
        })
    }
}

/// Byte offset of `needle` (lowercase ASCII) in `hay`, ASCII case-insensitively.
pub fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    if hay.len() < needle.len() {
        return None;
    }
    let last_start = hay.len() - needle.len();
    let up = first.to_ascii_uppercase();
    let rest_matches = |i: usize| {
        hay[i + 1..i + needle.len()]
            .iter()
            .zip(rest)
            .all(|(h, n)| h.to_ascii_lowercase() == *n)
    };
    // Short fields (TAGS, ids, origins): a plain loop beats setting up a vector search.
    if hay.len() < 32 {
        return (0..=last_start).find(|&i| (hay[i] == first || hay[i] == up) && rest_matches(i));
    }
    let mut from = 0;
    while from <= last_start {
        let i = from + memchr::memchr2(first, up, &hay[from..=last_start])?;
        if rest_matches(i) {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// Is `needle` (lowercase ASCII) a subsequence of `hay`, ASCII case-insensitively?
fn subsequence_ci(hay: &[u8], needle: &[u8]) -> bool {
    let mut it = needle.iter().peekable();
    for &b in hay {
        match it.peek() {
            Some(&&n) if b.to_ascii_lowercase() == n => {
                it.next();
            }
            Some(_) => {}
            None => return true,
        }
    }
    it.peek().is_none()
}

/// Plain case-insensitive "contains" for field terms (`from:`, `to:`, `info:`).
pub fn contains_ci(hay: &str, lower_needle: &str) -> bool {
    if lower_needle.is_ascii() {
        lower_needle.is_empty() || find_ci(hay.as_bytes(), lower_needle.as_bytes()).is_some()
    } else {
        hay.to_lowercase().contains(lower_needle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_ci_is_case_insensitive_and_bounded() {
        assert_eq!(find_ci(b"A/S ROOD CONSULTS", b"rood"), Some(4));
        assert_eq!(find_ci(b"ROO", b"rood"), None);
        assert_eq!(find_ci(b"xrooD", b"rood"), Some(1));
    }

    #[test]
    fn subsequence() {
        assert!(subsequence_ci(b"NUCLEAR", b"nclr"));
        assert!(!subsequence_ci(b"NUCLEAR", b"rn"));
    }
}
