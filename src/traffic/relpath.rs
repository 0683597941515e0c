//! A cable file's path relative to the traffic root, as records, the index and triage keys keep
//! it: text, components joined by `/`, the same whichever way the root was spelled (`noid`,
//! `./noid`, `/abs/noid`, `noid/`) and after the root is moved.
//!
//! File names are bytes, not text. A name that is UTF-8 is kept as it is; any other byte is
//! kept as one character of the private-use range U+F780..=U+F7FF (byte `b` as U+F700 + `b`),
//! and a name that already holds such a character has that character's own bytes kept so too.
//! [`decode`] undoes [`encode`] exactly, so the file opened is always the one the walk found;
//! only a path shown to a person may be lossy.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// The first character of the escape range, and its UTF-8 lead bytes (U+F780 is EF 9E 80,
/// U+F7FF is EF 9F BF).
const ESCAPE_BASE: u32 = 0xF700;
const LEAD: u8 = 0xEF;

fn is_escape(c: char) -> bool {
    (0xF780..=0xF7FF).contains(&u32::from(c))
}

/// Might `bytes` hold a character of the escape range? (A quick test on the lead bytes.)
fn may_hold_escape(bytes: &[u8]) -> bool {
    memchr::memchr_iter(LEAD, bytes).any(|i| matches!(bytes.get(i + 1), Some(0x9E | 0x9F)))
}

/// The text form of a path's bytes (borrowed for every UTF-8 path without an escape character).
pub fn encode(bytes: &[u8]) -> Cow<'_, str> {
    // Nearly every path is ASCII: told in a few instructions, before any UTF-8 validation.
    if bytes.is_ascii() {
        return Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default());
    }
    if let Ok(s) = simdutf8::basic::from_utf8(bytes)
        && !may_hold_escape(bytes)
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let push_byte = |out: &mut String, b: u8| {
        // Only bytes >= 0x80 are ever escaped, so this is always in the escape range.
        if let Some(c) = char::from_u32(ESCAPE_BASE + u32::from(b)) {
            out.push(c);
        }
    };
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if is_escape(c) {
                let mut b = [0u8; 4];
                for &x in c.encode_utf8(&mut b).as_bytes() {
                    push_byte(&mut out, x);
                }
            } else {
                out.push(c);
            }
        }
        for &b in chunk.invalid() {
            push_byte(&mut out, b);
        }
    }
    Cow::Owned(out)
}

/// The bytes a text form stands for (borrowed unless it holds an escape character).
pub fn decode(text: &str) -> Cow<'_, [u8]> {
    if text.is_ascii() || !may_hold_escape(text.as_bytes()) {
        return Cow::Borrowed(text.as_bytes());
    }
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        if is_escape(c) {
            out.push((u32::from(c) - ESCAPE_BASE) as u8);
        } else {
            let mut b = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
        }
    }
    Cow::Owned(out)
}

/// The bytes of `path` after `root` and the `/` that follows it, when `path` is spelled as
/// `root` joined with something (as every path the walk gives is).
pub fn rel_bytes<'p>(root: &Path, path: &'p Path) -> Option<&'p [u8]> {
    let (r, p) = (root.as_os_str().as_bytes(), path.as_os_str().as_bytes());
    let rest = p.strip_prefix(r)?;
    if r.ends_with(b"/") || rest.is_empty() {
        return Some(rest);
    }
    rest.strip_prefix(b"/")
}

/// The bytes of the folder of `file` relative to `root` (empty for a file directly in it), when
/// `file` is spelled from `root` (see [`rel_bytes`]).
pub fn rel_folder<'p>(root: &Path, file: &'p Path) -> Option<&'p [u8]> {
    let rel = rel_bytes(root, file)?;
    Some(memchr::memrchr(b'/', rel).map_or(&[][..], |at| &rel[..at]))
}

/// The text form of `path` relative to `root` (see the module doc). A path not spelled from
/// `root` is taken relative to it by its components, else kept whole.
pub fn rel_of<'p>(root: &Path, path: &'p Path) -> Cow<'p, str> {
    if let Some(rel) = rel_bytes(root, path) {
        return encode(rel);
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    Cow::Owned(encode(rel.as_os_str().as_bytes()).into_owned())
}

/// The file a relative text form names under `root`.
pub fn join(root: &Path, rel: &str) -> PathBuf {
    if rel.is_empty() {
        return root.to_path_buf();
    }
    root.join(OsStr::from_bytes(&decode(rel)))
}

/// The root directory as an index records it: canonical (so that every spelling of one
/// directory is the same), in text form.
pub fn root_key(root: &Path) -> String {
    let canon = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    encode(canon.as_os_str().as_bytes()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn utf8_paths_are_kept_as_they_are() {
        for p in ["2026-11-25/x.txt", "café/ü.txt", "", "a b/c"] {
            assert!(matches!(encode(p.as_bytes()), Cow::Borrowed(s) if s == p));
            assert!(matches!(decode(p), Cow::Borrowed(b) if b == p.as_bytes()));
        }
    }

    #[test]
    fn other_bytes_come_back_exactly() {
        let cases: [&[u8]; 5] = [
            b"caf\xe9.txt",
            b"\xff\xfe/\x80",
            "odd\u{f7a0}name".as_bytes(),
            b"mix\xe9\xef\x9e\x80",
            b"\xef\x9e",
        ];
        for b in cases {
            let text = encode(b);
            assert_eq!(&*decode(&text), b, "{text:?}");
            assert!(!text.contains('\u{fffd}'));
        }
        // A name holding an escape character is not confused with a byte it could stand for.
        assert_ne!(encode("\u{f7e9}".as_bytes()), encode(b"\xe9"));
    }

    #[test]
    fn relative_to_any_spelling_of_the_root() {
        for (root, path) in [
            ("noid", "noid/d/x.txt"),
            ("./noid", "./noid/d/x.txt"),
            ("noid/", "noid/d/x.txt"),
            ("/abs/noid", "/abs/noid/d/x.txt"),
            ("noid//", "noid//d/x.txt"),
        ] {
            assert_eq!(
                rel_of(Path::new(root), Path::new(path)),
                "d/x.txt",
                "{root}"
            );
        }
        assert_eq!(rel_bytes(Path::new("noid"), Path::new("noidx/a")), None);
        for root in ["noid", "noid/", "./noid"] {
            let file = Path::new(root).join("x.txt");
            assert_eq!(rel_folder(Path::new(root), &file), Some(&b""[..]), "{root}");
            let file = Path::new(root).join("d/e/x.txt");
            assert_eq!(
                rel_folder(Path::new(root), &file),
                Some(&b"d/e"[..]),
                "{root}"
            );
        }
        let p = Path::new(OsStr::from_bytes(b"r/\xe9/x"));
        let rel = rel_of(Path::new("r"), p);
        assert_eq!(join(Path::new("r"), &rel), p);
    }

    proptest! {
        #[test]
        fn any_bytes_round_trip(b in proptest::collection::vec(any::<u8>(), 0..64)) {
            let text = encode(&b);
            prop_assert_eq!(&*decode(&text), &b[..]);
        }

        #[test]
        fn any_text_form_is_unique(a in proptest::collection::vec(any::<u8>(), 0..16),
                                   b in proptest::collection::vec(any::<u8>(), 0..16)) {
            prop_assume!(a != b);
            prop_assert_ne!(encode(&a), encode(&b));
        }
    }
}
