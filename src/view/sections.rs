//! The reading document of a whole cable ([`Joined`]): the header of its first section read,
//! then each section's text in order under a `SECTION n OF m` heading, and a line for each
//! section no file holds (`section 2 of 4 missing`). A cable in one plain file reads exactly as
//! [`super::build`] gives it; one in several files names them in the header.

use super::reading::{Doc, Line, Role, build};
use crate::traffic::sections::{Joined, Part};

/// The header line naming the cable's files, when it has more than one.
fn files_line(j: &Joined) -> Vec<Line> {
    if j.files.len() < 2 {
        return Vec::new();
    }
    j.files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut l = Line {
                indent: 9,
                ..Default::default()
            };
            l.push(Role::Label, if i == 0 { "FILES    " } else { "         " });
            l.push(Role::Muted, f.to_string_lossy());
            l
        })
        .collect()
}

/// `section 2 of 4` (or `section 2` when the count is not known).
fn section_name(number: Option<u8>, of: Option<u8>) -> String {
    match (number, of) {
        (Some(n), Some(of)) => format!("section {n} of {of}"),
        (Some(n), None) => format!("section {n}"),
        (None, _) => "the cable".to_string(),
    }
}

/// Build the reading document of the whole cable `j`.
pub fn build_joined(j: &Joined) -> Doc {
    let Some(head) = j.head() else {
        return Doc::default();
    };
    let mut doc = build(head);
    doc.header.extend(files_line(j));
    if !j.is_sectioned() {
        return doc;
    }
    let missing = j.missing();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(u8::to_string).collect();
        let mut l = Line {
            indent: 9,
            ..Default::default()
        };
        l.push(Role::Label, "MISSING  ")
            .push(Role::Warning, format!("section {}", names.join(", ")));
        doc.header.push(l);
    }
    doc.body.clear();
    for (i, part) in j.parts.iter().enumerate() {
        if i > 0 {
            doc.body.push(Line::default());
        }
        let mut l = Line::default();
        match part {
            Part::Read(c) => {
                let s = c.section;
                let name = section_name(
                    s.map(|s| s.number.min(255) as u8),
                    s.and_then(|s| s.of).map(|n| n.min(255) as u8),
                );
                l.push(Role::Heading, name.to_uppercase());
                doc.body.push(l);
                doc.body.extend(build(c).body);
            }
            Part::Unreadable { number, of, error } => {
                let what = section_name(*number, *of);
                l.push(Role::Warning, format!("{what}: {error}"));
                doc.body.push(l);
            }
            Part::Missing { number, of } => {
                l.push(Role::Warning, format!("section {number} of {of} missing"));
                doc.body.push(l);
            }
        }
    }
    doc
}
