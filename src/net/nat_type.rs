//! NAT type: mapping and filtering behaviour (RFC 4787 terms, measured as RFC
//! 5780 describes), decided from observations. Pure: what the STUN tests saw
//! goes in, the classification and the reasons it could not be made come out.
//!
//! The rules that matter for "never wrong":
//! * a missing answer counts as "filtered" only after enough retransmissions
//!   and enough waiting after the last one ([`Silence::is_conclusive`]);
//! * a CHANGE-REQUEST answered from the wrong address is not evidence;
//! * evidence that contradicts itself (a more permissive test answered, a
//!   less permissive one not; mapping tests that disagree with other servers)
//!   gives `inconclusive` with a reason instead of a guess.
//!
//! The console words (Xbox Open/Moderate/Strict, PlayStation Type 1/2/3) and
//! the P2P grade are a documented mapping from the RFC terms: see
//! `docs/nat-type.md`.

use crate::net::Family;
use serde::Serialize;
use std::net::SocketAddr;

/// RFC 4787 behaviour, used for both mapping and filtering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Behaviour {
    EndpointIndependent,
    AddressDependent,
    AddressAndPortDependent,
}

impl Behaviour {
    pub fn code(self) -> &'static str {
        match self {
            Behaviour::EndpointIndependent => "endpoint_independent",
            Behaviour::AddressDependent => "address_dependent",
            Behaviour::AddressAndPortDependent => "address_and_port_dependent",
        }
    }
}

/// How easily a peer-to-peer connection (games, voice, WebRTC, VPN meshes)
/// goes direct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum P2p {
    Easy,
    Medium,
    Hard,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Xbox {
    Open,
    Moderate,
    Strict,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PlayStation {
    #[serde(rename = "type_1")]
    Type1,
    #[serde(rename = "type_2")]
    Type2,
    #[serde(rename = "type_3")]
    Type3,
}

/// The fewest transmissions of one request before its silence means
/// "filtered" (RFC 5389 retransmits up to 7 times; the deadline may cut that).
pub const MIN_SENDS_FOR_SILENCE: u32 = 4;
/// The least time waited after the last transmission before silence counts.
pub const MIN_WAIT_AFTER_LAST_MS: u64 = 300;

/// A request that got no answer: how hard we tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Silence {
    /// Transmissions (the first one plus retransmissions).
    pub sends: u32,
    /// Milliseconds waited after the last transmission.
    pub waited_after_last_ms: u64,
}

impl Silence {
    /// Enough tries that a lost datagram or two cannot explain the silence.
    pub fn is_conclusive(self) -> bool {
        self.sends >= MIN_SENDS_FOR_SILENCE && self.waited_after_last_ms >= MIN_WAIT_AFTER_LAST_MS
    }
}

/// What one STUN test saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A Binding success response.
    Mapped {
        /// XOR-MAPPED-ADDRESS.
        mapped: SocketAddr,
        /// The UDP source address the response actually came from.
        from: SocketAddr,
    },
    /// No answer after the retransmissions.
    Silent(Silence),
    /// An error response, a malformed reply, or a socket error (English).
    Failed(String),
    /// The test was not run (an earlier one failed, or it does not apply).
    NotRun,
}

impl Answer {
    pub fn mapped(&self) -> Option<SocketAddr> {
        match self {
            Answer::Mapped { mapped, .. } => Some(*mapped),
            _ => None,
        }
    }
    fn from(&self) -> Option<SocketAddr> {
        match self {
            Answer::Mapped { from, .. } => Some(*from),
            _ => None,
        }
    }
}

