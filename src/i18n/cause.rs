//! Why a network step failed ([`Cause`]), in words. English keeps the OS's
//! or library's own words ([`Failure::detail`]); Korean says each known cause
//! in its own sentence and shows the raw words only for an unknown one.

use super::{Lang, Tr};
use crate::error::SetupError;
use crate::net::Family;
use crate::net::cause::{Cause, EchoPart, Failure};
use crate::portmap::{DeviceIssue, Refusal};
use crate::proto::{natpmp, pcp};

impl Tr {
    /// A failure in a few words. `category` ("연결 실패") leads an unknown
    /// cause's raw words in Korean; English gives the words as they are.
    pub fn failure(self, f: &Failure, category: &str) -> String {
        match self.0 {
            Lang::En => f.detail.clone(),
            Lang::Ko => match self.cause_ko(&f.cause) {
                Some(words) => words,
                None if f.detail.is_empty() => category.to_string(),
                None => format!("{category} ({})", f.detail),
            },
        }
    }

    /// An OS error on this machine: the cause, or "OS error (its words)".
    pub fn os_failure(self, f: &Failure) -> String {
        self.failure(f, "운영체제 오류")
    }

    /// Korean words for a known cause; `None` for [`Cause::Unknown`].
    fn cause_ko(self, c: &Cause) -> Option<String> {
        use Cause::*;
        let family = |f: &Family| f.label();
        Some(match c {
            Refused => {
                "연결 거부됨(그 포트에서 수신 대기 중인 프로그램이 없거나 방화벽이 거부함)".into()
            }
            TimedOut => "응답 없음(시간 초과)".into(),
            Reset => "상대가 연결을 강제로 끊음(RST)".into(),
            Aborted => "연결이 도중에 끊김".into(),
            HostUnreachable => "호스트에 도달할 수 없음(경로 없음)".into(),
            NetUnreachable => "네트워크에 도달할 수 없음(라우팅 경로 없음)".into(),
            AddrNotAvailable => "이 컴퓨터에 없는 주소라 쓸 수 없음".into(),
            AddrInUse => "주소와 포트가 이미 사용 중".into(),
            PermissionDenied => "운영체제가 허용하지 않음(권한 또는 방화벽)".into(),
            TooManyOpenFiles => "열린 파일이 너무 많음(운영체제의 파일 핸들 한도 초과)".into(),
            Closed => "응답을 다 받기 전에 상대가 연결을 닫음".into(),
            NameNotFound => "도메인 이름을 찾을 수 없음(DNS에 주소가 없음)".into(),
            NameLookupFailed => "DNS 조회 실패(DNS 서버가 응답하지 않음)".into(),
            NoAddressOfFamily(f) => format!("이 호스트에는 {} 주소가 없음", family(f)),
            CertExpired => "인증서 유효 기간이 지남(만료된 인증서)".into(),
            CertNotYetValid => {
                "인증서가 아직 유효하지 않음(이 컴퓨터의 날짜와 시간을 확인하세요)".into()
            }
            CertUnknownIssuer => {
                "신뢰할 수 없는 인증서(발급 기관을 알 수 없음: 자체 서명 인증서 등)".into()
            }
            CertWrongName => "인증서의 호스트 이름이 접속한 이름과 다름".into(),
            CertRevoked => "폐기된 인증서".into(),
            CertInvalid => "인증서가 올바르지 않음".into(),
            TlsAlert(name) => format!("서버가 TLS 연결을 거부함(TLS 경고 {name})"),
            TlsIncompatible => "서버와 TLS 버전 또는 암호화 방식이 맞지 않음".into(),
            NotTls => "TLS 응답이 아님(이 포트는 HTTPS가 아닐 수 있음)".into(),
            TlsSetup => return None,
            NotHttp(Some(shown)) => format!("HTTP 응답이 아님(서버가 보낸 내용: '{shown}')"),
            NotHttp(None) => "HTTP 응답이 아님".into(),
            TooManyRedirects => "리디렉션이 너무 많음".into(),
            RedirectRefused {
                host,
                loopback: true,
            } => format!("리디렉션을 따르지 않음: 대상이 이 컴퓨터({host})"),
            RedirectRefused { host, .. } => {
                format!("리디렉션을 따르지 않음: 대상이 사설 주소({host})")
            }
            BadRedirect => "리디렉션 대상 주소가 올바르지 않음".into(),
            StunError(code) => format!(
                "STUN 서버가 오류로 응답함(코드 {code}: {})",
                stun_code_ko(*code)
            ),
            StunMalformed => "STUN 응답 형식이 올바르지 않음".into(),
            StunNoAddress => "STUN 응답에 주소가 없음".into(),
            EchoDiffers(part) => format!(
                "에코 불일치({}): 보낸 내용과 netcheck serve가 돌려준 내용이 다름",
                match part {
                    EchoPart::Sha256 => "본문 해시(`body_sha256`)",
                    EchoPart::Length => "본문 길이(`body_length`)",
                    EchoPart::Body => "본문",
                    EchoPart::Nonce => "nonce 값",
                }
            ),
            Unknown => return None,
        })
    }
}

