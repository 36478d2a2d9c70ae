//! The public-IP check: this network's public address, from HTTP echo
//! services and STUN servers asked concurrently. The answer is the address
//! two sources agree on; slow or dead sources do not delay it. Typed facts,
//! no text: `i18n` words the errors and warnings, `cmd::public_ip` renders.

use super::Warning;
use super::stun_session::{INITIAL_RTO, Req, Session, State};
use crate::net::Family;
use crate::net::addr::{AddressKind, classify, is_internet_routable};
use crate::net::cause::{Cause, Failure};
use crate::net::consensus::{Decision, decide};
use crate::net::host::Iface;
use crate::net::sources::{Source, SourceError};
use crate::proto::echo;
use crate::proto::stun::RequestOptions;
use crate::sys::http::{HttpClient, HttpError};
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::UdpSocket;
use tokio::sync::OnceCell;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
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
    /// STUN: the public address and port it saw. Every STUN server of one
    /// family is asked from the same local socket, so these differ only when
    /// the NAT maps by destination. Null for HTTP sources.
    pub mapped: Option<SocketAddr>,
    #[serde(skip)]
    pub err: Option<SourceError>,
    /// STUN: the server's address the answer came from.
    #[serde(skip)]
    pub server: Option<SocketAddr>,
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
    /// The STUN servers' answers to the one IPv4 socket differed (address or
    /// port): the NAT maps by destination ("symmetric"), and P2P is hard.
    /// False: two or more servers saw the same address and port. Null: fewer
    /// than two STUN servers answered.
    pub varies_by_destination: Option<bool>,
    /// The same for IPv6.
    pub varies_by_destination_v6: Option<bool>,
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
    gather_on(sources, families, deadline, None).await
}

/// [`gather`] for a caller that has read the host's interfaces already
/// (`forward`, `doctor`): they are not read a second time. `None` reads them.
pub async fn gather_on(
    sources: &[Source],
    families: &[Family],
    deadline: Instant,
    known_host: Option<Vec<Iface>>,
) -> PublicIpReport {
    let start = Instant::now();
    // The host's interfaces are read while the IPv4 probes are already out;
    // only the IPv6 probes wait for them (no global IPv6 address: no probe).
    let mut host_task = match known_host {
        Some(_) => None,
        None => Some(tokio::task::spawn_blocking(
            crate::sys::netdev_adapter::interfaces,
        )),
    };
    let mut host: Vec<Iface> = known_host.unwrap_or_default();
    // One HTTP client per family, built by the first probe that needs it.
    let clients: [Arc<OnceCell<Result<HttpClient, String>>>; 2] = Default::default();
    let mut results: Vec<SourceResult> = Vec::new();
    // Every probe reports on one channel; the STUN servers of a family share
    // one task and one socket.
    let (tx, mut rx) = unbounded_channel::<(usize, Answer)>();
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
        let mut stun_servers: Vec<(usize, String, u16)> = Vec::new();
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
                mapped: None,
                err: None,
                server: None,
            });
            if family == Family::Ipv6 && !host_has_v6 {
                results[idx].err = Some(SourceError::NoIpv6OnHost);
                results[idx].ms = Some(0);
                continue;
            }
            match src {
                Source::Http(url) => {
                    let client = clients[usize::from(family == Family::Ipv6)].clone();
                    let (url, tx) = (url.clone(), tx.clone());
                    set.spawn(async move {
                        let began = Instant::now();
                        let result = ask_http(client, &url, family, deadline).await;
                        let _ = tx.send((
                            idx,
                            Answer {
                                result,
                                mapped: None,
                                server: None,
                                took: began.elapsed(),
                            },
                        ));
                    });
                }
                Source::Stun { host, port } => stun_servers.push((idx, host.clone(), *port)),
            }
        }
        if !stun_servers.is_empty() {
            set.spawn(ask_stun(family, stun_servers, deadline, tx.clone()));
        }
    }
    drop(tx);
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
        let next = tokio::time::timeout_at(deadline, rx.recv()).await;
        match next {
            Err(_) => {
                timed_out = true;
                break;
            }
            // Every probe has ended; the STUN task ends at the deadline
            // with its silent servers unanswered: those are late.
            Ok(None) => {
                timed_out = Instant::now() >= deadline;
                break;
            }
            Ok(Some((idx, a))) => a.fill(&mut results[idx]),
        }
        decisions = decide_now(&results);
    }
    // "Varies by destination" needs two STUN answers from the one socket.
    // They come about together; when the decision was made on one, give
    // the other STUN servers a short grace (a few of the first's round
    // trips, at most STUN_GRACE_MAX), never past the deadline.
    if !timed_out && let Some(until) = stun_grace(&results, Instant::now()) {
        let until = until.min(deadline);
        while waiting_for_stun(&results) {
            match tokio::time::timeout_at(until, rx.recv()).await {
                Ok(Some((idx, a))) => a.fill(&mut results[idx]),
                _ => break,
            }
        }
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
    let varies = |f: Family| {
        let seen: Vec<(SocketAddr, SocketAddr)> = results
            .iter()
            .filter(|r| r.family == f)
            .filter_map(|r| Some((r.server?, r.mapped?)))
            .collect();
        crate::net::nat_type::varies_by_destination(&seen)
    };
    let (varies_v4, varies_v6) = (varies(Family::Ipv4), varies(Family::Ipv6));
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
        varies_by_destination: varies_v4,
        varies_by_destination_v6: varies_v6,
        nat,
        lan_ipv4,
        sources: results,
        warnings: Vec::new(),
        dissent,
        elapsed_ms: elapsed.as_millis() as u64,
    }
}

