//! Text from cables, journals, keymaps and users is data, never terminal control. Everything
//! shown to a person (the TUI, and whatever the CLI prints for one) passes through here, so the
//! bytes that reach a terminal are inert and take exactly the cells they are measured at:
//!
//! - **Controls are shown, not obeyed.** C0 controls (but tab and newline) become caret notation
//!   (`ESC` is `^[`); DEL and the C1 controls become `�`.
//! - **Invisible characters are dropped** ([`is_invisible`]): zero-width space, joiners and word
//!   joiner, the byte-order mark, the soft hyphen, bidi marks, embeddings, overrides and
//!   isolates (so text shows in the order it was written and cannot hide or reorder a part of
//!   a line), variation selectors, emoji skin-tone modifiers and tag characters.
//! - **A cluster whose cells are in doubt becomes `�`.** ratatui measures grapheme clusters (an
//!   emoji ZWJ family is 2 cells to it); xterm, VTE, tmux and most terminals advance per
//!   character (the same family is 6 cells); kitty and WezTerm join some sequences and not
//!   others. A program cannot ask which it is talking to, so instead of measuring "as the
//!   terminal does" we only ever send text whose cells are the same counted either way: a
//!   cluster is kept only when its first character carries its whole width and the rest are
//!   combining marks; any other (a Khmer coeng pair, a Tifinagh bi-consonant, a Devanagari
//!   conjunct, a Thai sara am) is replaced by one `�`, which is one cell everywhere. Cables are
//!   written in English: the cost falls on stray foreign script, rendered legibly elsewhere.
//!   Measure cleaned text per character (or per cluster: the same), not with `str::width`,
//!   which still joins across clusters (Arabic lam-alef is one cell to it, two on a terminal).
//!
//! The result of [`for_terminal`] and [`for_line`] therefore has one width, and the columns and
//! borders drawn around it stay where they were computed: no stray border pieces until `C-l`.
//! Machine formats (JSON, CSV) keep their exact text when written to a pipe; see
//! `cli::output` for how they are made safe on a terminal.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Control characters a terminal would obey: C0 except tab and newline, DEL, C1 (and CR).
pub fn is_control(c: char) -> bool {
    let v = c as u32;
    (v < 0x20 && c != '\t' && c != '\n') || v == 0x7f || (0x80..0xa0).contains(&v)
}

/// Characters drawn as nothing (or as something different on each terminal) that change how the
/// text around them is shown: format characters (Unicode category Cf), the other default
/// ignorable code points, variation selectors and emoji modifiers.
pub fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00ad                      // soft hyphen
        | 0x034f                    // combining grapheme joiner
        | 0x0600..=0x0605 | 0x06dd | 0x070f | 0x0890..=0x0891 | 0x08e2 // prepended marks
        | 0x061c                    // Arabic letter mark
        | 0x115f..=0x1160 | 0x3164 | 0xffa0 // Hangul fillers
        | 0x17b4..=0x17b5           // Khmer inherent vowels
        | 0x180b..=0x180f           // Mongolian variation selectors and vowel separator
        | 0x200b..=0x200f           // zero-width space, non-joiner, joiner; LRM, RLM
        | 0x202a..=0x202e           // bidi embeddings and overrides
        | 0x2060..=0x206f           // word joiner, invisible operators, bidi isolates
        | 0xfe00..=0xfe0f           // variation selectors
        | 0xfeff                    // byte-order mark / zero-width no-break space
        | 0xfff0..=0xfffb           // interlinear annotation
        | 0x110bd | 0x110cd         // Kaithi number signs
        | 0x13430..=0x1343f         // Egyptian hieroglyph format controls
        | 0x1bca0..=0x1bca3         // shorthand format controls
        | 0x1d173..=0x1d17a         // musical symbol format controls
        | 0x1f3fb..=0x1f3ff         // emoji skin-tone modifiers
        | 0xe0000..=0xe0fff // tags, variation selectors supplement
    )
}

/// Line and paragraph separators: line breaks to Unicode, of no agreed width to a terminal.
fn is_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// Does `c` need anything done to it, or may it start a cluster of doubtful width? Everything
/// below U+0300 (ASCII, Latin-1, the Latin extensions) but the controls and the soft hyphen
/// is one cell or one letter alone.
fn suspect(c: char) -> bool {
    c as u32 >= 0x300 || is_control(c) || c == '\u{ad}'
}

/// Replace controls with a visible form, drop invisible characters and replace clusters of
/// doubtful width (see the module doc). Tabs and newlines are kept.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

