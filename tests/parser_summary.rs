//! `parse_summary_bytes` (the list reader, which skips the body) against the full parser: every
//! field but paragraphs, summary and signer must be the same, on fictional cables and on every
//! file of the corpus (both flavours). The corpus part skips when the corpus is absent.

mod support;

use cabletriage::cable::{Cable, Classification, parse_bytes, parse_summary_bytes};

/// The full parse with the body-only fields blanked, as the summary reader should give it.
fn without_body(mut cables: Vec<Cable>) -> Vec<Cable> {
    for c in &mut cables {
        c.paragraphs.clear();
        c.summary = None;
        c.signer = None;
    }
    cables
}

/// Compares the two readers on one file; returns a description of the first difference.
fn differs(bytes: &[u8], name: &str) -> Option<String> {
    let full = without_body(parse_bytes(bytes, name));
    let quick = parse_summary_bytes(bytes, name);
    (full != quick).then(|| format!("{name}:\nfull:  {full:?}\nquick: {quick:?}"))
}

const FICTIONAL: &str = "VZCZCXYZ0001\nOO RUEHXX\nDE RUEHFV #0042/01 0451200\nZNY CCCCC ZZH\nO 141200Z FEB 09\nFM AMEMBASSY FICTIONVILLE\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 0101\nINFO RUEHZZ/AMEMBASSY NOWHERE 0007\nBT\nC O N F I D E N T I A L FICTIONVILLE 000042\n\nSIPDIS\nNOFORN\n\nE.O. 12958: DECL: 01/05/2019\nTAGS: PREL, XX\nSUBJECT: A FICTIONAL SUBJECT\nON TWO LINES\n\nREF: A. FICTIONVILLE 12\nB. 08 STATE 34\n\nClassified By: Someone for reasons 1.4 (b)\n\n1. (C) Summary: A fictional gist. End summary.\n\n2. (C) Another paragraph.\n\nDOE\nNNNN\n";

#[test]
fn fictional_cable_same_fields_without_body() {
    let quick = parse_summary_bytes(FICTIONAL.as_bytes(), "f");
    let full = parse_bytes(FICTIONAL.as_bytes(), "f");
    assert_eq!(full[0].paragraphs.len(), 2);
    assert!(quick[0].paragraphs.is_empty() && quick[0].summary.is_none());
    assert_eq!(
        quick[0].subject.as_deref(),
        Some("A FICTIONAL SUBJECT ON TWO LINES")
    );
    assert_eq!(quick[0].references.len(), 2);
    assert_eq!(differs(FICTIONAL.as_bytes(), "f"), None);
}

#[test]
fn level_from_markings_still_read_without_a_classification_line() {
    let text = "SUBJECT: NO CLASSIFICATION LINE\n\n1. (S/NF) A fictional secret paragraph.\n";
    let quick = parse_summary_bytes(text.as_bytes(), "f");
    assert_eq!(quick[0].classification, Some(Classification::Secret));
    assert_eq!(differs(text.as_bytes(), "f"), None);
}

#[test]
fn several_cables_and_junk_agree() {
    let two = format!("{FICTIONAL}{FICTIONAL}");
    assert_eq!(parse_summary_bytes(two.as_bytes(), "f").len(), 2);
    for input in [
        two.as_bytes(),
        b"",
        b"\xff\xfe\x00\x01",
        b"%PDF-1.4\n\x00",
        b"1. (C",
    ] {
        assert_eq!(differs(input, "f"), None);
    }
}

#[test]
fn every_corpus_file_agrees() {
    let Some(corpus) = support::corpus() else {
        return;
    };
    let mut n = 0;
    for (dir, ext) in [
        ("cablegate/txt", "txt"),
        ("cablegate/md", "md"),
        ("seed", "txt"),
        ("seed", "md"),
    ] {
        for path in support::files(&corpus.join(dir), ext) {
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            if let Some(d) = differs(&bytes, &path.to_string_lossy()) {
                panic!("summary reader differs from the full parser on {d}");
            }
            n += 1;
        }
    }
    println!("summary reader equal to the full parser on {n} files");
    assert!(n > 0, "corpus present but no files read");
}

/// The list reader looks at a cable's first few KB before the whole: a header that runs past
/// that point, and a long body after it, must give the same fields as the full parse.
#[test]
fn long_headers_and_long_bodies_agree() {
    let mut long_header = String::from(
        "VZCZCXYZ0002\nRR RUEHXX\nDE RUEHFV #0043 0451300\nZNR UUUUU ZZH\nR 141300Z FEB 09\nFM AMEMBASSY FICTIONVILLE\nTO RUEHC/SECSTATE WASHDC 0102\nINFO ",
    );
    for k in 0..300 {
        long_header.push_str(&format!("RUEHZZ/AMEMBASSY NOWHERE{k:03} 0007\n"));
    }
    long_header.push_str("BT\nUNCLAS FICTIONVILLE 000043\n\nE.O. 12958: N/A\nTAGS: PREL\nSUBJECT: AFTER A LONG LIST\n\n1. A paragraph.\n");
    let quick = parse_summary_bytes(long_header.as_bytes(), "f");
    assert_eq!(quick[0].info.len(), 300);
    assert_eq!(quick[0].subject.as_deref(), Some("AFTER A LONG LIST"));
    assert_eq!(differs(long_header.as_bytes(), "f"), None);

    let mut long_body = FICTIONAL.replace("NNNN\n", "");
    for k in 3..400 {
        long_body.push_str(&format!(
            "\n{k}. (C) Another fictional paragraph of ordinary length.\n"
        ));
    }
    assert!(long_body.len() > 16 * 1024);
    assert_eq!(differs(long_body.as_bytes(), "f"), None);
    assert_eq!(
        parse_summary_bytes(long_body.as_bytes(), "f")[0]
            .subject
            .as_deref(),
        Some("A FICTIONAL SUBJECT ON TWO LINES")
    );
}

/// The list reader's first look ends a few lines past the first numbered line. A numbered line
/// above the body (in the routing lines, or a list in the front matter) cuts that look too
/// short; the fields must still be the full parse's.
#[test]
fn a_numbered_line_above_the_body_does_not_cut_fields_off() {
    let padding =
        "\nN. (C) Another fictional paragraph of ordinary length, to make it long.\n".repeat(60);
    // The fictional cable with `from` replaced by `to`, and a long body.
    let long = |from: &str, to: &str| FICTIONAL.replace(from, to).replace("NNNN\n", &padding);
    let numbered_routing = long(
        "BT\n",
        "1. PASS TO THE DESK OFFICER\n2. AND TO THE FRONT OFFICE\n3. PLEASE\nBT\n",
    );
    assert!(numbered_routing.len() > 4096);
    let quick = parse_summary_bytes(numbered_routing.as_bytes(), "f");
    assert_eq!(quick[0].references.len(), 2);
    assert_eq!(quick[0].tags, ["PREL", "XX"]);
    assert_eq!(
        quick[0].subject.as_deref(),
        Some("A FICTIONAL SUBJECT ON TWO LINES")
    );
    assert_eq!(differs(numbered_routing.as_bytes(), "f"), None);

    // A numbered list between the captions: where the front matter ends is the parser's call,
    // and the list reader must make the same one.
    let numbered_front = long(
        "SUBJECT:",
        "NOTE:\n1. THE FIRST POINT\n2. THE SECOND\n3. THE THIRD\nSUBJECT:",
    );
    assert!(numbered_front.len() > 4096);
    assert_eq!(differs(numbered_front.as_bytes(), "f"), None);
}
