//! `netcheck public-ip` against hostile and edge-case peers that the lab's
//! well-behaved echo and STUN servers will not emulate: garbage bodies, wrong
//! families, liars, silent and slow peers, endless bodies, redirect loops.
//!
//! NETWORK SAFETY: every fake listens on 127.0.0.1 and every run of the
//! binary passes explicit loopback sources (`run_public_ip` refuses anything
//! else), so no packet leaves the machine.

mod common;

use common::run::{Run, netcheck, run_clean};
use netcheck::proto::stun::{encode_binding_response, parse_binding_request};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const GOOD: &str = "111.222.33.123";
const OTHER: &str = "55.66.77.8";

/// How long a fake keeps serving; the test process usually ends first.
const FAKE_LIFETIME: Duration = Duration::from_secs(30);
/// A run of the binary that takes longer than this is a hang.
const WATCHDOG: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------
// HTTP fake
// ---------------------------------------------------------------------------

/// What the HTTP fake does once it has read a request head.
#[derive(Clone, Debug)]
enum Http {
    /// `200 OK` with this body (and a Content-Length).
    Body(String),
    /// This status with a short body.
    Status(u16),
    /// Never answer; hold the connection until the client closes it.
    Silent,
    /// Wait, then answer `200 OK` with this body.
    Delayed(Duration, String),
    /// Claim a 10 MB body and stream it until the client hangs up.
    HugeWithLength,
    /// An endless chunked body, until the client hangs up.
    EndlessChunked,
    /// `302` to itself, forever.
    RedirectSelf,
    /// `302` to this location.
    RedirectTo(String),
    /// Headers promising a body, then nothing.
    StallAfterHeaders,
    /// Not HTTP at all: bytes of another protocol.
    OtherProtocol,
    /// `200 OK` with this body; once the client has read it and closed the
    /// connection, open the gate.
    BodyThenOpen(String, Arc<Gate>),
    /// Wait until the gate opens, then answer `200 OK` with this body.
    AfterGate(Arc<Gate>, String),
}

/// Orders one fake's answer after another's, without a sleep.
#[derive(Debug, Default)]
struct Gate {
    open: Mutex<bool>,
    cv: Condvar,
}

impl Gate {
    fn open(&self) {
        *self.open.lock().unwrap() = true;
        self.cv.notify_all();
    }

    /// Waits (at most `limit`) for the gate; true when it opened.
    fn wait(&self, limit: Duration) -> bool {
        let guard = self.open.lock().unwrap();
        let (guard, _) = self
            .cv
            .wait_timeout_while(guard, limit, |open| !*open)
            .unwrap();
        *guard
    }

    fn is_open(&self) -> bool {
        *self.open.lock().unwrap()
    }
}

