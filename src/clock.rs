//! The program's clock: the host's, unless `CABLETRIAGE_NOW` (RFC 3339) pins it, for tests and
//! demos. Every time the program records (journal events, drafts) comes from here.

use chrono::{DateTime, Utc};

/// The variable that pins the clock.
pub const PIN: &str = "CABLETRIAGE_NOW";

/// Now: `CABLETRIAGE_NOW` when it is set to an RFC 3339 time, else the host's clock. A value
/// that does not parse is ignored (the host's clock is the safe reading).
pub fn now() -> DateTime<Utc> {
    pinned(std::env::var(PIN).ok().as_deref()).unwrap_or_else(Utc::now)
}

/// The time a `CABLETRIAGE_NOW` value pins, if it is one.
pub fn pinned(value: Option<&str>) -> Option<DateTime<Utc>> {
    let v = value?.trim();
    DateTime::parse_from_rfc3339(v)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_time_is_read_in_utc_and_garbage_is_ignored() {
        let t = pinned(Some("2026-12-06T09:15:00+01:00")).expect("parses");
        assert_eq!(t.to_rfc3339(), "2026-12-06T08:15:00+00:00");
        assert_eq!(pinned(Some("tomorrow")), None);
        assert_eq!(pinned(None), None);
    }
}
