//! The only module that depends on `local-ip-address`: which local IPv4
//! address the OS would use to go out (a cross-check for the default route).

use std::net::{IpAddr, Ipv4Addr};

pub fn outgoing_ipv4() -> Option<Ipv4Addr> {
    match local_ip_address::local_ip() {
        Ok(IpAddr::V4(v4)) => Some(v4),
        _ => None,
    }
}