/// At most this long is waited, after the decision, for a second STUN answer.
const STUN_GRACE_MAX: Duration = Duration::from_millis(300);

/// Pure: until when to wait for more STUN answers after the decision: only
/// when a family has exactly one STUN answer and other STUN servers are still
/// pending; three of the first answer's round trips (at least 20 ms), at most
/// [`STUN_GRACE_MAX`].
pub fn stun_grace(results: &[SourceResult], now: Instant) -> Option<Instant> {
    [Family::Ipv4, Family::Ipv6]
        .into_iter()
        .filter_map(|f| {
            let stun = |r: &&SourceResult| r.family == f && r.source.starts_with("stun:");
            let answered: Vec<&SourceResult> = results
                .iter()
                .filter(stun)
                .filter(|r| r.mapped.is_some())
                .collect();
            let pending = results
                .iter()
                .filter(stun)
                .any(|r| r.ip.is_none() && r.err.is_none());
            (answered.len() == 1 && pending).then(|| {
                let rtt = Duration::from_millis(answered[0].ms.unwrap_or(0));
                rtt.saturating_mul(3)
                    .clamp(Duration::from_millis(20), STUN_GRACE_MAX)
            })
        })
        .max()
        .map(|d| now + d)
}

fn waiting_for_stun(results: &[SourceResult]) -> bool {
    stun_grace(results, Instant::now()).is_some()
}

/// What one source's probe found.
struct Answer {
    result: Result<IpAddr, SourceError>,
    mapped: Option<SocketAddr>,
    server: Option<SocketAddr>,
    took: Duration,
}

impl Answer {
    fn fill(self, r: &mut SourceResult) {
        // A probe that gave up at the deadline never finished, like one
        // still running when the loop's own deadline fires: no time.
        if !matches!(self.result, Err(SourceError::Late)) {
            r.ms = Some(self.took.as_millis() as u64);
        }
        r.mapped = self.mapped;
        r.server = self.server;
        match self.result {
            Ok(ip) => r.ip = Some(ip),
            Err(e) => r.err = Some(e),
        }
    }
}

async fn ask_http(
    cell: Arc<OnceCell<Result<HttpClient, String>>>,
    url: &str,
    family: Family,
    deadline: Instant,
) -> Result<IpAddr, SourceError> {
    let client = cell
        .get_or_init(|| async move { HttpClient::new(family) })
        .await
        .as_ref()
        .map_err(|e| SourceError::Other(Failure::new(Cause::TlsSetup, e.clone())))?;
    let body = client
        .get_small(url, echo::MAX_BODY, deadline)
        .await
        .map_err(from_http)?;
    let ip = echo::parse_body(&body).map_err(|e| SourceError::NotAnIp(e.to_string()))?;
    check_answer(ip, family)
}

