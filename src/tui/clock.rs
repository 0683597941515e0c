//! The office clock in the running inbox: the time the inbox draws against (a tick from the
//! event loop, never read while drawing), the bell rung again while a FLASH or NIACT IMMEDIATE
//! waits for its acknowledgement, and escalation.
//!
//! Each tick (about a second) looks at the FLASH/NIACT cables nobody has acknowledged. One past
//! its objective is escalated: step 1 at its due time, one more step each objective after, up to
//! `[clock] steps`. A step is journaled (`Op::Escalate`); since the journal's append catches up
//! under its lock and records nothing that changes nothing, only one of the sessions open on
//! the traffic records each step, and only that one runs the office's `alert_command` (off the
//! UI thread, see [`crate::office::alert`]). Every session's status bar says how many cables
//! are escalated.

use crate::office::alert::{AlertJob, AlertOutcome};
use crate::office::clock::OfficeClock;
use crate::sanitize::for_line;
use crate::traffic::Record;
use crate::traffic::filter::state_of;
use crate::triage::Op;
use crate::triage::due::{DueClock, DueStatus, due, format_left, unacknowledged};

use super::app::{App, Effect, Effects, plural};

/// The clock as the inbox runs it.
#[derive(Debug, Clone)]
pub struct Clock {
    pub office: OfficeClock,
    /// Now, Unix seconds, as of the last tick.
    pub now: i64,
    /// When the bell last rang for an unacknowledged FLASH/NIACT.
    last_bell: Option<i64>,
    /// Unacknowledged FLASH/NIACT cables past their objective, as of the last tick.
    pub escalated: usize,
    /// Unacknowledged FLASH/NIACT cables (not archive), as of the last tick.
    pub waiting: usize,
}

impl Default for Clock {
    /// A stopped clock: what an app gets until the settings start one.
    fn default() -> Self {
        let mut office = OfficeClock::default();
        office.objectives = office.objectives.off();
        Clock::new(office, 0)
    }
}

impl Clock {
    pub fn new(office: OfficeClock, now: i64) -> Clock {
        Clock {
            office,
            now,
            last_bell: None,
            escalated: 0,
            waiting: 0,
        }
    }

    /// The due clock at the last tick.
    pub fn due_clock(&self) -> DueClock {
        DueClock::new(self.office.objectives, self.now)
    }

    /// Does the clock run at all (`--no-clock` and `enabled = false` stop it)?
    pub fn running(&self) -> bool {
        self.office.objectives.enabled
    }
}

/// Start the app's clock with the office's settings at `now`.
pub fn start(app: &mut App, office: OfficeClock, now: i64) {
    app.clock = Clock::new(office, now);
    app.inbox.clock = app.clock.due_clock();
}

/// The clock moved to `now`: re-sort or re-filter when the order or the filter depends on it
/// (once a minute), ring the bell again, escalate.
pub fn tick(app: &mut App, now: i64) -> Effects {
    if !app.clock.running() {
        return Vec::new();
    }
    let minute_changed = now.div_euclid(60) != app.clock.now.div_euclid(60);
    app.clock.now = now;
    app.inbox.clock = app.clock.due_clock();
    let mut effects = Vec::new();
    if minute_changed && app.loading.is_none() {
        app.queues.mark_stale();
        if app.inbox.sort == crate::traffic::SortKey::Due {
            effects.extend(app.resort());
        } else if app.inbox.query.uses_clock() {
            effects.extend(app.refilter());
        }
    }
    effects.extend(escalate(app));
    effects
}

/// An unacknowledged FLASH/NIACT cable past its objective, and the step it has reached.
struct Due {
    record: u32,
    step: u32,
    status: DueStatus,
}

/// The escalation step a cable `over` seconds past its due time has reached, of an objective
/// of `objective` seconds: 1 at the due time, one more each objective after, at most `steps`.
pub fn step_of(over: i64, objective: i64, steps: u32) -> u32 {
    let more = over.max(0) / objective.max(1);
    u32::try_from(more.saturating_add(1))
        .unwrap_or(u32::MAX)
        .min(steps)
}

