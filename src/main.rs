//! The `cabletriage` binary: parse the command line, run a command or the inbox, map errors to
//! exit statuses (0 success, 1 a negative answer, 2 bad usage or configuration).

use std::process::ExitCode;

use clap::Parser;

use cabletriage::cli::{self, Cli, UsageError, exit};

/// mimalloc: the parallel loader makes millions of small allocations from both cores, and
/// glibc's allocator spent about a sixth of the cold load in malloc and free. Version 2, whose
/// freed pages go back to the system after 10 ms: the peak of an indexed start of 250,000
/// cables is about 235 MB with it, where version 3 (one second) passed 300 MB.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Transparent huge pages are left as the system has them (mimalloc asks for them on its
    // arenas). An earlier build turned them off for the process, when a cold load spent 3-5% of
    // its samples zeroing 2 MB pages; measured again (2026-12-02, 251,287 generated cables, five
    // alternating runs each), a start with the index in place took 0.57-0.68 s with them against
    // 0.68-0.75 s without (system time 0.43-0.50 s against 0.57-0.65 s: a tenth of its faults),
    // cold loads were no slower (3.57-5.69 s against 3.73-4.92 s), and the peak rose from about
    // 253 MB to 272-280 MB.
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
            eprintln!("cabletriage: {e:#}");
            if e.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(exit::USAGE)
            } else {
                ExitCode::from(exit::NEGATIVE.max(2))
            }
        }
    }
}
