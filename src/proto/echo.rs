//! IP-echo services (myexternalip.com/raw, ipify …): the body is a bare IP
//! address, or JSON with an `ip` field. Pure parsing of hostile bytes.

use std::net::IpAddr;

/// Echo bodies larger than this are refused: an IP fits in 45 bytes.
pub const MAX_BODY: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EchoError {
    /// Empty body.
    Empty,
    /// The body is not an address (a short, printable excerpt of it).
    NotAnIp(String),
    /// JSON without a usable `ip` field.
    NoIpField,
}

impl std::fmt::Display for EchoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EchoError::Empty => f.write_str("empty answer"),
            EchoError::NotAnIp(s) => write!(f, "not an IP address: \"{s}\""),
            EchoError::NoIpField => f.write_str("JSON answer without an \"ip\" field"),
        }
    }
}

/// Parses an echo body into an address (`::ffff:a.b.c.d` becomes `a.b.c.d`).
pub fn parse_body(body: &[u8]) -> Result<IpAddr, EchoError> {
    let text = String::from_utf8_lossy(body);
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if text.is_empty() {
        return Err(EchoError::Empty);
    }
    if text.starts_with('{') {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|_| EchoError::NotAnIp(excerpt(text)))?;
        let ip = value
            .get("ip")
            .and_then(|v| v.as_str())
            .ok_or(EchoError::NoIpField)?;
        return parse_ip(ip.trim()).ok_or_else(|| EchoError::NotAnIp(excerpt(ip)));
    }
    parse_ip(text).ok_or_else(|| EchoError::NotAnIp(excerpt(text)))
}

fn parse_ip(s: &str) -> Option<IpAddr> {
    s.parse::<IpAddr>().ok().map(|ip| ip.to_canonical())
}

/// At most 40 characters, control characters replaced: safe to print.
fn excerpt(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(40)
        .map(|c| if c.is_control() { '·' } else { c })
        .collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let ok: &[(&[u8], &str)] = &[
            (b"111.222.33.123", "111.222.33.123"),
            (b"111.222.33.123\n", "111.222.33.123"),
            (b"  111.222.33.123\r\n", "111.222.33.123"),
            (b"2400:cb00::1\n", "2400:cb00::1"),
            (b"::ffff:111.222.33.123", "111.222.33.123"),
            (br#"{"ip":"111.222.33.123"}"#, "111.222.33.123"),
            (
                br#"{"ip": "2400:cb00::1", "country": "KR"}"#,
                "2400:cb00::1",
            ),
            ("\u{feff}1.2.3.4".as_bytes(), "1.2.3.4"),
        ];
        for (body, want) in ok {
            assert_eq!(parse_body(body).unwrap().to_string(), *want);
        }
        assert_eq!(parse_body(b""), Err(EchoError::Empty));
        assert_eq!(parse_body(b" \n"), Err(EchoError::Empty));
        assert!(matches!(
            parse_body(b"<html>hi</html>"),
            Err(EchoError::NotAnIp(_))
        ));
        assert!(matches!(
            parse_body(b"999.1.1.1"),
            Err(EchoError::NotAnIp(_))
        ));
        assert_eq!(
            parse_body(br#"{"addr":"1.2.3.4"}"#),
            Err(EchoError::NoIpField)
        );
        assert_eq!(parse_body(br#"{"ip":5}"#), Err(EchoError::NoIpField));
        assert!(matches!(
            parse_body(b"{not json"),
            Err(EchoError::NotAnIp(_))
        ));
        assert!(matches!(
            parse_body(&[0xff, 0xfe, 0x00]),
            Err(EchoError::NotAnIp(_))
        ));
    }

    #[test]
    fn excerpt_is_bounded_and_printable() {
        let long = "x".repeat(500);
        let EchoError::NotAnIp(e) = parse_body(long.as_bytes()).unwrap_err() else {
            panic!()
        };
        assert!(e.chars().count() <= 41);
        let EchoError::NotAnIp(e) = parse_body(b"a\x1b[31mb").unwrap_err() else {
            panic!()
        };
        assert!(!e.contains('\x1b'));
    }
}
