//! The NAT type check: runs the RFC 5780 tests against STUN servers, per
//! address family, and hands the observations to the pure classifier
//! ([`crate::net::nat_type`]). Typed facts out, no text.
//!
//! Two UDP sockets per family: the *mapping* socket asks every server (test
//! I; "varies by destination" comes from comparing their answers) and then the
//! RFC 5780 server's alternate addresses (tests II and III); the *filtering*
//! socket talks only to the primary address and asks for answers from the
//! alternate IP and port, and from the alternate port. Requests on one socket
//! run concurrently, told apart by transaction id, and each is retransmitted on
//! RFC 5389's doubling schedule until answered, or until its silence counts
//! (enough transmissions, each given time to be answered), or the deadline.

use super::stun_session::{INITIAL_RTO, Req, Session, State};
use crate::net::Family;
use crate::net::nat_type::{self, Answer, Classification, Observations};
pub use crate::net::stun_servers::{DEFAULT_SERVERS, Server, parse_server};
use crate::proto::stun::{self, ChangeRequest, RequestOptions};
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;
use tokio::net::UdpSocket;
use tokio::time::{Instant, timeout_at};

/// Floor of the RTO computed from a measured round trip.
const MIN_RTO: Duration = Duration::from_millis(100);
/// Longest a `--lifetime` test waits.
pub const MAX_LIFETIME: Duration = Duration::from_secs(120);

/// What to run besides the default tests.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras {
    pub hairpin: bool,
    pub lifetime: bool,
}

/// One server's part, per family.
#[derive(Debug, Clone, Serialize)]
pub struct ServerResult {
    pub server: String,
    pub family: Family,
    pub address: Option<SocketAddr>,
    /// It returned OTHER-ADDRESS (null: it did not answer).
    pub rfc5780: Option<bool>,
    pub error: Option<String>,
}

/// The check's result for one family.
#[derive(Debug, Clone, Serialize)]
pub struct FamilyResult {
    #[serde(flatten)]
    pub class: Classification,
    /// Opt-in (`--hairpin`): a packet to our own public address came back.
    pub hairpin: Option<bool>,
    /// Opt-in (`--lifetime`): an idle mapping lived at least this long …
    pub lifetime_seconds: Option<u64>,
    /// … and was gone after this long (null: still alive at the end).
    pub lifetime_max_seconds: Option<u64>,
    #[serde(skip)]
    pub observations: Option<Observations>,
}

/// Runs the tests for every family in `families` concurrently.
pub async fn run(
    servers: &[Server],
    families: &[Family],
    extras: Extras,
    deadline: Instant,
) -> (Vec<FamilyResult>, Vec<ServerResult>) {
    let runs = families
        .iter()
        .map(|&f| run_family(servers, f, extras, deadline));
    let done = futures_join_all(runs).await;
    let mut results = Vec::new();
    let mut per_server = Vec::new();
    for (r, s) in done {
        results.extend(r);
        per_server.extend(s);
    }
    (results, per_server)
}

async fn futures_join_all<F: std::future::Future>(fs: impl Iterator<Item = F>) -> Vec<F::Output> {
    let mut out = Vec::new();
    let handles: Vec<_> = fs.map(Box::pin).collect();
    // Families are at most two: join them pairwise without a new dependency.
    let mut it = handles.into_iter();
    match (it.next(), it.next()) {
        (Some(a), Some(b)) => {
            let (x, y) = tokio::join!(a, b);
            out.push(x);
            out.push(y);
        }
        (Some(a), None) => out.push(a.await),
        _ => {}
    }
    for rest in it {
        out.push(rest.await);
    }
    out
}

