//! The host's interfaces as plain data (filled by `sys::netdev_adapter`), and
//! the pure decisions made about them: what kind of link, which one is the LAN.

use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What an interface is, as far as it can be told from the OS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IfaceKind {
    Wired,
    Wireless,
    Cellular,
    /// VPN or tunnel (tun/tap, WireGuard, utun, Tailscale, ZeroTier, PPP).
    Vpn,
    /// Docker, Podman, CNI, veth: a container's network.
    Container,
    /// A software bridge (br0, virbr0).
    Bridge,
    /// A VM's adapter (vEthernet/WSL/Hyper-V, VMware, VirtualBox) or another virtual link.
    Virtual,
    Loopback,
    Unknown,
}

impl IfaceKind {
    /// Kinds whose addresses other machines on the home LAN cannot normally reach.
    pub fn is_virtual_or_tunnel(self) -> bool {
        matches!(
            self,
            IfaceKind::Vpn | IfaceKind::Container | IfaceKind::Bridge | IfaceKind::Virtual
        )
    }
}

/// The OS's own link type, reduced to what the decisions need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkType {
    Ethernet,
    Wireless,
    Cellular,
    Tunnel,
    Ppp,
    Loopback,
    Other,
}

/// Facts about one interface that decide its kind.
#[derive(Debug, Clone, Copy)]
pub struct KindHints<'a> {
    pub name: &'a str,
    pub friendly_name: Option<&'a str>,
    pub description: Option<&'a str>,
    pub link: LinkType,
    pub physical: bool,
    pub point_to_point: bool,
}

/// Decides the interface kind from its name, OS type and flags. Names come
/// first because Linux reports veth, docker0 and br0 as plain Ethernet.
pub fn kind_of(h: KindHints<'_>) -> IfaceKind {
    let name = h.name.to_ascii_lowercase();
    let label = format!(
        "{} {}",
        h.friendly_name.unwrap_or_default(),
        h.description.unwrap_or_default()
    )
    .to_ascii_lowercase();
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| name.starts_with(p));

    if h.link == LinkType::Loopback || name == "lo" || name.starts_with("lo0") {
        return IfaceKind::Loopback;
    }
    if starts(&[
        "docker", "veth", "cni", "flannel", "podman", "lxc", "lxd", "cali", "weave",
    ]) {
        return IfaceKind::Container;
    }
    let numbered_br = name
        .strip_prefix("br")
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()));
    if starts(&["br-", "virbr", "bridge"]) || numbered_br {
        return IfaceKind::Bridge;
    }
    if starts(&["vmnet", "vboxnet", "vethernet"])
        || label.contains("vethernet")
        || label.contains("hyper-v")
        || label.contains("virtualbox")
        || label.contains("vmware")
    {
        return IfaceKind::Virtual;
    }
    let vpn_label = [
        "wireguard",
        "openvpn",
        "tap-windows",
        "vpn",
        "tailscale",
        "zerotier",
        "wintun",
    ];
    if starts(&[
        "tun",
        "tap",
        "wg",
        "utun",
        "tailscale",
        "zt",
        "ipsec",
        "ppp",
        "nordlynx",
        "proton",
        "gpd",
        "ipip",
        "gre",
        "sit",
    ]) || vpn_label.iter().any(|v| label.contains(v))
        || matches!(h.link, LinkType::Tunnel | LinkType::Ppp)
        || h.point_to_point
    {
        return IfaceKind::Vpn;
    }
    match h.link {
        LinkType::Wireless => IfaceKind::Wireless,
        LinkType::Cellular => IfaceKind::Cellular,
        LinkType::Ethernet if h.physical => IfaceKind::Wired,
        LinkType::Ethernet => IfaceKind::Virtual,
        _ => IfaceKind::Unknown,
    }
}

/// One IPv4 address with its prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct V4Net {
    pub addr: Ipv4Addr,
    pub prefix_len: u8,
}

impl V4Net {
    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        let mask = if self.prefix_len == 0 {
            0
        } else {
            u32::MAX << (32 - u32::from(self.prefix_len.min(32)))
        };
        u32::from(self.addr) & mask == u32::from(ip) & mask
    }
}

/// One interface, as read from the OS.
#[derive(Debug, Clone)]
pub struct Iface {
    pub index: u32,
    pub name: String,
    pub friendly_name: Option<String>,
    pub kind: IfaceKind,
    pub mac: Option<String>,
    pub up: bool,
    pub is_default: bool,
    pub ipv4: Vec<V4Net>,
    pub ipv6: Vec<(Ipv6Addr, u8)>,
    pub gateway_v4: Option<Ipv4Addr>,
    pub gateway_v6: Option<Ipv6Addr>,
    /// None when the neighbour table has no entry (an all-zero MAC is unknown).
    pub gateway_mac: Option<String>,
    pub dns_servers: Vec<IpAddr>,
    /// DHCP as the OS tells (Linux: the address's dynamic flag; elsewhere the OS's DHCP setting).
    pub dhcp_v4: Option<bool>,
}

