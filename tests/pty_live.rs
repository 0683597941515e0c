//! The built binary in a pseudo-terminal, on live and hostile traffic: a FLASH cable landing in
//! the watched folder shows the alert banner and rings the bell (not with `bell = false`); SIGHUP
//! after a label leaves the decision in the journal and the terminal restored; a resize storm is
//! harmless; a hostile folder shows its good cables, counts the rest, and a subject carrying
//! escape sequences is shown as text, never obeyed. A note being written when a signal ends
//! the session is kept as a draft and offered again; a signal overtakes a huge paste.

#![cfg(unix)]

mod pty_support;

use std::path::{Path, PathBuf};
use std::time::Instant;

use pty_support::{Session, fictional_cable};

struct Folder {
    tmp: tempfile::TempDir,
}

impl Folder {
    fn new() -> Folder {
        let tmp = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(tmp.path().join("traffic")).expect("traffic");
        Folder { tmp }
    }
    fn traffic(&self) -> PathBuf {
        self.tmp.path().join("traffic")
    }
    fn state(&self) -> PathBuf {
        self.tmp.path().join("state")
    }
    fn config(&self) -> PathBuf {
        self.tmp.path().join("config")
    }
    fn start(&self) -> Session {
        Session::start(&self.traffic(), &self.state(), &self.config())
    }
    fn journal(&self) -> String {
        std::fs::read_to_string(self.state().join("journal.toml")).unwrap_or_default()
    }
}

fn three_cables(dir: &Path) {
    for (n, prec, subject) in [
        (1, 'O', "HARBOUR TALKS RESUME AFTER STORM DELAY"),
        (2, 'P', "NORLAND FISHERIES MINISTER ON QUOTA DISPUTE"),
        (3, 'R', "MERIDIAN PORT STRIKE ENTERS SECOND WEEK"),
    ] {
        std::fs::write(
            dir.join(format!("cable{n}.txt")),
            fictional_cable(n, prec, subject),
        )
        .expect("write");
    }
}

/// Drop a FLASH cable in by temp-then-rename; how long until the banner is on screen.
fn land_flash(f: &Folder, s: &Session, n: u32, subject: &str) -> std::time::Duration {
    let tmp = f.traffic().join(format!(".flash{n}.part"));
    std::fs::write(&tmp, fictional_cable(n, 'Z', subject)).expect("write");
    let t0 = Instant::now();
    std::fs::rename(&tmp, f.traffic().join(format!("flash{n}.txt"))).expect("rename");
    s.wait_for(subject);
    s.wait_for("FLASH ARRIVED");
    t0.elapsed()
}

#[test]
fn a_flash_arrival_shows_the_banner_rings_and_is_acknowledged() {
    let f = Folder::new();
    three_cables(&f.traffic());
    let mut s = f.start();
    s.wait_for("1/3");
    s.send("j");
    s.wait_for("2/3");
    s.settle();
    let took = land_flash(&f, &s, 7, "LIGHTHOUSE KEEPER REPORTS MINES OFFSHORE");
    eprintln!("arrival to screen in the pty: {took:?}");
    assert!(took.as_secs_f64() < 2.0, "the issue asks for 2 s: {took:?}");
    s.wait_for("1 unacked");
    s.wait_for("1 new cable");
    // Sorted in first (FLASH), the officer's cable still selected: now row 3 of 4.
    s.wait_for("3/4");
    s.settle();
    assert!(s.screen().callbacks().bells >= 1, "no bell rang");
    s.send("!");
    s.wait_for("acknowledged");
    s.settle();
    let screen = s.contents();
    assert!(!screen.contains("FLASH ARRIVED"), "{screen}");
    assert!(!screen.contains("unacked"), "{screen}");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
    let journal = f.journal();
    assert!(
        journal.contains("ack") && journal.contains("alice"),
        "{journal}"
    );
}

