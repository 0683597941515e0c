//! The record's fuzzy mask: a 128-bit Bloom set of the letter and digit pairs (bigrams) in the
//! fields fuzzy words are matched against (subject, id, origin, TAGS), kept in each record and
//! in the index, so that a word can be ruled out without looking at the fields.

/// The mask bit (0..128) of a pair of ASCII letters/digits, each coded 0..36 (`a`..`z` case
/// folded, then `0`..`9`).
const fn gram_bit(p: u32, c: u32) -> u32 {
    (p * 36 + c).wrapping_mul(0x9E37_79B1) >> 25
}

/// The code of a byte that is not a letter or digit in [`CODES`]; [`BITS`] sends every pair
/// holding it to bit [`SINK`], outside the mask.
const NONE: u8 = 36;
const SINK: u8 = 128;

/// The code of every byte (see [`gram_bit`]), [`NONE`] where it has none.
static CODES: [u8; 256] = {
    let mut t = [NONE; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            x @ b'a'..=b'z' => x - b'a',
            x @ b'A'..=b'Z' => x - b'A',
            x @ b'0'..=b'9' => 26 + x - b'0',
            _ => NONE,
        };
        b += 1;
    }
    t
};

/// [`gram_bit`] for every pair of codes at `first << 6 | second`, [`SINK`] when either is
/// [`NONE`]. Rows 64 wide, so an index masked with 4095 is in bounds without a check.
static BITS: [u8; 4096] = {
    let mut t = [SINK; 4096];
    let mut p = 0;
    while p < 36 {
        let mut c = 0;
        while c < 36 {
            t[p << 6 | c] = gram_bit(p as u32, c as u32) as u8;
            c += 1;
        }
        p += 1;
    }
    t
};

/// A 128-bit Bloom set of the letter/digit pairs (bigrams) in `s`, case folded. A word whose
/// anchor has a bigram missing from a record's set cannot match that record.
///
/// Every record's fields go through here when it is built, so the loop is two table loads and
/// an OR per byte, with no branch: pairs that are not two letters/digits land in a sink word
/// that is thrown away.
pub fn gram_mask(s: &str) -> u128 {
    let mut m = [0u64; 4];
    // The previous byte's code, already in place as the high half of the next index.
    let mut prev = usize::from(NONE) << 6;
    for &b in s.as_bytes() {
        let c = usize::from(CODES[usize::from(b)]);
        let bit = BITS[(prev | c) & 4095];
        m[usize::from(bit >> 6)] |= 1 << (bit & 63);
        prev = c << 6;
    }
    u128::from(m[0]) | (u128::from(m[1]) << 64)
}

/// A gram set as two words, so a record keeps 8-byte alignment (and 8 bytes less padding).
pub fn split_mask(m: u128) -> [u64; 2] {
    [m as u64, (m >> 64) as u64]
}

/// The inverse of [`split_mask`].
pub fn join_mask(m: [u64; 2]) -> u128 {
    u128::from(m[0]) | (u128::from(m[1]) << 64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(b: u8) -> Option<u32> {
        match b {
            b'a'..=b'z' => Some(u32::from(b - b'a')),
            b'A'..=b'Z' => Some(u32::from(b - b'A')),
            b'0'..=b'9' => Some(26 + u32::from(b - b'0')),
            _ => None,
        }
    }

    #[test]
    fn gram_mask_tables_agree_with_the_pair_formula() {
        // The reference: the bit of each letter/digit pair, case folded, straight from the formula.
        let slow = |s: &str| {
            let mut m = 0u128;
            let codes: Vec<Option<u32>> = s.bytes().map(code).collect();
            for w in codes.windows(2) {
                if let [Some(p), Some(c)] = *w {
                    m |= 1u128 << gram_bit(p, c);
                }
            }
            m
        };
        let samples = [
            "",
            "a",
            "ROOD CONSULTS CZECH COUNTERPARTS",
            "09MOSCOW1234",
            "a-b c/d",
            "Ümlaut Zürich 99",
            "abcdefghijklmnopqrstuvwxyz0123456789 ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210",
        ];
        for s in samples {
            assert_eq!(gram_mask(s), slow(s), "{s:?}");
        }
        assert_ne!(gram_mask("NUCLEAR"), 0);
        assert_eq!(gram_mask("nuclear"), gram_mask("NUCLEAR"));
    }
}
