//! Wire protocols: pure codecs, with thin transports on top.

pub mod echo;
pub mod stun;
pub mod upnp_xml;
