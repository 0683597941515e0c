//! `cabletriage show`.

use super::Context;

pub fn run(_ctx: &Context, _id: &str) -> anyhow::Result<u8> {
    super::not_yet("show")
}
