//! Dates: the ACP-127 date-time group (`231711Z APR 07`, always UTC) and the declassification
//! date of the `E.O. 12958: DECL:` line (`01/05/2017`, `2020/02/23`, `6/3/08`; `OADR`, `N/A` none).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// A two-digit year: 70-99 are the 1900s, the rest the 2000s.
pub fn full_year(yy: u32) -> i32 {
    if yy >= 70 {
        1900 + yy as i32
    } else {
        2000 + yy as i32
    }
}

fn month(word: &str) -> Option<u32> {
    let w = word.as_bytes();
    if w.len() < 3 {
        return None;
    }
    let m = match [
        w[0].to_ascii_uppercase(),
        w[1].to_ascii_uppercase(),
        w[2].to_ascii_uppercase(),
    ] {
        [b'J', b'A', b'N'] => 1,
        [b'F', b'E', b'B'] => 2,
        [b'M', b'A', b'R'] => 3,
        [b'A', b'P', b'R'] => 4,
        [b'M', b'A', b'Y'] => 5,
        [b'J', b'U', b'N'] => 6,
        [b'J', b'U', b'L'] => 7,
        [b'A', b'U', b'G'] => 8,
        [b'S', b'E', b'P'] => 9,
        [b'O', b'C', b'T'] => 10,
        [b'N', b'O', b'V'] => 11,
        [b'D', b'E', b'C'] => 12,
        _ => return None,
    };
    Some(m)
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses the three DTG words: `231711Z`, `APR`, `07`.
pub fn parse_dtg(dhm: &str, mon: &str, yy: &str) -> Option<DateTime<Utc>> {
    let dhm = dhm.strip_suffix(['Z', 'z'])?;
    if dhm.len() != 6 || !dhm.is_ascii() || mon.len() != 3 {
        return None;
    }
    let day = digits(&dhm[0..2])?;
    let hour = digits(&dhm[2..4])?;
    let min = digits(&dhm[4..6])?;
    let year = match yy.len() {
        2 => full_year(digits(yy)?),
        4 => digits(yy)? as i32,
        _ => return None,
    };
    Utc.with_ymd_and_hms(year, month(mon)?, day, hour, min, 0)
        .single()
}

/// Finds the first DTG in a line: three consecutive words `DDHHMMZ MON YY`.
/// Returns the DTG and the index of its first word.
pub fn find_dtg(line: &str) -> Option<(DateTime<Utc>, usize)> {
    let words: Vec<&str> = super::text::words(line).take(64).collect();
    words
        .windows(3)
        .enumerate()
        .find_map(|(i, w)| parse_dtg(w[0], w[1], w[2]).map(|d| (d, i)))
}

/// Parses a declassification date in the forms the release uses. Returns None for `OADR`,
/// `N/A`, prose and impossible dates.
pub fn parse_decl_date(s: &str) -> Option<NaiveDate> {
    let word = super::text::words(s).next()?;
    let word = word.trim_end_matches(['.', ',', ';', ')']);
    let sep = if word.contains('/') {
        '/'
    } else if word.contains('-') {
        '-'
    } else {
        '.'
    };
    let parts: Vec<&str> = word.split(sep).collect();
    if parts.len() != 3 {
        return None;
    }
    let nums: Vec<u32> = parts.iter().map(|p| digits(p)).collect::<Option<_>>()?;
    let (y, m, d) = if parts[0].len() == 4 {
        (nums[0] as i32, nums[1], nums[2])
    } else {
        let y = match parts[2].len() {
            2 => full_year(nums[2]),
            4 => nums[2] as i32,
            _ => return None,
        };
        (y, nums[0], nums[1])
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtg_words() {
        let d = parse_dtg("231711Z", "APR", "07").map(|d| d.to_rfc3339());
        assert_eq!(d.as_deref(), Some("2007-04-23T17:11:00+00:00"));
        assert_eq!(
            parse_dtg("011200Z", "DEC", "89")
                .map(|d| d.format("%Y").to_string())
                .as_deref(),
            Some("1989")
        );
        assert!(parse_dtg("321711Z", "APR", "07").is_none());
        assert!(parse_dtg("231711", "APR", "07").is_none());
        assert!(parse_dtg("231711Z", "XYZ", "07").is_none());
    }

    #[test]
    fn dtg_found_in_a_line_with_prosigns_and_trailer() {
        let (d, i) = find_dtg("O R 051200Z JAN 09 ZFF4").unwrap_or_default();
        assert_eq!(i, 2);
        assert_eq!(d.format("%Y-%m-%d %H:%M").to_string(), "2009-01-05 12:00");
    }

    #[test]
    fn decl_forms() {
        let f = |s: &str| parse_decl_date(s).map(|d| d.to_string());
        assert_eq!(f("01/05/2017").as_deref(), Some("2017-01-05"));
        assert_eq!(f("2020/02/23").as_deref(), Some("2020-02-23"));
        assert_eq!(f("6/3/08").as_deref(), Some("2008-06-03"));
        assert_eq!(f("06/30/08.").as_deref(), Some("2008-06-30"));
        assert_eq!(f("OADR"), None);
        assert_eq!(f("N/A"), None);
        assert_eq!(f("13/45/2010"), None);
    }
}

#[cfg(test)]
mod regressions {
    /// Found by proptest: a multi-byte character where the DTG digits go.
    #[test]
    fn non_ascii_dtg_word_is_rejected() {
        assert!(super::parse_dtg("2é1711Z", "APR", "07").is_none());
    }
}
