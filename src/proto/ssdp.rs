//! SSDP (UPnP discovery) search: the M-SEARCH request and the answers to it.
//!
//! Pure and written for hostile input: anyone on the LAN can answer a
//! multicast search, with any bytes. [`parse_reply`] keeps only what netcheck
//! needs — the LOCATION of the device description — and only in a strict
//! form: `http://` + an IPv4 literal + optional port + a path of plain
//! characters, so that the URL fetched is exactly the address checked.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddrV4};

/// The SSDP multicast group and port.
pub const MULTICAST: SocketAddrV4 = SocketAddrV4::new(Ipv4Addr::new(239, 255, 255, 250), 1900);
/// Answers longer than this are not SSDP (a UDP datagram on a LAN).
pub const MAX_REPLY: usize = 2048;
/// Longest LOCATION path kept.
pub const MAX_PATH: usize = 256;

/// What netcheck searches for: the gateway device and its WAN services.
pub const SEARCH_TARGETS: [&str; 3] = [
    "urn:schemas-upnp-org:device:InternetGatewayDevice:1",
    "urn:schemas-upnp-org:service:WANIPConnection:1",
    "urn:schemas-upnp-org:service:WANPPPConnection:1",
];

/// An M-SEARCH for `target` sent to `to` (the multicast group, or one host).
/// MX 1: devices spread their answers over at most one second.
pub fn encode_search(to: SocketAddrV4, target: &str) -> String {
    format!(
        "M-SEARCH * HTTP/1.1\r\nHOST: {to}\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: {target}\r\n\r\n"
    )
}

/// A usable search answer: where the device description is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The host of LOCATION (an IPv4 literal).
    pub host: Ipv4Addr,
    /// The port of LOCATION (80 when not given).
    pub port: u16,
    /// Path (and query) of LOCATION, starting with `/`.
    pub path: String,
}

impl Reply {
    /// `http://host:port/path`.
    pub fn location(&self) -> String {
        format!("http://{}:{}{}", self.host, self.port, self.path)
    }
}

/// Why a datagram is not a usable search answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SsdpError {
    TooLong(usize),
    /// Not `HTTP/1.x 200`: a request, a NOTIFY, an error, or garbage.
    NotAnAnswer,
    NoLocation,
    /// LOCATION is not `http://<IPv4>[:port]/path` in plain characters.
    BadLocation,
}

impl fmt::Display for SsdpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SsdpError::TooLong(n) => write!(f, "SSDP answer too long ({n} bytes)"),
            SsdpError::NotAnAnswer => f.write_str("not an SSDP search answer"),
            SsdpError::NoLocation => f.write_str("SSDP answer without LOCATION"),
            SsdpError::BadLocation => f.write_str("SSDP answer with an unusable LOCATION"),
        }
    }
}

impl std::error::Error for SsdpError {}

/// Parses one datagram answering an M-SEARCH.
pub fn parse_reply(buf: &[u8]) -> Result<Reply, SsdpError> {
    if buf.len() > MAX_REPLY {
        return Err(SsdpError::TooLong(buf.len()));
    }
    let text = std::str::from_utf8(buf).map_err(|_| SsdpError::NotAnAnswer)?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let status = lines.next().ok_or(SsdpError::NotAnAnswer)?;
    let mut words = status.split(' ').filter(|w| !w.is_empty());
    let version = words.next().unwrap_or_default();
    if !version
        .get(..7)
        .is_some_and(|v| v.eq_ignore_ascii_case("HTTP/1."))
        || words.next() != Some("200")
    {
        return Err(SsdpError::NotAnAnswer);
    }
    let mut location = None;
    for line in lines {
        if line.is_empty() {
            break;
        }
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if name.trim().eq_ignore_ascii_case("location") {
            if location.is_some() {
                // Two LOCATIONs: which one would the next reader take?
                return Err(SsdpError::BadLocation);
            }
            location = Some(value.trim());
        }
    }
    parse_location(location.ok_or(SsdpError::NoLocation)?)
}

/// `http://a.b.c.d[:port][/path]`, strictly.
fn parse_location(s: &str) -> Result<Reply, SsdpError> {
    let bad = SsdpError::BadLocation;
    let rest = s
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("http://"))
        .and_then(|_| s.get(7..))
        .ok_or(bad.clone())?;
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, "/"),
    };
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => {
            if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad);
            }
            (h, p.parse::<u16>().map_err(|_| bad.clone())?)
        }
        None => (authority, 80),
    };
    // Only the dotted-quad form std parses (no 0x7f.1, no octal, no names).
    let host: Ipv4Addr = host.parse().map_err(|_| bad.clone())?;
    if port == 0 || path.len() > MAX_PATH || !path.bytes().all(plain_path_byte) {
        return Err(bad);
    }
    Ok(Reply {
        host,
        port,
        path: path.to_string(),
    })
}

