//! The non-interactive commands. Each returns an exit status; errors are reported by `main`.

pub mod args;
pub mod check;
pub mod context;
pub mod demo;
pub mod demo_clock;
pub mod generate;
pub mod handover_cmd;
pub mod inbox;
pub mod journal_cmd;
pub mod keys;
pub mod list;
pub mod note_cmd;
pub mod output;
pub mod parse;
pub mod show;
pub mod tasker_cmds;
pub mod triage_cmds;

pub use args::{Cli, Command};
pub use context::Context;

/// An error that is the user's to fix (bad usage, bad configuration): exit status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A negative answer that ends a command: a cable id not in the traffic (exit status 1, the
/// same for `show`, `label`, `route` and `note`).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NotFound(pub String);

/// Run the command the user asked for (the inbox when none).
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    let g = &cli.global;
    match cli.command {
        None => {
            if let Some(dir) = &cli.dir {
                inbox::check_traffic_arg(dir)?;
            }
            let ctx = Context::resolve(g, cli.dir.as_deref())?;
            crate::tui::run(inbox::settings(&ctx, &cli.ui))
        }
        Some(Command::Parse { files }) => parse::run(&files),
        Some(Command::List {
            dir,
            filter,
            sort,
            format,
            stats,
            no_index,
        }) => {
            let ctx = Context::resolve(g, dir.as_deref())?;
            list::run(
                &ctx,
                &cli.ui,
                filter.as_deref(),
                sort.as_deref(),
                format,
                stats,
                no_index,
            )
        }
        Some(Command::Show { id }) => show::run(&Context::resolve(g, None)?, &id),
        Some(Command::Label { id, labels, remove }) => {
            triage_cmds::label(&Context::resolve(g, None)?, &id, &labels, remove)
        }
        Some(Command::Route {
            id,
            desk,
            info,
            clear,
            remove_info,
        }) => {
            let ctx = Context::resolve(g, None)?;
            let how = match (desk, clear, remove_info) {
                (_, true, _) => triage_cmds::Routing::Clear,
                (_, _, Some(d)) => triage_cmds::Routing::RemoveInfo(d),
                (Some(d), _, _) if info => triage_cmds::Routing::Info(d),
                (Some(d), _, _) => triage_cmds::Routing::Action(d),
                (None, false, None) => triage_cmds::Routing::Clear,
            };
            triage_cmds::route(&ctx, &id, how)
        }
        Some(Command::Note { id, text }) => {
            note_cmd::run(&Context::resolve(g, None)?, &id, text.as_deref())
        }
        Some(Command::Log { format }) => triage_cmds::log(&Context::resolve(g, None)?, format),
        Some(Command::Export { format }) => {
            triage_cmds::export(&Context::resolve(g, None)?, format)
        }
        Some(Command::Check { dir }) => check::run(&Context::resolve(g, dir.as_deref())?),
        Some(Command::Keys) => keys::run(cli.ui.keymap.as_deref()),
        Some(Command::Demo) => demo::run(g, &cli.ui),
        Some(Command::Gen { count, seed, out }) => generate::run(count, seed, &out),
        Some(Command::Journal { action }) => match action {
            args::JournalAction::Verify => journal_cmd::verify(&Context::resolve(g, None)?),
            args::JournalAction::Init { url } => journal_cmd::init(&url),
            args::JournalAction::Push { url } => {
                journal_cmd::push(&Context::resolve(g, None)?, &url)
            }
            args::JournalAction::Pull { url, file } => journal_cmd::pull(&url, file.as_deref()),
        },
        Some(Command::Assign { id, officer, due }) => {
            tasker_cmds::assign(&Context::resolve(g, None)?, &id, &officer, due.as_deref())
        }
        Some(Command::Task { id, to }) => tasker_cmds::task(&Context::resolve(g, None)?, &id, &to),
        Some(Command::Handover { since, format }) => {
            handover_cmd::run(&Context::resolve(g, None)?, since.as_deref(), format)
        }
    }
}
