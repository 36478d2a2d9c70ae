//! PCP (RFC 6887) client, MAP opcode only: ask the router to forward an
//! external port to this host (IPv4), or to open an inbound pinhole to one of
//! this host's IPv6 addresses ([`map_v6`]).
//!
//! The codec (`encode_*` / `decode_*` / `parse_*`) is pure and performs no
//! I/O; it treats every datagram as hostile: lengths are checked before any
//! field is read, options are skipped with bounds checks, nothing panics on
//! any input. The transport ([`map`], [`unmap`]) sends one MAP request over
//! UDP to `gateway:5351`, retransmitting until a valid answer arrives or the
//! caller's deadline passes.
//!
//! A router that speaks only NAT-PMP answers a PCP request with a version-0
//! "unsupported version" reply; that is [`PcpError::UnsupportedVersion`], so
//! the caller can fall back to [`super::natpmp`].
//!
//! Retransmission: RFC 6887 section 8.1.1 starts at 3 s (IRT), far too slow
//! for an interactive check with a budget of a few seconds. We use NAT-PMP's
//! schedule instead (RFC 6886: 250 ms, doubling), without the random jitter
//! (one client, one request), capped at the RFC's 1024 s (MRT), and stop only
//! at the deadline. Retransmissions reuse the same nonce, as RFC 6887 requires.

use super::bytes::{read_u16, read_u32};
use super::router_error::{RouterError, RouterProtocol};
use super::udp::{ExchangeError, Reply, Schedule, exchange};
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::time::Duration;

use tokio::net::UdpSocket;
use tokio::time::Instant;

pub use super::natpmp::Protocol;

/// UDP port of the PCP (and NAT-PMP) server on the router.
pub const SERVER_PORT: u16 = 5351;
/// The PCP version we speak.
pub const VERSION: u8 = 2;

/// A MAP nonce: chosen by the client, echoed by the server, required to
/// renew or delete the mapping later.
pub type Nonce = [u8; 12];

const OP_MAP: u8 = 1;
/// The R bit: set in every response.
const RESPONSE_BIT: u8 = 0x80;
/// UNSUPP_VERSION; also NAT-PMP's "unsupported version" (its u16 result code
/// occupies bytes 2..4, so the low byte sits where PCP has its result code).
const RESULT_UNSUPP_VERSION: u8 = 1;

const HEADER_LEN: usize = 24;
const MAP_MESSAGE_LEN: usize = HEADER_LEN + 36;
/// RFC 6887 section 7: no PCP message is longer.
const MAX_MESSAGE_LEN: usize = 1100;
const OPTION_HEADER_LEN: usize = 4;

/// First wait 250 ms, doubled after every transmission up to RFC 6887's
/// MRT (1024 s); PCP sends again until the deadline.
const SCHEDULE: Schedule = Schedule {
    initial_rto: Duration::from_millis(250),
    max_rto: Duration::from_secs(1024),
    max_transmissions: u32::MAX,
};
/// One byte more than the longest valid message, so over-long ones are seen.
const RECV_BUF_LEN: usize = MAX_MESSAGE_LEN + 1;

/// PCP result code (RFC 6887 section 7.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResultCode {
    Success,
    UnsupportedVersion,
    NotAuthorized,
    MalformedRequest,
    UnsupportedOpcode,
    UnsupportedOption,
    MalformedOption,
    NetworkFailure,
    NoResources,
    UnsupportedProtocol,
    UserExceededQuota,
    CannotProvideExternal,
    AddressMismatch,
    ExcessiveRemotePeers,
    Other(u8),
}

impl ResultCode {
    pub fn from_u8(code: u8) -> ResultCode {
        match code {
            0 => ResultCode::Success,
            1 => ResultCode::UnsupportedVersion,
            2 => ResultCode::NotAuthorized,
            3 => ResultCode::MalformedRequest,
            4 => ResultCode::UnsupportedOpcode,
            5 => ResultCode::UnsupportedOption,
            6 => ResultCode::MalformedOption,
            7 => ResultCode::NetworkFailure,
            8 => ResultCode::NoResources,
            9 => ResultCode::UnsupportedProtocol,
            10 => ResultCode::UserExceededQuota,
            11 => ResultCode::CannotProvideExternal,
            12 => ResultCode::AddressMismatch,
            13 => ResultCode::ExcessiveRemotePeers,
            n => ResultCode::Other(n),
        }
    }

    /// The code as sent on the wire.
    pub fn code(self) -> u8 {
        match self {
            ResultCode::Success => 0,
            ResultCode::UnsupportedVersion => 1,
            ResultCode::NotAuthorized => 2,
            ResultCode::MalformedRequest => 3,
            ResultCode::UnsupportedOpcode => 4,
            ResultCode::UnsupportedOption => 5,
            ResultCode::MalformedOption => 6,
            ResultCode::NetworkFailure => 7,
            ResultCode::NoResources => 8,
            ResultCode::UnsupportedProtocol => 9,
            ResultCode::UserExceededQuota => 10,
            ResultCode::CannotProvideExternal => 11,
            ResultCode::AddressMismatch => 12,
            ResultCode::ExcessiveRemotePeers => 13,
            ResultCode::Other(n) => n,
        }
    }
}

impl fmt::Display for ResultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ResultCode::Success => "success",
            ResultCode::UnsupportedVersion => "the router does not speak this version of PCP",
            ResultCode::NotAuthorized => {
                "refused: the router does not allow this mapping (not authorized)"
            }
            ResultCode::MalformedRequest => "the router could not understand the request",
            ResultCode::UnsupportedOpcode => "the router does not support port mapping over PCP",
            ResultCode::UnsupportedOption => "the router does not support a PCP option we sent",
            ResultCode::MalformedOption => "the router says a PCP option we sent is malformed",
            ResultCode::NetworkFailure => {
                "the router has no public address of its own (network failure: \
                 its internet link is down, or it sits behind carrier-grade NAT)"
            }
            ResultCode::NoResources => "the router is out of resources (too many port mappings)",
            ResultCode::UnsupportedProtocol => "the router cannot map this protocol",
            ResultCode::UserExceededQuota => "this device has used up its quota of port mappings",
            ResultCode::CannotProvideExternal => {
                "the router cannot give out the requested external port or address"
            }
            ResultCode::AddressMismatch => {
                "the router sees the request coming from another address \
                 (is there another NAT between this device and the router?)"
            }
            ResultCode::ExcessiveRemotePeers => "the router cannot handle that many remote peers",
            ResultCode::Other(n) => {
                return write!(f, "the router answered with unknown result code {n}");
            }
        })
    }
}

