//! The outside check: ask vantages outside this network to connect back to
//! it, concurrently, and agree on what they saw. Two kinds of vantage:
//! a netcheck reflector (`http://host:port`, `https://…`; API v1 in
//! `docs/reflector.md`) and an echoip-compatible port checker
//! (`echoip:URL`, `GET /port/N` → `{"ip","port","reachable"}`, TCP only —
//! the API of ifconfig.co). Facts only, no text; the HTTP client is the
//! probe's (`sys::web::client`: no proxy, no redirects, capped bodies).

use crate::net::cause::Cause;
use crate::net::reflect::{Agreed, Said, Vote, agree};
use crate::net::vantages::{Kind, Vantage};
use crate::proto::reflector::{
    self, API, CheckRequest, MAX_RESPONSE_BYTES, Proof, Transport, parse_check_response,
    parse_error_response,
};
use crate::sys::web::client::{
    self, Answer, Method, NetError, NetErrorKind, Outgoing, Stream, Tls,
};
use serde::Serialize;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;
use tokio::time::Instant;

/// What to ask.
#[derive(Debug, Clone)]
pub struct Ask {
    pub transport: Transport,
    pub port: u16,
    pub path: String,
    /// The fingerprint this machine's server gives locally (HTTP).
    pub fingerprint: Option<String>,
    pub nonce: String,
    /// Send the request from this local address (the one to test), when it
    /// is one of this host's: a vantage tests the address it sees.
    pub source: Option<IpAddr>,
}

/// One vantage's answer, as reported.
#[derive(Debug, Clone, Serialize)]
pub struct VantageOut {
    pub vantage: String,
    pub kind: Kind,
    pub result: Said,
    /// The address the vantage saw the request come from.
    pub seen_from: Option<IpAddr>,
    pub ms: f64,
    /// Why there is no result about the port (down, rate-limited …), or what answered.
    pub error: Option<String>,
    /// How an `open` was proven (`nonce`, `fingerprint`; null for TCP and echoip).
    pub proof: Option<Proof>,
    /// With `rate_limited`: seconds until the vantage takes a check again.
    pub retry_after_s: Option<u64>,
    /// Agrees with the agreed result (null: no result about the port).
    pub agrees: Option<bool>,
    /// The fingerprint of the HTTP answer the vantage got (reflector, `http`
    /// only): compared with the router's own page to name what answered.
    pub fingerprint: Option<String>,
    /// What `error` says, as a fact for the catalogue (`error` keeps the
    /// English words for `--json`; human output words this).
    #[serde(skip)]
    pub why: Option<VantageWhy>,
}

/// Why a vantage gave no result about the port, or what it added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VantageWhy {
    /// netcheck's own task for this vantage failed.
    TaskFailed,
    /// An echoip checker was asked about UDP.
    EchoipTcpOnly,
    /// The request to the vantage failed (no answer, refused, TLS, DNS …).
    Net(Cause),
    /// HTTP 429.
    RateLimited(Option<u64>),
    /// Another API version.
    Incompatible,
    /// An error answer; the vantage's own message is in `error`.
    Http(u16),
    /// An error status without a reflector's error body.
    NotReflector(u16),
    /// A 200 answer that is not a readable check result.
    Unreadable,
    /// The reflector's own note about the port (its words are in `error`).
    Note,
    /// An echoip answer about another port.
    OtherPort(u16),
}

/// The `outside` object of `doctor` and `probe`.
#[derive(Debug, Clone, Serialize)]
pub struct OutsideReport {
    /// The agreed result.
    pub result: Agreed,
    /// The agreed `open` was proven to be this machine's server (nonce or fingerprint).
    pub proven: bool,
    pub transport: Transport,
    pub port: u16,
    pub vantages: Vec<VantageOut>,
    /// The vantages that agree with `result`.
    pub confirmed_by: Vec<String>,
    /// The vantages that said something else, or tested another address.
    pub contradicting: Vec<String>,
}

impl OutsideReport {
    /// `--no-outside`: nothing asked.
    pub fn not_asked(transport: Transport, port: u16) -> OutsideReport {
        OutsideReport {
            result: Agreed::NotAsked,
            proven: false,
            transport,
            port,
            vantages: Vec::new(),
            confirmed_by: Vec::new(),
            contradicting: Vec::new(),
        }
    }

