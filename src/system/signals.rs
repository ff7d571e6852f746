//! The signals knead handles itself during a session, for both front ends: each arrives on
//! one listening thread and is handed to the front end's loop like a key, so the normal path
//! (terminal restored, session logged) runs.

use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;

/// The signals that end a session as a confirmed quit would; the program then exits with
/// 128 + the signal's number.
pub const ENDING: &[i32] = &[SIGTERM, SIGHUP, SIGINT, SIGQUIT];

/// What a signal asks of a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    /// One of [`ENDING`].
    End(i32),
    /// SIGTSTP sent from outside (`kill -TSTP`): suspend as for Ctrl-Z.
    Suspend,
}

/// How many of the [`ENDING`] signals have arrived since `listen` began: a wait that outlasts
/// the session's loop (saving its record) compares it with its value before the wait.
static ENDINGS_RECEIVED: AtomicU64 = AtomicU64::new(0);

pub fn endings_received() -> u64 {
    ENDINGS_RECEIVED.load(Ordering::SeqCst)
}

/// Starts the thread that hands each signal to `deliver`, until `deliver` says the receiving
/// end is gone; after that, signals are still caught and counted ([`endings_received`]). With `suspend`, SIGTSTP is caught too; without, it keeps its default action
/// (the shell's job control stops the process).
pub fn listen(suspend: bool, mut deliver: impl FnMut(Signal) -> bool + Send + 'static) -> io::Result<()> {
    let mut wanted = ENDING.to_vec();
    if suspend {
        wanted.push(SIGTSTP);
    }
    let mut signals = Signals::new(&wanted)?;
    thread::Builder::new()
        .name("knead-signals".into())
        .spawn(move || {
            let mut listening = true;
            for signal in signals.forever() {
                let signal = if signal == SIGTSTP {
                    Signal::Suspend
                } else {
                    ENDINGS_RECEIVED.fetch_add(1, Ordering::SeqCst);
                    Signal::End(signal)
                };
                listening = listening && deliver(signal);
            }
        })?;
    Ok(())
}

/// The shell's convention for a process ended by a signal: 128 + its number (130 for Ctrl-C).
pub fn exit_code(signal: i32) -> u8 {
    u8::try_from(128 + signal).unwrap_or(1)
}
