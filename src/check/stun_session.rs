//! Concurrent STUN Binding transactions on one unconnected UDP socket,
//! told apart by transaction id, each retransmitted on RFC 5389's doubling
//! schedule until answered, failed, or the deadline. The NAT type check runs
//! its RFC 5780 tests on it; the public-IP check asks all its STUN servers of
//! one family from one such socket, so that their answers can be compared
//! ("varies by destination").

use crate::net::cause::{Cause, Failure};
use crate::net::nat_type::{self, Answer, Silence};
use crate::proto::stun::{self, BindingResponse, RequestOptions, TransactionId};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::UdpSocket;
use tokio::time::{Instant, timeout_at};

/// RFC 5389 initial RTO, used until a round trip has been measured.
pub(crate) const INITIAL_RTO: Duration = Duration::from_millis(500);
/// RFC 5389 `Rc`.
pub(crate) const MAX_TRANSMISSIONS: u32 = 7;

#[derive(Debug, Clone)]
pub(crate) enum State {
    Pending,
    Got {
        resp: BindingResponse,
        from: SocketAddr,
        rtt: Duration,
    },
    /// An error response or a malformed answer.
    Failed(Failure),
    /// An ICMP error named this request's destination (port unreachable,
    /// no route …).
    Unreachable(Failure),
    /// Our own request came back to us (hairpin test).
    Hairpinned,
}

#[derive(Debug)]
pub(crate) struct Req {
    pub(crate) dest: SocketAddr,
    pub(crate) tid: TransactionId,
    wire: Vec<u8>,
    hairpin: bool,
    /// Only an answer from `dest` itself counts (no CHANGE-REQUEST asked).
    from_dest_only: bool,
    pub(crate) state: State,
    rto: Duration,
    pub(crate) sends: u32,
    send_times: Vec<Instant>,
    last_send: Option<Instant>,
    next_send: Option<Instant>,
}

impl Req {
    pub(crate) fn is_done(&self) -> bool {
        !matches!(self.state, State::Pending)
    }

    /// Answered, failed, or silent long enough that its silence counts
    /// ([`Silence::is_conclusive`]): waiting longer would change nothing
    /// but the odds of a fifth lost datagram.
    pub(crate) fn is_settled(&self) -> bool {
        if self.is_done() {
            return true;
        }
        let now = Instant::now();
        let min_wait = Duration::from_millis(nat_type::MIN_WAIT_AFTER_LAST_MS);
        let settled = self
            .send_times
            .iter()
            .filter(|t| now.saturating_duration_since(**t) >= min_wait)
            .count() as u32;
        settled >= nat_type::MIN_SENDS_FOR_SILENCE
    }

    pub(crate) fn answer(&self, deadline: Instant) -> Answer {
        match &self.state {
            State::Got { resp, from, .. } => Answer::Mapped {
                mapped: resp.mapped,
                from: *from,
            },
            State::Failed(e) | State::Unreachable(e) => Answer::Failed(e.detail.clone()),
            State::Hairpinned => Answer::NotRun,
            State::Pending if self.sends == 0 => Answer::NotRun,
            State::Pending => {
                // Transmissions sent too close to the end to have had their
                // answer yet do not count: silence is judged on the others.
                let end = deadline.min(Instant::now());
                let min_wait = Duration::from_millis(nat_type::MIN_WAIT_AFTER_LAST_MS);
                let settled: Vec<&Instant> = self
                    .send_times
                    .iter()
                    .filter(|t| end.saturating_duration_since(**t) >= min_wait)
                    .collect();
                let last = settled.last().copied().or(self.send_times.last());
                Answer::Silent(Silence {
                    sends: settled.len() as u32,
                    waited_after_last_ms: last
                        .map_or(0, |l| end.saturating_duration_since(*l).as_millis() as u64),
                })
            }
        }
    }
}

/// Concurrent STUN transactions on one unconnected UDP socket.
pub(crate) struct Session {
    pub(crate) sock: UdpSocket,
    pub(crate) reqs: Vec<Req>,
    /// ICMP errors are read from the socket's error queue and end the
    /// request they name ([`crate::sys::udp_errors`]).
    icmp: bool,
    /// Answers count only from the address asked (see [`Session::strict`]).
    strict: bool,
}

impl Session {
    pub(crate) fn new(sock: UdpSocket) -> Session {
        Session {
            sock,
            reqs: Vec::new(),
            icmp: false,
            strict: false,
        }
    }

    /// A session that also ends a request when an ICMP error names its
    /// destination (where the platform can tell), and takes answers only
    /// from the address asked (plain Binding requests, no CHANGE-REQUEST).
    pub(crate) fn strict(sock: UdpSocket) -> Session {
        let icmp = crate::sys::udp_errors::enable(&sock);
        Session {
            sock,
            reqs: Vec::new(),
            icmp,
            strict: true,
        }
    }

