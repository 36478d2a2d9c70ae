//! `--help`, usage errors, completions and man pages in the user's language.
//! English comes from the clap definitions in `cli.rs` (their doc comments);
//! every other language gives a line for every command and every argument
//! here, looked up by the command's name and the argument's id. A test walks
//! the whole command tree so a new flag without its Korean line fails.

use super::{Lang, Tr};

impl Tr {
    /// A command's one-line description; `cmd` is its name ("" for netcheck
    /// itself). `None` = keep clap's (English) text.
    pub fn cli_about(self, cmd: &str) -> Option<&'static str> {
        if self.0 == Lang::En {
            return None;
        }
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

    /// An argument's help line: `cmd` is the command's name ("" for the
    /// global options), `id` the argument's id (the field name in `cli.rs`).
    pub fn cli_arg_help(self, cmd: &str, id: &str) -> Option<&'static str> {
        if self.0 == Lang::En {
            return None;
        }
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
            ("forward", "description") => "공유기에 표시될 규칙 설명(기본값: \"netcheck <포트>\")",
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
            ("reflector", "bind") => "이 주소에서만 수신 대기합니다(기본값: 모든 IPv4·IPv6 주소)",
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
            ("reflector", "tls_key") => "--tls-cert 인증서의 개인 키(PEM: PKCS#8, PKCS#1, SEC1)",
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

    /// What a value placeholder means, for the usage line (`<TARGET>`).
    pub fn cli_value_name(self, name: &str) -> String {
        match (self.0, name) {
            (Lang::Ko, "TARGET") => "대상".to_string(),
            (Lang::Ko, "COMMAND") => "명령".to_string(),
            (Lang::Ko, "SHELL") => "셸".to_string(),
            _ => name.to_string(),
        }
    }

