//! The body: numbered paragraphs with portion markings, dashed section headings (attached to
//! the paragraph after them), page-break lines removed and paragraphs broken across a page joined
//! back, the signer at the end (`NULAND7063` -> `NULAND`), and the SUMMARY ... End summary text.

use super::classline::is_bare_level;
use super::model::Paragraph;
use super::signer::take_signer;
use super::text::{
    find_ci, is_rule, marking, page_break, paragraph_start, starts_with_ci, trim_line,
};

/// Whether a line is noise between pages: a bare classification footer or stray trailer.
fn is_noise(t: &str) -> bool {
    matches!(t, "BT" | "NNNN" | "#" | "SIPDIS" | "LIMITED OFFICIAL USE")
        || (!t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_punctuation()))
        || t.starts_with("Declassified/Released")
        || (t.starts_with("Review ") && t.len() < 24 && t.bytes().any(|b| b.is_ascii_digit()))
        || is_bare_level(t)
        // `GP-3`: the old declassification group, after the text.
        || (t.len() == 4 && t.starts_with("GP-") && t.as_bytes()[3].is_ascii_digit())
}

/// The result of reading the body.
#[derive(Debug, Default)]
pub struct Body {
    pub paragraphs: Vec<Paragraph>,
    pub signer: Option<String>,
}

struct Builder {
    paras: Vec<Paragraph>,
    pending_heading: Option<String>,
    last_number: Option<u32>,
    /// Text of the last paragraph while it is being built: one reused buffer, copied out at
    /// its exact size when the paragraph ends.
    cur: String,
}

impl Builder {
    fn start(&mut self, number: Option<u32>, marking: Option<&str>, text: &str) {
        self.finish();
        self.paras.push(Paragraph {
            number,
            marking: marking.map(str::to_string),
            heading: self.pending_heading.take(),
            text: String::new(),
        });
        self.cur.push_str(text.trim());
        if number.is_some() {
            self.last_number = number;
        }
    }

    fn append(&mut self, text: &str, sep: &str) {
        if !self.paras.is_empty() {
            if !self.cur.is_empty() {
                self.cur.push_str(sep);
            }
            self.cur.push_str(text.trim());
        }
    }

    /// Moves the text being built into the last paragraph.
    fn finish(&mut self) {
        if let Some(p) = self.paras.last_mut() {
            p.text = self.cur.as_str().into();
            self.cur.clear();
        }
    }

    fn accepts(&self, n: u32, marked: bool) -> bool {
        match self.last_number {
            None => n <= 3 || marked,
            Some(last) => n == last + 1 || (marked && n > last && n <= last + 5),
        }
    }
}

/// Reads the body lines (after the front matter). `head` is paragraph text that began on the
/// last front line.
pub fn parse_body(head: Option<&str>, lines: &[&str]) -> Body {
    // Clean lines: page-break lines dropped (their glued text kept, marked as continuing).
    let mut clean: Vec<(&str, bool)> = Vec::with_capacity(lines.len() + 1);
    if let Some(h) = head {
        clean.push((h, false));
    }
    let mut cont = false;
    for &l in lines {
        let t = trim_line(l);
        if let Some(glued) = page_break(t) {
            // Drop the blank lines that surrounded the break.
            while clean.last().is_some_and(|(x, _)| x.is_empty()) {
                clean.pop();
            }
            cont = true;
            if !glued.is_empty() {
                clean.push((glued, true));
                cont = false;
            }
            continue;
        }
        if is_noise(t) {
            continue;
        }
        if t.is_empty() && cont {
            continue;
        }
        clean.push((t, cont));
        cont = false;
    }
    while clean.last().is_some_and(|(x, _)| x.is_empty()) {
        clean.pop();
    }
    let signer = take_signer(&mut clean);
    let mut b = Builder {
        paras: Vec::new(),
        pending_heading: None,
        last_number: None,
        cur: String::with_capacity(4096),
    };
    let mut blank = false;
    let mut i = 0;
    while i < clean.len() {
        let (t, joined) = clean[i];
        if t.is_empty() {
            blank = true;
            i += 1;
            continue;
        }
        if is_rule(t) {
            // ---- / HEADING / ---- : a framed heading.
            if i + 2 < clean.len()
                && !clean[i + 1].0.is_empty()
                && is_rule(clean[i + 2].0)
                && paragraph_start(clean[i + 1].0).is_none()
            {
                b.pending_heading = Some(clean[i + 1].0.trim().to_string());
                i += 3;
                blank = true;
                continue;
            }
            blank = true;
            i += 1;
            continue;
        }
        // ------- HEADING ------- on one line.
        if t.starts_with("---") && t.ends_with("---") {
            let inner = t.trim_matches(|c: char| c == '-' || c.is_whitespace());
            if !inner.is_empty() && inner.len() <= 80 {
                b.pending_heading = Some(inner.to_string());
                blank = true;
                i += 1;
                continue;
            }
        }
        // HEADING / ---- : an underlined heading.
        let underlined = i + 1 < clean.len()
            && is_rule(clean[i + 1].0)
            && t.len() <= 100
            && (blank || b.paras.is_empty());
        if underlined && paragraph_start(t).is_none() {
            b.pending_heading = Some(t.to_string());
            i += 2;
            blank = true;
            continue;
        }
        if let Some((n, marking, rest)) = paragraph_start(t)
            && b.accepts(n, marking.is_some())
        {
            b.start(Some(n), marking, rest);
            blank = false;
            i += 1;
            continue;
        }
        let lower_start = t.chars().next().is_some_and(|c| c.is_lowercase());
        match b.paras.last() {
            None => b.start(None, None, t),
            Some(_) if joined || !blank || lower_start => b.append(t, " "),
            Some(p) if p.number.is_some() && b.pending_heading.is_none() => b.append(t, "\n\n"),
            Some(_) => b.start(None, None, t),
        }
        blank = false;
        i += 1;
    }
    b.finish();
    Body {
        paragraphs: b.paras,
        signer,
    }
}

