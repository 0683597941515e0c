//! The operating-system account a process runs as, recorded in every journal event beside the
//! user name the session gave (which a flag can set to anything).

/// The name of the effective user, or `uid:N` when the account has no name (a container's
/// unnamed uid, say).
pub fn os_user() -> String {
    let uid = nix::unistd::geteuid();
    match nix::unistd::User::from_uid(uid) {
        Ok(Some(u)) if !u.name.is_empty() && !u.name.chars().any(char::is_control) => u.name,
        _ => format!("uid:{uid}"),
    }
}
