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
    let user = config
        .source
        .as_deref()
        .map(|src| (&config.objectives, src));
    // A bad office.toml never keeps the inbox from opening: the default clock runs, and the
    // status bar says why.
    let clock = match crate::office::clock::for_traffic(&ctx.traffic, user, ui.no_clock) {
        Ok((clock, w)) => {
            warnings.extend(w);
            clock
        }
        Err(e) => {
            warnings.push(format!("{e}; the default objectives are in force"));
            let mut clock = crate::office::clock::OfficeClock::default();
            if ui.no_clock {
                clock.objectives = clock.objectives.off();
            }
            clock
        }
    };
    Settings {
        traffic: ctx.traffic.clone(),
        state: ctx.state.clone(),
        user: ctx.user.clone(),
        journal_url: ctx.journal_url.clone(),
        color: ColorMode::detect(ui.color, config.color, |k| std::env::var(k).ok()),
        ascii: ui.ascii || config.ascii,
        keymap,
        clock,
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

/// The inbox's `[DIR]` must be a directory. A word that is not one is most likely a mistyped
/// command (`cabletriage lsit`): say which command it was close to, rather than open an empty
/// inbox (or fail on a missing terminal).
pub fn check_traffic_arg(dir: &std::path::Path) -> Result<(), super::UsageError> {
    if dir.is_dir() {
        return Ok(());
    }
    let word = dir.to_string_lossy();
    let commands: Vec<String> = <super::Cli as clap::CommandFactory>::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let near = commands
        .iter()
        .map(|c| (edit_distance(&word, c), c))
        .filter(|(d, c)| *d <= 2 && *d < c.len())
        .min();
    Err(super::UsageError(match near {
        Some((_, c)) => format!("unknown command `{word}` (did you mean `{c}`?)"),
        None if dir.exists() => format!("{word} is not a directory of traffic"),
        None => format!(
            "no traffic directory or command `{word}` (`cabletriage --help` lists the commands)"
        ),
    }))
}

/// Levenshtein distance between two short words, in chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut row = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let swap = prev[j] + usize::from(ca != *cb);
            row[j + 1] = swap.min(prev[j + 1] + 1).min(row[j] + 1);
        }
        prev = row;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_close_to_a_command_is_taken_for_a_mistyped_one() {
        let e = check_traffic_arg(std::path::Path::new("lsit")).unwrap_err();
        assert!(e.0.contains("did you mean `list`"), "{}", e.0);
        let e = check_traffic_arg(std::path::Path::new("bogus-command")).unwrap_err();
        assert!(e.0.contains("no traffic directory or command"), "{}", e.0);
        assert!(check_traffic_arg(std::path::Path::new(".")).is_ok());
        assert_eq!(edit_distance("lsit", "list"), 2);
        assert_eq!(edit_distance("shwo", "show"), 2);
    }
}
