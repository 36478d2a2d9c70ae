//! The UPnP device that worked last on each LAN, remembered in the user's
//! state directory ([`super::pinhole_state::state_dir`]) as a small JSON
//! file, `upnp.json`.
//!
//! Routers answer an SSDP search only after a delay (miniupnpd: 50 ms, or at
//! random up to MX seconds), while their description URL rarely changes. So
//! the next run fetches the remembered description at once while SSDP runs
//! ([`crate::sys::upnp::discover`]), and the first usable device wins. An
//! entry is keyed by the gateway and the LAN address: another network, or
//! another address on it, starts from SSDP alone.
//!
//! A missing, unreadable or corrupt file is no memory (it is rewritten on the
//! next success), never a crash and never an error shown to people: this is
//! only a shortcut.

use super::pinhole_state::{OsKind, state_dir, write_atomic};
use crate::sys::upnp::Remembered;
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};

/// File name inside the state directory.
pub const FILE_NAME: &str = "upnp.json";
const VERSION: u32 = 1;
/// LANs remembered (the most recent first).
pub const MAX_ENTRIES: usize = 16;

/// One remembered device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub gateway: Ipv4Addr,
    pub lan: Ipv4Addr,
    /// The description URL.
    pub location: String,
    /// The control URL and service type chosen then.
    pub control_url: String,
    pub service_type: String,
}

impl Entry {
    pub fn new(gateway: Ipv4Addr, lan: Ipv4Addr, r: Remembered) -> Entry {
        Entry {
            gateway,
            lan,
            location: r.location,
            control_url: r.control_url,
            service_type: r.service_type,
        }
    }

    pub fn remembered(&self) -> Remembered {
        Remembered {
            location: self.location.clone(),
            control_url: self.control_url.clone(),
            service_type: self.service_type.clone(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct File {
    version: u32,
    devices: Vec<Entry>,
}

/// The file's text as entries; anything unreadable is an error (the caller
/// then remembers nothing).
pub fn parse(text: &str) -> Result<Vec<Entry>, String> {
    let f: File = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if f.version != VERSION {
        return Err(format!("unknown record version {}", f.version));
    }
    Ok(f.devices)
}

pub fn render(entries: &[Entry]) -> String {
    let f = File {
        version: VERSION,
        devices: entries.to_vec(),
    };
    serde_json::to_string_pretty(&f).unwrap_or_default() + "\n"
}

/// The entry for this gateway and LAN address.
pub fn find(entries: &[Entry], gateway: Ipv4Addr, lan: Ipv4Addr) -> Option<&Entry> {
    entries
        .iter()
        .find(|e| e.gateway == gateway && e.lan == lan)
}

/// `entries` with `new` first, replacing the entry of its LAN, at most
/// [`MAX_ENTRIES`] kept.
pub fn remember(entries: Vec<Entry>, new: Entry) -> Vec<Entry> {
    let (gateway, lan) = (new.gateway, new.lan);
    let mut out = vec![new];
    out.extend(
        entries
            .into_iter()
            .filter(|e| !(e.gateway == gateway && e.lan == lan)),
    );
    out.truncate(MAX_ENTRIES);
    out
}

/// The file's path on this machine (`None`: no home to keep it in).
pub fn default_path() -> Option<PathBuf> {
    state_dir(OsKind::current(), |k| std::env::var(k).ok()).map(|d| d.join(FILE_NAME))
}

/// The remembered entries; a missing or unusable file is none.
pub fn load(path: &Path) -> Vec<Entry> {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| parse(&t).ok())
        .unwrap_or_default()
}

/// Remembers `new` in the file at `path` (best effort: a failure to write
/// only costs the next run its shortcut).
pub fn save(path: &Path, new: Entry) {
    let entries = remember(load(path), new);
    let _ = write_atomic(path, &render(&entries));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(gw: [u8; 4], lan: [u8; 4], port: u16) -> Entry {
        Entry {
            gateway: gw.into(),
            lan: lan.into(),
            location: format!("http://{}:{port}/rootDesc.xml", Ipv4Addr::from(gw)),
            control_url: format!("http://{}:{port}/ctl/IPConn", Ipv4Addr::from(gw)),
            service_type: "urn:schemas-upnp-org:service:WANIPConnection:1".into(),
        }
    }

    #[test]
    fn round_trip_and_lookup_by_gateway_and_lan() {
        let a = entry([192, 168, 99, 1], [192, 168, 99, 123], 5555);
        let b = entry([10, 0, 0, 1], [10, 0, 0, 7], 2189);
        let text = render(&[a.clone(), b.clone()]);
        let back = parse(&text).unwrap();
        assert_eq!(back, vec![a.clone(), b.clone()]);
        assert_eq!(
            find(&back, a.gateway, a.lan).map(Entry::remembered),
            Some(a.remembered())
        );
        // Same gateway, another LAN address (or the reverse): not this LAN.
        assert_eq!(find(&back, a.gateway, [192, 168, 99, 124].into()), None);
        assert_eq!(find(&back, b.gateway, a.lan), None);
    }

    #[test]
    fn remember_replaces_the_same_lan_and_keeps_the_newest() {
        let old = entry([192, 168, 99, 1], [192, 168, 99, 123], 5555);
        let moved = entry([192, 168, 99, 1], [192, 168, 99, 123], 40000);
        let other = entry([10, 0, 0, 1], [10, 0, 0, 7], 80);
        let got = remember(vec![old, other.clone()], moved.clone());
        assert_eq!(got, vec![moved, other]);
        let many: Vec<Entry> = (0..40)
            .map(|i| entry([10, 0, i, 1], [10, 0, i, 2], 80))
            .collect();
        let mut kept = Vec::new();
        for e in many {
            kept = remember(kept, e);
        }
        assert_eq!(kept.len(), MAX_ENTRIES);
        assert_eq!(kept[0].gateway, Ipv4Addr::new(10, 0, 39, 1));
    }

    #[test]
    fn corrupt_or_foreign_text_is_no_memory() {
        for bad in [
            "",
            "{",
            "null",
            "[]",
            r#"{"version":2,"devices":[]}"#,
            r#"{"version":1,"devices":[{"gateway":"x"}]}"#,
            "\u{0}\u{1}garbage",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        let dir = std::env::temp_dir().join(format!("netcheck-upnp-cache-{}", std::process::id()));
        let path = dir.join(FILE_NAME);
        assert_eq!(load(&path), Vec::new(), "missing file");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&path, "not json").unwrap();
        assert_eq!(load(&path), Vec::new(), "corrupt file");
        // A save over a corrupt file replaces it.
        let e = entry([192, 168, 99, 1], [192, 168, 99, 123], 5555);
        save(&path, e.clone());
        assert_eq!(load(&path), vec![e]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
