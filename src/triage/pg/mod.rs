//! The journal in PostgreSQL: the second journal backend, holding the same events as the file
//! journal and replayed by the same [`crate::triage::replay`].
//!
//! - [`Store`] is one connection to the database of a journal URL (`postgres://...`, or
//!   `postgresql:///db?host=/run/postgresql` for a Unix socket): opened lazily, dropped on a lost
//!   connection and opened again at the next use, so a database that comes back is picked up.
//!   [`crate::triage::Journal`] drives it (see `journal/db.rs`): appends in one transaction
//!   under an advisory lock, reads of the events since the last `seq` seen.
//! - [`schema`]: the tables, triggers, roles and grants, versioned (`journal init`).
//! - [`rows`]: an [`Event`](crate::triage::Event) as a row and back; the op is stored as its name
//!   and its fields as JSON, so every op round-trips without knowing which ops there are.
//! - [`listen`]: LISTEN/NOTIFY on a thread of its own, with reconnection and backoff.
//! - [`transfer`]: `journal push` (a file journal into the database, idempotent) and `journal
//!   pull` (the database's journal as a file).
//!
//! Errors say which database (host and database name, never a password) and whether it is
//! unreachable ([`TriageError::Offline`]) or refused what was asked
//! ([`TriageError::Refused`]).

pub mod listen;
pub mod rows;
pub mod schema;
pub mod transfer;

use std::str::FromStr;
use std::time::{Duration, Instant};

use postgres::{Client, Config, NoTls};

use super::error::{Result, TriageError};

/// How long a connection attempt may take before the database counts as unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// Is `s` a journal URL (rather than a path)?
pub fn is_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// A connection to one journal database, made when first needed.
pub struct Store {
    url: String,
    config: Config,
    /// Host and database, for messages (never the password).
    target: String,
    client: Option<Client>,
    /// When the connection last answered: one idle longer than [`CHECK_IDLE`] is checked before
    /// use (a server restarted meanwhile left it dead without our knowing).
    last_ok: Instant,
}

/// How long a connection may sit unused before it is checked at the next use.
pub const CHECK_IDLE: Duration = Duration::from_secs(1);

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("target", &self.target)
            .field("connected", &self.client.is_some())
            .finish()
    }
}

impl Store {
    /// A store for `url`; nothing is connected yet. A URL that does not parse is refused.
    pub fn new(url: &str) -> Result<Store> {
        let mut config = Config::from_str(url).map_err(|e| {
            TriageError::Invalid(format!("bad journal URL (postgres://... expected): {e}"))
        })?;
        config.connect_timeout(CONNECT_TIMEOUT);
        config.application_name("cabletriage");
        config.keepalives_idle(Duration::from_secs(30));
        let target = describe(&config);
        Ok(Store {
            url: url.to_string(),
            config,
            target,
            client: None,
            last_ok: Instant::now(),
        })
    }

    /// The URL as given (it may hold a password: never show it).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `database triage on /run/postgresql`, for messages.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The connection config (for the listener's own connection).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Is a connection open (as far as we know)?
    pub fn is_connected(&self) -> bool {
        self.client.as_ref().is_some_and(|c| !c.is_closed())
    }

    /// The connection, made if there is none (or the last one was lost). Checks that the
    /// database holds a journal of the version this build reads.
    pub fn client(&mut self) -> Result<&mut Client> {
        let idle = self.last_ok.elapsed() > CHECK_IDLE;
        if self
            .client
            .as_mut()
            .is_some_and(|c| c.is_closed() || (idle && c.is_valid(CONNECT_TIMEOUT).is_err()))
        {
            self.client = None;
        }
        self.last_ok = Instant::now();
        if self.client.is_none() {
            let mut c = self.config.connect(NoTls).map_err(|e| self.error(e))?;
            let v = schema::version(&mut c).map_err(|e| self.error(e))?;
            if v == 0 {
                return Err(TriageError::Database(format!(
                    "{} holds no journal: run `cabletriage journal init URL` as its owner first",
                    self.target
                )));
            }
            if v > schema::VERSION {
                return Err(TriageError::Database(format!(
                    "{} holds a journal of schema version {v}, written by a newer cabletriage \
                     (this one reads version {}); nothing was recorded",
                    self.target,
                    schema::VERSION
                )));
            }
            self.client = Some(c);
        }
        self.client
            .as_mut()
            .ok_or_else(|| TriageError::Database("no connection".into()))
    }