    pub(crate) fn add(&mut self, dest: SocketAddr, opts: RequestOptions, rto: Duration) -> usize {
        let tid = stun::new_transaction_id();
        self.reqs.push(Req {
            dest,
            tid,
            wire: stun::encode_binding_request_with(&tid, opts),
            hairpin: false,
            from_dest_only: self.strict && opts == RequestOptions::default(),
            state: State::Pending,
            rto,
            sends: 0,
            send_times: Vec::new(),
            last_send: None,
            next_send: None,
        });
        self.reqs.len() - 1
    }

    /// RFC 5780 4.5: a request sent to our own public address; hairpinning
    /// works if it arrives back on this socket.
    pub(crate) fn add_hairpin(&mut self, own_public: SocketAddr, rto: Duration) -> usize {
        let i = self.add(own_public, RequestOptions::default(), rto);
        self.reqs[i].hairpin = true;
        i
    }

    /// Sends what is due and reads replies until `done(reqs)` or `deadline`.
    pub(crate) async fn run_until(&mut self, deadline: Instant, done: impl Fn(&[Req]) -> bool) {
        let mut buf = [0u8; 2048];
        loop {
            if done(&self.reqs) {
                return;
            }
            let now = Instant::now();
            if now >= deadline {
                return;
            }
            for i in 0..self.reqs.len() {
                let r = &self.reqs[i];
                let due = r.next_send.is_none_or(|t| t <= now);
                if r.is_done() || !due || r.sends >= MAX_TRANSMISSIONS {
                    continue;
                }
                // A failed send (no route, …) is retried like a lost one.
                // `send_to` waits for the socket to be writable, which a
                // fresh socket is at once; `try_send_to` would refuse until
                // the reactor has seen it, and lose the first request when
                // nothing else ran in between.
                if !self.send(i, deadline).await {
                    // A pending socket error (an earlier request's ICMP
                    // error) is reported on the next send and takes it down
                    // with it: the error ends the request it names, and this
                    // one goes out again unless it was the one named.
                    self.take_icmp_errors();
                    if !self.reqs[i].is_done() {
                        self.send(i, deadline).await;
                    }
                }
                let r = &mut self.reqs[i];
                r.sends += 1;
                r.send_times.push(now);
                r.last_send = Some(now);
                let planned = r.next_send.unwrap_or(now);
                r.next_send = Some(planned + r.rto);
                r.rto = r.rto.saturating_mul(2);
            }
            let wake = self
                .reqs
                .iter()
                .filter(|r| !r.is_done() && r.sends < MAX_TRANSMISSIONS)
                .filter_map(|r| r.next_send)
                .min()
                .map_or(deadline, |t| t.min(deadline));
            let (n, from) = match timeout_at(wake, self.sock.recv_from(&mut buf)).await {
                Err(_) => continue,
                // ICMP errors reported on the socket: the request they name
                // ends (when the platform tells which); the others go on.
                Ok(Err(_)) => {
                    self.take_icmp_errors();
                    tokio::task::yield_now().await;
                    continue;
                }
                Ok(Ok(x)) => x,
            };
            let data = &buf[..n];
            let Some(tid) = stun::transaction_id(data) else {
                continue;
            };
            let Some(r) = self.reqs.iter_mut().find(|r| r.tid == tid && !r.is_done()) else {
                continue;
            };
            if r.hairpin {
                if stun::parse_binding_request(data).is_ok() {
                    r.state = State::Hairpinned;
                }
                continue;
            }
            let from = SocketAddr::new(from.ip().to_canonical(), from.port());
            if r.from_dest_only && !same_endpoint(from, r.dest) {
                continue;
            }
            match stun::decode_binding_response_full(data, &tid) {
                Ok(resp) => {
                    let rtt = r.last_send.map_or(Duration::ZERO, |l| {
                        Instant::now().saturating_duration_since(l)
                    });
                    r.state = State::Got { resp, from, rtt };
                }
                Err(stun::StunError::UnexpectedType(_)) => {}
                Err(e) => {
                    r.state = State::Failed(Failure::new(stun_error_cause(&e), e.to_string()))
                }
            }
        }
    }

    /// One transmission of request `i`; false when the socket refused it.
    async fn send(&self, i: usize, deadline: Instant) -> bool {
        let r = &self.reqs[i];
        matches!(
            timeout_at(deadline, self.sock.send_to(&r.wire, r.dest)).await,
            Ok(Ok(_))
        )
    }

    /// Ends the pending requests that queued ICMP errors name.
    fn take_icmp_errors(&mut self) {
        if !self.icmp {
            return;
        }
        for (dest, e) in crate::sys::udp_errors::drain(&self.sock) {
            for r in self
                .reqs
                .iter_mut()
                .filter(|r| !r.is_done() && !r.hairpin && same_endpoint(r.dest, dest))
            {
                r.state = State::Unreachable(crate::sys::io_failure(&e));
            }
        }
    }
}

