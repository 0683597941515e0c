//! The record's fuzzy mask: the set of ASCII letters (case folded) and digits in the fields
//! fuzzy words are matched against (subject, id, origin, TAGS), kept in each record and in the
//! index.
//!
//! It rules a word out exactly, never by guess: a field matches a word only when it holds the
//! word's letters (whole, or in order for the skim rule of [`super::fuzzy`], whose matcher folds
//! only ASCII case), so a record lacking one of an ASCII word's letters or digits cannot match
//! it. A set of pairs of adjacent letters, which this replaced, would rule out abbreviations
//! (`nuclr` holds `lr`, which NUCLEAR does not).

/// The bit of each byte: `a`..`z` (either case) 0..26, `0`..`9` 26..36, none for other bytes.
static BITS: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            x @ b'a'..=b'z' => 1 << (x - b'a'),
            x @ b'A'..=b'Z' => 1 << (x - b'A'),
            x @ b'0'..=b'9' => 1 << (26 + x - b'0'),
            _ => 0,
        };
        b += 1;
    }
    t
};

/// The set of ASCII letters (case folded) and digits in `s`. Every record's fields go through
/// here when it is built: one table load and an OR per byte.
pub fn letter_mask(s: &str) -> u64 {
    s.as_bytes()
        .iter()
        .fold(0, |m, &b| m | BITS[usize::from(b)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mask_holds_each_letter_and_digit_case_folded() {
        let slow = |s: &str| {
            let mut m = 0u64;
            for c in s.chars() {
                if c.is_ascii_alphabetic() {
                    m |= 1 << (c.to_ascii_lowercase() as u8 - b'a');
                } else if c.is_ascii_digit() {
                    m |= 1 << (26 + c as u8 - b'0');
                }
            }
            m
        };
        for s in [
            "",
            "a",
            "NUCLEAR smuggling",
            "09MOSCOW1234",
            "a-b c/d",
            "Ümlaut Zürich 99",
        ] {
            assert_eq!(letter_mask(s), slow(s), "{s:?}");
        }
        assert_eq!(letter_mask("nuclear"), letter_mask("NUCLEAR"));
        assert_eq!(
            letter_mask("abcdefghijklmnopqrstuvwxyz0123456789"),
            (1 << 36) - 1
        );
    }
}
