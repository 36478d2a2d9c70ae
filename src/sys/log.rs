//! A server's log on its way to stderr (serve's and the reflector's request
//! logs and notices): request handlers append lines to one
//! shared buffer (a lock and a copy, no system call, no thread wake-up per
//! line); one writer thread takes whatever has gathered and writes it at
//! once, at most every [`FLUSH_EVERY`] or when [`FLUSH_BYTES`] are waiting.
//! A server under load therefore writes a few large blocks a second instead
//! of waking a thread for every request. Lines past [`MAX_PENDING`] (stderr
//! slower than the requests) are counted and dropped, never queued without
//! bound, and never slow the server down.

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// Longest a logged line waits before it is written.
pub const FLUSH_EVERY: Duration = Duration::from_millis(50);
/// Written at once when this much is waiting.
pub const FLUSH_BYTES: usize = 64 * 1024;
/// Lines waiting for stderr; past this they are counted and dropped.
pub const MAX_PENDING: usize = 4096;

#[derive(Default)]
struct State {
    buf: String,
    lines: usize,
    dropped: u64,
    closed: bool,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    ready: Condvar,
}

/// The handlers' side: cheap to clone, appends lines.
#[derive(Clone)]
pub struct RequestLog {
    shared: Arc<Shared>,
}

/// The writer thread, to be closed once the server has stopped.
pub struct Writer {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// Starts a writer thread for `out` (stderr in the product).
pub fn start<W: Write + Send + 'static>(mut out: W) -> (RequestLog, Writer) {
    let shared = Arc::new(Shared::default());
    let mine = shared.clone();
    let thread = std::thread::spawn(move || {
        while let Some(block) = mine.next_block() {
            let _ = out.write_all(block.as_bytes());
            let _ = out.flush();
        }
    });
    (
        RequestLog {
            shared: shared.clone(),
        },
        Writer {
            shared,
            thread: Some(thread),
        },
    )
}

impl Shared {
    /// Waits for lines, lets more gather for up to [`FLUSH_EVERY`], and takes
    /// them all. `None` once closed and empty.
    fn next_block(&self) -> Option<String> {
        let Ok(guard) = self.state.lock() else {
            return None;
        };
        let Ok(guard) = self
            .ready
            .wait_while(guard, |s| s.buf.is_empty() && !s.closed)
        else {
            return None;
        };
        let Ok((mut guard, _)) = self.ready.wait_timeout_while(guard, FLUSH_EVERY, |s| {
            !s.closed && s.buf.len() < FLUSH_BYTES
        }) else {
            return None;
        };
        if guard.buf.is_empty() && guard.closed {
            return None;
        }
        guard.lines = 0;
        // The next block starts with room for as much as this one: the
        // handlers append without regrowing it.
        let room = guard.buf.capacity().min(2 * FLUSH_BYTES);
        Some(std::mem::replace(
            &mut guard.buf,
            String::with_capacity(room),
        ))
    }
}

impl RequestLog {
    /// Appends one line (a newline is added), or counts it as dropped.
    pub fn line(&self, line: &str) {
        let Ok(mut s) = self.shared.state.lock() else {
            return;
        };
        if s.closed {
            return;
        }
        if s.lines >= MAX_PENDING {
            s.dropped += 1;
            return;
        }
        let was_empty = s.buf.is_empty();
        s.buf.push_str(line);
        s.buf.push('\n');
        s.lines += 1;
        let full = s.buf.len() >= FLUSH_BYTES;
        drop(s);
        if was_empty || full {
            self.shared.ready.notify_one();
        }
    }
}

impl Writer {
    /// Writes what is still waiting, stops the thread and returns how many
    /// lines were dropped.
    pub fn close(mut self) -> u64 {
        if let Ok(mut s) = self.shared.state.lock() {
            s.closed = true;
        }
        self.shared.ready.notify_one();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.shared.state.lock().map_or(0, |s| s.dropped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer target the test can read back.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_line_arrives_in_order_and_close_flushes() {
        let sink = Sink::default();
        let (log, writer) = start(sink.clone());
        for i in 0..1000 {
            log.line(&format!("line {i}"));
        }
        assert_eq!(writer.close(), 0);
        let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        let want: Vec<String> = (0..1000).map(|i| format!("line {i}")).collect();
        assert_eq!(text.lines().collect::<Vec<_>>(), want);
    }

    #[test]
    fn a_stuck_stderr_drops_and_counts_instead_of_growing() {
        /// A target that blocks until the test lets it go.
        struct Stuck(Arc<(Mutex<bool>, Condvar)>, Sink);
        impl Write for Stuck {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                let (open, cv) = &*self.0;
                let _open = cv.wait_while(open.lock().unwrap(), |o| !*o).unwrap();
                self.1.write(b)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let gate = Arc::new((Mutex::new(false), Condvar::new()));
        let sink = Sink::default();
        let (log, writer) = start(Stuck(gate.clone(), sink.clone()));
        // The first line goes out (and the writer blocks on it) ...
        log.line("first");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while log.shared.state.lock().unwrap().lines != 0 {
            assert!(
                std::time::Instant::now() < deadline,
                "writer never took the line"
            );
            std::thread::yield_now();
        }
        // ... then the buffer fills up to its cap and the rest is counted.
        for i in 0..MAX_PENDING + 10 {
            log.line(&format!("l{i}"));
        }
        *gate.0.lock().unwrap() = true;
        gate.1.notify_all();
        assert_eq!(writer.close(), 10);
        let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        assert_eq!(text.lines().count(), 1 + MAX_PENDING);
        // Control: without the cap every line would have been kept.
        assert!(!text.contains(&format!("l{}\n", MAX_PENDING)));
    }
}
