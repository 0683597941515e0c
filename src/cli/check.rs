//! `cabletriage check`.

use super::Context;

pub fn run(_ctx: &Context) -> anyhow::Result<u8> {
    super::not_yet("check")
}
