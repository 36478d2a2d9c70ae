//! The reflector's connect-back: to the caller's observed address only,
//! from an ephemeral port, one port at a time per task, every wait bounded.
//! TCP and HTTP use the probe's client (`sys::web::client`: no proxy, no
//! redirects, bodies capped); UDP sends one datagram carrying the nonce and
//! retransmits it at most twice.

use crate::net::reflect::{HttpSeen, Reached, decide};
use crate::proto::reflector::{self, Check, Outcome, PortResult, Transport};
use crate::sys::web::client::{self, Method, NetErrorKind, Outgoing, Stream};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;
use tokio::time::Instant;

/// Most of an HTTP answer the reflector reads.
const BODY_CAP: usize = 64 * 1024;
/// UDP sends: the first, then at most this many retransmits.
const UDP_RETRIES: u32 = 2;

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e4).round() / 10.0
}

/// Checks every port of `check` on `caller` concurrently. `timeout` bounds
/// the connect (TCP) or the wait for the echo (UDP); the HTTP exchange after
/// a connect gets the same time again.
pub async fn run(caller: IpAddr, check: &Check, timeout: Duration) -> Vec<PortResult> {
    let tasks: Vec<_> = check
        .ports
        .iter()
        .map(|&port| {
            let check = check.clone();
            tokio::spawn(async move { one(SocketAddr::new(caller, port), &check, timeout).await })
        })
        .collect();
    let mut out = Vec::with_capacity(tasks.len());
    for (task, &port) in tasks.into_iter().zip(&check.ports) {
        out.push(task.await.unwrap_or(PortResult {
            port,
            result: Outcome::Error,
            ms: 0.0,
            proof: None,
            http_status: None,
            fingerprint: None,
            detail: Some("the check task failed".into()),
        }));
    }
    out
}

async fn one(target: SocketAddr, check: &Check, timeout: Duration) -> PortResult {
    let start = Instant::now();
    let (reached, http, udp_echo, status, detail) = match check.transport {
        Transport::Udp => {
            let (reached, echo, detail) = udp(target, &check.nonce, timeout).await;
            (reached, HttpSeen::default(), echo, None, detail)
        }
        Transport::Tcp | Transport::Http => match client::connect(target, start + timeout).await {
            Err(e) => {
                let reached = match e.kind {
                    NetErrorKind::Refused | NetErrorKind::NoRoute => Reached::Refused,
                    NetErrorKind::Timeout => Reached::Silent,
                    _ => Reached::Failed(e.detail.clone()),
                };
                (reached, HttpSeen::default(), false, None, Some(e.detail))
            }
            Ok(tcp) if check.transport == Transport::Tcp => {
                drop(tcp);
                (Reached::Connected, HttpSeen::default(), false, None, None)
            }
            Ok(tcp) => {
                let deadline = Instant::now() + timeout;
                let (seen, status, detail) = http(tcp, target, check, deadline).await;
                (Reached::Connected, seen, false, status, detail)
            }
        },
    };
    let (result, proof) = decide(
        check.transport,
        &reached,
        &http,
        check.fingerprint.as_deref(),
        udp_echo,
    );
    let detail = match (result, &reached) {
        (Outcome::Error, Reached::Failed(why)) => Some(why.clone()),
        (Outcome::Open, _) => None,
        _ => detail,
    };
    PortResult {
        port: target.port(),
        result,
        ms: ms(start.elapsed()),
        proof,
        http_status: status,
        fingerprint: http.fingerprint,
        detail,
    }
}

