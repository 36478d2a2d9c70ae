//! Korean: every sentence of the catalogue, in one file. Each part of the
//! catalogue (a trait in `i18n/<part>.rs`) is implemented in its own block.

/// Korean.
#[derive(Debug, Clone, Copy)]
pub struct Ko;

mod cause {
    use super::Ko;
    use crate::i18n::parts::*;

    use crate::error::SetupError;
    use crate::net::Family;
    use crate::net::cause::{Cause, EchoPart, Failure};
    use crate::portmap::{DeviceIssue, Refusal};
    use crate::proto::{natpmp, pcp};

    impl CauseText for Ko {
        fn failure(&self, f: &Failure, category: &str) -> String {
            match self.cause_ko(&f.cause) {
                Some(words) => words,
                None if f.detail.is_empty() => category.to_string(),
                None => format!("{category} ({})", f.detail),
            }
        }
        fn os_failure(&self, f: &Failure) -> String {
            self.failure(f, "운영체제 오류")
        }
        fn setup_error(&self, e: &SetupError) -> String {
            match e {
                SetupError::Runtime(f) => {
                    format!("비동기 런타임을 시작할 수 없습니다: {}", self.os_failure(f))
                }
                SetupError::SignalHandler(f) => format!(
                    "실행할 수 없습니다: Ctrl+C 처리기를 설치하지 못했습니다({})",
                    self.os_failure(f)
                ),
            }
        }
    }

    impl Ko {
        /// Korean words for a known cause; `None` for [`Cause::Unknown`].
        pub(in crate::i18n::ko) fn cause_ko(self, c: &Cause) -> Option<String> {
            use Cause::*;
            let family = |f: &Family| f.label();
            Some(match c {
                Refused => {
                    "연결 거부됨(그 포트에서 수신 대기 중인 프로그램이 없거나 방화벽이 거부함)"
                        .into()
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

        /// Why the router refused a port mapping, in Korean.
        pub(in crate::i18n::ko) fn refusal_ko(self, why: &Refusal, words: &str) -> String {
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
        pub(in crate::i18n::ko) fn device_issue_ko(self, why: &DeviceIssue) -> String {
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
}

mod doctor {
    use super::Ko;
    use crate::i18n::parts::*;

    use crate::check::doctor::{Step, Verdict};

    impl DoctorText for Ko {
        fn doctor_title(&self, port: u16) -> String {
            format!(
                "netcheck doctor — 다른 네트워크에서 이 컴퓨터의 포트 {port}번에 접속할 수 있을까요?"
            )
        }
        fn doctor_checking(&self) -> &'static str {
            "네트워크 확인 중…"
        }
        fn check_label(&self, id: &str) -> &'static str {
            match id {
                "network" => "네트워크",
                "public_ip" => "외부 IP",
                "ipv6" => "IPv6",
                "router" => "공유기",
                "nat" => "NAT",
                "nat_type" => "NAT 유형",
                "server" => "서버",
                "forward" => "포트포워드",
                "reach" => "접속 확인",
                "outside" => "외부에서 확인",
                _ => "?",
            }
        }
        fn doctor_network(&self, gw: &str, iface: &str, lan: &str) -> String {
            format!("공유기 {gw}, 이 컴퓨터 {lan} ({iface})")
        }
        fn doctor_no_gateway(&self) -> &'static str {
            "공유기 없음: 네트워크에 연결되어 있지 않습니다"
        }
        fn doctor_public(&self, ip: &str, votes: usize) -> String {
            format!("{ip} (확인 서비스 {votes}곳 일치)")
        }
        fn doctor_public_unconfirmed(&self, ip: &str) -> String {
            format!("{ip} (미확인: 한 곳만 응답)")
        }
        fn doctor_ipv6_global(&self, ip: &str) -> String {
            format!("{ip}: IPv6는 포트포워드 없이 방화벽만 열면 됩니다")
        }
        fn doctor_ipv6_none(&self) -> &'static str {
            "글로벌 IPv6 주소 없음"
        }
        fn doctor_router(&self, methods: &str, name: &str, wan: &str) -> String {
            format!("{methods}{name} · WAN {wan}")
        }
        fn doctor_no_automation(&self) -> &'static str {
            "UPnP, NAT-PMP, PCP 모두 응답 없음: 포트포워드를 직접 설정해야 합니다"
        }
        fn doctor_listener(&self, state: &str, addrs: &str) -> String {
            match state {
                "nothing" => "이 포트에서 수신 대기 중인 프로그램이 없습니다".to_string(),
                "loopback_only" => {
                    format!("{addrs}에서만 수신 대기 중입니다: 다른 기기는 접속할 수 없습니다")
                }
                "other_addresses" => {
                    format!("내부 IP가 아닌 주소({addrs})에서만 수신 대기 중입니다")
                }
                "unknown" => "어떤 프로그램이 수신 대기 중인지 알 수 없습니다".to_string(),
                _ => format!("{addrs}에서 수신 대기 중"),
            }
        }
        fn doctor_mapping_present(&self, ext: &str, lan: &str) -> String {
            format!("공유기가 {ext} → {lan} 으로 포트포워드하고 있습니다")
        }
        fn doctor_mapping_missing(&self, port: u16) -> String {
            format!(
                "UPnP 목록에 포트 {port}번 규칙이 없습니다(관리 페이지에서 직접 만든 규칙은 여기에 보이지 않을 수 있음)"
            )
        }
        fn doctor_mapping_taken(&self, holder: &str) -> String {
            format!("이 포트는 다른 기기로 포트포워드되어 있습니다: {holder}")
        }
        fn doctor_mapping_created(&self, method: &str, lease: &str) -> String {
            format!("지금 {method} 방식으로 만들었습니다 ({lease})")
        }
        fn doctor_mapping_failed(&self, why: &str) -> String {
            format!("만들지 못했습니다: {why}")
        }
        fn doctor_mapping_unknown(&self) -> &'static str {
            "공유기에 물어볼 수 없습니다(UPnP 없음). --forward로 만들 수 있습니다"
        }
        fn doctor_reach(&self, target: &str, verdict: &str) -> String {
            format!(
                "이 컴퓨터에서 {target}: {verdict} — 내부에서 확인한 결과라 정확하지 않을 수 있습니다(헤어핀 NAT, NAT 루프백)"
            )
        }
        fn reach_word(&self, r: crate::check::doctor::Reach) -> &'static str {
            use crate::check::doctor::Reach::*;
            match r {
                Reachable => "응답함",
                Refused => "연결 거부",
                TimedOut => "응답 없음(시간 초과)",
                Failed => "실패",
                NotTried => "시도 안 함",
            }
        }
        fn doctor_reach_skipped(&self) -> &'static str {
            "시도 안 함(외부 IP를 모르거나 서버가 없음)"
        }
        fn doctor_verdict_label(&self) -> &'static str {
            "진단"
        }
        fn doctor_verdict(&self, v: Verdict) -> &'static str {
            use Verdict::*;
            match v {
                Reachable => {
                    "외부 접속 가능 — 외부 네트워크의 확인 서버가 이 컴퓨터의 서버에 접속했습니다"
                }
                OpenOther => {
                    "외부에서 이 포트로 접속하면 이 컴퓨터의 서버가 아닌 다른 것이 응답합니다"
                }
                RouterPage => {
                    "외부에서 이 포트로 접속하면 이 컴퓨터의 서버가 아니라 공유기 자체의 페이지가 응답합니다"
                }
                Filtered => "포트포워드와 서버는 정상인데 외부에서 접속이 들어오지 않습니다",
                Ready => {
                    "준비 완료 — 이 컴퓨터에서 확인할 수 있는 것은 모두 정상입니다. 다른 네트워크에서 최종 확인하세요"
                }
                NoGateway => "네트워크에 연결되어 있지 않습니다",
                Vpn => {
                    "인터넷 연결이 VPN을 거치고 있어(기본 경로), 결과가 집 네트워크가 아니라 VPN 기준입니다"
                }
                Offline => "인터넷에 연결되어 있지 않습니다",
                Cgnat => "통신사 CGNAT: 공유기 설정과 상관없이 통신사 NAT가 외부 연결을 막습니다",
                DoubleNat => "이중 NAT: 공유기 앞의 다른 NAT가 외부 연결을 막습니다",
                NoListener => "해당 포트에서 실행 중인 서버가 없습니다",
                LocalhostOnly => "서버가 이 컴퓨터 안에서 오는 연결(127.0.0.1)만 받습니다",
                PortTaken => "이 포트는 다른 기기로 포트포워드되어 있습니다",
                NotForwarded => {
                    "UPnP로 확인한 범위에서는 이 포트의 포트포워드가 없습니다(관리 페이지에서 직접 만든 규칙은 보이지 않을 수 있음)"
                }
                ForwardUnknown => "공유기가 이 포트를 포트포워드하는지 확인하지 못했습니다",
            }
        }
        fn doctor_step(&self, s: Step, port: u16, public: &str, holder: &str) -> String {
            use Step::*;
            match s {
                ConnectNetwork => "이 컴퓨터를 공유기에 연결(유선 또는 Wi-Fi)한 뒤 netcheck doctor를 다시 실행하세요.".into(),
                DisconnectVpn => "VPN 연결을 끊고(또는 LAN을 VPN에서 제외하고) netcheck doctor를 다시 실행하세요.".into(),
                CheckInternet => "외부 IP 확인 서비스가 하나도 응답하지 않았습니다. 인터넷 연결을 확인하세요(`netcheck public-ip -v`로 서비스별 결과 확인).".into(),
                AskIspPublicIp => "통신사 고객센터에 공인 IP(또는 고정 IP) 할당을 문의하세요. 상품에 따라 무료이거나 유료 부가서비스입니다.".into(),
                BridgeMode => "통신사 공유기가 앞에 있다면 브리지 모드로 바꾸거나, 그 장비에도 같은 포트포워드를 설정하세요. 통신사 공유기의 DMZ를 내 공유기의 WAN 주소로 지정하는 방법도 있습니다.".into(),
                UseIpv6 => "IPv6를 쓰세요: 이 컴퓨터에 글로벌 IPv6 주소가 있어, 방화벽에서 포트를 허용하면 IPv6 클라이언트가 접속할 수 있습니다.".into(),
                UseTunnel => "또는 서버에서 밖으로 연결하는 터널(Tailscale, Cloudflare Tunnel, ngrok)을 쓰세요.".into(),
                StartServer => format!("포트 {port}번으로 서버를 실행하세요(`netcheck serve --port {port}` 명령으로 시험해 볼 수도 있습니다)."),
                BindAllAddresses => format!("서버가 127.0.0.1이 아니라 모든 주소(0.0.0.0)에서 수신 대기하게 하세요 — Flask: `app.run(host=\"0.0.0.0\", port={port})`."),
                UseHostAddress => "컨테이너나 가상 머신 안에서 실행 중입니다. 호스트에서도 포트를 컨테이너로 연결하고(예: docker run -p 5000:5000), 공유기는 호스트의 내부 IP를 가리키게 하세요.".into(),
                FreeThePort => format!("포트 {port}번은 이미 다른 기기({holder})로 포트포워드되어 있습니다. 공유기에서 그 규칙을 지우거나 다른 외부 포트를 쓰세요(netcheck forward --port {port} --external-port {}).", port.saturating_add(1)),
                ForwardAutomatically => format!("포트포워드를 설정하세요: netcheck forward --port {port} (또는 netcheck doctor --port {port} --forward)."),
                ForwardByHand => format!("공유기 관리 페이지에서 포트포워드를 추가하세요. `netcheck forward --port {port} --method manual`을 실행하면 입력할 규칙과 메뉴 위치를 알려 줍니다."),
                ReserveAddress => "이 컴퓨터의 내부 IP는 DHCP로 받은 주소라 바뀔 수 있습니다. 공유기에서 이 컴퓨터의 MAC 주소에 IP를 고정 할당(DHCP 예약)하세요. Wi-Fi라면 ‘임의 MAC 주소’ 기능도 꺼 두세요.".into(),
                OpenIpv6Firewall => format!("IPv6로 받으려면 이 컴퓨터의 방화벽과 공유기의 IPv6 방화벽에서 TCP 포트 {port}번을 허용하세요(포트포워드는 필요 없음)."),
                RouterIpv6Pinhole => format!("IPv6로 받으려면 이 컴퓨터의 방화벽에서 TCP 포트 {port}번을 허용하세요. 공유기가 UPnP(IGDv2 WANIPv6FirewallControl)로 IPv6 핀홀을 지원하므로 이를 지원하는 프로그램은 자동으로 열 수 있습니다. 공유기의 IPv6 방화벽 설정에서 직접 허용해도 됩니다. 포트포워드는 필요 없습니다."),
                CheckForwardTarget => format!("공유기의 포트 {port} 포트포워드가 이 컴퓨터의 내부 IP를 가리키도록 고치세요. 공유기 관리 페이지(원격 관리)가 포트 {port}를 쓰고 있다면 다른 포트로 옮기세요."),
                MoveRouterPage => format!("외부에서 포트 {port}로 접속하면 공유기 자체의 페이지(관리 페이지·원격 관리)가 응답합니다. 공유기 설정에서 그 페이지를 다른 포트로 옮기거나, 서버를 다른 포트로 열고 그 포트를 포트포워드하세요."),
                CheckHostFirewall => format!("이 컴퓨터의 방화벽에서 들어오는 TCP {port}을(를) 허용하세요(Linux: ufw·firewalld·nftables, Windows Defender 방화벽, macOS 응용 프로그램 방화벽)."),
                CheckUpstreamNat => format!("공유기 앞에 NAT가 하나 더 있는지(통신사 모뎀·ONT) 확인하세요. 그 장비도 {port}을(를) 포트포워드하거나 브리지 모드여야 합니다."),
                TryHighPort => format!("통신사가 포트 {port}을(를) 막고 있을 수 있습니다(주로 80, 443). 18080 같은 높은 포트로 바꿔 다시 확인하세요."),
                TestFromOutside => format!("다른 네트워크(휴대폰 핫스팟 등)에서 확인하세요: netcheck probe {public} --port {port}"),
            }
        }
        fn doctor_forward_note(&self) -> &'static str {
            "--forward 없이 실행하면 doctor는 공유기 설정을 바꾸지 않습니다."
        }
    }
}

