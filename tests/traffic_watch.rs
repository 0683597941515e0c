//! The traffic watcher as the inbox sees it: cables arriving in a watched folder (written in
//! place in pieces, renamed into place, in a new subfolder), removed, changed, and files the
//! walk ignores, in notify and polling modes. Every arrival must be reported within 2 s; the
//! tests wait up to 5 s (a loaded machine) and print the latency they saw.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant, SystemTime};

use cabletriage::cable::Precedence;
use cabletriage::traffic::read::Stamp;
use cabletriage::traffic::watch::{TrafficEvent, TrafficWatcher, WatchMode, WatchOptions};

/// The bound the issue sets for a new cable to appear.
const PROMISED: Duration = Duration::from_secs(2);
/// How long a test waits before calling an event missing.
const PATIENCE: Duration = Duration::from_secs(5);
/// How long a test listens for events that must not come.
const QUIET: Duration = Duration::from_millis(1500);

/// A fictional cable (the Republic of Elbonia does not exist).
fn cable(serial: u32, prec: &str, subject: &str) -> String {
    let p = match prec {
        "FLASH" => "Z",
        "IMMEDIATE" => "O",
        "PRIORITY" => "P",
        _ => "R",
    };
    format!(
        "VZCZCXRO{serial:04}\n{p}{p} RUEHC\nDE RUEHEL #{serial:04} 3301200\nZNY CCCCC ZZH\n\
         {p} 261200Z NOV 26\nFM AMEMBASSY ELBONIA CITY\n\
         TO RUEHC/SECSTATE WASHDC {prec} {serial:04}\nBT\n\
         C O N F I D E N T I A L ELBONIA CITY {serial:06}\n\nSIPDIS\n\n\
         E.O. 12958: DECL: 11/26/2036\nTAGS: PREL PGOV XE\n\
         SUBJECT: {subject}\n\n\
         1. (C) The foreign ministry of Elbonia called in the chief of mission today to discuss\n\
         the mud harvest and the state of the national road, which remains impassable.\n\n\
         2. (C) Post will report further as events develop.\n\nJONES\n"
    )
}

fn watch(dir: &Path, opts: WatchOptions) -> (TrafficWatcher, Receiver<TrafficEvent>) {
    let (tx, rx) = channel();
    let t = Instant::now();
    let w = TrafficWatcher::spawn(dir, opts, tx).expect("watcher starts");
    eprintln!("watching after {} ms", t.elapsed().as_millis());
    (w, rx)
}

fn path_of(ev: &TrafficEvent) -> Option<&Path> {
    match ev {
        TrafficEvent::Upserted { path, .. } | TrafficEvent::Removed { path } => Some(path),
        TrafficEvent::Error(_) => None,
    }
}

/// Collect events until `done` holds for one (returning it with its latency from `start`) or
/// `PATIENCE` runs out; every event seen is appended to `log`.
fn wait_for(
    rx: &Receiver<TrafficEvent>,
    start: Instant,
    log: &mut Vec<TrafficEvent>,
    done: impl Fn(&TrafficEvent) -> bool,
) -> Option<Duration> {
    while start.elapsed() < PATIENCE {
        let left = PATIENCE.saturating_sub(start.elapsed());
        if let Ok(ev) = rx.recv_timeout(left) {
            let hit = done(&ev);
            log.push(ev);
            if hit {
                return Some(start.elapsed());
            }
        }
    }
    None
}

/// Everything that arrives within `QUIET`.
fn drain_quiet(rx: &Receiver<TrafficEvent>, log: &mut Vec<TrafficEvent>) {
    let until = Instant::now() + QUIET;
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        if let Ok(ev) = rx.recv_timeout(left) {
            log.push(ev);
        }
    }
}

fn upserts_of<'a>(log: &'a [TrafficEvent], p: &Path) -> Vec<&'a TrafficEvent> {
    log.iter()
        .filter(|e| matches!(e, TrafficEvent::Upserted { path, .. } if path == p))
        .collect()
}

fn is_upsert_of(p: &Path) -> impl Fn(&TrafficEvent) -> bool + '_ {
    move |e| matches!(e, TrafficEvent::Upserted { path, .. } if path == p)
}