async fn resolve(s: &Server, family: Family, deadline: Instant) -> Result<SocketAddr, String> {
    if let Ok(ip) = s.host.parse::<IpAddr>() {
        let ip = ip.to_canonical();
        return if Family::of(ip) == family {
            Ok(SocketAddr::new(ip, s.port))
        } else {
            Err(format!("not an {} address", family.label()))
        };
    }
    let found = timeout_at(deadline, tokio::net::lookup_host((s.host.as_str(), s.port)))
        .await
        .map_err(|_| "name lookup timed out".to_string())?
        .map_err(|e| format!("name lookup failed: {e}"))?;
    found
        .map(|a| SocketAddr::new(a.ip().to_canonical(), a.port()))
        .find(|a| Family::of(a.ip()) == family)
        .ok_or_else(|| format!("no {} address", family.label()))
}

async fn bind(family: Family) -> std::io::Result<UdpSocket> {
    let any: SocketAddr = match family {
        Family::Ipv4 => (Ipv4Addr::UNSPECIFIED, 0).into(),
        Family::Ipv6 => (Ipv6Addr::UNSPECIFIED, 0).into(),
    };
    UdpSocket::bind(any).await
}

/// The source address the kernel would use towards `dest` (a connected UDP
/// socket sends nothing).
async fn source_ip_towards(dest: SocketAddr) -> Option<IpAddr> {
    let sock = bind(Family::of(dest.ip())).await.ok()?;
    sock.connect(dest).await.ok()?;
    Some(sock.local_addr().ok()?.ip().to_canonical())
}

