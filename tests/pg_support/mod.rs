//! A throwaway PostgreSQL cluster for the tests of the database journal: `initdb` into a temporary
//! directory, run as an unprivileged account (the server refuses root: as root the cluster runs
//! as `postgres` through `runuser`), listening on a Unix socket in that directory and on
//! 127.0.0.1 only, on a free port.
//!
//! One cluster serves a whole test binary ([`shared`]); each test takes its own database in it
//! ([`Cluster::database`]). A static is never dropped, so teardown is a watchdog process started
//! beside the server: it waits for the test process to end (however it ends: a failure, a panic,
//! kill -9) and then stops the server and removes the directory. Clusters left by a watchdog that
//! was itself killed are cleaned up by the next test binary ([`remove_stale`]). A [`Cluster`]
//! made with [`Cluster::start`] and dropped is stopped and removed at once.
//!
//! When no PostgreSQL binaries can be found, [`shared`] returns None after printing one line
//! saying why: the test then skips.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The superuser of the throwaway cluster (the database owner in the tests).
pub const ADMIN: &str = "ct_admin";
const PREFIX: &str = "cabletriage-pg-";

/// A running cluster.
#[derive(Debug)]
pub struct Cluster {
    pub dir: PathBuf,
    pub port: u16,
    bin: PathBuf,
    /// Run server commands as this account (None: as ourselves).
    runas: Option<String>,
}

/// The cluster of this test binary, started on first use; None (with one line saying why) when
/// PostgreSQL cannot be had.
pub fn shared() -> Option<&'static Cluster> {
    static CLUSTER: OnceLock<Option<Cluster>> = OnceLock::new();
    CLUSTER
        .get_or_init(|| match Cluster::start(true) {
            Ok(c) => Some(c),
            Err(Skip(why)) => {
                eprintln!("skipping the PostgreSQL tests: {why}");
                None
            }
        })
        .as_ref()
}

/// Why the cluster could not be had (the tests skip).
#[derive(Debug)]
pub struct Skip(pub String);

/// The newest `/usr/lib/postgresql/N/bin` holding `initdb`, or whatever `pg_config --bindir` says.
pub fn bin_dir() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((v, bin))
        })
        .collect();
    found.sort();
    if let Some((_, b)) = found.pop() {
        return Some(b);
    }
    let out = Command::new("pg_config").arg("--bindir").output().ok()?;
    let b = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    b.join("initdb").is_file().then_some(b)
}

fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

impl Cluster {
    /// initdb and start a cluster. `watchdog`: stop and remove it when this process ends (for a
    /// cluster that is never dropped).
    pub fn start(watchdog: bool) -> Result<Cluster, Skip> {
        let bin = bin_dir().ok_or_else(|| {
            Skip(
                "no initdb under /usr/lib/postgresql/*/bin (install the postgresql package)".into(),
            )
        })?;
        remove_stale();
        let runas = if is_root() {
            if nix::unistd::User::from_name("postgres")
                .ok()
                .flatten()
                .is_none()
            {
                return Err(Skip(
                    "running as root and there is no `postgres` account to run the server as"
                        .into(),
                ));
            }
            Some("postgres".to_string())
        } else {
            None
        };
        let dir = tempfile::Builder::new()
            .prefix(PREFIX)
            .tempdir_in("/tmp")
            .map_err(|e| Skip(format!("no temporary directory: {e}")))?
            .keep();
        std::fs::write(dir.join("owner.pid"), std::process::id().to_string())
            .expect("write owner.pid");
        if let Some(u) = &runas {
            let acct = nix::unistd::User::from_name(u)
                .ok()
                .flatten()
                .expect("account");
            std::os::unix::fs::chown(&dir, Some(acct.uid.as_raw()), Some(acct.gid.as_raw()))
                .expect("chown the cluster directory");
        }
        let mut c = Cluster {
            dir,
            port: free_port(),
            bin,
            runas,
        };
        let init = c
            .server_cmd("initdb")
            .args(["-A", "trust", "-U", ADMIN, "-E", "UTF8", "--no-sync", "-D"])
            .arg(c.dir.join("data"))
            .output()
            .expect("run initdb");
        assert!(init.status.success(), "initdb failed: {}", stderr(&init));
        if watchdog {
            c.spawn_watchdog();
        }
        // The free port may be taken by someone else before the server binds it: try another.
        for attempt in 1.. {
            let start = c.pg_start();
            if start.status.success() {
                break;
            }
            assert!(
                attempt < 3,
                "pg_ctl start failed: {}\n{}",
                stderr(&start),
                std::fs::read_to_string(c.dir.join("server.log")).unwrap_or_default()
            );
            c.port = free_port();
        }
        Ok(c)
    }

    /// A command of the server's binaries, run as the server's account.
    fn server_cmd(&self, name: &str) -> Command {
        let prog = self.bin.join(name);
        match &self.runas {
            Some(u) => {
                let mut c = Command::new("runuser");
                c.args(["-u", u, "--"]).arg(prog);
                c
            }
            None => Command::new(prog),
        }
    }

