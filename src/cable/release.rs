//! The release's own record of a cable, when the file carries one beside the text: the
//! scraped record dump (`date:` / `refid:` / `origin:` / `classification:` lines), the
//! `<<NNNNN>>` block (date, reference id, origin, classification on the lines after it), the
//! bare block of partial extracts (a number, a `2000-06-07` date, the reference id, the
//! origin) and the one-line table row (`21950,10/22/2004 15:09,04FICTIONVILLE12,"Embassy
//! ...",CONFIDENTIAL//NOFORN,...`).
//!
//! The record is the publisher's, not the cable's: the parser takes a year from it only when
//! the text has no DTG, and fills a classification or a caveat only where the text has none.
//! Its reference id may name another cable (the release has files that mix two), so the
//! parser checks it against the text's post and serial before trusting its year.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::model::{Cable, Classification};

/// What the release's record says about the cable.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Release {
    /// The reference id as recorded, repaired by [`super::canonicalize_id`].
    pub id: Option<String>,
    /// The recorded date and time (`created`).
    pub date: Option<DateTime<Utc>>,
    pub classification: Option<Classification>,
    /// Caveats named after the level (`CONFIDENTIAL//NOFORN`, `//FOR OFFICIAL USE ONLY`).
    pub caveats: Vec<&'static str>,
}

impl Release {
    fn is_empty(&self) -> bool {
        self.id.is_none() && self.date.is_none() && self.classification.is_none()
    }
}

/// What the release's record (of this cable) adds: the date, level and caveats the text lacks.
/// Where the text has its own, the text's stand, and a different level is a warning.
pub fn fill(c: &mut Cable, r: &Release) {
    if c.dtg.is_none() && r.date.is_some() {
        c.dtg = r.date;
        c.warnings
            .push("date taken from the release's record in the file".to_string());
    }
    match (c.classification, r.classification) {
        (None, Some(l)) => {
            c.classification = Some(l);
            c.warnings
                .push("classification taken from the release's record in the file".to_string());
        }
        (Some(have), Some(l)) if have != l => c.warnings.push(format!(
            "the release's record says {}, the text {}: the text's is kept",
            l.as_str(),
            have.as_str()
        )),
        _ => {}
    }
    for v in &r.caveats {
        if !c.caveats.iter().any(|h| h == v) {
            c.caveats.push(v.to_string());
            c.warnings
                .push(format!("{v} taken from the release's record in the file"));
        }
    }
}

/// How many lines after an anchor the record's fields are looked for.
const BLOCK: usize = 12;

/// The record in the head of `text` (its first [`super::decode::HEAD`] bytes), in the anchored
/// shapes only: the scraped dump (`dump`: the caller found `refid: ` there, see
/// [`super::decode::find_wrappers`]) and the `<<NNNNN>>` block. Cheap enough for every cable:
/// a one-byte search for `<`, which cables hardly use.
pub fn find_head(text: &str, dump: bool) -> Option<Release> {
    let mut end = text.len().min(super::decode::HEAD);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let b = head.as_bytes();
    let block = memchr::memchr_iter(b'<', b).any(|i| b.get(i + 1) == Some(&b'<'));
    if !dump && !block {
        return None;
    }
    let lines: Vec<&str> = head.lines().collect();
    find_in(&lines, true)
}

/// The record among `lines`, in any of the shapes the module names (every line is looked at).
pub fn find_lines(lines: &[&str]) -> Option<Release> {
    find_in(lines, false)
}

fn find_in(lines: &[&str], anchored_only: bool) -> Option<Release> {
    let head_only = anchored_only;
    let lines: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
    let mut found = None;
    for (k, l) in lines.iter().enumerate() {
        let r = if l.starts_with("refid: ") {
            Some(dump_record(&lines, k))
        } else if angle_anchor(l) || (!head_only && digits(l) && l.len() <= 7) {
            Some(block_record(&lines[k + 1..]))
        } else if !head_only && l.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            row_record(l, lines.get(k + 1).copied())
        } else {
            None
        };
        if let Some(r) = r.filter(|r| r.id.is_some() && r.date.is_some()) {
            found = Some(r);
            break;
        }
    }
    found.filter(|r| !r.is_empty())
}

