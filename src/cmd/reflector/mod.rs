//! `netcheck reflector`: the outside half of the reachability check, for a
//! machine with a public address. It answers the caller's own address
//! (`GET /v1/ip`, also usable as a `public-ip` source) and check requests
//! (`POST /v1/check`): it connects back to the address the request came from
//! — never anywhere else — and reports per port what answered.
//! API and limits: `docs/reflector.md`.
//!
//! Built on the same bounded hyper server as `serve` (head and body caps,
//! slowloris timeout, connection cap), plus a token bucket per source
//! address, a cap on concurrent checks, and short connect timeouts.
//! Request bodies are never logged.

pub mod connect;

use crate::cli::ReflectorArgs;
use crate::cmd::listen::{self, log_line};
use crate::config::Ctx;
use crate::error::AppError;
use crate::exit::Exit;
use crate::i18n::Tr;
use crate::net::reflect::{Admit, Buckets};
use crate::proto::reflector::{
    self as wire, API, AddressResponse, CheckResponse, ErrorResponse, MAX_PORTS, MAX_REQUEST_BYTES,
};
use crate::sys::web::server::{self as web, Body, Handler, Limits, LogEntry, Notice, Reply};
use serde::Serialize;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::Semaphore;

/// Most sources whose token buckets are remembered at once.
const MAX_SOURCES: usize = 65_536;
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The limits, as configured.
#[derive(Debug, Clone, Serialize)]
pub struct Policy {
    pub checks_per_minute: u32,
    pub max_checks: u32,
    pub max_ports: usize,
    pub connect_timeout_ms: u64,
    pub max_connections: usize,
    pub request_timeout_ms: u64,
    pub max_request_bytes: usize,
    /// Proxies whose `X-Forwarded-For` is believed (empty: none).
    pub trust_proxy: Vec<IpAddr>,
}

/// What the reflector prints once it listens.
#[derive(Debug, Clone, Serialize)]
pub struct ReflectorInfo {
    /// Always `"listening"`.
    pub event: &'static str,
    pub version: &'static str,
    pub api: &'static str,
    pub listening: Vec<SocketAddr>,
    /// Served over HTTPS (`--tls-cert`): vantages are `https://…`.
    pub tls: bool,
    pub limits: Policy,
}

/// Pure: who is asking. Behind a trusted proxy it is the last address the
/// proxy appended to `X-Forwarded-For`; from anyone else that header is
/// ignored, so no request can name another address.
pub fn caller(
    peer: SocketAddr,
    forwarded_for: Option<&str>,
    trusted: &[IpAddr],
) -> Result<IpAddr, String> {
    let ip = peer.ip().to_canonical();
    if !trusted.iter().any(|t| t.to_canonical() == ip) {
        return Ok(ip);
    }
    let last = forwarded_for
        .and_then(|h| h.rsplit(',').next())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| "the trusted proxy sent no X-Forwarded-For".to_string())?;
    let bare = last
        .strip_prefix('[')
        .and_then(|r| r.split_once(']').map(|(h, _)| h))
        .unwrap_or(last);
    bare.parse::<IpAddr>()
        .map(|a| a.to_canonical())
        .map_err(|_| {
            "the trusted proxy's X-Forwarded-For does not end in an IP address".to_string()
        })
}

/// The headers of every answer, made once.
static HEADERS: LazyLock<web::Headers> = LazyLock::new(|| {
    web::Headers::fixed(&[
        ("content-type", "application/json"),
        ("cache-control", "no-store"),
        ("x-content-type-options", "nosniff"),
        (
            "server",
            concat!("netcheck-reflector/", env!("CARGO_PKG_VERSION")),
        ),
    ])
});

/// The JSON answer with the usual headers.
fn json(status: u16, doc: &impl Serialize) -> web::Response {
    let mut body = serde_json::to_vec(doc).unwrap_or_else(|_| b"{}".to_vec());
    body.push(b'\n');
    web::Response {
        status,
        headers: HEADERS.clone(),
        body,
    }
}

