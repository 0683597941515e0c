//! One row per cable: the same cable as `X.txt` and `X.md` (or copied) is one row, and `check`
//! reports two different texts under one id; the real corpus's two flavours of each cable
//! agree (skipped when `../shared/corpus` is absent).

use std::fs;
use std::path::Path;
use std::process::Command;

use cabletriage::traffic::load_dir;
use cabletriage::traffic::rows::{conflicts, rows};

fn cable(subject: &str, para: &str) -> String {
    format!(
        "\nVZCZCXYZ0001\nRR RUEHWEB\n\nDE RUEHRV #0044/01 0731200\nZNY CCCCC ZZH\n\
         R 141200Z MAR 09\nFM AMEMBASSY RIVENDELL\nTO RUEHC/SECSTATE WASHDC ROUTINE 0044\n\n\
         C O N F I D E N T I A L RIVENDELL 000044\n\n\
         E.O. 12958: DECL: 03/14/2019\nTAGS: PREL, RV\nSUBJECT: {subject}\n\n\
         1. (C) {para}\n\nELROND\n"
    )
}

fn check(dir: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(["check"])
        .arg(dir)
        .output()
        .expect("run cabletriage check");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn one_cable_in_two_files_is_one_row_and_a_different_text_is_reported() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    fs::write(
        dir.join("09RIVENDELL44.txt"),
        cable("GRAIN TALKS", "The council met."),
    )
    .unwrap();
    fs::create_dir_all(dir.join("copy")).unwrap();
    // The same text, its lines wrapped elsewhere.
    fs::write(
        dir.join("copy/09RIVENDELL44.txt"),
        cable("GRAIN TALKS", "The council\nmet."),
    )
    .unwrap();
    let t = load_dir(dir).expect("load");
    assert_eq!(t.records.len(), 2);
    assert_eq!(rows(&t.records).len(), 1, "one row for the two files");
    assert!(conflicts(&t).is_empty());
    assert_eq!(check(dir).0, 0);

    fs::write(
        dir.join("copy/09RIVENDELL44.txt"),
        cable("GRAIN TALKS", "The council did not meet."),
    )
    .unwrap();
    let t = load_dir(dir).expect("load");
    let c = conflicts(&t);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].id, "09RIVENDELL44");
    let (code, out) = check(dir);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("a different text under the same id 09RIVENDELL44")
            && out.contains("copy/09RIVENDELL44.txt"),
        "{out}"
    );
}

#[test]
fn the_corpus_flavours_of_one_cable_are_one_row_with_one_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/cablegate");
    let (txt, md) = (root.join("txt"), root.join("md"));
    let Ok(entries) = fs::read_dir(&md) else {
        eprintln!("skipped: the corpus (../shared/corpus/cablegate) is absent");
        return;
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(String::from))
        .filter_map(|n| n.strip_suffix(".md").map(String::from))
        .filter(|stem| txt.join(format!("{stem}.txt")).is_file())
        .collect();
    names.sort();
    names.truncate(300);
    let tmp = tempfile::tempdir().expect("temp dir");
    for stem in &names {
        for ext in ["txt", "md"] {
            let from = root.join(ext).join(format!("{stem}.{ext}"));
            fs::copy(&from, tmp.path().join(format!("{stem}.{ext}"))).expect("copy");
        }
    }
    let t = load_dir(tmp.path()).expect("load");
    let merged = rows(&t.records).iter().filter(|r| r.is_merged()).count();
    let c = conflicts(&t);
    eprintln!(
        "{} pairs: {} records, {} merged rows, {} conflicts",
        names.len(),
        t.records.len(),
        merged,
        c.len()
    );
    // Rows are made by reference id: a pair whose flavours the parser gives no id, or two
    // different ids, stays two rows (issue 24's ids; 272 of the first 300 pairs merge today).
    assert!(
        merged * 100 >= names.len() * 85,
        "{merged} of {}",
        names.len()
    );
    assert!(c.len() * 100 <= names.len(), "{:?}", &c[..c.len().min(5)]);
}