    pub fn cli_usage_heading(self) -> &'static str {
        say!(self.0, "Usage:", "사용법:")
    }
    pub fn cli_options_heading(self) -> &'static str {
        say!(self.0, "Options", "옵션")
    }
    pub fn cli_arguments_heading(self) -> &'static str {
        say!(self.0, "Arguments", "인자")
    }
    pub fn cli_commands_heading(self) -> &'static str {
        say!(self.0, "Commands", "명령")
    }
    pub fn cli_options_word(self) -> &'static str {
        say!(self.0, "[OPTIONS]", "[옵션]")
    }
    pub fn cli_default(self, v: &str) -> String {
        say!(self.0, format!("[default: {v}]"), format!("[기본값: {v}]"))
    }
    pub fn cli_possible(self, vs: &str) -> String {
        say!(
            self.0,
            format!("[possible values: {vs}]"),
            format!("[가능한 값: {vs}]")
        )
    }

    /// The exit-status table at the end of every `--help`.
    pub fn exit_help(self) -> &'static str {
        say!(
            self.0,
            crate::exit::EXIT_HELP,
            "종료 코드:
  0  점검 통과
  1  실행했고 문제를 찾음
  2  잘못된 사용법이나 입력값(메시지에 잘못된 값이 나옴)
  3  실행할 수 없음(쓸 수 있는 인터페이스 없음, 권한 없음)"
        )
    }

    pub fn man_no_such_command(self, name: &str) -> String {
        say!(
            self.0,
            format!("no such command: '{name}' (see netcheck --help)"),
            format!("그런 명령은 없습니다: '{name}' (netcheck --help 참고)")
        )
    }
    pub fn cannot_write_file(self, path: &str, why: std::io::ErrorKind) -> String {
        use std::io::ErrorKind as K;
        let (en, ko) = match why {
            K::NotFound => ("the directory does not exist", "디렉터리가 없음"),
            K::PermissionDenied => ("permission denied", "권한 없음"),
            _ => ("write failed", "쓰기 실패"),
        };
        say!(
            self.0,
            format!("cannot write {path}: {en}"),
            format!("파일을 쓸 수 없습니다: {path} ({ko})")
        )
    }

    // ---- the argument parser's errors, by kind -------------------------
    pub fn clap_invalid_value(self, arg: &str, value: &str) -> String {
        say!(
            self.0,
            format!("invalid value '{value}' for '{arg}'"),
            format!("{arg}에 쓸 수 없는 값입니다: '{value}'")
        )
    }
    pub fn clap_possible_values(self, vs: &str) -> String {
        say!(
            self.0,
            format!("possible values: {vs}"),
            format!("쓸 수 있는 값: {vs}")
        )
    }
    /// What a flag's value must look like, keyed by the long flag.
    pub fn clap_expected(self, flag: &str) -> Option<&'static str> {
        Some(match flag {
            "--port" | "-p" | "--external-port" => {
                say!(self.0, "a port, 1-65535", "1-65535 사이의 포트 번호")
            }
            "--lease" => say!(
                self.0,
                "whole seconds, at least 1s, such as 30m or 1h; 0 = permanent",
                "30m, 1h처럼 1초 이상의 초 단위 시간. 0은 영구"
            ),
            "--timeout" | "--request-timeout" => say!(
                self.0,
                "a duration such as 3s, 500ms, 1m or 1h",
                "3s, 500ms, 1m, 1h 같은 시간"
            ),
            "--internal-ip" => say!(
                self.0,
                "an IPv4 address such as 192.168.0.10",
                "192.168.0.10 같은 IPv4 주소"
            ),
            "--bind" => say!(
                self.0,
                "an IP address of this computer",
                "이 컴퓨터의 IP 주소"
            ),
            "--data" => say!(self.0, "valid JSON", "올바른 JSON"),
            "--count" | "-c" => say!(self.0, "a number, 1-100", "1-100 사이의 수"),
            "--max-connections" => say!(self.0, "a number, 1-65536", "1-65536 사이의 수"),
            _ => return None,
        })
    }
    pub fn clap_expected_line(self, what: &str) -> String {
        say!(
            self.0,
            format!("expected: {what}"),
            format!("넣을 값: {what}")
        )
    }
    pub fn clap_unknown_argument(self, arg: &str) -> String {
        say!(
            self.0,
            format!("unexpected argument '{arg}'"),
            format!("알 수 없는 옵션입니다: '{arg}'")
        )
    }
    pub fn clap_unknown_command(self, cmd: &str) -> String {
        say!(
            self.0,
            format!("unrecognized subcommand '{cmd}'"),
            format!("알 수 없는 명령입니다: '{cmd}'")
        )
    }
    pub fn clap_did_you_mean(self, s: &str) -> String {
        say!(
            self.0,
            format!("a similar one exists: '{s}'"),
            format!("비슷한 것: '{s}'")
        )
    }
    pub fn clap_missing(self, args: &str) -> String {
        say!(
            self.0,
            format!("the following required arguments were not provided: {args}"),
            format!("꼭 필요한 값이 빠졌습니다: {args}")
        )
    }
    pub fn clap_missing_command(self) -> &'static str {
        say!(self.0, "a command is required", "명령을 지정해야 합니다")
    }
    pub fn clap_conflict(self, a: &str, b: &str) -> String {
        say!(
            self.0,
            format!("'{a}' cannot be used with '{b}'"),
            format!("'{a}' 옵션은 '{b}' 옵션과 함께 쓸 수 없습니다")
        )
    }
    pub fn clap_once(self, arg: &str) -> String {
        say!(
            self.0,
            format!("'{arg}' can be given only once"),
            format!("'{arg}' 옵션은 한 번만 쓸 수 있습니다")
        )
    }
    pub fn clap_wrong_use(self, arg: &str) -> String {
        say!(
            self.0,
            format!("'{arg}' is used the wrong way"),
            format!("'{arg}' 옵션을 잘못 썼습니다")
        )
    }
    pub fn clap_not_utf8(self) -> &'static str {
        say!(
            self.0,
            "an argument is not valid UTF-8",
            "인자가 올바른 UTF-8이 아닙니다"
        )
    }
    pub fn clap_other(self) -> &'static str {
        say!(
            self.0,
            "the command line could not be understood",
            "명령줄을 해석할 수 없습니다"
        )
    }
    pub fn clap_more_info(self) -> &'static str {
        say!(
            self.0,
            "For more information, try '--help'.",
            "자세한 내용은 '--help'를 보세요."
        )
    }
}
