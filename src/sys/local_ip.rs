//! Which local IPv4 address the OS would use to go out (a cross-check for
//! the default route), asked of the OS's own route table.
//!
//! `connect` on a UDP socket sends nothing: it only makes the kernel pick the
//! route and the source address for that destination, which `local_addr`
//! then reports. The same call works on Linux, macOS and Windows.

use std::net::{Ipv4Addr, SocketAddr, UdpSocket};

/// A destination that only a default route covers: TEST-NET-1 (RFC 5737),
/// never a real host and, on a home network, never on-link. No packet is sent.
const OFF_LINK: (Ipv4Addr, u16) = (Ipv4Addr::new(192, 0, 2, 1), 9);

pub fn outgoing_ipv4() -> Option<Ipv4Addr> {
    source_for(OFF_LINK)
}

/// The IPv4 default route (its interface, gateway and the address facing
/// it), read without the full interface scan so that `forward` can ask the
/// router at once. Linux: two rtnetlink dumps. Elsewhere `None`: the caller
/// reads the interfaces instead (`netdev_adapter::interfaces`).
#[cfg(target_os = "linux")]
pub fn default_route_v4() -> Option<crate::net::host::DefaultRoute> {
    crate::sys::netlink::default_route_v4()
}

/// See the Linux version: no cheap route lookup here.
#[cfg(not(target_os = "linux"))]
pub fn default_route_v4() -> Option<crate::net::host::DefaultRoute> {
    None
}

/// The source address the route table picks for `to` (nothing is sent).
fn source_for(to: (Ipv4Addr, u16)) -> Option<Ipv4Addr> {
    let sock = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    sock.connect(to).ok()?;
    match sock.local_addr().ok()? {
        SocketAddr::V4(a) if !a.ip().is_unspecified() => Some(*a.ip()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_route_table_picks_the_source() {
        // Loopback is routed on every host: the kernel picks 127.0.0.1 for
        // 127.0.0.1 and the loopback address itself for another 127/8 one.
        assert_eq!(
            source_for((Ipv4Addr::LOCALHOST, 9)),
            Some(Ipv4Addr::LOCALHOST)
        );
        assert_eq!(
            source_for((Ipv4Addr::new(127, 0, 0, 2), 9)),
            Some(Ipv4Addr::LOCALHOST)
        );
    }
}
