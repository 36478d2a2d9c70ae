//! Sentences of `netcheck forward` (the manual guide's are in forward_guide.rs).

use super::{Lang, Tr};
use crate::net::nat::NatVerdict;
use crate::portmap::MapError;

impl Tr {
    pub fn forwarded(self, method: &str) -> String {
        say!(
            self.0,
            format!("Port forwarded ({method})"),
            format!("포트포워드 완료 ({method})")
        )
    }
    pub fn not_forwarded(self) -> &'static str {
        say!(
            self.0,
            "The router did not open the port automatically",
            "공유기에 포트포워드를 자동으로 설정하지 못했습니다"
        )
    }
    pub fn not_tried_manual(self) -> &'static str {
        say!(
            self.0,
            "Automatic forwarding was not tried (--method manual): set it up by hand as below",
            "자동 설정을 시도하지 않았습니다(--method manual). 아래 안내대로 직접 설정하세요"
        )
    }
    pub fn lease(self, secs: u32) -> String {
        if secs == 0 {
            return say!(self.0, "permanent (no lease)", "영구(만료 없음)").into();
        }
        let human = self.duration(secs);
        say!(
            self.0,
            format!("lease {human}"),
            format!("유지 시간 {human}")
        )
    }
    pub fn router_wan_unreported(self) -> &'static str {
        say!(
            self.0,
            "The router accepted the rule but reports no external address (it says it is not connected), so whether another NAT stands in front of it is unknown. Check from outside with netcheck probe.",
            "공유기가 규칙은 받았지만 외부 IP를 알려 주지 않습니다(연결 안 됨 상태로 응답). 앞에 다른 NAT가 있는지는 알 수 없으니 외부에서 netcheck probe로 확인하세요."
        )
    }
    pub fn not_confirmed(self) -> &'static str {
        say!(
            self.0,
            "the router accepted the rule but did not list it back",
            "공유기가 규칙을 받아들였지만 다시 조회했을 때 목록에 보이지 않았습니다"
        )
    }
    pub fn label_router(self) -> &'static str {
        say!(self.0, "Router", "공유기")
    }
    pub fn label_nat(self) -> &'static str {
        "NAT"
    }
    pub fn label_public_ip(self) -> &'static str {
        say!(self.0, "Public IP", "외부 IP")
    }
    pub fn label_router_wan(self) -> &'static str {
        say!(self.0, "Router WAN IP", "공유기 WAN 주소")
    }
    pub fn label_tried(self) -> &'static str {
        say!(self.0, "Tried", "시도한 방법")
    }
    pub fn next_steps(self) -> &'static str {
        say!(self.0, "Next steps", "다음 단계")
    }
    pub fn nat_verdict(self, v: NatVerdict) -> &'static str {
        match v {
            NatVerdict::None => say!(
                self.0,
                "no NAT: this machine holds the public address itself",
                "NAT 없음: 이 컴퓨터가 외부 IP를 직접 갖고 있습니다"
            ),
            NatVerdict::Single => say!(
                self.0,
                "one NAT (your router): the router's WAN address is the public IP",
                "단일 NAT(내 공유기): 공유기 WAN 주소가 외부 IP와 같습니다"
            ),
            NatVerdict::Double => say!(
                self.0,
                "double NAT: another router or the ISP's NAT sits in front of yours",
                "이중 NAT: 내 공유기 앞에 다른 공유기나 통신사 NAT가 있습니다"
            ),
            NatVerdict::Cgnat => say!(
                self.0,
                "carrier-grade NAT: the router's WAN address is in 100.64.0.0/10, shared by the ISP",
                "통신사 CGNAT: 공유기의 WAN 주소가 통신사 공유 대역(100.64.0.0/10)입니다"
            ),
            NatVerdict::Unknown => say!(
                self.0,
                "unknown: the router's WAN address could not be compared with the public IP",
                "알 수 없음: 공유기 WAN 주소와 외부 IP를 비교하지 못했습니다"
            ),
        }
    }
    /// What to do when another NAT blocks inbound connections. `mapped`:
    /// whether this router was opened (the first sentence differs).
    pub fn double_nat_options(self, mapped: bool) -> [&'static str; 5] {
        [
            if mapped {
                say!(
                    self.0,
                    "The mapping opens this router, but the next NAT still blocks connections from outside.",
                    "포트포워드는 내 공유기만 열 뿐, 그 앞의 NAT가 외부 연결을 여전히 막습니다."
                )
            } else {
                say!(
                    self.0,
                    "Even a port forward on this router would not be enough: the next NAT still blocks connections from outside.",
                    "이 공유기에 포트포워드를 설정해도 충분하지 않습니다. 그 앞의 NAT가 외부 연결을 여전히 막습니다."
                )
            },
            say!(
                self.0,
                "Ask your ISP for a public IP address (often a free or paid option).",
                "통신사 고객센터에 공인 IP(또는 고정 IP) 할당을 문의하세요. 상품에 따라 무료이거나 유료 부가서비스입니다."
            ),
            say!(
                self.0,
                "If an ISP modem-router sits in front of yours, put it in bridge mode, or forward the port on it too; or set its DMZ to your router's WAN address.",
                "통신사 공유기가 앞에 있다면 브리지 모드로 바꾸거나, 그 장비에도 같은 포트포워드를 설정하세요. 통신사 공유기의 DMZ를 내 공유기의 WAN 주소로 지정하는 방법도 있습니다."
            ),
            say!(
                self.0,
                "Use IPv6 if both sides have it: no NAT, only a firewall opening.",
                "양쪽 모두 IPv6가 되면 IPv6를 쓰세요: NAT 없이 방화벽만 열면 됩니다."
            ),
            say!(
                self.0,
                "Or use a tunnel service (e.g. Tailscale, Cloudflare Tunnel, ngrok) that connects out from your server.",
                "또는 서버에서 밖으로 연결하는 터널 서비스(Tailscale, Cloudflare Tunnel, ngrok 등)를 쓰세요."
            ),
        ]
    }
    pub fn verify_from_outside(self, cmd: &str) -> String {
        say!(
            self.0,
            format!("From another network (e.g. a phone hotspot), check it: {cmd}"),
            format!("다른 네트워크(예: 휴대폰 핫스팟)에서 확인하세요: {cmd}")
        )
    }
    pub fn lease_note(self, secs: u32, port: u16) -> String {
        if secs == 0 {
            return say!(
                self.0,
                format!("The mapping stays until removed: netcheck forward --remove --port {port}"),
                format!(
                    "이 규칙은 직접 지울 때까지 유지됩니다. 삭제: netcheck forward --remove --port {port}"
                )
            );
        }
        let human = self.duration(secs);
        say!(
            self.0,
            format!(
                "The mapping expires after {human}; --keep holds and renews it, --remove deletes it now."
            ),
            format!(
                "이 규칙은 {human} 뒤에 만료됩니다. --keep으로 유지·갱신하고, --remove로 바로 삭제할 수 있습니다."
            )
        )
    }
    pub fn forced_permanent(self, port: u16) -> String {
        say!(
            self.0,
            format!(
                "The router accepts only permanent mappings (UPnP 725), so this one has no lease. Remove it when done: netcheck forward --remove --port {port}"
            ),
            format!(
                "이 공유기는 만료 없는 규칙만 받으므로(UPnP 오류 725) 영구 규칙으로 등록했습니다. 사용이 끝나면 삭제하세요: netcheck forward --remove --port {port}"
            )
        )
    }
    pub fn map_error(self, e: &MapError) -> String {
        match e {
            MapError::NotFound => say!(
                self.0,
                "no answer (turned off on the router, or not supported)",
                "응답 없음(공유기에서 꺼져 있거나 지원하지 않음)"
            )
            .into(),
            MapError::Conflict { holder: Some(h), .. } => say!(
                self.0,
                format!("the external port is already forwarded to {h}"),
                format!("외부 포트가 이미 다른 기기({h})로 포트포워드되어 있습니다")
            ),
            MapError::Conflict { offered_port: Some(p), .. } => say!(
                self.0,
                format!("the external port is taken; the router offered {p} instead (not used)"),
                format!("외부 포트가 이미 사용 중이라 공유기가 {p}번을 대신 제시했습니다(이 포트는 쓰지 않았습니다)")
            ),
            MapError::Conflict { .. } => say!(
                self.0,
                "the external port is already forwarded to another device",
                "외부 포트가 이미 다른 기기로 포트포워드되어 있습니다"
            )
            .into(),
            MapError::NotAuthorized => say!(
                self.0,
                "refused: the router does not allow automatic port forwarding (UPnP off or secure mode)",
                "거부됨: 공유기가 자동 포트포워드를 허용하지 않습니다(UPnP 꺼짐 또는 보안 모드)"
            )
            .into(),
            MapError::NoExternalAddress => say!(
                self.0,
                "the router has no usable external address (its WAN side is private: another NAT)",
                "공유기에 쓸 수 있는 외부 주소가 없습니다(WAN 쪽이 사설 IP: 앞에 다른 NAT가 있음)"
            )
            .into(),
            MapError::Timeout => say!(self.0, "the router did not answer in time", "공유기가 제시간에 응답하지 않았습니다")
                .into(),
            MapError::OnlyOwnAddress => say!(
                self.0,
                "not tried: NAT-PMP and PCP forward only to the machine that asks; use UPnP or run netcheck on that machine",
                "시도 안 함: NAT-PMP와 PCP는 요청한 컴퓨터로만 포트포워드합니다. UPnP를 쓰거나 그 컴퓨터에서 netcheck를 실행하세요"
            )
            .into(),
            MapError::SkippedLowPort => say!(
                self.0,
                "not tried for ports below 1024: routers running miniupnpd refuse them and can stall for a minute; use --method natpmp or pcp to try anyway",
                "1024보다 작은 포트라 시도하지 않음: miniupnpd를 쓰는 공유기는 이를 거부하고 1분 가까이 멈출 수 있습니다. 그래도 시도하려면 --method natpmp 또는 pcp를 쓰세요"
            )
            .into(),
            MapError::Refused { why, words } => say!(
                self.0,
                format!("refused: {words}"),
                self.refusal_ko(why, words)
            ),
            MapError::Device { why, words } => say!(self.0, words.clone(), self.device_issue_ko(why)),
            MapError::Malformed => say!(
                self.0,
                "the router's answer is not readable UPnP (broken XML): its UPnP is faulty; set the port forward by hand",
                "공유기의 응답이 올바른 UPnP 형식이 아닙니다(깨진 XML): 공유기 UPnP에 문제가 있으니 포트포워드를 직접 설정하세요"
            )
            .into(),
            MapError::NoSuchMapping => say!(
                self.0,
                "this port is not in the router's UPnP list: nothing was removed (rules typed into its web page must be deleted there)",
                "공유기의 UPnP 목록에 이 포트의 포트포워드가 없어 삭제한 것이 없습니다(관리 페이지에서 직접 만든 규칙은 그곳에서 삭제하세요)"
            )
            .into(),
            MapError::NotOurs { holder } => say!(
                self.0,
                format!("the router's rule for this port forwards to another device ({holder}); netcheck left it alone"),
                format!("이 포트의 공유기 규칙은 다른 기기({holder})로 포트포워드되어 있어 지우지 않았습니다")
            ),
        }
    }
    pub fn conflict_hint(self, port: u16) -> String {
        say!(
            self.0,
            format!(
                "Pick another external port (--external-port {}), or delete the other rule on the router's port-forwarding page.",
                port.saturating_add(1)
            ),
            format!(
                "다른 외부 포트를 쓰거나(--external-port {}), 공유기 포트포워드 설정 페이지에서 기존 규칙을 지우세요.",
                port.saturating_add(1)
            )
        )
    }
    pub fn no_gateway_error(self) -> &'static str {
        say!(
            self.0,
            "no default gateway: this machine is not behind a router it can reach",
            "기본 게이트웨이가 없습니다: 이 컴퓨터가 연결된 공유기를 찾지 못했습니다"
        )
    }
    pub fn internal_off_subnet(self, ip: &str, lan: &str) -> String {
        say!(
            self.0,
            format!("{ip} is not on the router's network ({lan}): the router cannot forward to it"),
            format!(
                "내부 IP({ip})가 공유기 네트워크({lan}) 밖에 있어 포트포워드 대상이 될 수 없습니다"
            )
        )
    }
    // ---- --list / --remove -------------------------------------------
    pub fn list_heading(self) -> &'static str {
        say!(
            self.0,
            "Port mappings in the router's UPnP list",
            "UPnP로 등록된 포트포워드 목록"
        )
    }
    pub fn list_columns(self) -> [&'static str; 6] {
        match self.0 {
            Lang::En => [
                "External port",
                "Protocol",
                "Internal IP",
                "Internal port",
                "Description",
                "Lease",
            ],
            Lang::Ko => [
                "외부 포트",
                "프로토콜",
                "내부 IP",
                "내부 포트",
                "설명",
                "유지 시간",
            ],
        }
    }
    pub fn list_empty(self) -> &'static str {
        say!(
            self.0,
            "No port mappings in the router's UPnP list — rules typed into its web page may not show here.",
            "UPnP로 등록된 포트포워드가 없습니다(관리 페이지에서 직접 만든 규칙은 여기에 나오지 않을 수 있습니다)."
        )
    }
    pub fn list_needs_upnp(self) -> &'static str {
        say!(
            self.0,
            "listing needs UPnP IGD, and no UPnP router answered",
            "목록 조회에는 UPnP IGD가 필요한데, 응답하는 UPnP 공유기가 없습니다"
        )
    }
    pub fn list_needs_upnp_hint(self) -> &'static str {
        say!(
            self.0,
            "turn on UPnP on the router, or read the list on its port-forwarding page",
            "공유기에서 UPnP를 켜거나, 관리 페이지의 포트포워드 설정에서 목록을 확인하세요"
        )
    }
    pub fn removed(self, port: u16, proto: &str, method: &str) -> String {
        say!(
            self.0,
            format!("Removed the mapping of external port {port} ({proto}) via {method}."),
            format!("외부 포트 {port}({proto}) 포트포워드를 삭제했습니다({method}).")
        )
    }
    pub fn remove_failed(self) -> &'static str {
        say!(
            self.0,
            "The mapping could not be removed",
            "포트포워드를 삭제하지 못했습니다"
        )
    }
    // ---- --keep ----------------------------------------------------------
    pub fn keeping(self, every: &str) -> String {
        say!(
            self.0,
            format!("Keeping the mapping: checking every {every}. Ctrl+C removes it and exits."),
            format!(
                "포트포워드를 유지합니다: {every}마다 확인합니다. Ctrl+C를 누르면 규칙을 삭제하고 종료합니다."
            )
        )
    }
    pub fn renewed(self) -> &'static str {
        say!(self.0, "mapping renewed", "포트포워드를 갱신했습니다")
    }
    pub fn recreated(self) -> &'static str {
        say!(
            self.0,
            "the mapping was gone (router restarted?) — created it again",
            "포트포워드가 사라져(공유기가 재시작된 듯합니다) 다시 만들었습니다"
        )
    }
    pub fn renew_failed(self, why: &str) -> String {
        say!(
            self.0,
            format!("renewal failed: {why}"),
            format!("갱신 실패: {why}")
        )
    }
    pub fn stopping(self) -> &'static str {
        say!(
            self.0,
            "stopping: removing the mapping",
            "종료합니다: 포트포워드를 삭제합니다"
        )
    }
}

/// 3600 → "1h", 90 → "1m30s", 45 → "45s".
pub fn human_secs(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn human_secs() {
        for (s, want) in [
            (3600, "1h"),
            (90, "1m30s"),
            (45, "45s"),
            (0, "0s"),
            (7322, "2h2m2s"),
        ] {
            assert_eq!(super::human_secs(s), want);
        }
    }
}
