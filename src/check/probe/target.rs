//! What `netcheck probe` is pointed at: an IP, a host name, `host:port`, or an
//! `http://` / `https://` URL — parsed into one plain [`Target`]. Pure.

use serde::Serialize;
use std::net::IpAddr;

/// Port used when neither the target nor `--port` names one (the guide's Flask port).
pub const DEFAULT_PORT: u16 = 5000;
const MAX_TARGET_LEN: usize = 2048;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }
    fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    Ip(IpAddr),
    Name(String),
}

impl std::fmt::Display for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Host::Ip(IpAddr::V6(v6)) => write!(f, "[{v6}]"),
            Host::Ip(ip) => write!(f, "{ip}"),
            Host::Name(n) => f.write_str(n),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub scheme: Scheme,
    pub host: Host,
    pub port: u16,
    /// Origin-form request target: path and query, starting with `/`.
    pub path: String,
}

impl Target {
    /// `http://host:port/path`.
    pub fn url(&self) -> String {
        format!(
            "{}://{}:{}{}",
            self.scheme.as_str(),
            self.host,
            self.port,
            self.path
        )
    }

    /// The `Host` header: the port is left out when it is the scheme's default.
    pub fn host_header(&self) -> String {
        if self.port == self.scheme.default_port() {
            self.host.to_string()
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The name TLS checks the certificate against.
    pub fn tls_name(&self) -> String {
        match &self.host {
            Host::Ip(ip) => ip.to_string(),
            Host::Name(n) => n.clone(),
        }
    }
}

/// Ports in TARGET are checked like `--port` (1-65535; the error names the value).
pub use crate::cli::parse_port;

/// Parses TARGET with the `--port` and `--path` flags. A flag that
/// contradicts the URL is an error rather than a silent choice.
pub fn parse_target(raw: &str, port: Option<u16>, path: Option<&str>) -> Result<Target, String> {
    let s = raw.trim();
    let bad = |why: &str| format!("bad target '{raw}': {why}");
    if s.is_empty() {
        return Err(bad(
            "empty (give an IP address, a host name or an http:// URL)",
        ));
    }
    if s.len() > MAX_TARGET_LEN {
        return Err(bad("too long"));
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("contains spaces or control characters"));
    }
    let (scheme, rest, is_url) = match s.find("://") {
        Some(i) => {
            let scheme = match s[..i].to_ascii_lowercase().as_str() {
                "http" => Scheme::Http,
                "https" => Scheme::Https,
                other => return Err(bad(&format!("scheme '{other}' is not http or https"))),
            };
            (scheme, &s[i + 3..], true)
        }
        None => (Scheme::Http, s, false),
    };
    // Split authority from path; drop a fragment.
    let rest = rest.split('#').next().unwrap_or_default();
    let (authority, url_path) = match rest.find(['/', '?']) {
        Some(i) if rest.as_bytes()[i] == b'?' => (&rest[..i], format!("/{}", &rest[i..])),
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, String::new()),
    };
    if authority.contains('@') {
        return Err(bad("user names and passwords in the URL are not supported"));
    }
    let (host_text, url_port) =
        crate::net::split_host_port(authority).ok_or_else(|| bad("bad host or port"))?;
    if host_text.is_empty() {
        return Err(bad("no host"));
    }
    let host = parse_host(host_text).map_err(|e| bad(&e))?;
    let url_port = match url_port {
        None => None,
        Some(p) => Some(parse_port(p).map_err(|e| bad(&e))?),
    };
    let port = match (port, url_port) {
        (Some(f), Some(u)) if f != u => {
            return Err(bad(&format!(
                "it says port {u}, but --port says {f}; give the port once"
            )));
        }
        (Some(p), _) | (None, Some(p)) => p,
        (None, None) if is_url => scheme.default_port(),
        (None, None) => DEFAULT_PORT,
    };
    let url_has_path = !url_path.is_empty() && url_path != "/";
    let path = match (path, url_has_path) {
        (Some(f), true) if normalise_path(f) != url_path => {
            return Err(bad(&format!(
                "it says path {url_path}, but --path says {f}; give the path once"
            )));
        }
        (Some(f), _) => normalise_path(f),
        (None, true) => url_path,
        (None, false) => "/".to_string(),
    };
    if path.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("the path contains spaces or control characters"));
    }
    Ok(Target {
        scheme,
        host,
        port,
        path,
    })
}

fn normalise_path(p: &str) -> String {
    if p.starts_with('/') {
        p.to_string()
    } else {
        format!("/{p}")
    }
}

