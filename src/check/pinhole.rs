//! The IPv6 pinhole check: which stable address of this host a pinhole is
//! for, and (unless only the manual way is asked for) opening it on the
//! router. Facts only: `forward --ipv6` and `doctor --forward` word them.

use crate::net::ipv6_pick::{self, NoPick, Picked, Reason, Skipped};
use crate::portmap::pinhole::{self, HoleAttempt, HoleRequest, Host6};
use crate::portmap::pinhole_state::{self, Entry, PinholeMethod, PinholeProto};
use crate::router::brands::{self, Brand};
use serde::Serialize;
use std::net::Ipv6Addr;
use tokio::time::Instant;

/// The `pinhole` object of the JSON reports.
#[derive(Debug, Clone, Serialize)]
pub struct PinholeOut {
    pub method: PinholeMethod,
    pub address: Ipv6Addr,
    pub port: u16,
    pub protocol: PinholeProto,
    pub unique_id: Option<u16>,
    pub lease_seconds: u32,
    /// open, renewed, reopened, removed, gone, not_asked, unknown
    pub state: &'static str,
}

impl PinholeOut {
    pub fn of(e: &Entry, state: &'static str) -> PinholeOut {
        PinholeOut {
            method: e.method,
            address: e.address,
            port: e.port,
            protocol: e.protocol,
            unique_id: e.unique_id,
            lease_seconds: u32::try_from(e.expires.saturating_sub(pinhole_state::now()))
                .unwrap_or(u32::MAX),
            state,
        }
    }
}

/// What opening a pinhole found.
#[derive(Debug, Clone)]
pub struct Opening {
    /// The address the pinhole is for; `None` when the host has none usable.
    pub address: Option<Ipv6Addr>,
    pub address_reason: Option<Reason>,
    pub skipped: Vec<Skipped>,
    /// Why nothing could be tried: no_global_ipv6, only_temporary_ipv6,
    /// server_bound_elsewhere.
    pub problem: Option<&'static str>,
    /// What the router opened (empty: nothing).
    pub entries: Vec<Entry>,
    pub attempts: Vec<HoleAttempt>,
    /// The router's brand by its MAC (for the manual steps).
    pub brand: Brand,
    /// An address was picked and nothing was opened (or only the manual way
    /// was asked for): the port is to be allowed by hand.
    pub by_hand: bool,
}

/// Picks the address and opens the pinholes (unless `manual`).
#[allow(clippy::too_many_arguments)]
pub async fn open(
    host: &Host6,
    port: u16,
    protos: &[PinholeProto],
    lease: u32,
    only: Option<PinholeMethod>,
    manual: bool,
    deadline: Instant,
) -> Opening {
    // The server's own choice wins: when it listens on specific IPv6
    // addresses (TCP, read from the OS), the pinhole is for one of them.
    let bound = if protos.contains(&PinholeProto::Tcp) {
        ipv6_pick::bound_v6(&crate::sys::listeners::tcp_listening(port))
    } else {
        Vec::new()
    };
    let (brand, _) = brands::detect_device(None, host.iface.gateway_mac.as_deref());
    let mut out = Opening {
        address: None,
        address_reason: None,
        skipped: Vec::new(),
        problem: None,
        entries: Vec::new(),
        attempts: Vec::new(),
        brand,
        by_hand: false,
    };
    let Picked {
        address,
        reason,
        skipped,
    } = match ipv6_pick::pick(&host.addrs, &bound) {
        Ok(p) => p,
        Err(no) => {
            let (code, skipped) = match no {
                NoPick::NoGlobal { skipped } => ("no_global_ipv6", skipped),
                NoPick::OnlyTemporary { skipped } => ("only_temporary_ipv6", skipped),
                NoPick::ServerBoundElsewhere { skipped } => ("server_bound_elsewhere", skipped),
            };
            out.problem = Some(code);
            out.skipped = skipped;
            return out;
        }
    };
    out.address = Some(address);
    out.address_reason = Some(reason);
    out.skipped = skipped;
    if manual {
        out.by_hand = true;
        return out;
    }
    let req = HoleRequest {
        address,
        port,
        protocols: protos.to_vec(),
        lease,
    };
    let (entries, attempts) = pinhole::open(&host.router, &req, only, deadline).await;
    out.by_hand = entries.is_empty();
    out.entries = entries;
    out.attempts = attempts;
    out
}
