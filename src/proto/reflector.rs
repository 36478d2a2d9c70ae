//! The reflector's wire contract, API v1 (`docs/reflector.md`): what a
//! client asks (`POST /v1/check`), what a reflector answers, the datagram of
//! the UDP check and the evidence that the caller's own server answered (a
//! nonce echoed by `netcheck serve`, or a fingerprint of an HTTP answer).
//! Pure: no I/O, bytes from the network treated as hostile.
//!
//! No field of a request names a target: the reflector connects back to the
//! address it sees the request come from, and to nothing else. Unknown
//! fields are refused, so an attempt to add one (`"host"`, `"target"` …)
//! fails loudly instead of being silently ignored.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::net::IpAddr;

/// The API version this build speaks; also the path prefix (`/v1/`).
pub const API: &str = "v1";
/// At most this many ports per check request.
pub const MAX_PORTS: usize = 4;
/// A nonce is this many lower-case hex digits (128 bits).
pub const NONCE_LEN: usize = 32;
/// Longest HTTP path a check may ask for.
pub const MAX_PATH: usize = 200;
/// Largest check request body a reflector reads.
pub const MAX_REQUEST_BYTES: usize = 2048;
/// Largest answer a client reads from a reflector.
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024;
/// The UDP check datagram: this prefix, then the nonce. `netcheck serve
/// --udp` sends the same bytes back (never more than it received).
pub const UDP_MAGIC: &[u8] = b"netcheck-udp/1 ";
/// Size of the UDP check datagram.
pub const UDP_LEN: usize = UDP_MAGIC.len() + NONCE_LEN;

/// How the reflector connects back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    /// A TCP handshake only: proves that something accepted the connection.
    Tcp,
    /// GET and POST (carrying the nonce), like the guide's `requests` client.
    Http,
    /// One datagram carrying the nonce, echoed by `netcheck serve --udp`.
    Udp,
}

impl Transport {
    pub fn code(self) -> &'static str {
        match self {
            Transport::Tcp => "tcp",
            Transport::Http => "http",
            Transport::Udp => "udp",
        }
    }
}

/// `POST /v1/check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// Must be [`API`].
    pub api: String,
    pub transport: Transport,
    pub ports: Vec<u16>,
    pub nonce: String,
    /// HTTP only: the path to GET and POST (default `/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// HTTP only: the fingerprint the caller's server gives locally; an
    /// answer with this fingerprint is the caller's own server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
}

/// A check request that passed [`validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub transport: Transport,
    /// 1 to [`MAX_PORTS`] distinct ports, in the order asked.
    pub ports: Vec<u16>,
    pub nonce: String,
    pub path: String,
    pub fingerprint: Option<String>,
}

/// Why a request was refused (HTTP 400, or 409 for another API version).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestError {
    /// Not JSON of the expected shape (names the problem).
    Malformed(String),
    /// Another API version.
    Version(String),
    Invalid(String),
}

impl RequestError {
    /// The stable code in the error answer.
    pub fn code(&self) -> &'static str {
        match self {
            RequestError::Malformed(_) => "bad_request",
            RequestError::Version(_) => "unsupported_version",
            RequestError::Invalid(_) => "invalid_request",
        }
    }
    pub fn status(&self) -> u16 {
        match self {
            RequestError::Version(_) => 409,
            _ => 400,
        }
    }
    pub fn message(&self) -> String {
        match self {
            RequestError::Malformed(m) | RequestError::Invalid(m) => m.clone(),
            RequestError::Version(v) => {
                format!("API version '{v}' is not supported; this reflector speaks {API}")
            }
        }
    }
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Parses and checks a check request body.
pub fn validate(body: &[u8]) -> Result<Check, RequestError> {
    if body.len() > MAX_REQUEST_BYTES {
        return Err(RequestError::Invalid(format!(
            "request over {MAX_REQUEST_BYTES} bytes"
        )));
    }
    // The version first, so an old or new client hears about the version
    // rather than about a field it does not know.
    let raw: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| RequestError::Malformed(format!("not JSON: {e}")))?;
    match raw.get("api").and_then(serde_json::Value::as_str) {
        Some(API) => {}
        Some(other) => return Err(RequestError::Version(other.chars().take(16).collect())),
        None => return Err(RequestError::Malformed("missing \"api\"".into())),
    }
    let req: CheckRequest =
        serde_json::from_value(raw).map_err(|e| RequestError::Malformed(e.to_string()))?;
    if req.ports.is_empty() || req.ports.len() > MAX_PORTS {
        return Err(RequestError::Invalid(format!(
            "ask for 1 to {MAX_PORTS} ports"
        )));
    }
    let mut ports = Vec::new();
    for p in req.ports {
        if p == 0 {
            return Err(RequestError::Invalid("port 0 is not a port".into()));
        }
        if !ports.contains(&p) {
            ports.push(p);
        }
    }
    if !is_hex(&req.nonce, NONCE_LEN) {
        return Err(RequestError::Invalid(format!(
            "the nonce must be {NONCE_LEN} lower-case hex digits"
        )));
    }
    let path = req.path.unwrap_or_else(|| "/".to_string());
    if !path_ok(&path) {
        return Err(RequestError::Invalid(format!(
            "the path must start with one '/', be at most {MAX_PATH} characters, and have no spaces or control characters"
        )));
    }
    if let Some(f) = &req.fingerprint
        && !is_hex(f, 64)
    {
        return Err(RequestError::Invalid(
            "the fingerprint must be 64 lower-case hex digits".into(),
        ));
    }
    if req.transport != Transport::Http && (path != "/" || req.fingerprint.is_some()) {
        return Err(RequestError::Invalid(
            "path and fingerprint are for the http transport only".into(),
        ));
    }
    Ok(Check {
        transport: req.transport,
        ports,
        nonce: req.nonce,
        path,
        fingerprint: req.fingerprint,
    })
}

