//! The likely causes of doctor's `filtered` verdict, with what netcheck found.

use super::Tr;
use crate::check::doctor::{Cause, Likelihood, SecondPort};
use crate::check::host_firewall::{HostFirewall, Tool};
use crate::check::outside::SecondPortReport;

/// The sentences of this part of the catalogue; every language implements
/// them (`en.rs`, `ko.rs`).
pub trait FilteredText {
    fn likelihood(&self, l: Likelihood) -> &'static str;
    fn doctor_causes_title(&self) -> &'static str;
    fn firewall_tool(&self, t: Tool) -> &'static str;
    fn firewall_cause(&self, port: u16, fw: Option<&HostFirewall>) -> String;
    fn firewall_not_read(&self, port: u16) -> String;
    fn isp_cause(
        &self,
        l: Likelihood,
        port: u16,
        second: Option<&SecondPortReport>,
        fact: SecondPort,
    ) -> String;
    fn nat_cause(&self, l: Likelihood) -> &'static str;
}

/// Ports ISPs block on home lines most often.
pub(super) const OFTEN_BLOCKED: &[u16] = &[25, 80, 443, 445, 135, 139];

impl Tr {
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
