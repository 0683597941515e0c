//! Dates for cables without a header DTG: `Cable dated:2005-11-29T14:19:00`, a weekday line
//! (`Thursday, 07 March 2002, 10:13`), or the prosign + DTG line of a later section.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

use super::header::prosign_dtg;

/// How many lines are searched.
const SEARCH: usize = 400;

const MONTHS: [&str; 12] = [
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "APRIL",
    "MAY",
    "JUNE",
    "JULY",
    "AUGUST",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
];

/// `2005-11-29T14:19:00` (seconds optional).
fn iso(s: &str) -> Option<DateTime<Utc>> {
    let s = s.get(..19).or_else(|| s.get(..16))?;
    let fmt = if s.len() == 19 {
        "%Y-%m-%dT%H:%M:%S"
    } else {
        "%Y-%m-%dT%H:%M"
    };
    NaiveDateTime::parse_from_str(s, fmt)
        .ok()
        .map(|d| Utc.from_utc_datetime(&d))
}

/// `Thursday, 07 March 2002, 10:13`, from a trimmed line.
fn weekday_line(s: &str) -> Option<DateTime<Utc>> {
    // Quick reject (every line of a body is tried): the weekday, at most nine bytes from the
    // start of the trimmed line, ends in `day` right before the first comma, spaces aside.
    let head = &s.as_bytes()[..s.len().min(9)];
    if !(2..head.len()).any(|i| head[i] == b'y' && head[i - 1] == b'a' && head[i - 2] == b'd') {
        return None;
    }
    let comma = memchr::memchr(b',', s.as_bytes())?;
    if !s[..comma].trim_end().ends_with("day") {
        return None;
    }
    let mut parts = s.split(',').map(str::trim);
    let wd = parts.next()?;
    if !wd.ends_with("day") || wd.len() > 9 {
        return None;
    }
    let date = parts.next()?;
    let time = parts.next()?;
    let mut w = date.split_whitespace();
    let day: u32 = w.next()?.parse().ok()?;
    let mon = w.next()?.to_ascii_uppercase();
    let month = MONTHS.iter().position(|m| *m == mon)? as u32 + 1;
    let year: i32 = w.next()?.parse().ok()?;
    let (hh, mm) = time.split_once(':')?;
    let d = NaiveDate::from_ymd_opt(year, month, day)?.and_hms_opt(
        hh.parse().ok()?,
        mm.get(..2)?.parse().ok()?,
        0,
    )?;
    Some(Utc.from_utc_datetime(&d))
}

/// The dates a text offers besides its header DTG.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct TextDates {
    /// `Cable dated:` or a weekday line.
    pub dated: Option<DateTime<Utc>>,
    /// The prosign + DTG line of a later section (when found before `dated`).
    pub later: Option<DateTime<Utc>>,
}

/// The dates the text offers when the header gave none (the search stops at the first
/// `Cable dated:` or weekday line).
pub fn text_dates(lines: &[&str]) -> TextDates {
    let mut out = TextDates::default();
    for l in lines.iter().take(SEARCH) {
        let t = super::text::trim(l);
        if let Some(rest) = t.strip_prefix("Cable dated:")
            && let Some(d) = iso(rest.trim_start())
        {
            out.dated = Some(d);
            return out;
        }
        if let Some(d) = weekday_line(t) {
            out.dated = Some(d);
            return out;
        }
        if out.later.is_none() {
            out.later = prosign_dtg(t).map(|(_, d)| d);
        }
    }
    out
}

/// The best date the text offers when the header gave none.
pub fn fallback_dtg(lines: &[&str]) -> Option<DateTime<Utc>> {
    let t = text_dates(lines);
    t.dated.or(t.later)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(text: &str) -> Option<String> {
        let lines: Vec<&str> = text.lines().collect();
        fallback_dtg(&lines).map(|d| d.format("%Y-%m-%d %H:%M").to_string())
    }

    #[test]
    fn cable_dated_one_liner() {
        assert_eq!(
            f("Cable dated:2005-11-29T14:19:00C O N F I D E N T I A L X 000001").as_deref(),
            Some("2005-11-29 14:19")
        );
    }

    #[test]
    fn weekday_dated_body() {
        assert_eq!(
            f("Thursday, 07 March 2002, 10:13\nUNCLAS X 000001").as_deref(),
            Some("2002-03-07 10:13")
        );
    }

    #[test]
    fn later_section_dtg() {
        assert_eq!(
            f("TEXT\nO 271459Z SEP 00\nFM X").as_deref(),
            Some("2000-09-27 14:59")
        );
        assert_eq!(f("nothing here"), None);
    }
}