/// An origin-form path: `/…`, printable ASCII, no `//` start (which some
/// servers read as a host), no fragment.
pub fn path_ok(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && p.len() <= MAX_PATH
        && p.bytes().all(|b| b.is_ascii_graphic() && b != b'#')
}

/// What answered on one port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The caller's server answered (HTTP/UDP: verified; TCP: a handshake).
    Open,
    /// Something else answered: another program, another host, the router.
    OpenOther,
    /// Refused: a TCP reset, or an ICMP unreachable.
    Refused,
    /// Nothing came back within the reflector's timeout.
    Filtered,
    /// The reflector could not test (names why in `detail`).
    Error,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Open => "open",
            Outcome::OpenOther => "open_other",
            Outcome::Refused => "refused",
            Outcome::Filtered => "filtered",
            Outcome::Error => "error",
        }
    }
}

/// How an `open` was proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Proof {
    /// `netcheck serve` echoed the nonce (HTTP POST, or the UDP datagram).
    Nonce,
    /// The HTTP answer has the fingerprint the caller's server gives locally.
    Fingerprint,
}

/// One port's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortResult {
    pub port: u16,
    pub result: Outcome,
    /// Milliseconds from the first packet to the decision.
    pub ms: f64,
    /// For `open` over HTTP/UDP: the evidence.
    #[serde(default)]
    pub proof: Option<Proof>,
    /// HTTP: the GET's status.
    #[serde(default)]
    pub http_status: Option<u16>,
    /// HTTP: [`fingerprint`] of the GET answer.
    #[serde(default)]
    pub fingerprint: Option<String>,
    /// A few words on what happened (the OS's, or what answered).
    #[serde(default)]
    pub detail: Option<String>,
}

/// The answer to a check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResponse {
    pub api: String,
    /// The address the request came from: the only one tested.
    pub seen_from: IpAddr,
    pub transport: Transport,
    pub results: Vec<PortResult>,
}

/// `GET /v1/ip` (and `GET /`): the caller's address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressResponse {
    pub api: String,
    pub ip: IpAddr,
    pub port: u16,
}

/// Every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorResponse {
    pub api: String,
    pub error: String,
    pub message: String,
    /// With 429/503: seconds until a retry can succeed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_s: Option<u64>,
}

/// Why a reflector's answer could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseError {
    /// The reflector speaks another API version.
    Version(String),
    /// Not a reflector answer (names what is wrong).
    Malformed(String),
}

impl std::fmt::Display for ResponseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResponseError::Version(v) => write!(
                f,
                "the reflector speaks API '{v}', this netcheck speaks {API}; update one of them"
            ),
            ResponseError::Malformed(m) => write!(f, "not a reflector answer: {m}"),
        }
    }
}

/// Reads a version from any reflector document (answer or error).
fn api_of(v: &serde_json::Value) -> Result<(), ResponseError> {
    match v.get("api").and_then(serde_json::Value::as_str) {
        Some(API) => Ok(()),
        Some(other) => Err(ResponseError::Version(
            other.chars().take(16).collect::<String>(),
        )),
        None => Err(ResponseError::Malformed("no \"api\" field".into())),
    }
}