fn parse_host(h: &str) -> Result<Host, String> {
    if let Ok(ip) = h.parse::<IpAddr>() {
        return Ok(Host::Ip(ip.to_canonical()));
    }
    if h.contains(':') {
        return Err(format!("'{h}' is not a valid IPv6 address"));
    }
    if h.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(format!("'{h}' is not a valid IPv4 address"));
    }
    let name = h.trim_end_matches('.');
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    if name.is_empty() || name.len() > 253 || !name.split('.').all(label_ok) {
        return Err(format!(
            "'{h}' is not a valid host name (letters, digits, '-' and '.'; write other scripts in punycode)"
        ));
    }
    Ok(Host::Name(name.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_targets() {
        // (raw, --port, --path) → url
        let cases: &[(&str, Option<u16>, Option<&str>, &str)] = &[
            ("192.168.99.123", None, None, "http://192.168.99.123:5000/"),
            (
                "192.168.99.123",
                Some(8080),
                None,
                "http://192.168.99.123:8080/",
            ),
            (
                "192.168.99.123:8080",
                None,
                None,
                "http://192.168.99.123:8080/",
            ),
            (
                "192.168.99.123:8080",
                Some(8080),
                None,
                "http://192.168.99.123:8080/",
            ),
            ("::1", None, None, "http://[::1]:5000/"),
            ("[::1]", None, None, "http://[::1]:5000/"),
            ("[::1]:7000", None, None, "http://[::1]:7000/"),
            ("::ffff:10.0.0.1", None, None, "http://10.0.0.1:5000/"),
            ("Example.COM", None, None, "http://example.com:5000/"),
            (
                "my-host.local:81",
                None,
                Some("api"),
                "http://my-host.local:81/api",
            ),
            (
                "http://111.222.33.123",
                None,
                None,
                "http://111.222.33.123:80/",
            ),
            (
                "https://example.net",
                None,
                None,
                "https://example.net:443/",
            ),
            (
                "HTTPS://example.net:8443/p?q=1#frag",
                None,
                None,
                "https://example.net:8443/p?q=1",
            ),
            (
                "http://example.net?x=1",
                None,
                None,
                "http://example.net:80/?x=1",
            ),
            (
                "http://example.net/",
                None,
                Some("/a"),
                "http://example.net:80/a",
            ),
            (
                "http://example.net/a",
                None,
                Some("/a"),
                "http://example.net:80/a",
            ),
            (
                "http://[2001:db8::1]:5000/x",
                None,
                None,
                "http://[2001:db8::1]:5000/x",
            ),
            ("localhost", None, None, "http://localhost:5000/"),
            ("host.", None, None, "http://host:5000/"),
        ];
        for (raw, port, path, want) in cases {
            let t = parse_target(raw, *port, *path).unwrap_or_else(|e| panic!("{raw}: {e}"));
            assert_eq!(t.url(), *want, "{raw}");
        }
    }

    #[test]
    fn bad_targets_name_the_value() {
        let cases: &[(&str, Option<u16>, Option<&str>, &str)] = &[
            ("", None, None, "empty"),
            ("ftp://example.net", None, None, "ftp"),
            ("http://", None, None, "no host"),
            ("http://:80/", None, None, "no host"),
            ("example.net:0", None, None, "'0'"),
            ("example.net:65536", None, None, "'65536'"),
            ("example.net:http", None, None, "'http'"),
            ("999.1.1.1", None, None, "999.1.1.1"),
            ("1.2.3", None, None, "1.2.3"),
            ("exa mple.net", None, None, "spaces"),
            ("bad_host!", None, None, "bad_host!"),
            ("-lead.example", None, None, "-lead.example"),
            ("http://user:pw@example.net/", None, None, "passwords"),
            ("[::1", None, None, "bad host"),
            ("fe80::1::2", None, None, "fe80::1::2"),
            (
                "http://example.net:8080",
                Some(5000),
                None,
                "--port says 5000",
            ),
            ("http://example.net/a", None, Some("/b"), "--path says /b"),
            ("한국.kr", None, None, "punycode"),
        ];
        for (raw, port, path, needle) in cases {
            let e = parse_target(raw, *port, *path).unwrap_err();
            assert!(e.contains(needle), "{raw}: {e}");
            assert!(e.contains(&format!("'{raw}'")), "{raw}: {e}");
        }
    }

    #[test]
    fn host_header_and_tls_name() {
        let t = parse_target("https://example.net/x", None, None).unwrap();
        assert_eq!(t.host_header(), "example.net");
        assert_eq!(t.tls_name(), "example.net");
        let t = parse_target("[::1]:5000", None, None).unwrap();
        assert_eq!(t.host_header(), "[::1]:5000");
        assert_eq!(t.tls_name(), "::1");
    }

    use crate::cli::parse_json_data;

    #[test]
    fn ports_and_data() {
        for (raw, ok) in [
            ("1", true),
            ("5000", true),
            ("65535", true),
            ("0", false),
            ("65536", false),
            ("-1", false),
            ("abc", false),
            ("", false),
        ] {
            match parse_port(raw) {
                Ok(_) => assert!(ok, "{raw}"),
                Err(e) => {
                    assert!(!ok, "{raw}");
                    assert!(e.contains(&format!("'{raw}'")), "{e}");
                }
            }
        }
        assert!(parse_json_data(r#"{"a":1}"#).is_ok());
        assert!(parse_json_data("[1,2]").is_ok());
        let e = parse_json_data("{bad").unwrap_err();
        assert!(e.contains("'{bad'"), "{e}");
    }
}
