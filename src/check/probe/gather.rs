//! The probe check: DNS once, then rounds of TCP (+ TLS) and HTTP/1.1 GET
//! and/or POST to one target, and who listens here when the target is this
//! machine. Everything it learns comes back as data ([`Gathered`]);
//! [`super::report::finish`] turns it into the report.

use super::target::{Host, Scheme, Target};
use super::{Attempt, FailKind};
use crate::check::listener::{self, ListenerReport};
use crate::cli::ProbeMethod;
use crate::net::addr::is_internet_routable;
use crate::net::cause::{Cause, Failure};
use crate::net::echo_wire::{self as wire, EchoCheck};
use crate::sys::web::client::{self, Http1, Method, NetError, NetErrorKind, Outgoing, Stream, Tls};
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;
use tokio::time::Instant;

/// How much of an answer is read (a netcheck echo of a 64 KiB body fits).
const BODY_CAP: usize = 1024 * 1024;

/// What to send.
#[derive(Debug, Clone)]
pub struct Plan {
    pub method: ProbeMethod,
    pub count: u32,
    pub body: Vec<u8>,
    /// The nonce inside `body`, when probe made the body.
    pub nonce: Option<String>,
}

/// One round's attempts.
#[derive(Debug, Clone, Default)]
pub struct Round {
    pub address: Option<SocketAddr>,
    pub tcp: Option<Attempt>,
    pub tls: Option<Attempt>,
    pub get: Option<Attempt>,
    pub post: Option<Attempt>,
    /// `Some(true)` when an answer came from `netcheck serve`.
    pub netcheck: Option<bool>,
    pub echo_verified: bool,
}

/// Everything learned, as data.
#[derive(Debug, Clone)]
pub struct Gathered {
    pub dns: Option<(Attempt, Vec<IpAddr>)>,
    pub rounds: Vec<Round>,
    pub listener: Option<ListenerReport>,
    /// The IP probed (after DNS).
    pub ip: Option<IpAddr>,
    pub behind_nat: Option<bool>,
    pub elapsed: Duration,
}

pub(super) fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

fn fail_kind(k: NetErrorKind) -> FailKind {
    match k {
        NetErrorKind::Refused => FailKind::Refused,
        NetErrorKind::Timeout => FailKind::Timeout,
        NetErrorKind::Reset => FailKind::Reset,
        NetErrorKind::NoRoute => FailKind::NoRoute,
        NetErrorKind::Tls => FailKind::Tls,
        NetErrorKind::NotHttp => FailKind::NotHttp,
        NetErrorKind::Closed => FailKind::Closed,
        NetErrorKind::Other => FailKind::Other,
    }
}

fn from_net(e: &NetError, took: Duration) -> Attempt {
    Attempt::Fail {
        kind: fail_kind(e.kind),
        cause: e.cause.clone(),
        detail: e.detail.clone(),
        status: None,
        ms: Some(ms(took)),
    }
}