mod filtered {
    use super::Ko;
    use crate::i18n::filtered::OFTEN_BLOCKED;
    use crate::i18n::parts::*;

    use crate::check::doctor::{Likelihood, SecondPort};
    use crate::check::host_firewall::Tool;
    use crate::check::outside::SecondPortReport;

    impl FilteredText for Ko {
        fn likelihood(&self, l: Likelihood) -> &'static str {
            match l {
                Likelihood::Likely => "가능성 높음",
                Likelihood::Possible => "가능성 있음",
                Likelihood::Unlikely => "가능성 낮음",
            }
        }
        fn doctor_causes_title(&self) -> &'static str {
            "예상 원인(가능성 높은 순)"
        }
        fn firewall_tool(&self, t: Tool) -> &'static str {
            match t {
                Tool::Nftables => "nftables",
                Tool::Ufw => "ufw",
                Tool::Firewalld => "firewalld",
                Tool::WindowsFirewall => "Windows Defender 방화벽",
                Tool::MacosFirewall => "macOS 응용 프로그램 방화벽",
            }
        }
        fn firewall_not_read(&self, port: u16) -> String {
            format!(
                "이 시스템에서는 방화벽 설정을 읽을 수 없습니다. TCP {port}번 포트가 허용되는지 직접 확인하세요."
            )
        }
        fn isp_cause(
            &self,
            l: Likelihood,
            port: u16,
            second: Option<&SecondPortReport>,
            fact: SecondPort,
        ) -> String {
            match (fact, second) {
                (SecondPort::Through, Some(s)) if l == Likelihood::Likely => {
                    let p2 = s.port;
                    format!(
                        "같은 경로로 {p2}번 포트로는 접속이 들어왔는데 {port}번 포트로는 들어오지 않았습니다. 중간에서 {port}번 포트를 막고 있으며, 대개 통신사가 막는 경우입니다. {p2}번처럼 높은 포트를 쓰세요."
                    )
                }
                (SecondPort::Through, Some(s)) => {
                    let p2 = s.port;
                    format!(
                        "같은 경로로 {p2}번 포트로는 접속이 들어왔고 {port}번 포트로는 들어오지 않았습니다. 이 컴퓨터의 방화벽이 {port}번 포트를 막고 있으므로 그것만으로도 설명됩니다."
                    )
                }
                (SecondPort::AlsoBlocked, Some(s)) => {
                    let p2 = s.port;
                    format!(
                        "{p2}번 포트로도 접속이 들어오지 않았습니다. {port}번 포트만 막힌 것은 아닙니다."
                    )
                }
                (_, Some(_)) => format!(
                    "통신사가 {port}번 포트를 막고 있을 수 있습니다. 두 번째 포트는 확인하지 못했습니다(포트포워드 또는 확인 서버 실패)."
                ),
                (_, None) if OFTEN_BLOCKED.contains(&port) => format!(
                    "통신사가 가정용 회선에서 {port}번 포트를 막는 경우가 많습니다. 높은 포트를 쓰세요. 두 번째 포트는 확인하지 않았습니다(리플렉터를 지정해 doctor --forward를 실행하면 확인합니다)."
                ),
                (_, None) => format!(
                    "통신사가 {port}번 포트를 막고 있을 수 있습니다. 두 번째 포트는 확인하지 않았습니다(리플렉터를 지정해 doctor --forward를 실행하면 확인합니다)."
                ),
            }
        }
        fn nat_cause(&self, l: Likelihood) -> &'static str {
            match l {
                Likelihood::Likely => {
                    "공유기 앞에 NAT가 하나 더 있습니다. 공유기의 WAN 주소가 외부 IP와 다릅니다."
                }
                Likelihood::Unlikely => {
                    "NAT는 하나뿐입니다. 공유기의 WAN 주소가 외부 IP와 같습니다."
                }
                Likelihood::Possible => {
                    "공유기가 WAN 주소를 알려 주지 않아 앞에 NAT가 더 있는지 알 수 없습니다."
                }
            }
        }
        fn firewall_blocks(&self, port: u16, what: &str) -> String {
            format!("이 컴퓨터의 방화벽이 들어오는 TCP {port}번 포트를 막고 있습니다: {what}.")
        }
        fn firewall_may_block(&self, port: u16, what: &str) -> String {
            format!(
                "이 컴퓨터의 방화벽이 들어오는 TCP {port}번 포트를 막을 수 있습니다: {what}. netcheck가 판단할 수 없는 조건이 붙은 규칙입니다."
            )
        }
        fn firewall_unreadable(&self, what: &str) -> String {
            format!(
                "이 컴퓨터의 방화벽 규칙을 읽지 못했습니다({what}). 규칙을 확인하려면 root 권한(sudo)으로 doctor를 실행하세요."
            )
        }
        fn firewall_none_found(&self) -> &'static str {
            "이 컴퓨터에서 방화벽 도구를 찾지 못했습니다(nftables, ufw, firewalld)."
        }
        fn firewall_lets_in(&self, port: u16, tools: &str) -> String {
            format!(
                "이 컴퓨터의 방화벽은 TCP {port}번 포트를 허용하거나 꺼져 있습니다(확인한 것: {tools})."
            )
        }
    }
}

mod forward {
    use super::Ko;
    use crate::i18n::parts::*;

    use crate::net::nat::NatVerdict;
    use crate::portmap::MapError;

    impl ForwardText for Ko {
        fn forwarded(&self, method: &str) -> String {
            format!("포트포워드 완료 ({method})")
        }
        fn not_forwarded(&self) -> &'static str {
            "공유기에 포트포워드를 자동으로 설정하지 못했습니다"
        }
        fn not_tried_manual(&self) -> &'static str {
            "자동 설정을 시도하지 않았습니다(--method manual). 아래 안내대로 직접 설정하세요"
        }
        fn lease(&self, secs: u32) -> String {
            if secs == 0 {
                return "영구(만료 없음)".into();
            }
            let human = self.duration(secs);
            format!("유지 시간 {human}")
        }
        fn router_wan_unreported(&self) -> &'static str {
            "공유기가 규칙은 받았지만 외부 IP를 알려 주지 않습니다(연결 안 됨 상태로 응답). 앞에 다른 NAT가 있는지는 알 수 없으니 외부에서 netcheck probe로 확인하세요."
        }
        fn not_confirmed(&self) -> &'static str {
            "공유기가 규칙을 받아들였지만 다시 조회했을 때 목록에 보이지 않았습니다"
        }
        fn label_router(&self) -> &'static str {
            "공유기"
        }
        fn label_public_ip(&self) -> &'static str {
            "외부 IP"
        }
        fn label_router_wan(&self) -> &'static str {
            "공유기 WAN 주소"
        }
        fn label_tried(&self) -> &'static str {
            "시도한 방법"
        }
        fn next_steps(&self) -> &'static str {
            "다음 단계"
        }
        fn nat_verdict(&self, v: NatVerdict) -> &'static str {
            match v {
                NatVerdict::None => "NAT 없음: 이 컴퓨터가 외부 IP를 직접 갖고 있습니다",
                NatVerdict::Single => "단일 NAT(내 공유기): 공유기 WAN 주소가 외부 IP와 같습니다",
                NatVerdict::Double => {
                    "이중 NAT: 내 공유기 앞에 다른 공유기나 통신사 NAT가 있습니다"
                }
                NatVerdict::Cgnat => {
                    "통신사 CGNAT: 공유기의 WAN 주소가 통신사 공유 대역(100.64.0.0/10)입니다"
                }
                NatVerdict::Unknown => {
                    "알 수 없음: 공유기 WAN 주소와 외부 IP를 비교하지 못했습니다"
                }
            }
        }
        fn double_nat_options(&self, mapped: bool) -> [&'static str; 5] {
            [
                if mapped {
                    "포트포워드는 내 공유기만 열 뿐, 그 앞의 NAT가 외부 연결을 여전히 막습니다."
                } else {
                    "이 공유기에 포트포워드를 설정해도 충분하지 않습니다. 그 앞의 NAT가 외부 연결을 여전히 막습니다."
                },
                "통신사 고객센터에 공인 IP(또는 고정 IP) 할당을 문의하세요. 상품에 따라 무료이거나 유료 부가서비스입니다.",
                "통신사 공유기가 앞에 있다면 브리지 모드로 바꾸거나, 그 장비에도 같은 포트포워드를 설정하세요. 통신사 공유기의 DMZ를 내 공유기의 WAN 주소로 지정하는 방법도 있습니다.",
                "양쪽 모두 IPv6가 되면 IPv6를 쓰세요: NAT 없이 방화벽만 열면 됩니다.",
                "또는 서버에서 밖으로 연결하는 터널 서비스(Tailscale, Cloudflare Tunnel, ngrok 등)를 쓰세요.",
            ]
        }
        fn verify_from_outside(&self, cmd: &str) -> String {
            format!("다른 네트워크(예: 휴대폰 핫스팟)에서 확인하세요: {cmd}")
        }
        fn lease_note(&self, secs: u32, port: u16) -> String {
            if secs == 0 {
                return format!(
                    "이 규칙은 직접 지울 때까지 유지됩니다. 삭제: netcheck forward --remove --port {port}"
                );
            }
            let human = self.duration(secs);
            format!(
                "이 규칙은 {human} 뒤에 만료됩니다. --keep으로 유지·갱신하고, --remove로 바로 삭제할 수 있습니다."
            )
        }
        fn forced_permanent(&self, port: u16) -> String {
            format!(
                "이 공유기는 만료 없는 규칙만 받으므로(UPnP 오류 725) 영구 규칙으로 등록했습니다. 사용이 끝나면 삭제하세요: netcheck forward --remove --port {port}"
            )
        }
        fn map_error(&self, e: &MapError) -> String {
            match e {
                MapError::NotFound => "응답 없음(공유기에서 꺼져 있거나 지원하지 않음)"
                .into(),
                MapError::Conflict { holder: Some(h), .. } => format!("외부 포트가 이미 다른 기기({h})로 포트포워드되어 있습니다"),
                MapError::Conflict { offered_port: Some(p), .. } => format!("외부 포트가 이미 사용 중이라 공유기가 {p}번을 대신 제시했습니다(이 포트는 쓰지 않았습니다)"),
                MapError::Conflict { .. } => "외부 포트가 이미 다른 기기로 포트포워드되어 있습니다"
                .into(),
                MapError::NotAuthorized => "거부됨: 공유기가 자동 포트포워드를 허용하지 않습니다(UPnP 꺼짐 또는 보안 모드)"
                .into(),
                MapError::NoExternalAddress => "공유기에 쓸 수 있는 외부 주소가 없습니다(WAN 쪽이 사설 IP: 앞에 다른 NAT가 있음)"
                .into(),
                MapError::Timeout => "공유기가 제시간에 응답하지 않았습니다"
                    .into(),
                MapError::OnlyOwnAddress => "시도 안 함: NAT-PMP와 PCP는 요청한 컴퓨터로만 포트포워드합니다. UPnP를 쓰거나 그 컴퓨터에서 netcheck를 실행하세요"
                .into(),
                MapError::SkippedLowPort => "1024보다 작은 포트라 시도하지 않음: miniupnpd를 쓰는 공유기는 이를 거부하고 1분 가까이 멈출 수 있습니다. 그래도 시도하려면 --method natpmp 또는 pcp를 쓰세요"
                .into(),
                MapError::Refused { why, words } => self.refusal_ko(why, words),
                MapError::Device { why, words: _ } => self.device_issue_ko(why),
                MapError::Malformed => "공유기의 응답이 올바른 UPnP 형식이 아닙니다(깨진 XML): 공유기 UPnP에 문제가 있으니 포트포워드를 직접 설정하세요"
                .into(),
                MapError::NoSuchMapping => "공유기의 UPnP 목록에 이 포트의 포트포워드가 없어 삭제한 것이 없습니다(관리 페이지에서 직접 만든 규칙은 그곳에서 삭제하세요)"
                .into(),
                MapError::NotOurs { holder } => format!("이 포트의 공유기 규칙은 다른 기기({holder})로 포트포워드되어 있어 지우지 않았습니다"),
            }
        }
        fn conflict_hint(&self, port: u16) -> String {
            format!(
                "다른 외부 포트를 쓰거나(--external-port {}), 공유기 포트포워드 설정 페이지에서 기존 규칙을 지우세요.",
                port.saturating_add(1)
            )
        }
        fn no_gateway_error(&self) -> &'static str {
            "기본 게이트웨이가 없습니다: 이 컴퓨터가 연결된 공유기를 찾지 못했습니다"
        }
        fn internal_off_subnet(&self, ip: &str, lan: &str) -> String {
            format!(
                "내부 IP({ip})가 공유기 네트워크({lan}) 밖에 있어 포트포워드 대상이 될 수 없습니다"
            )
        }
        fn list_heading(&self) -> &'static str {
            "UPnP로 등록된 포트포워드 목록"
        }
        fn list_empty(&self) -> &'static str {
            "UPnP로 등록된 포트포워드가 없습니다(관리 페이지에서 직접 만든 규칙은 여기에 나오지 않을 수 있습니다)."
        }
        fn list_needs_upnp(&self) -> &'static str {
            "목록 조회에는 UPnP IGD가 필요한데, 응답하는 UPnP 공유기가 없습니다"
        }
        fn list_needs_upnp_hint(&self) -> &'static str {
            "공유기에서 UPnP를 켜거나, 관리 페이지의 포트포워드 설정에서 목록을 확인하세요"
        }
        fn removed(&self, port: u16, proto: &str, method: &str) -> String {
            format!("외부 포트 {port}({proto}) 포트포워드를 삭제했습니다({method}).")
        }
        fn remove_failed(&self) -> &'static str {
            "포트포워드를 삭제하지 못했습니다"
        }
        fn keeping(&self, every: &str) -> String {
            format!(
                "포트포워드를 유지합니다: {every}마다 확인합니다. Ctrl+C를 누르면 규칙을 삭제하고 종료합니다."
            )
        }
        fn renewed(&self) -> &'static str {
            "포트포워드를 갱신했습니다"
        }
        fn recreated(&self) -> &'static str {
            "포트포워드가 사라져(공유기가 재시작된 듯합니다) 다시 만들었습니다"
        }
        fn renew_failed(&self, why: &str) -> String {
            format!("갱신 실패: {why}")
        }
        fn stopping(&self) -> &'static str {
            "종료합니다: 포트포워드를 삭제합니다"
        }
        fn list_columns(&self) -> [&'static str; 6] {
            [
                "외부 포트",
                "프로토콜",
                "내부 IP",
                "내부 포트",
                "설명",
                "유지 시간",
            ]
        }
    }
}

