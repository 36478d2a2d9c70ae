//! STUN servers for the NAT behaviour tests (`netcheck nat`), as given on
//! the command line (`--stun`, `NETCHECK_STUN`) or the built-in defaults.
//! Value types and parsing only; the tests live in `check::nat_type`.

/// Public STUN servers that answered RFC 5780 behaviour tests (OTHER-ADDRESS
/// and CHANGE-REQUEST) over IPv4 and IPv6 in a public, regularly re-probed
/// list (github.com/muink/rfc5780-stun-server). Tests never use these.
pub const DEFAULT_SERVERS: &[&str] = &[
    "stun:stun.nextcloud.com:3478",
    "stun:stun.t-online.de:3478",
    "stun:stun.gmx.net:3478",
    "stun:stun.voipgate.com:3478",
];

/// One server as given: `stun:HOST:PORT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub host: String,
    pub port: u16,
}

impl std::fmt::Display for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.host.contains(':') {
            write!(f, "stun:[{}]:{}", self.host, self.port)
        } else {
            write!(f, "stun:{}:{}", self.host, self.port)
        }
    }
}

/// Parses `stun:HOST[:PORT]`; the error names the value.
pub fn parse_server(raw: &str) -> Result<Server, String> {
    match crate::net::sources::parse_source(raw) {
        Ok(crate::net::sources::Source::Stun { host, port }) => Ok(Server { host, port }),
        Ok(_) => Err(format!(
            "bad STUN server '{raw}': NAT tests need a STUN server (use stun:HOST:PORT)"
        )),
        Err(_) => Err(format!("bad STUN server '{raw}' (use stun:HOST:PORT)")),
    }
}
