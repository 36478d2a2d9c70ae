//! `netcheck serve` and `netcheck probe` on loopback: the real binary, a
//! real HTTP exchange, and hand-made peers for what a well-behaved server
//! will not do (silence, garbage, resets, a lying echo).
//!
//! NETWORK SAFETY: every server here listens on 127.0.0.1 (or on all
//! addresses, probed through 127.0.0.1 / ::1 only), every probe targets
//! 127.0.0.1, ::1 or localhost, and `serve` always runs with
//! `--no-public-ip`: no packet leaves the machine.

mod common;

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_netcheck");
/// A run of the binary that takes longer than this is a hang.
const WATCHDOG: Duration = Duration::from_secs(20);

fn netcheck(args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("NETCHECK_SOURCES")
        .env("NO_COLOR", "1")
        .env("LANG", "C");
    cmd
}

/// Runs netcheck to the end (with a watchdog) and returns its output and wall time.
fn run(args: &[&str]) -> (Output, Duration) {
    let start = Instant::now();
    let out = common::run::run_with_timeout(&mut netcheck(args), WATCHDOG)
        .unwrap_or_else(|e| panic!("netcheck {args:?} hung: {e}"));
    (out, start.elapsed())
}

fn show(out: &Output) -> String {
    format!(
        "status: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{}", show(out)))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running `netcheck serve`, stopped (SIGTERM, then SIGKILL) on drop.
struct Serve {
    child: Child,
    port: u16,
    info: Value,
    log: Arc<Mutex<Vec<String>>>,
}

impl Serve {
    /// `netcheck serve --bind 127.0.0.1 --no-public-ip --json` plus `extra`.
    fn start(extra: &[&str]) -> Serve {
        Serve::start_with(&["--bind", "127.0.0.1"], extra)
    }

    fn start_with(bind: &[&str], extra: &[&str]) -> Serve {
        for _ in 0..5 {
            let port = free_port();
            let port_s = port.to_string();
            let mut args = vec!["serve", "--json", "--no-public-ip", "--port", &port_s];
            args.extend_from_slice(bind);
            args.extend_from_slice(extra);
            let mut child = netcheck(&args)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start serve");
            let log = Arc::new(Mutex::new(Vec::new()));
            let sink = log.clone();
            let stderr = child.stderr.take().unwrap();
            thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    sink.lock().unwrap().push(line);
                }
            });
            let stdout = child.stdout.take().unwrap();
            let (tx, rx) = mpsc::channel();
            thread::spawn(move || {
                let mut lines = BufReader::new(stdout).lines();
                if let Some(Ok(first)) = lines.next() {
                    let _ = tx.send(first);
                }
                for _ in lines {}
            });
            match rx.recv_timeout(Duration::from_secs(10)) {
                Ok(line) => {
                    let info: Value = serde_json::from_str(&line)
                        .unwrap_or_else(|e| panic!("startup line is not JSON ({e}): {line}"));
                    return Serve {
                        child,
                        port,
                        info,
                        log,
                    };
                }
                Err(_) => {
                    // Port taken between free_port and bind: try another.
                    let _ = child.kill();
                    let _ = child.wait();
                    let lines = log.lock().unwrap().join("\n");
                    assert!(
                        lines.contains("already in use") || lines.contains("in_use"),
                        "serve did not start: {lines}"
                    );
                }
            }
        }
        panic!("could not start serve on a free port");
    }

    fn log_lines(&self) -> Vec<Value> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    /// Sends SIGTERM (or SIGINT) and waits; returns the exit code and the time it took.
    fn stop(&mut self, signal: &str) -> (Option<i32>, Duration) {
        let start = Instant::now();
        let _ = Command::new("kill")
            .args([signal, &self.child.id().to_string()])
            .status();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status.code(), start.elapsed());
            }
            if start.elapsed() > Duration::from_secs(10) {
                let _ = self.child.kill();
                panic!("serve did not stop on {signal}");
            }
            thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status();
            let deadline = Instant::now() + Duration::from_secs(3);
            while Instant::now() < deadline {
                if self.child.try_wait().ok().flatten().is_some() {
                    return;
                }
                thread::sleep(Duration::from_millis(10));
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// One raw HTTP/1.1 exchange on a fresh connection; returns (status, head, body).
fn http(port: u16, request: &[u8]) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(request).unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    split_response(&raw)
}

