//! Wire protocols: pure codecs, with thin transports on top.

pub mod bytes;
pub mod echo;
pub mod natpmp;
pub mod pcp;
pub mod reflector;
pub mod router_error;
pub mod ssdp;
pub mod stun;
#[cfg(test)]
pub(crate) mod testkit;
pub mod udp;
pub mod upnp6fc;
pub mod upnp_xml;
