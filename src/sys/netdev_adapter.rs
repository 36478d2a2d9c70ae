//! The only module that depends on `netdev`: reads interfaces, gateways,
//! neighbour-table MACs and DNS servers into [`crate::net::host::Iface`].

use crate::net::host::{
    Iface, KindHints, LinkType, V4Net, dhcp_v4, format_mac, kind_of, lan_address,
};
use netdev::interface::types::InterfaceType;

/// Every interface the OS reports, the default-route one flagged.
pub fn interfaces() -> Vec<Iface> {
    let mut all: Vec<Iface> = netdev::get_interfaces().iter().map(convert).collect();
    if !all.iter().any(|i| i.is_default) {
        // netdev flags the default route's interface on most systems; where it
        // does not, ask the route table which local address is used to go out.
        if let Some(ip) = crate::sys::local_ip::outgoing_ipv4()
            && let Some(i) = all.iter_mut().find(|i| i.ipv4.iter().any(|n| n.addr == ip))
        {
            i.is_default = true;
        }
    }
    all
}

fn link_type(t: InterfaceType) -> LinkType {
    match t {
        InterfaceType::Ethernet
        | InterfaceType::GigabitEthernet
        | InterfaceType::FastEthernetT
        | InterfaceType::FastEthernetFx
        | InterfaceType::Ethernet3Megabit => LinkType::Ethernet,
        InterfaceType::Wireless80211 => LinkType::Wireless,
        InterfaceType::Wwan | InterfaceType::Wwanpp | InterfaceType::Wwanpp2 => LinkType::Cellular,
        InterfaceType::Tunnel => LinkType::Tunnel,
        InterfaceType::Ppp => LinkType::Ppp,
        InterfaceType::Loopback => LinkType::Loopback,
        _ => LinkType::Other,
    }
}

fn convert(i: &netdev::Interface) -> Iface {
    let kind = kind_of(KindHints {
        name: &i.name,
        friendly_name: i.friendly_name.as_deref(),
        description: i.description.as_deref(),
        link: link_type(i.if_type),
        physical: i.is_physical(),
        point_to_point: i.is_tun(),
    });
    let ipv4: Vec<V4Net> = i
        .ipv4
        .iter()
        .map(|n| V4Net {
            addr: n.addr(),
            prefix_len: n.prefix_len(),
        })
        .collect();
    let gateway = i.gateway.as_ref();
    let gateway_v4 = gateway.and_then(|g| g.ipv4.first().copied());
    let flag = lan_address(gateway_v4, &ipv4).and_then(|lan| address_flag(i, lan));
    let dhcp_v4 = dhcp_v4(flag, i.dhcp_v4_enabled);
    Iface {
        index: i.index,
        name: i.name.clone(),
        friendly_name: i.friendly_name.clone(),
        kind,
        mac: i.mac_addr.and_then(|m| format_mac(m.octets())),
        up: i.is_up(),
        is_default: i.default,
        ipv6: i.ipv6.iter().map(|n| (n.addr(), n.prefix_len())).collect(),
        ipv4,
        gateway_v4,
        gateway_v6: gateway.and_then(|g| g.ipv6.first().copied()),
        gateway_mac: gateway.and_then(|g| format_mac(g.mac_addr.octets())),
        dns_servers: i.dns_servers.clone(),
        dhcp_v4,
    }
}

/// Linux: the address's own "dynamic" flag (set for DHCP leases).
#[cfg(target_os = "linux")]
fn address_flag(i: &netdev::Interface, lan: V4Net) -> Option<bool> {
    crate::sys::netlink::ipv4_is_dynamic(i.index, lan.addr)
}

/// Elsewhere addresses carry no such flag: the OS's DHCP setting decides.
#[cfg(not(target_os = "linux"))]
fn address_flag(_i: &netdev::Interface, _lan: V4Net) -> Option<bool> {
    None
}
