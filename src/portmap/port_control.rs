//! NAT-PMP (RFC 6886) and PCP (RFC 6887) on the router's port 5351, with a
//! real fallback between them: PCP first, NAT-PMP when PCP is refused,
//! unsupported or silent.

use super::{MapError, Mapped, Method, Refusal, Request, Router};
use crate::net::Transport;
use crate::net::nat::RouterWan;
use crate::proto::natpmp::{self, NatPmpError};
use crate::proto::pcp::{self, PcpError};
use std::net::{IpAddr, Ipv4Addr};
use tokio::time::Instant;

fn proto(p: Transport) -> natpmp::Protocol {
    match p {
        Transport::Tcp => natpmp::Protocol::Tcp,
        Transport::Udp => natpmp::Protocol::Udp,
    }
}

/// Tag hashed in front of every PCP nonce; changing it orphans every PCP
/// mapping made by an earlier netcheck, so it never changes.
pub const NONCE_TAG: &[u8] = b"netcheck pcp nonce v1\0";

/// The PCP nonce for one mapping of this host. RFC 6887 wants it random, so
/// off-path hosts cannot guess it; it is derived instead from this host's
/// address, the internal port and the protocol, so that a later run of
/// netcheck (`--remove`, a new `--keep`, an upgraded build) can renew or
/// delete the mapping — miniupnpd refuses PCP deletes with another nonce and
/// ignores NAT-PMP deletes of PCP mappings. Hosts on the LAN could compute
/// it; they can already see the request.
///
/// The function is fixed (golden vectors in the tests, computed with
/// Python's hashlib): the first 12 bytes of
/// `SHA-256(NONCE_TAG ‖ client IPv4 (4 bytes) ‖ internal port (2 bytes, big
/// endian) ‖ IP protocol number (1 byte: 6 TCP, 17 UDP))`.
pub fn nonce_for(client: Ipv4Addr, internal_port: u16, p: Transport) -> pcp::Nonce {
    use sha2::{Digest, Sha256};
    let protocol: u8 = match p {
        Transport::Tcp => 6,
        Transport::Udp => 17,
    };
    let mut h = Sha256::new();
    h.update(NONCE_TAG);
    h.update(client.octets());
    h.update(internal_port.to_be_bytes());
    h.update([protocol]);
    let digest = h.finalize();
    let mut nonce = [0u8; 12];
    nonce.copy_from_slice(&digest[..12]);
    nonce
}

async fn pcp_request(
    router: Router,
    p: Transport,
    internal_port: u16,
    external_port: u16,
    lifetime_secs: u32,
    deadline: Instant,
) -> Result<pcp::PcpMapping, PcpError> {
    let request = pcp::MapRequest {
        lifetime_secs,
        client_ip: router.lan.addr,
        nonce: nonce_for(router.lan.addr, internal_port, p),
        protocol: proto(p),
        internal_port,
        external_port,
    };
    pcp::map_at(
        std::net::SocketAddrV4::new(router.gateway, pcp::SERVER_PORT),
        request,
        deadline,
    )
    .await
}

/// NAT-PMP/PCP lifetimes have no "permanent": 0 deletes. Ask for the most
/// the router allows instead; it answers with what it grants.
fn lifetime(lease_seconds: u32) -> u32 {
    if lease_seconds == 0 {
        u32::MAX
    } else {
        lease_seconds
    }
}

fn from_natpmp(e: NatPmpError) -> MapError {
    use natpmp::ResultCode as R;
    match e {
        NatPmpError::Timeout => MapError::Timeout,
        NatPmpError::Refused => MapError::NotFound,
        NatPmpError::Result(R::NotAuthorized) => MapError::NotAuthorized,
        NatPmpError::Result(R::NetworkFailure) => MapError::NoExternalAddress,
        NatPmpError::Result(code) => MapError::refused(Refusal::NatPmp(code), &e),
        NatPmpError::Io(ref io) => {
            MapError::refused(Refusal::Network(crate::sys::io_cause(io)), &e)
        }
        NatPmpError::Malformed(_) => MapError::refused(Refusal::Garbled, &e),
        // NAT-PMP is version 0: a router never says this to it.
        NatPmpError::UnsupportedVersion { .. } => MapError::refused(Refusal::Unknown, &e),
    }
}

