//! The listener check: who listens on a port here, and what that means for
//! other machines. Facts only; the catalogue words them.

use crate::sys::listeners::ListenerProcess;
#[cfg(target_os = "linux")]
use crate::sys::listeners::{TCP_LISTEN, listening_on, processes_holding, read_listeners};
use serde::Serialize;
use std::net::IpAddr;
use tokio::time::Instant;

/// What the listeners mean for other machines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListenerState {
    /// Nothing listens on the port.
    Nothing,
    /// Only 127.0.0.1 / ::1: other machines cannot connect.
    LoopbackOnly,
    /// 0.0.0.0 or :: — every address of this machine.
    AllAddresses,
    /// The target address itself.
    TargetAddress,
    /// Only other specific addresses, not the target.
    OtherAddresses,
    /// Could not be told.
    Unknown,
}

/// Pure: classifies the listening addresses as seen from `target`.
pub fn classify(listening: &[IpAddr], target: IpAddr) -> ListenerState {
    let target = target.to_canonical();
    if listening.is_empty() {
        ListenerState::Nothing
    } else if listening.iter().any(IpAddr::is_unspecified) {
        ListenerState::AllAddresses
    } else if listening.iter().all(IpAddr::is_loopback) {
        ListenerState::LoopbackOnly
    } else if listening.contains(&target) {
        ListenerState::TargetAddress
    } else {
        ListenerState::OtherAddresses
    }
}

/// Result of a connect attempt in the fallback check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Knock {
    Open,
    Refused,
    /// Timed out, or any other error: no conclusion.
    Unclear,
}

/// Pure (fallback for systems without `/proc/net/tcp`): infer the state
/// from connecting to 127.0.0.1 and to the LAN address.
pub fn infer_from_knocks(loopback: Knock, lan: Option<Knock>) -> ListenerState {
    use Knock::*;
    match (loopback, lan) {
        (Open, Some(Refused)) => ListenerState::LoopbackOnly,
        (Open, Some(Open)) => ListenerState::AllAddresses,
        (Refused, Some(Open)) => ListenerState::TargetAddress,
        (Refused, Some(Refused)) => ListenerState::Nothing,
        (Refused, None) => ListenerState::Nothing,
        _ => ListenerState::Unknown,
    }
}

/// Pure: which address stands for "the LAN address" in the connect check:
/// the target itself, or — when the target is loopback — the address this
/// machine goes out with (`outgoing`), if it is not loopback too.
pub fn lan_to_knock(target: IpAddr, outgoing: Option<IpAddr>) -> Option<IpAddr> {
    if target.is_loopback() {
        outgoing.filter(|ip| !ip.is_loopback())
    } else {
        Some(target)
    }
}

/// How long one connect attempt of the fallback check may take.
pub const KNOCK_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(500);

/// The check on systems without a socket table to read (every OS but Linux;
/// compiled and tested everywhere): connect to 127.0.0.1 and to `lan` and
/// infer the state, each attempt bounded by [`KNOCK_TIMEOUT`] and `deadline`.
pub async fn knock_check(lan: Option<IpAddr>, port: u16, deadline: Instant) -> ListenerReport {
    use crate::sys::web::client::{NetErrorKind, connect};
    use std::net::{Ipv4Addr, SocketAddr};
    let soon = deadline.min(Instant::now() + KNOCK_TIMEOUT);
    let knock = |ip: IpAddr| async move {
        match connect(SocketAddr::new(ip, port), soon).await {
            Ok(_) => Knock::Open,
            Err(e) if e.kind == NetErrorKind::Refused => Knock::Refused,
            Err(_) => Knock::Unclear,
        }
    };
    let loopback = knock(IpAddr::V4(Ipv4Addr::LOCALHOST)).await;
    let lan = match lan {
        Some(ip) => Some(knock(ip).await),
        None => None,
    };
    ListenerReport {
        method: "connect",
        state: infer_from_knocks(loopback, lan),
        addresses: Vec::new(),
        processes: Vec::new(),
    }
}

/// The check, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct ListenerReport {
    /// `proc_net_tcp` (read the kernel's table) or `connect` (inferred).
    pub method: &'static str,
    pub state: ListenerState,
    /// Addresses seen listening on the port (the table method only).
    pub addresses: Vec<IpAddr>,
    /// The programs holding those sockets, where the OS tells (Linux: only
    /// processes this user may inspect).
    pub processes: Vec<ListenerProcess>,
}

