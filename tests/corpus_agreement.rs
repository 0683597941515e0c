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
//! The corpus is split once, by a hash of the reference id ([`held_out`]): nine tenths for
//! tuning, one tenth kept aside and untuned (its table is printed, its disagreements only
//! written to `target/held.txt`). Files that hold another cable's text (a release assembly
//! fault, told apart without the parser by [`foreign_text`]) are listed, not counted. Files are
//! named by reference id, as in the release: the parser may take an undated extract's year from
//! the name when the name's post and serial agree with the text.
//!
//! Named reasons for what still disagrees (tuned part):
//! - id: extracts whose text names no post or serial (no classification line, no DE line):
//!   no id, with a warning, since the name cannot be checked against anything; a serial cut
//!   by the page (`BUENOS AIRES 00167SIPDIS` for 1673); a Paris body under an Amman header.
//! - NOFORN (~40): the release labels NOFORN where neither the text nor a record in the file
//!   carries it; a few the other way round.
//! - TAGS: the release hyperlinked only some of the tags (ours is a strict superset in ~90);
//!   the `tags (covers)` row counts ours holding every linked tag.
//! - subject: truncated extracts (`E.O. 12958: DE...`) and HTML debris in the release's line.
//! - DTG: undated extracts have none unless the release's record in the file gives one; the
//!   `dtg (dated)` row counts the texts that carry a date.

#[path = "support/agreement.rs"]
mod agreement;
mod support;

use std::collections::HashMap;

use agreement::{Tally, csv_rows, has_date_text, norm, report, words};

use cabletriage::cable::{Cable, canonicalize_id, parse_bytes};
use chrono::Datelike;

fn first(path: &std::path::Path) -> Option<Cable> {
    let bytes = std::fs::read(path).ok()?;
    parse_bytes(&bytes, &path.to_string_lossy())
        .into_iter()
        .next()
}

/// The tenth of the corpus kept aside, untuned: chosen by a hash of the reference id (FNV-1a),
/// decided before any tuning, so the same cables are held out on every machine.
fn held_out(id: &str) -> bool {
    let h = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    h % 10 == 0
}

/// Whether the file holds another cable's text (a release assembly fault: the header of one
/// cable over the body of another, or two cables in one file), decided without the parser: a
/// `DE` line or a classification line names a serial other than the release's.
fn foreign_text(text: &str, want_id: &str) -> bool {
    let digits = want_id.bytes().rev().take_while(u8::is_ascii_digit).count();
    let Ok(serial) = want_id[want_id.len() - digits..].parse::<u64>() else {
        return false;
    };
    const LEVELS: [&str; 6] = [
        "UNCLAS",
        "CONFIDENTIAL",
        "C O N F I D E N T I A L",
        "SECRET",
        "S E C R E T",
        "TOP SECRET",
    ];
    text.lines().map(str::trim).any(|t| {
        if let Some(rest) = t.strip_prefix("DE ")
            && let Some((_, n)) = rest.split_once('#')
        {
            let n: String = n.chars().take_while(char::is_ascii_digit).collect();
            // The DE line writes four digits of a longer serial.
            return n.parse::<u64>().is_ok_and(|n| n != serial % 10_000);
        }
        if LEVELS.iter().any(|l| t.starts_with(l))
            && let Some(last) = t.split_whitespace().last()
            && last.len() >= 5
            && last.bytes().all(|b| b.is_ascii_digit())
        {
            return last.parse::<u64>().is_ok_and(|n| n != serial);
        }
        false
    })
}

/// The agreement rows of one part of the corpus.
struct Rows {
    id: Tally,
    id_dated: Tally,
    /// Cables given an id whose year is the DECL year less ten and wrong: must stay empty.
    id_from_decl: Tally,
    class: Tally,
    noforn: Tally,
    dtg: Tally,
    dtg_dated: Tally,
    subject: Tally,
    tags: Tally,
    /// Ours holds every tag the release hyperlinked (it linked only some: a continuation line's
    /// tags, or a phrase's second word, are often missing there).
    tags_cover: Tally,
}

impl Rows {
    fn new() -> Rows {
        Rows {
            id: Tally::new("id"),
            id_dated: Tally::new("id (dated)"),
            id_from_decl: Tally::new("id not from DECL"),
            class: Tally::new("classification"),
            noforn: Tally::new("noforn"),
            dtg: Tally::new("dtg date+hour"),
            dtg_dated: Tally::new("dtg (dated)"),
            subject: Tally::new("subject"),
            tags: Tally::new("tags"),
            tags_cover: Tally::new("tags (covers)"),
        }
    }

