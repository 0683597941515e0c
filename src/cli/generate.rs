//! `cabletriage gen`.

use std::path::Path;

pub fn run(_count: usize, _seed: u64, _out: &Path) -> anyhow::Result<u8> {
    super::not_yet("gen")
}
