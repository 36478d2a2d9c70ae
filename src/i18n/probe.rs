//! Sentences of `netcheck probe`.

use crate::check::probe::{FailKind, Verdict};
use crate::net::cause::Cause;

/// The sentences of this part of the catalogue; every language implements
/// them (`en.rs`, `ko.rs`).
pub trait ProbeText {
    fn probe_heading(&self) -> &'static str;
    fn probe_probing(&self, url: &str) -> String;
    fn probe_data_needs_post(&self) -> String;
    fn probe_label_tcp(&self) -> &'static str;
    fn probe_spread(&self, n: u32, failures: u32, lo: f64, hi: f64) -> String;
    fn probe_times(&self, ttfb: Option<String>, total: &str) -> String;
    fn probe_skipped(&self) -> &'static str;
    fn probe_echo_verified(&self) -> &'static str;
    fn probe_echo_not_checked(&self) -> &'static str;
    fn probe_fail(&self, kind: FailKind, detail: &str, cause: Option<&Cause>) -> String;
    fn probe_verdict_label(&self) -> &'static str;
    fn probe_verdict(&self, v: Verdict, port: u16) -> String;
    fn probe_listening_here(&self, port: u16) -> String;
    fn probe_hint_refused(&self, port: u16) -> String;
    fn probe_hint_filtered(&self, port: u16, cgnat: bool) -> String;
    fn probe_hint_no_answer(&self, port: u16) -> String;
    fn probe_hint_reset(&self) -> &'static str;
    fn probe_hint_no_route(&self) -> &'static str;
    fn probe_hint_tls(&self) -> &'static str;
    fn probe_hint_not_http(&self, port: u16) -> String;
    fn probe_hint_post_refused(&self, status: u16) -> String;
    fn probe_hint_http_status(&self, status: u16) -> String;
    fn probe_hint_echo(&self) -> &'static str;
    fn probe_hint_dns(&self) -> &'static str;
    fn probe_hint_loopback_only(&self, port: u16, list: &str) -> String;
    fn probe_hint_nothing(&self, port: u16) -> String;
    fn probe_hint_elsewhere(&self, port: u16, list: &str) -> String;
    fn probe_hint_listener_unknown(&self, port: u16) -> String;
    fn probe_hint_hairpin(&self, ip: &str) -> String;
    fn probe_hint_lan_only(&self) -> &'static str;
    fn probe_hint_not_netcheck(&self) -> &'static str;
    fn probe_hint_intermittent(&self) -> &'static str;
}
