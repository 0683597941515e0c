//! The interactive inbox: terminal lifecycle, event loop, app state, widgets.

use crate::cli::Context;
use crate::cli::args::UiOpts;

pub fn run(_ctx: &Context, _ui: &UiOpts) -> anyhow::Result<u8> {
    Err(crate::cli::UsageError("the inbox is not available in this build yet".into()).into())
}