mod forward_guide {
    use super::Ko;
    use crate::i18n::parts::*;

    use crate::router::brands::{DefaultLogin, LoginScope};
    use crate::router::{Brand, DetectedBy};

    impl GuideText for Ko {
        fn guide_title(&self, brand: Brand) -> String {
            let b = self.brand_name(brand);
            match brand {
                Brand::Generic => "공유기에서 직접 포트포워드 설정하기".to_string(),
                _ => format!("{b} 공유기에서 직접 포트포워드 설정하기"),
            }
        }
        fn guide_detected_by(&self, by: DetectedBy) -> &'static str {
            match by {
                DetectedBy::Upnp => "공유기의 UPnP 장치 정보로 확인",
                DetectedBy::Mac => "공유기 MAC 주소의 제조사 코드로 추정",
                DetectedBy::None => "공유기 제조사를 알 수 없어 일반적인 방법을 안내합니다",
            }
        }
        fn guide_step_login(&self, url: Option<&str>, usual: Option<&str>) -> String {
            match (url, usual) {
                (Some(url), _) => format!("브라우저에서 {url} 에 접속해 공유기 관리자 계정으로 로그인하세요."),
                (None, Some(usual)) => format!(
                        "브라우저에서 공유기 주소(기본 게이트웨이 주소, 이 제조사는 보통 {usual})에 접속해 관리자 계정으로 로그인하세요."
                    ),
                (None, None) => "브라우저에서 공유기 주소(기본 게이트웨이 주소, `netcheck gateway`로 확인)에 접속해 관리자 계정으로 로그인하세요.".to_string(),
            }
        }
        fn guide_login_hint(&self, login: DefaultLogin) -> String {
            let (user, pw) = (login.user, login.password);
            match login.scope {
                LoginScope::Model(m) => format!(
                    "로그인 힌트(모델마다 다름): {m} 모델은 {user} / {pw}. 비밀번호를 바꿨거나 공유기 라벨에 비밀번호가 적혀 있으면 그것을 쓰세요."
                ),
                LoginScope::OlderFirmware => format!(
                    "로그인 힌트(모델마다 다름): 구형 펌웨어는 {user} / {pw}이고, 최신 펌웨어는 처음 접속할 때 계정을 만듭니다. 바꾼 적이 있다면 그 계정을 쓰세요."
                ),
                LoginScope::Default => format!(
                    "로그인 힌트(모델마다 다름): 공장 초기값은 {user} / {pw}입니다. 바꾼 적이 있다면 그 계정을 쓰세요."
                ),
            }
        }
        fn guide_step_menu(&self, path: &str) -> String {
            format!("포트포워드 설정 화면으로 이동하세요: {path}")
        }
        fn guide_menu_unverified(&self) -> &'static str {
            "(확인되지 않은 경로입니다. 모델·펌웨어 버전에 따라 메뉴 이름이 다를 수 있습니다)"
        }
        fn guide_step_rule(&self) -> &'static str {
            "다음 규칙을 추가하고 저장(적용)하세요:"
        }
        fn guide_col_external_port(&self) -> &'static str {
            "외부(서비스) 포트"
        }
        fn guide_col_protocol(&self) -> &'static str {
            "프로토콜"
        }
        fn guide_col_internal_ip(&self) -> &'static str {
            "내부 IP"
        }
        fn guide_col_internal_port(&self) -> &'static str {
            "내부 포트"
        }
        fn guide_col_description(&self) -> &'static str {
            "설명(규칙 이름)"
        }
        fn guide_range_note(&self, start: u16, end: u16) -> String {
            if start == end {
                format!(
                    "시작 포트와 끝 포트를 따로 입력하는 화면이면(내부 포트도 범위로 받는 공유기가 있습니다) 두 칸 모두 같은 값({start})을 넣으세요."
                )
            } else {
                format!(
                    "시작 포트와 끝 포트를 따로 입력하는 화면이면 두 칸에 각각 {start}, {end} 값을 넣으세요."
                )
            }
        }
        fn guide_field_names_note(&self) -> &'static str {
            "외부 포트는 공유기에 따라 ‘서비스 포트’(SK브로드밴드, 구형 ipTIME), ‘서버포트’(KT), ‘WAN 포트’(LG유플러스)로, 내부 IP는 ‘LAN IP’로 표시되기도 합니다."
        }
        fn guide_both_note(&self) -> &'static str {
            "TCP+UDP는 공유기에 따라 Both, ALL, TCP/UDP 등으로 표시될 수 있습니다."
        }
        fn guide_step_dhcp(&self, ip: &str) -> String {
            format!(
                "이 컴퓨터의 내부 IP({ip})는 DHCP로 받은 주소라 나중에 바뀔 수 있고, 그러면 규칙이 엉뚱한 기기를 가리키게 됩니다. 공유기의 DHCP 설정에서 이 컴퓨터의 MAC 주소에 {ip} 주소를 고정 할당(DHCP 예약)하거나, 컴퓨터에 DHCP 범위 밖의 고정 IP를 직접 설정하세요. Wi-Fi라면 ‘임의(개인 정보 보호) MAC 주소’ 기능을 꺼야 고정 할당이 유지됩니다."
            )
        }
        fn guide_step_verify(&self, internal_port: u16) -> String {
            format!(
                "서버 프로그램을 {internal_port}번 포트로 실행해 둔 상태에서, 다른 네트워크(예: 휴대폰 핫스팟)에서 접속되는지 확인하세요:"
            )
        }
        fn guide_public_ip_unknown(&self) -> &'static str {
            "<public-ip> 자리에는 이 네트워크의 외부 IP를 넣으세요(`netcheck public-ip`로 확인)."
        }
        fn guide_upnp_tip(&self, path: &str) -> String {
            format!(
                "참고: UPnP를 켜 두면 다음부터는 `netcheck forward`가 포트를 자동으로 엽니다(집 안의 다른 프로그램도 포트를 열 수 있으니 필요할 때만 켜세요). UPnP 설정 위치: {path}"
            )
        }
        fn menu_path(&self, brand: Brand) -> &'static str {
            match brand {
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
            }
        }
        fn upnp_toggle_path(&self, brand: Brand) -> Option<&'static str> {
            match brand {
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
            }
        }
        fn ipv6_firewall_path(&self, brand: Brand) -> Option<&'static str> {
            match brand {
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
            }
        }
        fn brand_name(&self, brand: Brand) -> &'static str {
            match brand {
                Brand::SkBroadband => "SK브로드밴드",
                Brand::LgUplus => "LG유플러스",
                Brand::Generic => "내 공유기",
                b => b.name(),
            }
        }
    }
}

mod gateway {
    use super::Ko;
    use crate::i18n::parts::*;

    use crate::net::host::IfaceKind;

    impl GatewayText for Ko {
        fn iface_kind(&self, k: IfaceKind) -> &'static str {
            use IfaceKind::*;
            match k {
                Wired => "유선",
                Wireless => "무선(Wi-Fi)",
                Cellular => "모바일 데이터",
                Vpn => "VPN·터널",
                Container => "컨테이너 네트워크",
                Bridge => "브리지",
                Virtual => "가상 어댑터",
                Loopback => "루프백",
                Unknown => "알 수 없음",
            }
        }
        fn label_interface(&self) -> &'static str {
            "인터페이스"
        }
        fn label_lan_ipv4(&self) -> &'static str {
            "내부 IP"
        }
        fn label_gateway(&self) -> &'static str {
            "게이트웨이"
        }
        fn label_gateway_v6(&self) -> &'static str {
            "게이트웨이 IPv6"
        }
        fn label_router_page(&self) -> &'static str {
            "공유기 관리 페이지"
        }
        fn label_dns(&self) -> &'static str {
            "DNS 서버"
        }
        fn dhcp_state(&self, dhcp: Option<bool>) -> &'static str {
            match dhcp {
                Some(true) => "DHCP 자동 할당",
                Some(false) => "고정(수동) 설정",
                None => "DHCP 여부 알 수 없음",
            }
        }
        fn mac_unknown(&self) -> &'static str {
            "MAC 주소 확인 안 됨(ARP 기록 없음)"
        }
        fn open_in_browser(&self) -> &'static str {
            "브라우저로 열어 로그인하세요"
        }
        fn no_gateway(&self) -> &'static str {
            "기본 게이트웨이가 없습니다. 이 컴퓨터에서 외부로 나가는 경로가 없습니다."
        }
        fn no_default_interface(&self) -> &'static str {
            "기본 경로가 없습니다. 이 컴퓨터가 네트워크에 연결되어 있지 않습니다"
        }
        fn hint_check_link(&self) -> &'static str {
            "케이블이나 Wi-Fi 연결을 확인하세요. `netcheck gateway --all`로 모든 인터페이스를 볼 수 있습니다"
        }
        fn warn_wireless(&self) -> &'static str {
            "Wi-Fi로 연결되어 있습니다. 내부 IP가 바뀌면 포트포워드가 엉뚱한 기기를 가리키게 됩니다. 공유기에서 이 기기의 MAC 주소에 IP를 고정 할당하세요(Wi-Fi의 ‘임의 MAC 주소’ 기능은 꺼 두세요). 서버라면 유선 연결이 더 안정적입니다."
        }
        fn warn_dhcp(&self, mac: Option<&str>) -> String {
            let ko_mac = mac.map(|m| format!("({m})")).unwrap_or_default();
            format!(
                "이 주소는 DHCP로 자동 할당되어 나중에 바뀔 수 있고, 그러면 포트포워드가 엉뚱한 기기를 가리킵니다. 공유기에서 이 기기의 MAC 주소{ko_mac}에 IP를 고정 할당(DHCP 예약)하거나, DHCP 범위 밖의 고정 IP를 직접 설정하세요."
            )
        }
        fn warn_vpn(&self, name: &str) -> String {
            format!(
                "인터넷 연결이 VPN 또는 터널({name})을 거치고 있습니다(기본 경로). 여기서 보이는 외부 IP와 게이트웨이는 집 네트워크가 아니라 VPN의 것입니다. 집 네트워크를 확인하려면 VPN 연결을 끊으세요."
            )
        }
        fn warn_virtual(&self, name: &str, kind: IfaceKind) -> String {
            let kind = self.iface_kind(kind);
            format!(
                "기본 경로가 가상 인터페이스({name}, {kind})를 지나갑니다. 컨테이너나 가상 머신 안에서 실행 중인 것으로 보입니다. 다른 기기는 이 주소가 아니라 호스트 컴퓨터의 주소로 접속해야 합니다."
            )
        }
        fn warn_several_lans(&self, others: &str, lan: &str) -> String {
            format!(
                "LAN으로 보이는 인터페이스가 여러 개입니다({others}). 포트포워드는 공유기 네트워크에 있는 주소({lan})를 가리켜야 합니다."
            )
        }
        fn all_interfaces(&self) -> &'static str {
            "모든 인터페이스"
        }
        fn default_marker(&self) -> &'static str {
            "기본 경로"
        }
        fn down_marker(&self) -> &'static str {
            "연결 안 됨"
        }
    }
}

mod help {
    use super::Ko;
    use crate::i18n::parts::*;