impl Tr {
    /// Why the router refused a port mapping, in Korean.
    pub(super) fn refusal_ko(self, why: &Refusal, words: &str) -> String {
        let reason = match why {
            Refusal::NatPmp(code) => natpmp_ko(*code),
            Refusal::Pcp(code) => pcp_ko(*code),
            Refusal::PcpVersion(0) => {
                return "공유기가 PCP가 아닌 NAT-PMP만 지원합니다".into();
            }
            Refusal::PcpVersion(v) => {
                return format!("공유기가 PCP 버전 {v}만 지원합니다(netcheck는 버전 2 사용)");
            }
            Refusal::Upnp(code) => {
                return format!(
                    "공유기가 요청을 거부했습니다(UPnP 오류 {code}: {})",
                    upnp_code_ko(*code)
                );
            }
            Refusal::UpnpOnlyPermanent => "만료 없는 규칙만 받음(UPnP 오류 725)".into(),
            Refusal::UpnpNoSuchEntry => "해당 규칙이 목록에 없음(UPnP 오류 714)".into(),
            Refusal::Network(cause) => {
                return format!(
                    "공유기에 요청하는 중 네트워크 오류: {}",
                    self.failure(&Failure::new(cause.clone(), words), "알 수 없는 오류")
                );
            }
            Refusal::Garbled => {
                return "공유기가 응답했지만 올바른 형식의 응답이 아닙니다".into();
            }
            Refusal::Unknown => return format!("공유기가 요청을 거부했습니다 ({words})"),
        };
        format!("공유기가 요청을 거부했습니다: {reason}")
    }

    /// Why an answering UPnP device was not used, in Korean.
    pub(super) fn device_issue_ko(self, why: &DeviceIssue) -> String {
        match why {
            DeviceIssue::OffSubnet(ip) => format!(
                "{ip}의 UPnP 장치는 이 컴퓨터와 같은 네트워크(서브넷)에 있지 않아 무시했습니다"
            ),
            DeviceIssue::ForeignLocation { from, location } => format!(
                "{from}의 UPnP 응답은 장치 정보가 다른 호스트({location})에 있다고 해서 무시했습니다"
            ),
            DeviceIssue::Undescribed(ip) => format!(
                "{ip}의 UPnP 장치가 응답했지만 제시간에 쓸 수 있는 장치 정보를 주지 않았습니다"
            ),
        }
    }
}

/// A NAT-PMP result code (RFC 6886 §3.5).
fn natpmp_ko(code: natpmp::ResultCode) -> String {
    use natpmp::ResultCode as R;
    match code {
        R::Success => "성공".into(),
        R::UnsupportedVersion => "이 버전의 NAT-PMP를 지원하지 않음".into(),
        R::NotAuthorized => "NAT-PMP 요청을 허용하지 않도록 설정됨".into(),
        R::NetworkFailure => {
            "공유기에 자체 외부 IP가 없음(인터넷 연결이 끊겼거나 CGNAT 뒤에 있음)".into()
        }
        R::OutOfResources => "공유기의 자원이 부족함(포트포워드 규칙이 너무 많음)".into(),
        R::UnsupportedOpcode => "이 NAT-PMP 요청을 지원하지 않음".into(),
        R::Other(n) => format!("알 수 없는 결과 코드({n})로 응답함"),
    }
}

/// A PCP result code (RFC 6887 §7.4).
fn pcp_ko(code: pcp::ResultCode) -> String {
    use pcp::ResultCode as R;
    match code {
        R::Success => "성공".into(),
        R::UnsupportedVersion => "이 버전의 PCP를 지원하지 않음".into(),
        R::NotAuthorized => "이 매핑을 허용하지 않음".into(),
        R::MalformedRequest => "요청을 해석하지 못함".into(),
        R::UnsupportedOpcode => "PCP 포트 매핑을 지원하지 않음".into(),
        R::UnsupportedOption => "netcheck가 보낸 PCP 옵션을 지원하지 않음".into(),
        R::MalformedOption => "netcheck가 보낸 PCP 옵션이 잘못되었다고 응답함".into(),
        R::NetworkFailure => "공유기에 자체 외부 IP가 없음(인터넷 연결이 끊겼거나 CGNAT 뒤에 있음)".into(),
        R::NoResources => "공유기의 자원이 부족함(포트포워드 규칙이 너무 많음)".into(),
        R::UnsupportedProtocol => "이 프로토콜의 매핑을 지원하지 않음".into(),
        R::UserExceededQuota => "이 기기에 허용된 포트 매핑 수를 모두 사용함".into(),
        R::CannotProvideExternal => "요청한 외부 포트나 주소를 내줄 수 없음".into(),
        R::AddressMismatch => {
            "요청이 다른 주소에서 온 것으로 보임(이 기기와 공유기 사이에 다른 NAT가 있는지 확인하세요)".into()
        }
        R::ExcessiveRemotePeers => "원격 피어가 너무 많아 처리할 수 없음".into(),
        R::Other(n) => format!("알 수 없는 결과 코드({n})로 응답함"),
    }
}

