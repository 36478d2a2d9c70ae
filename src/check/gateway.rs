//! The gateway check: the default interface, LAN address, router, its admin
//! page and DNS, read from the interface list. Facts only: the warnings are
//! typed ([`GatewayWarning`]) and `i18n` words them (`Tr::word_gateway`).

use super::Warning;
use crate::exit::Exit;
use crate::net::addr::{AddressKind, classify_v4, classify_v6};
use crate::net::host::{Iface, IfaceKind, other_lan_candidates};
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[derive(Debug, Clone, Serialize)]
pub struct IfaceOut {
    pub name: String,
    pub friendly_name: Option<String>,
    pub kind: IfaceKind,
    pub mac: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct V6Out {
    pub address: Ipv6Addr,
    pub prefix_len: u8,
    pub scope: AddressKind,
}

/// One interface in `--all`.
#[derive(Debug, Clone, Serialize)]
pub struct IfaceSummary {
    #[serde(flatten)]
    pub iface: IfaceOut,
    pub up: bool,
    pub default: bool,
    pub ipv4: Vec<String>,
    pub ipv6: Vec<V6Out>,
    pub gateway_ipv4: Option<Ipv4Addr>,
    pub dhcp: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GatewayReport {
    pub interface: IfaceOut,
    pub lan_ipv4: Option<Ipv4Addr>,
    pub prefix_len: Option<u8>,
    pub ipv6: Vec<V6Out>,
    pub gateway_ipv4: Option<Ipv4Addr>,
    pub gateway_ipv6: Option<Ipv6Addr>,
    pub gateway_mac: Option<String>,
    pub router_url: Option<String>,
    pub dns_servers: Vec<IpAddr>,
    pub dhcp: Option<bool>,
    pub address_kind: Option<AddressKind>,
    /// What may be wrong, as facts; [`Tr::word_gateway`] words them into
    /// `warnings`.
    ///
    /// [`Tr::word_gateway`]: crate::i18n::Tr::word_gateway
    #[serde(skip)]
    pub found: Vec<GatewayWarning>,
    pub warnings: Vec<Warning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interfaces: Option<Vec<IfaceSummary>>,
}

/// What may be wrong with the default interface for hosting a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatewayWarning {
    /// On Wi-Fi: the address can change when it reconnects.
    Wireless,
    /// A VPN or tunnel holds the default route.
    Vpn { iface: String },
    /// The default route goes through a container's or VM's interface.
    Virtual { iface: String, kind: IfaceKind },
    /// The address came from DHCP and can change later.
    Dhcp { mac: Option<String> },
    /// Other interfaces could be the LAN one too (`others`: "name address, …").
    SeveralLans { others: String, lan: Ipv4Addr },
    /// No default gateway.
    NoGateway,
}

impl GatewayWarning {
    /// Stable code for `--json`.
    pub fn code(&self) -> &'static str {
        match self {
            GatewayWarning::Wireless => "wireless",
            GatewayWarning::Vpn { .. } => "vpn_default_route",
            GatewayWarning::Virtual { .. } => "virtual_interface",
            GatewayWarning::Dhcp { .. } => "dhcp",
            GatewayWarning::SeveralLans { .. } => "several_lan_interfaces",
            GatewayWarning::NoGateway => "no_gateway",
        }
    }
}

/// No interface holds the default route: not connected to a network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoDefaultInterface;

/// The router admin URL for a gateway address.
pub fn router_url(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => format!("http://{v4}/"),
        IpAddr::V6(v6) => format!("http://[{v6}]/"),
    }
}

fn iface_out(i: &Iface) -> IfaceOut {
    IfaceOut {
        name: i.name.clone(),
        friendly_name: i.friendly_name.clone(),
        kind: i.kind,
        mac: i.mac.clone(),
    }
}

fn v6_out(i: &Iface) -> Vec<V6Out> {
    i.ipv6
        .iter()
        .map(|(a, p)| V6Out {
            address: *a,
            prefix_len: *p,
            scope: classify_v6(*a),
        })
        .collect()
}

