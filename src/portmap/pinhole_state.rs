//! netcheck's own record of the IPv6 pinholes it opened.
//!
//! UPnP's WANIPv6FirewallControl cannot list pinholes — a pinhole is known
//! only by the UniqueID its AddPinhole returned — and PCP needs the nonce of
//! the request that made a mapping to delete it. So `forward --ipv6` writes
//! each pinhole it opens to a small JSON file in the user's state directory,
//! `--list` and `--remove` read it, and expired entries are pruned.
//!
//! Where: `$XDG_STATE_HOME/netcheck` or `~/.local/state/netcheck` on Linux and
//! other Unix systems, `~/Library/Application Support/netcheck` on macOS,
//! `%LOCALAPPDATA%\netcheck` on Windows ([`state_dir`], pure and tested).
//!
//! A missing file is an empty record; an unreadable or corrupt one is a
//! warning and an empty record (it is rewritten on the next change), never a
//! crash.

use serde::{Deserialize, Serialize};
use std::net::Ipv6Addr;
use std::path::{Path, PathBuf};

/// File name inside the state directory.
pub const FILE_NAME: &str = "pinholes.json";
const VERSION: u32 = 1;

/// The OS families whose conventions differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OsKind {
    /// Linux and other Unix systems: the XDG base directory spec.
    Unix,
    MacOs,
    Windows,
}

impl OsKind {
    pub fn current() -> OsKind {
        if cfg!(target_os = "macos") {
            OsKind::MacOs
        } else if cfg!(windows) {
            OsKind::Windows
        } else {
            OsKind::Unix
        }
    }
}

/// netcheck's state directory, from the environment as `env` reports it.
/// `None` when the environment names no home at all. Relative values are
/// ignored, as the XDG spec says.
pub fn state_dir(os: OsKind, env: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let abs = |k: &str| {
        env(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .filter(|p| p.is_absolute() || (os == OsKind::Windows && p.has_root()))
    };
    match os {
        OsKind::Unix => abs("XDG_STATE_HOME")
            .or_else(|| abs("HOME").map(|h| h.join(".local").join("state")))
            .map(|d| d.join("netcheck")),
        OsKind::MacOs => abs("HOME").map(|h| {
            h.join("Library")
                .join("Application Support")
                .join("netcheck")
        }),
        OsKind::Windows => abs("LOCALAPPDATA")
            .or_else(|| abs("USERPROFILE").map(|h| h.join("AppData").join("Local")))
            .map(|d| d.join("netcheck")),
    }
}

/// The record's path on this machine.
pub fn default_path() -> Option<PathBuf> {
    state_dir(OsKind::current(), |k| std::env::var(k).ok()).map(|d| d.join(FILE_NAME))
}

/// How the pinhole was made (and so how it is renewed and removed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PinholeMethod {
    Upnp,
    Pcp,
}

impl PinholeMethod {
    pub fn label(self) -> &'static str {
        match self {
            PinholeMethod::Upnp => "UPnP IGDv2",
            PinholeMethod::Pcp => "PCP",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PinholeProto {
    Tcp,
    Udp,
}

/// One pinhole netcheck opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub method: PinholeMethod,
    pub address: Ipv6Addr,
    pub port: u16,
    pub protocol: PinholeProto,
    /// UPnP: the UniqueID AddPinhole returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique_id: Option<u16>,
    /// UPnP: the control URL of the router's WANIPv6FirewallControl service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_url: Option<String>,
    /// PCP: the router's address and the request's nonce (hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pcp_server: Option<Ipv6Addr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    /// Unix seconds.
    pub created: u64,
    pub expires: u64,
}

impl Entry {
    /// The same pinhole (router-side identity): address, port, protocol, method.
    pub fn same_hole(&self, other: &Entry) -> bool {
        self.method == other.method
            && self.address == other.address
            && self.port == other.port
            && self.protocol == other.protocol
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct File {
    version: u32,
    pinholes: Vec<Entry>,
}

/// Parse the record's text; entries that expired by `now` are dropped.
pub fn parse(text: &str, now: u64) -> Result<Vec<Entry>, String> {
    let f: File = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if f.version != VERSION {
        return Err(format!("unknown record version {}", f.version));
    }
    Ok(prune(f.pinholes, now))
}

/// Drop expired entries and, of duplicates, keep the newest.
pub fn prune(entries: Vec<Entry>, now: u64) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for e in entries.into_iter().filter(|e| e.expires > now) {
        if let Some(old) = out.iter_mut().find(|o| o.same_hole(&e)) {
            if e.created >= old.created {
                *old = e;
            }
        } else {
            out.push(e);
        }
    }
    out
}

pub fn render(entries: &[Entry]) -> String {
    let f = File {
        version: VERSION,
        pinholes: entries.to_vec(),
    };
    serde_json::to_string_pretty(&f).unwrap_or_default() + "\n"
}

/// Unix seconds now.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// What reading the record found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadProblem {
    /// No state directory (no HOME): nothing can be remembered.
    NoStateDir,
    /// The file exists but could not be read or parsed.
    Unreadable { path: PathBuf, detail: String },
}

/// The record at `path` (missing → empty). A problem comes back with an empty record.
pub fn load_from(path: &Path, now: u64) -> (Vec<Entry>, Option<LoadProblem>) {
    match std::fs::read_to_string(path) {
        Ok(text) => match parse(&text, now) {
            Ok(e) => (e, None),
            Err(detail) => (
                Vec::new(),
                Some(LoadProblem::Unreadable {
                    path: path.to_path_buf(),
                    detail,
                }),
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Vec::new(), None),
        Err(e) => (
            Vec::new(),
            Some(LoadProblem::Unreadable {
                path: path.to_path_buf(),
                detail: e.to_string(),
            }),
        ),
    }
}

/// The record as a command holds it: where it lives (`None`: no state
/// directory) and its live entries.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub path: Option<PathBuf>,
    pub entries: Vec<Entry>,
}

/// Something wrong with the record, as a fact (stable code; the catalogue
/// words it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordProblem {
    /// No state directory: pinholes are not remembered.
    NoStateDir,
    /// The file could not be read or parsed (started afresh).
    Unreadable { detail: String },
    /// The file could not be written.
    WriteFailed { detail: String },
}

