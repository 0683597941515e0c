//! Drawing. `draw` lays out the screen (banners, the arrival alert in rows of its own, the inbox
//! or the reading view, a long message's rows, the prompt, the status bar) and the widgets in
//! this module fill it from the model; popups clear the full-width rows under them. The one thing it writes
//! back is geometry, as ratatui's `ListState` learns its offset from the render: how many inbox
//! rows fit (and the scroll that keeps the selection on screen) and the reading view's pane
//! sizes, which the model pages and scrolls by. [`measure`] does the same without drawing.
//! Nothing here reads the clock or the disk.

mod alert;
mod columns;
mod help;
mod inbox;
mod message;
mod messages;
mod reader;
mod refs;
mod row_due;
mod row_triage;
mod sidebar;
mod status;
mod taskers;
mod triage;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Clear;

use super::app::{App, Screen};
use super::overlay::Overlay;

pub use reader::ReaderGeometry;

/// Where the parts of the screen go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub top_banner: Option<Rect>,
    /// The arrival alert, above the inbox or the reading view (never over them).
    pub alert: Option<Rect>,
    pub main: Rect,
    /// A message too long for the status bar, wrapped over these rows above it.
    pub message: Option<Rect>,
    pub prompt: Option<Rect>,
    pub status: Rect,
    pub bottom_banner: Option<Rect>,
}

/// What the layout makes room for besides the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wants {
    pub prompt: bool,
    /// Rows of a message too long for the status bar.
    pub message_rows: u16,
    /// An arrival alert waits.
    pub alert: bool,
}

/// Lay out a screen of `area`: banners when there are at least 4 rows, the prompt line when a
/// prompt is open, the status bar always; then, while the main screen keeps room for its own
/// rows, a long message's rows above the status bar and the alert above the main screen.
pub fn areas(area: Rect, wants: Wants) -> Areas {
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
    if wants.prompt && bottom > top {
        bottom -= 1;
        a.prompt = Some(row(bottom));
    }
    let room = |top: u16, bottom: u16| bottom.saturating_sub(top);
    // The main screen keeps at least three rows (a header and two rows of the list).
    let spare = room(top, bottom).saturating_sub(3);
    let message = wants.message_rows.min(MESSAGE_ROWS).min(spare);
    if message > 0 {
        bottom -= message;
        a.message = Some(Rect::new(area.x, bottom, area.width, message));
    }
    if wants.alert {
        let spare = room(top, bottom).saturating_sub(3);
        let h = if spare >= alert::HEIGHT {
            alert::HEIGHT
        } else {
            spare.min(1)
        };
        if h > 0 {
            a.alert = Some(Rect::new(area.x, top, area.width, h));
            top += h;
        }
    }
    a.main = Rect::new(area.x, top, area.width, room(top, bottom));
    a
}

/// The most rows a long message takes above the status bar (the message list has it all).
pub const MESSAGE_ROWS: u16 = 3;

/// The layout of the app's screen at `area`.
pub fn app_areas(app: &App, area: Rect) -> Areas {
    let prompt = app.overlay.as_ref().is_some_and(Overlay::on_prompt_line);
    let wants = Wants {
        prompt,
        message_rows: message::lines(app, area.width).len() as u16,
        alert: alert::waiting(app).next().is_some(),
    };
    areas(area, wants)
}

/// The inbox's rows on screen in `main`, and the scroll that keeps the selection among them.
fn fit_inbox(app: &mut App, main: Rect) {
    app.inbox.height = inbox::list_area(main).height.into();
    app.inbox.scroll_to_selection();
}

/// Lay out the screen at the app's size and write the geometry back, without drawing.
pub fn measure(app: &mut App) {
    let a = app_areas(app, Rect::new(0, 0, app.size.0, app.size.1));
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
    let a = app_areas(app, area);
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
    let a = &app_areas(app, area);
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
    if let Some(rect) = a.alert {
        alert::draw(frame, app, rect);
    }
    status::banners(frame, app, a);
    if let Some(rect) = a.message {
        message::draw(frame, app, rect);
    }
    status::status_bar(frame, app, a.status, a.message.is_some());
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
        Some(Overlay::Desk(p)) => cursor = triage::desks(frame, app, p, popup_area(a, area)),
        Some(Overlay::Note(ed)) => cursor = triage::note(frame, app, ed, popup_area(a, area)),
        Some(Overlay::Messages(m)) => {
            messages::draw(frame, app, m, area);
            cursor = None;
        }
        Some(Overlay::Assign(p)) => {
            if let Some(rect) = a.prompt {
                cursor = Some(taskers::assign(frame, app, p, rect));
            }
        }
        Some(Overlay::Handover(h)) => {
            cursor = taskers::handover(frame, app, h, popup_area(a, area))
        }
        _ => {}
    }
    if let Some(c) = cursor.filter(|c| area.contains(*c)) {
        frame.set_cursor_position(c);
    }
    view
}

/// Where a box-shaped overlay (desk picker, note editor) goes: over the main screen, or over
/// the whole screen when the main screen is too short to leave it a row of content.
fn popup_area(a: &Areas, area: Rect) -> Rect {
    if a.main.height >= 6 { a.main } else { area }
}

/// Clear the full-width rows under a popup at `rect`, so nothing of the screen below shows
/// beside it.
pub fn clear_band(frame: &mut Frame, rect: Rect) {
    let area = frame.area();
    let band = Rect::new(area.x, rect.y, area.width, rect.height).intersection(area);
    frame.render_widget(Clear, band);
}

/// The columns the inbox needs for the queue sidebar to be drawn beside it.
pub use sidebar::NEEDS_WIDTH as SIDEBAR_NEEDS_WIDTH;

/// The sidebar toggle left it shown but it does not fit: say why in the status bar, and give
/// the keys back to the inbox until it fits.
pub fn explain_hidden_sidebar(app: &mut App) {
    if !app.queues.visible(app.size.0) {
        return;
    }
    let a = app_areas(app, Rect::new(0, 0, app.size.0, app.size.1));
    if sidebar::split(app, a.main).0.is_some() {
        return;
    }
    app.queues.focused = false;
    let why = if a.main.width < SIDEBAR_NEEDS_WIDTH {
        format!(
            "the window is too narrow: the sidebar needs {SIDEBAR_NEEDS_WIDTH} columns, it has {}",
            a.main.width
        )
    } else {
        format!(
            "the window is too short: the sidebar needs {} rows",
            sidebar::NEEDS_HEIGHT + (app.size.1 - a.main.height)
        )
    };
    app.info(format!("queues hidden: {why}; they show once it is larger"));
}