    /// A vantage that saw something else answer got exactly the answer
    /// with this fingerprint (e.g. the router's own page, fetched locally).
    pub fn other_matches(&self, fingerprint: &str) -> bool {
        self.vantages
            .iter()
            .any(|v| v.result == Said::OpenOther && v.fingerprint.as_deref() == Some(fingerprint))
    }

    /// Some vantage answered about the port.
    pub fn answered(&self) -> bool {
        !matches!(self.result, Agreed::Unknown | Agreed::NotAsked)
    }
}

/// Pure: the report from the vantages' answers; `public` is this network's
/// public address as the public-IP check found it (a vantage that saw
/// another address tested something else).
pub fn report(
    transport: Transport,
    port: u16,
    mut vantages: Vec<VantageOut>,
    public: Option<IpAddr>,
) -> OutsideReport {
    let votes: Vec<Vote> = vantages
        .iter()
        .map(|v| Vote {
            said: v.result,
            proven: v.proof.is_some(),
            seen_from: v.seen_from,
        })
        .collect();
    let a = agree(&votes, public);
    for (i, v) in vantages.iter_mut().enumerate() {
        v.agrees = if a.confirmed_by.contains(&i) {
            Some(true)
        } else if a.contradicting.contains(&i) {
            Some(false)
        } else {
            None
        };
    }
    let names = |idx: &[usize]| idx.iter().map(|&i| vantages[i].vantage.clone()).collect();
    OutsideReport {
        result: a.result,
        proven: a.proven,
        transport,
        port,
        confirmed_by: names(&a.confirmed_by),
        contradicting: names(&a.contradicting),
        vantages,
    }
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e4).round() / 10.0
}

/// Asks every vantage at once; each answer (or failure) comes back by `deadline`.
pub async fn ask_all(vantages: &[Vantage], ask: &Ask, deadline: Instant) -> Vec<VantageOut> {
    let tasks: Vec<_> = vantages
        .iter()
        .map(|v| {
            let (v, ask) = (v.clone(), ask.clone());
            tokio::spawn(async move { ask_one(&v, &ask, deadline).await })
        })
        .collect();
    let mut out = Vec::new();
    for (task, v) in tasks.into_iter().zip(vantages) {
        out.push(task.await.unwrap_or_else(|_| VantageOut {
            vantage: v.label(),
            kind: v.kind,
            result: Said::Error,
            seen_from: None,
            ms: 0.0,
            error: Some("the query task failed".into()),
            proof: None,
            retry_after_s: None,
            agrees: None,
            fingerprint: None,
            why: Some(VantageWhy::TaskFailed),
        }));
    }
    out
}

async fn ask_one(v: &Vantage, ask: &Ask, deadline: Instant) -> VantageOut {
    let start = Instant::now();
    let mut out = VantageOut {
        vantage: v.label(),
        kind: v.kind,
        result: Said::Down,
        seen_from: None,
        ms: 0.0,
        error: None,
        proof: None,
        retry_after_s: None,
        agrees: None,
        fingerprint: None,
        why: None,
    };
    if v.kind == Kind::Echoip && ask.transport != Transport::Tcp && ask.transport != Transport::Http
    {
        out.result = Said::Error;
        out.error = Some("an echoip checker tests TCP only".into());
        out.why = Some(VantageWhy::EchoipTcpOnly);
        return out;
    }
    let (method, path, body) = match v.kind {
        Kind::Reflector => {
            let req = CheckRequest {
                api: API.into(),
                transport: ask.transport,
                ports: vec![ask.port],
                nonce: ask.nonce.clone(),
                path: (ask.transport == Transport::Http && ask.path != "/")
                    .then(|| ask.path.clone()),
                fingerprint: ask
                    .fingerprint
                    .clone()
                    .filter(|_| ask.transport == Transport::Http),
            };
            let body = serde_json::to_vec(&req).unwrap_or_default();
            (Method::Post, format!("{}/{API}/check", v.base), Some(body))
        }
        Kind::Echoip => (Method::Get, format!("{}/port/{}", v.base, ask.port), None),
    };
    let answer = fetch(v, method, &path, body.as_deref(), ask.source, deadline).await;
    out.ms = ms(start.elapsed());
    let a = match answer {
        Ok(a) => a,
        Err(e) => {
            out.why = Some(VantageWhy::Net(match e.kind {
                NetErrorKind::Timeout => Cause::TimedOut,
                _ => e.cause.clone(),
            }));
            out.error = Some(match e.kind {
                NetErrorKind::Timeout => "no answer before the deadline".to_string(),
                _ => e.detail,
            });
            return out;
        }
    };
    if a.status == 429 {
        out.result = Said::RateLimited;
        let err = parse_error_response(&a.body).and_then(Result::ok);
        out.retry_after_s = err.as_ref().and_then(|e| e.retry_after_s);
        out.why = Some(VantageWhy::RateLimited(out.retry_after_s));
        out.error = Some(match out.retry_after_s {
            Some(s) => format!("rate limited; try again in {s} s"),
            None => "rate limited".to_string(),
        });
        return out;
    }
    match v.kind {
        Kind::Reflector => reflector_answer(&mut out, &a, ask.port),
        Kind::Echoip => echoip_answer(&mut out, &a, ask.port),
    }
    out
}

