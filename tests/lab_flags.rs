//! Flags that had no test of their own, each through the binary in the lab
//! against miniupnpd, witnessed by `upnpc -l`, the router's nftables and real
//! traffic from the "internet" namespace:
//! `forward --external-port` ≠ `--port`, `--internal-ip` (another LAN host;
//! NAT-PMP/PCP's refusal; off the subnet), `--protocol udp` with a real
//! datagram, `--lease 0`, `--description`; `doctor`'s human output and
//! `--lease`; `-v`; `gateway --all` and `dns_servers`; the lease parser that
//! `forward` and `doctor` share.
//!
//! These need root; they fail (never skip) when the lab cannot run.

mod common;

use common::lab::{Lab, LabOptions, json_stdout, show};
use common::router::{nft_dnat, upnpc_row, wait_until};
use serde_json::Value;
use std::process::{Child, Output, Stdio};
use std::time::Duration;

const WAN: &str = "111.222.33.123";
const LAN_IP: &str = "192.168.99.123";
const LAN2_IP: &str = "192.168.99.50";

/// netcheck forward in the LAN namespace with the lab's public-IP source.
fn forward(lab: &Lab, extra: &[&str]) -> Output {
    let mut args = vec!["forward", "--timeout", "5s"];
    args.extend_from_slice(extra);
    args.extend(["--source", lab.get("ECHO_FAST")]);
    lab.lan_exec(&args)
}

fn forward_json(lab: &Lab, extra: &[&str]) -> (Output, Value) {
    let mut args = vec!["--json"];
    args.extend_from_slice(extra);
    let out = forward(lab, &args);
    let v = json_stdout(&out);
    (out, v)
}

struct Bg(Child);

