//! Wrapping and truncating styled lines to a width in terminal cells (unicode-width), breaking at
//! spaces and splitting words longer than the width so nothing ever overflows.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::reading::{Line, Segment};

/// A word or a run of spaces, which may span segments (a search hit inside a word): a word is
/// never broken where its role changes, only where it is longer than the line.
struct Token<'a> {
    space: bool,
    pieces: Vec<(super::Role, &'a str)>,
}

fn tokens(line: &Line) -> Vec<Token<'_>> {
    let mut out: Vec<Token> = Vec::new();
    for seg in &line.segments {
        for piece in split_keep_spaces(&seg.text) {
            let space = piece.starts_with(' ');
            match out.last_mut() {
                Some(t) if t.space == space => t.pieces.push((seg.role, piece)),
                _ => out.push(Token {
                    space,
                    pieces: vec![(seg.role, piece)],
                }),
            }
        }
    }
    out
}

/// Wrap `line` to `width` cells. Continuation lines start with `line.indent` spaces (the indent is
/// dropped when the width is too small to leave room for text).
pub fn wrap(line: &Line, width: usize) -> Vec<Line> {
    let width = width.max(1);
    let indent = if (line.indent as usize) * 2 < width {
        line.indent as usize
    } else {
        0
    };
    let mut out = vec![Line {
        segments: Vec::new(),
        indent: line.indent,
    }];
    let mut col = 0usize;
    for token in tokens(line) {
        let w: usize = token.pieces.iter().map(|(_, t)| t.width()).sum();
        if col + w <= width {
            for (role, text) in &token.pieces {
                push(&mut out, *role, text);
            }
            col += w;
            continue;
        }
        if token.space {
            // A break here: the spaces are dropped.
            new_line(&mut out, line.indent, indent);
            col = indent;
            continue;
        }
        if col > indent && w <= width - indent {
            new_line(&mut out, line.indent, indent);
            col = indent;
            for (role, text) in &token.pieces {
                push(&mut out, *role, text);
            }
            col += w;
            continue;
        }
        // A word longer than the line: split it by characters.
        for (role, text) in &token.pieces {
            for ch in text.chars() {
                let cw = ch.width().unwrap_or(0);
                if col + cw > width && col > indent {
                    new_line(&mut out, line.indent, indent);
                    col = indent;
                }
                let mut buf = [0u8; 4];
                push(&mut out, *role, ch.encode_utf8(&mut buf));
                col += cw;
            }
        }
    }
    for l in &mut out[..] {
        trim_end(l);
    }
    out
}

/// Spaces left at a break are invisible but would be selected or copied; drop them.
fn trim_end(line: &mut Line) {
    let count = line.segments.len();
    while let Some(last) = line.segments.last_mut() {
        let kept = last.text.trim_end_matches(' ').len();
        if kept > 0 || count == 1 {
            last.text.truncate(kept);
            break;
        }
        line.segments.pop();
    }
}

fn new_line(out: &mut Vec<Line>, keep: u16, indent: usize) {
    let mut l = Line {
        segments: Vec::new(),
        indent: keep,
    };
    if indent > 0 {
        l.segments.push(Segment {
            role: super::Role::Text,
            text: " ".repeat(indent),
        });
    }
    out.push(l);
}

fn push(out: &mut [Line], role: super::Role, text: &str) {
    let Some(line) = out.last_mut() else { return };
    match line.segments.last_mut() {
        Some(last) if last.role == role => last.text.push_str(text),
        _ => line.segments.push(Segment {
            role,
            text: text.to_string(),
        }),
    }
}

fn split_keep_spaces(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let space = rest.starts_with(' ');
        let end = rest
            .find(|c: char| (c == ' ') != space)
            .unwrap_or(rest.len());
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        Some(piece)
    })
}

/// Cut `s` to at most `width` cells, ending with `…` (or `~` when `ascii`) when it was cut.
pub fn truncate(s: &str, width: usize, ascii: bool) -> Cow<'_, str> {
    if s.width() <= width {
        return Cow::Borrowed(s);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut col = 0;
    for ch in s.chars() {
        let cw = ch.width().unwrap_or(0);
        if col + cw > width - 1 {
            break;
        }
        out.push(ch);
        col += cw;
    }
    out.push(if ascii { '~' } else { '…' });
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::Role;

    fn line(text: &str, indent: u16) -> Line {
        Line {
            segments: vec![Segment {
                role: Role::Text,
                text: text.into(),
            }],
            indent,
        }
    }

    #[test]
    fn wraps_at_spaces_with_hanging_indent() {
        let out = wrap(&line("1. one two three four", 3), 10);
        let texts: Vec<String> = out.iter().map(Line::text).collect();
        assert_eq!(texts, ["1. one two", "   three", "   four"]);
    }

    #[test]
    fn long_words_are_split_never_overflow() {
        let word = "X".repeat(50);
        for width in 1..30 {
            for l in wrap(&line(&format!("a {word} b"), 2), width) {
                assert!(l.text().width() <= width, "width {width}: {:?}", l.text());
            }
        }
    }

    #[test]
    fn a_word_split_into_roles_wraps_as_one_word() {
        let l = Line {
            segments: vec![
                Segment {
                    role: Role::Text,
                    text: "one two sou".into(),
                },
                Segment {
                    role: Role::Hit,
                    text: "the".into(),
                },
                Segment {
                    role: Role::Text,
                    text: "ast three".into(),
                },
            ],
            indent: 0,
        };
        let texts: Vec<String> = wrap(&l, 14).iter().map(Line::text).collect();
        assert_eq!(texts, ["one two", "southeast", "three"]);
    }

    #[test]
    fn wide_characters_count_two_cells() {
        for l in wrap(&line("東京 大使館 電報", 0), 5) {
            assert!(l.text().width() <= 5);
        }
        assert_eq!(truncate("東京大使館", 5, false), "東京…");
        assert_eq!(truncate("ROUTINE", 7, true), "ROUTINE");
        assert_eq!(truncate("ROUTINE", 4, true), "ROU~");
    }
}
