//! Lab tests of `netcheck serve` and `netcheck probe` across the lab's
//! networks: a server in the LAN namespace behind the router (nftables NAT,
//! miniupnpd), probed from the "internet" namespace through a port mapping
//! made by `upnpc` — the guide's GET/POST test between two networks.
//!
//! These need root; they fail (never skip) when the lab cannot run.
//! NETWORK SAFETY: all traffic stays inside the lab's namespaces; `serve`
//! asks only the lab's own public-IP sources, or none.

mod common;

use common::lab::{Lab, NETCHECK, json_stdout, run_timed, show};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::{sleep, spawn};
use std::time::{Duration, Instant};

const WAN: &str = "111.222.33.123";
const LAN_IP: &str = "192.168.99.123";
const INET_IP: &str = "111.222.33.1";

/// A process in a lab namespace, stopped on drop (the lab's teardown would
/// end it too).
struct Running {
    child: Child,
    /// stderr lines (serve's request log).
    log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Running {
    fn log_json(&self) -> Vec<Value> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }
}

/// `netcheck serve --json` in the LAN namespace; returns it and its startup line.
fn serve_in_lan(lab: &Lab, args: &[&str]) -> (Running, Value) {
    let mut all = vec!["serve", "--json", "--timeout", "2s"];
    all.extend_from_slice(args);
    let mut child = lab
        .lan_cmd(&all)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start netcheck serve");
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = log.clone();
    let stderr = child.stderr.take().unwrap();
    spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        if let Some(Ok(first)) = lines.next() {
            let _ = tx.send(first);
        }
        for _ in lines {}
    });
    let running = Running { child, log };
    let line = rx
        .recv_timeout(Duration::from_secs(10))
        .unwrap_or_else(|_| {
            panic!(
                "serve printed no startup line; stderr: {:?}",
                running.log.lock().unwrap()
            )
        });
    let info = serde_json::from_str(&line)
        .unwrap_or_else(|e| panic!("startup line is not JSON ({e}): {line}"));
    (running, info)
}

