//! The index cache: a second load re-parses nothing, a changed file is re-parsed alone, a removed
//! file disappears, and a damaged, foreign or old-version index is rebuilt — never trusted, never
//! a panic.

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use cabletriage::traffic::index::{self, decode};
use cabletriage::traffic::{
    Interner, LoadOptions, LoadStats, Traffic, load_dir, load_dir_cached, load_dir_with,
};

fn cable(serial: u32, subject: &str) -> String {
    format!(
        "\nVZCZCXYZ0{serial:03}\nOO RUEHWEB\n\nDE RUEHRV #{serial:04}/01 0731200\nZNY CCCCC ZZH\n\
         O 141200Z MAR 09\nFM AMEMBASSY RIVENDELL\nTO RUEHC/SECSTATE WASHDC IMMEDIATE {serial:04}\n\
         INFO RUEHGD/AMEMBASSY GONDOR PRIORITY 0042\n\nC O N F I D E N T I A L RIVENDELL {serial:06}\n\n\
         E.O. 12958: DECL: 03/14/2019\nTAGS: PREL, RV\nSUBJECT: {subject}\n\n\
         REF: A. RIVENDELL {}\n\n1. (C) The council met again.\n\nELROND\n",
        serial.saturating_sub(1).max(1)
    )
}

fn setup(n: u32) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let traffic = tmp.path().join("traffic");
    for i in 1..=n {
        let dir = traffic.join(format!("batch{}", i % 3));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join(format!("c{i}.txt")),
            cable(i, &format!("COUNCIL SESSION NUMBER {i}")),
        )
        .unwrap();
    }
    fs::write(traffic.join("junk.bin"), [0u8, 1, 2, 3]).unwrap();
    let state = tmp.path().join("state");
    (tmp, traffic, state)
}

fn load(traffic: &Path, state: &Path) -> (Traffic, LoadStats) {
    load_dir_cached(traffic, state, |_, _| {}).unwrap()
}

/// Rewrite `f` as cable `serial` with a new subject, dated five seconds ahead, so that its
/// stamp differs from the indexed one whatever the file system's time resolution.
fn rewrite(f: &Path, serial: u32, subject: &str) {
    fs::write(f, cable(serial, subject)).unwrap();
    let later = SystemTime::now() + Duration::from_secs(5);
    let file = fs::File::options().write(true).open(f).unwrap();
    file.set_modified(later).unwrap();
}

#[test]
fn second_load_parses_nothing_and_gives_the_same_records() {
    let (_tmp, traffic, state) = setup(20);
    let (first, s1) = load(&traffic, &state);
    assert_eq!(s1.parsed, 21);
    assert!(state.join("index.bin").is_file());
    let (second, s2) = load(&traffic, &state);
    assert_eq!((s2.parsed, s2.from_index), (0, 21));
    assert_eq!(second.records, first.records);
    assert_eq!(second.problems, first.problems);
    assert_eq!(second.records, load_dir(&traffic).unwrap().records);
    assert_eq!(s2.index_note, None);
}

/// A first load writes the index batch by batch while it parses; read back, it must give the
/// same records, across many small batches and the problems among them.
#[test]
fn index_written_during_a_batched_load_reads_back_whole() {
    let (_tmp, traffic, state) = setup(40);
    let opts = LoadOptions {
        state_dir: Some(state.clone()),
        batch_files: 3,
        ..Default::default()
    };
    let mut batches = 0;
    let (first, s1) = load_dir_with(&traffic, &opts, |_, _| batches += 1).unwrap();
    assert!(batches > 10, "{batches} callbacks");
    assert_eq!((s1.parsed, s1.index_note.as_deref()), (41, None));
    let (second, s2) = load_dir_with(&traffic, &opts, |_, _| {}).unwrap();
    assert_eq!((s2.parsed, s2.from_index), (0, 41));
    assert_eq!(second.records, first.records);
    assert_eq!(second.problems, first.problems);
    // And with the default batch size, the same again.
    let (third, s3) = load(&traffic, &state);
    assert_eq!(s3.parsed, 0);
    assert_eq!(third.records, first.records);
}

