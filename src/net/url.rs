//! Absolute http(s) URLs, as netcheck needs them: echo sources on the command
//! line, UPnP description locations, redirect targets. Pure parsing of
//! possibly hostile text, no I/O.
//!
//! Hosts are read the way browsers (the WHATWG URL standard) read them, so the
//! redirect policy sees what a connection would reach: `0x7f.1`, `2130706433`
//! and `0300.0250.1.1` are IPv4 addresses, `[::1]` is IPv6, names are
//! lower-cased. International names must be given in their ASCII (`xn--`) form.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The host of a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    Ip(IpAddr),
    /// A DNS name, lower-case ASCII, without a trailing dot removed.
    Name(String),
}

/// An absolute `http://` or `https://` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl {
    pub https: bool,
    pub host: Host,
    pub port: u16,
    /// Origin-form request target: the path (always starting with `/`) and
    /// the query, percent-encoded where needed; no fragment.
    pub target: String,
}

/// Longest URL accepted.
pub const MAX_URL: usize = 8 * 1024;

impl HttpUrl {
    pub fn scheme(&self) -> &'static str {
        if self.https { "https" } else { "http" }
    }

    fn default_port(&self) -> u16 {
        if self.https { 443 } else { 80 }
    }

    /// The host as written in a URL (`[::1]` for IPv6).
    pub fn host_str(&self) -> String {
        match &self.host {
            Host::Ip(IpAddr::V6(ip)) => format!("[{ip}]"),
            Host::Ip(IpAddr::V4(ip)) => ip.to_string(),
            Host::Name(n) => n.clone(),
        }
    }

    /// The `Host` header: the host, and the port when it is not the default.
    pub fn authority(&self) -> String {
        if self.port == self.default_port() {
            self.host_str()
        } else {
            format!("{}:{}", self.host_str(), self.port)
        }
    }

    /// The name TLS checks the certificate against (an IP literal or a DNS name).
    pub fn server_name(&self) -> String {
        match &self.host {
            Host::Ip(ip) => ip.to_string(),
            Host::Name(n) => n.trim_end_matches('.').to_string(),
        }
    }

    /// Resolves a redirect's `Location` against this URL.
    pub fn join(&self, location: &str) -> Result<HttpUrl, String> {
        let loc = clean(location);
        if has_scheme(&loc) {
            return parse(&loc);
        }
        if loc.starts_with("//") || loc.starts_with("\\\\") {
            return parse(&format!("{}:{loc}", self.scheme()));
        }
        let (base_path, _) = split_query(&self.target);
        let target = if loc.starts_with('/') || loc.starts_with('\\') {
            loc.to_string()
        } else if loc.is_empty() {
            self.target.clone()
        } else if loc.starts_with('?') {
            format!("{base_path}{loc}")
        } else if loc.starts_with('#') {
            self.target.clone()
        } else {
            let dir = &base_path[..base_path.rfind('/').map_or(0, |i| i + 1)];
            format!("{dir}{loc}")
        };
        Ok(HttpUrl {
            target: encode_target(&target),
            ..self.clone()
        })
    }
}

impl fmt::Display for HttpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}{}", self.scheme(), self.authority(), self.target)
    }
}