fn reflector_answer(out: &mut VantageOut, a: &Answer, port: u16) {
    if a.status != 200 {
        match parse_error_response(&a.body) {
            Some(Err(reflector::ResponseError::Version(v))) => {
                out.result = Said::Incompatible;
                out.why = Some(VantageWhy::Incompatible);
                out.error = Some(reflector::ResponseError::Version(v).to_string());
            }
            Some(Ok(e)) if e.error == "unsupported_version" => {
                out.result = Said::Incompatible;
                out.why = Some(VantageWhy::Incompatible);
                out.error = Some(format!("HTTP {}: {}", a.status, e.message));
            }
            Some(Ok(e)) => {
                out.result = if a.status >= 500 {
                    Said::Down
                } else {
                    Said::Error
                };
                out.why = Some(VantageWhy::Http(a.status));
                out.error = Some(format!("HTTP {}: {}", a.status, e.message));
            }
            _ => {
                out.result = Said::Down;
                out.why = Some(VantageWhy::NotReflector(a.status));
                out.error = Some(format!("HTTP {} (not a netcheck reflector?)", a.status));
            }
        }
        return;
    }
    match parse_check_response(&a.body, &[port]) {
        Ok(r) => {
            out.seen_from = Some(r.seen_from);
            let p = &r.results[0];
            out.result = Said::from_outcome(p.result);
            out.proof = p.proof;
            out.error = p.detail.clone();
            out.why = p.detail.as_ref().map(|_| VantageWhy::Note);
            out.fingerprint = p.fingerprint.clone();
        }
        Err(e @ reflector::ResponseError::Version(_)) => {
            out.result = Said::Incompatible;
            out.why = Some(VantageWhy::Incompatible);
            out.error = Some(e.to_string());
        }
        Err(e) => {
            out.result = Said::Down;
            out.why = Some(VantageWhy::Unreadable);
            out.error = Some(e.to_string());
        }
    }
}

#[derive(serde::Deserialize)]
struct EchoipPort {
    ip: IpAddr,
    port: u16,
    reachable: bool,
}

fn echoip_answer(out: &mut VantageOut, a: &Answer, port: u16) {
    if a.status != 200 {
        out.result = if a.status >= 500 {
            Said::Down
        } else {
            Said::Error
        };
        out.why = Some(VantageWhy::NotReflector(a.status));
        out.error = Some(format!("HTTP {}", a.status));
        return;
    }
    match serde_json::from_slice::<EchoipPort>(&a.body) {
        Ok(p) if p.port == port => {
            out.seen_from = Some(p.ip.to_canonical());
            out.result = if p.reachable {
                Said::Open
            } else {
                Said::Closed
            };
        }
        Ok(p) => {
            out.why = Some(VantageWhy::OtherPort(p.port));
            out.error = Some(format!("answered for port {}, asked {port}", p.port));
        }
        Err(_) => {
            out.why = Some(VantageWhy::Unreadable);
            out.error = Some("not an echoip /port answer".into());
        }
    }
}

