//! `netcheck nat` in the lab: coturn with two addresses (RFC 5780 on) in the
//! internet namespace, the router's NAT in each mode (`lab.sh --nat-mode`),
//! alone and stacked behind the carrier-grade NAT, with and without 5 %
//! packet loss. Debian's `stun` client (stun-client) classifies the same lab
//! as an independent witness.
//!
//! These need root; they fail (never skip) when the lab cannot run.

mod common;

use common::lab::{Lab, LabOptions, NatMode, Topology, json_stdout, run_timed, show};
use serde_json::Value;
use std::time::Duration;

/// What each mode must be classified as: (mapping, filtering, xbox, playstation, p2p, port preserved).
fn expected(mode: NatMode) -> [&'static str; 5] {
    match mode {
        NatMode::Masq => [
            "endpoint_independent",
            "address_and_port_dependent",
            "moderate",
            "type_2",
            "medium",
        ],
        NatMode::Random => [
            "address_and_port_dependent",
            "address_and_port_dependent",
            "strict",
            "type_3",
            "hard",
        ],
        NatMode::FullCone => [
            "endpoint_independent",
            "endpoint_independent",
            "open",
            "type_2",
            "easy",
        ],
        NatMode::AddrDep => [
            "endpoint_independent",
            "address_dependent",
            "moderate",
            "type_2",
            "easy",
        ],
    }
}

const MODES: [NatMode; 4] = [
    NatMode::Masq,
    NatMode::Random,
    NatMode::FullCone,
    NatMode::AddrDep,
];

fn lab(mode: NatMode, topology: Topology, loss: u8) -> Lab {
    Lab::up(LabOptions {
        upnp: false,
        natpmp: false,
        topology,
        nat_mode: mode,
        loss_percent: loss,
        ..LabOptions::default()
    })
}

/// `netcheck nat -4 --json` against the lab's coturn; (json, wall time).
fn nat(lab: &Lab, extra: &[&str]) -> (Value, Duration) {
    let mut args = vec!["nat", "-4", "--json", "--stun", lab.get("STUN")];
    args.extend_from_slice(extra);
    let (out, took) = run_timed(&mut lab.lan_cmd(&args));
    let code = out.status.code();
    assert!(code == Some(0) || code == Some(1), "{}", show(&out));
    (json_stdout(&out), took)
}

fn keys(v: &Value) -> [String; 5] {
    ["mapping", "filtering", "xbox", "playstation", "p2p"]
        .map(|k| v[k].as_str().unwrap_or("null").to_string())
}

fn classified_exactly(mode: NatMode, topology: Topology) {
    let lab = lab(mode, topology, 0);
    let (v, took) = nat(&lab, &[]);
    assert_eq!(
        keys(&v),
        expected(mode).map(String::from),
        "{mode:?} {topology:?}: {v:#}"
    );
    assert_eq!(v["inconclusive"], Value::Array(vec![]), "{v:#}");
    assert_eq!(
        v["port_preserved"],
        Value::Bool(mode != NatMode::Random),
        "{v:#}"
    );
    assert_eq!(
        v["varies_by_destination"],
        Value::Bool(mode == NatMode::Random),
        "{v:#}"
    );
    assert_eq!(
        v["ipv4"]["mapped"].as_str().unwrap().split(':').next(),
        Some(lab.get("PUBLIC_IP"))
    );
    assert_eq!(v["servers"][0]["rfc5780"], Value::Bool(true), "{v:#}");
    assert!(
        v["hairpin"].is_null() && v["lifetime_seconds"].is_null(),
        "opt-ins stay off: {v:#}"
    );
    assert!(took < Duration::from_secs(4), "{mode:?} took {took:?}");

    if topology == Topology::Home {
        // The independent witness agrees (RFC 3489/5780 client from Debian).
        let out = lab.exec_in("LAN_NS", "stun", &[lab.get("INET_IP")]);
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            text.contains("Primary:"),
            "stun-client said: {}",
            show(&out)
        );
        let want_map = match mode {
            NatMode::Random => "Dependent Mapping",
            _ => "Independent Mapping",
        };
        assert!(text.contains(want_map), "{mode:?}: stun-client: {text}");
        if mode == NatMode::Random {
            assert!(!text.contains("Independent Mapping"), "{text}");
        }
        let want_filter = match mode {
            NatMode::Masq => Some("Port Dependent Filter"),
            NatMode::FullCone => Some("Independent Filter"),
            NatMode::AddrDep => Some("Address Dependent Filter"),
            NatMode::Random => None,
        };
        if let Some(f) = want_filter {
            assert!(text.contains(f), "{mode:?}: stun-client: {text}");
        }
    }
}

#[test]
fn each_nat_mode_is_classified() {
    for mode in MODES {
        classified_exactly(mode, Topology::Home);
    }
}

