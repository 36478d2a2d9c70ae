//! The NAT-PMP and PCP clients (`netcheck::proto::{natpmp, pcp}`) against a
//! real miniupnpd in the home-network lab (tests/lab/lab.sh).
//!
//! The library is called in-process from inside the lab's LAN namespace: a
//! dedicated thread joins the namespace with setns(2) and runs its own
//! current-thread tokio runtime ([`in_ns`]), so every socket the client opens
//! lives in the LAN and the machine's real gateway is never involved.
//! Independent tools check the router's side: `upnpc -l` (miniupnpd's own
//! list) and `nft list ruleset` in the router namespace.
//!
//! These need root; they fail (never skip) when the lab cannot run.
//!
//! Do not ask for an *internal* port below 1024 here: the lab's allow rule
//! (`allow 1024-65535 192.168.99.0/24 1024-65535`) then matches no external
//! port, and miniupnpd 2.3.1 checks all 65535 of them before answering —
//! about a minute per request, during which it answers nobody, and every
//! retransmission queues another minute.
#![cfg(target_os = "linux")]

mod common;

use common::lab::{Lab, LabOptions, Topology, show};
use netcheck::proto::natpmp::{self, NatPmpError, Protocol, ResultCode};
use netcheck::proto::pcp::{self, PcpError};
use std::future::Future;
use std::net::Ipv4Addr;
use std::os::fd::AsRawFd;
use std::time::Duration;
use tokio::time::Instant;

const GATEWAY: Ipv4Addr = Ipv4Addr::new(192, 168, 99, 1);
const LAN_IP: Ipv4Addr = Ipv4Addr::new(192, 168, 99, 123);
const PUBLIC: Ipv4Addr = Ipv4Addr::new(111, 222, 33, 123);

/// Budget for one exchange with a router that answers.
const ANSWER: Duration = Duration::from_secs(3);
/// The out-of-range request: miniupnpd walks up to its first allowed port.
const WALK: Duration = Duration::from_secs(20);

/// Run `f()` to completion inside network namespace `ns` (a name under
/// /run/netns). setns(2) changes only the calling thread, so this uses a
/// fresh thread that ends with the call; the current-thread runtime keeps all
/// I/O on that thread.
fn in_ns<F, Fut, T>(ns: &str, f: F) -> T
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = T>,
    T: Send + 'static,
{
    let path = format!("/run/netns/{ns}");
    std::thread::spawn(move || {
        let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("open {path}: {e}"));
        // SAFETY: plain syscall on a file descriptor we own; it affects only
        // this thread, which exits after `f` has run.
        let rc = unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) };
        if rc != 0 {
            panic!("setns({path}): {}", std::io::Error::last_os_error());
        }
        drop(file);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime");
        rt.block_on(f())
    })
    .join()
    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

fn deadline(d: Duration) -> Instant {
    Instant::now() + d
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The router's nftables ruleset (miniupnpd's redirects live in it).
fn router_rules(lab: &Lab) -> String {
    let out = lab.exec_in("rtr", "nft", &["list", "ruleset"]);
    assert!(out.status.success(), "{}", show(&out));
    stdout_of(&out)
}

/// Does the router DNAT `proto` port `eport` to LAN_IP:`iport`? miniupnpd
/// writes e.g. `iif "wan0" @nh,72,8 0x6 th dport 5001 dnat ip to
/// 192.168.99.123:5001` (protocol byte of the IPv4 header: 0x6 TCP, 0x11 UDP).
fn router_redirects(lab: &Lab, proto: Protocol, eport: u16, iport: u16) -> bool {
    let proto = format!("@nh,72,8 {:#x} ", proto.ip_number());
    router_rules(lab).lines().any(|l| {
        l.contains(&proto)
            && l.contains(&format!("th dport {eport} "))
            && l.trim_end()
                .ends_with(&format!("dnat ip to {LAN_IP}:{iport}"))
    })
}

/// miniupnpd's own list of mappings, as `upnpc -l` prints it.
/// Panics when upnpc fails or lists no table (an absence must be real).
fn upnpc_list(lab: &Lab) -> String {
    let out = lab.exec_in("lan", "upnpc", &["-u", lab.get("UPNP_URL"), "-l"]);
    let text = stdout_of(&out);
    assert!(
        out.status.success() && text.contains("exPort->inAddr:inPort"),
        "upnpc -l did not list the table: {}",
        show(&out)
    );
    text
}

