//! One HTTP POST (a SOAP call) from a chosen local IPv6 address.
//!
//! The UPnP IPv6 firewall service checks that a request comes from the
//! address it opens a pinhole to, and the OS would otherwise send from its
//! preferred — often temporary — address. igd-next's HTTP client cannot bind
//! a source address, so this small client does: a TCP socket bound to the
//! address, `Connection: close`, the answer read to its end (capped), all
//! under the caller's deadline.

use crate::net::cause::Failure;
use std::net::{Ipv6Addr, SocketAddrV6};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::{Instant, timeout_at};

/// Answers longer than this are refused.
const MAX_ANSWER: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostError {
    Timeout,
    /// Connecting or sending failed (in plain words).
    Io(Failure),
    /// Not an HTTP answer, or too long.
    BadAnswer,
}

impl std::fmt::Display for PostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PostError::Timeout => f.write_str("the router did not answer in time"),
            PostError::Io(e) => write!(f, "{e}"),
            PostError::BadAnswer => f.write_str("the router's answer was not HTTP"),
        }
    }
}

/// POST `body` to `server` + `path`, from `local`. Returns the HTTP status and body.
pub async fn post_from(
    local: Ipv6Addr,
    server: SocketAddrV6,
    path: &str,
    soap_action: &str,
    body: &str,
    deadline: Instant,
) -> Result<(u16, String), PostError> {
    let io = |e: std::io::Error| PostError::Io(crate::sys::io_failure(&e));
    let work = async {
        let sock = tokio::net::TcpSocket::new_v6().map_err(io)?;
        sock.bind(SocketAddrV6::new(local, 0, 0, 0).into())
            .map_err(io)?;
        let mut stream = sock.connect(server.into()).await.map_err(io)?;
        let host = format!("[{}]:{}", server.ip(), server.port());
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: text/xml; charset=\"utf-8\"\r\nSOAPAction: {soap_action}\r\nContent-Length: {}\r\nConnection: close\r\nUser-Agent: netcheck\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).await.map_err(io)?;
        stream.write_all(body.as_bytes()).await.map_err(io)?;
        let mut buf = Vec::new();
        let mut limited = (&mut stream).take(MAX_ANSWER as u64 + 1);
        limited.read_to_end(&mut buf).await.map_err(io)?;
        if buf.len() > MAX_ANSWER {
            return Err(PostError::BadAnswer);
        }
        parse_answer(&buf).ok_or(PostError::BadAnswer)
    };
    timeout_at(deadline, work)
        .await
        .unwrap_or(Err(PostError::Timeout))
}

/// Status and body of an HTTP/1.x answer read to its end (pure).
pub fn parse_answer(buf: &[u8]) -> Option<(u16, String)> {
    let text = String::from_utf8_lossy(buf);
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status_line = head.lines().next()?;
    let mut parts = status_line.split_whitespace();
    if !parts.next()?.starts_with("HTTP/1.") {
        return None;
    }
    let status: u16 = parts.next()?.parse().ok()?;
    Some((status, body.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers() {
        assert_eq!(
            parse_answer(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"),
            Some((200, "hi".into()))
        );
        assert_eq!(
            parse_answer(b"HTTP/1.0 500 Internal Server Error\r\n\r\n<fault/>"),
            Some((500, "<fault/>".into()))
        );
        for bad in [
            &b""[..],
            b"garbage",
            b"SSH-2.0\r\n\r\n",
            b"HTTP/1.1 abc\r\n\r\n",
        ] {
            assert_eq!(parse_answer(bad), None);
        }
    }

    #[tokio::test]
    async fn leaves_from_the_bound_address_and_reads_the_answer() {
        let listener = tokio::net::TcpListener::bind("[::1]:0").await.unwrap();
        let SocketAddr::V6(server) = listener.local_addr().unwrap() else {
            unreachable!()
        };
        let peer = tokio::spawn(async move {
            let (mut s, from) = listener.accept().await.unwrap();
            let mut b = vec![0u8; 4096];
            let n = s.read(&mut b).await.unwrap();
            let req = String::from_utf8_lossy(&b[..n]).to_string();
            s.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n<ok/>")
                .await
                .unwrap();
            (from, req)
        });
        let deadline = Instant::now() + std::time::Duration::from_secs(5);
        let got = post_from(
            Ipv6Addr::LOCALHOST,
            server,
            "/ctl",
            "\"x#y\"",
            "<b/>",
            deadline,
        )
        .await
        .unwrap();
        assert_eq!(got, (200, "<ok/>".into()));
        let (from, req) = peer.await.unwrap();
        assert_eq!(from.ip(), std::net::IpAddr::V6(Ipv6Addr::LOCALHOST));
        assert!(req.starts_with("POST /ctl HTTP/1.1\r\n"), "{req}");
        assert!(
            req.contains("SOAPAction: \"x#y\"\r\n") && req.ends_with("<b/>"),
            "{req}"
        );
    }

    #[tokio::test]
    async fn silent_server_hits_the_deadline() {
        let listener = tokio::net::TcpListener::bind("[::1]:0").await.unwrap();
        let SocketAddr::V6(server) = listener.local_addr().unwrap() else {
            unreachable!()
        };
        let start = Instant::now();
        let deadline = start + std::time::Duration::from_millis(300);
        let got = post_from(Ipv6Addr::LOCALHOST, server, "/", "\"a\"", "", deadline).await;
        assert_eq!(got, Err(PostError::Timeout));
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
        drop(listener);
    }

    use std::net::SocketAddr;
}
