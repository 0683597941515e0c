//! The journal as the inbox session sees it: opened before the first frame (snapshot plus
//! tail), or why it is read-only; the desks of the traffic; the warnings to repeat on stderr
//! after the terminal is restored; and the snapshot written at exit.

use std::path::Path;

use crate::triage::{Desks, Journal, TriageState};

use super::app::{App, plural};

/// The journal as this session sees it.
#[derive(Debug, Default)]
pub struct Session {
    pub journal: Option<Journal>,
    /// Set when decisions cannot be recorded: every action is refused with this message.
    pub refusal: Option<String>,
    pub desks: Desks,
    /// A bad desks.toml (file and line); the picker is empty then.
    pub desks_error: Option<String>,
    /// Warnings to repeat on stderr after the terminal is restored.
    pub warnings: Vec<String>,
    /// The office's `[[officer]]` list, offered first when assigning.
    pub officers: Vec<crate::office::officer::Officer>,
}

impl Session {
    /// Open the journal of `state` for `user` and the desks of `traffic`. Never fails: a journal
    /// that cannot be opened or written leaves the inbox read-only, with the reason.
    pub fn open(state: &Path, user: &str, traffic: &Path) -> Session {
        let mut s = Session::default();
        match Journal::open(state, user) {
            Ok(mut j) => {
                let damage = j.take_new_damage();
                if let Some(first) = damage.first() {
                    let more = damage.len() - 1;
                    let rest = if more > 0 {
                        format!(" (and {more} more damaged part{})", plural(more))
                    } else {
                        String::new()
                    };
                    s.warnings.push(format!(
                        "warning: {}: {first}{rest}; earlier decisions are intact",
                        state.display()
                    ));
                }
                for alert in j.take_new_alerts() {
                    s.warnings
                        .push(format!("warning: {}: {alert}", state.display()));
                }
                match crate::state_dir::read_only_notice(state) {
                    Some(notice) => s.refusal = Some(notice),
                    None => {
                        crate::state_dir::remove_stale_probes(state);
                    }
                }
                s.journal = Some(j);
            }
            Err(e) => {
                s.refusal = crate::state_dir::read_only_notice(state).or_else(|| {
                    Some(format!(
                        "read-only: the journal in {} cannot be opened ({e})",
                        state.display()
                    ))
                });
            }
        }
        match Desks::load_dir(traffic) {
            Ok(d) => s.desks = d,
            Err(e) => s.desks_error = Some(format!("desks not loaded: {e}")),
        }
        // A bad office.toml is a warning here: the inbox works without its officers.
        let officers = crate::office::Office::load_dir(traffic)
            .and_then(|o| crate::office::officer::officers(&o));
        match officers {
            Ok(list) => s.officers = list,
            Err(e) => s
                .warnings
                .push(format!("warning: officers not loaded: {e}")),
        }
        s
    }

    /// The replayed state, when a journal is open.
    pub fn state(&self) -> Option<&TriageState> {
        self.journal.as_ref().map(Journal::state)
    }

    /// The one message to show at start: refusal first, then damage, then desks.
    pub fn start_message(&self) -> Option<String> {
        self.refusal
            .clone()
            .or_else(|| self.warnings.first().cloned())
            .or_else(|| self.desks_error.clone())
    }
}

/// Open the journal and desks for `app` and say at once if anything is wrong.
pub fn start(app: &mut App, state: &Path, user: &str, traffic: &Path) {
    app.session = Session::open(state, user, traffic);
    if let Some(m) = app.session.start_message() {
        app.error(m);
    }
}

/// Where drafts go and whose they are: the open journal's state directory and user.
pub fn draft_owner(app: &App) -> Option<(std::path::PathBuf, String)> {
    let j = app.session.journal.as_ref()?;
    Some((j.dir().to_path_buf(), j.user().to_string()))
}

/// At exit, whatever ended the session (a quit, a signal, a lost terminal, an error): keep an
/// open note's unsaved text as a draft, write a snapshot for a fast next start (best effort),
/// and hand back the warnings.
pub fn finish(app: &mut App) -> Vec<String> {
    if let (Some((dir, user)), Some(super::overlay::Overlay::Note(ed))) =
        (draft_owner(app), &app.overlay)
        && let Some(w) = ed.keep_draft(&dir, &user)
    {
        app.session.warnings.push(w);
    }
    if let Some(j) = &app.session.journal
        && app.session.refusal.is_none()
    {
        let _ = j.write_snapshot();
    }
    std::mem::take(&mut app.session.warnings)
}
