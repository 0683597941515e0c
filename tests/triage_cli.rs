//! `label`, `route`, `log` and `export` on the built binary, with `--state` in a temp dir and a
//! fictional desks.toml.

use std::path::Path;
use std::process::{Command, Output};

const DESKS: &str = r#"# fictional desks for tests
[[desk]]
code = "EUR/CE"
name = "Central Europe"
tags = ["PL", "CZ", "HU"]

[[desk]]
code = "EUR/RUS"
name = "Russian Affairs"
tags = ["RS"]
"#;

struct Env {
    _tmp: tempfile::TempDir,
    traffic: std::path::PathBuf,
    state: std::path::PathBuf,
}

fn env() -> Env {
    let tmp = tempfile::tempdir().unwrap();
    let traffic = tmp.path().join("traffic");
    std::fs::create_dir(&traffic).unwrap();
    std::fs::write(traffic.join("desks.toml"), DESKS).unwrap();
    // label/route refuse a cable that is not in the traffic: give them fictional ones.
    for (post, serial) in [
        ("WARSAW", 88),
        ("WARSAW", 91),
        ("WARSAW", 92),
        ("WARSAW", 93),
    ] {
        write_cable(&traffic, "09", post, serial);
    }
    write_cable(&traffic, "10", "MOSCOW", 5);
    let state = tmp.path().join("state");
    Env {
        _tmp: tmp,
        traffic,
        state,
    }
}

/// A short fictional cable whose reference id is `{yy}{post}{serial}`.
fn write_cable(dir: &Path, yy: &str, post: &str, serial: u32) {
    let text = format!(
        "VZCZCXYZ0000\nRR RUEHC\n\nDE RUEHXX #{serial:04}/01 0011200\nZNR UUUUU ZZH\n\
         R 011200Z JAN {yy}\nFM AMEMBASSY {post}\nTO RUEHC/SECSTATE WASHDC 0001\n\n\
         UNCLAS {post} {serial:06}\n\nE.O. 12958: N/A\nTAGS: PREL PL\n\
         SUBJECT: FICTIONAL TEST CABLE {serial}\n\n1. Nothing happened here.\n\nSMITH\n"
    );
    std::fs::write(dir.join(format!("{yy}{post}{serial}.txt")), text).unwrap();
}

