//! A damaged journal (torn tail, garbage, hand edits): the damage is reported with its line and
//! skipped, every event around it still counts, and the next append is valid and overwrites
//! nothing.

use std::path::Path;

use cabletriage::triage::{Journal, Op};

fn k(s: &str) -> Vec<String> {
    vec![s.to_string()]
}

fn label(l: &str) -> Op {
    Op::AddLabels {
        labels: vec![l.to_string()],
    }
}

/// A journal with three events: cables A, B, C labelled one, two, three.
fn three(dir: &Path) -> String {
    let mut j = Journal::open(dir, "alice").unwrap();
    j.apply(label("one"), &k("A")).unwrap();
    j.apply(label("two"), &k("B")).unwrap();
    j.apply(label("three"), &k("C")).unwrap();
    std::fs::read_to_string(dir.join("journal.toml")).unwrap()
}

fn labelled(j: &Journal) -> Vec<String> {
    let mut v: Vec<String> = j.labels_in_use().into_iter().map(String::from).collect();
    v.sort();
    v
}

/// 1-based line of the `n`th (1-based) `[[event]]` in `text`.
fn event_line(text: &str, n: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| *l == "[[event]]")
        .nth(n - 1)
        .unwrap()
        .0
        + 1
}

/// Append after damage, then check the old bytes are untouched and the new event reads back.
fn append_after_damage(dir: &Path) {
    let path = dir.join("journal.toml");
    let before = std::fs::read(&path).unwrap();
    let mut j = Journal::open(dir, "bob").unwrap();
    j.apply(label("later"), &k("D")).unwrap();
    let after = std::fs::read(&path).unwrap();
    assert!(
        after.starts_with(&before),
        "the damaged journal was overwritten"
    );
    let again = Journal::open(dir, "carol").unwrap();
    assert!(
        again.state().get("D").labels.contains("later"),
        "the append after damage is lost"
    );
    assert_eq!(
        again.damage().len(),
        j.damage().len(),
        "the new append added damage"
    );
}

#[test]
fn torn_tail_is_reported_and_skipped_and_the_next_append_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let text = three(dir.path());
    // Cut the file in the middle of the third event, as a crash mid-write would.
    let third = text.match_indices("[[event]]").nth(2).unwrap().0;
    let cut = third + (text.len() - third) / 2;
    std::fs::write(dir.path().join("journal.toml"), &text.as_bytes()[..cut]).unwrap();

    let j = Journal::open(dir.path(), "bob").unwrap();
    assert_eq!(labelled(&j), ["one", "two"]);
    assert_eq!(j.damage().len(), 1, "{:?}", j.damage());
    assert_eq!(j.damage()[0].line, event_line(&text, 3));
    assert!(
        j.damage()[0]
            .to_string()
            .contains(&format!("line {}", event_line(&text, 3)))
    );
    append_after_damage(dir.path());
}

#[test]
fn garbage_between_events_costs_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let text = three(dir.path());
    let second = text.match_indices("[[event]]").nth(1).unwrap().0;
    let bad = format!(
        "{}%%% line noise @@@ {{\n{}",
        &text[..second],
        &text[second..]
    );
    std::fs::write(dir.path().join("journal.toml"), &bad).unwrap();
    let garbage_line = bad.lines().position(|l| l.starts_with("%%%")).unwrap() + 1;

    let j = Journal::open(dir.path(), "bob").unwrap();
    assert_eq!(
        labelled(&j),
        ["one", "three", "two"],
        "events around the garbage must count"
    );
    assert_eq!(j.damage().len(), 1, "{:?}", j.damage());
    assert_eq!(j.damage()[0].line, garbage_line);
    append_after_damage(dir.path());
}

