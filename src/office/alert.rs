//! Running the office's `alert_command` for one escalation step: the cable's particulars in
//! environment variables, no terminal (stdin and stdout closed), a timeout after which the
//! command and everything it started are killed, and an outcome in words. Blocking: callers run
//! it off the UI thread. A command that fails, hangs or cannot start is reported, never fatal.
//!
//! The environment it gets (besides the session's own):
//!
//! | variable | value |
//! |---|---|
//! | `CABLETRIAGE_ID` | the cable's id (its key when it has none) |
//! | `CABLETRIAGE_PRECEDENCE` | `FLASH` or `NIACT IMMEDIATE` |
//! | `CABLETRIAGE_DTG` | the DTG, RFC 3339 UTC |
//! | `CABLETRIAGE_DUE` | the due time, RFC 3339 UTC |
//! | `CABLETRIAGE_OVERDUE` | how long past due, as the inbox shows it (`7m`) |
//! | `CABLETRIAGE_SUBJECT` | the subject, on one line, control characters removed |
//! | `CABLETRIAGE_ORIGIN` | the FM line |
//! | `CABLETRIAGE_ACTION_DESK` | the action desk, empty when unrouted |
//! | `CABLETRIAGE_STEP` | the escalation step, 1 at the due time |
//! | `CABLETRIAGE_USER` | the officer whose session recorded the step |

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::clock::AlertCommand;

/// One run of the alert command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertJob {
    pub command: AlertCommand,
    /// `(name, value)` pairs, as the table above.
    pub env: Vec<(String, String)>,
    pub timeout: Duration,
    /// The cable and step, for the message about the outcome.
    pub cable: String,
    pub step: u32,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertOutcome {
    Done,
    /// It ran and failed: its exit status and the last line of its stderr.
    Failed(String),
    /// Still running at the timeout: killed.
    TimedOut,
    /// It could not be started (no such program).
    NotStarted(String),
}

impl AlertOutcome {
    /// A status-bar message about the run of `job`; `None` when it went well.
    pub fn problem(&self, job: &AlertJob) -> Option<String> {
        let what = format!("alert command for {} (step {})", job.cable, job.step);
        match self {
            AlertOutcome::Done => None,
            AlertOutcome::Failed(why) => Some(format!("{what} failed: {why}")),
            AlertOutcome::TimedOut => Some(format!(
                "{what} did not finish in {}s: stopped",
                job.timeout.as_secs()
            )),
            AlertOutcome::NotStarted(why) => Some(format!("{what} could not start: {why}")),
        }
    }
}

/// How often a running command is looked at.
const POLL: Duration = Duration::from_millis(20);
/// The most of its stderr kept for the message.
const STDERR_CAP: u64 = 4096;

/// Run `job` to its end or its timeout (blocking).
pub fn run(job: &AlertJob) -> AlertOutcome {
    let mut cmd = match &job.command {
        AlertCommand::Shell(line) => {
            let mut c = Command::new("/bin/sh");
            c.arg("-c").arg(line);
            c
        }
        AlertCommand::Argv(argv) => {
            let Some((prog, args)) = argv.split_first() else {
                return AlertOutcome::NotStarted("empty command".into());
            };
            let mut c = Command::new(prog);
            c.args(args);
            c
        }
    };
    cmd.envs(job.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        // Its own process group, so a timeout kills what a shell started too.
        .process_group(0);
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return AlertOutcome::NotStarted(e.to_string()),
    };
    // Read stderr on a thread so a chatty command never blocks on a full pipe.
    let reader = child.stderr.take().map(|mut err| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = (&mut err).take(STDERR_CAP).read_to_end(&mut buf);
            // Drain the rest unread, so the command can finish.
            let _ = std::io::copy(&mut err, &mut std::io::sink());
            buf
        })
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if started.elapsed() >= job.timeout => break None,
            Ok(None) => std::thread::sleep(POLL),
            Err(e) => return AlertOutcome::Failed(e.to_string()),
        }
    };
    let Some(status) = status else {
        kill_group(child.id());
        let _ = child.kill();
        let _ = child.wait();
        return AlertOutcome::TimedOut;
    };
    let stderr = reader.and_then(|r| r.join().ok()).unwrap_or_default();
    if status.success() {
        return AlertOutcome::Done;
    }
    let text = String::from_utf8_lossy(&stderr);
    let last = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let last = crate::sanitize::for_line(last.trim());
    let code = match status.code() {
        Some(c) => format!("exit status {c}"),
        None => "killed by a signal".to_string(),
    };
    AlertOutcome::Failed(if last.is_empty() {
        code
    } else {
        format!("{code}: {last}")
    })
}

/// Kill the process group the command leads (it was started as its own group).
fn kill_group(pid: u32) {
    if let Ok(pid) = i32::try_from(pid) {
        let _ = nix::sys::signal::killpg(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGKILL,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(cmd: AlertCommand, timeout_ms: u64) -> AlertJob {
        AlertJob {
            command: cmd,
            env: vec![
                ("CABLETRIAGE_ID".into(), "26RIVENDELL1".into()),
                ("CABLETRIAGE_PRECEDENCE".into(), "NIACT IMMEDIATE".into()),
                ("CABLETRIAGE_STEP".into(), "2".into()),
            ],
            timeout: Duration::from_millis(timeout_ms),
            cable: "26RIVENDELL1".into(),
            step: 2,
        }
    }

    #[test]
    fn the_command_gets_the_cable_in_its_environment() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("env.txt");
        let line = format!(
            "printf '%s|%s|%s' \"$CABLETRIAGE_ID\" \"$CABLETRIAGE_PRECEDENCE\" \"$CABLETRIAGE_STEP\" > '{}'",
            out.display()
        );
        let j = job(AlertCommand::Shell(line), 10_000);
        assert_eq!(run(&j), AlertOutcome::Done);
        let got = std::fs::read_to_string(&out).expect("written");
        assert_eq!(got, "26RIVENDELL1|NIACT IMMEDIATE|2");
    }

    #[test]
    fn a_failing_command_is_reported_with_its_status_and_stderr() {
        let j = job(
            AlertCommand::Shell("echo 'pager gateway refused' >&2; exit 3".into()),
            10_000,
        );
        let outcome = run(&j);
        assert_eq!(
            outcome,
            AlertOutcome::Failed("exit status 3: pager gateway refused".into())
        );
        let msg = outcome.problem(&j).expect("a problem");
        assert!(
            msg.contains("26RIVENDELL1") && msg.contains("step 2"),
            "{msg}"
        );
        let missing = job(
            AlertCommand::Argv(vec!["/nonexistent/pager".into()]),
            10_000,
        );
        assert!(matches!(run(&missing), AlertOutcome::NotStarted(_)));
    }

    #[test]
    fn a_hanging_command_is_stopped_at_its_timeout_with_what_it_started() {
        let dir = tempfile::tempdir().expect("tempdir");
        let late = dir.path().join("late.txt");
        // The shell starts a child that would write after the timeout: it must die too.
        let line = format!("(sleep 2; touch '{}') & sleep 30", late.display());
        let j = job(AlertCommand::Shell(line), 300);
        assert_eq!(run(&j), AlertOutcome::TimedOut);
        std::thread::sleep(Duration::from_millis(2500));
        assert!(
            !late.exists(),
            "a process the command started outlived the timeout"
        );
    }
}
