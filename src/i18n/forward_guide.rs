//! Sentences of the manual port-forwarding guide (`netcheck forward`, when the
//! router cannot be asked to open the port). Korean uses the words printed on
//! Korean routers' pages: 포트포워드, 외부 포트, 내부 IP, 내부 포트, 고정 할당.

use crate::router::brands::DefaultLogin;
use crate::router::{Brand, DetectedBy};

/// The sentences of this part of the catalogue; every language implements
/// them (`en.rs`, `ko.rs`).
pub trait GuideText {
    fn guide_title(&self, brand: Brand) -> String;
    fn guide_detected_by(&self, by: DetectedBy) -> &'static str;
    fn guide_step_login(&self, url: Option<&str>, usual: Option<&str>) -> String;
    /// A default login a source gives; it varies by model.
    fn guide_login_hint(&self, login: DefaultLogin) -> String;
    fn guide_step_menu(&self, path: &str) -> String;
    fn guide_menu_unverified(&self) -> &'static str;
    fn guide_step_rule(&self) -> &'static str;
    fn guide_col_external_port(&self) -> &'static str;
    fn guide_col_protocol(&self) -> &'static str;
    fn guide_col_internal_ip(&self) -> &'static str;
    fn guide_col_internal_port(&self) -> &'static str;
    fn guide_col_description(&self) -> &'static str;
    fn guide_range_note(&self, start: u16, end: u16) -> String;
    fn guide_field_names_note(&self) -> &'static str;
    fn guide_both_note(&self) -> &'static str;
    fn guide_step_dhcp(&self, ip: &str) -> String;
    fn guide_step_verify(&self, internal_port: u16) -> String;
    fn guide_public_ip_unknown(&self) -> &'static str;
    fn guide_upnp_tip(&self, path: &str) -> String;
    /// Where the port-forwarding page is. Every language lists every brand
    /// (the compiler checks it): the words of the brand's own UI, with a
    /// translation where the UI has only one language. Sources per brand:
    /// docs/routers.md.
    fn menu_path(&self, brand: Brand) -> &'static str;
    /// Where UPnP (and NAT-PMP/PCP, where the router has them) is switched
    /// on. `None` when unknown or doubtful (ipTIME: see docs/routers.md).
    fn upnp_toggle_path(&self, brand: Brand) -> Option<&'static str>;
    /// Where inbound IPv6 is allowed by hand (the IPv6 firewall), when known.
    /// From vendors' manuals and help pages, not checked on devices
    /// (docs/routers.md).
    fn ipv6_firewall_path(&self, brand: Brand) -> Option<&'static str>;
    /// The brand as people write it in this language: Korean users write the
    /// ISPs' names in Korean.
    fn brand_name(&self, brand: Brand) -> &'static str;
}

#[cfg(test)]
mod tests {
    use crate::i18n::{Lang, Tr};
    use crate::router::brands::{DefaultLogin, LoginScope};
    use crate::router::brands::{default_admin_hint, default_login, menu_path_documented};
    use crate::router::{Brand, DetectedBy};

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
