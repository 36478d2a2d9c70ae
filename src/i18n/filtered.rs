//! The likely causes of doctor's `filtered` verdict, with what netcheck found.

use super::Tr;
use crate::check::doctor::{Cause, Likelihood, SecondPort};
use crate::check::host_firewall::{HostFirewall, State, Summary, Tool};
use crate::check::outside::SecondPortReport;

/// The sentences of this part of the catalogue; every language implements
/// them (`en.rs`, `ko.rs`).
pub trait FilteredText {
    fn likelihood(&self, l: Likelihood) -> &'static str;
    fn doctor_causes_title(&self) -> &'static str;
    fn firewall_tool(&self, t: Tool) -> &'static str;
    fn firewall_not_read(&self, port: u16) -> String;
    fn isp_cause(
        &self,
        l: Likelihood,
        port: u16,
        second: Option<&SecondPortReport>,
        fact: SecondPort,
    ) -> String;
    fn nat_cause(&self, l: Likelihood) -> &'static str;
    /// The host firewall drops the port; `what` names the tool and rule.
    fn firewall_blocks(&self, port: u16, what: &str) -> String;
    /// A rule with conditions netcheck cannot judge may drop the port.
    fn firewall_may_block(&self, port: u16, what: &str) -> String;
    /// The firewall exists but its rules could not be read (not root).
    fn firewall_unreadable(&self, what: &str) -> String;
    /// No firewall tool was found on this host.
    fn firewall_none_found(&self) -> &'static str;
    /// The firewall lets the port in (or is off); `tools` lists what was read.
    fn firewall_lets_in(&self, port: u16, tools: &str) -> String;
}

/// Ports ISPs block on home lines most often.
pub(super) const OFTEN_BLOCKED: &[u16] = &[25, 80, 443, 445, 135, 139];

impl Tr {
    /// What this host's firewall does to the port, from what was read of it.
    pub fn firewall_cause(self, port: u16, fw: Option<&HostFirewall>) -> String {
        let Some(fw) = fw else {
            return self.firewall_not_read(port);
        };
        let named = |s: State| {
            fw.findings
                .iter()
                .find(|f| f.state == s)
                .map(|f| {
                    let tool = self.firewall_tool(f.tool);
                    match &f.detail {
                        Some(d) => format!("{tool} ({d})"),
                        None => tool.to_string(),
                    }
                })
                .unwrap_or_default()
        };
        match fw.summary {
            Summary::Blocks => self.firewall_blocks(port, &named(State::Blocks)),
            Summary::MayBlock => self.firewall_may_block(port, &named(State::MayBlock)),
            Summary::Unknown if fw.supported => self.firewall_unreadable(&named(State::Unreadable)),
            Summary::Unknown => self.firewall_not_read(port),
            Summary::Clear if fw.findings.is_empty() => self.firewall_none_found().to_string(),
            Summary::Clear => {
                let tools: Vec<&str> = fw
                    .findings
                    .iter()
                    .map(|f| self.firewall_tool(f.tool))
                    .collect();
                self.firewall_lets_in(port, &tools.join(", "))
            }
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

    use crate::check::doctor::{Cause, Likelihood, SecondPort};
    use crate::check::host_firewall::Finding;
    use crate::check::host_firewall::{HostFirewall, State, Tool};
    use crate::check::outside::SecondPortReport;
    use crate::i18n::{Lang, Tr};
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
