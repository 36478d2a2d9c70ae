//! The manual port-forwarding guide for people: numbered steps with the rule
//! as a table, like the router's form. The data comes from
//! `router::guide::build_guide`; `forward` and `doctor` render it here.

use crate::i18n::Tr;
use crate::net::Protocols;
use crate::output::{Style, pad, width};
use crate::router::brands::{Brand, default_admin_hint, default_login, menu_path_documented};
use crate::router::guide::{ManualGuide, PUBLIC_IP_PLACEHOLDER, Rule};

/// [`build_guide`](crate::router::guide::build_guide) with the brand's menu
/// words from the catalogue, in `tr`'s language.
pub fn guide(
    brand: Brand,
    detected_by: crate::router::brands::DetectedBy,
    router_url: Option<String>,
    rule: Rule,
    dhcp_or_wifi: bool,
    public_ip: Option<std::net::IpAddr>,
    tr: Tr,
) -> ManualGuide {
    crate::router::guide::build_guide(
        brand,
        detected_by,
        router_url,
        rule,
        dhcp_or_wifi,
        public_ip,
        tr.menu_path(brand),
        tr.upnp_toggle_path(brand),
    )
}

/// What a manual guide is made of, without words: [`GuideFacts::words`]
/// fills in the brand's menu path in a language, at render time.
#[derive(Debug, Clone)]
pub struct GuideFacts {
    pub brand: Brand,
    pub detected_by: crate::router::brands::DetectedBy,
    pub router_url: Option<String>,
    pub rule: Rule,
    pub dhcp_or_wifi: bool,
    pub public_ip: Option<std::net::IpAddr>,
}

impl GuideFacts {
    /// The guide in `tr`'s language.
    pub fn words(&self, tr: Tr) -> ManualGuide {
        guide(
            self.brand,
            self.detected_by,
            self.router_url.clone(),
            self.rule.clone(),
            self.dhcp_or_wifi,
            self.public_ip,
            tr,
        )
    }
}

/// Text from the user (the description) on one line.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The rule as a two-row table (bold header, dashes, values), columns aligned
/// in display cells, each line prefixed with `indent`.
fn rule_table(rule: &Rule, style: Style, tr: Tr, indent: &str) -> String {
    let header = [
        tr.guide_col_external_port().to_string(),
        tr.guide_col_protocol().to_string(),
        tr.guide_col_internal_ip().to_string(),
        tr.guide_col_internal_port().to_string(),
        tr.guide_col_description().to_string(),
    ];
    let values = [
        rule.service_range(),
        rule.protocol.label().to_string(),
        rule.internal_ip.to_string(),
        rule.internal_port.to_string(),
        one_line(&rule.description),
    ];
    let widths: Vec<usize> = header
        .iter()
        .zip(&values)
        .map(|(h, v)| width(h).max(width(v)))
        .collect();
    let dashes: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    let row = |cols: &[String], bold: bool| {
        let last = cols.len() - 1;
        let line: String = cols
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == last {
                    c.clone()
                } else {
                    format!("{}  ", pad(c, widths[i]))
                }
            })
            .collect();
        let line = line.trim_end();
        let line = if bold {
            style.bold(line)
        } else {
            line.to_string()
        };
        format!("{indent}{line}\n")
    };
    format!(
        "{}{}{}",
        row(&header, true),
        row(&dashes, false),
        row(&values, false)
    )
}