/// Runs the probe: DNS once, then `count` rounds, then the local checks.
pub async fn gather(t: &Target, plan: &Plan, deadline: Instant) -> Gathered {
    let start = Instant::now();
    let (addrs, dns) = match &t.host {
        Host::Ip(ip) => (vec![SocketAddr::new(*ip, t.port)], None),
        Host::Name(name) => {
            let lookup = tokio::net::lookup_host((name.as_str(), t.port));
            match tokio::time::timeout_at(deadline, lookup).await {
                Err(_) => (
                    Vec::new(),
                    Some((
                        Attempt::failed(
                            FailKind::Timeout,
                            Failure::new(Cause::TimedOut, "no DNS answer before the deadline"),
                        ),
                        Vec::new(),
                    )),
                ),
                Ok(Err(e)) => (
                    Vec::new(),
                    Some((
                        Attempt::failed(FailKind::Dns, crate::sys::io_failure(&e)),
                        Vec::new(),
                    )),
                ),
                Ok(Ok(found)) => {
                    let mut addrs: Vec<SocketAddr> = Vec::new();
                    for a in found {
                        let a = SocketAddr::new(a.ip().to_canonical(), a.port());
                        if !addrs.contains(&a) {
                            addrs.push(a);
                        }
                    }
                    let ips: Vec<IpAddr> = addrs.iter().map(SocketAddr::ip).collect();
                    let attempt = if addrs.is_empty() {
                        Attempt::failed(
                            FailKind::Dns,
                            Failure::new(Cause::NameNotFound, "the name has no address"),
                        )
                    } else {
                        Attempt::Ok {
                            ms: ms(start.elapsed()),
                            status: None,
                            ttfb_ms: None,
                        }
                    };
                    (addrs, Some((attempt, ips)))
                }
            }
        }
    };
    // Who listens here, when the target is this machine: a local read, run
    // alongside the network steps.
    let listener_task = addrs
        .first()
        .map(SocketAddr::ip)
        .filter(|ip| crate::sys::listeners::is_local_address(*ip))
        .map(|ip| tokio::spawn(listener::check(ip, t.port, deadline)));
    let tls = match t.scheme {
        Scheme::Https => Some(Tls::new()),
        Scheme::Http => None,
    };
    let mut rounds = Vec::new();
    if !addrs.is_empty() {
        for i in 0..plan.count {
            if i > 0 && Instant::now() >= deadline {
                break;
            }
            rounds.push(round(t, &addrs, plan, tls.as_ref(), deadline).await);
        }
    }
    let ip = rounds
        .iter()
        .find_map(|r| r.address)
        .or(addrs.first().copied())
        .map(|a| a.ip());
    let listener = match listener_task {
        Some(task) => task.await.ok(),
        None => None,
    };
    let behind_nat = ip
        .filter(|ip| is_internet_routable(*ip))
        .and_then(crate::sys::listeners::outgoing_address)
        .map(|local| !is_internet_routable(local));
    Gathered {
        dns,
        rounds,
        listener,
        ip,
        behind_nat,
        elapsed: start.elapsed(),
    }
}

/// Opens TCP (+ TLS) and HTTP/1.1 to `addr`, recording the TLS step when
/// `tls_step` is given.
async fn open(
    t: &Target,
    tcp: tokio::net::TcpStream,
    tls: Option<&Result<Tls, String>>,
    deadline: Instant,
    tls_step: Option<&mut Option<Attempt>>,
) -> Result<Http1, NetError> {
    let stream = match tls {
        None => Stream::plain(tcp),
        Some(config) => {
            let started = Instant::now();
            let result = match config {
                Ok(config) => client::tls_handshake(tcp, config, &t.tls_name(), deadline).await,
                Err(e) => Err(NetError {
                    kind: NetErrorKind::Tls,
                    cause: Cause::TlsSetup,
                    detail: format!("cannot set up TLS: {e}"),
                }),
            };
            if let Some(step) = tls_step {
                *step = Some(match &result {
                    Ok(_) => Attempt::Ok {
                        ms: ms(started.elapsed()),
                        status: None,
                        ttfb_ms: None,
                    },
                    Err(e) => from_net(e, started.elapsed()),
                });
            }
            result?
        }
    };
    client::handshake(stream).await
}