    fn all(self) -> [Tally; 10] {
        [
            self.id,
            self.id_dated,
            self.id_from_decl,
            self.class,
            self.noforn,
            self.dtg,
            self.dtg_dated,
            self.subject,
            self.tags,
            self.tags_cover,
        ]
    }
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
    let (mut tuned, mut kept) = (Rows::new(), Rows::new());
    let mut foreign = Vec::new();
    for r in rows.iter().skip(1).filter(|r| r.len() > c_tags) {
        let id = &r[c_id];
        // Files are named by reference id, as the release names them: the parser may take the
        // year from the name when the text has none.
        let path = gate.join("txt").join(format!("{id}.txt"));
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Some(c) = first(&path) else { continue };
        let text = String::from_utf8_lossy(&bytes);
        let want_id = canonicalize_id(id).unwrap_or_else(|| id.clone());
        if foreign_text(&text, &want_id) {
            foreign.push(format!("{id}: got {:?}", c.id));
            continue;
        }
        let t = if held_out(id) { &mut kept } else { &mut tuned };
        let dated = has_date_text(&text);
        let id_ok = c.id.as_deref() == Some(want_id.as_str());
        t.id.record(id_ok, || format!("{id}: got {:?} want {want_id}", c.id));
        if dated {
            t.id_dated
                .record(id_ok, || format!("{id}: got {:?} want {want_id}", c.id));
        }
        let decl_year = c
            .decl
            .map(|d| format!("{:02}", (d.year() - 10).rem_euclid(100)));
        // A wrong year that is the DECL year less ten: the guess the parser must never make.
        let from_decl =
            c.id.as_deref()
                .zip(decl_year.as_deref())
                .is_some_and(|(i, y)| i.get(..2) == Some(y) && want_id.get(..2) != Some(y));
        t.id_from_decl.record(!from_decl, || {
            format!("{id}: got {:?} (DECL {:?})", c.id, c.decl)
        });
        let class = &r[c_class];
        let level = class.split("//").next().unwrap_or("");
        let got = c.classification.map(|l| l.as_str()).unwrap_or("");
        t.class
            .record(got == level, || format!("{id}: got {got:?} want {class}"));
        let nf = c.caveats.iter().any(|v| v == "NOFORN");
        t.noforn.record(nf == class.contains("NOFORN"), || {
            format!("{id}: got noforn={nf} want {class}")
        });
        let want_dtg = r[c_created].get(..13).unwrap_or("").to_string();
        let got_dtg = c
            .dtg
            .map(|d| d.format("%Y-%m-%d %H").to_string())
            .unwrap_or_default();
        t.dtg.record(got_dtg == want_dtg, || {
            format!("{id}: got {got_dtg:?} want {want_dtg:?}")
        });
        if dated {
            t.dtg_dated.record(got_dtg == want_dtg, || {
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
        t.subject
            .record(got_s.starts_with(&want_s) || collapsed, || {
                format!("{id}: got {got_s:?} want {want_s:?}")
            });
        if !r[c_tags].trim().is_empty() {
            let want_t = words(&r[c_tags]);
            let got_t = words(&c.tags.join(" "));
            t.tags_cover.record(got_t.is_superset(&want_t), || {
                format!("{id}: got {got_t:?} want {want_t:?}")
            });
            t.tags.record(got_t == want_t, || {
                format!("{id}: got {got_t:?} want {want_t:?}")
            });
        }
    }
    println!(
        "\nfiles holding another cable's text (reported, not counted): {}",
        foreign.len()
    );
    for f in &foreign {
        println!("  {f}");
    }
    let tuned = tuned.all();
    report("txt vs metadata.csv (tuned, nine tenths)", &tuned);
    let kept = kept.all();
    // Its disagreements are written to target/held.txt, never printed: they are not to be
    // tuned against.
    agreement::report_quiet("held out (one tenth, untuned)", &kept);
    let need = |t: &Tally, p: f64, part: &str| {
        assert!(
            t.pct() >= p,
            "{part}: {} agreement {:.2}% < {p}%",
            t.name,
            t.pct()
        )
    };
    let [
        id,
        _,
        decl,
        class,
        noforn,
        _,
        dtg_dated,
        subject,
        _,
        tags_cover,
    ] = &tuned;
    need(id, 99.5, "tuned");
    assert_eq!(decl.agree, decl.total, "an id year taken from DECL");
    need(class, 99.0, "tuned");
    need(noforn, 99.0, "tuned");
    need(dtg_dated, 99.0, "tuned");
    need(subject, 99.0, "tuned");
    need(tags_cover, 99.0, "tuned");
    let [id, _, decl, ..] = &kept;
    // The held-out tenth is held to a floor a point lower than the bars: it is ~600 cables,
    // where one cable is 0.17%.
    need(id, 98.5, "held out");
    assert_eq!(decl.agree, decl.total, "an id year taken from DECL");
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
