//! Ctrl-C and SIGTERM (tokio's signal handling), one place for every command.
//!
//! [`Stop::install`] registers the handlers at once — not on the first poll,
//! as `tokio::signal::ctrl_c()` does — so a command installs them before it
//! asks the router for anything. A signal that arrives while a mapping is
//! being made is remembered; the command finishes that request, sees
//! [`Stop::received`] and removes what it made, so no signal at any moment
//! leaves a mapping behind. Before `install` the default dispositions apply
//! (the process dies), which is harmless because nothing exists yet.
//!
//! Windows: Ctrl-C and Ctrl-Break through the console API; there is no SIGTERM.

use tokio::sync::watch;

/// Which signal asked the command to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGINT (Ctrl-C).
    Interrupt,
    /// SIGTERM (Windows: Ctrl-Break).
    Terminate,
}

/// The handlers, installed; cheap to clone. Later signals after the first are
/// absorbed: a second Ctrl-C does not cut the clean-up short (it is bounded
/// by `--timeout`).
#[derive(Debug, Clone)]
pub struct Stop {
    rx: watch::Receiver<Option<Signal>>,
}

impl Stop {
    /// Registers SIGINT and SIGTERM now. Must run inside a tokio runtime
    /// (`rt.enter()` or `block_on`).
    pub fn install() -> std::io::Result<Stop> {
        let (tx, rx) = watch::channel(None);
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let mut interrupt = signal(SignalKind::interrupt())?;
            let mut terminate = signal(SignalKind::terminate())?;
            tokio::spawn(async move {
                loop {
                    let got = tokio::select! {
                        Some(()) = interrupt.recv() => Signal::Interrupt,
                        Some(()) = terminate.recv() => Signal::Terminate,
                        else => return,
                    };
                    tx.send_if_modified(|s| first(s, got));
                }
            });
        }
        #[cfg(windows)]
        {
            let mut ctrl_c = tokio::signal::windows::ctrl_c()?;
            let mut ctrl_break = tokio::signal::windows::ctrl_break()?;
            tokio::spawn(async move {
                loop {
                    let got = tokio::select! {
                        Some(()) = ctrl_c.recv() => Signal::Interrupt,
                        Some(()) = ctrl_break.recv() => Signal::Terminate,
                        else => return,
                    };
                    tx.send_if_modified(|s| first(s, got));
                }
            });
        }
        #[cfg(not(any(unix, windows)))]
        drop(tx);
        Ok(Stop { rx })
    }

    /// The first signal received so far, if any.
    pub fn received(&self) -> Option<Signal> {
        *self.rx.borrow()
    }

    /// Completes when a signal has arrived (at once if one already has).
    pub async fn wait(&self) -> Signal {
        let mut rx = self.rx.clone();
        let got = rx.wait_for(Option::is_some).await.ok().and_then(|s| *s);
        match got {
            Some(s) => s,
            // The handler task is gone (no signal support): never stop.
            None => std::future::pending().await,
        }
    }
}

/// Records `got` unless a signal was already recorded; true when it changed.
fn first(slot: &mut Option<Signal>, got: Signal) -> bool {
    if slot.is_some() {
        return false;
    }
    *slot = Some(got);
    true
}

#[cfg(test)]
mod first_tests {
    use super::*;

    #[test]
    fn the_first_signal_stays() {
        let mut slot = None;
        assert!(first(&mut slot, Signal::Terminate));
        assert!(!first(&mut slot, Signal::Interrupt));
        assert_eq!(slot, Some(Signal::Terminate));
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::time::Duration;

    /// A real SIGTERM sent to this process after `install` is seen, and a
    /// second one does not replace the first. (Runs in the test binary's own
    /// process: without the handler, the SIGTERM would kill it — the control.)
    #[test]
    fn a_signal_after_install_is_remembered() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let stop = Stop::install().expect("install");
            assert_eq!(stop.received(), None);
            // SAFETY: raise only delivers a signal to this process.
            unsafe { libc::raise(libc::SIGTERM) };
            let got = tokio::time::timeout(Duration::from_secs(10), stop.wait())
                .await
                .expect("the signal is seen");
            assert_eq!(got, Signal::Terminate);
            assert_eq!(stop.received(), Some(Signal::Terminate));
        });
    }
}
