//! Agreement of the parser with the release's own metadata over the 6,292 Cablegate cables,
//! and of the scraped (md) flavour with the plain (txt) flavour. Prints a report table with a
//! sample of disagreements; run with `--nocapture` to read it. Skips when the corpus is absent.
//!
//! Fair comparisons (the release's metadata has its own faults):
//! - id: against the release id repaired by `canonicalize_id` (the release has malformed ids
//!   such as `08ECTION01OF02MANAMA492`; the canonical form drops the fragment).
//! - classification: the level, plus whether NOFORN is present on both sides.
//! - DTG: date and hour of `created` (its minutes are unreliable).
//! - subject: the release gives only the first line, sometimes lower-cased or cut with `...`:
//!   both sides lower-cased, whitespace collapsed, a leading portion marking removed; agreement
//!   when our full subject starts with the release's first line.
//! - TAGS: only where `wl_tags` is non-empty (it lists only hyperlinked tags); compared as sets
//!   of words (the release repeats tags per section and splits person tags into words).
//!
//! Named reasons for what disagrees (measured 2026-11-26, 6,292 cables):
//! - undated partial extracts (~590): no DTG, `Cable dated:` or weekday line anywhere in the
//!   text, so no DTG and an id year guessed from DECL (less ten) or none. Hence the id and DTG
//!   rows restricted to dated texts, where the 99% bar is asserted.
//! - release assembly faults: the file holds another post's cable (`06AMMAN3564` is a Paris
//!   cable, `09ASUNCION595` carries `09ASUNCION561`'s record), or the text's serial is cut
//!   (`BUENOS AIRES 00167SIPDIS` for 1673).
//! - NOFORN (~45): the release labels NOFORN where the text carries no NOFORN caption nor `/NF`
//!   marking (or only the release's own record block says so); a few the other way round.
//! - TAGS (~110): the release hyperlinked only some of the tags (ours is a strict superset in 100
//!   of them: trailing country codes, continuation lines, a phrase broken over two lines); the
//!   rest are truncated extracts. The `tags (covers)` row counts ours holding every linked tag.
//! - subject: truncated extracts (`E.O. 12958: DE...`) and HTML debris in the release's line.

mod support;

use std::collections::{BTreeSet, HashMap};

use cabletriage::cable::{Cable, canonicalize_id, parse_bytes};

/// Minimal CSV reader: quoted fields with doubled quotes.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            ('\r', false) => {}
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn norm(s: &str) -> String {
    let s = s.to_lowercase();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    // Release faults: the first character of the subject (`(` or `"`) is often dropped, and
    // record dumps keep their trailing `\`.
    let mut s = s
        .trim_end_matches(['\\', ' '])
        .trim_start_matches(['(', '"'])
        .to_string();
    if let Some(p) = s.find(") ") {
        let head = &s[..p];
        if p <= 8 && !head.is_empty() && head.chars().all(|c| c.is_ascii_lowercase() || c == '/') {
            s = s[p + 2..].to_string();
        }
    }
    s.trim_end_matches('.').trim_end().to_string()
}

fn words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_uppercase())
        .collect()
}

/// Whether the text carries a date at all (a `DDHHMMZ MON YY` group, `Cable dated:` or a
/// weekday-dated line), decided independently of the parser. About 600 partial extracts carry
/// none: their DTG (and so their id's year) exists only in the release's own table.
fn has_date_text(text: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    if text.contains("Cable dated:") {
        return true;
    }
    let days = [
        "Monday, ",
        "Tuesday, ",
        "Wednesday, ",
        "Thursday, ",
        "Friday, ",
        "Saturday, ",
        "Sunday, ",
    ];
    if text
        .lines()
        .any(|l| days.iter().any(|d| l.trim_start().starts_with(d)))
    {
        return true;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(3).any(|w| {
        w[0].len() == 7
            && w[0].ends_with('Z')
            && w[0][..6].bytes().all(|b| b.is_ascii_digit())
            && MONTHS.contains(&w[1])
    })
}

struct Tally {
    name: &'static str,
    agree: usize,
    total: usize,
    samples: Vec<String>,
}

impl Tally {
    fn new(name: &'static str) -> Self {
        Tally {
            name,
            agree: 0,
            total: 0,
            samples: Vec::new(),
        }
    }
    fn record(&mut self, ok: bool, sample: impl FnOnce() -> String) {
        self.total += 1;
        if ok {
            self.agree += 1;
        } else {
            self.samples.push(sample());
        }
    }
    fn pct(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            100.0 * self.agree as f64 / self.total as f64
        }
    }
}

