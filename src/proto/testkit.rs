//! Test-only helpers shared by the protocol modules: a loopback UDP fake
//! server and the mutation used by their fuzz-style loops.

use rand::Rng;
use std::net::{SocketAddr, SocketAddrV4};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::net::UdpSocket;

/// A UDP server on 127.0.0.1 that records what it was sent.
pub struct Fake<R> {
    pub addr: SocketAddrV4,
    /// Datagrams received so far.
    pub count: Arc<AtomicUsize>,
    /// The parsed requests, in order.
    pub requests: Arc<Mutex<Vec<R>>>,
}

/// Starts a fake: every datagram is parsed with `parse` (a client bug if it
/// fails), recorded, and answered with whatever `answer(n, raw, &request)`
/// returns for the n-th (0-based) datagram.
pub async fn udp_fake<R: Clone + Send + 'static>(
    parse: fn(&[u8]) -> R,
    answer: impl Fn(usize, &[u8], &R) -> Vec<Vec<u8>> + Send + Sync + 'static,
) -> Fake<R> {
    let sock = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let SocketAddr::V4(addr) = sock.local_addr().unwrap() else {
        unreachable!()
    };
    let count = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let (c, r) = (count.clone(), requests.clone());
    tokio::spawn(async move {
        let mut buf = [0u8; 1500];
        loop {
            let Ok((n, from)) = sock.recv_from(&mut buf).await else {
                return;
            };
            let req = parse(&buf[..n]);
            r.lock().unwrap().push(req.clone());
            let i = c.fetch_add(1, Ordering::SeqCst);
            for reply in answer(i, &buf[..n], &req) {
                let _ = sock.send_to(&reply, from).await;
            }
        }
    });
    Fake {
        addr,
        count,
        requests,
    }
}

/// Appends `base` to `buf`, flips one to three random bits, then cuts it at a
/// random length: a near-valid message.
pub fn flip_and_cut(rng: &mut impl Rng, base: &[u8], buf: &mut Vec<u8>) {
    buf.extend_from_slice(base);
    for _ in 0..rng.random_range(1..4) {
        let at = rng.random_range(0..buf.len());
        buf[at] ^= 1 << rng.random_range(0..8);
    }
    let cut = rng.random_range(0..=buf.len());
    buf.truncate(cut);
}

/// A loud skip for unit tests: the reason goes to stderr and, when
/// `NETCHECK_SKIP_LOG` names a file (`scripts/test` sets it), one line is
/// appended there so the suite counts it as skipped, not passed.
pub fn skip(reason: &str) {
    use std::io::Write;
    let thread = std::thread::current();
    let line = format!(
        "netcheck::{}: {reason}",
        thread.name().unwrap_or("unknown test")
    );
    eprintln!("SKIPPED {line}");
    if let Some(path) = std::env::var_os("NETCHECK_SKIP_LOG")
        && let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
    {
        let _ = writeln!(f, "{line}");
    }
}
