//! Helpers of the corpus agreement test: a CSV reader for the release's metadata, the fair
//! normalisations of subject and TAGS, a date finder independent of the parser, and the
//! agreement tallies with their report.
#![allow(dead_code)]

use std::collections::BTreeSet;

/// Minimal CSV reader: quoted fields with doubled quotes.
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
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

pub fn norm(s: &str) -> String {
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

pub fn words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_uppercase())
        .collect()
}

/// Whether the text carries a date at all (a `DDHHMMZ MON YY` group, `Cable dated:` or a
/// weekday-dated line), decided independently of the parser. About 600 partial extracts carry
/// none: their DTG (and so their id's year) exists only in the release's own table.
pub fn has_date_text(text: &str) -> bool {
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

pub struct Tally {
    pub name: &'static str,
    pub agree: usize,
    pub total: usize,
    pub samples: Vec<String>,
}

impl Tally {
    pub fn new(name: &'static str) -> Self {
        Tally {
            name,
            agree: 0,
            total: 0,
            samples: Vec::new(),
        }
    }
    pub fn record(&mut self, ok: bool, sample: impl FnOnce() -> String) {
        self.total += 1;
        if ok {
            self.agree += 1;
        } else {
            self.samples.push(sample());
        }
    }
    pub fn pct(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            100.0 * self.agree as f64 / self.total as f64
        }
    }
}

pub fn report(title: &str, tallies: &[Tally]) {
    table(title, tallies);
    write_samples(title, tallies, 12);
}

/// The table alone on stdout, the disagreements only in the file under `target/`.
pub fn report_quiet(title: &str, tallies: &[Tally]) {
    table(title, tallies);
    write_samples(title, tallies, 0);
}

fn table(title: &str, tallies: &[Tally]) {
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
}

/// Prints up to `shown` disagreements per row, and writes them all to `target/<first word of
/// the title>.txt`, for investigation.
fn write_samples(title: &str, tallies: &[Tally], shown: usize) {
    let mut all = String::new();
    for t in tallies {
        for (n, s) in t.samples.iter().enumerate() {
            if n < shown {
                println!("  [{}] {s}", t.name);
            }
            all.push_str(&format!("[{}] {s}\n", t.name));
        }
    }
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(format!(
            "{}.txt",
            title.split(' ').next().unwrap_or("report")
        ));
    let _ = std::fs::write(out, all);
}
