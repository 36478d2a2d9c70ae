//! Sentences of `netcheck serve`.

use std::net::{IpAddr, SocketAddr};

/// The sentences of this part of the catalogue; every language implements
/// them (`en.rs`, `ko.rs`).
pub trait ServeText {
    fn serve_listening(&self, port: u16, where_: &str) -> String;
    fn serve_all_addresses(&self, ipv6: bool) -> &'static str;
    fn serve_all_ipv4(&self) -> &'static str;
    fn serve_label_local(&self) -> &'static str;
    fn serve_label_lan(&self) -> &'static str;
    fn serve_label_public(&self) -> &'static str;
    fn serve_public_unknown(&self) -> &'static str;
    fn serve_try_here(&self) -> &'static str;
    fn serve_try_from_other(&self, public_known: bool) -> &'static str;
    fn serve_needs_forward(&self, public: &str, lan: &str, port: u16) -> String;
    fn serve_limits(&self, body_kib: usize, conns: usize, timeout_ms: u64) -> String;
    fn serve_looking_up(&self) -> String;
    fn serve_warn_loopback(&self, ip: &str) -> String;
    fn serve_warn_no_public(&self) -> &'static str;
    fn serve_port_in_use(&self, addr: SocketAddr) -> String;
    fn serve_port_in_use_hint(&self, port: u16) -> String;
    fn serve_no_permission(&self, addr: SocketAddr) -> String;
    fn serve_no_permission_hint(&self) -> &'static str;
    fn serve_not_local(&self, ip: IpAddr) -> String;
    fn serve_not_local_hint(&self) -> &'static str;
    fn serve_family_unsupported(&self, addr: SocketAddr) -> String;
    fn serve_stopped(&self) -> &'static str;
    fn serve_at_capacity(&self, limit: usize) -> String;
    fn serve_accept_failed(&self, why: &str) -> String;
    fn serve_log_dropped(&self, n: u64) -> String;
}
