//! What `netcheck serve` answers: a pure function from a plain request to a
//! plain response. Every answer is JSON.

use super::wire::{self, BodyKind, SERVER_TAG};
use crate::sys::web::server::{Body, Headers, Request, Response};
use serde::Serialize;
use serde_json::Value;
use std::sync::LazyLock;
use std::time::SystemTime;

/// Largest request body accepted (the issue's 64 KiB); larger → 413.
pub const MAX_BODY: usize = 64 * 1024;
/// Methods answered; others get 405 with this list.
pub const ALLOW: &str = "GET, HEAD, POST, OPTIONS";
const SERVER_HEADER: &str = concat!("netcheck/", env!("CARGO_PKG_VERSION"));
/// The headers of every answer, made once.
static HEADERS: LazyLock<Headers> = LazyLock::new(|| {
    Headers::fixed(&[
        ("content-type", "application/json"),
        ("cache-control", "no-store"),
        ("x-content-type-options", "nosniff"),
        ("server", SERVER_HEADER),
    ])
});

/// Only POST bodies are read.
pub fn wants_body(method: &str) -> bool {
    method == "POST"
}

/// The POST-only part of the answer.
struct Received<'a> {
    body: Value,
    body_kind: BodyKind,
    body_length: usize,
    body_sha256: String,
    content_type: Option<&'a str>,
}

#[derive(Serialize)]
struct Failure<'a> {
    ok: bool,
    server: &'static str,
    status: u16,
    error: &'a str,
    method: &'a str,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit_bytes: Option<usize>,
}

/// The answer to one request.
pub fn respond(req: &Request, now: SystemTime) -> Response {
    match req.method {
        "GET" | "HEAD" => echo(req, now, None),
        "OPTIONS" => {
            let mut r = echo(req, now, None);
            r.headers.push("allow", ALLOW);
            r
        }
        "POST" => match &req.body {
            Body::Read(bytes) => {
                let (body, body_kind) = wire::echo_body(bytes);
                let received = Received {
                    body,
                    body_kind,
                    body_length: bytes.len(),
                    body_sha256: wire::sha256_hex(bytes),
                    content_type: req.content_type,
                };
                echo(req, now, Some(received))
            }
            Body::TooLarge { limit } => failure(
                req,
                413,
                &format!("request body over {limit} bytes"),
                Some(*limit),
            ),
            Body::TimedOut => failure(req, 408, "request body not received in time", None),
            Body::Failed(why) => failure(req, 400, &format!("bad request body: {why}"), None),
            Body::NotRead => failure(req, 500, "request body not read", None),
        },
        _ => {
            let mut r = failure(
                req,
                405,
                &format!("method {} not allowed; use {ALLOW}", req.method),
                None,
            );
            r.headers.push("allow", ALLOW);
            r
        }
    }
}