/// Skips the words that introduce a summary (`SUMMARY:`, `Summary and Comment:`, `BEGIN
/// SUMMARY.`); None when `text` does not open with one.
fn summary_intro(text: &str) -> Option<&str> {
    let mut t = text.trim_start();
    if starts_with_ci(t, "BEGIN ") {
        t = t[6..].trim_start();
    }
    if !starts_with_ci(t, "SUMMARY") {
        return None;
    }
    let after = &t[7..];
    let delim = after.find([':', '.', '-', '=', '\u{2014}']);
    let rest = match delim {
        // (`Summary/Comment:`.)
        Some(d)
            if d <= 30
                && after[..d]
                    .chars()
                    .all(|c| c.is_alphabetic() || c == ' ' || c == '/') =>
        {
            &after[d..]
        }
        _ if after.starts_with(' ') || after.is_empty() => after,
        _ => return None,
    };
    Some(rest.trim_start_matches([':', '.', '-', '=', ' ', '\u{2014}']))
}

/// The text between `SUMMARY:` and `End summary` (null when the cable has no summary).
pub fn summary(paras: &[Paragraph]) -> Option<String> {
    let scan = paras.len().min(8);
    let mut start: Option<(usize, &str)> = None;
    for (k, p) in paras[..scan].iter().enumerate() {
        // A heading `SUMMARY` (or `SUMMARY AND INTRODUCTION`); the paragraph under it may open
        // with the word again.
        if p.heading.as_deref().is_some_and(|h| {
            summary_intro(h).is_some_and(|r| r.chars().all(|c| c.is_alphabetic() || c == ' '))
        }) {
            start = Some((k, summary_intro(&p.text).unwrap_or(&p.text)));
            break;
        }
        if p.number.is_none()
            && p.text.len() < 40
            && summary_intro(&p.text).is_some_and(|r| !r.contains(|c: char| c.is_lowercase()))
        {
            if let Some(next) = paras.get(k + 1) {
                start = Some((k + 1, next.text.as_str()));
            }
            break;
        }
        if let Some(rest) = summary_intro(&p.text) {
            start = Some((k, rest));
            break;
        }
    }
    if start.is_none() {
        // No opening word, but an `END SUMMARY` in the first paragraphs: the summary is the
        // text from the first paragraph up to it.
        let end_at = paras[..scan.min(4)]
            .iter()
            .position(|p| find_ci(&p.text, "end summary").is_some())?;
        if end_at > 3 {
            return None;
        }
        // From the first numbered paragraph (text before it is a subject's or caption's rest).
        let k = paras[..=end_at]
            .iter()
            .position(|p| p.number.is_some())
            .unwrap_or(0);
        start = Some((k, paras[k].text.as_str()));
    }
    let (k, first) = start?;
    let first = marking(first.trim_start()).map_or(first, |(_, r)| r.trim_start());
    let mut text = first.to_string();
    let mut n = k;
    let mut searched: usize = 0;
    loop {
        // Search only the newly appended text (less the needle's length, for a match across).
        let mut from = searched.saturating_sub(16);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let hit = find_ci(&text[from..], "end summary")
            .or_else(|| find_ci(&text[from..], "end of summary"));
        if let Some(end) = hit.map(|e| e + from) {
            let s = text[..end]
                .trim_end()
                .trim_end_matches(['(', '[', '-', '\u{2014}'])
                .trim_end();
            let s = s.to_string();
            return (!s.is_empty()).then_some(s);
        }
        searched = text.len();
        n += 1;
        if n >= paras.len() || n > k + 6 {
            break;
        }
        text.push_str("\n\n");
        text.push_str(&paras[n].text);
    }
    let s = unmarked_end(first.trim());
    (!s.is_empty()).then(|| s.to_string())
}