impl RecordProblem {
    /// Stable code for `--json`.
    pub fn code(&self) -> &'static str {
        match self {
            RecordProblem::NoStateDir => "no_state_dir",
            RecordProblem::Unreadable { .. } => "record_unreadable",
            RecordProblem::WriteFailed { .. } => "record_write_failed",
        }
    }
}

/// Reads this machine's record; a problem is pushed to `problems` and the
/// record comes back empty.
pub fn load_record(problems: &mut Vec<RecordProblem>) -> Record {
    let Some(path) = default_path() else {
        problems.push(RecordProblem::NoStateDir);
        return Record::default();
    };
    let (entries, problem) = load_from(&path, now());
    match problem {
        Some(LoadProblem::Unreadable { detail, .. }) => {
            problems.push(RecordProblem::Unreadable { detail });
        }
        Some(LoadProblem::NoStateDir) => problems.push(RecordProblem::NoStateDir),
        None => {}
    }
    Record {
        path: Some(path),
        entries,
    }
}

/// Writes the record back (nothing without a state directory).
pub fn save_record(rec: &Record, problems: &mut Vec<RecordProblem>) {
    if let Some(path) = &rec.path
        && let Err(e) = save_to(path, &rec.entries)
    {
        problems.push(RecordProblem::WriteFailed {
            detail: e.to_string(),
        });
    }
}

/// Replaces the record's entries for these pinholes by `fresh`.
pub fn remember(rec: &mut Record, fresh: &[Entry]) {
    rec.entries
        .retain(|old| !fresh.iter().any(|f| f.same_hole(old)));
    rec.entries.extend(fresh.iter().cloned());
}

/// Write the record (through a temporary file and a rename: never half a file).
pub fn save_to(path: &Path, entries: &[Entry]) -> std::io::Result<()> {
    write_atomic(path, &render(entries))
}