#[test]
fn natpmp_external_address_map_and_unmap() {
    let lab = Lab::home();
    let lan = lab.ns("lan").to_string();

    let ext = in_ns(&lan, || natpmp::external_address(GATEWAY, deadline(ANSWER)))
        .unwrap_or_else(|e| panic!("external address: {e}"));
    eprintln!("NAT-PMP external address: {ext:?}");
    assert_eq!(ext.ip, PUBLIC);

    let m = in_ns(&lan, || {
        natpmp::map(GATEWAY, Protocol::Tcp, 5000, 5000, 3600, deadline(ANSWER))
    })
    .unwrap_or_else(|e| panic!("map TCP 5000: {e}"));
    eprintln!("NAT-PMP map TCP 5000->5000 for 3600 s: {m:?}");
    assert_eq!(m.protocol, Protocol::Tcp);
    assert_eq!(m.internal_ip, LAN_IP);
    assert_eq!(m.internal_port, 5000);
    assert_eq!(m.external_port, 5000);
    assert!(m.lifetime_secs > 0 && m.lifetime_secs <= 3600, "{m:?}");
    assert!(m.epoch >= ext.epoch, "epoch went back: {ext:?} then {m:?}");

    assert!(
        router_redirects(&lab, Protocol::Tcp, 5000, 5000),
        "no redirect in the router:\n{}",
        router_rules(&lab)
    );
    let list = upnpc_list(&lab);
    assert!(
        list.contains(&format!("TCP  5000->{LAN_IP}:5000")),
        "upnpc -l does not show the mapping:\n{list}"
    );

    // Asking again renews the same mapping.
    let again = in_ns(&lan, || {
        natpmp::map(GATEWAY, Protocol::Tcp, 5000, 5000, 3600, deadline(ANSWER))
    })
    .unwrap_or_else(|e| panic!("renew TCP 5000: {e}"));
    eprintln!("NAT-PMP renew: {again:?}");
    assert_eq!(again.external_port, 5000);

    // UDP, any external port.
    let udp = in_ns(&lan, || {
        natpmp::map(GATEWAY, Protocol::Udp, 5003, 0, 120, deadline(ANSWER))
    })
    .unwrap_or_else(|e| panic!("map UDP 5003: {e}"));
    eprintln!("NAT-PMP map UDP 5003->any for 120 s: {udp:?}");
    assert_eq!(udp.protocol, Protocol::Udp);
    assert_ne!(udp.external_port, 0);
    assert!(router_redirects(
        &lab,
        Protocol::Udp,
        udp.external_port,
        5003
    ));

    let gone = in_ns(&lan, || {
        natpmp::unmap(GATEWAY, Protocol::Tcp, 5000, deadline(ANSWER))
    })
    .unwrap_or_else(|e| panic!("unmap TCP 5000: {e}"));
    eprintln!("NAT-PMP unmap TCP 5000: {gone:?}");
    assert_eq!(gone.internal_port, 5000);
    assert_eq!(gone.lifetime_secs, 0);
    assert!(
        !router_redirects(&lab, Protocol::Tcp, 5000, 5000),
        "redirect still in the router:\n{}",
        router_rules(&lab)
    );
    let list = upnpc_list(&lab);
    assert!(
        !list.contains(&format!("TCP  5000->{LAN_IP}:5000")),
        "upnpc -l still shows the mapping:\n{list}"
    );

    // Last, because miniupnpd can stop answering NAT-PMP for a while after a
    // request outside its allow range (the unmap above then timed out).
    // A privileged external port is outside the lab's allow rule
    // (1024-65535): unlike UPnP (error 606), miniupnpd's NAT-PMP walks up to
    // the first allowed port and grants that.
    // miniupnpd finds that port by trying each one from 80 upwards against its
    // rules (several hundred netlink reads), which took over 3 s on a loaded
    // 2-core machine: this answer gets a long deadline; what is checked is
    // which port it grants, not how fast.
    let low = in_ns(&lan, || {
        natpmp::map(GATEWAY, Protocol::Tcp, 5002, 80, 120, deadline(WALK))
    })
    .unwrap_or_else(|e| panic!("map TCP 5002->80: {e}"));
    eprintln!("NAT-PMP map TCP 5002->80 (not allowed): {low:?}");
    assert_eq!(low.external_port, 1024, "{low:?}");
}