fn error(status: u16, code: &str, message: impl Into<String>, retry: Option<u64>) -> web::Response {
    let mut r = json(
        status,
        &ErrorResponse {
            api: API.to_string(),
            error: code.to_string(),
            message: message.into(),
            retry_after_s: retry,
        },
    );
    if let Some(s) = retry {
        r.headers.push("retry-after", s.to_string());
    }
    r
}

/// What to do with a request, decided without I/O.
#[derive(Debug)]
pub enum Route {
    Answer(web::Response),
    /// Run this check for this caller.
    Check(IpAddr, wire::Check),
}

/// Shared state of a running reflector.
pub struct State {
    pub policy: Policy,
    pub connect_timeout: Duration,
    buckets: Mutex<Buckets>,
    slots: Arc<Semaphore>,
}

impl State {
    pub fn new(policy: Policy, connect_timeout: Duration) -> State {
        State {
            buckets: Mutex::new(Buckets::new(policy.checks_per_minute, MAX_SOURCES)),
            slots: Arc::new(Semaphore::new(policy.max_checks as usize)),
            policy,
            connect_timeout,
        }
    }

    /// Routes one request (rate limit included; takes a token for checks).
    pub fn route(&self, req: &web::Request<'_>, now: Instant) -> Route {
        let who = match caller(req.peer, req.forwarded_for, &self.policy.trust_proxy) {
            Ok(ip) => ip,
            Err(why) => return Route::Answer(error(400, "bad_proxy_header", why, None)),
        };
        let path = req.path.trim_end_matches('/');
        match (req.method, path) {
            ("GET" | "HEAD", "" | "/v1/ip") => Route::Answer(json(
                200,
                &AddressResponse {
                    api: API.into(),
                    ip: who,
                    port: req.peer.port(),
                },
            )),
            ("GET" | "HEAD", "/v1" | "/v1/info") => Route::Answer(json(
                200,
                &serde_json::json!({
                    "api": API,
                    "server": "netcheck-reflector",
                    "version": VERSION,
                    "transports": ["tcp", "http", "udp"],
                    "limits": {
                        "checks_per_minute": self.policy.checks_per_minute,
                        "max_ports": MAX_PORTS,
                        "max_checks": self.policy.max_checks,
                        "connect_timeout_ms": self.policy.connect_timeout_ms,
                        "max_request_bytes": MAX_REQUEST_BYTES,
                    },
                }),
            )),
            ("POST", "/v1/check") => {
                let body = match &req.body {
                    Body::Read(b) => b,
                    Body::TooLarge { limit } => {
                        return Route::Answer(error(
                            413,
                            "too_large",
                            format!("request over {limit} bytes"),
                            None,
                        ));
                    }
                    Body::TimedOut => {
                        return Route::Answer(error(
                            408,
                            "timeout",
                            "request body not received in time",
                            None,
                        ));
                    }
                    Body::Failed(why) => {
                        return Route::Answer(error(
                            400,
                            "bad_request",
                            format!("bad request body: {why}"),
                            None,
                        ));
                    }
                    Body::NotRead => {
                        return Route::Answer(error(400, "bad_request", "no request body", None));
                    }
                };
                let check = match wire::validate(body) {
                    Ok(c) => c,
                    Err(e) => return Route::Answer(error(e.status(), e.code(), e.message(), None)),
                };
                let admit = self
                    .buckets
                    .lock()
                    .map(|mut b| b.take(who, now))
                    .unwrap_or(Admit::Yes);
                match admit {
                    Admit::Yes => Route::Check(who, check),
                    Admit::No { retry_after } => Route::Answer(error(
                        429,
                        "rate_limited",
                        format!(
                            "at most {} checks a minute from one address",
                            self.policy.checks_per_minute
                        ),
                        Some(retry_after.as_secs().max(1)),
                    )),
                }
            }
            (_, "" | "/v1/ip" | "/v1" | "/v1/info" | "/v1/check") => {
                let mut r = error(
                    405,
                    "method_not_allowed",
                    format!("method {} not allowed", req.method),
                    None,
                );
                let allow = if path == "/v1/check" {
                    "POST"
                } else {
                    "GET, HEAD"
                };
                r.headers.push("allow", allow);
                Route::Answer(r)
            }
            _ => Route::Answer(error(
                404,
                "not_found",
                format!(
                    "no such endpoint; this reflector speaks API {API}: GET /v1/ip, GET /v1/info, POST /v1/check"
                ),
                None,
            )),
        }
    }
}

