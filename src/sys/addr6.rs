//! This host's IPv6 addresses on one interface, with what the OS says about
//! them (temporary, deprecated, tentative). Linux reads the flags over
//! rtnetlink; elsewhere only the addresses are known, and the pinhole
//! address choice says so (`flags_unknown`).

use crate::net::host::Iface;
use crate::net::ipv6_pick::V6Addr;

/// The interface's IPv6 addresses; the bool is true when the OS told the flags.
pub fn addresses(iface: &Iface) -> (Vec<V6Addr>, bool) {
    #[cfg(target_os = "linux")]
    if let Some(entries) = crate::sys::netlink::ipv6_addrs(iface.index) {
        let addrs = entries
            .iter()
            .map(|e| V6Addr {
                addr: e.addr,
                prefix_len: e.prefix_len,
                temporary: Some(e.temporary()),
                deprecated: e.deprecated(),
                tentative: e.tentative(),
                privacy_template: e.privacy_template(),
                permanent: e.permanent(),
            })
            .collect();
        return (addrs, true);
    }
    let addrs = iface
        .ipv6
        .iter()
        .map(|(a, len)| V6Addr {
            prefix_len: *len,
            ..V6Addr::plain(*a)
        })
        .collect();
    (addrs, false)
}
