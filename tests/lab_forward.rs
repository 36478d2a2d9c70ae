//! Lab tests of `netcheck forward` against the real miniupnpd (UPnP IGD,
//! NAT-PMP, PCP), with `upnpc` as an independent witness and real TCP
//! connections from the "internet" namespace.
//!
//! These need root; they fail (never skip) when the lab cannot run.

mod common;

use common::lab::{Lab, LabOptions, Topology, json_stdout, run, show};
use serde_json::Value;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

const WAN: &str = "111.222.33.123";
const LAN_IP: &str = "192.168.99.123";

/// netcheck forward in the LAN namespace, always with lab public-IP sources.
fn forward(lab: &Lab, extra: &[&str]) -> std::process::Output {
    let mut args: Vec<String> = vec![
        "forward".into(),
        "--json".into(),
        "--timeout".into(),
        "2s".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(["--source".into(), lab.get("ECHO_FAST").into()]);
    args.extend(["--source".into(), lab.get("STUN").into()]);
    lab.lan_exec(&args)
}

/// `upnpc -l` in a namespace: the router's table as an independent client
/// sees it. Panics when upnpc fails or lists no table, so "not listed" can
/// never mean "not asked".
fn upnpc_list(lab: &Lab, ns: &str) -> String {
    let out = lab.exec_in(ns, "upnpc", &["-u", lab.get("UPNP_URL"), "-l"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success() && text.contains("exPort->inAddr:inPort"),
        "upnpc -l did not list the table: {}",
        show(&out)
    );
    text
}

fn listed(table: &str, port: u16, proto: &str, target: &str) -> bool {
    table.lines().any(|l| {
        l.contains(&format!("{proto}  {port}->{target}:{port}"))
            || l.contains(&format!("{proto} {port}->{target}:{port}"))
    })
}

/// A TCP listener in the LAN namespace that answers one connection with "hello".
fn listener(lab: &Lab, port: u16) -> Child {
    let code = format!(
        "import socket\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(('0.0.0.0',{port}))\ns.listen()\ns.settimeout(20)\nc,_=s.accept()\nc.sendall(b'hello')\nc.close()\n"
    );
    let mut child = lab
        .cmd_in("LAN_NS", "python3", &["-c", &code])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start listener");
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        let ss = lab.exec_in("LAN_NS", "ss", &["-ltnH", &format!("sport = :{port}")]);
        if !ss.stdout.is_empty() {
            return child;
        }
        sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("listener on {port} did not start");
}

/// Connects from the internet namespace to WAN:port; returns what was read.
fn connect_from_internet(lab: &Lab, port: u16) -> String {
    let code = format!(
        "import socket\ns=socket.create_connection(('{WAN}',{port}),timeout=3)\nprint(s.recv(16).decode())\n"
    );
    let out = lab.exec_in("INET_NS", "python3", &["-c", &code]);
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn attempts(v: &Value) -> Vec<(String, String)> {
    v["attempts"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| {
                    (
                        x["method"].as_str().unwrap_or_default().to_string(),
                        x["error"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn maps_reads_back_reaches_the_lan_and_removes() {
    let lab = Lab::home();
    let mut server = listener(&lab, 5000);
    let out = forward(&lab, &["--port", "5000"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["mapped"], true, "{v}");
    assert_eq!(v["confirmed"], true, "{v}");
    assert_eq!(v["external_ip"], WAN);
    assert_eq!(v["external_port"], 5000);
    assert_eq!(v["internal_ip"], LAN_IP);
    assert_eq!(v["internal_port"], 5000);
    assert_eq!(v["protocol"], "tcp");
    assert_eq!(v["nat"], "single");
    assert_eq!(v["public_ip"], WAN);
    assert!(v["manual_guide"].is_null());
    assert!(
        ["upnp", "natpmp", "pcp"].contains(&v["method"].as_str().unwrap()),
        "{v}"
    );
    assert!(v["lease_seconds"].as_u64().unwrap() > 3000, "{v}");

    // The independent witness sees it, and the internet reaches the LAN host through it.
    assert!(
        listed(&upnpc_list(&lab, "LAN_NS"), 5000, "TCP", LAN_IP),
        "{}",
        upnpc_list(&lab, "LAN_NS")
    );
    assert_eq!(connect_from_internet(&lab, 5000), "hello");
    let _ = server.wait();

    let out = forward(&lab, &["--remove", "--port", "5000"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(json_stdout(&out)["removed"], true);
    assert!(!listed(&upnpc_list(&lab, "LAN_NS"), 5000, "TCP", LAN_IP));
}

#[test]
fn each_method_on_its_own_and_both_protocols() {
    let lab = Lab::home();
    for (method, port) in [("upnp", "6001"), ("natpmp", "6002"), ("pcp", "6003")] {
        let out = forward(
            &lab,
            &["--port", port, "--method", method, "--protocol", "both"],
        );
        assert_eq!(out.status.code(), Some(0), "{method}: {}", show(&out));
        let v = json_stdout(&out);
        assert_eq!(v["method"], method, "{v}");
        assert_eq!(v["protocol"], "both");
        assert_eq!(v["router_wan_ip"], WAN, "{v}");
        let table = upnpc_list(&lab, "LAN_NS");
        let p: u16 = port.parse().unwrap();
        assert!(
            listed(&table, p, "TCP", LAN_IP) && listed(&table, p, "UDP", LAN_IP),
            "{method}: {table}"
        );
    }
    // --list shows what UPnP set, with its description.
    let out = forward(&lab, &["--list"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    let maps = v["mappings"].as_array().unwrap();
    assert!(
        maps.iter().any(|m| m["external_port"] == 6001
            && m["description"] == "netcheck 6001"
            && m["internal_ip"] == LAN_IP),
        "{v}"
    );
    assert!(maps.len() >= 6, "{v}");
    assert_eq!(v["router"]["manufacturer"], "netcheck-lab");
    for (method, port) in [("upnp", "6001"), ("natpmp", "6002"), ("pcp", "6003")] {
        let out = forward(&lab, &["--remove", "--port", port, "--protocol", "both"]);
        assert_eq!(out.status.code(), Some(0), "{method}: {}", show(&out));
    }
    let table = upnpc_list(&lab, "LAN_NS");
    assert!(!table.contains("->192.168.99.123:600"), "{table}");
}

#[test]
fn upnp_off_falls_back_to_natpmp_or_pcp() {
    let lab = Lab::up(LabOptions {
        upnp: false,
        ..LabOptions::default()
    });
    let out = forward(&lab, &["--port", "5000"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["mapped"], true);
    assert!(
        ["natpmp", "pcp"].contains(&v["method"].as_str().unwrap()),
        "{v}"
    );
    assert_eq!(v["nat"], "single");
    // The port now reaches the LAN host.
    let mut server = listener(&lab, 5000);
    assert_eq!(connect_from_internet(&lab, 5000), "hello");
    let _ = server.wait();
    assert!(router_forwards(&lab, 5000), "no DNAT rule on the router");
    // A later run removes it without UPnP (PCP needs this host's nonce, NAT-PMP
    // deletes do not remove PCP mappings in miniupnpd).
    let out = forward(&lab, &["--remove", "--port", "5000"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(
        !router_forwards(&lab, 5000),
        "mapping left on the router after --remove"
    );
}

/// Does the router's nftables ruleset DNAT TCP `port` to the LAN host? (The
/// witness when UPnP is off: miniupnpd writes its rules there.)
fn router_forwards(lab: &Lab, port: u16) -> bool {
    let out = lab.exec_in("rtr", "nft", &["list", "ruleset"]);
    String::from_utf8_lossy(&out.stdout).lines().any(|l| {
        l.contains(&format!("th dport {port} "))
            && l.trim_end()
                .ends_with(&format!("dnat ip to {LAN_IP}:{port}"))
    })
}

#[test]
fn every_protocol_off_gives_the_manual_guide() {
    let lab = Lab::up(LabOptions {
        upnp: false,
        natpmp: false,
        ..LabOptions::default()
    });
    let out = forward(&lab, &["--port", "5000"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["mapped"], false);
    assert_eq!(v["method"], "manual");
    let guide = &v["manual_guide"];
    assert_eq!(guide["router_url"], "http://192.168.99.1/", "{v}");
    assert!(
        guide["menu_path"].as_str().is_some_and(|p| !p.is_empty()),
        "{v}"
    );
    assert_eq!(guide["rule"]["internal_ip"], LAN_IP);
    assert_eq!(guide["rule"]["internal_port"], 5000);
    let methods: Vec<String> = attempts(&v).into_iter().map(|(m, _)| m).collect();
    assert!(methods.contains(&"upnp".to_string()), "{v}");
    // Human output in Korean names the rule as the guide's table.
    let out = lab.lan_exec(&[
        "forward",
        "--port",
        "5000",
        "--timeout",
        "1s",
        "--lang",
        "ko",
        "--source",
        lab.get("ECHO_FAST"),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("5000-5000") && text.contains("내부 IP") && text.contains(LAN_IP),
        "{text}"
    );
}

#[test]
fn another_host_holding_the_port_is_named() {
    let lab = Lab::up(LabOptions {
        second_host: true,
        ..LabOptions::default()
    });
    lab.hold_port("LAN2_NS", "192.168.99.50", 5000, "game-server");
    let out = forward(&lab, &["--port", "5000", "--method", "upnp"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["mapped"], false);
    let (_, err) = attempts(&v)
        .into_iter()
        .find(|(m, _)| m == "upnp")
        .expect("upnp attempt");
    assert!(
        err.contains("192.168.99.50") && err.contains("game-server"),
        "{err}"
    );
    // The other host's rule is untouched.
    assert!(listed(
        &upnpc_list(&lab, "LAN_NS"),
        5000,
        "TCP",
        "192.168.99.50"
    ));
}

#[test]
fn keep_recreates_a_deleted_mapping_and_cleans_up_on_sigterm() {
    let lab = Lab::home();
    let mut cmd: Command = lab.lan_cmd(&[
        "forward",
        "--port",
        "7000",
        "--method",
        "upnp",
        "--lease",
        "4s",
        "--keep",
        "--timeout",
        "2s",
        "--source",
        lab.get("ECHO_FAST"),
    ]);
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn keep");
    let deadline = Instant::now() + Duration::from_secs(5);
    while !listed(&upnpc_list(&lab, "LAN_NS"), 7000, "TCP", LAN_IP) {
        assert!(Instant::now() < deadline, "mapping never appeared");
        sleep(Duration::from_millis(100));
    }
    // The router loses it (as after a reboot): netcheck puts it back.
    let del = lab.exec_in(
        "LAN_NS",
        "upnpc",
        &["-u", lab.get("UPNP_URL"), "-d", "7000", "TCP"],
    );
    assert!(del.status.success(), "{}", show(&del));
    let deadline = Instant::now() + Duration::from_secs(6);
    while !listed(&upnpc_list(&lab, "LAN_NS"), 7000, "TCP", LAN_IP) {
        assert!(Instant::now() < deadline, "mapping was not re-created");
        sleep(Duration::from_millis(200));
    }
    // (Renewal across lease periods, NAT-PMP, PCP and router reboots: tests/lab_keep.rs.)
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(err.contains("created it again"), "{err}");
    assert!(
        !listed(&upnpc_list(&lab, "LAN_NS"), 7000, "TCP", LAN_IP),
        "left behind after SIGTERM"
    );
}

#[test]
fn carrier_grade_nat_is_called_out() {
    let lab = Lab::up(LabOptions {
        topology: Topology::Cgnat,
        ..LabOptions::default()
    });
    let out = forward(&lab, &["--port", "5000"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let v = json_stdout(&out);
    // The lab is carrier-grade NAT (router WAN 100.64.0.2), but miniupnpd
    // refuses to report a reserved WAN address (it says it has no usable
    // one), so what netcheck can know is "another NAT beyond the router":
    // double. A router that reports 100.64.x.x gives "cgnat" (the unit table
    // in src/net/nat.rs).
    assert_eq!(v["nat"], "double", "{v}");
    assert!(v["router_wan_ip"].is_null(), "{v}");
    assert_eq!(v["public_ip"], lab.get("ISP_PUBLIC_IP"), "{v}");
    let human = run(&mut lab.lan_cmd(&[
        "forward",
        "--port",
        "5000",
        "--timeout",
        "2s",
        "--source",
        lab.get("ECHO_FAST"),
    ]));
    assert_eq!(human.status.code(), Some(1), "{}", show(&human));
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("ISP") && text.contains("bridge mode"),
        "{text}"
    );
}

/// With no UPnP description to read, the brand comes from the gateway's MAC
/// prefix: the lab's router bridge gets an ipTIME (EFM Networks) OUI. The
/// control is the same lab with lab.sh's default, locally administered MAC.
#[test]
fn brand_from_the_gateway_mac_when_upnp_is_off() {
    for (mac, brand, detected_by) in [
        (Some("88:36:6c:00:00:01"), "iptime", "mac"),
        (None, "generic", "none"),
    ] {
        let lab = Lab::up(LabOptions {
            upnp: false,
            natpmp: false,
            router_mac: mac.map(str::to_string),
            ..LabOptions::default()
        });
        // The LAN host's neighbour table learns the router's MAC from traffic.
        let ping = lab.exec_in("lan", "ping", &["-c", "1", "-W", "2", "192.168.99.1"]);
        assert!(ping.status.success(), "ping the router: {}", show(&ping));
        let want_mac = lab.link_mac("rtr", lab.get("RTR_LAN_IF"));
        if let Some(mac) = mac {
            assert_eq!(want_mac, mac, "lab.sh --router-mac was not applied");
        }
        let out = forward(&lab, &["--port", "5000", "--method", "manual"]);
        assert_eq!(out.status.code(), Some(1), "{mac:?}: {}", show(&out));
        let v = json_stdout(&out);
        assert_eq!(v["router"]["brand"], brand, "{mac:?}: {v}");
        assert_eq!(v["router"]["detected_by"], detected_by, "{mac:?}: {v}");
    }
}

#[test]
fn brand_from_the_upnp_description_picks_the_menu_path() {
    let lab = Lab::up(LabOptions {
        manufacturer: "EFM Networks".into(),
        model: "ipTIME A3004NS-M".into(),
        ..LabOptions::default()
    });
    let out = forward(
        &lab,
        &["--port", "5000", "--method", "manual", "--lang", "ko"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["router"]["brand"], "iptime", "{v}");
    assert_eq!(v["router"]["detected_by"], "upnp");
    // JSON is English whatever --lang says; people get the router's words.
    let path = v["manual_guide"]["menu_path"].as_str().unwrap();
    assert!(path.contains("Port Forwarding"), "{path}");
    let human = lab.lan_exec(&[
        "forward",
        "--port",
        "5000",
        "--method",
        "manual",
        "--lang",
        "ko",
        "--timeout",
        "2s",
        "--source",
        lab.get("ECHO_FAST"),
    ]);
    assert_eq!(human.status.code(), Some(1), "{}", show(&human));
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("고급 설정 > NAT/라우터 관리 > 포트포워드 설정"),
        "{text}"
    );
    assert!(text.contains("로그인 힌트(모델마다 다름)"), "{text}");
    assert!(text.contains("자동 설정을 시도하지 않았습니다"), "{text}");
    // Manual changes nothing on the router.
    // upnpc_rows checks that upnpc itself listed the table: the absence is real.
    let rows = common::router::upnpc_rows(&lab, "LAN_NS");
    assert!(
        !rows.iter().any(|r| r.target.starts_with("192.168.99.123:")),
        "{rows:?}"
    );
}

/// Drops SSDP at the router (its input, UDP port 1900): nobody on the LAN
/// gets an answer to an M-SEARCH any more. `false` lifts the block.
fn block_ssdp(lab: &Lab, on: bool) {
    let script = if on {
        "add table inet nc_ssdp_block\n\
         add chain inet nc_ssdp_block input { type filter hook input priority -10; }\n\
         add rule inet nc_ssdp_block input udp dport 1900 drop\n"
    } else {
        "delete table inet nc_ssdp_block\n"
    };
    let mut cmd = lab.cmd_in("RTR_NS", "nft", &["-f", "-"]);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("nft");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "nft: {}", show(&out));
}

/// The UPnP device netcheck remembers for the next run (the lab's state dir).
fn remembered(lab: &Lab) -> std::path::PathBuf {
    std::path::Path::new(lab.get("LAB_DIR")).join("state/netcheck/upnp.json")
}

#[test]
fn the_remembered_router_is_used_first_and_a_stale_or_corrupt_memory_is_survived() {
    let lab = Lab::home();
    let url = lab.get("UPNP_URL").to_string();
    let upnp = |port: &str| forward(&lab, &["--port", port, "--method", "upnp"]);
    let mapped_by = |out: &std::process::Output| {
        let v = json_stdout(out);
        assert_eq!(v["mapped"], true, "{v:#}");
        assert_eq!(v["method"], "upnp", "{v:#}");
        v["router"]["upnp_discovered_by"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let file = remembered(&lab);
    assert!(!file.exists(), "a fresh lab remembers nothing");

    // 1. First run: found by SSDP, and remembered.
    assert_eq!(mapped_by(&upnp("5000")), "ssdp");
    let text = std::fs::read_to_string(&file).expect("the device is remembered");
    assert!(text.contains(&url), "{text}");

    // 2. With SSDP dropped at the router, only the memory can find it.
    block_ssdp(&lab, true);
    let out = upnp("5001");
    let blocked_by = mapped_by(&out);
    // Control: the same blocked router and no memory (a fresh state dir): nothing found.
    let empty = std::path::Path::new(lab.get("LAB_DIR")).join("state-empty");
    let mut cmd = lab.lan_cmd(&[
        "forward",
        "--json",
        "--timeout",
        "2s",
        "--port",
        "5002",
        "--method",
        "upnp",
        "--source",
        lab.get("ECHO_FAST"),
    ]);
    let control = run(cmd.env("XDG_STATE_HOME", &empty));
    block_ssdp(&lab, false);
    assert_eq!(blocked_by, "cache");
    let v = json_stdout(&control);
    assert_eq!(v["mapped"], false, "{v:#}");
    assert!(
        attempts(&v)
            .iter()
            .any(|(m, e)| m == "upnp" && e.contains("no answer")),
        "{v:#}"
    );
    let table = upnpc_list(&lab, "LAN_NS");
    assert!(listed(&table, 5001, "TCP", LAN_IP), "{table}");

    // 3. A stale memory (the router moved to another port: here nothing
    //    listens there, the connection is refused): SSDP finds it, and the
    //    memory is corrected.
    std::fs::write(&file, text.replace(":5555/", ":1/")).unwrap();
    assert!(std::fs::read_to_string(&file).unwrap().contains(":1/"));
    assert_eq!(mapped_by(&upnp("5000")), "ssdp");
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert!(fixed.contains(&url) && !fixed.contains(":1/"), "{fixed}");
    assert_eq!(mapped_by(&upnp("5000")), "cache");

    // 4. A corrupt file: no memory, no crash, rewritten.
    std::fs::write(&file, "{ not json \u{0}").unwrap();
    assert_eq!(mapped_by(&upnp("5000")), "ssdp");
    assert!(std::fs::read_to_string(&file).unwrap().contains(&url));

    // 5. After a router reboot (same description URL in this lab) the memory still works.
    lab.reboot_router();
    assert_eq!(mapped_by(&upnp("5000")), "cache");

    // (The reboot dropped 5001; 5000 was mapped again after it.)
    let out = forward(&lab, &["--remove", "--port", "5000"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let table = upnpc_list(&lab, "LAN_NS");
    assert!(!listed(&table, 5000, "TCP", LAN_IP), "{table}");
    assert!(!listed(&table, 5001, "TCP", LAN_IP), "{table}");
}
