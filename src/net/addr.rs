//! What kind of address is this, and what does that mean for hosting a server?
//! Pure functions, table-tested.

use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AddressKind {
    /// RFC 1918 (10/8, 172.16/12, 192.168/16): a home or office LAN.
    Private,
    /// RFC 6598 shared address space 100.64.0.0/10: carrier-grade NAT.
    Cgnat,
    /// Reachable on the internet (IPv4).
    Public,
    /// IPv6 global unicast (2000::/3).
    Global,
    /// IPv6 unique local fc00::/7: the IPv6 twin of a private address.
    Ula,
    /// 169.254/16, fe80::/10: no router gave this host an address.
    LinkLocal,
    Loopback,
    Unspecified,
    Multicast,
    /// Documentation, benchmarking, future use, broadcast, 0/8 …
    Reserved,
}

impl AddressKind {
    /// Every kind, in the order of the enum.
    pub const ALL: [AddressKind; 10] = [
        AddressKind::Private,
        AddressKind::Cgnat,
        AddressKind::Public,
        AddressKind::Global,
        AddressKind::Ula,
        AddressKind::LinkLocal,
        AddressKind::Loopback,
        AddressKind::Unspecified,
        AddressKind::Multicast,
        AddressKind::Reserved,
    ];
}

pub fn classify(ip: IpAddr) -> AddressKind {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

pub fn classify_v4(ip: Ipv4Addr) -> AddressKind {
    let [a, b, c, _] = ip.octets();
    match (a, b, c) {
        _ if ip.is_unspecified() => AddressKind::Unspecified,
        (127, _, _) => AddressKind::Loopback,
        (10, _, _) | (192, 168, _) => AddressKind::Private,
        (172, 16..=31, _) => AddressKind::Private,
        (100, 64..=127, _) => AddressKind::Cgnat,
        (169, 254, _) => AddressKind::LinkLocal,
        (224..=239, _, _) => AddressKind::Multicast,
        (0, _, _) | (240..=255, _, _) => AddressKind::Reserved,
        (192, 0, 0) | (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => AddressKind::Reserved,
        (198, 18..=19, _) => AddressKind::Reserved,
        _ => AddressKind::Public,
    }
}

pub fn classify_v6(ip: Ipv6Addr) -> AddressKind {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return classify_v4(v4);
    }
    let seg = ip.segments();
    if ip.is_unspecified() {
        AddressKind::Unspecified
    } else if ip.is_loopback() {
        AddressKind::Loopback
    } else if seg[0] & 0xffc0 == 0xfe80 {
        AddressKind::LinkLocal
    } else if seg[0] & 0xfe00 == 0xfc00 {
        AddressKind::Ula
    } else if seg[0] & 0xff00 == 0xff00 {
        AddressKind::Multicast
    } else if seg[0] == 0x2001 && seg[1] == 0x0db8 {
        AddressKind::Reserved
    } else if seg[0] & 0xe000 == 0x2000 {
        AddressKind::Global
    } else {
        AddressKind::Reserved
    }
}

/// Can this address be somebody's public address on the internet?
pub fn is_internet_routable(ip: IpAddr) -> bool {
    matches!(classify(ip), AddressKind::Public | AddressKind::Global)
}

#[cfg(test)]
mod tests {
    use super::*;
    use AddressKind::*;

    #[test]
    fn table() {
        let cases = [
            ("192.168.99.123", Private),
            ("10.0.0.1", Private),
            ("172.16.0.1", Private),
            ("172.31.255.255", Private),
            ("172.32.0.1", Public),
            ("100.64.0.1", Cgnat),
            ("100.127.255.254", Cgnat),
            ("100.128.0.1", Public),
            ("111.222.33.123", Public),
            ("8.8.8.8", Public),
            ("169.254.1.1", LinkLocal),
            ("127.0.0.1", Loopback),
            ("0.0.0.0", Unspecified),
            ("0.1.2.3", Reserved),
            ("192.0.2.1", Reserved),
            ("198.51.100.7", Reserved),
            ("203.0.113.9", Reserved),
            ("198.18.0.1", Reserved),
            ("224.0.0.251", Multicast),
            ("255.255.255.255", Reserved),
            ("2a00:1450::1", Global),
            ("2001:db8::1", Reserved),
            ("fd12:3456::1", Ula),
            ("fc00::1", Ula),
            ("fe80::1", LinkLocal),
            ("::1", Loopback),
            ("::", Unspecified),
            ("ff02::1", Multicast),
            ("::ffff:192.168.1.1", Private),
            ("::ffff:111.222.33.123", Public),
            ("64:ff9b::1", Reserved),
        ];
        for (ip, want) in cases {
            assert_eq!(classify(ip.parse().unwrap()), want, "{ip}");
        }
    }

    #[test]
    fn routable() {
        assert!(is_internet_routable("111.222.33.123".parse().unwrap()));
        assert!(is_internet_routable("2400:cb00::1".parse().unwrap()));
        assert!(!is_internet_routable("100.64.1.1".parse().unwrap()));
        assert!(!is_internet_routable("fd00::1".parse().unwrap()));
    }
}
