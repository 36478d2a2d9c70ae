//! Sentences of `netcheck doctor`.

use crate::check::doctor::{Step, Verdict};

/// The sentences of this part of the catalogue; every language implements
/// them (`en.rs`, `ko.rs`).
pub trait DoctorText {
    fn doctor_title(&self, port: u16) -> String;
    fn doctor_checking(&self) -> &'static str;
    fn check_label(&self, id: &str) -> &'static str;
    fn doctor_network(&self, gw: &str, iface: &str, lan: &str) -> String;
    fn doctor_no_gateway(&self) -> &'static str;
    fn doctor_public(&self, ip: &str, votes: usize) -> String;
    fn doctor_public_unconfirmed(&self, ip: &str) -> String;
    fn doctor_ipv6_global(&self, ip: &str) -> String;
    fn doctor_ipv6_none(&self) -> &'static str;
    fn doctor_router(&self, methods: &str, name: &str, wan: &str) -> String;
    fn doctor_no_automation(&self) -> &'static str;
    fn doctor_listener(&self, state: &str, addrs: &str) -> String;
    fn doctor_mapping_present(&self, ext: &str, lan: &str) -> String;
    fn doctor_mapping_missing(&self, port: u16) -> String;
    fn doctor_mapping_taken(&self, holder: &str) -> String;
    fn doctor_mapping_created(&self, method: &str, lease: &str) -> String;
    fn doctor_mapping_failed(&self, why: &str) -> String;
    fn doctor_mapping_unknown(&self) -> &'static str;
    fn doctor_reach(&self, target: &str, verdict: &str) -> String;
    fn reach_word(&self, r: crate::check::doctor::Reach) -> &'static str;
    fn doctor_reach_skipped(&self) -> &'static str;
    fn doctor_verdict_label(&self) -> &'static str;
    fn doctor_verdict(&self, v: Verdict) -> &'static str;
    /// One next step, filled in.
    fn doctor_step(&self, s: Step, port: u16, public: &str, holder: &str) -> String;
    fn doctor_forward_note(&self) -> &'static str;
}

#[cfg(test)]
mod tests {
    use crate::check::doctor::{Step, Verdict};
    use crate::i18n::{Lang, Tr};

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
