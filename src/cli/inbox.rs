//! Starting the interactive inbox from the command line: the flags, the settings file and the
//! environment folded into one checked [`Settings`] value for [`crate::tui::run`].

use super::Context;
use super::args::UiOpts;
use crate::config::{ColorMode, Config};
use crate::keymap::Keymap;
use crate::tui::Settings;

/// The inbox's settings for `ctx`: `--color` over the settings file's `color` over the
/// environment; `--ascii` or the file's `ascii`; `--keymap` (or the user's keymap file) merged
/// over the defaults, and a bad one reported with the defaults kept in force.
pub fn settings(ctx: &Context, ui: &UiOpts) -> Settings {
    let (config, mut warnings) = Config::load();
    let (keymap, keymap_error) = load_keymap(ui.keymap.as_deref());
    warnings.extend(keymap_error);
    Settings {
        traffic: ctx.traffic.clone(),
        state: ctx.state.clone(),
        user: ctx.user.clone(),
        color: ColorMode::detect(ui.color, config.color, |k| std::env::var(k).ok()),
        ascii: ui.ascii || config.ascii,
        keymap,
        notice: ctx.notice.clone(),
        warnings,
        ..Settings::new(&ctx.traffic, &ctx.user)
    }
    .with_config(&config)
}

/// The keymap to run with; a bad one is reported and the defaults stay in force.
pub fn load_keymap(file: Option<&std::path::Path>) -> (Keymap, Option<String>) {
    match Keymap::load(file) {
        Ok((km, _)) => (km, None),
        Err(e) => (
            Keymap::default_keymap(),
            Some(format!("keymap not used, defaults in force: {e}")),
        ),
    }
}