/// Everything measured for one address family.
///
/// Two sockets: the *mapping* socket runs RFC 5780 tests I, II and III (and
/// asks every other server, for "varies by destination"); the *filtering*
/// socket talks only to the primary address, then asks for answers from the
/// alternate IP and port (test II) and from the alternate port (test III).
/// A separate socket keeps the mapping tests from opening the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observations {
    pub family: Family,
    /// The mapping socket's local address (port preservation, "no NAT").
    pub local: Option<SocketAddr>,
    /// The RFC 5780 server's primary address, if one was found.
    pub primary: Option<SocketAddr>,
    /// Its OTHER-ADDRESS (alternate IP and port).
    pub other: Option<SocketAddr>,
    /// Mapping test I: primary address.
    pub map1: Answer,
    /// Mapping test II: alternate IP, primary port.
    pub map2: Answer,
    /// Mapping test III: alternate IP and port.
    pub map3: Answer,
    /// Filtering socket's first request to the primary address.
    pub filter_base: Answer,
    /// Filtering test II: CHANGE-REQUEST change IP and port.
    pub filter_ip_port: Answer,
    /// Filtering test III: CHANGE-REQUEST change port.
    pub filter_port: Answer,
    /// Answers of the other servers to the mapping socket: (server, answer).
    pub others: Vec<(SocketAddr, Answer)>,
}

/// Why part of the classification is left open. `code` is stable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub code: &'static str,
    pub family: Family,
    /// English detail for logs and `--json`.
    pub detail: String,
}

/// The answer for one family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Classification {
    pub family: Family,
    /// The public address:port of the mapping socket (test I).
    pub mapped: Option<SocketAddr>,
    /// The host holds its public address: no NAT for this family.
    pub behind_nat: Option<bool>,
    pub mapping: Option<Behaviour>,
    pub filtering: Option<Behaviour>,
    pub port_preserved: Option<bool>,
    pub varies_by_destination: Option<bool>,
    pub p2p: Option<P2p>,
    pub xbox: Option<Xbox>,
    pub playstation: Option<PlayStation>,
    pub inconclusive: Vec<Reason>,
}

/// Pure: does the public address of one socket differ between
/// destinations? `seen` holds (destination, mapped address) for every answer
/// that socket got, the first one being the reference. `Some(true)`: some
/// answer gave another address or port; `Some(false)`: two or more different
/// destinations all gave the same; `None`: fewer than two destinations
/// answered. Used by `nat` (every server and RFC 5780 test on the mapping
/// socket) and by `public-ip` (its STUN servers, asked from one socket).
pub fn varies_by_destination(seen: &[(SocketAddr, SocketAddr)]) -> Option<bool> {
    let first = seen.first()?.1;
    let distinct_dest = seen
        .iter()
        .map(|(d, _)| *d)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if seen.iter().any(|(_, m)| *m != first) {
        Some(true)
    } else if distinct_dest >= 2 {
        Some(false)
    } else {
        None
    }
}

pub fn classify(o: &Observations) -> Classification {
    let mut reasons: Vec<Reason> = Vec::new();
    let mut why = |code: &'static str, detail: String| {
        reasons.push(Reason {
            code,
            family: o.family,
            detail,
        })
    };

    // Every mapped address the mapping socket got, with its destination.
    let mut seen: Vec<(SocketAddr, SocketAddr)> = Vec::new();
    if let (Some(p), Some(m)) = (o.primary, o.map1.mapped()) {
        seen.push((p, m));
    }
    if let (Some(alt), Some(m)) = (o.other, o.map2.mapped()) {
        seen.push((
            SocketAddr::new(alt.ip(), o.primary.map_or(0, |p| p.port())),
            m,
        ));
    }
    if let (Some(alt), Some(m)) = (o.other, o.map3.mapped()) {
        seen.push((alt, m));
    }
    for (server, a) in &o.others {
        if let Some(m) = a.mapped() {
            seen.push((*server, m));
        }
    }
    let mapped = o.map1.mapped().or_else(|| seen.first().map(|(_, m)| *m));

    let varies_by_destination = varies_by_destination(&seen);

    let behind_nat = match (o.local, mapped) {
        (Some(l), Some(m)) => Some(l.ip() != m.ip() || l.port() != m.port()),
        _ => None,
    };
    let port_preserved = match (o.local, mapped, behind_nat) {
        (Some(l), Some(m), Some(true)) => Some(l.port() == m.port()),
        _ => None,
    };

    if seen.is_empty() {
        why(
            "no_answer",
            "no STUN server answered the first request (after retransmissions)".into(),
        );
    }

    // ---- mapping -----------------------------------------------------
    let mapping = if o.other.is_none() {
        if o.map1.mapped().is_some() || !seen.is_empty() {
            why(
                "no_rfc5780_server",
                "no server returned OTHER-ADDRESS: mapping and filtering need an RFC 5780 server"
                    .into(),
            );
        }
        // Servers at two or more different IPs: the mapping is only
        // endpoint-independent if every one of them saw the same address.
        let distinct_ips = seen
            .iter()
            .map(|(d, _)| d.ip())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        match (varies_by_destination, behind_nat) {
            (Some(false), _) if distinct_ips >= 2 => Some(Behaviour::EndpointIndependent),
            // No NAT (the public address is this machine's own, IPv6 on
            // most networks): nothing is translated, so nothing depends on
            // the destination.
            (Some(false) | None, Some(false)) => Some(Behaviour::EndpointIndependent),
            _ => None,
        }
    } else {
        mapping_from_tests(o, &seen, &mut why)
    };

    // ---- filtering ---------------------------------------------------
    let filtering = if o.other.is_none() {
        None
    } else {
        filtering_from_tests(o, &mut why)
    };

    let (p2p, xbox, playstation) = words(behind_nat, mapping, filtering, varies_by_destination);
    Classification {
        family: o.family,
        mapped,
        behind_nat,
        mapping,
        filtering,
        port_preserved,
        varies_by_destination,
        p2p,
        xbox,
        playstation,
        inconclusive: reasons,
    }
}

