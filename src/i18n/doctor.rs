//! Sentences of `netcheck doctor`.

use super::{Lang, Tr};
use crate::check::doctor::{Step, Verdict};

impl Tr {
    pub fn doctor_title(self, port: u16) -> String {
        say!(
            self.0,
            format!("netcheck doctor — can others reach port {port} on this machine?"),
            format!(
                "netcheck doctor — 다른 네트워크에서 이 컴퓨터의 포트 {port}번에 접속할 수 있을까요?"
            )
        )
    }
    pub fn doctor_checking(self) -> &'static str {
        say!(self.0, "checking the network…", "네트워크 확인 중…")
    }
    pub fn check_label(self, id: &str) -> &'static str {
        match id {
            "network" => say!(self.0, "Network", "네트워크"),
            "public_ip" => say!(self.0, "Public IP", "외부 IP"),
            "ipv6" => "IPv6",
            "router" => say!(self.0, "Router", "공유기"),
            "nat" => "NAT",
            "nat_type" => say!(self.0, "NAT type", "NAT 유형"),
            "server" => say!(self.0, "Server", "서버"),
            "forward" => say!(self.0, "Port forward", "포트포워드"),
            "reach" => say!(self.0, "Reachability", "접속 확인"),
            "outside" => say!(self.0, "From outside", "외부에서 확인"),
            _ => "?",
        }
    }
    pub fn doctor_network(self, gw: &str, iface: &str, lan: &str) -> String {
        say!(
            self.0,
            format!("router {gw}, this machine {lan} on {iface}"),
            format!("공유기 {gw}, 이 컴퓨터 {lan} ({iface})")
        )
    }
    pub fn doctor_no_gateway(self) -> &'static str {
        say!(
            self.0,
            "no router: not connected to a network",
            "공유기 없음: 네트워크에 연결되어 있지 않습니다"
        )
    }
    pub fn doctor_public(self, ip: &str, votes: usize) -> String {
        say!(
            self.0,
            format!("{ip} ({votes} sources agree)"),
            format!("{ip} (확인 서비스 {votes}곳 일치)")
        )
    }
    pub fn doctor_public_unconfirmed(self, ip: &str) -> String {
        say!(
            self.0,
            format!("{ip} (unconfirmed: one source)"),
            format!("{ip} (미확인: 한 곳만 응답)")
        )
    }
    pub fn doctor_ipv6_global(self, ip: &str) -> String {
        say!(
            self.0,
            format!("{ip}: IPv6 needs no port forward, only a firewall opening"),
            format!("{ip}: IPv6는 포트포워드 없이 방화벽만 열면 됩니다")
        )
    }
    pub fn doctor_ipv6_none(self) -> &'static str {
        say!(self.0, "no global IPv6 address", "글로벌 IPv6 주소 없음")
    }
    pub fn doctor_router(self, methods: &str, name: &str, wan: &str) -> String {
        say!(
            self.0,
            format!("{methods}{name} · WAN {wan}"),
            format!("{methods}{name} · WAN {wan}")
        )
    }
    pub fn doctor_no_automation(self) -> &'static str {
        say!(
            self.0,
            "no UPnP, NAT-PMP or PCP answered: port forwarding must be set by hand",
            "UPnP, NAT-PMP, PCP 모두 응답 없음: 포트포워드를 직접 설정해야 합니다"
        )
    }
    pub fn doctor_listener(self, state: &str, addrs: &str) -> String {
        match state {
            "nothing" => say!(
                self.0,
                "nothing listens on this port".to_string(),
                "이 포트에서 수신 대기 중인 프로그램이 없습니다".to_string()
            ),
            "loopback_only" => say!(
                self.0,
                format!("listens only on {addrs}: other machines cannot connect"),
                format!("{addrs}에서만 수신 대기 중입니다: 다른 기기는 접속할 수 없습니다")
            ),
            "other_addresses" => say!(
                self.0,
                format!("listens only on {addrs}, not on the LAN address"),
                format!("내부 IP가 아닌 주소({addrs})에서만 수신 대기 중입니다")
            ),
            "unknown" => say!(
                self.0,
                "could not tell who listens".to_string(),
                "어떤 프로그램이 수신 대기 중인지 알 수 없습니다".to_string()
            ),
            _ => say!(
                self.0,
                format!("listening on {addrs}"),
                format!("{addrs}에서 수신 대기 중")
            ),
        }
    }
    pub fn doctor_mapping_present(self, ext: &str, lan: &str) -> String {
        say!(
            self.0,
            format!("the router forwards {ext} → {lan}"),
            format!("공유기가 {ext} → {lan} 으로 포트포워드하고 있습니다")
        )
    }
    pub fn doctor_mapping_missing(self, port: u16) -> String {
        say!(
            self.0,
            format!(
                "port {port} is not in the router's UPnP list — rules typed into its web page may not show here"
            ),
            format!(
                "UPnP 목록에 포트 {port}번 규칙이 없습니다(관리 페이지에서 직접 만든 규칙은 여기에 보이지 않을 수 있음)"
            )
        )
    }
    pub fn doctor_mapping_taken(self, holder: &str) -> String {
        say!(
            self.0,
            format!("the port is forwarded to another device: {holder}"),
            format!("이 포트는 다른 기기로 포트포워드되어 있습니다: {holder}")
        )
    }
    pub fn doctor_mapping_created(self, method: &str, lease: &str) -> String {
        say!(
            self.0,
            format!("created now with {method} ({lease})"),
            format!("지금 {method} 방식으로 만들었습니다 ({lease})")
        )
    }
    pub fn doctor_mapping_failed(self, why: &str) -> String {
        say!(
            self.0,
            format!("could not create it: {why}"),
            format!("만들지 못했습니다: {why}")
        )
    }
    pub fn doctor_mapping_unknown(self) -> &'static str {
        say!(
            self.0,
            "could not ask the router (no UPnP); run with --forward to create it",
            "공유기에 물어볼 수 없습니다(UPnP 없음). --forward로 만들 수 있습니다"
        )
    }
    pub fn doctor_reach(self, target: &str, verdict: &str) -> String {
        say!(
            self.0,
            format!(
                "{target} from this machine: {verdict} — from inside the LAN this proves little (hairpin NAT)"
            ),
            format!(
                "이 컴퓨터에서 {target}: {verdict} — 내부에서 확인한 결과라 정확하지 않을 수 있습니다(헤어핀 NAT, NAT 루프백)"
            )
        )
    }
    pub fn reach_word(self, r: crate::check::doctor::Reach) -> &'static str {
        use crate::check::doctor::Reach::*;
        match r {
            Reachable => say!(self.0, "answered", "응답함"),
            Refused => say!(self.0, "refused", "연결 거부"),
            TimedOut => say!(self.0, "no answer (timed out)", "응답 없음(시간 초과)"),
            Failed => say!(self.0, "failed", "실패"),
            NotTried => say!(self.0, "not tried", "시도 안 함"),
        }
    }
    pub fn doctor_reach_skipped(self) -> &'static str {
        say!(
            self.0,
            "not tried (no public IP or nothing listening)",
            "시도 안 함(외부 IP를 모르거나 서버가 없음)"
        )
    }
    pub fn doctor_verdict_label(self) -> &'static str {
        say!(self.0, "Verdict", "진단")
    }
    pub fn doctor_verdict(self, v: Verdict) -> &'static str {
        use Verdict::*;
        match v {
            Reachable => say!(
                self.0,
                "reachable — a vantage outside your network reached this machine's server",
                "외부 접속 가능 — 외부 네트워크의 확인 서버가 이 컴퓨터의 서버에 접속했습니다"
            ),
            OpenOther => say!(
                self.0,
                "something else answers on the port from outside — not this machine's server",
                "외부에서 이 포트로 접속하면 이 컴퓨터의 서버가 아닌 다른 것이 응답합니다"
            ),
            RouterPage => say!(
                self.0,
                "the router's own page answers on that port from outside — not this machine's server",
                "외부에서 이 포트로 접속하면 이 컴퓨터의 서버가 아니라 공유기 자체의 페이지가 응답합니다"
            ),
            Filtered => say!(
                self.0,
                "the port is forwarded and the server listens, but nothing gets through from outside",
                "포트포워드와 서버는 정상인데 외부에서 접속이 들어오지 않습니다"
            ),
            Ready => say!(
                self.0,
                "ready — everything this machine can check is right; confirm from another network",
                "준비 완료 — 이 컴퓨터에서 확인할 수 있는 것은 모두 정상입니다. 다른 네트워크에서 최종 확인하세요"
            ),
            NoGateway => say!(
                self.0,
                "not connected to a network",
                "네트워크에 연결되어 있지 않습니다"
            ),
            Vpn => say!(
                self.0,
                "a VPN holds the default route: the results describe the VPN, not your home network",
                "인터넷 연결이 VPN을 거치고 있어(기본 경로), 결과가 집 네트워크가 아니라 VPN 기준입니다"
            ),
            Offline => say!(
                self.0,
                "no internet connection",
                "인터넷에 연결되어 있지 않습니다"
            ),
            Cgnat => say!(
                self.0,
                "carrier-grade NAT: the ISP's NAT blocks connections from outside, whatever your router does",
                "통신사 CGNAT: 공유기 설정과 상관없이 통신사 NAT가 외부 연결을 막습니다"
            ),
            DoubleNat => say!(
                self.0,
                "double NAT: another NAT in front of your router blocks connections from outside",
                "이중 NAT: 공유기 앞의 다른 NAT가 외부 연결을 막습니다"
            ),
            NoListener => say!(
                self.0,
                "no server is running on the port",
                "해당 포트에서 실행 중인 서버가 없습니다"
            ),
            LocalhostOnly => say!(
                self.0,
                "the server accepts only connections from this machine",
                "서버가 이 컴퓨터 안에서 오는 연결(127.0.0.1)만 받습니다"
            ),
            PortTaken => say!(
                self.0,
                "the port is forwarded to another device",
                "이 포트는 다른 기기로 포트포워드되어 있습니다"
            ),
            NotForwarded => say!(
                self.0,
                "the port is not in the router's UPnP list of forwards (rules typed into its web page may not show there)",
                "UPnP로 확인한 범위에서는 이 포트의 포트포워드가 없습니다(관리 페이지에서 직접 만든 규칙은 보이지 않을 수 있음)"
            ),
            ForwardUnknown => say!(
                self.0,
                "whether the router forwards the port could not be checked",
                "공유기가 이 포트를 포트포워드하는지 확인하지 못했습니다"
            ),
        }
    }
    /// One next step, filled in.
    pub fn doctor_step(self, s: Step, port: u16, public: &str, holder: &str) -> String {
        use Step::*;
        match s {
            ConnectNetwork => say!(
                self.0,
                "Connect this machine to the router (cable or Wi-Fi), then run netcheck doctor again.".into(),
                "이 컴퓨터를 공유기에 연결(유선 또는 Wi-Fi)한 뒤 netcheck doctor를 다시 실행하세요.".into()
            ),
            DisconnectVpn => say!(
                self.0,
                "Disconnect the VPN (or exclude the LAN from it) and run netcheck doctor again.".into(),
                "VPN 연결을 끊고(또는 LAN을 VPN에서 제외하고) netcheck doctor를 다시 실행하세요.".into()
            ),
            CheckInternet => say!(
                self.0,
                "No public-IP source answered: check the internet connection (netcheck public-ip -v shows each source).".into(),
                "외부 IP 확인 서비스가 하나도 응답하지 않았습니다. 인터넷 연결을 확인하세요(`netcheck public-ip -v`로 서비스별 결과 확인).".into()
            ),
            AskIspPublicIp => say!(
                self.0,
                "Ask your ISP for a public IP address (often a free or paid option).".into(),
                "통신사 고객센터에 공인 IP(또는 고정 IP) 할당을 문의하세요. 상품에 따라 무료이거나 유료 부가서비스입니다.".into()
            ),
            BridgeMode => say!(
                self.0,
                "If an ISP modem-router sits in front of your router, put it in bridge mode, or forward the port on it too.".into(),
                "통신사 공유기가 앞에 있다면 브리지 모드로 바꾸거나, 그 장비에도 같은 포트포워드를 설정하세요. 통신사 공유기의 DMZ를 내 공유기의 WAN 주소로 지정하는 방법도 있습니다.".into()
            ),
            UseIpv6 => say!(
                self.0,
                "Use IPv6: this machine has a global IPv6 address; clients with IPv6 can reach it once the firewall allows the port.".into(),
                "IPv6를 쓰세요: 이 컴퓨터에 글로벌 IPv6 주소가 있어, 방화벽에서 포트를 허용하면 IPv6 클라이언트가 접속할 수 있습니다.".into()
            ),
            UseTunnel => say!(
                self.0,
                "Or use a tunnel that connects out from your server (Tailscale, Cloudflare Tunnel, ngrok).".into(),
                "또는 서버에서 밖으로 연결하는 터널(Tailscale, Cloudflare Tunnel, ngrok)을 쓰세요.".into()
            ),
            StartServer => say!(
                self.0,
                format!("Start your server on port {port} (or try `netcheck serve --port {port}`)."),
                format!("포트 {port}번으로 서버를 실행하세요(`netcheck serve --port {port}` 명령으로 시험해 볼 수도 있습니다).")
            ),
            BindAllAddresses => say!(
                self.0,
                format!("Make the server listen on all addresses, not 127.0.0.1 — Flask: app.run(host=\"0.0.0.0\", port={port})."),
                format!("서버가 127.0.0.1이 아니라 모든 주소(0.0.0.0)에서 수신 대기하게 하세요 — Flask: `app.run(host=\"0.0.0.0\", port={port})`.")
            ),
            UseHostAddress => say!(
                self.0,
                "This runs in a container or VM: forward the port from the host machine too (e.g. docker run -p), and point the router at the host's LAN address.".into(),
                "컨테이너나 가상 머신 안에서 실행 중입니다. 호스트에서도 포트를 컨테이너로 연결하고(예: docker run -p 5000:5000), 공유기는 호스트의 내부 IP를 가리키게 하세요.".into()
            ),
            FreeThePort => say!(
                self.0,
                format!("Port {port} is already forwarded to {holder}: delete that rule on the router, or use another external port (netcheck forward --port {port} --external-port {}).", port.saturating_add(1)),
                format!("포트 {port}번은 이미 다른 기기({holder})로 포트포워드되어 있습니다. 공유기에서 그 규칙을 지우거나 다른 외부 포트를 쓰세요(netcheck forward --port {port} --external-port {}).", port.saturating_add(1))
            ),
            ForwardAutomatically => say!(
                self.0,
                format!("Forward the port: netcheck forward --port {port} (or netcheck doctor --port {port} --forward)."),
                format!("포트포워드를 설정하세요: netcheck forward --port {port} (또는 netcheck doctor --port {port} --forward).")
            ),
            ForwardByHand => say!(
                self.0,
                format!("Add the port forward on the router's admin page: netcheck forward --port {port} --method manual prints the exact rule and menu."),
                format!("공유기 관리 페이지에서 포트포워드를 추가하세요. `netcheck forward --port {port} --method manual`을 실행하면 입력할 규칙과 메뉴 위치를 알려 줍니다.")
            ),
            ReserveAddress => say!(
                self.0,
                "This machine's LAN address comes from DHCP and can change: reserve it for this machine's MAC address on the router (DHCP reservation); on Wi-Fi also switch off the random (private) MAC address.".into(),
                "이 컴퓨터의 내부 IP는 DHCP로 받은 주소라 바뀔 수 있습니다. 공유기에서 이 컴퓨터의 MAC 주소에 IP를 고정 할당(DHCP 예약)하세요. Wi-Fi라면 ‘임의 MAC 주소’ 기능도 꺼 두세요.".into()
            ),
            OpenIpv6Firewall => say!(
                self.0,
                format!("For IPv6, allow TCP port {port} in this machine's firewall and the router's IPv6 firewall (no port forward needed)."),
                format!("IPv6로 받으려면 이 컴퓨터의 방화벽과 공유기의 IPv6 방화벽에서 TCP 포트 {port}번을 허용하세요(포트포워드는 필요 없음).")
            ),
            RouterIpv6Pinhole => say!(
                self.0,
                format!("For IPv6, allow TCP port {port} in this machine's firewall; your router offers IPv6 pinholes over UPnP (IGDv2 WANIPv6FirewallControl), or open it on the router's IPv6 firewall page. No port forward is needed."),
                format!("IPv6로 받으려면 이 컴퓨터의 방화벽에서 TCP 포트 {port}번을 허용하세요. 공유기가 UPnP(IGDv2 WANIPv6FirewallControl)로 IPv6 핀홀을 지원하므로 이를 지원하는 프로그램은 자동으로 열 수 있습니다. 공유기의 IPv6 방화벽 설정에서 직접 허용해도 됩니다. 포트포워드는 필요 없습니다.")
            ),
            CheckForwardTarget => say!(
                self.0,
                format!("Point the router's port forward for {port} at this machine's LAN address; if the router's own admin page (or remote management) uses port {port}, move it to another port."),
                format!("공유기의 포트 {port} 포트포워드가 이 컴퓨터의 내부 IP를 가리키도록 고치세요. 공유기 관리 페이지(원격 관리)가 포트 {port}를 쓰고 있다면 다른 포트로 옮기세요.")
            ),
            MoveRouterPage => say!(
                self.0,
                format!("The router's own page (admin page or remote management) answers on port {port} from outside: move it to another port in the router's settings, or run the server on another port and forward that one."),
                format!("외부에서 포트 {port}로 접속하면 공유기 자체의 페이지(관리 페이지·원격 관리)가 응답합니다. 공유기 설정에서 그 페이지를 다른 포트로 옮기거나, 서버를 다른 포트로 열고 그 포트를 포트포워드하세요.")
            ),
            CheckHostFirewall => say!(
                self.0,
                format!("Allow incoming TCP {port} in this machine's firewall (Linux: ufw, firewalld or nftables; Windows Defender Firewall; macOS application firewall)."),
                format!("이 컴퓨터의 방화벽에서 들어오는 TCP {port}을(를) 허용하세요(Linux: ufw·firewalld·nftables, Windows Defender 방화벽, macOS 응용 프로그램 방화벽).")
            ),
            CheckUpstreamNat => say!(
                self.0,
                format!("Check for a second NAT in front of the router (the ISP's modem or ONT): it must forward {port} too, or be put in bridge mode."),
                format!("공유기 앞에 NAT가 하나 더 있는지(통신사 모뎀·ONT) 확인하세요. 그 장비도 {port}을(를) 포트포워드하거나 브리지 모드여야 합니다.")
            ),
            TryHighPort => say!(
                self.0,
                format!("The ISP may block port {port} (80 and 443 most often): try a high port such as 18080 and test it again."),
                format!("통신사가 포트 {port}을(를) 막고 있을 수 있습니다(주로 80, 443). 18080 같은 높은 포트로 바꿔 다시 확인하세요.")
            ),
            TestFromOutside => say!(
                self.0,
                format!("From another network (a phone hotspot), run: netcheck probe {public} --port {port}"),
                format!("다른 네트워크(휴대폰 핫스팟 등)에서 확인하세요: netcheck probe {public} --port {port}")
            ),
        }
    }
    pub fn doctor_forward_note(self) -> &'static str {
        say!(
            self.0,
            "Without --forward, doctor changes nothing on the router.",
            "--forward 없이 실행하면 doctor는 공유기 설정을 바꾸지 않습니다."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_and_verdict_in_both_languages() {
        for s in Step::ALL {
            let en = Tr(Lang::En).doctor_step(s, 5000, "111.222.33.123", "192.168.99.50:5000");
            let ko = Tr(Lang::Ko).doctor_step(s, 5000, "111.222.33.123", "192.168.99.50:5000");
            assert!(!en.is_empty() && !ko.is_empty() && en != ko, "{s:?}");
        }
        for v in Verdict::ALL {
            assert_ne!(
                Tr(Lang::En).doctor_verdict(v),
                Tr(Lang::Ko).doctor_verdict(v)
            );
        }
    }
}
