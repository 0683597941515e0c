//! The handover as text (for a terminal or a mail), Markdown (for a wiki or a chat) and JSON
//! (one object, for scripts). Every string from the traffic or the journal is put on one line
//! here (controls shown, line breaks flattened); Markdown also escapes its table pipes.

use std::fmt::Write;

use chrono::{DateTime, Utc};

use super::{Group, Handover, Item, Pickup};
use crate::sanitize::for_line;

fn when(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%MZ").to_string()
}

fn prec(i: &Item) -> &'static str {
    i.precedence.map_or("-", |p| p.as_str())
}

/// `picked up by bob 2026-12-06 06:10Z`, `carried over (bob 2026-12-05 22:10Z)`, `new`.
pub fn pickup_words(p: &Pickup) -> String {
    match p {
        Pickup::New => "new".into(),
        Pickup::PickedUp { by, at } => format!("picked up by {} {}", for_line(by), when(at)),
        Pickup::CarriedOver { by, at } => {
            format!("carried over (picked up by {} {})", for_line(by), when(at))
        }
    }
}

/// What else the item says besides its id, DTG and subject: desk, due, tasker, other reasons,
/// who last acted.
pub fn detail_words(i: &Item) -> Vec<String> {
    let mut out = vec![format!(
        "desk {}",
        i.desk
            .as_deref()
            .map_or("-".into(), |d| for_line(d).into_owned())
    )];
    if let Some(d) = &i.due {
        out.push(format!("due {}", when(d)));
    }
    if let (Some(a), Some(t)) = (&i.assignee, i.task) {
        let s = i
            .suspense
            .map(|s| format!(", suspense {}", when(&s)))
            .unwrap_or_default();
        out.push(format!("tasked to {} ({t}{s})", for_line(a)));
    }
    let also: Vec<&str> = i.reasons.iter().skip(1).map(|g| g.reason()).collect();
    if !also.is_empty() {
        out.push(format!("also {}", also.join(", ")));
    }
    out.push(match &i.last_acted {
        Some(p) => format!("last acted {} {}", for_line(&p.by), when(&p.at)),
        None => "no action yet".into(),
    });
    out
}

/// The summary line: `12 items: 8 new, 1 carried over, 3 picked up; 2 notes`.
pub fn summary(h: &Handover) -> String {
    let (new, carried, picked) = h.counts();
    format!(
        "{} item{}: {new} new, {carried} carried over, {picked} picked up; {} note{} since {}",
        h.items.len(),
        if h.items.len() == 1 { "" } else { "s" },
        h.notes.len(),
        if h.notes.len() == 1 { "" } else { "s" },
        when(&h.since)
    )
}

/// Plain text: a heading, the summary, each non-empty group with its items, then the notes.
pub fn text(h: &Handover) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "SHIFT HANDOVER {} (since {})",
        when(&h.now),
        when(&h.since)
    );
    let _ = writeln!(out, "{}", summary(h));
    for g in Group::ALL {
        let items: Vec<&Item> = h.group(g).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{} ({})", g.title().to_uppercase(), items.len());
        for i in items {
            let dtg = i.dtg.as_ref().map_or("-".into(), when);
            let _ = writeln!(
                out,
                "  {}  {}  {dtg}  {}",
                for_line(&i.id),
                prec(i),
                for_line(&i.subject)
            );
            let _ = writeln!(
                out,
                "      {}; {}",
                detail_words(i).join("; "),
                pickup_words(&i.pickup)
            );
        }
    }
    if !h.notes.is_empty() {
        let _ = writeln!(out, "\nNOTES SINCE {} ({})", when(&h.since), h.notes.len());
        for n in &h.notes {
            let _ = writeln!(
                out,
                "  {}  {} {}: {}",
                for_line(&n.id),
                for_line(&n.user),
                when(&n.at),
                for_line(&n.text)
            );
        }
    }
    out
}

/// A Markdown table cell: one line, pipes escaped.
fn cell(s: &str) -> String {
    for_line(s).replace('\\', "\\\\").replace('|', "\\|")
}

/// Markdown: a title, the summary, a table per non-empty group, the notes as a list.
pub fn markdown(h: &Handover) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Shift handover {}\n", when(&h.now));
    let _ = writeln!(out, "Since {}. {}.", when(&h.since), summary(h));
    for g in Group::ALL {
        let items: Vec<&Item> = h.group(g).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## {} ({})\n", g.title(), items.len());
        let _ = writeln!(
            out,
            "| ID | Precedence | DTG | Subject | Details | Pick-up |\n|---|---|---|---|---|---|"
        );
        for i in items {
            let dtg = i.dtg.as_ref().map_or("-".into(), when);
            let _ = writeln!(
                out,
                "| {} | {} | {dtg} | {} | {} | {} |",
                cell(&i.id),
                prec(i),
                cell(&i.subject),
                cell(&detail_words(i).join("; ")),
                cell(&pickup_words(&i.pickup))
            );
        }
    }
    if !h.notes.is_empty() {
        let _ = writeln!(
            out,
            "\n## Notes since {} ({})\n",
            when(&h.since),
            h.notes.len()
        );
        for n in &h.notes {
            let _ = writeln!(
                out,
                "- **{}** {} {}: {}",
                cell(&n.id),
                cell(&n.user),
                when(&n.at),
                cell(&n.text)
            );
        }
    }
    out
}

/// JSON: one object, `now`, `since`, `summary`, `groups` (each with `group`, `title` and
/// `items`, every group present, empty or not) and `notes`. Times are RFC 3339 UTC.
pub fn json(h: &Handover) -> serde_json::Value {
    let groups: Vec<serde_json::Value> = Group::ALL
        .iter()
        .map(|g| {
            let items: Vec<serde_json::Value> = h.group(*g).map(item_json).collect();
            serde_json::json!({ "group": g, "title": g.title(), "items": items })
        })
        .collect();
    let (new, carried, picked) = h.counts();
    serde_json::json!({
        "now": rfc(&h.now),
        "since": rfc(&h.since),
        "summary": { "items": h.items.len(), "new": new, "carried_over": carried,
                     "picked_up": picked, "notes": h.notes.len() },
        "groups": groups,
        "notes": h.notes.iter().map(|n| serde_json::json!({
            "id": n.id, "subject": n.subject, "user": n.user, "at": rfc(&n.at), "text": n.text,
        })).collect::<Vec<_>>(),
    })
}

fn rfc(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn item_json(i: &Item) -> serde_json::Value {
    let (status, by, at) = match &i.pickup {
        Pickup::New => ("new", None, None),
        Pickup::CarriedOver { by, at } => ("carried_over", Some(by), Some(rfc(at))),
        Pickup::PickedUp { by, at } => ("picked_up", Some(by), Some(rfc(at))),
    };
    serde_json::json!({
        "id": i.id,
        "precedence": i.precedence.map(|p| p.as_str()),
        "dtg": i.dtg.as_ref().map(rfc),
        "subject": i.subject,
        "desk": i.desk,
        "reasons": i.reasons,
        "due": i.due.as_ref().map(rfc),
        "assignee": i.assignee,
        "task": i.task,
        "suspense": i.suspense.as_ref().map(rfc),
        "last_acted_by": i.last_acted.as_ref().map(|p| &p.by),
        "last_acted_at": i.last_acted.as_ref().map(|p| rfc(&p.at)),
        "pickup": status,
        "picked_up_by": by,
        "picked_up_at": at,
    })
}
