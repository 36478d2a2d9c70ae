//! Hostile peers that `tests/public_ip_fakes.rs` does not cover: an echo
//! service redirecting to a private address, NAT-PMP / PCP / STUN replies
//! from an address that is not the one asked, and (in the lab) SSDP replies
//! that point elsewhere or serve hostile device descriptions.
//!
//! NETWORK SAFETY: the spoofing tests run on loopback only (127.0.0.1 and
//! 127.0.0.2). The redirect test runs in a throwaway network namespace that
//! has nothing but loopback (which also carries the private address), so
//! even a regression that followed the redirect would reach nothing but this
//! test's own listener. The SSDP tests run inside the lab (tests/lab/lab.sh);
//! nothing multicasts in the root namespace.
//!
//! Tests that need root (namespaces) fail, never skip, without it.
#![cfg(target_os = "linux")]

mod common;

use common::lab::{Lab, LabOptions, is_root, json_stdout, run_with_timeout, show};
use common::run::drain;
use netcheck::proto::natpmp::{self, NatPmpError, Protocol, ResultCode};
use netcheck::proto::pcp::{self, PcpError};
use netcheck::proto::stun::{self, StunQueryError};
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener, UdpSocket};
use std::os::fd::AsRawFd;
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

const GENUINE: Ipv4Addr = Ipv4Addr::new(111, 222, 33, 123);
const FORGED: Ipv4Addr = Ipv4Addr::new(6, 6, 6, 6);
/// Another loopback address: the spoofer's source.
const OTHER_LOOPBACK: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 2);

// ---------------------------------------------------------------------------
// NAT-PMP, PCP and STUN replies from another address (loopback)
// ---------------------------------------------------------------------------

/// A UDP "server" on 127.0.0.1:P that answers nothing itself, and a spoofer
/// on 127.0.0.2:P (same port, other address). For the first request that
/// arrives, the spoofer sends `forged(request)`; then, if `genuine` is set,
/// the real server answers `genuine(request)` after `delay`.
struct Spoofed {
    server: SocketAddrV4,
    /// Datagrams the spoofer sent.
    forged_sent: Arc<AtomicUsize>,
}

type Answer = fn(&[u8]) -> Vec<u8>;

