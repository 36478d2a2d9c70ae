//! NAT-PMP (RFC 6886) client: ask the router for its external address and for
//! port mappings.
//!
//! The codec (`encode_*` / `decode_*` / `parse_request`) is pure and performs
//! no I/O; it treats every datagram as hostile: lengths are checked before any
//! field is read and nothing panics on any input. The transport
//! ([`external_address`], [`map`], [`unmap`]) sends one request over UDP to
//! `gateway:5351` with the RFC 6886 retransmission schedule (250 ms, doubling)
//! until a valid answer arrives or the caller's deadline passes.
//!
//! NAT-PMP is IPv4 only. The router creates mappings for the source address of
//! the request, so the transport reports which local address it used
//! ([`Mapping::internal_ip`]).

use super::bytes::{read_u16, read_u32};
use super::router_error::{RouterError, RouterProtocol};
use super::udp::{ExchangeError, Reply, Schedule, exchange as udp_exchange};
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::time::Duration;

use tokio::net::UdpSocket;
use tokio::time::Instant;

/// UDP port of the NAT-PMP (and PCP) server on the router.
pub const SERVER_PORT: u16 = 5351;
/// The only NAT-PMP version.
pub const VERSION: u8 = 0;

const OP_EXTERNAL_ADDRESS: u8 = 0;
const OP_MAP_UDP: u8 = 1;
const OP_MAP_TCP: u8 = 2;
/// Set in the opcode of every response.
const RESPONSE_BIT: u8 = 0x80;

const EXTERNAL_ADDRESS_REQUEST_LEN: usize = 2;
const MAP_REQUEST_LEN: usize = 12;
/// Version, opcode, result code, seconds since start of epoch: the part every
/// response (also an error response) carries.
const RESPONSE_HEADER_LEN: usize = 8;
const EXTERNAL_ADDRESS_RESPONSE_LEN: usize = 12;
const MAP_RESPONSE_LEN: usize = 16;

/// RFC 6886 section 3.1: first wait 250 ms, doubled after every
/// transmission, at most 9 transmissions (the last one 64 s after the
/// first). After that we only wait for the deadline.
const SCHEDULE: Schedule = Schedule {
    initial_rto: Duration::from_millis(250),
    max_rto: Duration::MAX,
    max_transmissions: 9,
};
/// NAT-PMP responses are at most 16 bytes; a larger buffer lets us see (and
/// ignore) whatever else arrives without the kernel truncating it.
const RECV_BUF_LEN: usize = 1100;

/// Transport protocol of a port mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    Tcp,
    Udp,
}

impl Protocol {
    /// IANA protocol number (6 for TCP, 17 for UDP), as PCP uses it.
    pub fn ip_number(self) -> u8 {
        match self {
            Protocol::Tcp => 6,
            Protocol::Udp => 17,
        }
    }

    /// The protocol with IANA number `n`, if it is TCP or UDP.
    pub fn from_ip_number(n: u8) -> Option<Protocol> {
        match n {
            6 => Some(Protocol::Tcp),
            17 => Some(Protocol::Udp),
            _ => None,
        }
    }

    /// NAT-PMP opcode of a map request for this protocol.
    fn natpmp_opcode(self) -> u8 {
        match self {
            Protocol::Udp => OP_MAP_UDP,
            Protocol::Tcp => OP_MAP_TCP,
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
        })
    }
}

/// NAT-PMP result code (RFC 6886 section 3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResultCode {
    Success,
    UnsupportedVersion,
    /// The router supports NAT-PMP but the feature is switched off.
    NotAuthorized,
    /// The router has no usable external address (WAN down, or no public
    /// address of its own, as behind carrier-grade NAT).
    NetworkFailure,
    OutOfResources,
    UnsupportedOpcode,
    Other(u16),
}

impl ResultCode {
    pub fn from_u16(code: u16) -> ResultCode {
        match code {
            0 => ResultCode::Success,
            1 => ResultCode::UnsupportedVersion,
            2 => ResultCode::NotAuthorized,
            3 => ResultCode::NetworkFailure,
            4 => ResultCode::OutOfResources,
            5 => ResultCode::UnsupportedOpcode,
            n => ResultCode::Other(n),
        }
    }

    /// The code as sent on the wire.
    pub fn code(self) -> u16 {
        match self {
            ResultCode::Success => 0,
            ResultCode::UnsupportedVersion => 1,
            ResultCode::NotAuthorized => 2,
            ResultCode::NetworkFailure => 3,
            ResultCode::OutOfResources => 4,
            ResultCode::UnsupportedOpcode => 5,
            ResultCode::Other(n) => n,
        }
    }
}

