//! `forward --keep` holds a mapping: renewal and re-creation, proven against
//! the real miniupnpd for UPnP, NAT-PMP and PCP.
//!
//! For each method, two mappings with a 4 s lease exist side by side:
//! - one held by `forward --keep` (renewed every 2 s), sampled for 2.5 lease
//!   periods: always listed by `upnpc -l` and present as a DNAT rule in the
//!   router's nftables, and its remaining lease (upnpc's lease column) goes
//!   back up in every period — a fresh lease, not the first one running out;
//! - the control, made by plain `forward` (nobody renews it): its remaining
//!   time only falls, and it is gone (upnpc and nftables) once the lease ends.
//!
//! Then the router reboots (`lab.sh reboot-router`: miniupnpd stops, every
//! rule is dropped, miniupnpd starts again; `natpmpc` sees the NAT-PMP epoch
//! go back): `--keep` puts the mapping back and says so.
//!
//! These need root; they fail (never skip) when the lab cannot run.

mod common;

use common::lab::{Lab, show};
use common::router::{nft_dnat, upnpc_row, upnpc_rows, wait_until};
use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

const LAN_IP: &str = "192.168.99.123";
const LEASE_SECS: u64 = 4;

/// The NAT-PMP epoch (seconds since the router's daemon started) as `natpmpc -g` reads it.
fn epoch(lab: &Lab) -> u64 {
    let out = lab.exec_in("LAN_NS", "natpmpc", &["-g", lab.get("GATEWAY")]);
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.split_once("epoch = ").map(|(_, e)| e.trim().to_string()))
        .and_then(|e| e.parse().ok())
        .unwrap_or_else(|| panic!("natpmpc -g printed no epoch: {}", show(&out)))
}

fn stderr_of(child: &mut Child) -> String {
    let mut err = String::new();
    if let Some(e) = child.stderr.as_mut() {
        let _ = e.read_to_string(&mut err);
    }
    err
}

fn stop(child: &mut Child) -> (std::process::ExitStatus, String) {
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success(), "forward --keep is not running");
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(s) = child.try_wait().expect("try_wait") {
            break s;
        }
        assert!(Instant::now() < deadline, "forward --keep did not stop");
        sleep(Duration::from_millis(20));
    };
    (status, stderr_of(child))
}

