//! Taking the terminal over and, above all, giving it back: raw mode off, cursor shown,
//! alternate screen left, on every path out (normal exit, error, panic, signal, suspend).

use std::ffi::OsStr;
use std::io::{self, Stdout, Write};
use std::sync::Once;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::{cursor, execute, terminal};

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Owns the terminal while the full-screen interface runs; dropping it restores the
/// terminal, so an early `?` return cannot leave the shell in raw mode.
pub struct TerminalGuard {
    terminal: Tui,
}

impl TerminalGuard {
    pub fn enter() -> io::Result<Self> {
        install_panic_hook();
        enter_screen()?;
        match Terminal::new(CrosstermBackend::new(io::stdout())) {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }

    pub fn terminal(&mut self) -> &mut Tui {
        &mut self.terminal
    }

    /// Ctrl-Z: give the terminal back to the shell, stop, and take it again after `fg`.
    #[cfg(unix)]
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        // In raw mode the terminal sends Ctrl-Z to us as a key instead of stopping the
        // process, so we stop ourselves, as SIGTSTP would by default.
        signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
        enter_screen()?;
        // A fresh terminal object forgets what it drew before, so the next draw paints every
        // cell; `Terminal::clear` would ask the terminal for the cursor position, an answer
        // the key-reading thread may swallow.
        execute!(io::stdout(), terminal::Clear(terminal::ClearType::All))?;
        self.terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        Ok(())
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

fn enter_screen() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    // Bracketed paste: a paste arrives as one event, not as a key per character (a long one
    // would be redrawn character by character, and a line break in it would be Enter).
    execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        cursor::Hide,
        EnableBracketedPaste
    )
}

/// Restores the terminal; safe to call more than once and when it was never taken.
pub fn restore() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        cursor::Show,
        terminal::LeaveAlternateScreen
    );
    let _ = out.flush();
    let _ = terminal::disable_raw_mode();
}

/// Why the full-screen view cannot be shown here, said as "TERM=dumb", or `None` when
/// nothing says so. The Windows console draws it without any TERM.
pub fn full_screen_refused() -> Option<&'static str> {
    if cfg!(windows) {
        return None;
    }
    refused_by(std::env::var_os("TERM").as_deref())
}

/// Only what TERM states plainly counts: `dumb` (Emacs' shell buffer, editors' output panes)
/// or no terminal type at all. Guessing from terminfo would turn away terminals that work.
fn refused_by(term: Option<&OsStr>) -> Option<&'static str> {
    match term.map(OsStr::to_str) {
        None => Some("an unset TERM"),
        Some(Some("")) => Some("an empty TERM"),
        Some(Some("dumb")) => Some("TERM=dumb"),
        Some(_) => None,
    }
}

/// A panic prints its message only after the terminal is back, or the message would be lost
/// on the alternate screen and the shell left unusable.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_dumb_or_missing_terminal_type_refuses_the_full_screen_view() {
        let refused = |term: &str| refused_by(Some(OsStr::new(term)));
        assert_eq!(refused_by(None), Some("an unset TERM"));
        assert_eq!(refused(""), Some("an empty TERM"));
        assert_eq!(refused("dumb"), Some("TERM=dumb"));
        for works in [
            "xterm-256color",
            "screen",
            "tmux-256color",
            "linux",
            "vt100",
            "xterm-kitty",
        ] {
            assert_eq!(refused(works), None, "{works}");
        }
    }
}
