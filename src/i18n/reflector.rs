//! Sentences of `netcheck reflector` and of the outside check.

use super::{Lang, Tr};

impl Tr {
    // ---- reflector -------------------------------------------------------
    pub fn reflector_listening(self, api: &str, list: &str) -> String {
        say!(
            self.0,
            format!("netcheck reflector (API {api}): listening on {list}"),
            format!("netcheck reflector(API {api}): {list}에서 수신 대기 중")
        )
    }
    pub fn reflector_use_it(self) -> &'static str {
        say!(
            self.0,
            "From a home network, check a port from here with:",
            "집 네트워크에서 다음 명령으로 이 서버를 통해 외부 접속을 확인하세요:"
        )
    }
    pub fn reflector_this_address(self) -> &'static str {
        say!(self.0, "this-machine's-address", "이-서버의-주소")
    }
    pub fn reflector_limits(
        self,
        per_minute: u32,
        ports: usize,
        checks: u32,
        connect_ms: u64,
    ) -> String {
        say!(
            self.0,
            format!(
                "Limits: {per_minute} checks a minute per address, at most {ports} ports a check, {checks} checks at once, {connect_ms} ms to connect back. It connects only to the address a request comes from."
            ),
            format!(
                "제한: 주소당 1분에 {per_minute}회, 한 번에 포트 최대 {ports}개, 동시 확인 {checks}건, 역접속 대기 {connect_ms}ms. 요청을 보낸 주소로만 접속합니다."
            )
        )
    }
    pub fn reflector_trusts(self, who: &str) -> String {
        say!(
            self.0,
            format!("X-Forwarded-For is believed only from: {who}"),
            format!("X-Forwarded-For 헤더는 다음 주소에서 온 것만 믿습니다: {who}")
        )
    }
}

use crate::check::outside::{OutsideReport, VantageOut, VantageWhy};
use crate::net::reflect::{Agreed, Said};
use crate::proto::reflector::Proof;