/// A UPnP IGD error code (UPnP-gw-WANIPConnection-v2 §2.4.16, UPnP Device Architecture).
fn upnp_code_ko(code: u16) -> &'static str {
    match code {
        401 => "지원하지 않는 동작",
        402 => "잘못된 인자",
        501 => "동작 실패",
        606 => "권한 없음",
        713 => "목록 범위를 벗어난 번호",
        714 => "해당 규칙이 목록에 없음",
        715 => "원격 호스트에 와일드카드를 쓸 수 없음",
        716 => "외부 포트에 와일드카드를 쓸 수 없음",
        718 => "외부 포트가 이미 다른 규칙에 쓰이고 있음",
        724 => "외부 포트와 내부 포트가 같아야 함",
        725 => "만료 없는 규칙만 받음",
        726 => "원격 호스트는 와일드카드만 허용",
        727 => "외부 포트는 와일드카드만 허용",
        728 => "남은 포트 매핑 자리가 없음",
        729 => "다른 방식(NAT-PMP 등)으로 만든 규칙과 충돌",
        _ => "알 수 없는 오류 코드",
    }
}

impl Tr {
    /// A set-up failure of the process (runtime, signal handlers).
    pub fn setup_error(self, e: &SetupError) -> String {
        match e {
            SetupError::Runtime(f) => say!(
                self.0,
                format!("cannot start the async runtime: {f}"),
                format!("비동기 런타임을 시작할 수 없습니다: {}", self.os_failure(f))
            ),
            SetupError::SignalHandler(f) => say!(
                self.0,
                format!("could not run: signal handler: {f}"),
                format!(
                    "실행할 수 없습니다: Ctrl+C 처리기를 설치하지 못했습니다({})",
                    self.os_failure(f)
                )
            ),
        }
    }
}

/// What a STUN ERROR-CODE means (RFC 5389 §15.6, RFC 8489 §14.8).
fn stun_code_ko(code: u16) -> &'static str {
    match code {
        0 => "오류 코드 없음",
        300 => "다른 서버를 사용하라는 응답",
        400 => "요청 형식이 잘못됨",
        401 => "인증이 필요함",
        403 => "요청이 금지됨",
        420 => "서버가 모르는 속성이 요청에 있음",
        438 => "논스가 만료됨",
        500 => "서버 내부 오류(일시적)",
        301..=399 => "다른 서버로 안내",
        402..=499 => "요청 오류",
        501..=599 => "서버 오류",
        _ => "알 수 없는 오류 코드",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::lint::english_words;

    /// Every known cause, for tests.
    pub fn every_cause() -> Vec<Cause> {
        use Cause::*;
        let mut all = vec![
            Refused,
            TimedOut,
            Reset,
            Aborted,
            HostUnreachable,
            NetUnreachable,
            AddrNotAvailable,
            AddrInUse,
            PermissionDenied,
            TooManyOpenFiles,
            Closed,
            NameNotFound,
            NameLookupFailed,
            NoAddressOfFamily(Family::Ipv6),
            CertExpired,
            CertNotYetValid,
            CertUnknownIssuer,
            CertWrongName,
            CertRevoked,
            CertInvalid,
            TlsAlert("HandshakeFailure".into()),
            TlsIncompatible,
            NotTls,
            NotHttp(Some("SSH-2.0-OpenSSH_9.2".into())),
            NotHttp(None),
            TooManyRedirects,
            RedirectRefused {
                host: "127.0.0.1".into(),
                loopback: true,
            },
            RedirectRefused {
                host: "192.168.0.1".into(),
                loopback: false,
            },
            BadRedirect,
            StunMalformed,
            StunNoAddress,
            EchoDiffers(EchoPart::Sha256),
            EchoDiffers(EchoPart::Nonce),
        ];
        for code in [0, 300, 400, 401, 403, 420, 438, 500, 487, 699] {
            all.push(StunError(code));
        }
        all
    }

    #[test]
    fn every_known_cause_is_korean_and_english_keeps_the_words() {
        let ko = Tr(Lang::Ko);
        for c in every_cause() {
            let f = Failure::new(c.clone(), "Connection refused by the peer");
            let words = ko.failure(&f, "연결 실패");
            assert!(english_words(&words).is_empty(), "{c:?}: {words}");
            assert!(!words.contains("Connection"), "{c:?}: {words}");
            assert_eq!(Tr(Lang::En).failure(&f, "x"), f.detail);
        }
        // Unknown: a Korean category, then the OS's own words in parentheses.
        let f = Failure::unknown("something odd happened");
        assert_eq!(
            ko.failure(&f, "연결 실패"),
            "연결 실패 (something odd happened)"
        );
        // Control: the checker sees those raw words.
        assert!(!english_words(&ko.failure(&f, "연결 실패")).is_empty());
        assert!(
            ko.failure(&Failure::new(Cause::StunError(420), ""), "")
                .contains("420")
        );
    }
}
