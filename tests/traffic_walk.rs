//! The walk's promises that the index relies on: every file of a directory is found, however many
//! it holds, in the same order every time (names sorted by their bytes within a directory, level
//! by level), and each file's stamp is the size and modification time a read of it would take.

use std::fs;
use std::path::{Path, PathBuf};

use cabletriage::traffic::read::Stamp;
use cabletriage::traffic::walk::{walk, walk_with};

fn names_under(root: &Path, files: &[PathBuf]) -> Vec<String> {
    files
        .iter()
        .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn a_directory_of_thousands_of_long_names_is_read_whole_and_in_byte_order() {
    let tmp = tempfile::tempdir().unwrap();
    // 3,000 names of 70-odd bytes need several directory reads (each returns a few hundred).
    let pad = "x".repeat(60);
    let mut want: Vec<String> = (0..3000)
        .rev()
        .map(|i| format!("{i:05}-{pad}.txt"))
        .collect();
    for n in &want {
        fs::write(tmp.path().join(n), "UNCLAS\n").unwrap();
    }
    want.sort();
    let w = walk(tmp.path()).unwrap();
    assert!(w.problems.is_empty(), "{:?}", w.problems);
    assert_eq!(names_under(tmp.path(), &w.files), want);
}

#[test]
fn names_sort_by_bytes_and_each_level_comes_before_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    for name in [
        "b.txt",
        "B.txt",
        "a.txt",
        "10.txt",
        "9.txt",
        "\u{e9}t\u{e9}.txt",
        "_x",
    ] {
        fs::write(root.join(name), "UNCLAS\n").unwrap();
    }
    fs::create_dir_all(root.join("zz/inner")).unwrap();
    fs::create_dir_all(root.join("aa")).unwrap();
    fs::write(root.join("zz/inner/deep.txt"), "UNCLAS\n").unwrap();
    fs::write(root.join("zz/two.txt"), "UNCLAS\n").unwrap();
    fs::write(root.join("aa/one.txt"), "UNCLAS\n").unwrap();
    let w = walk(root).unwrap();
    assert_eq!(
        names_under(root, &w.files),
        [
            "10.txt",
            "9.txt",
            "B.txt",
            "_x",
            "a.txt",
            "b.txt",
            "\u{e9}t\u{e9}.txt",
            "aa/one.txt",
            "zz/two.txt",
            "zz/inner/deep.txt",
        ]
    );
    // The same again: the index matches files by their place in this order.
    assert_eq!(walk(root).unwrap().files, w.files);
}

#[test]
fn stamps_are_the_ones_a_read_of_the_file_takes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::write(root.join("one.txt"), "UNCLAS\nSUBJECT: ONE\n").unwrap();
    fs::create_dir(root.join("sub")).unwrap();
    fs::write(root.join("sub/two.txt"), "UNCLAS\n").unwrap();
    let w = walk_with(root, true).unwrap();
    assert_eq!(w.files.len(), 2);
    assert_eq!(w.stamps.len(), 2);
    for (path, stamp) in w.files.iter().zip(&w.stamps) {
        let by_path = Stamp::of(&fs::metadata(path).unwrap());
        assert_eq!(stamp.as_ref(), Some(&by_path), "{}", path.display());
    }
    assert_eq!(w.stamps[0].unwrap().size, 20);
    // Without being asked for stamps, the walk takes none.
    assert!(walk(root).unwrap().stamps.is_empty());
}
