//! Drawing. `draw` lays out the screen (banners, the inbox or the reading view, the prompt, the
//! status bar) and the widgets in this module fill it from the model. The one thing it writes
//! back is geometry, as ratatui's `ListState` learns its offset from the render: how many inbox
//! rows fit (and the scroll that keeps the selection on screen) and the reading view's pane
//! sizes, which the model pages and scrolls by. [`measure`] does the same without drawing.
//! Nothing here reads the clock or the disk.

mod alert;
mod columns;
mod help;
mod inbox;
mod reader;
mod refs;
mod row_due;
mod row_triage;
mod sidebar;
mod status;
mod triage;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::app::{App, Screen};
use super::overlay::Overlay;

pub use reader::ReaderGeometry;

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
    app.overlay.as_ref().is_some_and(Overlay::on_prompt_line)
}

/// The inbox's rows on screen in `main`, and the scroll that keeps the selection among them.
fn fit_inbox(app: &mut App, main: Rect) {
    app.inbox.height = inbox::list_area(main).height.into();
    app.inbox.scroll_to_selection();
}

/// Lay out the screen at the app's size and write the geometry back, without drawing.
pub fn measure(app: &mut App) {
    let a = areas(Rect::new(0, 0, app.size.0, app.size.1), prompt_open(app));
    fit_inbox(app, a.main);
    let view = reader::measure(app, a.main);
    if let Some(r) = app.reader.as_mut() {
        r.view = view;
    }
}

/// Draw the whole screen.
pub fn draw(frame: &mut Frame, app: &mut App) {
    let area = frame.area();
    app.size = (area.width, area.height);
    let a = areas(area, prompt_open(app));
    fit_inbox(app, a.main);
    let view = paint(frame, app);
    if let (Some(view), Some(r)) = (view, app.reader.as_mut()) {
        r.view = view;
    }
}

/// Draw everything from the model as it is, writing nothing back (tests draw this way after
/// [`measure`]); returns the reading view's pane sizes when it was drawn.
pub fn paint(frame: &mut Frame, app: &App) -> Option<crate::tui::reader::ReaderView> {
    let area = frame.area();
    let a = &areas(area, prompt_open(app));
    let mut view = None;
    let mut cursor: Option<Position> = match app.screen {
        Screen::Inbox => {
            let (side, list) = sidebar::split(app, a.main);
            if let Some(side) = side {
                sidebar::draw(frame, app, side);
            }
            inbox::draw(frame, app, list)
        }
        Screen::Reader => {
            let (cursor, drawn) = reader::draw(frame, app, a.main);
            view = drawn;
            refs::draw(frame, app, a.main);
            cursor
        }
    };
    alert::draw(frame, app, a.main);
    status::banners(frame, app, a);
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
    view
}