/// WHATWG: leading/trailing C0 controls and spaces go, tabs and newlines anywhere go.
fn clean(s: &str) -> String {
    s.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) if i > 0 => {
            let scheme = &s[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

fn split_query(target: &str) -> (&str, &str) {
    match target.find('?') {
        Some(i) => (&target[..i], &target[i..]),
        None => (target, ""),
    }
}

/// Parses an absolute http(s) URL.
pub fn parse(raw: &str) -> Result<HttpUrl, String> {
    if raw.len() > MAX_URL {
        return Err(format!("URL longer than {MAX_URL} bytes"));
    }
    let s = clean(raw);
    if !has_scheme(&s) {
        return Err("relative URL without a base (it needs http:// or https://)".into());
    }
    let colon = s.find(':').unwrap_or_default();
    let scheme = s[..colon].to_ascii_lowercase();
    let https = match scheme.as_str() {
        "http" => false,
        "https" => true,
        other => return Err(format!("scheme '{other}' is not http or https")),
    };
    // Special schemes ignore any number of slashes (or backslashes) here.
    let rest = s[colon + 1..].trim_start_matches(['/', '\\']);
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if authority.contains('@') {
        return Err("user names and passwords in URLs are not supported".into());
    }
    let (host_text, port_text) = split_port(authority)?;
    if host_text.is_empty() {
        return Err("no host".into());
    }
    let host = parse_host(host_text)?;
    let default_port = if https { 443 } else { 80 };
    let port = match port_text {
        None | Some("") => default_port,
        Some(p) => p
            .parse::<u16>()
            .ok()
            .filter(|_| p.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| format!("invalid port '{p}'"))?,
    };
    Ok(HttpUrl {
        https,
        host,
        port,
        target: encode_target(tail),
    })
}

/// `host:port`, `[v6]:port`, `host`.
fn split_port(authority: &str) -> Result<(&str, Option<&str>), String> {
    if let Some(inner) = authority.strip_prefix('[') {
        let close = inner
            .find(']')
            .ok_or("IPv6 address without its closing ']'")?;
        let after = &inner[close + 1..];
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return Err(format!("unexpected '{after}' after the IPv6 address")),
        };
        return Ok((&authority[..close + 2], port));
    }
    Ok(match authority.rfind(':') {
        Some(i) => (&authority[..i], Some(&authority[i + 1..])),
        None => (authority, None),
    })
}

fn parse_host(text: &str) -> Result<Host, String> {
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        return inner
            .parse::<Ipv6Addr>()
            .map(|ip| Host::Ip(IpAddr::V6(ip)))
            .map_err(|_| format!("invalid IPv6 address '{inner}'"));
    }
    if !text.is_ascii() {
        return Err(format!(
            "host '{text}': international names need their ASCII (xn--) form"
        ));
    }
    let lower = text.to_ascii_lowercase();
    const FORBIDDEN: &[char] = &[
        ' ', '#', '%', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|', '"', '{', '}', '`',
    ];
    if lower
        .chars()
        .any(|c| c.is_ascii_control() || FORBIDDEN.contains(&c))
    {
        return Err(format!("invalid host '{text}'"));
    }
    if ends_in_number(&lower) {
        return ipv4(&lower)
            .map(|ip| Host::Ip(IpAddr::V4(ip)))
            .ok_or_else(|| format!("invalid IPv4 address '{text}'"));
    }
    Ok(Host::Name(lower))
}

