//! The `cabletriage` binary: parse the command line, run a command or the inbox, map errors to
//! exit statuses (0 success, 1 a negative answer, 2 bad usage or configuration).

use std::process::ExitCode;

use clap::Parser;

use cabletriage::cli::{self, Cli, NotFound, UsageError};
use cabletriage::exit;

/// mimalloc: the parallel loader makes millions of small allocations from both cores, and
/// glibc's allocator spent about a sixth of the cold load in malloc and free. Version 2, whose
/// freed pages go back to the system after 10 ms: the peak of an indexed start of 250,000
/// cables is about 235 MB with it, where version 3 (one second) passed 300 MB.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // No transparent huge pages for this process. mimalloc asks for them on its arenas, and a
    // first touch of a 2 MB page zeroes it whole, and needs 2 MB of free contiguous memory,
    // which a busy host must first compact. Measured both ways three times (the build was
    // changed each time): on 2026-11-26 they cost cold loads; on 2026-12-02 an indexed start
    // was faster with them; on 2026-12-04, after the walk and the records' vector stopped
    // touching memory they did not keep, alternating runs (benches/ab.sh, 8-10 rounds) gave,
    // without them: 251,680 copies of the real cables, first run 3.00 -> 2.69 s, index in place
    // 0.465 -> 0.435 s; 251,287 generated, first run 1.88 -> 1.71 s, index in place 0.36 ->
    // 0.345 s, and peaks 9-23 MB lower. Nothing depends on huge pages, so failing is fine.
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
