//! The outside view in the lab: the real `netcheck reflector` and an
//! echoip-compatible checker (tests/lab/echoip_port.py) run in the lab's
//! "internet" namespace; `probe --from` and `doctor --from` run in the LAN
//! behind the router's real nftables NAT and miniupnpd.
//!
//! These need root; they fail (never skip) when the lab cannot run.
//! NETWORK SAFETY: every vantage is a lab URL (`--from`), or none
//! (`--no-outside`); the public defaults are never contacted.

mod common;

use common::lab::{Lab, LabOptions, LabProcess, NETCHECK, json_stdout, show};
use serde_json::Value;
use std::process::Output;
use std::time::{Duration, Instant};

const INET_IP: &str = "111.222.33.1";
const WAN: &str = "111.222.33.123";
const LAN2_IP: &str = "192.168.99.50";

/// The real netcheck reflector in the internet namespace on `port`.
fn reflector(lab: &Lab, port: u16, extra: &[&str]) -> LabProcess {
    lab.reflector(INET_IP, port, extra)
}

fn echoip(lab: &Lab, port: u16, mode: &str) -> LabProcess {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/lab/echoip_port.py");
    let p = port.to_string();
    lab.start(
        "INET_NS",
        "python3",
        &[
            script,
            "--bind",
            INET_IP,
            "--port",
            &p,
            "--mode",
            mode,
            "--timeout",
            "0.7",
        ],
        &[("tcp", port)],
    )
}

/// `netcheck serve` on :5000 in the LAN host (TCP, and UDP with `--udp`).
fn serve(lab: &Lab, udp: bool) -> LabProcess {
    let mut args = vec!["serve", "--port", "5000", "--no-public-ip"];
    let mut listens = vec![("tcp", 5000)];
    if udp {
        args.push("--udp");
        listens.push(("udp", 5000));
    }
    lab.start("LAN_NS", NETCHECK, &args, &listens)
}

fn map(lab: &Lab, ns: &str, internal: &str, proto: &str) {
    let out = lab.exec_in(
        ns,
        "upnpc",
        &[
            "-u",
            lab.get("UPNP_URL"),
            "-e",
            "lab",
            "-a",
            internal,
            "5000",
            "5000",
            proto,
        ],
    );
    assert!(out.status.success(), "{}", show(&out));
}

/// The router's TCP 5000 forward moves from this host to the second LAN
/// host, where python's `http.server` answers (not netcheck serve).
fn forward_to_other_host(lab: &Lab) -> LabProcess {
    let del = lab.exec_in(
        "LAN_NS",
        "upnpc",
        &["-u", lab.get("UPNP_URL"), "-d", "5000", "TCP"],
    );
    assert!(del.status.success(), "{}", show(&del));
    let other = lab.web_server("LAN2_NS", "0.0.0.0", 5000);
    map(lab, "LAN2_NS", LAN2_IP, "TCP");
    other
}

fn url(port: u16) -> String {
    format!("http://{INET_IP}:{port}")
}

/// A probe's or doctor's answer: exit 0 or 1 (anything else fails the test)
/// and its JSON report.
fn answered(out: &Output) -> (Option<i32>, Value) {
    let code = out.status.code();
    assert!(code == Some(0) || code == Some(1), "{}", show(out));
    (code, json_stdout(out))
}

