//! Colours and marks: how many colours the terminal gets (`--color`, `NO_COLOR`, `COLORTERM`,
//! `TERM`), the styles of precedence, classification banners and document roles, and the border
//! set (`--ascii`). Everything that must stand out also stands out without colour.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::cable::{Classification, Precedence};
pub use crate::config::ColorMode;
use crate::view::Role;

/// Everything visual that depends on the terminal's abilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub mode: ColorMode,
    pub ascii: bool,
}

const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    pub fn new(mode: ColorMode, ascii: bool) -> Theme {
        Theme { mode, ascii }
    }

    /// A colour in this mode: the 16-colour name, a 256-palette index, or RGB.
    fn color(&self, ansi: Color, indexed: u8, rgb: (u8, u8, u8)) -> Option<Color> {
        match self.mode {
            ColorMode::Never => None,
            // `Auto` is decided before a theme is made; should one slip through, 16 colours
            // are the safe guess.
            ColorMode::Ansi16 | ColorMode::Auto => Some(ansi),
            ColorMode::Ansi256 => Some(Color::Indexed(indexed)),
            ColorMode::TrueColor => Some(Color::Rgb(rgb.0, rgb.1, rgb.2)),
        }
    }

    fn fg(&self, ansi: Color, indexed: u8, rgb: (u8, u8, u8)) -> Style {
        let s = Style::new();
        match self.color(ansi, indexed, rgb) {
            Some(c) => s.fg(c),
            None => s,
        }
    }

    pub fn colored(&self) -> bool {
        self.mode != ColorMode::Never
    }

    pub fn border(&self) -> border::Set<'static> {
        if self.ascii {
            ASCII_BORDER
        } else {
            border::PLAIN
        }
    }

    /// The separator between hints and title parts (`·`, `|` in ASCII).
    pub fn dot(&self) -> &'static str {
        if self.ascii { "|" } else { "·" }
    }

    /// A dash between a title and its explanation (`—`, `-` in ASCII).
    pub fn dash(&self) -> &'static str {
        if self.ascii { "-" } else { "—" }
    }

    pub fn ellipsis(&self) -> &'static str {
        if self.ascii { "~" } else { "…" }
    }

    pub fn unread_mark(&self) -> &'static str {
        if self.ascii { "*" } else { "•" }
    }

    /// A marked row (for a bulk action): a character, so it shows without colour too.
    pub fn marked_mark(&self) -> &'static str {
        "+"
    }

    /// A decision sent to the journal and not yet durable.
    pub fn pending_mark(&self) -> &'static str {
        if self.ascii { "~" } else { "⧗" }
    }

    pub fn done_mark(&self) -> &'static str {
        if self.ascii { "x" } else { "✓" }
    }

    pub fn cursor_mark(&self) -> &'static str {
        if self.ascii { ">" } else { "▶" }
    }

    /// FLASH is reverse video and bold in every mode; the others are bold or coloured.
    pub fn precedence(&self, p: Precedence) -> Style {
        match p {
            Precedence::Flash => self
                .fg(Color::LightRed, 196, (255, 60, 60))
                .add_modifier(Modifier::BOLD | Modifier::REVERSED),
            Precedence::NiactImmediate => {
                let s = self
                    .fg(Color::LightMagenta, 201, (255, 80, 255))
                    .add_modifier(Modifier::BOLD);
                if self.colored() {
                    s
                } else {
                    s.add_modifier(Modifier::UNDERLINED)
                }
            }
            Precedence::Immediate => self
                .fg(Color::Yellow, 214, (255, 190, 0))
                .add_modifier(Modifier::BOLD),
            Precedence::Priority => self.fg(Color::Cyan, 45, (80, 200, 255)),
            Precedence::Routine => Style::new(),
        }
    }

    /// The classification word in a column: the banner colour as foreground.
    pub fn classification(&self, c: Classification) -> Style {
        let s = match c {
            Classification::Unclassified => self.fg(Color::Green, 34, (0, 122, 51)),
            Classification::Confidential => self.fg(Color::Blue, 33, (0, 51, 160)),
            Classification::Secret => self.fg(Color::Red, 160, (200, 16, 46)),
            Classification::TopSecret => self.fg(Color::Yellow, 208, (255, 103, 31)),
        };
        match (self.mode, c) {
            (ColorMode::TrueColor, Classification::Confidential) => s.fg(Color::Rgb(60, 120, 255)),
            (_, Classification::Secret | Classification::TopSecret) => {
                s.add_modifier(Modifier::BOLD)
            }
            _ => s,
        }
    }

    /// The banner line: the standard banner colour as background.
    pub fn banner(&self, c: Option<Classification>) -> Style {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let bg = c.and_then(|c| match c {
            Classification::Unclassified => self.color(Color::Green, 34, (0, 122, 51)),
            Classification::Confidential => self.color(Color::Blue, 25, (0, 51, 160)),
            Classification::Secret => self.color(Color::Red, 160, (200, 16, 46)),
            Classification::TopSecret => self.color(Color::Yellow, 208, (255, 103, 31)),
        });
        match (bg, c) {
            (Some(bg), Some(Classification::TopSecret)) => bold.bg(bg).fg(Color::Black),
            (Some(bg), _) => bold.bg(bg).fg(Color::White),
            (None, _) => bold.add_modifier(Modifier::REVERSED),
        }
    }

    pub fn selected(&self) -> Style {
        match self.mode {
            ColorMode::Ansi256 => Style::new().bg(Color::Indexed(237)),
            ColorMode::TrueColor => Style::new().bg(Color::Rgb(52, 56, 72)),
            _ => Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    pub fn header_row(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn status(&self) -> Style {
        match self.mode {
            ColorMode::Ansi256 => Style::new().bg(Color::Indexed(236)),
            ColorMode::TrueColor => Style::new().bg(Color::Rgb(40, 42, 54)),
            _ => Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    pub fn error(&self) -> Style {
        self.fg(Color::LightRed, 203, (255, 95, 95))
            .add_modifier(Modifier::BOLD)
    }

    pub fn info(&self) -> Style {
        self.fg(Color::LightCyan, 117, (135, 215, 255))
    }

    /// Characters the filter matched, in the subject: underlined so it shows without colour.
    pub fn highlight(&self) -> Style {
        self.fg(Color::LightYellow, 220, (255, 215, 0))
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn focused_border(&self) -> Style {
        self.fg(Color::LightCyan, 81, (95, 215, 255))
            .add_modifier(Modifier::BOLD)
    }

    pub fn muted(&self) -> Style {
        match self.mode {
            ColorMode::Never => Style::new(),
            _ => self.fg(Color::DarkGray, 244, (140, 140, 150)),
        }
    }

    /// Style of a reading-document role.
    pub fn role(&self, role: Role) -> Style {
        match role {
            Role::Label | Role::Number => Style::new().add_modifier(Modifier::BOLD),
            Role::Text => Style::new(),
            Role::Precedence(p) => self.precedence(p),
            Role::Classification(c) => self.classification(c),
            Role::Id => self.fg(Color::Cyan, 80, (100, 220, 220)),
            Role::Tag => self
                .fg(Color::Yellow, 180, (220, 190, 120))
                .add_modifier(Modifier::BOLD),
            Role::Meaning | Role::Muted => self.muted(),
            Role::Subject => Style::new().add_modifier(Modifier::BOLD),
            Role::Heading => Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Role::Marking => self.fg(Color::Magenta, 176, (215, 135, 215)),
            Role::Warning => self.fg(Color::Yellow, 214, (255, 175, 0)),
            // Reverse video shows without colour; the current hit is also bold and underlined.
            Role::Hit => Style::new().add_modifier(Modifier::REVERSED),
            Role::CurrentHit => Style::new()
                .add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn detection_follows_the_flag_then_the_settings_then_the_environment() {
        let auto = ColorMode::Auto;
        let cases = [
            (
                None,
                auto,
                vec![("NO_COLOR", "1"), ("COLORTERM", "truecolor")],
                ColorMode::Never,
            ),
            (
                None,
                auto,
                vec![("COLORTERM", "truecolor")],
                ColorMode::TrueColor,
            ),
            (
                None,
                auto,
                vec![("TERM", "xterm-256color")],
                ColorMode::Ansi256,
            ),
            (None, auto, vec![("TERM", "xterm")], ColorMode::Ansi16),
            (None, auto, vec![("TERM", "dumb")], ColorMode::Never),
            (
                Some(ColorMode::Ansi256),
                ColorMode::Never,
                vec![("NO_COLOR", "1")],
                ColorMode::Ansi256,
            ),
            (
                None,
                ColorMode::TrueColor,
                vec![("NO_COLOR", "1")],
                ColorMode::TrueColor,
            ),
            (
                Some(auto),
                ColorMode::TrueColor,
                vec![("TERM", "dumb")],
                ColorMode::Never,
            ),
        ];
        for (flag, configured, vars, want) in cases {
            assert_eq!(
                ColorMode::detect(flag, configured, env(&vars)),
                want,
                "{flag:?} {configured:?} {vars:?}"
            );
        }
    }

    #[test]
    fn flash_stands_out_without_colour() {
        let s = Theme::new(ColorMode::Never, false).precedence(Precedence::Flash);
        assert!(s.add_modifier.contains(Modifier::REVERSED | Modifier::BOLD));
        assert_eq!(s.fg, None);
    }
}
