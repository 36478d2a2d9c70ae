//! Independent witnesses of the lab router's mapping table: `upnpc -l`
//! (miniupnpc, which lists UPnP, NAT-PMP and PCP mappings alike, since
//! miniupnpd keeps one table) and the router's nftables rules. Every reader
//! checks that the witness itself worked, so a negative ("not listed") can
//! fail when the witness is missing or broken.

use super::lab::{Lab, show};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// One row of `upnpc -l`: ` 1 TCP  7100->192.168.99.123:7100  'netcheck 7100' '' 118`.
#[derive(Debug, Clone)]
pub struct Row {
    pub proto: String,
    pub external_port: u16,
    /// `ip:port` of the internal client.
    pub target: String,
    pub description: String,
    /// Remaining lease in seconds (0 = permanent).
    pub lease_secs: u64,
}

/// The router's table as `upnpc -l` in `ns_key` sees it. Panics when upnpc
/// fails or prints no table header (so "absent" can never mean "not asked").
pub fn upnpc_rows(lab: &Lab, ns_key: &str) -> Vec<Row> {
    let out = lab.exec_in(ns_key, "upnpc", &["-u", lab.get("UPNP_URL"), "-l"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success() && text.contains("exPort->inAddr:inPort"),
        "upnpc -l did not list the table: {}",
        show(&out)
    );
    text.lines().filter_map(parse_row).collect()
}

fn parse_row(l: &str) -> Option<Row> {
    let words: Vec<&str> = l.split_whitespace().collect();
    let (index, proto, map) = (words.first()?, words.get(1)?, words.get(2)?);
    index.parse::<u32>().ok()?;
    let (ext, target) = map.split_once("->")?;
    let description = l
        .split_once('\'')
        .and_then(|(_, rest)| rest.split_once('\''))
        .map(|(d, _)| d.to_string())
        .unwrap_or_default();
    Some(Row {
        proto: proto.to_string(),
        external_port: ext.parse().ok()?,
        target: target.to_string(),
        description,
        lease_secs: words.last()?.parse().ok()?,
    })
}

/// The row for `proto` and `external_port`, if listed.
pub fn upnpc_row(lab: &Lab, proto: &str, external_port: u16) -> Option<Row> {
    upnpc_rows(lab, "LAN_NS")
        .into_iter()
        .find(|r| r.proto == proto && r.external_port == external_port)
}

/// The router's miniupnpd DNAT rules (`nft list chain inet nat
/// prerouting_miniupnpd` in the router namespace). Panics when nft fails.
pub fn nft_dnat_rules(lab: &Lab) -> String {
    let out = lab.exec_in(
        "RTR_NS",
        "nft",
        &["list", "chain", "inet", "nat", "prerouting_miniupnpd"],
    );
    assert!(out.status.success(), "nft list failed: {}", show(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The router's DNAT target (`ip:port`) for `proto` ("TCP"/"UDP")
/// `external_port`, if a rule exists. miniupnpd writes e.g. `iif "wan0"
/// @nh,72,8 0x6 th dport 5001 dnat ip to 192.168.99.123:5001` (the IPv4
/// header's protocol byte: 0x6 TCP, 0x11 UDP).
pub fn nft_dnat(lab: &Lab, proto: &str, external_port: u16) -> Option<String> {
    let byte = if proto.eq_ignore_ascii_case("udp") {
        "0x11"
    } else {
        "0x6"
    };
    nft_dnat_rules(lab).lines().find_map(|l| {
        (l.contains(&format!("@nh,72,8 {byte} "))
            && l.contains(&format!("th dport {external_port} ")))
        .then(|| {
            l.rsplit("dnat ip to ")
                .next()
                .unwrap_or("")
                .trim()
                .to_string()
        })
    })
}

/// Polls `cond` every 50 ms until it holds; panics with `what` after `limit`.
pub fn wait_until(limit: Duration, what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !cond() {
        assert!(
            Instant::now() < deadline,
            "timed out after {limit:?}: {what}"
        );
        sleep(Duration::from_millis(50));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_upnpc_row() {
        let r = parse_row(" 1 TCP  7100->192.168.99.123:7100  'netcheck 7100' '' 118").unwrap();
        assert_eq!(r.proto, "TCP");
        assert_eq!(r.external_port, 7100);
        assert_eq!(r.target, "192.168.99.123:7100");
        assert_eq!(r.description, "netcheck 7100");
        assert_eq!(r.lease_secs, 118);
        assert!(
            parse_row(" i protocol exPort->inAddr:inPort description remoteHost leaseTime")
                .is_none()
        );
    }
}
