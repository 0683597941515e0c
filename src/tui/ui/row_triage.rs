//! A row's triage state in the inbox: the glyphs of the mark column (each one character, so
//! they show without colour and in `--ascii`) and the triage column's text.
//!
//! The mark column, left to right: the cursor, the bulk mark (`+`), new (`N`, a cable that
//! arrived this session and is unread) or unread (`•`, `*` in ASCII), flagged (`!`) or done
//! (`✓`, `x`), or pending (`⧗`, `~`: a decision on the cable sent to the journal and not yet
//! durable, shown instead of flagged or done until it is), a note (`✎`, `n`), acknowledged
//! (`A`).

use ratatui::buffer::Buffer;
use ratatui::style::{Modifier, Style};

use crate::sanitize::for_line;
use crate::triage::CableState;
use crate::tui::theme::Theme;

/// The four state glyphs after the cursor and the bulk mark, each with its style; `pending`:
/// a decision on the cable waits to be written.
pub fn glyphs(
    theme: &Theme,
    state: Option<&CableState>,
    (new, pending): (bool, bool),
) -> [(&'static str, Style); 4] {
    let read = state.is_some_and(|s| s.read);
    let attention = match (new && !read, read) {
        (true, _) => ("N", theme.info().add_modifier(Modifier::BOLD)),
        (false, false) => (theme.unread_mark(), theme.info()),
        (false, true) => (" ", Style::new()),
    };
    let status = match state {
        _ if pending => theme.pending_mark(),
        Some(s) if s.flagged => "!",
        Some(s) if s.done => theme.done_mark(),
        _ => " ",
    };
    let note = match state {
        Some(s) if s.has_note() => {
            if theme.ascii {
                "n"
            } else {
                "✎"
            }
        }
        _ => " ",
    };
    let acked = if state.is_some_and(|s| s.acked_by.is_some()) {
        "A"
    } else {
        " "
    };
    [
        attention,
        (status, theme.info()),
        (note, theme.info()),
        (acked, theme.info()),
    ]
}

/// Draw the mark column at `(x, y)`.
pub fn draw_marks(
    buf: &mut Buffer,
    theme: &Theme,
    (x, y): (u16, u16),
    (selected, marked): (bool, bool),
    glyphs: &[(&str, Style)],
) {
    let cursor = if selected { theme.cursor_mark() } else { " " };
    let marked = if marked { theme.marked_mark() } else { " " };
    buf.set_stringn(x, y, cursor, 1, Style::new());
    buf.set_stringn(x + 1, y, marked, 1, theme.highlight());
    for (i, (g, style)) in glyphs.iter().enumerate() {
        buf.set_stringn(x + 2 + i as u16, y, g, 1, *style);
    }
}

/// The triage column's text in `width` cells: everything (`EUR/CE +NEA/I urgent iraq`) when
/// it fits, else the action desk and the first label with a count of the rest
/// (`EUR/CE urgent+1`).
pub fn cell(s: &CableState, width: usize) -> String {
    let labels: Vec<&str> = s.labels.iter().map(String::as_str).collect();
    let mut full: Vec<String> = Vec::new();
    full.extend(s.action_desk.clone());
    full.extend(s.info_desks.iter().map(|d| format!("+{d}")));
    full.extend(labels.iter().map(|l| l.to_string()));
    let full = for_line(&full.join(" ")).into_owned();
    if unicode_width::UnicodeWidthStr::width(full.as_str()) <= width {
        return full;
    }
    let desk = s
        .action_desk
        .clone()
        .or_else(|| s.info_desks.first().map(|d| format!("+{d}")));
    let label = match labels.as_slice() {
        [] => None,
        [one] => Some(one.to_string()),
        [first, rest @ ..] => Some(format!("{first}+{}", rest.len())),
    };
    let compact: Vec<String> = desk.into_iter().chain(label).collect();
    for_line(&compact.join(" ")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(desk: Option<&str>, info: &[&str], labels: &[&str]) -> CableState {
        CableState {
            action_desk: desk.map(str::to_string),
            info_desks: info.iter().map(|s| s.to_string()).collect(),
            labels: labels.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn the_cell_is_whole_when_it_fits_and_compact_otherwise() {
        let s = state(Some("EUR/CE"), &["NEA/I"], &["iraq", "urgent"]);
        assert_eq!(cell(&s, 40), "EUR/CE +NEA/I iraq urgent");
        assert_eq!(cell(&s, 13), "EUR/CE iraq+1");
        let info_only = state(None, &["NEA/I"], &[]);
        assert_eq!(cell(&info_only, 5), "+NEA/I");
    }

    #[test]
    fn glyphs_show_without_colour() {
        let theme = Theme::new(crate::config::ColorMode::Never, true);
        let mut s = state(None, &[], &[]);
        s.flagged = true;
        s.acked_by = Some("alice".into());
        s.notes.insert(
            "bob".into(),
            crate::triage::Note {
                at: chrono::Utc::now(),
                text: "call".into(),
            },
        );
        let g: Vec<&str> = glyphs(&theme, Some(&s), (true, false))
            .iter()
            .map(|g| g.0)
            .collect();
        assert_eq!(g, ["N", "!", "n", "A"]);
        s.read = true;
        let g: Vec<&str> = glyphs(&theme, Some(&s), (true, false))
            .iter()
            .map(|g| g.0)
            .collect();
        assert_eq!(g, [" ", "!", "n", "A"]);
        let g: Vec<&str> = glyphs(&theme, Some(&s), (true, true))
            .iter()
            .map(|g| g.0)
            .collect();
        assert_eq!(
            g,
            [" ", "~", "n", "A"],
            "a pending decision shows in ASCII too"
        );
    }
}
