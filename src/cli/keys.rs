//! `cabletriage keys`.

use std::path::Path;

pub fn run(_keymap: Option<&Path>) -> anyhow::Result<u8> {
    super::not_yet("keys")
}