/// A source's index and its server's address (or why there is none).
type Resolved = (usize, Result<SocketAddr, SourceError>);

/// Every STUN server of one family, asked from ONE socket (so their answers
/// can be compared: "varies by destination"), concurrently, each answer sent
/// on `tx` as it comes. Names are resolved concurrently; a server joins the
/// session as soon as its address is known.
async fn ask_stun(
    family: Family,
    servers: Vec<(usize, String, u16)>,
    deadline: Instant,
    tx: UnboundedSender<(usize, Answer)>,
) {
    let began = Instant::now();
    let send = |idx: usize, result, mapped, server| {
        let _ = tx.send((
            idx,
            Answer {
                result,
                mapped,
                server,
                took: began.elapsed(),
            },
        ));
    };
    let any: SocketAddr = match family {
        Family::Ipv4 => (Ipv4Addr::UNSPECIFIED, 0).into(),
        Family::Ipv6 => (Ipv6Addr::UNSPECIFIED, 0).into(),
    };
    let sock = match UdpSocket::bind(any).await {
        Ok(s) => s,
        Err(e) => {
            for (idx, _, _) in servers {
                send(
                    idx,
                    Err(SourceError::Connect(crate::sys::io_failure(&e))),
                    None,
                    None,
                );
            }
            return;
        }
    };
    let mut session = Session::strict(sock);
    let mut resolving = JoinSet::new();
    for (idx, host, port) in servers {
        resolving.spawn(async move { (idx, resolve(&host, port, family, deadline).await) });
    }
    // Per request in the session: the source it is for, and whether its
    // outcome was sent.
    let mut owner: Vec<usize> = Vec::new();
    let mut sent: Vec<bool> = Vec::new();
    enum Event {
        Resolved(Option<Result<Resolved, tokio::task::JoinError>>),
        Progress,
    }
    loop {
        if resolving.is_empty() && sent.iter().all(|s| *s) {
            return;
        }
        if Instant::now() >= deadline {
            return;
        }
        let event = tokio::select! {
            r = resolving.join_next(), if !resolving.is_empty() => Event::Resolved(r),
            () = session.run_until(deadline, |reqs| {
                reqs.iter().zip(&sent).any(|(r, s)| r.is_done() && !s)
            }) => Event::Progress,
        };
        match event {
            Event::Resolved(Some(Ok((idx, Ok(server))))) => {
                session.add(server, RequestOptions::default(), INITIAL_RTO);
                owner.push(idx);
                sent.push(false);
            }
            Event::Resolved(Some(Ok((idx, Err(e))))) => send(idx, Err(e), None, None),
            Event::Resolved(_) => {}
            Event::Progress => {
                for (i, req) in session.reqs.iter().enumerate() {
                    if req.is_done() && !sent[i] {
                        sent[i] = true;
                        let (result, mapped) = stun_outcome(req, family);
                        send(owner[i], result, mapped, Some(req.dest));
                    }
                }
            }
        }
    }
}

/// Pure: one finished STUN request as a source's answer: the public
/// address (checked like any source's), and the mapped address and port
/// when it is of the asked family.
fn stun_outcome(req: &Req, family: Family) -> (Result<IpAddr, SourceError>, Option<SocketAddr>) {
    match &req.state {
        State::Got { resp, .. } => {
            let mapped = SocketAddr::new(resp.mapped.ip().to_canonical(), resp.mapped.port());
            let same_family = Family::of(mapped.ip()) == family;
            (
                check_answer(mapped.ip(), family),
                same_family.then_some(mapped),
            )
        }
        State::Failed(e) => (Err(SourceError::Stun(e.clone())), None),
        State::Unreachable(words) => (Err(SourceError::Connect(words.clone())), None),
        State::Pending | State::Hairpinned => (Err(SourceError::Late), None),
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
