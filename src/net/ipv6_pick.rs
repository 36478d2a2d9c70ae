//! Which IPv6 address an inbound pinhole opens to — a pure decision.
//!
//! A host usually holds several IPv6 addresses on one interface: a stable
//! global one (SLAAC or DHCPv6, the one a server's name should point at), one
//! or more temporary "privacy" addresses (RFC 8981) that the kernel prefers
//! for outgoing connections and replaces every day, a ULA (fc00::/7, never
//! reachable from the internet) and a link-local one. A pinhole is for the
//! stable global address: a temporary one stops working within a day, a ULA
//! or link-local one never works from outside. Routers also check that the
//! request comes *from* the address it opens (miniupnpd answers 606
//! otherwise), so the caller sends from the address chosen here.

use crate::net::addr::{AddressKind, classify_v6};
use serde::Serialize;
use std::net::Ipv6Addr;

/// One IPv6 address of the interface facing the router, as the OS tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct V6Addr {
    pub addr: Ipv6Addr,
    pub prefix_len: u8,
    /// A privacy address. `None`: the OS cannot tell (then it is not held against the address).
    pub temporary: Option<bool>,
    /// Its preferred lifetime ran out: the OS no longer uses it for new connections.
    pub deprecated: bool,
    /// Duplicate address detection not finished or failed: not usable yet.
    pub tentative: bool,
    /// The template of the kernel's privacy addresses (Linux `mngtmpaddr`):
    /// the stable SLAAC address by construction.
    pub privacy_template: bool,
    /// No lifetime: configured by hand or by the OS permanently.
    pub permanent: bool,
}

impl V6Addr {
    /// A plain address with nothing known about it but the address.
    pub fn plain(addr: Ipv6Addr) -> V6Addr {
        V6Addr {
            addr,
            prefix_len: 64,
            temporary: None,
            deprecated: false,
            tentative: false,
            privacy_template: false,
            permanent: false,
        }
    }
}

/// Why an address was passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Skip {
    /// fc00::/7: reachable only inside the home.
    Ula,
    LinkLocal,
    /// A privacy address: it changes daily.
    Temporary,
    Deprecated,
    Tentative,
    /// Loopback, documentation, multicast, …
    NotGlobal,
    /// The server listens on other addresses only.
    NotListening,
}

/// Why the chosen address was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The server listens on this address only (and it is stable and global).
    ServerBound,
    /// The stable global address (the template of the privacy addresses, or
    /// the one not marked temporary).
    Stable,
    /// The only global address; the OS does not say whether it is temporary.
    FlagsUnknown,
}

/// The decision, with what was passed over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Picked {
    pub address: Ipv6Addr,
    pub reason: Reason,
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub address: Ipv6Addr,
    pub why: Skip,
}

/// No address a pinhole could open to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoPick {
    /// No global IPv6 address at all (maybe a ULA or link-local only).
    NoGlobal { skipped: Vec<Skipped> },
    /// Global addresses exist, but all are temporary (privacy) ones.
    OnlyTemporary { skipped: Vec<Skipped> },
    /// The server listens on IPv6 addresses none of which can take a pinhole.
    ServerBoundElsewhere { skipped: Vec<Skipped> },
}

fn skip_of(a: &V6Addr) -> Option<Skip> {
    match classify_v6(a.addr) {
        AddressKind::Global => {}
        AddressKind::Ula => return Some(Skip::Ula),
        AddressKind::LinkLocal => return Some(Skip::LinkLocal),
        _ => return Some(Skip::NotGlobal),
    }
    if a.tentative {
        Some(Skip::Tentative)
    } else if a.temporary == Some(true) {
        Some(Skip::Temporary)
    } else if a.deprecated {
        Some(Skip::Deprecated)
    } else {
        None
    }
}

/// Pick the address for a pinhole.
///
/// `bound`: the IPv6 addresses the server listens on; empty when it listens
/// on all (`::`) or nothing is known. Among stable global addresses, the
/// template of the privacy addresses wins, then a permanent one, then the
/// lowest (so the choice does not depend on the OS's listing order).
pub fn pick(addrs: &[V6Addr], bound: &[Ipv6Addr]) -> Result<Picked, NoPick> {
    let mut skipped = Vec::new();
    let mut usable: Vec<&V6Addr> = Vec::new();
    for a in addrs {
        if let Some(why) = skip_of(a) {
            skipped.push(Skipped {
                address: a.addr,
                why,
            });
        } else if !bound.is_empty() && !bound.contains(&a.addr) {
            skipped.push(Skipped {
                address: a.addr,
                why: Skip::NotListening,
            });
        } else {
            usable.push(a);
        }
    }
    usable.sort_by_key(|a| (!a.privacy_template, !a.permanent, a.addr));
    let Some(best) = usable.first() else {
        let has = |w: Skip| skipped.iter().any(|s| s.why == w);
        return Err(if has(Skip::NotListening) {
            NoPick::ServerBoundElsewhere { skipped }
        } else if has(Skip::Temporary) || has(Skip::Deprecated) {
            NoPick::OnlyTemporary { skipped }
        } else {
            NoPick::NoGlobal { skipped }
        });
    };
    let reason = if !bound.is_empty() {
        Reason::ServerBound
    } else if best.temporary.is_none() && !best.privacy_template {
        Reason::FlagsUnknown
    } else {
        Reason::Stable
    };
    Ok(Picked {
        address: best.addr,
        reason,
        skipped,
    })
}