/// A MAP request (RFC 6887 sections 7.1 and 11.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapRequest {
    /// 0 deletes the mapping.
    pub lifetime_secs: u32,
    /// The address the request leaves from (the router checks it).
    pub client_ip: Ipv4Addr,
    pub nonce: Nonce,
    pub protocol: Protocol,
    pub internal_port: u16,
    /// A suggestion; 0: any.
    pub external_port: u16,
}

/// A MAP response as on the wire (RFC 6887 sections 7.2 and 11.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapResponse {
    pub result: ResultCode,
    /// Granted lifetime (for errors: how long the error is likely to last).
    pub lifetime_secs: u32,
    /// Seconds since the router's PCP state started.
    pub epoch: u32,
    pub nonce: Nonce,
    pub protocol: Protocol,
    pub internal_port: u16,
    pub external_port: u16,
    /// IPv4-mapped (`::ffff:a.b.c.d`) for IPv4.
    pub external_ip: Ipv6Addr,
}

/// A mapping the router created (or removed: lifetime 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PcpMapping {
    pub epoch: u32,
    pub protocol: Protocol,
    /// The client address sent in the request (the socket's local address).
    pub internal_ip: Ipv4Addr,
    pub internal_port: u16,
    pub external_port: u16,
    /// `None` when the router reports no IPv4 address (`::ffff:0.0.0.0`, as
    /// in delete answers, or an IPv6 address).
    pub external_ip: Option<Ipv4Addr>,
    pub lifetime_secs: u32,
    /// Pass it to [`unmap`] (or a renewing [`map_at`]) for this mapping.
    pub nonce: Nonce,
}

/// Why a datagram is not the PCP response we are waiting for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    TooShort {
        len: usize,
    },
    /// Longer than the 1100 bytes PCP allows.
    TooLong {
        len: usize,
    },
    /// Not a multiple of 4 bytes long.
    BadLength {
        len: usize,
    },
    /// A request where a response was expected, or the other way round.
    WrongDirection(u8),
    WrongVersion(u8),
    /// A response to another opcode (opcode byte as received).
    WrongOpcode(u8),
    /// The server answered in an older version (0: NAT-PMP only) with
    /// "unsupported version".
    UnsupportedVersion {
        version: u8,
    },
    /// A response for another request of ours (or someone else's).
    NonceMismatch,
    ProtocolMismatch(u8),
    PortMismatch {
        expected: u16,
        got: u16,
    },
    /// An option runs past the end of the message.
    BadOption,
    /// A field has a value we cannot use (request parsing).
    BadField(&'static str),
    /// A response to our request with a non-zero result code.
    Result(ResultCode),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::TooShort { len } => write!(f, "reply too short ({len} bytes)"),
            DecodeError::TooLong { len } => write!(f, "reply too long ({len} bytes)"),
            DecodeError::BadLength { len } => {
                write!(f, "reply length {len} is not a multiple of 4")
            }
            DecodeError::WrongDirection(op) => write!(f, "unexpected opcode byte {op}"),
            DecodeError::WrongVersion(v) => write!(f, "version {v} instead of 2"),
            DecodeError::WrongOpcode(op) => write!(f, "reply to another request (opcode {op})"),
            DecodeError::UnsupportedVersion { version } => {
                write!(f, "the server speaks only version {version}")
            }
            DecodeError::NonceMismatch => f.write_str("reply for another mapping (nonce)"),
            DecodeError::ProtocolMismatch(p) => write!(f, "reply for protocol {p}"),
            DecodeError::PortMismatch { expected, got } => {
                write!(f, "reply for internal port {got} instead of {expected}")
            }
            DecodeError::BadOption => f.write_str("malformed option"),
            DecodeError::BadField(what) => write!(f, "bad field: {what}"),
            DecodeError::Result(code) => code.fmt(f),
        }
    }
}

impl std::error::Error for DecodeError {}

/// A fresh random nonce.
pub fn new_nonce() -> Nonce {
    super::bytes::random()
}

fn read_array<const N: usize>(buf: &[u8], at: usize) -> Option<[u8; N]> {
    buf.get(at..at.checked_add(N)?)?.try_into().ok()
}

/// Encode a MAP request (no options). The suggested external address is
/// `::ffff:0.0.0.0`: "any IPv4 address".
pub fn encode_map_request(r: &MapRequest) -> [u8; MAP_MESSAGE_LEN] {
    let mut out = [0u8; MAP_MESSAGE_LEN];
    out[0] = VERSION;
    out[1] = OP_MAP;
    // Bytes 2..4 reserved.
    out[4..8].copy_from_slice(&r.lifetime_secs.to_be_bytes());
    out[8..24].copy_from_slice(&r.client_ip.to_ipv6_mapped().octets());
    out[24..36].copy_from_slice(&r.nonce);
    out[36] = r.protocol.ip_number();
    // Bytes 37..40 reserved.
    out[40..42].copy_from_slice(&r.internal_port.to_be_bytes());
    out[42..44].copy_from_slice(&r.external_port.to_be_bytes());
    out[44..60].copy_from_slice(&Ipv4Addr::UNSPECIFIED.to_ipv6_mapped().octets());
    out
}

/// Encode a MAP request for an IPv6 pinhole: the client address is the
/// IPv6 address the request leaves from (the router checks it), and the
/// suggested external address is `::` ("any IPv6 address"): no translation.
pub fn encode_map_request_v6(r: &MapRequest, client: Ipv6Addr) -> [u8; MAP_MESSAGE_LEN] {
    let mut out = encode_map_request(r);
    out[8..24].copy_from_slice(&client.octets());
    out[44..60].copy_from_slice(&Ipv6Addr::UNSPECIFIED.octets());
    out
}

/// Skip the options after the MAP payload; every option must fit.
fn skip_options(mut rest: &[u8]) -> Result<(), DecodeError> {
    while !rest.is_empty() {
        let len = read_u16(rest, 2).ok_or(DecodeError::BadOption)? as usize;
        let end = OPTION_HEADER_LEN
            .checked_add(len.next_multiple_of(4))
            .ok_or(DecodeError::BadOption)?;
        rest = rest.get(end..).ok_or(DecodeError::BadOption)?;
    }
    Ok(())
}

