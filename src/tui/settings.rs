//! The user's `config.toml` in the inbox: its colour and ASCII settings as defaults under the
//! command-line flags, and its warnings in the status bar (and on stderr at exit).

use super::app::App;
use super::theme::ColorMode;
use crate::cli::args::ColorChoice;
use crate::config::ColorMode as Configured;

/// `--color` when given; else the config file's `color` (an explicit one wins over `NO_COLOR`);
/// else detection from the environment.
pub fn color_mode(
    flag: Option<ColorChoice>,
    configured: Configured,
    env: impl Fn(&str) -> Option<String>,
) -> ColorMode {
    if flag.is_some() {
        return ColorMode::detect(flag, env);
    }
    match configured {
        Configured::Auto => ColorMode::detect(None, env),
        Configured::Never => ColorMode::None,
        Configured::Ansi16 => ColorMode::Ansi16,
        Configured::Ansi256 => ColorMode::Ansi256,
        Configured::TrueColor => ColorMode::TrueColor,
    }
}

/// Show the first config warning in the status bar and keep all of them for stderr at exit.
pub fn report(app: &mut App, warnings: Vec<String>) {
    if let Some(first) = warnings.first() {
        let more = warnings.len() - 1;
        if more == 0 {
            app.error(first.clone());
        } else {
            app.error(format!("{first} (+{more} more, shown at exit)"));
        }
    }
    app.session.warnings.extend(warnings);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_beats_the_config_which_beats_the_environment() {
        let env = |k: &str| (k == "NO_COLOR").then(|| "1".to_string());
        assert_eq!(
            color_mode(Some(ColorChoice::Ansi256), Configured::Never, env),
            ColorMode::Ansi256
        );
        assert_eq!(
            color_mode(None, Configured::TrueColor, env),
            ColorMode::TrueColor
        );
        assert_eq!(color_mode(None, Configured::Auto, env), ColorMode::None);
    }
}
