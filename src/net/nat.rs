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
    /// The router answered but has no usable external address (none, 0.0.0.0,
    /// or it refused to map because its WAN address is private).
    NoAddress,
    Addr(IpAddr),
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
        RouterWan::NotAsked => match public.map(classify) {
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
        assert!(!Single.blocks_inbound() && !Unknown.blocks_inbound());
    }
}