    /// Forget the connection (after an error that may have left it unusable).
    pub fn disconnect(&mut self) {
        self.client = None;
    }

    /// Classify a database error for the user, forgetting a connection that is gone.
    pub fn error(&mut self, e: postgres::Error) -> TriageError {
        let err = classify(&self.target, &e);
        if matches!(err, TriageError::Offline { .. }) || e.is_closed() {
            self.client = None;
        }
        err
    }
}

/// A database error in words: unreachable, refused (a missing privilege, an append-only
/// table), or another failure.
pub fn classify(target: &str, e: &postgres::Error) -> TriageError {
    use postgres::error::SqlState;
    let Some(db) = e.as_db_error() else {
        // No answer from the server: it is down, unreachable, or the connection broke.
        let cause = std::error::Error::source(e)
            .map(ToString::to_string)
            .unwrap_or_else(|| e.to_string());
        return TriageError::Offline {
            target: target.to_string(),
            cause,
        };
    };
    let code = db.code();
    if code == &SqlState::INSUFFICIENT_PRIVILEGE {
        return TriageError::Refused {
            target: target.to_string(),
            cause: db.message().to_string(),
        };
    }
    let down = [
        SqlState::ADMIN_SHUTDOWN,
        SqlState::CRASH_SHUTDOWN,
        SqlState::CANNOT_CONNECT_NOW,
        SqlState::CONNECTION_FAILURE,
    ];
    if down.contains(code) {
        return TriageError::Offline {
            target: target.to_string(),
            cause: db.message().to_string(),
        };
    }
    TriageError::Database(format!("{target}: {}", db.message()))
}

/// `database triage on /run/postgresql (port 5432)`: where a config points, without secrets.
pub fn describe(c: &Config) -> String {
    use postgres::config::Host;
    let hosts: Vec<String> = c
        .get_hosts()
        .iter()
        .map(|h| match h {
            Host::Tcp(name) => name.clone(),
            Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    let host = if hosts.is_empty() {
        "the default socket".to_string()
    } else {
        hosts.join(",")
    };
    let port = c
        .get_ports()
        .first()
        .map(|p| format!(":{p}"))
        .unwrap_or_default();
    let db = c.get_dbname().or(c.get_user()).unwrap_or("(default)");
    format!("database {db} on {host}{port}")
}

/// Set up (or migrate) the journal schema in the database at `url`; returns what was done, in
/// words. Refuses a database whose journal is of a newer version.
pub fn init(url: &str) -> Result<String> {
    let mut store = Store::new(url)?;
    let target = store.target.clone();
    let mut c = store
        .config
        .connect(NoTls)
        .map_err(|e| classify(&target, &e))?;
    let setup = schema::init(&mut c).map_err(|e| classify(&target, &e))?;
    store.client = None;
    if setup.from > schema::VERSION {
        return Err(TriageError::Database(format!(
            "{target} holds a journal of schema version {}, newer than this cabletriage's {}; \
             nothing was changed",
            setup.from,
            schema::VERSION
        )));
    }
    Ok(if setup.from == setup.to {
        format!(
            "{target}: the journal is already at schema version {}; grants applied again",
            setup.to
        )
    } else if setup.from == 0 {
        format!(
            "{target}: journal set up (schema version {}); grant officers `{}`",
            setup.to,
            schema::OFFICER_ROLE
        )
    } else {
        format!(
            "{target}: journal migrated from schema version {} to {}",
            setup.from, setup.to
        )
    })
}
