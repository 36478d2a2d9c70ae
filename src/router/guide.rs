//! The manual port-forwarding guide: what to type into the router's admin page
//! when UPnP IGD, NAT-PMP and PCP cannot open the port. `build_guide` fills in
//! the data (it becomes the `manual_guide` JSON object); `cmd::guide` turns
//! it into numbered steps with the rule as a table, like the router's form.

use super::brands::{Brand, DetectedBy};
use crate::net::Protocols;
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, Ipv4Addr};

/// One port-forwarding rule, in the fields routers ask for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// External ("service") port range, inclusive.
    pub service_port_start: u16,
    pub service_port_end: u16,
    pub protocol: Protocols,
    pub internal_ip: Ipv4Addr,
    pub internal_port: u16,
    pub description: String,
}

impl Rule {
    /// A rule for one external port.
    pub fn new(
        external_port: u16,
        protocol: Protocols,
        internal_ip: Ipv4Addr,
        internal_port: u16,
        description: impl Into<String>,
    ) -> Rule {
        Rule {
            service_port_start: external_port,
            service_port_end: external_port,
            protocol,
            internal_ip,
            internal_port,
            description: description.into(),
        }
    }

    /// `5000-5000`, as the seed guide writes a single port.
    pub fn service_range(&self) -> String {
        format!("{}-{}", self.service_port_start, self.service_port_end)
    }
}

/// The `manual_guide` object of `netcheck forward --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualGuide {
    /// The router's admin page (from the default gateway); `None` when unknown.
    pub router_url: Option<String>,
    pub brand: Brand,
    pub detected_by: DetectedBy,
    /// In the language of the run.
    pub menu_path: String,
    pub rule: Rule,
    /// The host's address is DHCP-assigned or on Wi-Fi: advise a reservation.
    pub dhcp_advice: bool,
    /// Run from another network to check the port is reachable.
    pub verify_command: String,
    /// Where UPnP is switched on for this brand, when known.
    pub upnp_hint: Option<String>,
}

/// Placeholder in `verify_command` when the public IP is unknown.
pub const PUBLIC_IP_PLACEHOLDER: &str = "<public-ip>";

/// Fills in the guide. Pure. `menu_path` and `upnp_hint` are the brand's
/// words from the catalogue (`Tr::menu_path`, `Tr::upnp_toggle_path`);
/// `cmd::guide::guide` passes them.
#[allow(clippy::too_many_arguments)]
pub fn build_guide(
    brand: Brand,
    detected_by: DetectedBy,
    router_url: Option<String>,
    rule: Rule,
    dhcp_or_wifi: bool,
    public_ip: Option<IpAddr>,
    menu_path: &str,
    upnp_hint: Option<&str>,
) -> ManualGuide {
    let target = public_ip.map_or_else(|| PUBLIC_IP_PLACEHOLDER.to_string(), |ip| ip.to_string());
    ManualGuide {
        router_url,
        brand,
        detected_by,
        menu_path: menu_path.to_string(),
        verify_command: format!("netcheck probe {target} --port {}", rule.service_port_start),
        rule,
        dhcp_advice: dhcp_or_wifi,
        upnp_hint: upnp_hint.map(str::to_string),
    }
}