fn report(what: &str, latency: Option<Duration>) -> Duration {
    let l = latency.unwrap_or_else(|| panic!("{what}: no event within {PATIENCE:?}"));
    eprintln!("{what}: reported after {} ms", l.as_millis());
    if l > PROMISED {
        eprintln!("{what}: slower than the promised {PROMISED:?} (machine loaded?)");
    }
    l
}

/// The subject of the single record of an Upserted event.
fn subject(ev: &TrafficEvent) -> String {
    match ev {
        TrafficEvent::Upserted { records, .. } => {
            assert_eq!(records.len(), 1, "one cable in the file");
            records[0].subject().to_string()
        }
        other => panic!("not an upsert: {other:?}"),
    }
}

#[test]
fn cable_written_in_place_slowly_is_read_once_complete() {
    written_in_place(WatchMode::Notify);
}

#[test]
fn cable_written_in_place_slowly_is_read_once_complete_when_polling() {
    written_in_place(WatchMode::Poll);
}

fn written_in_place(mode: WatchMode) {
    let dir = tempfile::tempdir().unwrap();
    let opts = WatchOptions {
        mode,
        ..Default::default()
    };
    let (_w, rx) = watch(dir.path(), opts);
    let text = cable(
        101,
        "IMMEDIATE",
        "ELBONIA: MINISTER DENIES ROAD CLOSURE RUMORS",
    );
    let path = dir.path().join("261200Z_ELBONIA_0101.txt");
    let start = Instant::now();
    let mut f = fs::File::create(&path).unwrap();
    // Nine pieces, 150 ms apart (longer than the watcher's 100 ms check, shorter than its 300 ms
    // settle time); one break falls inside the SUBJECT line.
    let bytes = text.as_bytes();
    let cut = text.find("ROAD CLOSURE").unwrap();
    let mut bounds: Vec<usize> = (1..8).map(|k| k * bytes.len() / 8).collect();
    bounds.push(cut);
    bounds.sort_unstable();
    let mut at = 0;
    for b in bounds.into_iter().chain([bytes.len()]) {
        f.write_all(&bytes[at..b]).unwrap();
        f.flush().unwrap();
        at = b;
        std::thread::sleep(Duration::from_millis(150));
    }
    drop(f);
    let mut log = Vec::new();
    report(
        &format!("in-place write ({mode:?})"),
        wait_for(&rx, start, &mut log, is_upsert_of(&path)),
    );
    drain_quiet(&rx, &mut log);
    let ups = upserts_of(&log, &path);
    assert_eq!(ups.len(), 1, "read exactly once, not half-way: {log:?}");
    assert_eq!(
        subject(ups[0]),
        "ELBONIA: MINISTER DENIES ROAD CLOSURE RUMORS"
    );
    if let TrafficEvent::Upserted {
        records, problem, ..
    } = ups[0]
    {
        assert!(problem.is_none());
        assert_eq!(records[0].precedence, Some(Precedence::Immediate));
        // Relative to the traffic directory, as the loader's records are.
        assert_eq!(records[0].rel_path(), "261200Z_ELBONIA_0101.txt");
    }
}

#[test]
fn temp_then_rename_shows_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let (_w, rx) = watch(dir.path(), WatchOptions::default());
    let tmp = dir.path().join(".261300Z_ELBONIA_0102.txt.part");
    let path = dir.path().join("261300Z_ELBONIA_0102.txt");
    let start = Instant::now();
    let text = cable(102, "FLASH", "ELBONIA: FLOODING CLOSES CAPITAL");
    fs::write(&tmp, &text[..text.len() / 2]).unwrap();
    std::thread::sleep(Duration::from_millis(400)); // long enough for the temp to "settle"
    fs::write(&tmp, &text).unwrap();
    fs::rename(&tmp, &path).unwrap();
    let mut log = Vec::new();
    report(
        "rename",
        wait_for(&rx, start, &mut log, is_upsert_of(&path)),
    );
    drain_quiet(&rx, &mut log);
    assert_eq!(upserts_of(&log, &path).len(), 1, "{log:?}");
    assert!(
        log.iter().all(|e| path_of(e) == Some(path.as_path())),
        "only the final name is reported: {log:?}"
    );
    assert_eq!(
        subject(upserts_of(&log, &path)[0]),
        "ELBONIA: FLOODING CLOSES CAPITAL"
    );
}

