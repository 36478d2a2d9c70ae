//! Sentences of the manual port-forwarding guide (`netcheck forward`, when the
//! router cannot be asked to open the port). Korean uses the words printed on
//! Korean routers' pages: 포트포워드, 외부 포트, 내부 IP, 내부 포트, 고정 할당.

use super::{Lang, Tr};
use crate::router::brands::{DefaultLogin, LoginScope};
use crate::router::{Brand, DetectedBy};

impl Tr {
    /// The brand as people write it in this language: Korean users write the
    /// ISPs' names in Korean.
    pub fn brand_name(self, brand: Brand) -> &'static str {
        match (brand, self.0) {
            (Brand::SkBroadband, Lang::Ko) => "SK브로드밴드",
            (Brand::LgUplus, Lang::Ko) => "LG유플러스",
            (Brand::Generic, Lang::Ko) => "내 공유기",
            (b, _) => b.name(),
        }
    }

    // ---- where things are on each brand's admin page -------------------
    // Every language lists every brand (the compiler checks it): the words
    // of the brand's own UI, with a translation where the UI has only one
    // language. Sources per brand: docs/routers.md.

    /// Where the port-forwarding page is.
    pub fn menu_path(self, brand: Brand) -> &'static str {
        match self.0 {
            Lang::En => match brand {
                Brand::IpTime => {
                    "Advanced Setup > NAT/Router Management > Port Forwarding (classic admin page; the new admin page of firmware 16.x may differ)"
                }
                Brand::SkBroadband => "방화벽 (Firewall) > 포트포워딩 (Port forwarding)",
                Brand::Kt => {
                    "고급설정 (Advanced settings) > 트래픽 관리 (Traffic management) > 포트 포워딩 설정 (Port forwarding settings); on some models the top menu is 장치 설정 (Device settings)"
                }
                Brand::LgUplus => {
                    "Network 설정 (Network settings) > NAT 설정 (NAT settings) > 버츄얼 서버 맵핑 (Virtual server mapping) on the LG-5000P; other models may call it 포트 포워딩 (Port forwarding)"
                }
                Brand::TpLink => "Advanced > NAT Forwarding > Virtual Servers",
                Brand::Asus => "Advanced Settings > WAN > Virtual Server / Port Forwarding",
                Brand::Netgear => "ADVANCED > Advanced Setup > Port Forwarding / Port Triggering",
                Brand::Linksys => {
                    "Security > Apps and Gaming > Single Port Forwarding (older models: Applications & Gaming > Single Port Forwarding)"
                }
                Brand::Fritzbox => {
                    "Internet > Permit Access > Port Sharing (German UI: Internet > Freigaben > Portfreigaben)"
                }
                Brand::Huawei => {
                    "More Functions > Security Settings > Port Mapping (ISP-supplied ONTs: Forward Rules > Port Mapping Configuration)"
                }
                Brand::Xiaomi => {
                    "Advanced settings > Port forwarding (Chinese UI: 高级设置 > 端口转发)"
                }
                Brand::Ubiquiti => {
                    "UniFi Network app: Settings > Routing > Port Forwarding (older versions: Settings > Firewall & Security > Port Forwarding)"
                }
                Brand::OpenWrt => "LuCI: Network > Firewall > Port Forwards",
                Brand::Generic => {
                    "usually under Advanced, NAT or Firewall, called Port Forwarding, Virtual Server(s) or Port Mapping"
                }
            },
            Lang::Ko => match brand {
                Brand::IpTime => {
                    "고급 설정 > NAT/라우터 관리 > 포트포워드 설정 (기존 관리 화면 기준; 펌웨어 16.x의 새 관리 화면은 메뉴가 다를 수 있습니다)"
                }
                Brand::SkBroadband => "방화벽 > 포트포워딩",
                Brand::Kt => {
                    "고급설정 > 트래픽 관리 > 포트 포워딩 설정 (모델에 따라 맨 위 메뉴가 ‘장치 설정’일 수 있습니다)"
                }
                Brand::LgUplus => {
                    "Network 설정 > NAT 설정 > 버츄얼 서버 맵핑 (LG-5000P 기준; 모델에 따라 ‘포트 포워딩’일 수 있습니다)"
                }
                Brand::TpLink => {
                    "고급 > NAT 포워딩 > 가상 서버 (영문 화면: Advanced > NAT Forwarding > Virtual Servers)"
                }
                Brand::Asus => {
                    "고급 설정 > WAN > 가상 서버 / 포트 포워딩 (영문 화면: Advanced Settings > WAN > Virtual Server / Port Forwarding)"
                }
                Brand::Netgear => {
                    "고급 > 고급 설정 > 포트 포워딩/포트 트리거링 (영문 화면: ADVANCED > Advanced Setup > Port Forwarding / Port Triggering)"
                }
                Brand::Linksys => {
                    "보안 > 앱 및 게임 > 단일 포트 포워딩 (영문 화면: Security > Apps and Gaming > Single Port Forwarding; 구형 모델: Applications & Gaming > Single Port Forwarding)"
                }
                Brand::Fritzbox => {
                    "Internet > Permit Access > Port Sharing (한국어 화면 없음; 독일어 화면: Internet > Freigaben > Portfreigaben)"
                }
                Brand::Huawei => {
                    "More Functions > Security Settings > Port Mapping (영문 화면 기준; 통신사 광모뎀(ONT)은 Forward Rules > Port Mapping Configuration)"
                }
                Brand::Xiaomi => {
                    "Advanced settings > Port forwarding (한국어 화면 없음; 중국어 화면: 高级设置 > 端口转发)"
                }
                Brand::Ubiquiti => {
                    "UniFi Network 앱: Settings > Routing > Port Forwarding (이전 버전: Settings > Firewall & Security > Port Forwarding)"
                }
                Brand::OpenWrt => {
                    "LuCI: 네트워크 > 방화벽 > Port Forward 탭 (영문 화면: Network > Firewall > Port Forwards)"
                }
                Brand::Generic => {
                    "보통 ‘고급 설정’, ‘NAT’, ‘방화벽’ 메뉴 아래에 있고, 이름은 ‘포트포워드’, ‘포트포워딩’, ‘가상 서버’, ‘포트 매핑’ 등입니다"
                }
            },
        }
    }

    /// Where UPnP (and NAT-PMP/PCP, where the router has them) is switched
    /// on. `None` when unknown or doubtful (ipTIME: see docs/routers.md).
    pub fn upnp_toggle_path(self, brand: Brand) -> Option<&'static str> {
        match self.0 {
            Lang::En => match brand {
                Brand::TpLink => Some("Advanced > NAT Forwarding > UPnP"),
                Brand::Asus => Some("Advanced Settings > WAN > Internet Connection > Enable UPnP"),
                Brand::Netgear => Some("ADVANCED > Advanced Setup > UPnP"),
                Brand::Linksys => Some("Connectivity > Administration > UPnP"),
                Brand::Fritzbox => Some(
                    "Home Network > Network (or Mesh) > Network Connections > edit this computer > tick “Permit independent port sharing for this device” (PCP/UPnP; German UI: Heimnetz > Heimnetzübersicht > Netzwerkverbindungen)",
                ),
                Brand::Xiaomi => Some("Advanced settings > UPnP"),
                Brand::Ubiquiti => Some("UniFi Network app: Settings > Internet > UPnP"),
                Brand::OpenWrt => Some(
                    "LuCI: Services > UPnP IGD & PCP (older versions: Services > UPnP; needs package luci-app-upnp)",
                ),
                _ => None,
            },
            Lang::Ko => match brand {
                Brand::TpLink => {
                    Some("고급 > NAT 포워딩 > UPnP (영문 화면: Advanced > NAT Forwarding > UPnP)")
                }
                Brand::Asus => Some(
                    "고급 설정 > WAN > 인터넷 연결 > UPnP 사용 (영문 화면: Advanced Settings > WAN > Internet Connection > Enable UPnP)",
                ),
                Brand::Netgear => {
                    Some("고급 > 고급 설정 > UPnP (영문 화면: ADVANCED > Advanced Setup > UPnP)")
                }
                Brand::Linksys => {
                    Some("연결 > 관리 > UPnP (영문 화면: Connectivity > Administration > UPnP)")
                }
                Brand::Fritzbox => Some(
                    "Home Network > Network (또는 Mesh) > Network Connections > 이 컴퓨터 편집 > ‘Permit independent port sharing for this device’ 체크 (PCP/UPnP; 독일어 화면: Heimnetz > Heimnetzübersicht > Netzwerkverbindungen)",
                ),
                Brand::Xiaomi => Some("Advanced settings > UPnP"),
                Brand::Ubiquiti => Some("UniFi Network 앱: Settings > Internet > UPnP"),
                Brand::OpenWrt => Some(
                    "LuCI: 서비스(Services) > UPnP IGD & PCP (이전 버전: UPnP; luci-app-upnp 패키지 필요)",
                ),
                _ => None,
            },
        }
    }

    /// Where inbound IPv6 is allowed by hand (the IPv6 firewall), when known.
    /// From vendors' manuals and help pages, not checked on devices
    /// (docs/routers.md).
    pub fn ipv6_firewall_path(self, brand: Brand) -> Option<&'static str> {
        match self.0 {
            Lang::En => match brand {
                Brand::Asus => Some("Advanced Settings > Firewall > IPv6 Firewall"),
                Brand::Fritzbox => Some(
                    "Internet > Permit Access > Port Sharing > this device > New Sharing, tick “IPv6” (German UI: Internet > Freigaben > Portfreigaben)",
                ),
                Brand::OpenWrt => Some(
                    "LuCI: Network > Firewall > Traffic Rules: add a rule from wan to lan, IPv6, destination port, action accept",
                ),
                Brand::Ubiquiti => Some(
                    "UniFi Network app: Settings > Security > Firewall Rules > Internet v6 In: add an accept rule",
                ),
                _ => None,
            },
            Lang::Ko => match brand {
                Brand::Asus => Some(
                    "고급 설정 > 방화벽 > IPv6 방화벽 (영문 화면: Advanced Settings > Firewall > IPv6 Firewall)",
                ),
                Brand::Fritzbox => Some(
                    "Internet > Permit Access > Port Sharing > 이 컴퓨터 > New Sharing에서 ‘IPv6’ 체크 (독일어 화면: Internet > Freigaben > Portfreigaben)",
                ),
                Brand::OpenWrt => Some(
                    "LuCI: 네트워크 > 방화벽 > Traffic Rules 탭에서 wan → lan, IPv6, 대상 포트 허용 규칙 추가 (영문 화면: Network > Firewall > Traffic Rules)",
                ),
                Brand::Ubiquiti => Some(
                    "UniFi Network 앱: Settings > Security > Firewall Rules > Internet v6 In에 허용 규칙 추가",
                ),
                _ => None,
            },
        }
    }

    // ---- manual guide ---------------------------------------------------
    pub fn guide_title(self, brand: Brand) -> String {
        let b = self.brand_name(brand);
        match brand {
            Brand::Generic => say!(
                self.0,
                "Set up the port forward by hand on your router".to_string(),
                "공유기에서 직접 포트포워드 설정하기".to_string()
            ),
            _ => say!(
                self.0,
                format!("Set up the port forward by hand on your {b} router"),
                format!("{b} 공유기에서 직접 포트포워드 설정하기")
            ),
        }
    }
    pub fn guide_detected_by(self, by: DetectedBy) -> &'static str {
        match by {
            DetectedBy::Upnp => say!(
                self.0,
                "recognised from the router's UPnP description",
                "공유기의 UPnP 장치 정보로 확인"
            ),
            DetectedBy::Mac => say!(
                self.0,
                "guessed from the maker code in the router's MAC address",
                "공유기 MAC 주소의 제조사 코드로 추정"
            ),
            DetectedBy::None => say!(
                self.0,
                "router brand not recognised: general steps",
                "공유기 제조사를 알 수 없어 일반적인 방법을 안내합니다"
            ),
        }
    }
    pub fn guide_step_login(self, url: Option<&str>, usual: Option<&str>) -> String {
        match (url, usual) {
            (Some(url), _) => say!(
                self.0,
                format!("Open {url} in a browser and log in with the router's admin account."),
                format!("브라우저에서 {url} 에 접속해 공유기 관리자 계정으로 로그인하세요.")
            ),
            (None, Some(usual)) => say!(
                self.0,
                format!(
                    "Open the router's admin page in a browser (the default gateway's address; for this brand usually {usual}) and log in."
                ),
                format!(
                    "브라우저에서 공유기 주소(기본 게이트웨이 주소, 이 제조사는 보통 {usual})에 접속해 관리자 계정으로 로그인하세요."
                )
            ),
            (None, None) => say!(
                self.0,
                "Open the router's admin page in a browser (the default gateway's address: `netcheck gateway` shows it) and log in.".to_string(),
                "브라우저에서 공유기 주소(기본 게이트웨이 주소, `netcheck gateway`로 확인)에 접속해 관리자 계정으로 로그인하세요.".to_string()
            ),
        }
    }
    /// A default login a source gives; it varies by model.
    pub fn guide_login_hint(self, login: DefaultLogin) -> String {
        let (user, pw) = (login.user, login.password);
        match login.scope {
            LoginScope::Model(m) => say!(
                self.0,
                format!(
                    "Login hint (varies by model): on the {m}, {user} / {pw}. If it was changed, or the router's label gives a password, use that."
                ),
                format!(
                    "로그인 힌트(모델마다 다름): {m} 모델은 {user} / {pw}. 비밀번호를 바꿨거나 공유기 라벨에 비밀번호가 적혀 있으면 그것을 쓰세요."
                )
            ),
            LoginScope::OlderFirmware => say!(
                self.0,
                format!(
                    "Login hint (varies by model): older firmware uses {user} / {pw}; newer firmware has you create an account at first login. If it was changed, use yours."
                ),
                format!(
                    "로그인 힌트(모델마다 다름): 구형 펌웨어는 {user} / {pw}이고, 최신 펌웨어는 처음 접속할 때 계정을 만듭니다. 바꾼 적이 있다면 그 계정을 쓰세요."
                )
            ),
            LoginScope::Default => say!(
                self.0,
                format!(
                    "Login hint (varies by model): the factory default is {user} / {pw}. If it was changed, use yours."
                ),
                format!(
                    "로그인 힌트(모델마다 다름): 공장 초기값은 {user} / {pw}입니다. 바꾼 적이 있다면 그 계정을 쓰세요."
                )
            ),
        }
    }
    pub fn guide_step_menu(self, path: &str) -> String {
        say!(
            self.0,
            format!("Go to the port-forwarding page: {path}"),
            format!("포트포워드 설정 화면으로 이동하세요: {path}")
        )
    }
    pub fn guide_menu_unverified(self) -> &'static str {
        say!(
            self.0,
            "(not verified: menu names differ between models and firmware versions)",
            "(확인되지 않은 경로입니다. 모델·펌웨어 버전에 따라 메뉴 이름이 다를 수 있습니다)"
        )
    }
    pub fn guide_step_rule(self) -> &'static str {
        say!(
            self.0,
            "Add this rule, then save / apply:",
            "다음 규칙을 추가하고 저장(적용)하세요:"
        )
    }
    pub fn guide_col_external_port(self) -> &'static str {
        say!(self.0, "External port", "외부(서비스) 포트")
    }
    pub fn guide_col_protocol(self) -> &'static str {
        say!(self.0, "Protocol", "프로토콜")
    }
    pub fn guide_col_internal_ip(self) -> &'static str {
        say!(self.0, "Internal IP", "내부 IP")
    }
    pub fn guide_col_internal_port(self) -> &'static str {
        say!(self.0, "Internal port", "내부 포트")
    }
    pub fn guide_col_description(self) -> &'static str {
        say!(self.0, "Description", "설명(규칙 이름)")
    }
    pub fn guide_range_note(self, start: u16, end: u16) -> String {
        say!(
            self.0,
            if start == end {
                format!(
                    "Where the router asks for a start and an end port (some ask for the internal port as a range too), put {start} in both."
                )
            } else {
                format!(
                    "Where the router asks for a start and an end port, put {start} as the start and {end} as the end."
                )
            },
            if start == end {
                format!(
                    "시작 포트와 끝 포트를 따로 입력하는 화면이면(내부 포트도 범위로 받는 공유기가 있습니다) 두 칸 모두 같은 값({start})을 넣으세요."
                )
            } else {
                format!(
                    "시작 포트와 끝 포트를 따로 입력하는 화면이면 두 칸에 각각 {start}, {end} 값을 넣으세요."
                )
            }
        )
    }
    pub fn guide_field_names_note(self) -> &'static str {
        say!(
            self.0,
            "The external port may be called \"service port\" (SK Broadband, older ipTIME), \"server port\" (KT) or \"WAN port\" (LG U+), and the internal IP \"LAN IP\".",
            "외부 포트는 공유기에 따라 ‘서비스 포트’(SK브로드밴드, 구형 ipTIME), ‘서버포트’(KT), ‘WAN 포트’(LG유플러스)로, 내부 IP는 ‘LAN IP’로 표시되기도 합니다."
        )
    }
    pub fn guide_both_note(self) -> &'static str {
        say!(
            self.0,
            "TCP+UDP may be called Both, All or TCP/UDP on the router.",
            "TCP+UDP는 공유기에 따라 Both, ALL, TCP/UDP 등으로 표시될 수 있습니다."
        )
    }
    pub fn guide_step_dhcp(self, ip: &str) -> String {
        say!(
            self.0,
            format!(
                "This computer's address ({ip}) comes from DHCP, so it can change later and the rule would then point at another device. Reserve {ip} for this computer's MAC address on the router (DHCP reservation), or set a fixed address outside the router's DHCP range. On Wi-Fi, switch off the random (private) MAC address for this network, or the reservation will not match."
            ),
            format!(
                "이 컴퓨터의 내부 IP({ip})는 DHCP로 받은 주소라 나중에 바뀔 수 있고, 그러면 규칙이 엉뚱한 기기를 가리키게 됩니다. 공유기의 DHCP 설정에서 이 컴퓨터의 MAC 주소에 {ip} 주소를 고정 할당(DHCP 예약)하거나, 컴퓨터에 DHCP 범위 밖의 고정 IP를 직접 설정하세요. Wi-Fi라면 ‘임의(개인 정보 보호) MAC 주소’ 기능을 꺼야 고정 할당이 유지됩니다."
            )
        )
    }
    pub fn guide_step_verify(self, internal_port: u16) -> String {
        say!(
            self.0,
            format!(
                "From another network (a phone hotspot, say), check that the port is reachable while your server listens on port {internal_port}:"
            ),
            format!(
                "서버 프로그램을 {internal_port}번 포트로 실행해 둔 상태에서, 다른 네트워크(예: 휴대폰 핫스팟)에서 접속되는지 확인하세요:"
            )
        )
    }
    pub fn guide_public_ip_unknown(self) -> &'static str {
        say!(
            self.0,
            "Replace <public-ip> with this network's public IP (`netcheck public-ip` shows it).",
            "<public-ip> 자리에는 이 네트워크의 외부 IP를 넣으세요(`netcheck public-ip`로 확인)."
        )
    }
    pub fn guide_upnp_tip(self, path: &str) -> String {
        say!(
            self.0,
            format!(
                "Tip: switch UPnP on and `netcheck forward` can open the port by itself next time (UPnP lets any program at home open ports, so keep it on only while you need it). UPnP is at: {path}"
            ),
            format!(
                "참고: UPnP를 켜 두면 다음부터는 `netcheck forward`가 포트를 자동으로 엽니다(집 안의 다른 프로그램도 포트를 열 수 있으니 필요할 때만 켜세요). UPnP 설정 위치: {path}"
            )
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::router::brands::{default_admin_hint, default_login, menu_path_documented};

    #[test]
    fn every_sentence_has_both_languages() {
        let (en, ko) = (Tr(Lang::En), Tr(Lang::Ko));
        for b in Brand::ALL {
            assert_ne!(en.guide_title(b), ko.guide_title(b));
        }
        for d in [DetectedBy::Upnp, DetectedBy::Mac, DetectedBy::None] {
            assert_ne!(en.guide_detected_by(d), ko.guide_detected_by(d));
        }
        for (url, usual) in [
            (Some("http://192.168.0.1/"), None),
            (None, Some("http://192.168.0.1/")),
            (None, None),
        ] {
            assert_ne!(
                en.guide_step_login(url, usual),
                ko.guide_step_login(url, usual)
            );
        }
        assert_ne!(en.guide_step_menu("x"), ko.guide_step_menu("x"));
        assert_ne!(en.guide_menu_unverified(), ko.guide_menu_unverified());
        assert_ne!(en.guide_step_rule(), ko.guide_step_rule());
        assert_ne!(en.guide_col_external_port(), ko.guide_col_external_port());
        assert_ne!(en.guide_col_protocol(), ko.guide_col_protocol());
        assert_ne!(en.guide_col_internal_ip(), ko.guide_col_internal_ip());
        assert_ne!(en.guide_col_internal_port(), ko.guide_col_internal_port());
        assert_ne!(en.guide_col_description(), ko.guide_col_description());
        assert_ne!(en.guide_range_note(1, 2), ko.guide_range_note(1, 2));
        assert_ne!(en.guide_both_note(), ko.guide_both_note());
        assert_ne!(
            en.guide_step_dhcp("10.0.0.2"),
            ko.guide_step_dhcp("10.0.0.2")
        );
        assert_ne!(en.guide_step_verify(5000), ko.guide_step_verify(5000));
        assert_ne!(en.guide_public_ip_unknown(), ko.guide_public_ip_unknown());
        assert_ne!(en.guide_upnp_tip("x"), ko.guide_upnp_tip("x"));
        assert!(ko.guide_title(Brand::IpTime).starts_with("ipTIME 공유기"));
        assert!(
            ko.guide_title(Brand::SkBroadband)
                .starts_with("SK브로드밴드 공유기")
        );
        assert!(
            ko.guide_title(Brand::LgUplus)
                .starts_with("LG유플러스 공유기")
        );
        assert_eq!(en.brand_name(Brand::LgUplus), "LG U+");
        assert_ne!(en.guide_field_names_note(), ko.guide_field_names_note());
        for scope in [
            LoginScope::Model("X-1"),
            LoginScope::OlderFirmware,
            LoginScope::Default,
        ] {
            let l = DefaultLogin {
                user: "u",
                password: "p",
                scope,
            };
            assert_ne!(en.guide_login_hint(l), ko.guide_login_hint(l));
            assert!(ko.guide_login_hint(l).contains("모델마다 다름"));
            assert!(en.guide_login_hint(l).contains("varies by model"));
        }
        assert!(ko.guide_range_note(5000, 5000).contains("두 칸 모두"));
        assert!(ko.guide_step_dhcp("192.168.0.10").contains("고정 할당"));
    }

    #[test]
    fn every_brand_has_a_menu_path_in_both_languages() {
        for b in Brand::ALL {
            let ko = Tr(Lang::Ko).menu_path(b);
            let en = Tr(Lang::En).menu_path(b);
            assert!(!ko.trim().is_empty() && !en.trim().is_empty(), "{b:?}");
            assert_ne!(ko, en, "{b:?}: Korean and English paths are identical");
            if let Some(p) = Tr(Lang::Ko).upnp_toggle_path(b) {
                assert!(!p.is_empty());
                assert!(Tr(Lang::En).upnp_toggle_path(b).is_some(), "{b:?}");
            }
            assert!(!b.to_string().is_empty());
        }
        assert!(
            Tr(Lang::Ko)
                .menu_path(Brand::IpTime)
                .contains("포트포워드 설정")
        );
        assert!(
            Tr(Lang::Ko)
                .menu_path(Brand::SkBroadband)
                .contains("방화벽")
        );
        assert!(
            Tr(Lang::En)
                .menu_path(Brand::SkBroadband)
                .contains("Firewall"),
            "English output keeps a translation of the Korean-only UI"
        );
    }

    #[test]
    fn sourced_facts() {
        // docs/routers.md names the source of each of these.
        assert!(
            Tr(Lang::Ko)
                .menu_path(Brand::Kt)
                .starts_with("고급설정 > 트래픽 관리 > 포트 포워딩 설정")
        );
        assert!(
            Tr(Lang::Ko)
                .menu_path(Brand::LgUplus)
                .contains("버츄얼 서버 맵핑")
        );
        assert!(menu_path_documented(Brand::Kt) && menu_path_documented(Brand::LgUplus));
        assert_eq!(default_admin_hint(Brand::SkBroadband), None, "no source");
        assert_eq!(
            Tr(Lang::Ko).upnp_toggle_path(Brand::IpTime),
            None,
            "doubtful"
        );
        assert!(
            !Tr(Lang::Ko).menu_path(Brand::Huawei).contains("더 보기"),
            "invented"
        );
        let kt = default_login(Brand::Kt).unwrap();
        assert_eq!((kt.user, kt.password), ("ktuser", "megaap"));
        assert_eq!(kt.scope, LoginScope::Model("SS204-003H"));
        assert_eq!(default_login(Brand::SkBroadband), None, "unconfirmed");
        assert_eq!(default_login(Brand::Generic), None);
    }
}