#[test]
fn each_nat_mode_stacked_behind_cgnat_is_classified() {
    for mode in MODES {
        classified_exactly(mode, Topology::Cgnat);
    }
}

/// With 5 % loss on the router (both directions) nothing may be wrong:
/// every key is the expected value or null, and a null comes with a reason.
#[test]
fn five_percent_loss_is_never_wrong() {
    const RUNS: usize = 8;
    let mut total = 0;
    let mut conclusive = 0;
    for mode in MODES {
        let lab = lab(mode, Topology::Home, 5);
        assert_eq!(lab.get("LOSS"), "5");
        for _ in 0..RUNS {
            let (v, _) = nat(&lab, &[]);
            let got = keys(&v);
            let want = expected(mode);
            for (g, w) in got.iter().zip(want) {
                assert!(g == w || g == "null", "{mode:?}: wrong under loss: {v:#}");
            }
            total += 1;
            if got.iter().zip(want).all(|(g, w)| g == w) {
                conclusive += 1;
            } else {
                assert!(
                    !v["inconclusive"].as_array().unwrap().is_empty(),
                    "a null without a reason: {v:#}"
                );
            }
        }
    }
    eprintln!("5 % loss: {conclusive}/{total} runs fully classified, the rest inconclusive");
    // Retransmissions make loss rarely matter; if most runs were open the
    // test would prove nothing.
    assert!(
        conclusive * 4 >= total * 3,
        "{conclusive}/{total} conclusive"
    );
}

/// Control for the silence rule: the same lab with a budget too short for
/// the retransmissions leaves filtering open instead of calling it
/// address-and-port-dependent.
#[test]
fn short_budget_leaves_filtering_open() {
    let lab = lab(NatMode::Masq, Topology::Home, 0);
    let (v, _) = nat(&lab, &["--timeout", "400ms"]);
    assert_eq!(v["mapping"], "endpoint_independent", "{v:#}");
    assert!(v["filtering"].is_null(), "{v:#}");
    assert!(
        v["xbox"].is_null(),
        "Open or Moderate cannot be told: {v:#}"
    );
    assert_eq!(v["playstation"], "type_2", "{v:#}");
    let codes: Vec<&str> = v["inconclusive"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"filtering_test_unanswered"), "{codes:?}");
    // With the normal budget the same lab is decided.
    let (v, _) = nat(&lab, &[]);
    assert_eq!(v["filtering"], "address_and_port_dependent", "{v:#}");
}