/// Any program in the LAN namespace, waited for until `port` listens.
fn start_in_lan(lab: &Lab, program: &str, args: &[&str], port: u16) -> Running {
    let child = lab
        .cmd_in("LAN_NS", program, args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {program}: {e}"));
    let running = Running {
        child,
        log: Arc::new(Mutex::new(Vec::new())),
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let ss = lab.exec_in("LAN_NS", "ss", &["-ltnH", &format!("sport = :{port}")]);
        if !ss.stdout.is_empty() {
            return running;
        }
        assert!(
            Instant::now() < deadline,
            "{program} did not listen on {port}"
        );
        sleep(Duration::from_millis(20));
    }
}

/// A TCP mapping WAN:port → LAN_IP:port on miniupnpd, made by `upnpc`
/// (an independent client: `netcheck forward` is tested elsewhere).
fn map_port(lab: &Lab, port: u16) {
    let p = port.to_string();
    let out = lab.exec_in(
        "LAN_NS",
        "upnpc",
        &[
            "-u",
            lab.get("UPNP_URL"),
            "-e",
            "netcheck lab test",
            "-a",
            LAN_IP,
            &p,
            &p,
            "TCP",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("is redirected to"),
        "upnpc could not map {port}: {}",
        show(&out)
    );
}

/// `netcheck probe --json` in a namespace; returns output, JSON and wall time.
fn probe_from(lab: &Lab, ns: &str, args: &[&str]) -> (std::process::Output, Value, Duration) {
    let mut all = vec!["probe", "--json"];
    all.extend_from_slice(args);
    let (out, took) = run_timed(&mut lab.cmd_in(ns, NETCHECK, &all));
    let v = json_stdout(&out);
    (out, v, took)
}

fn hint_codes(v: &Value) -> Vec<String> {
    v["hints"]
        .as_array()
        .unwrap_or_else(|| panic!("no hints in {v}"))
        .iter()
        .filter_map(|h| h["code"].as_str().map(str::to_string))
        .collect()
}

// (1) The guide's goal: serve at home, a port mapping on the router, the
// GET/POST exchange from another network — with the echo verified.
#[test]
fn serve_behind_nat_is_reachable_from_the_internet_through_a_mapping() {
    let lab = Lab::home();
    let (serve, info) = serve_in_lan(
        &lab,
        &[
            "--port",
            "5000",
            "--source",
            lab.get("ECHO_FAST"),
            "--source",
            lab.get("STUN"),
        ],
    );
    // Startup: the LAN and public URLs, and the command to run elsewhere.
    assert_eq!(info["lan_ipv4"], LAN_IP, "{info}");
    assert_eq!(info["public_ipv4"], WAN, "{info}");
    assert_eq!(info["public_ip"], "found");
    assert_eq!(info["needs_port_forward"], true);
    assert_eq!(info["urls"]["lan"], format!("http://{LAN_IP}:5000/"));
    assert_eq!(info["urls"]["public"], format!("http://{WAN}:5000/"));
    assert_eq!(
        info["probe_command"],
        format!("netcheck probe {WAN} --port 5000")
    );

    map_port(&lab, 5000);
    let (out, v, _) = probe_from(&lab, "INET_NS", &[WAN, "--port", "5000", "--timeout", "2s"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(v["verdict"], "reachable", "{v}");
    assert_eq!(v["server"], "netcheck");
    assert_eq!(v["tcp"]["ok"], true);
    assert_eq!(v["get"]["status"], 200);
    assert_eq!(v["post"]["status"], 200);
    assert_eq!(v["post"]["echo_verified"], true, "{v}");
    // From the internet host nothing is local, and it is not behind NAT.
    assert!(v["local_listener"].is_null(), "{v}");
    assert!(!hint_codes(&v).contains(&"hairpin".to_string()), "{v}");

    // The server saw the internet host itself (DNAT keeps the source).
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let from_inet = serve
            .log_json()
            .iter()
            .filter(|l| {
                l["client"]
                    .as_str()
                    .is_some_and(|c| c.starts_with(&format!("{INET_IP}:")))
            })
            .count();
        if from_inet >= 2 {
            break;
        }
        assert!(Instant::now() < deadline, "log: {:?}", serve.log_json());
        sleep(Duration::from_millis(20));
    }

    // Probing the network's own public IP from inside: the hairpin caveat.
    let (out, v, _) = probe_from(&lab, "LAN_NS", &[WAN, "--port", "5000", "--timeout", "1s"]);
    assert_eq!(v["behind_nat"], true, "{}", show(&out));
    assert!(hint_codes(&v).contains(&"hairpin".to_string()), "{v}");
}

// (2) No mapping: the router drops unsolicited WAN traffic → timed out.
// (3) A mapping but nothing listening: the LAN host answers RST → refused.
#[test]
fn no_mapping_times_out_and_a_mapping_to_nothing_is_refused() {
    let lab = Lab::home();
    let (out, v, took) = probe_from(&lab, "INET_NS", &[WAN, "--port", "5001", "--timeout", "1s"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert_eq!(v["verdict"], "timed_out", "{v}");
    assert_eq!(v["failed_step"], "tcp");
    assert_eq!(v["tcp"]["error_kind"], "timeout");
    assert!(hint_codes(&v).contains(&"filtered".to_string()), "{v}");
    // Never before the budget; 3 s (3× it) is a generous ceiling for a run
    // that includes process start-up.
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(3),
        "--timeout 1s but probe took {took:?}"
    );

    map_port(&lab, 5002);
    let (out, v, took) = probe_from(
        &lab,
        "INET_NS",
        &[WAN, "--port", "5002", "--timeout", "10s"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert_eq!(v["verdict"], "refused", "{v}");
    assert_eq!(v["failed_step"], "tcp");
    assert!(hint_codes(&v).contains(&"refused".to_string()), "{v}");
    // At once, not at the 10 s budget (3 s: a generous ceiling).
    assert!(took < Duration::from_secs(3), "refused took {took:?}");
}

// (4) Flask's default: a server bound to 127.0.0.1. Probing the LAN address
// from the same host is refused, and probe says why and how to fix it.
#[test]
fn loopback_bound_server_gets_the_local_listener_hint() {
    let lab = Lab::home();
    let _server = start_in_lan(
        &lab,
        "python3",
        &["-m", "http.server", "5003", "--bind", "127.0.0.1"],
        5003,
    );
    let (out, v, _) = probe_from(
        &lab,
        "LAN_NS",
        &[LAN_IP, "--port", "5003", "--timeout", "1s"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert_eq!(v["verdict"], "refused", "{v}");
    assert_eq!(v["local_listener"]["state"], "loopback_only", "{v}");
    assert_eq!(
        v["local_listener"]["addresses"],
        serde_json::json!(["127.0.0.1"])
    );
    let hints = hint_codes(&v);
    assert!(hints.contains(&"bound_to_loopback".to_string()), "{v}");
    let text = v["hints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["code"] == "bound_to_loopback")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(text.contains("0.0.0.0"), "{text}");

    // People's output says the same.
    let (out, _) = run_timed(&mut lab.cmd_in(
        "LAN_NS",
        NETCHECK,
        &[
            "probe",
            LAN_IP,
            "--port",
            "5003",
            "--timeout",
            "1s",
            "--lang",
            "en",
        ],
    ));
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(human.contains("host=\"0.0.0.0\""), "{human}");
}

// (5) Any HTTP server works: python's http.server through a mapping — the
// statuses are reported, the echo is not verified.
#[test]
fn plain_python_http_server_reports_statuses_without_echo() {
    let lab = Lab::home();
    let _server = start_in_lan(
        &lab,
        "python3",
        &["-m", "http.server", "5004", "--bind", "0.0.0.0"],
        5004,
    );
    map_port(&lab, 5004);
    let (out, v, _) = probe_from(&lab, "INET_NS", &[WAN, "--port", "5004", "--timeout", "2s"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert_eq!(v["tcp"]["ok"], true, "{v}");
    assert_eq!(v["get"]["ok"], true);
    assert_eq!(v["get"]["status"], 200);
    assert_eq!(v["post"]["status"], 501);
    assert_eq!(v["post"]["echo_verified"], false);
    assert_eq!(v["server"], "other");
    assert_eq!(v["verdict"], "http_error");
    assert_eq!(v["failed_step"], "post");

    // GET alone passes.
    let (out, v, _) = probe_from(
        &lab,
        "INET_NS",
        &[WAN, "--port", "5004", "--method", "get", "--timeout", "2s"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(v["verdict"], "reachable");
}
