//! Pure network facts and decisions: address classes, the host's interfaces
//! as data, public-IP sources and their consensus, the NAT verdict.

pub mod addr;
pub mod cause;
pub mod consensus;
pub mod host;
pub mod ipv6_pick;
pub mod nat;
pub mod nat_type;
pub mod reflect;
pub mod sources;
pub mod stun_servers;
pub mod transport;
pub mod url;
pub mod vantages;

pub use transport::{Protocols, Transport};

use serde::Serialize;

/// An address family, as asked for with `-4` / `-6`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    Ipv4,
    Ipv6,
}

impl Family {
    pub fn of(ip: std::net::IpAddr) -> Family {
        if ip.is_ipv4() {
            Family::Ipv4
        } else {
            Family::Ipv6
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Family::Ipv4 => "IPv4",
            Family::Ipv6 => "IPv6",
        }
    }
}

/// `host`, `host:port`, `[v6]`, `[v6]:port`, or a bare IPv6 literal.
pub fn split_host_port(s: &str) -> Option<(&str, Option<&str>)> {
    if let Some(rest) = s.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        return match after {
            "" => Some((host, None)),
            _ => Some((host, Some(after.strip_prefix(':')?))),
        };
    }
    if s.matches(':').count() > 1 {
        return Some((s, None));
    }
    match s.split_once(':') {
        Some((h, p)) => Some((h, Some(p))),
        None => Some((s, None)),
    }
}
