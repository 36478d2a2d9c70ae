//! Self-test of the home-network lab itself, with independent clients only
//! (curl, upnpc, natpmpc, ping): when these fail, the lab is broken, not
//! netcheck. Needs root; fails (never skips) when the lab cannot run.

mod common;

use common::lab::{Lab, LabOptions, Topology, show};

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn home_lab_peers_answer() {
    let lab = Lab::home();
    let public = lab.get("PUBLIC_IP");
    assert_eq!(public, "111.222.33.123");

    let out = lab.exec_in("lan", "curl", &["-sS", "-m", "3", lab.get("ECHO_FAST")]);
    assert!(out.status.success(), "{}", show(&out));
    assert_eq!(stdout_of(&out), format!("{public}\n"));

    let out = lab.exec_in("lan", "curl", &["-sS", "-m", "3", lab.get("ECHO_JSON")]);
    assert!(out.status.success(), "{}", show(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json echo");
    assert_eq!(v["ip"], public);

    // The silent echo accepts and never answers: curl gives up (exit 28).
    let out = lab.exec_in("lan", "curl", &["-sS", "-m", "1", lab.get("ECHO_SILENT")]);
    assert_eq!(out.status.code(), Some(28), "{}", show(&out));

    // miniupnpd is found by SSDP multicast and reports the WAN address.
    let out = lab.exec_in("lan", "upnpc", &["-s"]);
    let text = stdout_of(&out);
    assert!(
        text.contains(&format!("ExternalIPAddress = {public}")),
        "{}",
        show(&out)
    );
    assert!(text.contains(lab.get("UPNP_URL")), "{}", show(&out));

    // NAT-PMP answers with the same address.
    let out = lab.exec_in("lan", "natpmpc", &["-g", "192.168.99.1"]);
    assert!(
        stdout_of(&out).contains(&format!("Public IP address : {public}")),
        "{}",
        show(&out)
    );

    // Unsolicited inbound on the router's WAN is dropped (timeout, not refused).
    let out = lab.exec_in(
        "inet",
        "curl",
        &["-sS", "-m", "1", &format!("http://{public}:5555/")],
    );
    assert_eq!(out.status.code(), Some(28), "{}", show(&out));
}

#[test]
fn upnp_mapping_forwards_from_the_internet() {
    let lab = Lab::home();
    let public = lab.get("PUBLIC_IP").to_string();
    // A tiny web server on the LAN host, reachable from "the internet" only through a mapping.
    let _server = lab.web_server("lan", "192.168.99.123", 18080);
    let url = format!("http://{public}:18080/");
    {
        let before = lab.exec_in("inet", "curl", &["-s", "-m", "1", "-o", "/dev/null", &url]);
        assert_eq!(before.status.code(), Some(28), "{}", show(&before));

        let add = lab.exec_in(
            "lan",
            "upnpc",
            &[
                "-u",
                lab.get("UPNP_URL"),
                "-a",
                "192.168.99.123",
                "18080",
                "18080",
                "TCP",
            ],
        );
        assert!(
            stdout_of(&add).contains("is redirected to internal 192.168.99.123:18080"),
            "{}",
            show(&add)
        );
        let after = lab.exec_in(
            "inet",
            "curl",
            &[
                "-s",
                "-m",
                "2",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                &url,
            ],
        );
        assert_eq!(stdout_of(&after), "200", "{}", show(&after));

        // secure_mode + allow rules: privileged external ports are refused (606).
        let denied = lab.exec_in(
            "lan",
            "upnpc",
            &["-a", "192.168.99.123", "18080", "80", "TCP"],
        );
        assert!(stdout_of(&denied).contains("606"), "{}", show(&denied));
    }
}

#[test]
fn cgnat_lab_with_second_host() {
    let lab = Lab::up(LabOptions {
        topology: Topology::Cgnat,
        second_host: true,
        natpmp: false,
        manufacturer: "ipTIME".into(),
        model: "A3004NS-M".into(),
        ..LabOptions::default()
    });
    assert_eq!(lab.get("PUBLIC_IP"), "111.222.33.200");
    assert_eq!(lab.get("RTR_WAN_IP"), "100.64.0.2");

    for ns in ["lan", "lan2"] {
        let out = lab.exec_in(ns, "curl", &["-sS", "-m", "3", lab.get("ECHO_FAST")]);
        assert_eq!(stdout_of(&out), "111.222.33.200\n", "{}", show(&out));
    }
    let out = lab.exec_in("lan2", "ping", &["-c", "1", "-W", "2", lab.get("LAN_IP")]);
    assert!(out.status.success(), "{}", show(&out));

    // miniupnpd with a reserved WAN address answers, but has no external
    // address and refuses every mapping (501 Action Failed).
    let upnp_url = lab.get("UPNP_URL");
    let out = lab.exec_in("lan", "upnpc", &["-u", upnp_url, "-s"]);
    assert!(
        stdout_of(&out).contains("GetExternalIPAddress failed"),
        "{}",
        show(&out)
    );
    let out = lab.exec_in(
        "lan",
        "upnpc",
        &[
            "-u",
            upnp_url,
            "-a",
            "192.168.99.123",
            "18080",
            "18080",
            "TCP",
        ],
    );
    assert!(
        stdout_of(&out).contains("failed with code 501"),
        "{}",
        show(&out)
    );
    let desc = lab.exec_in("lan", "curl", &["-sS", "-m", "3", lab.get("UPNP_URL")]);
    let xml = stdout_of(&desc);
    assert!(xml.contains("<manufacturer>ipTIME</manufacturer>"), "{xml}");
    assert!(xml.contains("<modelName>A3004NS-M</modelName>"), "{xml}");
}