fn from_pcp(e: PcpError) -> MapError {
    use pcp::ResultCode as R;
    match e {
        PcpError::Timeout => MapError::Timeout,
        PcpError::Refused => MapError::NotFound,
        PcpError::Result(R::NotAuthorized) => MapError::NotAuthorized,
        PcpError::Result(R::NetworkFailure | R::CannotProvideExternal) => {
            MapError::NoExternalAddress
        }
        PcpError::Result(code) => MapError::refused(Refusal::Pcp(code), &e),
        PcpError::Io(ref io) => MapError::refused(Refusal::Network(crate::sys::io_cause(io)), &e),
        PcpError::Malformed(_) => MapError::refused(Refusal::Garbled, &e),
        PcpError::UnsupportedVersion { version } => {
            MapError::refused(Refusal::PcpVersion(version), &e)
        }
    }
}

/// Does anything answer on port 5351? Returns the router's external address
/// when NAT-PMP tells it (`None`: it answered but has none, or speaks PCP only).
pub async fn probe(gateway: Ipv4Addr, deadline: Instant) -> Result<Option<Ipv4Addr>, MapError> {
    probed(natpmp::external_address(gateway, deadline).await)
}

/// [`probe`]'s answer from the external-address exchange.
fn probed(
    asked: Result<natpmp::ExternalAddress, NatPmpError>,
) -> Result<Option<Ipv4Addr>, MapError> {
    match asked {
        Ok(a) if a.ip.is_unspecified() => Ok(None),
        Ok(a) => Ok(Some(a.ip)),
        // An answer, even a refusal or a PCP-format one, means a server is there.
        Err(NatPmpError::Result(_) | NatPmpError::Malformed(_)) => Ok(None),
        Err(e) => Err(from_natpmp(e)),
    }
}

/// NAT-PMP asked for by name (`--method natpmp`): the map request and the
/// external-address request go out together, instead of [`probe`] and then
/// [`map`] one round trip after the other. Returns what each of them would
/// have: the probe's answer and the mapping. The caller checks first that
/// `req` maps this host's own address (`map`'s first rule).
pub async fn probe_and_map_natpmp(
    router: Router,
    req: &Request,
    deadline: Instant,
) -> (
    Result<Option<Ipv4Addr>, MapError>,
    Result<Mapped, Vec<(Method, MapError)>>,
) {
    let (asked, done) = tokio::join!(
        natpmp::external_address(router.gateway, deadline),
        natpmp_rules(router, req, deadline)
    );
    let mapped = match done {
        Ok(done) => Ok(natpmp_mapped(req, &done, router_wan(&asked))),
        Err(e) => Err(vec![(Method::Natpmp, e)]),
    };
    (probed(asked), mapped)
}

/// Maps every protocol with the first of `allowed` (PCP, then NAT-PMP) that
/// works. `auto_only`: the user did not ask for these methods by name.
/// `known_wan`: the external address [`probe`] just read, so NAT-PMP need
/// not ask for it again.
pub async fn map(
    router: Router,
    req: &Request,
    allowed: &[Method],
    auto_only: bool,
    known_wan: Option<Ipv4Addr>,
    deadline: Instant,
) -> Result<Mapped, Vec<(Method, MapError)>> {
    if *req.internal.ip() != router.lan.addr {
        let why = MapError::OnlyOwnAddress;
        return Err(allowed.iter().map(|m| (*m, why.clone())).collect());
    }
    let mut fails = Vec::new();
    if auto_only && (req.internal.port() < 1024 || req.external_port < 1024) {
        let why = MapError::SkippedLowPort;
        return Err(allowed.iter().map(|m| (*m, why.clone())).collect());
    }
    for &method in allowed {
        let r = match method {
            Method::Pcp => map_pcp(router, req, deadline).await,
            Method::Natpmp => map_natpmp(router, req, known_wan, deadline).await,
            _ => continue,
        };
        match r {
            Ok(m) => return Ok(m),
            // A taken port is the same on every protocol: no point trying the next.
            Err(e @ MapError::Conflict { .. }) => {
                fails.push((method, e));
                break;
            }
            Err(e) => fails.push((method, e)),
        }
    }
    Err(fails)
}

