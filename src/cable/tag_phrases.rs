//! Two things a TAGS line holds besides codes: subject phrases written with spaces
//! (`ECONOMIC AFFAIRS`, `COUNTRY CLEARANCE`), kept as one tag each, and a page-break header that
//! a page glued onto the line (`SECRET PAGE 02 FICTIONVILLE 03067 01 OF 02 211833Z`), dropped.
//! Both work on a comma item's words, in one pass.

use super::tag_names::meaning;

/// Small words a phrase may hold between two of its words (`ECONOMY AND FINANCE`).
const JOINERS: [&str; 8] = ["AND", "OF", "IN", "ON", "FOR", "THE", "TO", "WITH"];

/// Classification words that start a page-break header.
const LEVELS: [&str; 4] = ["UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "SENSITIVE"];

/// Whether `w` (upper case) is a run of known codes glued together, one of them a subject
/// code of four letters or more (`PHUMBA`, `VTPREL`): English words often split into two-letter
/// country codes alone (`DO ME ST IC`), never with a subject code among them.
fn glued_codes(w: &str) -> bool {
    let n = w.len();
    if n > 40 || !w.is_ascii() {
        return false;
    }
    // reach[i]: 0 unreached, 1 reached by short codes only, 2 reached with a long code.
    let mut reach = vec![0u8; n + 1];
    reach[0] = 1;
    for i in 0..n {
        if reach[i] == 0 {
            continue;
        }
        for l in 2..=5 {
            if i + l <= n && meaning(&w[i..i + l]).is_some() {
                let r = if l >= 4 { 2 } else { reach[i] };
                reach[i + l] = reach[i + l].max(r);
            }
        }
    }
    reach[n] == 2
}

/// A plain word of a subject phrase (upper case): letters (and `-`), neither a known code nor
/// codes glued together.
fn phrase_word(w: &str) -> bool {
    w.len() >= 2
        && w.len() <= 40
        && w.bytes().all(|c| c.is_ascii_uppercase() || c == b'-')
        && meaning(w).is_none()
        && !glued_codes(w)
}

/// A word long enough that a run holding it is prose, not unknown codes side by side.
fn long_phrase_word(w: &str) -> bool {
    w.len() >= 5 && phrase_word(w)
}

/// Whether some word of the item (any case) could start a phrase: the usual path does without
/// phrases when none does.
pub fn may_hold_phrase(words: &[&str]) -> bool {
    words
        .iter()
        .any(|w| w.len() >= 5 && long_phrase_word(&w.to_ascii_uppercase()))
}

/// Joins the runs of plain words that make a subject phrase (two words or more, one of them
/// at least five letters) into one word each; `fixed[i]` marks words that never join (person
/// tags). Words are upper case.
pub fn join_phrases(words: Vec<String>, fixed: &[bool]) -> Vec<String> {
    let n = words.len();
    let plain: Vec<bool> = (0..n)
        .map(|i| !fixed[i] && phrase_word(&words[i]))
        .collect();
    // A joiner counts as plain between two plain words.
    let joins: Vec<bool> = (0..n)
        .map(|i| {
            plain[i]
                || (!fixed[i]
                    && JOINERS.contains(&words[i].as_str())
                    && i > 0
                    && plain[i - 1]
                    && plain.get(i + 1).copied().unwrap_or(false))
        })
        .collect();
    let mut out = Vec::with_capacity(n);
    let mut it = words.into_iter().enumerate().peekable();
    while let Some((i, w)) = it.next() {
        if !joins[i] {
            out.push(w);
            continue;
        }
        let mut end = i + 1;
        while end < n && joins[end] {
            end += 1;
        }
        let mut run = vec![w];
        while it.peek().is_some_and(|(j, _)| *j < end) {
            if let Some((_, x)) = it.next() {
                run.push(x);
            }
        }
        if run.len() >= 2 && run.iter().any(|x| x.len() >= 5 && phrase_word(x)) {
            out.push(run.join(" "));
        } else {
            out.extend(run);
        }
    }
    out
}

/// The length of a page-break header starting at `words[0]` (`SECRET PAGE 02 STATION SERIAL
/// [NN OF NN] [DTG]`), or 0 when none starts there.
pub fn page_header_len<S: AsRef<str>>(words: &[S]) -> usize {
    let w = |i: usize| words.get(i).map_or("", |s| s.as_ref());
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    if !LEVELS.iter().any(|l| l.eq_ignore_ascii_case(w(0)))
        || !w(1).eq_ignore_ascii_case("PAGE")
        || !digits(w(2))
    {
        return 0;
    }
    // The station (a word or a few), then its serial.
    let mut k = 3;
    while k < 7 && !w(k).is_empty() && !digits(w(k)) {
        k += 1;
    }
    if k == 3 || !digits(w(k)) {
        return 0;
    }
    k += 1;
    if digits(w(k)) && w(k + 1).eq_ignore_ascii_case("OF") && digits(w(k + 2)) {
        k += 3;
    }
    let dtg = w(k);
    if dtg.len() == 7 && dtg.as_bytes()[6].eq_ignore_ascii_case(&b'Z') && digits(&dtg[..6]) {
        k += 1;
    }
    k
}

/// Drops the page-break headers from a comma item's words.
pub fn drop_page_headers<S: AsRef<str>>(words: &mut Vec<S>) {
    let mut keep = vec![true; words.len()];
    let mut j = 0;
    while j < words.len() {
        let n = page_header_len(&words[j..]);
        if n == 0 {
            j += 1;
            continue;
        }
        keep[j..j + n].iter_mut().for_each(|k| *k = false);
        j += n;
    }
    let mut flags = keep.into_iter();
    words.retain(|_| flags.next().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    fn joined(s: &str) -> Vec<String> {
        let w = words(s);
        let fixed = vec![false; w.len()];
        join_phrases(w, &fixed)
    }

    #[test]
    fn runs_of_plain_words_are_one_phrase() {
        assert_eq!(
            joined("PREL TRADE AND FISHERIES PGOV"),
            ["PREL", "TRADE AND FISHERIES", "PGOV"]
        );
        // Codes, glued codes and short unknown codes side by side stay apart.
        assert_eq!(joined("PREL PHUMBA VTPREL"), ["PREL", "PHUMBA", "VTPREL"]);
        assert_eq!(joined("QXYZ QWVU PREL"), ["QXYZ", "QWVU", "PREL"]);
        // A joiner at the edge of a run is the code it also is (IN: India).
        assert_eq!(joined("IN FISHERIES"), ["IN", "FISHERIES"]);
    }

    #[test]
    fn person_tags_break_runs() {
        let w = words("FISHERIES DOE, JANE HARBOURS");
        assert_eq!(
            join_phrases(w, &[false, true, true, false]),
            ["FISHERIES", "DOE,", "JANE", "HARBOURS"]
        );
    }

    #[test]
    fn page_headers_are_dropped() {
        let mut w = words("PREL SECRET PAGE 02 FICTIONVILLE 00042 01 OF 03 251228Z PGOV");
        drop_page_headers(&mut w);
        assert_eq!(w, ["PREL", "PGOV"]);
        let mut w = words("PREL UNCLASSIFIED PAGE 02 FICTION VILLE 3067 211833Z");
        drop_page_headers(&mut w);
        assert_eq!(w, ["PREL"]);
        // Not a header: no page number.
        let mut w = words("SECRET PAGE PREL");
        drop_page_headers(&mut w);
        assert_eq!(w.len(), 3);
    }
}
