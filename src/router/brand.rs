//! The router brands netcheck knows. A leaf of `router`: the generated OUI
//! table (`oui_table.rs`) and the brand logic (`brands.rs`) both build on it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A router family with its own admin UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Brand {
    #[serde(rename = "iptime")]
    IpTime,
    SkBroadband,
    Kt,
    LgUplus,
    #[serde(rename = "tplink")]
    TpLink,
    Asus,
    Netgear,
    Linksys,
    Fritzbox,
    Huawei,
    Xiaomi,
    Ubiquiti,
    #[serde(rename = "openwrt")]
    OpenWrt,
    Generic,
}

impl Brand {
    /// Every brand, `Generic` last.
    pub const ALL: [Brand; 14] = [
        Brand::IpTime,
        Brand::SkBroadband,
        Brand::Kt,
        Brand::LgUplus,
        Brand::TpLink,
        Brand::Asus,
        Brand::Netgear,
        Brand::Linksys,
        Brand::Fritzbox,
        Brand::Huawei,
        Brand::Xiaomi,
        Brand::Ubiquiti,
        Brand::OpenWrt,
        Brand::Generic,
    ];

    /// The name people know it by.
    pub fn name(self) -> &'static str {
        match self {
            Brand::IpTime => "ipTIME",
            Brand::SkBroadband => "SK Broadband",
            Brand::Kt => "KT",
            Brand::LgUplus => "LG U+",
            Brand::TpLink => "TP-Link",
            Brand::Asus => "ASUS",
            Brand::Netgear => "NETGEAR",
            Brand::Linksys => "Linksys",
            Brand::Fritzbox => "AVM FRITZ!Box",
            Brand::Huawei => "HUAWEI",
            Brand::Xiaomi => "Xiaomi",
            Brand::Ubiquiti => "Ubiquiti UniFi",
            Brand::OpenWrt => "OpenWrt",
            Brand::Generic => "your router",
        }
    }
}

impl fmt::Display for Brand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
