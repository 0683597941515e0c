//! The journal as the inbox session sees it: opened before the first frame (snapshot plus
//! tail), or why it is read-only; the desks of the traffic; the warnings to repeat on stderr
//! after the terminal is restored; and the snapshot written at exit.
//!
//! A journal kept in a database ([`Session::url`]) is watched by a listener thread
//! ([`crate::triage::pg::listen`]); while its connection is down the session is *offline*
//! ([`Session::offline`]): the status bar says "journal offline" and every action is refused
//! with the reason (nothing is queued), until the listener is back and the session has caught up
//! on what others committed meanwhile.

use std::path::Path;

use crate::triage::{Desks, Journal, TriageState};

use super::app::{App, plural};
use super::event::Event;

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
    /// The journal's database, when it is kept in one.
    pub url: Option<String>,
    /// Set while the journal's database cannot be reached: why. Actions are refused meanwhile.
    pub offline: Option<String>,
    /// The state directory and user the session was opened with (to open a database journal
    /// that could not be reached at start, once it can).
    opened_as: Option<(std::path::PathBuf, String)>,
}

impl Session {
    /// Open the journal of `state` for `user` and the desks of `traffic`. Never fails: a journal
    /// that cannot be opened or written leaves the inbox read-only, with the reason.
    pub fn open(state: &Path, user: &str, traffic: &Path) -> Session {
        Session::open_with(state, user, traffic, None)
    }

    /// [`Session::open`] with the journal in the database at `url`, when given. A database
    /// that cannot be reached leaves the session offline (not read-only): it opens the journal
    /// once the database is back (see [`reconnect`]).
    pub fn open_with(state: &Path, user: &str, traffic: &Path, url: Option<&str>) -> Session {
        let mut s = Session {
            url: url.map(str::to_string),
            opened_as: Some((state.to_path_buf(), user.to_string())),
            ..Session::default()
        };
        if let Some(url) = url {
            s.open_db(url, state, user);
            s.load_desks(traffic);
            return s;
        }
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
        s.load_desks(traffic);
        s
    }

    /// The desks and the office's officers; a bad file is a warning, never fatal.
    fn load_desks(&mut self, traffic: &Path) {
        match Desks::load_dir(traffic) {
            Ok(d) => self.desks = d,
            Err(e) => self.desks_error = Some(format!("desks not loaded: {e}")),
        }
        // A bad office.toml is a warning here: the inbox works without its officers.
        let officers = crate::office::Office::load_dir(traffic)
            .and_then(|o| crate::office::officer::officers(&o));
        match officers {
            Ok(list) => self.officers = list,
            Err(e) => self
                .warnings
                .push(format!("warning: officers not loaded: {e}")),
        }
    }

    /// Open the database journal; offline when it cannot be reached, read-only when it refuses.
    fn open_db(&mut self, url: &str, state: &Path, user: &str) {
        match Journal::open_db(url, state, user) {
            Ok(mut j) => {
                let at = j.location();
                for alert in j.take_new_alerts() {
                    self.warnings.push(format!("warning: {at}: {alert}"));
                }
                self.offline = None;
                self.journal = Some(j);
            }
            Err(e @ crate::triage::TriageError::Offline { .. }) => {
                self.offline = Some(e.to_string());
            }
            Err(e) => {
                self.refusal = Some(format!("read-only: the journal cannot be opened ({e})"));
            }
        }
    }

    /// The replayed state, when a journal is open.
    pub fn state(&self) -> Option<&TriageState> {
        self.journal.as_ref().map(Journal::state)
    }

    /// The one message to show at start: refusal first, then offline, damage, desks.
    pub fn start_message(&self) -> Option<String> {
        self.refusal
            .clone()
            .or_else(|| self.offline.clone())
            .or_else(|| self.warnings.first().cloned())
            .or_else(|| self.desks_error.clone())
    }
}

/// Open the journal and desks for `app` and say at once if anything is wrong.
pub fn start(app: &mut App, state: &Path, user: &str, traffic: &Path) {
    start_with(app, state, user, traffic, None);
}

/// [`start`] with the journal in the database at `url`, when given.
pub fn start_with(app: &mut App, state: &Path, user: &str, traffic: &Path, url: Option<&str>) {
    app.session = Session::open_with(state, user, traffic, url);
    if let Some(m) = app.session.start_message() {
        app.error(m);
    }
}

/// The database is reachable again: open the journal if it could not be at start.
pub fn reconnect(app: &mut App) {
    if app.session.journal.is_some() {
        return;
    }
    if let (Some(url), Some((state, user))) =
        (app.session.url.clone(), app.session.opened_as.clone())
    {
        app.session.open_db(&url, &state, &user);
    }
}

/// What keeps the session's journal watched: the file watcher or the database listener.
pub enum Watch {
    File(crate::triage::watch::JournalWatcher),
    Db(crate::triage::pg::listen::Listener),
    None,
}

/// Watch the journal `settings` names, posting [`Event::JournalChanged`] (and, for a
/// database, [`Event::JournalLink`]) on `tx`.
pub fn watch(settings: &super::Settings, tx: std::sync::mpsc::Sender<Event>) -> Watch {
    use crate::triage::pg::{Store, listen::Listener, listen::Signal};
    match settings.journal_url.as_deref().map(Store::new) {
        None => Watch::File(crate::triage::watch::JournalWatcher::spawn(
            &settings.state,
            move || {
                let _ = tx.send(Event::JournalChanged);
            },
        )),
        Some(Ok(store)) => {
            let (config, target) = (store.config().clone(), store.target().to_string());
            Watch::Db(Listener::spawn(config, target, move |s| {
                let _ = tx.send(match s {
                    Signal::Changed => Event::JournalChanged,
                    Signal::Online => Event::JournalLink(None),
                    Signal::Offline(why) => Event::JournalLink(Some(why)),
                });
            }))
        }
        Some(Err(_)) => Watch::None,
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
