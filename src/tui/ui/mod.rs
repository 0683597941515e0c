//! Drawing: a pure function of the model. `draw` lays out the screen (banners, the inbox or the
//! reading view, the prompt, the status bar) and the widgets in this module fill it. Nothing here
//! reads the clock or the disk.

mod alert;
mod columns;
mod help;
mod inbox;
mod reader;
mod refs;
mod sidebar;
mod status;
mod triage;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::app::{App, Overlay, Screen};

pub use help::help_entries;
pub use reader::{ReaderGeometry, reader_geometry};

/// Where the parts of the screen go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub top_banner: Option<Rect>,
    pub main: Rect,
    pub prompt: Option<Rect>,
    pub status: Rect,
    pub bottom_banner: Option<Rect>,
}

/// Lay out a screen of `area`: banners when there are at least 4 rows, the prompt line when a
/// prompt is open, the status bar always.
pub fn areas(area: Rect, prompt_open: bool) -> Areas {
    let mut a = Areas::default();
    let mut top = area.y;
    let mut bottom = area.bottom();
    let row = |y| Rect::new(area.x, y, area.width, 1);
    if area.height == 0 {
        return Areas {
            main: Rect::new(area.x, area.y, area.width, 0),
            status: row(area.y).intersection(area),
            ..a
        };
    }
    if area.height >= 4 {
        a.top_banner = Some(row(top));
        top += 1;
        bottom -= 1;
        a.bottom_banner = Some(row(bottom));
    }
    bottom -= 1;
    a.status = row(bottom);
    if prompt_open && bottom > top {
        bottom -= 1;
        a.prompt = Some(row(bottom));
    }
    a.main = Rect::new(area.x, top, area.width, bottom.saturating_sub(top));
    a
}

fn prompt_open(app: &App) -> bool {
    matches!(app.overlay, Some(Overlay::Prompt(_) | Overlay::Label(_)))
}

fn screen_area(app: &App) -> Rect {
    Rect::new(0, 0, app.size.0, app.size.1)
}

/// Rows of the inbox list at the app's terminal size.
pub fn inbox_list_height(app: &App) -> u16 {
    inbox::list_area(areas(screen_area(app), prompt_open(app)).main).height
}

/// Draw the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let a = areas(area, prompt_open(app));
    let mut cursor: Option<Position> = match app.screen {
        Screen::Inbox => {
            let (side, list) = sidebar::split(app, a.main);
            if let Some(side) = side {
                sidebar::draw(frame, app, side);
            }
            inbox::draw(frame, app, list)
        }
        Screen::Reader => {
            let cursor = reader::draw(frame, app, a.main);
            refs::draw(frame, app, a.main);
            cursor
        }
    };
    alert::draw(frame, app, a.main);
    status::banners(frame, app, &a);
    status::status_bar(frame, app, a.status);
    if let Some(rect) = a.prompt
        && let Some(Overlay::Prompt(p)) = &app.overlay
    {
        cursor = Some(status::prompt(frame, app, p, rect));
    }
    match &app.overlay {
        Some(Overlay::Help(h)) => cursor = help::draw(frame, app, h, area),
        Some(Overlay::Label(p)) => {
            if let Some(rect) = a.prompt {
                cursor = Some(triage::label(frame, app, p, rect));
            }
        }
        Some(Overlay::Desk(p)) => cursor = triage::desks(frame, app, p, a.main),
        Some(Overlay::Note(ed)) => cursor = triage::note(frame, app, ed, a.main),
        _ => {}
    }
    if let Some(c) = cursor.filter(|c| area.contains(*c)) {
        frame.set_cursor_position(c);
    }
}
