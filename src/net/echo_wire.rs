//! The contract between `netcheck serve` and `netcheck probe`: what the
//! server's JSON says and how the probe checks it. Pure functions.

use crate::net::cause::{Cause, EchoPart, Failure};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::time::{SystemTime, UNIX_EPOCH};

/// The `server` field of every answer of `netcheck serve`; probe uses it to
/// know that it may check the echo.
pub const SERVER_TAG: &str = "netcheck";

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

/// `s` as a JSON string, the bytes serde_json writes: text without control
/// characters, quotes or backslashes (nearly every method and path) is
/// copied as it is, the rest goes through serde_json's escaping.
pub fn push_json_str(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

/// An IP address as a JSON string (as serde writes `IpAddr`), IPv4 through [`Ipv4Text`].
pub fn push_json_ip(out: &mut Vec<u8>, ip: std::net::IpAddr) {
    match ip {
        std::net::IpAddr::V4(v4) => {
            out.push(b'"');
            out.extend_from_slice(Ipv4Text::new(v4).as_str().as_bytes());
            out.push(b'"');
        }
        v6 => {
            let _ = serde_json::to_writer(&mut *out, &v6);
        }
    }
}

/// `2026-11-25T09:35:12.345Z` (UTC, milliseconds).
pub fn rfc3339(t: SystemTime) -> String {
    with_rfc3339(t, str::to_owned)
}

/// [`rfc3339`] lent to `f` without a copy. A busy server stamps many
/// requests within one millisecond: the text of the last one is kept per
/// thread and reused. `f` must not call back into this function.
pub fn with_rfc3339<R>(t: SystemTime, f: impl FnOnce(&str) -> R) -> R {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(SystemTime, String)>> =
            const { std::cell::RefCell::new(None) };
    }
    let ms = |t: SystemTime| {
        t.duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default()
    };
    LAST.with(|last| {
        let Ok(mut last) = last.try_borrow_mut() else {
            // Called from inside `f`: no cache for this one.
            return f(&format_rfc3339(t));
        };
        let same = last
            .as_ref()
            .is_some_and(|(when, _)| t >= UNIX_EPOCH && *when >= UNIX_EPOCH && ms(*when) == ms(t));
        if !same {
            *last = Some((t, format_rfc3339(t)));
        }
        match last.as_ref() {
            Some((_, text)) => f(text),
            None => f(&format_rfc3339(t)),
        }
    })
}

/// `192.168.99.50` written without the formatting machinery: a busy server
/// writes one per request, in its answer and its log line.
#[derive(Debug, Clone, Copy)]
pub struct Ipv4Text {
    buf: [u8; 15],
    len: usize,
}

impl Ipv4Text {
    pub fn new(ip: std::net::Ipv4Addr) -> Ipv4Text {
        let mut t = Ipv4Text {
            buf: [0; 15],
            len: 0,
        };
        for (i, octet) in ip.octets().into_iter().enumerate() {
            if i > 0 {
                t.push(b'.');
            }
            if octet >= 100 {
                t.push(b'0' + octet / 100);
            }
            if octet >= 10 {
                t.push(b'0' + octet / 10 % 10);
            }
            t.push(b'0' + octet % 10);
        }
        t
    }

    fn push(&mut self, b: u8) {
        self.buf[self.len] = b;
        self.len += 1;
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits and dots were written.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

/// Appends `n` in decimal, without the formatting machinery.
pub fn push_decimal(out: &mut String, n: u64) {
    out.push_str(Decimal::new(n).as_str());
}

/// `n` in decimal, written without the formatting machinery.
pub struct Decimal {
    digits: [u8; 20],
    at: usize,
}

impl Decimal {
    pub fn new(mut n: u64) -> Decimal {
        let mut d = Decimal {
            digits: [0; 20],
            at: 20,
        };
        loop {
            d.at -= 1;
            d.digits[d.at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                return d;
            }
        }
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits were written.
        std::str::from_utf8(&self.digits[self.at..]).unwrap_or_default()
    }
}

/// A time that serializes as [`rfc3339`] text, without a copy.
#[derive(Debug, Clone, Copy)]
pub struct Rfc3339(pub SystemTime);

impl serde::Serialize for Rfc3339 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        with_rfc3339(self.0, |text| s.serialize_str(text))
    }
}

