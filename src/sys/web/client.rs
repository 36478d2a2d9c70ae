//! The HTTP client of `netcheck probe`, one step at a time so each can be
//! timed and blamed on its own: TCP connect, TLS handshake, then HTTP/1.1
//! requests on that same connection. No proxy, no redirects followed, bodies
//! capped, every wait bounded by the caller's deadline.

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{ACCEPT, CONNECTION, CONTENT_TYPE, HOST, LOCATION, SERVER, USER_AGENT};
use hyper_util::rt::TokioIo;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::net::cause::{Cause, Failure};

/// What kind of failure, in the terms the verdict needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetErrorKind {
    /// The host answered with a TCP reset to the connection attempt.
    Refused,
    /// Nothing came back before the deadline.
    Timeout,
    /// An open connection was reset or aborted.
    Reset,
    /// No route to the host or network.
    NoRoute,
    /// The TLS handshake failed.
    Tls,
    /// Something answered, but not in HTTP.
    NotHttp,
    /// The peer closed the connection without (a complete) answer.
    Closed,
    Other,
}

/// A failed step: its kind, its cause for the catalogue, and the OS's or
/// library's own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetError {
    pub kind: NetErrorKind,
    pub cause: Cause,
    pub detail: String,
}

impl NetError {
    pub fn new(kind: NetErrorKind, cause: Cause, detail: impl Into<String>) -> NetError {
        NetError {
            kind,
            cause,
            detail: detail.into(),
        }
    }
    pub fn timeout() -> NetError {
        NetError::new(
            NetErrorKind::Timeout,
            Cause::TimedOut,
            "no answer before the deadline",
        )
    }
    /// The cause with its words, for reports.
    pub fn failure(&self) -> Failure {
        Failure::new(self.cause.clone(), self.detail.clone())
    }
}

/// Opens a TCP connection before `deadline`.
pub async fn connect(addr: SocketAddr, deadline: Instant) -> Result<TcpStream, NetError> {
    match tokio::time::timeout_at(deadline, TcpStream::connect(addr)).await {
        Err(_) => Err(NetError::timeout()),
        Ok(Err(e)) => Err(from_io(&e)),
        Ok(Ok(s)) => {
            let _ = s.set_nodelay(true);
            Ok(s)
        }
    }
}

/// As [`connect`], sent from `source` when it is one of this host's
/// addresses of the same family (else from the address the OS picks). Over
/// IPv6 the OS may prefer a temporary address; a peer that tests the
/// address it sees (a reflector) must see the one asked about.
pub async fn connect_from(
    addr: SocketAddr,
    source: Option<IpAddr>,
    deadline: Instant,
) -> Result<TcpStream, NetError> {
    let Some(src) = source.filter(|s| s.is_ipv4() == addr.is_ipv4()) else {
        return connect(addr, deadline).await;
    };
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()
    } else {
        tokio::net::TcpSocket::new_v6()
    }
    .map_err(|e| from_io(&e))?;
    if socket.bind(SocketAddr::new(src, 0)).is_err() {
        // Not an address of this host: the OS picks.
        return connect(addr, deadline).await;
    }
    match tokio::time::timeout_at(deadline, socket.connect(addr)).await {
        Err(_) => Err(NetError::timeout()),
        Ok(Err(e)) => Err(from_io(&e)),
        Ok(Ok(s)) => {
            let _ = s.set_nodelay(true);
            Ok(s)
        }
    }
}

/// A TLS client configuration: the OS's trust store plus `SSL_CERT_FILE` /
/// `SSL_CERT_DIR` (see [`super::tls`]), HTTP/1.1 only.
#[derive(Clone)]
pub struct Tls {
    config: Arc<rustls::ClientConfig>,
}

impl Tls {
    pub fn new() -> Result<Tls, String> {
        let mut config = super::tls::client_config()?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Tls {
            config: Arc::new(config),
        })
    }
}

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// A connected byte stream, plain or TLS.
pub struct Stream(Box<dyn Io>);

impl Stream {
    pub fn plain(tcp: TcpStream) -> Stream {
        Stream(Box::new(tcp))
    }
}

