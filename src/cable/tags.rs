//! The TAGS field: subject codes (`PREL`), geographic codes (`RU`), organisations (`NATO`) and
//! person tags (`CLINTON, HILLARY`), upper-cased, in order, without duplicates. Codes are kept
//! as written (no `RU` -> `RS` fixing); only artifacts are removed. At most
//! [`MAX_TAGS`] are kept, and every step is linear in the TAGS text.

use hashbrown::HashSet;

use super::limits::MAX_TAGS;
use super::tag_phrases::{drop_page_headers, join_phrases, may_hold_phrase};

/// Person tags written as two bare words, and how the TAGS line means them.
const PERSONS: [(&str, &str, &str); 12] = [
    ("CLINTON", "HILLARY", "CLINTON, HILLARY"),
    ("STEINBERG", "JAMES", "STEINBERG, JAMES B."),
    ("BIDEN", "JOSEPH", "BIDEN, JOSEPH"),
    ("ZOELLICK", "ROBERT", "ZOELLICK, ROBERT"),
    ("RICE", "CONDOLEEZZA", "RICE, CONDOLEEZZA"),
    ("CARSON", "JOHNNIE", "CARSON, JOHNNIE"),
    ("BUSH", "GEORGE", "BUSH, GEORGE W."),
    ("ROOD", "JOHN", "ROOD, JOHN"),
    ("CROS", "GERARD", "CROS, GERARD"),
    ("NOVO", "GUILLERMO", "NOVO, GUILLERMO"),
    ("REMON", "PEDRO", "REMON, PEDRO"),
    ("JIMENEZ", "GASPAR", "JIMENEZ, GASPAR"),
];

/// The TAGS read so far: at most [`MAX_TAGS`], each once, and a count of the tokens past the
/// cap. Duplicates are found by a scan while the list is short (every real cable) and by a hash
/// set once it is not, so a line of many distinct tokens costs time in proportion to its length.
#[derive(Debug, Default)]
pub struct Tags {
    /// The tags kept, upper case, in order.
    pub tags: Vec<String>,
    /// Tokens written after the cap that are not among the kept tags (not de-duplicated).
    pub cut: usize,
    index: Option<HashSet<String>>,
}

/// Up to this many kept tags, a duplicate is looked for by a scan (cheaper than hashing).
const SCAN: usize = 16;

impl Tags {
    /// Whether the upper-case `tag` is kept already.
    fn has(&self, tag: &str) -> bool {
        match &self.index {
            Some(set) => set.contains(tag),
            None => self.tags.iter().any(|t| t == tag),
        }
    }

    /// Whether `w`, in any ASCII case, is kept already; `scratch` holds its upper-case form
    /// when the hash set must be asked.
    fn has_ci(&self, w: &str, scratch: &mut String) -> bool {
        match &self.index {
            Some(set) => {
                scratch.clear();
                scratch.push_str(w);
                scratch.make_ascii_uppercase();
                set.contains(scratch.as_str())
            }
            None => self.tags.iter().any(|t| t.eq_ignore_ascii_case(w)),
        }
    }

    /// Keeps an upper-case tag known not to be kept already, or counts it past the cap.
    fn add(&mut self, tag: String) {
        if self.tags.len() >= MAX_TAGS {
            self.cut += 1;
            return;
        }
        if let Some(set) = &mut self.index {
            set.insert(tag.clone());
        } else if self.tags.len() == SCAN {
            self.index = Some(self.tags.iter().cloned().chain([tag.clone()]).collect());
        }
        self.tags.push(tag);
    }
}

fn push(out: &mut Tags, tag: String) {
    if !tag.is_empty() && !out.has(&tag) {
        out.add(tag);
    }
}

fn clean_word(w: &str) -> String {
    w.trim_matches(|c: char| !(c.is_alphanumeric() || c == '-' || c == '/' || c == '&'))
        .to_uppercase()
}

/// Pushes bare words, joining the known person pairs and the subject phrases. The words are
/// moved out (`words` is left empty), not copied.
fn push_words(out: &mut Tags, words: &mut Vec<String>) {
    let mut toks = Vec::with_capacity(words.len());
    let mut fixed = Vec::with_capacity(words.len());
    let mut it = std::mem::take(words).into_iter().peekable();
    while let Some(w) = it.next() {
        if let Some(next) = it.peek()
            && let Some(p) = PERSONS.iter().find(|p| p.0 == w && p.1 == *next)
        {
            toks.push(p.2.to_string());
            fixed.push(true);
            it.next();
            continue;
        }
        toks.push(w);
        fixed.push(false);
    }
    for t in join_phrases(toks, &fixed) {
        push(out, t);
    }
}

