//! Saved queues in the inbox sidebar: the queue list (from the config, else the defaults and one
//! per desk), which one is selected, whether the sidebar is shown and has the keys (its own key
//! handling returns a [`QueueOutcome`] to the app), and the live count of each queue. Counting runs on a worker ([`CountJob`]) whenever the traffic or the
//! triage state changed; the sidebar shows the last counts meanwhile, so a keystroke never waits.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::config::Queue;
use crate::keymap::Action;
use crate::traffic::filter::state_of;
use crate::traffic::{Query, Traffic};
use crate::triage::TriageState;

use super::app::App;

/// Below this width the sidebar is hidden unless the user asked for it.
pub const SHOW_FROM_WIDTH: u16 = 100;

/// The sidebar's model.
#[derive(Debug, Clone, Default)]
pub struct Queues {
    pub list: Vec<Queue>,
    /// The user's choice (the toggle key); `None` shows it from [`SHOW_FROM_WIDTH`] columns.
    pub shown: Option<bool>,
    /// The sidebar takes the movement keys and Enter.
    pub focused: bool,
    pub selected: usize,
    /// The last counts, one per queue (`None` until counted, or for a query that does not parse).
    pub counts: Vec<Option<usize>>,
    /// The counts are out of date (the triage state changed).
    stale: bool,
    /// The traffic the counts were made for (its address and size), to notice new traffic.
    counted_for: (usize, usize),
    generation: u64,
    /// A count is running on a worker.
    pub counting: bool,
}

/// Counting every queue, off the UI thread.
#[derive(Debug)]
pub struct CountJob {
    pub generation: u64,
    pub traffic: Arc<Traffic>,
    pub states: TriageState,
    pub queries: Vec<Option<Query>>,
}

/// A finished count.
#[derive(Debug)]
pub struct CountDone {
    pub generation: u64,
    pub counts: Vec<Option<usize>>,
}

impl Queues {
    pub fn new(list: Vec<Queue>) -> Queues {
        Queues {
            counts: vec![None; list.len()],
            list,
            stale: true,
            ..Queues::default()
        }
    }

    /// Is the sidebar on screen at `width` columns?
    pub fn visible(&self, width: u16) -> bool {
        !self.list.is_empty() && self.shown.unwrap_or(width >= SHOW_FROM_WIDTH)
    }

    /// The triage state changed: count again before the next frame.
    pub fn mark_stale(&mut self) {
        self.stale = true;
    }
}

impl CountJob {
    /// Count a query with `text:` terms: its candidates, settled by reading their files.
    fn count_text(&self, q: &Query, cancel: &AtomicBool) -> Option<usize> {
        let records = &self.traffic.records;
        let mut all: Vec<u32> = (0..records.len() as u32).collect();
        crate::traffic::rows::one_per_cable(records, &mut all);
        let candidates = crate::traffic::filter_indices(q, records, &all, &self.states, cancel)?;
        let rows = crate::traffic::text_scan::filter_text(
            q,
            &self.traffic,
            candidates,
            &self.states,
            cancel,
        )?;
        Some(rows.len())
    }

    /// Count each query over every record; `None` when `cancel` was set meanwhile.
    pub fn run(&self, cancel: &AtomicBool) -> Option<CountDone> {
        let mut counts = Vec::with_capacity(self.queries.len());
        // Cables are counted, not files: each by its first record, as the inbox shows it.
        let first = crate::traffic::rows::firsts(&self.traffic.records);
        for q in &self.queries {
            let Some(q) = q else {
                counts.push(None);
                continue;
            };
            if q.needs_text() {
                counts.push(Some(self.count_text(q, cancel)?));
                continue;
            }
            let mut n = 0;
            for (i, r) in self.traffic.records.iter().enumerate() {
                if i % 8192 == 0 && cancel.load(Ordering::Relaxed) {
                    return None;
                }
                n += usize::from(first[i] && q.accepts(r, state_of(&self.states, r)));
            }
            counts.push(Some(n));
        }
        Some(CountDone {
            generation: self.generation,
            counts,
        })
    }
}

/// Install the queues of the user's config (with the session's desks), keeping the UI state.
pub fn install(app: &mut App, list: Vec<Queue>) {
    app.queues = Queues {
        shown: app.queues.shown,
        ..Queues::new(list)
    };
}

/// A count job when the sidebar is visible and its counts are out of date (new traffic, or the
/// triage state changed since the last count).
pub fn poll(app: &mut App) -> Option<CountJob> {
    let traffic = (
        Arc::as_ptr(&app.traffic) as usize,
        app.traffic.records.len(),
    );
    let q = &mut app.queues;
    if !q.visible(app.size.0) || app.loading.is_some() || !(q.stale || q.counted_for != traffic) {
        return None;
    }
    q.stale = false;
    q.counted_for = traffic;
    q.generation += 1;
    q.counting = true;
    let clock = app.inbox.clock;
    let queries: Vec<Option<Query>> = q
        .list
        .iter()
        .map(|x| Query::parse(&x.query).ok().map(|q| q.at_clock(clock)))
        .collect();
    let states = if queries.iter().flatten().any(Query::needs_state) {
        app.triage_state().clone()
    } else {
        TriageState::default()
    };
    Some(CountJob {
        generation: app.queues.generation,
        traffic: Arc::clone(&app.traffic),
        states,
        queries,
    })
}