    impl HelpText for Ko {
        fn cli_usage_heading(&self) -> &'static str {
            "사용법:"
        }
        fn cli_options_heading(&self) -> &'static str {
            "옵션"
        }
        fn cli_arguments_heading(&self) -> &'static str {
            "인자"
        }
        fn cli_commands_heading(&self) -> &'static str {
            "명령"
        }
        fn cli_options_word(&self) -> &'static str {
            "[옵션]"
        }
        fn cli_default(&self, v: &str) -> String {
            format!("[기본값: {v}]")
        }
        fn cli_possible(&self, vs: &str) -> String {
            format!("[가능한 값: {vs}]")
        }
        fn exit_help(&self) -> &'static str {
            "종료 코드:
      0  점검 통과
      1  실행했고 문제를 찾음
      2  잘못된 사용법이나 입력값(메시지에 잘못된 값이 나옴)
      3  실행할 수 없음(쓸 수 있는 인터페이스 없음, 권한 없음)"
        }
        fn man_no_such_command(&self, name: &str) -> String {
            format!("그런 명령은 없습니다: '{name}' (netcheck --help 참고)")
        }
        fn cannot_write_file(&self, path: &str, why: std::io::ErrorKind) -> String {
            use std::io::ErrorKind as K;
            let ko = match why {
                K::NotFound => "디렉터리가 없음",
                K::PermissionDenied => "권한 없음",
                _ => "쓰기 실패",
            };
            format!("파일을 쓸 수 없습니다: {path} ({ko})")
        }
        fn clap_invalid_value(&self, arg: &str, value: &str) -> String {
            format!("{arg}에 쓸 수 없는 값입니다: '{value}'")
        }
        fn clap_possible_values(&self, vs: &str) -> String {
            format!("쓸 수 있는 값: {vs}")
        }
        fn clap_expected(&self, flag: &str) -> Option<&'static str> {
            Some(match flag {
                "--port" | "-p" | "--external-port" => "1-65535 사이의 포트 번호",
                "--lease" => "30m, 1h처럼 1초 이상의 초 단위 시간. 0은 영구",
                "--timeout" | "--request-timeout" => "3s, 500ms, 1m, 1h 같은 시간",
                "--internal-ip" => "192.168.0.10 같은 IPv4 주소",
                "--bind" => "이 컴퓨터의 IP 주소",
                "--data" => "올바른 JSON",
                "--count" | "-c" => "1-100 사이의 수",
                "--max-connections" => "1-65536 사이의 수",
                _ => return None,
            })
        }
        fn clap_expected_line(&self, what: &str) -> String {
            format!("넣을 값: {what}")
        }
        fn clap_unknown_argument(&self, arg: &str) -> String {
            format!("알 수 없는 옵션입니다: '{arg}'")
        }
        fn clap_unknown_command(&self, cmd: &str) -> String {
            format!("알 수 없는 명령입니다: '{cmd}'")
        }
        fn clap_did_you_mean(&self, s: &str) -> String {
            format!("비슷한 것: '{s}'")
        }
        fn clap_missing(&self, args: &str) -> String {
            format!("꼭 필요한 값이 빠졌습니다: {args}")
        }
        fn clap_missing_command(&self) -> &'static str {
            "명령을 지정해야 합니다"
        }
        fn clap_conflict(&self, a: &str, b: &str) -> String {
            format!("'{a}' 옵션은 '{b}' 옵션과 함께 쓸 수 없습니다")
        }
        fn clap_once(&self, arg: &str) -> String {
            format!("'{arg}' 옵션은 한 번만 쓸 수 있습니다")
        }
        fn clap_wrong_use(&self, arg: &str) -> String {
            format!("'{arg}' 옵션을 잘못 썼습니다")
        }
        fn clap_not_utf8(&self) -> &'static str {
            "인자가 올바른 UTF-8이 아닙니다"
        }
        fn clap_other(&self) -> &'static str {
            "명령줄을 해석할 수 없습니다"
        }
        fn clap_more_info(&self) -> &'static str {
            "자세한 내용은 '--help'를 보세요."
        }
        fn cli_about(&self, cmd: &str) -> Option<&'static str> {
            Some(match cmd {
                "" => {
                    "집에서 서버를 실행하고 다른 네트워크에서 접속할 수 있게 해 줍니다: 외부 IP, 공유기, 포트포워드, 접속 가능 여부를 쉬운 말로 알려 줍니다."
                }
                "public-ip" => {
                    "이 네트워크의 외부 IP(공인 IP)를 확인합니다. IP 확인 웹사이트에 접속하는 대신 쓰세요"
                }
                "gateway" => {
                    "기본 인터페이스, 내부 IP, 공유기와 관리 페이지 주소를 보여 줍니다. ipconfig / route / ifconfig 대신 쓰세요"
                }
                "serve" => "GET/POST 시험용 작은 HTTP 서버를 실행합니다. Flask 시험 앱 대신 쓰세요",
                "probe" => {
                    "서버를 단계별로(DNS, TCP, HTTP GET과 POST) 시험하고, 실패하면 이유를 쉬운 말로 알려 줍니다"
                }
                "forward" => {
                    "공유기에 포트포워드를 만듭니다(UPnP IGD, NAT-PMP, PCP). 안 되면 관리 페이지에 입력할 내용을 채운 안내를 보여 줍니다"
                }
                "doctor" => {
                    "모든 점검을 한 번에: 다른 사람이 이 포트로 접속할 수 있는지, 안 된다면 다음에 할 일을 알려 줍니다"
                }
                "reflector" => {
                    "바깥쪽 절반: 공인 주소가 있는 컴퓨터에서 실행합니다. 요청한 쪽에 그 외부 IP를 알려 주고, 그 포트를 외부에서 점검합니다"
                }
                "nat" => {
                    "NAT 유형: 공유기가 UDP를 어떻게 매핑하고 거르는지(RFC 4787/5780), Xbox, PlayStation, P2P 앱이 보는 그대로 알려 줍니다"
                }
                "completions" => {
                    "셸 자동 완성 스크립트를 출력합니다(bash, zsh, fish, powershell, elvish)"
                }
                "man" => "man 페이지(roff 형식)를 출력하거나, 모든 페이지를 디렉터리에 씁니다",
                "help" => "이 도움말 또는 지정한 명령의 도움말을 보여 줍니다",
                _ => return None,
            })
        }
        fn cli_arg_help(&self, cmd: &str, id: &str) -> Option<&'static str> {
            const SOURCES: &str = "기본 목록 대신 이 외부 IP 확인 서비스에 조회합니다(여러 번 지정 가능): http://…, https://…, stun:HOST:PORT. 지정하지 않으면 NETCHECK_SOURCES(쉼표로 구분)를, 그것도 없으면 기본 목록을 씁니다";
            Some(match (cmd, id) {
                (_, "help") => "도움말 보기",
                (_, "version") => "버전 보기",
                (_, "json") => "결과를 JSON 문서 하나로 표준 출력에 씁니다(오류도 마찬가지)",
                (_, "color") => {
                    "색을 쓸지 정합니다: auto는 터미널이고 NO_COLOR가 비어 있고 TERM이 dumb가 아닐 때만 씁니다"
                }
                (_, "lang") => {
                    "출력과 도움말의 언어: en 또는 ko. 기본값: NETCHECK_LANG, 그다음 LC_ALL / LC_MESSAGES / LANG, 그다음 운영체제의 표시 언어(Windows, macOS)"
                }
                (_, "timeout") => "명령의 모든 네트워크 대기에 쓰는 전체 제한 시간(3s, 500ms, 1m)",
                (_, "verbose") => {
                    "세부 정보를 보여 줍니다: 확인 서비스마다 받은 응답이나 오류, 걸린 시간"
                }
                (_, "sources") => SOURCES,
                ("public-ip", "ipv4") => "IPv4만 확인합니다",
                ("public-ip", "ipv6") => "IPv6만 확인합니다",
                ("gateway", "all") => {
                    "모든 인터페이스를 보여 주고, VPN / 터널 / docker / 브리지 인터페이스를 따로 표시합니다"
                }
                ("serve", "port") => "수신 대기할 TCP 포트(1-65535)",
                ("serve", "bind") => "이 주소에서만 수신 대기합니다(기본값: 모든 IPv4·IPv6 주소)",
                ("serve", "no_public_ip") => {
                    "시작할 때 외부 IP를 조회하지 않습니다(외부 IP 확인 서비스로 아무것도 보내지 않음)"
                }
                ("serve", "max_connections") => {
                    "동시에 받을 최대 연결 수. 넘치면 연결 하나가 끝날 때까지 기다리게 합니다"
                }
                ("serve", "request_timeout") => {
                    "클라이언트가 요청 헤더를, 그다음 본문을 보내야 하는 제한 시간(슬로로리스 공격 방어이자 keep-alive 유휴 제한)"
                }
                ("probe", "target") => "서버의 IP 주소, 호스트 이름 또는 http:// / https:// URL",
                ("probe", "port") => "TCP 포트(기본값: URL의 포트, 없으면 Flask 기본 포트인 5000)",
                ("probe", "path") => "요청할 경로와 쿼리(기본값: URL의 경로, 없으면 /)",
                ("probe", "method") => "보낼 요청 종류",
                ("probe", "data") => "임의의 nonce가 든 기본 본문 대신 POST로 보낼 JSON 본문",
                ("probe", "count") => {
                    "전체 과정을 이 횟수(1-100)만큼 반복하고 최소 / 중앙값 / 최대를 보여 줍니다"
                }
                ("forward", "port") => "서버가 수신 대기하는 포트(내부 포트)",
                ("forward", "external_port") => "인터넷 쪽에서 접속할 포트(기본값: --port와 같음)",
                ("forward", "protocol") => "포워드할 프로토콜. HTTP 서버는 tcp만 있으면 됩니다",
                ("forward", "lease") => {
                    "공유기가 규칙을 유지하는 시간(1h, 30m). 0은 영구 규칙이며 --remove로만 삭제됩니다"
                }
                ("forward", "description") => {
                    "공유기에 표시될 규칙 설명(기본값: \"netcheck <포트>\")"
                }
                ("forward", "method") => {
                    "auto는 UPnP, NAT-PMP, PCP를 동시에 시도해 먼저 성공한 것을 씁니다. manual은 관리 페이지 안내만 보여 줍니다"
                }
                ("forward", "internal_ip") => {
                    "포워드할 내부 IP(기본값: 공유기 쪽 인터페이스에 있는 이 컴퓨터의 주소). UPnP에서만 쓸 수 있습니다"
                }
                ("forward", "list") => "공유기의 UPnP 포트포워드 목록을 보여 줍니다",
                ("forward", "remove") => "--port(또는 --external-port)의 포트포워드를 삭제합니다",
                ("forward", "keep") => {
                    "포그라운드에서 계속 실행합니다: 규칙을 갱신하고, 공유기가 재시작되어 규칙이 사라지면 다시 만들고, Ctrl+C를 누르면 삭제합니다"
                }
                ("forward", "ipv6") => {
                    "IPv6: 이 컴퓨터의 고정 글로벌 IPv6 주소로 공유기 방화벽에 핀홀을 엽니다(UPnP IGDv2 또는 PCP). --list / --remove와 함께 쓰면 netcheck가 기록한 핀홀을 다룹니다"
                }
                ("doctor", "port") => "서버가 수신 대기하는 포트",
                ("doctor", "forward") => {
                    "포트포워드도 만듭니다(UPnP / NAT-PMP / PCP). 이 옵션이 없으면 doctor는 아무것도 바꾸지 않습니다"
                }
                ("doctor", "lease") => "--forward로 만든 규칙의 유지 시간",
                ("serve", "udp") => {
                    "같은 번호의 UDP 포트로 오는 반사 서버의 UDP 점검에도 응답합니다(netcheck의 nonce 데이터그램만 되돌려 보내며, 받은 것보다 많은 바이트는 보내지 않음)"
                }
                ("probe", "from") => {
                    "여기서 접속하는 대신 이 외부 확인 서버에 포트 점검을 요청합니다(여러 번 지정 가능): netcheck reflector 주소(http://HOST:PORT) 또는 echoip:URL. 여기에는 NETCHECK_VANTAGES가 적용되지 않습니다"
                }
                ("probe", "udp") => {
                    "--from과 함께: UDP 점검을 요청합니다(서버에서 `netcheck serve --udp`가 실행 중이어야 함)"
                }
                ("doctor", "from") => {
                    "이 외부 확인 서버에 되돌아 접속을 요청합니다(여러 번 지정 가능): netcheck reflector 주소(http://HOST:PORT, https://HOST) 또는 echoip 호환 점검기(echoip:https://HOST). 지정하지 않으면 NETCHECK_VANTAGES(쉼표로 구분)를, 그것도 없으면 기본 공개 서버를 씁니다"
                }
                ("doctor", "no_outside") => {
                    "외부 확인 서버에 아무것도 요청하지 않습니다. 접속 확인을 위해 네트워크 밖으로 아무것도 보내지 않습니다"
                }
                ("reflector", "port") => "수신 대기할 TCP 포트(1-65535)",
                ("reflector", "bind") => {
                    "이 주소에서만 수신 대기합니다(기본값: 모든 IPv4·IPv6 주소)"
                }
                ("reflector", "checks_per_minute") => {
                    "출발지 주소 하나가 1분에 요청할 수 있는 점검 수(토큰 버킷). 넘으면 HTTP 429와 Retry-After로 응답합니다"
                }
                ("reflector", "max_checks") => {
                    "동시에 실행할 최대 점검 수. 넘으면 HTTP 503과 Retry-After로 응답합니다"
                }
                ("reflector", "connect_timeout") => {
                    "되돌아 접속(TCP 연결, UDP 에코)에 허용하는 시간. HTTP 교환에도 같은 시간을 한 번 더 줍니다"
                }
                ("reflector", "max_connections") => {
                    "동시에 받을 최대 연결 수. 넘치면 연결 하나가 끝날 때까지 기다리게 합니다"
                }
                ("reflector", "request_timeout") => {
                    "클라이언트가 요청 헤더를, 그다음 본문을 보내야 하는 제한 시간"
                }
                ("reflector", "trust_proxy") => {
                    "리버스 프록시 뒤에서 실행할 때: 이 주소에서 온 X-Forwarded-For만 믿습니다(여러 번 지정 가능). 지정하지 않으면 이 헤더를 무시합니다"
                }
                ("reflector", "tls_cert") => {
                    "이 인증서 체인(PEM, --tls-key와 함께)으로 HTTPS를 제공합니다. 확인 서버를 https://로 지정할 수 있게 됩니다"
                }
                ("reflector", "tls_key") => {
                    "--tls-cert 인증서의 개인 키(PEM: PKCS#8, PKCS#1, SEC1)"
                }
                ("nat", "stun") => {
                    "시험에 쓸 STUN 서버(여러 번 지정 가능): stun:HOST:PORT. RFC 5780을 지원하는(주소가 두 개인) 서버를 쓰세요. 두 곳 이상이면 목적지에 따라 매핑이 바뀌는지도 보여 줍니다. 지정하지 않으면 NETCHECK_STUN(쉼표로 구분)을, 그것도 없으면 기본 공개 서버 목록을 씁니다"
                }
                ("nat", "hairpin") => {
                    "헤어핀(NAT 루프백)도 시험합니다: 이 네트워크의 외부 IP로 보낸 패킷이 되돌아오는지"
                }
                ("nat", "lifetime") => {
                    "유휴 상태의 UDP 매핑이 얼마나 유지되는지도 잽니다(최대 2분 걸림)"
                }
                ("nat", "ipv4") => "IPv4만 시험합니다",
                ("nat", "ipv6") => "IPv6만 시험합니다",
                ("completions", "shell") => "자동 완성 스크립트를 만들 셸",
                ("man", "command") => "이 명령의 man 페이지를 출력합니다(기본값: netcheck 전체)",
                ("man", "out_dir") => {
                    "표준 출력 대신 이 디렉터리에 모든 페이지(netcheck.1, netcheck-<명령>.1)를 씁니다"
                }
                ("help", "subcommand") => "도움말을 볼 명령",
                _ => return None,
            })
        }
        fn cli_value_name(&self, name: &str) -> String {
            match name {
                "TARGET" => "대상".to_string(),
                "COMMAND" => "명령".to_string(),
                "SHELL" => "셸".to_string(),
                _ => name.to_string(),
            }
        }
    }
}

