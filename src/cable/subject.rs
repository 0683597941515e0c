//! The subject as the contract gives it: joined onto one line, a word broken by a hyphen at a
//! line end joined back, HTML character references decoded, its portion marking and a trailing
//! handling caption removed.

use super::text::{collapse_cow, find_ci, marking};

/// The subject on one line: a word broken by a hyphen at a line end joined back (`US-` /
/// `LATIN` -> `US-LATIN`), HTML character references decoded, its portion marking and a
/// trailing handling caption (`Sensitive but unclassified`) removed.
pub fn clean_subject(raw: &str) -> String {
    let joined;
    let raw = if raw.contains("-\n") {
        joined = join_hyphenated(raw);
        joined.as_str()
    } else {
        raw
    };
    let decoded;
    let raw = if raw.contains('&') {
        decoded = super::entities::decode(raw);
        decoded.as_str()
    } else {
        raw
    };
    let s = collapse_cow(raw);
    let s = s.trim_start_matches(['-', ':', ' ']);
    let s = marking(s).map_or(s, |(_, rest)| rest.trim_start());
    let s = s.trim_end();
    let s = match s.rfind('(') {
        Some(p) if marking(&s[p..]).is_some_and(|(_, r)| r.trim().is_empty()) => s[..p].trim_end(),
        _ => s,
    };
    let s = match find_ci(s, " SENSITIVE BUT") {
        Some(p) if p > 0 => s[..p].trim_end(),
        _ => s,
    };
    s.to_string()
}

/// Lines joined with a newline, except after a word broken by a hyphen (`US-` / `LATIN`),
/// which joins the next line without a space.
fn join_hyphenated(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut lines = raw.lines().peekable();
    while let Some(l) = lines.next() {
        let t = l.trim_end();
        out.push_str(t);
        if lines.peek().is_none() {
            break;
        }
        let broken =
            t.ends_with('-') && t.len() >= 2 && t.as_bytes()[t.len() - 2].is_ascii_alphanumeric();
        if !broken {
            out.push('\n');
        }
        if broken && let Some(next) = lines.peek_mut() {
            *next = next.trim_start();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_hyphen_breaks_entities_and_trailers() {
        assert_eq!(
            clean_subject("TALKS ON THE US-\nFICTIONLAND TIES AND A -\nDASH"),
            "TALKS ON THE US-FICTIONLAND TIES AND A - DASH"
        );
        assert_eq!(
            clean_subject("Fictionland&#8217;s &#x201C;plan&#x201D; R&amp;D"),
            "Fictionland\u{2019}s \u{201c}plan\u{201d} R&D"
        );
        assert_eq!(
            clean_subject("A TITLE Sensitive but unclassified - handle"),
            "A TITLE"
        );
        assert_eq!(clean_subject("SENSITIVE BUT TRUE"), "SENSITIVE BUT TRUE");
    }

    #[test]
    fn subject_marking_removed() {
        assert_eq!(
            clean_subject("(C) A  SUBJECT\nON TWO LINES"),
            "A SUBJECT ON TWO LINES"
        );
        assert_eq!(clean_subject("A SUBJECT (SBU)"), "A SUBJECT");
    }
}
