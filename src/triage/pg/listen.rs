//! Live updates from the database: a thread with its own connection LISTENs on
//! [`schema::CHANNEL`] and calls back on every notification. A notification only says "there
//! is something after seq N": the caller reads everything since the last seq it saw, so a
//! notification missed (or two merged) only delays, never loses.
//!
//! The connection is checked every [`CHECK_EVERY`]; when it is lost the thread reports
//! [`Signal::Offline`] and reconnects with backoff (from [`BACKOFF_MIN`] doubling to
//! [`BACKOFF_MAX`]); once back it reports [`Signal::Online`] and a [`Signal::Changed`], so the
//! caller catches up on whatever was committed meanwhile.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Config, NoTls};

use super::schema;

pub const CHECK_EVERY: Duration = Duration::from_millis(500);
/// A [`Signal::Changed`] this often even without a notification: a notification lost, or a
/// read of the caller's that failed while this connection stayed up, costs at most this delay.
pub const RESYNC_EVERY: Duration = Duration::from_secs(2);
pub const BACKOFF_MIN: Duration = Duration::from_millis(100);
pub const BACKOFF_MAX: Duration = Duration::from_secs(3);

/// What the listener reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    /// Events may have been committed: read those since the last seq seen.
    Changed,
    /// The connection is (back) up.
    Online,
    /// The connection is lost or cannot be made (why, in words).
    Offline(String),
}

/// The listening thread; dropping it stops the thread.
pub struct Listener {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Listener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listener").finish_non_exhaustive()
    }
}

impl Listener {
    /// Listen on the database `config` points at (`target` names it in messages), calling
    /// `on` from the thread.
    pub fn spawn(config: Config, target: String, on: impl Fn(Signal) + Send + 'static) -> Listener {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("journal-listen".into())
            .spawn(move || run(&config, &target, &flag, &on))
            .ok();
        Listener { stop, thread }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}

fn run(config: &Config, target: &str, stop: &AtomicBool, on: &dyn Fn(Signal)) {
    let mut backoff = BACKOFF_MIN;
    // Offline is said once per outage, not at every retry.
    let mut said_offline = false;
    while !stop.load(Ordering::Relaxed) {
        match connect(config) {
            Ok(mut client) => {
                backoff = BACKOFF_MIN;
                on(Signal::Online);
                on(Signal::Changed);
                let why = listen(&mut client, stop, on);
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                on(Signal::Offline(format!("{target}: {why}")));
                said_offline = true;
            }
            Err(e) => {
                if !said_offline {
                    on(Signal::Offline(super::classify(target, &e).to_string()));
                    said_offline = true;
                }
                std::thread::park_timeout(backoff);
                backoff = (backoff * 2).min(BACKOFF_MAX);
            }
        }
    }
}

fn connect(config: &Config) -> Result<Client, postgres::Error> {
    let mut c = config.connect(NoTls)?;
    c.batch_execute(&format!("LISTEN {}", schema::CHANNEL))?;
    Ok(c)
}

/// Wait for notifications until the connection is lost (returns why) or `stop` is set.
fn listen(client: &mut Client, stop: &AtomicBool, on: &dyn Fn(Signal)) -> String {
    let mut checked = Instant::now();
    let mut resynced = Instant::now();
    loop {
        if stop.load(Ordering::Relaxed) {
            return String::new();
        }
        let got = {
            let mut n = client.notifications();
            let first = n.timeout_iter(Duration::from_millis(100)).next();
            match first {
                Ok(Some(_)) => {
                    // Take whatever else is waiting, without waiting: one catch-up for all.
                    let mut more = n.iter();
                    let mut got = 1usize;
                    loop {
                        match more.next() {
                            Ok(Some(_)) => got += 1,
                            Ok(None) => break Ok(got),
                            Err(e) => break Err(e),
                        }
                    }
                }
                Ok(None) => Ok(0),
                Err(e) => Err(e),
            }
        };
        match got {
            Ok(0) => {}
            Ok(_) => on(Signal::Changed),
            Err(e) => return e.to_string(),
        }
        if client.is_closed() {
            return "the connection was closed".into();
        }
        if checked.elapsed() >= CHECK_EVERY {
            checked = Instant::now();
            if let Err(e) = client.simple_query("SELECT 1") {
                return e.to_string();
            }
        }
        if resynced.elapsed() >= RESYNC_EVERY {
            resynced = Instant::now();
            on(Signal::Changed);
        }
    }
}