mod shared {
    use super::Ko;
    use crate::i18n::parts::*;
    use crate::net::addr::AddressKind;

    impl SharedText for Ko {
        fn error_prefix(&self) -> &'static str {
            "오류"
        }
        fn hint_prefix(&self) -> &'static str {
            "힌트"
        }
        fn warning(&self) -> &'static str {
            "주의"
        }
        fn none(&self) -> &'static str {
            "없음"
        }
        fn unknown(&self) -> &'static str {
            "알 수 없음"
        }
        fn could_not_run(&self, detail: &str) -> String {
            format!("실행할 수 없습니다: {detail}")
        }
        fn address_kind(&self, k: AddressKind) -> &'static str {
            use AddressKind::*;
            match k {
                Private => "사설 IP",
                Cgnat => "통신사 CGNAT 대역",
                Public => "공인 IP",
                Global => "공인(글로벌)",
                Ula => "고유 로컬(ULA)",
                LinkLocal => "링크 로컬",
                Loopback => "루프백",
                Unspecified => "미지정",
                Multicast => "멀티캐스트",
                Reserved => "예약 대역",
            }
        }
        fn address_meaning(&self, k: AddressKind) -> &'static str {
            use AddressKind::*;
            match k {
                Private => {
                    "사설 IP(RFC 1918)입니다. 같은 공유기에 연결된 기기만 이 주소로 접속할 수 있습니다. 외부에서는 공유기의 외부 IP로 접속하므로, 공유기에서 이 내부 IP로 포트포워드를 설정해야 합니다."
                }
                Cgnat => {
                    "통신사 CGNAT 대역(100.64.0.0/10) 주소입니다. 통신사가 외부 IP(공인 IP) 하나를 여러 가입자가 나눠 쓰게 하므로 내 공유기의 포트포워드만으로는 외부에서 접속할 수 없습니다. 통신사에 공인 IP 할당을 문의하거나 IPv6 또는 터널을 사용하세요."
                }
                Public | Global => {
                    "공인 IP입니다. 이 컴퓨터가 인터넷에 직접 연결되어 있어 포트포워드는 필요 없지만, 방화벽이 들어오는 연결을 막을 수 있습니다."
                }
                LinkLocal => {
                    "링크 로컬 주소(169.254.x.x)입니다. 공유기의 DHCP 서버에서 주소를 받지 못해 정상적인 네트워크 주소가 없습니다. 케이블이나 Wi-Fi 연결과 공유기 상태를 확인하세요."
                }
                _ => "LAN에서 흔치 않은 주소입니다. 다른 기기에서 접속하지 못할 수 있습니다.",
            }
        }
        fn duration(&self, secs: u32) -> String {
            {
                let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
                let mut parts = Vec::new();
                if h > 0 {
                    parts.push(format!("{h}시간"));
                }
                if m > 0 {
                    parts.push(format!("{m}분"));
                }
                if s > 0 || parts.is_empty() {
                    parts.push(format!("{s}초"));
                }
                parts.join(" ")
            }
        }
        fn warning_message(&self, code: &str, message: &str) -> String {
            match code {
                "source_disagreed" => {
                    let n = message.split(' ').next().unwrap_or("?");
                    format!(
                        "확인 서비스 {n}곳이 다른 주소를 알려 왔습니다. 자세한 내용은 -v로 확인하세요"
                    )
                }
                _ => message.to_string(),
            }
        }
    }
}

mod nat {
    use super::Ko;
    use crate::i18n::parts::*;

    use crate::net::Family;
    use crate::net::nat_type::{Behaviour, P2p, PlayStation, Xbox};

    impl NatText for Ko {
        fn nat_testing(&self, n: usize) -> String {
            format!("STUN 서버 {n}곳으로 NAT 유형을 확인하는 중…")
        }
        fn nat_type_label(&self, f: Family) -> String {
            format!("NAT 유형 ({})", f.label())
        }
        fn nat_type_short(&self) -> &'static str {
            "NAT 유형"
        }
        fn nat_mapping_label(&self) -> &'static str {
            "매핑"
        }
        fn nat_filtering_label(&self) -> &'static str {
            "필터링"
        }
        fn nat_public_label(&self) -> &'static str {
            "외부 주소"
        }
        fn nat_port_label(&self) -> &'static str {
            "포트 유지"
        }
        fn nat_varies_label(&self) -> &'static str {
            "서버마다 달라짐"
        }
        fn nat_hairpin_label(&self) -> &'static str {
            "헤어핀(NAT 루프백)"
        }
        fn nat_lifetime_label(&self) -> &'static str {
            "유휴 매핑 유지 시간"
        }
        fn yes(&self) -> &'static str {
            "예"
        }
        fn no(&self) -> &'static str {
            "아니요"
        }
        fn nat_not_tested(&self, flag: &str) -> String {
            format!("확인 안 함 ({flag} 옵션으로 확인)")
        }
        fn nat_lifetime_value(&self, lo: Option<u64>, hi: Option<u64>) -> String {
            match (lo, hi) {
                (Some(lo), Some(hi)) => format!("{lo}초 이상 {hi}초 미만"),
                (Some(lo), None) => format!("{lo}초 이상 (시험이 끝날 때까지 유지됨)"),
                (None, Some(hi)) => format!("{hi}초 미만"),
                (None, None) => self.unknown().to_string(),
            }
        }
        fn no_nat_here(&self) -> &'static str {
            "없음: 이 컴퓨터가 공인 주소를 직접 가지고 있습니다"
        }
        fn behaviour(&self, b: Behaviour) -> &'static str {
            match b {
                Behaviour::EndpointIndependent => "엔드포인트 독립(EI)",
                Behaviour::AddressDependent => "주소 종속(AD)",
                Behaviour::AddressAndPortDependent => "주소·포트 종속(APD)",
            }
        }
        fn mapping_meaning(&self, b: Behaviour) -> &'static str {
            match b {
                Behaviour::EndpointIndependent => "어느 상대에게나 같은 외부 포트를 씁니다",
                _ => "상대마다 외부 포트가 바뀝니다",
            }
        }
        fn filtering_meaning(&self, b: Behaviour) -> &'static str {
            match b {
                Behaviour::EndpointIndependent => "열린 매핑으로는 누구든 들어올 수 있습니다",
                Behaviour::AddressDependent => "이 컴퓨터가 먼저 보낸 상대 IP만 들어올 수 있습니다",
                Behaviour::AddressAndPortDependent => {
                    "이 컴퓨터가 먼저 보낸 상대 IP와 포트만 들어올 수 있습니다"
                }
            }
        }
        fn p2p_word(&self, p: P2p) -> &'static str {
            match p {
                P2p::Easy => "쉬움",
                P2p::Medium => "보통",
                P2p::Hard => "어려움",
            }
        }
        fn xbox_word(&self, x: Xbox) -> &'static str {
            match x {
                Xbox::Open => "개방",
                Xbox::Moderate => "보통",
                Xbox::Strict => "엄격",
            }
        }
        fn playstation_word(&self, p: PlayStation) -> &'static str {
            match p {
                PlayStation::Type1 => "타입 1",
                PlayStation::Type2 => "타입 2",
                PlayStation::Type3 => "타입 3",
            }
        }
        fn p2p_meaning(&self, p: P2p) -> &'static str {
            match p {
                P2p::Easy => "게임, 음성 채팅, 영상 통화가 거의 모든 상대와 직접 연결됩니다.",
                P2p::Medium => {
                    "양쪽이 동시에 보내면(홀 펀칭) 직접 연결됩니다. 엄격 NAT 뒤의 상대와는 연결되지 않을 수 있습니다."
                }
                P2p::Hard => {
                    "대부분의 상대와 직접 연결되지 않습니다. 게임은 중계 서버를 거치거나(지연 증가) 아예 접속하지 못합니다."
                }
            }
        }
        fn nat_advice(&self, code: &str) -> &'static str {
            match code {
                "enable_upnp" => {
                    "공유기 관리 페이지에서 UPnP를 켜세요. 콘솔과 게임이 필요한 포트를 직접 엽니다."
                }
                "forward_port" => {
                    "또는 게임이 쓰는 UDP 포트를 이 기기로 포트포워드하세요 (netcheck forward --protocol udp --port 포트)."
                }
                "bridge_mode" => {
                    "통신사 모뎀 겸 공유기 뒤에 공유기를 또 쓰고 있다면(이중 NAT) 통신사 장비를 브리지 모드로 바꾸거나 통신사 고객센터에 공인 IP 할당을 문의하세요."
                }
                "open_firewall" => {
                    "NAT는 없지만 방화벽이 들어오는 트래픽을 거릅니다. 방화벽에서 게임의 UDP 포트를 허용하세요."
                }
                _ => "",
            }
        }
        fn nat_advice_heading(&self) -> &'static str {
            "해결 방법"
        }
        fn nat_inconclusive_heading(&self) -> &'static str {
            "판정 보류"
        }
        fn nat_reason(&self, code: &str) -> &'static str {
            match code {
                "no_answer" => "재전송 후에도 응답한 STUN 서버가 없습니다",
                "no_rfc5780_server" => {
                    "NAT 동작 시험(RFC 5780)을 지원하는 서버가 없어 '서버마다 달라짐'만 확인할 수 있습니다"
                }
                "mapping_test_unanswered" => {
                    "매핑 시험 하나가 재전송 후에도 응답을 받지 못했습니다"
                }
                "filtering_base_unanswered" => "필터링 시험의 첫 요청이 응답을 받지 못했습니다",
                "filtering_test_unanswered" => {
                    "패킷 손실인지 필터링인지 가릴 시간이 부족합니다 (--timeout 값을 늘리세요)"
                }
                "change_request_ignored" => {
                    "서버가 다른 주소에서 응답해 달라는 요청을 무시했습니다"
                }
                "wrong_origin" => "예상하지 못한 주소에서 응답이 왔습니다",
                "contradiction" => {
                    "시험 결과가 서로 맞지 않습니다 (NAT 동작이 일정하지 않거나 패킷이 손실됨)"
                }
                "lifetime_unmeasured" => "이 서버로는 매핑 유지 시간을 잴 수 없습니다",
                _ => "판정 보류",
            }
        }
        fn nat_servers_heading(&self) -> &'static str {
            "STUN 서버"
        }
        fn nat_server_rfc5780(&self, yes: bool) -> &'static str {
            if yes {
                "NAT 시험 지원(RFC 5780)"
            } else {
                "주소 확인만 지원"
            }
        }
        fn nat_server_error_detail(&self, detail: &str) -> String {
            format!("{} ({detail})", self.nat_server_error())
        }
        fn nat_server_error(&self) -> &'static str {
            "쓸 수 있는 응답 없음"
        }
        fn nat_none_answered_hint(&self) -> &'static str {
            "STUN 서버로 가는 UDP가 막혔을 수 있습니다. --stun stun:호스트:포트 로 다른 서버를 지정해 보세요."
        }
        fn nat_words_line(&self, p2p: &str, xbox: &str, playstation: &str) -> String {
            format!("P2P {p2p} · 엑스박스 {xbox} · 플레이스테이션 {playstation}")
        }
    }
}