/// A mapping made with NAT-PMP really forwards: a web server on the LAN host
/// is reachable from the lab's internet on the public address.
#[test]
fn natpmp_mapping_forwards_from_the_internet() {
    let lab = Lab::home();
    let lan = lab.ns("lan").to_string();
    let _server = lab.web_server("lan", "192.168.99.123", 18081);
    let url = format!("http://{PUBLIC}:18081/");
    let get = || {
        lab.exec_in(
            "inet",
            "curl",
            &[
                "-s",
                "-m",
                "1",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                &url,
            ],
        )
    };
    let before = get();
    assert_eq!(before.status.code(), Some(28), "{}", show(&before));

    let m = in_ns(&lan, || {
        natpmp::map(GATEWAY, Protocol::Tcp, 18081, 18081, 120, deadline(ANSWER))
    })
    .unwrap_or_else(|e| panic!("map TCP 18081: {e}"));
    assert_eq!(m.external_port, 18081);
    let after = get();
    assert_eq!(stdout_of(&after), "200", "{}", show(&after));

    in_ns(&lan, || {
        natpmp::unmap(GATEWAY, Protocol::Tcp, 18081, deadline(ANSWER))
    })
    .unwrap_or_else(|e| panic!("unmap TCP 18081: {e}"));
    let gone = get();
    assert_eq!(gone.status.code(), Some(28), "{}", show(&gone));
}

#[test]
fn pcp_map_and_unmap() {
    let lab = Lab::home();
    let lan = lab.ns("lan").to_string();

    let m = in_ns(&lan, || {
        pcp::map(
            GATEWAY,
            LAN_IP,
            Protocol::Tcp,
            5001,
            5001,
            3600,
            deadline(ANSWER),
        )
    })
    .unwrap_or_else(|e| panic!("PCP map TCP 5001: {e}"));
    eprintln!("PCP map TCP 5001->5001 for 3600 s: {m:?}");
    assert_eq!(m.protocol, Protocol::Tcp);
    assert_eq!(m.internal_ip, LAN_IP);
    assert_eq!(m.internal_port, 5001);
    assert_eq!(m.external_port, 5001);
    assert_eq!(m.external_ip, Some(PUBLIC));
    assert!(m.lifetime_secs > 0 && m.lifetime_secs <= 3600, "{m:?}");
    assert!(
        router_redirects(&lab, Protocol::Tcp, 5001, 5001),
        "no redirect in the router:\n{}",
        router_rules(&lab)
    );
    let list = upnpc_list(&lab);
    assert!(
        list.contains(&format!("TCP  5001->{LAN_IP}:5001")),
        "upnpc -l does not show the mapping:\n{list}"
    );

    // A wrong client address from the caller does not matter: the request
    // carries the socket's own address.
    let other = in_ns(&lan, || {
        pcp::map(
            GATEWAY,
            Ipv4Addr::new(192, 0, 2, 7),
            Protocol::Udp,
            5004,
            0,
            120,
            deadline(ANSWER),
        )
    })
    .unwrap_or_else(|e| panic!("PCP map UDP 5004 with a wrong client_ip: {e}"));
    eprintln!("PCP map UDP 5004->any for 120 s: {other:?}");
    assert_eq!(other.internal_ip, LAN_IP);
    assert_ne!(other.external_port, 0);

    // Deleting needs the mapping's nonce.
    let wrong = in_ns(&lan, || {
        pcp::unmap(GATEWAY, LAN_IP, Protocol::Tcp, 5001, None, deadline(ANSWER))
    });
    eprintln!("PCP unmap TCP 5001 with another nonce: {wrong:?}");
    assert!(
        matches!(wrong, Err(PcpError::Result(pcp::ResultCode::NotAuthorized))),
        "{wrong:?}"
    );
    assert!(router_redirects(&lab, Protocol::Tcp, 5001, 5001));

    // NAT-PMP's delete answers success but leaves a PCP-made mapping alone
    // (miniupnpd 2.3.1): a caller cannot remove PCP mappings with NAT-PMP.
    let natpmp_delete = in_ns(&lan, || {
        natpmp::unmap(GATEWAY, Protocol::Tcp, 5001, deadline(ANSWER))
    });
    eprintln!("NAT-PMP unmap of the PCP mapping: {natpmp_delete:?}");
    assert!(natpmp_delete.is_ok(), "{natpmp_delete:?}");
    assert!(router_redirects(&lab, Protocol::Tcp, 5001, 5001));

    let nonce = m.nonce;
    let gone = in_ns(&lan, move || {
        pcp::unmap(
            GATEWAY,
            LAN_IP,
            Protocol::Tcp,
            5001,
            Some(nonce),
            deadline(ANSWER),
        )
    })
    .unwrap_or_else(|e| panic!("PCP unmap TCP 5001: {e}"));
    eprintln!("PCP unmap TCP 5001: {gone:?}");
    assert_eq!(gone.lifetime_secs, 0);
    assert!(
        !router_redirects(&lab, Protocol::Tcp, 5001, 5001),
        "redirect still in the router:\n{}",
        router_rules(&lab)
    );
}

