//! Triage: what officers decide about cables — labels, routes to desks, notes, read/flag/done —
//! recorded as events in an append-only journal and replayed into the current state.

pub mod model;

pub use model::{CableState, TriageState};