fn report(title: &str, tallies: &[Tally]) {
    println!(
        "\n{title}\n{:<16} {:>7} {:>7} {:>8}",
        "field", "agree", "total", "percent"
    );
    for t in tallies {
        println!(
            "{:<16} {:>7} {:>7} {:>7.2}%",
            t.name,
            t.agree,
            t.total,
            t.pct()
        );
    }
    let mut all = String::new();
    for t in tallies {
        for (n, s) in t.samples.iter().enumerate() {
            if n < 12 {
                println!("  [{}] {s}", t.name);
            }
            all.push_str(&format!("[{}] {s}\n", t.name));
        }
    }
    // The full list, for investigation.
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(format!(
            "{}.txt",
            title.split(' ').next().unwrap_or("report")
        ));
    let _ = std::fs::write(out, all);
}

fn first(path: &std::path::Path) -> Option<Cable> {
    let bytes = std::fs::read(path).ok()?;
    parse_bytes(&bytes, &path.to_string_lossy())
        .into_iter()
        .next()
}

#[test]
fn txt_agrees_with_release_metadata() {
    let Some(corpus) = support::corpus() else {
        return;
    };
    let gate = corpus.join("cablegate");
    let Ok(meta) = std::fs::read_to_string(gate.join("metadata.csv")) else {
        eprintln!("skipping: metadata.csv absent");
        return;
    };
    let rows = csv_rows(&meta);
    let header = &rows[0];
    let col = |n: &str| header.iter().position(|h| h == n).unwrap_or(usize::MAX);
    let (c_id, c_created, c_class, c_subj, c_tags) = (
        col("reference_id"),
        col("created"),
        col("classification"),
        col("wl_subject_first_line"),
        col("wl_tags"),
    );
    let mut t_id = Tally::new("id");
    let mut t_class = Tally::new("classification");
    let mut t_noforn = Tally::new("noforn");
    let mut t_dtg = Tally::new("dtg date+hour");
    let mut t_subj = Tally::new("subject");
    let mut t_id_dated = Tally::new("id (dated)");
    let mut t_dtg_dated = Tally::new("dtg (dated)");
    let mut t_tags = Tally::new("tags");
    // Ours holds every tag the release hyperlinked (it linked only some: a continuation line's
    // tags, or a phrase's second word, are often missing there).
    let mut t_tags_cover = Tally::new("tags (covers)");
    for r in rows.iter().skip(1).filter(|r| r.len() > c_tags) {
        let id = &r[c_id];
        let path = gate.join("txt").join(format!("{id}.txt"));
        let Some(c) = first(&path) else { continue };
        let dated = std::fs::read(&path)
            .map(|b| has_date_text(&String::from_utf8_lossy(&b)))
            .unwrap_or(false);
        let want_id = canonicalize_id(id).unwrap_or_else(|| id.clone());
        let id_ok = c.id.as_deref() == Some(want_id.as_str());
        t_id.record(id_ok, || format!("{id}: got {:?} want {want_id}", c.id));
        if dated {
            t_id_dated.record(id_ok, || format!("{id}: got {:?} want {want_id}", c.id));
        }
        let class = &r[c_class];
        let level = class.split("//").next().unwrap_or("");
        let got = c.classification.map(|l| l.as_str()).unwrap_or("");
        t_class.record(got == level, || format!("{id}: got {got:?} want {class}"));
        let nf = c.caveats.iter().any(|v| v == "NOFORN");
        t_noforn.record(nf == class.contains("NOFORN"), || {
            format!("{id}: got noforn={nf} want {class}")
        });
        let want_dtg = r[c_created].get(..13).unwrap_or("").to_string();
        let got_dtg = c
            .dtg
            .map(|d| d.format("%Y-%m-%d %H").to_string())
            .unwrap_or_default();
        t_dtg.record(got_dtg == want_dtg, || {
            format!("{id}: got {got_dtg:?} want {want_dtg:?}")
        });
        if dated {
            t_dtg_dated.record(got_dtg == want_dtg, || {
                format!("{id}: got {got_dtg:?} want {want_dtg:?}")
            });
        }
        let want_s = norm(r[c_subj].trim_end_matches("..."));
        let got_s = norm(c.subject.as_deref().unwrap_or(""));
        // The release's first line runs on into the next caption when the page collapsed them.
        let collapsed = want_s.strip_prefix(got_s.as_str()).is_some_and(|r| {
            let r = r.trim_start();
            !got_s.is_empty()
                && (r.starts_with("classified by")
                    || r.starts_with("ref")
                    || r.starts_with("sensitive but")
                    || r.starts_with("(corrected copy)"))
        });
        t_subj.record(got_s.starts_with(&want_s) || collapsed, || {
            format!("{id}: got {got_s:?} want {want_s:?}")
        });
        if !r[c_tags].trim().is_empty() {
            let want_t = words(&r[c_tags]);
            let got_t = words(&c.tags.join(" "));
            t_tags_cover.record(got_t.is_superset(&want_t), || {
                format!("{id}: got {got_t:?} want {want_t:?}")
            });
            t_tags.record(got_t == want_t, || {
                format!("{id}: got {got_t:?} want {want_t:?}")
            });
        }
    }
    let tallies = [
        t_id,
        t_id_dated,
        t_class,
        t_noforn,
        t_dtg,
        t_dtg_dated,
        t_subj,
        t_tags,
        t_tags_cover,
    ];
    report("txt vs metadata.csv", &tallies);
    let need =
        |t: &Tally, p: f64| assert!(t.pct() >= p, "{} agreement {:.2}% < {p}%", t.name, t.pct());
    // id and DTG are held to 99% where the text carries a date; undated partial extracts are
    // reported in the overall rows and named in the README, not asserted.
    need(&tallies[1], 99.0);
    need(&tallies[2], 99.0);
    need(&tallies[3], 99.0);
    need(&tallies[5], 99.0);
    need(&tallies[6], 97.0);
    need(&tallies[7], 97.0);
}

