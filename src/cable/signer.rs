//! The signer at the end of a cable's text (`NULAND7063` -> `NULAND`): the last line, or the
//! last word after the last sentence (`... CONSIDERED.  DOE`), found behind the trailers a
//! relay or the release added after it (`NOTE BY OC/T: ...`, `NOTE: NOT PASSED TO ...`,
//! `2004FICTIO01540 - UNCLASSIFIED`).

/// Lines that end a cable but are not its signer.
const NOT_SIGNERS: [&str; 16] = [
    "END",
    "BT",
    "NNNN",
    "SIPDIS",
    "NOFORN",
    "COMMENT",
    "SUMMARY",
    "NOTE",
    "TEXT",
    "UNQUOTE",
    "QUOTE",
    "MESSAGE",
    "CONFIDENTIAL",
    "SECRET",
    "UNCLASSIFIED",
    "UNCLAS",
];

/// The signer from a last body line: one or two words of letters, maybe glued to digits or `#`.
pub fn signer_of(line: &str) -> Option<String> {
    let t = line.trim();
    if t.is_empty() || t.len() > 30 {
        return None;
    }
    let t = t.trim_end_matches(|c: char| c.is_ascii_digit() || c == '#' || c == '.' || c == ' ');
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() || words.len() > 2 {
        return None;
    }
    let ok = words.iter().all(|w| {
        w.len() >= 2
            && w.chars().next().is_some_and(|c| c.is_uppercase())
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
    });
    let up = t.to_uppercase();
    if !ok
        || words
            .iter()
            .any(|w| NOT_SIGNERS.contains(&w.to_uppercase().as_str()))
    {
        return None;
    }
    Some(up)
}

/// A line a relay or the release added after the signer.
fn trailer(t: &str) -> bool {
    let b = t.as_bytes();
    // `2002FICTIO01748 - Classification: SECRET`: the release's footer.
    let footer = b.len() > 8
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4].is_ascii_uppercase()
        && t.contains(" - ");
    footer || t.starts_with("NOTE BY ") || t.starts_with("NOTE: NOT PASSED")
}

/// Whether `t` is written in capitals only (no lower-case letter).
fn all_caps(t: &str) -> bool {
    !t.bytes().any(|c| c.is_ascii_lowercase())
}

/// Finds the signer among the last clean lines (text, joined flag) and removes it from them.
pub fn take_signer(clean: &mut Vec<(&str, bool)>) -> Option<String> {
    // Behind at most a few trailer lines (and the blanks around them).
    let mut end = clean.len();
    let mut trailers = 0;
    while end > 0 && trailers < 4 {
        let t = clean[end - 1].0;
        if t.is_empty() {
            end -= 1;
        } else if trailer(t) {
            end -= 1;
            trailers += 1;
        } else {
            break;
        }
    }
    let last = end.checked_sub(1)?;
    let line = clean[last].0;
    let before = last.checked_sub(1).map(|i| clean[i].0);
    // After a blank line, a finished sentence, or text in mixed case (a name in capitals
    // under a letter written in mixed case).
    let separated = before.is_none_or(|b| {
        b.is_empty() || b.ends_with(['.', '"', ')', ':', '\'']) || (!all_caps(b) && all_caps(line))
    });
    if separated && let Some(s) = signer_of(line) {
        clean.remove(last);
        return Some(s);
    }
    // `... END OF TEXT. DOE`: one name in capitals after the last full stop of a capitals line.
    let (text, name) = line.trim_end().rsplit_once(". ")?;
    let name = name.trim();
    let name_ok = name.len() >= 4
        && name.bytes().all(|c| c.is_ascii_uppercase())
        && all_caps(text)
        && !NOT_SIGNERS.contains(&name);
    if !name_ok {
        return None;
    }
    let s = signer_of(name)?;
    // The line keeps its text up to and including the full stop (a slice of the line: the
    // cut is at an ASCII byte).
    let keep = text.len() + 1;
    clean[last].0 = &line[..keep];
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signer_forms() {
        assert_eq!(signer_of("DOE7063").as_deref(), Some("DOE"));
        assert_eq!(signer_of("ROE##").as_deref(), Some("ROE"));
        assert_eq!(signer_of("Smith").as_deref(), Some("SMITH"));
        assert_eq!(signer_of("END SUMMARY"), None);
        assert_eq!(signer_of("CONFIDENTIAL"), None);
        assert_eq!(signer_of("the end."), None);
    }

    fn signer(text: &str) -> Option<String> {
        let mut clean: Vec<(&str, bool)> = text.lines().map(|l| (l.trim(), false)).collect();
        take_signer(&mut clean)
    }

    #[test]
    fn signer_behind_trailers() {
        assert_eq!(
            signer("1. END COMMENT.\n\nDOE\n\nNOTE BY OC/T:  HEADING AS RECEIVED.").as_deref(),
            Some("DOE")
        );
        assert_eq!(
            signer("1. Text.\nDOE\n\n2009FICTIO01540 - UNCLASSIFIED").as_deref(),
            Some("DOE")
        );
        assert_eq!(
            signer("1. TEXT.\nDOE\n\nNOTE: NOT PASSED TO ABOVE ADDRESSEE(S)").as_deref(),
            Some("DOE")
        );
    }

    #[test]
    fn signer_after_mixed_case_or_glued_to_the_last_sentence() {
        assert_eq!(signer("Yours sincerely\nCity\nDOE").as_deref(), Some("DOE"));
        // In an all-capitals text a line without a full stop before it is text, not a name.
        assert_eq!(signer("THE TALKS\nWENT WELL"), None);
        let mut clean = vec![("21.  MINIMIZE CONSIDERED.  ROWE", false)];
        assert_eq!(take_signer(&mut clean).as_deref(), Some("ROWE"));
        assert_eq!(clean[0].0, "21.  MINIMIZE CONSIDERED.");
        assert_eq!(signer("1. We met the U.S. Team"), None);
        assert_eq!(signer("1. THE END. COMMENT"), None);
    }
}
