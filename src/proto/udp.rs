//! The one request/response loop over UDP that STUN, NAT-PMP and PCP share:
//! send, wait, send again with the wait doubled, until an answer decodes or
//! the deadline passes. The codecs stay pure; each protocol plugs its
//! decoder in and maps the outcome to its own error type.

use std::io;
use std::time::Duration;
use tokio::net::UdpSocket;
use tokio::time::{Instant, timeout_at};

/// When to send again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// Wait after the first send; doubled after each send.
    pub initial_rto: Duration,
    /// The wait never grows past this.
    pub max_rto: Duration,
    /// At most this many sends (then only wait for the deadline).
    pub max_transmissions: u32,
}

impl Schedule {
    /// When each send is planned, counted from the first (which is at
    /// zero): 0, rto, rto + 2·rto, … with the wait capped at `max_rto`, at
    /// most `max_transmissions` of them. Pure, so the shape of every
    /// protocol's retransmissions is tested exactly, without a clock.
    pub fn send_offsets(self) -> impl Iterator<Item = Duration> {
        let mut next = Some(Duration::ZERO);
        let mut rto = self.initial_rto;
        (0..self.max_transmissions).map_while(move |_| {
            let at = next?;
            next = at.checked_add(rto);
            rto = rto.saturating_mul(2).min(self.max_rto);
            Some(at)
        })
    }

    /// How many sends are planned before `elapsed`: what a silent peer gets
    /// when the deadline is `elapsed` after the start (fewer only if the
    /// machine is so busy that the loop misses its deadline).
    pub fn sends_before(self, elapsed: Duration) -> usize {
        self.send_offsets().take_while(|&at| at < elapsed).count()
    }

    /// For the protocols' tests against a fake peer: it saw `seen` requests,
    /// at least `at_least` and no more than this schedule allows by
    /// `elapsed` (exactly one when the answer came before the first resend
    /// was due; a busy machine may let a resend go first).
    #[cfg(test)]
    pub(crate) fn assert_sends(self, seen: usize, at_least: usize, elapsed: Duration) {
        let allowed = self.sends_before(elapsed);
        assert!(
            seen >= at_least && seen <= allowed,
            "{seen} sends seen; at least {at_least}, at most {allowed} by {elapsed:?}"
        );
    }
}

/// What the protocol's decoder made of one datagram.
#[derive(Debug)]
pub enum Reply<T, E> {
    /// The answer: the exchange is over.
    Answer(T),
    /// The peer's final word (an error result code): the exchange is over.
    Final(E),
    /// Not an answer to this request (garbage, another transaction): keep
    /// waiting, and remember it in case nothing better arrives.
    Stray(E),
}

impl<T, E> Reply<T, E> {
    /// A decoder whose errors are all strays except those `is_final` names.
    pub fn from_result(r: Result<T, E>, is_final: impl Fn(&E) -> bool) -> Reply<T, E> {
        match r {
            Ok(v) => Reply::Answer(v),
            Err(e) if is_final(&e) => Reply::Final(e),
            Err(e) => Reply::Stray(e),
        }
    }
}

/// Why an exchange ended without an answer.
#[derive(Debug)]
pub enum ExchangeError<E> {
    /// The deadline passed; `last` is the last stray datagram's error.
    Timeout { last: Option<E> },
    /// The decoder's final word.
    Final(E),
    /// A socket error (ICMP port unreachable shows up here as
    /// `ConnectionRefused` on a connected socket).
    Io(io::Error),
}