/// Starts an HTTP fake on 127.0.0.1:0 and returns its URL.
fn http_fake(mode: Http) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind http fake");
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    thread::spawn(move || {
        let end = Instant::now() + FAKE_LIFETIME;
        while Instant::now() < end {
            match listener.accept() {
                Ok((conn, _)) => {
                    let mode = mode.clone();
                    thread::spawn(move || serve_http(conn, mode));
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    thread::sleep(Duration::from_millis(5));
                }
                Err(_) => thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    format!("http://{addr}/ip")
}

/// Reads the request head (up to the blank line); false if the client left.
fn read_head(conn: &mut TcpStream) -> bool {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match conn.read(&mut buf) {
            Ok(0) | Err(_) => return false,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
        if head.len() > 64 * 1024 {
            return false;
        }
    }
    true
}

fn respond(conn: &mut TcpStream, status: &str, body: &str) {
    let _ = write!(
        conn,
        "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = conn.flush();
}

/// Writes `chunk` again and again until the client hangs up (or a bound).
fn stream_until_closed(conn: &mut TcpStream, chunk: &[u8]) {
    let end = Instant::now() + Duration::from_secs(10);
    let mut sent = 0usize;
    while Instant::now() < end && sent < 200 * 1024 * 1024 {
        if conn.write_all(chunk).is_err() {
            return;
        }
        sent += chunk.len();
    }
}

fn serve_http(mut conn: TcpStream, mode: Http) {
    let _ = conn.set_nonblocking(false);
    let _ = conn.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = conn.set_write_timeout(Some(Duration::from_secs(10)));
    if !read_head(&mut conn) {
        return;
    }
    match mode {
        Http::Body(body) => respond(&mut conn, "200 OK", &body),
        Http::Status(code) => respond(&mut conn, &format!("{code} Oops"), "try later\n"),
        Http::Silent => {
            // Hold the connection open until the client closes it (read
            // returns 0) or the read timeout bounds our lifetime.
            let mut buf = [0u8; 256];
            while let Ok(n) = conn.read(&mut buf) {
                if n == 0 {
                    break;
                }
            }
        }
        Http::Delayed(wait, body) => {
            thread::sleep(wait);
            respond(&mut conn, "200 OK", &body);
        }
        Http::HugeWithLength => {
            let _ = write!(
                conn,
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
                10 * 1024 * 1024
            );
            stream_until_closed(&mut conn, &[b'7'; 64 * 1024]);
        }
        Http::EndlessChunked => {
            let _ = write!(
                conn,
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
            );
            // One 4 KiB chunk, repeated: "1000\r\n" + 4096 bytes + "\r\n".
            let mut chunk = b"1000\r\n".to_vec();
            chunk.extend_from_slice(&[b'1'; 4096]);
            chunk.extend_from_slice(b"\r\n");
            stream_until_closed(&mut conn, &chunk);
        }
        Http::RedirectSelf => {
            let _ = write!(
                conn,
                "HTTP/1.1 302 Found\r\nLocation: /ip\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
        Http::RedirectTo(location) => {
            let _ = write!(
                conn,
                "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
        Http::StallAfterHeaders => {
            let _ = write!(
                conn,
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\n111"
            );
            let _ = conn.flush();
            let mut buf = [0u8; 256];
            while let Ok(n) = conn.read(&mut buf) {
                if n == 0 {
                    break;
                }
            }
        }
        Http::OtherProtocol => {
            let _ = conn.write_all(b"SSH-2.0-OpenSSH_9.6\r\n\x00\x01\x02garbage\r\n\r\n");
        }
        Http::BodyThenOpen(body, gate) => {
            respond(&mut conn, "200 OK", &body);
            let _ = conn.shutdown(std::net::Shutdown::Write);
            // The client closes its side once it has the whole answer.
            let mut buf = [0u8; 256];
            while let Ok(n) = conn.read(&mut buf) {
                if n == 0 {
                    break;
                }
            }
            gate.open();
        }
        Http::AfterGate(gate, body) => {
            gate.wait(Duration::from_secs(8));
            respond(&mut conn, "200 OK", &body);
        }
    }
}

/// A loopback TCP port with nothing listening on it.
fn closed_tcp_url() -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    drop(l);
    format!("http://{addr}/ip")
}

// ---------------------------------------------------------------------------
// STUN fake
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
enum Stun {
    /// Answer every Binding request with this mapped address (XOR form).
    Answer(&'static str),
    /// Answer with this address in the plain MAPPED-ADDRESS form.
    AnswerPlain(&'static str),
    /// Answer, but for another transaction id.
    WrongTid(&'static str),
    /// Answer our transaction with a success response that has no address
    /// attribute at all (malformed: a protocol error, not a stray).
    NoAddress,
}

/// Starts a STUN fake on 127.0.0.1:0 and returns `stun:127.0.0.1:PORT`.
fn stun_fake(mode: Stun) -> String {
    let sock = UdpSocket::bind("127.0.0.1:0").expect("bind stun fake");
    let addr = sock.local_addr().unwrap();
    sock.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    thread::spawn(move || {
        let end = Instant::now() + FAKE_LIFETIME;
        let mut buf = [0u8; 1500];
        while Instant::now() < end {
            let Ok((n, peer)) = sock.recv_from(&mut buf) else {
                continue;
            };
            let Ok(mut tid) = parse_binding_request(&buf[..n]) else {
                continue;
            };
            let (ip, xor) = match mode {
                Stun::NoAddress => {
                    // Binding success, length 0, magic cookie, our tid.
                    let mut msg = vec![0x01, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42];
                    msg.extend_from_slice(&tid);
                    let _ = sock.send_to(&msg, peer);
                    continue;
                }
                Stun::Answer(ip) => (ip, true),
                Stun::AnswerPlain(ip) => (ip, false),
                Stun::WrongTid(ip) => {
                    for b in &mut tid {
                        *b ^= 0xA5;
                    }
                    (ip, true)
                }
            };
            let mapped = SocketAddr::new(ip.parse().unwrap(), 54_321);
            let _ = sock.send_to(&encode_binding_response(&tid, mapped, xor), peer);
        }
    });
    format!("stun:{addr}")
}

/// A loopback UDP port with nothing bound to it.
fn closed_udp_source() -> String {
    let s = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = s.local_addr().unwrap();
    drop(s);
    format!("stun:{addr}")
}

// ---------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------

/// Runs the binary with `args` and `env`, killing it after [`WATCHDOG`].
fn run(args: &[String], env: &[(&str, &str)]) -> Run {
    run_clean(netcheck(), args, env, WATCHDOG)
}

/// Refuses any source that is not on loopback: the safety net of this file.
fn assert_loopback(src: &str) {
    let rest = src
        .strip_prefix("http://")
        .or_else(|| src.strip_prefix("stun:"))
        .unwrap_or_else(|| panic!("unexpected source kind: {src}"));
    assert!(
        rest.starts_with("127.0.0.1:") || rest.starts_with("[::1]:"),
        "refusing a non-loopback source: {src}"
    );
}

/// `netcheck public-ip --json -4 --timeout T --source …` (+ `extra`).
fn public_ip(sources: &[&str], timeout: &str, extra: &[&str]) -> Run {
    assert!(!sources.is_empty(), "never run public-ip without sources");
    let mut args: Vec<String> = ["public-ip", "-4", "--timeout", timeout]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for s in sources {
        assert_loopback(s);
        args.push("--source".into());
        args.push(s.to_string());
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    run(&args, &[])
}

fn public_ip_json(sources: &[&str], timeout: &str) -> (Run, Value) {
    let r = public_ip(sources, timeout, &["--json"]);
    let v = r.json();
    (r, v)
}

/// A run with `--timeout 1s` that waited for its deadline: at least 0.9 s,
/// under a generous 3 s ceiling (process start-up included).
fn held_the_1s_budget(r: &Run) {
    assert!(
        r.elapsed >= Duration::from_millis(900) && r.elapsed < Duration::from_secs(3),
        "took {:?}",
        r.elapsed
    );
}

/// The `sources[]` entry for `src`.
fn source<'a>(v: &'a Value, src: &str) -> &'a Value {
    v["sources"]
        .as_array()
        .expect("sources is an array")
        .iter()
        .find(|s| s["source"] == src)
        .unwrap_or_else(|| panic!("no source {src} in {v:#}"))
}

fn kind_of(v: &Value, src: &str) -> String {
    source(v, src)["error_kind"]
        .as_str()
        .unwrap_or_else(|| panic!("{src} has no error_kind in {v:#}"))
        .to_string()
}

fn warning_codes(v: &Value) -> Vec<String> {
    v["warnings"]
        .as_array()
        .expect("warnings is an array")
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_string())
        .collect()
}

/// The addresses the sources gave (usable answers only).
fn ips_in(v: &Value) -> Vec<String> {
    v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["ip"].as_str().map(str::to_string))
        .collect()
}

// ---------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------

#[test]
fn garbage_html_is_not_an_ip_and_the_good_source_answers_unconfirmed() {
    let good = http_fake(Http::Body(format!("{GOOD}\n")));
    let html = http_fake(Http::Body(
        "<!doctype html><html><body>Your IP is 111.222.33.123</body></html>".into(),
    ));
    let (r, v) = public_ip_json(&[&good, &html], "3s");
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(v["ipv4"], GOOD);
    assert_eq!(v["agreed"], 1);
    assert_eq!(v["confirmed"], false);
    assert_eq!(v["status_v4"], "unconfirmed");
    assert_eq!(kind_of(&v, &html), "not_an_ip");
    assert!(source(&v, &html)["ip"].is_null());
    assert_eq!(source(&v, &good)["ip"], GOOD);
    assert_eq!(source(&v, &good)["agrees"], true);
    assert!(source(&v, &good)["error_kind"].is_null());
}

#[test]
fn ipv6_answer_to_an_ipv4_request_is_wrong_family() {
    let v6 = http_fake(Http::Body("2400:cb00::1\n".into()));
    let (r, v) = public_ip_json(&[&v6], "3s");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(v["ipv4"].is_null(), "{v:#}");
    assert_eq!(kind_of(&v, &v6), "wrong_family");
    assert!(source(&v, &v6)["ip"].is_null());
    assert_eq!(v["status_v4"], "no_answer");

    // Next to a good source, the good one answers and the v6 one is refused.
    let good = http_fake(Http::Body(GOOD.into()));
    let (r, v) = public_ip_json(&[&v6, &good], "3s");
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(v["ipv4"], GOOD);
    assert_eq!(kind_of(&v, &v6), "wrong_family");
    assert_eq!(ips_in(&v), vec![GOOD.to_string()], "{v:#}");
}

#[test]
fn private_address_answer_is_refused() {
    let private = http_fake(Http::Body("192.168.0.5".into()));
    let (r, v) = public_ip_json(&[&private], "3s");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(v["ipv4"].is_null());
    assert_eq!(kind_of(&v, &private), "private_address");
    assert!(source(&v, &private)["ip"].is_null());
}

#[test]
fn two_sources_disagreeing_is_a_problem_and_both_are_shown() {
    let a = http_fake(Http::Body(GOOD.into()));
    let b = http_fake(Http::Body(OTHER.into()));
    let (r, v) = public_ip_json(&[&a, &b], "3s");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(v["ipv4"].is_null());
    assert_eq!(v["status_v4"], "disagree");
    assert_eq!(v["agreed"], 0);
    assert_eq!(v["confirmed"], false);
    assert_eq!(source(&v, &a)["ip"], GOOD);
    assert_eq!(source(&v, &b)["ip"], OTHER);
    assert_eq!(source(&v, &a)["agrees"], false);

    // People see both addresses too.
    let r = public_ip(&[&a, &b], "3s", &["--color", "never", "--lang", "en"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout.contains(GOOD) && r.stdout.contains(OTHER),
        "{}",
        r.stdout
    );
}

#[test]
fn two_agree_one_lies_and_the_liar_is_flagged() {
    // The honest sources answer only once netcheck has read the liar's
    // answer (and closed that connection), so the liar's answer is in before
    // the decision (otherwise it would just be "skipped").
    let gate = Arc::new(Gate::default());
    let h1 = http_fake(Http::AfterGate(gate.clone(), GOOD.into()));
    let h2 = http_fake(Http::AfterGate(gate.clone(), format!("{GOOD}\r\n")));
    let liar = http_fake(Http::BodyThenOpen(OTHER.into(), gate.clone()));
    let (r, v) = public_ip_json(&[&liar, &h1, &h2], "10s");
    assert!(
        gate.is_open(),
        "netcheck never finished reading the liar: {r:?}"
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(v["ipv4"], GOOD);
    assert_eq!(v["agreed"], 2);
    assert_eq!(v["confirmed"], true);
    assert_eq!(v["status_v4"], "agreed");
    assert_eq!(source(&v, &liar)["ip"], OTHER);
    assert_eq!(source(&v, &liar)["agrees"], false);
    assert_eq!(source(&v, &h1)["agrees"], true);
    assert_eq!(source(&v, &h2)["agrees"], true);
    assert!(
        warning_codes(&v).contains(&"source_disagreed".to_string()),
        "{v:#}"
    );
}

#[test]
fn a_silent_source_does_not_delay_the_answer() {
    let silent = http_fake(Http::Silent);
    let g1 = http_fake(Http::Body(GOOD.into()));
    let g2 = http_fake(Http::Body(GOOD.into()));
    // A 10 s budget: an answer within 3 s (a generous ceiling for a run
    // that includes process start-up) did not wait for the silent source.
    let (r, v) = public_ip_json(&[&silent, &g1, &g2], "10s");
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.elapsed < Duration::from_secs(3), "took {:?}", r.elapsed);
    assert_eq!(v["ipv4"], GOOD);
    assert_eq!(v["agreed"], 2);
    assert_eq!(kind_of(&v, &silent), "skipped");
    assert!(source(&v, &silent)["ms"].is_null());
    // Skipped is not a disagreement.
    assert!(warning_codes(&v).is_empty(), "{v:#}");
}

#[test]
fn a_slow_lone_source_is_late_and_the_budget_holds() {
    // It would answer after 8 s; the 1 s budget ends the run, within a
    // generous 3 s ceiling (process start-up included).
    let slow = http_fake(Http::Delayed(Duration::from_secs(8), GOOD.into()));
    let (r, v) = public_ip_json(&[&slow], "1s");
    assert_eq!(r.code, 1, "{r:?}");
    held_the_1s_budget(&r);
    assert!(v["ipv4"].is_null());
    assert_eq!(v["status_v4"], "no_answer");
    assert_eq!(kind_of(&v, &slow), "late");
}

#[test]
fn huge_bodies_are_too_large_and_do_not_hang() {
    for mode in [Http::HugeWithLength, Http::EndlessChunked] {
        let huge = http_fake(mode.clone());
        // Cut off at the size cap, long before the 10 s budget.
        let (r, v) = public_ip_json(&[&huge], "10s");
        assert_eq!(r.code, 1, "{mode:?}: {r:?}");
        assert!(
            r.elapsed < Duration::from_secs(3),
            "{mode:?} took {:?}",
            r.elapsed
        );
        assert_eq!(kind_of(&v, &huge), "too_large", "{mode:?}");
    }
    // Just over the 1 KiB cap, with a Content-Length.
    let over = http_fake(Http::Body(format!("{GOOD}{}", " ".repeat(1024))));
    let (_, v) = public_ip_json(&[&over], "3s");
    assert_eq!(kind_of(&v, &over), "too_large");
}

#[test]
fn http_503_is_http_status() {
    let down = http_fake(Http::Status(503));
    let (r, v) = public_ip_json(&[&down], "3s");
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(kind_of(&v, &down), "http_status");
    assert!(
        source(&v, &down)["error"].as_str().unwrap().contains("503"),
        "{v:#}"
    );
}

#[test]
fn json_body_with_ip_field_is_accepted() {
    let json = http_fake(Http::Body(format!(r#"{{"ip":"{GOOD}"}}"#)));
    let plain = http_fake(Http::Body(GOOD.into()));
    let (r, v) = public_ip_json(&[&json, &plain], "3s");
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(v["ipv4"], GOOD);
    assert_eq!(v["agreed"], 2);
    assert_eq!(source(&v, &json)["ip"], GOOD);
}

#[test]
fn stun_and_http_agree() {
    let stun = stun_fake(Stun::Answer(GOOD));
    let http = http_fake(Http::Body(GOOD.into()));
    let (r, v) = public_ip_json(&[&stun, &http], "3s");
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(v["ipv4"], GOOD);
    assert_eq!(v["agreed"], 2);
    assert_eq!(v["confirmed"], true);
    assert_eq!(source(&v, &stun)["ip"], GOOD);
    assert_eq!(source(&v, &stun)["agrees"], true);

    // The plain (pre-XOR) MAPPED-ADDRESS form works as well.
    let plain = stun_fake(Stun::AnswerPlain(GOOD));
    let (r, v) = public_ip_json(&[&plain, &http], "3s");
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(v["agreed"], 2);
}

/// Answers for another transaction are strays: the client keeps waiting
/// for its own, and the source is late at the deadline (not a STUN error).
#[test]
fn stun_with_a_wrong_transaction_id_fails_within_the_budget() {
    let stun = stun_fake(Stun::WrongTid(GOOD));
    let (r, v) = public_ip_json(&[&stun], "1s");
    assert_eq!(r.code, 1, "{r:?}");
    // It waited for the 1 s budget; 3 s is a generous ceiling for a run
    // that includes process start-up.
    held_the_1s_budget(&r);
    assert!(v["ipv4"].is_null());
    assert_eq!(kind_of(&v, &stun), "late", "{v:#}");
    assert!(source(&v, &stun)["ip"].is_null());
    assert!(source(&v, &stun)["ms"].is_null(), "{v:#}");
}

/// Our own transaction answered without an address: a STUN protocol error,
/// reported at once (not a wait for the deadline).
#[test]
fn stun_answer_without_an_address_is_a_stun_error() {
    let stun = stun_fake(Stun::NoAddress);
    let (r, v) = public_ip_json(&[&stun], "5s");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.elapsed < Duration::from_secs(3), "took {:?}", r.elapsed);
    assert_eq!(kind_of(&v, &stun), "stun", "{v:#}");
    assert!(source(&v, &stun)["ip"].is_null());
}

#[test]
fn stun_to_a_closed_port_is_connect_quickly() {
    let closed = closed_udp_source();
    // ICMP port unreachable ends it at once, long before the 10 s budget.
    let (r, v) = public_ip_json(&[&closed], "10s");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.elapsed < Duration::from_secs(3), "took {:?}", r.elapsed);
    assert_eq!(kind_of(&v, &closed), "connect");
}

#[test]
fn stun_private_or_wrong_family_answers_are_refused() {
    let private = stun_fake(Stun::Answer("10.1.2.3"));
    let (r, v) = public_ip_json(&[&private], "2s");
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(kind_of(&v, &private), "private_address");

    // An IPv6 mapped address on an IPv4 query is never an IPv4 answer.
    let v6 = stun_fake(Stun::Answer("2400:cb00::1"));
    let (r, v) = public_ip_json(&[&v6], "2s");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(v["ipv4"].is_null());
    assert!(source(&v, &v6)["ip"].is_null());
    assert_eq!(kind_of(&v, &v6), "wrong_family", "{v:#}");
}

/// The same wrong-family answer gets the same `error_kind` whether it came
/// over HTTP or STUN, so scripts need not know the source kind.
#[test]
fn stun_wrong_family_has_the_same_kind_as_http() {
    let stun = stun_fake(Stun::Answer("2400:cb00::1"));
    let http = http_fake(Http::Body("2400:cb00::1".into()));
    let (r, v) = public_ip_json(&[&stun, &http], "2s");
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(kind_of(&v, &stun), "wrong_family", "{v:#}");
    assert_eq!(kind_of(&v, &http), "wrong_family", "{v:#}");
    assert_eq!(
        source(&v, &stun)["error"],
        source(&v, &http)["error"],
        "{v:#}"
    );
}

#[test]
fn netcheck_sources_env_is_like_repeated_source_flags() {
    let a = http_fake(Http::Body(GOOD.into()));
    let b = stun_fake(Stun::Answer(GOOD));
    assert_loopback(&a);
    assert_loopback(&b);
    let by_flags = public_ip(&[&a, &b], "3s", &["--json"]);
    let list = format!("{a},{b}");
    let by_env = run(
        &[
            "public-ip".into(),
            "-4".into(),
            "--json".into(),
            "--timeout".into(),
            "3s".into(),
        ],
        &[("NETCHECK_SOURCES", &list)],
    );
    assert_eq!(by_env.code, 0, "{by_env:?}");
    assert_eq!(by_env.code, by_flags.code);
    let (f, e) = (by_flags.json(), by_env.json());
    let names = |v: &Value| -> Vec<String> {
        v["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["source"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&e), vec![a.clone(), b.clone()]);
    assert_eq!(names(&e), names(&f));
    for key in ["ipv4", "agreed", "confirmed", "status_v4"] {
        assert_eq!(e[key], f[key], "{key}");
    }
    assert_eq!(e["ipv4"], GOOD);
}

#[test]
fn nothing_listening_is_connect() {
    let closed = closed_tcp_url();
    // A refused connection ends it at once, long before the 10 s budget.
    let (r, v) = public_ip_json(&[&closed], "10s");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.elapsed < Duration::from_secs(3), "took {:?}", r.elapsed);
    assert_eq!(kind_of(&v, &closed), "connect");
    let error = source(&v, &closed)["error"].as_str().unwrap().to_string();
    assert!(!error.contains("os error"), "{error}");
}

#[test]
fn a_redirect_loop_is_an_error_not_a_hang() {
    let lp = http_fake(Http::RedirectSelf);
    // The redirect limit ends it, long before the 10 s budget.
    let (r, v) = public_ip_json(&[&lp], "10s");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.elapsed < Duration::from_secs(3), "took {:?}", r.elapsed);
    assert_eq!(kind_of(&v, &lp), "other");
}

#[test]
fn redirects_are_followed_only_to_http() {
    let good = http_fake(Http::Body(GOOD.into()));
    let hop = http_fake(Http::RedirectTo(good.clone()));
    let (r, v) = public_ip_json(&[&hop], "3s");
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(v["ipv4"], GOOD);

    let ftp = http_fake(Http::RedirectTo("ftp://127.0.0.1/ip".into()));
    let (r, v) = public_ip_json(&[&ftp], "3s");
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(kind_of(&v, &ftp), "other");
}

#[test]
fn a_body_that_stalls_after_the_headers_is_late() {
    let stall = http_fake(Http::StallAfterHeaders);
    let (r, v) = public_ip_json(&[&stall], "1s");
    assert_eq!(r.code, 1, "{r:?}");
    // The 1 s budget holds (3 s: a generous ceiling with start-up).
    held_the_1s_budget(&r);
    assert_eq!(kind_of(&v, &stall), "late");
}

#[test]
fn one_source_listed_twice_does_not_confirm_itself() {
    let a = http_fake(Http::Body(GOOD.into()));
    let (r, v) = public_ip_json(&[&a, &a], "3s");
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(v["sources"].as_array().unwrap().len(), 1, "{v:#}");
    assert_eq!(v["agreed"], 1);
    assert_eq!(v["confirmed"], false);
}

#[test]
fn accepted_body_forms() {
    for body in [
        format!("{GOOD}\n"),
        format!("  {GOOD}\r\n"),
        format!("::ffff:{GOOD}"),
        format!("\u{feff}{GOOD}"),
        format!(r#"{{"ip": "{GOOD}", "country": "KR"}}"#),
    ] {
        let url = http_fake(Http::Body(body.clone()));
        let (r, v) = public_ip_json(&[&url], "3s");
        assert_eq!(r.code, 0, "{body:?}: {r:?}");
        assert_eq!(v["ipv4"], GOOD, "{body:?}");
        assert_eq!(source(&v, &url)["ip"], GOOD, "{body:?}");
        assert_eq!(v["status_v4"], "unconfirmed", "{body:?}");
        assert!(source(&v, &url)["ms"].is_u64(), "{body:?}");
    }
}

#[test]
fn more_hostile_single_sources() {
    let cases: Vec<(Http, &str)> = vec![
        (Http::Body(String::new()), "not_an_ip"),
        (Http::Body("999.1.1.1".into()), "not_an_ip"),
        (
            Http::Body(r#"{"addr":"111.222.33.123"}"#.into()),
            "not_an_ip",
        ),
        (Http::Body("\x1b[31m1.2.3.4\x1b[0m".into()), "not_an_ip"),
        (Http::Body("100.64.0.9".into()), "private_address"),
        (Http::Body("127.0.0.1".into()), "private_address"),
        (Http::Status(404), "http_status"),
        (Http::Status(500), "http_status"),
        (Http::OtherProtocol, "other"),
    ];
    for (mode, want) in cases {
        let url = http_fake(mode.clone());
        let (r, v) = public_ip_json(&[&url], "2s");
        assert_eq!(r.code, 1, "{mode:?}: {r:?}");
        assert!(v["ipv4"].is_null(), "{mode:?}");
        assert_eq!(kind_of(&v, &url), want, "{mode:?}: {v:#}");
        // Hostile bytes never reach the terminal raw.
        assert!(!r.stdout.contains('\x1b'), "{mode:?}: {}", r.stdout);
        assert!(ips_in(&v).is_empty(), "{mode:?}");
    }
}

#[test]
fn human_output_in_korean_and_english_without_colour() {
    let a = http_fake(Http::Body(GOOD.into()));
    let b = stun_fake(Stun::Answer(GOOD));
    let ko = public_ip(&[&a, &b], "3s", &["--lang", "ko", "--color", "never"]);
    assert_eq!(ko.code, 0, "{ko:?}");
    assert!(ko.stdout.contains(GOOD), "{}", ko.stdout);
    assert!(ko.stdout.contains("외부 IP"), "{}", ko.stdout);
    assert!(!ko.stdout.contains('\x1b'), "{:?}", ko.stdout);
    assert!(!ko.stderr.contains('\x1b'), "{:?}", ko.stderr);

    let en = public_ip(&[&a, &b], "3s", &["--lang", "en", "--color", "never"]);
    assert_eq!(en.code, 0, "{en:?}");
    assert!(en.stdout.contains(GOOD), "{}", en.stdout);
    assert!(en.stdout.contains("Public IPv4"), "{}", en.stdout);
    assert!(!en.stdout.contains("외부 IP"), "{}", en.stdout);
    assert!(!en.stdout.contains('\x1b'), "{:?}", en.stdout);

    // A problem report in Korean names both addresses, still without colour.
    let liar = http_fake(Http::Body(OTHER.into()));
    let split = public_ip(&[&a, &liar], "3s", &["--lang", "ko", "--color", "never"]);
    assert_eq!(split.code, 1, "{split:?}");
    assert!(split.stdout.contains(GOOD) && split.stdout.contains(OTHER));
    assert!(!split.stdout.contains('\x1b'));
}

#[test]
fn colour_always_paints_human_output_but_never_json() {
    let a = http_fake(Http::Body(GOOD.into()));
    let human = public_ip(&[&a], "3s", &["--color", "always", "--lang", "en"]);
    assert_eq!(human.code, 0, "{human:?}");
    assert!(human.stdout.contains("\x1b["), "{:?}", human.stdout);
    let json = public_ip(&[&a], "3s", &["--color", "always", "--json"]);
    assert_eq!(json.code, 0, "{json:?}");
    assert!(!json.stdout.contains('\x1b'), "{:?}", json.stdout);
    json.json();
}