/// The echo, written piece by piece (documented in docs/serve-probe.md):
/// `ok`, `server`, `method`, `path`, `query`, `client_ip`, `client_port`,
/// `server_time`, `version`, and for a POST the [`Received`] fields. The
/// bytes are serde_json's for the same fields (a test compares them with a
/// serde-derived answer); written without serde's per-field machinery they
/// cost about a fifth (callgrind: ~6,000 instructions per GET through a
/// derived struct).
fn echo(req: &Request, now: SystemTime, received: Option<Received<'_>>) -> Response {
    // An echo without body is about 250 bytes: one allocation, no regrowth.
    let mut out = Vec::with_capacity(512);
    out.extend_from_slice(br#"{"ok":true,"server":"#);
    wire::push_json_str(&mut out, SERVER_TAG);
    out.extend_from_slice(br#","method":"#);
    wire::push_json_str(&mut out, req.method);
    out.extend_from_slice(br#","path":"#);
    wire::push_json_str(&mut out, req.path);
    out.extend_from_slice(br#","query":"#);
    match req.query.map(wire::parse_query) {
        Some(query) if !query.is_empty() => {
            let _ = serde_json::to_writer(&mut out, &query);
        }
        _ => out.extend_from_slice(b"{}"),
    }
    out.extend_from_slice(br#","client_ip":"#);
    wire::push_json_ip(&mut out, req.peer.ip().to_canonical());
    out.extend_from_slice(br#","client_port":"#);
    push_number(&mut out, req.peer.port().into());
    out.extend_from_slice(br#","server_time":""#);
    wire::with_rfc3339(now, |time| out.extend_from_slice(time.as_bytes()));
    out.extend_from_slice(
        concat!(r#"","version":""#, env!("CARGO_PKG_VERSION"), r#"""#).as_bytes(),
    );
    if let Some(r) = received {
        out.extend_from_slice(br#","body":"#);
        let _ = serde_json::to_writer(&mut out, &r.body);
        out.extend_from_slice(br#","body_kind":"#);
        let _ = serde_json::to_writer(&mut out, &r.body_kind);
        out.extend_from_slice(br#","body_length":"#);
        push_number(&mut out, r.body_length as u64);
        out.extend_from_slice(br#","body_sha256":"#);
        wire::push_json_str(&mut out, &r.body_sha256);
        out.extend_from_slice(br#","content_type":"#);
        match r.content_type {
            Some(ct) => wire::push_json_str(&mut out, ct),
            None => out.extend_from_slice(b"null"),
        }
    }
    out.extend_from_slice(b"}\n");
    Response {
        status: 200,
        headers: HEADERS.clone(),
        body: out,
    }
}

fn push_number(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(wire::Decimal::new(n).as_str().as_bytes());
}

fn failure(req: &Request, status: u16, error: &str, limit_bytes: Option<usize>) -> Response {
    json(
        status,
        &Failure {
            ok: false,
            server: SERVER_TAG,
            status,
            error,
            method: req.method,
            path: req.path,
            limit_bytes,
        },
    )
}

fn json(status: u16, doc: &impl Serialize) -> Response {
    let mut body = Vec::with_capacity(256);
    if serde_json::to_writer(&mut body, doc).is_err() {
        body = br#"{"ok":false}"#.to_vec();
    }
    body.push(b'\n');
    Response {
        status,
        headers: HEADERS.clone(),
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Map;
    use std::time::{Duration, UNIX_EPOCH};

    fn req<'a>(method: &'a str, path: &'a str, query: Option<&'a str>, body: Body) -> Request<'a> {
        Request {
            method,
            path,
            query,
            peer: "[::ffff:192.168.99.50]:51234".parse().unwrap(),
            content_type: Some("application/json"),
            forwarded_for: None,
            body,
        }
    }

    fn parsed(r: &Response) -> Value {
        serde_json::from_slice(&r.body).unwrap()
    }

    fn header<'a>(r: &'a Response, name: &str) -> Option<&'a str> {
        r.headers.get(name)
    }

    const NOW: Duration = Duration::from_secs(1_764_063_312);

    #[test]
    fn answers_table() {
        let big = Body::TooLarge { limit: MAX_BODY };
        let cases: Vec<(Request, u16, bool, Option<&str>)> = vec![
            (req("GET", "/", None, Body::NotRead), 200, true, None),
            (req("HEAD", "/x", None, Body::NotRead), 200, true, None),
            (
                req("OPTIONS", "*", None, Body::NotRead),
                200,
                true,
                Some(ALLOW),
            ),
            (
                req("POST", "/p", None, Body::Read(b"{}".to_vec())),
                200,
                true,
                None,
            ),
            (req("POST", "/p", None, big), 413, false, None),
            (req("POST", "/p", None, Body::TimedOut), 408, false, None),
            (
                req("POST", "/p", None, Body::Failed("cut".into())),
                400,
                false,
                None,
            ),
            (
                req("PUT", "/", None, Body::NotRead),
                405,
                false,
                Some(ALLOW),
            ),
            (
                req("DELETE", "/", None, Body::NotRead),
                405,
                false,
                Some(ALLOW),
            ),
        ];
        for (r, status, ok, allow) in cases {
            let out = respond(&r, UNIX_EPOCH + NOW);
            assert_eq!(out.status, status, "{} {}", r.method, r.path);
            assert_eq!(header(&out, "content-type"), Some("application/json"));
            assert_eq!(header(&out, "allow"), allow, "{}", r.method);
            let v = parsed(&out);
            assert_eq!(v["ok"], ok, "{v}");
            assert_eq!(v["server"], SERVER_TAG);
        }
    }

    #[test]
    fn every_fixed_header_is_sent() {
        // Headers::fixed leaves out what is not valid header text: all four must be there.
        let out = respond(&req("GET", "/", None, Body::NotRead), UNIX_EPOCH + NOW);
        let sent: Vec<(&str, &str)> = out.headers.iter().collect();
        assert_eq!(
            sent,
            [
                ("content-type", "application/json"),
                ("cache-control", "no-store"),
                ("x-content-type-options", "nosniff"),
                ("server", SERVER_HEADER),
            ]
        );
    }

    #[test]
    fn get_fields() {
        let out = respond(
            &req("GET", "/hello", Some("a=1&b=x+y"), Body::NotRead),
            UNIX_EPOCH + NOW,
        );
        let v = parsed(&out);
        for key in [
            "ok",
            "method",
            "path",
            "query",
            "client_ip",
            "client_port",
            "server_time",
            "version",
        ] {
            assert!(v.get(key).is_some(), "{key} missing in {v}");
        }
        assert_eq!(v["method"], "GET");
        assert_eq!(v["path"], "/hello");
        assert_eq!(v["query"], serde_json::json!({"a": "1", "b": "x y"}));
        assert_eq!(v["client_ip"], "192.168.99.50");
        assert_eq!(v["client_port"], 51234);
        assert_eq!(v["server_time"], "2025-11-25T09:35:12.000Z");
        assert!(v.get("body").is_none());
    }

    #[test]
    fn post_echo() {
        let sent = br#"{"nonce":"abc","n":[1,2]}"#.to_vec();
        let out = respond(
            &req("POST", "/api", None, Body::Read(sent.clone())),
            UNIX_EPOCH + NOW,
        );
        let v = parsed(&out);
        assert_eq!(v["body"], serde_json::json!({"nonce": "abc", "n": [1, 2]}));
        assert_eq!(v["body_kind"], "json");
        assert_eq!(v["body_length"], sent.len());
        assert_eq!(v["body_sha256"], wire::sha256_hex(&sent));
        assert_eq!(v["content_type"], "application/json");
        assert_eq!(
            wire::check_echo(&sent, Some("abc"), &out.body),
            wire::EchoCheck::Verified
        );

        let text = respond(
            &req("POST", "/", None, Body::Read(b"plain words".to_vec())),
            UNIX_EPOCH + NOW,
        );
        let v = parsed(&text);
        assert_eq!(v["body"], "plain words");
        assert_eq!(v["body_kind"], "text");
    }

    #[test]
    fn hostile_paths_stay_json() {
        let out = respond(
            &req("GET", "/\"><script>%00", Some("x=%22%00"), Body::NotRead),
            UNIX_EPOCH + NOW,
        );
        let v = parsed(&out);
        assert_eq!(v["path"], "/\"><script>%00");
        assert_eq!(v["query"]["x"], "\"\u{0}");
        assert_eq!(header(&out, "x-content-type-options"), Some("nosniff"));
    }

    /// The answer as it was built with `#[serde(flatten)]`, for comparison.
    fn flattened(req: &Request<'_>, now: SystemTime) -> Vec<u8> {
        #[derive(Serialize)]
        struct Old<'a> {
            ok: bool,
            server: &'static str,
            method: &'a str,
            path: &'a str,
            query: Map<String, Value>,
            client_ip: std::net::IpAddr,
            client_port: u16,
            server_time: String,
            version: &'static str,
            #[serde(flatten)]
            received: Option<OldReceived<'a>>,
        }
        #[derive(Serialize)]
        struct OldReceived<'a> {
            body: Value,
            body_kind: BodyKind,
            body_length: usize,
            body_sha256: String,
            content_type: Option<&'a str>,
        }
        let received = match &req.body {
            Body::Read(bytes) => {
                let (body, body_kind) = wire::echo_body(bytes);
                Some(OldReceived {
                    body,
                    body_kind,
                    body_length: bytes.len(),
                    body_sha256: wire::sha256_hex(bytes),
                    content_type: req.content_type,
                })
            }
            _ => None,
        };
        let mut out = serde_json::to_vec(&Old {
            ok: true,
            server: SERVER_TAG,
            method: req.method,
            path: req.path,
            query: req.query.map(wire::parse_query).unwrap_or_default(),
            client_ip: req.peer.ip().to_canonical(),
            client_port: req.peer.port(),
            server_time: wire::rfc3339(now),
            version: env!("CARGO_PKG_VERSION"),
            received,
        })
        .unwrap();
        out.push(b'\n');
        out
    }

    #[test]
    fn same_bytes_as_the_flattened_answer() {
        let now = UNIX_EPOCH + NOW;
        let mut untyped = req("POST", "/p", None, Body::Read(b"x".to_vec()));
        untyped.content_type = None;
        let mut v4 = req("GET", "/", None, Body::NotRead);
        v4.peer = "127.0.0.1:5000".parse().unwrap();
        let mut v6 = req("GET", "/", None, Body::NotRead);
        v6.peer = "[2111:222:99::123]:5000".parse().unwrap();
        let cases = [
            req("GET", "/hello", Some("a=1&b=x+y"), Body::NotRead),
            req("HEAD", "/\"><%00", None, Body::NotRead),
            req(
                "POST",
                "/api",
                None,
                Body::Read(br#"{"nonce":"abc"}"#.to_vec()),
            ),
            req("POST", "/", None, Body::Read(b"plain words".to_vec())),
            req("POST", "/", None, Body::Read(Vec::new())),
            untyped,
            v4,
            v6,
            req(
                "GET",
                "/a\\b\u{1b}[31m/한국어",
                Some("x=%22%00&x=2&y"),
                Body::NotRead,
            ),
            req("OPTIONS", "*", Some("q=%ED%95%9C+1"), Body::NotRead),
            req("GET", "/back\\slash", None, Body::NotRead),
            req("POST", "/b", None, Body::Read(vec![0xff, 0xfe, b'"'])),
            req(
                "POST",
                "/c",
                Some("k=v"),
                Body::Read(b"\"quoted\\\n".to_vec()),
            ),
        ];
        for r in &cases {
            let out = respond(r, now);
            assert_eq!(
                String::from_utf8_lossy(&out.body),
                String::from_utf8_lossy(&flattened(r, now)),
                "{} {}",
                r.method,
                r.path
            );
        }
        // Control: a POST's fields are really there (the comparison would
        // pass on two answers that both lost them).
        let post = String::from_utf8(respond(&cases[2], now).body).unwrap();
        assert!(post.contains(r#""body_length":15"#), "{post}");
        assert!(
            post.trim_end()
                .ends_with(r#""content_type":"application/json"}"#),
            "{post}"
        );
    }
}