fn silence_detail(a: &Answer) -> String {
    match a {
        Answer::Silent(s) => format!(
            "{} transmissions, {} ms after the last",
            s.sends, s.waited_after_last_ms
        ),
        Answer::Failed(e) => e.clone(),
        Answer::NotRun => "not run".into(),
        Answer::Mapped { .. } => "answered".into(),
    }
}

fn mapping_from_tests(
    o: &Observations,
    seen: &[(SocketAddr, SocketAddr)],
    why: &mut impl FnMut(&'static str, String),
) -> Option<Behaviour> {
    let (Some(m1), Some(alt)) = (o.map1.mapped(), o.other) else {
        why(
            "mapping_test_unanswered",
            format!("mapping test I: {}", silence_detail(&o.map1)),
        );
        return None;
    };
    let Some(m2) = o.map2.mapped() else {
        why(
            "mapping_test_unanswered",
            format!(
                "mapping test II (alternate IP): {}",
                silence_detail(&o.map2)
            ),
        );
        return None;
    };
    if o.map2.from().map(|f| f.ip()) != Some(alt.ip()) {
        why(
            "wrong_origin",
            format!(
                "mapping test II was answered from {} instead of the alternate IP {}",
                o.map2.from().map_or("?".into(), |f| f.to_string()),
                alt.ip()
            ),
        );
        return None;
    }
    let result = if m2 == m1 {
        // Test III is not needed; if it ran and disagrees, the NAT is not
        // behaving consistently.
        match o.map3.mapped() {
            Some(m3) if m3 != m1 => {
                why(
                    "contradiction",
                    format!(
                        "mapping: tests I and II gave {m1}, test III gave {m3} (alternate IP and port)"
                    ),
                );
                return None;
            }
            _ => Behaviour::EndpointIndependent,
        }
    } else {
        let Some(m3) = o.map3.mapped() else {
            why(
                "mapping_test_unanswered",
                format!(
                    "mapping test III (alternate IP and port): {}",
                    silence_detail(&o.map3)
                ),
            );
            return None;
        };
        if m3 == m2 {
            Behaviour::AddressDependent
        } else {
            Behaviour::AddressAndPortDependent
        }
    };
    // Other servers must agree with an endpoint-independent verdict.
    if result == Behaviour::EndpointIndependent
        && let Some((server, m)) = seen.iter().find(|(_, m)| *m != m1)
    {
        why(
            "contradiction",
            format!("mapping: the RFC 5780 tests saw {m1} everywhere, but {server} saw {m}"),
        );
        return None;
    }
    Some(result)
}

fn filtering_from_tests(
    o: &Observations,
    why: &mut impl FnMut(&'static str, String),
) -> Option<Behaviour> {
    let (Some(primary), Some(alt)) = (o.primary, o.other) else {
        return None;
    };
    if o.filter_base.mapped().is_none() {
        why(
            "filtering_base_unanswered",
            format!(
                "the filtering socket's first request: {}",
                silence_detail(&o.filter_base)
            ),
        );
        return None;
    }
    // An answer only counts if it came from where we asked it to come from.
    let ip_port = filtering_test(
        &o.filter_ip_port,
        (alt.ip(), primary.port()),
        "II",
        "alternate IP and port",
        why,
    )?;
    let port = filtering_test(
        &o.filter_port,
        (primary.ip(), primary.port()),
        "III",
        "alternate port",
        why,
    )?;
    match (ip_port, port) {
        (Some(true), Some(true)) => Some(Behaviour::EndpointIndependent),
        (Some(true), Some(false)) => {
            why(
                "contradiction",
                "filtering: an answer from another IP and port came through, one from the same IP and another port did not".into(),
            );
            None
        }
        (Some(false), Some(true)) => Some(Behaviour::AddressDependent),
        (Some(false), Some(false)) => Some(Behaviour::AddressAndPortDependent),
        // Test III answered: at most address-dependent, but test II is open.
        _ => None,
    }
}

/// One CHANGE-REQUEST filtering test (`test`, asking for an answer from the
/// server's `source`): `Some(Some(true))` when the answer came through from
/// `want_ip` and a port other than `primary_port`, `Some(Some(false))` on
/// conclusive silence, `Some(None)` when it is not known. `None` when the
/// answer came from elsewhere: the server ignored the change request and no
/// filtering verdict can stand.
fn filtering_test(
    answer: &Answer,
    (want_ip, primary_port): (std::net::IpAddr, u16),
    test: &str,
    source: &str,
    why: &mut impl FnMut(&'static str, String),
) -> Option<Option<bool>> {
    match answer {
        Answer::Mapped { from, .. } if from.ip() == want_ip && from.port() != primary_port => {
            Some(Some(true))
        }
        Answer::Mapped { from, .. } => {
            why(
                "change_request_ignored",
                format!("asked for an answer from the {source}, got one from {from}"),
            );
            None
        }
        Answer::Silent(s) if s.is_conclusive() => Some(Some(false)),
        other => {
            why(
                "filtering_test_unanswered",
                format!(
                    "filtering test {test} ({source}): {}",
                    silence_detail(other)
                ),
            );
            Some(None)
        }
    }
}

/// The documented mapping from RFC terms to the words players know.
///
/// | mapping | filtering | P2P | Xbox | PlayStation |
/// |---|---|---|---|---|
/// | no NAT | EIF | easy | Open | Type 1 |
/// | no NAT | ADF/APDF | medium | Moderate | Type 1 |
/// | EIM | EIF | easy | Open | Type 2 |
/// | EIM | ADF | easy | Moderate | Type 2 |
/// | EIM | APDF | medium | Moderate | Type 2 |
/// | ADM/APDM (or varies) | any | hard | Strict | Type 3 |
pub fn words(
    behind_nat: Option<bool>,
    mapping: Option<Behaviour>,
    filtering: Option<Behaviour>,
    varies_by_destination: Option<bool>,
) -> (Option<P2p>, Option<Xbox>, Option<PlayStation>) {
    use Behaviour::*;
    let hard_mapping = matches!(mapping, Some(AddressDependent | AddressAndPortDependent))
        || (mapping.is_none() && varies_by_destination == Some(true));
    if hard_mapping {
        return (
            Some(P2p::Hard),
            Some(Xbox::Strict),
            Some(PlayStation::Type3),
        );
    }
    let eim = mapping == Some(EndpointIndependent) || behind_nat == Some(false);
    if !eim {
        return (None, None, None);
    }
    let ps = match behind_nat {
        Some(false) => Some(PlayStation::Type1),
        Some(true) => Some(PlayStation::Type2),
        None => None,
    };
    let (p2p, xbox) = match filtering {
        Some(EndpointIndependent) => (Some(P2p::Easy), Some(Xbox::Open)),
        Some(AddressDependent) if behind_nat == Some(true) => {
            (Some(P2p::Easy), Some(Xbox::Moderate))
        }
        Some(AddressDependent | AddressAndPortDependent) => {
            (Some(P2p::Medium), Some(Xbox::Moderate))
        }
        None => (None, None),
    };
    (p2p, xbox, ps)
}

/// What to do about it: stable codes, rendered by the catalogue.
pub fn advice(c: &Classification) -> Vec<&'static str> {
    let mut out = Vec::new();
    match c.xbox {
        Some(Xbox::Strict) => {
            out.push("enable_upnp");
            out.push("forward_port");
            out.push("bridge_mode");
        }
        Some(Xbox::Moderate) if c.behind_nat == Some(true) => {
            out.push("enable_upnp");
            out.push("forward_port");
        }
        Some(Xbox::Moderate) => out.push("open_firewall"),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Behaviour::*;

    const LOCAL: &str = "192.168.99.123:40000";
    const PRIMARY: &str = "111.222.33.1:3478";
    const ALT: &str = "111.222.33.2:3479";
    const ALT_IP_PRIMARY_PORT: &str = "111.222.33.2:3478";
    const PRIMARY_IP_ALT_PORT: &str = "111.222.33.1:3479";

    fn a(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }
    fn got(mapped: &str, from: &str) -> Answer {
        Answer::Mapped {
            mapped: a(mapped),
            from: a(from),
        }
    }
    fn silent() -> Answer {
        Answer::Silent(Silence {
            sends: 5,
            waited_after_last_ms: 1500,
        })
    }
    fn short_silence() -> Answer {
        Answer::Silent(Silence {
            sends: 2,
            waited_after_last_ms: 100,
        })
    }

    /// A full run: mapping answers m1, m2, m3 and filtering answers.
    fn obs(m: [&str; 3], fil: [Answer; 2]) -> Observations {
        let [f2, f3] = fil;
        Observations {
            family: Family::Ipv4,
            local: Some(a(LOCAL)),
            primary: Some(a(PRIMARY)),
            other: Some(a(ALT)),
            map1: got(m[0], PRIMARY),
            map2: got(m[1], ALT_IP_PRIMARY_PORT),
            map3: got(m[2], ALT),
            filter_base: got("111.222.33.123:40001", PRIMARY),
            filter_ip_port: f2,
            filter_port: f3,
            others: vec![],
        }
    }

    const M: &str = "111.222.33.123:40000";
    const M_B: &str = "111.222.33.123:51111";
    const M_C: &str = "111.222.33.123:52222";

    fn fil_eif() -> [Answer; 2] {
        [
            got("111.222.33.123:40001", ALT),
            got("111.222.33.123:40001", PRIMARY_IP_ALT_PORT),
        ]
    }
    fn fil_adf() -> [Answer; 2] {
        [silent(), got("111.222.33.123:40001", PRIMARY_IP_ALT_PORT)]
    }
    fn fil_apdf() -> [Answer; 2] {
        [silent(), silent()]
    }

    #[test]
    fn table() {
        use P2p::*;
        use PlayStation::*;
        use Xbox::*;
        // (observations, mapping, filtering, p2p, xbox, playstation)
        type Case = (
            Observations,
            Option<Behaviour>,
            Option<Behaviour>,
            Option<P2p>,
            Option<Xbox>,
            Option<PlayStation>,
        );
        let cases: Vec<Case> = vec![
            (
                obs([M, M, M], fil_eif()),
                Some(EndpointIndependent),
                Some(EndpointIndependent),
                Some(Easy),
                Some(Open),
                Some(Type2),
            ),
            (
                obs([M, M, M], fil_adf()),
                Some(EndpointIndependent),
                Some(AddressDependent),
                Some(Easy),
                Some(Moderate),
                Some(Type2),
            ),
            (
                obs([M, M, M], fil_apdf()),
                Some(EndpointIndependent),
                Some(AddressAndPortDependent),
                Some(Medium),
                Some(Moderate),
                Some(Type2),
            ),
            (
                obs([M, M_B, M_B], fil_apdf()),
                Some(AddressDependent),
                Some(AddressAndPortDependent),
                Some(Hard),
                Some(Strict),
                Some(Type3),
            ),
            (
                obs([M, M_B, M_C], fil_apdf()),
                Some(AddressAndPortDependent),
                Some(AddressAndPortDependent),
                Some(Hard),
                Some(Strict),
                Some(Type3),
            ),
            // Symmetric mapping with open filtering is still Strict.
            (
                obs([M, M_B, M_C], fil_eif()),
                Some(AddressAndPortDependent),
                Some(EndpointIndependent),
                Some(Hard),
                Some(Strict),
                Some(Type3),
            ),
        ];
        for (i, (o, map, fil, p, x, ps)) in cases.into_iter().enumerate() {
            let c = classify(&o);
            assert_eq!((c.mapping, c.filtering), (map, fil), "case {i}: {c:?}");
            assert_eq!((c.p2p, c.xbox, c.playstation), (p, x, ps), "case {i}");
            assert!(c.inconclusive.is_empty(), "case {i}: {:?}", c.inconclusive);
            assert_eq!(c.behind_nat, Some(true));
        }
    }

    #[test]
    fn varies_by_destination_decision() {
        let a = |s: &str| -> SocketAddr { s.parse().unwrap() };
        let (s1, s2) = (a("111.222.33.1:3478"), a("111.222.33.2:3479"));
        let (m, m_port, m_ip) = (
            a("111.222.33.123:40000"),
            a("111.222.33.123:40001"),
            a("111.222.33.124:40000"),
        );
        // Fewer than two destinations: cannot be told.
        assert_eq!(varies_by_destination(&[]), None);
        assert_eq!(varies_by_destination(&[(s1, m)]), None);
        assert_eq!(varies_by_destination(&[(s1, m), (s1, m)]), None);
        // Two destinations, one answer: the same address.
        assert_eq!(varies_by_destination(&[(s1, m), (s2, m)]), Some(false));
        // Another port or another address: it varies.
        assert_eq!(varies_by_destination(&[(s1, m), (s2, m_port)]), Some(true));
        assert_eq!(varies_by_destination(&[(s1, m), (s2, m_ip)]), Some(true));
        // Even from one destination, two answers that differ mean it varies.
        assert_eq!(varies_by_destination(&[(s1, m), (s1, m_port)]), Some(true));
    }

    #[test]
    fn port_preservation_and_varies() {
        let c = classify(&obs([M, M, M], fil_apdf()));
        assert_eq!(c.port_preserved, Some(true));
        assert_eq!(c.varies_by_destination, Some(false));
        let c = classify(&obs([M_B, M_B, M_B], fil_apdf()));
        assert_eq!(c.port_preserved, Some(false));
        let c = classify(&obs([M, M_B, M_C], fil_apdf()));
        assert_eq!(c.varies_by_destination, Some(true));
    }

    #[test]
    fn no_nat_is_type_1() {
        let mut o = obs([LOCAL, LOCAL, LOCAL], fil_eif());
        o.local = Some(a(LOCAL));
        let c = classify(&o);
        assert_eq!(c.behind_nat, Some(false));
        assert_eq!(c.playstation, Some(PlayStation::Type1));
        assert_eq!(c.xbox, Some(Xbox::Open));
        assert_eq!(c.port_preserved, None);
        let c = classify(&obs([LOCAL, LOCAL, LOCAL], fil_apdf()));
        assert_eq!((c.xbox, c.p2p), (Some(Xbox::Moderate), Some(P2p::Medium)));
        assert_eq!(advice(&c), vec!["open_firewall"]);
    }

    #[test]
    fn silence_needs_retransmissions() {
        // One lost datagram must not read as "filtered".
        let c = classify(&obs([M, M, M], [short_silence(), short_silence()]));
        assert_eq!(c.filtering, None);
        assert_eq!(c.xbox, None, "Open or Moderate cannot be told");
        assert_eq!(
            c.playstation,
            Some(PlayStation::Type2),
            "the mapping alone decides"
        );
        assert!(
            c.inconclusive
                .iter()
                .all(|r| r.code == "filtering_test_unanswered")
        );
        assert_eq!(c.inconclusive.len(), 2);
        // Control: the same silence, long enough, is filtering.
        assert_eq!(
            classify(&obs([M, M, M], fil_apdf())).filtering,
            Some(AddressAndPortDependent)
        );
    }

    #[test]
    fn contradictions_are_inconclusive() {
        // Other IP and port answered, same IP other port did not.
        let c = classify(&obs(
            [M, M, M],
            [got("111.222.33.123:40001", ALT), silent()],
        ));
        assert_eq!(c.filtering, None);
        assert_eq!(c.inconclusive[0].code, "contradiction");
        // I == II but III differs.
        let c = classify(&obs([M, M, M_B], fil_apdf()));
        assert_eq!(c.mapping, None);
        assert_eq!(c.inconclusive[0].code, "contradiction");
        // The class is open, but the mapping did change with the
        // destination: that fact alone makes hole punching hard.
        assert_eq!(c.varies_by_destination, Some(true));
        assert_eq!(c.xbox, Some(Xbox::Strict));
        // EIM by the RFC tests, but another server saw another port.
        let mut o = obs([M, M, M], fil_apdf());
        o.others
            .push((a("111.222.33.9:3478"), got(M_B, "111.222.33.9:3478")));
        let c = classify(&o);
        assert_eq!(c.mapping, None);
        assert_eq!(c.varies_by_destination, Some(true));
        assert_eq!(c.inconclusive[0].code, "contradiction");
    }

    #[test]
    fn change_request_ignored_is_not_evidence() {
        // A server that ignores CHANGE-REQUEST answers from the primary.
        let c = classify(&obs(
            [M, M, M],
            [
                got("111.222.33.123:40001", PRIMARY),
                got("111.222.33.123:40001", PRIMARY),
            ],
        ));
        assert_eq!(c.filtering, None);
        assert_eq!(c.inconclusive[0].code, "change_request_ignored");
    }

    /// Which filtering test: who should answer, its number, what it asks for.
    type Which = ((std::net::IpAddr, u16), &'static str, &'static str);
    /// What the classifier says on the way: (code, detail).
    type Said = Vec<(&'static str, String)>;

    /// Each answer to one filtering test, for test II (alternate IP and
    /// port) and test III (alternate port): the result and what is said.
    #[test]
    fn one_filtering_test() {
        let ii: Which = (
            (a(ALT).ip(), a(PRIMARY).port()),
            "II",
            "alternate IP and port",
        );
        let iii: Which = (
            (a(PRIMARY).ip(), a(PRIMARY).port()),
            "III",
            "alternate port",
        );
        let silence = silence_detail(&short_silence());
        let x = "111.222.33.123:40001";
        let ignored = |source: &str, from: &str| {
            vec![(
                "change_request_ignored",
                format!("asked for an answer from the {source}, got one from {from}"),
            )]
        };
        let table: &[(Answer, Which, Option<Option<bool>>, Said)] = &[
            (got(x, ALT), ii, Some(Some(true)), vec![]),
            (got(x, PRIMARY_IP_ALT_PORT), iii, Some(Some(true)), vec![]),
            (silent(), ii, Some(Some(false)), vec![]),
            (silent(), iii, Some(Some(false)), vec![]),
            // From the right IP but the primary port, or from the wrong IP.
            (
                got(x, ALT_IP_PRIMARY_PORT),
                ii,
                None,
                ignored("alternate IP and port", ALT_IP_PRIMARY_PORT),
            ),
            (
                got(x, PRIMARY),
                iii,
                None,
                ignored("alternate port", PRIMARY),
            ),
            (got(x, ALT), iii, None, ignored("alternate port", ALT)),
            (
                short_silence(),
                iii,
                Some(None),
                vec![(
                    "filtering_test_unanswered",
                    format!("filtering test III (alternate port): {silence}"),
                )],
            ),
        ];
        for (answer, (want, test, source), result, said) in table {
            let mut heard = Vec::new();
            let mut why = |code: &'static str, detail: String| heard.push((code, detail));
            assert_eq!(
                &filtering_test(answer, *want, test, source, &mut why),
                result,
                "{answer:?}"
            );
            assert_eq!(&heard, said, "{answer:?}");
        }
        // Test III ignored after test II answered: no verdict either.
        let c = classify(&obs([M, M, M], [got(x, ALT), got(x, PRIMARY)]));
        assert_eq!(c.filtering, None);
        assert_eq!(c.inconclusive[0].code, "change_request_ignored");
    }

    #[test]
    fn missing_mapping_answers() {
        let mut o = obs([M, M_B, M_C], fil_apdf());
        o.map3 = silent();
        let c = classify(&o);
        assert_eq!(c.mapping, None);
        assert_eq!(c.inconclusive[0].code, "mapping_test_unanswered");
        // Still hard: the mapping varies by destination (I != II).
        assert_eq!(c.varies_by_destination, Some(true));
        assert_eq!(c.xbox, Some(Xbox::Strict));

        let mut o = obs([M, M, M], fil_apdf());
        o.map2 = Answer::Failed("error 420".into());
        let c = classify(&o);
        assert_eq!(c.mapping, None);
        assert_eq!(c.xbox, None);

        let mut o = obs([M, M, M], fil_apdf());
        o.filter_base = silent();
        let c = classify(&o);
        assert_eq!(c.filtering, None);
        assert_eq!(c.inconclusive[0].code, "filtering_base_unanswered");

        let mut o = obs([M, M, M], fil_apdf());
        o.map2 = got(M, PRIMARY);
        assert_eq!(classify(&o).inconclusive[0].code, "wrong_origin");
    }

    #[test]
    fn without_rfc5780_only_varies_by_destination() {
        let base = Observations {
            family: Family::Ipv6,
            local: Some(a("[2111:222::123]:40000")),
            primary: Some(a("[2111:222::1]:3478")),
            other: None,
            map1: got("[2111:222::123]:40000", "[2111:222::1]:3478"),
            map2: Answer::NotRun,
            map3: Answer::NotRun,
            filter_base: Answer::NotRun,
            filter_ip_port: Answer::NotRun,
            filter_port: Answer::NotRun,
            others: vec![],
        };
        // No NAT (the mapped address is this machine's own): nothing is
        // translated, so the mapping is endpoint-independent even without an
        // RFC 5780 server; filtering still needs one.
        let c = classify(&base);
        assert_eq!(c.behind_nat, Some(false));
        assert_eq!(c.mapping, Some(EndpointIndependent));
        assert_eq!(c.filtering, None);
        assert_eq!(c.varies_by_destination, None);
        assert_eq!(c.inconclusive[0].code, "no_rfc5780_server");
        assert_eq!(c.playstation, Some(PlayStation::Type1), "no NAT");
        assert_eq!((c.p2p, c.xbox), (None, None), "the filtering is unknown");
        // The control: behind a NAT the same lone answer decides nothing.
        let mut natted = base.clone();
        natted.local = Some(a("[fd00::5]:40000"));
        assert_eq!(classify(&natted).mapping, None);

        let mut o = base.clone();
        o.local = Some(a("[fd00::5]:40000"));
        o.others.push((
            a("[2111:333::1]:3478"),
            got("[2111:222::123]:40000", "[2111:333::1]:3478"),
        ));
        let c = classify(&o);
        assert_eq!(c.mapping, Some(EndpointIndependent));
        assert_eq!(c.varies_by_destination, Some(false));
        assert_eq!(c.filtering, None);

        let mut o = base.clone();
        o.local = Some(a("[fd00::5]:40000"));
        o.others.push((
            a("[2111:333::1]:3478"),
            got("[2111:222::123]:40999", "[2111:333::1]:3478"),
        ));
        let c = classify(&o);
        assert_eq!(c.mapping, None);
        assert_eq!(c.varies_by_destination, Some(true));
        assert_eq!((c.p2p, c.xbox), (Some(P2p::Hard), Some(Xbox::Strict)));

        let mut o = base;
        o.map1 = silent();
        let c = classify(&o);
        assert_eq!(c.inconclusive[0].code, "no_answer");
        assert_eq!((c.mapping, c.p2p, c.playstation), (None, None, None));
    }

    #[test]
    fn advice_codes() {
        let c = classify(&obs([M, M_B, M_C], fil_apdf()));
        assert_eq!(
            advice(&c),
            vec!["enable_upnp", "forward_port", "bridge_mode"]
        );
        let c = classify(&obs([M, M, M], fil_apdf()));
        assert_eq!(advice(&c), vec!["enable_upnp", "forward_port"]);
        let c = classify(&obs([M, M, M], fil_eif()));
        assert!(advice(&c).is_empty());
    }
}
