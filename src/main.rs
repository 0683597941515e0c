//! The `cabletriage` binary: parse the command line, run a command or the inbox, map errors to
//! exit statuses (0 success, 1 a negative answer, 2 bad usage or configuration).

use std::process::ExitCode;

use clap::Parser;

use cabletriage::cli::{self, Cli, NotFound, UsageError};
use cabletriage::exit;

/// mimalloc: the parallel loader makes millions of small allocations from both cores, which
/// glibc's allocator made a large share of a cold load. Version 2, because it hands freed pages
/// back to the system sooner than version 3, which keeps an indexed start's peak memory within
/// its aim (the README's Performance section has the figures).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // No transparent huge pages for this process: mimalloc asks for them on its arenas, and a
    // first touch of a huge page zeroes it whole and needs free contiguous memory, which a busy
    // host must first compact. Loads are faster and peaks lower without them (alternating runs,
    // `benches/ab.sh`; figures in the README). Nothing depends on huge pages, so failing is fine.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    let args = match Cli::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // Broken pipe (`cabletriage list | head`) is not an error worth a message.
            if let Some(io) = e.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return ExitCode::from(exit::OK);
            }
            cli::output::error(chain(&e));
            if e.downcast_ref::<NotFound>().is_some() {
                ExitCode::from(exit::NEGATIVE)
            } else if e.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(exit::USAGE)
            } else {
                ExitCode::from(exit::NEGATIVE.max(2))
            }
        }
    }
}

/// The error and its causes, `: `-joined, each cause left out when the message already says it
/// (an error that quotes its source in its own text would otherwise print it twice).
fn chain(e: &anyhow::Error) -> String {
    let mut out = e.to_string();
    for cause in e.chain().skip(1) {
        let text = cause.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
    }
    out
}