/// `<<123456>>`, the line that opens the release's block.
fn angle_anchor(l: &str) -> bool {
    l.strip_prefix("<<")
        .and_then(|r| r.strip_suffix(">>"))
        .is_some_and(digits)
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The `key: value` lines around a `refid:` line, up to `header:`.
fn dump_record(lines: &[&str], k: usize) -> Release {
    let mut r = Release::default();
    let from = k.saturating_sub(4);
    for l in lines[from..].iter().take(BLOCK) {
        if let Some(v) = l.strip_prefix("refid:") {
            r.id = super::canonicalize_id(v.trim());
        } else if let Some(v) = l.strip_prefix("date:") {
            r.date = date(v.trim());
        } else if let Some(v) = l.strip_prefix("classification:") {
            classification(v.trim(), &mut r);
        } else if l.starts_with("header:") {
            break;
        }
    }
    r
}

/// The unlabelled lines of a `<<NNNNN>>` or bare block: a date, then the reference id, origin
/// and classification, blank lines between them allowed.
fn block_record(after: &[&str]) -> Release {
    let mut r = Release::default();
    let mut fields = after.iter().take(BLOCK).filter(|l| !l.is_empty());
    let Some(d) = fields.next().and_then(|l| date(l)) else {
        return r;
    };
    r.date = Some(d);
    for l in fields.take(4) {
        if r.id.is_none() {
            match whole_id(l) {
                Some(id) => r.id = Some(id),
                None => break,
            }
        } else if classification(l, &mut r) {
            break;
        }
    }
    r
}

/// A table row: number, date, reference id, quoted origin, classification (which may run on to
/// the next line when the row was wrapped).
fn row_record(line: &str, next: Option<&str>) -> Option<Release> {
    let mut it = line.splitn(5, ',');
    let (n, d, id) = (it.next()?, it.next()?, it.next()?);
    if !digits(n) {
        return None;
    }
    let mut r = Release {
        date: Some(date(d.trim())?),
        id: Some(whole_id(id.trim())?),
        ..Default::default()
    };
    // After the quoted origin (which may hold commas), the classification.
    let rest = it.collect::<Vec<_>>().join(",");
    let class = match rest.strip_prefix('"') {
        Some(q) => q.split_once("\",").map_or("", |(_, c)| c),
        None => rest.split_once(',').map_or("", |(_, c)| c),
    };
    let class = class.split(',').next().unwrap_or("");
    let joined;
    let class = match next {
        // `UNCLASSIFIED//FOR` / `OFFICIAL USE ONLY,,...`: the caption broken by the wrap.
        Some(n) if class.ends_with("//FOR") => {
            joined = format!("{class} {}", n.split(',').next().unwrap_or(""));
            joined.as_str()
        }
        _ => class,
    };
    classification(class, &mut r);
    Some(r)
}

/// A line that is a reference id and nothing else (`00FICTIONVILLE1695`).
fn whole_id(l: &str) -> Option<String> {
    let ok = l.len() >= 5
        && l.len() <= 40
        && l.bytes().all(|b| b.is_ascii_alphanumeric())
        && l.bytes().last().is_some_and(|b| b.is_ascii_digit());
    ok.then(|| super::canonicalize_id(l)).flatten()
}

/// `CONFIDENTIAL//NOFORN`, `UNCLASSIFIED//FOR OFFICIAL USE ONLY`, `SECRET`: sets the level and
/// caveats; false when the text names no level.
fn classification(v: &str, r: &mut Release) -> bool {
    let mut parts = v.split("//");
    let level = match parts.next().map(str::trim) {
        Some("UNCLASSIFIED") => Classification::Unclassified,
        Some("CONFIDENTIAL") => Classification::Confidential,
        Some("SECRET") => Classification::Secret,
        Some("TOP SECRET") => Classification::TopSecret,
        _ => return false,
    };
    r.classification = Some(level);
    for p in parts {
        let cav = match p.trim() {
            "NOFORN" => "NOFORN",
            "FOR OFFICIAL USE ONLY" | "FOUO" => "FOUO",
            _ => continue,
        };
        if !r.caveats.contains(&cav) {
            r.caveats.push(cav);
        }
    }
    true
}

/// The record's date: `4/11/2002 20:44` and `12.02.2009 11:16` (month first), or `2000-06-07`.
fn date(v: &str) -> Option<DateTime<Utc>> {
    let (day, time) = v.split_once(' ').unwrap_or((v, ""));
    let d = if day.len() == 10 && day.as_bytes()[4] == b'-' {
        NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?
    } else {
        let mut p = day.split(['/', '.']);
        let (m, d, y) = (p.next()?, p.next()?, p.next()?);
        if p.next().is_some() || y.len() != 4 {
            return None;
        }
        NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?
    };
    let (h, m) = time.split_once(':').unwrap_or(("0", "0"));
    let t = d.and_hms_opt(h.trim().parse().ok()?, m.trim().parse().ok()?, 0)?;
    Some(Utc.from_utc_datetime(&t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn record_dump() {
        let t = "SUBJECT: CUT...\n\nid: 12\ndate: 4/11/2002 20:44\nrefid: 02FICTIONVILLE81\norigin: Embassy Fictionville\nclassification: SECRET//NOFORN\nheader:\nP 112044Z APR 02\n";
        let r = find_head(t, true).unwrap();
        assert_eq!(r.id.as_deref(), Some("02FICTIONVILLE81"));
        assert_eq!(r.date.map(|d| d.year()), Some(2002));
        assert_eq!(r.classification, Some(Classification::Secret));
        assert_eq!(r.caveats, ["NOFORN"]);
    }

    #[test]
    fn angle_block_month_first() {
        let t = "TEXT\n<<123456>>\n12.02.2009 11:16\n09FICTIONVILLE2170\nEmbassy Fictionville\nCONFIDENTIAL\n09FICTIONVILLE2100\n";
        let r = find_head(t, false).unwrap();
        assert_eq!(r.id.as_deref(), Some("09FICTIONVILLE2170"));
        let d = r.date.unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2009, 12, 2));
        assert_eq!(r.classification, Some(Classification::Confidential));
    }

    #[test]
    fn bare_block_and_table_row_only_in_a_full_search() {
        let t = "SUBJECT: X...\n\n1113\n2000-06-07\n\n00FICTIONVILLE1695\n\nEmbassy Fictionville\n";
        assert_eq!(find_head(t, false), None);
        let r = find_lines(&t.lines().collect::<Vec<_>>()).unwrap();
        assert_eq!(r.id.as_deref(), Some("00FICTIONVILLE1695"));
        assert_eq!(r.date.map(|d| d.year()), Some(2000));
        let t = "TEXT\n21950,10/22/2004 15:09,04FICTIONVILLE2735,\"Embassy Fiction, North\",UNCLASSIFIED//FOR\nOFFICIAL USE ONLY,,\"partial\n";
        let r = find_lines(&t.lines().collect::<Vec<_>>()).unwrap();
        assert_eq!(r.id.as_deref(), Some("04FICTIONVILLE2735"));
        assert_eq!(r.classification, Some(Classification::Unclassified));
        assert_eq!(r.caveats, ["FOUO"]);
    }

    #[test]
    fn paragraphs_and_lists_are_not_records() {
        for t in [
            "1. (C) Text.\n2. More 4/11/2002 text.\n",
            "12\nNot a date\n09X1\n",
            "3,4/11/2002,hello,\"x\",SECRET\n",
            "<<1>>\n4/11/2002 10:00\nnot an id\n",
        ] {
            assert_eq!(find_lines(&t.lines().collect::<Vec<_>>()), None, "{t:?}");
        }
    }
}