mod pinhole {
    use super::Ko;
    use crate::i18n::parts::*;

    use crate::net::ipv6_pick::{Reason, Skip};
    use crate::portmap::pinhole::{PinholeError, RouterView};

    impl PinholeText for Ko {
        fn pinhole_opened(&self, method: &str) -> String {
            format!("IPv6 핀홀을 열었습니다 ({method})")
        }
        fn pinhole_not_opened(&self) -> &'static str {
            "공유기가 IPv6 핀홀을 열지 못했습니다"
        }
        fn pinhole_lease(&self, secs: u32) -> String {
            let s = self.duration(secs);
            format!("유지 시간 {s}")
        }
        fn label_address6(&self) -> &'static str {
            "IPv6 주소"
        }
        fn label_skipped(&self) -> &'static str {
            "제외한 주소"
        }
        fn label_record(&self) -> &'static str {
            "기록 파일"
        }
        fn reason(&self, r: Reason) -> &'static str {
            match r {
                Reason::Stable => {
                    "고정 글로벌 주소입니다(바뀌지 않으며, 공유기에 보내는 요청도 이 주소에서 나갑니다)"
                }
                Reason::ServerBound => "서버가 수신 대기 중인 주소입니다",
                Reason::FlagsUnknown => {
                    "글로벌 주소입니다(이 운영체제는 임시 주소인지 알려 주지 않습니다)"
                }
            }
        }
        fn skip(&self, s: Skip) -> &'static str {
            match s {
                Skip::Ula => "ULA, 집 안에서만 사용",
                Skip::LinkLocal => "링크 로컬",
                Skip::Temporary => "임시(개인정보 보호) 주소, 매일 바뀜",
                Skip::Deprecated => "만료 예정",
                Skip::Tentative => "아직 사용 불가(DAD)",
                Skip::NotGlobal => "글로벌 주소 아님",
                Skip::NotListening => "서버가 이 주소에서 수신 대기하지 않음",
            }
        }
        fn no_global_ipv6(&self) -> &'static str {
            "이 컴퓨터에는 글로벌 IPv6 주소가 없어서 열 것이 없습니다. 통신사나 공유기가 IPv6를 주지 않는 환경입니다(`netcheck public-ip -6`으로 확인하세요)."
        }
        fn only_temporary_ipv6(&self) -> &'static str {
            "이 컴퓨터에는 임시(개인정보 보호) IPv6 주소만 있습니다. 매일 바뀌므로 핀홀이 곧 쓸모없어집니다. 고정 주소(SLAAC 고정 주소나 DHCPv6 고정 할당)를 설정하세요."
        }
        fn bound_elsewhere_ipv6(&self) -> &'static str {
            "서버가 핀홀을 열 수 없는 IPv6 주소(임시, ULA, 링크 로컬)에서만 수신 대기합니다. :: 또는 고정 글로벌 주소에서 수신 대기하게 하세요."
        }
        fn pinhole_error(&self, e: &PinholeError) -> String {
            match e {
                PinholeError::NotAuthorized => "606 권한 없음: 공유기는 요청을 보낸 주소로만 핀홀을 열어 줍니다".into(),
                PinholeError::LowPort => "606 권한 없음: UPnP IGDv2는 1024 미만 포트를 열지 않습니다(PCP는 열 수 있습니다. 아니면 1024 이상 포트를 쓰세요)".into(),
                PinholeError::FirewallDisabled => "702 공유기의 IPv6 방화벽이 꺼져 있습니다: 외부 IPv6 접속이 이미 허용되어 있어 열 것이 없습니다".into(),
                PinholeError::InboundNotAllowed => "703 공유기가 외부에서 들어오는 핀홀을 금지합니다: 공유기의 IPv6 방화벽 설정에서 직접 포트를 허용하세요".into(),
                PinholeError::NoService => "공유기가 UPnP IGDv1만 지원해서 IPv6 방화벽 서비스가 없습니다".into(),
                PinholeError::NotFound => "응답 없음: 공유기에서 꺼져 있거나 지원하지 않습니다".into(),
                PinholeError::NoGateway6 => "이 컴퓨터에 IPv6 기본 게이트웨이가 없습니다".into(),
                PinholeError::NoSuchEntry => "공유기에 이 핀홀이 더 이상 없습니다".into(),
                PinholeError::Timeout => "공유기가 제때 응답하지 않았습니다".into(),
                PinholeError::Refused { why, words } => self.refusal_ko(why, words),
            }
        }
        fn manual_ipv6_firewall(
            &self,
            path: Option<&str>,
            addr: &str,
            port: u16,
            proto: &str,
        ) -> String {
            match path {
                Some(p) => format!(
                    "공유기 관리 페이지에서 직접 허용하세요: {p} — {addr}의 {proto} {port}번 포트로 들어오는 연결 허용"
                ),
                None => format!(
                    "공유기의 IPv6 방화벽 설정(보통 ‘방화벽’이나 ‘IPv6’ 메뉴)에서 {addr}의 {proto} {port}번 포트로 들어오는 연결을 직접 허용하세요"
                ),
            }
        }
        fn verify_ipv6_from_outside(&self, cmd: &str) -> String {
            format!("IPv6가 되는 다른 네트워크(예: LTE/5G 휴대폰)에서 확인: {cmd}")
        }
        fn pinhole_renew_note(&self, every: u32) -> String {
            let s = self.duration(every);
            format!(
                "핀홀은 유지 시간이 끝나면 닫힙니다. `--keep`을 쓰면 {s}마다 갱신하고 Ctrl+C를 누르면 닫습니다."
            )
        }
        fn record_problem(&self, detail: &str) -> String {
            format!("핀홀 기록 파일을 읽지 못했습니다({detail}). 새로 만듭니다")
        }
        fn record_no_dir(&self) -> &'static str {
            "상태 디렉터리가 없어(HOME 미설정) 핀홀을 기록하지 못합니다. --list와 --remove가 이 핀홀을 알 수 없습니다"
        }
        fn record_write_failed(&self, detail: &str) -> String {
            format!("핀홀 기록 파일을 쓰지 못했습니다: {detail}")
        }
        fn pinholes_heading(&self) -> &'static str {
            "netcheck가 연 IPv6 핀홀"
        }
        fn pinholes_empty(&self) -> &'static str {
            "기록된 핀홀이 없습니다(또는 모두 만료됨)"
        }
        fn pinhole_columns(&self) -> [&'static str; 6] {
            [
                "주소",
                "포트",
                "프로토콜",
                "방식",
                "남은 시간",
                "공유기 응답",
            ]
        }
        fn router_view(&self, v: RouterView) -> &'static str {
            match v {
                RouterView::Open => "열려 있음",
                RouterView::Gone => "없음",
                RouterView::NotAsked => "확인 불가(PCP는 조회 기능 없음)",
                RouterView::Unknown => "응답 없음",
            }
        }
        fn pinhole_removed(&self, addr: &str, port: u16, proto: &str) -> String {
            format!("IPv6 핀홀을 닫았습니다: [{addr}]:{port} {proto}")
        }
        fn pinhole_remove_none(&self, port: u16) -> String {
            format!("{port}번 포트로 기록된 IPv6 핀홀이 없어 닫을 것이 없습니다")
        }
        fn pinhole_remove_failed(&self) -> &'static str {
            "IPv6 핀홀을 닫지 못했습니다"
        }
        fn pinhole_keeping(&self, every: u32) -> String {
            let s = self.duration(every);
            format!(
                "핀홀을 유지합니다: {s}마다 갱신합니다. Ctrl+C를 누르면 핀홀을 닫고 종료합니다."
            )
        }
        fn pinhole_renewed(&self) -> &'static str {
            "핀홀 갱신"
        }
        fn pinhole_reopened(&self) -> &'static str {
            "핀홀이 사라져(공유기가 재시작된 듯합니다) 다시 열었습니다"
        }
        fn pinhole_stopping(&self) -> &'static str {
            "종료합니다: 핀홀을 닫습니다"
        }
        fn no_ipv6_natpmp(&self) -> &'static str {
            "NAT-PMP는 IPv6를 지원하지 않습니다. --ipv6에는 --method upnp, pcp 또는 auto를 쓰세요"
        }
        fn no_ipv6_external_port(&self) -> &'static str {
            "IPv6에는 포트 변환이 없습니다. --ipv6에서는 --external-port가 --port와 같아야 합니다"
        }
        fn ipv6_lease_range(&self) -> &'static str {
            "핀홀 유지 시간은 1초에서 24시간까지입니다(--lease)"
        }
        fn ipv6_internal_ip(&self) -> &'static str {
            "--internal-ip는 IPv4 주소입니다. --ipv6에서는 이 컴퓨터의 고정 IPv6 주소로 핀홀을 엽니다"
        }
        fn doctor_ipv6_row(&self, addr: &str, stable: bool, hole: &str) -> String {
            let kind = if stable { "고정" } else { "임시 주소만" };
            format!("글로벌 IPv6 {addr} ({kind}), {hole}")
        }
        fn doctor_hole_open(&self, port: u16, method: &str) -> String {
            format!("{port}번 포트 핀홀 열림({method})")
        }
        fn doctor_hole_firewall_off(&self) -> &'static str {
            "공유기의 IPv6 방화벽이 꺼져 있어 외부 IPv6 접속이 들어옵니다"
        }
        fn doctor_hole_closed(&self, port: u16) -> String {
            format!(
                "{port}번 포트 핀홀 없음: 공유기 방화벽이 외부 IPv6 접속을 막습니다(`netcheck forward --port {port} --ipv6` 실행)"
            )
        }
        fn doctor_hole_failed(&self, port: u16, why: &str) -> String {
            format!("{port}번 포트 핀홀을 열지 못했습니다: {why}")
        }
    }
}

mod probe {
    use super::Ko;
    use crate::i18n::parts::*;

    use crate::check::probe::{FailKind, Verdict};
    use crate::net::cause::{Cause, Failure};