impl Iface {
    /// The IPv4 address facing the gateway (the one whose subnet holds it), else the first.
    pub fn lan_v4(&self) -> Option<V4Net> {
        let facing = self
            .gateway_v4
            .and_then(|gw| self.ipv4.iter().find(|n| n.contains(gw)));
        facing.or(self.ipv4.first()).copied()
    }
}

/// Formats a MAC as lower-case colon hex; all zeros means "unknown".
pub fn format_mac(octets: [u8; 6]) -> Option<String> {
    if octets == [0; 6] {
        return None;
    }
    Some(
        octets
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(":"),
    )
}

/// Interfaces other than `default` that are up, not loopback/virtual/VPN, and
/// hold a private IPv4 address on another subnet: each could be the LAN one.
pub fn other_lan_candidates<'a>(all: &'a [Iface], default: &Iface) -> Vec<&'a Iface> {
    let default_net = default.lan_v4();
    all.iter()
        .filter(|i| i.index != default.index && i.up)
        .filter(|i| matches!(i.kind, IfaceKind::Wired | IfaceKind::Wireless))
        .filter(|i| {
            i.ipv4.iter().any(|n| {
                crate::net::addr::classify_v4(n.addr) == crate::net::addr::AddressKind::Private
                    && default_net.is_none_or(|d| !d.contains(n.addr))
            })
        })
        .collect()
}

/// Pure: the interface's LAN address — the one whose subnet holds the
/// gateway, else the first.
pub fn lan_address(gateway: Option<Ipv4Addr>, ipv4: &[V4Net]) -> Option<V4Net> {
    gateway
        .and_then(|gw| ipv4.iter().find(|n| n.contains(gw)))
        .or(ipv4.first())
        .copied()
}

/// One IPv4 route of the kernel's table, as far as choosing the default
/// route needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteEntry {
    /// Prefix length of the destination: 0 for a default route.
    pub dst_len: u8,
    /// Routing table (254: main).
    pub table: u32,
    /// An ordinary route (not blackhole, unreachable, local …).
    pub unicast: bool,
    /// Outgoing interface index.
    pub oif: Option<u32>,
    pub gateway: Option<Ipv4Addr>,
    /// Lower wins.
    pub metric: u32,
}

/// The main routing table (`ip route` shows it).
pub const MAIN_TABLE: u32 = 254;

/// The default route with its gateway and the host's address facing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultRoute {
    /// Interface index.
    pub index: u32,
    pub gateway: Ipv4Addr,
    pub lan: V4Net,
}

/// Pure: the IPv4 default route a packet to the internet takes: a unicast
/// route to 0.0.0.0/0 in the main table with a gateway and an interface,
/// the lowest metric winning. None when there is none (or only multipath
/// routes, which carry their gateways elsewhere).
pub fn pick_default_route(routes: &[RouteEntry]) -> Option<(u32, Ipv4Addr)> {
    routes
        .iter()
        .filter(|r| r.dst_len == 0 && r.table == MAIN_TABLE && r.unicast)
        .filter_map(|r| Some((r.metric, r.oif?, r.gateway?)))
        .min_by_key(|(metric, _, _)| *metric)
        .map(|(_, oif, gw)| (oif, gw))
}

