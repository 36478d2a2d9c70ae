//! Sentences of `netcheck forward --ipv6` (IPv6 pinholes) and doctor's IPv6 row.

use crate::net::ipv6_pick::{Reason, Skip};
use crate::portmap::pinhole::{PinholeError, RouterView};

/// The sentences of this part of the catalogue; every language implements
/// them (`en.rs`, `ko.rs`).
pub trait PinholeText {
    fn pinhole_opened(&self, method: &str) -> String;
    fn pinhole_not_opened(&self) -> &'static str;
    fn pinhole_lease(&self, secs: u32) -> String;
    fn label_address6(&self) -> &'static str;
    fn label_skipped(&self) -> &'static str;
    fn label_record(&self) -> &'static str;
    fn reason(&self, r: Reason) -> &'static str;
    fn skip(&self, s: Skip) -> &'static str;
    fn no_global_ipv6(&self) -> &'static str;
    fn only_temporary_ipv6(&self) -> &'static str;
    fn bound_elsewhere_ipv6(&self) -> &'static str;
    fn pinhole_error(&self, e: &PinholeError) -> String;
    fn manual_ipv6_firewall(
        &self,
        path: Option<&str>,
        addr: &str,
        port: u16,
        proto: &str,
    ) -> String;
    fn verify_ipv6_from_outside(&self, cmd: &str) -> String;
    fn pinhole_renew_note(&self, every: u32) -> String;
    fn record_problem(&self, detail: &str) -> String;
    fn record_no_dir(&self) -> &'static str;
    fn record_write_failed(&self, detail: &str) -> String;
    fn pinholes_heading(&self) -> &'static str;
    fn pinholes_empty(&self) -> &'static str;
    fn pinhole_columns(&self) -> [&'static str; 6];
    fn router_view(&self, v: RouterView) -> &'static str;
    fn pinhole_removed(&self, addr: &str, port: u16, proto: &str) -> String;
    fn pinhole_remove_none(&self, port: u16) -> String;
    fn pinhole_remove_failed(&self) -> &'static str;
    fn pinhole_keeping(&self, every: u32) -> String;
    fn pinhole_renewed(&self) -> &'static str;
    fn pinhole_reopened(&self) -> &'static str;
    fn pinhole_stopping(&self) -> &'static str;
    fn no_ipv6_natpmp(&self) -> &'static str;
    fn no_ipv6_external_port(&self) -> &'static str;
    fn ipv6_lease_range(&self) -> &'static str;
    fn ipv6_internal_ip(&self) -> &'static str;
    fn doctor_ipv6_row(&self, addr: &str, stable: bool, hole: &str) -> String;
    fn doctor_hole_open(&self, port: u16, method: &str) -> String;
    fn doctor_hole_firewall_off(&self) -> &'static str;
    fn doctor_hole_closed(&self, port: u16) -> String;
    fn doctor_hole_failed(&self, port: u16, why: &str) -> String;
}

#[cfg(test)]
mod tests {
    use crate::i18n::{Lang, Tr};
    use crate::net::ipv6_pick::{Reason, Skip};
    use crate::portmap::pinhole::PinholeError;

    #[test]
    fn spans_in_both_languages() {
        for (secs, en, ko) in [
            (3600, "1h", "1시간"),
            (90, "1m30s", "1분 30초"),
            (30, "30s", "30초"),
            (0, "0s", "0초"),
        ] {
            assert_eq!(Tr(Lang::En).duration(secs), en);
            assert_eq!(Tr(Lang::Ko).duration(secs), ko);
        }
    }

    #[test]
    fn korean_has_no_english_words() {
        let tr = Tr(Lang::Ko);
        let all = [
            tr.pinhole_not_opened().to_string(),
            tr.no_global_ipv6().to_string(),
            tr.only_temporary_ipv6().to_string(),
            tr.pinhole_error(&PinholeError::InboundNotAllowed),
            tr.pinhole_error(&PinholeError::NoService),
            tr.reason(Reason::Stable).to_string(),
            tr.skip(Skip::Temporary).to_string(),
        ];
        for s in all {
            let words: Vec<&str> = s
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 3)
                .filter(|w| {
                    ![
                        "UPnP", "IGDv", "IPv", "SLAAC", "DHCPv", "netcheck", "public",
                    ]
                    .iter()
                    .any(|k| w.starts_with(k))
                })
                .collect();
            assert!(words.is_empty(), "{s}: {words:?}");
        }
    }
}
