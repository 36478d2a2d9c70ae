//! Lab integration tests: the real netcheck binary inside the LAN namespace of
//! the home-network lab (tests/lab/lab.sh), against real peers — IP-echo HTTP
//! servers, coturn as STUN server, a router doing NAT.
//!
//! These need root; they fail (never skip) when the lab cannot run.

mod common;

use common::lab::{Lab, json_stdout, run_timed, show};
use serde_json::Value;
use std::time::Duration;

const PUBLIC: &str = "111.222.33.123";
const LAN_IP: &str = "192.168.99.123";

fn public_ip_args(lab: &Lab, timeout: &str, source_keys: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = ["public-ip", "--json", "--timeout", timeout]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for key in source_keys {
        args.push("--source".to_string());
        args.push(lab.get(key).to_string());
    }
    args
}

fn sources(v: &Value) -> &Vec<Value> {
    v["sources"]
        .as_array()
        .unwrap_or_else(|| panic!("no sources array in {v}"))
}

/// The per-source entry whose `source` string contains `needle` (a URL or host:port).
fn source_entry<'a>(v: &'a Value, needle: &str) -> &'a Value {
    sources(v)
        .iter()
        .find(|s| s["source"].as_str().is_some_and(|t| t.contains(needle)))
        .unwrap_or_else(|| panic!("no source entry containing {needle:?} in {v}"))
}

/// Common checks for a successful public-ip answer in the home lab.
fn assert_found_public(v: &Value) {
    assert_eq!(v["ipv4"], PUBLIC, "ipv4 in {v}");
    assert_eq!(v["nat"], "behind_nat", "nat in {v}");
    assert_eq!(v["lan_ipv4"], LAN_IP, "lan_ipv4 in {v}");
    assert!(v["ipv6"].is_null() || v["ipv6"].is_string(), "ipv6 in {v}");
    for s in sources(v) {
        assert!(s["source"].is_string(), "source name in {s}");
        let fam = s["family"].as_str().unwrap_or_default();
        assert!(fam == "ipv4" || fam == "ipv6", "family in {s}");
        assert!(s["ip"].is_string() || s["ip"].is_null(), "ip in {s}");
        assert!(
            s["error"].is_string() || s["error"].is_null(),
            "error in {s}"
        );
        assert!(s["ms"].is_number() || s["ms"].is_null(), "ms in {s}");
        if let Some(ip) = s["ip"].as_str()
            && fam == "ipv4"
        {
            assert_eq!(
                ip, PUBLIC,
                "every ipv4 answer in the lab is the router's WAN address: {s}"
            );
        }
    }
}

// (a) an HTTP echo and a STUN server agree on the router's WAN address.
#[test]
fn public_ip_echo_and_stun_agree() {
    let lab = Lab::home();
    let out = lab.lan_exec(&public_ip_args(&lab, "3s", &["ECHO_FAST", "STUN"]));
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert_found_public(&v);
    assert!(v["agreed"].as_u64().unwrap_or(0) >= 2, "agreed in {v}");
    assert_eq!(v["confirmed"], true, "confirmed in {v}");
    for needle in ["111.222.33.1:8080", "111.222.33.1:3478"] {
        let s = source_entry(&v, needle);
        assert_eq!(s["ip"], PUBLIC, "{s}");
        assert!(s["error"].is_null(), "{s}");
        assert!(s["ms"].is_number(), "{s}");
    }
}

// (b) slow and silent sources must not delay the answer once fast ones agree.
#[test]
fn public_ip_slow_and_silent_sources_do_not_delay_answer() {
    let lab = Lab::home();
    // The slow echo answers after 6 s, the silent one never; the budget is
    // 10 s, so an answer within 4 s (a generous ceiling for a run that
    // takes well under a second) came without waiting for either.
    let args = public_ip_args(
        &lab,
        "10s",
        &["ECHO_FAST", "ECHO_SLOW", "ECHO_SILENT", "STUN"],
    );
    let (out, took) = run_timed(&mut lab.lan_cmd(&args));
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert_found_public(&v);
    assert_eq!(v["agreed"], 2, "agreed in {v}");
    assert!(
        took < Duration::from_secs(4),
        "public-ip took {took:?}: the 6 s slow echo (or the silent one) delayed the answer\n{}",
        show(&out)
    );
    // And the report says why: both were still running when two agreed.
    for needle in ["111.222.33.1:8082", "111.222.33.1:8083"] {
        let s = sources(&v)
            .iter()
            .find(|s| s["family"] == "ipv4" && s["source"].as_str().unwrap_or("").contains(needle))
            .unwrap_or_else(|| panic!("no ipv4 entry for {needle} in {v}"));
        assert_eq!(s["error_kind"], "skipped", "{s}");
        assert!(s["ip"].is_null() && s["ms"].is_null(), "{s}");
    }
}