async fn run_family(
    servers: &[Server],
    family: Family,
    extras: Extras,
    deadline: Instant,
) -> (Option<FamilyResult>, Vec<ServerResult>) {
    let mut per_server: Vec<ServerResult> = servers
        .iter()
        .map(|s| ServerResult {
            server: s.to_string(),
            family,
            address: None,
            rfc5780: None,
            error: None,
        })
        .collect();
    let mut obs = Observations {
        family,
        local: None,
        primary: None,
        other: None,
        map1: Answer::NotRun,
        map2: Answer::NotRun,
        map3: Answer::NotRun,
        filter_base: Answer::NotRun,
        filter_ip_port: Answer::NotRun,
        filter_port: Answer::NotRun,
        others: Vec::new(),
    };

    // Names are resolved concurrently; a dead resolver costs one deadline.
    let resolved = {
        let mut set = tokio::task::JoinSet::new();
        for (i, s) in servers.iter().enumerate() {
            let s = s.clone();
            set.spawn(async move { (i, resolve(&s, family, deadline).await) });
        }
        let mut v: Vec<Option<SocketAddr>> = vec![None; servers.len()];
        while let Some(Ok((i, r))) = set.join_next().await {
            match r {
                Ok(a) => {
                    v[i] = Some(a);
                    per_server[i].address = Some(a);
                }
                Err(e) => per_server[i].error = Some(e),
            }
        }
        v
    };
    // No server has an address of this family: the family is not tested.
    if resolved.iter().all(Option::is_none) {
        return (None, per_server);
    }

    let (mut m, mut f) = match (bind(family).await, bind(family).await) {
        (Ok(a), Ok(b)) => (Session::new(a), Session::new(b)),
        (Err(e), _) | (_, Err(e)) => {
            for s in per_server.iter_mut().filter(|s| s.error.is_none()) {
                s.error = Some(format!("cannot open a UDP socket: {e}"));
            }
            return (Some(finish(obs, None, None)), per_server);
        }
    };
    obs.local = m.sock.local_addr().ok();

    // Test I to every server from the mapping socket.
    let test1: Vec<(usize, usize)> = resolved
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.map(|a| (i, m.add(a, RequestOptions::default(), INITIAL_RTO))))
        .collect();
    // Until one RFC 5780 server has answered, or every server is done.
    m.run_until(deadline, |reqs| {
        test1.iter().any(
            |&(_, r)| matches!(&reqs[r].state, State::Got { resp, .. } if resp.other.is_some()),
        ) || test1.iter().all(|&(_, r)| reqs[r].is_done())
    })
    .await;
    // The RFC 5780 server: the first in the given order that has answered
    // with OTHER-ADDRESS.
    let chosen = test1.iter().find(
        |&&(_, r)| matches!(&m.reqs[r].state, State::Got { resp, .. } if resp.other.is_some()),
    );
    let mut hairpin_req = None;
    if let Some(&(si, r)) = chosen {
        let primary = m.reqs[r].dest;
        let State::Got { resp, rtt, .. } = m.reqs[r].state.clone() else {
            unreachable!()
        };
        let alt = resp.other.expect("chosen for its OTHER-ADDRESS");
        let rto = rto_from(rtt);
        obs.primary = Some(primary);
        // An OTHER-ADDRESS of the wrong family or equal to the primary is
        // useless for the tests: treat the server as not doing RFC 5780.
        if Family::of(alt.ip()) == family
            && alt.ip() != primary.ip()
            && alt.port() != primary.port()
        {
            obs.other = Some(alt);
            per_server[si].rfc5780 = Some(true);
            let t2 = m.add(
                SocketAddr::new(alt.ip(), primary.port()),
                RequestOptions::default(),
                rto,
            );
            let t3 = m.add(alt, RequestOptions::default(), rto);
            let fb = f.add(primary, RequestOptions::default(), INITIAL_RTO);
            if extras.hairpin {
                hairpin_req = Some(m.add_hairpin(resp.mapped, rto));
            }
            let mapping = m.run_until(deadline, |reqs| reqs.iter().all(Req::is_settled));
            let filtering = async {
                f.run_until(deadline, |reqs| reqs[fb].is_settled()).await;
                let frto = match &f.reqs[fb].state {
                    State::Got { rtt, .. } => Some(rto_from(*rtt)),
                    _ => None,
                };
                if let Some(frto) = frto {
                    let change = |change_ip| RequestOptions {
                        change: ChangeRequest {
                            change_ip,
                            change_port: true,
                        },
                        response_port: None,
                    };
                    f.add(primary, change(true), frto);
                    f.add(primary, change(false), frto);
                    f.run_until(deadline, |reqs| reqs.iter().all(Req::is_settled))
                        .await;
                }
            };
            tokio::join!(mapping, filtering);
            obs.map2 = m.reqs[t2].answer(deadline);
            obs.map3 = m.reqs[t3].answer(deadline);
            obs.filter_base = f.reqs[fb].answer(deadline);
            if f.reqs.len() == 3 {
                obs.filter_ip_port = f.reqs[1].answer(deadline);
                obs.filter_port = f.reqs[2].answer(deadline);
            }
        }
    }
    // The other servers' test I (still running when an RFC 5780 server
    // answered first) finish within the same deadline.
    m.run_until(deadline, |reqs| {
        test1.iter().all(|&(_, r)| reqs[r].is_settled())
    })
    .await;
    if obs.primary.is_none() {
        // No RFC 5780 server: the first that answered stands as test I.
        obs.primary = test1
            .iter()
            .map(|&(_, r)| &m.reqs[r])
            .find(|r| matches!(r.state, State::Got { .. }))
            .or_else(|| test1.first().map(|&(_, r)| &m.reqs[r]))
            .map(|r| r.dest);
    }
    for &(i, r) in &test1 {
        let req = &m.reqs[r];
        match &req.state {
            State::Got { resp, .. } => {
                if per_server[i].rfc5780.is_none() {
                    per_server[i].rfc5780 = Some(resp.other.is_some());
                }
            }
            State::Failed(e) | State::Unreachable(e) => {
                per_server[i].error = Some(e.detail.clone())
            }
            _ => {
                per_server[i].error =
                    Some("no answer before the deadline (after retransmissions)".into())
            }
        }
        let answer = req.answer(deadline);
        if obs.primary == Some(req.dest) && obs.map1 == Answer::NotRun {
            obs.map1 = answer;
        } else {
            obs.others.push((req.dest, answer));
        }
    }
    let hairpin = hairpin_req.map(|h| matches!(m.reqs[h].state, State::Hairpinned));
    // The mapping socket is bound to the wildcard address: the source address
    // the kernel picks towards the server is what the NAT (if any) rewrites.
    if let (Some(local), Some(primary)) = (obs.local, obs.primary)
        && let Some(ip) = source_ip_towards(primary).await
    {
        obs.local = Some(SocketAddr::new(ip, local.port()));
    }

    let mut result = finish(obs, hairpin, None);
    if extras.lifetime
        && let Some(primary) = result.observations.as_ref().and_then(|o| o.primary)
        && result.class.mapped.is_some()
    {
        let (lo, hi, why) = lifetime(primary, family).await;
        result.lifetime_seconds = lo;
        result.lifetime_max_seconds = hi;
        if let Some(detail) = why {
            result.class.inconclusive.push(nat_type::Reason {
                code: "lifetime_unmeasured",
                family,
                detail,
            });
        }
    }
    (Some(result), per_server)
}

