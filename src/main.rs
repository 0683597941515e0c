//! The `cabletriage` binary: parse the command line, run a command or the inbox, map errors to
//! exit statuses (0 success, 1 a negative answer, 2 bad usage or configuration).

use std::process::ExitCode;

use clap::Parser;

use cabletriage::cli::{self, Cli, UsageError, exit};

/// mimalloc: the parallel loader makes millions of small allocations from both cores, and
/// glibc's allocator spent about a sixth of the cold load in malloc and free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's option enum (v2 and v3 agree; the Rust bindings have no
/// name for it). By default freed memory goes back to the system only after a delay, which let
/// the peak of an indexed start of 250,000 cables reach 310 MB; returning it at once keeps it
/// near 220 MB and costs no measurable time.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // SAFETY: setting an allocator option is thread-safe and takes effect for later frees.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
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
