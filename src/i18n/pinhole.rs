//! Sentences of `netcheck forward --ipv6` (IPv6 pinholes) and doctor's IPv6 row.

use super::{Lang, Tr};
use crate::net::ipv6_pick::{Reason, Skip};
use crate::portmap::pinhole::{PinholeError, RouterView};

impl Tr {
    /// 3600 → "1h" / "1시간", 90 → "1m30s" / "1분 30초".
    pub fn span(self, secs: u32) -> String {
        let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
        let units: [(u32, &str, &str); 3] = [(h, "h", "시간"), (m, "m", "분"), (s, "s", "초")];
        let parts: Vec<String> = units
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, en, ko)| say!(self.0, format!("{n}{en}"), format!("{n}{ko}")))
            .collect();
        if parts.is_empty() {
            return say!(self.0, "0s", "0초").into();
        }
        parts.join(say!(self.0, "", " "))
    }
    pub fn pinhole_opened(self, method: &str) -> String {
        say!(
            self.0,
            format!("IPv6 pinhole opened ({method})"),
            format!("IPv6 핀홀을 열었습니다 ({method})")
        )
    }
    pub fn pinhole_not_opened(self) -> &'static str {
        say!(
            self.0,
            "The router did not open an IPv6 pinhole",
            "공유기가 IPv6 핀홀을 열지 못했습니다"
        )
    }
    pub fn pinhole_lease(self, secs: u32) -> String {
        let s = self.span(secs);
        say!(self.0, format!("lease {s}"), format!("유지 시간 {s}"))
    }
    pub fn label_address6(self) -> &'static str {
        say!(self.0, "IPv6 address", "IPv6 주소")
    }
    pub fn label_skipped(self) -> &'static str {
        say!(self.0, "not used", "제외한 주소")
    }
    pub fn label_record(self) -> &'static str {
        say!(self.0, "record", "기록 파일")
    }
    pub fn reason(self, r: Reason) -> &'static str {
        match r {
            Reason::Stable => say!(
                self.0,
                "the stable global address (it does not change; the router gets the request from it)",
                "고정 글로벌 주소입니다(바뀌지 않으며, 공유기에 보내는 요청도 이 주소에서 나갑니다)"
            ),
            Reason::ServerBound => say!(
                self.0,
                "the address the server listens on",
                "서버가 수신 대기 중인 주소입니다"
            ),
            Reason::FlagsUnknown => say!(
                self.0,
                "a global address (this OS does not tell whether it is temporary)",
                "글로벌 주소입니다(이 운영체제는 임시 주소인지 알려 주지 않습니다)"
            ),
        }
    }
    pub fn skip(self, s: Skip) -> &'static str {
        match s {
            Skip::Ula => say!(self.0, "ULA, home only", "ULA, 집 안에서만 사용"),
            Skip::LinkLocal => say!(self.0, "link-local", "링크 로컬"),
            Skip::Temporary => say!(
                self.0,
                "temporary privacy address, changes daily",
                "임시(개인정보 보호) 주소, 매일 바뀜"
            ),
            Skip::Deprecated => say!(self.0, "deprecated", "만료 예정"),
            Skip::Tentative => say!(self.0, "not ready (DAD)", "아직 사용 불가(DAD)"),
            Skip::NotGlobal => say!(self.0, "not a global address", "글로벌 주소 아님"),
            Skip::NotListening => say!(
                self.0,
                "the server does not listen on it",
                "서버가 이 주소에서 수신 대기하지 않음"
            ),
        }
    }
    pub fn no_global_ipv6(self) -> &'static str {
        say!(
            self.0,
            "This host has no global IPv6 address: there is nothing to open. The ISP or the router does not hand out IPv6 here (check with `netcheck public-ip -6`).",
            "이 컴퓨터에는 글로벌 IPv6 주소가 없어서 열 것이 없습니다. 통신사나 공유기가 IPv6를 주지 않는 환경입니다(`netcheck public-ip -6`으로 확인하세요)."
        )
    }
    pub fn only_temporary_ipv6(self) -> &'static str {
        say!(
            self.0,
            "This host has only temporary (privacy) IPv6 addresses: they change daily, so a pinhole would soon point nowhere. Give the host a stable address (SLAAC stable address or a DHCPv6 reservation).",
            "이 컴퓨터에는 임시(개인정보 보호) IPv6 주소만 있습니다. 매일 바뀌므로 핀홀이 곧 쓸모없어집니다. 고정 주소(SLAAC 고정 주소나 DHCPv6 고정 할당)를 설정하세요."
        )
    }
    pub fn bound_elsewhere_ipv6(self) -> &'static str {
        say!(
            self.0,
            "The server listens only on IPv6 addresses that cannot take a pinhole (temporary, ULA or link-local). Make it listen on :: or on the stable global address.",
            "서버가 핀홀을 열 수 없는 IPv6 주소(임시, ULA, 링크 로컬)에서만 수신 대기합니다. :: 또는 고정 글로벌 주소에서 수신 대기하게 하세요."
        )
    }
    pub fn pinhole_error(self, e: &PinholeError) -> String {
        match e {
            PinholeError::NotAuthorized => say!(
                self.0,
                "606 not authorized: the router opens a pinhole only for the address the request comes from".into(),
                "606 권한 없음: 공유기는 요청을 보낸 주소로만 핀홀을 열어 줍니다".into()
            ),
            PinholeError::LowPort => say!(
                self.0,
                "606 not authorized: UPnP IGDv2 does not open ports below 1024 (PCP may; or use a port of 1024 or more)".into(),
                "606 권한 없음: UPnP IGDv2는 1024 미만 포트를 열지 않습니다(PCP는 열 수 있습니다. 아니면 1024 이상 포트를 쓰세요)".into()
            ),
            PinholeError::FirewallDisabled => say!(
                self.0,
                "702 the router's IPv6 firewall is off: inbound IPv6 already passes, there is nothing to open".into(),
                "702 공유기의 IPv6 방화벽이 꺼져 있습니다: 외부 IPv6 접속이 이미 허용되어 있어 열 것이 없습니다".into()
            ),
            PinholeError::InboundNotAllowed => say!(
                self.0,
                "703 the router forbids inbound pinholes: allow the port by hand in its IPv6 firewall settings".into(),
                "703 공유기가 외부에서 들어오는 핀홀을 금지합니다: 공유기의 IPv6 방화벽 설정에서 직접 포트를 허용하세요".into()
            ),
            PinholeError::NoService => say!(
                self.0,
                "the router speaks UPnP IGDv1 only: it has no IPv6 firewall service".into(),
                "공유기가 UPnP IGDv1만 지원해서 IPv6 방화벽 서비스가 없습니다".into()
            ),
            PinholeError::NotFound => say!(
                self.0,
                "no answer: the protocol is off or the router lacks it".into(),
                "응답 없음: 공유기에서 꺼져 있거나 지원하지 않습니다".into()
            ),
            PinholeError::NoGateway6 => say!(
                self.0,
                "this host has no IPv6 default router".into(),
                "이 컴퓨터에 IPv6 기본 게이트웨이가 없습니다".into()
            ),
            PinholeError::NoSuchEntry => say!(
                self.0,
                "the router no longer has this pinhole".into(),
                "공유기에 이 핀홀이 더 이상 없습니다".into()
            ),
            PinholeError::Timeout => say!(
                self.0,
                "the router did not answer in time".into(),
                "공유기가 제때 응답하지 않았습니다".into()
            ),
            PinholeError::Refused { why, words } => say!(
                self.0,
                format!("the router refused: {words}"),
                self.refusal_ko(why, words)
            ),
        }
    }
    pub fn manual_ipv6_firewall(
        self,
        path: Option<&str>,
        addr: &str,
        port: u16,
        proto: &str,
    ) -> String {
        match path {
            Some(p) => say!(
                self.0,
                format!(
                    "Allow it by hand on the router's admin page: {p} — allow inbound {proto} port {port} to {addr}"
                ),
                format!(
                    "공유기 관리 페이지에서 직접 허용하세요: {p} — {addr}의 {proto} {port}번 포트로 들어오는 연결 허용"
                )
            ),
            None => say!(
                self.0,
                format!(
                    "Allow it by hand in the router's IPv6 firewall settings (often under Firewall or IPv6): allow inbound {proto} port {port} to {addr}"
                ),
                format!(
                    "공유기의 IPv6 방화벽 설정(보통 ‘방화벽’이나 ‘IPv6’ 메뉴)에서 {addr}의 {proto} {port}번 포트로 들어오는 연결을 직접 허용하세요"
                )
            ),
        }
    }
    pub fn verify_ipv6_from_outside(self, cmd: &str) -> String {
        say!(
            self.0,
            format!("From another network with IPv6 (for example a phone on LTE/5G): {cmd}"),
            format!("IPv6가 되는 다른 네트워크(예: LTE/5G 휴대폰)에서 확인: {cmd}")
        )
    }
    pub fn pinhole_renew_note(self, every: u32) -> String {
        let s = self.span(every);
        say!(
            self.0,
            format!(
                "The pinhole expires with its lease; `--keep` renews it every {s} and closes it on Ctrl-C."
            ),
            format!(
                "핀홀은 유지 시간이 끝나면 닫힙니다. `--keep`을 쓰면 {s}마다 갱신하고 Ctrl+C를 누르면 닫습니다."
            )
        )
    }
    pub fn record_problem(self, detail: &str) -> String {
        say!(
            self.0,
            format!("the pinhole record could not be read ({detail}); starting a new one"),
            format!("핀홀 기록 파일을 읽지 못했습니다({detail}). 새로 만듭니다")
        )
    }
    pub fn record_no_dir(self) -> &'static str {
        say!(
            self.0,
            "no state directory (HOME is not set): pinholes are not recorded, so --list and --remove will not know them",
            "상태 디렉터리가 없어(HOME 미설정) 핀홀을 기록하지 못합니다. --list와 --remove가 이 핀홀을 알 수 없습니다"
        )
    }
    pub fn record_write_failed(self, detail: &str) -> String {
        say!(
            self.0,
            format!("the pinhole record could not be written: {detail}"),
            format!("핀홀 기록 파일을 쓰지 못했습니다: {detail}")
        )
    }
    pub fn pinholes_heading(self) -> &'static str {
        say!(
            self.0,
            "IPv6 pinholes netcheck opened",
            "netcheck가 연 IPv6 핀홀"
        )
    }
    pub fn pinholes_empty(self) -> &'static str {
        say!(
            self.0,
            "none recorded (or all expired)",
            "기록된 핀홀이 없습니다(또는 모두 만료됨)"
        )
    }
    pub fn pinhole_columns(self) -> [&'static str; 6] {
        say!(
            self.0,
            [
                "address",
                "port",
                "protocol",
                "method",
                "expires in",
                "router says"
            ],
            [
                "주소",
                "포트",
                "프로토콜",
                "방식",
                "남은 시간",
                "공유기 응답"
            ]
        )
    }
    pub fn router_view(self, v: RouterView) -> &'static str {
        match v {
            RouterView::Open => say!(self.0, "open", "열려 있음"),
            RouterView::Gone => say!(self.0, "gone", "없음"),
            RouterView::NotAsked => say!(
                self.0,
                "not asked (PCP cannot read back)",
                "확인 불가(PCP는 조회 기능 없음)"
            ),
            RouterView::Unknown => say!(self.0, "no answer", "응답 없음"),
        }
    }
    pub fn pinhole_removed(self, addr: &str, port: u16, proto: &str) -> String {
        say!(
            self.0,
            format!("IPv6 pinhole removed: [{addr}]:{port} {proto}"),
            format!("IPv6 핀홀을 닫았습니다: [{addr}]:{port} {proto}")
        )
    }
    pub fn pinhole_remove_none(self, port: u16) -> String {
        say!(
            self.0,
            format!("No recorded IPv6 pinhole for port {port}: nothing to remove"),
            format!("{port}번 포트로 기록된 IPv6 핀홀이 없어 닫을 것이 없습니다")
        )
    }
    pub fn pinhole_remove_failed(self) -> &'static str {
        say!(
            self.0,
            "The IPv6 pinhole could not be removed",
            "IPv6 핀홀을 닫지 못했습니다"
        )
    }
    pub fn pinhole_keeping(self, every: u32) -> String {
        let s = self.span(every);
        say!(
            self.0,
            format!("Keeping the pinhole: renewing every {s}. Ctrl-C closes it and exits."),
            format!(
                "핀홀을 유지합니다: {s}마다 갱신합니다. Ctrl+C를 누르면 핀홀을 닫고 종료합니다."
            )
        )
    }
    pub fn pinhole_renewed(self) -> &'static str {
        say!(self.0, "pinhole renewed", "핀홀 갱신")
    }
    pub fn pinhole_reopened(self) -> &'static str {
        say!(
            self.0,
            "the pinhole was gone (router restarted?) — opened it again",
            "핀홀이 사라져(공유기가 재시작된 듯합니다) 다시 열었습니다"
        )
    }
    pub fn pinhole_stopping(self) -> &'static str {
        say!(
            self.0,
            "stopping: closing the pinhole",
            "종료합니다: 핀홀을 닫습니다"
        )
    }
    pub fn no_ipv6_natpmp(self) -> &'static str {
        say!(
            self.0,
            "NAT-PMP has no IPv6: use --method upnp, pcp or auto with --ipv6",
            "NAT-PMP는 IPv6를 지원하지 않습니다. --ipv6에는 --method upnp, pcp 또는 auto를 쓰세요"
        )
    }
    pub fn no_ipv6_external_port(self) -> &'static str {
        say!(
            self.0,
            "IPv6 has no port translation: --external-port must equal --port with --ipv6",
            "IPv6에는 포트 변환이 없습니다. --ipv6에서는 --external-port가 --port와 같아야 합니다"
        )
    }
    pub fn ipv6_lease_range(self) -> &'static str {
        say!(
            self.0,
            "a pinhole lease is 1s to 24h (--lease)",
            "핀홀 유지 시간은 1초에서 24시간까지입니다(--lease)"
        )
    }
    pub fn ipv6_internal_ip(self) -> &'static str {
        say!(
            self.0,
            "--internal-ip is an IPv4 address; with --ipv6 the pinhole opens to this host's stable IPv6 address",
            "--internal-ip는 IPv4 주소입니다. --ipv6에서는 이 컴퓨터의 고정 IPv6 주소로 핀홀을 엽니다"
        )
    }
    // ---- doctor ----------------------------------------------------------
    pub fn doctor_ipv6_row(self, addr: &str, stable: bool, hole: &str) -> String {
        let kind = if stable {
            say!(self.0, "stable", "고정")
        } else {
            say!(self.0, "temporary only", "임시 주소만")
        };
        say!(
            self.0,
            format!("global IPv6 {addr} ({kind}); {hole}"),
            format!("글로벌 IPv6 {addr} ({kind}), {hole}")
        )
    }
    pub fn doctor_hole_open(self, port: u16, method: &str) -> String {
        say!(
            self.0,
            format!("pinhole for port {port} open ({method})"),
            format!("{port}번 포트 핀홀 열림({method})")
        )
    }
    pub fn doctor_hole_firewall_off(self) -> &'static str {
        say!(
            self.0,
            "the router's IPv6 firewall is off: inbound IPv6 passes",
            "공유기의 IPv6 방화벽이 꺼져 있어 외부 IPv6 접속이 들어옵니다"
        )
    }
    pub fn doctor_hole_closed(self, port: u16) -> String {
        say!(
            self.0,
            format!(
                "no pinhole for port {port}: the router's firewall drops inbound IPv6 (run `netcheck forward --port {port} --ipv6`)"
            ),
            format!(
                "{port}번 포트 핀홀 없음: 공유기 방화벽이 외부 IPv6 접속을 막습니다(`netcheck forward --port {port} --ipv6` 실행)"
            )
        )
    }
    pub fn doctor_hole_failed(self, port: u16, why: &str) -> String {
        say!(
            self.0,
            format!("the pinhole for port {port} could not be opened: {why}"),
            format!("{port}번 포트 핀홀을 열지 못했습니다: {why}")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_in_both_languages() {
        for (secs, en, ko) in [
            (3600, "1h", "1시간"),
            (90, "1m30s", "1분 30초"),
            (30, "30s", "30초"),
            (0, "0s", "0초"),
        ] {
            assert_eq!(Tr(Lang::En).span(secs), en);
            assert_eq!(Tr(Lang::Ko).span(secs), ko);
        }
    }

    #[test]
    fn korean_has_no_english_words() {
        let tr = Tr(Lang::Ko);
        let all = [
            tr.pinhole_not_opened().to_string(),
            tr.no_global_ipv6().to_string(),
            tr.only_temporary_ipv6().to_string(),
            tr.pinhole_error(&PinholeError::InboundNotAllowed),
            tr.pinhole_error(&PinholeError::NoService),
            tr.reason(Reason::Stable).to_string(),
            tr.skip(Skip::Temporary).to_string(),
        ];
        for s in all {
            let words: Vec<&str> = s
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 3)
                .filter(|w| {
                    ![
                        "UPnP", "IGDv", "IPv", "SLAAC", "DHCPv", "netcheck", "public",
                    ]
                    .iter()
                    .any(|k| w.starts_with(k))
                })
                .collect();
            assert!(words.is_empty(), "{s}: {words:?}");
        }
    }
}