/// A count came back; one overtaken by a newer count is dropped.
pub fn counted(app: &mut App, done: CountDone) {
    let q = &mut app.queues;
    if done.generation != q.generation {
        return;
    }
    q.counting = false;
    q.counts = done.counts;
}

/// Count now, on this thread (tests, and the first frame of a small inbox).
pub fn count_now(app: &mut App) {
    if let Some(job) = poll(app)
        && let Some(done) = job.run(&AtomicBool::new(false))
    {
        counted(app, done);
    }
}

/// What the app is to do after the sidebar took an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueOutcome {
    Stay,
    Info(String),
    /// Filter the inbox by this queue (its name and query).
    Filter(Queue),
    /// Drop the filter.
    ClearFilter,
}

impl Queues {
    /// Does the sidebar take `action` in the inbox at `width` columns?
    pub fn takes(&self, action: Action, width: u16) -> bool {
        match action {
            Action::ToggleQueues => true,
            Action::SwitchPane => self.visible(width),
            _ => {
                self.focused
                    && self.visible(width)
                    && matches!(
                        action,
                        Action::MoveDown
                            | Action::MoveUp
                            | Action::Top
                            | Action::Bottom
                            | Action::Open
                            | Action::Back
                            | Action::Close
                    )
            }
        }
    }

    /// Take an action (see [`Queues::takes`]).
    pub fn handle(&mut self, action: Action, width: u16) -> QueueOutcome {
        let last = self.list.len().saturating_sub(1);
        match action {
            Action::ToggleQueues if self.list.is_empty() => {
                return QueueOutcome::Info("no saved queues".into());
            }
            Action::ToggleQueues if !self.visible(width) => {
                self.shown = Some(true);
                self.focused = true;
            }
            Action::ToggleQueues if self.focused => {
                self.shown = Some(false);
                self.focused = false;
            }
            Action::ToggleQueues | Action::SwitchPane => self.focused = !self.focused,
            Action::MoveDown => self.selected = (self.selected + 1).min(last),
            Action::MoveUp => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::Open => {
                let Some(queue) = self.list.get(self.selected).cloned() else {
                    return QueueOutcome::Stay;
                };
                // The list gives the keys back to the inbox.
                self.focused = false;
                return QueueOutcome::Filter(queue);
            }
            Action::Back => {
                self.focused = false;
                return QueueOutcome::ClearFilter;
            }
            Action::Close => self.focused = false,
            _ => {}
        }
        QueueOutcome::Stay
    }
}

/// The queue whose query is the filter in force, if any.
pub fn active(app: &App) -> Option<usize> {
    if app.inbox.filter.is_empty() {
        return None;
    }
    app.queues
        .list
        .iter()
        .position(|q| q.query.trim() == app.inbox.filter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::Keymap;
    use crate::tui::testing::synthetic_traffic;
    use crate::tui::{ColorMode, Theme};

    fn app_with(n: usize) -> App {
        let mut a = App::new(
            Keymap::default_keymap(),
            Theme::new(ColorMode::Never, false),
        );
        a.size = (120, 40);
        let _ = a.set_traffic(synthetic_traffic(n), TriageState::default());
        install(&mut a, crate::config::Config::default_queues());
        a
    }

    #[test]
    fn counts_only_when_out_of_date_and_drops_overtaken_results() {
        let mut a = app_with(50);
        let first = poll(&mut a).expect("first count");
        assert!(poll(&mut a).is_none(), "nothing changed since");
        a.queues.mark_stale();
        let second = poll(&mut a).expect("stale again");
        let never = AtomicBool::new(false);
        counted(&mut a, first.run(&never).expect("ran"));
        assert!(a.queues.counting, "the older result is dropped");
        counted(&mut a, second.run(&never).expect("ran"));
        assert!(!a.queues.counting);
        assert_eq!(a.queues.counts.len(), a.queues.list.len());
        // New traffic is counted again.
        let _ = a.set_traffic(synthetic_traffic(60), TriageState::default());
        assert!(poll(&mut a).is_some());
    }

    #[test]
    fn a_cancelled_count_sends_nothing() {
        let mut a = app_with(20_000);
        let job = poll(&mut a).expect("count");
        assert!(job.run(&AtomicBool::new(true)).is_none());
    }

    #[test]
    fn a_hidden_sidebar_is_not_counted() {
        let mut a = app_with(50);
        a.size = (80, 24);
        assert!(poll(&mut a).is_none());
        a.queues.shown = Some(true);
        assert!(poll(&mut a).is_some());
    }
}
