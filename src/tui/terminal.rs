//! The terminal, owned in one place: raw mode, the alternate screen, the panic hook, restoring on
//! every way out (drop, error, panic, signal), suspending on Ctrl-Z, and each frame wrapped in a
//! synchronized update so the terminal shows it whole.

use std::io::{self, BufWriter, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Once, OnceLock};
use std::thread::ThreadId;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute, queue};

use super::app::App;

type Backend = CrosstermBackend<BufWriter<Stdout>>;

/// The terminal in TUI mode. Dropping it restores the terminal.
pub struct Tui {
    terminal: Terminal<Backend>,
    active: bool,
}

/// The thread that owns the terminal, and whether the terminal is in TUI mode now.
static UI_THREAD: OnceLock<ThreadId> = OnceLock::new();
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Put the terminal back the way the shell expects it. Safe to call more than once.
pub fn restore() {
    ACTIVE.store(false, Ordering::SeqCst);
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        EndSynchronizedUpdate,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

/// Restore the terminal before the default panic message is printed.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let on_ui = UI_THREAD.get() == Some(&std::thread::current().id());
            if on_ui || !ACTIVE.load(Ordering::SeqCst) {
                restore();
                previous(info);
            }
            // A worker panicking while the TUI runs: printing would scribble over the screen.
            // The worker catches it and reports it as an event the status bar shows.
        }));
    });
}

fn enter() -> io::Result<()> {
    let _ = UI_THREAD.set(std::thread::current().id());
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    ACTIVE.store(true, Ordering::SeqCst);
    Ok(())
}

impl Tui {
    pub fn enter() -> io::Result<Tui> {
        install_panic_hook();
        enter()?;
        let backend = CrosstermBackend::new(BufWriter::with_capacity(1 << 16, io::stdout()));
        match Terminal::new(backend) {
            Ok(terminal) => Ok(Tui {
                terminal,
                active: true,
            }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }

    pub fn size(&self) -> io::Result<(u16, u16)> {
        let s = self.terminal.size()?;
        Ok((s.width, s.height))
    }

    /// Draw one frame, as one synchronized update. Only changed cells are sent.
    pub fn draw(&mut self, app: &mut App) -> io::Result<()> {
        queue!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        self.terminal.draw(|f| super::ui::draw(f, app))?;
        execute!(self.terminal.backend_mut(), EndSynchronizedUpdate)
    }

    /// Forget what is on screen so the next frame is sent whole.
    pub fn invalidate(&mut self) -> io::Result<()> {
        self.terminal.clear()
    }

    /// Ctrl-Z: give the terminal back, stop until `fg`, then take it again.
    pub fn suspend(&mut self) -> io::Result<()> {
        self.leave();
        #[cfg(unix)]
        signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
        enter()?;
        self.active = true;
        self.invalidate()
    }

    /// Give the terminal to another program (the officer's editor) while `f` runs, then take
    /// it again and send the next frame whole.
    pub fn outside<R>(&mut self, f: impl FnOnce() -> R) -> io::Result<R> {
        self.leave();
        let r = f();
        enter()?;
        self.active = true;
        self.invalidate()?;
        Ok(r)
    }

    fn leave(&mut self) {
        if self.active {
            let _ = self.terminal.backend_mut().flush();
            restore();
            self.active = false;
        }
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        self.leave();
    }
}
