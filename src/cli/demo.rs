//! `cabletriage demo`.

use super::args::{Global, UiOpts};

pub fn run(_g: &Global, _ui: &UiOpts) -> anyhow::Result<u8> {
    super::not_yet("demo")
}
