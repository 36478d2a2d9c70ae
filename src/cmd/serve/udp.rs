//! `netcheck serve --udp`: answers a reflector's UDP check on the server's
//! port number. Only netcheck's nonce datagrams are answered, with the very
//! bytes received (never larger: no amplification); anything else is dropped
//! unanswered.

use crate::proto::reflector::{UDP_LEN, is_udp_datagram};
use crate::sys::web::server::{self, BindError};
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

/// Binds UDP on `bind`, or on all IPv4 and (when available) IPv6 addresses.
pub fn open(bind: Option<IpAddr>, port: u16) -> Result<Vec<std::net::UdpSocket>, BindError> {
    let sockets = crate::cmd::listen::bind::open_all(bind, port, server::bind_udp)?;
    Ok(sockets.into_iter().map(|(_, s)| s).collect())
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