fn spoofed(forged: Answer, genuine: Option<(Duration, Answer)>) -> Spoofed {
    let server = UdpSocket::bind("127.0.0.1:0").expect("bind server");
    let port = server.local_addr().unwrap().port();
    let spoofer = UdpSocket::bind((OTHER_LOOPBACK, port)).expect("bind 127.0.0.2");
    server
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let forged_sent = Arc::new(AtomicUsize::new(0));
    let counter = forged_sent.clone();
    thread::spawn(move || {
        let end = Instant::now() + Duration::from_secs(10);
        let mut buf = [0u8; 1500];
        while Instant::now() < end {
            let Ok((n, peer)) = server.recv_from(&mut buf) else {
                continue;
            };
            let request = buf[..n].to_vec();
            if spoofer.send_to(&forged(&request), peer).is_ok() {
                counter.fetch_add(1, Ordering::SeqCst);
            }
            if let Some((delay, answer)) = genuine {
                thread::sleep(delay);
                let _ = server.send_to(&answer(&request), peer);
                return;
            }
        }
    });
    Spoofed {
        server: SocketAddrV4::new(Ipv4Addr::LOCALHOST, port),
        forged_sent,
    }
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn natpmp_external(ip: Ipv4Addr) -> Vec<u8> {
    natpmp::encode_external_address_response(ResultCode::Success, 3600, ip).to_vec()
}

/// The spoofed datagram really is deliverable: an unconnected socket gets it.
/// (Without this, the tests below would pass for the wrong reason.)
#[test]
fn the_spoofer_is_heard_by_an_unconnected_socket() {
    let s = spoofed(|_| natpmp_external(FORGED), None);
    let client = UdpSocket::bind("127.0.0.1:0").unwrap();
    client
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    client.send_to(b"\x00\x00", s.server).unwrap();
    let mut buf = [0u8; 64];
    let (n, from) = client.recv_from(&mut buf).expect("forged reply arrives");
    assert_eq!(from.ip(), OTHER_LOOPBACK);
    assert_eq!(
        natpmp::decode_external_address_response(&buf[..n])
            .unwrap()
            .ip,
        FORGED
    );
}

#[test]
fn natpmp_reply_from_another_address_is_ignored() {
    // Forged first, genuine 300 ms later: the genuine answer wins.
    let s = spoofed(
        |_| natpmp_external(FORGED),
        Some((Duration::from_millis(300), |_| natpmp_external(GENUINE))),
    );
    let start = Instant::now();
    let got = rt().block_on(natpmp::external_address_at(
        s.server,
        tokio::time::Instant::now() + Duration::from_secs(10),
    ));
    assert_eq!(got.expect("genuine answer").ip, GENUINE);
    assert!(s.forged_sent.load(Ordering::SeqCst) >= 1);
    // The genuine answer, not the 10 s deadline, ended it (3 s: generous).
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );

    // Only forged answers: nothing usable arrives, a plain timeout at the deadline
    // (not "malformed": the kernel never hands the forged datagrams over).
    let s = spoofed(|_| natpmp_external(FORGED), None);
    let start = Instant::now();
    let got = rt().block_on(natpmp::external_address_at(
        s.server,
        tokio::time::Instant::now() + Duration::from_millis(800),
    ));
    assert!(matches!(got, Err(NatPmpError::Timeout)), "{got:?}");
    // At the 0.8 s deadline (3 s: a generous ceiling).
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    assert!(s.forged_sent.load(Ordering::SeqCst) >= 1);

    // The same for a map request: a forged "mapped" answer is not taken.
    let s = spoofed(
        |req| match natpmp::parse_request(req) {
            Ok(natpmp::Request::Map {
                protocol,
                internal_port,
                ..
            }) => natpmp::encode_map_response(
                ResultCode::Success,
                &natpmp::MapResponse {
                    epoch: 1,
                    protocol,
                    internal_port,
                    external_port: 1,
                    lifetime_secs: 7200,
                },
            )
            .to_vec(),
            _ => Vec::new(),
        },
        None,
    );
    let got = rt().block_on(natpmp::map_at(
        s.server,
        Protocol::Tcp,
        5000,
        5000,
        3600,
        tokio::time::Instant::now() + Duration::from_millis(800),
    ));
    assert!(matches!(got, Err(NatPmpError::Timeout)), "{got:?}");
    assert!(s.forged_sent.load(Ordering::SeqCst) >= 1);
}

fn pcp_answer(req: &[u8], external_port: u16) -> Vec<u8> {
    let r = pcp::parse_map_request(req).expect("a PCP MAP request");
    pcp::encode_map_response(&pcp::MapResponse {
        result: pcp::ResultCode::Success,
        lifetime_secs: r.lifetime_secs,
        epoch: 9,
        nonce: r.nonce,
        protocol: r.protocol,
        internal_port: r.internal_port,
        external_port,
        external_ip: GENUINE.to_ipv6_mapped(),
    })
    .to_vec()
}

#[test]
fn pcp_reply_from_another_address_is_ignored_even_with_the_right_nonce() {
    let request = pcp::MapRequest {
        lifetime_secs: 3600,
        client_ip: Ipv4Addr::LOCALHOST,
        nonce: pcp::new_nonce(),
        protocol: Protocol::Tcp,
        internal_port: 5000,
        external_port: 5000,
    };
    let s = spoofed(
        |req| pcp_answer(req, 6666),
        Some((Duration::from_millis(300), |req| pcp_answer(req, 5000))),
    );
    let got = rt().block_on(pcp::map_at(
        s.server,
        request,
        tokio::time::Instant::now() + Duration::from_secs(3),
    ));
    assert_eq!(got.expect("genuine answer").external_port, 5000);
    assert!(s.forged_sent.load(Ordering::SeqCst) >= 1);

    let s = spoofed(|req| pcp_answer(req, 6666), None);
    let got = rt().block_on(pcp::map_at(
        s.server,
        request,
        tokio::time::Instant::now() + Duration::from_millis(800),
    ));
    assert!(matches!(got, Err(PcpError::Timeout)), "{got:?}");
}

