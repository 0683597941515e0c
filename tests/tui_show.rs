//! `cabletriage show ID`: the reading document printed plain, the cables that cite it, and exit 1
//! for an id that is not in the traffic directory.

use std::process::Command;

/// Fictional cables: the second cites the first in its REF list.
const FIRST: &str = "O 011200Z MAR 09\nFM AMEMBASSY FICTIONIA\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 0101\n\
INFO RUEHNO/AMEMBASSY NORLAND PRIORITY 0007\nBT\nS E C R E T FICTIONIA 000101\n\nNOFORN\nSIPDIS\n\n\
E.O. 12958: DECL: 03/01/2019\nTAGS: PREL, FX\nSUBJECT: HARBOUR TALKS RESUME\n\n\
Classified By: Ambassador Ada Quill for reasons 1.4 (b), (d)\n\n\
1. (S/NF) The harbourmaster said the breakwater would be repaired before spring.\n\n\
2. (C) A second paragraph, with a word far too long to fit: \
NORTHERNBREAKWATERREPAIRCOMMITTEESUBCOMMISSIONONLIGHTHOUSESANDBUOYSANDMOORINGS.\nBT\n#0101\nNNNN\n";

const SECOND: &str = "R 051200Z MAR 09\nFM AMEMBASSY NORLAND\nTO RUEHC/SECSTATE WASHDC 0044\nBT\n\
UNCLAS NORLAND 000044\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL, NL\nSUBJECT: NORLAND VIEW OF THE HARBOUR TALKS\n\n\
REF: A. FICTIONIA 101\n\n1. Norland welcomed the talks.\nBT\n#0044\nNNNN\n";

fn show(dir: &std::path::Path, id: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cabletriage"))
        .args(["show", id, "--dir"])
        .arg(dir)
        .arg("--state")
        .arg(dir.join(".state"))
        .output()
        .expect("run show");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn traffic() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("fictionia101.txt"), FIRST).expect("write");
    std::fs::write(dir.path().join("norland44.txt"), SECOND).expect("write");
    dir
}

#[test]
fn prints_the_reading_document_and_who_cites_it() {
    let dir = traffic();
    let (code, out, err) = show(dir.path(), "09FICTIONIA101");
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.first(),
        Some(&"SECRET//NOFORN"),
        "banner first:\n{out}"
    );
    assert_eq!(lines.last(), Some(&"SECRET//NOFORN"), "banner last");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("FROM") && l.ends_with("AMEMBASSY FICTIONIA"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("AMEMBASSY NORLAND  PRIORITY")),
        "INFO with its precedence"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("1. (S/NF) The harbourmaster"))
    );
    assert!(
        lines
            .iter()
            .all(|l| unicode_width::UnicodeWidthStr::width(*l) <= 80),
        "wrapped to 80"
    );
    let cited = lines
        .iter()
        .position(|l| *l == "Referenced by:")
        .expect("Referenced by");
    assert!(
        lines[cited + 1].contains("09NORLAND44"),
        "{}",
        lines[cited + 1]
    );
}

#[test]
fn an_unknown_id_exits_1_with_a_message() {
    let dir = traffic();
    let (code, out, err) = show(dir.path(), "09NOWHERE1");
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("09NOWHERE1"), "{err}");
}
