//! A small, bounded HTTP/1.1 server on hyper. It knows nothing about what
//! the answers say: a [`Handler`] turns each plain [`Request`] into a plain
//! [`Response`]. What this layer guarantees, for a server facing the internet:
//!
//! - the request head (line + headers) is capped ([`Limits::max_head_bytes`],
//!   [`Limits::max_headers`]); hyper answers 431 past it;
//! - a body is read only for the methods the handler asks for, and only up to
//!   [`Limits::max_body_bytes`] (a larger `Content-Length` is refused unread);
//! - a client must send its request head within [`Limits::request_timeout`]
//!   (this is also the keep-alive idle limit) and its body within the same
//!   time again: slowloris clients are disconnected;
//! - at most [`Limits::max_connections`] connections at once: further ones
//!   wait in the kernel's accept queue until a slot frees;
//! - no files are served, nothing is proxied.

use crate::net::cause::Failure;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request as HyperRequest, Response as HyperResponse, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use socket2::{Domain, Protocol, Socket, Type};
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::sync::{Semaphore, watch};

/// How long open connections get to finish after a stop signal.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);
/// Pause after a failed `accept` (e.g. out of file descriptors) before trying again.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);
/// hyper's cap on request headers when none is set. Setting any cap, even
/// this one, makes hyper fill a header array of that size for every request
/// (callgrind: about 600 instructions); this one is left to hyper.
pub const HYPER_MAX_HEADERS: usize = 100;
/// Kernel accept queue length.
const BACKLOG: i32 = 1024;

/// The caps that keep one server bounded.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_connections: usize,
    pub request_timeout: Duration,
    pub max_head_bytes: usize,
    pub max_headers: usize,
    pub max_body_bytes: usize,
}

/// The request body, as far as it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Not read: the handler did not ask for bodies of this method.
    NotRead,
    Read(Vec<u8>),
    /// Over the cap (declared or actual); not read further.
    TooLarge {
        limit: usize,
    },
    /// The client did not send it within the request timeout.
    TimedOut,
    /// The client broke off or sent bad framing.
    Failed(String),
}

/// One request, as plain data, borrowed from hyper's parsed head (nothing
/// is copied per request; a handler that keeps something copies it).
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub method: &'a str,
    /// The path as sent (still percent-encoded).
    pub path: &'a str,
    /// The raw query string, without `?`.
    pub query: Option<&'a str>,
    pub peer: SocketAddr,
    pub content_type: Option<&'a str>,
    /// The `X-Forwarded-For` header, as sent (only meaningful from a trusted proxy).
    pub forwarded_for: Option<&'a str>,
    pub body: Body,
}

/// One response, as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Headers,
    pub body: Vec<u8>,
}

/// A response's headers, kept the way hyper sends them. The headers every
/// answer of a kind carries are made once ([`Headers::fixed`], held in a
/// `static` by the handler) and cloned per answer: a copy of a prepared map
/// instead of checking, hashing and inserting each header per request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers(hyper::HeaderMap);

impl Headers {
    /// Headers from static names and values. Names are lower-case ASCII and
    /// values valid header text (the handlers' tests check every one); one
    /// that is not is left out, never sent broken.
    pub fn fixed(list: &[(&'static str, &'static str)]) -> Headers {
        let mut h = Headers::default();
        for &(name, value) in list {
            h.push(name, value);
        }
        h
    }

    /// Adds one header (after any of the same name). Left out if the name or
    /// value is not valid header text.
    pub fn push(&mut self, name: &'static str, value: impl AsRef<str>) {
        let value = HeaderValue::from_str(value.as_ref());
        if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name.as_bytes()), value) {
            self.0.append(n, v);
        }
    }

    /// The first value of `name` (lower-case), when it is text.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(|v| v.to_str().ok())
    }

    /// Every header as (name, value), in order; values that are not text are skipped.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .filter_map(|(n, v)| v.to_str().ok().map(|v| (n.as_str(), v)))
    }
}

/// One finished exchange, for the request log.
#[derive(Debug, Clone)]
pub struct LogEntry<'a> {
    pub peer: SocketAddr,
    pub method: &'a str,
    pub path: &'a str,
    pub status: u16,
    pub elapsed: Duration,
}