#[test]
fn a_touched_file_alone_is_parsed_again() {
    let (_tmp, traffic, state) = setup(20);
    load(&traffic, &state);
    rewrite(
        &traffic.join("batch1/c7.txt"),
        7,
        "COUNCIL SESSION RESCHEDULED",
    );
    let (t, s) = load(&traffic, &state);
    assert_eq!((s.parsed, s.from_index), (1, 20));
    assert!(
        t.records
            .iter()
            .any(|r| r.subject().contains("RESCHEDULED"))
    );
    fs::remove_file(traffic.join("batch2/c8.txt")).unwrap();
    let (t, s) = load(&traffic, &state);
    assert_eq!((s.parsed, s.from_index), (0, 20));
    assert!(!t.records.iter().any(|r| r.rel_path().ends_with("c8.txt")));
}

/// Files added, removed and changed before, among and after the indexed ones, in batches
/// smaller than a folder: every start gives the records and problems a load without the index
/// gives, in the same order, and says how many files it took from the index.
#[test]
fn files_added_and_removed_anywhere_give_what_a_fresh_load_gives() {
    let (_tmp, traffic, state) = setup(30);
    let opts = LoadOptions {
        state_dir: Some(state.clone()),
        batch_files: 4,
        ..Default::default()
    };
    let check = |parsed: usize, from_index: usize| {
        let (t, s) = load_dir_with(&traffic, &opts, |_, _| {}).unwrap();
        let fresh = load_dir(&traffic).unwrap();
        assert_eq!(t.records, fresh.records);
        assert_eq!(t.problems, fresh.problems);
        assert_eq!((s.parsed, s.from_index), (parsed, from_index));
        assert_eq!(t.records.len(), s.cables);
    };
    check(31, 0);
    check(0, 31);
    // A new first folder: every indexed file now comes later in the walk than in the index.
    fs::create_dir_all(traffic.join("aaa")).unwrap();
    fs::write(traffic.join("aaa/c100.txt"), cable(100, "FIRST OF ALL")).unwrap();
    check(1, 31);
    // A file gone from the middle and one gone from the end; a problem file added among them.
    fs::remove_file(traffic.join("batch1/c4.txt")).unwrap();
    fs::remove_file(traffic.join("batch2/c29.txt")).unwrap();
    fs::write(traffic.join("batch1/c40.txt"), "").unwrap();
    check(1, 30);
    // The new first folder goes again, and a file changes: the rest is in index order again.
    fs::remove_dir_all(traffic.join("aaa")).unwrap();
    rewrite(&traffic.join("batch0/c9.txt"), 9, "COUNCIL SESSION REVISED");
    check(1, 29);
    check(0, 30);
    // Only the last file goes: every other file is in place, and the rewritten index still
    // holds them all.
    fs::remove_file(traffic.join("junk.bin")).unwrap();
    check(0, 29);
    check(0, 29);
}

/// A record parsed again shares its strings and lists with the records taken from the index
/// (the index's tables go to the interner before any file is parsed), and the index written
/// after it still reads back as the same records.
#[test]
fn a_parsed_record_shares_strings_with_indexed_ones() {
    use cabletriage::traffic::record::{StrList, Sym};
    let (_tmp, traffic, state) = setup(12);
    load(&traffic, &state);
    rewrite(&traffic.join("batch1/c4.txt"), 4, "COUNCIL SESSION MOVED");
    let (t, s) = load(&traffic, &state);
    assert_eq!((s.parsed, s.from_index), (1, 12));
    let fresh = t
        .records
        .iter()
        .find(|r| r.subject().contains("MOVED"))
        .unwrap();
    let old = t
        .records
        .iter()
        .find(|r| r.subject().contains("NUMBER 5"))
        .unwrap();
    assert_eq!(&*fresh.origin, "AMEMBASSY RIVENDELL");
    assert!(Sym::ptr_eq(&fresh.origin, &old.origin));
    assert!(StrList::ptr_eq(&fresh.to, &old.to));
    assert!(StrList::ptr_eq(&fresh.tags, &old.tags));
    let (again, s) = load(&traffic, &state);
    assert_eq!((s.parsed, s.from_index), (0, 13));
    assert_eq!(again.records, t.records);
}

