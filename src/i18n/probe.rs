//! Sentences of `netcheck probe`.

use super::{Lang, Tr};
use crate::check::probe::{FailKind, Verdict};
use crate::net::cause::{Cause, Failure};

impl Tr {
    // ---- probe ---------------------------------------------------------
    pub fn probe_heading(self) -> &'static str {
        say!(self.0, "netcheck probe", "netcheck probe")
    }
    pub fn probe_probing(self, url: &str) -> String {
        say!(self.0, format!("probing {url}…"), format!("{url} 확인 중…"))
    }
    pub fn probe_data_needs_post(self) -> String {
        say!(
            self.0,
            "--data is sent with POST only: use --method post or --method both".to_string(),
            "--data는 POST로만 보냅니다. --method post 또는 --method both와 함께 쓰세요"
                .to_string()
        )
    }
    pub fn probe_label_tcp(self) -> &'static str {
        say!(self.0, "TCP connect", "TCP 연결")
    }
    pub fn probe_spread(self, n: u32, failures: u32, lo: f64, hi: f64) -> String {
        say!(
            self.0,
            format!("{n} rounds, {failures} failed, {lo:.2}–{hi:.2} ms"),
            format!("{n}회, 실패 {failures}회, {lo:.2}–{hi:.2} ms")
        )
    }
    pub fn probe_times(self, ttfb: Option<String>, total: &str) -> String {
        match ttfb {
            Some(t) => say!(
                self.0,
                format!("first byte {t} · total {total}"),
                format!("첫 바이트 {t} · 전체 {total}")
            ),
            None => say!(self.0, format!("total {total}"), format!("전체 {total}")),
        }
    }
    pub fn probe_skipped(self) -> &'static str {
        say!(
            self.0,
            "not attempted (an earlier step failed)",
            "시도하지 않음(앞 단계 실패)"
        )
    }
    pub fn probe_echo_verified(self) -> &'static str {
        say!(
            self.0,
            "echo verified (netcheck serve sent back the same body and nonce)",
            "에코 확인됨(보낸 본문과 nonce를 netcheck serve가 그대로 돌려줌)"
        )
    }
    pub fn probe_echo_not_checked(self) -> &'static str {
        say!(
            self.0,
            "echo not checked (not netcheck serve)",
            "에코 확인 안 함(netcheck serve가 아님)"
        )
    }
    pub fn probe_fail(self, kind: FailKind, detail: &str, cause: Option<&Cause>) -> String {
        use FailKind::*;
        let label = match kind {
            Dns => say!(self.0, "name not found", "이름을 찾을 수 없음"),
            Refused => say!(self.0, "connection refused", "연결 거부됨"),
            Timeout => say!(self.0, "no answer (timed out)", "응답 없음(시간 초과)"),
            Reset => say!(self.0, "connection reset", "연결이 강제로 끊김(RST)"),
            NoRoute => say!(self.0, "no route to host", "경로 없음"),
            Tls => say!(self.0, "TLS failed", "TLS 실패"),
            NotHttp => say!(self.0, "not HTTP", "HTTP 응답이 아님"),
            Closed => say!(self.0, "closed without an answer", "응답 없이 연결 종료"),
            HttpStatus => say!(self.0, "error status", "오류 상태 코드"),
            EchoMismatch => say!(self.0, "echo differs", "에코 불일치"),
            Skipped => return self.probe_skipped().to_string(),
            Other => say!(self.0, "failed", "실패"),
        };
        // Korean: the cause in Korean words; the OS's own words only for an
        // unknown cause.
        if self.0 == Lang::Ko && kind != Timeout {
            let f = Failure::new(cause.cloned().unwrap_or(Cause::Unknown), detail);
            return self.failure(&f, label);
        }
        // A timeout's own words add nothing to the label.
        if kind == Timeout || detail.eq_ignore_ascii_case(label) {
            label.to_string()
        } else {
            format!("{label} ({detail})")
        }
    }
    pub fn probe_verdict_label(self) -> &'static str {
        say!(self.0, "Verdict", "결과")
    }
    pub fn probe_verdict(self, v: Verdict, port: u16) -> String {
        use Verdict::*;
        match v {
            Reachable => say!(
                self.0,
                "reachable — the server answered every request".to_string(),
                "접속 성공 — 서버가 모든 요청에 응답했습니다".to_string()
            ),
            DnsError => say!(
                self.0,
                "DNS error — the host name does not resolve".to_string(),
                "DNS 오류 — 호스트 이름을 주소로 바꿀 수 없습니다".to_string()
            ),
            Refused => say!(
                self.0,
                format!("refused — the host answered, but nothing listens on port {port}"),
                format!("연결 거부 — 상대 컴퓨터는 응답했지만 포트 {port}에서 수신 대기 중인 프로그램이 없습니다")
            ),
            TimedOut => say!(
                self.0,
                "timed out — no answer: the traffic is dropped on the way (filtered) or the server is silent".to_string(),
                "시간 초과 — 응답이 없습니다. 중간에서 차단되었거나(필터링) 서버가 응답하지 않습니다".to_string()
            ),
            Reset => say!(
                self.0,
                "reset — the connection was cut before an answer".to_string(),
                "연결 끊김 — 응답을 받기 전에 연결이 끊겼습니다".to_string()
            ),
            NoRoute => say!(
                self.0,
                "no route — this machine has no way to that address".to_string(),
                "경로 없음 — 이 컴퓨터에서 그 주소로 가는 경로가 없습니다".to_string()
            ),
            TlsError => say!(
                self.0,
                "TLS error — the secure (https) connection could not be set up".to_string(),
                "TLS 오류 — 보안(https) 연결을 맺지 못했습니다".to_string()
            ),
            NotHttp => say!(
                self.0,
                format!("not HTTP — something answers on port {port}, but it is not a web server"),
                format!("HTTP 아님 — 포트 {port}에서 무언가 응답하지만 웹 서버가 아닙니다")
            ),
            HttpError => say!(
                self.0,
                "HTTP error — the server is reachable, but answered with an error status".to_string(),
                "HTTP 오류 — 서버에 접속은 되지만 오류 상태 코드로 응답했습니다".to_string()
            ),
            EchoMismatch => say!(
                self.0,
                "echo mismatch — the server answered, but the body came back changed".to_string(),
                "에코 불일치 — 서버가 응답했지만 보낸 본문이 바뀌어 돌아왔습니다".to_string()
            ),
            Failed => say!(
                self.0,
                "failed — see the steps above".to_string(),
                "실패 — 위 단계를 확인하세요".to_string()
            ),
        }
    }
    pub fn probe_listening_here(self, port: u16) -> String {
        say!(
            self.0,
            format!("Listening on port {port} here"),
            format!("이 컴퓨터에서 포트 {port} 수신 대기 주소")
        )
    }

    // ---- probe hints ---------------------------------------------------
    pub fn probe_hint_refused(self, port: u16) -> String {
        say!(
            self.0,
            format!(
                "Is the server running, on port {port}? Is it listening on all addresses (0.0.0.0) rather than 127.0.0.1 only? Flask: app.run(host=\"0.0.0.0\", port={port}); or run `netcheck serve --port {port}`. Through a router: does the port forward point at the right LAN address and port?"
            ),
            format!(
                "서버가 포트 {port}에서 실행 중인가요? 127.0.0.1이 아니라 모든 주소(0.0.0.0)에서 수신 대기하나요? Flask라면 `app.run(host=\"0.0.0.0\", port={port})` 형태로 실행하세요. `netcheck serve --port {port}` 명령으로 시험해 볼 수도 있습니다. 공유기를 거친다면 포트포워드가 올바른 내부 IP와 포트를 가리키는지 확인하세요."
            )
        )
    }
    pub fn probe_hint_filtered(self, port: u16, cgnat: bool) -> String {
        let extra_en = if cgnat {
            " This address is in the carrier-grade NAT range (100.64.0.0/10): the ISP's NAT drops it whatever your router does."
        } else {
            ""
        };
        let extra_ko = if cgnat {
            " 이 주소는 통신사 CGNAT 대역(100.64.0.0/10)이라 공유기 설정과 관계없이 통신사 NAT에서 막힙니다."
        } else {
            ""
        };
        say!(
            self.0,
            format!(
                "Nothing came back: the packets are dropped on the way. Usual causes: no port forward for port {port} on the router (`netcheck forward --port {port}`), a firewall on the server (Windows Defender Firewall, macOS firewall, ufw) or on the router, carrier-grade NAT at the ISP, or an ISP block of the port.{extra_en}"
            ),
            format!(
                "아무 응답도 돌아오지 않았습니다. 중간에서 패킷이 버려지고 있습니다. 흔한 원인: 공유기에 포트 {port}번 포트포워드 규칙이 없음(`netcheck forward --port {port}`), 서버나 공유기의 방화벽(Windows Defender 방화벽, macOS 방화벽, ufw), 통신사 CGNAT, 통신사의 포트 차단.{extra_ko}"
            )
        )
    }
    pub fn probe_hint_no_answer(self, port: u16) -> String {
        say!(
            self.0,
            format!(
                "The connection to port {port} opened, but no HTTP answer came in time: the server is stuck or busy, or the port leads to another kind of service. Try a longer --timeout."
            ),
            format!(
                "포트 {port} 연결은 됐지만 제시간에 HTTP 응답이 오지 않았습니다. 서버가 멈췄거나 바쁘거나, 다른 종류의 서비스에 연결되었을 수 있습니다. --timeout을 늘려 보세요."
            )
        )
    }
    pub fn probe_hint_reset(self) -> &'static str {
        say!(
            self.0,
            "Something cut the connection: a firewall or an ISP filter that resets connections, or the server closing it at once (crashed, or refusing this client).",
            "중간에서 연결이 끊겼습니다. 연결을 강제로 끊는 방화벽이나 통신사 필터 때문이거나, 서버가 곧바로 연결을 닫았을 수 있습니다(서버 오류로 종료했거나 이 클라이언트를 거부)."
        )
    }
    pub fn probe_hint_no_route(self) -> &'static str {
        say!(
            self.0,
            "Check the address, and this machine's connection: `netcheck gateway` shows its network and router.",
            "주소를 확인하고, 이 컴퓨터의 네트워크 연결을 확인하세요. `netcheck gateway`로 네트워크와 공유기를 볼 수 있습니다."
        )
    }
    pub fn probe_hint_tls(self) -> &'static str {
        say!(
            self.0,
            "The server may speak plain HTTP on this port (try http:// instead of https://), or its certificate is not valid for this name. `netcheck serve` and Flask's development server speak plain HTTP.",
            "이 포트의 서버가 암호화 없는 HTTP일 수 있습니다(https:// 대신 http://로 시도하세요). 또는 인증서가 이 호스트 이름과 맞지 않을 수 있습니다. `netcheck serve`와 Flask 개발 서버는 일반 HTTP입니다."
        )
    }
    pub fn probe_hint_not_http(self, port: u16) -> String {
        say!(
            self.0,
            format!(
                "Port {port} answers, but not in HTTP: another program (SSH, a database, a game server) has this port, or the port forward points at the wrong device or port."
            ),
            format!(
                "이 포트({port})가 응답하지만 HTTP가 아닙니다. 다른 프로그램(SSH, 데이터베이스, 게임 서버)이 이 포트를 쓰거나, 포트포워드가 다른 기기나 포트를 가리키고 있을 수 있습니다."
            )
        )
    }
    pub fn probe_hint_post_refused(self, status: u16) -> String {
        say!(
            self.0,
            format!(
                "The network path works. The server answered POST with {status}: this path does not take POST. Give the path of your POST route (--path), or check with --method get."
            ),
            format!(
                "네트워크 경로는 정상입니다. 서버가 POST 요청에 상태 코드 {status}(으)로 응답했습니다. 이 경로는 POST를 받지 않습니다. POST를 받는 경로를 --path로 지정하거나 --method get으로 확인하세요."
            )
        )
    }
    pub fn probe_hint_http_status(self, status: u16) -> String {
        say!(
            self.0,
            format!(
                "The network path works: the server answered with {status}. The problem is in the server application (wrong path, an error in the app), not in the network."
            ),
            format!(
                "네트워크 경로는 정상입니다. 서버가 상태 코드({status})로 응답했습니다. 문제는 네트워크가 아니라 서버 프로그램(잘못된 경로, 앱 오류)에 있습니다."
            )
        )
    }
    pub fn probe_hint_echo(self) -> &'static str {
        say!(
            self.0,
            "Something between here and the server changed the request body: a proxy, a captive portal or a filtering middlebox. Try another network.",
            "이 컴퓨터와 서버 사이의 무언가가 요청 본문을 바꿨습니다. 프록시, 로그인 페이지(캡티브 포털), 필터 장비일 수 있습니다. 다른 네트워크에서 시도하세요."
        )
    }
    pub fn probe_hint_dns(self) -> &'static str {
        say!(
            self.0,
            "Check the spelling of the name, or probe the IP address directly (`netcheck public-ip` on the server's machine shows it).",
            "이름의 철자를 확인하거나 IP 주소로 직접 확인하세요(서버 컴퓨터에서 `netcheck public-ip`로 확인)."
        )
    }
    pub fn probe_hint_loopback_only(self, port: u16, list: &str) -> String {
        say!(
            self.0,
            format!(
                "The server here listens on {list} (port {port}) only, so other machines cannot connect. Make it listen on all addresses: Flask app.run(host=\"0.0.0.0\", port={port}); `netcheck serve` does so by default."
            ),
            format!(
                "이 컴퓨터의 서버가 {list}(포트 {port})에서만 수신 대기하므로 다른 기기는 접속할 수 없습니다. 모든 주소에서 수신 대기하게 하세요: Flask는 `app.run(host=\"0.0.0.0\", port={port})`, `netcheck serve`는 기본값으로 모든 주소에서 수신 대기합니다."
            )
        )
    }
    pub fn probe_hint_nothing(self, port: u16) -> String {
        say!(
            self.0,
            format!(
                "Nothing on this machine listens on TCP port {port}. Start the server first (for example `netcheck serve --port {port}`)."
            ),
            format!(
                "이 컴퓨터에서 TCP 포트 {port}에서 수신 대기 중인 프로그램이 없습니다. 먼저 서버를 실행하세요(예: `netcheck serve --port {port}`)."
            )
        )
    }
    pub fn probe_hint_elsewhere(self, port: u16, list: &str) -> String {
        say!(
            self.0,
            format!(
                "The server here listens on port {port} of {list} only, not on the address probed. Make it listen on all addresses (0.0.0.0) or on this one."
            ),
            format!(
                "이 컴퓨터의 서버가 {list}의 포트 {port}에서만 수신 대기하고, 확인한 주소에서는 수신 대기하지 않습니다. 모든 주소(0.0.0.0)나 이 주소에서 수신 대기하게 하세요."
            )
        )
    }
    pub fn probe_hint_listener_unknown(self, port: u16) -> String {
        say!(
            self.0,
            format!("Could not tell which addresses a server here listens on for port {port}."),
            format!(
                "이 컴퓨터에서 포트 {port}을(를) 어느 주소에서 수신 대기하는지 알 수 없었습니다."
            )
        )
    }
    pub fn probe_hint_hairpin(self, ip: &str) -> String {
        say!(
            self.0,
            format!(
                "This machine is behind NAT. If {ip} is this network's own public IP, the answer from inside can be wrong either way: many routers cannot loop back to their own public address (hairpin NAT), some can even when other networks cannot get in. Test from another network, e.g. a phone hotspot."
            ),
            format!(
                "이 컴퓨터는 NAT(공유기) 뒤에 있습니다. 이 주소({ip})가 이 네트워크의 외부 IP라면, 안에서 확인한 결과는 어느 쪽으로든 틀릴 수 있습니다. 많은 공유기가 자기 외부 IP로 되돌아오는 연결(헤어핀 NAT, NAT 루프백)을 지원하지 않고, 반대로 외부에서는 막혀 있어도 안에서는 될 수 있습니다. 휴대폰 핫스팟처럼 다른 네트워크에서 확인하세요."
            )
        )
    }
    pub fn probe_hint_lan_only(self) -> &'static str {
        say!(
            self.0,
            "This is a private (LAN) address: it shows only that the path inside this network works. From another network, probe the public IP (`netcheck public-ip`) — that also needs a port forward on the router.",
            "사설(내부) IP입니다. 같은 네트워크 안의 경로만 확인했습니다. 다른 네트워크에서는 외부 IP(`netcheck public-ip`)로 확인하세요. 그러려면 공유기의 포트포워드도 필요합니다."
        )
    }
    pub fn probe_hint_not_netcheck(self) -> &'static str {
        say!(
            self.0,
            "The server is not `netcheck serve`, so only status codes were checked, not the echo of the POST body.",
            "서버가 `netcheck serve`가 아니어서 상태 코드만 확인했고 POST 본문 에코는 확인하지 않았습니다."
        )
    }
    pub fn probe_hint_intermittent(self) -> &'static str {
        say!(
            self.0,
            "Some rounds worked and some failed: the path is unreliable (a busy server, a flaky link or a rate limit).",
            "일부 시도는 성공하고 일부는 실패했습니다. 경로가 불안정합니다(서버 과부하, 회선 불안정, 요청 횟수 제한)."
        )
    }
}
