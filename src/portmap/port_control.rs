//! NAT-PMP (RFC 6886) and PCP (RFC 6887) on the router's port 5351, with a
//! real fallback between them: PCP first, NAT-PMP when PCP is refused,
//! unsupported or silent.

use super::{MapError, Mapped, Method, Request, Router};
use crate::net::nat::RouterWan;
use crate::proto::natpmp::{self, NatPmpError};
use crate::proto::pcp::{self, PcpError};
use crate::sys::upnp::Proto;
use std::net::{IpAddr, Ipv4Addr};
use tokio::time::Instant;

fn proto(p: Proto) -> natpmp::Protocol {
    match p {
        Proto::Tcp => natpmp::Protocol::Tcp,
        Proto::Udp => natpmp::Protocol::Udp,
    }
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
        other => MapError::Refused(other.to_string()),
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
        other => MapError::Refused(other.to_string()),
    }
}

/// Does anything answer on port 5351? Returns the router's external address
/// when NAT-PMP tells it (`None`: it answered but has none, or speaks PCP only).
pub async fn probe(gateway: Ipv4Addr, deadline: Instant) -> Result<Option<Ipv4Addr>, MapError> {
    match natpmp::external_address(gateway, deadline).await {
        Ok(a) if a.ip.is_unspecified() => Ok(None),
        Ok(a) => Ok(Some(a.ip)),
        // An answer, even a refusal or a PCP-format one, means a server is there.
        Err(NatPmpError::Result(_) | NatPmpError::Malformed(_)) => Ok(None),
        Err(e) => Err(from_natpmp(e)),
    }
}

/// Maps every protocol with the first of `allowed` (PCP, then NAT-PMP) that works.
pub async fn map(
    router: Router,
    req: &Request,
    allowed: &[Method],
    deadline: Instant,
) -> Result<Mapped, Vec<(Method, MapError)>> {
    if *req.internal.ip() != router.lan.addr {
        let why = MapError::Refused("NAT-PMP and PCP forward only to the machine that asks; use UPnP or run netcheck on that machine".into());
        return Err(allowed.iter().map(|m| (*m, why.clone())).collect());
    }
    let mut fails = Vec::new();
    for &method in allowed {
        let r = match method {
            Method::Pcp => map_pcp(router, req, deadline).await,
            Method::Natpmp => map_natpmp(router, req, deadline).await,
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

async fn map_pcp(router: Router, req: &Request, deadline: Instant) -> Result<Mapped, MapError> {
    let mut done: Vec<(Proto, pcp::PcpMapping)> = Vec::new();
    for &p in &req.protocols {
        let got = pcp::map(
            router.gateway,
            router.lan.addr,
            proto(p),
            req.internal.port(),
            req.external_port,
            lifetime(req.lease_seconds),
            deadline,
        )
        .await;
        let failure = match got {
            Ok(m) if m.external_port == req.external_port => {
                done.push((p, m));
                continue;
            }
            Ok(m) => {
                let _ = pcp::unmap(
                    router.gateway,
                    router.lan.addr,
                    proto(p),
                    req.internal.port(),
                    Some(m.nonce),
                    deadline,
                )
                .await;
                MapError::Conflict {
                    holder: None,
                    offered_port: Some(m.external_port),
                }
            }
            Err(e) => from_pcp(e),
        };
        for (q, m) in &done {
            let _ = pcp::unmap(
                router.gateway,
                router.lan.addr,
                proto(*q),
                req.internal.port(),
                Some(m.nonce),
                deadline,
            )
            .await;
        }
        return Err(failure);
    }
    let first = done.first().map(|(_, m)| *m);
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
        pcp_nonces: done.iter().map(|(p, m)| (*p, m.nonce)).collect(),
    })
}

async fn map_natpmp(router: Router, req: &Request, deadline: Instant) -> Result<Mapped, MapError> {
    let mut done: Vec<(Proto, natpmp::Mapping)> = Vec::new();
    for &p in &req.protocols {
        let got = natpmp::map(
            router.gateway,
            proto(p),
            req.internal.port(),
            req.external_port,
            lifetime(req.lease_seconds),
            deadline,
        )
        .await;
        let failure = match got {
            Ok(m) if m.external_port == req.external_port => {
                done.push((p, m));
                continue;
            }
            Ok(m) => {
                let _ =
                    natpmp::unmap(router.gateway, proto(p), req.internal.port(), deadline).await;
                MapError::Conflict {
                    holder: None,
                    offered_port: Some(m.external_port),
                }
            }
            Err(e) => from_natpmp(e),
        };
        for (q, _) in &done {
            let _ = natpmp::unmap(router.gateway, proto(*q), req.internal.port(), deadline).await;
        }
        return Err(failure);
    }
    let wan = match natpmp::external_address(router.gateway, deadline).await {
        Ok(a) if !a.ip.is_unspecified() => RouterWan::Addr(IpAddr::V4(a.ip)),
        Ok(_) | Err(NatPmpError::Result(natpmp::ResultCode::NetworkFailure)) => {
            RouterWan::NoAddress
        }
        Err(_) => RouterWan::NotAsked,
    };
    let first = done.first().map(|(_, m)| *m);
    Ok(Mapped {
        method: Method::Natpmp,
        router_wan: wan,
        external_port: req.external_port,
        internal: req.internal,
        protocols: req.protocols.clone(),
        lease_seconds: first.map_or(0, |m| m.lifetime_secs),
        forced_permanent: false,
        confirmed: true,
        epoch: first.map(|m| m.epoch),
        pcp_nonces: Vec::new(),
    })
}

/// Deletes this host's mapping of the internal port: NAT-PMP first (it needs
/// no nonce), then PCP with the nonces when known.
pub async fn unmap(
    gateway: Ipv4Addr,
    lan_ip: Ipv4Addr,
    req: &Request,
    nonces: &[(Proto, pcp::Nonce)],
    deadline: Instant,
) -> Result<(), MapError> {
    for &p in &req.protocols {
        match natpmp::unmap(gateway, proto(p), req.internal.port(), deadline).await {
            Ok(_) => continue,
            Err(first) => {
                let nonce = nonces.iter().find(|(q, _)| *q == p).map(|(_, n)| *n);
                pcp::unmap(
                    gateway,
                    lan_ip,
                    proto(p),
                    req.internal.port(),
                    nonce,
                    deadline,
                )
                .await
                .map_err(|_| from_natpmp(first))?;
            }
        }
    }
    Ok(())
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
        _ => map_natpmp(router, req, deadline).await?,
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
    fn permanent_asks_for_the_longest() {
        assert_eq!(lifetime(0), u32::MAX);
        assert_eq!(lifetime(3600), 3600);
    }
}