// (c) a JSON echo alone: right address, but one source cannot confirm it.
#[test]
fn public_ip_json_echo_alone_is_unconfirmed() {
    let lab = Lab::home();
    let out = lab.lan_exec(&public_ip_args(&lab, "3s", &["ECHO_JSON"]));
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert_found_public(&v);
    assert_eq!(v["confirmed"], false, "confirmed in {v}");
    assert_eq!(v["agreed"], 1, "agreed in {v}");
    assert_eq!(source_entry(&v, "111.222.33.1:8081")["ip"], PUBLIC, "{v}");
}

// (d) STUN alone (coturn --stun-only).
#[test]
fn public_ip_stun_alone() {
    let lab = Lab::home();
    let out = lab.lan_exec(&public_ip_args(&lab, "3s", &["STUN"]));
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert_found_public(&v);
    assert_eq!(source_entry(&v, "111.222.33.1:3478")["ip"], PUBLIC, "{v}");
}

// (e) only a source that never answers: exit 1 at the timeout, and say so.
#[test]
fn public_ip_silent_source_times_out() {
    let lab = Lab::home();
    let args = public_ip_args(&lab, "1s", &["ECHO_SILENT"]);
    let (out, took) = run_timed(&mut lab.lan_cmd(&args));
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    // A generous ceiling (3× the budget): the run includes process start-up.
    assert!(
        took < Duration::from_secs(3),
        "--timeout 1s but public-ip took {took:?}\n{}",
        show(&out)
    );
    assert!(
        took >= Duration::from_millis(900),
        "gave up after {took:?}, before the 1 s timeout\n{}",
        show(&out)
    );
    let v = json_stdout(&out);
    // The full report (no error document): no address, and the reason on
    // the silent source's entry.
    assert!(v.get("error").is_none(), "a report, not an error: {v}");
    assert!(v["ipv4"].is_null(), "no ipv4 can be found: {v}");
    assert_eq!(v["agreed"], 0, "{v}");
    assert_eq!(v["status_v4"], "no_answer", "{v}");
    let v4: Vec<&Value> = sources(&v)
        .iter()
        .filter(|s| s["family"] == "ipv4")
        .collect();
    assert_eq!(v4.len(), 1, "one ipv4 entry, the silent source's: {v}");
    assert!(v4[0]["ip"].is_null(), "{v}");
    assert!(v4[0]["ms"].is_null(), "it never finished: {v}");
    assert_eq!(v4[0]["error_kind"], "late", "{v}");
    assert_eq!(v4[0]["error"], "no answer in time (late)", "{v}");
}

// (f) gateway facts in the LAN namespace, gateway MAC once the router was contacted.
#[test]
fn gateway_in_lan_namespace() {
    let lab = Lab::home();
    // The neighbour table learns the router's MAC only after traffic to it.
    let ping = lab.exec_in("lan", "ping", &["-c", "1", "-W", "2", "192.168.99.1"]);
    assert!(ping.status.success(), "ping the router: {}", show(&ping));

    let out = lab.lan_exec(&["gateway", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["lan_ipv4"], LAN_IP, "{v}");
    assert_eq!(v["prefix_len"], 24, "{v}");
    assert_eq!(v["gateway_ipv4"], "192.168.99.1", "{v}");
    assert_eq!(v["address_kind"], "private", "{v}");
    assert_eq!(v["interface"]["name"], lab.get("LAN_IF"), "{v}");
    assert!(v["warnings"].is_array(), "warnings in {v}");
    // The lab's resolv.conf for the LAN names the router (lab.sh LAN_DNS).
    assert_eq!(
        v["dns_servers"],
        serde_json::json!([lab.get("LAN_DNS")]),
        "dns_servers in {v}"
    );
    let router_url = v["router_url"].as_str().unwrap_or_default();
    assert!(
        router_url.starts_with("http://192.168.99.1"),
        "router_url in {v}"
    );

    let want_mac = lab.link_mac("rtr", lab.get("RTR_LAN_IF"));
    let got_mac = v["gateway_mac"]
        .as_str()
        .unwrap_or_else(|| panic!("gateway_mac is null after a ping to the router: {v}"))
        .to_ascii_lowercase();
    assert_eq!(got_mac, want_mac, "{v}");
    let lan_mac = lab.link_mac("lan", lab.get("LAN_IF"));
    assert_eq!(
        v["interface"]["mac"].as_str().map(str::to_ascii_lowercase),
        Some(lan_mac),
        "{v}"
    );
}

// (g) the same query with the sources from NETCHECK_SOURCES.
#[test]
fn public_ip_sources_from_env() {
    let lab = Lab::home();
    let list = format!("{},{}", lab.get("ECHO_FAST"), lab.get("STUN"));
    let mut cmd = lab.lan_cmd(&["public-ip", "--json", "--timeout", "3s"]);
    cmd.env("NETCHECK_SOURCES", &list);
    let (out, _) = run_timed(&mut cmd);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert_found_public(&v);
    assert!(v["agreed"].as_u64().unwrap_or(0) >= 2, "agreed in {v}");
    let mut names: Vec<&str> = sources(&v)
        .iter()
        .filter_map(|s| s["source"].as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 2, "exactly the two env sources: {v}");
    source_entry(&v, "111.222.33.1:8080");
    source_entry(&v, "111.222.33.1:3478");
}