async fn round(
    t: &Target,
    addrs: &[SocketAddr],
    plan: &Plan,
    tls: Option<&Result<Tls, String>>,
    deadline: Instant,
) -> Round {
    let mut r = Round::default();
    let skip_rest = |r: &mut Round| {
        if plan.method.get() && r.get.is_none() {
            r.get = Some(Attempt::skipped());
        }
        if plan.method.post() && r.post.is_none() {
            r.post = Some(Attempt::skipped());
        }
    };
    // TCP: each address in turn until one connects.
    let started = Instant::now();
    let mut connected = None;
    let mut last_err = None;
    for addr in addrs {
        r.address = Some(*addr);
        match client::connect(*addr, deadline).await {
            Ok(s) => {
                connected = Some(s);
                break;
            }
            Err(e) => last_err = Some(e),
        }
    }
    let Some(tcp) = connected else {
        let e = last_err.unwrap_or(NetError {
            kind: NetErrorKind::Other,
            cause: Cause::NameNotFound,
            detail: "no address to connect to".into(),
        });
        r.tcp = Some(from_net(&e, started.elapsed()));
        if tls.is_some() {
            r.tls = Some(Attempt::skipped());
        }
        skip_rest(&mut r);
        return r;
    };
    r.tcp = Some(Attempt::Ok {
        ms: ms(started.elapsed()),
        status: None,
        ttfb_ms: None,
    });
    let addr = r.address.unwrap_or(addrs[0]);
    let mut conn = match open(t, tcp, tls, deadline, Some(&mut r.tls)).await {
        Ok(c) => Some(c),
        Err(e) => {
            if r.tls.as_ref().is_none_or(Attempt::is_ok) {
                // The HTTP handshake itself failed (rare): blame the first request.
                let a = from_net(&e, Duration::ZERO);
                if plan.method.get() {
                    r.get = Some(a);
                } else {
                    r.post = Some(a);
                }
            }
            skip_rest(&mut r);
            return r;
        }
    };
    let host = t.host_header();

    if plan.method.get() {
        let out = Outgoing {
            method: Method::Get,
            host: &host,
            path: &t.path,
            json: None,
        };
        let started = Instant::now();
        let c = conn.as_mut().expect("connection opened above");
        match c.send(&out, BODY_CAP, deadline).await {
            Ok(answer) => {
                r.netcheck = Some(wire::is_netcheck_answer(&answer.body));
                r.get = Some(http_attempt(&answer));
                if !(answer.keep_alive && c.is_open()) {
                    conn = None;
                }
            }
            Err(e) => {
                r.get = Some(from_net(&e, started.elapsed()));
                conn = None;
            }
        }
    }

    if plan.method.post() {
        let out = Outgoing {
            method: Method::Post,
            host: &host,
            path: &t.path,
            json: Some(&plan.body),
        };
        let started = Instant::now();
        let mut reused = conn.is_some();
        let result = loop {
            let c = match conn.take() {
                Some(c) => c,
                None => {
                    reused = false;
                    match client::connect(addr, deadline).await {
                        Ok(tcp) => match open(t, tcp, tls, deadline, None).await {
                            Ok(c) => c,
                            Err(e) => break Err(e),
                        },
                        Err(e) => break Err(e),
                    }
                }
            };
            let mut c = c;
            match c.send(&out, BODY_CAP, deadline).await {
                // The server closed the kept-alive connection first: once more on a new one.
                Err(e) if reused && e.kind == NetErrorKind::Closed => continue,
                other => break other,
            }
        };
        r.post = Some(match result {
            Ok(answer) => {
                let netcheck = wire::is_netcheck_answer(&answer.body);
                r.netcheck = Some(netcheck || r.netcheck == Some(true));
                let mut a = http_attempt(&answer);
                if a.is_ok() {
                    match wire::check_echo(&plan.body, plan.nonce.as_deref(), &answer.body) {
                        EchoCheck::Verified => r.echo_verified = true,
                        EchoCheck::NotNetcheck => {}
                        EchoCheck::Mismatch(why) => {
                            a = Attempt::Fail {
                                kind: FailKind::EchoMismatch,
                                cause: why.cause,
                                detail: why.detail,
                                status: Some(answer.status),
                                ms: Some(ms(answer.total)),
                            }
                        }
                    }
                }
                a
            }
            Err(e) => from_net(&e, started.elapsed()),
        });
    }
    r
}

fn http_attempt(a: &client::Answer) -> Attempt {
    if a.status >= 400 {
        Attempt::Fail {
            kind: FailKind::HttpStatus,
            cause: Cause::Unknown,
            detail: format!("HTTP {}", a.status),
            status: Some(a.status),
            ms: Some(ms(a.total)),
        }
    } else {
        Attempt::Ok {
            ms: ms(a.total),
            status: Some(a.status),
            ttfb_ms: Some(ms(a.ttfb)),
        }
    }
}