#[test]
fn md_agrees_with_txt() {
    let Some(corpus) = support::corpus() else {
        return;
    };
    let gate = corpus.join("cablegate");
    let md = support::files(&gate.join("md"), "md");
    if md.is_empty() {
        eprintln!("skipping: no md files");
        return;
    }
    let names = [
        "id",
        "precedence",
        "dtg",
        "origin",
        "to",
        "info",
        "classification",
        "caveats",
        "decl",
        "tags",
        "subject",
        "references",
        "classified_by",
        "summary",
        "paragraphs",
        "signer",
        "section",
        "warnings",
    ];
    let mut tallies: Vec<Tally> = names.iter().map(|n| Tally::new(n)).collect();
    for m in &md {
        let stem = m
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let (Some(a), Some(b)) = (
            first(&gate.join("txt").join(format!("{stem}.txt"))),
            first(m),
        ) else {
            continue;
        };
        let va = serde_json::to_value(&a).unwrap_or_default();
        let vb = serde_json::to_value(&b).unwrap_or_default();
        let ma: HashMap<&str, &serde_json::Value> = names.iter().map(|n| (*n, &va[*n])).collect();
        for t in tallies.iter_mut() {
            let (x, y) = (ma[t.name], &vb[t.name]);
            t.record(x == y, || {
                let (sx, sy) = (x.to_string(), y.to_string());
                let at = sx
                    .bytes()
                    .zip(sy.bytes())
                    .position(|(p, q)| p != q)
                    .unwrap_or(0);
                let lo = at.saturating_sub(40);
                format!(
                    "{stem}: txt …{}… md …{}…",
                    sx.get(lo..(at + 60).min(sx.len())).unwrap_or(""),
                    sy.get(lo..(at + 60).min(sy.len())).unwrap_or("")
                )
            });
        }
    }
    report("md vs txt (same cable, two flavours)", &tallies);
    for t in &tallies {
        assert!(
            t.pct() >= 99.0,
            "md/txt agreement on {} is {:.2}%",
            t.name,
            t.pct()
        );
    }
}
