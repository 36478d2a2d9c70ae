//! Lab tests of netcheck's UPnP code against a second, independent IGD:
//! `tests/lab/igd/igd.py`, built on async-upnp-client's server side, with the
//! quirks real routers have (725, a dead WANIPConnection listed before the
//! live WANPPPConnection, "Disconnected" with 0.0.0.0 while forwarding, a
//! private WAN address, a control URL that moves at reboot, slow and
//! malformed answers). Its mappings are real nftables DNAT rules, so every
//! claim is checked by `upnpc` (miniupnpc, a third UPnP stack), by the
//! router's ruleset and by real TCP from the lab's internet.
//!
//! These need root and the IGD's venv (tests/lab/igd/setup.sh, run by
//! scripts/test); they fail (never skip) when the lab cannot run.

mod common;

use common::lab::{Lab, LabOptions, json_stdout, run, show};
use serde_json::Value;
use std::process::{Child, Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

const WAN: &str = "111.222.33.123";
const LAN_IP: &str = "192.168.99.123";
const LAN2_IP: &str = "192.168.99.50";

fn igd(quirks: &[&str]) -> Lab {
    Lab::up(LabOptions::python_igd(quirks))
}

fn igd_with_second_host(quirks: &[&str]) -> Lab {
    Lab::up(LabOptions {
        second_host: true,
        ..LabOptions::python_igd(quirks)
    })
}

/// netcheck forward in the LAN namespace (lab public-IP source, English).
fn forward(lab: &Lab, extra: &[&str]) -> Output {
    forward_in(lab, "LAN_NS", extra)
}

fn forward_in(lab: &Lab, ns: &str, extra: &[&str]) -> Output {
    let mut args: Vec<String> = vec!["forward".into(), "--timeout".into(), "5s".into()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(["--source".into(), lab.get("ECHO_FAST").into()]);
    run(lab
        .cmd_in(ns, common::lab::NETCHECK, &args)
        .env_remove("LANGUAGE")
        .env("LANG", "C")
        .env("LC_ALL", "C"))
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `upnpc -l` by discovery: miniupnpc picks the connected WAN service itself.
fn upnpc_list(lab: &Lab) -> String {
    let out = lab.exec_in("LAN_NS", "upnpc", &["-l"]);
    assert!(out.status.success(), "upnpc -l failed:\n{}", show(&out));
    let s = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(s.contains("IGD"), "upnpc found no IGD:\n{s}");
    s
}

/// `upnpc -u <description> -l`: the FIRST WAN service the description lists.
fn upnpc_list_first_service(lab: &Lab) -> String {
    let out = lab.exec_in("LAN_NS", "upnpc", &["-u", lab.get("UPNP_URL"), "-l"]);
    assert!(out.status.success(), "upnpc -u -l failed:\n{}", show(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A line of `upnpc -l`: " 0 TCP  7000->192.168.99.123:7000  'desc' '' 3599".
fn listed(table: &str, port: u16, target: &str) -> Option<String> {
    table
        .lines()
        .find(|l| {
            l.split_whitespace()
                .nth(2)
                .is_some_and(|m| m == format!("{port}->{target}:{port}"))
        })
        .map(str::to_string)
}

/// The python IGD's DNAT rules in the router (nft), one per line.
fn dnat_rules(lab: &Lab) -> String {
    let out = lab.exec_in(
        "RTR_NS",
        "nft",
        &["list", "chain", "inet", "nat", "igd_prerouting"],
    );
    assert!(out.status.success(), "{}", show(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains("dnat"))
        .map(|l| l.trim().to_string() + "\n")
        .collect()
}

fn has_dnat(lab: &Lab, port: u16, target: &str) -> bool {
    dnat_rules(lab).contains(&format!("tcp dport {port} dnat ip to {target}:{port}"))
}

fn igd_log(lab: &Lab) -> String {
    std::fs::read_to_string(format!("{}/igd.log", lab.get("LAB_DIR"))).unwrap_or_default()
}

/// A TCP listener in a LAN namespace that answers one connection with "hello".
fn listener(lab: &Lab, ns: &str, port: u16) -> Child {
    let code = format!(
        "import socket\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(('0.0.0.0',{port}))\ns.listen()\ns.settimeout(30)\nc,_=s.accept()\nc.sendall(b'hello')\nc.close()\n"
    );
    let mut child = lab
        .cmd_in(ns, "python3", &["-c", &code])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start listener");
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        let ss = lab.exec_in(ns, "ss", &["-ltnH", &format!("sport = :{port}")]);
        if !ss.stdout.is_empty() {
            return child;
        }
        sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("listener on {port} did not start");
}

/// Connects from the internet namespace to WAN:port; what was read, or the error.
fn connect_from_internet(lab: &Lab, port: u16) -> String {
    let code = format!(
        "import socket\ntry:\n s=socket.create_connection(('{WAN}',{port}),timeout=3)\n print(s.recv(16).decode())\nexcept Exception as e:\n print(type(e).__name__)\n"
    );
    let out = lab.exec_in("INET_NS", "python3", &["-c", &code]);
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn attempt_errors(v: &Value) -> String {
    v["attempts"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| format!("{}: {}\n", x["method"], x["error"]))
                .collect()
        })
        .unwrap_or_default()
}

fn warning_codes(v: &Value) -> Vec<String> {
    v["warnings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|w| w["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Polls `cond` every 100 ms until it holds or `limit` passes.
fn wait_for(limit: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if cond() {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        sleep(Duration::from_millis(100));
    }
}

#[test]
fn python_igd_maps_for_real_and_netcheck_removes() {
    let lab = igd(&[]);
    assert!(dnat_rules(&lab).is_empty(), "{}", dnat_rules(&lab));
    let mut server = listener(&lab, "LAN_NS", 7000);
    let out = forward(&lab, &["--json", "--port", "7000", "--method", "upnp"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["mapped"], true, "{v}");
    assert_eq!(v["confirmed"], true, "{v}");
    assert_eq!(v["external_ip"], WAN, "{v}");
    assert_eq!(v["nat"], "single", "{v}");
    assert_eq!(v["router"]["model"], "lab-router", "{v}");
    assert!(listed(&upnpc_list(&lab), 7000, LAN_IP).is_some());
    assert!(has_dnat(&lab, 7000, LAN_IP), "{}", dnat_rules(&lab));
    assert_eq!(connect_from_internet(&lab, 7000), "hello");
    let _ = server.wait();

    let out = forward(&lab, &["--json", "--remove", "--port", "7000"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(json_stdout(&out)["removed"], true);
    assert!(listed(&upnpc_list(&lab), 7000, LAN_IP).is_none());
    assert!(!has_dnat(&lab, 7000, LAN_IP), "{}", dnat_rules(&lab));
    // Gone for real: nothing answers on the WAN port any more.
    let mut server = listener(&lab, "LAN_NS", 7000);
    let after = connect_from_internet(&lab, 7000);
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(after, "TimeoutError", "the router drops it now");
}

/// A DSL router lists an unused WANIPConnection (Disconnected, 0.0.0.0)
/// before the live WANPPPConnection. netcheck must map, list and remove on
/// the connected one, as upnpc does.
#[test]
fn dsl_router_the_live_ppp_service_is_used_not_the_first_listed() {
    let lab = igd(&["ppp-first"]);
    let mut server = listener(&lab, "LAN_NS", 7000);
    let out = forward(&lab, &["--json", "--port", "7000", "--method", "upnp"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["mapped"], true, "{v}");
    assert_eq!(v["router_wan_ip"], WAN, "{v}");
    assert_eq!(v["nat"], "single", "{v}");

    // upnpc by discovery picks the connected service: the mapping is there...
    let live = upnpc_list(&lab);
    assert!(live.contains("/ctl/PPPConn"), "{live}");
    assert!(listed(&live, 7000, LAN_IP).is_some(), "{live}");
    // ...and not on the dead service listed first (where igd-next alone puts it).
    let first = upnpc_list_first_service(&lab);
    assert!(first.contains("ExternalIPAddress = 0.0.0.0"), "{first}");
    assert!(listed(&first, 7000, LAN_IP).is_none(), "{first}");
    assert!(has_dnat(&lab, 7000, LAN_IP), "{}", dnat_rules(&lab));
    assert_eq!(connect_from_internet(&lab, 7000), "hello");
    let _ = server.wait();

    let out = forward(&lab, &["--json", "--list"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert!(
        v["mappings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["external_port"] == 7000 && m["internal_ip"] == LAN_IP),
        "--list reads the live service: {v}"
    );

    let out = forward(&lab, &["--json", "--remove", "--port", "7000"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(json_stdout(&out)["removed"], true);
    assert!(listed(&upnpc_list(&lab), 7000, LAN_IP).is_none());
    assert!(dnat_rules(&lab).is_empty(), "{}", dnat_rules(&lab));
}

#[test]
fn ppp_only_router_works_end_to_end() {
    let lab = igd(&["ppp"]);
    let mut server = listener(&lab, "LAN_NS", 7000);
    let out = forward(&lab, &["--json", "--port", "7000"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(
        (v["mapped"].clone(), v["method"].clone()),
        (true.into(), "upnp".into()),
        "{v}"
    );
    let table = upnpc_list(&lab);
    assert!(table.contains("/ctl/PPPConn"), "{table}");
    assert!(listed(&table, 7000, LAN_IP).is_some(), "{table}");
    assert_eq!(connect_from_internet(&lab, 7000), "hello");
    let _ = server.wait();
    let out = forward(&lab, &["--json", "--list"]);
    assert!(
        json_stdout(&out)["mappings"]
            .as_array()
            .is_some_and(|m| m.len() == 1),
        "{}",
        show(&out)
    );
    let out = forward(&lab, &["--remove", "--port", "7000"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(dnat_rules(&lab).is_empty(), "{}", dnat_rules(&lab));
}

#[test]
fn only_permanent_leases_725_retried_permanent_and_said() {
    let lab = igd(&["725"]);
    let mut server = listener(&lab, "LAN_NS", 7000);
    let out = forward(&lab, &["--json", "--port", "7000", "--lease", "1h"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["mapped"], true, "{v}");
    assert_eq!(v["lease_seconds"], 0, "{v}");
    assert!(
        warning_codes(&v).contains(&"only_permanent_leases".to_string()),
        "{v}"
    );
    // The router really refused the lease first, then took the permanent one.
    let log = igd_log(&lab);
    assert!(log.contains("answering 725"), "{log}");
    assert!(log.contains("lease 0"), "{log}");
    let line = listed(&upnpc_list(&lab), 7000, LAN_IP).expect("upnpc lists it");
    assert!(line.trim_end().ends_with(" 0"), "lease column is 0: {line}");
    assert_eq!(connect_from_internet(&lab, 7000), "hello");
    let _ = server.wait();

    // Human output, both languages.
    let out = forward(&lab, &["--port", "7001", "--lease", "1h"]);
    assert!(
        text(&out).contains("accepts only permanent mappings (UPnP 725)"),
        "{}",
        show(&out)
    );
    let out = forward(&lab, &["--lang", "ko", "--port", "7002", "--lease", "1h"]);
    assert!(
        text(&out).contains("만료 없는 규칙만 받으므로(UPnP 오류 725)"),
        "{}",
        show(&out)
    );
    for port in ["7000", "7001", "7002"] {
        let out = forward(&lab, &["--remove", "--port", port]);
        assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    }
    assert!(dnat_rules(&lab).is_empty(), "{}", dnat_rules(&lab));
}

#[test]
fn conflict_718_names_the_holder() {
    let lab = igd_with_second_host(&[]);
    let other = lab.exec_in(
        "LAN2_NS",
        "upnpc",
        &["-e", "the other pc", "-a", LAN2_IP, "7000", "7000", "TCP"],
    );
    assert!(other.status.success(), "{}", show(&other));
    assert!(has_dnat(&lab, 7000, LAN2_IP), "{}", dnat_rules(&lab));

    let out = forward(&lab, &["--json", "--port", "7000", "--method", "upnp"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["mapped"], false, "{v}");
    let errors = attempt_errors(&v);
    assert!(
        errors.contains("192.168.99.50:7000 (the other pc)"),
        "{errors}"
    );
    assert!(igd_log(&lab).contains("answering 718"), "{}", igd_log(&lab));
    let out = forward(
        &lab,
        &["--lang", "ko", "--port", "7000", "--method", "upnp"],
    );
    assert!(
        text(&out).contains("이미 다른 기기(192.168.99.50:7000 (the other pc))"),
        "{}",
        show(&out)
    );
    // The other host's rule is untouched.
    assert!(has_dnat(&lab, 7000, LAN2_IP), "{}", dnat_rules(&lab));
}

#[test]
fn remove_never_deletes_a_mapping_of_another_host() {
    let lab = igd_with_second_host(&[]);
    let other = lab.exec_in(
        "LAN2_NS",
        "upnpc",
        &["-e", "the other pc", "-a", LAN2_IP, "7000", "7000", "TCP"],
    );
    assert!(other.status.success(), "{}", show(&other));

    let out = forward(&lab, &["--json", "--remove", "--port", "7000"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["removed"], false, "{v}");
    assert!(attempt_errors(&v).contains("192.168.99.50:7000"), "{v}");
    let out = forward(&lab, &["--remove", "--port", "7000"]);
    assert!(
        text(&out).contains(
            "forwards to another device (192.168.99.50:7000 (the other pc)); netcheck left it alone"
        ),
        "{}",
        show(&out)
    );
    let out = forward(&lab, &["--lang", "ko", "--remove", "--port", "7000"]);
    assert!(
        text(&out).contains(
            "다른 기기(192.168.99.50:7000 (the other pc))로 포트포워드되어 있어 지우지 않았습니다"
        ),
        "{}",
        show(&out)
    );
    // Still on the router, still forwarding to the other host.
    assert!(listed(&upnpc_list(&lab), 7000, LAN2_IP).is_some());
    assert!(has_dnat(&lab, 7000, LAN2_IP), "{}", dnat_rules(&lab));
    let mut server = listener(&lab, "LAN2_NS", 7000);
    assert_eq!(connect_from_internet(&lab, 7000), "hello");
    let _ = server.wait();

    // Control: the host it points at removes it with the same command.
    let out = forward_in(&lab, "LAN2_NS", &["--json", "--remove", "--port", "7000"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(!has_dnat(&lab, 7000, LAN2_IP), "{}", dnat_rules(&lab));
}

#[test]
fn removing_a_mapping_that_does_not_exist_says_so() {
    let lab = igd(&[]);
    let out = forward(&lab, &["--json", "--remove", "--port", "7001"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["removed"], false, "{v}");
    assert!(
        attempt_errors(&v).contains("no mapping of this port"),
        "{v}"
    );
    let out = forward(&lab, &["--remove", "--port", "7001"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("nothing was removed"), "{}", show(&out));
    let out = forward(&lab, &["--lang", "ko", "--remove", "--port", "7001"]);
    assert!(
        text(&out).contains("삭제한 것이 없습니다"),
        "{}",
        show(&out)
    );

    // Control: once it exists, the same command removes it and succeeds.
    let out = forward(&lab, &["--port", "7001"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(has_dnat(&lab, 7001, LAN_IP));
    let out = forward(&lab, &["--json", "--remove", "--port", "7001"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(json_stdout(&out)["removed"], true);
    assert!(!has_dnat(&lab, 7001, LAN_IP));
}

/// The router reboots onto a new HTTP port and control URL (as miniupnpd's
/// random http_port does); `--keep` finds it again and re-creates the mapping.
#[test]
fn keep_finds_the_router_again_after_a_reboot_moves_its_control_url() {
    let mut lab = igd(&["moving"]);
    let before = lab.get("IGD_CONTROL").to_string();
    let mut keep = lab
        .cmd_in(
            "LAN_NS",
            common::lab::NETCHECK,
            &[
                "forward",
                "--port",
                "7000",
                "--lease",
                "4s",
                "--keep",
                "--timeout",
                "3s",
                "--source",
                lab.get("ECHO_FAST"),
            ],
        )
        .env("LANG", "C")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start forward --keep");
    let pid = keep.id();
    let mapped = wait_for(Duration::from_secs(15), || has_dnat(&lab, 7000, LAN_IP));
    if !mapped {
        let _ = keep.kill();
        panic!("forward --keep did not map: {}", dnat_rules(&lab));
    }
    let old_pid = lab.get("IGD_PID").to_string();
    lab.restart_igd();
    let after = lab.get("IGD_CONTROL").to_string();
    assert_ne!(before, after, "the control URL moved");
    assert_ne!(old_pid, lab.get("IGD_PID"));
    // The reboot lost the mapping...
    let lost = dnat_rules(&lab);
    // ...and --keep re-creates it at the new URL (lease 4 s: checked every 2 s).
    let back = wait_for(Duration::from_secs(20), || has_dnat(&lab, 7000, LAN_IP));
    let alive = keep.try_wait().expect("try_wait").is_none();
    if !back || !alive {
        let _ = keep.kill();
        let out = keep.wait_with_output().expect("output");
        panic!(
            "not re-created (rules right after the restart: {lost:?}; alive {alive})\n{}\nIGD log:\n{}",
            show(&out),
            igd_log(&lab)
        );
    }
    let table = upnpc_list(&lab);
    assert!(
        table.contains(after.trim_start_matches("http://192.168.99.1")) || table.contains(&after),
        "{table}"
    );
    assert!(listed(&table, 7000, LAN_IP).is_some(), "{table}");
    let mut server = listener(&lab, "LAN_NS", 7000);
    assert_eq!(connect_from_internet(&lab, 7000), "hello");
    let _ = server.wait();

    // Ctrl-C: removed at the new URL.
    let sig = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(sig.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    while keep.try_wait().expect("try_wait").is_none() {
        assert!(Instant::now() < deadline, "forward --keep did not stop");
        sleep(Duration::from_millis(50));
    }
    let out = keep.wait_with_output().expect("output");
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("created it again"),
        "{}",
        show(&out)
    );
    assert!(dnat_rules(&lab).is_empty(), "{}", dnat_rules(&lab));
}

/// "Disconnected", external address 0.0.0.0, yet it maps and forwards: the
/// NAT in front of it is unknown, not double NAT.
#[test]
fn disconnected_router_that_forwards_is_not_double_nat() {
    let lab = igd(&["disconnected"]);
    let status = lab.exec_in("LAN_NS", "upnpc", &["-s"]);
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(status.contains("Found a (not connected?) IGD"), "{status}");
    let mut server = listener(&lab, "LAN_NS", 7000);
    let out = forward(&lab, &["--json", "--port", "7000"]);
    let v = json_stdout(&out);
    assert_eq!(v["mapped"], true, "{v}");
    assert_eq!(v["nat"], "unknown", "{v}");
    assert_eq!(v["router_wan_ip"], Value::Null, "{v}");
    assert_eq!(v["external_ip"], WAN, "the public IP: {v}");
    assert!(
        warning_codes(&v).contains(&"router_wan_unreported".to_string()),
        "{v}"
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(connect_from_internet(&lab, 7000), "hello");
    let _ = server.wait();

    let out = forward(&lab, &["--port", "7001"]);
    let t = text(&out);
    assert!(t.contains("reports no external address"), "{t}");
    assert!(!t.to_lowercase().contains("double"), "{t}");
    let out = forward(&lab, &["--lang", "ko", "--port", "7002"]);
    let t = text(&out);
    assert!(t.contains("외부 IP를 알려 주지 않습니다"), "{t}");
    assert!(!t.contains("이중 NAT"), "{t}");
}

#[test]
fn a_private_router_wan_address_is_never_the_external_ip() {
    let lab = igd(&["private-wan"]);
    let out = forward(&lab, &["--json", "--port", "7000"]);
    let v = json_stdout(&out);
    assert_eq!(v["mapped"], true, "{v}");
    assert_eq!(v["router_wan_ip"], "192.168.1.2", "{v}");
    assert_eq!(v["external_ip"], WAN, "{v}");
    assert_eq!(v["nat"], "double", "{v}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "double NAT blocks inbound: {}",
        show(&out)
    );
}

#[test]
fn slow_router_is_waited_for_within_the_budget_and_timed_out_beyond_it() {
    let lab = igd(&["slow"]);
    // Every SOAP answer 1.5 s late: fine with a 10 s budget...
    let out = run(lab
        .lan_cmd(&[
            "forward",
            "--json",
            "--port",
            "7000",
            "--method",
            "upnp",
            "--timeout",
            "10s",
            "--source",
            lab.get("ECHO_FAST"),
        ])
        .env("LANG", "C"));
    let v = json_stdout(&out);
    assert_eq!(v["mapped"], true, "{}", show(&out));
    assert!(has_dnat(&lab, 7000, LAN_IP));
    // ...and a clear timeout, in bounded time, with a 1 s one.
    let start = Instant::now();
    let out = run(lab
        .lan_cmd(&[
            "forward",
            "--json",
            "--port",
            "7001",
            "--method",
            "upnp",
            "--timeout",
            "1s",
            "--source",
            lab.get("ECHO_FAST"),
        ])
        .env("LANG", "C"));
    let took = start.elapsed();
    assert!(took < Duration::from_secs(6), "took {took:?}");
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["mapped"], false, "{v}");
    assert!(attempt_errors(&v).contains("did not answer in time"), "{v}");
}

#[test]
fn malformed_answers_are_a_clear_failure_not_a_success_or_a_panic() {
    let lab = igd(&["malformed"]);
    let out = forward(&lab, &["--json", "--port", "7000", "--method", "upnp"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["mapped"], false, "{v}");
    assert!(attempt_errors(&v).contains("not readable UPnP"), "{v}");
    // (exit code, needle) for the human output of each mode.
    for (args, code, needle) in [
        (
            &["--port", "7000", "--method", "upnp"][..],
            1,
            "not readable UPnP",
        ),
        (&["--list"][..], 3, "not readable UPnP"),
        (&["--remove", "--port", "7000"][..], 1, "not readable UPnP"),
        (
            &["--lang", "ko", "--remove", "--port", "7000"][..],
            1,
            "올바른 UPnP 형식이 아닙니다",
        ),
    ] {
        let out = forward(&lab, args);
        let t = text(&out);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", show(&out));
        assert!(t.contains(needle), "{args:?}: {t}");
        // The router's bytes are not echoed to the terminal, and nothing panicked.
        assert!(!t.contains("Garbage") && !t.contains("panicked"), "{t}");
    }
    assert!(dnat_rules(&lab).is_empty(), "{}", dnat_rules(&lab));
}

/// The remembered description URL is stale after a reboot onto a new port
/// (quirk `moving`): SSDP finds the router, the memory is replaced, and the
/// run after that uses it.
#[test]
fn a_router_that_moved_is_found_again_and_remembered_anew() {
    let mut lab = igd(&["moving"]);
    let by = |lab: &Lab| {
        let out = forward(lab, &["--json", "--list"]);
        assert_eq!(out.status.code(), Some(0), "{}", show(&out));
        let v = json_stdout(&out);
        v["router"]["upnp_discovered_by"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let file = std::path::Path::new(lab.get("LAB_DIR")).join("state/netcheck/upnp.json");
    assert_eq!(by(&lab), "ssdp");
    let first = lab.get("UPNP_URL").to_string();
    assert!(std::fs::read_to_string(&file).unwrap().contains(&first));
    assert_eq!(by(&lab), "cache");
    lab.restart_igd();
    let moved = lab.get("UPNP_URL").to_string();
    assert_ne!(first, moved, "the description URL moved");
    assert_eq!(by(&lab), "ssdp", "the stale URL was not used");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(&moved) && !text.contains(&first), "{text}");
    assert_eq!(by(&lab), "cache");
}

/// Counts the packets sent from the LAN namespace (where `forward` runs
/// netcheck) to UDP port 1900, SSDP: a named nftables counter on the output
/// hook, in a table of the test's own (gone with the namespace).
fn ssdp_counter_add(lab: &Lab) {
    for command in [
        "add table inet ssdpcount",
        "add counter inet ssdpcount ssdp",
        "add chain inet ssdpcount out { type filter hook output priority 0; }",
        "add rule inet ssdpcount out udp dport 1900 counter name ssdp",
    ] {
        let out = lab.exec_in("LAN_NS", "nft", &[command]);
        assert!(out.status.success(), "nft {command}: {}", show(&out));
    }
}

fn ssdp_packets(lab: &Lab) -> u64 {
    let out = lab.exec_in(
        "LAN_NS",
        "nft",
        &["-j", "list", "counter", "inet", "ssdpcount", "ssdp"],
    );
    assert!(out.status.success(), "{}", show(&out));
    let v = json_stdout(&out);
    v["nftables"]
        .as_array()
        .and_then(|a| a.iter().find_map(|x| x["counter"]["packets"].as_u64()))
        .unwrap_or_else(|| panic!("no packet count in {v}"))
}

fn ssdp_counter_reset(lab: &Lab) {
    let out = lab.exec_in(
        "LAN_NS",
        "nft",
        &["reset", "counter", "inet", "ssdpcount", "ssdp"],
    );
    assert!(out.status.success(), "{}", show(&out));
    assert_eq!(ssdp_packets(lab), 0, "the counter was not reset");
}

/// A remembered router that answers within its head start is used without
/// any SSDP search: not one packet to port 1900 leaves the LAN host. The
/// first run (nothing remembered) is the control: it searches, and the
/// counter sees it.
#[test]
fn a_remembered_router_is_used_without_sending_any_ssdp() {
    let lab = igd(&[]);
    ssdp_counter_add(&lab);
    let discovered_by = |lab: &Lab| {
        let out = forward(lab, &["--json", "--list"]);
        assert_eq!(out.status.code(), Some(0), "{}", show(&out));
        json_stdout(&out)["router"]["upnp_discovered_by"].clone()
    };
    assert_eq!(discovered_by(&lab), "ssdp");
    let searched = ssdp_packets(&lab);
    assert!(searched > 0, "the counter saw no SSDP search");
    ssdp_counter_reset(&lab);
    assert_eq!(discovered_by(&lab), "cache");
    assert_eq!(
        ssdp_packets(&lab),
        0,
        "SSDP went out beside the remembered router"
    );
    let out = lab.exec_in("LAN_NS", "nft", &["delete", "table", "inet", "ssdpcount"]);
    assert!(out.status.success(), "{}", show(&out));
}