fn stun_answer(req: &[u8], ip: Ipv4Addr) -> Vec<u8> {
    let tid = stun::parse_binding_request(req).expect("a Binding request");
    stun::encode_binding_response(&tid, SocketAddr::new(ip.into(), 4242), true)
}

#[test]
fn stun_reply_from_another_address_is_ignored_even_with_the_right_transaction() {
    let s = spoofed(
        |req| stun_answer(req, FORGED),
        Some((Duration::from_millis(300), |req| stun_answer(req, GENUINE))),
    );
    let got = rt().block_on(stun::query(
        s.server.into(),
        tokio::time::Instant::now() + Duration::from_secs(3),
    ));
    assert_eq!(got.expect("genuine answer").ip(), GENUINE);

    let s = spoofed(|req| stun_answer(req, FORGED), None);
    let got = rt().block_on(stun::query(
        s.server.into(),
        tokio::time::Instant::now() + Duration::from_millis(800),
    ));
    assert!(
        matches!(got, Err(StunQueryError::Timeout { last_error: None })),
        "{got:?}"
    );
    assert!(s.forged_sent.load(Ordering::SeqCst) >= 1);
}

// ---------------------------------------------------------------------------
// An echo source that redirects to a private address
// ---------------------------------------------------------------------------

/// A network namespace with nothing but loopback, which also holds
/// `10.255.255.1/32`; removed on drop. Nothing in it routes anywhere.
struct IsolatedNs {
    name: String,
}

const PRIVATE_TARGET: &str = "10.255.255.1";

impl IsolatedNs {
    fn new() -> IsolatedNs {
        assert!(
            is_root(),
            "this test needs root (it builds a throwaway network namespace); run scripts/test"
        );
        let name = format!("nchp{}", std::process::id());
        let ip = |args: &[&str]| {
            let out = Command::new("ip").args(args).output().expect("run ip");
            assert!(out.status.success(), "ip {args:?}: {out:?}");
        };
        let _ = Command::new("ip").args(["netns", "del", &name]).output();
        ip(&["netns", "add", &name]);
        let ns = IsolatedNs { name };
        let n = ns.name.as_str();
        ip(&["-n", n, "link", "set", "lo", "up"]);
        ip(&[
            "-n",
            n,
            "addr",
            "add",
            &format!("{PRIVATE_TARGET}/32"),
            "dev",
            "lo",
        ]);
        ns
    }

    /// Runs `f` on a thread that has joined the namespace (sockets it
    /// creates live there and stay usable from any thread).
    fn inside<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> T {
        let path = format!("/run/netns/{}", self.name);
        thread::spawn(move || {
            let file = std::fs::File::open(&path).expect("open netns");
            // SAFETY: plain syscall on a descriptor we own; affects only this
            // thread, which ends after `f`.
            let rc = unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) };
            assert_eq!(rc, 0, "setns: {}", std::io::Error::last_os_error());
            f()
        })
        .join()
        .expect("thread in namespace")
    }
}

impl Drop for IsolatedNs {
    fn drop(&mut self) {
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .output();
    }
}