impl fmt::Display for ResultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResultCode::Success => f.write_str("success"),
            ResultCode::UnsupportedVersion => {
                f.write_str("the router does not speak this version of NAT-PMP")
            }
            ResultCode::NotAuthorized => {
                f.write_str("refused: the router's NAT-PMP is set to not authorized")
            }
            ResultCode::NetworkFailure => f.write_str(
                "the router has no public address of its own (network failure: \
                 its internet link is down, or it sits behind carrier-grade NAT)",
            ),
            ResultCode::OutOfResources => {
                f.write_str("the router is out of resources (too many port mappings)")
            }
            ResultCode::UnsupportedOpcode => {
                f.write_str("the router does not support this NAT-PMP request")
            }
            ResultCode::Other(n) => write!(f, "the router answered with unknown result code {n}"),
        }
    }
}

/// The router's answer to an external-address request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExternalAddress {
    /// Seconds since the router's NAT-PMP state started; a value lower than
    /// expected means the router rebooted and lost its mappings.
    pub epoch: u32,
    pub ip: Ipv4Addr,
}

/// A decoded map response (the codec's view: no addresses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapResponse {
    pub epoch: u32,
    pub protocol: Protocol,
    pub internal_port: u16,
    /// 0 when a mapping was removed.
    pub external_port: u16,
    /// Granted lifetime; may differ from the requested one. 0 when removed.
    pub lifetime_secs: u32,
}

/// A mapping the router created (or removed: lifetime 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mapping {
    pub epoch: u32,
    pub protocol: Protocol,
    /// The local address our request came from: the router forwards to it.
    pub internal_ip: Ipv4Addr,
    pub internal_port: u16,
    /// 0 when a mapping was removed.
    pub external_port: u16,
    /// Granted lifetime; may differ from the requested one. 0 when removed.
    pub lifetime_secs: u32,
}

/// A request as a NAT-PMP server sees it (for loopback fakes in tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    ExternalAddress,
    Map {
        protocol: Protocol,
        internal_port: u16,
        external_port: u16,
        lifetime_secs: u32,
    },
}

/// Why a datagram is not the NAT-PMP response we are waiting for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Shorter than the message it claims to be.
    TooShort { len: usize },
    /// Version byte other than 0.
    WrongVersion(u8),
    /// A request where a response was expected, or the other way round.
    WrongDirection(u8),
    /// A response to another kind of request (opcode as received).
    WrongOpcode(u8),
    /// A map response for another internal port.
    PortMismatch { expected: u16, got: u16 },
    /// A well-formed response to our request carrying a non-zero result code.
    Result(ResultCode),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::TooShort { len } => write!(f, "reply too short ({len} bytes)"),
            DecodeError::WrongVersion(v) => write!(f, "version {v} instead of 0"),
            DecodeError::WrongDirection(op) => write!(f, "unexpected opcode {op}"),
            DecodeError::WrongOpcode(op) => write!(f, "reply to another request (opcode {op})"),
            DecodeError::PortMismatch { expected, got } => {
                write!(f, "reply for internal port {got} instead of {expected}")
            }
            DecodeError::Result(code) => code.fmt(f),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Encode an external-address request (version 0, opcode 0).
pub fn encode_external_address_request() -> [u8; EXTERNAL_ADDRESS_REQUEST_LEN] {
    [VERSION, OP_EXTERNAL_ADDRESS]
}

/// Encode a map request. `external_port` is only a suggestion (0: any);
/// `lifetime_secs == 0` removes the mapping of `internal_port` (and with
/// `internal_port == 0` too, all mappings of this host for `protocol`).
pub fn encode_map_request(
    protocol: Protocol,
    internal_port: u16,
    external_port: u16,
    lifetime_secs: u32,
) -> [u8; MAP_REQUEST_LEN] {
    let mut out = [0u8; MAP_REQUEST_LEN];
    out[0] = VERSION;
    out[1] = protocol.natpmp_opcode();
    // Bytes 2..4 reserved, zero.
    out[4..6].copy_from_slice(&internal_port.to_be_bytes());
    out[6..8].copy_from_slice(&external_port.to_be_bytes());
    out[8..12].copy_from_slice(&lifetime_secs.to_be_bytes());
    out
}

/// Parse a request (for loopback fake servers in tests).
pub fn parse_request(buf: &[u8]) -> Result<Request, DecodeError> {
    let (Some(&version), Some(&op)) = (buf.first(), buf.get(1)) else {
        return Err(DecodeError::TooShort { len: buf.len() });
    };
    if version != VERSION {
        return Err(DecodeError::WrongVersion(version));
    }
    let protocol = match op {
        OP_EXTERNAL_ADDRESS => return Ok(Request::ExternalAddress),
        OP_MAP_UDP => Protocol::Udp,
        OP_MAP_TCP => Protocol::Tcp,
        other if other & RESPONSE_BIT != 0 => return Err(DecodeError::WrongDirection(other)),
        other => return Err(DecodeError::WrongOpcode(other)),
    };
    let too_short = DecodeError::TooShort { len: buf.len() };
    Ok(Request::Map {
        protocol,
        internal_port: read_u16(buf, 4).ok_or(too_short.clone())?,
        external_port: read_u16(buf, 6).ok_or(too_short.clone())?,
        lifetime_secs: read_u32(buf, 8).ok_or(too_short)?,
    })
}