impl Tr {
    // ---- the outside check ----------------------------------------------
    pub fn outside_said(self, s: Said) -> &'static str {
        match s {
            Said::Open => say!(self.0, "open", "열림"),
            Said::OpenOther => say!(self.0, "something else answered", "다른 것이 응답"),
            Said::Refused => say!(self.0, "refused", "연결 거부"),
            Said::Filtered => say!(self.0, "no answer (filtered)", "응답 없음(차단됨)"),
            Said::Closed => say!(self.0, "not reachable", "접속 안 됨"),
            Said::RateLimited => say!(self.0, "rate-limited", "요청 한도 초과"),
            Said::Down => say!(self.0, "down or not answering", "응답 없음(확인 서버 문제)"),
            Said::Incompatible => say!(self.0, "incompatible API version", "API 버전이 맞지 않음"),
            Said::Error => say!(self.0, "could not test", "확인하지 못함"),
        }
    }
    fn outside_proof(self, p: Option<Proof>) -> &'static str {
        match p {
            Some(Proof::Nonce) => say!(self.0, " (nonce echoed)", " (논스 확인)"),
            Some(Proof::Fingerprint) => {
                say!(self.0, " (same answer as here)", " (내부 응답과 일치)")
            }
            None => "",
        }
    }
    /// The agreed result in one sentence.
    pub fn outside_agreed(self, a: Agreed, proven: bool, port: u16) -> String {
        match a {
            Agreed::Open if proven => say!(
                self.0,
                format!("port {port} is open from outside, and this machine's server answered"),
                format!("외부에서 포트 {port}에 접속되고, 이 컴퓨터의 서버가 응답했습니다")
            ),
            Agreed::Open => say!(
                self.0,
                format!(
                    "port {port} is open from outside (TCP only: whose server answered could not be told)"
                ),
                format!(
                    "외부에서 포트 {port}에 접속됩니다(TCP 연결만 확인: 어느 서버가 응답했는지는 알 수 없음)"
                )
            ),
            Agreed::OpenOther => say!(
                self.0,
                format!("port {port} answers from outside, but not with this machine's server"),
                format!(
                    "외부에서 포트 {port}에 접속되지만, 이 컴퓨터의 서버가 아닌 다른 것이 응답합니다"
                )
            ),
            Agreed::Refused => say!(
                self.0,
                format!("port {port} refuses connections from outside"),
                format!("외부에서 포트 {port} 연결이 거부됩니다")
            ),
            Agreed::Filtered => say!(
                self.0,
                format!("nothing answers on port {port} from outside (filtered)"),
                format!("외부에서 포트 {port}로 접속하면 아무 응답이 없습니다(차단됨)")
            ),
            Agreed::Closed => say!(
                self.0,
                format!("port {port} is not reachable from outside"),
                format!("외부에서 포트 {port}에 접속되지 않습니다")
            ),
            Agreed::Disagree => say!(
                self.0,
                "the vantages disagree; none is trusted".to_string(),
                "확인 서버들의 결과가 서로 달라 어느 쪽도 믿지 않습니다".to_string()
            ),
            Agreed::Unknown => say!(
                self.0,
                "no vantage outside answered".to_string(),
                "외부 확인 서버가 하나도 응답하지 않았습니다".to_string()
            ),
            Agreed::NotAsked => say!(
                self.0,
                "not asked (--no-outside)".to_string(),
                "확인하지 않음(--no-outside)".to_string()
            ),
        }
    }
    /// One vantage's answer on one line.
    pub fn outside_vantage(self, v: &VantageOut) -> String {
        let mut line = format!(
            "{}: {}{}",
            v.vantage,
            self.outside_said(v.result),
            self.outside_proof(v.proof)
        );
        if let Some(seen) = v.seen_from {
            line.push_str(&say!(
                self.0,
                format!(", saw you as {seen}"),
                format!(", 내 주소를 {seen}(으)로 확인")
            ));
        }
        line.push_str(&format!(", {:.0} ms", v.ms));
        if let Some(e) = &v.error {
            line.push_str(&format!(" — {}", self.vantage_why(v.why.as_ref(), e)));
        }
        if v.agrees == Some(false) {
            line.push_str(say!(
                self.0,
                " [contradicts the others]",
                " [다른 확인 서버와 다름]"
            ));
        }
        line
    }
    /// Why a vantage gave no result (or its note), worded. English keeps the
    /// words of `error` (also what `--json` shows); Korean says the typed
    /// reason and shows words that came from the vantage only in parentheses.
    pub fn vantage_why(self, why: Option<&VantageWhy>, words: &str) -> String {
        let Some(why) = why else {
            return words.to_string();
        };
        match self.0 {
            Lang::En => words.to_string(),
            Lang::Ko => match why {
                VantageWhy::TaskFailed => "netcheck 내부 작업이 실패함".to_string(),
                VantageWhy::EchoipTcpOnly => {
                    "echoip 방식 확인 서버는 TCP만 확인할 수 있음".to_string()
                }
                VantageWhy::Net(cause) => self.failure(
                    &crate::net::cause::Failure::new(cause.clone(), words),
                    "확인 서버 연결 실패",
                ),
                VantageWhy::RateLimited(Some(s)) => {
                    format!(
                        "요청 한도 초과: {}후에 다시 시도하세요",
                        self.duration(*s as u32)
                    )
                }
                VantageWhy::RateLimited(None) => "요청 한도 초과".to_string(),
                VantageWhy::Incompatible => "확인 서버의 API 버전이 달라 쓸 수 없음".to_string(),
                VantageWhy::Http(status) => {
                    format!("확인 서버가 오류로 응답함(HTTP {status}, 서버 메시지: {words})")
                }
                VantageWhy::NotReflector(status) => {
                    format!("HTTP {status} 오류 응답(netcheck 확인 서버가 아닐 수 있음)")
                }
                VantageWhy::Unreadable => "확인 서버의 응답을 읽을 수 없음".to_string(),
                VantageWhy::Note => format!("확인 서버 메모: {words}"),
                VantageWhy::OtherPort(p) => {
                    format!("다른 포트({p})에 대한 응답이 옴")
                }
            },
        }
    }
    /// The checklist summary: the agreed result and who confirmed it.
    pub fn outside_summary(self, o: &OutsideReport) -> String {
        let mut s = self.outside_agreed(o.result, o.proven, o.port);
        if !o.confirmed_by.is_empty() {
            s.push_str(&say!(
                self.0,
                format!(
                    " — confirmed by {} of {}: {}",
                    o.confirmed_by.len(),
                    o.vantages.len(),
                    o.confirmed_by.join(", ")
                ),
                format!(
                    " — 확인 서버 {}곳 중 {}곳 일치: {}",
                    o.vantages.len(),
                    o.confirmed_by.len(),
                    o.confirmed_by.join(", ")
                )
            ));
        }
        let named: Vec<String> = o
            .vantages
            .iter()
            .filter(|v| v.agrees != Some(true))
            .map(|v| format!("{} ({})", v.vantage, self.outside_said(v.result)))
            .collect();
        if !named.is_empty() {
            s.push_str(&say!(
                self.0,
                format!("; not counted: {}", named.join(", ")),
                format!("; 제외: {}", named.join(", "))
            ));
        }
        s
    }
    pub fn outside_heading(self) -> &'static str {
        say!(self.0, "Checked from outside", "외부에서 확인")
    }
}

#[cfg(test)]
mod vantage_why_tests {
    use super::*;
    use crate::i18n::lint::english_words;
    use crate::net::cause::Cause;

    fn every_why() -> Vec<VantageWhy> {
        vec![
            VantageWhy::TaskFailed,
            VantageWhy::EchoipTcpOnly,
            VantageWhy::Net(Cause::TimedOut),
            VantageWhy::Net(Cause::Refused),
            VantageWhy::Net(Cause::CertExpired),
            VantageWhy::RateLimited(Some(42)),
            VantageWhy::RateLimited(None),
            VantageWhy::Incompatible,
            VantageWhy::Http(400),
            VantageWhy::NotReflector(404),
            VantageWhy::Unreadable,
            VantageWhy::Note,
            VantageWhy::OtherPort(81),
        ]
    }

    #[test]
    fn korean_says_why_a_vantage_gave_no_result_without_english() {
        // The words a vantage or the OS gave: English, as `--json` keeps them.
        let words = "no answer before the deadline";
        for why in every_why() {
            let ko = Tr(Lang::Ko).vantage_why(Some(&why), words);
            // Only the variants that quote the vantage's own message keep it,
            // inside parentheses or after a Korean label.
            let quoted = matches!(why, VantageWhy::Http(_) | VantageWhy::Note);
            let bare = ko.replace(words, "");
            assert!(
                english_words(&bare).is_empty(),
                "{why:?}: English in Korean: {ko}"
            );
            assert_eq!(ko.contains(words), quoted, "{why:?}: {ko}");
            // English and JSON keep the words as they were.
            assert_eq!(Tr(Lang::En).vantage_why(Some(&why), words), words);
        }
        // Control: without a typed reason the words are shown as they are,
        // and the checker sees them as English.
        let raw = Tr(Lang::Ko).vantage_why(None, words);
        assert!(!english_words(&raw).is_empty(), "{raw}");
    }
}
