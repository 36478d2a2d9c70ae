//! Sentences of `netcheck gateway`.

use super::{Lang, Tr};
use crate::check::Warning;
use crate::check::gateway::{GatewayReport, GatewayWarning};
use crate::net::host::IfaceKind;

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
    pub fn iface_kind(self, k: IfaceKind) -> &'static str {
        use IfaceKind::*;
        match k {
            Wired => say!(self.0, "wired", "유선"),
            Wireless => say!(self.0, "Wi-Fi", "무선(Wi-Fi)"),
            Cellular => say!(self.0, "cellular", "모바일 데이터"),
            Vpn => say!(self.0, "VPN / tunnel", "VPN·터널"),
            Container => say!(self.0, "container network", "컨테이너 네트워크"),
            Bridge => say!(self.0, "bridge", "브리지"),
            Virtual => say!(self.0, "virtual", "가상 어댑터"),
            Loopback => say!(self.0, "loopback", "루프백"),
            Unknown => say!(self.0, "unknown", "알 수 없음"),
        }
    }
    pub fn label_interface(self) -> &'static str {
        say!(self.0, "Interface", "인터페이스")
    }
    pub fn label_lan_ipv4(self) -> &'static str {
        say!(self.0, "LAN IPv4", "내부 IP")
    }
    pub fn label_ipv6(self) -> &'static str {
        "IPv6"
    }
    pub fn label_gateway(self) -> &'static str {
        say!(self.0, "Gateway", "게이트웨이")
    }
    pub fn label_gateway_v6(self) -> &'static str {
        say!(self.0, "Gateway IPv6", "게이트웨이 IPv6")
    }
    pub fn label_router_page(self) -> &'static str {
        say!(self.0, "Router page", "공유기 관리 페이지")
    }
    pub fn label_dns(self) -> &'static str {
        say!(self.0, "DNS", "DNS 서버")
    }
    pub fn label_mac(self) -> &'static str {
        "MAC"
    }
    pub fn dhcp_state(self, dhcp: Option<bool>) -> &'static str {
        match dhcp {
            Some(true) => say!(self.0, "assigned by DHCP", "DHCP 자동 할당"),
            Some(false) => say!(self.0, "static", "고정(수동) 설정"),
            None => say!(self.0, "DHCP unknown", "DHCP 여부 알 수 없음"),
        }
    }
    pub fn mac_unknown(self) -> &'static str {
        say!(
            self.0,
            "MAC not in the neighbour table yet",
            "MAC 주소 확인 안 됨(ARP 기록 없음)"
        )
    }
    pub fn open_in_browser(self) -> &'static str {
        say!(
            self.0,
            "open it in a browser and log in",
            "브라우저로 열어 로그인하세요"
        )
    }
    pub fn no_gateway(self) -> &'static str {
        say!(
            self.0,
            "No default gateway: this machine has no route out of its network.",
            "기본 게이트웨이가 없습니다. 이 컴퓨터에서 외부로 나가는 경로가 없습니다."
        )
    }
    pub fn no_default_interface(self) -> &'static str {
        say!(
            self.0,
            "no default route: this machine is not connected to a network",
            "기본 경로가 없습니다. 이 컴퓨터가 네트워크에 연결되어 있지 않습니다"
        )
    }
    pub fn hint_check_link(self) -> &'static str {
        say!(
            self.0,
            "check the cable or Wi-Fi; `netcheck gateway --all` lists every interface",
            "케이블이나 Wi-Fi 연결을 확인하세요. `netcheck gateway --all`로 모든 인터페이스를 볼 수 있습니다"
        )
    }
    pub fn warn_wireless(self) -> &'static str {
        say!(
            self.0,
            "This machine is on Wi-Fi: its internal IP can change when it reconnects, and a port forward would then point at the wrong device. Use a wired link, or reserve this address for its MAC on the router (DHCP reservation).",
            "Wi-Fi로 연결되어 있습니다. 내부 IP가 바뀌면 포트포워드가 엉뚱한 기기를 가리키게 됩니다. 공유기에서 이 기기의 MAC 주소에 IP를 고정 할당하세요(Wi-Fi의 ‘임의 MAC 주소’ 기능은 꺼 두세요). 서버라면 유선 연결이 더 안정적입니다."
        )
    }
    pub fn warn_dhcp(self, mac: Option<&str>) -> String {
        let (en_mac, ko_mac) = match mac {
            Some(m) => (format!(" for MAC {m}"), format!("({m})")),
            None => (String::new(), String::new()),
        };
        say!(
            self.0,
            format!(
                "This address was assigned by DHCP and can change later; a port forward would then point at the wrong device. Reserve it on the router{en_mac} (DHCP reservation), or set a static address outside the DHCP range."
            ),
            format!(
                "이 주소는 DHCP로 자동 할당되어 나중에 바뀔 수 있고, 그러면 포트포워드가 엉뚱한 기기를 가리킵니다. 공유기에서 이 기기의 MAC 주소{ko_mac}에 IP를 고정 할당(DHCP 예약)하거나, DHCP 범위 밖의 고정 IP를 직접 설정하세요."
            )
        )
    }
    pub fn warn_vpn(self, name: &str) -> String {
        say!(
            self.0,
            format!(
                "A VPN or tunnel ({name}) holds the default route: the public IP and router seen from here belong to the VPN, not to your home network. Disconnect the VPN to check the home network."
            ),
            format!(
                "인터넷 연결이 VPN 또는 터널({name})을 거치고 있습니다(기본 경로). 여기서 보이는 외부 IP와 게이트웨이는 집 네트워크가 아니라 VPN의 것입니다. 집 네트워크를 확인하려면 VPN 연결을 끊으세요."
            )
        )
    }
    pub fn warn_virtual(self, name: &str, kind: IfaceKind) -> String {
        let kind = self.iface_kind(kind);
        say!(
            self.0,
            format!(
                "The default route goes through a virtual interface ({name}, {kind}): this looks like a container or VM, so the address other machines must use is the host machine's, not this one."
            ),
            format!(
                "기본 경로가 가상 인터페이스({name}, {kind})를 지나갑니다. 컨테이너나 가상 머신 안에서 실행 중인 것으로 보입니다. 다른 기기는 이 주소가 아니라 호스트 컴퓨터의 주소로 접속해야 합니다."
            )
        )
    }
    pub fn warn_several_lans(self, others: &str, lan: &str) -> String {
        say!(
            self.0,
            format!(
                "Several interfaces could be the LAN one ({others}). The port forward must point at the address on the router's network: {lan}."
            ),
            format!(
                "LAN으로 보이는 인터페이스가 여러 개입니다({others}). 포트포워드는 공유기 네트워크에 있는 주소({lan})를 가리켜야 합니다."
            )
        )
    }
    pub fn all_interfaces(self) -> &'static str {
        say!(self.0, "All interfaces", "모든 인터페이스")
    }
    pub fn default_marker(self) -> &'static str {
        say!(self.0, "default route", "기본 경로")
    }
    pub fn down_marker(self) -> &'static str {
        say!(self.0, "down", "연결 안 됨")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