/// Runs the TLS handshake for `server_name` (a DNS name or an IP literal).
pub async fn tls_handshake(
    tcp: TcpStream,
    tls: &Tls,
    server_name: &str,
    deadline: Instant,
) -> Result<Stream, NetError> {
    let name = rustls::pki_types::ServerName::try_from(server_name.to_string())
        .map_err(|e| NetError::new(NetErrorKind::Tls, Cause::TlsSetup, e.to_string()))?;
    let connector = tokio_rustls::TlsConnector::from(tls.config.clone());
    match tokio::time::timeout_at(deadline, connector.connect(name, tcp)).await {
        Err(_) => Err(NetError::timeout()),
        Ok(Ok(s)) => Ok(Stream(Box::new(s))),
        Ok(Err(e)) => {
            let timed_out = e.kind() == std::io::ErrorKind::TimedOut;
            let (cause, detail) = match e.get_ref().and_then(|r| r.downcast_ref::<rustls::Error>())
            {
                Some(tls_err) => (tls_cause(tls_err), tls_err.to_string()),
                None if e.kind() == std::io::ErrorKind::UnexpectedEof => (
                    Cause::Closed,
                    "the server closed the connection during the handshake".to_string(),
                ),
                None => (crate::sys::io_cause(&e), crate::sys::io_words(&e)),
            };
            let kind = if timed_out {
                NetErrorKind::Timeout
            } else {
                NetErrorKind::Tls
            };
            Err(NetError::new(kind, cause, detail))
        }
    }
}

/// Pure: a TLS failure's cause.
pub fn tls_cause(e: &rustls::Error) -> Cause {
    use rustls::CertificateError as C;
    use rustls::Error as E;
    match e {
        E::InvalidCertificate(c) => match c {
            C::Expired | C::ExpiredContext { .. } => Cause::CertExpired,
            C::NotValidYet | C::NotValidYetContext { .. } => Cause::CertNotYetValid,
            C::UnknownIssuer => Cause::CertUnknownIssuer,
            C::NotValidForName | C::NotValidForNameContext { .. } => Cause::CertWrongName,
            C::Revoked => Cause::CertRevoked,
            _ => Cause::CertInvalid,
        },
        E::AlertReceived(alert) => {
            use rustls::AlertDescription as A;
            match alert {
                A::ProtocolVersion | A::InsufficientSecurity => Cause::TlsIncompatible,
                a => Cause::TlsAlert(format!("{a:?}")),
            }
        }
        E::PeerIncompatible(_) => Cause::TlsIncompatible,
        E::InvalidMessage(_) | E::InappropriateMessage { .. } | E::PeerSentOversizedRecord => {
            Cause::NotTls
        }
        E::NoCertificatesPresented => Cause::CertInvalid,
        _ => Cause::Unknown,
    }
}

/// The two methods probe sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// One request to send.
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    pub method: Method,
    /// `Host` header value (`host` or `host:port`).
    pub host: &'a str,
    /// Origin-form target: path and query.
    pub path: &'a str,
    /// A JSON body (POST).
    pub json: Option<&'a [u8]>,
}

/// One answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    /// The `Server` header.
    pub server: Option<String>,
    pub content_type: Option<String>,
    /// The `Location` header (redirects).
    pub location: Option<String>,
    /// The server is willing to take another request on this connection.
    pub keep_alive: bool,
    pub body: Vec<u8>,
    /// The body passed the cap; the rest was not read.
    pub truncated: bool,
    /// From sending the request to the response head.
    pub ttfb: Duration,
    /// From sending the request to the end of the body.
    pub total: Duration,
}

/// An HTTP/1.1 connection ready for requests.
pub struct Http1 {
    sender: SendRequest<Full<Bytes>>,
    driver: JoinHandle<()>,
    /// The first bytes the server sent, to name a non-HTTP peer.
    first_bytes: Arc<Mutex<Vec<u8>>>,
}

/// How many of the server's first bytes are kept.
const FIRST_BYTES: usize = 24;

/// A stream that keeps a copy of the first bytes read from it.
struct Recording {
    inner: Box<dyn Io>,
    seen: Arc<Mutex<Vec<u8>>>,
}

impl AsyncRead for Recording {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = polled {
            let new = &buf.filled()[before..];
            if let Ok(mut seen) = self.seen.lock() {
                let room = FIRST_BYTES.saturating_sub(seen.len());
                seen.extend_from_slice(&new[..room.min(new.len())]);
            }
        }
        polled
    }
}