/// `probe WAN --port 5000 --from …` in the LAN.
fn probe_from(lab: &Lab, from: &[String], extra: &[&str]) -> (Option<i32>, Value) {
    let mut args: Vec<String> = ["probe", WAN, "--port", "5000", "--json", "--timeout", "3s"]
        .map(String::from)
        .to_vec();
    for f in from {
        args.push("--from".into());
        args.push(f.clone());
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    let out = lab.lan_exec(&args);
    answered(&out)
}

fn doctor(lab: &Lab, outside: &[&str]) -> (Option<i32>, Value) {
    let mut args: Vec<&str> = vec!["doctor", "--json", "--port", "5000", "--timeout", "3s"];
    args.extend_from_slice(outside);
    args.extend([
        "--source",
        lab.get("ECHO_FAST"),
        "--source",
        lab.get("STUN"),
    ]);
    let out = lab.lan_exec(&args);
    answered(&out)
}

/// The codes of a doctor report's next steps, in order.
fn step_codes(v: &Value) -> Vec<&str> {
    v["next_steps"]
        .as_array()
        .unwrap_or_else(|| panic!("no next_steps: {v}"))
        .iter()
        .filter_map(|s| s["code"].as_str())
        .collect()
}

fn vantage<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["outside"]["vantages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["vantage"] == name)
        .unwrap_or_else(|| panic!("no vantage {name} in {v}"))
}

#[test]
fn each_result_through_the_real_nat() {
    let lab = Lab::up(LabOptions {
        second_host: true,
        ..LabOptions::default()
    });
    let _r = reflector(&lab, 8765, &[]);
    let from = vec![url(8765)];

    // filtered: nothing forwarded, the router drops what comes in.
    let _serve = serve(&lab, true);
    let (code, v) = probe_from(&lab, &from, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(v["outside"]["result"], "filtered", "{v}");
    assert_eq!(vantage(&v, &from[0])["seen_from"], WAN, "{v}");
    // UDP filtered likewise.
    let (_, v) = probe_from(&lab, &from, &["--udp"]);
    assert_eq!(v["outside"]["result"], "filtered", "{v}");

    // open: forwarded to this host's netcheck serve; the nonce comes back.
    map(&lab, "LAN_NS", lab.get("LAN_IP"), "TCP");
    let (code, v) = probe_from(&lab, &from, &[]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["verdict"], "reachable", "{v}");
    assert_eq!(v["outside"]["result"], "open");
    assert_eq!(v["outside"]["proven"], true);
    assert_eq!(vantage(&v, &from[0])["proof"], "nonce", "{v}");
    assert_eq!(v["outside"]["confirmed_by"][0], from[0]);
    // UDP open through a UDP mapping, echoed by serve --udp.
    let (_, v) = probe_from(&lab, &from, &["--udp"]);
    assert_eq!(
        v["outside"]["result"], "filtered",
        "no UDP mapping yet: {v}"
    );
    map(&lab, "LAN_NS", lab.get("LAN_IP"), "UDP");
    let (code, v) = probe_from(&lab, &from, &["--udp"]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["outside"]["result"], "open", "{v}");
    assert_eq!(vantage(&v, &from[0])["proof"], "nonce", "{v}");

    // refused: forwarded, but nothing listens (the host answers RST).
    drop(_serve);
    let (_, v) = probe_from(&lab, &from, &[]);
    assert_eq!(v["outside"]["result"], "refused", "{v}");

    // open_other: the forward points at another host's server.
    let _serve = serve(&lab, false);
    let _other = forward_to_other_host(&lab);
    let (code, v) = probe_from(&lab, &from, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(v["verdict"], "open_other", "{v}");
    assert_eq!(vantage(&v, &from[0])["http_status"], Value::Null);
}

#[test]
fn the_eleventh_check_in_a_minute_is_rate_limited() {
    let lab = Lab::home();
    let _r = reflector(&lab, 8765, &["--checks-per-minute", "10"]);
    let _serve = serve(&lab, false);
    map(&lab, "LAN_NS", lab.get("LAN_IP"), "TCP");
    let from = vec![url(8765)];
    for n in 1..=10 {
        let (_, v) = probe_from(&lab, &from, &[]);
        assert_eq!(v["outside"]["result"], "open", "check {n}: {v}");
    }
    let (code, v) = probe_from(&lab, &from, &[]);
    assert_eq!(code, Some(1));
    let r = vantage(&v, &from[0]);
    assert_eq!(r["result"], "rate_limited", "{v}");
    assert!(
        r["retry_after_s"]
            .as_u64()
            .is_some_and(|s| (1..=6).contains(&s)),
        "{v}"
    );
    assert_eq!(v["outside"]["result"], "unknown");
    // The limit is per source: another address (the internet host itself) still gets checks.
    let curl = lab.exec_in(
        "INET_NS",
        "curl",
        &["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", &format!("{}/v1/check", url(8765)),
          "-d", r#"{"api":"v1","transport":"tcp","ports":[1],"nonce":"0123456789abcdef0123456789abcdef"}"#],
    );
    assert_eq!(
        String::from_utf8_lossy(&curl.stdout),
        "200",
        "{}",
        show(&curl)
    );
}

/// nftables counters in the internet namespace: new connections out of it.
fn watch_outbound(lab: &Lab) {
    let rules = format!(
        "table inet outside_watch {{\n\
         chain output {{\n\
         type filter hook output priority 0; policy accept;\n\
         ct state new ip daddr {WAN} counter name to_caller\n\
         ct state new ip daddr != {WAN} counter name to_other\n\
         ct state new meta nfproto ipv6 counter name to_other\n\
         }}\n\
         counter to_caller {{ }}\n\
         counter to_other {{ }}\n\
         }}\n"
    );
    nft_load(lab, "INET_NS", "watch", &rules);
}

/// Packets counted by the named nftables counter of `table` in the internet namespace.
fn counter(lab: &Lab, table: &str, name: &str) -> u64 {
    let out = lab.exec_in(
        "INET_NS",
        "nft",
        &["-j", "list", "counter", "inet", table, name],
    );
    assert!(out.status.success(), "{}", show(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["nftables"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|x| x["counter"]["packets"].as_u64())
        .unwrap_or_else(|| panic!("no counter {name}: {v}"))
}

#[test]
fn the_reflector_connects_to_nothing_but_the_caller() {
    let lab = Lab::home();
    let _r = reflector(&lab, 8765, &["--checks-per-minute", "100"]);
    let _e = echoip(&lab, 8766, "honest");
    let _serve = serve(&lab, true);
    map(&lab, "LAN_NS", lab.get("LAN_IP"), "TCP");
    watch_outbound(&lab);
    let check = format!("{}/v1/check", url(8765));
    let n = "0123456789abcdef0123456789abcdef";
    let other = "111.222.33.99";
    // Every field a request has, naming another address.
    let bodies = [
        format!(
            r#"{{"api":"v1","transport":"http","ports":[5000],"nonce":"{n}","host":"{other}"}}"#
        ),
        format!(
            r#"{{"api":"v1","transport":"http","ports":[5000],"nonce":"{n}","target":"{other}:5000"}}"#
        ),
        format!(r#"{{"api":"v1","transport":"http","ports":[5000],"nonce":"{n}","ip":"{other}"}}"#),
        format!(
            r#"{{"api":"v1","transport":"http","ports":[5000],"nonce":"{n}","path":"http://{other}:5000/"}}"#
        ),
        format!(
            r#"{{"api":"v1","transport":"http","ports":[5000],"nonce":"{n}","path":"//{other}:5000/"}}"#
        ),
        format!(r#"{{"api":"v1","transport":"http","ports":[5000],"nonce":"{other}"}}"#),
        format!(
            r#"{{"api":"v1","transport":"http","ports":[5000],"nonce":"{n}","fingerprint":"{other}"}}"#
        ),
        format!(r#"{{"api":"v1","transport":"{other}","ports":[5000],"nonce":"{n}"}}"#),
        format!(r#"{{"api":"v1","transport":"http","ports":["{other}"],"nonce":"{n}"}}"#),
    ];
    for body in &bodies {
        let out = lab.exec_in(
            "LAN_NS",
            "curl",
            &[
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "-X",
                "POST",
                &check,
                "-d",
                body,
            ],
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "400",
            "{body}: {}",
            show(&out)
        );
    }
    // A valid check with headers naming another address (not a trusted proxy).
    let good = format!(r#"{{"api":"v1","transport":"http","ports":[5000],"nonce":"{n}"}}"#);
    for header in [
        format!("X-Forwarded-For: {other}"),
        format!("Forwarded: for={other}"),
        format!("X-Real-IP: {other}"),
        format!("Host: {other}:5000"),
    ] {
        let out = lab.exec_in(
            "LAN_NS",
            "curl",
            &["-s", "-X", "POST", &check, "-H", &header, "-d", &good],
        );
        let v: Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", show(&out)));
        assert_eq!(v["seen_from"], WAN, "{header}: {v}");
        assert_eq!(v["results"][0]["result"], "open", "{header}: {v}");
    }
    let (_, v) = probe_from(&lab, &[url(8765), format!("echoip:{}", url(8766))], &[]);
    assert_eq!(v["outside"]["result"], "open", "{v}");
    let (_, v) = probe_from(&lab, &[url(8765)], &["--udp"]);
    assert!(v["outside"]["result"].is_string(), "{v}");
    assert!(
        counter(&lab, "outside_watch", "to_caller") >= 5,
        "the counter sees the connect-backs"
    );
    assert_eq!(
        counter(&lab, "outside_watch", "to_other"),
        0,
        "a connection to another address"
    );
    // Control: the counter does count a connection to another address.
    let _ = lab.exec_in(
        "INET_NS",
        "curl",
        &["-s", "--max-time", "0.3", &format!("http://{other}:5000/")],
    );
    assert!(
        counter(&lab, "outside_watch", "to_other") > 0,
        "the control connection was not counted"
    );
}

#[test]
fn a_lying_and_a_dead_vantage_are_outvoted_and_named() {
    let lab = Lab::home();
    let _r = reflector(&lab, 8765, &[]);
    let _honest = echoip(&lab, 8766, "honest");
    let _liar = echoip(&lab, 8767, "lie");
    let _serve = serve(&lab, false);
    map(&lab, "LAN_NS", lab.get("LAN_IP"), "TCP");
    let dead = url(9);
    let liar = format!("echoip:{}", url(8767));
    let honest = format!("echoip:{}", url(8766));
    let from = vec![url(8765), honest.clone(), liar.clone(), dead.clone()];
    let (code, v) = probe_from(&lab, &from, &[]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["outside"]["result"], "open", "{v}");
    assert_eq!(v["outside"]["proven"], true, "{v}");
    assert_eq!(
        v["outside"]["confirmed_by"],
        serde_json::json!([url(8765), honest]),
        "{v}"
    );
    assert_eq!(
        v["outside"]["contradicting"],
        serde_json::json!([liar]),
        "{v}"
    );
    assert_eq!(vantage(&v, &liar)["result"], "closed");
    assert_eq!(vantage(&v, &liar)["agrees"], false);
    assert_eq!(vantage(&v, &dead)["result"], "down");
    assert!(vantage(&v, &dead)["error"].is_string(), "{v}");
    assert_eq!(
        vantage(&v, &format!("echoip:{}", url(8766)))["kind"],
        "echoip"
    );
    // One honest against one liar: nobody is trusted.
    let (code, v) = probe_from(&lab, &[format!("echoip:{}", url(8766)), liar], &[]);
    assert_eq!(code, Some(1));
    assert_eq!(v["outside"]["result"], "disagree", "{v}");
}

#[test]
fn doctor_verdicts_from_outside() {
    let lab = Lab::up(LabOptions {
        second_host: true,
        ..LabOptions::default()
    });
    let _r = reflector(&lab, 8765, &["--checks-per-minute", "100"]);
    let _e = echoip(&lab, 8766, "honest");
    let refl = url(8765);
    let eip = format!("echoip:{}", url(8766));
    let from = ["--from", refl.as_str(), "--from", eip.as_str()];
    let _serve = serve(&lab, false);

    // No forward: both vantages see nothing; the router lists no rule.
    let (code, v) = doctor(&lab, &from);
    assert_eq!(code, Some(1));
    assert_eq!(v["verdict"], "not_forwarded", "{v}");
    assert_eq!(v["outside"]["result"], "filtered", "{v}");
    assert_eq!(
        v["reachability"]["result"], "not_tried",
        "no hairpin when outside answered"
    );

    // Forwarded: reachable, proven by the reflector's nonce, exit 0.
    map(&lab, "LAN_NS", lab.get("LAN_IP"), "TCP");
    let started = Instant::now();
    let (code, v) = doctor(&lab, &from);
    let took = started.elapsed();
    assert_eq!(v["verdict"], "reachable", "{v}");
    assert_eq!(code, Some(0));
    assert_eq!(v["outside"]["proven"], true);
    assert_eq!(
        v["outside"]["confirmed_by"].as_array().unwrap().len(),
        2,
        "{v}"
    );
    assert!(took < Duration::from_secs(3), "doctor took {took:?}");

    // The forward points at another host: open_other names it.
    let _other = forward_to_other_host(&lab);
    let (code, v) = doctor(&lab, &["--from", refl.as_str()]);
    assert_eq!(code, Some(1));
    // Another host's server, not the router's page (the control of the router_page test).
    assert_eq!(v["verdict"], "open_other", "{v}");
    let steps = step_codes(&v);
    assert!(steps.contains(&"check_forward_target"), "{v}");
}

#[test]
fn no_outside_sends_nothing_outside() {
    let lab = Lab::home();
    let _r = reflector(&lab, 8765, &[]);
    let _serve = serve(&lab, false);
    let rules = "table inet outside_in {\n chain input {\n type filter hook input priority 0; policy accept;\n tcp dport 8765 counter name seen\n }\n counter seen { }\n}\n";
    nft_load(&lab, "INET_NS", "in", rules);
    let seen = || counter(&lab, "outside_in", "seen");
    let with_env = |extra: &[&str]| {
        let mut args = vec![
            "doctor",
            "--json",
            "--port",
            "5000",
            "--timeout",
            "2s",
            "--source",
            lab.get("ECHO_FAST"),
        ];
        args.extend_from_slice(extra);
        let mut cmd = lab.lan_cmd(&args);
        cmd.env("NETCHECK_VANTAGES", url(8765));
        let out = common::lab::run(&mut cmd);
        json_stdout(&out)
    };
    let v = with_env(&["--no-outside"]);
    assert_eq!(v["outside"]["result"], "not_asked", "{v}");
    assert_eq!(seen(), 0, "--no-outside sent something to the vantage");
    // Control: without --no-outside, NETCHECK_VANTAGES is asked.
    let v = with_env(&[]);
    assert_eq!(v["outside"]["vantages"][0]["vantage"], url(8765), "{v}");
    assert!(seen() > 0);
}

#[test]
fn the_routers_own_page_answering_is_named() {
    let lab = Lab::home();
    let _r = reflector(&lab, 8765, &["--checks-per-minute", "100"]);
    let refl = url(8765);
    let _serve = serve(&lab, false);
    // The router's own web page on port 5000 of every address, its WAN included
    // (remote management): no forward, so what comes in on WAN:5000 is the router's.
    let _page = lab.web_server("RTR_NS", "0.0.0.0", 5000);
    // Control first: the router's input chain drops WAN traffic, so nothing answers.
    let (code, v) = doctor(&lab, &["--from", refl.as_str()]);
    assert_eq!(code, Some(1));
    assert_eq!(v["outside"]["result"], "filtered", "{v}");
    assert_ne!(v["verdict"], "router_page", "{v}");
    let open = lab.exec_in(
        "RTR_NS",
        "nft",
        &[
            "insert", "rule", "inet", "filter", "input", "tcp", "dport", "5000", "accept",
        ],
    );
    assert!(open.status.success(), "{}", show(&open));
    let (code, v) = doctor(&lab, &["--from", refl.as_str()]);
    assert_eq!(code, Some(1));
    assert_eq!(v["outside"]["result"], "open_other", "{v}");
    assert_eq!(v["verdict"], "router_page", "{v}");
    let steps = step_codes(&v);
    assert!(steps.contains(&"move_router_page"), "{v}");
    assert!(!steps.contains(&"check_forward_target"), "{v}");
    assert!(
        vantage(&v, &refl)["fingerprint"].is_string(),
        "the vantage reports what answered: {v}"
    );
}

/// Loads an nftables rule set into a lab namespace.
fn nft_load(lab: &Lab, ns: &str, name: &str, rules: &str) {
    let path = std::env::temp_dir().join(format!("outside-{name}-{}", lab.name()));
    std::fs::write(&path, rules).unwrap();
    let out = lab.exec_in(ns, "nft", &["-f", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "{}", show(&out));
}

fn causes(v: &Value) -> Vec<(String, String)> {
    v["causes"]
        .as_array()
        .unwrap_or_else(|| panic!("no causes: {v}"))
        .iter()
        .map(|c| {
            (
                c["cause"].as_str().unwrap().to_string(),
                c["likelihood"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn filtered_by_this_hosts_firewall_names_it() {
    let lab = Lab::home();
    let _r = reflector(&lab, 8765, &["--checks-per-minute", "100"]);
    let refl = url(8765);
    let _serve = serve(&lab, false);
    map(&lab, "LAN_NS", lab.get("LAN_IP"), "TCP");
    // Control: no host firewall, so the forward works end to end.
    let (code, v) = doctor(&lab, &["--from", refl.as_str()]);
    assert_eq!(v["verdict"], "reachable", "{v}");
    assert_eq!(code, Some(0));
    assert_eq!(v["causes"], serde_json::json!([]), "{v}");
    // A host firewall as ufw or firewalld make one: loopback in, the port dropped.
    nft_load(
        &lab,
        "LAN_NS",
        "hostfw",
        "table inet hostfw {\n chain input {\n type filter hook input priority 0; policy accept;\n iifname \"lo\" accept\n tcp dport 5000 drop\n }\n}\n",
    );
    let (code, v) = doctor(&lab, &["--from", refl.as_str()]);
    assert_eq!(code, Some(1));
    assert_eq!(v["outside"]["result"], "filtered", "{v}");
    assert_eq!(v["verdict"], "filtered", "{v}");
    assert_eq!(v["host_firewall"]["summary"], "blocks", "{v}");
    let f = &v["host_firewall"]["findings"][0];
    assert_eq!(f["tool"], "nftables", "{v}");
    assert!(
        f["detail"]
            .as_str()
            .unwrap_or("")
            .starts_with("inet hostfw input handle"),
        "{v}"
    );
    let c = causes(&v);
    assert_eq!(c[0], ("host_firewall".into(), "likely".into()), "{v}");
    // The router's WAN address is the public address: no second NAT.
    assert_eq!(c[2], ("upstream_nat".into(), "unlikely".into()), "{v}");
    assert!(
        v["causes"][0]["text"]
            .as_str()
            .unwrap()
            .contains("nftables"),
        "{v}"
    );
    assert_eq!(v["next_steps"][0]["code"], "check_host_firewall", "{v}");
    // Without --forward no second port is mapped.
    assert_eq!(v["second_port"], Value::Null, "{v}");
}

#[test]
fn an_isp_block_of_port_80_is_told_by_a_second_port() {
    // The python IGD maps ports below 1024 (miniupnpd's lab config does not).
    let lab = Lab::up(LabOptions::python_igd(&[]));
    let _r = reflector(&lab, 8765, &["--checks-per-minute", "100"]);
    let refl = url(8765);
    let _serve = lab.start(
        "LAN_NS",
        NETCHECK,
        &["serve", "--port", "80", "--no-public-ip"],
        &[("tcp", 80)],
    );
    let run = || {
        let out = lab.lan_exec(&[
            "doctor",
            "--json",
            "--port",
            "80",
            "--forward",
            "--lease",
            "10m",
            "--timeout",
            "6s",
            "--from",
            refl.as_str(),
            "--source",
            lab.get("ECHO_FAST"),
            "--source",
            lab.get("STUN"),
        ]);
        answered(&out)
    };
    // Control: nothing blocks port 80 on the way: reachable.
    let (code, v) = run();
    assert_eq!(v["verdict"], "reachable", "{v}");
    assert_eq!(code, Some(0));
    // The "ISP" drops port 80 towards the customer; other ports pass.
    nft_load(
        &lab,
        "INET_NS",
        "isp",
        &format!(
            "table inet isp {{\n chain output {{\n type filter hook output priority 0; policy accept;\n ip daddr {WAN} tcp dport 80 drop\n }}\n}}\n"
        ),
    );
    let (code, v) = run();
    assert_eq!(code, Some(1));
    assert_eq!(v["outside"]["result"], "filtered", "{v}");
    assert_eq!(v["verdict"], "filtered", "{v}");
    let second = &v["second_port"];
    let p2 = second["port"].as_u64().unwrap();
    assert!(p2 >= 1024, "{v}");
    assert_eq!(second["reached"], true, "{v}");
    assert_eq!(second["result"], "open", "{v}");
    assert_eq!(v["host_firewall"]["summary"], "clear", "{v}");
    let c = causes(&v);
    assert_eq!(c[0], ("isp_block".into(), "likely".into()), "{v}");
    let text = v["causes"][0]["text"].as_str().unwrap();
    assert!(
        text.contains(&format!("Port {p2} got through")) && text.contains("port 80"),
        "{text}"
    );
    assert_eq!(v["next_steps"][0]["code"], "try_high_port", "{v}");
}

#[test]
fn probe_over_ipv6_from_a_v6_reflector() {
    let lab = Lab::up(LabOptions {
        ipv6: true,
        ..LabOptions::default()
    });
    let inet6 = lab.get("INET_IP6").to_string();
    let lan6 = lab.get("LAN_IP6").to_string();
    let _r = lab.reflector(&inet6, 8765, &[]);
    let _serve = serve(&lab, false);
    let from = format!("http://[{inet6}]:8765");
    let probe = || {
        let out = lab.lan_exec(&[
            "probe",
            &format!("[{lan6}]"),
            "--port",
            "5000",
            "--json",
            "--timeout",
            "3s",
            "--from",
            &from,
        ]);
        answered(&out)
    };
    // Control: the router drops unsolicited inbound IPv6.
    let (code, v) = probe();
    assert_eq!(code, Some(1), "{v}");
    assert_eq!(v["outside"]["result"], "filtered", "{v}");
    assert_eq!(
        vantage(&v, &from)["seen_from"],
        lan6.as_str(),
        "the request comes from the target address: {v}"
    );
    // The router's IPv6 firewall opened for this host's port 5000.
    let open = lab.exec_in(
        "RTR_NS",
        "nft",
        &[
            "insert", "rule", "inet", "filter", "forward", "ip6", "daddr", &lan6, "tcp", "dport",
            "5000", "accept",
        ],
    );
    assert!(open.status.success(), "{}", show(&open));
    let (code, v) = probe();
    assert_eq!(v["verdict"], "reachable", "{v}");
    assert_eq!(code, Some(0));
    assert_eq!(vantage(&v, &from)["proof"], "nonce", "{v}");
    assert_eq!(vantage(&v, &from)["seen_from"], lan6.as_str(), "{v}");
    assert_eq!(v["outside"]["confirmed_by"][0], from.as_str(), "{v}");
}

#[test]
fn an_https_reflector_with_the_lab_ca() {
    let lab = Lab::home();
    let dir = lab.get("LAB_DIR").to_string();
    let ca = lab.get("TEST_CA").to_string();
    let cert = |leaf: &str| {
        (
            format!("{dir}/tls/{leaf}.pem"),
            format!("{dir}/tls/{leaf}.key"),
        )
    };
    let (good_pem, good_key) = cert("good");
    let (wrong_pem, wrong_key) = cert("wrong-host");
    let _good = reflector(
        &lab,
        8443 + 10,
        &[
            "--checks-per-minute",
            "100",
            "--tls-cert",
            &good_pem,
            "--tls-key",
            &good_key,
        ],
    );
    let _wrong = reflector(
        &lab,
        8443 + 11,
        &["--tls-cert", &wrong_pem, "--tls-key", &wrong_key],
    );
    let good = format!("https://{INET_IP}:{}", 8443 + 10);
    let wrong = format!("https://{INET_IP}:{}", 8443 + 11);
    let _serve = serve(&lab, false);
    map(&lab, "LAN_NS", lab.get("LAN_IP"), "TCP");
    let run = |args: &[&str], trust: bool| {
        let mut cmd = lab.lan_cmd(args);
        if trust {
            cmd.env("SSL_CERT_FILE", &ca);
        }
        let out = common::lab::run(&mut cmd);
        answered(&out)
    };
    let probe = |from: &str, trust: bool| {
        run(
            &[
                "probe",
                WAN,
                "--port",
                "5000",
                "--json",
                "--timeout",
                "3s",
                "--from",
                from,
            ],
            trust,
        )
    };
    let (code, v) = probe(&good, true);
    assert_eq!(v["verdict"], "reachable", "{v}");
    assert_eq!(code, Some(0));
    assert_eq!(vantage(&v, &good)["proof"], "nonce", "{v}");
    let (code, v) = run(
        &[
            "doctor",
            "--json",
            "--port",
            "5000",
            "--timeout",
            "3s",
            "--from",
            &good,
            "--source",
            lab.get("ECHO_FAST"),
            "--source",
            lab.get("STUN"),
        ],
        true,
    );
    assert_eq!(v["verdict"], "reachable", "{v}");
    assert_eq!(code, Some(0));
    // Control: without the lab CA the reflector is not trusted, and the error says why.
    let (code, v) = probe(&good, false);
    assert_eq!(code, Some(1));
    let r = vantage(&v, &good);
    assert_eq!(r["result"], "down", "{v}");
    assert!(
        r["error"].as_str().unwrap_or("").contains("UnknownIssuer"),
        "{v}"
    );
    // A certificate for another host: a clear error naming the address.
    let (code, v) = probe(&wrong, true);
    assert_eq!(code, Some(1));
    let r = vantage(&v, &wrong);
    assert_eq!(r["result"], "down", "{v}");
    assert!(
        r["error"]
            .as_str()
            .unwrap_or("")
            .contains(&format!("not valid for name \"{INET_IP}\"")),
        "{v}"
    );
}
