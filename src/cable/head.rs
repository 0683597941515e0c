//! Where the list reader's first look at a cable ends. The list reader (`parse_summary_bytes`)
//! parses a cable's head alone first, and the whole cable only when a field could run on past
//! the head; the shorter the head, the fewer lines are split and scanned.

/// How much of a cable the list reader looks at first, at most.
pub const SUMMARY_HEAD: usize = 3072;

/// Where the list reader's first look at a cable ends: a line end two lines past the first
/// paragraph (`1. ` or `¶1. ` starting a line), where the front matter has ended in nearly every
/// cable, else the last line end within [`SUMMARY_HEAD`]. None when the cable is no longer than
/// that. The cut only saves work: a head that turns out too short is read again whole.
pub fn head_cut(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    if b.len() <= SUMMARY_HEAD {
        return None;
    }
    let head = &b[..SUMMARY_HEAD];
    let far = || memchr::memrchr(b'\n', head);
    let Some(para) = memchr::memmem::find_iter(head, b"1. ").find(|&at| starts_line(head, at))
    else {
        return far();
    };
    let mut end = para;
    for _ in 0..3 {
        match memchr::memchr(b'\n', &head[end..]) {
            Some(k) => end += k + 1,
            None => return far(),
        }
    }
    Some(end - 1)
}

/// Is `at` the start of a line's text: only blanks, and a `¶`, between it and the line break?
fn starts_line(b: &[u8], at: usize) -> bool {
    let before = &b[..at];
    let before = before.strip_suffix(b" ").unwrap_or(before);
    let before = before.strip_suffix("¶".as_bytes()).unwrap_or(before);
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |k| k + 1);
    before[line_start..]
        .iter()
        .all(|&c| c == b' ' || c == b'\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_look_ends_two_lines_past_the_first_paragraph() {
        let tail = "x".repeat(SUMMARY_HEAD);
        let text = format!(
            "HEAD\nREASONS 1. 4\nSUBJECT: S\n\n\u{b6}1. (C) One.\nTwo\nThree\nFour\n{tail}"
        );
        let cut = head_cut(&text).unwrap();
        assert!(
            text[..cut].ends_with("(C) One.\nTwo\nThree"),
            "{:?}",
            &text[..cut]
        );
        let text = format!("HEAD\n  1. One.\nTwo\nThree\nFour\n{tail}");
        assert!(text[..head_cut(&text).unwrap()].ends_with("Three"));
        // No paragraph in the first 3 KB: the last line end there.
        let text = format!("HEAD\nNO NUMBERS\n{tail}");
        assert_eq!(head_cut(&text), Some("HEAD\nNO NUMBERS".len()));
        // Short cables are read whole.
        assert_eq!(head_cut("HEAD\n1. One.\nTwo\nThree\nFour\n"), None);
    }
}
