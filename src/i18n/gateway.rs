//! Sentences of `netcheck gateway`.

use super::Tr;
use crate::check::Warning;
use crate::check::gateway::{GatewayReport, GatewayWarning};
use crate::net::host::IfaceKind;

/// The sentences of this part of the catalogue; every language implements
/// them (`en.rs`, `ko.rs`).
pub trait GatewayText {
    fn iface_kind(&self, k: IfaceKind) -> &'static str;
    fn label_interface(&self) -> &'static str;
    fn label_lan_ipv4(&self) -> &'static str;
    fn label_gateway(&self) -> &'static str;
    fn label_gateway_v6(&self) -> &'static str;
    fn label_router_page(&self) -> &'static str;
    fn label_dns(&self) -> &'static str;
    fn dhcp_state(&self, dhcp: Option<bool>) -> &'static str;
    fn mac_unknown(&self) -> &'static str;
    fn open_in_browser(&self) -> &'static str;
    fn no_gateway(&self) -> &'static str;
    fn no_default_interface(&self) -> &'static str;
    fn hint_check_link(&self) -> &'static str;
    fn warn_wireless(&self) -> &'static str;
    fn warn_dhcp(&self, mac: Option<&str>) -> String;
    fn warn_vpn(&self, name: &str) -> String;
    fn warn_virtual(&self, name: &str, kind: IfaceKind) -> String;
    fn warn_several_lans(&self, others: &str, lan: &str) -> String;
    fn all_interfaces(&self) -> &'static str;
    fn default_marker(&self) -> &'static str;
    fn down_marker(&self) -> &'static str;
}

impl Tr {
    /// Words the gateway check's warnings (`found`) into `warnings`.
    pub fn word_gateway(self, r: &mut GatewayReport) {
        r.warnings = r
            .found
            .iter()
            .map(|w| Warning::new(w.code(), self.gateway_warning(w)))
            .collect();
    }

    pub fn gateway_warning(self, w: &GatewayWarning) -> String {
        match w {
            GatewayWarning::Wireless => self.warn_wireless().to_string(),
            GatewayWarning::Vpn { iface } => self.warn_vpn(iface),
            GatewayWarning::Virtual { iface, kind } => self.warn_virtual(iface, *kind),
            GatewayWarning::Dhcp { mac } => self.warn_dhcp(mac.as_deref()),
            GatewayWarning::SeveralLans { others, lan } => {
                self.warn_several_lans(others, &lan.to_string())
            }
            GatewayWarning::NoGateway => self.no_gateway().to_string(),
        }
    }

    // ---- gateway -------------------------------------------------------
    pub fn label_ipv6(self) -> &'static str {
        "IPv6"
    }
    pub fn label_mac(self) -> &'static str {
        "MAC"
    }
}

#[cfg(test)]
mod tests {

    use crate::check::gateway::GatewayWarning;
    use crate::i18n::{Lang, Tr};
    use crate::net::host::IfaceKind;
    use std::net::Ipv4Addr;

    #[test]
    fn every_gateway_warning_in_both_languages() {
        let all = [
            GatewayWarning::Wireless,
            GatewayWarning::Vpn {
                iface: "wg0".into(),
            },
            GatewayWarning::Virtual {
                iface: "eth0".into(),
                kind: IfaceKind::Container,
            },
            GatewayWarning::Dhcp { mac: None },
            GatewayWarning::SeveralLans {
                others: "eth1 192.168.0.7".into(),
                lan: Ipv4Addr::new(192, 168, 99, 123),
            },
            GatewayWarning::NoGateway,
        ];
        for w in &all {
            let en = Tr(Lang::En).gateway_warning(w);
            let ko = Tr(Lang::Ko).gateway_warning(w);
            assert!(!en.is_empty() && !ko.is_empty() && en != ko, "{w:?}");
        }
    }
}