/// Pure: did the LAN address come from DHCP? The address's own flag where
/// the OS keeps one (Linux), else the interface's DHCP setting as the OS
/// reports it (Windows); `None` when neither tells.
pub fn dhcp_v4(address_flag: Option<bool>, os_setting: Option<bool>) -> Option<bool> {
    address_flag.or(os_setting)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hints(name: &str, link: LinkType, physical: bool) -> KindHints<'_> {
        KindHints {
            name,
            friendly_name: None,
            description: None,
            link,
            physical,
            point_to_point: false,
        }
    }

    #[test]
    fn kinds() {
        use IfaceKind::*;
        use LinkType::*;
        let cases = [
            ("eth0", Ethernet, true, Wired),
            ("enp3s0", Ethernet, true, Wired),
            ("eth0", Ethernet, false, Virtual),
            ("wlan0", LinkType::Wireless, true, IfaceKind::Wireless),
            ("en0", LinkType::Wireless, true, IfaceKind::Wireless),
            ("docker0", Ethernet, false, Container),
            ("veth12ab", Ethernet, false, Container),
            ("br-1234", Ethernet, false, Bridge),
            ("br0", Ethernet, false, Bridge),
            ("virbr0", Ethernet, false, Bridge),
            ("wg0", Other, false, Vpn),
            ("tun0", Tunnel, false, Vpn),
            ("utun3", Other, false, Vpn),
            ("tailscale0", Other, false, Vpn),
            ("ppp0", Ppp, false, Vpn),
            ("lo", LinkType::Loopback, false, IfaceKind::Loopback),
            ("vmnet8", Ethernet, false, Virtual),
            ("wwan0", LinkType::Cellular, true, IfaceKind::Cellular),
            ("bread", Ethernet, true, Wired),
        ];
        for (name, link, physical, want) in cases {
            assert_eq!(kind_of(hints(name, link, physical)), want, "{name}");
        }
        let wsl = KindHints {
            friendly_name: Some("vEthernet (WSL)"),
            ..hints("{8D2A-GUID}", Ethernet, true)
        };
        assert_eq!(kind_of(wsl), Virtual);
        let wg = KindHints {
            description: Some("WireGuard Tunnel"),
            ..hints("{GUID}", Other, false)
        };
        assert_eq!(kind_of(wg), Vpn);
    }

    #[test]
    fn subnet_contains() {
        let n = V4Net {
            addr: Ipv4Addr::new(192, 168, 99, 123),
            prefix_len: 24,
        };
        assert!(n.contains(Ipv4Addr::new(192, 168, 99, 1)));
        assert!(!n.contains(Ipv4Addr::new(192, 168, 98, 1)));
        let all = V4Net {
            addr: Ipv4Addr::new(10, 0, 0, 1),
            prefix_len: 0,
        };
        assert!(all.contains(Ipv4Addr::new(8, 8, 8, 8)));
    }

    #[test]
    fn zero_mac_is_unknown() {
        assert_eq!(format_mac([0; 6]), None);
        assert_eq!(
            format_mac([0x88, 0x36, 0x6c, 1, 2, 0xab]).as_deref(),
            Some("88:36:6c:01:02:ab")
        );
    }

    #[test]
    fn lan_address_and_dhcp_from_what_the_os_tells() {
        let net = |a: [u8; 4], p: u8| V4Net {
            addr: Ipv4Addr::from(a),
            prefix_len: p,
        };
        let list = [net([10, 8, 0, 2], 24), net([192, 168, 99, 123], 24)];
        let gw = Some(Ipv4Addr::new(192, 168, 99, 1));
        assert_eq!(lan_address(gw, &list), Some(list[1]));
        assert_eq!(lan_address(None, &list), Some(list[0]));
        assert_eq!(
            lan_address(Some(Ipv4Addr::new(172, 16, 0, 1)), &list),
            Some(list[0])
        );
        assert_eq!(lan_address(gw, &[]), None);
        // Linux: the address flag wins; Windows/macOS: the OS setting alone.
        assert_eq!(dhcp_v4(Some(false), Some(true)), Some(false));
        assert_eq!(dhcp_v4(None, Some(true)), Some(true));
        assert_eq!(dhcp_v4(None, Some(false)), Some(false));
        assert_eq!(dhcp_v4(None, None), None);
    }

    #[test]
    fn default_route_is_the_main_tables_lowest_metric_with_a_gateway() {
        let gw = |last| Some(Ipv4Addr::new(192, 168, 99, last));
        let route = |dst_len, table, unicast, oif, gateway, metric| RouteEntry {
            dst_len,
            table,
            unicast,
            oif,
            gateway,
            metric,
        };
        let on_link = route(24, MAIN_TABLE, true, Some(2), None, 0);
        let wifi = route(0, MAIN_TABLE, true, Some(3), gw(2), 600);
        let wired = route(0, MAIN_TABLE, true, Some(2), gw(1), 100);
        assert_eq!(
            pick_default_route(&[on_link, wifi, wired]),
            Some((2, Ipv4Addr::new(192, 168, 99, 1)))
        );
        assert_eq!(
            pick_default_route(&[on_link, wifi]),
            Some((3, Ipv4Addr::new(192, 168, 99, 2)))
        );
        // Not default routes: another table (a VPN's policy table), a
        // blackhole, a subnet, a device route without gateway, no interface.
        let vpn = route(0, 51820, true, Some(9), gw(9), 0);
        let blackhole = route(0, MAIN_TABLE, false, None, None, 0);
        let device_only = route(0, MAIN_TABLE, true, Some(4), None, 0);
        let no_oif = route(0, MAIN_TABLE, true, None, gw(7), 0);
        for none in [
            vec![],
            vec![on_link],
            vec![vpn, blackhole, device_only, no_oif],
        ] {
            assert_eq!(pick_default_route(&none), None, "{none:?}");
        }
        // Control: the same routes plus the wired one find it.
        assert_eq!(
            pick_default_route(&[vpn, blackhole, device_only, no_oif, wired]),
            Some((2, Ipv4Addr::new(192, 168, 99, 1)))
        );
    }
}