    impl ProbeText for Ko {
        fn probe_heading(&self) -> &'static str {
            "netcheck probe"
        }
        fn probe_probing(&self, url: &str) -> String {
            format!("{url} 확인 중…")
        }
        fn probe_data_needs_post(&self) -> String {
            "--data는 POST로만 보냅니다. --method post 또는 --method both와 함께 쓰세요".to_string()
        }
        fn probe_label_tcp(&self) -> &'static str {
            "TCP 연결"
        }
        fn probe_spread(&self, n: u32, failures: u32, lo: f64, hi: f64) -> String {
            format!("{n}회, 실패 {failures}회, {lo:.2}–{hi:.2} ms")
        }
        fn probe_times(&self, ttfb: Option<String>, total: &str) -> String {
            match ttfb {
                Some(t) => format!("첫 바이트 {t} · 전체 {total}"),
                None => format!("전체 {total}"),
            }
        }
        fn probe_skipped(&self) -> &'static str {
            "시도하지 않음(앞 단계 실패)"
        }
        fn probe_echo_verified(&self) -> &'static str {
            "에코 확인됨(보낸 본문과 nonce를 netcheck serve가 그대로 돌려줌)"
        }
        fn probe_echo_not_checked(&self) -> &'static str {
            "에코 확인 안 함(netcheck serve가 아님)"
        }
        fn probe_fail(&self, kind: FailKind, detail: &str, cause: Option<&Cause>) -> String {
            use FailKind::*;
            let label = match kind {
                Dns => "이름을 찾을 수 없음",
                Refused => "연결 거부됨",
                Timeout => "응답 없음(시간 초과)",
                Reset => "연결이 강제로 끊김(RST)",
                NoRoute => "경로 없음",
                Tls => "TLS 실패",
                NotHttp => "HTTP 응답이 아님",
                Closed => "응답 없이 연결 종료",
                HttpStatus => "오류 상태 코드",
                EchoMismatch => "에코 불일치",
                Skipped => return self.probe_skipped().to_string(),
                Other => "실패",
            };
            // The cause in Korean words; the OS's own words only for an
            // unknown cause. A timeout's own words add nothing to the label.
            if kind == Timeout {
                return label.to_string();
            }
            let f = Failure::new(cause.cloned().unwrap_or(Cause::Unknown), detail);
            self.failure(&f, label)
        }
        fn probe_verdict_label(&self) -> &'static str {
            "결과"
        }
        fn probe_verdict(&self, v: Verdict, port: u16) -> String {
            use Verdict::*;
            match v {
                Reachable => "접속 성공 — 서버가 모든 요청에 응답했습니다".to_string(),
                DnsError => "DNS 오류 — 호스트 이름을 주소로 바꿀 수 없습니다".to_string(),
                Refused => format!("연결 거부 — 상대 컴퓨터는 응답했지만 포트 {port}에서 수신 대기 중인 프로그램이 없습니다"),
                TimedOut => "시간 초과 — 응답이 없습니다. 중간에서 차단되었거나(필터링) 서버가 응답하지 않습니다".to_string(),
                Reset => "연결 끊김 — 응답을 받기 전에 연결이 끊겼습니다".to_string(),
                NoRoute => "경로 없음 — 이 컴퓨터에서 그 주소로 가는 경로가 없습니다".to_string(),
                TlsError => "TLS 오류 — 보안(https) 연결을 맺지 못했습니다".to_string(),
                NotHttp => format!("HTTP 아님 — 포트 {port}에서 무언가 응답하지만 웹 서버가 아닙니다"),
                HttpError => "HTTP 오류 — 서버에 접속은 되지만 오류 상태 코드로 응답했습니다".to_string(),
                EchoMismatch => "에코 불일치 — 서버가 응답했지만 보낸 본문이 바뀌어 돌아왔습니다".to_string(),
                Failed => "실패 — 위 단계를 확인하세요".to_string(),
            }
        }
        fn probe_listening_here(&self, port: u16) -> String {
            format!("이 컴퓨터에서 포트 {port} 수신 대기 주소")
        }
        fn probe_hint_refused(&self, port: u16) -> String {
            format!(
                "서버가 포트 {port}에서 실행 중인가요? 127.0.0.1이 아니라 모든 주소(0.0.0.0)에서 수신 대기하나요? Flask라면 `app.run(host=\"0.0.0.0\", port={port})` 형태로 실행하세요. `netcheck serve --port {port}` 명령으로 시험해 볼 수도 있습니다. 공유기를 거친다면 포트포워드가 올바른 내부 IP와 포트를 가리키는지 확인하세요."
            )
        }
        fn probe_hint_filtered(&self, port: u16, cgnat: bool) -> String {
            let extra_ko = if cgnat {
                " 이 주소는 통신사 CGNAT 대역(100.64.0.0/10)이라 공유기 설정과 관계없이 통신사 NAT에서 막힙니다."
            } else {
                ""
            };
            format!(
                "아무 응답도 돌아오지 않았습니다. 중간에서 패킷이 버려지고 있습니다. 흔한 원인: 공유기에 포트 {port}번 포트포워드 규칙이 없음(`netcheck forward --port {port}`), 서버나 공유기의 방화벽(Windows Defender 방화벽, macOS 방화벽, ufw), 통신사 CGNAT, 통신사의 포트 차단.{extra_ko}"
            )
        }
        fn probe_hint_no_answer(&self, port: u16) -> String {
            format!(
                "포트 {port} 연결은 됐지만 제시간에 HTTP 응답이 오지 않았습니다. 서버가 멈췄거나 바쁘거나, 다른 종류의 서비스에 연결되었을 수 있습니다. --timeout을 늘려 보세요."
            )
        }
        fn probe_hint_reset(&self) -> &'static str {
            "중간에서 연결이 끊겼습니다. 연결을 강제로 끊는 방화벽이나 통신사 필터 때문이거나, 서버가 곧바로 연결을 닫았을 수 있습니다(서버 오류로 종료했거나 이 클라이언트를 거부)."
        }
        fn probe_hint_no_route(&self) -> &'static str {
            "주소를 확인하고, 이 컴퓨터의 네트워크 연결을 확인하세요. `netcheck gateway`로 네트워크와 공유기를 볼 수 있습니다."
        }
        fn probe_hint_tls(&self) -> &'static str {
            "이 포트의 서버가 암호화 없는 HTTP일 수 있습니다(https:// 대신 http://로 시도하세요). 또는 인증서가 이 호스트 이름과 맞지 않을 수 있습니다. `netcheck serve`와 Flask 개발 서버는 일반 HTTP입니다."
        }
        fn probe_hint_not_http(&self, port: u16) -> String {
            format!(
                "이 포트({port})가 응답하지만 HTTP가 아닙니다. 다른 프로그램(SSH, 데이터베이스, 게임 서버)이 이 포트를 쓰거나, 포트포워드가 다른 기기나 포트를 가리키고 있을 수 있습니다."
            )
        }
        fn probe_hint_post_refused(&self, status: u16) -> String {
            format!(
                "네트워크 경로는 정상입니다. 서버가 POST 요청에 상태 코드 {status}(으)로 응답했습니다. 이 경로는 POST를 받지 않습니다. POST를 받는 경로를 --path로 지정하거나 --method get으로 확인하세요."
            )
        }
        fn probe_hint_http_status(&self, status: u16) -> String {
            format!(
                "네트워크 경로는 정상입니다. 서버가 상태 코드({status})로 응답했습니다. 문제는 네트워크가 아니라 서버 프로그램(잘못된 경로, 앱 오류)에 있습니다."
            )
        }
        fn probe_hint_echo(&self) -> &'static str {
            "이 컴퓨터와 서버 사이의 무언가가 요청 본문을 바꿨습니다. 프록시, 로그인 페이지(캡티브 포털), 필터 장비일 수 있습니다. 다른 네트워크에서 시도하세요."
        }
        fn probe_hint_dns(&self) -> &'static str {
            "이름의 철자를 확인하거나 IP 주소로 직접 확인하세요(서버 컴퓨터에서 `netcheck public-ip`로 확인)."
        }
        fn probe_hint_loopback_only(&self, port: u16, list: &str) -> String {
            format!(
                "이 컴퓨터의 서버가 {list}(포트 {port})에서만 수신 대기하므로 다른 기기는 접속할 수 없습니다. 모든 주소에서 수신 대기하게 하세요: Flask는 `app.run(host=\"0.0.0.0\", port={port})`, `netcheck serve`는 기본값으로 모든 주소에서 수신 대기합니다."
            )
        }
        fn probe_hint_nothing(&self, port: u16) -> String {
            format!(
                "이 컴퓨터에서 TCP 포트 {port}에서 수신 대기 중인 프로그램이 없습니다. 먼저 서버를 실행하세요(예: `netcheck serve --port {port}`)."
            )
        }
        fn probe_hint_elsewhere(&self, port: u16, list: &str) -> String {
            format!(
                "이 컴퓨터의 서버가 {list}의 포트 {port}에서만 수신 대기하고, 확인한 주소에서는 수신 대기하지 않습니다. 모든 주소(0.0.0.0)나 이 주소에서 수신 대기하게 하세요."
            )
        }
        fn probe_hint_listener_unknown(&self, port: u16) -> String {
            format!(
                "이 컴퓨터에서 포트 {port}을(를) 어느 주소에서 수신 대기하는지 알 수 없었습니다."
            )
        }
        fn probe_hint_hairpin(&self, ip: &str) -> String {
            format!(
                "이 컴퓨터는 NAT(공유기) 뒤에 있습니다. 이 주소({ip})가 이 네트워크의 외부 IP라면, 안에서 확인한 결과는 어느 쪽으로든 틀릴 수 있습니다. 많은 공유기가 자기 외부 IP로 되돌아오는 연결(헤어핀 NAT, NAT 루프백)을 지원하지 않고, 반대로 외부에서는 막혀 있어도 안에서는 될 수 있습니다. 휴대폰 핫스팟처럼 다른 네트워크에서 확인하세요."
            )
        }
        fn probe_hint_lan_only(&self) -> &'static str {
            "사설(내부) IP입니다. 같은 네트워크 안의 경로만 확인했습니다. 다른 네트워크에서는 외부 IP(`netcheck public-ip`)로 확인하세요. 그러려면 공유기의 포트포워드도 필요합니다."
        }
        fn probe_hint_not_netcheck(&self) -> &'static str {
            "서버가 `netcheck serve`가 아니어서 상태 코드만 확인했고 POST 본문 에코는 확인하지 않았습니다."
        }
        fn probe_hint_intermittent(&self) -> &'static str {
            "일부 시도는 성공하고 일부는 실패했습니다. 경로가 불안정합니다(서버 과부하, 회선 불안정, 요청 횟수 제한)."
        }
    }
}

mod public_ip {
    use super::Ko;
    use crate::i18n::parts::*;

    use crate::net::Family;

    impl PublicIpText for Ko {
        fn source_disagreed(&self, n: usize) -> String {
            format!("확인 서비스 {n}곳이 다른 주소를 알려 왔습니다. 자세한 내용은 -v로 확인하세요")
        }
        fn label_public(&self, f: Family) -> &'static str {
            match f {
                Family::Ipv4 => "외부 IP (IPv4)",
                Family::Ipv6 => "외부 IP (IPv6)",
            }
        }
        fn asking(&self, n: usize) -> String {
            format!("외부 IP 확인 서비스 {n}곳에 조회하는 중…")
        }
        fn finding_router(&self) -> &'static str {
            "공유기와 외부 IP를 확인하는 중…"
        }
        fn agreed(&self, n: usize) -> String {
            format!("확인 서비스 {n}곳 일치")
        }
        fn unconfirmed(&self) -> &'static str {
            "미확인: 한 곳만 응답함"
        }
        fn disagree(&self) -> &'static str {
            "확인 서비스마다 답이 달라 두 곳 이상 일치하는 주소가 없습니다"
        }
        fn no_answer(&self) -> &'static str {
            "쓸 수 있는 응답이 없습니다"
        }
        fn not_asked(&self) -> &'static str {
            "확인 안 함"
        }
        fn no_global_v6(&self) -> &'static str {
            "이 컴퓨터에 글로벌 IPv6 주소가 없습니다"
        }
        fn behind_nat(&self, lan: &str, public: &str) -> String {
            format!(
                "이 컴퓨터는 NAT(공유기) 뒤에 있습니다. 내부 IP({lan})와 외부 IP({public})가 다릅니다. 외부에서는 외부 IP로 접속하므로, 공유기에서 해당 포트를 이 컴퓨터의 내부 IP로 포트포워드해야 합니다(예: `netcheck forward --port 5000`)."
            )
        }
        fn no_nat(&self, public: &str) -> String {
            format!(
                "NAT 없음: 이 컴퓨터가 외부 IP({public})를 직접 갖고 있습니다. 포트포워드는 필요 없고, 방화벽 설정을 확인하세요."
            )
        }
        fn mapping_varies(&self, f: Family) -> String {
            let f = f.label();
            format!(
                "{f}: 같은 소켓에서 물었는데 STUN 서버마다 다른 공인 포트를 보았습니다. 목적지마다 매핑을 바꾸는 NAT(대칭형 NAT)라서 P2P 직접 연결이 어렵습니다. 자세한 내용은 `netcheck nat`으로 확인하세요."
            )
        }
        fn mapping_same(&self, f: Family) -> String {
            let f = f.label();
            format!(
                "{f}: 같은 소켓에서 물은 STUN 서버들이 모두 같은 공인 주소와 포트를 보았습니다. 목적지가 달라도 매핑이 바뀌지 않습니다."
            )
        }
        fn sources_heading(&self) -> &'static str {
            "확인 서비스"
        }
        fn disagreement_hint(&self) -> &'static str {
            "프록시, VPN 또는 고장 난 에코 서비스가 답했을 수 있습니다. 다시 시도하거나 --source로 믿을 수 있는 확인 서비스를 지정하세요"
        }
        fn no_answer_hint(&self) -> &'static str {
            "인터넷 연결을 확인하거나 --timeout 10s로 더 기다려 보세요. -v로 서비스별 오류를 볼 수 있습니다"
        }
        fn source_error(&self, e: &crate::net::sources::SourceError) -> String {
            use crate::net::sources::SourceError::*;
            match e {
                NotAnIp(s) => format!("IP 주소가 아님: {s}"),
                WrongFamily { asked, got } => format!(
                    "주소 체계가 다름: {} 주소를 요청했는데 {got} 주소가 왔음",
                    asked.label()
                ),
                PrivateAddress(ip) => format!("사설·예약 주소 {ip} (공인 IP 아님)"),
                TooLarge => "응답이 1 KiB를 넘음".into(),
                HttpStatus(code) => format!("HTTP 오류 {code}"),
                Late => "시간 안에 응답 없음".into(),
                Skipped => "불필요: 이미 두 곳이 일치함".into(),
                NoIpv6OnHost => self.no_global_v6().into(),
                NoAddressOfFamily(f) => format!("이 서비스에는 {} 주소가 없음", f.label()),
                Resolve(d) => self.failure(d, "DNS 조회 실패"),
                Connect(d) => self.failure(d, "연결 실패"),
                Tls(d) => self.failure(d, "TLS 오류"),
                Stun(d) => self.failure(d, "STUN 응답 오류"),
                Other(d) => self.failure(d, "실패"),
            }
        }
    }
}

mod reflector {
    use super::Ko;
    use crate::i18n::parts::*;
    use std::net::IpAddr;

    use crate::check::outside::VantageWhy;
    use crate::net::reflect::{Agreed, Said};
    use crate::proto::reflector::Proof;

