//! `netcheck serve --udp`: answers a reflector's UDP check on the server's
//! port number. Only netcheck's nonce datagrams are answered, with the very
//! bytes received (never larger: no amplification); anything else is dropped
//! unanswered.

use crate::proto::reflector::{UDP_LEN, is_udp_datagram};
use crate::sys::web::server::{self, BindError};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::{Duration, Instant};

/// Binds UDP on `bind`, or on all IPv4 and (when available) IPv6 addresses.
pub fn open(bind: Option<IpAddr>, port: u16) -> Result<Vec<std::net::UdpSocket>, BindError> {
    let plan: Vec<(SocketAddr, bool, bool)> = match bind {
        Some(ip) => vec![(SocketAddr::new(ip, port), true, false)],
        None => vec![
            (
                SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), port),
                true,
                false,
            ),
            (
                SocketAddr::new(Ipv6Addr::UNSPECIFIED.into(), port),
                false,
                true,
            ),
        ],
    };
    let mut out = Vec::new();
    for (addr, required, v6_only) in plan {
        match server::bind_udp(addr, v6_only) {
            Ok(s) => out.push(s),
            Err(BindError::Unsupported(_) | BindError::NotLocal(_)) if !required => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// Echoes nonce datagrams until the task is aborted; `seen` hears of each.
pub async fn echo_loop(sock: tokio::net::UdpSocket, seen: impl Fn(SocketAddr, Duration)) {
    // One byte more than a check datagram: a longer one is seen as longer.
    let mut buf = [0u8; UDP_LEN + 1];
    loop {
        let Ok((n, peer)) = sock.recv_from(&mut buf).await else {
            tokio::task::yield_now().await;
            continue;
        };
        let start = Instant::now();
        if is_udp_datagram(&buf[..n]) && sock.send_to(&buf[..n], peer).await.is_ok() {
            seen(
                SocketAddr::new(peer.ip().to_canonical(), peer.port()),
                start.elapsed(),
            );
        }
    }
}

/// Aborts the UDP tasks when the server stops.
pub struct AbortOnDrop(pub Vec<tokio::task::JoinHandle<()>>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        for t in &self.0 {
            t.abort();
        }
    }
}
