//! The demo's office clock: the sample traffic is old enough to be archive (the demo's
//! office.toml says so), and each cable that arrives is dated afresh, shortly before its
//! objective runs out, so a viewer sees due clocks run down and, within the first two minutes,
//! the FLASH escalated.

use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::cable::Precedence;
use crate::triage::due::Objectives;

/// Written into the demo's traffic directory.
pub const OFFICE_TOML: &str = "\
# The demo's office: the sample traffic is archive, the arrivals are due soon.
[objectives]
archive = \"2d\"

[clock]
bell_every = \"1m\"
";

/// How long before its due time a cable of precedence `p` arrives in the demo.
fn lead(p: Option<Precedence>) -> i64 {
    match p {
        Some(Precedence::Flash | Precedence::NiactImmediate) => 100,
        Some(Precedence::Immediate) => 4 * 60,
        Some(Precedence::Priority) => 30 * 60,
        _ => 2 * 3600,
    }
}

/// `bytes` with its DTG line dated so that the cable is due `lead` after `now` (to the minute
/// a DTG has). A cable without a DTG line is left as it is.
pub fn redate(bytes: &[u8], now: DateTime<Utc>, objectives: &Objectives) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let cable = crate::cable::parse_one(&text, "arrival");
    let Some(p) = cable.precedence else {
        return bytes.to_vec();
    };
    let back = objectives.of(p) - lead(Some(p));
    let Some(dtg) = DateTime::from_timestamp(now.timestamp() - back, 0) else {
        return bytes.to_vec();
    };
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let fresh = format!(
        "{:02}{:02}{:02}Z {} {:02}",
        dtg.day(),
        dtg.hour(),
        dtg.minute(),
        MONTHS[dtg.month0() as usize % 12],
        dtg.year().rem_euclid(100)
    );
    let mut out = String::with_capacity(text.len());
    let mut done = false;
    for line in text.split_inclusive('\n') {
        if !done && is_dtg_line(line) {
            // `O 261340Z NOV 26`: keep the prosign, replace the date-time group.
            out.push_str(&line[..2]);
            out.push_str(&fresh);
            out.push_str(if line.ends_with('\n') { "\n" } else { "" });
            done = true;
        } else {
            out.push_str(line);
        }
    }
    out.into_bytes()
}

/// `Z 261305Z NOV 26`: a prosign, a space, six digits and `Z`, a month and a year.
fn is_dtg_line(line: &str) -> bool {
    let b = line.trim_end().as_bytes();
    b.len() == 16
        && matches!(b[0], b'Z' | b'O' | b'P' | b'R' | b'Y')
        && b[1] == b' '
        && b[2..8].iter().all(u8::is_ascii_digit)
        && b[8] == b'Z'
        && b[9] == b' '
        && b[10..13].iter().all(u8::is_ascii_uppercase)
        && b[13] == b' '
        && b[14..16].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::triage::CableState;
    use crate::triage::due::{DueClock, due};

    #[test]
    fn arrivals_are_dated_to_fall_due_soon_and_the_flash_within_two_minutes() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-traffic/.arrivals");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        let now = DateTime::from_timestamp(1_796_558_425, 0).expect("a time");
        let clock = DueClock::new(Objectives::default(), now.timestamp());
        let mut flash = 0;
        for e in entries.flatten() {
            let bytes = std::fs::read(e.path()).expect("read");
            let fresh = redate(&bytes, now, &Objectives::default());
            let c = crate::cable::parse_one(&String::from_utf8_lossy(&fresh), "x");
            let s = due(
                c.precedence,
                c.dtg.map(|d| d.timestamp()),
                &CableState::default(),
                &clock,
            );
            let left = s.left().expect("a running clock");
            assert!(
                left > 0 && left <= lead(c.precedence),
                "{:?}: {s:?}",
                e.path()
            );
            if c.precedence == Some(Precedence::Flash) {
                assert!(left <= 110, "the FLASH escalates within two minutes");
                flash += 1;
            }
        }
        assert!(flash > 0, "the sample arrivals have a FLASH");
        // The sample traffic itself is archive under the demo's office.toml.
        let office =
            crate::office::Office::parse(OFFICE_TOML, "office.toml".as_ref()).expect("valid");
        assert_eq!(office.clock.objectives.archive_after, 2 * 86_400);
    }
}