/// Things the operator should hear about that are not requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Every connection slot is taken; new clients wait.
    AtCapacity { limit: usize },
    /// `accept` failed (out of file descriptors …).
    AcceptFailed(Failure),
}

/// An answer that needs to wait (network I/O) before it is known.
pub type Pending = Pin<Box<dyn Future<Output = Response> + Send>>;

/// An answer now, or later.
pub enum Reply {
    Now(Response),
    Later(Pending),
}

/// What the server does with requests. Called on the runtime's threads:
/// keep it quick and non-blocking.
pub trait Handler: Send + Sync + 'static {
    /// Read the body of requests with this method?
    fn wants_body(&self, method: &str) -> bool;
    fn handle(&self, request: &Request<'_>) -> Response;
    /// Like [`Handler::handle`], for answers that must wait; the default
    /// answers at once with `handle`.
    fn reply(&self, request: &Request<'_>) -> Reply {
        Reply::Now(self.handle(request))
    }
    fn logged(&self, entry: &LogEntry<'_>);
    fn notice(&self, notice: Notice);
}

/// Why a listening socket could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindError {
    /// Another program already listens on this address and port.
    InUse(SocketAddr),
    /// The OS refused (ports below 1024 need privileges on most systems).
    Permission(SocketAddr),
    /// The address does not belong to this machine.
    NotLocal(SocketAddr),
    /// This address family is not available here (IPv6 disabled …).
    Unsupported(SocketAddr),
    Other(SocketAddr, Failure),
}

/// Opens one listening socket. `v6_only` makes an IPv6 socket refuse IPv4
/// clients, so `0.0.0.0` and `[::]` can be bound side by side on every OS;
/// without it `[::]` takes both where the OS allows dual-stack sockets.
pub fn bind(addr: SocketAddr, v6_only: bool) -> Result<std::net::TcpListener, BindError> {
    let fail = |e: std::io::Error| {
        use std::io::ErrorKind as K;
        match e.kind() {
            K::AddrInUse => BindError::InUse(addr),
            K::PermissionDenied => BindError::Permission(addr),
            K::AddrNotAvailable => BindError::NotLocal(addr),
            K::Unsupported => BindError::Unsupported(addr),
            _ if is_no_family(&e) => BindError::Unsupported(addr),
            _ => BindError::Other(addr, crate::sys::io_failure(&e)),
        }
    };
    let socket =
        Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP)).map_err(fail)?;
    if addr.is_ipv6() {
        socket.set_only_v6(v6_only).map_err(fail)?;
    }
    // Unix: restart at once after a stop (TIME_WAIT). Not on Windows, where
    // SO_REUSEADDR would let two servers share the port.
    #[cfg(not(windows))]
    socket.set_reuse_address(true).map_err(fail)?;
    socket.set_nonblocking(true).map_err(fail)?;
    socket.bind(&addr.into()).map_err(fail)?;
    socket.listen(BACKLOG).map_err(fail)?;
    Ok(socket.into())
}

/// Opens one UDP socket (same rules as [`bind`]).
pub fn bind_udp(addr: SocketAddr, v6_only: bool) -> Result<std::net::UdpSocket, BindError> {
    let fail = |e: std::io::Error| {
        use std::io::ErrorKind as K;
        match e.kind() {
            K::AddrInUse => BindError::InUse(addr),
            K::PermissionDenied => BindError::Permission(addr),
            K::AddrNotAvailable => BindError::NotLocal(addr),
            K::Unsupported => BindError::Unsupported(addr),
            _ if is_no_family(&e) => BindError::Unsupported(addr),
            _ => BindError::Other(addr, crate::sys::io_failure(&e)),
        }
    };
    let socket =
        Socket::new(Domain::for_address(addr), Type::DGRAM, Some(Protocol::UDP)).map_err(fail)?;
    if addr.is_ipv6() {
        socket.set_only_v6(v6_only).map_err(fail)?;
    }
    socket.set_nonblocking(true).map_err(fail)?;
    socket.bind(&addr.into()).map_err(fail)?;
    Ok(socket.into())
}

/// Completes once the stop flag is set (at once if it already is).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

fn is_no_family(e: &std::io::Error) -> bool {
    // EAFNOSUPPORT (Linux 97, BSD/macOS 47), WSAEAFNOSUPPORT 10047.
    matches!(e.raw_os_error(), Some(97 | 47 | 10047))
}