/// Printable ASCII that means the same to every URL parser inside a path.
fn plain_path_byte(b: u8) -> bool {
    b.is_ascii_graphic()
        && !matches!(
            b,
            b'\\' | b'#' | b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | b'|' | b'^' | b'@'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What miniupnpd 2.3 answers (lab capture).
    const MINIUPNPD: &str = "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\nUSN: uuid:3d3b5f3e-0000-0000-0000-000000000000::urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\nEXT:\r\nSERVER: Debian/12 UPnP/1.1 MiniUPnPd/2.3.1\r\nLOCATION: http://192.168.99.1:5555/rootDesc.xml\r\nOPT: \"http://schemas.upnp.org/upnp/1/0/\"; ns=01\r\n01-NLS: 1\r\nBOOTID.UPNP.ORG: 1\r\nCONFIGID.UPNP.ORG: 1337\r\n\r\n";

    #[test]
    fn real_answer() {
        let r = parse_reply(MINIUPNPD.as_bytes()).unwrap();
        assert_eq!(r.host, Ipv4Addr::new(192, 168, 99, 1));
        assert_eq!(r.port, 5555);
        assert_eq!(r.path, "/rootDesc.xml");
        assert_eq!(r.location(), "http://192.168.99.1:5555/rootDesc.xml");
        let again = format!("HTTP/1.1 200 OK\r\nLOCATION: {}\r\n\r\n", r.location());
        assert_eq!(parse_reply(again.as_bytes()), Ok(r));
    }

    #[test]
    fn search_request() {
        let s = encode_search(MULTICAST, SEARCH_TARGETS[0]);
        assert!(s.starts_with("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"));
        assert!(s.ends_with("ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n\r\n"));
        // Our own request is not an answer (multicast loops back to us).
        assert_eq!(parse_reply(s.as_bytes()), Err(SsdpError::NotAnAnswer));
    }

    #[test]
    fn header_forms() {
        for (text, want) in [
            (
                "HTTP/1.1 200 OK\nlocation:http://10.0.0.1/d.xml\n\n",
                "http://10.0.0.1:80/d.xml",
            ),
            (
                "http/1.0 200 OK\r\nLocation :  http://10.0.0.1:8080  \r\n",
                "http://10.0.0.1:8080/",
            ),
            (
                "HTTP/1.1 200 OK\r\nLOCATION: HTTP://10.0.0.1:1/a?b=c\r\n",
                "http://10.0.0.1:1/a?b=c",
            ),
        ] {
            assert_eq!(
                parse_reply(text.as_bytes()).unwrap().location(),
                want,
                "{text:?}"
            );
        }
    }

    #[test]
    fn refused() {
        use SsdpError::*;
        let ok = "HTTP/1.1 200 OK\r\n";
        let cases: Vec<(String, SsdpError)> = vec![
            (String::new(), NotAnAnswer),
            (
                "NOTIFY * HTTP/1.1\r\nLOCATION: http://10.0.0.1/\r\n".into(),
                NotAnAnswer,
            ),
            (
                "HTTP/1.1 404 Not Found\r\nLOCATION: http://10.0.0.1/\r\n".into(),
                NotAnAnswer,
            ),
            (
                "HTTP/1.1 2000 OK\r\nLOCATION: http://10.0.0.1/\r\n".into(),
                NotAnAnswer,
            ),
            (format!("{ok}ST: x\r\n"), NoLocation),
            (
                format!("{ok}\r\nLOCATION: http://10.0.0.1/\r\n"),
                NoLocation,
            ),
            (format!("{ok}LOCATION: https://10.0.0.1/\r\n"), BadLocation),
            (format!("{ok}LOCATION: ftp://10.0.0.1/\r\n"), BadLocation),
            (format!("{ok}LOCATION: http://router.lan/\r\n"), BadLocation),
            (format!("{ok}LOCATION: http://0x7f.1/\r\n"), BadLocation),
            (format!("{ok}LOCATION: http://2130706433/\r\n"), BadLocation),
            (format!("{ok}LOCATION: http://010.0.0.1/\r\n"), BadLocation),
            (format!("{ok}LOCATION: http://[::1]:80/\r\n"), BadLocation),
            (
                format!("{ok}LOCATION: http://u:p@10.0.0.1/\r\n"),
                BadLocation,
            ),
            (
                format!("{ok}LOCATION: http://10.0.0.1@10.0.0.2/\r\n"),
                BadLocation,
            ),
            (
                format!("{ok}LOCATION: http://10.0.0.1\\@10.0.0.2/\r\n"),
                BadLocation,
            ),
            (
                format!("{ok}LOCATION: http://10.0.0.1/a\\b\r\n"),
                BadLocation,
            ),
            (
                format!("{ok}LOCATION: http://10.0.0.1/a#b\r\n"),
                BadLocation,
            ),
            (
                format!("{ok}LOCATION: http://10.0.0.1/a b\r\n"),
                BadLocation,
            ),
            (format!("{ok}LOCATION: http://10.0.0.1:0/\r\n"), BadLocation),
            (
                format!("{ok}LOCATION: http://10.0.0.1:65536/\r\n"),
                BadLocation,
            ),
            (
                format!("{ok}LOCATION: http://10.0.0.1:+80/\r\n"),
                BadLocation,
            ),
            (format!("{ok}LOCATION: http://10.0.0.1:/\r\n"), BadLocation),
            (
                format!("{ok}LOCATION: http://10.0.0.1/{}\r\n", "a".repeat(300)),
                BadLocation,
            ),
            (
                format!("{ok}LOCATION: http://10.0.0.1/\r\nLOCATION: http://10.0.0.2/\r\n"),
                BadLocation,
            ),
            (
                format!("{ok}LOCATION: http://10.0.0.1/\u{e9}\r\n"),
                BadLocation,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse_reply(text.as_bytes()), Err(want), "{text:?}");
        }
        assert_eq!(parse_reply(&[0xff, 0xfe]), Err(NotAnAnswer));
        let long = format!("{ok}LOCATION: http://10.0.0.1/{}", " ".repeat(MAX_REPLY));
        assert_eq!(parse_reply(long.as_bytes()), Err(TooLong(long.len())));
    }

    #[test]
    fn no_panic_on_cut_or_flipped_bytes() {
        let base = MINIUPNPD.as_bytes();
        for cut in 0..base.len() {
            let _ = parse_reply(&base[..cut]);
        }
        for i in 0..base.len() {
            let mut b = base.to_vec();
            b[i] ^= 0x80;
            let _ = parse_reply(&b);
        }
    }
}
