//! Signals against commands that change the router, in the lab with the real
//! miniupnpd. Witnesses: `upnpc -l` (miniupnpd's one table holds UPnP,
//! NAT-PMP and PCP mappings) and the router's nftables DNAT rules.
//!
//! - Ctrl-C (SIGINT) or SIGTERM at any moment — 0, 20, 50, 100, 200 ms after
//!   start, several runs each, UPnP, NAT-PMP and PCP — leaves no mapping
//!   (`forward --keep`, plain `forward`, `doctor --forward`).
//! - The control: SIGKILL, which nothing can catch, does leave the mapping
//!   (so the witnesses do see what a killed netcheck leaves), with a finite
//!   lease no longer than asked.
//!
//! These need root; they fail (never skip) when the lab cannot run.

mod common;

use common::lab::{Lab, show};
use common::router::{nft_dnat, upnpc_row, upnpc_rows, wait_until};
use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

const LAN_IP: &str = "192.168.99.123";
/// The lease asked for; long enough that it cannot run out during a test.
const LEASE_SECS: u64 = 120;

fn spawn(lab: &Lab, args: &[&str]) -> Child {
    lab.lan_cmd(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn netcheck")
}

/// `forward --keep` in the LAN namespace.
fn keep(lab: &Lab, port: u16, method: &str) -> Child {
    let port_s = port.to_string();
    let lease = format!("{LEASE_SECS}s");
    spawn(
        lab,
        &[
            "forward",
            "--port",
            &port_s,
            "--method",
            method,
            "--lease",
            &lease,
            "--keep",
            "--timeout",
            "5s",
            "--source",
            lab.get("ECHO_FAST"),
        ],
    )
}

/// Waits (polling the router) until it lists the mapping of `port`.
fn wait_listed(lab: &Lab, child: &mut Child, port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while upnpc_row(lab, "TCP", port).is_none() {
        if Instant::now() > deadline || child.try_wait().ok().flatten().is_some() {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{what}: the mapping of {port} never appeared: {}",
                stderr_of(child)
            );
        }
        sleep(Duration::from_millis(50));
    }
}

fn stderr_of(child: &mut Child) -> String {
    let mut err = String::new();
    if let Some(e) = child.stderr.as_mut() {
        let _ = e.read_to_string(&mut err);
    }
    err
}

/// Sends `sig` to the child. `ip netns exec` execs netcheck, so the child's
/// pid is netcheck's (or, in the first instants, still `ip`'s).
fn signal(child: &Child, sig: &str) -> bool {
    Command::new("kill")
        .args([sig, &child.id().to_string()])
        .stderr(Stdio::null())
        .status()
        .expect("run kill")
        .success()
}

/// Waits for the child, at most `limit`.
fn wait(child: &mut Child, limit: Duration, what: &str) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: did not stop within {limit:?}");
        }
        sleep(Duration::from_millis(10));
    }
}

/// Nothing for `port` on the router: neither in miniupnpd's table nor in nftables.
fn assert_nothing_left(lab: &Lab, port: u16, what: &str) {
    let rows = upnpc_rows(lab, "LAN_NS");
    assert!(
        !rows.iter().any(|r| r.external_port == port),
        "{what}: mapping left behind: {rows:?}"
    );
    assert_eq!(
        nft_dnat(lab, "TCP", port),
        None,
        "{what}: DNAT rule left behind"
    );
}

#[test]
fn ctrl_c_during_keep_removes_the_mapping() {
    let lab = Lab::home();
    for (method, port) in [("upnp", 7100), ("natpmp", 7101), ("pcp", 7102)] {
        let mut child = keep(&lab, port, method);
        wait_listed(&lab, &mut child, port, method);
        assert!(
            nft_dnat(&lab, "TCP", port).is_some(),
            "{method}: no DNAT rule"
        );
        // No pause here: the handlers exist before the mapping does.
        assert!(signal(&child, "-INT"), "{method}: kill -INT failed");
        let status = wait(&mut child, Duration::from_secs(15), method);
        let err = stderr_of(&mut child);
        assert_eq!(status.code(), Some(0), "{method}: {err}");
        assert_nothing_left(&lab, port, method);
    }
}

/// Signals at fixed moments after start, while the mapping is being looked
/// for, requested, read back or held. Each run either dies before the
/// handlers exist (nothing was asked of the router yet) or removes what it made.
#[test]
fn a_signal_at_any_moment_leaves_no_mapping() {
    let lab = Lab::home();
    let mut port = 7300;
    let mut ended = [0usize; 3]; // [by the default disposition, exit 0, exit 1]
    for run in 0..2 {
        for delay_ms in [0u64, 20, 50, 100, 200] {
            for method in ["upnp", "natpmp", "pcp"] {
                port += 1;
                let sig = if (port + run) % 2 == 0 {
                    "-INT"
                } else {
                    "-TERM"
                };
                let what = format!("{method} {sig} at {delay_ms} ms (run {run})");
                let mut child = keep(&lab, port, method);
                sleep(Duration::from_millis(delay_ms));
                assert!(signal(&child, sig), "{what}: kill failed (exited early?)");
                let status = wait(&mut child, Duration::from_secs(15), &what);
                let err = stderr_of(&mut child);
                match status.code() {
                    None => ended[0] += 1,
                    Some(0) => ended[1] += 1,
                    Some(1) => ended[2] += 1,
                    Some(c) => panic!("{what}: exit {c}: {err}"),
                }
                assert_nothing_left(&lab, port, &what);
            }
        }
    }
    eprintln!("ended by the default disposition / exit 0 / exit 1: {ended:?}");
    assert!(
        ended[1] > 0,
        "no run got as far as holding a mapping: {ended:?}"
    );
}