/// WHATWG "ends in a number": the last label (after a trailing dot is
/// dropped) is decimal digits or `0x` hex.
fn ends_in_number(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    let last = host.rsplit('.').next().unwrap_or_default();
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    last.strip_prefix("0x")
        .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// WHATWG IPv4 parser: 1 to 4 parts, each decimal, `0x` hex or `0` octal;
/// the last part fills the remaining bytes.
fn ipv4(host: &str) -> Option<Ipv4Addr> {
    let host = host.strip_suffix('.').unwrap_or(host);
    let parts: Vec<&str> = host.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut numbers = Vec::with_capacity(4);
    for p in &parts {
        numbers.push(ipv4_number(p)?);
    }
    let (last, head) = numbers.split_last()?;
    if head.iter().any(|n| *n > 255) {
        return None;
    }
    let room = 8 * (5 - parts.len() as u32);
    if room < 64 && *last >= 1u64 << room {
        return None;
    }
    let mut value = *last;
    for (i, n) in head.iter().enumerate() {
        value += n << (8 * (3 - i as u32));
    }
    u32::try_from(value).ok().map(Ipv4Addr::from)
}

fn ipv4_number(p: &str) -> Option<u64> {
    if p.is_empty() || p.len() > 32 {
        return None;
    }
    let (digits, radix) = if let Some(h) = p.strip_prefix("0x") {
        (h, 16)
    } else if p.len() > 1 && p.starts_with('0') {
        (&p[1..], 8)
    } else {
        (p, 10)
    };
    if digits.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(digits, radix).ok()
}

/// The path and query as an origin-form target: no fragment, `\` read as
/// `/`, characters a request line cannot carry percent-encoded.
fn encode_target(tail: &str) -> String {
    let tail = tail.split('#').next().unwrap_or_default();
    let mut out = String::with_capacity(tail.len() + 1);
    if !tail.starts_with(['/', '\\']) {
        out.push('/');
    }
    let mut in_query = false;
    for c in tail.chars() {
        match c {
            '?' => {
                in_query = true;
                out.push('?');
            }
            '\\' if !in_query => out.push('/'),
            c if c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '`' | '{' | '}') => {
                out.push(c)
            }
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> HttpUrl {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn parses_what_sources_and_routers_write() {
        let cases = [
            ("https://api.ipify.org", "https://api.ipify.org/", 443),
            (
                "http://111.222.33.1:8080/",
                "http://111.222.33.1:8080/",
                8080,
            ),
            (
                "http://192.168.99.1:5555/rootDesc.xml",
                "http://192.168.99.1:5555/rootDesc.xml",
                5555,
            ),
            (
                "HTTP://Example.COM:80/a?b=c#frag",
                "http://example.com/a?b=c",
                80,
            ),
            (
                "https://[2111:222::1]:8443/ip",
                "https://[2111:222::1]:8443/ip",
                8443,
            ),
            ("http://[::1]/", "http://[::1]/", 80),
            ("  http://a.example/x y\t", "http://a.example/x%20y", 80),
            (
                "http:\\\\a.example\\p\\q?x\\y",
                "http://a.example/p/q?x\\y",
                80,
            ),
            ("http://a.example/é", "http://a.example/%C3%A9", 80),
            ("http://a.example:/", "http://a.example/", 80),
        ];
        for (raw, want, port) in cases {
            let u = ok(raw);
            assert_eq!(u.to_string(), want, "{raw}");
            assert_eq!(u.port, port, "{raw}");
        }
        assert_eq!(ok("https://[::1]:8443/").server_name(), "::1");
        assert_eq!(ok("https://a.example./").server_name(), "a.example");
        assert_eq!(ok("http://a.example:8080/x").authority(), "a.example:8080");
    }

    #[test]
    fn hosts_are_read_as_browsers_read_them() {
        let cases = [
            ("http://2130706433/", "127.0.0.1"),
            ("http://0x7f.1/", "127.0.0.1"),
            ("http://0300.0250.1.1/", "192.168.1.1"),
            ("http://127.1/", "127.0.0.1"),
            ("http://10.0.0.1./", "10.0.0.1"),
            ("http://0x7F000001/", "127.0.0.1"),
            ("http://[::ffff:192.168.1.1]/", "::ffff:192.168.1.1"),
        ];
        for (raw, ip) in cases {
            assert_eq!(ok(raw).host, Host::Ip(ip.parse().unwrap()), "{raw}");
        }
        assert_eq!(ok("http://LocalHost/").host, Host::Name("localhost".into()));
        assert_eq!(
            ok("http://1a.example/").host,
            Host::Name("1a.example".into())
        );
    }

    #[test]
    fn refuses_what_is_not_an_http_url() {
        for (raw, needle) in [
            ("ftp://a.example/", "scheme 'ftp'"),
            ("file:///etc/passwd", "scheme 'file'"),
            ("api.ipify.org", "relative"),
            ("http://", "no host"),
            ("http://a.example:99999/", "invalid port"),
            ("http://a.example:8o/", "invalid port"),
            ("http://256.1.1.1/", "invalid IPv4"),
            ("http://1.2.3.4.5/", "invalid IPv4"),
            ("http://0x100000000/", "invalid IPv4"),
            ("http://[::1/", "closing"),
            ("http://[zz]/", "invalid IPv6"),
            ("http://user:pw@a.example/", "passwords"),
            ("http://a b/", "invalid host"),
            ("http://bücher.example/", "xn--"),
        ] {
            let e = parse(raw).unwrap_err();
            assert!(e.contains(needle), "{raw}: {e}");
        }
        assert!(parse(&format!("http://a.example/{}", "a".repeat(MAX_URL))).is_err());
    }

    #[test]
    fn redirects_join_like_browsers() {
        let base = ok("http://192.168.99.1:5555/dir/desc.xml?x=1");
        for (loc, want) in [
            ("/other", "http://192.168.99.1:5555/other"),
            ("sub.xml", "http://192.168.99.1:5555/dir/sub.xml"),
            ("?y=2", "http://192.168.99.1:5555/dir/desc.xml?y=2"),
            ("//10.0.0.1/x", "http://10.0.0.1/x"),
            ("https://a.example/ip", "https://a.example/ip"),
            ("HTTP://0x7f.1/", "http://127.0.0.1/"),
        ] {
            assert_eq!(base.join(loc).unwrap().to_string(), want, "{loc}");
        }
        assert!(base.join("ftp://a.example/").is_err());
    }
}