/// `--stats` counts the shared strings' memory whether or not anything was parsed.
#[test]
fn shared_memory_is_counted_with_nothing_parsed() {
    let (_tmp, traffic, state) = setup(12);
    let opts = LoadOptions {
        state_dir: Some(state.clone()),
        measure_memory: true,
        ..Default::default()
    };
    let (_, first) = load_dir_with(&traffic, &opts, |_, _| {}).unwrap();
    let (_, second) = load_dir_with(&traffic, &opts, |_, _| {}).unwrap();
    assert_eq!(second.parsed, 0);
    assert!(first.shared_heap > 200, "{}", first.shared_heap);
    // The same strings and lists, one copy each (the folders' names are counted apart, per
    // run of files: within 10% here).
    let (a, b) = (first.shared_heap as f64, second.shared_heap as f64);
    assert!((a - b).abs() <= a / 10.0, "{a} against {b}");
}

#[test]
fn damaged_index_is_rebuilt_not_trusted() {
    let (_tmp, traffic, state) = setup(10);
    let (good, _) = load(&traffic, &state);
    let ix = state.join("index.bin");
    let bytes = fs::read(&ix).unwrap();
    let mut flipped = bytes.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x55;
    let mut old_version = bytes.clone();
    old_version[8] = 0;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("flipped byte", flipped),
        ("truncated", bytes[..bytes.len() - 7].to_vec()),
        ("garbage", b"not an index at all".to_vec()),
        ("old version", old_version),
        ("empty", Vec::new()),
    ];
    for (what, damaged) in cases {
        fs::write(&ix, &damaged).unwrap();
        let (t, s) = load(&traffic, &state);
        assert_eq!(s.parsed, 11, "{what}: all files parsed again");
        assert!(
            s.index_note
                .as_deref()
                .is_some_and(|n| n.contains("rebuilt")),
            "{what}: {:?}",
            s.index_note
        );
        assert_eq!(t.records, good.records, "{what}");
        let (_, s) = load(&traffic, &state);
        assert_eq!(s.parsed, 0, "{what}: the rebuilt index is used");
    }
}

#[test]
fn index_of_another_directory_is_not_used() {
    let (_tmp, traffic, state) = setup(5);
    load(&traffic, &state);
    let (_tmp2, other, _) = setup(3);
    let (t, s) = load(&other, &state);
    assert_eq!(s.parsed, 4);
    // Records are keyed by paths relative to the root, which the two directories share: the
    // records must be the other directory's own.
    let fresh = cabletriage::traffic::load_dir(&other).unwrap();
    assert_eq!(t.records, fresh.records);
    assert!(t.records.iter().all(|r| fs::metadata(t.path_of(r)).is_ok()));
}

#[test]
fn decoding_garbage_never_panics() {
    let (_tmp, traffic, state) = setup(6);
    load(&traffic, &state);
    let bytes = fs::read(state.join(index::FILE_NAME)).unwrap();
    let interner = Interner::default();
    // Every prefix, and a byte flipped at each position (the checksum must catch them all).
    for n in 0..bytes.len() {
        assert!(decode(&bytes[..n], &traffic, &interner).is_err());
    }
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] = b[i].wrapping_add(1 + (i % 200) as u8);
        assert!(
            decode(&b, &traffic, &interner).is_err(),
            "flip at {i} accepted"
        );
    }
    assert!(decode(&bytes, &traffic, &interner).is_ok());
}

/// The index is read a piece at a time: decoded in pieces of 61 bytes, which cut its blocks,
/// paths, records and numbers at every kind of place, a many-block index gives every record,
/// stamp and problem the load gave.
#[test]
fn an_index_read_in_small_pieces_gives_everything_back() {
    let (_tmp, traffic, state) = setup(25);
    let opts = LoadOptions {
        state_dir: Some(state.clone()),
        batch_files: 2,
        ..Default::default()
    };
    let (loaded, _) = load_dir_with(&traffic, &opts, |_, _| {}).unwrap();
    let bytes = fs::read(state.join(index::FILE_NAME)).unwrap();
    let ix = decode(&bytes, &traffic, &Interner::default()).unwrap();
    assert_eq!(ix.records, loaded.records);
    assert_eq!(ix.stamps.len(), 26);
    assert_eq!(ix.problems.len(), 1);
    assert!(ix.problems[0].1.contains("NUL"), "{:?}", ix.problems);
    assert!(ix.range(ix.problems[0].0).is_empty());
}

