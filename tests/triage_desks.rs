//! desks.toml: loading, errors naming file and line, lookup and suggestion by TAGS.

use std::path::Path;

use cabletriage::triage::{Desks, TriageError};

const DESKS: &str = r#"[[desk]]
code = "EUR/CE"
name = "Central Europe"
tags = ["PL", "CZ"]

[[desk]]
code = "EUR/RUS"
name = "Russian Affairs"
tags = ["RS", "PREL"]

[[desk]]
code = "NEA/IR"
name = "Iran"
"#;

fn desks() -> Desks {
    Desks::parse(DESKS, Path::new("t/desks.toml")).unwrap()
}

fn codes(v: Vec<&cabletriage::triage::Desk>) -> Vec<&str> {
    v.into_iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn suggestions_put_matching_desks_first() {
    let d = desks();
    let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        codes(d.suggest(&tags(&["PREL", "RS", "PL"]))),
        ["EUR/RUS", "EUR/CE", "NEA/IR"]
    );
    assert_eq!(
        codes(d.suggest(&tags(&["pl"]))),
        ["EUR/CE", "EUR/RUS", "NEA/IR"]
    );
    assert_eq!(codes(d.suggested(&tags(&["RS"]))), ["EUR/RUS"]);
    assert!(d.suggested(&tags(&["KN"])).is_empty());
}

#[test]
fn lookup_ignores_case_and_an_unknown_desk_lists_the_known() {
    let d = desks();
    assert_eq!(d.resolve("eur/rus").unwrap().name, "Russian Affairs");
    let err = d.resolve("EUR/XX").unwrap_err();
    assert!(matches!(err, TriageError::UnknownDesk { .. }));
    assert_eq!(
        err.to_string(),
        "unknown desk `EUR/XX`; known desks: EUR/CE, EUR/RUS, NEA/IR"
    );
}

#[test]
fn errors_name_the_file_and_line() {
    let bad = DESKS.replace("name = \"Iran\"", "name = Iran");
    let e = Desks::parse(&bad, Path::new("t/desks.toml")).unwrap_err();
    assert!(e.to_string().starts_with("t/desks.toml:13:"), "{e}");
    let missing = DESKS.replace("name = \"Iran\"\n", "");
    let e = Desks::parse(&missing, Path::new("t/desks.toml")).unwrap_err();
    assert!(e.to_string().contains("name"), "{e}");
    let typo = DESKS.replace("tags = [\"RS\"", "tag = [\"RS\"");
    let e = Desks::parse(&typo, Path::new("t/desks.toml")).unwrap_err();
    assert!(e.to_string().starts_with("t/desks.toml:9:"), "{e}");
    let dup = format!("{DESKS}\n[[desk]]\ncode = \"eur/ce\"\nname = \"x\"\n");
    let e = Desks::parse(&dup, Path::new("t/desks.toml")).unwrap_err();
    assert!(
        e.to_string().starts_with("t/desks.toml:16:") && e.to_string().contains("twice"),
        "{e}"
    );
}

#[test]
fn no_desks_file_means_no_desks() {
    let dir = tempfile::tempdir().unwrap();
    let d = Desks::load_dir(dir.path()).unwrap();
    assert!(d.is_empty());
    std::fs::write(dir.path().join("desks.toml"), DESKS).unwrap();
    assert_eq!(Desks::load_dir(dir.path()).unwrap().codes().len(), 3);
}