/// Parses a check answer for `ports` (each asked port must be answered once,
/// and nothing else).
pub fn parse_check_response(body: &[u8], ports: &[u16]) -> Result<CheckResponse, ResponseError> {
    if body.len() > MAX_RESPONSE_BYTES {
        return Err(ResponseError::Malformed(format!(
            "answer over {MAX_RESPONSE_BYTES} bytes"
        )));
    }
    let v: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| ResponseError::Malformed("not JSON".into()))?;
    api_of(&v)?;
    let r: CheckResponse =
        serde_json::from_value(v).map_err(|e| ResponseError::Malformed(e.to_string()))?;
    let mut got: Vec<u16> = r.results.iter().map(|p| p.port).collect();
    got.sort_unstable();
    let mut want = ports.to_vec();
    want.sort_unstable();
    want.dedup();
    if got != want {
        return Err(ResponseError::Malformed(format!(
            "answered ports {got:?}, asked {want:?}"
        )));
    }
    if r.results.iter().any(|p| !p.ms.is_finite() || p.ms < 0.0) {
        return Err(ResponseError::Malformed("bad time".into()));
    }
    Ok(r)
}

/// Parses an error answer (for 4xx/5xx), if it is one.
pub fn parse_error_response(body: &[u8]) -> Option<Result<ErrorResponse, ResponseError>> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    v.get("error")?;
    Some(api_of(&v).and_then(|_| {
        serde_json::from_value(v).map_err(|e| ResponseError::Malformed(e.to_string()))
    }))
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The fingerprint of an HTTP answer: status, media type (without
/// parameters, lower case) and the body's SHA-256, hashed together. The same
/// request to the same server gives the same fingerprint from anywhere —
/// unless the page changes with every request (a clock, a counter, the
/// caller's address), which then reads as "something else answered".
pub fn fingerprint(status: u16, content_type: Option<&str>, body: &[u8]) -> String {
    let media = content_type
        .and_then(|c| c.split(';').next())
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    sha256_hex(format!("{status}\n{media}\n{}", sha256_hex(body)).as_bytes())
}

/// The POST body of the HTTP check.
pub fn post_body(nonce: &str) -> Vec<u8> {
    serde_json::json!({"probe": "netcheck-reflector", "nonce": nonce})
        .to_string()
        .into_bytes()
}

/// Did `netcheck serve` echo this nonce in its answer to [`post_body`]?
pub fn echoed_nonce(answer: &[u8], nonce: &str) -> bool {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(answer) else {
        return false;
    };
    v.get("server").and_then(serde_json::Value::as_str) == Some("netcheck")
        && v.pointer("/body/nonce").and_then(serde_json::Value::as_str) == Some(nonce)
}

/// The UDP check datagram for `nonce`.
pub fn udp_datagram(nonce: &str) -> Vec<u8> {
    let mut d = UDP_MAGIC.to_vec();
    d.extend_from_slice(nonce.as_bytes());
    d
}

/// Is this a UDP check datagram? `netcheck serve --udp` answers only these,
/// with the same bytes.
pub fn is_udp_datagram(d: &[u8]) -> bool {
    d.len() == UDP_LEN
        && d.starts_with(UDP_MAGIC)
        && std::str::from_utf8(&d[UDP_MAGIC.len()..]).is_ok_and(|n| is_hex(n, NONCE_LEN))
}

/// A fresh random nonce.
pub fn new_nonce() -> String {
    format!("{:032x}", u128::from_ne_bytes(super::bytes::random()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: &str = "0123456789abcdef0123456789abcdef";

    fn body(v: serde_json::Value) -> Vec<u8> {
        v.to_string().into_bytes()
    }

    #[test]
    fn requests_table() {
        let ok = |v: serde_json::Value| validate(&body(v));
        let c = ok(
            serde_json::json!({"api":"v1","transport":"http","ports":[5000,5000,8080],"nonce":N}),
        )
        .unwrap();
        assert_eq!(c.ports, vec![5000, 8080]);
        assert_eq!(c.path, "/");
        let c =
            ok(serde_json::json!({"api":"v1","transport":"udp","ports":[5000],"nonce":N})).unwrap();
        assert_eq!(c.transport, Transport::Udp);
        // (request, error code)
        let bad: Vec<(serde_json::Value, &str)> = vec![
            (
                serde_json::json!({"api":"v2","transport":"tcp","ports":[1],"nonce":N}),
                "unsupported_version",
            ),
            (
                serde_json::json!({"transport":"tcp","ports":[1],"nonce":N}),
                "bad_request",
            ),
            (
                serde_json::json!({"api":"v1","transport":"ftp","ports":[1],"nonce":N}),
                "bad_request",
            ),
            (
                serde_json::json!({"api":"v1","transport":"tcp","ports":[],"nonce":N}),
                "invalid_request",
            ),
            (
                serde_json::json!({"api":"v1","transport":"tcp","ports":[1,2,3,4,5],"nonce":N}),
                "invalid_request",
            ),
            (
                serde_json::json!({"api":"v1","transport":"tcp","ports":[0],"nonce":N}),
                "invalid_request",
            ),
            (
                serde_json::json!({"api":"v1","transport":"tcp","ports":[70000],"nonce":N}),
                "bad_request",
            ),
            (
                serde_json::json!({"api":"v1","transport":"tcp","ports":[1],"nonce":"short"}),
                "invalid_request",
            ),
            (
                serde_json::json!({"api":"v1","transport":"tcp","ports":[1],"nonce":N.to_uppercase()}),
                "invalid_request",
            ),
            // Nothing may name a target.
            (
                serde_json::json!({"api":"v1","transport":"tcp","ports":[1],"nonce":N,"host":"111.222.33.99"}),
                "bad_request",
            ),
            (
                serde_json::json!({"api":"v1","transport":"tcp","ports":[1],"nonce":N,"target":"10.0.0.1:22"}),
                "bad_request",
            ),
            (
                serde_json::json!({"api":"v1","transport":"http","ports":[1],"nonce":N,"path":"http://111.222.33.99/"}),
                "invalid_request",
            ),
            (
                serde_json::json!({"api":"v1","transport":"http","ports":[1],"nonce":N,"path":"//111.222.33.99/"}),
                "invalid_request",
            ),
            (
                serde_json::json!({"api":"v1","transport":"http","ports":[1],"nonce":N,"path":"/a b"}),
                "invalid_request",
            ),
            (
                serde_json::json!({"api":"v1","transport":"http","ports":[1],"nonce":N,"path":"/\r\nHost: x"}),
                "invalid_request",
            ),
            (
                serde_json::json!({"api":"v1","transport":"http","ports":[1],"nonce":N,"fingerprint":"111.222.33.99"}),
                "invalid_request",
            ),
            (
                serde_json::json!({"api":"v1","transport":"tcp","ports":[1],"nonce":N,"path":"/x"}),
                "invalid_request",
            ),
        ];
        for (v, code) in bad {
            let e = validate(&body(v.clone())).unwrap_err();
            assert_eq!(e.code(), code, "{v}: {e:?}");
            assert!(!e.message().is_empty());
        }
        assert_eq!(validate(b"{").unwrap_err().code(), "bad_request");
        assert_eq!(
            validate(&[b' '; 4096]).unwrap_err().code(),
            "invalid_request"
        );
        assert_eq!(
            validate(&body(serde_json::json!({"api":"v9"})))
                .unwrap_err()
                .status(),
            409
        );
    }

    #[test]
    fn responses_round_trip_and_versions() {
        let r = CheckResponse {
            api: API.into(),
            seen_from: "111.222.33.123".parse().unwrap(),
            transport: Transport::Http,
            results: vec![PortResult {
                port: 5000,
                result: Outcome::Open,
                ms: 1.5,
                proof: Some(Proof::Nonce),
                http_status: Some(200),
                fingerprint: None,
                detail: None,
            }],
        };
        let bytes = serde_json::to_vec(&r).unwrap();
        assert_eq!(parse_check_response(&bytes, &[5000]).unwrap(), r);
        assert!(matches!(
            parse_check_response(&bytes, &[5001]),
            Err(ResponseError::Malformed(_))
        ));
        let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        v["api"] = "v2".into();
        assert_eq!(
            parse_check_response(&body(v), &[5000]),
            Err(ResponseError::Version("v2".into()))
        );
        assert!(parse_check_response(b"<html>", &[5000]).is_err());
        let e =
            serde_json::json!({"api":"v1","error":"rate_limited","message":"m","retry_after_s":6});
        let parsed = parse_error_response(&body(e)).unwrap().unwrap();
        assert_eq!(parsed.retry_after_s, Some(6));
        assert!(parse_error_response(b"{}").is_none());
        let old = serde_json::json!({"api":"v0","error":"x","message":"m"});
        assert!(parse_error_response(&body(old)).unwrap().is_err());
    }

    #[test]
    fn evidence() {
        let a = fingerprint(200, Some("text/html; charset=utf-8"), b"hello");
        assert_eq!(a, fingerprint(200, Some("TEXT/HTML"), b"hello"));
        assert_ne!(a, fingerprint(404, Some("text/html"), b"hello"));
        assert_ne!(a, fingerprint(200, Some("text/html"), b"hello!"));
        assert_eq!(a.len(), 64);
        let echo = serde_json::json!({"server":"netcheck","body":{"nonce":N}});
        assert!(echoed_nonce(&body(echo), N));
        let other = serde_json::json!({"server":"flask","body":{"nonce":N}});
        assert!(!echoed_nonce(&body(other), N));
        assert!(!echoed_nonce(b"<html>", N));
        let d = udp_datagram(N);
        assert_eq!(d.len(), UDP_LEN);
        assert!(is_udp_datagram(&d));
        assert!(!is_udp_datagram(&d[1..]));
        assert!(!is_udp_datagram(
            b"netcheck-udp/1 zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
        ));
        assert!(is_hex(&new_nonce(), NONCE_LEN));
        assert!(validate(&post_body(N)).is_err());
    }
}