impl AsyncWrite for Recording {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Pure: when a request failed, do the server's first bytes show it does
/// not speak HTTP? Returns the failure naming what it sent.
pub fn not_http_from_first_bytes(first: &[u8]) -> Option<NetError> {
    if first.is_empty() || first.starts_with(b"HTTP/") || b"HTTP/".starts_with(first) {
        return None;
    }
    let shown: String = first
        .iter()
        .take_while(|b| **b != b'\r' && **b != b'\n')
        .map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                (b as char).to_string()
            } else {
                format!("\\x{b:02x}")
            }
        })
        .collect();
    Some(NetError::new(
        NetErrorKind::NotHttp,
        Cause::NotHttp(Some(shown.clone())),
        format!("the server sent '{shown}' instead of an HTTP answer"),
    ))
}

impl Drop for Http1 {
    fn drop(&mut self) {
        self.driver.abort();
    }
}

/// Cap on a response head (status line + headers).
const MAX_HEAD: usize = 64 * 1024;

/// Starts HTTP/1.1 on a connected stream (no network wait).
pub async fn handshake(stream: Stream) -> Result<Http1, NetError> {
    let first_bytes = Arc::new(Mutex::new(Vec::new()));
    let io = Recording {
        inner: stream.0,
        seen: first_bytes.clone(),
    };
    let (sender, conn) = http1::Builder::new()
        .max_buf_size(MAX_HEAD)
        .handshake(TokioIo::new(io))
        .await
        .map_err(|e| from_hyper(&e))?;
    let driver = tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(Http1 {
        sender,
        driver,
        first_bytes,
    })
}

impl Http1 {
    /// The connection can still take a request.
    pub fn is_open(&self) -> bool {
        !self.sender.is_closed() && !self.driver.is_finished()
    }

    /// Sends one request and reads at most `body_cap` bytes of the answer.
    pub async fn send(
        &mut self,
        out: &Outgoing<'_>,
        body_cap: usize,
        deadline: Instant,
    ) -> Result<Answer, NetError> {
        self.send_accepting(out, "application/json, */*;q=0.5", body_cap, deadline)
            .await
    }

    /// [`Http1::send`] with another `Accept` header.
    pub async fn send_accepting(
        &mut self,
        out: &Outgoing<'_>,
        accept: &str,
        body_cap: usize,
        deadline: Instant,
    ) -> Result<Answer, NetError> {
        let start = Instant::now();
        let method = match out.method {
            Method::Get => hyper::Method::GET,
            Method::Post => hyper::Method::POST,
        };
        let mut builder = hyper::Request::builder()
            .method(method)
            .uri(out.path)
            .header(HOST, out.host)
            .header(USER_AGENT, concat!("netcheck/", env!("CARGO_PKG_VERSION")))
            .header(ACCEPT, accept);
        let body = match out.json {
            Some(json) => {
                builder = builder.header(CONTENT_TYPE, "application/json");
                Full::new(Bytes::copy_from_slice(json))
            }
            None => Full::new(Bytes::new()),
        };
        let request = builder
            .body(body)
            .map_err(|e| NetError::new(NetErrorKind::Other, Cause::Unknown, e.to_string()))?;
        self.exchange(request, start, body_cap, deadline).await
    }

    /// POSTs a SOAP request (a `text/xml` body and its `SOAPAction` header)
    /// and reads at most `body_cap` bytes of the answer, whatever its status
    /// (a UPnP fault comes with 500).
    pub async fn send_soap(
        &mut self,
        host: &str,
        path: &str,
        soap_action: &str,
        body: &str,
        body_cap: usize,
        deadline: Instant,
    ) -> Result<Answer, NetError> {
        let start = Instant::now();
        let request = hyper::Request::builder()
            .method(hyper::Method::POST)
            .uri(path)
            .header(HOST, host)
            .header(USER_AGENT, concat!("netcheck/", env!("CARGO_PKG_VERSION")))
            .header(CONTENT_TYPE, "text/xml; charset=\"utf-8\"")
            .header("SOAPAction", soap_action)
            .body(Full::new(Bytes::copy_from_slice(body.as_bytes())))
            .map_err(|e| NetError::new(NetErrorKind::Other, Cause::Unknown, e.to_string()))?;
        self.exchange(request, start, body_cap, deadline).await
    }