/// Same, for one display line: tabs and newlines become spaces too.
pub fn for_line(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

fn clean(s: &str, one_line: bool) -> Cow<'_, str> {
    let flat = |c: char| one_line && matches!(c, '\t' | '\n');
    if !s.chars().any(|c| suspect(c) || flat(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for ch in s.chars() {
        if flat(ch) || is_separator(ch) {
            out.push(' ');
        } else if is_control(ch) {
            let v = ch as u32;
            if v < 0x20 {
                out.push('^');
                out.push(char::from_u32(v + 0x40).unwrap_or('?'));
            } else {
                out.push('\u{fffd}');
            }
        } else if !is_invisible(ch) {
            out.push(ch);
        }
    }
    match settle_widths(&out) {
        Some(settled) => Cow::Owned(settled),
        None if out == s => Cow::Borrowed(s),
        None => Cow::Owned(out),
    }
}

/// `s` with every grapheme cluster of doubtful width replaced by `�`; `None` when there is none.
///
/// A cluster is sure when its first character carries its whole width and the others are
/// zero-width marks: a terminal draws the marks into the first character's cell, which is the
/// cell ratatui gives the cluster. Otherwise a terminal gives each character its own cells, and
/// ratatui one cell to the cluster, and they disagree on what is in the cells after it even
/// where the total widths match (a Thai sara am, a Devanagari conjunct).
fn settle_widths(s: &str) -> Option<String> {
    let doubtful = |g: &str| {
        // Line breaks and tabs (kept by `for_terminal`) are not drawn as cells.
        if matches!(g, "\n" | "\t") {
            return false;
        }
        let mut chars = g.chars().map(|c| c.width().unwrap_or(0));
        let first = chars.next().unwrap_or(0);
        chars.any(|w| w != 0) || g.width() != first
    };
    if !s.chars().any(|c| c as u32 >= 0x300) || !s.graphemes(true).any(doubtful) {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    for g in s.graphemes(true) {
        if doubtful(g) {
            out.push('\u{fffd}');
        } else {
            out.push_str(g);
        }
    }
    Some(out)
}

/// Cells `s` takes on a terminal, counted per character: for text cleaned here, what ratatui
/// and every terminal agree on.
pub fn cells(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        let hostile = "SUBJECT \u{1b}]0;pwned\u{7}\u{1b}[2J done";
        let clean = for_terminal(hostile);
        assert!(!clean.contains('\u{1b}'));
        assert!(!clean.contains('\u{7}'));
        assert!(clean.contains("^[]0;pwned"));
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(for_terminal("PREL RS"), Cow::Borrowed(_)));
        assert!(matches!(
            for_line("Zürich — Тбилиси 東京"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn c1_controls_are_replaced() {
        assert_eq!(for_line("a\u{9b}2Jb\tc"), "a\u{fffd}2Jb c");
        assert_eq!(for_line("a\u{7f}b"), "a\u{fffd}b");
    }

    #[test]
    fn invisible_and_bidi_characters_are_dropped() {
        assert_eq!(
            for_line("\u{202e}TERCES\u{202c} NU\u{200b}CLEAR\u{2066}x\u{2069}\u{feff}"),
            "TERCES NUCLEARx"
        );
        assert_eq!(for_line("soft\u{ad}hyphen"), "softhyphen");
        assert_eq!(for_terminal("a\u{2028}b\nc\td"), "a b\nc\td");
    }

    #[test]
    fn emoji_sequences_become_single_emoji_of_agreed_width() {
        // The family falls apart into its members, each two cells on every terminal.
        let family = for_line("👨\u{200d}👩\u{200d}👧");
        assert_eq!(family, "👨👩👧");
        assert_eq!(family.width(), 6);
        assert_eq!(for_line("👍\u{1f3fd}"), "👍");
        assert_eq!(for_line("☺\u{fe0f}"), "☺");
        assert_eq!(for_line("🏴\u{e0067}\u{e0062}\u{e007f}"), "🏴");
    }

    #[test]
    fn clusters_of_doubtful_width_are_replaced() {
        // Khmer coeng: one cell as a cluster, two as characters.
        assert_eq!(for_line("a\u{1780}\u{17d2}\u{1780}b"), "a\u{fffd}b");
        // Lam-alef is two clusters, drawn one cell each by ratatui and by a terminal: kept.
        assert_eq!(for_line("\u{644}\u{627}"), "\u{644}\u{627}");
        // A conjunct is one cluster to ratatui, two cells of their own to a terminal.
        assert_eq!(for_line("क\u{94d}ष"), "\u{fffd}");
        // Combining marks go into their base's cell everywhere: kept.
        assert_eq!(for_line("e\u{301}"), "e\u{301}");
        assert_eq!(for_line("\u{1100}\u{1161}"), "\u{1100}\u{1161}");
    }

    #[test]
    fn cleaning_twice_changes_nothing_more() {
        for s in [
            "\u{1b}[2J",
            "a\u{9b}b",
            "👨\u{200d}👩",
            "\u{1780}\u{17d2}\u{1780}",
            "x\ty",
        ] {
            let once = for_line(s).into_owned();
            assert_eq!(for_line(&once), once);
        }
    }
}
