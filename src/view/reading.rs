//! The reading document of one cable: a header block, what matters most first (FROM, TO, DTG,
//! id, classification, subject, TAGS with meanings, INFO, REF list, DECL, classified by), and a
//! body (summary, paragraphs with number, portion marking and heading, signer). Every text is
//! sanitised for the terminal here.

use crate::cable::{Addressee, Cable, Classification, Precedence};
use crate::sanitize::for_line;

/// What a piece of text is, so a view can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Label,
    Text,
    Precedence(Precedence),
    Classification(Classification),
    Id,
    Tag,
    Meaning,
    Subject,
    Heading,
    Number,
    Marking,
    Muted,
    Warning,
    /// A search hit in the text.
    Hit,
    /// The search hit the view is on.
    CurrentHit,
}

/// A run of text with one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub role: Role,
    pub text: String,
}

/// One logical line; `indent` is where wrapped continuation lines start (in cells).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    pub segments: Vec<Segment>,
    pub indent: u16,
}

impl Line {
    pub(crate) fn push(&mut self, role: Role, text: impl AsRef<str>) -> &mut Self {
        self.segments.push(Segment {
            role,
            text: for_line(text.as_ref()).into_owned(),
        });
        self
    }

    /// The plain text of the line.
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A cable as the reading view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Doc {
    pub header: Vec<Line>,
    pub body: Vec<Line>,
}

/// Width of the label column in the header.
const LABEL: usize = 9;

fn labelled(label: &str) -> Line {
    let mut l = Line {
        indent: LABEL as u16,
        ..Default::default()
    };
    l.push(Role::Label, format!("{label:<LABEL$}"));
    l
}

fn continuation() -> Line {
    labelled("")
}

/// The meaning of a TAGS code, for the common ones.
fn tag_meaning(tag: &str) -> Option<&'static str> {
    crate::cable::tag_names::meaning(tag)
}

fn addressees(header: &mut Vec<Line>, label: &str, list: &[Addressee]) {
    for (i, a) in list.iter().enumerate() {
        let mut l = if i == 0 {
            labelled(label)
        } else {
            continuation()
        };
        l.push(Role::Text, &a.addressee);
        if let Some(p) = a.precedence {
            l.push(Role::Text, "  ")
                .push(Role::Precedence(p), p.as_str());
        }
        header.push(l);
    }
}

/// Build the reading document of `cable`.
pub fn build(cable: &Cable) -> Doc {
    let mut h = Vec::new();
    if let Some(origin) = &cable.origin {
        let mut l = labelled("FROM");
        l.push(Role::Text, origin);
        h.push(l);
    }
    addressees(&mut h, "TO", &cable.to);
    let mut l = labelled("DTG");
    match cable.dtg {
        Some(d) => l.push(
            Role::Text,
            d.format("%Y-%m-%d %H:%MZ (%d%H%MZ %b %y)")
                .to_string()
                .to_uppercase(),
        ),
        None => l.push(Role::Muted, "unknown"),
    };
    if let Some(p) = cable.precedence {
        l.push(Role::Text, "  ")
            .push(Role::Precedence(p), p.as_str());
    }
    h.push(l);
    if let Some(id) = &cable.id {
        let mut l = labelled("ID");
        l.push(Role::Id, id);
        if let Some(s) = cable.section {
            let of = s.of.map(|n| format!(" of {n}")).unwrap_or_default();
            l.push(Role::Muted, format!("  section {}{of}", s.number));
        }
        h.push(l);
    }
    let mut l = labelled("CLASS");
    match cable.classification {
        Some(c) => l.push(Role::Classification(c), c.as_str()),
        None => l.push(Role::Muted, "unmarked"),
    };
    if !cable.caveats.is_empty() {
        l.push(Role::Text, "  ")
            .push(Role::Label, cable.caveats.join(" "));
    }
    h.push(l);
    if let Some(s) = &cable.subject {
        let mut l = labelled("SUBJECT");
        l.push(Role::Subject, s);
        h.push(l);
    }
    if !cable.tags.is_empty() {
        let mut l = labelled("TAGS");
        for (i, t) in cable.tags.iter().enumerate() {
            if i > 0 {
                l.push(Role::Text, ", ");
            }
            l.push(Role::Tag, t);
            if let Some(m) = tag_meaning(t) {
                l.push(Role::Meaning, format!(" ({m})"));
            }
        }
        h.push(l);
    }
    addressees(&mut h, "INFO", &cable.info);
    for (i, r) in cable.references.iter().enumerate() {
        let mut l = if i == 0 {
            labelled("REF")
        } else {
            continuation()
        };
        if let Some(label) = &r.label {
            l.push(Role::Label, format!("{label}. "));
        }
        l.push(Role::Text, &r.text);
        if let Some(id) = r.id.as_ref().filter(|id| **id != r.text) {
            l.push(Role::Muted, " (")
                .push(Role::Id, id)
                .push(Role::Muted, ")");
        }
        h.push(l);
    }
    if let Some(d) = cable.decl {
        let mut l = labelled("DECL");
        l.push(Role::Text, d.format("%Y-%m-%d").to_string());
        h.push(l);
    }
    if let Some(by) = &cable.classified_by {
        let mut l = labelled("CLASS BY");
        l.push(Role::Text, by);
        h.push(l);
    }
    Doc {
        header: h,
        body: body(cable),
    }
}

