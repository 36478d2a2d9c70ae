//! Signals during `netcheck forward --keep`, against the lab's miniupnpd,
//! with `upnpc -l` as the witness: Ctrl-C (SIGINT) removes the mapping, as
//! SIGTERM does (tests/lab_forward.rs); a mapping left behind by SIGKILL,
//! which nothing can catch, still has a finite lease, no longer than asked.
//!
//! These need root; they fail (never skip) when the lab cannot run.

mod common;

use common::lab::{Lab, show};
use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

const LAN_IP: &str = "192.168.99.123";
/// The lease asked for; long enough that it cannot run out during a test.
const LEASE_SECS: u64 = 120;

/// One row of `upnpc -l`: ` 1 TCP  7100->192.168.99.123:7100  'netcheck 7100' '' 118`.
#[derive(Debug)]
struct Row {
    proto: String,
    external_port: u16,
    target: String,
    lease_secs: u64,
}

fn upnpc_rows(lab: &Lab) -> Vec<Row> {
    let out = lab.exec_in("LAN_NS", "upnpc", &["-u", lab.get("UPNP_URL"), "-l"]);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let (index, proto, map) = (words.first()?, words.get(1)?, words.get(2)?);
            index.parse::<u32>().ok()?;
            let (ext, target) = map.split_once("->")?;
            Some(Row {
                proto: proto.to_string(),
                external_port: ext.parse().ok()?,
                target: target.to_string(),
                lease_secs: words.last()?.parse().ok()?,
            })
        })
        .collect()
}

fn row(lab: &Lab, port: u16) -> Option<Row> {
    upnpc_rows(lab).into_iter().find(|r| {
        r.proto == "TCP" && r.external_port == port && r.target == format!("{LAN_IP}:{port}")
    })
}

/// `forward --keep` in the LAN namespace, waiting until the router lists the mapping.
fn keep(lab: &Lab, port: u16, method: &str) -> Child {
    let port_s = port.to_string();
    let lease = format!("{LEASE_SECS}s");
    let mut child = lab
        .lan_cmd(&[
            "forward",
            "--port",
            &port_s,
            "--method",
            method,
            "--lease",
            &lease,
            "--keep",
            "--timeout",
            "2s",
            "--source",
            lab.get("ECHO_FAST"),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn forward --keep");
    let deadline = Instant::now() + Duration::from_secs(8);
    while row(lab, port).is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{method}: the mapping of {port} never appeared: {}",
                stderr_of(&mut child)
            );
        }
        sleep(Duration::from_millis(100));
    }
    // --keep prints the report, then waits for signals.
    sleep(Duration::from_millis(300));
    child
}

fn stderr_of(child: &mut Child) -> String {
    let mut err = String::new();
    if let Some(e) = child.stderr.as_mut() {
        let _ = e.read_to_string(&mut err);
    }
    err
}

fn signal(child: &Child, sig: &str) {
    // `ip netns exec` execs netcheck: the child's pid is netcheck's.
    let status = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill {sig} failed");
}

/// Waits for the child, at most `limit`.
fn wait(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("forward --keep did not stop within {limit:?}");
        }
        sleep(Duration::from_millis(20));
    }
}

#[test]
fn ctrl_c_during_keep_removes_the_mapping() {
    let lab = Lab::home();
    for (method, port) in [("upnp", 7100), ("natpmp", 7101), ("pcp", 7102)] {
        let mut child = keep(&lab, port, method);
        let start = Instant::now();
        signal(&child, "-INT");
        let status = wait(&mut child, Duration::from_secs(5));
        let err = stderr_of(&mut child);
        assert_eq!(status.code(), Some(0), "{method}: {err}");
        // Removal is bounded by --timeout (2 s).
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "{method}: took {:?}",
            start.elapsed()
        );
        assert!(
            row(&lab, port).is_none(),
            "{method}: left behind after SIGINT: {:?}",
            upnpc_rows(&lab)
        );
    }
}

#[test]
fn a_mapping_left_by_sigkill_has_a_finite_lease() {
    let lab = Lab::home();
    for (method, port) in [("upnp", 7200), ("natpmp", 7201), ("pcp", 7202)] {
        let mut child = keep(&lab, port, method);
        signal(&child, "-KILL");
        let status = wait(&mut child, Duration::from_secs(5));
        assert_eq!(status.code(), None, "{method}: killed by a signal");
        // Nothing could remove it: it is still there, with a lease that runs out.
        let left = row(&lab, port)
            .unwrap_or_else(|| panic!("{method}: no mapping left: {:?}", upnpc_rows(&lab)));
        assert!(
            left.lease_secs > 0 && left.lease_secs <= LEASE_SECS,
            "{method}: lease {} s (asked {LEASE_SECS} s): {left:?}",
            left.lease_secs
        );
        // Clean up for the next method (the router would in LEASE_SECS anyway).
        let out = lab.lan_exec(&[
            "forward",
            "--remove",
            "--port",
            &port.to_string(),
            "--timeout",
            "2s",
        ]);
        assert_eq!(out.status.code(), Some(0), "{method}: {}", show(&out));
    }
}