    impl ReflectorText for Ko {
        fn reflector_listening(&self, api: &str, list: &str) -> String {
            format!("netcheck reflector(API {api}): {list}에서 수신 대기 중")
        }
        fn reflector_use_it(&self) -> &'static str {
            "집 네트워크에서 다음 명령으로 이 서버를 통해 외부 접속을 확인하세요:"
        }
        fn reflector_this_address(&self) -> &'static str {
            "이-서버의-주소"
        }
        fn reflector_limits(
            &self,
            per_minute: u32,
            ports: usize,
            checks: u32,
            connect_ms: u64,
        ) -> String {
            format!(
                "제한: 주소당 1분에 {per_minute}회, 한 번에 포트 최대 {ports}개, 동시 확인 {checks}건, 역접속 대기 {connect_ms}ms. 요청을 보낸 주소로만 접속합니다."
            )
        }
        fn reflector_trusts(&self, who: &str) -> String {
            format!("X-Forwarded-For 헤더는 다음 주소에서 온 것만 믿습니다: {who}")
        }
        fn outside_said(&self, s: Said) -> &'static str {
            match s {
                Said::Open => "열림",
                Said::OpenOther => "다른 것이 응답",
                Said::Refused => "연결 거부",
                Said::Filtered => "응답 없음(차단됨)",
                Said::Closed => "접속 안 됨",
                Said::RateLimited => "요청 한도 초과",
                Said::Down => "응답 없음(확인 서버 문제)",
                Said::Incompatible => "API 버전이 맞지 않음",
                Said::Error => "확인하지 못함",
            }
        }
        fn outside_proof(&self, p: Option<Proof>) -> &'static str {
            match p {
                Some(Proof::Nonce) => " (논스 확인)",
                Some(Proof::Fingerprint) => " (내부 응답과 일치)",
                None => "",
            }
        }
        fn outside_agreed(&self, a: Agreed, proven: bool, port: u16) -> String {
            match a {
                Agreed::Open if proven => {
                    format!("외부에서 포트 {port}에 접속되고, 이 컴퓨터의 서버가 응답했습니다")
                }
                Agreed::Open => format!(
                    "외부에서 포트 {port}에 접속됩니다(TCP 연결만 확인: 어느 서버가 응답했는지는 알 수 없음)"
                ),
                Agreed::OpenOther => format!(
                    "외부에서 포트 {port}에 접속되지만, 이 컴퓨터의 서버가 아닌 다른 것이 응답합니다"
                ),
                Agreed::Refused => format!("외부에서 포트 {port} 연결이 거부됩니다"),
                Agreed::Filtered => {
                    format!("외부에서 포트 {port}로 접속하면 아무 응답이 없습니다(차단됨)")
                }
                Agreed::Closed => format!("외부에서 포트 {port}에 접속되지 않습니다"),
                Agreed::Disagree => {
                    "확인 서버들의 결과가 서로 달라 어느 쪽도 믿지 않습니다".to_string()
                }
                Agreed::Unknown => "외부 확인 서버가 하나도 응답하지 않았습니다".to_string(),
                Agreed::NotAsked => "확인하지 않음(--no-outside)".to_string(),
            }
        }
        fn outside_heading(&self) -> &'static str {
            "외부에서 확인"
        }
        fn vantage_why(&self, why: Option<&VantageWhy>, words: &str) -> String {
            let Some(why) = why else {
                return words.to_string();
            };
            match why {
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
            }
        }
        fn outside_seen_as(&self, seen: IpAddr) -> String {
            format!(", 내 주소를 {seen}(으)로 확인")
        }
        fn outside_contradicts(&self) -> &'static str {
            " [다른 확인 서버와 다름]"
        }
        fn outside_confirmed_by(&self, n: usize, of: usize, list: &str) -> String {
            format!(" — 확인 서버 {of}곳 중 {n}곳 일치: {list}")
        }
        fn outside_not_counted(&self, list: &str) -> String {
            format!("; 제외: {list}")
        }
    }
}

mod serve {
    use super::Ko;
    use crate::i18n::parts::*;

    use std::net::{IpAddr, SocketAddr};

    impl ServeText for Ko {
        fn serve_listening(&self, port: u16, where_: &str) -> String {
            format!("netcheck serve: 포트 {port}에서 수신 대기 중 ({where_})")
        }
        fn serve_all_addresses(&self, ipv6: bool) -> &'static str {
            if ipv6 {
                "모든 IPv4·IPv6 주소"
            } else {
                "모든 IPv4 주소, IPv6는 사용할 수 없음"
            }
        }
        fn serve_all_ipv4(&self) -> &'static str {
            "모든 IPv4 주소"
        }
        fn serve_label_local(&self) -> &'static str {
            "이 컴퓨터"
        }
        fn serve_label_lan(&self) -> &'static str {
            "같은 공유기(LAN)"
        }
        fn serve_label_public(&self) -> &'static str {
            "외부 네트워크"
        }
        fn serve_public_unknown(&self) -> &'static str {
            "외부 IP를 찾지 못함"
        }
        fn serve_try_here(&self) -> &'static str {
            "이 컴퓨터에서만 접속할 수 있습니다. 다음 명령으로 확인하세요:"
        }
        fn serve_try_from_other(&self, public_known: bool) -> &'static str {
            if public_known {
                "다른 네트워크(예: 휴대폰 핫스팟)에 연결된 컴퓨터에서 실행하세요:"
            } else {
                "같은 공유기에 연결된 다른 기기에서 실행하세요:"
            }
        }
        fn serve_needs_forward(&self, public: &str, lan: &str, port: u16) -> String {
            format!(
                "외부 네트워크에서는 공유기의 포트포워드를 거쳐야만 접속됩니다: 외부 포트 {port} → {lan}:{port} (`netcheck forward --port {port}`). 같은 네트워크 안에서 외부 IP({public})로 시험하면 결과가 틀릴 수 있으니(헤어핀 NAT, NAT 루프백) 다른 네트워크에서 시험하세요."
            )
        }
        fn serve_limits(&self, body_kib: usize, conns: usize, timeout_ms: u64) -> String {
            let secs = timeout_ms as f64 / 1000.0;
            format!(
                "제한: 본문 {body_kib} KiB · 동시 연결 {conns}개 · 요청당 {secs}초. 요청 기록은 stderr에 출력됩니다. 끝내려면 Ctrl+C를 누르세요."
            )
        }
        fn serve_looking_up(&self) -> String {
            "외부 IP 확인 중…".to_string()
        }
        fn serve_warn_loopback(&self, ip: &str) -> String {
            format!(
                "{ip}에서만 수신 대기하므로 다른 기기는 접속할 수 없습니다. 모든 주소에서 받으려면 --bind를 빼고 실행하세요."
            )
        }
        fn serve_warn_no_public(&self) -> &'static str {
            "외부 IP를 찾지 못해 내부 주소만 표시합니다. 이유는 `netcheck public-ip`로 확인하세요."
        }
        fn serve_port_in_use(&self, addr: SocketAddr) -> String {
            let port = addr.port();
            format!(
                "포트 {port}번은 이미 사용 중입니다({}). 다른 프로그램이 이 포트에서 수신 대기하고 있습니다",
                addr.ip()
            )
        }
        fn serve_port_in_use_hint(&self, port: u16) -> String {
            let next = port.checked_add(1).unwrap_or(port - 1);
            format!(
                "다른 서버(Flask 앱, 다른 netcheck serve, macOS에서는 AirPlay 수신 모드가 5000번 사용)를 끄거나 다른 포트를 쓰세요: --port {next}"
            )
        }
        fn serve_no_permission(&self, addr: SocketAddr) -> String {
            let port = addr.port();
            format!("포트 {port}에서 수신 대기할 권한이 없습니다({})", addr.ip())
        }
        fn serve_no_permission_hint(&self) -> &'static str {
            "Linux에서는 1024보다 작은 포트에 관리자(root) 권한이 필요합니다. --port 5000이나 --port 8080처럼 큰 번호를 쓰세요"
        }
        fn serve_not_local(&self, ip: IpAddr) -> String {
            format!("--bind {ip}: 이 컴퓨터의 주소가 아닙니다")
        }
        fn serve_not_local_hint(&self) -> &'static str {
            "모든 주소에서 받으려면 --bind를 빼세요. 이 컴퓨터의 내부 IP는 `netcheck gateway`로 확인할 수 있습니다"
        }
        fn serve_family_unsupported(&self, addr: SocketAddr) -> String {
            let family = if addr.is_ipv6() { "IPv6" } else { "IPv4" };
            format!(
                "{addr}에서 수신 대기할 수 없습니다: 이 컴퓨터에서는 {family} 주소를 쓸 수 없습니다"
            )
        }
        fn serve_stopped(&self) -> &'static str {
            "netcheck serve: 종료했습니다"
        }
        fn serve_at_capacity(&self, limit: usize) -> String {
            format!(
                "동시 연결 {limit}개가 모두 사용 중입니다. 새 접속은 기다립니다(--max-connections)"
            )
        }
        fn serve_accept_failed(&self, why: &str) -> String {
            format!("연결을 받지 못했습니다: {why}")
        }
        fn serve_log_dropped(&self, n: u64) -> String {
            format!("netcheck serve: 요청 기록 {n}줄을 건너뛰었습니다(stderr가 너무 느림)")
        }
    }
}

mod input {
    use super::Ko;
    use crate::i18n::parts::*;

    impl InputText for Ko {
        fn bad_input(&self, detail: &str) -> String {
            format!("입력값이 올바르지 않습니다: {}", korean_detail(detail))
        }
    }

    /// English phrase → Korean, applied in order (longer phrases first).
    const PHRASES: &[(&str, &str)] = &[
        (
            " (use http://…, https://… or stun:HOST:PORT)",
            " (http://…, https://…, stun:HOST:PORT 형식으로 쓰세요)",
        ),
        (
            ": NAT tests need a STUN server (use stun:HOST:PORT)",
            ": NAT 시험에는 STUN 서버가 필요합니다(stun:HOST:PORT 형식)",
        ),
        (" (use stun:HOST:PORT)", " (stun:HOST:PORT 형식으로 쓰세요)"),
        ("bad source ", "잘못된 확인 서비스 "),
        ("bad target ", "잘못된 대상 "),
        ("bad STUN server ", "잘못된 STUN 서버 "),
        ("unknown kind of source", "알 수 없는 형식"),
        ("expected HOST:PORT", "HOST:PORT 형식이어야 합니다"),
        (
            "missing or invalid host",
            "호스트가 없거나 올바르지 않습니다",
        ),
        (
            "no source given: --source / NETCHECK_SOURCES is empty",
            "확인 서비스가 없습니다: --source / NETCHECK_SOURCES가 비어 있습니다",
        ),
        (
            "NETCHECK_STUN is empty: give at least one stun:HOST:PORT",
            "NETCHECK_STUN이 비어 있습니다: stun:HOST:PORT를 하나 이상 지정하세요",
        ),
        ("' is not http or https", "'은(는) http나 https가 아닙니다"),
        ("scheme '", "스킴 '"),
        ("no host", "호스트가 없습니다"),
        (
            "' is not a port (1-65535)",
            "'은(는) 포트 번호(1-65535)가 아닙니다",
        ),
        (
            "' is not a valid IPv6 address",
            "'은(는) 올바른 IPv6 주소가 아닙니다",
        ),
        (
            "' is not a valid IPv4 address",
            "'은(는) 올바른 IPv4 주소가 아닙니다",
        ),
        (
            "' is not a valid host name (letters, digits, '-' and '.'; write other scripts in punycode)",
            "'은(는) 올바른 호스트 이름이 아닙니다(영문자, 숫자, '-', '.'만 쓸 수 있고 한글 도메인은 퓨니코드로 쓰세요)",
        ),
        (
            "' is not a duration (examples: 3s, 500ms, 1m, 1h)",
            "'은(는) 시간 값이 아닙니다(예: 3s, 500ms, 1m, 1h)",
        ),
        (
            "' is too long (at most 366 days)",
            "'이(가) 너무 깁니다(최대 366일)",
        ),
        (
            "' is zero: the timeout must be positive",
            "'이(가) 0입니다: 제한 시간은 0보다 커야 합니다",
        ),
        (
            "' is shorter than a second (use at least 1s, or 0 for a permanent mapping)",
            "'이(가) 1초보다 짧습니다(1s 이상을 쓰거나, 영구 규칙은 0)",
        ),
        ("lease '", "유지 시간 '"),
        ("bad host or port", "호스트나 포트가 올바르지 않습니다"),
        // The url crate's parse errors.
        ("empty host", "호스트가 비어 있습니다"),
        ("invalid port number", "포트 번호가 올바르지 않습니다"),
        (
            "invalid international domain name",
            "국제화 도메인 이름이 올바르지 않습니다",
        ),
        ("invalid IPv4 address", "IPv4 주소가 올바르지 않습니다"),
        ("invalid IPv6 address", "IPv6 주소가 올바르지 않습니다"),
        (
            "invalid domain character",
            "도메인에 쓸 수 없는 문자가 있습니다",
        ),
        ("relative URL without a base", "완전한 URL이 아닙니다"),
        (
            "the path contains spaces or control characters",
            "경로에 공백이나 제어 문자가 있습니다",
        ),
        (
            "contains spaces or control characters",
            "공백이나 제어 문자가 있습니다",
        ),
        (": too long", ": 너무 깁니다"),
        ("' is not an IPv4 address", "'은(는) IPv4 주소가 아닙니다"),
    ];

    fn korean_detail(detail: &str) -> String {
        let mut s = detail.to_string();
        for (en, ko) in PHRASES {
            s = s.replace(en, ko);
        }
        // "it says port 80, but --port says 81; give the port once"
        for what in ["port", "path"] {
            if let Some(rest) = s
                .find(&format!("it says {what} "))
                .map(|i| s[i..].to_string())
                && let Some((said, flag)) = rest
                    .strip_prefix(&format!("it says {what} "))
                    .and_then(|r| r.split_once(&format!(", but --{what} says ")))
                && let Some(flag) = flag.strip_suffix(&format!("; give the {what} once"))
            {
                let ko_what = if what == "port" { "포트" } else { "경로" };
                let ko = format!(
                    "주소에는 {ko_what} {said}, --{what}에는 {flag}(으)로 되어 있습니다. {ko_what}는 한 번만 지정하세요"
                );
                s = s.replace(&rest, &ko);
            }
        }
        s
    }
}
