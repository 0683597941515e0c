//! The text of one generated cable: ACP-127 header, captions, TAGS, subject, references and a
//! body of numbered paragraphs, in the plain or the scraped-web flavour.

use std::fmt::Write as _;
use std::sync::OnceLock;

use chrono::{Datelike, Timelike};

use super::Planned;
use super::body::{self, BodyShape};
use super::rng::{Rng, cumulative};
use super::tables::{self as t, POSTS};

/// Cable sizes in the release, as (quantile, bytes): sizes are drawn by interpolating this table.
const SIZE_QUANTILES: [(f64, f64); 9] = [
    (0.0, 700.0),
    (0.1, 1939.0),
    (0.25, 3984.0),
    (0.5, 6973.0),
    (0.75, 10504.0),
    (0.9, 14844.0),
    (0.97, 22000.0),
    (0.99, 31453.0),
    (1.0, 66467.0),
];

/// Header prosign(s), the word on TO lines, the word on INFO lines, weight.
const PRECEDENCES: [(&str, &str, &str, u64); 8] = [
    ("Z", "FLASH", "FLASH", 2),
    ("O", "NIACT IMMEDIATE", "IMMEDIATE", 10),
    ("O", "IMMEDIATE", "IMMEDIATE", 270),
    ("O P", "IMMEDIATE", "PRIORITY", 20),
    ("O R", "IMMEDIATE", "ROUTINE", 25),
    ("P", "PRIORITY", "PRIORITY", 400),
    ("P R", "PRIORITY", "ROUTINE", 13),
    ("R", "ROUTINE", "ROUTINE", 260),
];

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    Unclas,
    Sensitive,
    Efto,
    Confidential,
    Secret,
    TopSecret,
}

const CLASSES: [(Class, u64); 6] = [
    (Class::Unclas, 230),
    (Class::Sensitive, 80),
    (Class::Efto, 4),
    (Class::Confidential, 500),
    (Class::Secret, 180),
    (Class::TopSecret, 1),
];

const MONS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// Lines out, with the cable's line ending and the flavour's trailing spaces.
pub(super) struct Out<'a> {
    pub(super) buf: &'a mut String,
    pub(super) nl: &'static str,
}

impl Out<'_> {
    pub(super) fn line(&mut self, s: &str) {
        self.buf.push_str(s);
        self.buf.push_str(self.nl);
    }
    pub(super) fn blank(&mut self) {
        self.buf.push_str(self.nl);
    }
}

/// Running totals of the weight tables, built once.
struct Weights {
    precedence: Vec<u64>,
    class: Vec<u64>,
    tags: Vec<u64>,
}

fn weights() -> &'static Weights {
    static W: OnceLock<Weights> = OnceLock::new();
    W.get_or_init(|| Weights {
        precedence: cumulative(PRECEDENCES.iter().map(|p| p.3)),
        class: cumulative(CLASSES.iter().map(|c| c.1)),
        tags: cumulative(t::SUBJECT_TAGS.iter().map(|x| u64::from(x.1))),
    })
}

fn draw_size(r: &mut Rng) -> usize {
    let u = r.unit();
    for w in SIZE_QUANTILES.windows(2) {
        let ((q0, s0), (q1, s1)) = (w[0], w[1]);
        if u <= q1 {
            return (s0 + (u - q0) / (q1 - q0) * (s1 - s0)) as usize;
        }
    }
    7000
}