/// Length checks common to requests and responses (RFC 6887 section 8.3).
fn check_length(buf: &[u8]) -> Result<(), DecodeError> {
    let len = buf.len();
    if len > MAX_MESSAGE_LEN {
        return Err(DecodeError::TooLong { len });
    }
    if !len.is_multiple_of(4) {
        return Err(DecodeError::BadLength { len });
    }
    Ok(())
}

/// Parse a MAP request (for loopback fake servers in tests).
pub fn parse_map_request(buf: &[u8]) -> Result<MapRequest, DecodeError> {
    let len = buf.len();
    let (Some(&version), Some(&op)) = (buf.first(), buf.get(1)) else {
        return Err(DecodeError::TooShort { len });
    };
    if version != VERSION {
        return Err(DecodeError::WrongVersion(version));
    }
    if op & RESPONSE_BIT != 0 {
        return Err(DecodeError::WrongDirection(op));
    }
    if op != OP_MAP {
        return Err(DecodeError::WrongOpcode(op));
    }
    check_length(buf)?;
    if len < MAP_MESSAGE_LEN {
        return Err(DecodeError::TooShort { len });
    }
    skip_options(&buf[MAP_MESSAGE_LEN..])?;
    let too_short = DecodeError::TooShort { len };
    let client: [u8; 16] = read_array(buf, 8).ok_or(too_short.clone())?;
    let client_ip = Ipv6Addr::from(client)
        .to_ipv4_mapped()
        .ok_or(DecodeError::BadField("client address is not IPv4"))?;
    let proto = *buf.get(36).ok_or(too_short.clone())?;
    Ok(MapRequest {
        lifetime_secs: read_u32(buf, 4).ok_or(too_short.clone())?,
        client_ip,
        nonce: read_array(buf, 24).ok_or(too_short.clone())?,
        protocol: Protocol::from_ip_number(proto).ok_or(DecodeError::ProtocolMismatch(proto))?,
        internal_port: read_u16(buf, 40).ok_or(too_short.clone())?,
        external_port: read_u16(buf, 42).ok_or(too_short)?,
    })
}

/// Encode a MAP response (for fakes in tests).
pub fn encode_map_response(r: &MapResponse) -> [u8; MAP_MESSAGE_LEN] {
    let mut out = [0u8; MAP_MESSAGE_LEN];
    out[0] = VERSION;
    out[1] = RESPONSE_BIT | OP_MAP;
    out[3] = r.result.code();
    out[4..8].copy_from_slice(&r.lifetime_secs.to_be_bytes());
    out[8..12].copy_from_slice(&r.epoch.to_be_bytes());
    // Bytes 12..24 reserved.
    out[24..36].copy_from_slice(&r.nonce);
    out[36] = r.protocol.ip_number();
    out[40..42].copy_from_slice(&r.internal_port.to_be_bytes());
    out[42..44].copy_from_slice(&r.external_port.to_be_bytes());
    out[44..60].copy_from_slice(&r.external_ip.octets());
    out
}

/// Decode the response to `request`.
///
/// Checks, in order: it is a response; its version (an older version with
/// "unsupported version" is [`DecodeError::UnsupportedVersion`]); length
/// (multiple of 4, at most 1100 bytes); opcode; the MAP payload matches our
/// nonce, protocol and internal port; options fit. A non-zero result code is
/// `Err(DecodeError::Result(..))` — also for an error response cut after the
/// 24-byte header, which cannot be matched by nonce.
pub fn decode_map_response(buf: &[u8], request: &MapRequest) -> Result<MapResponse, DecodeError> {
    let len = buf.len();
    let (Some(&version), Some(&op), Some(&reserved), Some(&result)) =
        (buf.first(), buf.get(1), buf.get(2), buf.get(3))
    else {
        return Err(DecodeError::TooShort { len });
    };
    if op & RESPONSE_BIT == 0 {
        return Err(DecodeError::WrongDirection(op));
    }
    if version != VERSION {
        // RFC 6887 section 9: the server answers with the highest version it
        // supports. A NAT-PMP-only server (RFC 6886 section 3.5) answers
        // version 0, result code 1 as a u16 (so byte 2 is 0).
        if version < VERSION && reserved == 0 && result == RESULT_UNSUPP_VERSION {
            return Err(DecodeError::UnsupportedVersion { version });
        }
        return Err(DecodeError::WrongVersion(version));
    }
    check_length(buf)?;
    if op != RESPONSE_BIT | OP_MAP {
        return Err(DecodeError::WrongOpcode(op));
    }
    let result = ResultCode::from_u8(result);
    let too_short = || DecodeError::TooShort { len };
    let lifetime_secs = read_u32(buf, 4).ok_or_else(too_short)?;
    let epoch = read_u32(buf, 8).ok_or_else(too_short)?;
    if len < MAP_MESSAGE_LEN {
        if len == HEADER_LEN && result != ResultCode::Success {
            return Err(DecodeError::Result(result));
        }
        return Err(too_short());
    }
    let nonce: Nonce = read_array(buf, 24).ok_or_else(too_short)?;
    if nonce != request.nonce {
        return Err(DecodeError::NonceMismatch);
    }
    let proto = *buf.get(36).ok_or_else(too_short)?;
    if proto != request.protocol.ip_number() {
        return Err(DecodeError::ProtocolMismatch(proto));
    }
    let internal_port = read_u16(buf, 40).ok_or_else(too_short)?;
    if internal_port != request.internal_port {
        return Err(DecodeError::PortMismatch {
            expected: request.internal_port,
            got: internal_port,
        });
    }
    let external_port = read_u16(buf, 42).ok_or_else(too_short)?;
    let external_ip = Ipv6Addr::from(read_array::<16>(buf, 44).ok_or_else(too_short)?);
    skip_options(buf.get(MAP_MESSAGE_LEN..).unwrap_or(&[]))?;
    if result != ResultCode::Success {
        return Err(DecodeError::Result(result));
    }
    Ok(MapResponse {
        result,
        lifetime_secs,
        epoch,
        nonce,
        protocol: request.protocol,
        internal_port,
        external_port,
        external_ip,
    })
}