fn finish(obs: Observations, hairpin: Option<bool>, lifetime: Option<u64>) -> FamilyResult {
    FamilyResult {
        class: nat_type::classify(&obs),
        hairpin,
        lifetime_seconds: lifetime,
        lifetime_max_seconds: None,
        observations: Some(obs),
    }
}

/// RFC 5389 7.2.1 with a measured round trip (RFC 2988: SRTT + 4·RTTVAR,
/// RTTVAR = RTT/2 on the first sample), floored, never above the initial RTO.
fn rto_from(rtt: Duration) -> Duration {
    rtt.saturating_mul(3).clamp(MIN_RTO, INITIAL_RTO)
}

/// `--lifetime`: how long an idle mapping lives, bounded by [`MAX_LIFETIME`].
///
/// Sockets are opened together, each gets a mapping from the primary server,
/// then each stays idle for its own time and is checked once: a second socket
/// asks the server to answer to the first one's public port (RESPONSE-PORT,
/// RFC 5780 7.5). An answer that arrives proves the idle mapping was still
/// there. Returns (longest alive, shortest dead, why not measured).
async fn lifetime(
    primary: SocketAddr,
    family: Family,
) -> (Option<u64>, Option<u64>, Option<String>) {
    const STEPS: &[u64] = &[5, 10, 20, 30, 45, 60, 90, 120];
    let start = Instant::now();
    let setup_deadline = start + Duration::from_secs(3);
    let mut idle: Vec<(u64, UdpSocket, SocketAddr)> = Vec::new();
    for &secs in STEPS {
        let Ok(sock) = bind(family).await else {
            return (None, None, Some("cannot open a UDP socket".into()));
        };
        let mut s = Session::new(sock);
        let r = s.add(primary, RequestOptions::default(), INITIAL_RTO);
        s.run_until(setup_deadline, |reqs| reqs[r].is_done()).await;
        let State::Got { resp, .. } = &s.reqs[r].state else {
            return (None, None, Some("the server stopped answering".into()));
        };
        let mapped = resp.mapped;
        idle.push((secs, s.sock, mapped));
    }
    let Ok(asker) = bind(family).await else {
        return (None, None, Some("cannot open a UDP socket".into()));
    };
    let mut asker = Session::new(asker);
    let mut alive_max = None;
    for (secs, sock, mapped) in idle {
        let at = start + Duration::from_secs(secs);
        tokio::time::sleep_until(at).await;
        let r = asker.add(
            primary,
            RequestOptions {
                change: ChangeRequest::default(),
                response_port: Some(mapped.port()),
            },
            INITIAL_RTO,
        );
        let tid = asker.reqs[r].tid;
        // The answer goes to `sock`'s mapping, not to the asker: send from
        // the asker, listen on the idle socket.
        let check_deadline = Instant::now() + Duration::from_secs(3);
        let got = async {
            let mut buf = [0u8; 2048];
            loop {
                let Ok(Ok((n, _))) = timeout_at(check_deadline, sock.recv_from(&mut buf)).await
                else {
                    return false;
                };
                if stun::transaction_id(&buf[..n]) == Some(tid) {
                    return true;
                }
            }
        };
        let send = asker.run_until(check_deadline, |reqs| reqs[r].is_done());
        let (alive, ()) = tokio::join!(got, send);
        if let State::Failed(e) = &asker.reqs[r].state {
            return (
                None,
                None,
                Some(format!("the server refused RESPONSE-PORT: {}", e.detail)),
            );
        }
        if alive {
            alive_max = Some(secs);
        } else {
            return match alive_max {
                Some(_) => (alive_max, Some(secs), None),
                None if secs == STEPS[0] => (
                    None,
                    Some(secs),
                    Some(
                        "no answer reached the idle socket even after 5 s: the server may ignore RESPONSE-PORT"
                            .into(),
                    ),
                ),
                None => (None, Some(secs), None),
            };
        }
    }
    (alive_max, None, None)
}

