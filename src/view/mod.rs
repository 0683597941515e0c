//! Text documents built from cables, free of any terminal library: the TUI styles them by role,
//! `cabletriage show` prints them plain, so both show the same thing.

pub mod reading;
pub mod search;
pub mod sections;
pub mod triage;
pub mod wrap;

pub use reading::{Doc, Line, Role, Segment, build};
pub use sections::build_joined;
pub use triage::triage_block;
pub use wrap::{truncate, wrap};