/// Sends `request` on the connected `sock` on `schedule` and returns the
/// first datagram `decode` accepts. Everything, sends included, ends by
/// `deadline`. `buf_len` bounds one datagram.
pub async fn exchange<T, E>(
    sock: &UdpSocket,
    request: &[u8],
    deadline: Instant,
    schedule: Schedule,
    buf_len: usize,
    mut decode: impl FnMut(&[u8]) -> Reply<T, E>,
) -> Result<T, ExchangeError<E>> {
    let mut buf = vec![0u8; buf_len];
    let mut last: Option<E> = None;
    let start = Instant::now();
    // Relative to the start, so the sequence keeps its shape (e.g. 0, 0.25,
    // 0.75, 1.75 s) whatever the jitter; a send missed by a late wake-up is
    // made at once.
    let mut plan = schedule.send_offsets();
    let mut next_send = plan.next().and_then(|at| start.checked_add(at));
    loop {
        let now = Instant::now();
        if now >= deadline {
            return Err(ExchangeError::Timeout { last });
        }
        if let Some(at) = next_send
            && now >= at
        {
            // Sending on a UDP socket does not block in practice, but bound
            // it by the deadline anyway.
            match timeout_at(deadline, sock.send(request)).await {
                Ok(res) => {
                    res.map_err(ExchangeError::Io)?;
                }
                Err(_) => return Err(ExchangeError::Timeout { last }),
            }
            next_send = plan.next().and_then(|at| start.checked_add(at));
        }
        let wake = next_send.map_or(deadline, |at| at.min(deadline));
        let n = match timeout_at(wake, sock.recv(&mut buf)).await {
            Err(_) => continue, // time to send again, or the deadline
            Ok(res) => res.map_err(ExchangeError::Io)?,
        };
        match decode(buf.get(..n).unwrap_or(&[])) {
            Reply::Answer(v) => return Ok(v),
            Reply::Final(e) => return Err(ExchangeError::Final(e)),
            Reply::Stray(e) => last = Some(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const FAST: Schedule = Schedule {
        initial_rto: Duration::from_millis(100),
        max_rto: Duration::from_millis(200),
        max_transmissions: 4,
    };

    /// A loopback peer that counts requests and answers the `answer_on`-th
    /// one (1-based) with `reply`, and every other with `noise`.
    async fn peer(
        answer_on: usize,
        reply: &'static [u8],
        noise: &'static [u8],
    ) -> (SocketAddr, Arc<AtomicUsize>) {
        let sock = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let addr = sock.local_addr().unwrap();
        let count = Arc::new(AtomicUsize::new(0));
        let c = count.clone();
        tokio::spawn(async move {
            let mut buf = [0u8; 64];
            while let Ok((_, from)) = sock.recv_from(&mut buf).await {
                let n = c.fetch_add(1, Ordering::SeqCst) + 1;
                let out = if n == answer_on { reply } else { noise };
                if !out.is_empty() {
                    let _ = sock.send_to(out, from).await;
                }
            }
        });
        (addr, count)
    }

    async fn client(to: SocketAddr) -> UdpSocket {
        let s = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        s.connect(to).await.unwrap();
        s
    }

    fn decode(b: &[u8]) -> Reply<u8, &'static str> {
        match b {
            [b'A', v] => Reply::Answer(*v),
            [b'F'] => Reply::Final("final"),
            _ => Reply::Stray("stray"),
        }
    }

    fn ms(v: &[u64]) -> Vec<Duration> {
        v.iter().map(|&m| Duration::from_millis(m)).collect()
    }

    #[test]
    fn send_plan_doubles_caps_and_stops() {
        // rto 100 ms doubled, capped at 200 ms, four sends.
        assert_eq!(
            FAST.send_offsets().collect::<Vec<_>>(),
            ms(&[0, 100, 300, 500])
        );
        assert_eq!(FAST.sends_before(Duration::from_millis(900)), 4);
        assert_eq!(FAST.sends_before(Duration::from_millis(300)), 2);
        assert_eq!(FAST.sends_before(Duration::from_millis(301)), 3);
        assert_eq!(FAST.sends_before(Duration::ZERO), 0);
        let no_cap = Schedule {
            max_rto: Duration::MAX,
            max_transmissions: 6,
            ..FAST
        };
        assert_eq!(
            no_cap.send_offsets().collect::<Vec<_>>(),
            ms(&[0, 100, 300, 700, 1500, 3100])
        );
        // Offsets that would overflow end the plan instead.
        let huge = Schedule {
            initial_rto: Duration::MAX,
            max_rto: Duration::MAX,
            max_transmissions: 5,
        };
        assert_eq!(
            huge.send_offsets().collect::<Vec<_>>(),
            [Duration::ZERO, Duration::MAX]
        );
        let none = Schedule {
            max_transmissions: 0,
            ..FAST
        };
        assert_eq!(none.send_offsets().count(), 0);
    }

    #[test]
    fn assert_sends_holds_both_bounds() {
        // By 301 ms the plan allows three sends.
        let by = Duration::from_millis(301);
        FAST.assert_sends(1, 1, by);
        FAST.assert_sends(3, 1, by);
        for (seen, at_least) in [(4, 1), (0, 1), (1, 2)] {
            let failed = std::panic::catch_unwind(|| FAST.assert_sends(seen, at_least, by));
            assert!(failed.is_err(), "{seen} seen, at least {at_least}");
        }
    }

    #[tokio::test]
    async fn answer_after_strays_and_a_resend() {
        let (addr, count) = peer(2, b"A\x07", b"junk").await;
        let s = client(addr).await;
        let deadline = Instant::now() + Duration::from_secs(3);
        let got = exchange(&s, b"req", deadline, FAST, 64, decode).await;
        // Only the second request is answered: it was sent. A third may go
        // out too when a busy machine delays the answer past the next send.
        assert_eq!(got.unwrap(), 7);
        let seen = count.load(Ordering::SeqCst);
        assert!((2..=FAST.send_offsets().count()).contains(&seen), "{seen}");
    }

    #[tokio::test]
    async fn final_word_ends_at_once() {
        let (addr, _) = peer(1, b"F", b"").await;
        let s = client(addr).await;
        // Long before the 10 s deadline (3 s: a generous ceiling).
        let deadline = Instant::now() + Duration::from_secs(10);
        let t0 = Instant::now();
        let got = exchange(&s, b"req", deadline, FAST, 64, decode).await;
        assert!(matches!(got, Err(ExchangeError::Final("final"))), "{got:?}");
        assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
    }

    #[tokio::test]
    async fn silence_times_out_on_schedule_with_the_last_stray() {
        // Silent peer: sends at 0, 0.1, 0.3, 0.5 (rto capped at 0.2 s), then
        // only waiting; the deadline at 0.9 s ends it.
        let (addr, count) = peer(usize::MAX, b"", b"").await;
        let s = client(addr).await;
        let t0 = Instant::now();
        let got = exchange(
            &s,
            b"req",
            t0 + Duration::from_millis(900),
            FAST,
            64,
            decode,
        )
        .await;
        assert!(
            matches!(got, Err(ExchangeError::Timeout { last: None })),
            "{got:?}"
        );
        let took = t0.elapsed();
        // Never before the deadline; the ceiling is generous (a busy
        // machine wakes the loop late).
        assert!(
            took >= Duration::from_millis(900) && took < Duration::from_secs(3),
            "{took:?}"
        );
        // The plan (tested exactly above) allows four sends before 0.9 s; a
        // busy machine can only make the peer see fewer, never more. At
        // least one resend shows the loop retransmits at all.
        let planned = FAST.sends_before(Duration::from_millis(900));
        let seen = count.load(Ordering::SeqCst);
        assert!((2..=planned).contains(&seen), "{seen} of {planned}");

        let (addr, _) = peer(usize::MAX, b"", b"junk").await;
        let s = client(addr).await;
        let got = exchange(
            &s,
            b"req",
            Instant::now() + Duration::from_millis(300),
            FAST,
            64,
            decode,
        )
        .await;
        assert!(
            matches!(
                got,
                Err(ExchangeError::Timeout {
                    last: Some("stray")
                })
            ),
            "{got:?}"
        );
    }

    #[tokio::test]
    async fn a_closed_port_is_an_io_error() {
        // Bind and drop: nothing listens there any more.
        let addr = std::net::UdpSocket::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let s = client(addr).await;
        let got = exchange(
            &s,
            b"req",
            Instant::now() + Duration::from_secs(2),
            FAST,
            64,
            decode,
        )
        .await;
        match got {
            Err(ExchangeError::Io(e)) => assert_eq!(e.kind(), io::ErrorKind::ConnectionRefused),
            other => panic!("{other:?}"),
        }
    }
}
