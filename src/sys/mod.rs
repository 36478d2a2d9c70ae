//! Adapters over the OS and third-party crates. Each crate is used in one
//! module here only; the rest of netcheck sees plain netcheck types.

pub mod http;
pub mod listeners;
pub mod local_ip;
pub mod locale;
pub mod netdev_adapter;
#[cfg(target_os = "linux")]
pub mod netlink;
pub mod runtime;
pub mod signal;
pub mod upnp;
pub mod web;