/// Write cable `i` of `plan` into `buf`; returns the file extension (`txt` or `md`).
pub fn compose(plan: &[Planned], i: usize, seed: u64, buf: &mut String) -> &'static str {
    let me = plan[i];
    let post = &POSTS[usize::from(me.post)];
    let mut r = Rng::stream(seed, i as u64);
    let scraped = r.chance(0.10);
    let crlf = !scraped && r.chance(0.02);
    let tr = if scraped { "  " } else { "" };
    let w = weights();
    let (prosign, to_word, info_word, _) = PRECEDENCES[r.weighted(&w.precedence)];
    let class = CLASSES[r.weighted(&w.class)].0;
    let target = draw_size(&mut r);
    let sections = if target > 9_000 && r.chance(0.5) {
        (target / 5_000).clamp(2, 9)
    } else {
        0
    };
    let mut o = Out {
        buf,
        nl: if crlf { "\r\n" } else { "\n" },
    };
    let dtg = me.dtg;
    let yy = dtg.year() % 100;

    // --- header block
    let ps = prosign.as_bytes()[0] as char;
    o.line(&format!("VZCZCXRO{:04}{tr}", r.below(10_000)));
    o.line(&format!("{ps}{ps} RUEHWEB{tr}"));
    o.blank();
    let sec = if sections > 0 { "/01" } else { "" };
    o.line(&format!(
        "DE {} #{:04}{sec} {:03}{:02}{:02}{tr}",
        post.ri,
        me.serial % 10_000,
        dtg.ordinal(),
        dtg.hour(),
        dtg.minute()
    ));
    o.line(match class {
        Class::Unclas | Class::Sensitive => "ZNR UUUUU ZZH",
        Class::Efto => "ZNY EEEEE ZZH",
        Class::Confidential => "ZNY CCCCC ZZH",
        Class::Secret => "ZNY SSSSS ZZH",
        Class::TopSecret => "ZNY TTTTT ZZH",
    });
    o.line(&format!(
        "{prosign} {:02}{:02}{:02}Z {} {yy:02}{tr}",
        dtg.day(),
        dtg.hour(),
        dtg.minute(),
        MONS[dtg.month0() as usize]
    ));
    o.line(&format!("FM {}{tr}", post.fm));
    let mut to: Vec<(&str, &str)> = Vec::new();
    if me.post == 0 {
        for _ in 0..r.range(1, 5) {
            let p = &POSTS[1 + r.below(POSTS.len() - 1)];
            if !to.contains(&(p.ri, p.fm)) {
                to.push((p.ri, p.fm));
            }
        }
    } else {
        to.push(("RUEHC", "SECSTATE WASHDC"));
    }
    for (k, (ri, name)) in to.iter().enumerate() {
        let head = if k == 0 { "TO " } else { "" };
        let word = if k == 0 || to_word != "NIACT IMMEDIATE" {
            to_word
        } else {
            "IMMEDIATE"
        };
        o.line(&format!(
            "{head}{ri}/{name} {word} {:04}{tr}",
            r.below(10_000)
        ));
    }
    let n_info = r.below(9);
    let mut info: Vec<(&str, &str)> = Vec::with_capacity(n_info);
    for _ in 0..n_info {
        let pick = if r.chance(0.4) {
            *r.pick(t::INFO_EXTRA)
        } else {
            let p = &POSTS[1 + r.below(POSTS.len() - 1)];
            (p.ri, p.fm)
        };
        // An addressee appears once, and never as both action and info.
        if !info.contains(&pick) && !to.contains(&pick) && pick.1 != post.fm {
            info.push(pick);
        }
    }
    for (k, (ri, name)) in info.iter().enumerate() {
        let head = if k == 0 { "INFO " } else { "" };
        let word = if r.chance(0.8) { info_word } else { "" };
        let sep = if word.is_empty() { "" } else { " " };
        o.line(&format!("{head}{ri}/{name}{sep}{word}{tr}"));
    }
    o.blank();

    // --- classification line and captions
    let banner = match class {
        Class::Unclas => "UNCLAS",
        Class::Sensitive => "UNCLAS SENSITIVE",
        Class::Efto => "UNCLAS E F T O",
        Class::Confidential => "C O N F I D E N T I A L",
        Class::Secret => "S E C R E T",
        Class::TopSecret => "T O P S E C R E T",
    };
    let section = if sections > 0 {
        format!(" SECTION 01 OF {sections:02}")
    } else {
        String::new()
    };
    o.line(&format!(
        "{banner}{section} {} {:06} ",
        post.name, me.serial
    ));
    o.blank();
    let classified = matches!(
        class,
        Class::Confidential | Class::Secret | Class::TopSecret
    );
    let noforn = classified && r.chance(0.15);
    if noforn {
        o.line("NOFORN");
    }
    if class == Class::Sensitive || (class == Class::Efto && r.chance(0.5)) {
        o.line("SENSITIVE");
    }
    if classified && r.chance(0.02) {
        o.line(["EXDIS", "NODIS", "LIMDIS"][r.below(3)]);
    }
    if r.chance(0.85) {
        o.line("SIPDIS");
    }
    o.blank();
    if classified || class == Class::Efto {
        let y = dtg.year() + 10;
        if r.chance(0.1) {
            o.line(&format!(
                "E.O. 12958: DECL: {:02}/{:02}/{:02}",
                dtg.month(),
                dtg.day(),
                y % 100
            ));
        } else {
            o.line(&format!(
                "E.O. 12958: DECL: {:02}/{:02}/{y}",
                dtg.month(),
                dtg.day()
            ));
        }
    } else {
        o.line("E.O. 12958: N/A");
    }

    // --- TAGS and subject
    let mut tags: Vec<&str> = Vec::with_capacity(7);
    for _ in 0..r.range(2, 5) {
        let tag = t::SUBJECT_TAGS[r.weighted(&w.tags)].0;
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if !post.geo.is_empty() {
        tags.push(post.geo);
    }
    if r.chance(0.3) {
        let g = POSTS[1 + r.below(POSTS.len() - 1)].geo;
        if !tags.contains(&g) {
            tags.push(g);
        }
    }
    let mut line = String::from("TAGS: ");
    for (k, tag) in tags.iter().enumerate() {
        if k > 0 {
            line.push(' ');
        }
        if scraped {
            let _ = write!(line, "[{tag}](#)");
        } else {
            line.push_str(tag);
        }
    }
    line.push_str(tr);
    o.line(&line);
    let heading = if post.country.is_empty() {
        *r.pick(t::TOPICS)
    } else {
        post.country
    };
    let subject = format!(
        "SUBJECT: {heading}: {} {}",
        r.pick(t::SUBJECT_TAILS),
        r.pick(t::TOPICS)
    );
    let subject = if r.chance(0.3) {
        format!(
            "{subject} AND {} IN {}",
            r.pick(t::TOPICS),
            r.pick(t::MONTHS).to_uppercase()
        )
    } else {
        subject
    };
    wrap_into(&mut o, &subject, 66, tr);
    o.blank();

    // --- references to earlier generated cables
    if i > 0 && r.chance(0.35) {
        let n = r.range(1, 3);
        for k in 0..n {
            let j = i - 1 - r.below(i.min(3000));
            let other = plan[j];
            let num = other.serial;
            let text = if other.dtg.year() == dtg.year() {
                format!("{} {num}", other.post_name())
            } else {
                format!("{:02} {} {num}", other.dtg.year() % 100, other.post_name())
            };
            let lead = if k == 0 { "REF: " } else { "     " };
            if n == 1 {
                o.line(&format!("REF: {text}"));
            } else {
                o.line(&format!("{lead}{}. {text}", (b'A' + k as u8) as char));
            }
        }
        o.blank();
    }
    if classified {
        let by = format!(
            "Classified By: {} {} {} for reasons 1.4 (b) and (d)",
            r.pick(&[
                "Ambassador",
                "DCM",
                "Political Counselor",
                "Charge d'Affaires",
                "A/S"
            ]),
            r.pick(t::FIRST),
            r.pick(t::LAST)
        );
        wrap_into(&mut o, &by, 68, "");
        o.blank();
    }

    // --- body: numbered paragraphs until the drawn size, with page breaks
    let shape = BodyShape {
        class,
        noforn,
        scraped,
        target,
        sections,
        post: post.name,
        serial: me.serial,
        month: dtg.month0() as usize,
    };
    body::write_body(&mut o, &mut r, &shape);
    let signer = t::LAST[r.below(t::LAST.len())].to_uppercase();
    o.line(&signer);
    if scraped { "md" } else { "txt" }
}

fn wrap_into(o: &mut Out<'_>, text: &str, width: usize, tr: &str) {
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            line.push_str(if tr.is_empty() { " " } else { tr });
            o.line(&line);
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    line.push_str(tr);
    o.line(&line);
}