/// Count the waiting and escalated cables, ring the bell again when it is time, and record
/// (and announce) each escalation step this session is the first to reach.
fn escalate(app: &mut App) -> Effects {
    let clock = app.clock.due_clock();
    let steps = app.clock.office.steps;
    let state = app.triage_state();
    let mut waiting = 0;
    let mut due_now: Vec<Due> = Vec::new();
    for (i, r) in app.traffic.records.iter().enumerate() {
        // Precedence and age first: archive traffic needs no state lookup.
        if !crate::triage::due::must_acknowledge(r.precedence)
            || r.dtg()
                .is_some_and(|d| clock.now - d > clock.objectives.archive_after)
        {
            continue;
        }
        let st = state_of(state, r);
        if !unacknowledged(r.precedence, r.dtg(), st, &clock) {
            continue;
        }
        waiting += 1;
        let status = due(r.precedence, r.dtg(), st, &clock);
        if let DueStatus::Open {
            left, objective, ..
        } = status
            && left < 0
        {
            let step = step_of(-left, objective, steps);
            due_now.push(Due {
                record: i as u32,
                step,
                status,
            });
        }
    }
    app.clock.waiting = waiting;
    app.clock.escalated = due_now.len();
    ring_again(app, waiting);
    let fresh: Vec<&Due> = due_now
        .iter()
        .filter(|d| {
            app.record(d.record)
                .is_some_and(|r| state_of(app.triage_state(), r).escalated < d.step)
        })
        .collect();
    if fresh.is_empty() || app.session.refusal.is_some() {
        return Vec::new();
    }
    let mut effects = Vec::new();
    let mut said = Vec::new();
    for d in fresh {
        let Some(r) = app.record(d.record).cloned() else {
            continue;
        };
        let key = r.key();
        let Some(j) = app.session.journal.as_mut() else {
            break;
        };
        match j.apply(Op::Escalate { step: d.step }, std::slice::from_ref(&key)) {
            // Another session recorded this step first: it runs the alert command.
            Ok(a) if a.event.is_none() => {}
            Ok(_) => {
                said.push(format!("{} (step {})", r.id().unwrap_or(&key), d.step));
                if let Some(job) = alert_job(app, &r, d) {
                    effects.push(Effect::RunAlert(Box::new(job)));
                }
            }
            Err(e) => {
                app.error(format!("escalation of {key} not recorded: {e}"));
                return effects;
            }
        }
    }
    if !said.is_empty() {
        app.error(format!(
            "ESCALATED: {} past {} objective: {}",
            plural_cables(said.len()),
            if said.len() == 1 { "its" } else { "their" },
            said.join(", ")
        ));
        app.live.bell_due = true;
    }
    effects
}

fn plural_cables(n: usize) -> String {
    format!("{n} cable{}", plural(n))
}

/// Ring the bell again every `bell_every` seconds while a FLASH/NIACT waits.
fn ring_again(app: &mut App, waiting: usize) {
    let every = app.clock.office.bell_every;
    if waiting == 0 || every <= 0 {
        app.clock.last_bell = None;
        return;
    }
    let now = app.clock.now;
    match app.clock.last_bell {
        // The arrival rang already: the first repeat is a full interval later.
        None => app.clock.last_bell = Some(now),
        Some(t) if now - t >= every => {
            app.clock.last_bell = Some(now);
            app.live.bell_due = true;
        }
        Some(_) => {}
    }
}

/// The alert command's run for cable `r` at step `d`, when the office has one.
fn alert_job(app: &App, r: &Record, d: &Due) -> Option<AlertJob> {
    let command = app.clock.office.alert_command.clone()?;
    let st = state_of(app.triage_state(), r);
    let rfc = |t: i64| {
        chrono::DateTime::from_timestamp(t, 0)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap_or_default()
    };
    let id = r.id().map_or_else(|| r.key(), str::to_string);
    let env = [
        ("CABLETRIAGE_ID", id.clone()),
        (
            "CABLETRIAGE_PRECEDENCE",
            r.precedence.map(|p| p.as_str()).unwrap_or("").to_string(),
        ),
        ("CABLETRIAGE_DTG", r.dtg().map(rfc).unwrap_or_default()),
        (
            "CABLETRIAGE_DUE",
            d.status.due().map(rfc).unwrap_or_default(),
        ),
        (
            "CABLETRIAGE_OVERDUE",
            d.status.left().map(|l| format_left(-l)).unwrap_or_default(),
        ),
        ("CABLETRIAGE_SUBJECT", for_line(r.subject()).into_owned()),
        ("CABLETRIAGE_ORIGIN", for_line(&r.origin).into_owned()),
        (
            "CABLETRIAGE_ACTION_DESK",
            st.action_desk.clone().unwrap_or_default(),
        ),
        ("CABLETRIAGE_STEP", d.step.to_string()),
        (
            "CABLETRIAGE_USER",
            app.session
                .journal
                .as_ref()
                .map(|j| j.user().to_string())
                .unwrap_or_default(),
        ),
    ];
    Some(AlertJob {
        command,
        env: env.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        timeout: std::time::Duration::from_secs(app.clock.office.alert_timeout.max(1) as u64),
        cable: id,
        step: d.step,
    })
}

/// The alert command finished: a failure is shown, never fatal.
pub fn alert_done(app: &mut App, job: &AlertJob, outcome: &AlertOutcome) {
    if let Some(problem) = outcome.problem(job) {
        app.error(problem);
    }
}

/// Status-bar text: how many cables are escalated (reverse video, so it shows without colour).
pub fn status_parts(app: &App) -> Option<String> {
    (app.clock.running() && app.clock.escalated > 0)
        .then(|| format!("{} ESCALATED", app.clock.escalated))
}