#[test]
fn a_bad_hand_edit_skips_that_event_only() {
    let dir = tempfile::tempdir().unwrap();
    let text = three(dir.path());
    let edited = text.replacen("labels = [\"two\"]", "labels = [\"two\", oops]", 1);
    assert_ne!(edited, text);
    std::fs::write(dir.path().join("journal.toml"), &edited).unwrap();

    let j = Journal::open(dir.path(), "bob").unwrap();
    assert_eq!(labelled(&j), ["one", "three"]);
    assert_eq!(j.damage().len(), 1);
    assert_eq!(j.damage()[0].line, event_line(&edited, 2));
    append_after_damage(dir.path());
}

#[test]
fn a_hand_edit_with_an_unknown_op_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = three(dir.path());
    let edited = text.replacen("op = \"add_labels\"", "op = \"paint_it_red\"", 1);
    std::fs::write(dir.path().join("journal.toml"), &edited).unwrap();
    let j = Journal::open(dir.path(), "bob").unwrap();
    assert_eq!(labelled(&j), ["three", "two"]);
    assert_eq!(j.damage()[0].line, event_line(&edited, 1));
}

#[test]
fn a_valid_hand_written_event_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = three(dir.path());
    text.push_str(
        "# added by hand\n[[event]]\nseq = 4\nat = \"2009-03-01T10:00:00Z\"\nuser = \"dave\"\n\
         cable = \"E\"\nop = \"route_action\"\ndesk = \"EUR/CE\"\n",
    );
    std::fs::write(dir.path().join("journal.toml"), &text).unwrap();
    let j = Journal::open(dir.path(), "bob").unwrap();
    assert!(j.damage().is_empty(), "{:?}", j.damage());
    assert_eq!(j.state().get("E").action_desk.as_deref(), Some("EUR/CE"));
}

#[test]
fn binary_garbage_without_a_newline_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = three(dir.path()).into_bytes();
    bytes.extend_from_slice(b"[[event]]\nseq = 4\n\xff\xfe\x00garbage");
    std::fs::write(dir.path().join("journal.toml"), &bytes).unwrap();
    let j = Journal::open(dir.path(), "bob").unwrap();
    assert_eq!(labelled(&j), ["one", "three", "two"]);
    assert_eq!(j.damage().len(), 1);
    append_after_damage(dir.path());
    let after = std::fs::read(dir.path().join("journal.toml")).unwrap();
    assert!(
        after.windows(11).any(|w| w == b"garbage\n[[e"),
        "next event starts on a fresh line"
    );
}

#[test]
fn a_torn_header_after_a_whole_event_keeps_that_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = three(dir.path());
    text.push_str("[[eve");
    std::fs::write(dir.path().join("journal.toml"), &text).unwrap();
    let j = Journal::open(dir.path(), "bob").unwrap();
    assert_eq!(labelled(&j), ["one", "three", "two"]);
    assert_eq!(j.damage().len(), 1);
    assert_eq!(j.damage()[0].line, text.lines().count());
    append_after_damage(dir.path());
}

#[test]
fn text_before_the_first_event_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = three(dir.path());
    std::fs::write(
        dir.path().join("journal.toml"),
        format!("# fine\nnot toml at all\n{text}"),
    )
    .unwrap();
    let j = Journal::open(dir.path(), "bob").unwrap();
    assert_eq!(labelled(&j), ["one", "three", "two"]);
    assert_eq!(j.damage().len(), 1);
    assert_eq!(j.damage()[0].line, 2);
}

#[test]
fn a_huge_blob_of_garbage_is_skipped_promptly() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = three(dir.path());
    // 8 MB of junk lines glued to the last event, as a stray redirect into the journal would.
    let junk = "x = [[[ definitely not toml ]]] \u{1}\n".repeat(250_000);
    text.push_str(&junk);
    std::fs::write(dir.path().join("journal.toml"), &text).unwrap();
    let j = Journal::open(dir.path(), "bob").unwrap();
    assert_eq!(labelled(&j), ["one", "three", "two"]);
    assert_eq!(j.damage().len(), 1);
    append_after_damage(dir.path());
}