/// With NAT-PMP (and PCP) off, miniupnpd does not listen on 5351: the
/// router's kernel answers ICMP port unreachable (the lab drops unsolicited
/// traffic only on the WAN side), and the client reports Refused at once —
/// not a timeout at the end of its budget.
#[test]
fn natpmp_disabled_is_refused_quickly() {
    let lab = Lab::up(LabOptions {
        natpmp: false,
        ..LabOptions::default()
    });
    let lan = lab.ns("lan").to_string();
    let budget = Duration::from_secs(6);
    // Refused arrives within milliseconds; a third of the budget is a
    // generous ceiling that a timeout can never meet.
    let quickly = budget / 3;

    let t0 = std::time::Instant::now();
    let err = in_ns(&lan, move || {
        natpmp::external_address(GATEWAY, deadline(budget))
    })
    .unwrap_err();
    let took = t0.elapsed();
    eprintln!("NAT-PMP with NAT-PMP off: {err:?} after {took:?}");
    assert!(
        matches!(err, NatPmpError::Refused),
        "{err:?} after {took:?}"
    );
    assert!(took < quickly, "{took:?}");

    let t0 = std::time::Instant::now();
    let err = in_ns(&lan, move || {
        pcp::map(
            GATEWAY,
            LAN_IP,
            Protocol::Tcp,
            5000,
            5000,
            120,
            deadline(budget),
        )
    })
    .unwrap_err();
    let took = t0.elapsed();
    eprintln!("PCP with NAT-PMP off: {err:?} after {took:?}");
    assert!(matches!(err, PcpError::Refused), "{err:?} after {took:?}");
    assert!(took < quickly, "{took:?}");
}

#[test]
fn cgnat_router_reports_network_failure() {
    let lab = Lab::up(LabOptions {
        topology: Topology::Cgnat,
        ..LabOptions::default()
    });
    let lan = lab.ns("lan").to_string();

    let err = in_ns(&lan, || natpmp::external_address(GATEWAY, deadline(ANSWER))).unwrap_err();
    eprintln!("NAT-PMP external address behind CGNAT: {err:?}");
    assert!(
        matches!(err, NatPmpError::Result(ResultCode::NetworkFailure)),
        "{err:?}"
    );

    let map = in_ns(&lan, || {
        natpmp::map(GATEWAY, Protocol::Tcp, 5000, 5000, 120, deadline(ANSWER))
    });
    eprintln!("NAT-PMP map behind CGNAT: {map:?}");
    assert!(
        matches!(map, Err(NatPmpError::Result(ResultCode::NetworkFailure))),
        "{map:?}"
    );

    let pcp_map = in_ns(&lan, || {
        pcp::map(
            GATEWAY,
            LAN_IP,
            Protocol::Tcp,
            5000,
            5000,
            120,
            deadline(ANSWER),
        )
    });
    eprintln!("PCP map behind CGNAT: {pcp_map:?}");
    // miniupnpd 2.3.1 answers NO_RESOURCES here, not NETWORK_FAILURE.
    assert!(
        matches!(pcp_map, Err(PcpError::Result(pcp::ResultCode::NoResources))),
        "{pcp_map:?}"
    );
}
