//! The likely causes of doctor's `filtered` verdict, with what netcheck found.

use super::{Lang, Tr};
use crate::check::doctor::{Cause, Likelihood, SecondPort};
use crate::check::host_firewall::{HostFirewall, State, Summary, Tool};
use crate::check::outside::SecondPortReport;

/// Ports ISPs block on home lines most often.
const OFTEN_BLOCKED: &[u16] = &[25, 80, 443, 445, 135, 139];

impl Tr {
    pub fn likelihood(self, l: Likelihood) -> &'static str {
        match l {
            Likelihood::Likely => say!(self.0, "likely", "가능성 높음"),
            Likelihood::Possible => say!(self.0, "possible", "가능성 있음"),
            Likelihood::Unlikely => say!(self.0, "unlikely", "가능성 낮음"),
        }
    }

    pub fn doctor_causes_title(self) -> &'static str {
        say!(
            self.0,
            "Likely causes, most likely first",
            "예상 원인(가능성 높은 순)"
        )
    }

    pub fn firewall_tool(self, t: Tool) -> &'static str {
        match t {
            Tool::Nftables => "nftables",
            Tool::Ufw => "ufw",
            Tool::Firewalld => "firewalld",
            Tool::WindowsFirewall => say!(
                self.0,
                "Windows Defender Firewall",
                "Windows Defender 방화벽"
            ),
            Tool::MacosFirewall => say!(
                self.0,
                "macOS application firewall",
                "macOS 응용 프로그램 방화벽"
            ),
        }
    }

    fn firewall_cause(self, port: u16, fw: Option<&HostFirewall>) -> String {
        let Some(fw) = fw else {
            return self.firewall_not_read(port);
        };
        let named = |s: State| {
            fw.findings.iter().find(|f| f.state == s).map(|f| {
                let tool = self.firewall_tool(f.tool);
                match &f.detail {
                    Some(d) => format!("{tool} ({d})"),
                    None => tool.to_string(),
                }
            })
        };
        match fw.summary {
            Summary::Blocks => {
                let w = named(State::Blocks).unwrap_or_default();
                say!(
                    self.0,
                    format!("This host's firewall drops incoming TCP {port}: {w}."),
                    format!(
                        "이 컴퓨터의 방화벽이 들어오는 TCP {port}번 포트를 막고 있습니다: {w}."
                    )
                )
            }
            Summary::MayBlock => {
                let w = named(State::MayBlock).unwrap_or_default();
                say!(
                    self.0,
                    format!(
                        "This host's firewall may drop incoming TCP {port}: {w} — a rule with conditions netcheck cannot judge."
                    ),
                    format!(
                        "이 컴퓨터의 방화벽이 들어오는 TCP {port}번 포트를 막을 수 있습니다: {w}. netcheck가 판단할 수 없는 조건이 붙은 규칙입니다."
                    )
                )
            }
            Summary::Unknown if fw.supported => {
                let w = named(State::Unreadable).unwrap_or_default();
                say!(
                    self.0,
                    format!(
                        "This host's firewall could not be read ({w}): run doctor as root (sudo) to read its rules."
                    ),
                    format!(
                        "이 컴퓨터의 방화벽 규칙을 읽지 못했습니다({w}). 규칙을 확인하려면 root 권한(sudo)으로 doctor를 실행하세요."
                    )
                )
            }
            Summary::Unknown => self.firewall_not_read(port),
            Summary::Clear => {
                let tools: Vec<&str> = fw
                    .findings
                    .iter()
                    .map(|f| self.firewall_tool(f.tool))
                    .collect();
                if tools.is_empty() {
                    say!(
                        self.0,
                        "No firewall tool was found on this host (nftables, ufw, firewalld)."
                            .to_string(),
                        "이 컴퓨터에서 방화벽 도구를 찾지 못했습니다(nftables, ufw, firewalld)."
                            .to_string()
                    )
                } else {
                    let list = tools.join(", ");
                    say!(
                        self.0,
                        format!(
                            "This host's firewall lets TCP {port} in, or is not active (read: {list})."
                        ),
                        format!(
                            "이 컴퓨터의 방화벽은 TCP {port}번 포트를 허용하거나 꺼져 있습니다(확인한 것: {list})."
                        )
                    )
                }
            }
        }
    }

    fn firewall_not_read(self, port: u16) -> String {
        say!(
            self.0,
            format!(
                "This host's firewall is not read on this system: check by hand that it lets TCP {port} in."
            ),
            format!(
                "이 시스템에서는 방화벽 설정을 읽을 수 없습니다. TCP {port}번 포트가 허용되는지 직접 확인하세요."
            )
        )
    }

    fn isp_cause(
        self,
        l: Likelihood,
        port: u16,
        second: Option<&SecondPortReport>,
        fact: SecondPort,
    ) -> String {
        match (fact, second) {
            (SecondPort::Through, Some(s)) if l == Likelihood::Likely => {
                let p2 = s.port;
                say!(
                    self.0,
                    format!(
                        "Port {p2} got through the same path while port {port} did not: something upstream blocks port {port} — most often the ISP. Use a high port such as {p2}."
                    ),
                    format!(
                        "같은 경로로 {p2}번 포트로는 접속이 들어왔는데 {port}번 포트로는 들어오지 않았습니다. 중간에서 {port}번 포트를 막고 있으며, 대개 통신사가 막는 경우입니다. {p2}번처럼 높은 포트를 쓰세요."
                    )
                )
            }
            (SecondPort::Through, Some(s)) => {
                let p2 = s.port;
                say!(
                    self.0,
                    format!(
                        "Port {p2} got through the same path while port {port} did not; this host's firewall drops port {port}, which explains that too."
                    ),
                    format!(
                        "같은 경로로 {p2}번 포트로는 접속이 들어왔고 {port}번 포트로는 들어오지 않았습니다. 이 컴퓨터의 방화벽이 {port}번 포트를 막고 있으므로 그것만으로도 설명됩니다."
                    )
                )
            }
            (SecondPort::AlsoBlocked, Some(s)) => {
                let p2 = s.port;
                say!(
                    self.0,
                    format!(
                        "Port {p2} did not get through either: not a block of port {port} alone."
                    ),
                    format!(
                        "{p2}번 포트로도 접속이 들어오지 않았습니다. {port}번 포트만 막힌 것은 아닙니다."
                    )
                )
            }
            (_, Some(_)) => say!(
                self.0,
                format!(
                    "The ISP may block port {port}; a second port could not be tested (its mapping or the vantages failed)."
                ),
                format!(
                    "통신사가 {port}번 포트를 막고 있을 수 있습니다. 두 번째 포트는 확인하지 못했습니다(포트포워드 또는 확인 서버 실패)."
                )
            ),
            (_, None) if OFTEN_BLOCKED.contains(&port) => say!(
                self.0,
                format!(
                    "ISPs often block port {port} on home lines: use a high port. A second port was not tested (doctor --forward with a reflector tests one)."
                ),
                format!(
                    "통신사가 가정용 회선에서 {port}번 포트를 막는 경우가 많습니다. 높은 포트를 쓰세요. 두 번째 포트는 확인하지 않았습니다(리플렉터를 지정해 doctor --forward를 실행하면 확인합니다)."
                )
            ),
            (_, None) => say!(
                self.0,
                format!(
                    "The ISP may block port {port}. A second port was not tested (doctor --forward with a reflector tests one)."
                ),
                format!(
                    "통신사가 {port}번 포트를 막고 있을 수 있습니다. 두 번째 포트는 확인하지 않았습니다(리플렉터를 지정해 doctor --forward를 실행하면 확인합니다)."
                )
            ),
        }
    }

    fn nat_cause(self, l: Likelihood) -> &'static str {
        match l {
            Likelihood::Likely => say!(
                self.0,
                "A second NAT sits upstream: the router's WAN address is not the public address.",
                "공유기 앞에 NAT가 하나 더 있습니다. 공유기의 WAN 주소가 외부 IP와 다릅니다."
            ),
            Likelihood::Unlikely => say!(
                self.0,
                "No second NAT: the router's WAN address is the public address.",
                "NAT는 하나뿐입니다. 공유기의 WAN 주소가 외부 IP와 같습니다."
            ),
            Likelihood::Possible => say!(
                self.0,
                "Whether a second NAT sits upstream could not be told: the router did not give its WAN address.",
                "공유기가 WAN 주소를 알려 주지 않아 앞에 NAT가 더 있는지 알 수 없습니다."
            ),
        }
    }

    /// One cause of `filtered`, with what was found about it.
    pub fn filtered_cause(
        self,
        c: Cause,
        l: Likelihood,
        port: u16,
        fw: Option<&HostFirewall>,
        second: Option<&SecondPortReport>,
        fact: SecondPort,
    ) -> String {
        match c {
            Cause::HostFirewall => self.firewall_cause(port, fw),
            Cause::UpstreamNat => self.nat_cause(l).to_string(),
            Cause::IspBlock => self.isp_cause(l, port, second, fact),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::host_firewall::Finding;
    use crate::net::reflect::Agreed;

    #[test]
    fn every_cause_in_both_languages() {
        let fws = [
            None,
            Some(HostFirewall::new(
                80,
                vec![Finding {
                    tool: Tool::Nftables,
                    state: State::Blocks,
                    detail: Some("inet t input handle 3".into()),
                }],
                true,
            )),
            Some(HostFirewall::new(80, vec![], true)),
            Some(HostFirewall::new(80, vec![], false)),
        ];
        let second = SecondPortReport {
            port: 40000,
            result: Agreed::Open,
            reached: true,
            mapped_by: Some("UPnP IGD".into()),
            vantages: vec![],
        };
        for fw in &fws {
            for c in [Cause::HostFirewall, Cause::UpstreamNat, Cause::IspBlock] {
                for l in [
                    Likelihood::Likely,
                    Likelihood::Possible,
                    Likelihood::Unlikely,
                ] {
                    for (s, f) in [
                        (None, SecondPort::NotTried),
                        (Some(&second), SecondPort::Through),
                        (Some(&second), SecondPort::AlsoBlocked),
                    ] {
                        let en = Tr(Lang::En).filtered_cause(c, l, 80, fw.as_ref(), s, f);
                        let ko = Tr(Lang::Ko).filtered_cause(c, l, 80, fw.as_ref(), s, f);
                        assert!(!en.is_empty() && en != ko, "{c:?} {l:?} {f:?}");
                    }
                }
            }
        }
        let en = Tr(Lang::En).filtered_cause(
            Cause::IspBlock,
            Likelihood::Likely,
            80,
            None,
            Some(&second),
            SecondPort::Through,
        );
        assert!(en.contains("40000") && en.contains("port 80"), "{en}");
    }
}
