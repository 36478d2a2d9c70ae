//! How many NATs stand between this host and the internet? Pure, from three
//! addresses: the host's LAN IP, the router's external (WAN) IP as the router
//! reports it, and the public IP the internet sees.

use crate::net::addr::{AddressKind, classify};
use serde::Serialize;
use std::net::IpAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NatVerdict {
    /// The host holds the public address itself.
    None,
    /// One NAT, the home router: a port forward on it is enough.
    Single,
    /// Another NAT beyond the home router (ISP modem-router, or a NAT whose
    /// kind cannot be told): the mapping opens only the first one.
    Double,
    /// The router's WAN is in 100.64.0.0/10: the ISP's carrier-grade NAT.
    Cgnat,
    /// Not enough facts.
    Unknown,
}

impl NatVerdict {
    /// Does a port forward on the home router make the server reachable?
    pub fn blocks_inbound(self) -> bool {
        matches!(self, NatVerdict::Double | NatVerdict::Cgnat)
    }
}

/// What the router said about its external address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouterWan {
    /// No mapping protocol answered: the router was not asked.
    NotAsked,
    /// The router has no usable external address: it refused to map because
    /// its WAN address is private or reserved (miniupnpd's 501), or NAT-PMP
    /// said so.
    NoAddress,
    /// The router answered without an external address (none or 0.0.0.0,
    /// often with status "Disconnected") yet did not refuse to map: what
    /// stands in front of it is unknown. Not evidence of another NAT.
    Unreported,
    Addr(IpAddr),
}

/// The address the internet connects to: the router's WAN address when it is
/// public, else the public IP the internet sees. Never a private, CGNAT or
/// other non-public address (the router's WAN address has its own field).
pub fn external_ip(router: RouterWan, public: Option<IpAddr>) -> Option<IpAddr> {
    match router {
        RouterWan::Addr(wan)
            if matches!(classify(wan), AddressKind::Public | AddressKind::Global) =>
        {
            Some(wan)
        }
        _ => public.filter(|p| matches!(classify(*p), AddressKind::Public | AddressKind::Global)),
    }
}

pub fn verdict(lan: Option<IpAddr>, router: RouterWan, public: Option<IpAddr>) -> NatVerdict {
    if let (Some(lan), Some(public)) = (lan, public)
        && lan == public
    {
        return NatVerdict::None;
    }
    match router {
        RouterWan::Addr(wan) => match classify(wan) {
            AddressKind::Cgnat => NatVerdict::Cgnat,
            AddressKind::Public | AddressKind::Global => match public {
                Some(p) if p == wan => NatVerdict::Single,
                Some(_) => NatVerdict::Double,
                None => NatVerdict::Unknown,
            },
            _ => NatVerdict::Double,
        },
        RouterWan::NoAddress => NatVerdict::Double,
        RouterWan::NotAsked | RouterWan::Unreported => match public.map(classify) {
            Some(AddressKind::Cgnat) => NatVerdict::Cgnat,
            _ => NatVerdict::Unknown,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NatVerdict::{Cgnat, Double, Single, Unknown};

    #[test]
    fn table() {
        let ip = |s: &str| Some(s.parse::<IpAddr>().unwrap());
        let a = |s: &str| RouterWan::Addr(s.parse().unwrap());
        let lan = ip("192.168.99.123");
        let cases = [
            (lan, a("111.222.33.123"), ip("111.222.33.123"), Single),
            (lan, a("111.222.33.123"), ip("111.222.33.200"), Double),
            (lan, a("100.64.0.2"), ip("111.222.33.200"), Cgnat),
            (lan, a("100.64.0.2"), None, Cgnat),
            (lan, a("192.168.0.10"), ip("111.222.33.123"), Double),
            (lan, a("10.0.0.2"), None, Double),
            (lan, RouterWan::NoAddress, ip("111.222.33.200"), Double),
            (lan, RouterWan::NoAddress, None, Double),
            (lan, a("111.222.33.123"), None, Unknown),
            (lan, RouterWan::NotAsked, ip("111.222.33.123"), Unknown),
            (lan, RouterWan::NotAsked, None, Unknown),
            // "Disconnected", 0.0.0.0, yet it maps and forwards: not double NAT.
            (lan, RouterWan::Unreported, ip("111.222.33.123"), Unknown),
            (lan, RouterWan::Unreported, None, Unknown),
            (lan, RouterWan::Unreported, ip("100.64.0.9"), Cgnat),
            (
                ip("111.222.33.50"),
                RouterWan::NotAsked,
                ip("111.222.33.50"),
                NatVerdict::None,
            ),
            (None, a("111.222.33.123"), ip("111.222.33.123"), Single),
        ];
        for (lan, router, public, want) in cases {
            assert_eq!(
                verdict(lan, router, public),
                want,
                "{lan:?} {router:?} {public:?}"
            );
        }
        assert!(Cgnat.blocks_inbound() && Double.blocks_inbound());

        let wan = |s: &str| RouterWan::Addr(s.parse().unwrap());
        let public = ip("111.222.33.200");
        assert_eq!(
            external_ip(wan("111.222.33.123"), public),
            ip("111.222.33.123")
        );
        // A private or CGNAT router WAN is never the external address.
        assert_eq!(external_ip(wan("192.168.1.2"), public), public);
        assert_eq!(external_ip(wan("100.64.0.2"), public), public);
        assert_eq!(external_ip(wan("192.168.1.2"), None), None);
        assert_eq!(external_ip(RouterWan::Unreported, public), public);
        assert_eq!(external_ip(RouterWan::NotAsked, ip("10.0.0.1")), None);
        assert!(!Single.blocks_inbound() && !Unknown.blocks_inbound());
    }
}