/// Encode an external-address response (for fakes in tests).
pub fn encode_external_address_response(
    result: ResultCode,
    epoch: u32,
    ip: Ipv4Addr,
) -> [u8; EXTERNAL_ADDRESS_RESPONSE_LEN] {
    let mut out = [0u8; EXTERNAL_ADDRESS_RESPONSE_LEN];
    out[0] = VERSION;
    out[1] = RESPONSE_BIT | OP_EXTERNAL_ADDRESS;
    out[2..4].copy_from_slice(&result.code().to_be_bytes());
    out[4..8].copy_from_slice(&epoch.to_be_bytes());
    out[8..12].copy_from_slice(&ip.octets());
    out
}

/// Encode a map response (for fakes in tests).
pub fn encode_map_response(result: ResultCode, r: &MapResponse) -> [u8; MAP_RESPONSE_LEN] {
    let mut out = [0u8; MAP_RESPONSE_LEN];
    out[0] = VERSION;
    out[1] = RESPONSE_BIT | r.protocol.natpmp_opcode();
    out[2..4].copy_from_slice(&result.code().to_be_bytes());
    out[4..8].copy_from_slice(&r.epoch.to_be_bytes());
    out[8..10].copy_from_slice(&r.internal_port.to_be_bytes());
    out[10..12].copy_from_slice(&r.external_port.to_be_bytes());
    out[12..16].copy_from_slice(&r.lifetime_secs.to_be_bytes());
    out
}

/// Check version, direction and opcode of a response to request `op`, and
/// return its result code and epoch.
fn decode_header(buf: &[u8], op: u8) -> Result<(ResultCode, u32), DecodeError> {
    let too_short = || DecodeError::TooShort { len: buf.len() };
    let (Some(&version), Some(&got)) = (buf.first(), buf.get(1)) else {
        return Err(too_short());
    };
    if version != VERSION {
        return Err(DecodeError::WrongVersion(version));
    }
    if got & RESPONSE_BIT == 0 {
        return Err(DecodeError::WrongDirection(got));
    }
    if got != RESPONSE_BIT | op {
        return Err(DecodeError::WrongOpcode(got));
    }
    let result = read_u16(buf, 2).ok_or_else(too_short)?;
    let epoch = read_u32(buf, 4).ok_or_else(too_short)?;
    Ok((ResultCode::from_u16(result), epoch))
}

/// Decode the response to an external-address request.
///
/// A non-zero result code is `Err(DecodeError::Result(..))`; such error
/// responses need only the 8-byte header.
pub fn decode_external_address_response(buf: &[u8]) -> Result<ExternalAddress, DecodeError> {
    let (result, epoch) = decode_header(buf, OP_EXTERNAL_ADDRESS)?;
    if result != ResultCode::Success {
        return Err(DecodeError::Result(result));
    }
    let ip = buf
        .get(RESPONSE_HEADER_LEN..EXTERNAL_ADDRESS_RESPONSE_LEN)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .ok_or(DecodeError::TooShort { len: buf.len() })?;
    Ok(ExternalAddress {
        epoch,
        ip: Ipv4Addr::from(ip),
    })
}

/// Decode the response to a map request for `protocol` / `internal_port`.
///
/// A response for another internal port is a [`DecodeError::PortMismatch`]
/// (not ours). A non-zero result code is `Err(DecodeError::Result(..))`; an
/// error response may be cut after the 8-byte header.
pub fn decode_map_response(
    buf: &[u8],
    protocol: Protocol,
    internal_port: u16,
) -> Result<MapResponse, DecodeError> {
    let (result, epoch) = decode_header(buf, protocol.natpmp_opcode())?;
    // The internal port is present in full-length responses (also in error
    // responses that echo the request); check it whenever it is there.
    let port = if buf.len() >= MAP_RESPONSE_LEN {
        read_u16(buf, 8)
    } else {
        None
    };
    match port {
        Some(got) if got != internal_port => {
            return Err(DecodeError::PortMismatch {
                expected: internal_port,
                got,
            });
        }
        _ => {}
    }
    if result != ResultCode::Success {
        return Err(DecodeError::Result(result));
    }
    let too_short = || DecodeError::TooShort { len: buf.len() };
    Ok(MapResponse {
        epoch,
        protocol,
        internal_port: port.ok_or_else(too_short)?,
        external_port: read_u16(buf, 10).ok_or_else(too_short)?,
        lifetime_secs: read_u32(buf, 12).ok_or_else(too_short)?,
    })
}

