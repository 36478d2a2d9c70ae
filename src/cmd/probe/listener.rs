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

/// Checks who listens on `port`, as seen from `target` (an address of this
/// machine). The tables are read on a blocking thread; past `deadline` the
/// answer is "unknown" rather than late.
#[cfg(target_os = "linux")]
pub async fn check(target: IpAddr, port: u16, deadline: tokio::time::Instant) -> ListenerReport {
    let unknown = || ListenerReport {
        method: "proc_net_tcp",
        state: ListenerState::Unknown,
        addresses: Vec::new(),
        processes: Vec::new(),
    };
    if tokio::time::Instant::now() >= deadline {
        return unknown();
    }
    let read =
        tokio::task::spawn_blocking(move || crate::check::listener::check_tables(target, port));
    match tokio::time::timeout_at(deadline, read).await {
        Ok(Ok(report)) => report,
        Err(_) | Ok(Err(_)) => unknown(),
    }
}

/// Elsewhere: knock on 127.0.0.1 and the LAN address (the logic, compiled
/// and tested on every OS, is [`crate::check::listener::knock_check`]).
#[cfg(not(target_os = "linux"))]
pub async fn check(target: IpAddr, port: u16, deadline: tokio::time::Instant) -> ListenerReport {
    // The address used to go out: a documentation address, nothing is sent.
    let outgoing = outgoing_address(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)));
    knock_check(lan_to_knock(target, outgoing), port, deadline).await
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_spent_deadline_gives_unknown_and_a_live_one_an_answer() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let lo = IpAddr::from([127, 0, 0, 1]);
        let past = tokio::time::Instant::now();
        assert_eq!(check(lo, port, past).await.state, ListenerState::Unknown);
        let soon = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
        assert_eq!(
            check(lo, port, soon).await.state,
            ListenerState::LoopbackOnly
        );
    }
}
