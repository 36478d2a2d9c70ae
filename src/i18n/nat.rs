//! Sentences of `netcheck nat` and doctor's NAT type line.
//!
//! Korean: "NAT 유형" for NAT type; Xbox's Open / Moderate / Strict as
//! 개방 / 보통 / 엄격; PlayStation's Type 1/2/3 as 타입 1/2/3; RFC terms as
//! Korean network engineers write them (엔드포인트 독립 매핑 …).

use super::{Lang, Tr};
use crate::net::Family;
use crate::net::nat_type::{Behaviour, P2p, PlayStation, Xbox};

impl Tr {
    pub fn nat_testing(self, n: usize) -> String {
        say!(
            self.0,
            format!("testing the NAT with {n} STUN servers…"),
            format!("STUN 서버 {n}곳으로 NAT 유형을 확인하는 중…")
        )
    }
    pub fn nat_type_label(self, f: Family) -> String {
        say!(
            self.0,
            format!("NAT type ({})", f.label()),
            format!("NAT 유형 ({})", f.label())
        )
    }
    pub fn nat_type_short(self) -> &'static str {
        say!(self.0, "NAT type", "NAT 유형")
    }
    pub fn nat_mapping_label(self) -> &'static str {
        say!(self.0, "Mapping", "매핑")
    }
    pub fn nat_filtering_label(self) -> &'static str {
        say!(self.0, "Filtering", "필터링")
    }
    pub fn nat_public_label(self) -> &'static str {
        say!(self.0, "Public address", "외부 주소")
    }
    pub fn nat_port_label(self) -> &'static str {
        say!(self.0, "Port preserved", "포트 유지")
    }
    pub fn nat_varies_label(self) -> &'static str {
        say!(self.0, "Varies by server", "서버마다 달라짐")
    }
    pub fn nat_hairpin_label(self) -> &'static str {
        say!(self.0, "Hairpin", "헤어핀(NAT 루프백)")
    }
    pub fn nat_lifetime_label(self) -> &'static str {
        say!(self.0, "Idle mapping lives", "유휴 매핑 유지 시간")
    }
    pub fn yes(self) -> &'static str {
        say!(self.0, "yes", "예")
    }
    pub fn no(self) -> &'static str {
        say!(self.0, "no", "아니요")
    }
    pub fn nat_not_tested(self, flag: &str) -> String {
        say!(
            self.0,
            format!("not tested (add {flag})"),
            format!("확인 안 함 ({flag} 옵션으로 확인)")
        )
    }
    pub fn nat_lifetime_value(self, lo: Option<u64>, hi: Option<u64>) -> String {
        match (lo, hi) {
            (Some(lo), Some(hi)) => say!(
                self.0,
                format!("at least {lo} s, less than {hi} s"),
                format!("{lo}초 이상 {hi}초 미만")
            ),
            (Some(lo), None) => say!(
                self.0,
                format!("at least {lo} s (still there at the end of the test)"),
                format!("{lo}초 이상 (시험이 끝날 때까지 유지됨)")
            ),
            (None, Some(hi)) => say!(self.0, format!("less than {hi} s"), format!("{hi}초 미만")),
            (None, None) => self.unknown().to_string(),
        }
    }
    pub fn no_nat_here(self) -> &'static str {
        say!(
            self.0,
            "none: this machine holds its public address",
            "없음: 이 컴퓨터가 공인 주소를 직접 가지고 있습니다"
        )
    }

    pub fn behaviour(self, b: Behaviour) -> &'static str {
        match b {
            Behaviour::EndpointIndependent => {
                say!(self.0, "endpoint-independent", "엔드포인트 독립(EI)")
            }
            Behaviour::AddressDependent => say!(self.0, "address-dependent", "주소 종속(AD)"),
            Behaviour::AddressAndPortDependent => {
                say!(self.0, "address-and-port-dependent", "주소·포트 종속(APD)")
            }
        }
    }
    /// What a behaviour means, in one short clause.
    pub fn mapping_meaning(self, b: Behaviour) -> &'static str {
        match b {
            Behaviour::EndpointIndependent => say!(
                self.0,
                "the same public port for every destination",
                "어느 상대에게나 같은 외부 포트를 씁니다"
            ),
            _ => say!(
                self.0,
                "a new public port for each destination",
                "상대마다 외부 포트가 바뀝니다"
            ),
        }
    }
    pub fn filtering_meaning(self, b: Behaviour) -> &'static str {
        match b {
            Behaviour::EndpointIndependent => say!(
                self.0,
                "anyone may answer on an open mapping",
                "열린 매핑으로는 누구든 들어올 수 있습니다"
            ),
            Behaviour::AddressDependent => say!(
                self.0,
                "only hosts this machine has sent to may answer",
                "이 컴퓨터가 먼저 보낸 상대 IP만 들어올 수 있습니다"
            ),
            Behaviour::AddressAndPortDependent => say!(
                self.0,
                "only the exact IP and port this machine has sent to may answer",
                "이 컴퓨터가 먼저 보낸 상대 IP와 포트만 들어올 수 있습니다"
            ),
        }
    }
    pub fn p2p_word(self, p: P2p) -> &'static str {
        match p {
            P2p::Easy => say!(self.0, "easy", "쉬움"),
            P2p::Medium => say!(self.0, "medium", "보통"),
            P2p::Hard => say!(self.0, "hard", "어려움"),
        }
    }
    pub fn xbox_word(self, x: Xbox) -> &'static str {
        match x {
            Xbox::Open => say!(self.0, "Open", "개방"),
            Xbox::Moderate => say!(self.0, "Moderate", "보통"),
            Xbox::Strict => say!(self.0, "Strict", "엄격"),
        }
    }
    pub fn playstation_word(self, p: PlayStation) -> &'static str {
        match p {
            PlayStation::Type1 => say!(self.0, "Type 1", "타입 1"),
            PlayStation::Type2 => say!(self.0, "Type 2", "타입 2"),
            PlayStation::Type3 => say!(self.0, "Type 3", "타입 3"),
        }
    }
    pub fn nat_words(
        self,
        p2p: Option<P2p>,
        xbox: Option<Xbox>,
        ps: Option<PlayStation>,
    ) -> String {
        let unknown = self.unknown();
        let p = p2p.map_or(unknown, |v| self.p2p_word(v));
        let x = xbox.map_or(unknown, |v| self.xbox_word(v));
        let s = ps.map_or(unknown, |v| self.playstation_word(v));
        say!(
            self.0,
            format!("P2P {p} · Xbox {x} · PlayStation {s}"),
            format!("P2P {p} · 엑스박스 {x} · 플레이스테이션 {s}")
        )
    }
    pub fn p2p_meaning(self, p: P2p) -> &'static str {
        match p {
            P2p::Easy => say!(
                self.0,
                "Games, voice chat and video calls connect directly with almost everyone.",
                "게임, 음성 채팅, 영상 통화가 거의 모든 상대와 직접 연결됩니다."
            ),
            P2p::Medium => say!(
                self.0,
                "Direct connections work when both sides send at once (hole punching); players behind a Strict NAT may not reach you.",
                "양쪽이 동시에 보내면(홀 펀칭) 직접 연결됩니다. 엄격 NAT 뒤의 상대와는 연결되지 않을 수 있습니다."
            ),
            P2p::Hard => say!(
                self.0,
                "Direct connections fail with most players: games fall back to relays (more lag) or cannot join you at all.",
                "대부분의 상대와 직접 연결되지 않습니다. 게임은 중계 서버를 거치거나(지연 증가) 아예 접속하지 못합니다."
            ),
        }
    }
    pub fn nat_advice(self, code: &str) -> &'static str {
        match code {
            "enable_upnp" => say!(
                self.0,
                "Turn on UPnP in the router's admin page: consoles and games then open their own port.",
                "공유기 관리 페이지에서 UPnP를 켜세요. 콘솔과 게임이 필요한 포트를 직접 엽니다."
            ),
            "forward_port" => say!(
                self.0,
                "Or forward the game's UDP port to this device (netcheck forward --protocol udp --port PORT).",
                "또는 게임이 쓰는 UDP 포트를 이 기기로 포트포워드하세요 (netcheck forward --protocol udp --port 포트)."
            ),
            "bridge_mode" => say!(
                self.0,
                "If the ISP's modem-router sits in front of your router (double NAT), put it in bridge mode, or ask the ISP for a public IP.",
                "통신사 모뎀 겸 공유기 뒤에 공유기를 또 쓰고 있다면(이중 NAT) 통신사 장비를 브리지 모드로 바꾸거나 통신사 고객센터에 공인 IP 할당을 문의하세요."
            ),
            "open_firewall" => say!(
                self.0,
                "No NAT here, but a firewall filters incoming traffic: allow the game's UDP port in it.",
                "NAT는 없지만 방화벽이 들어오는 트래픽을 거릅니다. 방화벽에서 게임의 UDP 포트를 허용하세요."
            ),
            _ => "",
        }
    }
    pub fn nat_advice_heading(self) -> &'static str {
        say!(self.0, "What to do", "해결 방법")
    }
    pub fn nat_inconclusive_heading(self) -> &'static str {
        say!(self.0, "Not decided", "판정 보류")
    }
    pub fn nat_reason(self, code: &str) -> &'static str {
        match code {
            "no_answer" => say!(
                self.0,
                "no STUN server answered, even after retransmissions",
                "재전송 후에도 응답한 STUN 서버가 없습니다"
            ),
            "no_rfc5780_server" => say!(
                self.0,
                "no server supports NAT behaviour tests (RFC 5780): only 'varies by server' can be told",
                "NAT 동작 시험(RFC 5780)을 지원하는 서버가 없어 '서버마다 달라짐'만 확인할 수 있습니다"
            ),
            "mapping_test_unanswered" => say!(
                self.0,
                "a mapping test got no answer, even after retransmissions",
                "매핑 시험 하나가 재전송 후에도 응답을 받지 못했습니다"
            ),
            "filtering_base_unanswered" => say!(
                self.0,
                "the filtering test's first request got no answer",
                "필터링 시험의 첫 요청이 응답을 받지 못했습니다"
            ),
            "filtering_test_unanswered" => say!(
                self.0,
                "too little time to tell a lost packet from a filtered one (raise --timeout)",
                "패킷 손실인지 필터링인지 가릴 시간이 부족합니다 (--timeout 값을 늘리세요)"
            ),
            "change_request_ignored" => say!(
                self.0,
                "the server ignored the request to answer from its other address",
                "서버가 다른 주소에서 응답해 달라는 요청을 무시했습니다"
            ),
            "wrong_origin" => say!(
                self.0,
                "an answer came from an unexpected address",
                "예상하지 못한 주소에서 응답이 왔습니다"
            ),
            "contradiction" => say!(
                self.0,
                "the tests contradict each other (the NAT behaves inconsistently, or packets were lost)",
                "시험 결과가 서로 맞지 않습니다 (NAT 동작이 일정하지 않거나 패킷이 손실됨)"
            ),
            "lifetime_unmeasured" => say!(
                self.0,
                "the mapping lifetime could not be measured with this server",
                "이 서버로는 매핑 유지 시간을 잴 수 없습니다"
            ),
            _ => say!(self.0, "not decided", "판정 보류"),
        }
    }
    pub fn nat_servers_heading(self) -> &'static str {
        say!(self.0, "STUN servers", "STUN 서버")
    }
    pub fn nat_server_rfc5780(self, yes: bool) -> &'static str {
        if yes {
            say!(self.0, "NAT tests (RFC 5780)", "NAT 시험 지원(RFC 5780)")
        } else {
            say!(self.0, "address only", "주소 확인만 지원")
        }
    }
    /// `-v`: a server's error with the STUN session's words (English).
    pub fn nat_server_error_detail(self, detail: &str) -> String {
        say!(
            self.0,
            detail.to_string(),
            format!("{} ({detail})", self.nat_server_error())
        )
    }
    pub fn nat_server_error(self) -> &'static str {
        say!(self.0, "no usable answer", "쓸 수 있는 응답 없음")
    }
    pub fn nat_none_answered_hint(self) -> &'static str {
        say!(
            self.0,
            "UDP to the STUN servers may be blocked; try other servers with --stun stun:HOST:PORT.",
            "STUN 서버로 가는 UDP가 막혔을 수 있습니다. --stun stun:호스트:포트 로 다른 서버를 지정해 보세요."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_has_no_english_words_for_verdicts() {
        let ko = Tr(Lang::Ko);
        for x in [Xbox::Open, Xbox::Moderate, Xbox::Strict] {
            assert!(!ko.xbox_word(x).is_ascii(), "{x:?}");
        }
        for p in [P2p::Easy, P2p::Medium, P2p::Hard] {
            assert!(!ko.p2p_word(p).is_ascii());
            assert_ne!(ko.p2p_meaning(p), Tr(Lang::En).p2p_meaning(p));
        }
        for code in [
            "enable_upnp",
            "forward_port",
            "bridge_mode",
            "open_firewall",
        ] {
            assert!(!ko.nat_advice(code).is_empty(), "{code}");
            assert_ne!(ko.nat_advice(code), Tr(Lang::En).nat_advice(code));
        }
        for code in [
            "no_answer",
            "no_rfc5780_server",
            "mapping_test_unanswered",
            "filtering_base_unanswered",
            "filtering_test_unanswered",
            "change_request_ignored",
            "wrong_origin",
            "contradiction",
            "lifetime_unmeasured",
        ] {
            assert_ne!(ko.nat_reason(code), ko.nat_reason("?"), "{code}");
        }
    }
}