/// The block listing the cables that cite this one, as (id, subject) pairs; empty when none do.
pub fn referenced_by<'a>(citing: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<Line> {
    let mut lines: Vec<Line> = citing
        .into_iter()
        .map(|(id, subject)| {
            let indent = (4 + unicode_width::UnicodeWidthStr::width(id)).min(24) as u16;
            let mut l = Line {
                indent,
                ..Default::default()
            };
            l.push(Role::Text, "  ")
                .push(Role::Id, id)
                .push(Role::Text, "  ")
                .push(Role::Text, subject);
            l
        })
        .collect();
    if !lines.is_empty() {
        let mut head = Line::default();
        head.push(Role::Heading, "Referenced by:");
        lines.splice(0..0, [Line::default(), head]);
    }
    lines
}

fn body(cable: &Cable) -> Vec<Line> {
    let mut b = Vec::new();
    let blank = || Line::default();
    if let Some(s) = &cable.summary {
        let mut l = Line::default();
        l.push(Role::Heading, "SUMMARY");
        b.push(l);
        let mut l = Line {
            indent: 2,
            ..Default::default()
        };
        l.push(Role::Text, "  ").push(Role::Text, s);
        b.push(l);
        b.push(blank());
    }
    for p in &cable.paragraphs {
        if let Some(head) = &p.heading {
            let mut l = Line::default();
            l.push(Role::Heading, head);
            b.push(l);
        }
        let mut l = Line::default();
        let mut width = 0;
        if let Some(n) = p.number {
            let num = format!("{n}. ");
            width += num.len();
            l.push(Role::Number, num);
        }
        if let Some(m) = &p.marking {
            let mark = format!("({m}) ");
            width += unicode_width::UnicodeWidthStr::width(mark.as_str());
            l.push(Role::Marking, mark);
        }
        l.indent = width.min(12) as u16;
        l.push(Role::Text, &p.text);
        b.push(l);
        b.push(blank());
    }
    if let Some(s) = &cable.signer {
        let mut l = Line::default();
        l.push(Role::Label, s);
        b.push(l);
    }
    if !cable.warnings.is_empty() {
        b.push(blank());
        for w in &cable.warnings {
            let mut l = Line {
                indent: 2,
                ..Default::default()
            };
            l.push(Role::Warning, "! ").push(Role::Warning, w);
            b.push(l);
        }
    }
    if b.is_empty() {
        let mut l = Line::default();
        l.push(Role::Muted, "(no text)");
        b.push(l);
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cable::{Paragraph, Reference};

    fn fictional() -> Cable {
        Cable {
            id: Some("09FICTIONIA12".into()),
            origin: Some("AMEMBASSY FICTIONIA".into()),
            to: vec![Addressee {
                addressee: "SECSTATE WASHDC".into(),
                precedence: Some(Precedence::Immediate),
                ..Default::default()
            }],
            classification: Some(Classification::Secret),
            caveats: vec!["NOFORN".into()],
            tags: vec!["PREL".into(), "XF".into()],
            subject: Some("HARBOUR TALKS \u{1b}[2J RESUME".into()),
            references: vec![Reference {
                label: Some("A".into()),
                text: "FICTIONIA 7".into(),
                id: Some("09FICTIONIA7".into()),
            }],
            paragraphs: vec![Paragraph {
                number: Some(1),
                marking: Some("S/NF".into()),
                heading: None,
                text: "Talks resumed.".into(),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn header_and_body_carry_the_fields() {
        let doc = build(&fictional());
        let header: Vec<String> = doc.header.iter().map(Line::text).collect();
        assert!(
            header
                .iter()
                .any(|l| l.starts_with("FROM") && l.ends_with("AMEMBASSY FICTIONIA"))
        );
        assert!(
            header
                .iter()
                .any(|l| l.contains("SECSTATE WASHDC  IMMEDIATE"))
        );
        assert!(header.iter().any(|l| l.contains("SECRET  NOFORN")));
        assert!(
            header
                .iter()
                .any(|l| l.contains("A. FICTIONIA 7 (09FICTIONIA7)"))
        );
        let body: Vec<String> = doc.body.iter().map(Line::text).collect();
        assert_eq!(body[0], "1. (S/NF) Talks resumed.");
        assert_eq!(doc.body[0].indent, "1. (S/NF) ".len() as u16);
    }

    #[test]
    fn control_sequences_never_reach_the_document() {
        let doc = build(&fictional());
        assert!(doc.header.iter().all(|l| !l.text().contains('\u{1b}')));
    }
}
