//! The due status of a cable, as the handover needs it: handled, not counted (archive or a DTG
//! in the future), running, due soon or overdue.
//!
//! This is the one place the handover learns about the office clock. [`DueClock`] is the seam:
//! the handover takes any `&dyn DueClock`, and [`default_clock`] gives the built-in
//! [`Objectives`] (FLASH 10m, NIACT IMMEDIATE 30m, IMMEDIATE 30m, PRIORITY 3h, ROUTINE 6h;
//! handled = routed, done or acknowledged; due soon in the last fifth of the objective; a DTG
//! more than a year old, or in the future, is not counted). The office clock's own module (with
//! `[objectives]` from office.toml and config.toml) replaces it by implementing [`DueClock`] and
//! being returned from [`default_clock`].

use chrono::{DateTime, Duration, Utc};

use crate::cable::Precedence;
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

/// The built-in handling-time objectives.
#[derive(Debug, Clone, Copy, Default)]
pub struct Objectives;

impl Objectives {
    /// The objective of a precedence.
    pub fn objective(p: Precedence) -> Duration {
        match p {
            Precedence::Flash => Duration::minutes(10),
            Precedence::NiactImmediate | Precedence::Immediate => Duration::minutes(30),
            Precedence::Priority => Duration::hours(3),
            Precedence::Routine => Duration::hours(6),
        }
    }

    /// Older than this, a cable is archive: not on the clock.
    pub fn archive_after() -> Duration {
        Duration::days(365)
    }
}

impl DueClock for Objectives {
    fn status(&self, r: &Record, c: &CableState, now: DateTime<Utc>) -> DueStatus {
        if c.is_routed() || c.done || c.acked_by.is_some() {
            return DueStatus::Handled;
        }
        let (Some(p), Some(dtg)) = (r.precedence, r.dtg_utc()) else {
            return DueStatus::NotCounted;
        };
        if dtg > now || now - dtg > Objectives::archive_after() {
            return DueStatus::NotCounted;
        }
        let objective = Objectives::objective(p);
        let due = dtg + objective;
        if now > due {
            DueStatus::Overdue(due)
        } else if due - now <= objective / 5 {
            DueStatus::DueSoon(due)
        } else {
            DueStatus::Running(due)
        }
    }
}

/// The due clock the handover uses (the swap point for the office clock's module).
pub fn default_clock() -> &'static dyn DueClock {
    &Objectives
}