#[test]
fn removed_file_is_reported_and_existing_files_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.txt");
    let keep = dir.path().join("keep.txt");
    fs::write(&old, cable(103, "ROUTINE", "ELBONIA: WEEKLY MUD REPORT")).unwrap();
    fs::write(&keep, cable(104, "ROUTINE", "ELBONIA: CULTURAL EXCHANGE")).unwrap();
    let (_w, rx) = watch(dir.path(), WatchOptions::default());
    let start = Instant::now();
    fs::remove_file(&old).unwrap();
    let mut log = Vec::new();
    let removed = |e: &TrafficEvent| matches!(e, TrafficEvent::Removed { path } if *path == old);
    report("removal", wait_for(&rx, start, &mut log, removed));
    drain_quiet(&rx, &mut log);
    assert_eq!(
        log.len(),
        1,
        "files present at start produce no event: {log:?}"
    );
}

#[test]
fn hidden_paths_state_dir_and_desks_toml_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let (_w, rx) = watch(dir.path(), WatchOptions::default());
    let c = cable(105, "PRIORITY", "ELBONIA: IGNORED COPY");
    let state = dir.path().join(".cabletriage");
    fs::create_dir_all(&state).unwrap();
    fs::write(state.join("journal.toml"), "[[event]]\n").unwrap();
    fs::write(dir.path().join(".hidden.txt"), &c).unwrap();
    fs::write(dir.path().join(".cable.txt.part"), &c).unwrap();
    fs::write(
        dir.path().join("desks.toml"),
        "[[desk]]\ncode = \"XX\"\nname = \"X\"\n",
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("sub/.drafts")).unwrap();
    fs::write(dir.path().join("sub/.drafts/cable.txt"), &c).unwrap();
    // A visible file last, so its event proves the others had their chance.
    let start = Instant::now();
    let seen = dir.path().join("sub/visible.txt");
    fs::write(&seen, cable(106, "PRIORITY", "ELBONIA: VISIBLE")).unwrap();
    let mut log = Vec::new();
    report(
        "visible beside ignored",
        wait_for(&rx, start, &mut log, is_upsert_of(&seen)),
    );
    drain_quiet(&rx, &mut log);
    assert_eq!(log.len(), 1, "only the visible file: {log:?}");
}

#[test]
fn new_subdirectory_with_a_file_is_seen() {
    let dir = tempfile::tempdir().unwrap();
    let (_w, rx) = watch(dir.path(), WatchOptions::default());
    let start = Instant::now();
    let sub = dir.path().join("2026-11-27/night");
    fs::create_dir_all(&sub).unwrap();
    let path = sub.join("270100Z_ELBONIA_0107.txt");
    fs::write(&path, cable(107, "IMMEDIATE", "ELBONIA: NEW DAY FOLDER")).unwrap();
    let mut log = Vec::new();
    report(
        "file in new folder",
        wait_for(&rx, start, &mut log, is_upsert_of(&path)),
    );
    drain_quiet(&rx, &mut log);
    assert_eq!(upserts_of(&log, &path).len(), 1, "{log:?}");
}

