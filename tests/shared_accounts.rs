//! Officers under their own Unix accounts on one traffic directory, run for real (as root): two
//! accounts in the office's group, one outside it, made with `useradd` and removed at the end
//! even when a test fails. Both officers' labels, routes, notes and reads reach the one journal
//! and each sees the other's, with the account that wrote each event (`os_user`); the outsider
//! is refused in one line naming the state directory and the group, and nothing changes; the
//! TUI in a pty records as its account, and is read-only, saying why, for the outsider.
//! Skipped with a message where accounts cannot be made (not root, no useradd).

#![cfg(unix)]

mod accounts_support;
mod pty_support;

use std::collections::BTreeMap;

use accounts_support::{C1, C2, Office, has, office, wait_journal};
use serde_json::Value;

/// The outsider's attempt: exit 2, one line on stderr naming the directory and the group,
/// nothing on stdout, the state directory exactly as it was.
fn refused(o: &Office, args: &[&str]) {
    let (journal, listing) = (o.journal(), o.listing());
    let out = o.run(2, "022", args);
    let err = String::from_utf8_lossy(&out.stderr);
    eprintln!("{args:?} as the outsider: {err}");
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: not one line: {err}");
    assert!(
        err.contains(&o.state.display().to_string()),
        "{args:?}: no directory: {err}"
    );
    assert!(
        err.contains(&format!("`{}`", o.acc.group)),
        "{args:?}: no group: {err}"
    );
    assert!(
        out.stdout.is_empty(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(o.journal(), journal, "{args:?} changed the journal");
    assert_eq!(o.listing(), listing, "{args:?} changed the state directory");
}

#[test]
fn two_officers_share_one_journal_and_an_outsider_is_refused() {
    let Some(o) = office() else { return };
    let (a, b) = (o.user(0).to_string(), o.user(1).to_string());
    // Alice names herself; her account is what the journal trusts. Bob's name is his account's.
    o.ok(0, "077", &["label", C1, "urgent", "--user", "alice"]);
    o.ok(1, "022", &["label", C2, "iraq"]);
    o.ok(0, "077", &["route", C1, "EUR/CE", "--user", "alice"]);
    o.ok(1, "022", &["route", C1, "EUR/RUS", "--info"]);
    o.ok(1, "022", &["label", C1, "followup"]);
    let notes = o.has_command("note");
    if notes {
        o.ok(
            0,
            "077",
            &[
                "note",
                C1,
                "alice reads the harbour as calm",
                "--user",
                "alice",
            ],
        );
        o.ok(1, "022", &["note", C1, "bob thinks the storm will return"]);
    } else {
        eprintln!("no `note` command in this build: notes are written through the TUI test");
    }

    // Everything the first writer made is the group's, whatever her umask (077).
    let gid = o.group_gid();
    for (name, (_, mode, _, g)) in o.listing() {
        let want = if o.state.join(&name).is_dir() {
            0o2770
        } else {
            0o660
        };
        assert_eq!(mode, want, "{name} has mode {mode:04o}");
        assert_eq!(g, gid, "{name} is not in the office's group");
    }

    // Each sees the other's decisions, with the account that wrote each.
    let log = o.log(0);
    assert_eq!(log.len(), if notes { 7 } else { 5 }, "{log:?}");
    assert_eq!(
        o.log(1).iter().map(|e| &e.4).collect::<Vec<_>>(),
        log.iter().map(|e| &e.4).collect::<Vec<_>>()
    );
    assert!(has(&log, "alice", &a, "add_labels", C1), "{log:?}");
    assert!(has(&log, "alice", &a, "route_action", C1), "{log:?}");
    assert!(has(&log, &b, &b, "add_labels", C2), "{log:?}");
    assert!(has(&log, &b, &b, "add_info_desk", C1), "{log:?}");
    assert!(has(&log, &b, &b, "add_labels", C1), "{log:?}");
    if notes {
        let texts: Vec<(&str, &str)> = log
            .iter()
            .filter_map(|(_, os, _, _, v)| v["text"].as_str().map(|t| (os.as_str(), t)))
            .collect();
        assert!(
            texts.contains(&(a.as_str(), "alice reads the harbour as calm")),
            "{texts:?}"
        );
        assert!(
            texts.contains(&(b.as_str(), "bob thinks the storm will return")),
            "{texts:?}"
        );
    }
    // `log` shows the account beside a name that differs from it, and only then.
    let text = o.ok(1, "022", &["log"]);
    assert!(text.contains(&format!("alice (os: {a})")), "{text}");
    assert!(!text.contains(&format!("{b} (os:")), "{text}");

    for i in [0, 1] {
        let export = o.ok(i, "022", &["export", "--format", "json"]);
        let rows: BTreeMap<String, Value> = export
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).expect("JSON");
                (v["id"].as_str().unwrap_or_default().to_string(), v)
            })
            .collect();
        let c1 = &rows[C1];
        assert_eq!(
            c1["labels"],
            serde_json::json!(["followup", "urgent"]),
            "{export}"
        );
        assert_eq!(c1["action_desk"], "EUR/CE", "{export}");
        assert_eq!(c1["info_desks"], serde_json::json!(["EUR/RUS"]), "{export}");
        assert_eq!(rows[C2]["labels"], serde_json::json!(["iraq"]), "{export}");
    }

    // The outsider: refused by name, nothing changed.
    refused(&o, &["label", C1, "mine"]);
    refused(&o, &["route", C2, "EUR/CE"]);
    refused(&o, &["label", C1, "urgent", "--remove", "--user", "alice"]);
    if notes {
        refused(&o, &["note", C1, "an outsider's note"]);
    }
    // ... who can still read the traffic.
    let list = o.run(2, "022", &["list", "--format", "count"]);
    assert_eq!(
        String::from_utf8_lossy(&list.stdout).trim(),
        "3",
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
}