/// A summary paragraph without `End summary`, less what the paragraph picked up after it: a
/// one-line dashed heading glued to its end (`... -------- Training --------`), or a heading in
/// capitals after a blank line under text in mixed case.
fn unmarked_end(s: &str) -> &str {
    let mut s = s;
    if s.ends_with("---") {
        let t = s.trim_end_matches('-').trim_end();
        if let Some(p) = t.rfind("---") {
            s = t[..p].trim_end_matches('-').trim_end();
        }
    }
    if let Some(p) = s.find("\n\n") {
        let (head, after) = (&s[..p], s[p..].trim_start());
        let next = after.split("\n\n").next().unwrap_or(after);
        let heading = next.len() <= 60
            && !next.contains('\n')
            && !next.bytes().any(|c| c.is_ascii_lowercase())
            && head.bytes().any(|c| c.is_ascii_lowercase());
        if heading {
            s = head.trim_end();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Body {
        let lines: Vec<&str> = text.lines().collect();
        parse_body(None, &lines)
    }

    #[test]
    fn paragraphs_headings_and_page_breaks() {
        let b = body(
            "1. (C) SUMMARY: First point. End summary.\n\n-----\nA HEADING\n-----\n\n2.(SBU) Second starts and\n\nis continued here.\n\n3. (U//FOUO) Third is broken\n\nFICTIONVILLE 00000012  002 OF 002\n\n\nAcross A Page.\n\nDOE7063",
        );
        let p = &b.paragraphs;
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].marking.as_deref(), Some("C"));
        assert_eq!(p[1].heading.as_deref(), Some("A HEADING"));
        assert_eq!(p[1].marking.as_deref(), Some("SBU"));
        assert_eq!(p[1].text, "Second starts and is continued here.");
        assert_eq!(p[2].text, "Third is broken Across A Page.");
        assert_eq!(b.signer.as_deref(), Some("DOE"));
        assert_eq!(summary(p).as_deref(), Some("First point."));
    }

    #[test]
    fn summary_variants() {
        let b = body("SUMMARY\n-------\n\n1. (C) The gist here.\nEnd Summary.\n\n2. (C) More.");
        assert_eq!(summary(&b.paragraphs).as_deref(), Some("The gist here."));
        let b =
            body("1. (C) Summary and Comment: Gist two. End Summary and Comment.\n2. (C) More.");
        assert_eq!(summary(&b.paragraphs).as_deref(), Some("Gist two."));
        let b = body("1. (C) Summary and Action Request: Do this. End summary.");
        assert_eq!(summary(&b.paragraphs).as_deref(), Some("Do this."));
        let b = body("1. (C) No summary in this one.");
        assert_eq!(summary(&b.paragraphs), None);
    }

    #[test]
    fn one_line_dashed_heading() {
        let b = body("------- Summary -------\n\n1. (C) The gist. End summary.\n\n2. (C) More.");
        assert_eq!(b.paragraphs[0].heading.as_deref(), Some("Summary"));
        assert_eq!(summary(&b.paragraphs).as_deref(), Some("The gist."));
    }

    #[test]
    fn sub_numbered_lists_stay_inside_the_paragraph() {
        let b = body("1. (C) Intro:\n\n-- one\n\n5. (C) Second.");
        assert_eq!(b.paragraphs.len(), 2);
        assert_eq!(b.paragraphs[1].number, Some(5));
    }

    #[test]
    fn summaries_without_end_or_with_odd_headings() {
        let sum = |t: &str| summary(&body(t).paragraphs);
        // The heading, then the paragraph opening with the word again.
        assert_eq!(
            sum("------- SUMMARY -------\n\n1. Summary: The gist. End Summary.").as_deref(),
            Some("The gist.")
        );
        assert_eq!(
            sum("1. Summary/Comment: The gist. End Summary/Comment.").as_deref(),
            Some("The gist.")
        );
        // No end marker: a dashed heading glued on, or a capitals heading after a blank line,
        // is not the summary's.
        assert_eq!(
            sum("1.(C) Summary: The gist. -------- Next Part --------\n\n2.(U) More.").as_deref(),
            Some("The gist.")
        );
        assert_eq!(
            sum("1. (C) SUMMARY: The gist.\n\nWHAT COMES NEXT\n\nMore text here.").as_deref(),
            Some("The gist.")
        );
        // An end marker without an opening word: from the first numbered paragraph.
        assert_eq!(
            sum("LEFT OF A SUBJECT\n\n1. The gist. End\nSummary.\n\n2. More.").as_deref(),
            Some("The gist.")
        );
        // A heading underlined with Unicode dashes.
        assert_eq!(
            sum("1. (U) Intro.\n\nSUMMARY AND INTRODUCTION\n\u{2010}\u{2010}\u{2010}\u{2010}\n\n2. (C) The gist. END SUMMARY AND INTRODUCTION.").as_deref(),
            Some("The gist.")
        );
    }
}