fn format_rfc3339(t: SystemTime) -> String {
    let (secs, millis) = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (d.as_secs() as i64, d.subsec_millis()),
        Err(e) => {
            // Before 1970: count back from the epoch.
            let d = e.duration();
            let mut s = -(d.as_secs() as i64);
            let mut ms = d.subsec_millis();
            if ms > 0 {
                s -= 1;
                ms = 1000 - ms;
            }
            (s, ms)
        }
    };
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let (hh, mm, ss) = (
        (rem / 3600) as u32,
        (rem % 3600 / 60) as u32,
        (rem % 60) as u32,
    );
    let year = match u32::try_from(y) {
        Ok(year) if year <= 9999 => year,
        _ => return format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.{millis:03}Z"),
    };
    // Digit by digit: `format!` cost about 1,600 instructions (callgrind),
    // once per millisecond per thread on a busy server.
    let mut text = *b"0000-00-00T00:00:00.000Z";
    let mut put = |at: usize, width: usize, mut n: u32| {
        for i in (at..at + width).rev() {
            text[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
    };
    put(0, 4, year);
    put(5, 2, m);
    put(8, 2, d);
    put(11, 2, hh);
    put(14, 2, mm);
    put(17, 2, ss);
    put(20, 3, millis);
    String::from_utf8_lossy(&text).into_owned()
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian
/// (H. Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Parses a query string the way web frameworks do: `+` is a space,
/// `%XX` is decoded (invalid UTF-8 replaced), a repeated key becomes an array.
pub fn parse_query(q: &str) -> Map<String, Value> {
    let mut map = Map::new();
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (percent_decode(k), Value::String(percent_decode(v)));
        match map.get_mut(&k) {
            None => {
                map.insert(k, v);
            }
            Some(Value::Array(list)) => list.push(v),
            Some(first) => {
                let first = first.take();
                map.insert(k, Value::Array(vec![first, v]));
            }
        }
    }
    map
}

/// `+` → space, `%XX` → byte; a malformed escape is kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (
                    bytes.get(i + 1).copied().and_then(hex),
                    bytes.get(i + 2).copied().and_then(hex),
                ) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How a received body is echoed back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    Empty,
    Json,
    Text,
    /// Not UTF-8: echoed as text with replacement characters; length and
    /// SHA-256 are of the bytes received.
    Binary,
}

/// The echo of a body: as JSON when it is JSON, else as text.
pub fn echo_body(bytes: &[u8]) -> (Value, BodyKind) {
    if bytes.is_empty() {
        return (Value::String(String::new()), BodyKind::Empty);
    }
    if let Ok(v) = serde_json::from_slice::<Value>(bytes) {
        return (v, BodyKind::Json);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Value::String(s.to_string()), BodyKind::Text),
        Err(_) => (
            Value::String(String::from_utf8_lossy(bytes).into_owned()),
            BodyKind::Binary,
        ),
    }
}

/// What probe learns from a POST answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EchoCheck {
    /// Not `netcheck serve`: nothing to check.
    NotNetcheck,
    /// The server echoed exactly what was sent.
    Verified,
    /// `netcheck serve` answered, but the echo differs (named).
    Mismatch(Failure),
}

/// Checks the answer of `netcheck serve` to a POST of `sent`, which carries
/// `nonce` (when probe made the body itself).
pub fn check_echo(sent: &[u8], nonce: Option<&str>, answer: &[u8]) -> EchoCheck {
    let Ok(v) = serde_json::from_slice::<Value>(answer) else {
        return EchoCheck::NotNetcheck;
    };
    if v.get("server").and_then(Value::as_str) != Some(SERVER_TAG) {
        return EchoCheck::NotNetcheck;
    }
    let want_sha = sha256_hex(sent);
    if v.get("body_sha256").and_then(Value::as_str) != Some(want_sha.as_str()) {
        return mismatch(EchoPart::Sha256, "body_sha256 differs from the body sent");
    }
    if v.get("body_length").and_then(Value::as_u64) != Some(sent.len() as u64) {
        return mismatch(EchoPart::Length, "body_length differs from the body sent");
    }
    let (want_body, _) = echo_body(sent);
    if v.get("body") != Some(&want_body) {
        return mismatch(EchoPart::Body, "the echoed body differs from the body sent");
    }
    if let Some(n) = nonce
        && v.pointer("/body/nonce").and_then(Value::as_str) != Some(n)
    {
        return mismatch(EchoPart::Nonce, "the echoed nonce differs");
    }
    EchoCheck::Verified
}