/// PCP (RFC 6887) as [`RouterError`] sees it.
#[derive(Debug)]
pub enum Pcp {}

impl RouterProtocol for Pcp {
    const NAME: &'static str = "PCP";
    const VERSION: u8 = VERSION;
    type Code = ResultCode;
    type Decode = DecodeError;
}

/// Why a PCP exchange failed.
pub type PcpError = RouterError<Pcp>;

/// Ask the router at `gateway` to forward `external_port` (a suggestion; 0:
/// any) to `internal_port` on this host for `lifetime_secs`, with a fresh
/// nonce. The answer says which external port, address and lifetime the
/// router granted.
///
/// `client_ip` is what the caller believes this host's LAN address is. The
/// router insists that the address in the request equals the source address
/// it sees, so the request carries the local address of the socket connected
/// to the gateway; when that differs from `client_ip`, the socket's address
/// wins (it is reported in [`PcpMapping::internal_ip`]). `client_ip` is used
/// only if the socket cannot tell.
pub async fn map(
    gateway: Ipv4Addr,
    client_ip: Ipv4Addr,
    protocol: Protocol,
    internal_port: u16,
    external_port: u16,
    lifetime_secs: u32,
    deadline: Instant,
) -> Result<PcpMapping, PcpError> {
    let request = MapRequest {
        lifetime_secs,
        client_ip,
        nonce: new_nonce(),
        protocol,
        internal_port,
        external_port,
    };
    map_at(SocketAddrV4::new(gateway, SERVER_PORT), request, deadline).await
}

/// Delete the mapping of `internal_port` (a MAP request with lifetime 0).
///
/// Pass the mapping's nonce: routers refuse to delete a mapping for another
/// nonce (miniupnpd answers NOT_AUTHORIZED). Without one a fresh nonce is
/// used, which only works where the router does not check.
pub async fn unmap(
    gateway: Ipv4Addr,
    client_ip: Ipv4Addr,
    protocol: Protocol,
    internal_port: u16,
    nonce: Option<Nonce>,
    deadline: Instant,
) -> Result<PcpMapping, PcpError> {
    let request = MapRequest {
        lifetime_secs: 0,
        client_ip,
        nonce: nonce.unwrap_or_else(new_nonce),
        protocol,
        internal_port,
        external_port: 0,
    };
    map_at(SocketAddrV4::new(gateway, SERVER_PORT), request, deadline).await
}

/// Send `request` to an explicit server address (tests, fakes, renewals
/// with a known nonce). `request.client_ip` is replaced by the socket's local
/// address as described at [`map`].
///
/// The socket is connected to `server`, so the kernel drops datagrams from
/// any other address and ICMP port unreachable surfaces as
/// [`PcpError::Refused`]. Datagrams that are not a valid answer (other
/// nonce, garbage, ...) are ignored until the deadline.
pub async fn map_at(
    server: SocketAddrV4,
    mut request: MapRequest,
    deadline: Instant,
) -> Result<PcpMapping, PcpError> {
    let sock = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).await?;
    sock.connect(server).await?;
    match sock.local_addr()? {
        SocketAddr::V4(local) if !local.ip().is_unspecified() => request.client_ip = *local.ip(),
        _ => {}
    }
    let bytes = encode_map_request(&request);
    let r = send_map(&sock, &bytes, &request, deadline).await?;
    Ok(PcpMapping {
        epoch: r.epoch,
        protocol: r.protocol,
        internal_ip: request.client_ip,
        internal_port: r.internal_port,
        external_port: r.external_port,
        external_ip: r
            .external_ip
            .to_ipv4_mapped()
            .filter(|ip| !ip.is_unspecified()),
        lifetime_secs: r.lifetime_secs,
        nonce: r.nonce,
    })
}

/// An IPv6 pinhole (or its deletion, lifetime 0) by PCP MAP, sent from
/// `local` — the address the pinhole opens to — to the router's PCP server.
/// `request.client_ip` is not used. A link-local `server` needs its scope id.
pub async fn map_v6(
    local: Ipv6Addr,
    server: SocketAddrV6,
    request: MapRequest,
    deadline: Instant,
) -> Result<MapResponse, PcpError> {
    let sock = UdpSocket::bind(SocketAddrV6::new(local, 0, 0, 0)).await?;
    sock.connect(server).await?;
    let bytes = encode_map_request_v6(&request, local);
    send_map(&sock, &bytes, &request, deadline).await
}

