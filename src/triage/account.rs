//! Who acts: the user name a session gives (`--user`, else `$USER`), and the operating-system
//! account the process runs as, recorded in every journal event beside it (a flag can set the
//! name to anything, not the account).

/// The acting user's name: `flag` when given, else `$USER`, else `fallback`. Blank names count
/// as not given.
pub fn user_name(flag: Option<&str>, fallback: &str) -> String {
    flag.map(str::to_string)
        .or_else(|| std::env::var("USER").ok())
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| fallback.to_string())
}

/// The name of the effective user, or `uid:N` when the account has no name (a container's
/// unnamed uid, say).
pub fn os_user() -> String {
    let uid = nix::unistd::geteuid();
    match nix::unistd::User::from_uid(uid) {
        Ok(Some(u)) if !u.name.is_empty() && !u.name.chars().any(char::is_control) => u.name,
        _ => format!("uid:{uid}"),
    }
}