fn split_response(raw: &[u8]) -> (u16, String, Vec<u8>) {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..end]).to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_ascii_lowercase(), raw[end + 4..].to_vec())
}

fn get(port: u16, path: &str) -> (u16, String, Vec<u8>) {
    http(
        port,
        format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

fn post(port: u16, body: &[u8], content_type: &str) -> (u16, String, Vec<u8>) {
    let mut req = format!(
        "POST /api HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    req.extend_from_slice(body);
    http(port, &req)
}

fn body_json(body: &[u8]) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", String::from_utf8_lossy(body)))
}

fn sha256_hex(bytes: &[u8]) -> String {
    netcheck::cmd::serve::wire::sha256_hex(bytes)
}

// ---------------------------------------------------------------------------
// serve
// ---------------------------------------------------------------------------

#[test]
fn serve_startup_line() {
    let s = Serve::start(&[]);
    let i = &s.info;
    assert_eq!(i["event"], "listening", "{i}");
    assert_eq!(i["port"], s.port);
    assert_eq!(i["loopback_only"], true);
    assert_eq!(i["public_ip"], "not_asked");
    assert_eq!(
        i["urls"]["local"],
        format!("http://127.0.0.1:{}/", s.port),
        "{i}"
    );
    assert!(i["urls"]["public"].is_null());
    assert_eq!(
        i["probe_command"],
        format!("netcheck probe 127.0.0.1 --port {}", s.port)
    );
    assert_eq!(i["limits"]["max_body_bytes"], 65536);
    let codes: Vec<&str> = i["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["code"].as_str())
        .collect();
    assert_eq!(codes, ["loopback_only"], "{i}");
}

#[test]
fn serve_answers_get_post_head_options() {
    let s = Serve::start(&[]);
    let (status, head, body) = get(s.port, "/hello?a=1&b=x+y&a=2");
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("content-type: application/json"), "{head}");
    let v = body_json(&body);
    assert_eq!(v["ok"], true);
    assert_eq!(v["server"], "netcheck");
    assert_eq!(v["method"], "GET");
    assert_eq!(v["path"], "/hello");
    assert_eq!(v["query"], serde_json::json!({"a": ["1", "2"], "b": "x y"}));
    assert_eq!(v["client_ip"], "127.0.0.1");
    assert!(v["client_port"].as_u64().unwrap() > 0);
    assert!(v["server_time"].as_str().unwrap().ends_with('Z'));
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));

    let sent = br#"{"nonce":"abc123","list":[1,2,3]}"#;
    let (status, _, body) = post(s.port, sent, "application/json");
    assert_eq!(status, 200);
    let v = body_json(&body);
    assert_eq!(v["method"], "POST");
    assert_eq!(
        v["body"],
        serde_json::json!({"nonce": "abc123", "list": [1, 2, 3]})
    );
    assert_eq!(v["body_kind"], "json");
    assert_eq!(v["body_length"], sent.len());
    assert_eq!(v["body_sha256"], sha256_hex(sent));

    let (status, _, body) = post(s.port, b"just words", "text/plain");
    assert_eq!(status, 200);
    let v = body_json(&body);
    assert_eq!(v["body"], "just words");
    assert_eq!(v["body_kind"], "text");

    let (status, head, body) = http(
        s.port,
        b"HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 200);
    assert!(head.contains("content-length:"), "{head}");
    assert!(body.is_empty(), "HEAD sent a body");

    let (status, head, body) = http(
        s.port,
        b"OPTIONS / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 200);
    assert!(head.contains("allow: get, head, post, options"), "{head}");
    assert_eq!(body_json(&body)["ok"], true);

    for method in ["PUT", "DELETE", "PATCH", "TRACE"] {
        let (status, head, body) = http(
            s.port,
            format!("{method} / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        assert_eq!(status, 405, "{method}");
        assert!(head.contains("allow: "), "{head}");
        assert!(head.contains("content-type: application/json"), "{head}");
        assert_eq!(body_json(&body)["ok"], false);
    }

    // Each request is logged on stderr (JSON lines with --json).
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let lines = s.log_lines();
        let puts = lines
            .iter()
            .filter(|l| l["method"] == "PUT" && l["status"] == 405)
            .count();
        if puts == 1 {
            let first = &lines[0];
            assert_eq!(first["method"], "GET", "{first}");
            assert_eq!(first["path"], "/hello");
            assert_eq!(first["status"], 200);
            assert!(first["client"].as_str().unwrap().starts_with("127.0.0.1:"));
            assert!(first["ms"].is_number() && first["time"].is_string());
            break;
        }
        assert!(Instant::now() < deadline, "log lines: {lines:?}");
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn serve_caps_body_and_headers() {
    let s = Serve::start(&[]);
    let exactly = vec![b'a'; 64 * 1024];
    let (status, _, body) = post(s.port, &exactly, "text/plain");
    assert_eq!(status, 200);
    assert_eq!(body_json(&body)["body_length"], 64 * 1024);

    // Declared too large: refused unread.
    let over = vec![b'a'; 64 * 1024 + 1];
    let (status, head, body) = post(s.port, &over, "text/plain");
    assert_eq!(status, 413, "{head}");
    assert_eq!(body_json(&body)["limit_bytes"], 65536);

    // Chunked, no length: cut off at the cap.
    let mut req =
        b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            .to_vec();
    for _ in 0..20 {
        req.extend_from_slice(b"1000\r\n");
        req.extend_from_slice(&[b'c'; 4096]);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    let (status, _, _) = http(s.port, &req);
    assert_eq!(status, 413);

    // A 20 KB header: 431 from the head cap.
    let big = "b".repeat(20_000);
    let (status, _, _) = http(
        s.port,
        format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {big}\r\n\r\n").as_bytes(),
    );
    assert_eq!(status, 431);

    // The header count cap, at its edge: 100 headers (Host included) are
    // answered, 101 are refused.
    for (count, want) in [(100, 200), (101, 431), (200, 431)] {
        let mut many = String::from("GET / HTTP/1.1\r\nHost: x\r\n");
        for i in 1..count {
            many.push_str(&format!("X-H{i}: v\r\n"));
        }
        many.push_str("\r\n");
        let (status, _, _) = http(s.port, many.as_bytes());
        assert_eq!(status, want, "{count} headers");
    }

    // Still serving afterwards.
    assert_eq!(get(s.port, "/").0, 200);
}

/// Reads until the server closes the connection; returns the bytes and when.
fn read_until_closed(s: &mut TcpStream, limit: Duration) -> (Vec<u8>, Duration) {
    let start = Instant::now();
    s.set_read_timeout(Some(limit)).unwrap();
    let mut all = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => all.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("connection not closed within {limit:?}: {e}"),
        }
    }
    (all, start.elapsed())
}

#[test]
fn serve_drops_slow_and_idle_clients() {
    let s = Serve::start(&["--request-timeout", "1s"]);
    // Slowloris: a request head that never ends.
    let mut slow = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-a: ")
        .unwrap();
    // Closed at the 1 s request timeout: not before it, and within a
    // generous 3 s (3×) on a busy machine.
    let (_, took) = read_until_closed(&mut slow, Duration::from_secs(5));
    assert!(
        took >= Duration::from_millis(800) && took < Duration::from_secs(3),
        "slow head closed after {took:?}"
    );

    // A body that never arrives: 408, connection closed.
    let mut body = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    body.write_all(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789")
        .unwrap();
    let (raw, took) = read_until_closed(&mut body, Duration::from_secs(5));
    assert_eq!(split_response(&raw).0, 408);
    assert!(took < Duration::from_secs(3), "{took:?}");

    // An idle keep-alive connection after one request.
    let mut idle = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    idle.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let (raw, took) = read_until_closed(&mut idle, Duration::from_secs(5));
    assert_eq!(split_response(&raw).0, 200);
    assert!(
        took >= Duration::from_millis(800) && took < Duration::from_secs(3),
        "idle connection closed after {took:?}"
    );
}

#[test]
fn serve_caps_concurrent_connections() {
    let s = Serve::start(&["--max-connections", "2", "--request-timeout", "5s"]);
    let hold1 = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    let hold2 = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    // serve says when it has handed out both slots (not a sleep): from then
    // on it accepts nobody until one is free.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !s
        .log_lines()
        .iter()
        .any(|l| l["event"] == "notice" && l["code"] == "at_capacity")
    {
        assert!(
            Instant::now() < deadline,
            "no at_capacity notice: {:?}",
            s.log_lines()
        );
        thread::sleep(Duration::from_millis(20));
    }
    // The third client connects (kernel queue) but is not served yet.
    let mut third = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    third
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    third
        .set_read_timeout(Some(Duration::from_millis(400)))
        .unwrap();
    let mut buf = [0u8; 1];
    let early = third.read(&mut buf);
    assert!(
        early.is_err(),
        "third connection was served while two slots were taken: {early:?}"
    );
    // A slot frees: the third is served.
    hold1.shutdown(Shutdown::Both).unwrap();
    drop(hold1);
    let (raw, took) = read_until_closed(&mut third, Duration::from_secs(3));
    assert_eq!(split_response(&raw).0, 200, "after {took:?}");
    drop(hold2);
}

#[test]
fn serve_stops_cleanly_on_signals() {
    for signal in ["-TERM", "-INT"] {
        let mut s = Serve::start(&[]);
        assert_eq!(get(s.port, "/").0, 200);
        // An idle keep-alive client must not hold the stop up.
        let _idle = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
        let (code, took) = s.stop(signal);
        assert_eq!(code, Some(0), "{signal}");
        assert!(
            took < Duration::from_secs(3),
            "{signal}: stop took {took:?}"
        );
        let lines = s.log.lock().unwrap().join("\n");
        assert!(lines.contains(r#""event":"stopped""#), "{lines}");
    }
}

#[test]
fn serve_dual_stack_by_default() {
    let s = Serve::start_with(&[], &[]);
    assert!(s.info["bind"].is_null(), "{}", s.info);
    assert_eq!(s.info["loopback_only"], false);
    let port = s.port.to_string();
    let mut targets = vec!["127.0.0.1"];
    if s.info["ipv6"] == true {
        targets.push("::1");
    } else {
        common::skip::skip("no IPv6 on this host: the probe of ::1 is not checked");
    }
    for t in targets {
        let (out, _) = run(&["probe", t, "--port", &port, "--json", "--timeout", "3s"]);
        assert_eq!(out.status.code(), Some(0), "{t}: {}", show(&out));
        let v = json(&out);
        assert_eq!(v["verdict"], "reachable", "{t}: {v}");
        assert_eq!(v["local_listener"]["state"], "all_addresses", "{v}");
    }
}

#[test]
fn serve_bad_input_and_busy_port() {
    // The whole message: the value, the flag and why (a bare "0" would be
    // found in almost any text).
    assert_bad_ports(&["serve"], &["0", "65536", "-1", "abc"]);
    for (args, kind, message) in [
        (
            vec!["serve", "--bind", "999.1.1.1"],
            "usage",
            "invalid value '999.1.1.1' for '--bind <ADDR>': '999.1.1.1' is not an IP address (examples: 0.0.0.0, ::, 127.0.0.1, 192.168.0.10)",
        ),
        (
            vec!["serve", "--max-connections", "0"],
            "usage",
            "invalid value '0' for '--max-connections <N>': 0 is not in 1..=65536",
        ),
    ] {
        assert_bad_input(&args, kind, message);
    }
    // Not an address of this machine (TEST-NET-3; binding sends nothing).
    let (out, _) = run(&[
        "serve",
        "--bind",
        "203.0.113.77",
        "--port",
        "5000",
        "--no-public-ip",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(
        json(&out)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("203.0.113.77")
    );

    // Port in use: exit 3, say so plainly.
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (out, _) = run(&[
        "serve",
        "--bind",
        "127.0.0.1",
        "--port",
        &port,
        "--no-public-ip",
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", show(&out));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("already in use") && text.contains(&port),
        "{text}"
    );
    assert!(text.contains("--port"), "hint names the flag: {text}");
}

// ---------------------------------------------------------------------------
// probe against serve
// ---------------------------------------------------------------------------

fn probe_json(args: &[&str]) -> (Output, Value, Duration) {
    let mut all = vec!["probe", "--json"];
    all.extend_from_slice(args);
    let (out, took) = run(&all);
    let v = json(&out);
    (out, v, took)
}

#[test]
fn probe_serve_is_reachable_with_echo_verified() {
    let s = Serve::start(&[]);
    let port = s.port.to_string();
    let (out, v, _) = probe_json(&["127.0.0.1", "--port", &port, "--timeout", "3s"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(v["target"], "127.0.0.1");
    assert_eq!(v["port"], s.port);
    assert_eq!(v["verdict"], "reachable");
    assert!(v["failed_step"].is_null());
    assert_eq!(v["server"], "netcheck");
    assert!(v["dns"].is_null());
    assert_eq!(v["tcp"]["ok"], true);
    assert!(v["tcp"]["ms"].is_number());
    assert!(v["tcp"]["error"].is_null());
    assert_eq!(v["get"]["ok"], true);
    assert_eq!(v["get"]["status"], 200);
    assert!(v["get"]["ttfb_ms"].is_number());
    assert_eq!(v["post"]["ok"], true);
    assert_eq!(v["post"]["status"], 200);
    assert_eq!(v["post"]["echo_verified"], true);
    // The server listens on 127.0.0.1 only: probe says other machines cannot reach it.
    assert_eq!(v["local_listener"]["state"], "loopback_only", "{v}");
    let codes: Vec<&str> = v["hints"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["code"].as_str())
        .collect();
    assert_eq!(codes, ["bound_to_loopback"], "{v}");

    // The request log shows the probe's GET and POST.
    let deadline = Instant::now() + Duration::from_secs(3);
    while s
        .log_lines()
        .iter()
        .filter(|l| l["method"] == "GET" || l["method"] == "POST")
        .count()
        < 2
    {
        assert!(Instant::now() < deadline, "{:?}", s.log_lines());
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn probe_methods_data_count_and_names() {
    let s = Serve::start(&[]);
    let port = s.port.to_string();

    let (out, v, _) = probe_json(&["127.0.0.1", "--port", &port, "--method", "get"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(v["verdict"], "reachable", "{v}");
    assert!(v["post"].is_null());
    assert_eq!(v["get"]["status"], 200);

    let (out, v, _) = probe_json(&["127.0.0.1", "--port", &port, "--method", "post"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(v["get"].is_null());
    assert_eq!(v["post"]["echo_verified"], true, "{v}");

    let data = r#"{"name":"guide","n":[1,2]}"#;
    let (out, v, _) = probe_json(&["127.0.0.1", "--port", &port, "--data", data]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(v["post"]["echo_verified"], true, "{v}");

    let (out, v, _) = probe_json(&["127.0.0.1", "--port", &port, "--count", "3"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(v["count"], 3);
    assert_eq!(v["tcp"]["attempts"], 3);
    assert_eq!(v["post"]["attempts"], 3);
    // Both present (None <= None would pass), and in order.
    let (min, max) = (v["tcp"]["ms_min"].as_f64(), v["tcp"]["ms_max"].as_f64());
    assert!(
        matches!((min, max), (Some(lo), Some(hi)) if lo <= hi),
        "{v}"
    );

    // A URL with a path; a name resolved from /etc/hosts (no DNS traffic).
    let url = format!("http://localhost:{port}/api/v1?x=1");
    let (out, v, _) = probe_json(&[&url]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(v["path"], "/api/v1?x=1");
    assert_eq!(v["dns"]["ok"], true, "{v}");
    assert!(!v["dns"]["addresses"].as_array().unwrap().is_empty());

    // People's output, both languages.
    for (lang, words) in [("en", "reachable"), ("ko", "접속 성공")] {
        let (out, _) = run(&["probe", "127.0.0.1", "--port", &port, "--lang", lang]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(words), "{lang}: {text}");
        assert!(text.contains("HTTP POST"), "{text}");
    }
}

#[test]
fn probe_bad_input_exits_2() {
    assert_bad_ports(&["probe", "127.0.0.1"], &["0", "65536", "-1"]);
    for (args, kind, message) in [
        (
            vec!["probe", "127.0.0.1:0"],
            "bad_input",
            "bad target '127.0.0.1:0': '0' is not a port (1-65535)",
        ),
        (
            vec!["probe", "ftp://127.0.0.1/"],
            "bad_input",
            "bad target 'ftp://127.0.0.1/': scheme 'ftp' is not http or https",
        ),
        (
            vec!["probe", "http://"],
            "bad_input",
            "bad target 'http://': no host",
        ),
        (
            vec!["probe", "999.1.1.1"],
            "bad_input",
            "bad target '999.1.1.1': '999.1.1.1' is not a valid IPv4 address",
        ),
        (
            vec!["probe", "127.0.0.1", "--data", "{not json"],
            "usage",
            "invalid value '{not json' for '--data <JSON>': '{not json' is not valid JSON: key must be a string at line 1 column 2",
        ),
        (
            vec!["probe", "127.0.0.1", "--method", "get", "--data", "{}"],
            "bad_input",
            "--data is sent with POST only: use --method post or --method both",
        ),
        (
            vec!["probe", "127.0.0.1", "--count", "0"],
            "usage",
            "invalid value '0' for '--count <N>': 0 is not in 1..=100",
        ),
        (
            vec!["probe", "http://127.0.0.1:8080/", "--port", "9090"],
            "bad_input",
            "bad target 'http://127.0.0.1:8080/': it says port 8080, but --port says 9090; give the port once",
        ),
    ] {
        assert_bad_input(&args, kind, message);
    }
}

/// `command --port V` for each bad `V` is a usage error that names the
/// value, the flag and the range.
fn assert_bad_ports(command: &[&str], values: &[&str]) {
    for v in values {
        let mut args = command.to_vec();
        args.extend(["--port", v]);
        let message =
            format!("invalid value '{v}' for '--port <PORT>': '{v}' is not a port (1-65535)");
        assert_bad_input(&args, "usage", &message);
    }
}

/// A bad command line exits 2 with `message` on stderr, and with `--json`
/// the same words as one error document of `kind`.
fn assert_bad_input(args: &[&str], kind: &str, message: &str) {
    let (out, _) = run(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", show(&out));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.lines()
            .any(|l| l.ends_with(&format!("error: {message}"))),
        "{args:?}: {text}"
    );
    let mut with_json = args.to_vec();
    with_json.push("--json");
    let (out, _) = run(&with_json);
    assert_eq!(out.status.code(), Some(2), "{with_json:?}: {}", show(&out));
    let v = json(&out);
    assert_eq!(v["error"]["kind"], kind, "{with_json:?}: {v}");
    assert_eq!(v["error"]["message"], message, "{with_json:?}: {v}");
}

// ---------------------------------------------------------------------------
// probe against other peers
// ---------------------------------------------------------------------------

/// What a hand-made peer does with each connection.
#[derive(Clone, Copy)]
enum Peer {
    /// Accept, read, never answer.
    Silent,
    /// Answer with bytes of another protocol.
    Garbage,
    /// Read the request, then reset the connection (not before: a reset
    /// racing the client's connect could land on either step).
    Reset,
    /// Claim to be netcheck serve but echo the wrong digest.
    LyingEcho,
    /// 404 to everything.
    NotFound,
}

/// Starts a peer on 127.0.0.1:0 that serves until the test process ends.
fn peer(kind: Peer) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            thread::spawn(move || {
                let _ = conn.set_read_timeout(Some(Duration::from_secs(10)));
                match kind {
                    Peer::Reset => {
                        let mut buf = [0u8; 1024];
                        let _ = conn.read(&mut buf);
                        let _ = socket2::SockRef::from(&conn).set_linger(Some(Duration::ZERO));
                        drop(conn);
                    }
                    Peer::Silent => {
                        let mut buf = [0u8; 1024];
                        while matches!(conn.read(&mut buf), Ok(n) if n > 0) {}
                    }
                    Peer::Garbage => {
                        let _ =
                            conn.write_all(b"SSH-2.0-OpenSSH_9.2\r\n\x00\x01\x02garbage\r\n\r\n");
                        thread::sleep(Duration::from_millis(200));
                    }
                    Peer::LyingEcho | Peer::NotFound => {
                        // Answer each request head (bodies are small and ignored).
                        let mut buf = vec![0u8; 65536];
                        while let Ok(n) = conn.read(&mut buf) {
                            if n == 0 {
                                break;
                            }
                            let (status, body) = match kind {
                                Peer::NotFound => ("404 Not Found", r#"{"error":"no"}"#),
                                _ => (
                                    "200 OK",
                                    r#"{"ok":true,"server":"netcheck","body":{},"body_length":2,"body_sha256":"00"}"#,
                                ),
                            };
                            let resp = format!(
                                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                                body.len()
                            );
                            if conn.write_all(resp.as_bytes()).is_err() {
                                break;
                            }
                        }
                    }
                }
            });
        }
    });
    port
}

fn hint_codes(v: &Value) -> Vec<String> {
    v["hints"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["code"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn probe_refused_names_nothing_listening() {
    // A port nothing listens on (bound then released).
    let port = free_port().to_string();
    let (out, v, took) = probe_json(&["127.0.0.1", "--port", &port, "--timeout", "10s"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert_eq!(v["verdict"], "refused", "{v}");
    assert_eq!(v["failed_step"], "tcp");
    assert_eq!(v["tcp"]["ok"], false);
    assert_eq!(v["tcp"]["error_kind"], "refused");
    assert_eq!(v["get"]["error_kind"], "skipped");
    assert_eq!(v["post"]["echo_verified"], false);
    assert_eq!(v["local_listener"]["state"], "nothing", "{v}");
    assert_eq!(hint_codes(&v), ["nothing_listening"]);
    // At once, not at the 10 s budget (3 s: a generous ceiling).
    assert!(took < Duration::from_secs(3), "refused took {took:?}");
}

#[test]
fn probe_silent_server_times_out_at_the_budget() {
    let port = peer(Peer::Silent).to_string();
    let (out, v, took) = probe_json(&["127.0.0.1", "--port", &port, "--timeout", "1s"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert_eq!(v["verdict"], "timed_out", "{v}");
    assert_eq!(v["failed_step"], "get");
    assert_eq!(v["tcp"]["ok"], true);
    assert!(hint_codes(&v).contains(&"no_answer".to_string()), "{v}");
    // 3 s: a generous ceiling (3× the budget) for a run with start-up.
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(3),
        "--timeout 1s but probe took {took:?}"
    );
}

#[test]
fn probe_garbage_is_not_http() {
    let port = peer(Peer::Garbage).to_string();
    let (out, v, _) = probe_json(&["127.0.0.1", "--port", &port, "--timeout", "2s"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert_eq!(v["verdict"], "not_http", "{v}");
    assert_eq!(v["get"]["error_kind"], "not_http");
    assert!(
        v["get"]["error"]
            .as_str()
            .unwrap()
            .contains("SSH-2.0-OpenSSH_9.2"),
        "{v}"
    );
}

#[test]
fn probe_reset_is_reset() {
    let port = peer(Peer::Reset).to_string();
    let (out, v, _) = probe_json(&["127.0.0.1", "--port", &port, "--timeout", "2s"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert_eq!(v["verdict"], "reset", "{v}");
    // Connected, then reset while waiting for the answer to the GET.
    assert_eq!(v["tcp"]["ok"], true, "{v}");
    assert_eq!(v["failed_step"], "get", "{v}");
}

#[test]
fn probe_lying_echo_is_a_mismatch() {
    let port = peer(Peer::LyingEcho).to_string();
    let (out, v, _) = probe_json(&["127.0.0.1", "--port", &port, "--timeout", "2s"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert_eq!(v["verdict"], "echo_mismatch", "{v}");
    assert_eq!(v["post"]["echo_verified"], false);
    assert_eq!(v["post"]["status"], 200);
}

#[test]
fn probe_error_status_is_http_error() {
    let port = peer(Peer::NotFound).to_string();
    let (out, v, _) = probe_json(&["127.0.0.1", "--port", &port, "--timeout", "2s"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert_eq!(v["verdict"], "http_error", "{v}");
    assert_eq!(v["failed_step"], "get");
    assert_eq!(v["get"]["status"], 404);
    assert_eq!(v["server"], "other");
    assert!(hint_codes(&v).contains(&"http_status".to_string()));
}

#[test]
fn probe_https_to_plain_http_is_a_tls_error() {
    let s = Serve::start(&[]);
    let url = format!("https://127.0.0.1:{}/", s.port);
    let (out, v, _) = probe_json(&[&url, "--timeout", "2s"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert_eq!(v["verdict"], "tls_error", "{v}");
    assert_eq!(v["failed_step"], "tls");
    assert_eq!(v["tls"]["ok"], false);
    assert!(hint_codes(&v).contains(&"tls".to_string()));
}

#[test]
fn probe_python_http_server_reports_statuses() {
    let port = free_port();
    let mut py = Command::new("python3")
        .args([
            "-m",
            "http.server",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 -m http.server");
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "http.server did not start");
        thread::sleep(Duration::from_millis(50));
    }
    let (out, v, _) = probe_json(&["127.0.0.1", "--port", &port.to_string(), "--timeout", "3s"]);
    let _ = py.kill();
    let _ = py.wait();
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert_eq!(v["get"]["status"], 200, "{v}");
    assert_eq!(v["get"]["ok"], true);
    assert_eq!(v["post"]["status"], 501, "{v}");
    assert_eq!(v["post"]["echo_verified"], false);
    assert_eq!(v["server"], "other");
    assert_eq!(v["verdict"], "http_error");
    assert_eq!(v["failed_step"], "post");
}

/// Peak resident memory of a process, from /proc (Linux).
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Sends an oversized request and returns the status of serve's answer,
/// reading while a second thread writes (serve answers and closes before
/// the request is all sent). Err says why there was no status line.
fn oversized_answer(port: u16, req: Vec<u8>) -> Result<u16, String> {
    let mut c = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
    c.set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    let mut w = c.try_clone().map_err(|e| e.to_string())?;
    // The write fails once serve has closed; that is expected.
    let writer = thread::spawn(move || {
        let _ = w.write_all(&req);
    });
    let mut raw = Vec::new();
    // An error after the answer (the reset) keeps what was read.
    let read = c.read_to_end(&mut raw);
    let _ = c.shutdown(Shutdown::Both);
    writer.join().unwrap();
    let head = String::from_utf8_lossy(&raw[..raw.len().min(40)]).into_owned();
    match head.strip_prefix("HTTP/1.1 ").and_then(|r| r.get(..3)) {
        Some(code) => code.parse().map_err(|_| format!("status line {head:?}")),
        None => Err(format!(
            "no status line ({} bytes, read: {read:?})",
            raw.len()
        )),
    }
}

/// Issue 6, "serve under abuse": hundreds of slowloris connections, oversized
/// heads and bodies at once — serve stays up, still answers a well-behaved
/// client promptly, and its memory stays bounded.
#[test]
fn serve_under_abuse_keeps_answering() {
    let s = Serve::start(&["--request-timeout", "3s"]);
    let port = s.port;
    let start = Instant::now();
    // 400 slowloris clients: a head that never ends (bounded by the fd limit
    // of the test process, which also holds the other sockets).
    let slow: Vec<TcpStream> = (0..400)
        .filter_map(|_| {
            let mut c = TcpStream::connect(("127.0.0.1", port)).ok()?;
            c.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-slow: ").ok()?;
            Some(c)
        })
        .collect();
    assert!(
        slow.len() >= 350,
        "only {} slow clients connected",
        slow.len()
    );
    // Oversized heads and bodies, in parallel. Each abuser reads the answer
    // while another thread is still writing: serve answers before it has read
    // the request and then closes, so a client that finished writing first
    // could meet the reset with the answer not yet read.
    let abusers: Vec<_> = (0..40)
        .map(|i| {
            thread::spawn(move || -> (u16, Result<u16, String>) {
                let (expect, req) = if i % 2 == 0 {
                    // A 64 KiB header: over the head cap.
                    let mut r = b"GET / HTTP/1.1\r\nHost: x\r\nX-big: ".to_vec();
                    r.extend(std::iter::repeat_n(b'a', 64 * 1024));
                    r.extend_from_slice(b"\r\n\r\n");
                    (431, r)
                } else {
                    // A declared 1 MiB body: over the body cap, refused unread.
                    let mut r =
                        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n".to_vec();
                    r.extend(std::iter::repeat_n(b'b', 1024 * 1024));
                    (413, r)
                };
                (expect, oversized_answer(port, req))
            })
        })
        .collect();
    // Meanwhile a well-behaved client is answered promptly (a generous
    // ceiling: the machine is busy with the flood and other tests).
    let asked = Instant::now();
    let (status, _, body) = get(port, "/hello");
    assert_eq!(status, 200);
    assert_eq!(body_json(&body)["path"], "/hello");
    assert!(
        asked.elapsed() < Duration::from_secs(3),
        "good client waited {:?}",
        asked.elapsed()
    );
    let answers: Vec<(u16, Result<u16, String>)> =
        abusers.into_iter().map(|t| t.join().unwrap()).collect();
    for (expect, got) in &answers {
        assert_eq!(
            got.as_ref().ok(),
            Some(expect),
            "every oversized request is answered with its status: {answers:?}"
        );
    }
    // Still up and answering after the flood; memory bounded.
    let (status, _, _) = get(port, "/after");
    assert_eq!(status, 200);
    let peak = peak_rss_kb(s.child.id()).expect("VmHWM");
    assert!(peak < 128 * 1024, "peak RSS {peak} KiB");
    eprintln!(
        "abuse: {} slowloris + 40 oversized, good client answered, peak RSS {} KiB, {:?}",
        slow.len(),
        peak,
        start.elapsed()
    );
    drop(slow);
}