/// One MAP exchange on the connected socket (the shared retransmit loop).
async fn send_map(
    sock: &UdpSocket,
    bytes: &[u8],
    request: &MapRequest,
    deadline: Instant,
) -> Result<MapResponse, PcpError> {
    let decode = |b: &[u8]| {
        Reply::from_result(decode_map_response(b, request), |e| {
            matches!(
                e,
                DecodeError::Result(_) | DecodeError::UnsupportedVersion { .. }
            )
        })
    };
    match exchange(sock, bytes, deadline, SCHEDULE, RECV_BUF_LEN, decode).await {
        Ok(r) => Ok(r),
        Err(ExchangeError::Timeout { last: Some(e) }) => Err(PcpError::Malformed(e)),
        Err(ExchangeError::Timeout { last: None }) => Err(PcpError::Timeout),
        Err(ExchangeError::Final(DecodeError::Result(code))) => Err(PcpError::Result(code)),
        Err(ExchangeError::Final(DecodeError::UnsupportedVersion { version })) => {
            Err(PcpError::UnsupportedVersion { version })
        }
        Err(ExchangeError::Final(e)) => Err(PcpError::Malformed(e)),
        Err(ExchangeError::Io(e)) => Err(PcpError::from(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng, rngs::StdRng};
    use std::sync::atomic::Ordering;

    const PUBLIC: Ipv4Addr = Ipv4Addr::new(111, 222, 33, 123);
    const NONCE: Nonce = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    fn request() -> MapRequest {
        MapRequest {
            lifetime_secs: 7200,
            client_ip: Ipv4Addr::new(192, 168, 99, 123),
            nonce: NONCE,
            protocol: Protocol::Tcp,
            internal_port: 5000,
            external_port: 5001,
        }
    }

    /// MAP request: lifetime 7200, client 192.168.99.123, TCP 5000 -> 5001
    /// (hand-computed from RFC 6887 figures 2 and 9).
    const REQUEST_BYTES: [u8; 60] = [
        0x02, 0x01, 0x00, 0x00, // version 2, R=0 opcode MAP, reserved
        0x00, 0x00, 0x1c, 0x20, // requested lifetime 7200
        0x00, 0x00, 0x00, 0x00, // client IP ::ffff:192.168.99.123
        0x00, 0x00, 0x00, 0x00, //
        0x00, 0x00, 0xff, 0xff, //
        0xc0, 0xa8, 0x63, 0x7b, //
        0x01, 0x02, 0x03, 0x04, // nonce
        0x05, 0x06, 0x07, 0x08, //
        0x09, 0x0a, 0x0b, 0x0c, //
        0x06, 0x00, 0x00, 0x00, // protocol TCP, reserved
        0x13, 0x88, 0x13, 0x89, // internal port 5000, suggested external 5001
        0x00, 0x00, 0x00, 0x00, // suggested external IP ::ffff:0.0.0.0
        0x00, 0x00, 0x00, 0x00, //
        0x00, 0x00, 0xff, 0xff, //
        0x00, 0x00, 0x00, 0x00, //
    ];

    /// MAP success response: lifetime 3600, epoch 42, TCP 5000 -> 5001 on
    /// 111.222.33.123.
    const RESPONSE_BYTES: [u8; 60] = [
        0x02, 0x81, 0x00, 0x00, // version 2, R=1 opcode MAP, reserved, SUCCESS
        0x00, 0x00, 0x0e, 0x10, // lifetime 3600
        0x00, 0x00, 0x00, 0x2a, // epoch 42
        0x00, 0x00, 0x00, 0x00, // reserved (96 bits)
        0x00, 0x00, 0x00, 0x00, //
        0x00, 0x00, 0x00, 0x00, //
        0x01, 0x02, 0x03, 0x04, // nonce
        0x05, 0x06, 0x07, 0x08, //
        0x09, 0x0a, 0x0b, 0x0c, //
        0x06, 0x00, 0x00, 0x00, // protocol TCP, reserved
        0x13, 0x88, 0x13, 0x89, // internal port 5000, assigned external 5001
        0x00, 0x00, 0x00, 0x00, // assigned external IP ::ffff:111.222.33.123
        0x00, 0x00, 0x00, 0x00, //
        0x00, 0x00, 0xff, 0xff, //
        0x6f, 0xde, 0x21, 0x7b, //
    ];

    fn response() -> MapResponse {
        MapResponse {
            result: ResultCode::Success,
            lifetime_secs: 3600,
            epoch: 42,
            nonce: NONCE,
            protocol: Protocol::Tcp,
            internal_port: 5000,
            external_port: 5001,
            external_ip: PUBLIC.to_ipv6_mapped(),
        }
    }

    /// NAT-PMP's "unsupported version" answer to our PCP MAP request
    /// (RFC 6886 section 3.5): version 0, opcode 128+1, result 1, epoch 99.
    const NATPMP_UNSUPPORTED: [u8; 8] = [0x00, 0x81, 0x00, 0x01, 0x00, 0x00, 0x00, 0x63];

    fn with_option(base: &[u8], code: u8, data: &[u8]) -> Vec<u8> {
        let mut v = base.to_vec();
        v.extend_from_slice(&[code, 0]);
        v.extend_from_slice(&(data.len() as u16).to_be_bytes());
        v.extend_from_slice(data);
        v.resize(v.len().next_multiple_of(4), 0);
        v
    }

    #[test]
    fn ipv6_request_carries_the_source_and_asks_for_no_translation() {
        let client: Ipv6Addr = "2111:222:99::123".parse().unwrap();
        let b = encode_map_request_v6(&request(), client);
        assert_eq!(b[8..24], client.octets());
        assert_eq!(b[44..60], [0u8; 16]);
        // Everything else is the IPv4 layout.
        assert_eq!(b[..8], REQUEST_BYTES[..8]);
        assert_eq!(b[24..44], REQUEST_BYTES[24..44]);
        // A response to it decodes with the same request (nonce, protocol, port).
        let mut resp = RESPONSE_BYTES;
        resp[44..60].copy_from_slice(&[0u8; 16]);
        let r = decode_map_response(&resp, &request()).unwrap();
        assert_eq!(r.external_ip, Ipv6Addr::UNSPECIFIED);
    }

    #[test]
    fn request_byte_layout_and_round_trip() {
        assert_eq!(encode_map_request(&request()), REQUEST_BYTES);
        assert_eq!(parse_map_request(&REQUEST_BYTES), Ok(request()));
        for r in [
            MapRequest {
                lifetime_secs: 0,
                client_ip: Ipv4Addr::LOCALHOST,
                nonce: new_nonce(),
                protocol: Protocol::Udp,
                internal_port: 65535,
                external_port: 0,
            },
            MapRequest {
                lifetime_secs: u32::MAX,
                ..request()
            },
        ] {
            assert_eq!(parse_map_request(&encode_map_request(&r)), Ok(r));
        }
        // Options after the payload are skipped.
        let with = with_option(&REQUEST_BYTES, 2, &[]); // PREFER_FAILURE
        assert_eq!(parse_map_request(&with), Ok(request()));
    }

    #[test]
    fn response_byte_layout_and_round_trip() {
        assert_eq!(encode_map_response(&response()), RESPONSE_BYTES);
        assert_eq!(
            decode_map_response(&RESPONSE_BYTES, &request()),
            Ok(response())
        );
        let udp = MapResponse {
            protocol: Protocol::Udp,
            external_port: 0,
            lifetime_secs: 0,
            external_ip: Ipv4Addr::UNSPECIFIED.to_ipv6_mapped(),
            ..response()
        };
        let req = MapRequest {
            protocol: Protocol::Udp,
            ..request()
        };
        assert_eq!(
            decode_map_response(&encode_map_response(&udp), &req),
            Ok(udp)
        );
    }

    #[test]
    fn nonces_are_random() {
        assert_ne!(new_nonce(), new_nonce());
    }

    #[test]
    fn options_are_skipped_safely() {
        // THIRD_PARTY (16-byte address), PREFER_FAILURE (empty), FILTER (20 bytes).
        let mut b = with_option(&RESPONSE_BYTES, 1, &[0xaa; 16]);
        b = with_option(&b, 2, &[]);
        b = with_option(&b, 3, &[0xbb; 20]);
        assert_eq!(decode_map_response(&b, &request()), Ok(response()));
        // Odd option length, padded.
        let b = with_option(&RESPONSE_BYTES, 0x80, &[1, 2, 3, 4, 5]);
        assert_eq!(b.len(), 72);
        assert_eq!(decode_map_response(&b, &request()), Ok(response()));
        // Option length past the end.
        let mut b = with_option(&RESPONSE_BYTES, 1, &[0xaa; 16]);
        b[62..64].copy_from_slice(&20u16.to_be_bytes());
        assert_eq!(
            decode_map_response(&b, &request()),
            Err(DecodeError::BadOption)
        );
        b[62..64].copy_from_slice(&0xffffu16.to_be_bytes());
        assert_eq!(
            decode_map_response(&b, &request()),
            Err(DecodeError::BadOption)
        );
        // Many empty options up to the size limit are fine; one more is too long.
        let mut b = RESPONSE_BYTES.to_vec();
        while b.len() < MAX_MESSAGE_LEN {
            b = with_option(&b, 2, &[]);
        }
        assert_eq!(decode_map_response(&b, &request()), Ok(response()));
        b = with_option(&b, 2, &[]);
        assert_eq!(
            decode_map_response(&b, &request()),
            Err(DecodeError::TooLong { len: 1104 })
        );
    }

    #[test]
    fn mismatches_are_recognised() {
        let other_nonce = MapRequest {
            nonce: [0xee; 12],
            ..request()
        };
        assert_eq!(
            decode_map_response(&RESPONSE_BYTES, &other_nonce),
            Err(DecodeError::NonceMismatch)
        );
        // Also an error response with another nonce is not ours.
        let err = encode_map_response(&MapResponse {
            result: ResultCode::NotAuthorized,
            ..response()
        });
        assert_eq!(
            decode_map_response(&err, &other_nonce),
            Err(DecodeError::NonceMismatch)
        );
        let udp = MapRequest {
            protocol: Protocol::Udp,
            ..request()
        };
        assert_eq!(
            decode_map_response(&RESPONSE_BYTES, &udp),
            Err(DecodeError::ProtocolMismatch(6))
        );
        let port = MapRequest {
            internal_port: 5002,
            ..request()
        };
        assert_eq!(
            decode_map_response(&RESPONSE_BYTES, &port),
            Err(DecodeError::PortMismatch {
                expected: 5002,
                got: 5000
            })
        );
        // Our request reflected back.
        assert_eq!(
            decode_map_response(&REQUEST_BYTES, &request()),
            Err(DecodeError::WrongDirection(1))
        );
        // ANNOUNCE response (opcode 0).
        let mut b = RESPONSE_BYTES;
        b[1] = 0x80;
        assert_eq!(
            decode_map_response(&b[..24], &request()),
            Err(DecodeError::WrongOpcode(0x80))
        );
        // Version 3, or version 1 without UNSUPP_VERSION.
        let mut b = RESPONSE_BYTES;
        b[0] = 3;
        assert_eq!(
            decode_map_response(&b, &request()),
            Err(DecodeError::WrongVersion(3))
        );
        b[0] = 1;
        assert_eq!(
            decode_map_response(&b, &request()),
            Err(DecodeError::WrongVersion(1))
        );
        // Not a multiple of 4.
        let mut b = RESPONSE_BYTES.to_vec();
        b.push(0);
        assert_eq!(
            decode_map_response(&b, &request()),
            Err(DecodeError::BadLength { len: 61 })
        );
    }

    #[test]
    fn unsupported_version_is_recognised() {
        // NAT-PMP-only server.
        assert_eq!(
            decode_map_response(&NATPMP_UNSUPPORTED, &request()),
            Err(DecodeError::UnsupportedVersion { version: 0 })
        );
        // Also a 4-byte and a full 16-byte NAT-PMP reply.
        assert_eq!(
            decode_map_response(&NATPMP_UNSUPPORTED[..4], &request()),
            Err(DecodeError::UnsupportedVersion { version: 0 })
        );
        let mut long = NATPMP_UNSUPPORTED.to_vec();
        long.extend_from_slice(&[0; 8]);
        assert_eq!(
            decode_map_response(&long, &request()),
            Err(DecodeError::UnsupportedVersion { version: 0 })
        );
        // A PCP version 1 server with UNSUPP_VERSION.
        let mut b = RESPONSE_BYTES;
        b[0] = 1;
        b[3] = 1;
        assert_eq!(
            decode_map_response(&b[..24], &request()),
            Err(DecodeError::UnsupportedVersion { version: 1 })
        );
        // NAT-PMP success to some other request is not "unsupported version".
        assert_eq!(
            decode_map_response(&[0, 0x80, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4], &request()),
            Err(DecodeError::WrongVersion(0))
        );
        // NAT-PMP result code 257 (byte 3 is 1, byte 2 is not 0).
        assert_eq!(
            decode_map_response(&[0, 0x81, 1, 1, 0, 0, 0, 1], &request()),
            Err(DecodeError::WrongVersion(0))
        );
    }

    #[test]
    fn result_codes() {
        let names = [
            ResultCode::Success,
            ResultCode::UnsupportedVersion,
            ResultCode::NotAuthorized,
            ResultCode::MalformedRequest,
            ResultCode::UnsupportedOpcode,
            ResultCode::UnsupportedOption,
            ResultCode::MalformedOption,
            ResultCode::NetworkFailure,
            ResultCode::NoResources,
            ResultCode::UnsupportedProtocol,
            ResultCode::UserExceededQuota,
            ResultCode::CannotProvideExternal,
            ResultCode::AddressMismatch,
            ResultCode::ExcessiveRemotePeers,
        ];
        for (n, code) in names.into_iter().enumerate() {
            let n = n as u8;
            assert_eq!(ResultCode::from_u8(n), code);
            assert_eq!(code.code(), n);
            assert!(!code.to_string().is_empty());
            if n == 0 {
                continue;
            }
            let full = encode_map_response(&MapResponse {
                result: code,
                ..response()
            });
            assert_eq!(
                decode_map_response(&full, &request()),
                Err(DecodeError::Result(code))
            );
            // Header-only error responses count too.
            assert_eq!(
                decode_map_response(&full[..24], &request()),
                Err(DecodeError::Result(code))
            );
        }
        for n in 14..=255u8 {
            assert_eq!(ResultCode::from_u8(n), ResultCode::Other(n));
            assert_eq!(ResultCode::Other(n).code(), n);
        }
        assert!(ResultCode::Other(77).to_string().contains("77"));
        // A header-only "success" is not an answer.
        assert_eq!(
            decode_map_response(&RESPONSE_BYTES[..24], &request()),
            Err(DecodeError::TooShort { len: 24 })
        );
    }

    #[test]
    fn truncation_at_every_length() {
        let err = encode_map_response(&MapResponse {
            result: ResultCode::NoResources,
            ..response()
        });
        for n in 0..RESPONSE_BYTES.len() {
            let r = decode_map_response(&RESPONSE_BYTES[..n], &request());
            assert!(r.is_err(), "{n}");
            let r = decode_map_response(&err[..n], &request());
            if n == 24 {
                assert_eq!(r, Err(DecodeError::Result(ResultCode::NoResources)));
            } else {
                assert!(!matches!(r, Err(DecodeError::Result(_))), "{n}: {r:?}");
            }
            assert!(parse_map_request(&REQUEST_BYTES[..n]).is_err(), "{n}");
        }
        let b = with_option(&RESPONSE_BYTES, 1, &[0xaa; 16]);
        for n in RESPONSE_BYTES.len() + 1..b.len() {
            assert!(decode_map_response(&b[..n], &request()).is_err(), "{n}");
        }
    }

    #[test]
    fn fuzz_no_panic() {
        let mut rng = StdRng::seed_from_u64(0x0070_6370);
        let mut buf = Vec::new();
        for i in 0..60_000u32 {
            buf.clear();
            match i % 3 {
                0 => {
                    let len = rng.random_range(0..100);
                    buf.extend((0..len).map(|_| rng.random::<u8>()));
                }
                // A valid response followed by random "options".
                1 => {
                    buf.extend_from_slice(&RESPONSE_BYTES);
                    let len = rng.random_range(0..40usize) * 4;
                    buf.extend((0..len).map(|_| rng.random::<u8>()));
                }
                _ => {
                    let base: &[u8] = if rng.random() {
                        &RESPONSE_BYTES
                    } else {
                        &REQUEST_BYTES
                    };
                    crate::proto::testkit::flip_and_cut(&mut rng, base, &mut buf);
                }
            }
            let _ = decode_map_response(&buf, &request());
            let _ = parse_map_request(&buf);
        }
    }

    #[test]
    fn display_messages() {
        assert_eq!(
            PcpError::Refused.to_string(),
            "nothing answers PCP on the router (port 5351 closed)"
        );
        assert_eq!(
            PcpError::UnsupportedVersion { version: 0 }.to_string(),
            "the router speaks NAT-PMP, not PCP"
        );
        assert!(matches!(
            PcpError::from(std::io::Error::from(std::io::ErrorKind::ConnectionRefused)),
            PcpError::Refused
        ));
        assert!(
            PcpError::Malformed(DecodeError::NonceMismatch)
                .to_string()
                .contains("nonce")
        );
    }

    // ---- transport tests against loopback fakes --------------------------

    /// What a fake answers to the n-th (0-based) datagram it receives.
    type Behaviour = Box<dyn Fn(usize, &[u8]) -> Vec<Vec<u8>> + Send + Sync>;

    type Fake = crate::proto::testkit::Fake<MapRequest>;

    async fn fake(behaviour: Behaviour) -> Fake {
        crate::proto::testkit::udp_fake(
            |b| parse_map_request(b).expect("client sent a valid request"),
            move |i, raw, _| behaviour(i, raw),
        )
        .await
    }

    /// A well-behaved PCP server: grants the request (external port = the
    /// suggestion or 40000; 0 and `::ffff:0.0.0.0` on delete), epoch 777.
    fn router(raw: &[u8]) -> Vec<u8> {
        let req = parse_map_request(raw).unwrap();
        let deleting = req.lifetime_secs == 0;
        encode_map_response(&MapResponse {
            result: ResultCode::Success,
            lifetime_secs: req.lifetime_secs,
            epoch: 777,
            nonce: req.nonce,
            protocol: req.protocol,
            internal_port: req.internal_port,
            external_port: match (deleting, req.external_port) {
                (true, _) => 0,
                (false, 0) => 40000,
                (false, p) => p,
            },
            external_ip: if deleting {
                Ipv4Addr::UNSPECIFIED
            } else {
                PUBLIC
            }
            .to_ipv6_mapped(),
        })
        .to_vec()
    }

    fn in_secs(s: f64) -> Instant {
        Instant::now() + Duration::from_secs_f64(s)
    }

    fn req(server_sees: Ipv4Addr) -> MapRequest {
        MapRequest {
            client_ip: server_sees,
            nonce: new_nonce(),
            ..request()
        }
    }

    /// First wait 250 ms, doubled up to RFC 6887's MRT (1024 s), with no
    /// limit on the count (the deadline ends it).
    #[test]
    fn schedule_doubles_to_1024_s() {
        let ms: Vec<u64> = SCHEDULE
            .send_offsets()
            .take(14)
            .map(|d| d.as_millis() as u64)
            .collect();
        assert_eq!(
            ms,
            [
                0, 250, 750, 1750, 3750, 7750, 15750, 31750, 63750, 127750, 255750, 511750,
                1023750, 2047750
            ]
        );
        // Capped at 1024 s from there on.
        let later: Vec<u64> = SCHEDULE
            .send_offsets()
            .skip(13)
            .take(3)
            .map(|d| d.as_millis() as u64)
            .collect();
        assert_eq!(later, [2047750, 3071750, 4095750]);
    }

    fn assert_sends(f: &Fake, at_least: usize, elapsed: Duration) {
        SCHEDULE.assert_sends(f.count.load(Ordering::SeqCst), at_least, elapsed);
    }

    #[tokio::test]
    async fn map_normal_answer_uses_socket_address() {
        let f = fake(Box::new(|_, raw| vec![router(raw)])).await;
        let t0 = Instant::now();
        // The caller's idea of its address is wrong: the socket's wins.
        let r = req(Ipv4Addr::new(192, 0, 2, 7));
        let m = map_at(f.addr, r, in_secs(10.0)).await.unwrap();
        let elapsed = t0.elapsed();
        assert_eq!(
            m,
            PcpMapping {
                epoch: 777,
                protocol: Protocol::Tcp,
                internal_ip: Ipv4Addr::LOCALHOST,
                internal_port: 5000,
                external_port: 5001,
                external_ip: Some(PUBLIC),
                lifetime_secs: 7200,
                nonce: r.nonce,
            }
        );
        let seen = f.requests.lock().unwrap()[0];
        assert_eq!(seen.client_ip, Ipv4Addr::LOCALHOST);
        assert_eq!(seen.nonce, r.nonce);
        assert_sends(&f, 1, elapsed);
    }

    #[tokio::test]
    async fn unmap_reuses_nonce() {
        let f = fake(Box::new(|_, raw| vec![router(raw)])).await;
        let m = map_at(f.addr, req(Ipv4Addr::LOCALHOST), in_secs(2.0))
            .await
            .unwrap();
        let gone = map_at(
            f.addr,
            MapRequest {
                lifetime_secs: 0,
                external_port: 0,
                nonce: m.nonce,
                ..req(Ipv4Addr::LOCALHOST)
            },
            in_secs(2.0),
        )
        .await
        .unwrap();
        assert_eq!(
            (gone.lifetime_secs, gone.external_port, gone.external_ip),
            (0, 0, None)
        );
        let reqs = f.requests.lock().unwrap().clone();
        assert_eq!(reqs[1].nonce, m.nonce);
        assert_eq!(reqs[1].lifetime_secs, 0);
    }

    #[tokio::test]
    async fn garbage_and_wrong_nonce_first_then_answer() {
        let f = fake(Box::new(|_, raw| {
            let good = router(raw);
            let mut wrong_nonce = good.clone();
            wrong_nonce[30] ^= 0xff;
            let mut wrong_nonce_error = wrong_nonce.clone();
            wrong_nonce_error[3] = 2; // NOT_AUTHORIZED, but not for us
            let mut bad_option = good.clone();
            bad_option.extend_from_slice(&[1, 0, 0, 16]);
            vec![
                b"garbage".to_vec(),
                vec![],
                vec![0xff; 64],
                vec![0; 2000],
                raw.to_vec(), // our request reflected
                wrong_nonce,
                wrong_nonce_error,
                bad_option,
                good,
            ]
        }))
        .await;
        let t0 = Instant::now();
        let m = map_at(f.addr, req(Ipv4Addr::LOCALHOST), in_secs(10.0))
            .await
            .unwrap();
        assert_eq!(m.external_port, 5001);
        assert_sends(&f, 1, t0.elapsed());
    }

    #[tokio::test]
    async fn only_wrong_nonce_is_malformed_at_deadline() {
        let f = fake(Box::new(|_, raw| {
            let mut b = router(raw);
            b[24] ^= 1;
            vec![b]
        }))
        .await;
        let t0 = Instant::now();
        let err = map_at(
            f.addr,
            req(Ipv4Addr::LOCALHOST),
            t0 + Duration::from_millis(600),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(err, PcpError::Malformed(DecodeError::NonceMismatch)),
            "{err:?}"
        );
        let elapsed = t0.elapsed();
        assert!(elapsed >= Duration::from_millis(600), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    }

    #[tokio::test]
    async fn silent_server_times_out() {
        let f = fake(Box::new(|_, _| vec![])).await;
        let t0 = Instant::now();
        let err = map_at(
            f.addr,
            req(Ipv4Addr::LOCALHOST),
            t0 + Duration::from_millis(1000),
        )
        .await
        .unwrap_err();
        let elapsed = t0.elapsed();
        assert!(matches!(err, PcpError::Timeout), "{err:?}");
        // Never before the deadline; a generous ceiling after it.
        assert!(elapsed >= Duration::from_millis(1000), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
        // Sends planned at 0, 0.25 and 0.75 s, at least one resend, all
        // with the same nonce.
        assert_sends(&f, 2, Duration::from_millis(1000));
        let reqs = f.requests.lock().unwrap().clone();
        assert!(reqs.iter().all(|r| *r == reqs[0]));
    }

    #[tokio::test]
    async fn retransmission_is_answered() {
        let f = fake(Box::new(
            |i, raw| if i == 0 { vec![] } else { vec![router(raw)] },
        ))
        .await;
        let t0 = Instant::now();
        map_at(f.addr, req(Ipv4Addr::LOCALHOST), in_secs(10.0))
            .await
            .unwrap();
        let elapsed = t0.elapsed();
        // Only the second send is answered; it is due at 0.25 s.
        assert!(elapsed >= Duration::from_millis(250), "{elapsed:?}");
        assert_sends(&f, 2, elapsed);
    }

    #[tokio::test]
    async fn result_code_is_final() {
        let f = fake(Box::new(|_, raw| {
            let mut b = router(raw);
            b[3] = ResultCode::CannotProvideExternal.code();
            vec![b]
        }))
        .await;
        // Ends at the first answer, long before the 10 s deadline (3 s: a
        // generous ceiling).
        let t0 = Instant::now();
        let err = map_at(f.addr, req(Ipv4Addr::LOCALHOST), in_secs(10.0))
            .await
            .unwrap_err();
        assert!(
            matches!(err, PcpError::Result(ResultCode::CannotProvideExternal)),
            "{err:?}"
        );
        assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
    }

    #[tokio::test]
    async fn natpmp_only_server_is_unsupported_version() {
        let f = fake(Box::new(|_, _| vec![NATPMP_UNSUPPORTED.to_vec()])).await;
        let t0 = Instant::now();
        let err = map_at(f.addr, req(Ipv4Addr::LOCALHOST), in_secs(10.0))
            .await
            .unwrap_err();
        assert!(
            matches!(err, PcpError::UnsupportedVersion { version: 0 }),
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
        let err = map_at(
            SocketAddrV4::new(Ipv4Addr::LOCALHOST, port),
            req(Ipv4Addr::LOCALHOST),
            in_secs(10.0),
        )
        .await
        .unwrap_err();
        assert!(matches!(err, PcpError::Refused), "{err:?}");
        assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
    }
}