/// NAT-PMP (RFC 6886) as [`RouterError`] sees it.
#[derive(Debug)]
pub enum NatPmp {}

impl RouterProtocol for NatPmp {
    const NAME: &'static str = "NAT-PMP";
    const VERSION: u8 = 0;
    type Code = ResultCode;
    type Decode = DecodeError;
}

/// Why a NAT-PMP exchange failed.
pub type NatPmpError = RouterError<NatPmp>;

/// Ask the router at `gateway` for its external IPv4 address.
pub async fn external_address(
    gateway: Ipv4Addr,
    deadline: Instant,
) -> Result<ExternalAddress, NatPmpError> {
    external_address_at(SocketAddrV4::new(gateway, SERVER_PORT), deadline).await
}

/// [`external_address`] against an explicit server address (tests, fakes).
pub async fn external_address_at(
    server: SocketAddrV4,
    deadline: Instant,
) -> Result<ExternalAddress, NatPmpError> {
    let request = encode_external_address_request();
    let (addr, _local) = exchange(server, &request, deadline, |b| {
        decode_external_address_response(b)
    })
    .await?;
    Ok(addr)
}

/// Ask the router at `gateway` to forward `external_port` (a suggestion; 0:
/// any) to `internal_port` on this host for `lifetime_secs`. The answer says
/// which external port and lifetime the router actually granted.
///
/// The mapping points at the local address the request leaves from
/// ([`Mapping::internal_ip`]).
pub async fn map(
    gateway: Ipv4Addr,
    protocol: Protocol,
    internal_port: u16,
    external_port: u16,
    lifetime_secs: u32,
    deadline: Instant,
) -> Result<Mapping, NatPmpError> {
    map_at(
        SocketAddrV4::new(gateway, SERVER_PORT),
        protocol,
        internal_port,
        external_port,
        lifetime_secs,
        deadline,
    )
    .await
}

/// Remove the mapping of `internal_port` (RFC 6886 section 3.4: a map
/// request with external port 0 and lifetime 0). The router answers with
/// external port 0 and lifetime 0. Note: `internal_port == 0` removes *all*
/// mappings of this host for `protocol`.
pub async fn unmap(
    gateway: Ipv4Addr,
    protocol: Protocol,
    internal_port: u16,
    deadline: Instant,
) -> Result<Mapping, NatPmpError> {
    map(gateway, protocol, internal_port, 0, 0, deadline).await
}

/// [`map`] against an explicit server address (tests, fakes).
pub async fn map_at(
    server: SocketAddrV4,
    protocol: Protocol,
    internal_port: u16,
    external_port: u16,
    lifetime_secs: u32,
    deadline: Instant,
) -> Result<Mapping, NatPmpError> {
    let request = encode_map_request(protocol, internal_port, external_port, lifetime_secs);
    let (r, internal_ip) = exchange(server, &request, deadline, |b| {
        decode_map_response(b, protocol, internal_port)
    })
    .await?;
    Ok(Mapping {
        epoch: r.epoch,
        protocol: r.protocol,
        internal_ip,
        internal_port: r.internal_port,
        external_port: r.external_port,
        lifetime_secs: r.lifetime_secs,
    })
}