/// The binary on the test's traffic and state as `user`, with `stdin` written to its input
/// (none: an empty input).
fn run(e: &Env, user: &str, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(args)
        .arg("--dir")
        .arg(&e.traffic)
        .arg("--state")
        .arg(&e.state)
        .args(["--user", user])
        .env_remove("CABLETRIAGE_DIR")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let (Some(text), Some(mut input)) = (stdin, child.stdin.take()) {
        input.write_all(text.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn ok(e: &Env, args: &[&str]) -> String {
    let o = run(e, "alice", args, None);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn export_json(e: &Env) -> Vec<serde_json::Value> {
    ok(e, &["export", "--format", "json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn label_and_route_show_up_in_export() {
    let e = env();
    let out = ok(&e, &["label", "09WARSAW88", "urgent", "poland"]);
    assert!(
        out.contains("09WARSAW88") && out.contains("urgent"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 1);
    ok(&e, &["label", "09WARSAW88", "poland", "--remove"]);
    let out = ok(&e, &["route", "09WARSAW88", "eur/ce"]);
    assert!(out.contains("EUR/CE"), "{out}");
    ok(&e, &["route", "09WARSAW88", "EUR/RUS", "--info"]);
    ok(&e, &["label", "10MOSCOW5", "later"]);

    let rows = export_json(&e);
    assert_eq!(rows.len(), 2);
    let w = rows.iter().find(|r| r["id"] == "09WARSAW88").unwrap();
    assert_eq!(w["id"], "09WARSAW88");
    assert_eq!(w["labels"], serde_json::json!(["urgent"]));
    assert_eq!(w["action_desk"], "EUR/CE");
    assert_eq!(w["info_desks"], serde_json::json!(["EUR/RUS"]));
    assert_eq!(w["done"], false);

    let csv = ok(&e, &["export"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "id,action_desk,info_desks,labels,read,flagged,done,has_note,acked_by,assignee,task,suspense"
        )
    );
    assert_eq!(
        lines.next(),
        Some("09WARSAW88,EUR/CE,EUR/RUS,urgent,false,false,false,false,,,,")
    );
}

#[test]
fn an_unknown_desk_exits_2_listing_the_known_ones() {
    let e = env();
    let o = run(&e, "alice", &["route", "09WARSAW88", "EUR/XYZ"], None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("EUR/XYZ") && err.contains("EUR/CE") && err.contains("EUR/RUS"),
        "{err}"
    );
    assert!(!e.state.join("journal.toml").exists() || ok(&e, &["log"]).is_empty());
}

#[test]
fn a_bad_desks_file_exits_2_naming_file_and_line() {
    let e = env();
    std::fs::write(
        e.traffic.join("desks.toml"),
        format!("{DESKS}\n[[desk]]\ncode = \"EUR/CE\"\nname = \"again\"\n"),
    )
    .unwrap();
    let o = run(&e, "alice", &["route", "09WARSAW88", "EUR/CE"], None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    let dup_line = DESKS.lines().count() + 3;
    assert!(err.contains(&format!("desks.toml:{dup_line}")), "{err}");
    assert!(err.contains("twice"), "{err}");
}

#[test]
fn a_bad_label_exits_2_and_records_nothing() {
    let e = env();
    let o = run(&e, "alice", &["label", "09WARSAW88", "two words"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(export_json(&e).is_empty());
}

#[test]
fn log_shows_who_did_what_to_which_cable() {
    let e = env();
    ok(&e, &["label", "09WARSAW88", "urgent"]);
    let o = run(&e, "bob", &["route", "09WARSAW88", "EUR/CE"], None);
    assert!(o.status.success());
    let json = ok(&e, &["log", "--format", "json"]);
    let rows: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["user"], "alice");
    assert_eq!(rows[0]["cable"], "09WARSAW88");
    assert_eq!(rows[0]["op"], "add_labels");
    assert_eq!(rows[0]["labels"], serde_json::json!(["urgent"]));
    assert_eq!(rows[1]["user"], "bob");
    assert_eq!(rows[1]["op"], "route_action");
    assert_eq!(rows[1]["desk"], "EUR/CE");
    assert!(rows[1]["at"].as_str().unwrap().ends_with('Z'));
    let text = ok(&e, &["log"]);
    let last = text.lines().last().unwrap();
    assert!(
        last.contains("bob") && last.contains("route_action") && last.contains("desk=EUR/CE"),
        "{last}"
    );
}

#[test]
fn a_damaged_journal_warns_and_still_records() {
    let e = env();
    ok(&e, &["label", "09WARSAW91", "first"]);
    let journal = e.state.join("journal.toml");
    let mut text = std::fs::read_to_string(&journal).unwrap();
    text.push_str("[[event]]\nseq = 2\nat = \"20");
    std::fs::write(&journal, &text).unwrap();
    let o = run(&e, "alice", &["label", "09WARSAW91", "second"], None);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("warning") && err.contains("line"), "{err}");
    let rows = export_json(&e);
    assert_eq!(rows[0]["labels"], serde_json::json!(["first", "second"]));
}

#[test]
fn concurrent_cli_labels_are_all_recorded() {
    let e = env();
    let e = &e;
    std::thread::scope(|s| {
        for who in ["ann", "ben"] {
            s.spawn(move || {
                for i in 0..25 {
                    let o = run(e, who, &["label", "09WARSAW92", &format!("{who}{i}")], None);
                    assert!(o.status.success());
                }
            });
        }
    });
    let rows = export_json(e);
    assert_eq!(rows[0]["labels"].as_array().unwrap().len(), 50);
    assert!(!Path::new(&e.state.join("journal.toml")).is_dir());
}

#[test]
fn log_and_export_of_an_empty_state_print_nothing() {
    let e = env();
    assert_eq!(ok(&e, &["log"]), "");
    assert_eq!(ok(&e, &["log", "--format", "json"]), "");
    assert!(export_json(&e).is_empty());
    assert!(
        !e.state.join("journal.toml").exists(),
        "reading created the journal"
    );
}

#[test]
fn kill_dash_nine_on_label_never_loses_a_confirmed_label() {
    let e = env();
    let mut confirmed = Vec::new();
    for i in 0..40u64 {
        let label = format!("k{i}");
        let mut child = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
            .args(["label", "09WARSAW93", &label, "--user", "kim"])
            .arg("--dir")
            .arg(&e.traffic)
            .arg("--state")
            .arg(&e.state)
            .env_remove("CABLETRIAGE_DIR")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Kill somewhere between start-up and well after the fsync.
        std::thread::sleep(std::time::Duration::from_micros((i * 7919) % 12_000));
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        if out.status.success() && String::from_utf8_lossy(&out.stdout).contains(&label) {
            confirmed.push(label);
        }
    }
    println!("{} of 40 confirmed before the kill", confirmed.len());
    let rows = export_json(&e);
    let have: Vec<&str> = rows
        .first()
        .map(|r| {
            r["labels"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|v| v.as_str())
                .collect()
        })
        .unwrap_or_default();
    for l in &confirmed {
        assert!(
            have.contains(&l.as_str()),
            "{l} was confirmed but is missing"
        );
    }
    // The journal still takes and keeps a label.
    ok(&e, &["label", "09WARSAW93", "after"]);
    assert!(
        export_json(&e)[0]["labels"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v == "after")
    );
}

#[test]
fn a_cable_not_in_the_traffic_is_refused_and_nothing_recorded() {
    let e = env();
    // An unknown id is the same negative answer (exit 1) for every command that takes one.
    for args in [
        &["label", "09WARSAW404", "urgent"][..],
        &["route", "09WARSAW404", "EUR/CE"],
        &["note", "09WARSAW404", "text"],
        &["show", "09WARSAW404"],
    ] {
        let o = run(&e, "alice", args, None);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("no cable 09WARSAW404"),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // show matches ids case-insensitively, as the triage commands do.
    let shown = ok(&e, &["show", "09warsaw88"]);
    assert!(shown.contains("FICTIONAL TEST CABLE 88"), "{shown}");
    // Lower-case input names the same cable.
    ok(&e, &["label", "09warsaw88", "urgent"]);
    let rows = export_json(&e);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["id"], "09WARSAW88");
}

#[test]
fn a_user_name_with_a_newline_is_refused_and_writes_nothing() {
    let e = env();
    ok(&e, &["label", "09WARSAW88", "first"]);
    let before = std::fs::read(e.state.join("journal.toml")).unwrap();
    let o = run(
        &e,
        "bob\n[[event]]\nseq = 9",
        &["label", "09WARSAW88", "x1"],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("control characters"), "{err}");
    assert_eq!(
        err.lines().count(),
        1,
        "the raw newline reached stderr: {err}"
    );
    assert!(String::from_utf8_lossy(&o.stdout).is_empty());
    assert_eq!(std::fs::read(e.state.join("journal.toml")).unwrap(), before);
    // The next writer gets the next number.
    let out = ok(&e, &["label", "09WARSAW88", "second"]);
    assert!(out.contains("#2"), "{out}");
}

#[test]
fn log_names_the_account_that_wrote_each_event() {
    let e = env();
    ok(&e, &["label", "09WARSAW88", "urgent"]);
    let line = ok(&e, &["log", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    let me = cabletriage::triage::account::os_user();
    assert_eq!(v["os_user"], serde_json::json!(me));
    assert_eq!(v["user"], "alice");
    let text = ok(&e, &["log"]);
    if me != "alice" {
        assert!(text.contains(&format!("alice (os: {me})")), "{text}");
    }
}

#[test]
fn journal_verify_names_the_first_event_that_does_not_follow() {
    let e = env();
    ok(&e, &["label", "09WARSAW88", "one"]);
    ok(&e, &["label", "09WARSAW91", "two"]);
    ok(&e, &["label", "09WARSAW92", "three"]);
    let o = run(&e, "alice", &["journal", "verify"], None);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("format 2, 3 events") && out.contains("chain: intact"),
        "{out}"
    );

    let path = e.state.join("journal.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("labels = [\"two\"]", "labels = [\"TWO\"]"),
    )
    .unwrap();
    let o = run(&e, "alice", &["journal", "verify"], None);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("event #2") && out.contains("changed"), "{out}");
    // `check` names it too (and exits 1 for it).
    let o = run(&e, "alice", &["check"], None);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("event #2"), "{out}");
    // Every command that opens the journal warns about it.
    let o = run(&e, "alice", &["export"], None);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("history was altered") && err.contains("#2"),
        "{err}"
    );
}

/// `run` with `stdin` piped in.
#[test]
fn each_officer_keeps_their_own_note() {
    let e = env();
    let o = run(
        &e,
        "alice",
        &["note", "09WARSAW88", "Call the consul."],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(
        &e,
        "bob",
        &["note", "09WARSAW88", "-"],
        Some("Figures:\n12 boats\n"),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("1 note by colleagues kept"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // alice rewrites hers: bob's stays.
    run(
        &e,
        "alice",
        &["note", "09WARSAW88", "Consul called back."],
        None,
    );
    let shown = ok(&e, &["note", "09WARSAW88"]);
    assert!(shown.contains("Consul called back."), "{shown}");
    assert!(!shown.contains("Call the consul."), "{shown}");
    assert!(shown.contains("12 boats"), "{shown}");
    assert!(shown.contains("bob") && shown.contains("alice"), "{shown}");
    // An empty text clears only the writer's own note.
    run(&e, "bob", &["note", "09WARSAW88", ""], None);
    let shown = ok(&e, &["note", "09WARSAW88"]);
    assert!(
        !shown.contains("12 boats") && shown.contains("Consul called back."),
        "{shown}"
    );
}

#[test]
fn routing_replaces_moves_refuses_both_roles_and_unroutes() {
    let e = env();
    ok(&e, &["route", "09WARSAW88", "EUR/CE"]);
    let out = ok(&e, &["route", "09WARSAW88", "EUR/RUS"]);
    assert!(out.contains("replacing EUR/CE"), "{out}");
    let both = run(
        &e,
        "alice",
        &["route", "09WARSAW88", "EUR/RUS", "--info"],
        None,
    );
    assert_eq!(both.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&both.stderr).contains("EUR/RUS is the action desk of 09WARSAW88"),
        "{}",
        String::from_utf8_lossy(&both.stderr)
    );
    ok(&e, &["route", "09WARSAW88", "EUR/CE", "--info"]);
    // Routing for action to an info desk moves it.
    let out = ok(&e, &["route", "09WARSAW88", "EUR/CE"]);
    assert!(out.contains("replacing EUR/RUS"), "{out}");
    let c = &export_json(&e)[0];
    assert_eq!(c["action_desk"], "EUR/CE");
    assert_eq!(c["info_desks"], serde_json::json!([]));
    ok(&e, &["route", "09WARSAW88", "EUR/RUS", "--info"]);
    let out = ok(&e, &["route", "09WARSAW88", "--remove-info", "eur/rus"]);
    assert!(out.contains("info desk EUR/RUS removed"), "{out}");
    let out = ok(&e, &["route", "09WARSAW88", "--clear"]);
    assert!(out.contains("action desk EUR/CE cleared"), "{out}");
    let out = ok(&e, &["route", "09WARSAW88", "--clear"]);
    assert!(out.contains("nothing recorded"), "{out}");
}

#[test]
fn a_filter_may_start_with_a_dash_and_an_empty_user_is_refused() {
    let e = env();
    let count = ok(
        &e,
        &["list", "--format", "count", "--filter", "-tag:PL -tag:RS"],
    );
    assert_eq!(count.trim(), "0", "every fictional cable is tagged PL");
    let count = ok(&e, &["list", "--format", "count", "--filter", "-tag:RS"]);
    assert_eq!(count.trim(), "5");
    let o = run(&e, "", &["label", "09WARSAW88", "urgent"], None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("empty user name"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!e.state.join("journal.toml").exists(), "nothing recorded");
}