#[test]
fn bell_false_in_the_config_keeps_the_terminal_quiet() {
    let f = Folder::new();
    three_cables(&f.traffic());
    let conf = f.config().join("cabletriage");
    std::fs::create_dir_all(&conf).expect("config dir");
    std::fs::write(conf.join("config.toml"), "bell = false\nascii = true\n").expect("config");
    let mut s = f.start();
    s.wait_for("1/3");
    land_flash(&f, &s, 8, "FOG GROUNDS THE PILOT BOATS");
    s.settle();
    assert_eq!(s.screen().callbacks().bells, 0, "the bell rang");
    assert!(
        s.contents().contains("+---"),
        "ascii = true draws ASCII borders"
    );
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn sighup_after_a_label_keeps_the_decision_and_restores_the_terminal() {
    let f = Folder::new();
    three_cables(&f.traffic());
    let mut s = f.start();
    s.wait_for("1/3");
    s.send("t");
    s.wait_for("label 1 cable");
    s.send("urgent\r");
    s.wait_for("labelled");
    // Idle after a decision: no redraw storm (reading the journal must not count as a change).
    s.settle();
    let n0 = s.bytes().len();
    std::thread::sleep(std::time::Duration::from_secs(1));
    let idle = s.bytes().len() - n0;
    assert!(idle < 500, "{idle} bytes drawn in 1 s of idle");
    s.signal("HUP");
    assert_eq!(s.wait_exit(), 128 + 1);
    s.assert_restored();
    let journal = f.journal();
    assert!(journal.contains("urgent"), "{journal}");
    assert!(journal.contains("alice"), "{journal}");
}

#[test]
fn a_resize_storm_is_harmless() {
    let f = Folder::new();
    three_cables(&f.traffic());
    let mut s = f.start();
    s.wait_for("1/3");
    for i in 0..200u16 {
        s.resize(40 + i % 80, 10 + i % 30);
    }
    s.resize(100, 30);
    s.settle();
    s.send("j");
    s.wait_for("2/3");
    s.wait_for("NORLAND FISHERIES");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

#[test]
fn a_hostile_folder_shows_the_good_cables_and_obeys_no_cable_text() {
    let f = Folder::new();
    let dir = f.traffic();
    std::fs::write(
        dir.join("good.txt"),
        fictional_cable(1, 'O', "HARBOUR TALKS RESUME AFTER STORM DELAY"),
    )
    .expect("good");
    std::fs::write(
        dir.join("hostile.txt"),
        fictional_cable(2, 'P', "QUOTA \x1b]0;pwned\x07\x1b[2J DISPUTE"),
    )
    .expect("hostile");
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(dir.join("binary.bin"), binary).expect("binary");
    std::fs::write(dir.join("empty.txt"), b"").expect("empty");
    std::fs::write(dir.join("nul.txt"), [0u8; 2048]).expect("nul");
    std::fs::write(dir.join("oneline.txt"), vec![b'A'; 3 * 1024 * 1024]).expect("3 MB");
    let mut latin1 = fictional_cable(3, 'R', "CAF\u{e9} TALKS").into_bytes();
    if let Some(p) = latin1.windows(2).position(|w| w == [0xc3, 0xa9]) {
        latin1.splice(p..p + 2, [0xe9]);
    }
    std::fs::write(dir.join("latin1.txt"), latin1).expect("latin-1");
    std::os::unix::fs::symlink(dir.join("loop-b"), dir.join("loop-a")).expect("symlink");
    std::os::unix::fs::symlink(dir.join("loop-a"), dir.join("loop-b")).expect("symlink");
    std::fs::create_dir_all(dir.join("deep")).expect("deep");
    std::os::unix::fs::symlink(&dir, dir.join("deep/up")).expect("dir loop");

    let mut s = f.start();
    s.wait_for("HARBOUR TALKS RESUME");
    // binary, empty, NUL bytes, 3 MB line, and the two links of the loop.
    s.wait_for("6 not cables");
    s.settle();
    let p = s.screen();
    let screen = p.screen().contents();
    assert!(
        // (The queue sidebar may truncate the rest of the subject.)
        screen.contains("QUOTA ^[]0;pwned^G^[[2J"),
        "{screen}"
    );
    assert!(
        screen.contains("CAF"),
        "the Latin-1 cable is shown: {screen}"
    );
    assert!(screen.contains("PREC"), "the header row survived: {screen}");
    assert!(p.callbacks().titles.is_empty(), "the window title was set");
    let raw = String::from_utf8_lossy(&s.bytes()).into_owned();
    assert!(
        !raw.contains("\x1b]0;pwned"),
        "the title sequence reached the terminal"
    );
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

/// `cabletriage demo`: the sample traffic, then the first held-back cable (FLASH) lands live
/// with its alert; nothing is left behind in the crate folder.
#[test]
fn the_demo_shows_a_flash_arriving() {
    let arrivals = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-traffic/.arrivals");
    if !arrivals.is_dir() {
        eprintln!("skipped: sample-traffic/.arrivals is missing");
        return;
    }
    let config = tempfile::tempdir().expect("config");
    let mut s = Session::run(
        &["demo".as_ref(), "--user".as_ref(), "newcomer".as_ref()],
        config.path(),
    );
    s.wait_for("sort: precedence");
    let t0 = Instant::now();
    s.wait_for("FLASH ARRIVED");
    eprintln!("demo: first arrival alert after {:?}", t0.elapsed());
    s.wait_for("1 new cable");
    s.send("!");
    s.wait_for("acknowledged");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

fn drafts(f: &Folder) -> Vec<PathBuf> {
    std::fs::read_dir(f.state().join("drafts"))
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[test]
fn a_note_interrupted_by_a_signal_is_kept_as_a_draft_and_offered_again() {
    let f = Folder::new();
    three_cables(&f.traffic());
    let mut s = f.start();
    s.wait_for("1/3");
    s.send("n");
    s.wait_for("Note on");
    s.send("the harbourmaster called back\rsecond line of the draft");
    s.wait_for("second line of the draft");
    s.signal("TERM");
    assert_eq!(s.wait_exit(), 128 + 15);
    s.assert_restored();
    assert_eq!(drafts(&f).len(), 1, "no draft kept");
    assert!(
        !f.journal().contains("harbourmaster"),
        "a draft is not a decision"
    );

    // The next session offers it in the editor of the same cable; Esc saves it.
    let mut s = f.start();
    s.wait_for("1/3");
    s.send("n");
    s.wait_for("restored your unsaved draft");
    s.wait_for("second line of the draft");
    s.send("\x1b");
    s.wait_for("noted");
    let journal = f.journal();
    assert!(
        journal.contains("the harbourmaster called back\\nsecond line of the draft"),
        "{journal}"
    );
    assert!(drafts(&f).is_empty(), "the saved draft was left behind");
    s.send("q");
    s.wait_exit();
}

#[test]
fn a_signal_overtakes_a_huge_paste_and_the_typed_text_is_kept() {
    let f = Folder::new();
    three_cables(&f.traffic());
    let mut s = f.start();
    s.wait_for("1/3");
    s.send("n");
    s.wait_for("Note on");
    // A megabyte pasted into the note editor, then the link drops while it is being typed in.
    s.paste_in_background(vec![b'x'; 1 << 20]);
    s.wait_for("xxxxxxxxxxxxxxxx");
    s.signal("HUP");
    assert_eq!(
        s.wait_exit(),
        128 + 1,
        "the hang-up waited behind the paste"
    );
    let kept = drafts(&f);
    assert_eq!(kept.len(), 1, "the pasted text was lost");
    let draft = std::fs::read_to_string(&kept[0]).expect("draft");
    assert!(
        draft.contains("xxxxxxxx"),
        "{}",
        &draft[..draft.len().min(200)]
    );
}