/// Writes `text` to `path` through a temporary file and a rename, so a
/// reader never sees half a file; creates the directory.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let ext = path
        .extension()
        .map_or(String::new(), |e| e.to_string_lossy().into_owned());
    let tmp = path.with_extension(format!("{ext}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Lowercase hex of a nonce.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Parse lowercase or uppercase hex into exactly `N` bytes.
pub fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    if s.len() != N * 2 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(s.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| m.get(k).cloned()
    }

    #[test]
    fn state_dir_table() {
        type Case<'a> = (OsKind, Vec<(&'a str, &'a str)>, Option<&'a str>);
        let cases: Vec<Case> = vec![
            (
                OsKind::Unix,
                vec![("XDG_STATE_HOME", "/x/state"), ("HOME", "/home/a")],
                Some("/x/state/netcheck"),
            ),
            (
                OsKind::Unix,
                vec![("HOME", "/home/a")],
                Some("/home/a/.local/state/netcheck"),
            ),
            // Relative and empty XDG values are ignored (XDG spec).
            (
                OsKind::Unix,
                vec![("XDG_STATE_HOME", "rel/state"), ("HOME", "/home/a")],
                Some("/home/a/.local/state/netcheck"),
            ),
            (
                OsKind::Unix,
                vec![("XDG_STATE_HOME", ""), ("HOME", "/home/a")],
                Some("/home/a/.local/state/netcheck"),
            ),
            (OsKind::Unix, vec![], None),
            (
                OsKind::MacOs,
                vec![("HOME", "/Users/a"), ("XDG_STATE_HOME", "/ignored")],
                Some("/Users/a/Library/Application Support/netcheck"),
            ),
            (OsKind::MacOs, vec![], None),
        ];
        for (os, vars, want) in cases {
            assert_eq!(
                state_dir(os, env(&vars)),
                want.map(PathBuf::from),
                "{os:?} {vars:?}"
            );
        }
        // Windows paths only parse as absolute on Windows; the choice of variable is what matters.
        let w = state_dir(
            OsKind::Windows,
            env(&[("LOCALAPPDATA", "/C/Users/a/AppData/Local")]),
        );
        assert_eq!(w, Some(PathBuf::from("/C/Users/a/AppData/Local/netcheck")));
        let w = state_dir(OsKind::Windows, env(&[("USERPROFILE", "/C/Users/a")]));
        assert_eq!(w, Some(PathBuf::from("/C/Users/a/AppData/Local/netcheck")));
    }

    fn entry(port: u16, created: u64, expires: u64) -> Entry {
        Entry {
            method: PinholeMethod::Upnp,
            address: "2111:222:99::123".parse().unwrap(),
            port,
            protocol: PinholeProto::Tcp,
            unique_id: Some(7),
            control_url: Some("http://[2111:222:99::1]:5555/ctl/IP6FCtl".into()),
            pcp_server: None,
            nonce: None,
            created,
            expires,
        }
    }

    #[test]
    fn round_trip_and_prune() {
        let entries = vec![entry(5000, 10, 100), entry(6000, 10, 50)];
        let text = render(&entries);
        assert_eq!(parse(&text, 0).unwrap(), entries);
        // At 60 the second has expired.
        assert_eq!(parse(&text, 60).unwrap(), vec![entry(5000, 10, 100)]);
        assert!(parse(&text, 100).unwrap().is_empty());
        // Duplicates: the newest wins.
        let dup = prune(vec![entry(5000, 10, 100), entry(5000, 20, 90)], 0);
        assert_eq!(dup, vec![entry(5000, 20, 90)]);
    }

    #[test]
    fn corrupt_and_missing_are_not_fatal() {
        for bad in [
            "",
            "{",
            "[]",
            "{\"version\":9,\"pinholes\":[]}",
            "\u{0}\u{1}",
        ] {
            assert!(parse(bad, 0).is_err(), "{bad:?}");
        }
        let dir = std::env::temp_dir().join(format!("netcheck-state-test-{}", std::process::id()));
        let path = dir.join(FILE_NAME);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(load_from(&path, 0), (Vec::new(), None));
        save_to(&path, &[entry(5000, 1, 100)]).unwrap();
        assert_eq!(load_from(&path, 0).0, vec![entry(5000, 1, 100)]);
        std::fs::write(&path, "not json").unwrap();
        let (e, problem) = load_from(&path, 0);
        assert!(e.is_empty());
        assert!(matches!(problem, Some(LoadProblem::Unreadable { .. })));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn hex_round_trip() {
        let n = [0u8, 1, 0xab, 0xff, 9, 8, 7, 6, 5, 4, 3, 2];
        assert_eq!(unhex::<12>(&hex(&n)), Some(n));
        assert_eq!(unhex::<12>("zz"), None);
        assert_eq!(unhex::<2>("abc"), None);
        assert_eq!(unhex::<2>("éé"), None);
    }

    fn hole(port: u16, proto: PinholeProto, created: u64) -> Entry {
        Entry {
            method: PinholeMethod::Upnp,
            address: "2111:222:99::123".parse().unwrap(),
            port,
            protocol: proto,
            unique_id: Some(1),
            control_url: None,
            pcp_server: None,
            nonce: None,
            created,
            expires: created + 60,
        }
    }

    #[test]
    fn remember_replaces_the_same_hole_only() {
        let mut rec = Record {
            path: None,
            entries: vec![
                hole(5000, PinholeProto::Tcp, 1),
                hole(6000, PinholeProto::Tcp, 1),
            ],
        };
        remember(
            &mut rec,
            &[
                hole(5000, PinholeProto::Tcp, 9),
                hole(5000, PinholeProto::Udp, 9),
            ],
        );
        let mut got: Vec<(u16, PinholeProto, u64)> = rec
            .entries
            .iter()
            .map(|e| (e.port, e.protocol, e.created))
            .collect();
        got.sort_by_key(|g| (g.0, g.2, g.1 == PinholeProto::Udp));
        assert_eq!(
            got,
            vec![
                (5000, PinholeProto::Tcp, 9),
                (5000, PinholeProto::Udp, 9),
                (6000, PinholeProto::Tcp, 1)
            ]
        );
    }
}