/// Words that are never tags: the SIPDIS caption written among the codes.
fn not_a_tag(w: &str) -> bool {
    w.eq_ignore_ascii_case("SIPDIS")
}

fn short_code(w: &str) -> bool {
    w.len() <= 5
}

/// Parses the raw TAGS text (continuation lines joined by newlines): the tags kept.
pub fn parse_tags(raw: &str) -> Vec<String> {
    read_tags(raw).tags
}

/// [`parse_tags`], with the count of tokens cut past [`MAX_TAGS`].
pub fn read_tags(raw: &str) -> Tags {
    if let Some(out) = parse_plain_tags(raw) {
        return out;
    }
    let mut out = Tags::default();
    let mut rest = raw.trim();
    // Parenthesised person tags are one tag each: `(STEINBERG, JAMES B.)`.
    let mut plain = String::with_capacity(rest.len());
    let mut groups: Vec<(usize, String)> = Vec::new();
    while let Some(open) = rest.find('(') {
        plain.push_str(&rest[..open]);
        let Some(close) = rest[open..].find(')') else {
            // No `)` anywhere after: every later `(` is unclosed too, and is dropped the same
            // way, in one pass rather than one search to the end per `(`.
            plain.extend(rest[open + 1..].chars().filter(|&c| c != '('));
            rest = "";
            break;
        };
        let inner = super::text::collapse_cow(&rest[open + 1..open + close]).to_uppercase();
        groups.push((plain.len(), inner));
        plain.push_str(" \u{1} ");
        rest = &rest[open + close + 1..];
    }
    plain.push_str(rest);
    let mut group_iter = groups.into_iter().map(|g| g.1);
    let comma = plain.contains(',');
    let items: Vec<&str> = if comma {
        plain.split(',').collect()
    } else {
        vec![plain.as_str()]
    };
    for item in items {
        let words: Vec<String> = super::text::words(item)
            .map(|w| {
                if w == "\u{1}" {
                    w.to_string()
                } else {
                    clean_word(w)
                }
            })
            .filter(|w| !w.is_empty() && !not_a_tag(w))
            .collect();
        let mut words = words;
        drop_page_headers(&mut words);
        if words.is_empty() {
            continue;
        }
        let many_long = words.len() > 1 && !words.iter().all(|w| short_code(w) || w == "\u{1}");
        if comma && many_long && !words.iter().any(|w| w == "\u{1}") {
            let joined = words.join(" ");
            // `joined == "{p.0} {p.1}"`, compared without building the pair's text.
            let is_pair = |p: &&(&str, &str, &str)| {
                joined
                    .strip_prefix(p.0)
                    .and_then(|r| r.strip_prefix(' '))
                    .is_some_and(|r| r == p.1)
            };
            if let Some(p) = PERSONS.iter().find(is_pair) {
                push(&mut out, p.2.to_string());
            } else if words.iter().filter(|w| !short_code(w)).count() == words.len()
                || words.len() == 2
            {
                push(&mut out, joined);
            } else {
                let mut words = words;
                push_words(&mut out, &mut words);
            }
            continue;
        }
        let mut buf = Vec::new();
        for w in words {
            if w == "\u{1}" {
                push_words(&mut out, &mut buf);
                if let Some(g) = group_iter.next() {
                    push(&mut out, g);
                }
            } else {
                buf.push(w);
            }
        }
        push_words(&mut out, &mut buf);
    }
    out
}

/// [`parse_tags`] for the usual TAGS text: ASCII, no parenthesised group, and no comma item of
/// several words with one longer than a code (those take the general path, which joins such
/// items). Same result as the general path, read from slices of `raw`: a tag is upper-cased
/// into a `String` only when it is kept, not for each word and again for each duplicate.
/// None when the text is not of that kind.
fn parse_plain_tags(raw: &str) -> Option<Tags> {
    let b = raw.as_bytes();
    // `\u{1}` is the general path's group marker: a literal one must take that path too.
    if !raw.is_ascii() || b.iter().any(|&c| c == b'(' || c == 1) {
        return None;
    }
    let comma = memchr::memchr(b',', b).is_some();
    let mut out = Tags::default();
    let mut scratch = String::new();
    let mut words: Vec<&str> = Vec::new();
    for item in raw.split(',') {
        words.clear();
        words.extend(
            super::text::words(item)
                .map(trim_to_tag)
                .filter(|w| !w.is_empty() && !not_a_tag(w)),
        );
        drop_page_headers(&mut words);
        if may_hold_phrase(&words) {
            return None;
        }
        // The general path's `many_long` items.
        if comma && words.len() > 1 && !words.iter().all(|w| short_code(w)) {
            return None;
        }
        // `push_words` on the slices. Every kept tag is upper case, so comparing a word with
        // them case-insensitively is comparing its upper-case form.
        let mut k = 0;
        while k < words.len() {
            let w = words[k];
            let person = words.get(k + 1).and_then(|next| person_pair(w, next));
            match person {
                Some(p) => {
                    if !out.has(p) {
                        out.add(p.to_string());
                    }
                    k += 2;
                }
                None => {
                    if !out.has_ci(w, &mut scratch) {
                        out.add(w.to_ascii_uppercase());
                    }
                    k += 1;
                }
            }
        }
    }
    Some(out)
}

