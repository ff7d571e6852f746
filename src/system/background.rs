//! A value worked out on its own thread while the program goes on, such as the log read behind
//! the picker: whoever needs it either finds it ready or waits for it, and a callback can ask
//! to be told the moment it is (the full-screen view sends itself a message, so its loop wakes).

use std::io;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

pub struct Background<T> {
    shared: Arc<Shared<T>>,
}

impl<T> Clone for Background<T> {
    fn clone(&self) -> Self {
        Background {
            shared: Arc::clone(&self.shared),
        }
    }
}

struct Shared<T> {
    state: Mutex<State<T>>,
    done: Condvar,
}

type Notify = Box<dyn FnOnce() + Send>;

struct State<T> {
    /// `Some` once the work is done; it stays `None` if the work panicked.
    value: Option<Arc<T>>,
    finished: bool,
    on_ready: Option<Notify>,
}

impl<T> Shared<T> {
    fn state(&self) -> MutexGuard<'_, State<T>> {
        // A panic while holding the lock cannot leave the state half changed: every change
        // is one assignment.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Stores the outcome, wakes whoever waits and calls the callback (outside the lock).
    fn finish(&self, value: Option<T>) {
        let notify = {
            let mut state = self.state();
            state.value = value.map(Arc::new);
            state.finished = true;
            state.on_ready.take()
        };
        self.done.notify_all();
        if let Some(notify) = notify {
            notify();
        }
    }
}

/// Marks the work finished even when it panics, so that nobody waits forever.
struct FinishGuard<T>(Arc<Shared<T>>);

impl<T> Drop for FinishGuard<T> {
    fn drop(&mut self) {
        if !self.0.state().finished {
            self.0.finish(None);
        }
    }
}

impl<T: Send + Sync + 'static> Background<T> {
    /// Starts `work` on a thread named `name`.
    pub fn spawn(name: &str, work: impl FnOnce() -> T + Send + 'static) -> io::Result<Self> {
        let background = Background::pending();
        let shared = Arc::clone(&background.shared);
        std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                let guard = FinishGuard(shared);
                let value = work();
                guard.0.finish(Some(value));
            })?;
        Ok(background)
    }

    /// A value that is there from the start.
    pub fn ready(value: T) -> Self {
        let background = Background::pending();
        background.shared.finish(Some(value));
        background
    }

    fn pending() -> Self {
        Background {
            shared: Arc::new(Shared {
                state: Mutex::new(State {
                    value: None,
                    finished: false,
                    on_ready: None,
                }),
                done: Condvar::new(),
            }),
        }
    }

    /// The value, if the work is done.
    pub fn get(&self) -> Option<Arc<T>> {
        self.shared.state().value.clone()
    }

    /// The value, waiting for the work to end; `None` if it failed (panicked).
    pub fn wait(&self) -> Option<Arc<T>> {
        let mut state = self.shared.state();
        while !state.finished {
            state = self
                .shared
                .done
                .wait(state)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        state.value.clone()
    }

    /// Calls `notify` once the work is done: at once (on this thread) if it already is, else
    /// on the worker's thread when it ends. A later call replaces an earlier one not yet made.
    pub fn on_ready(&self, notify: impl FnOnce() + Send + 'static) {
        let mut state = self.shared.state();
        if state.finished {
            drop(state);
            notify();
        } else {
            state.on_ready = Some(Box::new(notify));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn the_value_arrives_and_whoever_asked_is_told() {
        let (go_tx, go_rx) = mpsc::channel::<()>();
        let work = Background::spawn("test-work", move || {
            go_rx.recv().unwrap();
            42
        })
        .unwrap();
        assert_eq!(work.get(), None, "not before the work is done");
        let (told_tx, told_rx) = mpsc::channel();
        work.on_ready(move || told_tx.send("told").unwrap());
        go_tx.send(()).unwrap();
        assert_eq!(told_rx.recv().unwrap(), "told");
        assert_eq!(work.wait().as_deref(), Some(&42));
        assert_eq!(work.get().as_deref(), Some(&42));
        // Asking after the fact is answered at once.
        let (late_tx, late_rx) = mpsc::channel();
        work.on_ready(move || late_tx.send(()).unwrap());
        assert!(late_rx.try_recv().is_ok());
        assert_eq!(Background::ready("x").get().as_deref(), Some(&"x"));
    }

    #[test]
    fn work_that_panics_ends_the_wait_with_nothing() {
        let work: Background<u8> = Background::spawn("test-panic", || panic!("on purpose")).unwrap();
        assert_eq!(work.wait(), None);
    }
}