/// Serves on every listener until `stop` completes, then lets open
/// connections finish for up to [`SHUTDOWN_GRACE`].
pub async fn serve<H: Handler>(
    listeners: Vec<std::net::TcpListener>,
    limits: Limits,
    handler: Arc<H>,
    stop: impl Future<Output = ()>,
) {
    serve_with(listeners, limits, handler, stop, None).await
}

/// As [`serve`]; with `tls`, every connection is HTTPS (the handshake must
/// finish within [`Limits::request_timeout`]).
pub async fn serve_with<H: Handler>(
    listeners: Vec<std::net::TcpListener>,
    limits: Limits,
    handler: Arc<H>,
    stop: impl Future<Output = ()>,
    tls: Option<super::tls::ServerTls>,
) {
    let tls = tls.map(|t| tokio_rustls::TlsAcceptor::from(t.0));
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let (stop_tx, stop_rx) = watch::channel(false);
    let full = Arc::new(AtomicBool::new(false));
    let mut loops = Vec::new();
    for l in listeners {
        match tokio::net::TcpListener::from_std(l) {
            Ok(listener) => loops.push(tokio::spawn(accept_loop(
                listener,
                tls.clone(),
                slots.clone(),
                limits,
                handler.clone(),
                stop_rx.clone(),
                full.clone(),
            ))),
            Err(e) => handler.notice(Notice::AcceptFailed(crate::sys::io_failure(&e))),
        }
    }
    stop.await;
    let _ = stop_tx.send(true);
    for l in loops {
        let _ = l.await;
    }
    // Every connection gives its slot back when it ends.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(
        SHUTDOWN_GRACE + Duration::from_millis(200),
        slots.acquire_many(all),
    )
    .await;
}

async fn accept_loop<H: Handler>(
    listener: tokio::net::TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
    slots: Arc<Semaphore>,
    limits: Limits,
    handler: Arc<H>,
    mut stop: watch::Receiver<bool>,
    full: Arc<AtomicBool>,
) {
    loop {
        if slots.available_permits() == 0 && !full.swap(true, Ordering::Relaxed) {
            handler.notice(Notice::AtCapacity {
                limit: limits.max_connections,
            });
        }
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => return,
            },
            _ = stopped(&mut stop) => return,
        };
        if slots.available_permits() > 0 {
            full.store(false, Ordering::Relaxed);
        }
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stopped(&mut stop) => return,
        };
        match accepted {
            Ok((stream, peer)) => {
                let _ = stream.set_nodelay(true);
                let handler = handler.clone();
                let stop = stop.clone();
                let tls = tls.clone();
                tokio::spawn(async move {
                    match tls {
                        None => connection(stream, peer, limits, handler, stop).await,
                        Some(acceptor) => {
                            // A client that does not finish its handshake in time is dropped.
                            let shake = tokio::time::timeout(
                                limits.request_timeout,
                                acceptor.accept(stream),
                            );
                            if let Ok(Ok(tls)) = shake.await {
                                connection(tls, peer, limits, handler, stop).await;
                            }
                        }
                    }
                    drop(permit);
                });
            }
            Err(e) => {
                drop(permit);
                handler.notice(Notice::AcceptFailed(crate::sys::io_failure(&e)));
                tokio::time::sleep(ACCEPT_BACKOFF).await;
            }
        }
    }
}

async fn connection<H: Handler, S>(
    stream: S,
    peer: SocketAddr,
    limits: Limits,
    handler: Arc<H>,
    mut stop: watch::Receiver<bool>,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let service = service_fn(move |req| answer(req, peer, limits, &handler));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.request_timeout)
        .max_buf_size(limits.max_head_bytes)
        .keep_alive(true);
    if limits.max_headers != HYPER_MAX_HEADERS {
        builder.max_headers(limits.max_headers);
    }
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = stopped(&mut stop) => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(SHUTDOWN_GRACE, conn.as_mut()).await;
        }
    }
}

type HyperAnswer = HyperResponse<Full<Bytes>>;

/// The service's answer to one request: made at once when there is no body
/// to read and the handler answers now (the common case: no allocation, no
/// task state), else a future that reads the body or waits for the handler.
enum Answer {
    Ready(Option<HyperAnswer>),
    Waiting(Pin<Box<dyn Future<Output = HyperAnswer> + Send>>),
}

