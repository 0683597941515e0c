//! Whatever text goes in, what `sanitize` lets out holds nothing a terminal obeys or hides, and
//! takes the same cells counted per character (a terminal) as ratatui lays it out (per grapheme
//! cluster): so rows drawn from it are exactly as wide as measured.

use cabletriage::sanitize::{cells, for_line, for_terminal, is_control, is_invisible};
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Characters that make trouble, mixed with any character at all.
fn text() -> impl Strategy<Value = String> {
    let tricky = prop::sample::select(vec![
        '\u{1b}',
        '\u{7}',
        '\u{9b}',
        '\u{7f}',
        '\r',
        '\n',
        '\t',
        '\u{200d}',
        '\u{200b}',
        '\u{fe0f}',
        '\u{fe0e}',
        '\u{1f3fd}',
        '\u{202e}',
        '\u{2066}',
        '\u{feff}',
        '\u{ad}',
        '\u{e0067}',
        '\u{20e3}',
        '\u{301}',
        '\u{17d2}',
        '\u{1780}',
        '\u{2d7f}',
        '\u{2d31}',
        '\u{94d}',
        '\u{915}',
        '\u{e33}',
        '\u{e01}',
        '\u{644}',
        '\u{627}',
        '\u{1f1fa}',
        '\u{1f1f8}',
        '👨',
        '👩',
        '👍',
        '☺',
        '🏳',
        '1',
        'a',
        ' ',
        '東',
    ]);
    prop::collection::vec(prop_oneof![any::<char>(), tricky], 0..48)
        .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn cleaned_text_is_inert_and_of_one_width(s in text()) {
        let line = for_line(&s);
        for c in line.chars() {
            prop_assert!(!is_control(c) && !is_invisible(c), "{c:?} in {line:?}");
            prop_assert!(c != '\n' && c != '\t');
        }
        for g in line.graphemes(true) {
            let mut w = g.chars().map(|c| c.width().unwrap_or(0));
            let first = w.next().unwrap_or(0);
            prop_assert!(w.all(|x| x == 0), "{g:?}: a later character takes cells");
            prop_assert_eq!(g.width(), first, "{:?}", g);
        }
        // ratatui puts it in exactly the cells a terminal advances over.
        let width = cells(&line);
        let mut buf = Buffer::empty(Rect::new(0, 0, 200, 1));
        let (x, _) = buf.set_stringn(0, 0, &line, 200, ratatui::style::Style::new());
        prop_assert_eq!(usize::from(x), width, "{:?}", line);
        // Cleaning is done once.
        prop_assert_eq!(for_line(&line), line.clone());
        let block = for_terminal(&s);
        prop_assert_eq!(for_terminal(&block), block.clone());
    }
}