/// Plain `forward` (no --keep) and `doctor --forward` interrupted while they
/// still wait for a slow public-IP source: the mapping they made is undone.
#[test]
fn interrupted_forward_and_doctor_undo_their_mapping() {
    let lab = Lab::home();
    let slow = lab.get("ECHO_SLOW");
    let mut port = 7400;
    for delay_ms in [0u64, 50, 200, 600] {
        for sig in ["-INT", "-TERM"] {
            port += 1;
            let p = port.to_string();
            let what = format!("forward {sig} at {delay_ms} ms");
            let mut child = spawn(
                &lab,
                &["forward", "--port", &p, "--timeout", "5s", "--source", slow],
            );
            sleep(Duration::from_millis(delay_ms));
            assert!(signal(&child, sig), "{what}: exited before the signal");
            let status = wait(&mut child, Duration::from_secs(15), &what);
            let err = stderr_of(&mut child);
            assert!(
                matches!(status.code(), None | Some(1)),
                "{what}: {status}: {err}"
            );
            assert_nothing_left(&lab, port, &what);

            port += 1;
            let p = port.to_string();
            let what = format!("doctor --forward {sig} at {delay_ms} ms");
            let mut child = spawn(
                &lab,
                &[
                    "doctor",
                    "--no-outside",
                    "--forward",
                    "--port",
                    &p,
                    "--timeout",
                    "5s",
                    "--source",
                    slow,
                ],
            );
            sleep(Duration::from_millis(delay_ms));
            assert!(signal(&child, sig), "{what}: exited before the signal");
            let status = wait(&mut child, Duration::from_secs(15), &what);
            let err = stderr_of(&mut child);
            assert!(
                matches!(status.code(), None | Some(1)),
                "{what}: {status}: {err}"
            );
            assert_nothing_left(&lab, port, &what);
        }
    }
    // The control: left alone, both leave their mapping (it is what they are for).
    for (cmd, p) in [("forward", 7480u16), ("doctor", 7481)] {
        let ps = p.to_string();
        let args: Vec<&str> = if cmd == "forward" {
            vec![
                "forward",
                "--port",
                &ps,
                "--timeout",
                "5s",
                "--source",
                slow,
            ]
        } else {
            vec![
                "doctor",
                "--no-outside",
                "--forward",
                "--port",
                &ps,
                "--timeout",
                "5s",
                "--source",
                slow,
            ]
        };
        let out = lab.lan_exec(&args);
        assert!(out.status.code().is_some(), "{cmd}: {}", show(&out));
        let row = upnpc_row(&lab, "TCP", p)
            .unwrap_or_else(|| panic!("{cmd} left no mapping: {}", show(&out)));
        assert_eq!(row.target, format!("{LAN_IP}:{p}"));
    }
}

#[test]
fn a_mapping_left_by_sigkill_has_a_finite_lease() {
    let lab = Lab::home();
    for (method, port) in [("upnp", 7200), ("natpmp", 7201), ("pcp", 7202)] {
        let mut child = keep(&lab, port, method);
        wait_listed(&lab, &mut child, port, method);
        assert!(signal(&child, "-KILL"));
        let status = wait(&mut child, Duration::from_secs(5), method);
        assert_eq!(status.code(), None, "{method}: killed by a signal");
        // Nothing could remove it: it is still there, with a lease that runs out.
        let left = upnpc_row(&lab, "TCP", port).unwrap_or_else(|| {
            panic!(
                "{method}: no mapping left: {:?}",
                upnpc_rows(&lab, "LAN_NS")
            )
        });
        assert!(
            left.lease_secs > 0 && left.lease_secs <= LEASE_SECS,
            "{method}: lease {} s (asked {LEASE_SECS} s): {left:?}",
            left.lease_secs
        );
        assert!(
            nft_dnat(&lab, "TCP", port).is_some(),
            "{method}: no DNAT rule"
        );
        // Clean up for the next method (the router would in LEASE_SECS anyway).
        let out = lab.lan_exec(&[
            "forward",
            "--remove",
            "--port",
            &port.to_string(),
            "--timeout",
            "5s",
            "--source",
            lab.get("ECHO_FAST"),
        ]);
        assert_eq!(out.status.code(), Some(0), "{method}: {}", show(&out));
        wait_until(Duration::from_secs(5), "removed", || {
            upnpc_row(&lab, "TCP", port).is_none()
        });
    }
}