/// The check's whole answer: a summary for the family that decides (IPv4
/// when it answered, else IPv6), the per-family results, the servers. The
/// same keys appear in `netcheck nat --json` and in doctor's `nat_type`.
#[derive(Debug, Clone, Serialize)]
pub struct NatTypeReport {
    /// Which family the summary keys describe.
    pub family: Option<Family>,
    pub mapping: Option<nat_type::Behaviour>,
    pub filtering: Option<nat_type::Behaviour>,
    pub port_preserved: Option<bool>,
    pub varies_by_destination: Option<bool>,
    pub hairpin: Option<bool>,
    pub lifetime_seconds: Option<u64>,
    pub p2p: Option<nat_type::P2p>,
    pub xbox: Option<nat_type::Xbox>,
    pub playstation: Option<nat_type::PlayStation>,
    /// What to do, as stable codes (enable_upnp, forward_port, bridge_mode, open_firewall).
    pub advice: Vec<&'static str>,
    pub ipv4: Option<FamilyResult>,
    pub ipv6: Option<FamilyResult>,
    pub servers: Vec<ServerResult>,
    pub inconclusive: Vec<nat_type::Reason>,
}

impl NatTypeReport {
    pub fn new(results: Vec<FamilyResult>, servers: Vec<ServerResult>) -> NatTypeReport {
        let mut ipv4 = None;
        let mut ipv6 = None;
        for r in results {
            match r.class.family {
                Family::Ipv4 => ipv4 = Some(r),
                Family::Ipv6 => ipv6 = Some(r),
            }
        }
        let answered =
            |r: &Option<FamilyResult>| r.as_ref().is_some_and(|r| r.class.mapped.is_some());
        let main = if answered(&ipv4) || (!answered(&ipv6) && ipv4.is_some()) {
            ipv4.as_ref()
        } else {
            ipv6.as_ref()
        };
        let inconclusive = ipv4
            .iter()
            .chain(ipv6.iter())
            .flat_map(|r| r.class.inconclusive.iter().cloned())
            .collect();
        NatTypeReport {
            family: main.map(|r| r.class.family),
            mapping: main.and_then(|r| r.class.mapping),
            filtering: main.and_then(|r| r.class.filtering),
            port_preserved: main.and_then(|r| r.class.port_preserved),
            varies_by_destination: main.and_then(|r| r.class.varies_by_destination),
            hairpin: main.and_then(|r| r.hairpin),
            lifetime_seconds: main.and_then(|r| r.lifetime_seconds),
            p2p: main.and_then(|r| r.class.p2p),
            xbox: main.and_then(|r| r.class.xbox),
            playstation: main.and_then(|r| r.class.playstation),
            advice: main.map(|r| nat_type::advice(&r.class)).unwrap_or_default(),
            ipv4,
            ipv6,
            servers,
            inconclusive,
        }
    }

    /// Something was decided (at least one of P2P / Xbox / PlayStation).
    pub fn decided(&self) -> bool {
        self.p2p.is_some() || self.xbox.is_some() || self.playstation.is_some()
    }
}