/// A word with the bytes that are not part of a tag trimmed from its ends (ASCII text).
fn trim_to_tag(w: &str) -> &str {
    let keep = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'/' | b'&');
    let b = w.as_bytes();
    match (b.iter().position(keep), b.iter().rposition(keep)) {
        // ASCII text: every offset is a character boundary.
        (Some(s), Some(e)) => &w[s..=e],
        _ => "",
    }
}

/// The person tag that two words make (`ROOD JOHN`), any case. Length and first letter are
/// compared before the names: this runs for nearly every word of a TAGS line, and few match.
fn person_pair(w: &str, next: &str) -> Option<&'static str> {
    let first = w.as_bytes().first()?.to_ascii_uppercase();
    PERSONS
        .iter()
        .find(|p| {
            p.0.len() == w.len()
                && p.0.as_bytes()[0] == first
                && p.0.eq_ignore_ascii_case(w)
                && p.1.eq_ignore_ascii_case(next)
        })
        .map(|p| p.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn space_and_comma_separated() {
        assert_eq!(
            parse_tags("NATO PREL CZ PL RU"),
            ["NATO", "PREL", "CZ", "PL", "RU"]
        );
        assert_eq!(
            parse_tags("PGOV, PINS, ZI, XYZ-PF"),
            ["PGOV", "PINS", "ZI", "XYZ-PF"]
        );
        assert_eq!(
            parse_tags("prel, pgov, pins, tu"),
            ["PREL", "PGOV", "PINS", "TU"]
        );
    }

    #[test]
    fn continuation_and_duplicates() {
        assert_eq!(
            parse_tags("PREL PGOV,\nECON PREL"),
            ["PREL", "PGOV", "ECON"]
        );
    }

    #[test]
    fn person_tags() {
        assert_eq!(
            parse_tags("OVIP CLINTON HILLARY PREL"),
            ["OVIP", "CLINTON, HILLARY", "PREL"]
        );
        assert_eq!(
            parse_tags("OVIP (CLINTON, HILLARY), PREL, AS"),
            ["OVIP", "CLINTON, HILLARY", "PREL", "AS"]
        );
        assert_eq!(
            parse_tags("ovip (doe, jane q.), prel"),
            ["OVIP", "DOE, JANE Q.", "PREL"]
        );
    }

    #[test]
    fn short_person_pairs_and_mixed_case_duplicates() {
        assert_eq!(
            parse_tags("rood john, PREL, prel Prel"),
            ["ROOD, JOHN", "PREL"]
        );
        assert_eq!(parse_tags("*PREL* /XY/ KPAO."), ["PREL", "/XY/", "KPAO"]);
        // A comma item of several words, one longer than a code, stays whole.
        assert_eq!(parse_tags("-PREL- /XY/, KPAO"), ["-PREL- /XY/", "KPAO"]);
    }

    #[test]
    fn multiword_item_in_comma_list() {
        assert_eq!(
            parse_tags("PHUM, IT, HUMAN RIGHTS"),
            ["PHUM", "IT", "HUMAN RIGHTS"]
        );
    }

    #[test]
    fn phrases_sipdis_and_page_headers() {
        // Both paths (plain and general) give the same.
        assert_eq!(
            parse_tags("PREL FISHERIES POLICY SIPDIS"),
            ["PREL", "FISHERIES POLICY"]
        );
        assert_eq!(
            parse_tags("PREL, FISHERIES POLICY, (DOE, JANE), SIPDIS"),
            ["PREL", "FISHERIES POLICY", "DOE, JANE"]
        );
        assert_eq!(
            parse_tags("PREL, PGOV SECRET PAGE 02 FICTIONVILLE 00042 01 OF 03 251228Z PGOV, XX"),
            ["PREL", "PGOV", "XX"]
        );
    }
}