/// The specific IPv6 addresses a TCP server listens on, from the addresses
/// the OS lists for its port: empty when it listens on all of them (`::`)
/// or on none (IPv4 only, not started yet) — then any address will do.
pub fn bound_v6(listening: &[std::net::IpAddr]) -> Vec<Ipv6Addr> {
    use std::net::IpAddr;
    if listening
        .iter()
        .any(|ip| matches!(ip, IpAddr::V6(v) if v.is_unspecified()))
    {
        return Vec::new();
    }
    listening
        .iter()
        .filter_map(|ip| match ip {
            IpAddr::V6(v) => Some(*v),
            IpAddr::V4(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Ipv6Addr {
        s.parse().unwrap()
    }

    fn stable(s: &str) -> V6Addr {
        V6Addr {
            temporary: Some(false),
            ..V6Addr::plain(ip(s))
        }
    }

    fn temp(s: &str) -> V6Addr {
        V6Addr {
            temporary: Some(true),
            ..V6Addr::plain(ip(s))
        }
    }

    #[test]
    fn table() {
        let template = V6Addr {
            privacy_template: true,
            ..stable("2111:222:99::123")
        };
        let ula = stable("fd00:99::123");
        let ll = stable("fe80::1");
        let privacy = temp("2111:222:99:0:7188:3627:554a:4204");
        let deprecated = V6Addr {
            deprecated: true,
            ..stable("2111:222:99::77")
        };
        let tentative = V6Addr {
            tentative: true,
            ..stable("2111:222:99::88")
        };
        let doc = stable("2001:db8::1");
        let other_stable = stable("2111:222:99::5");
        let unknown = V6Addr::plain(ip("2111:222:99::9"));
        type Want = Result<(&'static str, Reason), &'static str>;
        let cases: Vec<(&str, Vec<V6Addr>, Vec<&str>, Want)> = vec![
            (
                "lab host: stable, ULA, privacy",
                vec![ula, privacy, template, ll],
                vec![],
                Ok(("2111:222:99::123", Reason::Stable)),
            ),
            (
                "template wins over another stable one, whatever the order",
                vec![other_stable, template],
                vec![],
                Ok(("2111:222:99::123", Reason::Stable)),
            ),
            (
                "two plain stable ones: the lowest",
                vec![stable("2111:222:99::9"), other_stable],
                vec![],
                Ok(("2111:222:99::5", Reason::Stable)),
            ),
            (
                "never ULA or link-local",
                vec![ula, ll],
                vec![],
                Err("no_global"),
            ),
            ("nothing at all", vec![], vec![], Err("no_global")),
            (
                "privacy only",
                vec![privacy, ula],
                vec![],
                Err("only_temporary"),
            ),
            (
                "deprecated and tentative are not used",
                vec![deprecated, tentative, ll],
                vec![],
                Err("only_temporary"),
            ),
            ("documentation prefix", vec![doc], vec![], Err("no_global")),
            (
                "flags unknown (not Linux)",
                vec![unknown, ula],
                vec![],
                Ok(("2111:222:99::9", Reason::FlagsUnknown)),
            ),
            (
                "server bound to one stable address",
                vec![template, other_stable],
                vec!["2111:222:99::5"],
                Ok(("2111:222:99::5", Reason::ServerBound)),
            ),
            (
                "server bound to the privacy address only",
                vec![template, privacy],
                vec!["2111:222:99:0:7188:3627:554a:4204"],
                Err("bound_elsewhere"),
            ),
        ];
        for (name, addrs, bound, want) in cases {
            let bound: Vec<Ipv6Addr> = bound.into_iter().map(ip).collect();
            let got = pick(&addrs, &bound);
            match (got, want) {
                (Ok(p), Ok((a, r))) => {
                    assert_eq!((p.address, p.reason), (ip(a), r), "{name}");
                    assert!(p.skipped.iter().all(|s| s.address != p.address), "{name}");
                }
                (Err(NoPick::NoGlobal { .. }), Err("no_global"))
                | (Err(NoPick::OnlyTemporary { .. }), Err("only_temporary"))
                | (Err(NoPick::ServerBoundElsewhere { .. }), Err("bound_elsewhere")) => {}
                (got, want) => panic!("{name}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn bound_addresses() {
        use std::net::IpAddr;
        let v = |s: &str| -> IpAddr { s.parse().unwrap() };
        assert!(bound_v6(&[v("::"), v("2111:222:99::5")]).is_empty());
        assert!(bound_v6(&[v("0.0.0.0")]).is_empty());
        assert!(bound_v6(&[]).is_empty());
        assert_eq!(
            bound_v6(&[v("0.0.0.0"), v("2111:222:99::5")]),
            vec![ip("2111:222:99::5")]
        );
    }

    #[test]
    fn skipped_say_why() {
        let p = pick(
            &[
                stable("fd00:99::123"),
                temp("2111:222:99::abcd"),
                stable("fe80::1"),
                stable("2111:222:99::123"),
            ],
            &[],
        )
        .unwrap();
        let whys: Vec<Skip> = p.skipped.iter().map(|s| s.why).collect();
        assert_eq!(whys, vec![Skip::Ula, Skip::Temporary, Skip::LinkLocal]);
    }
}