/// `--lifetime` finds the router's UDP conntrack timeout (lowered to 12 s
/// here), `--hairpin` gives a yes/no, and the human output is in Korean.
#[test]
fn opt_in_lifetime_and_hairpin() {
    let lab = lab(NatMode::Masq, Topology::Home, 0);
    let out = lab.exec_in(
        "RTR_NS",
        "sysctl",
        &[
            "-w",
            "net.netfilter.nf_conntrack_udp_timeout=12",
            "net.netfilter.nf_conntrack_udp_timeout_stream=12",
        ],
    );
    assert!(out.status.success(), "{}", show(&out));
    let (v, took) = nat(&lab, &["--lifetime", "--hairpin"]);
    assert_eq!(v["lifetime_seconds"], 10, "{v:#}");
    assert_eq!(v["ipv4"]["lifetime_max_seconds"], 20, "{v:#}");
    // Linux masquerade without a hairpin rule does not loop back.
    assert_eq!(v["hairpin"], false, "{v:#}");
    assert!(took < Duration::from_secs(40), "{took:?}");

    let out = lab.lan_exec(&["nat", "-4", "--lang", "ko", "--stun", lab.get("STUN")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("NAT 유형 (IPv4)"), "{text}");
    assert!(text.contains("엑스박스 보통"), "{text}");
    assert!(text.contains("플레이스테이션 타입 2"), "{text}");
    assert!(text.contains("UPnP를 켜세요"), "{text}");
}

/// Several servers: every one is asked from the one mapping socket, so
/// "varies by destination" covers them all (this is what still works when no
/// server does RFC 5780; the classifier's unit tests cover that case).
#[test]
fn varies_by_destination_across_servers() {
    let lab = lab(NatMode::Random, Topology::Home, 0);
    // coturn answers on 111.222.33.1:3478 and on 111.222.33.2:3479, given
    // here as two servers.
    let (v, _) = nat(&lab, &["--stun", lab.get("STUN_ALT")]);
    assert_eq!(v["varies_by_destination"], true, "{v:#}");
    assert_eq!(v["xbox"], "strict", "{v:#}");
    assert_eq!(v["servers"].as_array().unwrap().len(), 2, "{v:#}");
}

/// `public-ip` asks its STUN servers from one socket per family, so it
/// tells whether the mapping varies by destination. The witness that it was
/// one socket: behind plain masquerade (which keeps the local port) both
/// servers saw the same public port — two sockets would have had two local
/// ports, hence two public ports. Behind `random,fully-random` the same
/// socket gets a new public port per destination.
#[test]
fn public_ip_stun_shares_one_socket_and_tells_varies_by_destination() {
    for (mode, varies) in [(NatMode::Masq, false), (NatMode::Random, true)] {
        let lab = lab(mode, Topology::Home, 0);
        let args = [
            "public-ip",
            "-4",
            "--json",
            "--timeout",
            "5s",
            "--source",
            lab.get("STUN"),
            "--source",
            lab.get("STUN_ALT"),
        ];
        let out = common::lab::run(&mut lab.lan_cmd(&args));
        assert_eq!(out.status.code(), Some(0), "{mode:?}: {}", show(&out));
        let v = json_stdout(&out);
        assert_eq!(v["ipv4"], lab.get("PUBLIC_IP"), "{v:#}");
        assert_eq!(v["varies_by_destination"], varies, "{mode:?}: {v:#}");
        let mapped: Vec<std::net::SocketAddr> = v["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["mapped"].as_str().unwrap().parse().unwrap())
            .collect();
        assert_eq!(mapped.len(), 2, "{v:#}");
        assert_eq!(mapped[0].ip(), mapped[1].ip(), "{v:#}");
        if varies {
            assert_ne!(mapped[0].port(), mapped[1].port(), "{v:#}");
        } else {
            assert_eq!(mapped[0].port(), mapped[1].port(), "one socket: {v:#}");
        }
        // Said in words too, in both languages.
        let human = |lang: &str| {
            let mut a = vec!["--lang", lang];
            a.extend(args.iter().filter(|s| **s != "--json"));
            String::from_utf8_lossy(&common::lab::run(&mut lab.lan_cmd(&a)).stdout).into_owned()
        };
        let (en, ko) = (human("en"), human("ko"));
        if varies {
            assert!(en.contains("saw different public ports"), "{en}");
            assert!(ko.contains("대칭형 NAT"), "{ko}");
        } else {
            assert!(en.contains("saw the same public address and port"), "{en}");
            assert!(ko.contains("매핑이 바뀌지 않습니다"), "{ko}");
        }
    }
}

/// IPv6 in the `--ipv6` lab: the router routes without NAT and its firewall
/// drops unsolicited inbound IPv6. coturn answers on two IPv6 addresses
/// (RFC 5780 over IPv6). The mapped address is the host's own (the privacy
/// address source selection prefers): no NAT, so the mapping is
/// endpoint-independent; the firewall lets only answers from the address
/// and port asked in: address-and-port-dependent filtering. Said in words
/// as "no NAT" (none of the IPv4 NAT advice) in both languages.
#[test]
fn ipv6_without_nat_behind_a_firewall() {
    let lab = Lab::up(LabOptions {
        ipv6: true,
        upnp: false,
        natpmp: false,
        ..LabOptions::default()
    });
    let args = [
        "nat",
        "-6",
        "--json",
        "--stun",
        lab.get("STUN6"),
        "--timeout",
        "6s",
    ];
    let (out, took) = run_timed(&mut lab.lan_cmd(&args));
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["family"], "ipv6", "{v:#}");
    assert!(v["ipv4"].is_null(), "only -6 was asked: {v:#}");
    let six = &v["ipv6"];
    assert_eq!(six["behind_nat"], false, "{v:#}");
    let mapped: std::net::SocketAddr = six["mapped"].as_str().unwrap().parse().unwrap();
    assert_eq!(mapped.ip().to_string(), lab.get("LAN_TEMP6"), "{v:#}");
    assert_eq!(
        keys(&v),
        [
            "endpoint_independent",
            "address_and_port_dependent",
            "moderate",
            "type_1",
            "medium"
        ]
        .map(String::from),
        "{v:#}"
    );
    assert_eq!(v["inconclusive"], Value::Array(vec![]), "{v:#}");
    assert_eq!(v["servers"][0]["rfc5780"], true, "{v:#}");
    assert_eq!(v["advice"], serde_json::json!(["open_firewall"]), "{v:#}");
    assert!(took < Duration::from_secs(4), "took {took:?}");

    let human = |lang: &str| {
        let mut a = vec!["--lang", lang];
        a.extend(args.iter().filter(|s| **s != "--json"));
        String::from_utf8_lossy(&lab.lan_exec(&a).stdout).into_owned()
    };
    let (en, ko) = (human("en"), human("ko"));
    assert!(
        en.contains("none: this machine holds its public address"),
        "{en}"
    );
    assert!(
        ko.contains("없음: 이 컴퓨터가 공인 주소를 직접 가지고 있습니다"),
        "{ko}"
    );
    assert!(!en.contains("UPnP"), "no NAT advice without a NAT: {en}");
}
