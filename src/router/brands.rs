//! Router brands: recognising the gateway (UPnP description strings, else the
//! MAC's IEEE prefix) and where each brand keeps its port-forwarding and UPnP
//! pages. Pure data and pure functions; `docs/routers.md` says where every
//! path came from and which ones are unconfirmed.

pub use super::brand::Brand;
use super::oui_table::OUI_BRANDS;
use serde::{Deserialize, Serialize};

/// How the brand was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DetectedBy {
    Upnp,
    Mac,
    None,
}

// ---- detection ----------------------------------------------------------

/// Substrings (lower case) that name a brand in a UPnP device description.
/// Checked in this order: ISP names first (their gateways are built by
/// vendors whose own names may also appear), then OpenWrt (its LuCI UI
/// replaces the vendor's), then vendors.
const UPNP_SUBSTRINGS: &[(Brand, &[&str])] = &[
    (
        Brand::SkBroadband,
        &[
            "sk broadband",
            "skbroadband",
            "sk브로드밴드",
            "sk 브로드밴드",
        ],
    ),
    (
        Brand::LgUplus,
        &[
            "lg u+",
            "lgu+",
            "lg uplus",
            "lguplus",
            "lg유플러스",
            "유플러스",
        ],
    ),
    (
        Brand::Kt,
        &[
            "korea telecom",
            "kt corporation",
            "olleh",
            "kt_giga",
            "kt giga",
        ],
    ),
    (Brand::OpenWrt, &["openwrt"]),
    (Brand::IpTime, &["iptime", "efm networks", "efm network"]),
    (Brand::Fritzbox, &["fritz!box", "fritzbox", "fritz!"]),
    (Brand::TpLink, &["tp-link", "tplink", "tp link"]),
    (Brand::Asus, &["asus"]),
    (Brand::Netgear, &["netgear"]),
    (Brand::Linksys, &["linksys"]),
    (Brand::Huawei, &["huawei"]),
    (
        Brand::Xiaomi,
        &["xiaomi", "miwifi", "mi router", "redmi router"],
    ),
    (Brand::Ubiquiti, &["ubiquiti", "ubnt"]),
];

/// Whole words (lower case, split at anything not alphanumeric) that name a
/// brand: too short to be safe as substrings.
const UPNP_WORDS: &[(Brand, &[&str])] = &[
    (Brand::SkBroadband, &["skb"]),
    (Brand::Kt, &["kt"]),
    (Brand::OpenWrt, &["lede"]),
    (Brand::Fritzbox, &["avm"]),
    (Brand::Ubiquiti, &["unifi"]),
];

