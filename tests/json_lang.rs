//! `--json` is for programs: the same document whatever `--lang` says.
//! Each command runs twice against loopback fakes, once with `--lang en`
//! and once with `--lang ko` (and once more with a Korean locale), and the
//! JSON must be byte-identical once timings are zeroed. The controls show
//! the same runs without `--json` do differ, so the comparison has teeth.

mod common;

use common::json::without_timings;
use common::run::{Run, netcheck, run_clean};
use netcheck::proto::stun::{encode_binding_response, parse_binding_request};
use serde_json::Value;
use std::net::{SocketAddr, UdpSocket};
use std::thread;
use std::time::Duration;

const WATCHDOG: Duration = Duration::from_secs(30);

/// A loopback STUN server that answers every Binding request with `mapped`
/// after `delay`. The thread lives until the test process ends.
fn stun_fake(mapped: &str, delay: Duration) -> String {
    let sock = UdpSocket::bind("127.0.0.1:0").expect("bind");
    let port = sock.local_addr().unwrap().port();
    let mapped: SocketAddr = mapped.parse().unwrap();
    thread::spawn(move || {
        let mut buf = [0u8; 1500];
        while let Ok((n, from)) = sock.recv_from(&mut buf) {
            if let Ok(tid) = parse_binding_request(&buf[..n]) {
                thread::sleep(delay); // the fake's own pace, not synchronisation
                let _ = sock.send_to(&encode_binding_response(&tid, mapped, true), from);
            }
        }
    });
    format!("stun:127.0.0.1:{port}")
}

/// A UDP port nothing listens on (bound, then closed).
fn closed_udp() -> String {
    let port = UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("stun:127.0.0.1:{port}")
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Run {
    run_clean(netcheck(), args, env, WATCHDOG)
}

/// The command's JSON under `--lang en`, `--lang ko` and a Korean locale,
/// compared as bytes after zeroing timings. Returns the English document.
fn same_json_in_every_language(args: &[&str]) -> Value {
    let mut docs = Vec::new();
    for (extra, env) in [
        (&["--lang", "en"][..], &[][..]),
        (&["--lang", "ko"][..], &[][..]),
        (&[][..], &[("LANG", "ko_KR.UTF-8")][..]),
    ] {
        let mut full: Vec<&str> = args.to_vec();
        full.push("--json");
        full.extend_from_slice(extra);
        let r = run(&full, env);
        let mut v = r.json();
        without_timings(&mut v);
        docs.push((full, r.code, serde_json::to_string_pretty(&v).unwrap()));
    }
    let (first_args, first_code, first) = &docs[0];
    for (a, code, doc) in &docs[1..] {
        assert_eq!(code, first_code, "{a:?} vs {first_args:?}");
        assert_eq!(doc, first, "{a:?} differs from {first_args:?}");
    }
    assert!(
        !first
            .chars()
            .any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)),
        "Hangul in JSON:\n{first}"
    );
    serde_json::from_str(first).unwrap()
}

/// Human output does change with the language (the control).
fn human_differs(args: &[&str]) {
    let en = run(&[args, &["--lang", "en"]].concat(), &[]);
    let ko = run(&[args, &["--lang", "ko"]].concat(), &[]);
    let both = |r: &Run| format!("{}{}", r.stdout, r.stderr);
    assert_ne!(
        both(&en),
        both(&ko),
        "{args:?}: human output should be localised"
    );
    assert!(
        both(&ko)
            .chars()
            .any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)),
        "{args:?}: no Korean in --lang ko:\n{}",
        both(&ko)
    );
}

#[test]
fn public_ip_json_is_the_same_in_every_language() {
    let good = "111.222.33.123:40000";
    // The liar answers first, so it is counted before the two agree (and
    // its dissent warned about) in every run.
    let slow = Duration::from_millis(400);
    let a = stun_fake(good, slow);
    let b = stun_fake(good, slow);
    let liar = stun_fake("111.222.33.99:40000", Duration::ZERO);
    let dead = closed_udp();
    let mut args = vec!["public-ip", "-4", "--timeout", "3s"];
    for s in [&a, &b, &liar, &dead] {
        args.extend(["--source", s.as_str()]);
    }
    let v = same_json_in_every_language(&args);
    // The scenario exercised the translated parts: a warning and source errors.
    assert_eq!(v["ipv4"], "111.222.33.123", "{v:#}");
    assert!(
        v["warnings"].as_array().is_some_and(|w| !w.is_empty()),
        "{v:#}"
    );
    assert!(
        v["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["error"].is_string()),
        "{v:#}"
    );
    human_differs(&args);
}

#[test]
fn probe_json_is_the_same_in_every_language() {
    // A closed loopback port: refused, with hints and the listener check.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    let args = [
        "probe",
        "127.0.0.1",
        "--port",
        port.as_str(),
        "--timeout",
        "3s",
    ];
    let v = same_json_in_every_language(&args);
    assert_eq!(v["verdict"], "refused", "{v:#}");
    assert!(
        v["hints"].as_array().is_some_and(|h| !h.is_empty()),
        "{v:#}"
    );
    human_differs(&args);
}

#[test]
fn gateway_json_is_the_same_in_every_language() {
    // (Not --all: the OS may list interfaces in a different order each run.)
    same_json_in_every_language(&["gateway"]);
    human_differs(&["gateway"]);
}

#[test]
fn error_json_is_the_same_in_every_language() {
    // Bad input (exit 2) and a usage error from clap.
    let v = same_json_in_every_language(&["probe", "bad target!"]);
    assert_eq!(v["error"]["kind"], "bad_input", "{v:#}");
    let v = same_json_in_every_language(&["gateway", "--timeout", "0s"]);
    assert_eq!(v["error"]["kind"], "usage", "{v:#}");
    human_differs(&["probe", "bad target!"]);
}