#[test]
fn non_cable_arrives_as_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let (_w, rx) = watch(dir.path(), WatchOptions::default());
    let start = Instant::now();
    let path = dir.path().join("scan.bin");
    fs::write(&path, b"PK\x03\x04\x00\x00binary").unwrap();
    let mut log = Vec::new();
    report(
        "non-cable",
        wait_for(&rx, start, &mut log, is_upsert_of(&path)),
    );
    match &log[log.len() - 1] {
        TrafficEvent::Upserted {
            records, problem, ..
        } => {
            assert!(records.is_empty());
            let p = problem.as_ref().expect("a problem");
            assert_eq!(p.path, path);
            assert!(p.reason.contains("NUL"), "{}", p.reason);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn polling_mode_sees_arrival_change_and_removal() {
    let dir = tempfile::tempdir().unwrap();
    let opts = WatchOptions {
        mode: WatchMode::Poll,
        ..Default::default()
    };
    let (w, rx) = watch(dir.path(), opts);
    assert_eq!(w.mode(), WatchMode::Poll);
    let path = dir.path().join("deep/er/261400Z_ELBONIA_0108.txt");
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut log = Vec::new();

    let start = Instant::now();
    fs::write(&path, cable(108, "ROUTINE", "ELBONIA: FIRST VERSION")).unwrap();
    report(
        "poll: arrival",
        wait_for(&rx, start, &mut log, is_upsert_of(&path)),
    );
    assert_eq!(subject(&log[log.len() - 1]), "ELBONIA: FIRST VERSION");

    let start = Instant::now();
    fs::write(
        &path,
        cable(108, "ROUTINE", "ELBONIA: CORRECTED VERSION, LONGER"),
    )
    .unwrap();
    report(
        "poll: change",
        wait_for(&rx, start, &mut log, is_upsert_of(&path)),
    );
    assert_eq!(
        subject(&log[log.len() - 1]),
        "ELBONIA: CORRECTED VERSION, LONGER"
    );

    let start = Instant::now();
    fs::remove_dir_all(dir.path().join("deep")).unwrap();
    let removed = |e: &TrafficEvent| matches!(e, TrafficEvent::Removed { path: p } if *p == path);
    report("poll: removal", wait_for(&rx, start, &mut log, removed));
    drain_quiet(&rx, &mut log);
    assert_eq!(log.len(), 3, "{log:?}");
}

#[test]
fn file_from_before_start_is_reported_when_newer_than_since() {
    let dir = tempfile::tempdir().unwrap();
    let since = SystemTime::now() - Duration::from_secs(60);
    let path = dir.path().join("gap.txt");
    fs::write(&path, cable(109, "PRIORITY", "ELBONIA: LANDED DURING LOAD")).unwrap();
    let start = Instant::now();
    let opts = WatchOptions {
        since: Some(since),
        ..Default::default()
    };
    let (_w, rx) = watch(dir.path(), opts);
    let mut log = Vec::new();
    report("since", wait_for(&rx, start, &mut log, is_upsert_of(&path)));
}

#[test]
fn dropping_the_watcher_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    let (w, rx) = watch(dir.path(), WatchOptions::default());
    let t = Instant::now();
    drop(w);
    eprintln!("drop took {} ms", t.elapsed().as_millis());
    // The worker held the only sender: once it has ended, the channel reports disconnection.
    fs::write(
        dir.path().join("late.txt"),
        cable(110, "ROUTINE", "ELBONIA: TOO LATE"),
    )
    .unwrap();
    let got = rx.recv_timeout(Duration::from_secs(2));
    assert_eq!(got, Err(std::sync::mpsc::RecvTimeoutError::Disconnected));
}

#[test]
fn missing_directory_falls_back_and_reports_once() {
    let dir = tempfile::tempdir().unwrap();
    let gone: PathBuf = dir.path().join("not-yet");
    let (w, rx) = watch(&gone, WatchOptions::default());
    assert_eq!(
        w.mode(),
        WatchMode::Poll,
        "notify cannot watch a missing folder"
    );
    assert!(w.notice().is_some_and(|n| n.contains("not-yet")));
    let mut log = Vec::new();
    drain_quiet(&rx, &mut log);
    let errors = log
        .iter()
        .filter(|e| matches!(e, TrafficEvent::Error(m) if m.contains("not-yet")))
        .count();
    assert_eq!(errors, 1, "{log:?}");
    // When the folder appears, its cables arrive.
    let path = gone.join("first.txt");
    fs::create_dir_all(&gone).unwrap();
    let start = Instant::now();
    fs::write(&path, cable(111, "FLASH", "ELBONIA: FOLDER CREATED")).unwrap();
    report(
        "folder appears",
        wait_for(&rx, start, &mut log, is_upsert_of(&path)),
    );
}

#[test]
fn folder_moved_in_and_out_reports_each_cable() {
    let outside = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let staged = outside.path().join("2026-11-28");
    fs::create_dir(&staged).unwrap();
    fs::write(
        staged.join("a.txt"),
        cable(112, "ROUTINE", "ELBONIA: FIRST OF TWO"),
    )
    .unwrap();
    fs::write(
        staged.join("b.txt"),
        cable(113, "ROUTINE", "ELBONIA: SECOND OF TWO"),
    )
    .unwrap();
    let (_w, rx) = watch(dir.path(), WatchOptions::default());
    let inside = dir.path().join("2026-11-28");
    let (a, b) = (inside.join("a.txt"), inside.join("b.txt"));
    let start = Instant::now();
    fs::rename(&staged, &inside).unwrap();
    let mut log = Vec::new();
    for p in [&a, &b] {
        if upserts_of(&log, p).is_empty() {
            report(
                "moved-in folder",
                wait_for(&rx, start, &mut log, is_upsert_of(p)),
            );
        }
    }
    drain_quiet(&rx, &mut log);
    assert_eq!(upserts_of(&log, &a).len(), 1, "{log:?}");
    assert_eq!(upserts_of(&log, &b).len(), 1, "{log:?}");

    log.clear();
    let start = Instant::now();
    fs::rename(&inside, outside.path().join("back")).unwrap();
    let gone_b = |e: &TrafficEvent| matches!(e, TrafficEvent::Removed { path } if *path == b);
    wait_for(&rx, start, &mut log, gone_b);
    drain_quiet(&rx, &mut log);
    let mut removed: Vec<&Path> = log
        .iter()
        .filter_map(|e| match e {
            TrafficEvent::Removed { path } => Some(path.as_path()),
            _ => None,
        })
        .collect();
    removed.sort();
    assert_eq!(removed, [a.as_path(), b.as_path()], "{log:?}");
}

#[test]
fn a_burst_of_arrivals_is_each_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let (_w, rx) = watch(dir.path(), WatchOptions::default());
    let n = 200;
    let start = Instant::now();
    let paths: Vec<PathBuf> = (0..n)
        .map(|i| {
            let p = dir.path().join(format!("burst/{:02}/c{i:03}.txt", i % 7));
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            let subject = format!("ELBONIA: BURST ITEM {i}");
            fs::write(&p, cable(200 + i, "ROUTINE", &subject)).unwrap();
            p
        })
        .collect();
    let mut log = Vec::new();
    let mut missing: std::collections::HashSet<&PathBuf> = paths.iter().collect();
    let mut all = None;
    while let Some(left) = (PATIENCE * 2).checked_sub(start.elapsed()) {
        let Ok(ev) = rx.recv_timeout(left) else { break };
        if let TrafficEvent::Upserted { path, .. } = &ev {
            missing.remove(path);
        }
        log.push(ev);
        if missing.is_empty() {
            all = Some(start.elapsed());
            break;
        }
    }
    report("burst of 200", all);
    drain_quiet(&rx, &mut log);
    for p in &paths {
        assert_eq!(upserts_of(&log, p).len(), 1, "{}", p.display());
    }
    assert_eq!(log.len(), n as usize);
}

