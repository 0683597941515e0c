//! `[[officer]]` in office.toml: the officers a cable can be tasked to, offered first when
//! assigning (beside the users the journal has seen). Each has a `name` (the user name the
//! journal records, as `--user` gives it) and optionally a `desk` and a `title`, shown beside the
//! name in completion.
//!
//! ```toml
//! [[officer]]
//! name = "bob"
//! desk = "EUR/NB"
//! title = "Nordic desk officer"
//! ```

use super::{Office, OfficeError, find_key_line};

/// One officer of the office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer {
    pub name: String,
    pub desk: Option<String>,
    pub title: Option<String>,
}

const KEYS: &str = "name, desk, title";

/// The `[[officer]]` tables of `office`, in file order (none when the file has none). A table
/// without a usable `name`, or with a key this version does not know, is refused with its line.
pub fn officers(office: &Office) -> Result<Vec<Officer>, OfficeError> {
    let text = office
        .source
        .as_ref()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default();
    let err = |key: &str, message: String| OfficeError {
        path: office.source.clone().unwrap_or_default(),
        line: find_key_line(&text, key),
        message,
    };
    let Some(value) = office.section("officer") else {
        return Ok(Vec::new());
    };
    let Some(tables) = value.as_array() else {
        return Err(err(
            "officer",
            "`officer` must be written as [[officer]] tables with a `name`".into(),
        ));
    };
    let mut out: Vec<Officer> = Vec::with_capacity(tables.len());
    for t in tables {
        let Some(t) = t.as_table() else {
            return Err(err("officer", "an officer must be a table".into()));
        };
        if let Some(k) = t
            .keys()
            .find(|k| !KEYS.split(", ").any(|x| x == k.as_str()))
        {
            return Err(err(
                k,
                format!("unknown setting `officer.{k}` (known: {KEYS})"),
            ));
        }
        let text_of = |k: &str| -> Result<Option<String>, OfficeError> {
            match t.get(k) {
                None => Ok(None),
                Some(toml::Value::String(s))
                    if !s.trim().is_empty() && !s.chars().any(char::is_control) =>
                {
                    Ok(Some(s.trim().to_string()))
                }
                Some(_) => Err(err(
                    k,
                    format!("`officer.{k}` must be a non-empty one-line string"),
                )),
            }
        };
        let Some(name) = text_of("name")? else {
            return Err(err("officer", "an [[officer]] needs a `name`".into()));
        };
        if !out.iter().any(|o| o.name == name) {
            out.push(Officer {
                name,
                desk: text_of("desk")?,
                title: text_of("title")?,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office(text: &str) -> (tempfile::TempDir, Office) {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("office.toml"), text).expect("write");
        let o = Office::load_dir(dir.path()).expect("parses");
        (dir, o)
    }

    #[test]
    fn officers_are_read_in_order_without_duplicates() {
        let (_d, o) = office(
            "[[officer]]\nname = \"bob\"\ndesk = \"EUR/NB\"\n\n[[officer]]\nname = \"carol\"\n\n\
             [[officer]]\nname = \"bob\"\n",
        );
        let list = officers(&o).expect("officers");
        let names: Vec<&str> = list.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["bob", "carol"]);
        assert_eq!(list[0].desk.as_deref(), Some("EUR/NB"));
    }

    #[test]
    fn a_bad_officer_names_its_line() {
        let (_d, o) = office("[journal]\nurl = \"x\"\n\n[[officer]]\nname = \"bob\"\nrank = 3\n");
        let e = officers(&o).expect_err("unknown key");
        assert_eq!(e.line, Some(6), "{e}");
        assert!(e.to_string().contains("officer.rank"), "{e}");
        let (_d, o) = office("[[officer]]\ndesk = \"EUR/NB\"\n");
        let e = officers(&o).expect_err("no name");
        assert!(e.to_string().contains("needs a `name`"), "{e}");
        let (_d, o) = office("officer = \"bob\"\n");
        assert!(officers(&o).is_err());
    }

    #[test]
    fn no_file_no_officers() {
        assert!(officers(&Office::default()).expect("none").is_empty());
    }
}
