//! cabletriage: triage diplomatic message traffic (State Department cables in ACP-127 form).
//!
//! The layers, bottom to top; data flows one way:
//!
//! - [`cable`]   — the message format: model, parser, DTG, precedence, classification, ids. No UI.
//! - [`traffic`] — a traffic directory: walk, parallel load, index cache, sort, query and fuzzy filter.
//! - [`triage`]  — labels, desks, routes, notes, read/flag/done; the journal and its replay.
//! - [`keymap`]  — keys, chords, contexts, TOML loading and merging.
//! - [`tui`]     — terminal lifecycle, event loop, app state, widgets.
//! - [`view`]    — text documents built from cables (the reading view), no terminal library.
//! - [`cli`]     — the non-interactive commands.
//! - [`handover`] — the shift handover: what is open, built from traffic, triage and a due clock.
//! - [`office`]  — `<traffic>/office.toml`: what the administrator sets for everyone on the traffic.
//! - [`sanitize`], [`state_dir`], [`exit`], [`config`] — text made safe for a terminal; where state
//!   lives and whether it can be written; the exit statuses; the user's settings file.
//!
//! Nothing under `cable`, `traffic` or `triage` imports ratatui or crossterm.

pub mod cable;
pub mod cli;
pub mod clock;
pub mod config;
pub mod exit;
pub mod handover;
pub mod keymap;
pub mod office;
pub mod sanitize;
pub mod state_dir;
pub mod synth;
pub mod traffic;
pub mod triage;
pub mod tui;
pub mod view;
