//! Everything that can wake the interface, on one channel: key presses and resizes from the
//! terminal, and signals. The loop blocks on the channel until the next frame is due, so it
//! wakes at once for a key and otherwise only when the screen must change.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event as TermEvent, KeyEvent, KeyEventKind};

use crate::system::signals::{self, Signal};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    /// Text pasted in one go (bracketed paste), however long: one event, not a key per
    /// character.
    Paste(String),
    /// Work done in the background (reading the log) has finished.
    Loaded,
    Resize,
    /// One of `signals::ENDING`: end now, through the normal path that restores the terminal.
    Terminate(i32),
    /// SIGTSTP sent from outside (`kill -TSTP`): suspend as for Ctrl-Z.
    Suspend,
    /// The terminal reader stopped (stdin closed): nothing more will come.
    Closed,
}

pub struct Inputs {
    rx: Receiver<Input>,
    tx: Sender<Input>,
}

impl Inputs {
    pub fn start() -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel();
        let signal_tx = tx.clone();
        let loaded_tx = tx.clone();
        signals::listen(true, move |signal| {
            let input = match signal {
                Signal::End(signal) => Input::Terminate(signal),
                Signal::Suspend => Input::Suspend,
            };
            signal_tx.send(input).is_ok()
        })?;
        thread::Builder::new().name("knead-keys".into()).spawn(move || {
            loop {
                let input = match event::read() {
                    // Windows reports releases too; a key acts once, on press.
                    Ok(TermEvent::Key(key)) if key.kind == KeyEventKind::Press => Input::Key(key),
                    Ok(TermEvent::Resize(..)) => Input::Resize,
                    Ok(TermEvent::Paste(text)) => Input::Paste(text),
                    Ok(_) => continue,
                    Err(_) => Input::Closed,
                };
                let closed = input == Input::Closed;
                if tx.send(input).is_err() || closed {
                    break;
                }
            }
        })?;
        Ok(Inputs { rx, tx: loaded_tx })
    }

    /// Something to call from another thread when background work is done: it wakes the
    /// loop with [`Input::Loaded`].
    pub fn loaded_notice(&self) -> impl FnOnce() + Send + 'static {
        let tx = self.tx.clone();
        move || {
            let _ = tx.send(Input::Loaded);
        }
    }

    /// The next input if one is already waiting: the loop handles everything queued before
    /// it draws, so a burst of keys costs one frame, not one each.
    pub fn waiting(&self) -> Option<Input> {
        match self.rx.try_recv() {
            Ok(input) => Some(input),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Input::Closed),
        }
    }

    /// The next input, waiting at most `timeout` (forever when `None`); `None` when the time
    /// ran out first.
    pub fn next(&self, timeout: Option<Duration>) -> Option<Input> {
        match timeout {
            Some(t) => match self.rx.recv_timeout(t) {
                Ok(input) => Some(input),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => Some(Input::Closed),
            },
            None => Some(self.rx.recv().unwrap_or(Input::Closed)),
        }
    }
}