impl Future for Answer {
    type Output = Result<HyperAnswer, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            Answer::Ready(r) => match r.take() {
                Some(r) => Poll::Ready(Ok(r)),
                // hyper never polls a finished future; answer 500 if it did.
                None => Poll::Ready(Ok(to_hyper(
                    Response {
                        status: 500,
                        headers: Headers::default(),
                        body: Vec::new(),
                    },
                    true,
                ))),
            },
            Answer::Waiting(f) => f.as_mut().poll(cx).map(Ok),
        }
    }
}

/// A header's value as text, when it is text.
fn header(headers: &hyper::HeaderMap, name: HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn answer<H: Handler>(
    req: HyperRequest<Incoming>,
    peer: SocketAddr,
    limits: Limits,
    handler: &Arc<H>,
) -> Answer {
    let start = Instant::now();
    let (parts, incoming) = req.into_parts();
    if handler.wants_body(parts.method.as_str()) {
        let handler = handler.clone();
        return Answer::Waiting(Box::pin(async move {
            with_body(parts, incoming, peer, limits, &*handler, start).await
        }));
    }
    let request = Request {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query(),
        peer,
        content_type: None,
        forwarded_for: header(&parts.headers, HeaderName::from_static("x-forwarded-for")),
        body: Body::NotRead,
    };
    match handler.reply(&request) {
        Reply::Now(r) => {
            let at = (peer, request.method, request.path);
            Answer::Ready(Some(finish(&**handler, at, r, false, start)))
        }
        Reply::Later(pending) => {
            let handler = handler.clone();
            Answer::Waiting(Box::pin(async move {
                let r = pending.await;
                let at = (peer, parts.method.as_str(), parts.uri.path());
                finish(&*handler, at, r, false, start)
            }))
        }
    }
}

/// A request whose body the handler wants: read it (capped, timed), then answer.
async fn with_body<H: Handler>(
    parts: hyper::http::request::Parts,
    incoming: Incoming,
    peer: SocketAddr,
    limits: Limits,
    handler: &H,
    start: Instant,
) -> HyperAnswer {
    let headers = &parts.headers;
    // A body left unread (refused, timed out) means the connection cannot be reused.
    let mut close = false;
    let declared = header(headers, CONTENT_LENGTH).and_then(|v| v.trim().parse::<u64>().ok());
    let limit = limits.max_body_bytes;
    let body = if declared.is_some_and(|n| n > limit as u64) {
        close = true;
        Body::TooLarge { limit }
    } else {
        let read = Limited::new(incoming, limit).collect();
        match tokio::time::timeout(limits.request_timeout, read).await {
            Ok(Ok(collected)) => Body::Read(collected.to_bytes().to_vec()),
            Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
                close = true;
                Body::TooLarge { limit }
            }
            Ok(Err(e)) => {
                close = true;
                Body::Failed(e.to_string())
            }
            Err(_) => {
                close = true;
                Body::TimedOut
            }
        }
    };
    let request = Request {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query(),
        peer,
        content_type: header(headers, CONTENT_TYPE),
        forwarded_for: header(headers, HeaderName::from_static("x-forwarded-for")),
        body,
    };
    let answer = match handler.reply(&request) {
        Reply::Now(r) => r,
        Reply::Later(pending) => pending.await,
    };
    let at = (peer, request.method, request.path);
    finish(handler, at, answer, close, start)
}

/// The answer for hyper, logged.
fn finish<H: Handler>(
    handler: &H,
    (peer, method, path): (SocketAddr, &str, &str),
    answer: Response,
    close: bool,
    start: Instant,
) -> HyperAnswer {
    let status = answer.status;
    let response = to_hyper(answer, close);
    handler.logged(&LogEntry {
        peer,
        method,
        path,
        status,
        elapsed: start.elapsed(),
    });
    response
}

fn to_hyper(r: Response, close: bool) -> HyperResponse<Full<Bytes>> {
    let mut out = HyperResponse::new(Full::new(Bytes::from(r.body)));
    *out.status_mut() = StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    *out.headers_mut() = r.headers.0;
    if close {
        out.headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
    }
    out
}
