//! Text documents built from cables, free of any terminal library: the TUI styles them by role,
//! `cabletriage show` prints them plain, so both show the same thing.

pub mod reading;
pub mod wrap;

pub use reading::{Doc, Line, Role, Segment, build};
pub use wrap::{truncate, wrap};