fn mismatch(part: EchoPart, words: &str) -> EchoCheck {
    EchoCheck::Mismatch(Failure::new(Cause::EchoDiffers(part), words))
}

/// Is this answer from `netcheck serve`?
pub fn is_netcheck_answer(answer: &[u8]) -> bool {
    serde_json::from_slice::<Value>(answer)
        .ok()
        .and_then(|v| {
            v.get("server")
                .and_then(Value::as_str)
                .map(|s| s == SERVER_TAG)
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn sha256_known_values() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn the_per_thread_cache_never_serves_another_millisecond() {
        let t = UNIX_EPOCH + Duration::from_millis(1_764_063_312_345);
        let first = rfc3339(t);
        assert_eq!(rfc3339(t + Duration::from_micros(999)), first);
        assert_eq!(
            rfc3339(t + Duration::from_millis(1)),
            "2025-11-25T09:35:12.346Z"
        );
        assert_eq!(rfc3339(t), first);
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_rfc3339(t), first);
    }

    #[test]
    fn times() {
        let at = |s: u64, ms: u64| UNIX_EPOCH + Duration::from_millis(s * 1000 + ms);
        let cases = [
            (at(0, 0), "1970-01-01T00:00:00.000Z"),
            (at(951_782_400, 5), "2000-02-29T00:00:00.005Z"),
            (at(1_764_063_312, 345), "2025-11-25T09:35:12.345Z"),
            (at(4_102_444_799, 999), "2099-12-31T23:59:59.999Z"),
            (
                UNIX_EPOCH - Duration::from_millis(1),
                "1969-12-31T23:59:59.999Z",
            ),
        ];
        for (t, want) in cases {
            assert_eq!(rfc3339(t), want);
        }
    }

    #[test]
    fn queries() {
        let cases: &[(&str, Value)] = &[
            ("", serde_json::json!({})),
            ("a=1&b=two", serde_json::json!({"a": "1", "b": "two"})),
            ("q=hello+world%21", serde_json::json!({"q": "hello world!"})),
            ("a=1&a=2&a=3", serde_json::json!({"a": ["1", "2", "3"]})),
            ("flag", serde_json::json!({"flag": ""})),
            ("k=%E D%4", serde_json::json!({"k": "%E D%4"})),
            ("name=%ED%95%9C", serde_json::json!({"name": "한"})),
            ("x=%ff", serde_json::json!({"x": "\u{fffd}"})),
            ("&&a=&", serde_json::json!({"a": ""})),
        ];
        for (q, want) in cases {
            assert_eq!(Value::Object(parse_query(q)), *want, "{q}");
        }
    }

    #[test]
    fn bodies() {
        assert_eq!(echo_body(b"").1, BodyKind::Empty);
        assert_eq!(
            echo_body(br#"{"a":1}"#),
            (serde_json::json!({"a": 1}), BodyKind::Json)
        );
        assert_eq!(
            echo_body(b"hello"),
            (Value::String("hello".into()), BodyKind::Text)
        );
        assert_eq!(echo_body(&[0xff, 0x41]).1, BodyKind::Binary);
    }

    #[test]
    fn echo_checks() {
        let sent = br#"{"nonce":"n1","x":1}"#;
        let good = serde_json::json!({
            "server": SERVER_TAG,
            "body": {"nonce": "n1", "x": 1},
            "body_length": sent.len(),
            "body_sha256": sha256_hex(sent),
        });
        let bytes = |v: &Value| serde_json::to_vec(v).unwrap();
        assert_eq!(
            check_echo(sent, Some("n1"), &bytes(&good)),
            EchoCheck::Verified
        );
        let mut wrong_nonce = good.clone();
        wrong_nonce["body"]["nonce"] = "n2".into();
        assert!(matches!(
            check_echo(sent, Some("n1"), &bytes(&wrong_nonce)),
            EchoCheck::Mismatch(_)
        ));
        let mut wrong_sha = good.clone();
        wrong_sha["body_sha256"] = "00".into();
        assert!(matches!(
            check_echo(sent, None, &bytes(&wrong_sha)),
            EchoCheck::Mismatch(_)
        ));
        let mut wrong_len = good.clone();
        wrong_len["body_length"] = 3.into();
        assert!(matches!(
            check_echo(sent, None, &bytes(&wrong_len)),
            EchoCheck::Mismatch(_)
        ));
        let flask = serde_json::json!({"ok": true});
        assert_eq!(
            check_echo(sent, Some("n1"), &bytes(&flask)),
            EchoCheck::NotNetcheck
        );
        assert_eq!(
            check_echo(sent, None, b"<html>501</html>"),
            EchoCheck::NotNetcheck
        );
        assert!(is_netcheck_answer(&bytes(&good)));
        assert!(!is_netcheck_answer(b"{}"));
    }

    #[test]
    fn ip_and_number_text_match_display() {
        for ip in [
            "0.0.0.0",
            "1.2.3.4",
            "10.0.99.100",
            "192.168.99.50",
            "255.255.255.255",
            "2111:222:99::123",
            "::ffff:1.2.3.4",
            "fe80::1",
        ] {
            let addr: std::net::IpAddr = ip.parse().unwrap();
            if let std::net::IpAddr::V4(v4) = addr {
                assert_eq!(Ipv4Text::new(v4).as_str(), ip);
            }
            let mut json = Vec::new();
            push_json_ip(&mut json, addr);
            assert_eq!(json, serde_json::to_vec(&addr).unwrap(), "{ip}");
        }
        for n in [0u64, 7, 10, 99, 100, 65535, u64::MAX] {
            let mut out = String::from("x");
            push_decimal(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }

    #[test]
    fn json_strings_are_what_serde_writes() {
        for s in [
            "",
            "/",
            "/hello/wörld",
            "/\"><script>",
            "back\\slash",
            "tab\there",
            "nul\u{0}",
            "esc\u{1b}[31m",
            "del\u{7f}",
            "line\u{2028}sep",
            "한국어",
        ] {
            let mut out = b"x".to_vec();
            push_json_str(&mut out, s);
            let mut want = b"x".to_vec();
            want.extend(serde_json::to_vec(s).unwrap());
            assert_eq!(
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&want),
                "{s:?}"
            );
        }
    }

    #[test]
    fn times_are_what_format_writes() {
        // Every field at its widest and narrowest, leap days, and the years
        // where the digit-by-digit text hands over to `format!`.
        let reference = |t: SystemTime| {
            let (secs, millis) = match t.duration_since(UNIX_EPOCH) {
                Ok(d) => (d.as_secs() as i64, d.subsec_millis()),
                Err(e) => {
                    let d = e.duration();
                    let ms = d.subsec_millis();
                    let s = -(d.as_secs() as i64) - i64::from(ms > 0);
                    (s, if ms > 0 { 1000 - ms } else { 0 })
                }
            };
            let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
            let rem = secs.rem_euclid(86_400);
            format!(
                "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
                rem / 3600,
                rem % 3600 / 60,
                rem % 60
            )
        };
        let mut t = UNIX_EPOCH - Duration::from_secs(86_400 * 400);
        let step = Duration::from_millis(86_400_000 * 37 + 3_599_001);
        for _ in 0..2_000 {
            assert_eq!(format_rfc3339(t), reference(t));
            t += step;
        }
        for t in [
            UNIX_EPOCH + Duration::from_millis(951_868_799_999),
            UNIX_EPOCH + Duration::from_secs(253_402_300_799),
            UNIX_EPOCH + Duration::from_millis(253_402_300_800_123),
            UNIX_EPOCH - Duration::from_secs(62_167_219_201),
        ] {
            assert_eq!(format_rfc3339(t), reference(t));
        }
        assert_eq!(
            format_rfc3339(UNIX_EPOCH + Duration::from_secs(253_402_300_799)),
            "9999-12-31T23:59:59.000Z"
        );
    }
}
