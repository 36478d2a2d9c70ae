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
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let interrupt = signal(SignalKind::interrupt())?;
            let terminate = signal(SignalKind::terminate())?;
            Ok(Stop::from_sources(interrupt, Some(terminate)))
        }
        #[cfg(windows)]
        {
            let ctrl_c = tokio::signal::windows::ctrl_c()?;
            let ctrl_break = tokio::signal::windows::ctrl_break()?;
            Ok(Stop::from_sources(ctrl_c, Some(ctrl_break)))
        }
        #[cfg(not(any(unix, windows)))]
        {
            // No signal support at all: a Stop that never fires.
            Ok(Stop::from_sources(Never, None::<Never>))
        }
    }

    /// Platform-neutral: relays the first signal of `interrupt` (Ctrl-C) or
    /// `terminate` (`None` where the OS has only Ctrl-C) into the [`Stop`].
    /// When every source has ended the handler task ends and [`Stop::wait`]
    /// never completes.
    pub fn from_sources<I: Source, T: Source>(mut interrupt: I, terminate: Option<T>) -> Stop {
        let (tx, rx) = watch::channel(None);
        tokio::spawn(async move {
            let mut terminate = terminate;
            let mut interrupt_open = true;
            loop {
                let got = tokio::select! {
                    r = interrupt.recv(), if interrupt_open => match r {
                        Some(()) => Signal::Interrupt,
                        None => {
                            interrupt_open = false;
                            continue;
                        }
                    },
                    r = recv_or_pending(&mut terminate), if terminate.is_some() => match r {
                        Some(()) => Signal::Terminate,
                        None => {
                            terminate = None;
                            continue;
                        }
                    },
                    else => return,
                };
                tx.send_if_modified(|s| first(s, got));
            }
        });
        Stop { rx }
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

/// A stream of one kind of signal: `Some(())` per delivery, `None` once it
/// can deliver no more.
pub trait Source: Send + 'static {
    fn recv(&mut self) -> impl std::future::Future<Output = Option<()>> + Send;
}

#[cfg(unix)]
impl Source for tokio::signal::unix::Signal {
    fn recv(&mut self) -> impl std::future::Future<Output = Option<()>> + Send {
        tokio::signal::unix::Signal::recv(self)
    }
}

#[cfg(windows)]
impl Source for tokio::signal::windows::CtrlC {
    fn recv(&mut self) -> impl std::future::Future<Output = Option<()>> + Send {
        tokio::signal::windows::CtrlC::recv(self)
    }
}

#[cfg(windows)]
impl Source for tokio::signal::windows::CtrlBreak {
    fn recv(&mut self) -> impl std::future::Future<Output = Option<()>> + Send {
        tokio::signal::windows::CtrlBreak::recv(self)
    }
}

/// Anything that sends `()`: the tests' stand-in for a signal.
impl Source for tokio::sync::mpsc::Receiver<()> {
    fn recv(&mut self) -> impl std::future::Future<Output = Option<()>> + Send {
        tokio::sync::mpsc::Receiver::recv(self)
    }
}

/// A source that has ended at once (no signal support).
#[cfg(not(any(unix, windows)))]
struct Never;

#[cfg(not(any(unix, windows)))]
impl Source for Never {
    fn recv(&mut self) -> impl std::future::Future<Output = Option<()>> + Send {
        std::future::ready(None)
    }
}

async fn recv_or_pending<T: Source>(source: &mut Option<T>) -> Option<()> {
    match source {
        Some(s) => s.recv().await,
        None => std::future::pending().await,
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
    use std::time::Duration;
    use tokio::sync::mpsc;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    }

    /// The Windows / Ctrl-C-only path, run here: Ctrl-C alone stops, a
    /// later Ctrl-C does not replace the first.
    #[test]
    fn ctrl_c_only_stops_on_ctrl_c() {
        runtime().block_on(async {
            let (ctrl_c, rx) = mpsc::channel(4);
            let stop = Stop::from_sources(rx, None::<mpsc::Receiver<()>>);
            assert_eq!(stop.received(), None);
            ctrl_c.send(()).await.unwrap();
            let got = tokio::time::timeout(Duration::from_secs(10), stop.wait())
                .await
                .expect("Ctrl-C is seen");
            assert_eq!(got, Signal::Interrupt);
            ctrl_c.send(()).await.unwrap();
            assert_eq!(stop.received(), Some(Signal::Interrupt));
        });
    }

    /// Two sources (SIGTERM / Ctrl-Break as the second): the first to
    /// arrive is the one kept.
    #[test]
    fn terminate_first_is_kept() {
        runtime().block_on(async {
            let (ctrl_c, rx_i) = mpsc::channel(4);
            let (term, rx_t) = mpsc::channel(4);
            let stop = Stop::from_sources(rx_i, Some(rx_t));
            term.send(()).await.unwrap();
            let got = tokio::time::timeout(Duration::from_secs(10), stop.wait())
                .await
                .expect("terminate is seen");
            assert_eq!(got, Signal::Terminate);
            ctrl_c.send(()).await.unwrap();
            tokio::task::yield_now().await;
            assert_eq!(stop.received(), Some(Signal::Terminate));
        });
    }

    /// No signal support (every source ended): the Stop never fires, rather
    /// than firing at once. Control: a live source does fire (above).
    #[test]
    fn ended_sources_never_stop() {
        runtime().block_on(async {
            let (ctrl_c, rx) = mpsc::channel::<()>(1);
            drop(ctrl_c);
            let stop = Stop::from_sources(rx, None::<mpsc::Receiver<()>>);
            let waited = tokio::time::timeout(Duration::from_millis(200), stop.wait()).await;
            assert!(waited.is_err(), "a Stop without sources fired: {waited:?}");
            assert_eq!(stop.received(), None);
        });
    }

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
