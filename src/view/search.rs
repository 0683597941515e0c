//! Finding text in a document's lines, case-insensitively, and marking the hits so a view can
//! highlight them (the current one apart from the others). Works on logical lines, before they
//! are wrapped, so a hit that a wrap breaks is still one hit.

use super::reading::{Line, Role, Segment};

/// One hit: the logical line, and the byte range of the line's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// The lowercase form of `text`, and for each of its bytes the byte of `text` it came from.
fn folded(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut from = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        for l in c.to_lowercase() {
            let before = out.len();
            out.push(l);
            from.extend(std::iter::repeat_n(i, out.len() - before));
        }
    }
    from.push(text.len());
    (out, from)
}

/// Every place `query` occurs in `lines` (case-insensitively, not overlapping), in order. An
/// empty or blank query finds nothing.
pub fn find(lines: &[Line], query: &str) -> Vec<Hit> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let text = line.text();
        let (hay, from) = folded(&text);
        for (i, m) in hay.match_indices(q.as_str()) {
            let start = from[i];
            // The end is the start of the next original character (or the text's end).
            let end = from[i + m.len()..]
                .iter()
                .copied()
                .find(|&b| b > start)
                .unwrap_or(text.len());
            hits.push(Hit {
                line: n,
                start,
                end,
            });
        }
    }
    hits
}

/// `line` with the byte ranges in `hits` (of its text) given the role `Hit`, and the one at
/// `current` (an index into `hits`) the role `CurrentHit`.
pub fn mark(line: &Line, hits: &[(usize, usize)], current: Option<usize>) -> Line {
    if hits.is_empty() {
        return line.clone();
    }
    let mut out = Line {
        segments: Vec::new(),
        indent: line.indent,
    };
    let mut offset = 0;
    for seg in &line.segments {
        let seg_end = offset + seg.text.len();
        let mut at = offset;
        while at < seg_end {
            // The hit covering `at`, or the next hit's start.
            let inside = hits.iter().position(|&(s, e)| s <= at && at < e);
            let (role, end) = match inside {
                Some(h) => {
                    let role = if Some(h) == current {
                        Role::CurrentHit
                    } else {
                        Role::Hit
                    };
                    (role, hits[h].1.min(seg_end))
                }
                None => {
                    let next = hits
                        .iter()
                        .map(|&(s, _)| s)
                        .filter(|&s| s > at)
                        .min()
                        .unwrap_or(seg_end);
                    (seg.role, next.min(seg_end))
                }
            };
            let piece = &seg.text[at - offset..end - offset];
            out.segments.push(Segment {
                role,
                text: piece.to_string(),
            });
            at = end;
        }
        offset = seg_end;
    }
    out
}

/// `lines` with every hit of `hits` marked, the one at index `current` as the current hit.
pub fn mark_all(lines: &[Line], hits: &[Hit], current: usize) -> Vec<Line> {
    lines
        .iter()
        .enumerate()
        .map(|(n, line)| {
            let first = hits.partition_point(|h| h.line < n);
            let mine: Vec<(usize, usize)> = hits[first..]
                .iter()
                .take_while(|h| h.line == n)
                .map(|h| (h.start, h.end))
                .collect();
            let cur = current.checked_sub(first).filter(|&c| c < mine.len());
            mark(line, &mine, cur)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(parts: &[(Role, &str)]) -> Line {
        Line {
            segments: parts
                .iter()
                .map(|(role, text)| Segment {
                    role: *role,
                    text: text.to_string(),
                })
                .collect(),
            indent: 0,
        }
    }

    #[test]
    fn finds_any_case_across_segments() {
        let lines = [
            line(&[
                (Role::Number, "1. "),
                (Role::Text, "The Harbour and the harb"),
            ]),
            line(&[(Role::Text, "our master")]),
        ];
        let hits = find(&lines, "HARB");
        assert_eq!(hits.len(), 2);
        assert_eq!((hits[0].line, hits[0].start, hits[0].end), (0, 7, 11));
        assert!(find(&lines, "  ").is_empty());
        let marked = mark_all(&lines, &hits, 1);
        let roles: Vec<(Role, String)> = marked[0]
            .segments
            .iter()
            .map(|s| (s.role, s.text.clone()))
            .collect();
        assert_eq!(
            roles,
            [
                (Role::Number, "1. ".to_string()),
                (Role::Text, "The ".to_string()),
                (Role::Hit, "Harb".to_string()),
                (Role::Text, "our and the ".to_string()),
                (Role::CurrentHit, "harb".to_string()),
            ]
        );
        assert_eq!(marked[0].text(), lines[0].text());
    }

    #[test]
    fn folding_that_changes_length_keeps_byte_ranges_valid() {
        // 'İ' lowercases to two characters; the hit still maps onto whole characters.
        let lines = [line(&[(Role::Text, "xİstanbul İs")])];
        for h in find(&lines, "i̇s") {
            let t = lines[0].text();
            assert!(t.is_char_boundary(h.start) && t.is_char_boundary(h.end));
        }
        let hits = find(&lines, "stan");
        assert_eq!(hits.len(), 1);
        assert_eq!(&lines[0].text()[hits[0].start..hits[0].end], "stan");
    }
}
