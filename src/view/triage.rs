//! The triage block of the reading view and `show`: what the office has decided about the
//! cable, under its header. The action and info desks, labels, flagged and done, who
//! acknowledged it and when, the tasker (who, its state, its suspense, who tasked it when), who
//! last picked it up from the shift handover, who has read it, and every officer's note with its author and
//! time. Empty when nothing was ever decided.

use crate::triage::CableState;

use super::reading::{Line, Role};

/// A time as the block shows it: `2026-12-06 07:12Z`.
fn when(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%MZ").to_string()
}

/// One `  NAME  value` row, the name in the heading role.
fn row(name: &str, value: &str) -> Line {
    let mut l = Line {
        indent: 10,
        ..Default::default()
    };
    l.push(Role::Text, "  ")
        .push(Role::Heading, format!("{name:<8}"))
        .push(Role::Text, value);
    l
}

/// The block for `c`, as `viewer` sees it (their own reads and notes are marked "you").
pub fn triage_block(c: &CableState, viewer: Option<&str>) -> Vec<Line> {
    let mut rows = Vec::new();
    let who = |u: &str| {
        if Some(u) == viewer {
            format!("{u} (you)")
        } else {
            u.to_string()
        }
    };
    if let Some(d) = &c.action_desk {
        rows.push(row("ACTION", d));
    }
    if !c.info_desks.is_empty() {
        rows.push(row("INFO", &c.info_desks.join(", ")));
    }
    if !c.labels.is_empty() {
        let labels: Vec<&str> = c.labels.iter().map(String::as_str).collect();
        rows.push(row("LABELS", &labels.join(", ")));
    }
    let status: Vec<&str> = [(c.flagged, "flagged"), (c.done, "done")]
        .into_iter()
        .filter_map(|(on, word)| on.then_some(word))
        .collect();
    if !status.is_empty() {
        rows.push(row("STATUS", &status.join(", ")));
    }
    if let Some(by) = &c.acked_by {
        let at = c.acked_at.as_ref().map(when).unwrap_or_default();
        rows.push(row("ACKED", format!("{} {at}", who(by)).trim_end()));
    }
    if let Some(t) = &c.tasker {
        let due = t.suspense.as_ref().map_or("no suspense".to_string(), |s| {
            format!("suspense {}", when(s))
        });
        rows.push(row(
            "TASKER",
            &format!("{} ({}), {due}", who(&t.assignee), t.state),
        ));
        rows.push(row(
            "",
            &format!("tasked by {} {}", who(&t.assigned_by), when(&t.assigned_at)),
        ));
    }
    if let Some(p) = &c.handover_ack {
        rows.push(row(
            "HANDOVER",
            &format!("picked up by {} {}", who(&p.by), when(&p.at)),
        ));
    }
    if !c.read_by.is_empty() {
        let readers: Vec<String> = c.read_by.iter().map(|u| who(u)).collect();
        rows.push(row("READ BY", &readers.join(", ")));
    }
    for (author, note) in c.notes_by_time() {
        rows.push(row("NOTE", &format!("{} {}", who(author), when(&note.at))));
        for text in note.text.lines() {
            let mut l = Line {
                indent: 12,
                ..Default::default()
            };
            l.push(Role::Text, "            ").push(Role::Text, text);
            rows.push(l);
        }
    }
    if rows.is_empty() {
        return rows;
    }
    let mut head = Line::default();
    head.push(Role::Heading, "TRIAGE");
    let mut lines = vec![head];
    lines.extend(rows);
    lines.push(Line::default());
    lines
}
