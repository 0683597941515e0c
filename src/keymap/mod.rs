//! Keys, chords and contexts: the default keymap embedded from `keymaps/default.toml`, user
//! keymaps merged over it per key.
