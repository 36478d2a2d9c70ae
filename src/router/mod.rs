//! The router in front of this machine: which brand it is, where its
//! port-forwarding page lives, and the manual guide `netcheck forward` prints
//! when UPnP IGD, NAT-PMP and PCP cannot open the port. Pure data and pure
//! logic: no I/O here.

pub mod brand;
pub mod brands;
pub mod guide;
mod oui_table;

pub use brands::{Brand, DetectedBy, detect, from_mac, from_upnp};
pub use guide::{ManualGuide, Rule, build_guide};
pub use oui_table::OUI_BRANDS;