/// Maps every protocol of `req` with `map_one`. A different external port
/// than asked is a conflict; on any failure the protocols already mapped are
/// removed again with `unmap_one`, so no half-done rule is left behind.
async fn map_all<M: Copy>(
    req: &Request,
    map_one: impl AsyncFn(Transport) -> Result<M, MapError>,
    unmap_one: impl AsyncFn(Transport),
    external_port: fn(&M) -> u16,
) -> Result<Vec<M>, MapError> {
    let mut done: Vec<(Transport, M)> = Vec::new();
    for &p in &req.protocols {
        let failure = match map_one(p).await {
            Ok(m) if external_port(&m) == req.external_port => {
                done.push((p, m));
                continue;
            }
            Ok(m) => {
                unmap_one(p).await;
                MapError::Conflict {
                    holder: None,
                    offered_port: Some(external_port(&m)),
                }
            }
            Err(e) => e,
        };
        for (q, _) in &done {
            unmap_one(*q).await;
        }
        return Err(failure);
    }
    Ok(done.into_iter().map(|(_, m)| m).collect())
}

async fn map_pcp(router: Router, req: &Request, deadline: Instant) -> Result<Mapped, MapError> {
    let port = req.internal.port();
    let done = map_all(
        req,
        async |p| {
            pcp_request(
                router,
                p,
                port,
                req.external_port,
                lifetime(req.lease_seconds),
                deadline,
            )
            .await
            .map_err(from_pcp)
        },
        async |p| {
            let _ = pcp_request(router, p, port, 0, 0, deadline).await;
        },
        |m: &pcp::PcpMapping| m.external_port,
    )
    .await?;
    let first = done.first().copied();
    let wan = match first.and_then(|m| m.external_ip) {
        Some(ip) if !ip.is_unspecified() => RouterWan::Addr(IpAddr::V4(ip)),
        _ => RouterWan::NoAddress,
    };
    Ok(Mapped {
        method: Method::Pcp,
        router_wan: wan,
        external_port: req.external_port,
        internal: req.internal,
        protocols: req.protocols.clone(),
        lease_seconds: first.map_or(0, |m| m.lifetime_secs),
        forced_permanent: false,
        confirmed: true,
        epoch: first.map(|m| m.epoch),
    })
}

async fn map_natpmp(
    router: Router,
    req: &Request,
    known_wan: Option<Ipv4Addr>,
    deadline: Instant,
) -> Result<Mapped, MapError> {
    let done = natpmp_rules(router, req, deadline).await?;
    let asked = match known_wan {
        Some(ip) => Ok(natpmp::ExternalAddress { epoch: 0, ip }),
        None => natpmp::external_address(router.gateway, deadline).await,
    };
    Ok(natpmp_mapped(req, &done, router_wan(&asked)))
}

/// Maps every protocol of `req` with NAT-PMP.
async fn natpmp_rules(
    router: Router,
    req: &Request,
    deadline: Instant,
) -> Result<Vec<natpmp::Mapping>, MapError> {
    let port = req.internal.port();
    map_all(
        req,
        async |p| {
            natpmp::map(
                router.gateway,
                proto(p),
                port,
                req.external_port,
                lifetime(req.lease_seconds),
                deadline,
            )
            .await
            .map_err(from_natpmp)
        },
        async |p| {
            let _ = natpmp::unmap(router.gateway, proto(p), port, deadline).await;
        },
        |m: &natpmp::Mapping| m.external_port,
    )
    .await
}

/// The router's WAN as NAT-PMP's external-address answer tells it.
fn router_wan(asked: &Result<natpmp::ExternalAddress, NatPmpError>) -> RouterWan {
    match asked {
        Ok(a) if !a.ip.is_unspecified() => RouterWan::Addr(IpAddr::V4(a.ip)),
        Ok(_) | Err(NatPmpError::Result(natpmp::ResultCode::NetworkFailure)) => {
            RouterWan::NoAddress
        }
        Err(_) => RouterWan::NotAsked,
    }
}

fn natpmp_mapped(req: &Request, done: &[natpmp::Mapping], wan: RouterWan) -> Mapped {
    let first = done.first().copied();
    Mapped {
        method: Method::Natpmp,
        router_wan: wan,
        external_port: req.external_port,
        internal: req.internal,
        protocols: req.protocols.clone(),
        lease_seconds: first.map_or(0, |m| m.lifetime_secs),
        forced_permanent: false,
        confirmed: true,
        epoch: first.map(|m| m.epoch),
    }
}