/// Runs an admitted check (within the concurrent-check cap).
pub async fn run_check(state: Arc<State>, who: IpAddr, check: wire::Check) -> web::Response {
    let Ok(_slot) = state.slots.clone().try_acquire_owned() else {
        return error(
            503,
            "busy",
            format!(
                "{} checks are running; try again shortly",
                state.policy.max_checks
            ),
            Some(1),
        );
    };
    let results = connect::run(who, &check, state.connect_timeout).await;
    json(
        200,
        &CheckResponse {
            api: API.into(),
            seen_from: who,
            transport: check.transport,
            results,
        },
    )
}

struct Reflector {
    state: Arc<State>,
    json: bool,
    tr: Tr,
    log: crate::sys::log::RequestLog,
}

impl Reflector {
    fn send(&self, line: String) {
        self.log.line(&line);
    }
}

impl Handler for Reflector {
    fn wants_body(&self, method: &str) -> bool {
        method == "POST"
    }

    fn handle(&self, request: &web::Request<'_>) -> web::Response {
        match self.state.route(request, Instant::now()) {
            Route::Answer(r) => r,
            Route::Check(..) => error(500, "internal", "check not run", None),
        }
    }

    fn reply(&self, request: &web::Request<'_>) -> Reply {
        match self.state.route(request, Instant::now()) {
            Route::Answer(r) => Reply::Now(r),
            Route::Check(who, check) => {
                Reply::Later(Box::pin(run_check(self.state.clone(), who, check)))
            }
        }
    }

    fn logged(&self, entry: &LogEntry<'_>) {
        self.send(log_line(entry, SystemTime::now(), self.json));
    }

    fn notice(&self, notice: Notice) {
        self.send(listen::notice_line(&notice, self.tr, self.json));
    }
}