/// The brand named by a UPnP root device's manufacturer, modelName and
/// friendlyName (case-insensitive). `None` when nothing is recognised.
pub fn from_upnp(
    manufacturer: Option<&str>,
    model: Option<&str>,
    friendly_name: Option<&str>,
) -> Option<Brand> {
    let fields: Vec<String> = [manufacturer, model, friendly_name]
        .into_iter()
        .flatten()
        .map(str::to_lowercase)
        .collect();
    if fields.is_empty() {
        return None;
    }
    let words: Vec<&str> = fields
        .iter()
        .flat_map(|f| f.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let has_substring =
        |needles: &[&str]| needles.iter().any(|n| fields.iter().any(|f| f.contains(n)));
    let has_word = |b: Brand| {
        UPNP_WORDS
            .iter()
            .filter(|(wb, _)| *wb == b)
            .any(|(_, ws)| ws.iter().any(|w| words.contains(w)))
    };
    UPNP_SUBSTRINGS
        .iter()
        .find(|(b, needles)| has_substring(needles) || has_word(*b))
        .map(|(b, _)| *b)
}

/// Parses a MAC written `88:36:6c:12:34:56`, `88-36-6C-12-34-56`,
/// `8836.6c12.3456` or as 12 bare hex digits.
pub fn parse_mac(mac: &str) -> Option<[u8; 6]> {
    let hex: Vec<u8> = mac
        .trim()
        .bytes()
        .filter(|b| !matches!(b, b':' | b'-' | b'.'))
        .collect();
    if hex.len() != 12 || !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let mut out = [0u8; 6];
    for (i, pair) in hex.chunks(2).enumerate() {
        let s = std::str::from_utf8(pair).ok()?;
        out[i] = u8::from_str_radix(s, 16).ok()?;
    }
    Some(out)
}

/// The brand owning the MAC's IEEE prefix. Locally administered (bit 0x02 of
/// the first octet: randomised, virtual, or set by the owner) and group
/// (0x01) addresses never match: no IEEE assignment covers them.
pub fn from_mac(mac: &str) -> Option<Brand> {
    let m = parse_mac(mac)?;
    if m[0] & 0x03 != 0 {
        return None;
    }
    let oui = [m[0], m[1], m[2]];
    OUI_BRANDS
        .binary_search_by(|(p, _)| p.cmp(&oui))
        .ok()
        .map(|i| OUI_BRANDS[i].1)
}

/// [`detect`] from a UPnP device description.
pub fn detect_device(
    info: Option<&crate::proto::upnp_xml::DeviceInfo>,
    gateway_mac: Option<&str>,
) -> (Brand, DetectedBy) {
    detect(
        info.map(|i| {
            (
                i.manufacturer.as_deref(),
                i.model.as_deref(),
                i.friendly_name.as_deref(),
            )
        }),
        gateway_mac,
    )
}

/// UPnP strings first (the router names itself), then the gateway MAC's
/// prefix, else the generic guide.
pub fn detect(
    upnp: Option<(Option<&str>, Option<&str>, Option<&str>)>,
    gateway_mac: Option<&str>,
) -> (Brand, DetectedBy) {
    if let Some(b) = upnp.and_then(|(m, n, f)| from_upnp(m, n, f)) {
        return (b, DetectedBy::Upnp);
    }
    if let Some(b) = gateway_mac.and_then(from_mac) {
        return (b, DetectedBy::Mac);
    }
    (Brand::Generic, DetectedBy::None)
}

// ---- where things are --------------------------------------------------

/// Whether the menu path is backed by the seed post, a vendor's own manual
/// or help page, or a user's write-up naming the model (see
/// docs/routers.md). Nothing here was checked on a device.
pub fn menu_path_documented(brand: Brand) -> bool {
    matches!(
        brand,
        Brand::IpTime
            | Brand::SkBroadband
            | Brand::Kt
            | Brand::LgUplus
            | Brand::TpLink
            | Brand::Asus
            | Brand::Netgear
            | Brand::Fritzbox
            | Brand::OpenWrt
    )
}

/// The admin page's usual address when it is well known; the gateway address
/// netcheck finds is always preferred.
pub fn default_admin_hint(brand: Brand) -> Option<&'static str> {
    match brand {
        Brand::IpTime => Some("http://192.168.0.1/"),
        Brand::Kt => Some("http://172.30.1.254/"),
        Brand::LgUplus => Some("http://192.168.219.1/"),
        Brand::Fritzbox => Some("http://fritz.box/"),
        Brand::Netgear => Some("http://www.routerlogin.net/"),
        Brand::TpLink => Some("http://tplinkwifi.net/"),
        Brand::Asus => Some("http://router.asus.com/"),
        Brand::Xiaomi => Some("http://miwifi.com/ (http://192.168.31.1/)"),
        Brand::OpenWrt => Some("http://192.168.1.1/"),
        _ => None,
    }
}

/// Which routers a default login applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginScope {
    /// One model, named by the source.
    Model(&'static str),
    /// Older firmware of the brand.
    OlderFirmware,
    /// The brand's documented default.
    Default,
}

/// A default admin login that a named source gives (docs/routers.md). It
/// varies by model and the owner may have changed it: always shown as a hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultLogin {
    pub user: &'static str,
    pub password: &'static str,
    pub scope: LoginScope,
}