/// Linux: read the kernel's tables and classify what listens on `port`.
#[cfg(target_os = "linux")]
pub fn check_tables(target: IpAddr, port: u16) -> ListenerReport {
    let mut rows = Vec::new();
    let mut read_any = false;
    for path in ["/proc/net/tcp", "/proc/net/tcp6"] {
        if let Ok(file) = std::fs::File::open(path) {
            read_any = true;
            rows.extend(read_listeners(file));
        }
    }
    let addresses = listening_on(&rows, port);
    let state = if read_any {
        classify(&addresses, target)
    } else {
        ListenerState::Unknown
    };
    let inodes: Vec<u64> = rows
        .iter()
        .filter(|r| r.state == TCP_LISTEN && r.local.port() == port)
        .map(|r| r.inode)
        .collect();
    ListenerReport {
        method: "proc_net_tcp",
        state,
        addresses,
        processes: processes_holding(&inodes),
    }
}

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
    let read = tokio::task::spawn_blocking(move || check_tables(target, port));
    match tokio::time::timeout_at(deadline, read).await {
        Ok(Ok(report)) => report,
        Err(_) | Ok(Err(_)) => unknown(),
    }
}

/// Elsewhere: knock on 127.0.0.1 and the LAN address (the logic, compiled
/// and tested on every OS, is [`knock_check`]).
#[cfg(not(target_os = "linux"))]
pub async fn check(target: IpAddr, port: u16, deadline: Instant) -> ListenerReport {
    // The address used to go out: a documentation address, nothing is sent.
    let outgoing =
        crate::sys::listeners::outgoing_address(IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1)));
    knock_check(lan_to_knock(target, outgoing), port, deadline).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_table() {
        use ListenerState::*;
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let lan = ip("192.168.99.123");
        let cases: &[(&[&str], IpAddr, ListenerState)] = &[
            (&[], lan, Nothing),
            (&["127.0.0.1"], lan, LoopbackOnly),
            (&["127.0.0.1", "::1"], lan, LoopbackOnly),
            (&["127.0.0.1"], ip("127.0.0.1"), LoopbackOnly),
            (&["0.0.0.0"], lan, AllAddresses),
            (&["::", "127.0.0.1"], lan, AllAddresses),
            (&["192.168.99.123"], lan, TargetAddress),
            (&["192.168.99.123", "127.0.0.1"], lan, TargetAddress),
            (&["10.0.0.5"], lan, OtherAddresses),
            (&["10.0.0.5"], ip("127.0.0.1"), OtherAddresses),
        ];
        for (listening, target, want) in cases {
            let l: Vec<IpAddr> = listening.iter().map(|s| ip(s)).collect();
            assert_eq!(classify(&l, *target), *want, "{listening:?} {target}");
        }
    }

    #[test]
    fn the_lan_address_to_knock_on() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let lan = ip("192.168.99.123");
        assert_eq!(lan_to_knock(lan, Some(ip("10.0.0.1"))), Some(lan));
        assert_eq!(lan_to_knock(ip("127.0.0.1"), Some(lan)), Some(lan));
        assert_eq!(lan_to_knock(ip("127.0.0.1"), Some(ip("127.0.0.1"))), None);
        assert_eq!(lan_to_knock(ip("::1"), None), None);
    }

    /// The non-Linux check against real listeners on this machine's
    /// loopback: 127.0.0.2 stands in for the LAN address (Linux answers on
    /// all of 127/8).
    #[cfg(target_os = "linux")]
    #[test]
    fn knocking_on_real_listeners() {
        use std::net::{SocketAddr, TcpListener};
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let lan: IpAddr = "127.0.0.2".parse().unwrap();
        let free_port = || {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let check = |port: u16| {
            let deadline = Instant::now() + std::time::Duration::from_secs(5);
            rt.block_on(knock_check(Some(lan), port, deadline)).state
        };
        // Loopback only.
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        assert_eq!(
            check(l.local_addr().unwrap().port()),
            ListenerState::LoopbackOnly
        );
        drop(l);
        // Every address.
        let l = TcpListener::bind("0.0.0.0:0").unwrap();
        assert_eq!(
            check(l.local_addr().unwrap().port()),
            ListenerState::AllAddresses
        );
        drop(l);
        // The "LAN" address only.
        let l = TcpListener::bind(SocketAddr::new(lan, 0)).unwrap();
        assert_eq!(
            check(l.local_addr().unwrap().port()),
            ListenerState::TargetAddress
        );
        drop(l);
        // Nothing (control: the same check on a port nobody holds).
        assert_eq!(check(free_port()), ListenerState::Nothing);
    }

    #[test]
    fn knocks_table() {
        use Knock::*;
        use ListenerState::*;
        let cases = [
            (Open, Some(Refused), LoopbackOnly),
            (Open, Some(Open), AllAddresses),
            (Refused, Some(Open), TargetAddress),
            (Refused, Some(Refused), Nothing),
            (Refused, None, Nothing),
            (Open, None, Unknown),
            (Unclear, Some(Refused), Unknown),
            (Open, Some(Unclear), Unknown),
        ];
        for (lo, lan, want) in cases {
            assert_eq!(infer_from_knocks(lo, lan), want, "{lo:?} {lan:?}");
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod async_tests {
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
