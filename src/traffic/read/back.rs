//! Reading one record's cable back: the full cable from its file ([`read_cable`], with the
//! loader's safeguards and size cap), or the bare cable the record itself describes
//! ([`bare_cable`]), for when the file cannot be read again.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use super::open::{Dir, MAX_CABLE_BYTES, read_sized};
use crate::cable::{Addressee, Cable, Section, parse_bytes};
use crate::traffic::record::{Record, Sym};
use crate::traffic::relpath;

/// Read the full cable behind `record` (the `index_in_file`-th cable of its file) from the
/// traffic directory `root`, as the loader reads files: never through a symlink, never a
/// special file or one over [`MAX_CABLE_BYTES`], never blocking.
pub fn read_cable(root: &Path, record: &Record) -> Result<Cable, String> {
    let rel = record.rel_path();
    let path = relpath::join(root, &rel);
    let shown = path.to_string_lossy();
    let bytes = relpath::decode(&rel);
    let (dir, name) = match memchr::memrchr(b'/', &bytes) {
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (&[][..], &bytes[..]),
    };
    let opened = Dir::open(root)
        .and_then(|r| r.beneath(dir, root))
        .ok_or_else(|| std::io::Error::other("its folder cannot be opened"))
        .and_then(|d| d.open_name(OsStr::from_bytes(name)));
    let file = opened.map_err(|e| format!("{shown}: {e}"))?;
    let size = match file.metadata() {
        Ok(m) if !m.is_file() => return Err(format!("{shown}: not a regular file")),
        Ok(m) if m.len() > MAX_CABLE_BYTES => {
            return Err(format!("{shown}: too large to be a cable"));
        }
        Ok(m) => m.len() as usize,
        Err(e) => return Err(format!("{shown}: {e}")),
    };
    let mut buf = Vec::new();
    let n = read_sized(&file, size, &mut buf).map_err(|e| format!("{shown}: {e}"))?;
    let mut cables = parse_bytes(&buf[..n], &shown);
    let i = usize::from(record.index_in_file);
    if i < cables.len() {
        Ok(cables.swap_remove(i))
    } else {
        Err(format!("{shown}: the cable is no longer in this file"))
    }
}

/// The cable as far as `record` knows it, without reading its file: the header fields the inbox
/// keeps (id, precedence, DTG, origin, addressees, classification, caveats, TAGS, subject,
/// section), with `file` the record's path under `root`. No paragraphs, references or
/// warnings: a caller showing it in place of the file's cable says why.
pub fn bare_cable(root: &Path, record: &Record) -> Cable {
    let addressees = |v: &[Sym]| {
        v.iter()
            .map(|a| Addressee {
                addressee: a.to_string(),
                ..Default::default()
            })
            .collect()
    };
    let texts = |v: &[Sym]| v.iter().map(|s| s.to_string()).collect();
    Cable {
        file: relpath::join(root, &record.rel_path())
            .to_string_lossy()
            .into_owned(),
        id: record.id().map(String::from),
        precedence: record.precedence,
        dtg: record.dtg_utc(),
        origin: Some(record.origin.to_string()).filter(|s| !s.is_empty()),
        to: addressees(&record.to),
        info: addressees(&record.info),
        classification: record.classification,
        caveats: texts(&record.caveats),
        tags: texts(&record.tags),
        subject: Some(record.subject().to_string()).filter(|s| !s.is_empty()),
        section: record.section().map(|(number, of)| Section {
            number: u32::from(number),
            of: of.map(u32::from),
        }),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cable::{Classification, Precedence};
    use crate::traffic::interner::Interner;

    #[test]
    fn a_bare_cable_has_the_header_the_record_keeps() {
        let mut c = Cable {
            id: Some("09OSLO12".into()),
            precedence: Some(Precedence::Immediate),
            dtg: chrono::DateTime::from_timestamp(1_234_567_860, 0),
            origin: Some("AMEMBASSY OSLO".into()),
            classification: Some(Classification::Confidential),
            caveats: vec!["NOFORN".into()],
            tags: vec!["PREL".into(), "NO".into()],
            subject: Some("FISHERIES TALKS".into()),
            section: Some(Section {
                number: 2,
                of: Some(3),
            }),
            ..Default::default()
        };
        for (ri, name) in [("RUEHC", "SECSTATE WASHDC"), ("RUEHNO", "USMISSION USNATO")] {
            c.to.push(Addressee {
                ri: Some(ri.into()),
                addressee: name.into(),
                ..Default::default()
            });
        }
        let r = Record::from_cable_at(&c, 0, "2009/09OSLO12.txt", &Interner::default());
        let bare = bare_cable(Path::new("/t"), &r);
        assert_eq!(bare.file, "/t/2009/09OSLO12.txt");
        let names: Vec<&str> = bare.to.iter().map(|a| a.addressee.as_str()).collect();
        assert_eq!(names, ["SECSTATE WASHDC", "USMISSION USNATO"]);
        // What a record does not keep is not invented.
        assert!(bare.to.iter().all(|a| a.ri.is_none()));
        assert!(bare.paragraphs.is_empty() && bare.warnings.is_empty());
        c.to = bare.to.clone();
        c.file = bare.file.clone();
        assert_eq!(bare, c);
    }
}