/// The default admin login for the brand, when a source gives one.
pub fn default_login(brand: Brand) -> Option<DefaultLogin> {
    let (user, password, scope) = match brand {
        Brand::IpTime => ("admin", "admin", LoginScope::OlderFirmware),
        Brand::Kt => ("ktuser", "megaap", LoginScope::Model("SS204-003H")),
        Brand::LgUplus => ("user", "power", LoginScope::Model("LG-5000P")),
        Brand::Netgear => ("admin", "password", LoginScope::Default),
        _ => return None,
    };
    Some(DefaultLogin {
        user,
        password,
        scope,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upnp_strings_name_the_brand() {
        // (manufacturer, modelName, friendlyName) → brand
        type Case<'a> = (
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
            Option<Brand>,
        );
        let cases: &[Case] = &[
            (
                Some("EFM Networks"),
                Some("ipTIME A2004NS-R"),
                None,
                Some(Brand::IpTime),
            ),
            (Some("ipTIME"), None, None, Some(Brand::IpTime)),
            (None, None, Some("ipTIME AX2004M"), Some(Brand::IpTime)),
            (
                Some("OpenWrt"),
                Some("OpenWrt router"),
                None,
                Some(Brand::OpenWrt),
            ),
            (None, None, Some("OpenWrt router"), Some(Brand::OpenWrt)),
            (
                Some("AVM Berlin"),
                Some("FRITZ!Box 7590"),
                None,
                Some(Brand::Fritzbox),
            ),
            (Some("AVM"), None, None, Some(Brand::Fritzbox)),
            (Some("SK Broadband"), None, None, Some(Brand::SkBroadband)),
            (None, Some("SKB GIGA WiFi"), None, Some(Brand::SkBroadband)),
            (Some("LG U+"), None, None, Some(Brand::LgUplus)),
            (None, None, Some("LGU+ Wi-Fi"), Some(Brand::LgUplus)),
            (Some("LG Uplus Corp."), None, None, Some(Brand::LgUplus)),
            (Some("KT"), Some("GiGA WiFi home"), None, Some(Brand::Kt)),
            (None, None, Some("KT_GiGA_5G"), Some(Brand::Kt)),
            (Some("Korea Telecom"), None, None, Some(Brand::Kt)),
            (
                Some("TP-LINK"),
                Some("Archer C6"),
                None,
                Some(Brand::TpLink),
            ),
            (
                Some("ASUSTeK Computer Inc."),
                Some("RT-AX88U"),
                None,
                Some(Brand::Asus),
            ),
            (
                Some("NETGEAR, Inc."),
                Some("R7000"),
                None,
                Some(Brand::Netgear),
            ),
            (Some("Linksys"), Some("EA7500"), None, Some(Brand::Linksys)),
            (
                Some("Huawei Technologies Co., Ltd."),
                None,
                None,
                Some(Brand::Huawei),
            ),
            (
                Some("Xiaomi"),
                Some("Mi Router 4A"),
                None,
                Some(Brand::Xiaomi),
            ),
            (
                Some("Ubiquiti Networks"),
                Some("UniFi Dream Machine"),
                None,
                Some(Brand::Ubiquiti),
            ),
            // An ISP name wins over the maker's; OpenWrt wins over hardware.
            (
                Some("DASAN Networks"),
                None,
                Some("KT GiGA WiFi"),
                Some(Brand::Kt),
            ),
            (
                Some("OpenWrt"),
                Some("Xiaomi Mi Router 4A"),
                None,
                Some(Brand::OpenWrt),
            ),
            // Unknown or look-alike strings.
            (Some("Debian"), Some("Debian router"), None, None),
            (Some("Linux"), Some("miniupnpd"), None, None),
            (Some("Kitty Networks"), None, None, None),
            (Some("Navman"), None, None, None),
            (Some("Acme"), Some("Unified Gateway 3000"), None, None),
            (
                Some("LEDE"),
                Some("LEDE router"),
                None,
                Some(Brand::OpenWrt),
            ),
            (None, None, None, None),
            (Some(""), Some(""), Some(""), None),
        ];
        for (m, n, f, want) in cases {
            assert_eq!(from_upnp(*m, *n, *f), *want, "{m:?} {n:?} {f:?}");
        }
    }

    #[test]
    fn macs_name_the_brand() {
        let cases: &[(&str, Option<Brand>)] = &[
            ("88:36:6c:12:34:56", Some(Brand::IpTime)),
            ("88-36-6C-12-34-56", Some(Brand::IpTime)),
            ("8836.6c12.3456", Some(Brand::IpTime)),
            ("88366C123456", Some(Brand::IpTime)),
            (" 90:9f:33:00:00:01 ", Some(Brand::IpTime)),
            ("00:08:9f:aa:bb:cc", Some(Brand::IpTime)),
            ("00:04:0e:aa:bb:cc", Some(Brand::Fritzbox)),
            ("00:04:5a:aa:bb:cc", Some(Brand::Linksys)),
            // Not in the table.
            ("52:54:00:12:34:56", None),
            ("00:00:00:00:00:00", None),
            // Locally administered (0x8a = 0x88 | 0x02) and group bits.
            ("8a:36:6c:12:34:56", None),
            ("89:36:6c:12:34:56", None),
            ("ff:ff:ff:ff:ff:ff", None),
            // Garbage.
            ("", None),
            ("88:36:6c", None),
            ("88:36:6c:12:34:56:78", None),
            ("zz:36:6c:12:34:56", None),
            ("88:36:6c:12:34:5", None),
            ("+8:36:6c:12:34:56", None),
            ("８８:36:6c:12:34:56", None),
        ];
        for (mac, want) in cases {
            assert_eq!(from_mac(mac), *want, "{mac}");
        }
    }

    #[test]
    fn every_table_prefix_is_found() {
        for (p, b) in OUI_BRANDS {
            let mac = format!("{:02x}:{:02x}:{:02x}:01:02:03", p[0], p[1], p[2]);
            assert_eq!(from_mac(&mac), Some(*b), "{mac}");
        }
    }

    #[test]
    fn oui_table_is_sorted_and_unique() {
        assert!(OUI_BRANDS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(OUI_BRANDS.iter().all(|(p, _)| p[0] & 0x03 == 0));
        for b in [
            Brand::IpTime,
            Brand::TpLink,
            Brand::Asus,
            Brand::Netgear,
            Brand::Linksys,
            Brand::Fritzbox,
            Brand::Huawei,
            Brand::Xiaomi,
            Brand::Ubiquiti,
        ] {
            assert!(
                OUI_BRANDS.iter().any(|(_, t)| *t == b),
                "{b:?} has no prefix"
            );
        }
        for b in [
            Brand::SkBroadband,
            Brand::Kt,
            Brand::LgUplus,
            Brand::OpenWrt,
            Brand::Generic,
        ] {
            assert!(
                OUI_BRANDS.iter().all(|(_, t)| *t != b),
                "{b:?} has a prefix"
            );
        }
    }

    #[test]
    fn detection_order() {
        let iptime_mac = Some("88:36:6c:00:00:01");
        assert_eq!(
            detect(Some((Some("OpenWrt"), None, None)), iptime_mac),
            (Brand::OpenWrt, DetectedBy::Upnp)
        );
        // UPnP answered but named nobody we know: the MAC decides.
        assert_eq!(
            detect(Some((Some("Debian"), None, None)), iptime_mac),
            (Brand::IpTime, DetectedBy::Mac)
        );
        assert_eq!(detect(None, iptime_mac), (Brand::IpTime, DetectedBy::Mac));
        assert_eq!(
            detect(None, Some("8a:36:6c:00:00:01")),
            (Brand::Generic, DetectedBy::None)
        );
        assert_eq!(detect(None, None), (Brand::Generic, DetectedBy::None));
    }

    #[test]
    fn names_and_json() {
        assert_eq!(Brand::IpTime.to_string(), "ipTIME");
        assert_eq!(Brand::LgUplus.to_string(), "LG U+");
        assert_eq!(Brand::Fritzbox.to_string(), "AVM FRITZ!Box");
        assert_eq!(Brand::Generic.to_string(), "your router");
        assert_eq!(
            serde_json::to_string(&Brand::SkBroadband).unwrap(),
            "\"sk_broadband\""
        );
        assert_eq!(serde_json::to_string(&Brand::TpLink).unwrap(), "\"tplink\"");
        assert_eq!(
            serde_json::to_string(&DetectedBy::Upnp).unwrap(),
            "\"upnp\""
        );
        assert_eq!(
            serde_json::to_string(&DetectedBy::None).unwrap(),
            "\"none\""
        );
        for b in Brand::ALL {
            let s = serde_json::to_string(&b).unwrap();
            assert_eq!(serde_json::from_str::<Brand>(&s).unwrap(), b);
        }
    }
}
