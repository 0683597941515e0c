//! A row's due cell: how time left on the office clock is set off. Overdue is reverse video
//! and bold (it stands out without colour, and in `--ascii`, where the label's leading `-`
//! says it too); due soon is bold; a DTG in the future and archive traffic are muted.

use ratatui::style::{Modifier, Style};

use crate::triage::due::DueStatus;
use crate::tui::theme::Theme;

/// The due cell's style for `status`.
pub fn style(theme: &Theme, status: &DueStatus) -> Style {
    if status.is_overdue() {
        theme
            .error()
            .add_modifier(Modifier::REVERSED | Modifier::BOLD)
    } else if status.is_due_soon() {
        theme.highlight().remove_modifier(Modifier::UNDERLINED)
    } else {
        match status {
            DueStatus::Open { .. } => Style::new(),
            _ => theme.muted(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ColorMode;

    #[test]
    fn overdue_stands_out_without_colour() {
        let theme = Theme::new(ColorMode::Never, true);
        let overdue = DueStatus::Open {
            due: 0,
            left: -60,
            objective: 600,
        };
        let s = style(&theme, &overdue);
        assert!(s.add_modifier.contains(Modifier::REVERSED | Modifier::BOLD));
        assert_eq!(s.fg, None);
        let soon = DueStatus::Open {
            due: 0,
            left: 60,
            objective: 600,
        };
        assert!(style(&theme, &soon).add_modifier.contains(Modifier::BOLD));
        let calm = DueStatus::Open {
            due: 0,
            left: 500,
            objective: 600,
        };
        assert_eq!(style(&theme, &calm), Style::new());
    }
}
