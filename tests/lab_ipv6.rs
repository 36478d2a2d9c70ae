//! Lab tests of IPv6 end to end (`lab.sh up --ipv6`): `forward --ipv6`
//! opening, keeping, listing and removing firewall pinholes in the real
//! miniupnpd (UPnP IGDv2 WANIPv6FirewallControl and PCP over IPv6), witnessed
//! by real TCP/UDP traffic from the "internet" namespace and by the router's
//! nftables rules; `public-ip -6` against the lab's echo server and coturn;
//! `probe` over IPv6.
//!
//! The LAN host has three global-scope addresses — a stable one, a ULA and a
//! kernel privacy address that source selection prefers — which is exactly
//! the case where `upnpc` gets 606.
//!
//! These need root; they fail (never skip) when the lab cannot run.
//! NETWORK SAFETY: all traffic stays inside the lab's namespaces.

mod common;

use common::lab::{Lab, LabOptions, LabProcess, json_stdout, run, show};
use common::router::wait_until;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

fn lab6() -> Lab {
    Lab::up(LabOptions {
        ipv6: true,
        ..LabOptions::default()
    })
}

/// A fresh state directory for the pinhole record (never the user's own).
fn state_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("netcheck-ipv6-test-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn netcheck(lab: &Lab, state: &Path, args: &[&str]) -> Command {
    let mut cmd = lab.lan_cmd(args);
    cmd.env("XDG_STATE_HOME", state);
    cmd
}

fn forward6(lab: &Lab, state: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["forward", "--ipv6", "--json", "--timeout", "3s"];
    args.extend_from_slice(extra);
    run(&mut netcheck(lab, state, &args))
}

