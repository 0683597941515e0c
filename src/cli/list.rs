//! `cabletriage list`.

use super::Context;
use super::args::ListFormat;

pub fn run(
    _ctx: &Context,
    _filter: Option<&str>,
    _sort: Option<&str>,
    _format: ListFormat,
    _stats: bool,
    _no_index: bool,
) -> anyhow::Result<u8> {
    super::not_yet("list")
}
