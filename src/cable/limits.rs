//! How many items a field of one cable keeps, and the warning that says a field was cut.
//!
//! A cable is written by people, not by an adversary, but a folder is shared: one file whose TAGS
//! line holds a hundred thousand tokens must not stall the list for everyone, nor fill its
//! columns. Every parser stage is linear in its input; on top of that each list field keeps at
//! most a fixed number of items, far above what any real cable carries, and says when it cut.

/// TAGS kept per cable (real cables carry a few, rarely more than twenty).
pub const MAX_TAGS: usize = 100;
/// REF entries kept per cable (real lists stop well before `Z`).
pub const MAX_REFERENCES: usize = 100;
/// TO addressees kept, and INFO addressees kept, per cable (collective lists run to a few
/// hundred posts).
pub const MAX_ADDRESSEES: usize = 1000;

/// The warning for a field cut at `kept` items, with `more` items written after them that were
/// not kept: `TAGS cut at 100 (99,900 more not kept)`.
pub fn cut_warning(field: &str, kept: usize, more: usize) -> String {
    format!(
        "{field} cut at {} ({} more not kept)",
        thousands(kept),
        thousands(more)
    )
}

/// `99900` -> `99,900`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warning_names_field_and_counts() {
        assert_eq!(
            cut_warning("TAGS", 100, 99_900),
            "TAGS cut at 100 (99,900 more not kept)"
        );
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