/// The router's nftables pinhole rules (the independent witness).
fn router_rules(lab: &Lab) -> String {
    let out = lab.exec_in(
        "RTR_NS",
        "nft",
        &["list", "chain", "inet", "filter", "miniupnpd"],
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Is there a pinhole rule for `port` and `proto` (6 or 17) to the stable address?
fn has_rule(lab: &Lab, port: u16, proto: u8) -> bool {
    // miniupnpd writes the address as 128 bits of hex.
    let hex = "0x21110222009900000000000000000123";
    router_rules(lab).lines().any(|l| {
        l.contains(&format!("dport {port} "))
            && l.contains(hex)
            && l.contains(&format!("@nh,48,8 {proto:#x}"))
    })
}

/// A TCP server on [::]:port in the LAN that answers every connection with "hello".
fn tcp_server(lab: &Lab, port: u16) -> LabProcess {
    let code = format!(
        "import socket\ns=socket.socket(socket.AF_INET6)\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(('::',{port}))\ns.listen()\nwhile True:\n  c,_=s.accept()\n  c.sendall(b'hello')\n  c.close()\n"
    );
    lab.start("LAN_NS", "python3", &["-c", &code], &[("tcp", port)])
}

/// A UDP echo on [::]:port in the LAN.
fn udp_echo(lab: &Lab, port: u16) -> LabProcess {
    let code = format!(
        "import socket\ns=socket.socket(socket.AF_INET6,socket.SOCK_DGRAM)\ns.bind(('::',{port}))\nwhile True:\n  d,a=s.recvfrom(2048)\n  s.sendto(b'echo:'+d,a)\n"
    );
    lab.start("LAN_NS", "python3", &["-c", &code], &[("udp", port)])
}

/// `netcheck serve` on port 5000 in the LAN, once its IPv6 socket listens.
fn serve(lab: &Lab) -> LabProcess {
    lab.start(
        "LAN_NS",
        common::lab::NETCHECK,
        &["serve", "--port", "5000", "--no-public-ip"],
        &[("tcp6", 5000)],
    )
}

/// A doctor run's `ipv6` section and its `ipv6` checklist row.
fn ipv6_row(out: &std::process::Output) -> (Value, Value) {
    let v = json_stdout(out);
    let row = v["checks"]
        .as_array()
        .unwrap_or_else(|| panic!("no checks: {}", show(out)))
        .iter()
        .find(|c| c["id"] == "ipv6")
        .cloned()
        .unwrap_or_else(|| panic!("no ipv6 row: {v}"));
    (v["ipv6"].clone(), row)
}

/// TCP connect from the internet namespace to [addr]:port; what was read, or "".
fn tcp_from_internet(lab: &Lab, addr: &str, port: u16) -> String {
    let code = format!(
        "import socket\ntry:\n  s=socket.create_connection(('{addr}',{port}),timeout=1)\n  print(s.recv(16).decode())\nexcept OSError:\n  pass\n"
    );
    let out = lab.exec_in("INET_NS", "python3", &["-c", &code]);
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// One UDP datagram from the internet namespace; the answer, or "".
fn udp_from_internet(lab: &Lab, addr: &str, port: u16) -> String {
    let code = format!(
        "import socket\ns=socket.socket(socket.AF_INET6,socket.SOCK_DGRAM)\ns.settimeout(1)\ns.sendto(b'ping',('{addr}',{port}))\ntry:\n  print(s.recv(64).decode())\nexcept OSError:\n  pass\n"
    );
    let out = lab.exec_in("INET_NS", "python3", &["-c", &code]);
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn record(state: &Path) -> Value {
    let text = std::fs::read_to_string(state.join("netcheck/pinholes.json")).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

#[test]
fn upnp_pinhole_opens_for_the_stable_address_and_remove_closes_it() {
    let lab = lab6();
    let state = state_dir("upnp");
    let stable = lab.get("LAN_IP6");
    let _server = tcp_server(&lab, 5000);

    // Before: the router's firewall drops unsolicited inbound IPv6.
    assert_eq!(
        tcp_from_internet(&lab, stable, 5000),
        "",
        "open before the pinhole"
    );
    assert!(!has_rule(&lab, 5000, 6));

    // The trap netcheck avoids: upnpc sends from the preferred (privacy)
    // address and asks for the stable one → 606.
    let upnpc = lab.exec_in(
        "LAN_NS",
        "upnpc",
        &[
            "-6",
            "-u",
            &format!("http://[{}]:5555/rootDesc.xml", lab.get("RTR_LAN_IP6")),
            "-A",
            "",
            "0",
            stable,
            "5000",
            "tcp",
            "3600",
        ],
    );
    let upnpc_text = String::from_utf8_lossy(&upnpc.stdout).to_string()
        + &String::from_utf8_lossy(&upnpc.stderr);
    assert!(
        upnpc_text.contains("606"),
        "control: upnpc should get 606 here:\n{upnpc_text}"
    );
    assert!(!has_rule(&lab, 5000, 6));

    let out = forward6(&lab, &state, &["--port", "5000", "--method", "upnp"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["opened"], true, "{v}");
    assert_eq!(v["address"], stable, "{v}");
    assert_eq!(v["address_reason"], "stable");
    let p = &v["pinhole"];
    assert_eq!(p["method"], "upnp", "{v}");
    assert_eq!(p["address"], stable);
    assert_eq!(p["port"], 5000);
    assert_eq!(p["protocol"], "tcp");
    assert!(p["unique_id"].as_u64().is_some(), "{v}");
    assert!(p["lease_seconds"].as_u64().unwrap() > 3500, "{v}");
    assert_eq!(p["state"], "open");
    // Three addresses, no 606: nothing was even attempted twice.
    assert_eq!(v["attempts"], serde_json::json!([]), "{v}");
    let skipped: Vec<(String, String)> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["address"].as_str().unwrap().to_string(),
                s["why"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        skipped.contains(&(lab.get("LAN_TEMP6").to_string(), "temporary".into())),
        "{v}"
    );
    assert!(
        skipped.contains(&(lab.get("LAN_ULA6").to_string(), "ula".into())),
        "{v}"
    );

    // After: reachable from the internet, and the router holds the rule.
    assert_eq!(tcp_from_internet(&lab, stable, 5000), "hello");
    assert!(has_rule(&lab, 5000, 6), "{}", router_rules(&lab));
    // Only that port: 5001 on the same host stays closed.
    let _other = tcp_server(&lab, 5001);
    assert_eq!(tcp_from_internet(&lab, stable, 5001), "");

    // --list: the record with the router's answer.
    let list = forward6(&lab, &state, &["--list"]);
    let l = json_stdout(&list);
    assert_eq!(l["pinholes"].as_array().unwrap().len(), 1, "{l}");
    assert_eq!(l["pinholes"][0]["state"], "open", "{l}");
    assert_eq!(l["pinholes"][0]["unique_id"], p["unique_id"]);

    // --remove: closed again, gone from the router and from the record.
    let rm = forward6(&lab, &state, &["--port", "5000", "--remove"]);
    assert_eq!(rm.status.code(), Some(0), "{}", show(&rm));
    assert_eq!(json_stdout(&rm)["removed"], true);
    assert!(!has_rule(&lab, 5000, 6), "{}", router_rules(&lab));
    assert_eq!(
        tcp_from_internet(&lab, stable, 5000),
        "",
        "still open after --remove"
    );
    assert_eq!(record(&state)["pinholes"], serde_json::json!([]));
    // Removing again: nothing recorded → exit 1, said plainly.
    let again = forward6(&lab, &state, &["--port", "5000", "--remove"]);
    assert_eq!(again.status.code(), Some(1), "{}", show(&again));
}

#[test]
fn auto_opens_a_udp_pinhole_that_carries_a_real_datagram() {
    let lab = lab6();
    let state = state_dir("udp");
    let stable = lab.get("LAN_IP6");
    let _echo = udp_echo(&lab, 6000);
    assert_eq!(
        udp_from_internet(&lab, stable, 6000),
        "",
        "UDP open before the pinhole"
    );

    let out = forward6(&lab, &state, &["--port", "6000", "--protocol", "udp"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["pinhole"]["protocol"], "udp", "{v}");
    // auto: PCP answers first (one datagram); UPnP discovery ran alongside.
    assert_eq!(v["pinhole"]["method"], "pcp", "{v}");
    assert!(has_rule(&lab, 6000, 17), "{}", router_rules(&lab));
    assert_eq!(udp_from_internet(&lab, stable, 6000), "echo:ping");
    // The record holds the PCP nonce a later run needs.
    let rec = record(&state);
    assert_eq!(rec["pinholes"][0]["method"], "pcp", "{rec}");
    assert_eq!(
        rec["pinholes"][0]["nonce"].as_str().map(str::len),
        Some(24),
        "{rec}"
    );

    let rm = forward6(
        &lab,
        &state,
        &["--port", "6000", "--protocol", "udp", "--remove"],
    );
    assert_eq!(rm.status.code(), Some(0), "{}", show(&rm));
    assert!(!has_rule(&lab, 6000, 17), "{}", router_rules(&lab));
    assert_eq!(udp_from_internet(&lab, stable, 6000), "");
}

#[test]
fn a_corrupt_record_is_a_warning_and_a_port_below_1024_is_explained() {
    let lab = lab6();
    let state = state_dir("corrupt");
    std::fs::create_dir_all(state.join("netcheck")).unwrap();
    std::fs::write(state.join("netcheck/pinholes.json"), "{ not json").unwrap();
    let list = forward6(&lab, &state, &["--list"]);
    assert_eq!(list.status.code(), Some(0), "{}", show(&list));
    let l = json_stdout(&list);
    assert_eq!(l["warnings"][0]["code"], "record_unreadable", "{l}");

    // IGDv2 refuses ports below 1024: said in plain words, with the way out.
    let out = forward6(&lab, &state, &["--port", "80", "--method", "upnp"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["attempts"][0]["code"], "low_port", "{v}");
    assert!(v["manual_steps"].as_str().is_some(), "{v}");
    // PCP may open it.
    let pcp = forward6(&lab, &state, &["--port", "80", "--method", "pcp"]);
    assert_eq!(pcp.status.code(), Some(0), "{}", show(&pcp));
    // The corrupt record was replaced by a good one.
    assert_eq!(record(&state)["pinholes"][0]["port"], 80);
    let text = String::from_utf8_lossy(
        &run(&mut netcheck(
            &lab,
            &state,
            &[
                "--lang",
                "ko",
                "forward",
                "--ipv6",
                "--port",
                "80",
                "--method",
                "upnp",
                "--timeout",
                "3s",
            ],
        ))
        .stdout,
    )
    .into_owned();
    assert!(text.contains("1024 미만"), "{text}");
    // Bad input: NAT-PMP has no IPv6; leases longer than a day.
    for bad in [
        vec!["--port", "5000", "--method", "natpmp"],
        vec!["--port", "5000", "--lease", "2d"],
        vec!["--port", "5000", "--external-port", "6000"],
    ] {
        let out = forward6(&lab, &state, &bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", show(&out));
    }
}

#[test]
fn keep_renews_across_leases_reopens_and_closes_on_ctrl_c() {
    let lab = lab6();
    let state = state_dir("keep");
    let stable = lab.get("LAN_IP6");
    let _server = tcp_server(&lab, 7000);

    // Control: a 2 s pinhole without --keep is gone once it expires.
    let out = forward6(
        &lab,
        &state,
        &["--port", "7001", "--method", "upnp", "--lease", "2s"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(has_rule(&lab, 7001, 6));
    wait_until(
        Duration::from_secs(15),
        "an unrenewed pinhole expires",
        || !has_rule(&lab, 7001, 6),
    );

    let mut child = netcheck(
        &lab,
        &state,
        &[
            "forward",
            "--ipv6",
            "--port",
            "7000",
            "--method",
            "upnp",
            "--lease",
            "2s",
            "--keep",
            "--timeout",
            "2s",
        ],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("spawn --keep");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    wait_until(Duration::from_secs(5), "pinhole opened by --keep", || {
        has_rule(&lab, 7000, 6)
    });
    let opened_at = Instant::now();
    let mut log = Vec::new();
    // Across at least two lease periods (3 × 2 s) it stays open and usable.
    while opened_at.elapsed() < Duration::from_secs(6) {
        assert!(
            has_rule(&lab, 7000, 6),
            "pinhole lapsed under --keep: {log:?}"
        );
        log.extend(rx.try_iter());
        sleep(Duration::from_millis(200));
    }
    assert_eq!(tcp_from_internet(&lab, stable, 7000), "hello");
    log.extend(rx.try_iter());
    let renewals = log.iter().filter(|l| l.contains("renewed")).count();
    assert!(renewals >= 2, "expected ≥ 2 renewals: {log:?}");

    // The router restarts and loses every pinhole (lab.sh reboot-router):
    // the next renewal finds it gone and opens it again.
    lab.reboot_router();
    log.extend(rx.try_iter());
    wait_until(
        Duration::from_secs(6),
        "re-opened after the router lost it",
        || {
            log.extend(rx.try_iter());
            log.iter().any(|l| l.contains("opened it again")) && has_rule(&lab, 7000, 6)
        },
    );

    // Ctrl-C: closed, and out of the record.
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let deadline = Instant::now() + Duration::from_secs(6);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "--keep did not stop on SIGINT");
        sleep(Duration::from_millis(50));
    };
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{out} {log:?}");
    assert!(
        !has_rule(&lab, 7000, 6),
        "left behind after Ctrl-C: {}",
        router_rules(&lab)
    );
    assert_eq!(tcp_from_internet(&lab, stable, 7000), "");
    let left: Vec<Value> = record(&state)["pinholes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e["port"] == 7000)
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn public_ip_6_and_probe_over_ipv6() {
    let lab = lab6();
    let state = state_dir("probe");
    // public-ip -6: the HTTP echo and coturn over IPv6 agree. Outgoing
    // connections leave from the privacy address (the kernel prefers it).
    let out = run(&mut lab.lan_cmd(&[
        "public-ip",
        "-6",
        "--json",
        "--timeout",
        "2s",
        "--source",
        lab.get("ECHO6_FAST"),
        "--source",
        lab.get("STUN6"),
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["ipv6"], lab.get("LAN_TEMP6"), "{v}");
    assert_eq!(v["agreed_v6"], 2, "{v}");

    // probe over IPv6 from the internet to `netcheck serve` in the LAN:
    // timed out before the pinhole, reachable after.
    let _serve = serve(&lab);
    let stable = lab.get("LAN_IP6");
    let probe = |extra: &str| {
        let out = run(&mut lab.cmd_in(
            "INET_NS",
            common::lab::NETCHECK,
            &[
                "probe",
                stable,
                "--port",
                "5000",
                "--json",
                "--timeout",
                extra,
            ],
        ));
        (out.status.code(), json_stdout(&out))
    };
    let (code, v) = probe("1s");
    assert_eq!(code, Some(1), "{v}");
    assert_eq!(v["verdict"], "timed_out", "{v}");
    let out = forward6(&lab, &state, &["--port", "5000"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let (code, v) = probe("2s");
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["verdict"], "reachable", "{v}");
    assert_eq!(v["post"]["echo_verified"], true, "{v}");
}

#[test]
fn doctor_ipv6_row_passes_only_when_inbound_is_open() {
    let lab = lab6();
    let state = state_dir("doctor");
    let stable = lab.get("LAN_IP6");
    let _server = tcp_server(&lab, 5000);
    let doctor = |extra: &[&str]| {
        // No vantage outside (never the public defaults): the row rests on
        // the router's word (doctor_ipv6_reach_is_checked_from_outside covers
        // vantages).
        let mut args = vec![
            "doctor",
            "--no-outside",
            "--port",
            "5000",
            "--json",
            "--timeout",
            "3s",
            "--source",
            lab.get("ECHO_FAST"),
            "--source",
            lab.get("STUN"),
            "--source",
            lab.get("ECHO6_FAST"),
            "--source",
            lab.get("STUN6"),
        ];
        args.extend_from_slice(extra);
        ipv6_row(&run(&mut netcheck(&lab, &state, &args)))
    };
    // A global address alone does not pass: the router drops inbound IPv6.
    let (v6, row) = doctor(&[]);
    assert_eq!(v6["address"], stable, "{v6}");
    assert_eq!(v6["kind"], "stable");
    assert_eq!(v6["pinhole_state"], "none", "{v6}");
    assert_eq!(v6["inbound_open"], false);
    assert_eq!(row["mark"], "warn", "{row}");
    assert_eq!(tcp_from_internet(&lab, stable, 5000), "");

    // doctor --forward opens the pinhole too (UPnP first: it can be read back).
    let (v6, row) = doctor(&["--forward"]);
    assert_eq!(v6["pinhole_state"], "opened", "{v6}");
    assert_eq!(v6["pinhole"]["method"], "upnp", "{v6}");
    assert_eq!(row["mark"], "pass", "{row}");
    assert_eq!(tcp_from_internet(&lab, stable, 5000), "hello");

    // A later read-only run asks the router about the recorded pinhole.
    let (v6, row) = doctor(&[]);
    assert_eq!(v6["pinhole_state"], "open", "{v6}");
    assert_eq!(v6["inbound_open"], true);
    assert_eq!(row["mark"], "pass", "{row}");

    // Closed again: the row says so.
    let rm = forward6(&lab, &state, &["--port", "5000", "--remove"]);
    assert_eq!(rm.status.code(), Some(0), "{}", show(&rm));
    let (v6, row) = doctor(&[]);
    assert_eq!(v6["pinhole_state"], "none", "{v6}");
    assert_eq!(row["mark"], "warn", "{row}");
    assert_eq!(tcp_from_internet(&lab, stable, 5000), "");
}

/// doctor with a vantage outside (`--from`, the real `netcheck reflector` in
/// the internet namespace, on IPv6): the IPv6 row passes only when the
/// reflector, asked over IPv6 from the stable address, connects back to that
/// address and this host's server answers. Before the pinhole: filtered, not
/// passing. After `doctor --forward`: open (nonce-proven), passing. After
/// `forward --ipv6 --remove`: filtered again (the control).
#[test]
fn doctor_ipv6_reach_is_checked_from_outside() {
    let lab = lab6();
    let state = state_dir("doctor-outside");
    let stable = lab.get("LAN_IP6").to_string();
    let inet6 = lab.get("INET_IP6").to_string();
    let _reflector = lab.reflector(&inet6, 8765, &["--checks-per-minute", "1000"]);
    let serve = serve(&lab);
    let from = format!("http://[{inet6}]:8765");
    let doctor_args = |extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "doctor",
            "--port",
            "5000",
            "--timeout",
            "6s",
            "--source",
            lab.get("ECHO_FAST"),
            "--source",
            lab.get("ECHO6_FAST"),
            "--from",
            &from,
        ]
        .map(String::from)
        .to_vec();
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let doctor = |extra: &[&str]| {
        let mut args = doctor_args(extra);
        args.push("--json".into());
        ipv6_row(&run(&mut netcheck(
            &lab,
            &state,
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        )))
    };
    let vantage = |v6: &Value| -> Value {
        v6["outside"]["vantages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["vantage"] == from.as_str())
            .cloned()
            .unwrap_or_else(|| panic!("no vantage {from}: {v6}"))
    };

    // Before the pinhole: the router drops inbound IPv6.
    let (v6, row) = doctor(&[]);
    assert_eq!(v6["address"], stable.as_str(), "{v6}");
    assert_eq!(v6["outside"]["result"], "filtered", "{v6}");
    assert_eq!(v6["outside"]["port"], 5000);
    assert_eq!(
        vantage(&v6)["seen_from"],
        stable.as_str(),
        "asked from the stable address, not the privacy one: {v6}"
    );
    assert_eq!(row["mark"], "warn", "{row}");

    // doctor --forward opens the pinhole; the reflector gets through.
    let (v6, row) = doctor(&["--forward"]);
    assert_eq!(v6["pinhole_state"], "opened", "{v6}");
    assert_eq!(v6["outside"]["result"], "open", "{v6}");
    assert_eq!(v6["outside"]["proven"], true, "{v6}");
    assert_eq!(v6["outside"]["confirmed_by"][0], from.as_str(), "{v6}");
    assert_eq!(row["mark"], "pass", "{row}");

    // In words, in English and Korean (the pinhole is still open).
    for (lang, want) in [
        ("en", "port 5000 is open from outside"),
        ("ko", "외부에서 포트 5000에 접속되고"),
    ] {
        let mut args = doctor_args(&["--lang", lang]);
        args.push("--color".into());
        args.push("never".into());
        let out = run(&mut netcheck(
            &lab,
            &state,
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        ));
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text
            .lines()
            .find(|l| l.contains(stable.as_str()))
            .unwrap_or_else(|| panic!("{lang}: no IPv6 row:\n{text}"));
        assert!(line.contains(want), "{lang}: {line}");
    }

    // The router still says the pinhole is open, but nothing listens any
    // more: the reflector is refused, and the router's word alone does not
    // pass the row (it would without the outside view).
    drop(serve);
    wait_until(Duration::from_secs(10), "serve stopped", || {
        !lab.listening("LAN_NS", "tcp6", 5000)
    });
    let (v6, row) = doctor(&[]);
    assert_eq!(v6["pinhole_state"], "open", "{v6}");
    assert_eq!(v6["inbound_open"], true, "{v6}");
    assert_eq!(v6["outside"]["result"], "refused", "{v6}");
    assert_eq!(row["mark"], "warn", "{row}");

    // Closed again: the reflector is filtered, the row does not pass.
    let rm = forward6(&lab, &state, &["--port", "5000", "--remove"]);
    assert_eq!(rm.status.code(), Some(0), "{}", show(&rm));
    let (v6, row) = doctor(&[]);
    assert_eq!(v6["outside"]["result"], "filtered", "{v6}");
    assert_eq!(row["mark"], "warn", "{row}");
}
