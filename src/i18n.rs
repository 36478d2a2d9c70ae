//! The message catalogue: every sentence a person reads, in English and
//! Korean, in one place. Korean uses the words printed on Korean routers'
//! admin pages (외부 IP, 내부 IP, 포트포워드, 고정 할당 …).
//!
//! JSON output never goes through here: its keys and `error` strings are
//! stable English for programs.

use crate::net::Family;
use crate::net::addr::AddressKind;
use crate::net::host::IfaceKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Ko,
}

/// Picks the sentence for the language.
macro_rules! say {
    ($lang:expr, $en:expr, $ko:expr $(,)?) => {
        match $lang {
            Lang::En => $en,
            Lang::Ko => $ko,
        }
    };
}

/// The catalogue, bound to one language.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Lang);

impl Tr {
    // ---- shared -------------------------------------------------------
    pub fn error_prefix(self) -> &'static str {
        say!(self.0, "error", "오류")
    }
    pub fn hint_prefix(self) -> &'static str {
        say!(self.0, "hint", "도움말")
    }
    pub fn warning(self) -> &'static str {
        say!(self.0, "warning", "주의")
    }
    pub fn none(self) -> &'static str {
        say!(self.0, "none", "없음")
    }
    pub fn unknown(self) -> &'static str {
        say!(self.0, "unknown", "알 수 없음")
    }
    pub fn bad_input(self, detail: &str) -> String {
        say!(self.0, detail.to_string(), format!("입력값 오류: {detail}"))
    }
    pub fn could_not_run(self, detail: &str) -> String {
        say!(
            self.0,
            format!("could not run: {detail}"),
            format!("실행할 수 없습니다: {detail}")
        )
    }

    // ---- address kinds -----------------------------------------------
    pub fn address_kind(self, k: AddressKind) -> &'static str {
        use AddressKind::*;
        match k {
            Private => say!(self.0, "private", "사설 IP"),
            Cgnat => say!(self.0, "carrier-grade NAT", "통신사 CGNAT 대역"),
            Public => say!(self.0, "public", "공인 IP"),
            Global => say!(self.0, "global", "글로벌(공인)"),
            Ula => say!(self.0, "unique local (ULA)", "고유 로컬(ULA)"),
            LinkLocal => say!(self.0, "link-local", "링크 로컬"),
            Loopback => say!(self.0, "loopback", "루프백"),
            Unspecified => say!(self.0, "unspecified", "미지정"),
            Multicast => say!(self.0, "multicast", "멀티캐스트"),
            Reserved => say!(self.0, "reserved", "예약 대역"),
        }
    }

    /// One sentence on what the LAN address means for hosting a server.
    pub fn address_meaning(self, k: AddressKind) -> &'static str {
        use AddressKind::*;
        match k {
            Private => say!(
                self.0,
                "A private address (RFC 1918): only devices on your home network can reach it. Others reach you through the router's public IP, so the router needs a port forward to this address.",
                "사설 IP(RFC 1918)입니다. 같은 공유기에 연결된 기기만 이 주소로 접속할 수 있습니다. 외부에서는 공유기의 외부 IP로 들어오므로, 공유기에서 이 내부 IP로 포트포워드를 설정해야 합니다."
            ),
            Cgnat => say!(
                self.0,
                "A carrier-grade NAT address (100.64.0.0/10): your ISP shares one public address among many customers, so a port forward on your own router is not enough. Ask the ISP for a public IP, or use IPv6 or a tunnel.",
                "통신사 CGNAT 대역(100.64.0.0/10) 주소입니다. 통신사가 공인 IP 하나를 여러 가입자가 나눠 쓰게 하므로 내 공유기의 포트포워드만으로는 외부에서 접속할 수 없습니다. 통신사에 공인 IP를 요청하거나 IPv6 또는 터널을 사용하세요."
            ),
            Public | Global => say!(
                self.0,
                "A public address: this machine is directly on the internet, so no port forward is needed — but a firewall may still block incoming connections.",
                "공인 IP입니다. 이 컴퓨터가 인터넷에 직접 연결되어 있어 포트포워드는 필요 없지만, 방화벽이 들어오는 연결을 막을 수 있습니다."
            ),
            LinkLocal => say!(
                self.0,
                "A link-local address (169.254.x.x): no DHCP server answered, so this machine has no working network address. Check the cable or Wi-Fi and the router.",
                "링크 로컬 주소(169.254.x.x)입니다. 공유기의 DHCP 서버에서 주소를 받지 못해 정상적인 네트워크 주소가 없습니다. 케이블이나 Wi-Fi 연결과 공유기 상태를 확인하세요."
            ),
            _ => say!(
                self.0,
                "An unusual address for a LAN: other machines may not be able to reach it.",
                "LAN에서 흔치 않은 주소입니다. 다른 기기에서 접속하지 못할 수 있습니다."
            ),
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
            "MAC 주소 아직 모름(ARP 기록 없음)"
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
            "기본 게이트웨이가 없습니다. 이 컴퓨터는 외부로 나가는 경로가 없습니다."
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
            "Wi-Fi로 연결되어 있습니다. 다시 연결할 때 내부 IP가 바뀌면 포트포워드가 엉뚱한 기기를 가리키게 됩니다. 유선으로 연결하거나, 공유기에서 이 MAC 주소에 IP를 고정 할당(DHCP 고정 할당)하세요."
        )
    }
    pub fn warn_dhcp(self, mac: Option<&str>) -> String {
        let mac = mac.unwrap_or("?");
        say!(
            self.0,
            format!(
                "This address was assigned by DHCP and can change later; a port forward would then point at the wrong device. Reserve it on the router for MAC {mac} (DHCP reservation), or set a static address."
            ),
            format!(
                "이 주소는 DHCP로 자동 할당되어 나중에 바뀔 수 있고, 그러면 포트포워드가 엉뚱한 기기를 가리킵니다. 공유기에서 MAC {mac}에 IP를 고정 할당(DHCP 고정 할당)하거나 수동 IP로 설정하세요."
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
                "VPN 또는 터널({name})이 기본 경로를 잡고 있습니다. 여기서 보이는 외부 IP와 게이트웨이는 집 네트워크가 아니라 VPN의 것입니다. 집 네트워크를 확인하려면 VPN 연결을 끊으세요."
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
                "기본 경로가 가상 인터페이스({name}, {kind})를 지나갑니다. 컨테이너나 가상 머신 안으로 보이며, 다른 기기는 이 주소가 아니라 호스트 컴퓨터의 주소로 접속해야 합니다."
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
                "LAN으로 보이는 인터페이스가 여러 개입니다({others}). 포트포워드는 공유기 네트워크에 있는 주소 {lan}를 가리켜야 합니다."
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

    // ---- public-ip -----------------------------------------------------
    pub fn label_public(self, f: Family) -> &'static str {
        match f {
            Family::Ipv4 => say!(self.0, "Public IPv4", "외부 IP (IPv4)"),
            Family::Ipv6 => say!(self.0, "Public IPv6", "외부 IP (IPv6)"),
        }
    }
    pub fn asking(self, n: usize) -> String {
        say!(
            self.0,
            format!("asking {n} sources…"),
            format!("출처 {n}곳에 묻는 중…")
        )
    }
    pub fn agreed(self, n: usize) -> String {
        say!(
            self.0,
            format!("{n} sources agree"),
            format!("출처 {n}곳 일치")
        )
    }
    pub fn unconfirmed(self) -> &'static str {
        say!(
            self.0,
            "unconfirmed: only one source answered",
            "미확인: 한 곳만 응답함"
        )
    }
    pub fn disagree(self) -> &'static str {
        say!(
            self.0,
            "the sources disagree and no two give the same address",
            "출처마다 답이 달라 두 곳 이상 일치하는 주소가 없습니다"
        )
    }
    pub fn no_answer(self) -> &'static str {
        say!(
            self.0,
            "no source gave a usable answer",
            "쓸 수 있는 응답이 없습니다"
        )
    }
    pub fn not_asked(self) -> &'static str {
        say!(self.0, "not asked", "확인 안 함")
    }
    pub fn no_global_v6(self) -> &'static str {
        say!(
            self.0,
            "this machine has no global IPv6 address",
            "이 컴퓨터에 글로벌 IPv6 주소가 없습니다"
        )
    }
    pub fn behind_nat(self, lan: &str, public: &str) -> String {
        say!(
            self.0,
            format!(
                "Behind NAT: the LAN address {lan} is not the public one. Others connect to {public}, so the router must forward the port to {lan} (netcheck forward --port 5000)."
            ),
            format!(
                "NAT 뒤에 있습니다. 내부 IP {lan}는 외부 IP와 다릅니다. 외부에서는 {public}로 접속하므로 공유기에서 해당 포트를 {lan}로 포트포워드해야 합니다 (netcheck forward --port 5000)."
            )
        )
    }
    pub fn no_nat(self, public: &str) -> String {
        say!(
            self.0,
            format!(
                "No NAT: this machine holds the public address {public} itself. No port forward is needed; check the firewall instead."
            ),
            format!(
                "NAT 없음: 이 컴퓨터가 외부 IP {public}를 직접 갖고 있습니다. 포트포워드는 필요 없고, 방화벽 설정을 확인하세요."
            )
        )
    }
    pub fn sources_heading(self) -> &'static str {
        say!(self.0, "Sources", "출처")
    }
    pub fn disagreement_hint(self) -> &'static str {
        say!(
            self.0,
            "a proxy, VPN or broken echo service may be answering; try again, or pass sources you trust with --source",
            "프록시, VPN 또는 고장 난 에코 서비스가 답했을 수 있습니다. 다시 시도하거나 --source로 믿을 수 있는 출처를 지정하세요"
        )
    }
    pub fn no_answer_hint(self) -> &'static str {
        say!(
            self.0,
            "check the internet connection, or allow a longer wait with --timeout 10s; -v shows each source's error",
            "인터넷 연결을 확인하거나 --timeout 10s로 더 기다려 보세요. -v로 출처별 오류를 볼 수 있습니다"
        )
    }

    /// A source's error, for people.
    pub fn source_error(self, e: &crate::cmd::public_ip::SourceError) -> String {
        use crate::cmd::public_ip::SourceError::*;
        match e {
            NotAnIp(s) => say!(
                self.0,
                format!("not an IP address: {s}"),
                format!("IP 주소가 아님: {s}")
            ),
            WrongFamily { asked, got } => say!(
                self.0,
                format!("wrong family: asked for {}, got {got}", asked.label()),
                format!("주소 체계가 다름: {}를 물었는데 {got} 응답", asked.label())
            ),
            PrivateAddress(ip) => say!(
                self.0,
                format!("private/reserved address {ip}, not a public one"),
                format!("사설·예약 주소 {ip} (공인 IP 아님)")
            ),
            TooLarge => say!(self.0, "body over 1 KiB", "응답이 1 KiB를 넘음").into(),
            HttpStatus(code) => say!(
                self.0,
                format!("HTTP error {code}"),
                format!("HTTP 오류 {code}")
            ),
            Late => say!(self.0, "no answer in time (late)", "시간 안에 응답 없음").into(),
            Skipped => say!(
                self.0,
                "not needed: two sources already agreed",
                "불필요: 이미 두 곳이 일치함"
            )
            .into(),
            NoIpv6OnHost => self.no_global_v6().into(),
            NoAddressOfFamily(f) => say!(
                self.0,
                format!("the source has no {} address", f.label()),
                format!("출처에 {} 주소가 없음", f.label())
            ),
            Resolve(d) => say!(
                self.0,
                format!("name lookup failed: {d}"),
                format!("이름(DNS) 조회 실패: {d}")
            ),
            Connect(d) => say!(
                self.0,
                format!("could not connect: {d}"),
                format!("연결 실패: {d}")
            ),
            Tls(d) => say!(self.0, format!("TLS error: {d}"), format!("TLS 오류: {d}")),
            Stun(d) => say!(self.0, format!("STUN: {d}"), format!("STUN 오류: {d}")),
            Other(d) => d.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_both_languages() {
        use AddressKind::*;
        for k in [
            Private,
            Cgnat,
            Public,
            Global,
            Ula,
            LinkLocal,
            Loopback,
            Unspecified,
            Multicast,
            Reserved,
        ] {
            let en = Tr(Lang::En).address_kind(k);
            let ko = Tr(Lang::Ko).address_kind(k);
            assert!(!en.is_empty() && !ko.is_empty());
            assert_ne!(
                Tr(Lang::En).address_meaning(k),
                Tr(Lang::Ko).address_meaning(k)
            );
        }
    }
}