/// Pure: the startup information for people.
pub fn render(i: &ReflectorInfo, style: crate::output::Style, tr: Tr) -> String {
    let list = i
        .listening
        .iter()
        .map(SocketAddr::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = format!("{}\n\n", style.bold(&tr.reflector_listening(API, &list)));
    let port = i
        .listening
        .first()
        .map(SocketAddr::port)
        .unwrap_or(crate::cli::REFLECTOR_PORT);
    out.push_str(&format!("{}\n", tr.reflector_use_it()));
    let scheme = if i.tls { "https" } else { "http" };
    out.push_str(&format!(
        "  {}\n",
        style.bold(&format!(
            "netcheck doctor --port 5000 --from {scheme}://<{}>:{port}",
            tr.reflector_this_address()
        ))
    ));
    out.push_str(&format!(
        "\n{}\n",
        style.dim(&tr.reflector_limits(
            i.limits.checks_per_minute,
            i.limits.max_ports,
            i.limits.max_checks,
            i.limits.connect_timeout_ms
        ))
    ));
    if !i.limits.trust_proxy.is_empty() {
        let who = i
            .limits
            .trust_proxy
            .iter()
            .map(IpAddr::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&format!("{}\n", style.dim(&tr.reflector_trusts(&who))));
    }
    out
}

pub fn run(ctx: &Ctx, args: &ReflectorArgs) -> Result<Exit, AppError> {
    let tr = Tr(ctx.lang);
    let limits = Limits {
        max_connections: args.max_connections as usize,
        request_timeout: args.request_timeout,
        max_head_bytes: listen::MAX_HEAD_BYTES,
        max_headers: listen::MAX_HEADERS,
        max_body_bytes: MAX_REQUEST_BYTES,
    };
    let policy = Policy {
        checks_per_minute: args.checks_per_minute,
        max_checks: args.max_checks,
        max_ports: MAX_PORTS,
        connect_timeout_ms: args.connect_timeout.as_millis() as u64,
        max_connections: limits.max_connections,
        request_timeout_ms: limits.request_timeout.as_millis() as u64,
        max_request_bytes: MAX_REQUEST_BYTES,
        trust_proxy: args.trust_proxy.clone(),
    };
    // The certificate is read before anything listens: a bad file is an error at once.
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => {
            Some(crate::sys::web::tls::server_config(cert, key).map_err(crate::cmd::bad_input)?)
        }
        _ => None,
    };
    let (listeners, listening) = listen::open_listeners(args.bind, args.port)?;
    let rt = crate::sys::runtime::runtime()?;
    let (log, log_writer) = crate::sys::log::start(std::io::stderr());
    let handler = Arc::new(Reflector {
        state: Arc::new(State::new(policy.clone(), args.connect_timeout)),
        json: ctx.json,
        tr,
        log,
    });
    let info = ReflectorInfo {
        event: "listening",
        version: VERSION,
        api: API,
        listening,
        tls: tls.is_some(),
        limits: policy,
    };
    let outcome: Result<(), AppError> = rt.block_on(async {
        let stop = crate::sys::signal::Stop::install().map_err(|e| {
            AppError::setup(crate::error::SetupError::SignalHandler(
                crate::sys::io_failure(&e),
            ))
        })?;
        let stopped = async move {
            stop.wait().await;
        };
        let server = tokio::spawn(web::serve_with(
            listeners,
            limits,
            handler.clone(),
            stopped,
            tls,
        ));
        if ctx.json {
            let line = serde_json::to_string(&info).unwrap_or_else(|_| "{}".into());
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
        } else {
            crate::output::emit(ctx, &info, |style| render(&info, style, tr));
        }
        let _ = server.await;
        Ok(())
    });
    drop(rt);
    handler.send(if ctx.json {
        r#"{"event":"stopped"}"#.to_string()
    } else {
        tr.serve_stopped().to_string()
    });
    drop(handler);
    let dropped = log_writer.close();
    if dropped > 0 {
        eprintln!(
            "{}",
            crate::cmd::listen::log_dropped_line(dropped, tr, ctx.json)
        );
    }
    outcome.map(|_| Exit::Ok)
}

#[cfg(test)]
#[allow(clippy::type_complexity)]
mod tests {
    use super::*;

    fn policy(trust: &[&str]) -> Policy {
        Policy {
            checks_per_minute: 10,
            max_checks: 4,
            max_ports: MAX_PORTS,
            connect_timeout_ms: 2000,
            max_connections: 16,
            request_timeout_ms: 5000,
            max_request_bytes: MAX_REQUEST_BYTES,
            trust_proxy: trust.iter().map(|t| t.parse().unwrap()).collect(),
        }
    }

