//! "Who listens on this port here, and on which addresses?" — asked when
//! probe targets this machine itself (127.0.0.1 or its own LAN address).
//!
//! Linux: the kernel's socket tables `/proc/net/tcp` and `/proc/net/tcp6`
//! (parsed by a pure, table-tested function). Elsewhere: connect to
//! 127.0.0.1 and to the LAN address and infer the same, saying so when that
//! cannot tell.

use crate::check::listener::{ListenerReport, ListenerState};
use std::net::IpAddr;
#[cfg(not(target_os = "linux"))]
use {
    crate::check::listener::{knock_check, lan_to_knock},
    crate::sys::listeners::outgoing_address,
    std::net::Ipv4Addr,
};

/// Checks who listens on `port`, as seen from `target` (an address of this machine).
#[cfg(target_os = "linux")]
pub async fn check(target: IpAddr, port: u16, _deadline: tokio::time::Instant) -> ListenerReport {
    tokio::task::spawn_blocking(move || crate::check::listener::check_tables(target, port))
        .await
        .unwrap_or(ListenerReport {
            method: "proc_net_tcp",
            state: ListenerState::Unknown,
            addresses: Vec::new(),
            processes: Vec::new(),
        })
}

/// Elsewhere: knock on 127.0.0.1 and the LAN address (the logic, compiled
/// and tested on every OS, is [`crate::check::listener::knock_check`]).
#[cfg(not(target_os = "linux"))]
pub async fn check(target: IpAddr, port: u16, deadline: tokio::time::Instant) -> ListenerReport {
    // The address used to go out: a documentation address, nothing is sent.
    let outgoing = outgoing_address(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)));
    knock_check(lan_to_knock(target, outgoing), port, deadline).await
}