/// Pure: builds the report from the interface list (its `warnings` still
/// unworded). `Err` when no interface holds the default route.
pub fn build(ifaces: &[Iface], all: bool) -> Result<(GatewayReport, Exit), NoDefaultInterface> {
    let default = ifaces
        .iter()
        .find(|i| i.is_default)
        .ok_or(NoDefaultInterface)?;
    let lan = default.lan_v4();
    let address_kind = lan.map(|n| classify_v4(n.addr));
    let gateway = default
        .gateway_v4
        .map(IpAddr::V4)
        .or(default.gateway_v6.map(IpAddr::V6));

    let mut found = Vec::new();
    match default.kind {
        IfaceKind::Wireless => found.push(GatewayWarning::Wireless),
        IfaceKind::Vpn => found.push(GatewayWarning::Vpn {
            iface: default.name.clone(),
        }),
        k if k.is_virtual_or_tunnel() => found.push(GatewayWarning::Virtual {
            iface: default.name.clone(),
            kind: k,
        }),
        _ => {}
    }
    if default.dhcp_v4 == Some(true) {
        found.push(GatewayWarning::Dhcp {
            mac: default.mac.clone(),
        });
    }
    let others = other_lan_candidates(ifaces, default);
    if let (false, Some(lan)) = (others.is_empty(), lan) {
        let others = others
            .iter()
            .map(|i| {
                format!(
                    "{} {}",
                    i.name,
                    i.lan_v4().map(|n| n.addr.to_string()).unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        found.push(GatewayWarning::SeveralLans {
            others,
            lan: lan.addr,
        });
    }
    if gateway.is_none() {
        found.push(GatewayWarning::NoGateway);
    }

    let interfaces = all.then(|| {
        ifaces
            .iter()
            .map(|i| IfaceSummary {
                iface: iface_out(i),
                up: i.up,
                default: i.is_default,
                ipv4: i
                    .ipv4
                    .iter()
                    .map(|n| format!("{}/{}", n.addr, n.prefix_len))
                    .collect(),
                ipv6: v6_out(i),
                gateway_ipv4: i.gateway_v4,
                dhcp: i.dhcp_v4,
            })
            .collect()
    });

    let usable = gateway.is_some()
        && matches!(
            address_kind,
            Some(AddressKind::Private | AddressKind::Public | AddressKind::Cgnat)
        );
    let report = GatewayReport {
        interface: iface_out(default),
        lan_ipv4: lan.map(|n| n.addr),
        prefix_len: lan.map(|n| n.prefix_len),
        ipv6: v6_out(default),
        gateway_ipv4: default.gateway_v4,
        gateway_ipv6: default.gateway_v6,
        gateway_mac: default.gateway_mac.clone(),
        router_url: gateway.map(router_url),
        dns_servers: default.dns_servers.clone(),
        dhcp: default.dhcp_v4,
        address_kind,
        found,
        warnings: Vec::new(),
        interfaces,
    };
    Ok((report, if usable { Exit::Ok } else { Exit::Problem }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::host::V4Net;

    #[test]
    fn warnings_are_facts_until_worded() {
        let wifi = Iface {
            index: 2,
            name: "wlan0".into(),
            friendly_name: None,
            kind: IfaceKind::Wireless,
            mac: Some("02:00:00:00:00:01".into()),
            up: true,
            is_default: true,
            ipv4: vec![V4Net {
                addr: Ipv4Addr::new(192, 168, 99, 20),
                prefix_len: 24,
            }],
            ipv6: vec![],
            gateway_v4: Some(Ipv4Addr::new(192, 168, 99, 1)),
            gateway_v6: None,
            gateway_mac: None,
            dns_servers: vec![],
            dhcp_v4: Some(true),
        };
        let (r, exit) = build(std::slice::from_ref(&wifi), false).unwrap();
        assert_eq!(exit, Exit::Ok);
        assert_eq!(
            r.found,
            vec![
                GatewayWarning::Wireless,
                GatewayWarning::Dhcp {
                    mac: Some("02:00:00:00:00:01".into())
                }
            ]
        );
        // No sentence is made here: the catalogue words them.
        assert!(r.warnings.is_empty());
        let json = serde_json::to_value(&r).unwrap();
        assert!(json.get("found").is_none(), "{json}");
        // Control: no default interface is an error, not a report.
        let mut lone = wifi;
        lone.is_default = false;
        assert_eq!(build(&[lone], false).unwrap_err(), NoDefaultInterface);
    }
}
