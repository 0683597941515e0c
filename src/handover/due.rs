//! The due status of a cable, as the handover needs it: handled, not counted (archive or a DTG
//! in the future), running, due soon or overdue.
//!
//! This is the one place the handover learns about the office clock. [`DueClock`] is the seam:
//! the handover takes any `&dyn DueClock`; the office clock ([`crate::triage::due::DueClock`],
//! with `[objectives]` from office.toml and config.toml) implements it, so the handover's
//! overdue and due-soon cables are the inbox's.

use chrono::{DateTime, Utc};

use crate::traffic::Record;
use crate::triage::CableState;

/// Where a cable stands against its handling-time objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueStatus {
    /// Routed, done or acknowledged: no longer on the clock.
    Handled,
    /// No precedence or DTG, a DTG in the future, or an archive cable: not counted.
    NotCounted,
    /// On the clock, due at this time.
    Running(DateTime<Utc>),
    /// In the last fifth of its objective, due at this time.
    DueSoon(DateTime<Utc>),
    /// Past its objective, which ran out at this time.
    Overdue(DateTime<Utc>),
}

/// What tells the handover a cable's due status at `now`.
pub trait DueClock {
    fn status(&self, r: &Record, c: &CableState, now: DateTime<Utc>) -> DueStatus;
}

/// The office clock's rules ([`crate::triage::due`]: the office's objectives, its handled rule
/// and archive age) as the handover asks them, at the handover's `now`.
impl DueClock for crate::triage::due::DueClock {
    fn status(&self, r: &Record, c: &CableState, now: DateTime<Utc>) -> DueStatus {
        use crate::triage::due::{DueStatus as S, due};
        let at = |t: i64| DateTime::from_timestamp(t, 0).unwrap_or(now);
        match due(r.precedence, r.dtg(), c, &self.at(now.timestamp())) {
            S::Handled => DueStatus::Handled,
            S::None | S::Archive | S::Future { .. } => DueStatus::NotCounted,
            s @ S::Open { due, .. } if s.is_overdue() => DueStatus::Overdue(at(due)),
            s @ S::Open { due, .. } if s.is_due_soon() => DueStatus::DueSoon(at(due)),
            S::Open { due, .. } => DueStatus::Running(at(due)),
        }
    }
}

/// The default objectives (FLASH 10m, NIACT IMMEDIATE and IMMEDIATE 30m, PRIORITY 3h, ROUTINE
/// 6h; handled = routed, done or acknowledged), for a handover built without an office.
pub fn default_clock() -> crate::triage::due::DueClock {
    crate::triage::due::DueClock::standard()
}
