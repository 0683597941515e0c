//! How a front line that opens no field is read: a TAGS or REF continuation, a handling
//! caption, or the end of the front matter.

use super::front_keys::{Kind, keyword_at_start, mid_keyword};
use super::text::starts_with_ci;

/// A line that may continue a TAGS field: short upper-case codes separated by commas/spaces,
/// up to a keyword that starts mid-line (`ECON, PHUM SUBJECT: ...`).
pub(super) fn tag_like(line: &str) -> bool {
    let t = mid_keyword(line).map_or(line, |p| &line[..p]).trim();
    !t.is_empty()
        && t.split([' ', ','])
            .filter(|w| !w.is_empty())
            .all(|w| w.len() <= 6 && w.bytes().all(|b| b.is_ascii_uppercase()))
}

/// A short line without lower-case letters between the TAGS line and a SUBJECT line: the end
/// of a subject phrase the TAGS line broke (`... COUNTRY` / `CLEARANCE` / `SUBJECT: ...`), or
/// codes written otherwise (`UNGA/C-6, CS`).
pub(super) fn phrase_end(line: &str, next: Option<&&str>) -> bool {
    let t = line.trim();
    t.len() <= 40
        && !t.bytes().any(|c| c.is_ascii_lowercase())
        && next.is_some_and(|n| {
            matches!(
                keyword_at_start(super::text::trim(n)),
                Some((Kind::Subject, _))
            )
        })
}

/// Whether `line`, in mixed case, follows a subject written in capitals: a line of text, not
/// the subject's continuation.
pub(super) fn mixed_after_capitals(subject: Option<&str>, line: &str) -> bool {
    let Some(s) = subject else { return false };
    // Its last line only: each line is looked at once as the last, so a long subject costs
    // time in proportion to its length.
    let s = s.rsplit('\n').next().unwrap_or(s);
    let caps =
        s.bytes().any(|c| c.is_ascii_uppercase()) && !s.bytes().any(|c| c.is_ascii_lowercase());
    caps && line.bytes().filter(u8::is_ascii_lowercase).count() >= 3
}

/// A REF item line (`B. STATE 1234`, `(C) 08 FICTION 12`, `B) ...`).
pub(super) fn ref_item(line: &str) -> bool {
    let t = super::text::strip_pilcrow(line);
    let b = t.as_bytes();
    (b.len() > 2 && b[0].is_ascii_uppercase() && matches!(b[1], b'.' | b')') && b[2] == b' ')
        || (b.len() > 3 && b[0] == b'(' && b[1].is_ascii_uppercase() && b[2] == b')')
}

/// A handling caption line among the front fields (`SENSITIVE BUT UNCLASSIFIED--PLEASE
/// PROTECT ACCORDINGLY`): a caption, not a field's continuation nor the body.
pub(super) fn sbu_caption(line: &str) -> bool {
    starts_with_ci(line, "SENSITIVE BUT UNCLAS")
}

/// Whether a REF list broken by a blank line goes on in `line`: its last entry names no cable
/// yet (`(B) FICTIONVILLE` / blank / `00723 (C) ...`), and the line starts with a serial or
/// names a cable.
pub(super) fn ref_goes_on(refs: Option<&str>, line: &str) -> bool {
    let Some(refs) = refs else { return false };
    let last = refs
        .rsplit('\n')
        .next()
        .unwrap_or(refs)
        .to_ascii_uppercase();
    // The last entry: from the last label-like word (`(B)`, `D.`) on.
    let tail = last
        .rfind(['(', '.', ')'])
        .map_or(last.as_str(), |p| &last[p..]);
    if !super::ref_ids::cable_ids(tail, Some(2000)).is_empty() {
        return false;
    }
    let up = line.to_ascii_uppercase();
    line.as_bytes().first().is_some_and(u8::is_ascii_digit)
        || !super::ref_ids::cable_ids(&up, Some(2000)).is_empty()
}