/// The guide as numbered steps for people. Pure.
pub fn render_guide(g: &ManualGuide, style: Style, tr: Tr) -> String {
    const STEP_INDENT: &str = "     ";
    let mut out = String::new();
    out.push_str(&style.bold(&tr.guide_title(g.brand)));
    out.push('\n');
    out.push_str(&format!(
        "  {}\n",
        style.dim(&format!("({})", tr.guide_detected_by(g.detected_by)))
    ));

    let mut n = 0;
    let mut step = |out: &mut String, text: &str| {
        n += 1;
        out.push_str(&format!("  {n}. {text}\n"));
    };

    // 1. Log in.
    let usual = if g.router_url.is_none() {
        default_admin_hint(g.brand)
    } else {
        None
    };
    step(
        &mut out,
        &tr.guide_step_login(g.router_url.as_deref(), usual),
    );
    if let Some(login) = default_login(g.brand) {
        out.push_str(&format!(
            "{STEP_INDENT}{}\n",
            style.dim(&tr.guide_login_hint(login))
        ));
    }

    // 2. The page.
    step(&mut out, &tr.guide_step_menu(&style.bold(&g.menu_path)));
    if g.brand != Brand::Generic && !menu_path_documented(g.brand) {
        out.push_str(&format!(
            "{STEP_INDENT}{}\n",
            style.dim(tr.guide_menu_unverified())
        ));
    }

    // 3. The rule.
    step(&mut out, tr.guide_step_rule());
    out.push_str(&rule_table(&g.rule, style, tr, &format!("{STEP_INDENT}  ")));
    out.push_str(&format!(
        "{STEP_INDENT}{}\n",
        tr.guide_range_note(g.rule.service_port_start, g.rule.service_port_end)
    ));
    if g.rule.protocol == Protocols::Both {
        out.push_str(&format!("{STEP_INDENT}{}\n", tr.guide_both_note()));
    }
    if matches!(
        g.brand,
        Brand::IpTime | Brand::SkBroadband | Brand::Kt | Brand::LgUplus | Brand::Generic
    ) {
        out.push_str(&format!("{STEP_INDENT}{}\n", tr.guide_field_names_note()));
    }

    // 4. Keep the internal IP from moving.
    if g.dhcp_advice {
        step(
            &mut out,
            &tr.guide_step_dhcp(&g.rule.internal_ip.to_string()),
        );
    }

    // 5. Check from outside.
    step(&mut out, &tr.guide_step_verify(g.rule.internal_port));
    out.push_str(&format!(
        "{STEP_INDENT}  {}\n",
        style.bold(&g.verify_command)
    ));
    if g.verify_command.contains(PUBLIC_IP_PLACEHOLDER) {
        out.push_str(&format!("{STEP_INDENT}{}\n", tr.guide_public_ip_unknown()));
    }

    if let Some(path) = &g.upnp_hint {
        out.push_str(&format!("  {}\n", style.dim(&tr.guide_upnp_tip(path))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::router::brands::DetectedBy;
    use std::net::Ipv4Addr;

    const PLAIN: Style = Style { color: false };

    fn seed_rule() -> Rule {
        // The seed post's rule.
        Rule::new(
            5000,
            Protocols::Both,
            Ipv4Addr::new(192, 168, 99, 123),
            5000,
            "flask server",
        )
    }

    fn seed_guide(brand: Brand, lang: Lang, dhcp: bool) -> ManualGuide {
        guide(
            brand,
            DetectedBy::Upnp,
            Some("http://192.168.99.1/".into()),
            seed_rule(),
            dhcp,
            Some("111.222.33.123".parse().unwrap()),
            Tr(lang),
        )
    }

    /// The seed guide for `brand` in `lang`, rendered without colour.
    fn plain(brand: Brand, lang: Lang, dhcp: bool) -> String {
        render_guide(&seed_guide(brand, lang, dhcp), PLAIN, Tr(lang))
    }

    /// Display-cell offsets where each column starts (columns are separated by
    /// two or more spaces; single spaces belong to the text).
    fn column_starts(line: &str) -> Vec<usize> {
        let mut starts = Vec::new();
        let (mut col, mut spaces, mut prev_text) = (0usize, 0usize, false);
        for c in line.chars() {
            if c == ' ' {
                spaces += 1;
            } else {
                if !prev_text || spaces >= 2 {
                    starts.push(col);
                }
                prev_text = true;
                spaces = 0;
            }
            col += width(&c.to_string());
        }
        starts
    }

    fn table_lines(text: &str) -> Vec<&str> {
        text.lines()
            .skip_while(|l| !l.contains("5000-5000") && !l.contains("---"))
            .collect::<Vec<_>>()
    }

    #[test]
    fn json_shape() {
        let g = seed_guide(Brand::IpTime, Lang::En, true);
        let v = serde_json::to_value(&g).unwrap();
        assert_eq!(v["router_url"], "http://192.168.99.1/");
        assert!(
            v["menu_path"]
                .as_str()
                .unwrap()
                .starts_with("Advanced Setup > NAT/Router Management > Port Forwarding")
        );
        assert_eq!(v["brand"], "iptime");
        assert_eq!(v["detected_by"], "upnp");
        assert_eq!(v["rule"]["service_port_start"], 5000);
        assert_eq!(v["rule"]["service_port_end"], 5000);
        assert_eq!(v["rule"]["protocol"], "both");
        assert_eq!(v["rule"]["internal_ip"], "192.168.99.123");
        assert_eq!(v["rule"]["internal_port"], 5000);
        assert_eq!(v["rule"]["description"], "flask server");
        assert_eq!(v["dhcp_advice"], true);
        assert_eq!(
            v["verify_command"],
            "netcheck probe 111.222.33.123 --port 5000"
        );
        assert!(v["upnp_hint"].is_null(), "ipTIME's UPnP path is doubtful");
        let back: ManualGuide = serde_json::from_value(v).unwrap();
        assert_eq!(back, g);

        let none = guide(
            Brand::Generic,
            DetectedBy::None,
            None,
            seed_rule(),
            false,
            None,
            Tr(Lang::Ko),
        );
        let v = serde_json::to_value(&none).unwrap();
        assert!(v["router_url"].is_null());
        assert!(v["upnp_hint"].is_null());
        assert_eq!(
            v["verify_command"],
            "netcheck probe <public-ip> --port 5000"
        );
    }

    #[test]
    fn english_guide_snapshot() {
        let text = plain(Brand::IpTime, Lang::En, true);
        let want = "\
Set up the port forward by hand on your ipTIME router
  (recognised from the router's UPnP description)
  1. Open http://192.168.99.1/ in a browser and log in with the router's admin account.
     Login hint (varies by model): older firmware uses admin / admin; newer firmware has you create an account at first login. If it was changed, use yours.
  2. Go to the port-forwarding page: Advanced Setup > NAT/Router Management > Port Forwarding (classic admin page; the new admin page of firmware 16.x may differ)
  3. Add this rule, then save / apply:
       External port  Protocol  Internal IP     Internal port  Description
       -------------  --------  --------------  -------------  ------------
       5000-5000      TCP+UDP   192.168.99.123  5000           flask server
     Where the router asks for a start and an end port (some ask for the internal port as a range too), put 5000 in both.
     TCP+UDP may be called Both, All or TCP/UDP on the router.
     The external port may be called \"service port\" (SK Broadband, older ipTIME), \"server port\" (KT) or \"WAN port\" (LG U+), and the internal IP \"LAN IP\".
  4. This computer's address (192.168.99.123) comes from DHCP, so it can change later and the rule would then point at another device. Reserve 192.168.99.123 for this computer's MAC address on the router (DHCP reservation), or set a fixed address outside the router's DHCP range. On Wi-Fi, switch off the random (private) MAC address for this network, or the reservation will not match.
  5. From another network (a phone hotspot, say), check that the port is reachable while your server listens on port 5000:
       netcheck probe 111.222.33.123 --port 5000
";
        assert_eq!(text, want);
    }

    #[test]
    fn korean_guide_snapshot() {
        let text = plain(Brand::SkBroadband, Lang::Ko, false);
        let want = "\
SK브로드밴드 공유기에서 직접 포트포워드 설정하기
  (공유기의 UPnP 장치 정보로 확인)
  1. 브라우저에서 http://192.168.99.1/ 에 접속해 공유기 관리자 계정으로 로그인하세요.
  2. 포트포워드 설정 화면으로 이동하세요: 방화벽 > 포트포워딩
  3. 다음 규칙을 추가하고 저장(적용)하세요:
       외부(서비스) 포트  프로토콜  내부 IP         내부 포트  설명(규칙 이름)
       -----------------  --------  --------------  ---------  ---------------
       5000-5000          TCP+UDP   192.168.99.123  5000       flask server
     시작 포트와 끝 포트를 따로 입력하는 화면이면(내부 포트도 범위로 받는 공유기가 있습니다) 두 칸 모두 같은 값(5000)을 넣으세요.
     TCP+UDP는 공유기에 따라 Both, ALL, TCP/UDP 등으로 표시될 수 있습니다.
     외부 포트는 공유기에 따라 ‘서비스 포트’(SK브로드밴드, 구형 ipTIME), ‘서버포트’(KT), ‘WAN 포트’(LG유플러스)로, 내부 IP는 ‘LAN IP’로 표시되기도 합니다.
  4. 서버 프로그램을 5000번 포트로 실행해 둔 상태에서, 다른 네트워크(예: 휴대폰 핫스팟)에서 접속되는지 확인하세요:
       netcheck probe 111.222.33.123 --port 5000
";
        assert_eq!(text, want);
    }

    #[test]
    fn korean_kt_guide_snapshot() {
        let text = plain(Brand::Kt, Lang::Ko, true);
        let want = "\
KT 공유기에서 직접 포트포워드 설정하기
  (공유기의 UPnP 장치 정보로 확인)
  1. 브라우저에서 http://192.168.99.1/ 에 접속해 공유기 관리자 계정으로 로그인하세요.
     로그인 힌트(모델마다 다름): SS204-003H 모델은 ktuser / megaap. 비밀번호를 바꿨거나 공유기 라벨에 비밀번호가 적혀 있으면 그것을 쓰세요.
  2. 포트포워드 설정 화면으로 이동하세요: 고급설정 > 트래픽 관리 > 포트 포워딩 설정 (모델에 따라 맨 위 메뉴가 ‘장치 설정’일 수 있습니다)
  3. 다음 규칙을 추가하고 저장(적용)하세요:
       외부(서비스) 포트  프로토콜  내부 IP         내부 포트  설명(규칙 이름)
       -----------------  --------  --------------  ---------  ---------------
       5000-5000          TCP+UDP   192.168.99.123  5000       flask server
     시작 포트와 끝 포트를 따로 입력하는 화면이면(내부 포트도 범위로 받는 공유기가 있습니다) 두 칸 모두 같은 값(5000)을 넣으세요.
     TCP+UDP는 공유기에 따라 Both, ALL, TCP/UDP 등으로 표시될 수 있습니다.
     외부 포트는 공유기에 따라 ‘서비스 포트’(SK브로드밴드, 구형 ipTIME), ‘서버포트’(KT), ‘WAN 포트’(LG유플러스)로, 내부 IP는 ‘LAN IP’로 표시되기도 합니다.
  4. 이 컴퓨터의 내부 IP(192.168.99.123)는 DHCP로 받은 주소라 나중에 바뀔 수 있고, 그러면 규칙이 엉뚱한 기기를 가리키게 됩니다. 공유기의 DHCP 설정에서 이 컴퓨터의 MAC 주소에 192.168.99.123 주소를 고정 할당(DHCP 예약)하거나, 컴퓨터에 DHCP 범위 밖의 고정 IP를 직접 설정하세요. Wi-Fi라면 ‘임의(개인 정보 보호) MAC 주소’ 기능을 꺼야 고정 할당이 유지됩니다.
  5. 서버 프로그램을 5000번 포트로 실행해 둔 상태에서, 다른 네트워크(예: 휴대폰 핫스팟)에서 접속되는지 확인하세요:
       netcheck probe 111.222.33.123 --port 5000
";
        assert_eq!(text, want);
        // Control: a brand without a sourced login gets no hint line.
        let tp = plain(Brand::TpLink, Lang::Ko, true);
        assert!(!tp.contains("로그인 힌트"), "{tp}");
    }

    #[test]
    fn table_columns_line_up_in_both_languages() {
        for lang in [Lang::En, Lang::Ko] {
            for desc in [
                "x",
                "서버 테스트용 포트",
                "a much longer description than the header",
            ] {
                let mut g = seed_guide(Brand::IpTime, lang, false);
                g.rule.description = desc.to_string();
                let text = render_guide(&g, PLAIN, Tr(lang));
                let lines: Vec<&str> = table_lines(&text);
                let (header, dashes, values) = (
                    text.lines()
                        .find(|l| l.contains(Tr(lang).guide_col_protocol()))
                        .unwrap(),
                    lines[0],
                    lines[1],
                );
                let want = column_starts(header);
                assert_eq!(want.len(), 5, "{header}");
                assert_eq!(column_starts(dashes), want, "{lang:?} {desc}\n{text}");
                assert_eq!(column_starts(values), want, "{lang:?} {desc}\n{text}");
                assert!(values.ends_with(desc));
                assert!(!text.lines().any(|l| l.ends_with(' ')), "trailing space");
            }
        }
    }

    #[test]
    fn guide_carries_rule_and_menu_in_both_languages() {
        for brand in Brand::ALL {
            for lang in [Lang::En, Lang::Ko] {
                let rule = Rule::new(8443, Protocols::Tcp, Ipv4Addr::new(10, 0, 0, 7), 443, "web");
                let g = guide(brand, DetectedBy::Mac, None, rule, true, None, Tr(lang));
                let text = render_guide(&g, PLAIN, Tr(lang));
                for needle in [
                    "8443-8443",
                    "TCP",
                    "10.0.0.7",
                    "443",
                    "web",
                    Tr(lang).menu_path(brand),
                    "netcheck probe <public-ip> --port 8443",
                    Tr(lang).guide_public_ip_unknown(),
                ] {
                    assert!(
                        text.contains(needle),
                        "{brand:?} {lang:?}: {needle}\n{text}"
                    );
                }
                assert!(!text.contains("TCP+UDP"), "{text}");
                assert!(text.contains("  4. "), "DHCP step present");
                assert!(text.contains("  5. "), "verify step present");
                if let Some(hint) = default_admin_hint(brand) {
                    assert!(text.contains(hint), "{brand:?}: usual address");
                }
                assert_eq!(
                    text.contains(Tr(lang).guide_menu_unverified()),
                    brand != Brand::Generic && !menu_path_documented(brand),
                    "{brand:?}"
                );
            }
        }
    }

    #[test]
    fn steps_renumber_without_dhcp_advice() {
        let text = plain(Brand::Generic, Lang::En, false);
        assert!(text.contains("  4. From another network"), "{text}");
        assert!(!text.contains("  5. "), "{text}");
        assert!(!text.contains("Tip:"), "generic has no UPnP hint");
    }

    #[test]
    fn hostile_description_stays_on_its_row() {
        let mut g = seed_guide(Brand::OpenWrt, Lang::En, false);
        g.rule.description = "a\nb\tc\x1b[31m".into();
        let text = render_guide(&g, PLAIN, Tr(Lang::En));
        assert!(text.contains("a b c [31m"), "{text}");
        assert!(!text.contains('\x1b'));
    }

    #[test]
    fn colour_only_when_asked() {
        let g = seed_guide(Brand::TpLink, Lang::En, true);
        assert!(!render_guide(&g, PLAIN, Tr(Lang::En)).contains('\x1b'));
        assert!(render_guide(&g, Style { color: true }, Tr(Lang::En)).contains('\x1b'));
    }
}
