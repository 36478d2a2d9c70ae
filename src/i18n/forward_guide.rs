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
}