    fn req<'a>(
        method: &'a str,
        path: &'a str,
        peer: &str,
        xff: Option<&'a str>,
        body: Body,
    ) -> web::Request<'a> {
        web::Request {
            method,
            path,
            query: None,
            peer: peer.parse().unwrap(),
            content_type: Some("application/json"),
            forwarded_for: xff,
            body,
        }
    }

    const N: &str = "0123456789abcdef0123456789abcdef";

    fn check_body(extra: &str) -> Body {
        Body::Read(
            format!(r#"{{"api":"v1","transport":"http","ports":[5000],"nonce":"{N}"{extra}}}"#)
                .into_bytes(),
        )
    }

    #[test]
    fn callers() {
        let peer: SocketAddr = "[::ffff:111.222.33.123]:40000".parse().unwrap();
        let proxy: SocketAddr = "127.0.0.1:40000".parse().unwrap();
        let trusted: Vec<IpAddr> = vec!["127.0.0.1".parse().unwrap()];
        // (peer, header, trusted, want)
        let cases: Vec<(SocketAddr, Option<&str>, &[IpAddr], Result<&str, ()>)> = vec![
            (peer, None, &[], Ok("111.222.33.123")),
            // An untrusted peer cannot name another address.
            (peer, Some("111.222.33.99"), &[], Ok("111.222.33.123")),
            (peer, Some("111.222.33.99"), &trusted, Ok("111.222.33.123")),
            (
                proxy,
                Some("10.0.0.1, 111.222.33.99"),
                &trusted,
                Ok("111.222.33.99"),
            ),
            (
                proxy,
                Some("[2111:222::5]:1234"),
                &trusted,
                Ok("2111:222::5"),
            ),
            (proxy, None, &trusted, Err(())),
            (proxy, Some("junk"), &trusted, Err(())),
        ];
        for (p, h, t, want) in cases {
            let got = caller(p, h, t);
            match want {
                Ok(w) => assert_eq!(got.unwrap().to_string(), w, "{p} {h:?}"),
                Err(()) => assert!(got.is_err(), "{p} {h:?}"),
            }
        }
    }

    #[test]
    fn routes_table() {
        let s = State::new(policy(&[]), Duration::from_secs(1));
        let now = Instant::now();
        let peer = "111.222.33.123:40000";
        let status = |r: &Route| match r {
            Route::Answer(a) => a.status,
            Route::Check(..) => 0,
        };
        let cases = [
            (req("GET", "/", peer, None, Body::NotRead), 200),
            (req("GET", "/v1/ip", peer, None, Body::NotRead), 200),
            (req("GET", "/v1/info", peer, None, Body::NotRead), 200),
            (req("GET", "/v2/ip", peer, None, Body::NotRead), 404),
            (req("DELETE", "/v1/ip", peer, None, Body::NotRead), 405),
            (req("GET", "/v1/check", peer, None, Body::NotRead), 405),
            (
                req(
                    "POST",
                    "/v1/check",
                    peer,
                    None,
                    Body::TooLarge { limit: 2048 },
                ),
                413,
            ),
            (
                req(
                    "POST",
                    "/v1/check",
                    peer,
                    None,
                    check_body(r#","host":"111.222.33.99""#),
                ),
                400,
            ),
            (
                req(
                    "POST",
                    "/v1/check",
                    peer,
                    None,
                    Body::Read(br#"{"api":"v7"}"#.to_vec()),
                ),
                409,
            ),
            (req("POST", "/v1/check", peer, None, check_body("")), 0),
        ];
        for (r, want) in cases {
            assert_eq!(status(&s.route(&r, now)), want, "{} {}", r.method, r.path);
        }
        let Route::Answer(a) = s.route(
            &req("GET", "/v1/ip", peer, Some("1.1.1.1"), Body::NotRead),
            now,
        ) else {
            panic!()
        };
        let v: serde_json::Value = serde_json::from_slice(&a.body).unwrap();
        assert_eq!(v["ip"], "111.222.33.123");
        assert_eq!(
            crate::proto::echo::parse_body(&a.body).unwrap().to_string(),
            "111.222.33.123"
        );
    }

    #[test]
    fn the_eleventh_check_in_a_minute_is_refused() {
        let s = State::new(policy(&[]), Duration::from_secs(1));
        let now = Instant::now();
        let r = req(
            "POST",
            "/v1/check",
            "111.222.33.123:40000",
            None,
            check_body(""),
        );
        // The first one was taken by nobody: ten pass.
        for n in 0..10 {
            assert!(matches!(s.route(&r, now), Route::Check(..)), "check {n}");
        }
        let Route::Answer(a) = s.route(&r, now) else {
            panic!("11th admitted")
        };
        assert_eq!(a.status, 429);
        assert_eq!(a.headers.get("retry-after"), Some("6"), "{:?}", a.headers);
        // Bad requests do not spend tokens, and addresses do not either.
        let other = req("GET", "/v1/ip", "111.222.33.123:40000", None, Body::NotRead);
        assert!(matches!(s.route(&other, now), Route::Answer(ref a) if a.status == 200));
    }
}