#[test]
fn the_tui_records_as_its_account_and_is_read_only_for_an_outsider() {
    let Some(o) = office() else { return };
    let b = o.user(1).to_string();
    o.ok(0, "077", &["label", C1, "urgent"]);

    // Bob in the TUI: label the first cable, write a note, open it (a read), quit.
    let mut s = o.tui(1, (100, 30));
    s.wait_for("1/3");
    s.send("t");
    s.send("from-the-tui\r");
    wait_journal(&o, "from-the-tui");
    s.send("n");
    s.send("bob writes from his own account");
    s.send("\x1b");
    wait_journal(&o, "bob writes from his own account");
    s.send("\r");
    s.wait_for("breakwater would be repaired");
    // Back to the inbox before the next key (an escape followed at once by a key reads as Alt).
    s.send("\x1b");
    s.wait_for("sort: precedence");
    s.send("q");
    assert_eq!(s.wait_exit(), 0, "{}", s.contents());

    let log = o.log(0);
    let first = log
        .iter()
        .find(|e| e.2 == "add_labels" && e.4["labels"] == serde_json::json!(["from-the-tui"]))
        .expect("the TUI's label");
    assert_eq!(
        (first.0.as_str(), first.1.as_str()),
        (b.as_str(), b.as_str()),
        "{log:?}"
    );
    let cable = first.3.clone();
    assert!(
        log.iter()
            .any(|e| e.1 == b && e.3 == cable && e.4["text"] == "bob writes from his own account"),
        "{log:?}"
    );
    assert!(has(&log, &b, &b, "mark_read", &cable), "{log:?}");
    let shown = o.ok(0, "022", &["export", "--format", "json"]);
    assert!(
        shown.contains("from-the-tui"),
        "alice does not see bob's label: {shown}"
    );

    // The outsider: the inbox opens, says why triage is disabled, filters, and records nothing.
    let (journal, listing) = (o.journal(), o.listing());
    let mut s = o.tui(2, (250, 30));
    s.wait_for("triage disabled");
    s.wait_for(&format!("`{}`", o.acc.group));
    eprintln!("the outsider's inbox:\n{}", s.contents());
    s.send("/quota\r");
    s.wait_for("1/1");
    // Refused in the status line (no prompt opens), as every triage key is.
    s.send("t");
    s.settle();
    assert!(s.contents().contains("READ-ONLY"), "{}", s.contents());
    s.send("q");
    assert_eq!(s.wait_exit(), 0, "{}", s.contents());
    assert_eq!(
        o.journal(),
        journal,
        "the outsider's TUI changed the journal"
    );
    assert_eq!(
        o.listing(),
        listing,
        "the outsider's TUI changed the state directory"
    );
}
