//! The body of a generated cable: numbered, portion-marked paragraphs of invented reporting,
//! dashed headings, and page-break lines that fall inside paragraphs as they do in the release.

use std::fmt::Write as _;

use super::compose::{Class, Out};
use super::rng::Rng;
use super::tables as t;

/// What the body needs to know about its cable.
pub(super) struct BodyShape {
    pub class: Class,
    pub noforn: bool,
    pub scraped: bool,
    /// Total size of the cable to reach, in bytes.
    pub target: usize,
    /// Number of sections (0 for a single-section cable).
    pub sections: usize,
    pub post: &'static str,
    pub serial: u32,
    pub month: usize,
}

fn marking(r: &mut Rng, class: Class, noforn: bool) -> &'static str {
    match class {
        Class::Unclas => "U",
        Class::Sensitive | Class::Efto => {
            if r.chance(0.8) {
                "SBU"
            } else {
                "U"
            }
        }
        Class::Confidential => {
            if r.chance(0.85) {
                if noforn { "C/NF" } else { "C" }
            } else {
                "SBU"
            }
        }
        Class::Secret | Class::TopSecret => {
            if r.chance(0.8) {
                if noforn { "S/NF" } else { "S" }
            } else {
                "C"
            }
        }
    }
}

/// Paragraphs until the cable reaches its drawn size, then stop (the caller signs).
pub(super) fn write_body(o: &mut Out<'_>, r: &mut Rng, shape: &BodyShape) {
    let width = r.range(62, 74);
    let trail = if !shape.scraped && r.chance(0.6) {
        " "
    } else {
        ""
    };
    let mark = if shape.scraped {
        if r.chance(0.7) { "[¶](#)" } else { "¶" }
    } else if r.chance(0.5) {
        "¶"
    } else {
        ""
    };
    let target = shape.target;
    let pages = if shape.sections > 0 {
        shape.sections
    } else {
        1 + target / 3_800
    };
    let body_start = o.buf.len();
    let per_page = (target.saturating_sub(body_start)).max(1) / pages.max(1) + 1;
    let mut page = 1usize;
    let mut n = 1u32;
    let mut text = String::with_capacity(1024);
    loop {
        if n > 1 && r.chance(0.12) {
            let h = *r.pick(t::HEADINGS);
            let dash = "-".repeat(h.len());
            o.line(&format!("{dash}{trail}"));
            o.line(h);
            o.line(&format!("{dash}{trail}"));
            o.blank();
        }
        text.clear();
        let _ = write!(
            text,
            "{mark}{n}. ({}) ",
            marking(r, shape.class, shape.noforn)
        );
        if n == 1 && r.chance(0.5) {
            text.push_str("Summary: ");
            sentences(r, &mut text, shape.month, 3);
            text.push_str(" End summary.");
        } else {
            let k = r.range(2, 7);
            sentences(r, &mut text, shape.month, k);
        }
        // Wrap, breaking the page inside the paragraph when its share of the body is used up.
        let mut col = 0usize;
        for word in text.split(' ') {
            if col > 0 && col + 1 + word.len() > width {
                o.buf.push_str(trail);
                o.buf.push_str(o.nl);
                col = 0;
                if page < pages && o.buf.len() - body_start > page * per_page {
                    page += 1;
                    o.blank();
                    o.line(&format!(
                        "{} {:08}  {page:03} OF {pages:03} ",
                        shape.post, shape.serial
                    ));
                    o.blank();
                }
            }
            if col > 0 {
                o.buf.push(' ');
                col += 1;
            }
            o.buf.push_str(word);
            col += word.len();
        }
        o.buf.push_str(trail);
        o.buf.push_str(o.nl);
        o.blank();
        n += 1;
        if o.buf.len() >= target || n > 400 {
            break;
        }
    }
}

/// `k` invented sentences of reporting.
fn sentences(r: &mut Rng, out: &mut String, month: usize, k: usize) {
    for s in 0..k {
        if s > 0 {
            out.push(' ');
        }
        match r.below(8) {
            0 | 1 => {
                let _ = write!(
                    out,
                    "{} {} {}, {} {} {} {} {} that {}.",
                    r.pick(t::OPENERS),
                    t::MONTHS[month],
                    1 + r.below(28),
                    r.pick(t::TITLES),
                    r.pick(t::FIRST),
                    r.pick(t::LAST),
                    r.pick(t::VERBS),
                    r.pick(t::OFFICERS),
                    r.pick(t::CLAUSES)
                );
            }
            2 => {
                let _ = write!(
                    out,
                    "{} added that {}.",
                    r.pick(&["He", "She"]),
                    r.pick(t::CLAUSES)
                );
            }
            3 => {
                let _ = write!(
                    out,
                    "According to a contact in {}, {}.",
                    r.pick(t::BODIES),
                    r.pick(t::CLAUSES)
                );
            }
            4 => {
                let _ = write!(out, "{}", r.pick(t::COMMENTS));
            }
            5 => {
                let _ = write!(
                    out,
                    "{} expects {} spending to {} by {} percent next year.",
                    capitalize(t::BODIES[r.below(t::BODIES.len())]),
                    r.pick(t::NOUNS),
                    r.pick(&["rise", "fall", "grow", "shrink"][..]),
                    1 + r.below(19)
                );
            }
            _ => {
                let _ = write!(
                    out,
                    "{} {} {} that {}.",
                    r.pick(t::LAST),
                    r.pick(t::VERBS),
                    r.pick(t::OFFICERS),
                    r.pick(t::CLAUSES)
                );
            }
        }
    }
}

/// `the central bank` -> `The central bank`.
fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