    /// Stop and remove the cluster once this process has ended.
    fn spawn_watchdog(&self) {
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 0.3; done; {stop}; rm -rf '{dir}'",
            pid = std::process::id(),
            stop = self.stop_command(),
            dir = self.dir.display()
        );
        // Its own session, so a terminal's Ctrl-C that ends the tests leaves it to clean up.
        let _ = Command::new("setsid")
            .args(["sh", "-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
    }

    fn stop_command(&self) -> String {
        let ctl = format!(
            "'{}' -D '{}' -m immediate -w stop",
            self.bin.join("pg_ctl").display(),
            self.dir.join("data").display()
        );
        match &self.runas {
            Some(u) => format!("runuser -u {u} -- {ctl} >/dev/null 2>&1"),
            None => format!("{ctl} >/dev/null 2>&1"),
        }
    }

    /// Stop the server (fast: connections are cut), leaving the data.
    pub fn stop(&self) {
        let _ = Command::new("sh")
            .args(["-c", &self.stop_command()])
            .status();
    }

    /// Start the server again after [`Cluster::stop`].
    pub fn restart(&self) {
        let out = self.pg_start();
        assert!(out.status.success(), "restart failed: {}", stderr(&out));
    }

    /// `pg_ctl start` on the cluster's socket directory and port, waiting until it answers.
    fn pg_start(&self) -> std::process::Output {
        let opts = format!(
            "-c listen_addresses=127.0.0.1 -c port={} -c unix_socket_directories={} -c max_connections=60",
            self.port,
            self.dir.display()
        );
        self.server_cmd("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .arg("-l")
            .arg(self.dir.join("server.log"))
            .args(["-o", &opts, "-w", "-t", "60", "start"])
            .stdout(Stdio::null())
            .output()
            .expect("run pg_ctl start")
    }

    /// A URL reaching database `db` as `role` over the Unix socket.
    pub fn url(&self, db: &str, role: &str) -> String {
        format!(
            "postgresql:///{db}?host={}&port={}&user={role}",
            self.dir.display(),
            self.port
        )
    }

    /// The same over TCP on 127.0.0.1.
    pub fn tcp_url(&self, db: &str, role: &str) -> String {
        format!("postgresql://{role}@127.0.0.1:{}/{db}", self.port)
    }

    /// A fresh, empty database for one test, owned by the admin: its name.
    pub fn database(&self, hint: &str) -> String {
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "t_{}_{}",
            hint.chars()
                .filter(char::is_ascii_alphanumeric)
                .take(20)
                .collect::<String>()
                .to_ascii_lowercase(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        self.sql("postgres", &format!("CREATE DATABASE {name}"));
        name
    }

    /// Run `sql` in `db` as the admin; panics on error.
    pub fn sql(&self, db: &str, sql: &str) {
        let mut c = self.client(db, ADMIN);
        c.batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// A connection to `db` as `role`.
    pub fn client(&self, db: &str, role: &str) -> postgres::Client {
        postgres::Client::connect(&self.url(db, role), postgres::NoTls)
            .unwrap_or_else(|e| panic!("connect to {db} as {role}: {e}"))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Stop and remove clusters whose test process is gone (a watchdog killed with it).
pub fn remove_stale() {
    let Ok(rd) = std::fs::read_dir("/tmp") else {
        return;
    };
    for e in rd.flatten() {
        let name = e.file_name();
        if !name.to_string_lossy().starts_with(PREFIX) {
            continue;
        }
        let dir = e.path();
        let owner: Option<i32> = std::fs::read_to_string(dir.join("owner.pid"))
            .ok()
            .and_then(|s| s.trim().parse().ok());
        let alive = owner.is_some_and(|p| Path::new(&format!("/proc/{p}")).exists());
        // A directory without its owner yet may be one being made right now.
        let young = owner.is_none()
            && e.metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.elapsed().ok())
                .is_none_or(|age| age.as_secs() < 120);
        if alive || young {
            continue;
        }
        // Ask the server to stop, whoever runs it, then remove what is left.
        if let Some(bin) = bin_dir() {
            let ctl = bin.join("pg_ctl");
            let data = dir.join("data");
            let mut cmd = if is_root() {
                let mut c = Command::new("runuser");
                c.args(["-u", "postgres", "--"]).arg(ctl);
                c
            } else {
                Command::new(ctl)
            };
            let _ = cmd
                .arg("-D")
                .arg(&data)
                .args(["-m", "immediate", "-w", "stop"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    l.local_addr().expect("local address").port()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

impl Cluster {
    /// A fresh database with the journal set up (`journal init` as the admin): its name.
    pub fn journal_db(&self, hint: &str) -> String {
        let db = self.database(hint);
        cabletriage::triage::pg::init(&self.url(&db, ADMIN)).expect("journal init");
        db
    }

    /// A login role that is an officer (INSERT and SELECT on the journal).
    pub fn officer(&self, name: &str) {
        self.role(name, "cabletriage_officer");
    }

    /// A login role that may only read the journal.
    pub fn reader(&self, name: &str) {
        self.role(name, "cabletriage_reader");
    }

    fn role(&self, name: &str, group: &str) {
        self.sql(
            "postgres",
            &format!(
                "DO $$ BEGIN
                   IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN
                     CREATE ROLE {name} LOGIN;
                   END IF;
                 EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                 END $$;
                 GRANT {group} TO {name};"
            ),
        );
    }
}