/// One request to a vantage on a fresh connection.
async fn fetch(
    v: &Vantage,
    method: Method,
    path: &str,
    json: Option<&[u8]>,
    source: Option<IpAddr>,
    deadline: Instant,
) -> Result<Answer, NetError> {
    let addrs: Vec<SocketAddr> = match v.host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, v.port)],
        Err(_) => {
            let found = tokio::time::timeout_at(
                deadline,
                tokio::net::lookup_host((v.host.as_str(), v.port)),
            )
            .await
            .map_err(|_| NetError {
                kind: NetErrorKind::Timeout,
                cause: Cause::TimedOut,
                detail: "no DNS answer before the deadline".into(),
            })?
            .map_err(|e| NetError {
                kind: NetErrorKind::Other,
                cause: crate::sys::io_cause(&e),
                detail: format!("DNS: {}", crate::sys::io_words(&e)),
            })?;
            found.collect()
        }
    };
    // Sent from a chosen address: only the vantage's addresses of that
    // family can test it (over the other family the vantage would see, and
    // test, another address).
    let addrs: Vec<SocketAddr> = match source {
        Some(src) => {
            let family = crate::net::Family::of(src);
            let same: Vec<SocketAddr> = addrs
                .into_iter()
                .filter(|a| crate::net::Family::of(a.ip()) == family)
                .collect();
            if same.is_empty() {
                return Err(NetError {
                    kind: NetErrorKind::Other,
                    cause: Cause::NoAddressOfFamily(family),
                    detail: format!("the vantage has no {} address", family.label()),
                });
            }
            same
        }
        None => addrs,
    };
    let mut last = NetError {
        kind: NetErrorKind::Other,
        cause: Cause::NameNotFound,
        detail: "the name has no address".into(),
    };
    for addr in addrs {
        match client::connect_from(addr, source, deadline).await {
            Ok(tcp) => {
                let stream = if v.https {
                    let tls = Tls::new().map_err(|e| NetError {
                        kind: NetErrorKind::Tls,
                        cause: Cause::TlsSetup,
                        detail: e,
                    })?;
                    client::tls_handshake(tcp, &tls, &v.host, deadline).await?
                } else {
                    Stream::plain(tcp)
                };
                let mut conn = client::handshake(stream).await?;
                let host = v.host_header();
                let out = Outgoing {
                    method,
                    host: &host,
                    path,
                    json,
                };
                return conn.send(&out, MAX_RESPONSE_BYTES, deadline).await;
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// The fingerprint this machine's own server gives to a GET of `path` on
/// `addr` (what a vantage must see for an `open` without `netcheck serve`).
pub async fn local_fingerprint(addr: SocketAddr, path: &str, deadline: Instant) -> Option<String> {
    let tcp = client::connect(addr, deadline).await.ok()?;
    let mut conn = client::handshake(Stream::plain(tcp)).await.ok()?;
    let host = addr.to_string();
    let out = Outgoing {
        method: Method::Get,
        host: &host,
        path,
        json: None,
    };
    let a = conn.send(&out, 64 * 1024, deadline).await.ok()?;
    Some(reflector::fingerprint(
        a.status,
        a.content_type.as_deref(),
        &a.body,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(name: &str, result: Said, seen: Option<&str>, proof: Option<Proof>) -> VantageOut {
        VantageOut {
            vantage: name.into(),
            kind: Kind::Reflector,
            result,
            seen_from: seen.map(|s| s.parse().unwrap()),
            ms: 1.0,
            error: None,
            proof,
            retry_after_s: None,
            agrees: None,
            fingerprint: None,
            why: None,
        }
    }

    #[test]
    fn reports_name_who_agrees() {
        let me = Some("111.222.33.123");
        let r = report(
            Transport::Http,
            5000,
            vec![
                said("a", Said::Open, me, Some(Proof::Nonce)),
                said("liar", Said::Filtered, me, None),
                said("b", Said::Open, me, Some(Proof::Nonce)),
                said("dead", Said::Down, None, None),
                said("busy", Said::RateLimited, None, None),
            ],
            Some("111.222.33.123".parse().unwrap()),
        );
        assert_eq!(r.result, Agreed::Open);
        assert!(r.proven);
        assert_eq!(r.confirmed_by, vec!["a", "b"]);
        assert_eq!(r.contradicting, vec!["liar"]);
        let agrees: Vec<Option<bool>> = r.vantages.iter().map(|v| v.agrees).collect();
        assert_eq!(
            agrees,
            vec![Some(true), Some(false), Some(true), None, None]
        );
        let v = serde_json::to_value(&r).unwrap();
        for key in ["result", "vantages", "confirmed_by"] {
            assert!(v.get(key).is_some(), "{key}");
        }
        for key in ["vantage", "kind", "result", "seen_from", "ms", "error"] {
            assert!(v["vantages"][0].get(key).is_some(), "{key}");
        }
        assert_eq!(v["vantages"][4]["result"], "rate_limited");
        assert!(!OutsideReport::not_asked(Transport::Http, 1).answered());
    }

    #[test]
    fn echoip_answers() {
        let mk = |status: u16, body: &str| Answer {
            status,
            server: None,
            content_type: None,
            keep_alive: false,
            body: body.as_bytes().to_vec(),
            truncated: false,
            location: None,
            ttfb: Duration::ZERO,
            total: Duration::ZERO,
        };
        let cases = [
            (
                200,
                r#"{"ip":"111.222.33.123","port":5000,"reachable":true}"#,
                Said::Open,
            ),
            (
                200,
                r#"{"ip":"111.222.33.123","port":5000,"reachable":false}"#,
                Said::Closed,
            ),
            (
                200,
                r#"{"ip":"111.222.33.123","port":5001,"reachable":true}"#,
                Said::Down,
            ),
            (200, "<html>", Said::Down),
            (503, "", Said::Down),
            (400, "", Said::Error),
        ];
        for (status, body, want) in cases {
            let mut out = said("e", Said::Down, None, None);
            echoip_answer(&mut out, &mk(status, body), 5000);
            assert_eq!(out.result, want, "{status} {body}");
        }
    }
}

/// The second-port test's report: a high port this host served for a
/// moment, mapped on the router, and asked the vantages about.
#[derive(Debug, Clone, Serialize)]
pub struct SecondPortReport {
    pub port: u16,
    /// What the vantages agreed on for it.
    pub result: Agreed,
    /// This host's listener on that port saw a connection while the vantages checked.
    pub reached: bool,
    /// How it was mapped (`UPnP IGD`, `NAT-PMP`, `PCP`); null: mapping failed.
    pub mapped_by: Option<String>,
    pub vantages: Vec<VantageOut>,
}

impl SecondPortReport {
    /// The fact doctor's verdict uses.
    pub fn fact(&self) -> crate::check::doctor::SecondPort {
        use crate::check::doctor::SecondPort;
        match self.result {
            _ if self.reached && self.result == Agreed::Open => SecondPort::Through,
            Agreed::Filtered | Agreed::Refused | Agreed::Closed if !self.reached => {
                SecondPort::AlsoBlocked
            }
            _ => SecondPort::NotTried,
        }
    }
}

/// Serves a high TCP port for the length of one check, maps it on the
/// router (lease `LEASE`, removed again at once), and asks the vantages
/// about it: the same path as the port that did not get through. `None`
/// when no port could be opened here.
pub async fn second_port(
    router: crate::portmap::Router,
    vantages: &[Vantage],
    deadline: Instant,
    cleanup: Instant,
) -> Option<SecondPortReport> {
    use crate::portmap::{self, Choice, Request};
    const LEASE: u32 = 120;
    let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::UNSPECIFIED, 0))
        .await
        .ok()?;
    let port = listener.local_addr().ok()?.port();
    let req = Request {
        external_port: port,
        internal: std::net::SocketAddrV4::new(router.lan.addr, port),
        protocols: vec![crate::net::Transport::Tcp],
        lease_seconds: LEASE,
        description: format!("netcheck second-port test {port}"),
    };
    let outcome = portmap::map(router, &req, Choice::Auto, deadline).await;
    let (Some(mapped), Some(handle)) = (outcome.mapped, outcome.handle) else {
        return Some(SecondPortReport {
            port,
            result: Agreed::NotAsked,
            reached: false,
            mapped_by: None,
            vantages: Vec::new(),
        });
    };
    let reached = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let seen = reached.clone();
    let accepting = tokio::spawn(async move {
        while let Ok((conn, _)) = listener.accept().await {
            seen.store(true, std::sync::atomic::Ordering::Relaxed);
            drop(conn);
        }
    });
    let external = mapped.external_port;
    let ask = Ask {
        transport: Transport::Tcp,
        port: external,
        path: "/".into(),
        fingerprint: None,
        nonce: reflector::new_nonce(),
        source: None,
    };
    let answers = ask_all(vantages, &ask, deadline).await;
    accepting.abort();
    // Removed with a budget of its own: the run's may be spent.
    let _ = portmap::unmap(&handle, &req, cleanup).await;
    let r = report(Transport::Tcp, external, answers, None);
    Some(SecondPortReport {
        port: external,
        result: r.result,
        reached: reached.load(std::sync::atomic::Ordering::Relaxed),
        mapped_by: Some(mapped.method.label().to_string()),
        vantages: r.vantages,
    })
}
