//! The router check (read-only): which of UPnP and NAT-PMP/PCP the router
//! offers, its WAN address, its description, and whose the port's mapping is.

use super::doctor::{Mapping, Offer};
use crate::net::Transport;
use crate::net::nat::RouterWan;
use crate::portmap::{self, Router, port_control};
use crate::proto::upnp_xml::DeviceInfo;
use std::net::IpAddr;
use tokio::time::Instant;

/// What discovery learnt about the router (read-only).
pub struct RouterFacts {
    pub upnp: Offer,
    pub port_control: Offer,
    pub wan: RouterWan,
    pub info: Option<DeviceInfo>,
    pub mapping: Mapping,
}

/// Looks for UPnP and NAT-PMP/PCP on `router` at once, and asks UPnP for
/// its WAN address, its description and the TCP `port`'s entry.
pub async fn look_at_router(router: Router, port: u16, deadline: Instant) -> RouterFacts {
    let upnp = async {
        let igd = portmap::discover_upnp(router, deadline).await.ok()?;
        let entry = igd.specific_entry(Transport::Tcp, port, deadline);
        let (wan, info, entry) = tokio::join!(
            portmap::upnp_wan(&igd, deadline),
            igd.device_info(deadline),
            entry
        );
        Some((wan, info, entry))
    };
    let (upnp, pc) = tokio::join!(upnp, port_control::probe(router.gateway, deadline));
    let mut facts = RouterFacts {
        upnp: Offer::Absent,
        port_control: if pc.is_ok() {
            Offer::Available
        } else {
            Offer::Absent
        },
        wan: match pc {
            Ok(Some(ip)) => RouterWan::Addr(IpAddr::V4(ip)),
            Ok(None) => RouterWan::NoAddress,
            Err(_) => RouterWan::NotAsked,
        },
        info: None,
        mapping: Mapping::Unknown,
    };
    if let Some((wan, info, entry)) = upnp {
        facts.upnp = Offer::Available;
        // UPnP's "no address" does not override NAT-PMP's answer.
        if matches!(wan, RouterWan::Addr(_)) || facts.wan == RouterWan::NotAsked {
            facts.wan = wan;
        }
        facts.info = info;
        facts.mapping = match entry {
            Ok(Some(e))
                if e.internal_client == router.lan.addr.to_string() && e.internal_port == port =>
            {
                Mapping::Present
            }
            Ok(Some(e)) => Mapping::TakenBy(format!("{}:{}", e.internal_client, e.internal_port)),
            Ok(None) => Mapping::Missing,
            Err(_) => Mapping::Unknown,
        };
    }
    facts
}
