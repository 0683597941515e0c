//! Fuzzy words: one word of a query matched against the subject, id, origin and TAGS of a record.
//!
//! The rule (the README's query section repeats it): a word matches a field when
//! 1. the field contains it (case-insensitively), or
//! 2. the word is longer than three chars, the field contains its first three chars together (the
//!    anchor), and SkimMatcherV2 scores the word, and each of its prefixes longer than three
//!    chars, at least `20 * len - 24` in that field.
//!
//! So the start of a word must be typed right, and later letters may be skipped or slipped
//! (`nuclr`, `consuts`); letters scattered across a subject are not a match. Every prefix passing
//! makes the rule monotone: a longer word never matches a record its prefix did not, so typing on
//! narrows the previous result instead of starting over. A word longer than [`FUZZY_MAX`] chars
//! matches only where the field contains it (rule 1): the prefix rule costs a skim pass per
//! prefix, so its cost grows with the square of the word, and containment keeps the rule
//! monotone (a field containing a word contains each of its prefixes). The anchor keeps the skim scorer (the
//! costly part) off almost every record: first a Bloom set of the letter pairs a record holds,
//! then a byte search for the anchor, and skim only where the anchor is found but the whole word is not.

use std::sync::LazyLock;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::mask::{gram_mask, join_mask};
use super::record::Record;

/// The skim scorer, bounded: beyond [`SKIM_CELLS`] cells of its score table (pattern chars times
/// field chars; the table is kept per thread at its largest) it scores with its linear simple
/// match instead.
static MATCHER: LazyLock<SkimMatcherV2> = LazyLock::new(|| {
    SkimMatcherV2::default()
        .ignore_case()
        .element_limit(SKIM_CELLS)
});

/// See [`MATCHER`]: a 32-char word against a 3,000-char field, or a short word against 100,000.
const SKIM_CELLS: usize = 100_000;

/// The longest word the prefix rule applies to (see the module doc); longer words must appear
/// whole.
pub const FUZZY_MAX: usize = 32;

/// A fuzzy query word, prepared once.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    lower: String,
    mask: u128,
    ascii: bool,
    /// The ends (byte offsets in `lower`) of the word's prefixes longer than the anchor, longest
    /// first, with their score floors. Offsets, not copies: a word of n chars has n prefixes.
    /// Empty for a word longer than [`FUZZY_MAX`], which must appear whole.
    prefixes: Vec<(usize, i64)>,
}

/// Chars at the start of a word that must appear together in the field.
const ANCHOR: usize = 3;

fn floor(chars: usize) -> i64 {
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
            (ANCHOR + 1..=ends.len())
                .rev()
                .map(|k| (ends[k - 1], floor(k)))
                .collect()
        } else {
            Vec::new()
        };
        Word {
            mask: if lower.is_ascii() {
                gram_mask(&lower[..lower.len().min(ANCHOR)])
            } else {
                0
            },
            ascii: lower.is_ascii(),
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

    /// False when the record's letter pairs rule the word out (see [`gram_mask`]).
    #[inline]
    pub(crate) fn may_match(&self, r: &Record) -> bool {
        self.mask & !join_mask(r.gram_mask) == 0
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

    /// The matching rule for one field.
    pub(crate) fn field(&self, hay: &str) -> bool {
        if self.lower.is_empty() {
            return true;
        }
        if self.ascii {
            let (h, n) = (hay.as_bytes(), self.lower.as_bytes());
            let Some(at) = find_ci(h, &n[..n.len().min(ANCHOR)]) else {
                return false;
            };
            // Where the anchor is, the whole word usually is too: compare there before
            // searching the rest of the field again.
            if starts_ci(&h[at..], n) || find_ci(&h[at + 1..], n).is_some() {
                return true;
            }
            if self.prefixes.is_empty() || !subsequence_ci(&h[at..], n) {
                return false;
            }
        } else {
            let low = hay.to_lowercase();
            if low.contains(self.lower.as_str()) {
                return true;
            }
            let anchor: String = self.lower.chars().take(ANCHOR).collect();
            if self.prefixes.is_empty() || !low.contains(anchor.as_str()) {
                return false;
            }
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

/// Does `hay` start with `needle` (lowercase ASCII), ASCII case-insensitively?
fn starts_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len()
        && hay
            .iter()
            .zip(needle)
            .all(|(h, n)| h.to_ascii_lowercase() == *n)
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
