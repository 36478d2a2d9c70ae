//! Public-IP sources: HTTP(S) echo services and STUN servers, as given on the
//! command line (`--source`, `NETCHECK_SOURCES`) or the built-in defaults.

use super::Family;
use std::fmt;
use std::net::IpAddr;

/// Built-in sources: real public services. Tests never use these; they pass
/// `--source` pointing at loopback or lab hosts.
pub const DEFAULT_SOURCES: &[&str] = &[
    "stun:stun.l.google.com:19302",
    "stun:stun.cloudflare.com:3478",
    "https://myexternalip.com/raw",
    "https://api64.ipify.org",
    "https://icanhazip.com",
    "https://ifconfig.me/ip",
    "https://checkip.amazonaws.com",
];

/// Default STUN port (RFC 5389).
pub const STUN_PORT: u16 = 3478;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// An HTTP(S) echo service: GET returns the caller's address.
    Http(String),
    /// A STUN server: a Binding request returns the caller's address.
    Stun { host: String, port: u16 },
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Http(url) => f.write_str(url),
            Source::Stun { host, port } if host.contains(':') => write!(f, "stun:[{host}]:{port}"),
            Source::Stun { host, port } => write!(f, "stun:{host}:{port}"),
        }
    }
}

/// Parses one source. The error names the bad value and the accepted forms.
pub fn parse_source(raw: &str) -> Result<Source, String> {
    let s = raw.trim();
    let bad = |why: &str| {
        format!("bad source '{raw}': {why} (use http://…, https://… or stun:HOST:PORT)")
    };
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        check_url(s).map_err(|e| bad(&e))?;
        return Ok(Source::Http(s.to_string()));
    }
    let Some(rest) = lower.strip_prefix("stun:").map(|_| &s[5..]) else {
        return Err(bad("unknown kind of source"));
    };
    let rest = rest.trim_start_matches("//");
    let (host, port) =
        crate::net::split_host_port(rest).ok_or_else(|| bad("expected HOST:PORT"))?;
    if host.is_empty() || host.contains(['/', '@', '?', '#', ' ']) {
        return Err(bad("missing or invalid host"));
    }
    let port = super::port_or(port, STUN_PORT).map_err(|why| bad(&why))?;
    Ok(Source::Stun {
        host: host.to_string(),
        port,
    })
}

/// Parses every source (repeats folded); an empty list means the defaults.
pub fn parse_all(raw: &[String]) -> Result<Vec<Source>, String> {
    resolve(raw, None)
}

/// `--source` values, else `NETCHECK_SOURCES` (`env`), else the defaults.
pub fn resolve(flag: &[String], env: Option<&str>) -> Result<Vec<Source>, String> {
    super::resolve_list(
        flag,
        env,
        DEFAULT_SOURCES,
        "no source given: --source / NETCHECK_SOURCES is empty",
        parse_source,
    )
}

/// Checks that `s` is an absolute http(s) URL with a host.
pub fn check_url(s: &str) -> Result<(), String> {
    super::url::parse(s).map(|_| ())
}

use super::cause::Failure;

/// Why a source's answer was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    NotAnIp(String),
    WrongFamily {
        asked: Family,
        got: IpAddr,
    },
    PrivateAddress(IpAddr),
    TooLarge,
    HttpStatus(u16),
    /// No answer before the deadline.
    Late,
    /// Still running when two other sources had agreed.
    Skipped,
    NoIpv6OnHost,
    NoAddressOfFamily(Family),
    Resolve(Failure),
    Connect(Failure),
    Tls(Failure),
    Stun(Failure),
    Other(Failure),
}

impl SourceError {
    /// Stable code for `--json`.
    pub fn kind(&self) -> &'static str {
        use SourceError::*;
        match self {
            NotAnIp(_) => "not_an_ip",
            WrongFamily { .. } => "wrong_family",
            PrivateAddress(_) => "private_address",
            TooLarge => "too_large",
            HttpStatus(_) => "http_status",
            Late => "late",
            Skipped => "skipped",
            NoIpv6OnHost => "no_ipv6_on_host",
            NoAddressOfFamily(_) => "no_address_of_family",
            Resolve(_) => "resolve",
            Connect(_) => "connect",
            Tls(_) => "tls",
            Stun(_) => "stun",
            Other(_) => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_sources() {
        let cases = [
            ("http://111.222.33.1:8080/", "http://111.222.33.1:8080/"),
            ("https://example.net/ip", "https://example.net/ip"),
            ("stun:111.222.33.1:3478", "stun:111.222.33.1:3478"),
            ("stun:stun.example.net", "stun:stun.example.net:3478"),
            ("STUN:host:19302", "stun:host:19302"),
            ("stun:[::1]:3478", "stun:[::1]:3478"),
            ("stun:[::1]", "stun:[::1]:3478"),
            ("stun:::1", "stun:[::1]:3478"),
        ];
        for (raw, shown) in cases {
            assert_eq!(parse_source(raw).unwrap().to_string(), shown, "{raw}");
        }
    }

    #[test]
    fn bad_sources_name_the_value() {
        for raw in [
            "ftp://example.net/",
            "example.net",
            "stun:",
            "stun:host:0",
            "stun:host:65536",
            "stun:host:abc",
            "stun:[::1",
            "http://",
            "http://exa mple.net/",
            "udp:1.2.3.4:3478",
        ] {
            let e = parse_source(raw).unwrap_err();
            assert!(e.contains(raw), "{raw}: {e}");
        }
    }

    #[test]
    fn defaults_parse_and_duplicates_fold() {
        assert!(parse_all(&[]).unwrap().len() >= 6);
        let two = parse_all(&["stun:a:1".into(), "stun:a:1".into()]).unwrap();
        assert_eq!(two.len(), 1);
        assert!(parse_all(&["".into()]).is_err());
    }
}
