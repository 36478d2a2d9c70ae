//! Sentences of `netcheck forward` (the manual guide's are in forward_guide.rs).

use super::Tr;
use crate::net::nat::NatVerdict;
use crate::portmap::MapError;

/// The sentences of this part of the catalogue; every language implements
/// them (`en.rs`, `ko.rs`).
pub trait ForwardText {
    fn forwarded(&self, method: &str) -> String;
    fn not_forwarded(&self) -> &'static str;
    fn not_tried_manual(&self) -> &'static str;
    fn lease(&self, secs: u32) -> String;
    fn router_wan_unreported(&self) -> &'static str;
    fn not_confirmed(&self) -> &'static str;
    fn label_router(&self) -> &'static str;
    fn label_public_ip(&self) -> &'static str;
    fn label_router_wan(&self) -> &'static str;
    fn label_tried(&self) -> &'static str;
    fn next_steps(&self) -> &'static str;
    fn nat_verdict(&self, v: NatVerdict) -> &'static str;
    /// What to do when another NAT blocks inbound connections. `mapped`:
    /// whether this router was opened (the first sentence differs).
    fn double_nat_options(&self, mapped: bool) -> [&'static str; 5];
    fn verify_from_outside(&self, cmd: &str) -> String;
    fn lease_note(&self, secs: u32, port: u16) -> String;
    fn forced_permanent(&self, port: u16) -> String;
    fn map_error(&self, e: &MapError) -> String;
    fn conflict_hint(&self, port: u16) -> String;
    fn no_gateway_error(&self) -> &'static str;
    fn internal_off_subnet(&self, ip: &str, lan: &str) -> String;
    fn list_heading(&self) -> &'static str;
    fn list_empty(&self) -> &'static str;
    fn list_needs_upnp(&self) -> &'static str;
    fn list_needs_upnp_hint(&self) -> &'static str;
    fn removed(&self, port: u16, proto: &str, method: &str) -> String;
    fn remove_failed(&self) -> &'static str;
    fn keeping(&self, every: &str) -> String;
    fn renewed(&self) -> &'static str;
    fn recreated(&self) -> &'static str;
    fn renew_failed(&self, why: &str) -> String;
    fn stopping(&self) -> &'static str;
    fn list_columns(&self) -> [&'static str; 6];
}

impl Tr {
    pub fn label_nat(self) -> &'static str {
        "NAT"
    }
}

/// 3600 → "1h", 90 → "1m30s", 45 → "45s".
pub fn human_secs(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn human_secs() {
        for (s, want) in [
            (3600, "1h"),
            (90, "1m30s"),
            (45, "45s"),
            (0, "0s"),
            (7322, "2h2m2s"),
        ] {
            assert_eq!(super::human_secs(s), want);
        }
    }
}