/// A test on one event.
type Check<'a> = dyn Fn(&TrafficEvent) -> bool + 'a;

/// The inbox's start: the watcher is paused while the load reads every file, then resumed
/// with what the load saw. Whatever arrived, changed or went since is reported once on
/// resuming, and the files that did not change are not.
#[test]
fn a_paused_watcher_reports_on_resuming_what_changed_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let keep = dir.path().join("keep.txt");
    let changed = dir.path().join("changed.txt");
    let gone = dir.path().join("gone.txt");
    fs::write(&keep, cable(140, "ROUTINE", "ELBONIA: QUIET WEEK")).unwrap();
    fs::write(&changed, cable(141, "ROUTINE", "ELBONIA: FIRST DRAFT")).unwrap();
    fs::write(&gone, cable(142, "ROUTINE", "ELBONIA: WITHDRAWN")).unwrap();
    let opts = WatchOptions {
        safety_rescan: None,
        ..Default::default()
    };
    let (tx, rx) = channel();
    let mut w = TrafficWatcher::spawn_paused(dir.path(), opts, tx).expect("watcher starts");

    // What a load does meanwhile: read every file, noting its stamp.
    let seen: Vec<(PathBuf, Stamp)> = [&keep, &changed, &gone]
        .into_iter()
        .map(|p| {
            fs::read(p).unwrap();
            (p.clone(), Stamp::of(&fs::metadata(p).unwrap()))
        })
        .collect();
    let fresh = dir.path().join("fresh.txt");
    fs::write(&fresh, cable(143, "FLASH", "ELBONIA: DAM BREACHED")).unwrap();
    fs::write(
        &changed,
        cable(141, "ROUTINE", "ELBONIA: FINAL TEXT, LONGER"),
    )
    .unwrap();
    fs::remove_file(&gone).unwrap();
    let mut log = Vec::new();
    drain_quiet(&rx, &mut log);
    assert!(log.is_empty(), "nothing is reported while paused: {log:?}");

    assert_eq!(w.resume(Some(seen)), None, "notify watches the folder");
    // The three come in no set order: each is looked for in what has come so far first.
    let start = Instant::now();
    let arrived = is_upsert_of(&fresh);
    let rewritten = is_upsert_of(&changed);
    let removed = |e: &TrafficEvent| matches!(e, TrafficEvent::Removed { path } if *path == gone);
    let checks: [(&str, &Check); 3] = [
        ("arrival while paused", &arrived),
        ("change while paused", &rewritten),
        ("removal while paused", &removed),
    ];
    for (what, done) in checks {
        if !log.iter().any(done) {
            report(what, wait_for(&rx, start, &mut log, done));
        }
    }
    drain_quiet(&rx, &mut log);
    assert_eq!(
        subject(upserts_of(&log, &fresh)[0]),
        "ELBONIA: DAM BREACHED"
    );
    assert_eq!(
        subject(upserts_of(&log, &changed)[0]),
        "ELBONIA: FINAL TEXT, LONGER"
    );
    assert_eq!(upserts_of(&log, &fresh).len(), 1, "{log:?}");
    assert_eq!(upserts_of(&log, &changed).len(), 1, "{log:?}");
    assert!(
        upserts_of(&log, &keep).is_empty(),
        "an unchanged file: {log:?}"
    );
    assert_eq!(log.len(), 3, "{log:?}");

    // After resuming, file events flow as from `spawn`; resuming again changes nothing.
    assert_eq!(w.resume(None), None);
    let later = dir.path().join("later.txt");
    let start = Instant::now();
    fs::write(&later, cable(144, "IMMEDIATE", "ELBONIA: RELIEF CONVOY")).unwrap();
    report(
        "arrival after resuming",
        wait_for(&rx, start, &mut log, is_upsert_of(&later)),
    );
}

/// A folder notify cannot watch when the paused watcher resumes (here: it is not there yet)
/// turns the watcher to polling, with the reason, and its cables still arrive once it appears.
#[test]
fn resuming_on_a_missing_folder_falls_back_to_polling() {
    let dir = tempfile::tempdir().unwrap();
    let gone: PathBuf = dir.path().join("not-yet");
    let (tx, rx) = channel();
    let mut w = TrafficWatcher::spawn_paused(&gone, WatchOptions::default(), tx).unwrap();
    let notice = w.resume(None).expect("a reason to poll");
    assert!(notice.contains("not-yet"), "{notice}");
    assert_eq!(w.mode(), WatchMode::Poll);
    assert_eq!(w.notice(), Some(notice.as_str()));
    let path = gone.join("first.txt");
    fs::create_dir_all(&gone).unwrap();
    let start = Instant::now();
    fs::write(&path, cable(145, "FLASH", "ELBONIA: FOLDER CREATED LATE")).unwrap();
    let mut log = Vec::new();
    report(
        "folder appears after resuming",
        wait_for(&rx, start, &mut log, is_upsert_of(&path)),
    );
}