/// Accepts connections, counting them, and answers each with `answer`.
fn tcp_server(listener: TcpListener, answer: String) -> Arc<AtomicUsize> {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    listener.set_nonblocking(true).unwrap();
    thread::spawn(move || {
        let end = Instant::now() + Duration::from_secs(20);
        while Instant::now() < end {
            match listener.accept() {
                Ok((mut conn, _)) => {
                    counter.fetch_add(1, Ordering::SeqCst);
                    let _ = conn.set_nonblocking(false);
                    let _ = conn.set_read_timeout(Some(Duration::from_secs(2)));
                    let mut buf = [0u8; 4096];
                    let _ = conn.read(&mut buf);
                    let _ = conn.write_all(answer.as_bytes());
                }
                Err(_) => thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    hits
}

#[test]
fn an_echo_redirect_to_a_private_address_is_refused_and_never_followed() {
    let ns = IsolatedNs::new();
    let (echo, private) = ns.inside(|| {
        (
            TcpListener::bind("127.0.0.1:0").unwrap(),
            TcpListener::bind((PRIVATE_TARGET, 80)).unwrap(),
        )
    });
    let echo_addr = echo.local_addr().unwrap();
    let private_hits = tcp_server(
        private,
        "HTTP/1.1 200 OK\r\nContent-Length: 14\r\nConnection: close\r\n\r\n111.222.33.123".into(),
    );
    let echo_hits = tcp_server(
        echo,
        format!(
            "HTTP/1.1 302 Found\r\nLocation: http://{PRIVATE_TARGET}/ip\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
    );
    let source = format!("http://{echo_addr}/ip");
    let start = Instant::now();
    let out = run_with_timeout(
        Command::new("ip").args([
            "netns",
            "exec",
            &ns.name,
            env!("CARGO_BIN_EXE_netcheck"),
            "public-ip",
            "-4",
            "--json",
            "--timeout",
            "10s",
            "--source",
            &source,
        ]),
        Duration::from_secs(20),
    )
    .unwrap();
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let v = json_stdout(&out);
    let src = &v["sources"][0];
    assert_eq!(src["source"], source.as_str(), "{v:#}");
    assert_eq!(src["error_kind"], "other", "{v:#}");
    let error = src["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("refused a redirect") && error.contains(PRIVATE_TARGET),
        "{error}"
    );
    // Refused at once, not at the 10 s budget (3 s: a generous ceiling).
    assert!(took < Duration::from_secs(3), "took {took:?}");
    assert_eq!(echo_hits.load(Ordering::SeqCst), 1);
    assert_eq!(
        private_hits.load(Ordering::SeqCst),
        0,
        "the private address was contacted"
    );
    // The private listener was reachable: following the redirect would have hit it.
    let reachable = ns.inside(|| std::net::TcpStream::connect((PRIVATE_TARGET, 80)).is_ok());
    assert!(reachable);
}

// ---------------------------------------------------------------------------
// SSDP: answers pointing elsewhere, hostile device descriptions (lab)
// ---------------------------------------------------------------------------

/// The `--timeout` given to `forward` in these tests, and the slack allowed
/// on top of it for process start, the public-IP probe and printing (a
/// generous ceiling: 3× the budget in all).
const FORWARD_TIMEOUT: Duration = Duration::from_secs(2);
const SLACK: Duration = Duration::from_secs(4);
/// Peak memory (max RSS) `forward` may reach against a hostile device.
const MAX_RSS_KB: i64 = 96 * 1024;

/// A lab with a second LAN host (192.168.99.50) and no UPnP / NAT-PMP on
/// the router: the only UPnP device on the LAN is the fake.
fn ssdp_lab() -> Lab {
    Lab::up(LabOptions {
        second_host: true,
        upnp: false,
        natpmp: false,
        ..LabOptions::default()
    })
}

fn ip_in(lab: &Lab, ns_key: &str, args: &[&str]) {
    let out = lab.exec_in(ns_key, "ip", args);
    assert!(out.status.success(), "ip {args:?}: {}", show(&out));
}

/// The hostile device (tests/lab/ssdp_fake.py) in the second LAN host.
struct FakeDevice {
    child: Child,
    log: std::path::PathBuf,
}

impl FakeDevice {
    fn start(
        lab: &Lab,
        name: &str,
        reply_from: &str,
        location: &str,
        http: Option<(&str, &str)>,
    ) -> FakeDevice {
        let log = std::path::PathBuf::from(lab.get("LAB_DIR")).join(format!("ssdp-{name}.log"));
        let _ = std::fs::remove_file(&log);
        let script =
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/lab/ssdp_fake.py");
        let mut args: Vec<String> = vec![
            "-u".into(),
            script.display().to_string(),
            "--iface-ip".into(),
            lab.get("LAN2_IP").into(),
            "--reply-from".into(),
            reply_from.into(),
            "--location".into(),
            location.into(),
            "--log".into(),
            log.display().to_string(),
            "--lifetime".into(),
            "30".into(),
        ];
        if let Some((addr, mode)) = http {
            args.extend(["--http".into(), addr.into(), "--mode".into(), mode.into()]);
        }
        let child = lab
            .cmd_in("LAN2_NS", "python3", &args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start ssdp_fake.py");
        let fake = FakeDevice { child, log };
        let deadline = Instant::now() + Duration::from_secs(5);
        while !fake.lines().iter().any(|l| l == "READY") {
            assert!(Instant::now() < deadline, "ssdp_fake.py did not start");
            thread::sleep(Duration::from_millis(20));
        }
        fake
    }

    fn lines(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    fn searches(&self) -> usize {
        self.lines()
            .iter()
            .filter(|l| l.starts_with("SSDP "))
            .count()
    }

    fn http_requests(&self) -> Vec<String> {
        self.lines()
            .into_iter()
            .filter(|l| l.starts_with("HTTP "))
            .collect()
    }
}

impl Drop for FakeDevice {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a command like [`run_with_timeout`], also returning the wall time
/// and the peak memory (max RSS, KiB) of the process itself, read with
/// wait4(2). (`ip netns exec` execs the program in the same process.)
// The child is reaped by wait4, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run_measured(cmd: &mut Command, limit: Duration) -> (Output, Duration, i64) {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("spawn");
    let pid = child.id() as libc::pid_t;
    let (out_t, err_t) = drain(&mut child);
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data, filled in by the kernel.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our own child; status and usage outlive the call.
        let rc = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if rc == pid {
            break;
        }
        assert!(rc == 0, "wait4: {}", std::io::Error::last_os_error());
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {limit:?}");
        }
        thread::sleep(Duration::from_millis(5));
    }
    let took = start.elapsed();
    use std::os::unix::process::ExitStatusExt;
    let out = Output {
        status: std::process::ExitStatus::from_raw(status),
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
    };
    (out, took, usage.ru_maxrss)
}

/// `netcheck forward --port 5000 --method upnp --json --timeout 2s` in the
/// LAN namespace, public IP asked of the lab's echo server only.
fn forward_upnp(lab: &Lab) -> (Output, Duration, i64) {
    let timeout = format!("{}s", FORWARD_TIMEOUT.as_secs());
    let mut cmd = lab.lan_cmd(&[
        "forward",
        "--port",
        "5000",
        "--method",
        "upnp",
        "--json",
        "--timeout",
        &timeout,
        "--source",
        lab.get("ECHO_FAST"),
    ]);
    run_measured(&mut cmd, Duration::from_secs(20))
}

fn upnp_attempt_error(out: &Output) -> String {
    let v = json_stdout(out);
    assert_eq!(v["mapped"], false, "{v:#}");
    v["attempts"]
        .as_array()
        .unwrap_or_else(|| panic!("no attempts: {v:#}"))
        .iter()
        .find(|a| a["method"] == "upnp")
        .and_then(|a| a["error"].as_str())
        .unwrap_or_else(|| panic!("no upnp attempt: {v:#}"))
        .to_string()
}

#[test]
fn ssdp_answers_pointing_elsewhere_are_ignored_and_never_fetched() {
    let lab = ssdp_lab();
    let lan2 = lab.get("LAN2_IP").to_string();

    // 1. LOCATION on another LAN host: the second host answers from
    //    192.168.99.50 with a description on 192.168.99.51 (also its own,
    //    so that a request there would be seen).
    ip_in(
        &lab,
        "LAN2_NS",
        &["addr", "add", "192.168.99.51/24", "dev", "eth0"],
    );
    let fake = FakeDevice::start(
        &lab,
        "foreign",
        &lan2,
        "http://192.168.99.51:8000/rootDesc.xml",
        Some(("192.168.99.51:8000", "bomb")),
    );
    let (out, took, _) = forward_upnp(&lab);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let error = upnp_attempt_error(&out);
    assert!(
        error.contains("ignored a UPnP answer from 192.168.99.50")
            && error.contains("192.168.99.51"),
        "{error}"
    );
    assert!(fake.searches() >= 1, "the fake never saw an M-SEARCH");
    assert_eq!(
        fake.http_requests(),
        Vec::<String>::new(),
        "the other host was contacted"
    );
    assert!(took <= FORWARD_TIMEOUT + SLACK, "took {took:?}");
    drop(fake);

    // 2. Off the subnet: the second host also holds 10.99.0.5 and answers
    //    from it about itself. The LAN host is given a route there, so a
    //    request would arrive and be seen.
    ip_in(
        &lab,
        "LAN2_NS",
        &["addr", "add", "10.99.0.5/32", "dev", "eth0"],
    );
    ip_in(
        &lab,
        "LAN_NS",
        &["route", "add", "10.99.0.5/32", "via", &lan2],
    );
    let fake = FakeDevice::start(
        &lab,
        "offsubnet",
        "10.99.0.5",
        "http://10.99.0.5:8000/rootDesc.xml",
        Some(("10.99.0.5:8000", "bomb")),
    );
    let reach = lab.exec_in(
        "LAN_NS",
        "curl",
        &[
            "-s",
            "-m",
            "2",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "http://10.99.0.5:8000/probe",
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&reach.stdout),
        "200",
        "the fake is not reachable: {}",
        show(&reach)
    );
    let before = fake.http_requests().len();
    let (out, took, _) = forward_upnp(&lab);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let error = upnp_attempt_error(&out);
    assert!(
        error.contains("ignored a UPnP device at 10.99.0.5")
            && error.contains("not on the local subnet"),
        "{error}"
    );
    assert!(fake.searches() >= 1, "the fake never saw an M-SEARCH");
    assert_eq!(
        fake.http_requests().len(),
        before,
        "the off-subnet host was contacted: {:?}",
        fake.lines()
    );
    assert!(took <= FORWARD_TIMEOUT + SLACK, "took {took:?}");
}

#[test]
fn hostile_device_descriptions_are_bounded_in_time_and_memory() {
    let lab = ssdp_lab();
    let lan2 = lab.get("LAN2_IP").to_string();
    let location = format!("http://{lan2}:8000/rootDesc.xml");
    let http = format!("{lan2}:8000");
    for mode in ["huge", "bomb", "slow"] {
        let fake = FakeDevice::start(&lab, mode, &lan2, &location, Some((&http, mode)));
        let (out, took, rss_kb) = forward_upnp(&lab);
        assert_eq!(out.status.code(), Some(1), "{mode}: {}", show(&out));
        let error = upnp_attempt_error(&out);
        assert!(error.contains(&lan2), "{mode}: {error}");
        // It was read (this is what is being tested), and only from the device itself.
        let requests = fake.http_requests();
        assert!(
            !requests.is_empty(),
            "{mode}: the description was never asked for"
        );
        assert!(
            requests
                .iter()
                .all(|r| r.starts_with(&format!("HTTP {} GET /rootDesc.xml", lab.get("LAN_IP")))),
            "{mode}: {requests:?}"
        );
        assert!(took <= FORWARD_TIMEOUT + SLACK, "{mode}: took {took:?}");
        assert!(rss_kb < MAX_RSS_KB, "{mode}: peak memory {rss_kb} KiB");
        eprintln!("{mode}: {took:?}, peak RSS {rss_kb} KiB, error: {error}");
    }
}

#[test]
fn a_stalling_device_on_the_lan_does_not_hide_the_router() {
    // The real router (miniupnpd) and a second LAN host that answers every
    // search too, with a description that trickles in one byte per second.
    let lab = Lab::up(LabOptions {
        second_host: true,
        natpmp: false,
        ..LabOptions::default()
    });
    let lan2 = lab.get("LAN2_IP").to_string();
    let fake = FakeDevice::start(
        &lab,
        "stall",
        &lan2,
        &format!("http://{lan2}:8000/rootDesc.xml"),
        Some((&format!("{lan2}:8000"), "slow")),
    );
    let (out, took, _) = forward_upnp(&lab);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v = json_stdout(&out);
    assert_eq!(v["mapped"], true, "{v:#}");
    assert_eq!(v["method"], "upnp", "{v:#}");
    assert_eq!(v["router"]["manufacturer"], "netcheck-lab", "{v:#}");
    assert!(fake.searches() >= 1, "the fake never saw an M-SEARCH");
    eprintln!("fake device: {:?}", fake.lines());
    assert!(took <= FORWARD_TIMEOUT + SLACK, "took {took:?}");
    let out = lab.lan_exec(&["forward", "--remove", "--port", "5000", "--timeout", "2s"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
}