fn keep_and_control(lab: &Lab, method: &str, kept: u16, control: u16) {
    let lease = format!("{LEASE_SECS}s");
    let (kept_s, control_s) = (kept.to_string(), control.to_string());
    let mut child = lab
        .lan_cmd(&[
            "forward",
            "--port",
            &kept_s,
            "--method",
            method,
            "--lease",
            &lease,
            "--keep",
            "--timeout",
            "5s",
            "--source",
            lab.get("ECHO_FAST"),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn forward --keep");
    let out = lab.lan_exec(&[
        "forward",
        "--port",
        &control_s,
        "--method",
        method,
        "--lease",
        &lease,
        "--json",
        "--timeout",
        "5s",
        "--source",
        lab.get("ECHO_FAST"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{method} control: {}",
        show(&out)
    );
    wait_until(
        Duration::from_secs(10),
        "the kept mapping is listed",
        || upnpc_row(lab, "TCP", kept).is_some(),
    );

    // 2.5 lease periods, sampled every 250 ms.
    let start = Instant::now();
    let (mut kept_leases, mut control_leases) = (Vec::new(), Vec::new());
    let mut control_gone_at = None;
    while start.elapsed() < Duration::from_millis(LEASE_SECS * 2500) {
        let rows = upnpc_rows(lab, "LAN_NS");
        let find = |p: u16| {
            rows.iter()
                .find(|r| r.proto == "TCP" && r.external_port == p)
        };
        let k = find(kept).unwrap_or_else(|| {
            panic!(
                "{method}: the kept mapping vanished after {:?}: {rows:?}",
                start.elapsed()
            )
        });
        assert_eq!(k.target, format!("{LAN_IP}:{kept}"));
        assert_eq!(
            nft_dnat(lab, "TCP", kept).as_deref(),
            Some(format!("{LAN_IP}:{kept}").as_str()),
            "{method}: no DNAT rule for the kept mapping after {:?}",
            start.elapsed()
        );
        kept_leases.push(k.lease_secs);
        match find(control) {
            Some(c) => {
                assert!(control_gone_at.is_none(), "{method}: the control came back");
                control_leases.push(c.lease_secs);
            }
            None => {
                control_gone_at.get_or_insert(start.elapsed());
            }
        }
        sleep(Duration::from_millis(250));
    }
    // A fresh remaining time in every period: the lease column goes back up
    // at least once per lease period (netcheck renews every half lease).
    let rises = kept_leases.windows(2).filter(|w| w[1] > w[0]).count();
    assert!(
        rises >= 2 && kept_leases.iter().all(|&l| l > 0 && l <= LEASE_SECS),
        "{method}: kept lease column over {:?}: {kept_leases:?}",
        start.elapsed()
    );
    // The control: never renewed, gone once its lease ran out.
    assert!(
        control_leases.windows(2).all(|w| w[1] <= w[0]),
        "{method}: the control's lease went up: {control_leases:?}"
    );
    let gone =
        control_gone_at.unwrap_or_else(|| panic!("{method}: the unrenewed control never expired"));
    assert!(
        gone <= Duration::from_secs(LEASE_SECS + 3),
        "{method}: the control expired only after {gone:?}"
    );
    assert_eq!(
        nft_dnat(lab, "TCP", control),
        None,
        "{method}: control rule left"
    );

    // The router reboots: every mapping is lost and its epoch starts again.
    let before = epoch(lab);
    lab.reboot_router();
    let after = epoch(lab);
    assert!(
        after < before,
        "{method}: the NAT-PMP epoch did not go back ({before} -> {after})"
    );
    wait_until(
        Duration::from_secs(LEASE_SECS + 6),
        "the kept mapping is back after the reboot",
        || upnpc_row(lab, "TCP", kept).is_some() && nft_dnat(lab, "TCP", kept).is_some(),
    );
    let (status, err) = stop(&mut child);
    assert_eq!(status.code(), Some(0), "{method}: {err}");
    assert!(
        err.matches("mapping renewed").count() >= 2,
        "{method}: fewer than two renewals reported: {err}"
    );
    assert!(
        err.contains("created it again"),
        "{method}: the re-creation was not reported: {err}"
    );
    wait_until(Duration::from_secs(5), "removed on SIGTERM", || {
        upnpc_row(lab, "TCP", kept).is_none()
    });
}

#[test]
fn keep_renews_and_recreates_upnp() {
    let lab = Lab::home();
    keep_and_control(&lab, "upnp", 7500, 7501);
}

#[test]
fn keep_renews_and_recreates_natpmp() {
    let lab = Lab::home();
    keep_and_control(&lab, "natpmp", 7510, 7511);
}

#[test]
fn keep_renews_and_recreates_pcp() {
    let lab = Lab::home();
    keep_and_control(&lab, "pcp", 7520, 7521);
}

/// With `--json`, `--keep` says what happens as JSON events on stderr (a
/// stable `event` code, English words even under `--lang ko`); stdout keeps
/// the one report.
#[test]
fn keep_under_json_speaks_json_events_whatever_the_language() {
    let lab = Lab::home();
    let port = 7530u16;
    let port_s = port.to_string();
    let mut child = lab
        .lan_cmd(&[
            "forward",
            "--port",
            &port_s,
            "--method",
            "natpmp",
            "--lease",
            "2s",
            "--keep",
            "--json",
            "--lang",
            "ko",
            "--timeout",
            "5s",
            "--source",
            lab.get("ECHO_FAST"),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn forward --keep --json");
    wait_until(
        Duration::from_secs(10),
        "the kept mapping is listed",
        || upnpc_row(&lab, "TCP", port).is_some(),
    );
    // A renewal happened once the remaining lease went back up.
    let mut last = None;
    wait_until(
        Duration::from_secs(8),
        "a renewal (the lease goes up)",
        || {
            let now = upnpc_row(&lab, "TCP", port).map(|r| r.lease_secs);
            let rose = matches!((last, now), (Some(a), Some(b)) if b > a);
            last = now.or(last);
            rose
        },
    );
    let (status, err) = stop(&mut child);
    assert_eq!(status.code(), Some(0), "{err}");
    let mut out = String::new();
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let report: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON report");
    assert_eq!(report["method"], "natpmp", "{out}");
    let events: Vec<serde_json::Value> = err
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l:?}")))
        .collect();
    let codes: Vec<&str> = events.iter().filter_map(|e| e["event"].as_str()).collect();
    assert_eq!(codes.first(), Some(&"keeping"), "{err}");
    assert_eq!(codes.last(), Some(&"stopping"), "{err}");
    assert!(codes.contains(&"renewed"), "{err}");
    for e in &events {
        let message = e["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty() && message.is_ascii(), "{e}");
    }
    // The same words people read in English.
    let renewed = events.iter().find(|e| e["event"] == "renewed").unwrap();
    assert!(
        renewed["message"]
            .as_str()
            .unwrap()
            .contains("mapping renewed"),
        "{renewed}"
    );
    wait_until(Duration::from_secs(5), "removed on SIGTERM", || {
        upnpc_row(&lab, "TCP", port).is_none()
    });
}
