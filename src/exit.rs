//! The exit statuses of the contract, for the binary, the commands and the inbox alike.

/// Success.
pub const OK: u8 = 0;
/// The command's own negative answer (`check` found problems, an id is not in the traffic).
pub const NEGATIVE: u8 = 1;
/// Bad usage or bad configuration; also a failure the user cannot fix with different input.
pub const USAGE: u8 = 2;

/// The status of a process stopped by signal `sig`, as a shell reports it (128 + the number).
pub fn signalled(sig: i32) -> u8 {
    128u8.saturating_add(u8::try_from(sig).unwrap_or(0))
}
