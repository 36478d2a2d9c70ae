//! The public-IP check: this network's public address, from HTTP echo
//! services and STUN servers asked concurrently. The answer is the address
//! two sources agree on; slow or dead sources do not delay it. Typed facts,
//! no text: `i18n` words the errors and warnings, `cmd::public_ip` renders.

use super::Warning;
use crate::net::Family;
use crate::net::addr::{AddressKind, classify, is_internet_routable};
use crate::net::cause::{Cause, Failure};
use crate::net::consensus::{Decision, decide};
use crate::net::host::Iface;
use crate::net::sources::{Source, SourceError};
use crate::proto::{echo, stun};
use crate::sys::http::{HttpClient, HttpError};
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::OnceCell;
use tokio::task::JoinSet;
use tokio::time::Instant;

/// One source, asked over one family.
#[derive(Debug, Clone, Serialize)]
pub struct SourceResult {
    pub source: String,
    pub family: Family,
    /// The public address it gave, when usable.
    pub ip: Option<IpAddr>,
    /// Why its answer was not used (English, stable; filled by the
    /// catalogue), else null.
    pub error: Option<String>,
    pub error_kind: Option<&'static str>,
    /// Time until its answer or error; null when it never finished.
    pub ms: Option<u64>,
    /// Its answer matches the chosen address.
    pub agrees: bool,
    #[serde(skip)]
    pub err: Option<SourceError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Nat {
    /// The host's LAN address differs from the public one.
    BehindNat,
    /// The host holds the public address itself.
    NoNat,
    Unknown,
}

/// Outcome for one family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Agreed,
    Unconfirmed,
    Disagree,
    NoAnswer,
    NotAsked,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicIpReport {
    pub ipv4: Option<IpAddr>,
    pub ipv6: Option<IpAddr>,
    /// How many sources gave the chosen IPv4 address.
    pub agreed: usize,
    pub agreed_v6: usize,
    /// Two or more sources gave the chosen IPv4 address.
    pub confirmed: bool,
    pub status_v4: Status,
    pub status_v6: Status,
    pub nat: Nat,
    pub lan_ipv4: Option<Ipv4Addr>,
    pub sources: Vec<SourceResult>,
    /// Filled in words by the catalogue (`Tr::word_public_ip`).
    pub warnings: Vec<Warning>,
    pub elapsed_ms: u64,
    /// Sources that gave another address than the chosen one (0 when none
    /// was chosen).
    #[serde(skip)]
    pub dissent: usize,
}

/// The public-IP check: every source asked concurrently until two agree or
/// `deadline` passes. Facts only: `SourceResult::error` and `warnings` are
/// left for the catalogue (`Tr::word_public_ip`).
pub async fn gather(sources: &[Source], families: &[Family], deadline: Instant) -> PublicIpReport {
    let start = Instant::now();
    // The host's interfaces are read while the IPv4 probes are already out;
    // only the IPv6 probes wait for them (no global IPv6 address: no probe).
    let mut host_task = Some(tokio::task::spawn_blocking(
        crate::sys::netdev_adapter::interfaces,
    ));
    let mut host: Vec<Iface> = Vec::new();
    // One HTTP client per family, built by the first probe that needs it.
    let clients: [Arc<OnceCell<Result<HttpClient, String>>>; 2] = Default::default();
    let mut results: Vec<SourceResult> = Vec::new();
    let mut set = JoinSet::new();
    for &family in families {
        if family == Family::Ipv6
            && let Some(t) = host_task.take()
        {
            host = t.await.unwrap_or_default();
        }
        let host_has_v6 = host.iter().any(|i| {
            i.ipv6
                .iter()
                .any(|(a, _)| classify(IpAddr::V6(*a)) == AddressKind::Global)
        });
        for src in sources {
            let idx = results.len();
            results.push(SourceResult {
                source: src.to_string(),
                family,
                ip: None,
                error: None,
                error_kind: None,
                ms: None,
                agrees: false,
                err: None,
            });
            if family == Family::Ipv6 && !host_has_v6 {
                results[idx].err = Some(SourceError::NoIpv6OnHost);
                results[idx].ms = Some(0);
                continue;
            }
            let probe = match src {
                Source::Http(url) => Probe::Http(
                    clients[usize::from(family == Family::Ipv6)].clone(),
                    url.clone(),
                ),
                Source::Stun { host, port } => Probe::Stun(host.clone(), *port),
            };
            set.spawn(async move {
                let began = Instant::now();
                let out = probe.ask(family, deadline).await;
                (idx, out, began.elapsed())
            });
        }
    }
    if let Some(t) = host_task.take() {
        host = t.await.unwrap_or_default();
    }
    let lan_ipv4 = host
        .iter()
        .find(|i| i.is_default)
        .and_then(|i| i.lan_v4())
        .map(|n| n.addr);

    let decide_now = |results: &[SourceResult]| -> Vec<(Family, Decision)> {
        families
            .iter()
            .map(|&f| {
                let mine = results.iter().filter(|r| r.family == f);
                let answers: Vec<IpAddr> = mine.clone().filter_map(|r| r.ip).collect();
                let pending = mine.filter(|r| r.ip.is_none() && r.err.is_none()).count();
                (f, decide(&answers, pending))
            })
            .collect()
    };
    let mut decisions = decide_now(&results);
    let mut timed_out = false;
    while !decisions.iter().all(|(_, d)| d.is_final()) {
        let next = tokio::time::timeout_at(deadline, set.join_next()).await;
        match next {
            Err(_) => {
                timed_out = true;
                break;
            }
            Ok(None) => break,
            Ok(Some(Err(_join))) => continue,
            Ok(Some(Ok((idx, out, took)))) => {
                let r = &mut results[idx];
                // A probe that gave up at the deadline never finished, like
                // one still running when the loop's own deadline fires: no
                // time (whichever of the two noticed the deadline first).
                if !matches!(out, Err(SourceError::Late)) {
                    r.ms = Some(took.as_millis() as u64);
                }
                match out {
                    Ok(ip) => r.ip = Some(ip),
                    Err(e) => r.err = Some(e),
                }
            }
        }
        decisions = decide_now(&results);
    }
    set.abort_all();
    // Whatever is still unanswered: late if the budget ran out, else not needed.
    for r in results
        .iter_mut()
        .filter(|r| r.ip.is_none() && r.err.is_none())
    {
        r.err = Some(if timed_out {
            SourceError::Late
        } else {
            SourceError::Skipped
        });
    }
    let decisions = decide_now(&results);
    finish(results, &decisions, lan_ipv4, start.elapsed())
}

fn status_of(d: Option<&Decision>) -> Status {
    match d {
        None => Status::NotAsked,
        Some(Decision::Agreed { .. }) => Status::Agreed,
        Some(Decision::Single { .. }) => Status::Unconfirmed,
        Some(Decision::Disagree) => Status::Disagree,
        Some(Decision::NoAnswer | Decision::Pending) => Status::NoAnswer,
    }
}

/// Pure: turns the per-source results and decisions into the report.
pub fn finish(
    mut results: Vec<SourceResult>,
    decisions: &[(Family, Decision)],
    lan_ipv4: Option<Ipv4Addr>,
    elapsed: Duration,
) -> PublicIpReport {
    let get = |f: Family| decisions.iter().find(|(g, _)| *g == f).map(|(_, d)| d);
    let (d4, d6) = (get(Family::Ipv4), get(Family::Ipv6));
    let ipv4 = d4.and_then(Decision::ip);
    let ipv6 = d6.and_then(Decision::ip);
    for r in &mut results {
        let chosen = if r.family == Family::Ipv4 { ipv4 } else { ipv6 };
        r.agrees = r.ip.is_some() && r.ip == chosen;
        r.error_kind = r.err.as_ref().map(SourceError::kind);
    }
    let nat = match (ipv4, lan_ipv4) {
        (Some(IpAddr::V4(public)), Some(lan)) if public == lan => Nat::NoNat,
        (Some(_), Some(_)) => Nat::BehindNat,
        _ => Nat::Unknown,
    };
    let dissent = results
        .iter()
        .filter(|r| r.ip.is_some() && !r.agrees)
        .count();
    // Worth a warning only when an address was chosen despite it.
    let dissent = if ipv4.is_some() || ipv6.is_some() {
        dissent
    } else {
        0
    };
    PublicIpReport {
        ipv4,
        ipv6,
        agreed: d4.map_or(0, Decision::votes),
        agreed_v6: d6.map_or(0, Decision::votes),
        confirmed: d4.is_some_and(|d| d.votes() >= 2),
        status_v4: status_of(d4),
        status_v6: status_of(d6),
        nat,
        lan_ipv4,
        sources: results,
        warnings: Vec::new(),
        dissent,
        elapsed_ms: elapsed.as_millis() as u64,
    }
}

/// One source's probe, ready to run on a task.
enum Probe {
    Http(Arc<OnceCell<Result<HttpClient, String>>>, String),
    Stun(String, u16),
}

impl Probe {
    async fn ask(self, family: Family, deadline: Instant) -> Result<IpAddr, SourceError> {
        let ip = match self {
            Probe::Http(cell, url) => {
                let client = cell
                    .get_or_init(|| async move { HttpClient::new(family) })
                    .await
                    .as_ref()
                    .map_err(|e| SourceError::Other(Failure::new(Cause::TlsSetup, e.clone())))?;
                let body = client
                    .get_small(&url, echo::MAX_BODY, deadline)
                    .await
                    .map_err(from_http)?;
                echo::parse_body(&body).map_err(|e| SourceError::NotAnIp(e.to_string()))?
            }
            Probe::Stun(host, port) => {
                let server = resolve(&host, port, family, deadline).await?;
                let mapped = stun::query(server, deadline).await.map_err(|e| match e {
                    stun::StunQueryError::Timeout { .. } => SourceError::Late,
                    stun::StunQueryError::Io(io) => {
                        SourceError::Connect(crate::sys::io_failure(&io))
                    }
                    stun::StunQueryError::WrongFamily(a) => SourceError::WrongFamily {
                        asked: family,
                        got: a.ip().to_canonical(),
                    },
                    other => SourceError::Stun(Failure::new(stun_cause(&other), other.to_string())),
                })?;
                mapped.ip().to_canonical()
            }
        };
        check_answer(ip, family)
    }
}

/// Pure: a STUN failure's cause.
fn stun_cause(e: &stun::StunQueryError) -> Cause {
    use stun::{StunError, StunQueryError as Q};
    match e {
        Q::Io(io) => crate::sys::io_cause(io),
        Q::Timeout { .. } => Cause::TimedOut,
        Q::Protocol(StunError::ErrorResponse { code, .. }) => Cause::StunError(*code),
        Q::Protocol(StunError::NoAddress) => Cause::StunNoAddress,
        Q::Protocol(_) | Q::WrongFamily(_) => Cause::StunMalformed,
    }
}

/// Pure: is this answer a usable public address of the asked family?
pub fn check_answer(ip: IpAddr, family: Family) -> Result<IpAddr, SourceError> {
    let ip = ip.to_canonical();
    if Family::of(ip) != family {
        return Err(SourceError::WrongFamily {
            asked: family,
            got: ip,
        });
    }
    if !is_internet_routable(ip) {
        return Err(SourceError::PrivateAddress(ip));
    }
    Ok(ip)
}

fn from_http(e: HttpError) -> SourceError {
    match e {
        HttpError::Status(s) => SourceError::HttpStatus(s),
        HttpError::TooLarge(_) => SourceError::TooLarge,
        HttpError::Timeout => SourceError::Late,
        HttpError::Connect(d) => SourceError::Connect(d),
        HttpError::Tls(d) => SourceError::Tls(d),
        HttpError::Redirect(d) | HttpError::Other(d) => SourceError::Other(d),
    }
}

async fn resolve(
    host: &str,
    port: u16,
    family: Family,
    deadline: Instant,
) -> Result<SocketAddr, SourceError> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        let ip = ip.to_canonical();
        return if Family::of(ip) == family {
            Ok(SocketAddr::new(ip, port))
        } else {
            Err(SourceError::NoAddressOfFamily(family))
        };
    }
    let found = tokio::time::timeout_at(deadline, tokio::net::lookup_host((host, port)))
        .await
        .map_err(|_| SourceError::Late)?
        .map_err(|e| SourceError::Resolve(crate::sys::io_failure(&e)))?;
    found
        .into_iter()
        .find(|a| Family::of(a.ip()) == family)
        .ok_or(SourceError::NoAddressOfFamily(family))
}
