//! Keys, chords and contexts: the default keymap embedded from `keymaps/default.toml`, user
//! keymaps merged over it per key, and the named actions keys run.

pub mod action;
pub mod config;
pub mod key;
pub mod trie;

pub use action::Action;
pub use config::{Context, DEFAULT_TOML, Keymap, KeymapError, user_keymap_path};
pub use key::{Key, KeyCode, KeyParseError, format_seq};
pub use trie::{Lookup, Trie};