/// GET (fingerprint), then POST carrying the nonce (echo), on one connection
/// when the server keeps it open.
async fn http(
    tcp: tokio::net::TcpStream,
    target: SocketAddr,
    check: &Check,
    deadline: Instant,
) -> (HttpSeen, Option<u16>, Option<String>) {
    let host = target.to_string();
    let mut seen = HttpSeen::default();
    let mut conn = match client::handshake(Stream::plain(tcp)).await {
        Ok(c) => c,
        Err(e) => return (seen, None, Some(e.detail)),
    };
    let get = Outgoing {
        method: Method::Get,
        host: &host,
        path: &check.path,
        json: None,
    };
    let status = match conn.send(&get, BODY_CAP, deadline).await {
        Ok(a) => {
            seen.fingerprint = Some(reflector::fingerprint(
                a.status,
                a.content_type.as_deref(),
                &a.body,
            ));
            if !(a.keep_alive && conn.is_open()) {
                match client::connect(target, deadline).await {
                    Ok(tcp) => match client::handshake(Stream::plain(tcp)).await {
                        Ok(c) => conn = c,
                        Err(e) => return (seen, Some(a.status), Some(e.detail)),
                    },
                    Err(e) => return (seen, Some(a.status), Some(e.detail)),
                }
            }
            a.status
        }
        Err(e) => return (seen, None, Some(e.detail)),
    };
    let body = reflector::post_body(&check.nonce);
    let post = Outgoing {
        method: Method::Post,
        host: &host,
        path: &check.path,
        json: Some(&body),
    };
    match conn.send(&post, BODY_CAP, deadline).await {
        Ok(a) => {
            seen.nonce_echoed = reflector::echoed_nonce(&a.body, &check.nonce);
            let detail = (!seen.nonce_echoed).then(|| match a.server {
                Some(s) => format!("HTTP {} from '{}'", status, printable(&s)),
                None => format!("HTTP {status}"),
            });
            (seen, Some(status), detail)
        }
        Err(e) => (seen, Some(status), Some(e.detail)),
    }
}

fn printable(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .take(60)
        .collect::<String>()
}

/// One datagram with the nonce; the same bytes back is the echo.
async fn udp(
    target: SocketAddr,
    nonce: &str,
    timeout: Duration,
) -> (Reached, bool, Option<String>) {
    let local: SocketAddr = match target {
        SocketAddr::V4(_) => (Ipv4Addr::UNSPECIFIED, 0).into(),
        SocketAddr::V6(_) => (Ipv6Addr::UNSPECIFIED, 0).into(),
    };
    let sock = match tokio::net::UdpSocket::bind(local).await {
        Ok(s) => s,
        Err(e) => return (Reached::Failed(crate::sys::io_words(&e)), false, None),
    };
    // connect(): only the target's replies are read, and an ICMP
    // unreachable comes back as an error.
    if let Err(e) = sock.connect(target).await {
        return (Reached::Failed(crate::sys::io_words(&e)), false, None);
    }
    let datagram = reflector::udp_datagram(nonce);
    let deadline = Instant::now() + timeout;
    let step = timeout / (UDP_RETRIES + 1);
    let mut buf = [0u8; 512];
    for attempt in 0..=UDP_RETRIES {
        if let Err(e) = sock.send(&datagram).await {
            return refused_or_failed(&e);
        }
        let until = if attempt == UDP_RETRIES {
            deadline
        } else {
            (Instant::now() + step).min(deadline)
        };
        match tokio::time::timeout_at(until, sock.recv(&mut buf)).await {
            Err(_) => {}
            Ok(Err(e)) => return refused_or_failed(&e),
            Ok(Ok(n)) => {
                let echo = buf[..n] == datagram[..];
                let detail = (!echo).then(|| format!("a {n}-byte datagram that is not the echo"));
                return (Reached::Connected, echo, detail);
            }
        }
        if Instant::now() >= deadline {
            break;
        }
    }
    (Reached::Silent, false, None)
}

fn refused_or_failed(e: &std::io::Error) -> (Reached, bool, Option<String>) {
    let words = crate::sys::io_words(e);
    match e.kind() {
        std::io::ErrorKind::ConnectionRefused
        | std::io::ErrorKind::HostUnreachable
        | std::io::ErrorKind::NetworkUnreachable => (Reached::Refused, false, Some(words)),
        _ => (Reached::Failed(words), false, None),
    }
}