    /// Sends a built request and reads its answer (body capped), before `deadline`.
    async fn exchange(
        &mut self,
        request: hyper::Request<Full<Bytes>>,
        start: Instant,
        body_cap: usize,
        deadline: Instant,
    ) -> Result<Answer, NetError> {
        let work = async {
            self.sender.ready().await.map_err(|e| from_hyper(&e))?;
            let response = self
                .sender
                .send_request(request)
                .await
                .map_err(|e| from_hyper(&e))?;
            let ttfb = start.elapsed();
            let header = |name| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v: &hyper::header::HeaderValue| v.to_str().ok())
                    .map(str::to_owned)
            };
            let server = header(SERVER);
            let content_type = header(CONTENT_TYPE);
            let location = header(LOCATION);
            let connection = header(CONNECTION).unwrap_or_default().to_ascii_lowercase();
            let keep_alive = if response.version() == hyper::Version::HTTP_11 {
                !connection.contains("close")
            } else {
                connection.contains("keep-alive")
            };
            let status = response.status().as_u16();
            let mut incoming = response.into_body();
            let mut body = Vec::new();
            let mut truncated = false;
            while let Some(frame) = incoming.frame().await {
                let frame = frame.map_err(|e| from_hyper(&e))?;
                if let Ok(data) = frame.into_data() {
                    let room = body_cap - body.len();
                    if data.len() > room {
                        body.extend_from_slice(&data[..room]);
                        truncated = true;
                        break;
                    }
                    body.extend_from_slice(&data);
                }
            }
            Ok(Answer {
                status,
                server,
                content_type,
                location,
                keep_alive: keep_alive && !truncated,
                body,
                truncated,
                ttfb,
                total: start.elapsed(),
            })
        };
        let result = tokio::time::timeout_at(deadline, work)
            .await
            .unwrap_or_else(|_| Err(NetError::timeout()));
        // A server that speaks first, or answers in another protocol, is
        // named by what it sent rather than by how hyper gave up.
        result.map_err(|e| {
            let first = self
                .first_bytes
                .lock()
                .map(|b| b.clone())
                .unwrap_or_default();
            match not_http_from_first_bytes(&first) {
                Some(not_http) if e.kind != NetErrorKind::Timeout => not_http,
                _ => e,
            }
        })
    }
}

fn from_hyper(e: &hyper::Error) -> NetError {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(inner) = cur {
        if let Some(io) = inner.downcast_ref::<std::io::Error>() {
            return from_io(io);
        }
        cur = inner.source();
    }
    if e.is_parse() || e.is_parse_status() || e.is_parse_too_large() {
        NetError::new(NetErrorKind::NotHttp, Cause::NotHttp(None), e.to_string())
    } else if e.is_incomplete_message() || e.is_canceled() || e.is_closed() {
        NetError::new(
            NetErrorKind::Closed,
            Cause::Closed,
            "the server closed the connection without a complete answer",
        )
    } else if e.is_timeout() {
        NetError::timeout()
    } else {
        NetError::new(NetErrorKind::Other, Cause::Unknown, e.to_string())
    }
}

/// Maps the OS's error to the step's failure kind.
pub fn from_io(e: &std::io::Error) -> NetError {
    use std::io::ErrorKind as K;
    let kind = match e.kind() {
        K::ConnectionRefused => NetErrorKind::Refused,
        K::TimedOut => NetErrorKind::Timeout,
        K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe => NetErrorKind::Reset,
        K::HostUnreachable | K::NetworkUnreachable | K::AddrNotAvailable => NetErrorKind::NoRoute,
        K::UnexpectedEof => NetErrorKind::Closed,
        // EHOSTUNREACH / ENETUNREACH on Linux, BSD/macOS, Windows.
        _ if matches!(e.raw_os_error(), Some(113 | 101 | 65 | 51 | 10065 | 10051)) => {
            NetErrorKind::NoRoute
        }
        _ => NetErrorKind::Other,
    };
    NetError::new(kind, crate::sys::io_cause(e), crate::sys::io_words(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_bytes_name_other_protocols() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (b"", None),
            (b"HTTP/1.1 200 OK\r\n", None),
            (b"HTT", None),
            (
                b"SSH-2.0-OpenSSH_9.2\r\n",
                Some("the server sent 'SSH-2.0-OpenSSH_9.2' instead of an HTTP answer"),
            ),
            (
                b"\x16\x03\x01\x00",
                Some("the server sent '\\x16\\x03\\x01\\x00' instead of an HTTP answer"),
            ),
            (
                b"220 smtp ready",
                Some("the server sent '220 smtp ready' instead of an HTTP answer"),
            ),
        ];
        for (bytes, want) in cases {
            let got = not_http_from_first_bytes(bytes);
            assert_eq!(got.as_ref().map(|e| e.detail.as_str()), *want, "{bytes:?}");
            if let Some(e) = got {
                assert_eq!(e.kind, NetErrorKind::NotHttp);
            }
        }
    }
}
