//! Sentences of `netcheck serve`.

use super::{Lang, Tr};
use std::net::{IpAddr, SocketAddr};

impl Tr {
    // ---- serve ---------------------------------------------------------
    pub fn serve_listening(self, port: u16, where_: &str) -> String {
        say!(
            self.0,
            format!("netcheck serve: listening on port {port} ({where_})"),
            format!("netcheck serve: 포트 {port}에서 수신 대기 중 ({where_})")
        )
    }
    pub fn serve_all_addresses(self, ipv6: bool) -> &'static str {
        if ipv6 {
            say!(self.0, "all IPv4 and IPv6 addresses", "모든 IPv4·IPv6 주소")
        } else {
            say!(
                self.0,
                "all IPv4 addresses; IPv6 is not available",
                "모든 IPv4 주소, IPv6는 사용할 수 없음"
            )
        }
    }
    pub fn serve_all_ipv4(self) -> &'static str {
        say!(self.0, "all IPv4 addresses", "모든 IPv4 주소")
    }
    pub fn serve_label_local(self) -> &'static str {
        say!(self.0, "This machine", "이 컴퓨터")
    }
    pub fn serve_label_lan(self) -> &'static str {
        say!(self.0, "Same network", "같은 공유기(LAN)")
    }
    pub fn serve_label_public(self) -> &'static str {
        say!(self.0, "Other networks", "외부 네트워크")
    }
    pub fn serve_public_unknown(self) -> &'static str {
        say!(self.0, "public IP not found", "외부 IP를 찾지 못함")
    }
    pub fn serve_try_here(self) -> &'static str {
        say!(
            self.0,
            "Only this machine can connect. Test it with:",
            "이 컴퓨터에서만 접속할 수 있습니다. 다음 명령으로 확인하세요:"
        )
    }
    pub fn serve_try_from_other(self, public_known: bool) -> &'static str {
        if public_known {
            say!(
                self.0,
                "From another network (for example a phone hotspot), run:",
                "다른 네트워크(예: 휴대폰 핫스팟)에 연결된 컴퓨터에서 실행하세요:"
            )
        } else {
            say!(
                self.0,
                "From another device on this network, run:",
                "같은 공유기에 연결된 다른 기기에서 실행하세요:"
            )
        }
    }
    pub fn serve_needs_forward(self, public: &str, lan: &str, port: u16) -> String {
        say!(
            self.0,
            format!(
                "Other networks reach this server only through a port forward on the router: public port {port} → {lan}:{port} (`netcheck forward --port {port}`). Testing {public} from inside this network can mislead (hairpin NAT): test from another network."
            ),
            format!(
                "외부 네트워크에서는 공유기의 포트포워드를 거쳐야만 접속됩니다: 외부 포트 {port} → {lan}:{port} (`netcheck forward --port {port}`). 같은 네트워크 안에서 외부 IP({public})로 시험하면 결과가 틀릴 수 있으니(헤어핀 NAT, NAT 루프백) 다른 네트워크에서 시험하세요."
            )
        )
    }
    pub fn serve_limits(self, body_kib: usize, conns: usize, timeout_ms: u64) -> String {
        let secs = timeout_ms as f64 / 1000.0;
        say!(
            self.0,
            format!(
                "Limits: body {body_kib} KiB · {conns} connections · {secs} s per request. Requests are logged on stderr. Press Ctrl+C to stop."
            ),
            format!(
                "제한: 본문 {body_kib} KiB · 동시 연결 {conns}개 · 요청당 {secs}초. 요청 기록은 stderr에 출력됩니다. 끝내려면 Ctrl+C를 누르세요."
            )
        )
    }
    pub fn serve_looking_up(self) -> String {
        say!(
            self.0,
            "looking up the public IP…".to_string(),
            "외부 IP 확인 중…".to_string()
        )
    }
    pub fn serve_warn_loopback(self, ip: &str) -> String {
        say!(
            self.0,
            format!(
                "Listening on {ip} only: other machines cannot connect. Leave out --bind to listen on all addresses."
            ),
            format!(
                "{ip}에서만 수신 대기하므로 다른 기기는 접속할 수 없습니다. 모든 주소에서 받으려면 --bind를 빼고 실행하세요."
            )
        )
    }
    pub fn serve_warn_no_public(self) -> &'static str {
        say!(
            self.0,
            "The public IP could not be found, so only the LAN address is shown. `netcheck public-ip` tells why.",
            "외부 IP를 찾지 못해 내부 주소만 표시합니다. 이유는 `netcheck public-ip`로 확인하세요."
        )
    }
    pub fn serve_port_in_use(self, addr: SocketAddr) -> String {
        let port = addr.port();
        say!(
            self.0,
            format!(
                "port {port} is already in use on {}: another server is listening there",
                addr.ip()
            ),
            format!(
                "포트 {port}번은 이미 사용 중입니다({}). 다른 프로그램이 이 포트에서 수신 대기하고 있습니다",
                addr.ip()
            )
        )
    }
    pub fn serve_port_in_use_hint(self, port: u16) -> String {
        let next = port.checked_add(1).unwrap_or(port - 1);
        say!(
            self.0,
            format!(
                "stop the other server (a Flask app, another netcheck serve; on macOS AirPlay Receiver uses 5000), or use another port: --port {next}"
            ),
            format!(
                "다른 서버(Flask 앱, 다른 netcheck serve, macOS에서는 AirPlay 수신 모드가 5000번 사용)를 끄거나 다른 포트를 쓰세요: --port {next}"
            )
        )
    }
    pub fn serve_no_permission(self, addr: SocketAddr) -> String {
        let port = addr.port();
        say!(
            self.0,
            format!("no permission to listen on port {port} ({})", addr.ip()),
            format!("포트 {port}에서 수신 대기할 권한이 없습니다({})", addr.ip())
        )
    }
    pub fn serve_no_permission_hint(self) -> &'static str {
        say!(
            self.0,
            "ports below 1024 need root / administrator rights; use a higher port, e.g. --port 5000 or --port 8080",
            "Linux에서는 1024보다 작은 포트에 관리자(root) 권한이 필요합니다. --port 5000이나 --port 8080처럼 큰 번호를 쓰세요"
        )
    }
    pub fn serve_not_local(self, ip: IpAddr) -> String {
        say!(
            self.0,
            format!("--bind {ip}: this address does not belong to this machine"),
            format!("--bind {ip}: 이 컴퓨터의 주소가 아닙니다")
        )
    }
    pub fn serve_not_local_hint(self) -> &'static str {
        say!(
            self.0,
            "leave out --bind to listen on all addresses; `netcheck gateway` shows this machine's LAN address",
            "모든 주소에서 받으려면 --bind를 빼세요. 이 컴퓨터의 내부 IP는 `netcheck gateway`로 확인할 수 있습니다"
        )
    }
    pub fn serve_family_unsupported(self, addr: SocketAddr) -> String {
        let family = if addr.is_ipv6() { "IPv6" } else { "IPv4" };
        say!(
            self.0,
            format!("cannot listen on {addr}: {family} is not available on this machine"),
            format!(
                "{addr}에서 수신 대기할 수 없습니다: 이 컴퓨터에서는 {family} 주소를 쓸 수 없습니다"
            )
        )
    }
    pub fn serve_stopped(self) -> &'static str {
        say!(
            self.0,
            "netcheck serve: stopped",
            "netcheck serve: 종료했습니다"
        )
    }
    pub fn serve_at_capacity(self, limit: usize) -> String {
        say!(
            self.0,
            format!("all {limit} connection slots are busy: new clients wait (--max-connections)"),
            format!(
                "동시 연결 {limit}개가 모두 사용 중입니다. 새 접속은 기다립니다(--max-connections)"
            )
        )
    }
    pub fn serve_accept_failed(self, why: &str) -> String {
        say!(
            self.0,
            format!("could not accept a connection: {why}"),
            format!("연결을 받지 못했습니다: {why}")
        )
    }
    pub fn serve_log_dropped(self, n: u64) -> String {
        say!(
            self.0,
            format!("netcheck serve: {n} log lines were dropped (stderr was too slow)"),
            format!("netcheck serve: 요청 기록 {n}줄을 건너뛰었습니다(stderr가 너무 느림)")
        )
    }
}