/// Send `request` to `server` until `decode` accepts an answer or the
/// deadline passes; returns the answer and the local address used.
///
/// The socket is connected to `server`, so the kernel drops datagrams from
/// any other address and ICMP port unreachable surfaces as
/// [`NatPmpError::Refused`]. Datagrams that `decode` rejects are ignored,
/// except for a result code, which is the router's final word.
async fn exchange<T>(
    server: SocketAddrV4,
    request: &[u8],
    deadline: Instant,
    decode: impl Fn(&[u8]) -> Result<T, DecodeError>,
) -> Result<(T, Ipv4Addr), NatPmpError> {
    let sock = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).await?;
    sock.connect(server).await?;
    let local = match sock.local_addr()? {
        SocketAddr::V4(a) => *a.ip(),
        SocketAddr::V6(_) => Ipv4Addr::UNSPECIFIED,
    };

    let decode = |b: &[u8]| Reply::from_result(decode(b), |e| matches!(e, DecodeError::Result(_)));
    match udp_exchange(&sock, request, deadline, SCHEDULE, RECV_BUF_LEN, decode).await {
        Ok(v) => Ok((v, local)),
        Err(ExchangeError::Timeout { last: Some(e) }) => Err(NatPmpError::Malformed(e)),
        Err(ExchangeError::Timeout { last: None }) => Err(NatPmpError::Timeout),
        Err(ExchangeError::Final(DecodeError::Result(code))) => Err(NatPmpError::Result(code)),
        Err(ExchangeError::Final(e)) => Err(NatPmpError::Malformed(e)),
        Err(ExchangeError::Io(e)) => Err(NatPmpError::from(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng, rngs::StdRng};
    use std::sync::atomic::Ordering;

    const PUBLIC: Ipv4Addr = Ipv4Addr::new(111, 222, 33, 123);

    /// External-address response: epoch 3600, 111.222.33.123 (hand-computed).
    const EXT_RESPONSE: [u8; 12] = [
        0x00, 0x80, 0x00, 0x00, // version 0, opcode 128, result 0
        0x00, 0x00, 0x0e, 0x10, // epoch 3600
        0x6f, 0xde, 0x21, 0x7b, // 111.222.33.123
    ];

    /// TCP map response: epoch 5, internal 5000, external 5001, lifetime 7200.
    const MAP_TCP_RESPONSE: [u8; 16] = [
        0x00, 0x82, 0x00, 0x00, // version 0, opcode 130, result 0
        0x00, 0x00, 0x00, 0x05, // epoch 5
        0x13, 0x88, 0x13, 0x89, // internal 5000, external 5001
        0x00, 0x00, 0x1c, 0x20, // lifetime 7200
    ];

    fn tcp_5000() -> MapResponse {
        MapResponse {
            epoch: 5,
            protocol: Protocol::Tcp,
            internal_port: 5000,
            external_port: 5001,
            lifetime_secs: 7200,
        }
    }

    #[test]
    fn request_byte_layouts() {
        assert_eq!(encode_external_address_request(), [0x00, 0x00]);
        assert_eq!(
            encode_map_request(Protocol::Tcp, 5000, 5001, 7200),
            [
                0x00, 0x02, 0x00, 0x00, 0x13, 0x88, 0x13, 0x89, 0x00, 0x00, 0x1c, 0x20
            ]
        );
        assert_eq!(
            encode_map_request(Protocol::Udp, 0xfffe, 0, 0xffff_ffff),
            [
                0x00, 0x01, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff
            ]
        );
    }

    #[test]
    fn response_byte_layouts() {
        assert_eq!(
            decode_external_address_response(&EXT_RESPONSE),
            Ok(ExternalAddress {
                epoch: 3600,
                ip: PUBLIC
            })
        );
        assert_eq!(
            encode_external_address_response(ResultCode::Success, 3600, PUBLIC),
            EXT_RESPONSE
        );
        assert_eq!(
            decode_map_response(&MAP_TCP_RESPONSE, Protocol::Tcp, 5000),
            Ok(tcp_5000())
        );
        assert_eq!(
            encode_map_response(ResultCode::Success, &tcp_5000()),
            MAP_TCP_RESPONSE
        );
    }

    #[test]
    fn request_round_trips() {
        assert_eq!(
            parse_request(&encode_external_address_request()),
            Ok(Request::ExternalAddress)
        );
        for (p, i, e, l) in [
            (Protocol::Tcp, 5000, 5000, 3600),
            (Protocol::Udp, 1, 0, 0),
            (Protocol::Udp, 65535, 65535, u32::MAX),
        ] {
            assert_eq!(
                parse_request(&encode_map_request(p, i, e, l)),
                Ok(Request::Map {
                    protocol: p,
                    internal_port: i,
                    external_port: e,
                    lifetime_secs: l
                })
            );
        }
        assert_eq!(
            parse_request(&[0, 1, 0, 0, 0x13]),
            Err(DecodeError::TooShort { len: 5 })
        );
        assert_eq!(parse_request(&[0, 3]), Err(DecodeError::WrongOpcode(3)));
        assert_eq!(parse_request(&[2, 1]), Err(DecodeError::WrongVersion(2)));
        assert_eq!(
            parse_request(&EXT_RESPONSE),
            Err(DecodeError::WrongDirection(0x80))
        );
    }

    #[test]
    fn response_round_trips() {
        for (epoch, ip) in [
            (0, Ipv4Addr::UNSPECIFIED),
            (u32::MAX, Ipv4Addr::BROADCAST),
            (77, PUBLIC),
        ] {
            let b = encode_external_address_response(ResultCode::Success, epoch, ip);
            assert_eq!(
                decode_external_address_response(&b),
                Ok(ExternalAddress { epoch, ip })
            );
        }
        for protocol in [Protocol::Tcp, Protocol::Udp] {
            let r = MapResponse {
                protocol,
                ..tcp_5000()
            };
            let b = encode_map_response(ResultCode::Success, &r);
            assert_eq!(decode_map_response(&b, protocol, 5000), Ok(r));
        }
        // Removal answer: external port and lifetime 0.
        let r = MapResponse {
            external_port: 0,
            lifetime_secs: 0,
            ..tcp_5000()
        };
        let b = encode_map_response(ResultCode::Success, &r);
        assert_eq!(decode_map_response(&b, Protocol::Tcp, 5000), Ok(r));
    }

    #[test]
    fn result_codes() {
        let table = [
            (0, ResultCode::Success),
            (1, ResultCode::UnsupportedVersion),
            (2, ResultCode::NotAuthorized),
            (3, ResultCode::NetworkFailure),
            (4, ResultCode::OutOfResources),
            (5, ResultCode::UnsupportedOpcode),
            (6, ResultCode::Other(6)),
            (0xffff, ResultCode::Other(0xffff)),
        ];
        for (n, code) in table {
            assert_eq!(ResultCode::from_u16(n), code);
            assert_eq!(code.code(), n);
            assert!(!code.to_string().is_empty());
            if n == 0 {
                continue;
            }
            // Full-length error responses...
            let b = encode_external_address_response(code, 1, Ipv4Addr::UNSPECIFIED);
            assert_eq!(
                decode_external_address_response(&b),
                Err(DecodeError::Result(code))
            );
            let b = encode_map_response(code, &tcp_5000());
            assert_eq!(
                decode_map_response(&b, Protocol::Tcp, 5000),
                Err(DecodeError::Result(code))
            );
            // ... and 8-byte ones.
            assert_eq!(
                decode_map_response(&b[..8], Protocol::Tcp, 5000),
                Err(DecodeError::Result(code))
            );
        }
        assert_eq!(
            ResultCode::NotAuthorized.to_string(),
            "refused: the router's NAT-PMP is set to not authorized"
        );
        assert!(
            ResultCode::NetworkFailure
                .to_string()
                .contains("carrier-grade NAT")
        );
    }

    #[test]
    fn wrong_responses() {
        // Version.
        let mut b = EXT_RESPONSE;
        b[0] = 2;
        assert_eq!(
            decode_external_address_response(&b),
            Err(DecodeError::WrongVersion(2))
        );
        // Our own request reflected back.
        assert_eq!(
            decode_external_address_response(&[0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]),
            Err(DecodeError::WrongDirection(0))
        );
        // External-address answer while waiting for a map answer.
        assert_eq!(
            decode_map_response(&MAP_TCP_RESPONSE[..12], Protocol::Tcp, 5000),
            Err(DecodeError::TooShort { len: 12 })
        );
        assert_eq!(
            decode_map_response(&EXT_RESPONSE, Protocol::Tcp, 5000),
            Err(DecodeError::WrongOpcode(0x80))
        );
        // UDP answer to a TCP request.
        assert_eq!(
            decode_map_response(&MAP_TCP_RESPONSE, Protocol::Udp, 5000),
            Err(DecodeError::WrongOpcode(0x82))
        );
        // Another internal port (also for error responses).
        assert_eq!(
            decode_map_response(&MAP_TCP_RESPONSE, Protocol::Tcp, 5002),
            Err(DecodeError::PortMismatch {
                expected: 5002,
                got: 5000
            })
        );
        let b = encode_map_response(ResultCode::OutOfResources, &tcp_5000());
        assert_eq!(
            decode_map_response(&b, Protocol::Tcp, 80),
            Err(DecodeError::PortMismatch {
                expected: 80,
                got: 5000
            })
        );
        // Trailing bytes are tolerated.
        let mut long = EXT_RESPONSE.to_vec();
        long.extend_from_slice(&[0; 20]);
        assert!(decode_external_address_response(&long).is_ok());
    }

    #[test]
    fn truncation_at_every_length() {
        for n in 0..EXT_RESPONSE.len() {
            let r = decode_external_address_response(&EXT_RESPONSE[..n]);
            assert_eq!(r, Err(DecodeError::TooShort { len: n }), "{n}");
        }
        for n in 0..MAP_TCP_RESPONSE.len() {
            let r = decode_map_response(&MAP_TCP_RESPONSE[..n], Protocol::Tcp, 5000);
            assert_eq!(r, Err(DecodeError::TooShort { len: n }), "{n}");
        }
        let req = encode_map_request(Protocol::Tcp, 1, 2, 3);
        for n in 0..req.len() {
            assert_eq!(
                parse_request(&req[..n]),
                Err(DecodeError::TooShort { len: n }),
                "{n}"
            );
        }
    }

    #[test]
    fn fuzz_no_panic() {
        let mut rng = StdRng::seed_from_u64(0x6e61_7470);
        let mut buf = Vec::new();
        for i in 0..60_000u32 {
            buf.clear();
            if i % 2 == 0 {
                let len = rng.random_range(0..40);
                buf.extend((0..len).map(|_| rng.random::<u8>()));
            } else {
                let base: &[u8] = if rng.random() {
                    &EXT_RESPONSE
                } else {
                    &MAP_TCP_RESPONSE
                };
                crate::proto::testkit::flip_and_cut(&mut rng, base, &mut buf);
            }
            let _ = decode_external_address_response(&buf);
            let _ = decode_map_response(&buf, Protocol::Tcp, 5000);
            let _ = decode_map_response(&buf, Protocol::Udp, rng.random());
            let _ = parse_request(&buf);
        }
    }

    #[test]
    fn display_messages() {
        assert_eq!(
            NatPmpError::Refused.to_string(),
            "nothing answers NAT-PMP on the router (port 5351 closed)"
        );
        let e = NatPmpError::from(std::io::Error::from(std::io::ErrorKind::ConnectionRefused));
        assert!(matches!(e, NatPmpError::Refused));
        assert!(
            NatPmpError::Malformed(DecodeError::WrongVersion(2))
                .to_string()
                .contains("version 2")
        );
        assert_eq!(
            NatPmpError::Result(ResultCode::NotAuthorized).to_string(),
            ResultCode::NotAuthorized.to_string()
        );
    }

    // ---- transport tests against loopback fakes --------------------------

    /// What a fake server answers to the n-th (0-based) request it receives.
    type Behaviour = Box<dyn Fn(usize, Request) -> Vec<Vec<u8>> + Send + Sync>;

    type Fake = crate::proto::testkit::Fake<Request>;

    async fn fake(behaviour: Behaviour) -> Fake {
        crate::proto::testkit::udp_fake(
            |b| parse_request(b).expect("client sent a valid request"),
            move |i, _, req| behaviour(i, *req),
        )
        .await
    }

    /// A well-behaved router: external address PUBLIC, grants what is asked
    /// (external port = suggestion or 40000), epoch 1234.
    fn router(req: Request) -> Vec<u8> {
        match req {
            Request::ExternalAddress => {
                encode_external_address_response(ResultCode::Success, 1234, PUBLIC).to_vec()
            }
            Request::Map {
                protocol,
                internal_port,
                external_port,
                lifetime_secs,
            } => {
                let external_port = match (lifetime_secs, external_port) {
                    (0, _) => 0,
                    (_, 0) => 40000,
                    (_, p) => p,
                };
                encode_map_response(
                    ResultCode::Success,
                    &MapResponse {
                        epoch: 1234,
                        protocol,
                        internal_port,
                        external_port,
                        lifetime_secs,
                    },
                )
                .to_vec()
            }
        }
    }

    fn in_secs(s: f64) -> Instant {
        Instant::now() + Duration::from_secs_f64(s)
    }

    /// RFC 6886 3.1: first resend after 250 ms, the wait doubled each time,
    /// nine sends in all (the last at 63.75 s).
    #[test]
    fn schedule_is_rfc6886() {
        let ms: Vec<u64> = SCHEDULE
            .send_offsets()
            .map(|d| d.as_millis() as u64)
            .collect();
        assert_eq!(ms, [0, 250, 750, 1750, 3750, 7750, 15750, 31750, 63750]);
    }

    fn assert_sends(f: &Fake, at_least: usize, elapsed: Duration) {
        SCHEDULE.assert_sends(f.count.load(Ordering::SeqCst), at_least, elapsed);
    }

    #[tokio::test]
    async fn external_address_normal_answer() {
        let f = fake(Box::new(|_, req| vec![router(req)])).await;
        let t0 = Instant::now();
        let got = external_address_at(f.addr, in_secs(10.0)).await.unwrap();
        assert_eq!(
            got,
            ExternalAddress {
                epoch: 1234,
                ip: PUBLIC
            }
        );
        assert_sends(&f, 1, t0.elapsed());
    }

    #[tokio::test]
    async fn map_and_unmap_normal_answer() {
        let f = fake(Box::new(|_, req| vec![router(req)])).await;
        let m = map_at(f.addr, Protocol::Tcp, 5000, 5000, 3600, in_secs(2.0))
            .await
            .unwrap();
        assert_eq!(
            m,
            Mapping {
                epoch: 1234,
                protocol: Protocol::Tcp,
                internal_ip: Ipv4Addr::LOCALHOST,
                internal_port: 5000,
                external_port: 5000,
                lifetime_secs: 3600,
            }
        );
        let m = map_at(f.addr, Protocol::Udp, 6000, 0, 60, in_secs(2.0))
            .await
            .unwrap();
        assert_eq!((m.protocol, m.external_port), (Protocol::Udp, 40000));
        // unmap = map with external port 0 and lifetime 0.
        let gone = map_at(f.addr, Protocol::Tcp, 5000, 0, 0, in_secs(2.0))
            .await
            .unwrap();
        assert_eq!((gone.external_port, gone.lifetime_secs), (0, 0));
        let reqs = f.requests.lock().unwrap().clone();
        assert_eq!(
            reqs[2],
            Request::Map {
                protocol: Protocol::Tcp,
                internal_port: 5000,
                external_port: 0,
                lifetime_secs: 0
            }
        );
    }

    #[tokio::test]
    async fn garbage_first_then_answer() {
        let f = fake(Box::new(|_, req| {
            let mut wrong_port = router(Request::Map {
                protocol: Protocol::Tcp,
                internal_port: 9,
                external_port: 9,
                lifetime_secs: 9,
            });
            wrong_port[3] = 2; // even with an error code: not ours
            vec![
                b"garbage".to_vec(),
                vec![],
                vec![0xff; 64],
                EXT_RESPONSE.to_vec(), // answer to another request
                router(Request::Map {
                    protocol: Protocol::Udp,
                    internal_port: 5000,
                    external_port: 1,
                    lifetime_secs: 1,
                }),
                wrong_port,
                router(req),
            ]
        }))
        .await;
        let t0 = Instant::now();
        let m = map_at(f.addr, Protocol::Tcp, 5000, 5005, 100, in_secs(10.0))
            .await
            .unwrap();
        assert_eq!(m.external_port, 5005);
        assert_sends(&f, 1, t0.elapsed());
    }

    #[tokio::test]
    async fn silent_server_times_out() {
        let f = fake(Box::new(|_, _| vec![])).await;
        let t0 = Instant::now();
        let err = external_address_at(f.addr, t0 + Duration::from_millis(1000))
            .await
            .unwrap_err();
        let elapsed = t0.elapsed();
        assert!(matches!(err, NatPmpError::Timeout), "{err:?}");
        // Never before the deadline; a generous ceiling after it.
        assert!(elapsed >= Duration::from_millis(1000), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
        // The schedule plans sends at 0, 0.25 and 0.75 s before the 1 s
        // deadline; at least one resend must have happened.
        assert_sends(&f, 2, Duration::from_millis(1000));
    }

    #[tokio::test]
    async fn only_garbage_is_malformed() {
        let f = fake(Box::new(|_, _| vec![vec![0, 0x80, 0]])).await;
        let t0 = Instant::now();
        let err = external_address_at(f.addr, t0 + Duration::from_millis(600))
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                NatPmpError::Malformed(DecodeError::TooShort { len: 3 })
            ),
            "{err:?}"
        );
        assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
    }

    #[tokio::test]
    async fn retransmission_is_answered() {
        let f = fake(Box::new(
            |i, req| if i < 2 { vec![] } else { vec![router(req)] },
        ))
        .await;
        let t0 = Instant::now();
        let got = external_address_at(f.addr, in_secs(10.0)).await.unwrap();
        let elapsed = t0.elapsed();
        assert_eq!(got.ip, PUBLIC);
        // Only the third transmission is answered; it is due at 0.75 s.
        assert!(elapsed >= Duration::from_millis(750), "{elapsed:?}");
        assert_sends(&f, 3, elapsed);
    }

    #[tokio::test]
    async fn result_code_is_final() {
        let f = fake(Box::new(|_, req| {
            let Request::Map {
                protocol,
                internal_port,
                ..
            } = req
            else {
                return vec![
                    encode_external_address_response(
                        ResultCode::NetworkFailure,
                        7,
                        Ipv4Addr::UNSPECIFIED,
                    )
                    .to_vec(),
                ];
            };
            let r = MapResponse {
                protocol,
                internal_port,
                ..tcp_5000()
            };
            vec![encode_map_response(ResultCode::NotAuthorized, &r)[..8].to_vec()]
        }))
        .await;
        // Both end at the first answer, long before their 10 s deadlines
        // (3 s: a generous ceiling).
        let t0 = Instant::now();
        let err = map_at(f.addr, Protocol::Udp, 5000, 5000, 60, in_secs(10.0))
            .await
            .unwrap_err();
        assert!(
            matches!(err, NatPmpError::Result(ResultCode::NotAuthorized)),
            "{err:?}"
        );
        let err = external_address_at(f.addr, in_secs(10.0))
            .await
            .unwrap_err();
        assert!(
            matches!(err, NatPmpError::Result(ResultCode::NetworkFailure)),
            "{err:?}"
        );
        assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
    }

    #[tokio::test]
    async fn closed_port_is_refused() {
        let port = {
            let s = UdpSocket::bind("127.0.0.1:0").await.unwrap();
            s.local_addr().unwrap().port()
        };
        let t0 = Instant::now();
        let err = external_address_at(SocketAddrV4::new(Ipv4Addr::LOCALHOST, port), in_secs(10.0))
            .await
            .unwrap_err();
        assert!(matches!(err, NatPmpError::Refused), "{err:?}");
        assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
    }

    #[tokio::test]
    async fn past_deadline_times_out_at_once() {
        let f = fake(Box::new(|_, req| vec![router(req)])).await;
        let err = external_address_at(f.addr, Instant::now())
            .await
            .unwrap_err();
        assert!(matches!(err, NatPmpError::Timeout), "{err:?}");
        assert_eq!(f.count.load(Ordering::SeqCst), 0);
    }
}