/// Pure: why a STUN answer to our transaction was refused.
fn stun_error_cause(e: &stun::StunError) -> Cause {
    match e {
        stun::StunError::ErrorResponse { code, .. } => Cause::StunError(*code),
        stun::StunError::NoAddress => Cause::StunNoAddress,
        _ => Cause::StunMalformed,
    }
}

/// The same address and port, an IPv4-mapped IPv6 address being its IPv4 one.
fn same_endpoint(a: SocketAddr, b: SocketAddr) -> bool {
    a.ip().to_canonical() == b.ip().to_canonical() && a.port() == b.port()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A loopback STUN responder: answers every Binding request.
    async fn responder() -> SocketAddr {
        let sock = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let addr = sock.local_addr().unwrap();
        tokio::spawn(async move {
            let mut buf = [0u8; 1500];
            while let Ok((n, from)) = sock.recv_from(&mut buf).await {
                if let Ok(tid) = stun::parse_binding_request(&buf[..n]) {
                    let _ = sock
                        .send_to(&stun::encode_binding_response(&tid, from, true), from)
                        .await;
                }
            }
        });
        addr
    }

    /// The first transmission leaves at once, on a socket bound a moment
    /// ago: a budget shorter than the first retransmission timeout is
    /// enough. (tokio's `try_send_to` refuses to send before the reactor has
    /// seen the new socket writable; it lost the first request of every
    /// fresh socket when nothing else ran in between.)
    #[tokio::test]
    async fn the_first_request_of_a_fresh_socket_is_sent() {
        let server = responder().await;
        for strict in [false, true] {
            let sock = UdpSocket::bind("127.0.0.1:0").await.unwrap();
            let mut s = if strict {
                Session::strict(sock)
            } else {
                Session::new(sock)
            };
            let r = s.add(server, RequestOptions::default(), INITIAL_RTO);
            let deadline = Instant::now() + INITIAL_RTO / 2;
            s.run_until(deadline, |reqs| reqs[r].is_done()).await;
            assert!(
                matches!(s.reqs[r].state, State::Got { .. }),
                "strict {strict}: {:?} after {} sends",
                s.reqs[r].state,
                s.reqs[r].sends
            );
            assert_eq!(s.reqs[r].sends, 1);
        }
    }

    /// A loopback UDP port nobody listens on.
    fn closed_port() -> SocketAddr {
        std::net::UdpSocket::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
    }

    /// A strict session that asks `dests` in this order, run until every
    /// request is done or `budget` has passed.
    async fn ask_strict(dests: &[SocketAddr], budget: Duration) -> Session {
        let sock = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let mut s = Session::strict(sock);
        for d in dests {
            s.add(*d, RequestOptions::default(), INITIAL_RTO);
        }
        let deadline = Instant::now() + budget;
        s.run_until(deadline, |reqs| reqs.iter().all(Req::is_done))
            .await;
        s
    }

    /// Strict sessions take answers only from the address asked, and an
    /// ICMP port unreachable ends the request it names at once.
    #[tokio::test]
    async fn strict_sessions_check_the_source_and_hear_icmp() {
        let server = responder().await;
        let t0 = Instant::now();
        let s = ask_strict(&[server, closed_port()], Duration::from_secs(2)).await;
        let (ok, dead) = (0, 1);
        assert!(matches!(s.reqs[ok].state, State::Got { .. }));
        if cfg!(target_os = "linux") {
            assert!(
                matches!(&s.reqs[dead].state, State::Unreachable(f) if f.cause == Cause::Refused),
                "{:?}",
                s.reqs[dead].state
            );
            assert!(t0.elapsed() < INITIAL_RTO, "{:?}", t0.elapsed());
        }
    }

    /// A closed STUN port asked first leaves an ICMP error pending on the
    /// socket; the next request's send reports it and fails. That request
    /// goes out again at once instead of waiting a retransmission timeout
    /// (the public-IP check asks its servers in no fixed order, so a closed
    /// one is sometimes first).
    #[tokio::test]
    async fn a_closed_port_sent_first_does_not_hold_the_next_request_up() {
        if !cfg!(target_os = "linux") {
            eprintln!("skipped: ICMP errors are read from the socket only on Linux");
            return;
        }
        let server = responder().await;
        for round in 0..5 {
            let s = ask_strict(&[closed_port(), server], INITIAL_RTO / 2).await;
            let (dead, ok) = (0, 1);
            assert!(
                matches!(s.reqs[dead].state, State::Unreachable(_)),
                "round {round}: {:?}",
                s.reqs[dead].state
            );
            assert!(
                matches!(s.reqs[ok].state, State::Got { .. }),
                "round {round}: {:?} after {} sends",
                s.reqs[ok].state,
                s.reqs[ok].sends
            );
        }
    }
}