/// An index that cannot be written (here the state "directory" is a file) costs the user nothing
/// but a note: every cable still loads.
#[test]
fn an_unwritable_state_directory_gives_a_note_and_every_cable() {
    let (tmp, traffic, _) = setup(8);
    let state = tmp.path().join("state-is-a-file");
    fs::write(&state, "not a directory").unwrap();
    let (t, s) = load(&traffic, &state);
    assert_eq!(t.records, load_dir(&traffic).unwrap().records);
    assert!(
        s.index_note
            .as_deref()
            .is_some_and(|n| n.starts_with("index not saved")),
        "{:?}",
        s.index_note
    );
}

#[test]
fn files_named_by_their_id_come_back_with_their_paths_and_references() {
    // The release names each file after its reference id; a record then keeps no name of its
    // own, and must still give the walked path back, from the index as from the parse.
    let tmp = tempfile::tempdir().unwrap();
    let traffic = tmp.path().join("traffic");
    let sub = traffic.join("2009").join("03");
    fs::create_dir_all(&sub).unwrap();
    let names = ["09RIVENDELL7.txt", "09RIVENDELL8.md", "not-the-id.txt"];
    for (k, name) in names.iter().enumerate() {
        fs::write(sub.join(name), cable(7 + k as u32, "COUNCIL")).unwrap();
    }
    let state = tmp.path().join("state");
    let (first, _) = load(&traffic, &state);
    let (second, s2) = load(&traffic, &state);
    assert_eq!(s2.from_index, 3);
    assert_eq!(second.records, first.records);
    let mut got: Vec<(String, Vec<String>)> = second
        .records
        .iter()
        .map(|r| {
            (
                second.path_of(r).to_string_lossy().into_owned(),
                r.refs().map(str::to_string).collect(),
            )
        })
        .collect();
    got.sort();
    let mut want: Vec<(String, Vec<String>)> = names
        .iter()
        .enumerate()
        .map(|(k, n)| {
            let path = sub.join(n).to_string_lossy().into_owned();
            (path, vec![format!("09RIVENDELL{}", 6 + k)])
        })
        .collect();
    want.sort();
    assert_eq!(got, want);
    // The first two are the named-by-id case (the name is not stored), the third is not.
    for r in &second.records {
        let path = r.rel_path();
        let stem = Path::new(&*path)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert_eq!(
            r.id() == Some(stem.as_str()),
            stem != "not-the-id",
            "{path}"
        );
    }
    // The file is found again from the record (what opening a cable does).
    for r in &second.records {
        assert!(fs::metadata(second.path_of(r)).is_ok(), "{r:?}");
    }
}

#[test]
fn reseal_gives_an_edited_index_a_right_checksum_and_changes_nothing_else() {
    let (_tmp, traffic, state) = setup(4);
    load(&traffic, &state);
    let bytes = fs::read(state.join(index::FILE_NAME)).unwrap();
    let interner = Interner::default();
    let mut same = bytes.clone();
    index::reseal(&mut same);
    assert_eq!(same, bytes, "a sound index is left as it is");
    // An edit the checksum caught is, resealed, read past the checksum: a subject's letter
    // changed decodes into that subject.
    let i = bytes
        .windows(15)
        .position(|w| w == b"COUNCIL SESSION")
        .expect("a subject in the index");
    let mut edited = bytes.clone();
    edited[i] = b'K';
    assert!(matches!(
        decode(&edited, &traffic, &interner),
        Err(index::IndexError::Checksum)
    ));
    index::reseal(&mut edited);
    let ix = decode(&edited, &traffic, &interner).expect("resealed");
    assert!(
        ix.records
            .iter()
            .any(|r| r.subject().starts_with("KOUNCIL"))
    );
    let mut short = b"CT".to_vec();
    index::reseal(&mut short);
    assert!(decode(&short, &traffic, &interner).is_err());
}