impl Drop for Bg {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A Python server in `ns_key` on `port` that answers every TCP connection
/// (or UDP datagram) with `reply`; waits until it listens.
fn server(lab: &Lab, ns_key: &str, udp: bool, port: u16, reply: &str) -> Bg {
    let code = if udp {
        format!(
            "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.bind(('0.0.0.0',{port}))\nwhile True:\n d,a=s.recvfrom(512)\n s.sendto(b'{reply}:'+d,a)\n"
        )
    } else {
        format!(
            "import socket\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(('0.0.0.0',{port}))\ns.listen()\nwhile True:\n c,_=s.accept()\n c.sendall(b'{reply}')\n c.close()\n"
        )
    };
    let child = lab
        .cmd_in(ns_key, "python3", &["-c", &code])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start python server");
    let bg = Bg(child);
    let flag = if udp { "-lunH" } else { "-ltnH" };
    wait_until(Duration::from_secs(10), "the server listens", || {
        !lab.exec_in(ns_key, "ss", &[flag, &format!("sport = :{port}")])
            .stdout
            .is_empty()
    });
    bg
}

/// From the internet: what WAN:port answers over TCP (or to a UDP datagram).
fn from_internet(lab: &Lab, udp: bool, port: u16) -> String {
    let code = if udp {
        format!(
            "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.settimeout(3)\ns.sendto(b'ping',('{WAN}',{port}))\nprint(s.recvfrom(512)[0].decode())\n"
        )
    } else {
        format!(
            "import socket\ns=socket.create_connection(('{WAN}',{port}),timeout=3)\nprint(s.recv(64).decode())\n"
        )
    };
    let out = lab.exec_in("INET_NS", "python3", &["-c", &code]);
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn remove(lab: &Lab, extra: &[&str]) {
    let mut args = vec!["--remove"];
    args.extend_from_slice(extra);
    let out = forward(lab, &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "remove {extra:?}: {}",
        show(&out)
    );
}

#[test]
fn forward_flags_in_the_lab() {
    let lab = Lab::up(LabOptions {
        second_host: true,
        secure_mode: false,
        ..LabOptions::default()
    });

    // --external-port differs from --port: the internet's 7601 reaches the LAN's 7600.
    let _tcp = server(&lab, "LAN_NS", false, 7600, "inner-7600");
    for method in ["upnp", "pcp"] {
        let (out, v) = forward_json(
            &lab,
            &[
                "--port",
                "7600",
                "--external-port",
                "7601",
                "--method",
                method,
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{method}: {}", show(&out));
        assert_eq!(v["external_port"], 7601, "{method}: {v}");
        assert_eq!(v["internal_port"], 7600, "{method}: {v}");
        let row = upnpc_row(&lab, "TCP", 7601).expect("listed");
        assert_eq!(row.target, format!("{LAN_IP}:7600"), "{method}");
        assert_eq!(
            nft_dnat(&lab, "TCP", 7601).as_deref(),
            Some(format!("{LAN_IP}:7600").as_str())
        );
        assert_eq!(from_internet(&lab, false, 7601), "inner-7600", "{method}");
        remove(
            &lab,
            &[
                "--port",
                "7600",
                "--external-port",
                "7601",
                "--method",
                method,
            ],
        );
        assert!(
            upnpc_row(&lab, "TCP", 7601).is_none(),
            "{method}: not removed"
        );
        // The control: without the mapping the same connection gets nothing.
        assert_eq!(from_internet(&lab, false, 7601), "", "{method}");
    }

    // --internal-ip: UPnP forwards to the second LAN host (this lab's
    // miniupnpd runs without secure_mode; with it, UPnP refuses too) ...
    let _lan2 = server(&lab, "LAN2_NS", false, 7610, "lan2-7610");
    let (out, v) = forward_json(
        &lab,
        &[
            "--port",
            "7610",
            "--internal-ip",
            LAN2_IP,
            "--method",
            "upnp",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(v["internal_ip"], LAN2_IP, "{v}");
    assert_eq!(
        upnpc_row(&lab, "TCP", 7610).expect("listed").target,
        format!("{LAN2_IP}:7610")
    );
    assert_eq!(from_internet(&lab, false, 7610), "lan2-7610");
    // --remove from this host leaves another host's mapping alone; naming it removes it.
    let out = forward(&lab, &["--remove", "--port", "7610", "--method", "upnp"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(
        upnpc_row(&lab, "TCP", 7610).is_some(),
        "another host's mapping was removed"
    );
    remove(
        &lab,
        &[
            "--port",
            "7610",
            "--internal-ip",
            LAN2_IP,
            "--method",
            "upnp",
        ],
    );
    assert!(upnpc_row(&lab, "TCP", 7610).is_none(), "not removed");
    // ... NAT-PMP and PCP refuse (they map only for the host that asks) ...
    for method in ["natpmp", "pcp"] {
        let (out, v) = forward_json(
            &lab,
            &[
                "--port",
                "7611",
                "--internal-ip",
                LAN2_IP,
                "--method",
                method,
            ],
        );
        assert_eq!(out.status.code(), Some(1), "{method}: {}", show(&out));
        assert_eq!(v["mapped"], false, "{method}: {v}");
        let why = v["attempts"][0]["error"].as_str().unwrap_or("").to_string();
        assert!(
            why.contains("only to the machine that asks"),
            "{method}: {v}"
        );
        assert!(
            upnpc_row(&lab, "TCP", 7611).is_none(),
            "{method}: mapped anyway"
        );
    }
    // ... and an address off the LAN is bad input.
    let out = forward(&lab, &["--port", "7612", "--internal-ip", "10.9.9.9"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("10.9.9.9"),
        "{}",
        show(&out)
    );

    // --protocol udp: a real datagram through the NAT and back.
    let _udp = server(&lab, "LAN_NS", true, 7620, "udp-7620");
    assert_eq!(
        from_internet(&lab, true, 7620),
        "",
        "the control: no mapping yet"
    );
    for method in ["upnp", "natpmp"] {
        let (out, v) = forward_json(
            &lab,
            &["--port", "7620", "--protocol", "udp", "--method", method],
        );
        assert_eq!(out.status.code(), Some(0), "{method}: {}", show(&out));
        assert_eq!(v["protocol"], "udp", "{v}");
        assert!(upnpc_row(&lab, "UDP", 7620).is_some(), "{method}");
        assert!(upnpc_row(&lab, "TCP", 7620).is_none(), "{method}: TCP too");
        assert_eq!(from_internet(&lab, true, 7620), "udp-7620:ping", "{method}");
        remove(
            &lab,
            &["--port", "7620", "--protocol", "udp", "--method", method],
        );
        assert!(
            upnpc_row(&lab, "UDP", 7620).is_none(),
            "{method}: not removed"
        );
    }

    // --lease 0: as long as the router allows. An IGDv2 router (miniupnpd
    // 2.3) turns 0 into its maximum, 604800 s (UPnP IGD 2.0 §2.3.16); netcheck
    // reports what the router granted, read back from it.
    let (out, v) = forward_json(
        &lab,
        &["--port", "7630", "--lease", "0", "--method", "upnp"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let granted = v["lease_seconds"].as_u64().unwrap_or(0);
    assert!((604_000..=604_800).contains(&granted), "{v}");
    let left = upnpc_row(&lab, "TCP", 7630).expect("listed").lease_secs;
    assert!((604_000..=604_800).contains(&left), "{left}");
    remove(&lab, &["--port", "7630", "--method", "upnp"]);
    // The control: the default lease is finite.
    let (_, v) = forward_json(&lab, &["--port", "7631", "--method", "upnp"]);
    let left = upnpc_row(&lab, "TCP", 7631).expect("listed").lease_secs;
    assert!(left > 3000 && left <= 3600, "{left} {v}");
    remove(&lab, &["--port", "7631", "--method", "upnp"]);

    // --description: what the router lists; the default names the port.
    let (out, _) = forward_json(
        &lab,
        &[
            "--port",
            "7640",
            "--description",
            "my web server",
            "--method",
            "upnp",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(
        upnpc_row(&lab, "TCP", 7640).expect("listed").description,
        "my web server"
    );
    let (_, _) = forward_json(&lab, &["--port", "7641", "--method", "upnp"]);
    assert_eq!(
        upnpc_row(&lab, "TCP", 7641).expect("listed").description,
        "netcheck 7641"
    );
}

#[test]
fn doctor_verbose_gateway_and_lease_parsing_in_the_lab() {
    let lab = Lab::home();

    // doctor's human output (English and Korean) and --lease.
    let out = lab.lan_exec(&[
        "doctor",
        "--forward",
        "--port",
        "7700",
        "--lease",
        "90s",
        "--timeout",
        "5s",
        "--source",
        lab.get("ECHO_FAST"),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", show(&out));
    assert!(
        !text.trim_start().starts_with('{'),
        "human, not JSON: {text}"
    );
    for words in ["192.168.99.1", WAN, "7700"] {
        assert!(text.contains(words), "{words}: {text}");
    }
    let row = upnpc_row(&lab, "TCP", 7700).expect("doctor --forward mapped 7700");
    assert!(
        row.lease_secs > 60 && row.lease_secs <= 90,
        "--lease 90s: {row:?}"
    );
    let ko = lab.lan_exec(&[
        "doctor",
        "--lang",
        "ko",
        "--port",
        "7700",
        "--timeout",
        "5s",
        "--source",
        lab.get("ECHO_FAST"),
    ]);
    let ko_text = String::from_utf8_lossy(&ko.stdout);
    assert!(
        ko_text
            .chars()
            .any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
        "Korean: {}",
        show(&ko)
    );

    // One lease parser: 500ms is the same usage error in forward and doctor.
    let f = lab.lan_exec(&["forward", "--port", "7701", "--lease", "500ms"]);
    let d = lab.lan_exec(&["doctor", "--forward", "--port", "7701", "--lease", "500ms"]);
    assert_eq!(f.status.code(), Some(2), "{}", show(&f));
    assert_eq!(d.status.code(), Some(2), "{}", show(&d));
    let (fe, de) = (
        String::from_utf8_lossy(&f.stderr),
        String::from_utf8_lossy(&d.stderr),
    );
    assert!(fe.contains("'500ms' is shorter than a second"), "{fe}");
    assert!(de.contains("'500ms' is shorter than a second"), "{de}");
    assert!(
        upnpc_row(&lab, "TCP", 7701).is_none(),
        "a usage error mapped 7701"
    );

    // -v: public-ip lists every source even when all agree.
    let args = [
        "public-ip",
        "-4",
        "--timeout",
        "5s",
        "--source",
        lab.get("ECHO_FAST"),
        "--source",
        lab.get("STUN"),
    ];
    let quiet = lab.lan_exec(&args);
    let mut v_args = vec!["-v"];
    v_args.extend(args);
    let verbose = lab.lan_exec(&v_args);
    assert_eq!(quiet.status.code(), Some(0), "{}", show(&quiet));
    assert_eq!(verbose.status.code(), Some(0), "{}", show(&verbose));
    let (q, v) = (
        String::from_utf8_lossy(&quiet.stdout),
        String::from_utf8_lossy(&verbose.stdout),
    );
    assert!(!q.contains("Sources"), "without -v: {q}");
    assert!(
        v.contains("Sources") && v.contains(lab.get("STUN")),
        "with -v: {v}"
    );

    // gateway --all and dns_servers, in the lab's LAN host.
    let out = lab.lan_exec(&["gateway", "--json", "--all"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let g = json_stdout(&out);
    assert_eq!(g["dns_servers"], serde_json::json!(["192.168.99.1"]), "{g}");
    let list = g["interfaces"].as_array().unwrap_or_else(|| panic!("{g}"));
    let eth0: Vec<&Value> = list.iter().filter(|i| i["name"] == "eth0").collect();
    assert_eq!(eth0.len(), 1, "{g}");
    assert_eq!(eth0[0]["default"], true, "{g}");
    assert_eq!(
        list.iter().filter(|i| i["default"] == true).count(),
        1,
        "{g}"
    );
    assert!(
        list.iter().any(|i| i["name"] == "lo"),
        "--all lists lo too: {g}"
    );
    // The control: without --all there is no list.
    let plain = json_stdout(&lab.lan_exec(&["gateway", "--json"]));
    assert!(plain.get("interfaces").is_none(), "{plain}");
}