/// Deletes this host's mapping of the internal port: PCP with this host's
/// nonce first (miniupnpd keeps PCP mappings through NAT-PMP deletes), then
/// NAT-PMP. Returns the method that answered.
pub async fn unmap(router: Router, req: &Request, deadline: Instant) -> Result<Method, MapError> {
    let mut used = Method::Pcp;
    for &p in &req.protocols {
        if pcp_request(router, p, req.internal.port(), 0, 0, deadline)
            .await
            .is_ok()
        {
            continue;
        }
        natpmp::unmap(router.gateway, proto(p), req.internal.port(), deadline)
            .await
            .map_err(from_natpmp)?;
        used = Method::Natpmp;
    }
    Ok(used)
}

/// Renews with the method that mapped; tells whether the router had lost it
/// (its epoch went backwards: it restarted).
pub async fn renew(
    router: Router,
    req: &Request,
    method: Method,
    last_epoch: Option<(u32, Instant)>,
    deadline: Instant,
) -> Result<(Mapped, bool), MapError> {
    let m = match method {
        Method::Pcp => map_pcp(router, req, deadline).await?,
        _ => map_natpmp(router, req, None, deadline).await?,
    };
    let restarted = match (last_epoch, m.epoch) {
        (Some((old, at)), Some(new)) => epoch_went_back(old, at.elapsed().as_secs(), new),
        _ => false,
    };
    Ok((m, restarted))
}

/// RFC 6886 §3.6: the router restarted if its epoch is less than the old
/// one plus 7/8 of the time passed, minus 2 s of slack.
pub fn epoch_went_back(old: u32, elapsed_secs: u64, new: u32) -> bool {
    let expected = u64::from(old) + elapsed_secs * 7 / 8;
    u64::from(new) + 2 < expected
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_table() {
        for (old, elapsed, new, restarted) in [
            (1000, 60, 1060, false),
            (1000, 60, 1050, false),
            (1000, 60, 5, true),
            (1000, 0, 999, false),
            (0, 0, 0, false),
            (100, 1000, 200, true),
        ] {
            assert_eq!(
                epoch_went_back(old, elapsed, new),
                restarted,
                "{old} {elapsed} {new}"
            );
        }
    }

    #[test]
    fn nonce_is_stable_per_mapping_and_differs_between_mappings() {
        let ip = Ipv4Addr::new(192, 168, 99, 123);
        assert_eq!(
            nonce_for(ip, 5000, Transport::Tcp),
            nonce_for(ip, 5000, Transport::Tcp)
        );
        assert_ne!(
            nonce_for(ip, 5000, Transport::Tcp),
            nonce_for(ip, 5000, Transport::Udp)
        );
        assert_ne!(
            nonce_for(ip, 5000, Transport::Tcp),
            nonce_for(ip, 5001, Transport::Tcp)
        );
        assert_ne!(
            nonce_for(ip, 5000, Transport::Tcp),
            nonce_for(Ipv4Addr::new(192, 168, 99, 5), 5000, Transport::Tcp)
        );
    }

    /// Pinned values: an upgraded netcheck must derive the same nonce as an
    /// older one, or it could not renew or remove the older one's mappings.
    /// Computed independently: `hashlib.sha256(b"netcheck pcp nonce v1\0" +
    /// ip.packed + port.to_bytes(2, "big") + bytes([proto])).hexdigest()[:24]`.
    #[test]
    fn nonce_golden_vectors() {
        let hex = |n: pcp::Nonce| n.iter().map(|b| format!("{b:02x}")).collect::<String>();
        let lan = Ipv4Addr::new(192, 168, 99, 123);
        for (ip, port, p, want) in [
            (lan, 5000, Transport::Tcp, "aba5447eb3c25b6cb37c902a"),
            (lan, 5000, Transport::Udp, "36b9472b31f44f77e7360a48"),
            (lan, 5001, Transport::Tcp, "b3a239715cf5a1399d41c0ff"),
            (
                Ipv4Addr::new(10, 0, 0, 2),
                65535,
                Transport::Udp,
                "5808bfbfc0d3c9d81e455ebf",
            ),
        ] {
            assert_eq!(hex(nonce_for(ip, port, p)), want, "{ip} {port} {p:?}");
        }
    }

    #[test]
    fn permanent_asks_for_the_longest() {
        assert_eq!(lifetime(0), u32::MAX);
        assert_eq!(lifetime(3600), 3600);
    }
}
