//! Minimal STUN (RFC 5389) Binding client.
//!
//! The codec (`encode_*` / `decode_*`) is pure and performs no I/O; it is
//! written to be safe on hostile input: every index is preceded by a length
//! check, nothing panics, and nothing allocates more than a small bounded
//! amount. The transport ([`query`]) sends a Binding request over UDP with the
//! RFC 5389 retransmission schedule and returns the server-reflexive address.

use super::bytes::{read_u16, read_u32};
use super::udp::{ExchangeError, Reply, Schedule, exchange};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use tokio::net::UdpSocket;
use tokio::time::Instant;

/// The fixed magic cookie present in every RFC 5389 message.
pub const MAGIC_COOKIE: u32 = 0x2112_A442;

/// A 96-bit STUN transaction id.
pub type TransactionId = [u8; 12];

const HEADER_LEN: usize = 20;

const BINDING_REQUEST: u16 = 0x0001;
const BINDING_SUCCESS: u16 = 0x0101;
const BINDING_ERROR: u16 = 0x0111;

const ATTR_MAPPED_ADDRESS: u16 = 0x0001;
const ATTR_ERROR_CODE: u16 = 0x0009;
const ATTR_XOR_MAPPED_ADDRESS: u16 = 0x0020;
/// Pre-RFC 5389 code point for XOR-MAPPED-ADDRESS, still sent by some servers.
const ATTR_XOR_MAPPED_ADDRESS_OLD: u16 = 0x8020;

const FAMILY_IPV4: u8 = 0x01;
const FAMILY_IPV6: u8 = 0x02;

/// Longest ERROR-CODE reason phrase we keep (bytes of input considered).
const MAX_REASON_BYTES: usize = 256;

/// RFC 5389 section 7.2.1: first wait 500 ms, doubled after each send, at
/// most 7 sends (`Rc`).
const SCHEDULE: Schedule = Schedule {
    initial_rto: Duration::from_millis(500),
    max_rto: Duration::MAX,
    max_transmissions: 7,
};
/// Receive buffer; STUN over UDP must fit a path MTU, so this is plenty.
const RECV_BUF_LEN: usize = 2048;

/// Why a datagram could not be decoded as the Binding response we expect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StunError {
    /// Shorter than the 20-byte STUN header.
    TooShort,
    /// Not a STUN message (top bits, magic cookie or length alignment wrong).
    NotStun,
    /// A STUN message of a type other than a Binding success/error response.
    UnexpectedType(u16),
    /// A STUN message for some other transaction.
    TransactionMismatch,
    /// The message or one of its attributes runs past the end of the buffer.
    Truncated,
    /// An attribute has an invalid value (bad family, bad length, ...).
    BadAttribute(&'static str),
    /// A success response without any (XOR-)MAPPED-ADDRESS attribute.
    NoAddress,
    /// The server answered with a Binding error response.
    /// `code` is 0 and `reason` empty if no ERROR-CODE attribute was present.
    ErrorResponse { code: u16, reason: String },
}

impl fmt::Display for StunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StunError::TooShort => f.write_str("reply is too short to be a STUN message"),
            StunError::NotStun => f.write_str("reply is not a STUN message"),
            StunError::UnexpectedType(t) => {
                write!(f, "unexpected STUN message type 0x{t:04x}")
            }
            StunError::TransactionMismatch => f.write_str("reply has a different transaction id"),
            StunError::Truncated => f.write_str("STUN message is truncated"),
            StunError::BadAttribute(what) => write!(f, "malformed STUN attribute: {what}"),
            StunError::NoAddress => f.write_str("STUN reply contains no mapped address"),
            StunError::ErrorResponse { code: 0, .. } => {
                f.write_str("STUN server returned an error response")
            }
            StunError::ErrorResponse { code, reason } if reason.is_empty() => {
                write!(f, "STUN server returned error {code}")
            }
            StunError::ErrorResponse { code, reason } => {
                write!(f, "STUN server returned error {code}: {reason}")
            }
        }
    }
}

impl std::error::Error for StunError {}

/// A fresh random transaction id.
pub fn new_transaction_id() -> TransactionId {
    super::bytes::random()
}

/// Encode a Binding request without attributes.
pub fn encode_binding_request(tid: &TransactionId) -> [u8; 20] {
    let mut out = [0u8; HEADER_LEN];
    out[0..2].copy_from_slice(&BINDING_REQUEST.to_be_bytes());
    // Bytes 2..4: message length 0.
    out[4..8].copy_from_slice(&MAGIC_COOKIE.to_be_bytes());
    out[8..20].copy_from_slice(tid);
    out
}

/// Parse a Binding request (header only) and return its transaction id.
///
/// Intended for loopback fake servers in tests.
pub fn parse_binding_request(buf: &[u8]) -> Result<TransactionId, StunError> {
    let h = parse_header(buf)?;
    if h.msg_type != BINDING_REQUEST {
        return Err(StunError::UnexpectedType(h.msg_type));
    }
    Ok(h.tid)
}

/// Encode a Binding success response carrying `addr`, either as
/// XOR-MAPPED-ADDRESS (`xor == true`) or as plain MAPPED-ADDRESS.
///
/// Intended for tests and loopback fake servers.
pub fn encode_binding_response(tid: &TransactionId, addr: SocketAddr, xor: bool) -> Vec<u8> {
    let attr_type = if xor {
        ATTR_XOR_MAPPED_ADDRESS
    } else {
        ATTR_MAPPED_ADDRESS
    };
    let value = encode_address(tid, addr, xor);
    let mut out = Vec::with_capacity(HEADER_LEN + 4 + value.len());
    out.extend_from_slice(&BINDING_SUCCESS.to_be_bytes());
    // Attribute values are 8 or 20 bytes: already 4-byte aligned, no padding.
    let body_len = (4 + value.len()) as u16;
    out.extend_from_slice(&body_len.to_be_bytes());
    out.extend_from_slice(&MAGIC_COOKIE.to_be_bytes());
    out.extend_from_slice(tid);
    out.extend_from_slice(&attr_type.to_be_bytes());
    out.extend_from_slice(&(value.len() as u16).to_be_bytes());
    out.extend_from_slice(&value);
    out
}

fn encode_address(tid: &TransactionId, addr: SocketAddr, xor: bool) -> Vec<u8> {
    let mask = xor_mask(tid);
    let port = if xor {
        addr.port() ^ (MAGIC_COOKIE >> 16) as u16
    } else {
        addr.port()
    };
    let mut v = Vec::with_capacity(20);
    v.push(0);
    match addr.ip() {
        IpAddr::V4(ip) => {
            v.push(FAMILY_IPV4);
            v.extend_from_slice(&port.to_be_bytes());
            let mut o = ip.octets();
            if xor {
                o.iter_mut().zip(mask.iter()).for_each(|(b, m)| *b ^= m);
            }
            v.extend_from_slice(&o);
        }
        IpAddr::V6(ip) => {
            v.push(FAMILY_IPV6);
            v.extend_from_slice(&port.to_be_bytes());
            let mut o = ip.octets();
            if xor {
                o.iter_mut().zip(mask.iter()).for_each(|(b, m)| *b ^= m);
            }
            v.extend_from_slice(&o);
        }
    }
    v
}

/// cookie || transaction id: the XOR mask for addresses.
fn xor_mask(tid: &TransactionId) -> [u8; 16] {
    let mut m = [0u8; 16];
    m[..4].copy_from_slice(&MAGIC_COOKIE.to_be_bytes());
    m[4..].copy_from_slice(tid);
    m
}

/// A validated fixed header plus the attribute section.
struct HeaderRef<'a> {
    msg_type: u16,
    tid: TransactionId,
    body: &'a [u8],
}

/// Validate the fixed header and return type, transaction id and body.
fn parse_header(buf: &[u8]) -> Result<HeaderRef<'_>, StunError> {
    if buf.len() < HEADER_LEN {
        return Err(StunError::TooShort);
    }
    let msg_type = read_u16(buf, 0).ok_or(StunError::TooShort)?;
    let msg_len = read_u16(buf, 2).ok_or(StunError::TooShort)? as usize;
    let cookie = read_u32(buf, 4).ok_or(StunError::TooShort)?;
    if msg_type & 0xC000 != 0 || cookie != MAGIC_COOKIE || msg_len & 3 != 0 {
        return Err(StunError::NotStun);
    }
    let mut tid = [0u8; 12];
    tid.copy_from_slice(buf.get(8..HEADER_LEN).ok_or(StunError::TooShort)?);
    let body = buf
        .get(HEADER_LEN..HEADER_LEN + msg_len)
        .ok_or(StunError::Truncated)?;
    Ok(HeaderRef {
        msg_type,
        tid,
        body,
    })
}

/// Iterate over `(type, value)` of the attributes in a message body,
/// honouring 4-byte padding. Yields `Err(Truncated)` once and then stops if
/// an attribute runs past the end.
struct Attributes<'a> {
    body: &'a [u8],
    pos: usize,
    done: bool,
}

impl<'a> Iterator for Attributes<'a> {
    type Item = Result<(u16, &'a [u8]), StunError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.pos >= self.body.len() {
            return None;
        }
        let parsed = (|| {
            let t = read_u16(self.body, self.pos)?;
            let len = read_u16(self.body, self.pos.checked_add(2)?)? as usize;
            let start = self.pos.checked_add(4)?;
            let end = start.checked_add(len)?;
            let value = self.body.get(start..end)?;
            let padded = end.checked_add(len.next_multiple_of(4) - len)?;
            Some((t, value, padded))
        })();
        match parsed {
            Some((t, value, next)) => {
                // The body length is a multiple of 4, so the padding always
                // fits when the value does; clamp anyway for robustness.
                self.pos = next.min(self.body.len());
                Some(Ok((t, value)))
            }
            None => {
                self.done = true;
                Some(Err(StunError::Truncated))
            }
        }
    }
}

fn attributes(body: &[u8]) -> Attributes<'_> {
    Attributes {
        body,
        pos: 0,
        done: false,
    }
}

/// Decode a Binding response for transaction `tid` and return the mapped
/// (server-reflexive) address.
///
/// XOR-MAPPED-ADDRESS (0x0020) is preferred, then the pre-RFC 0x8020 code
/// point, then MAPPED-ADDRESS (0x0001). Unknown attributes (including
/// MESSAGE-INTEGRITY and FINGERPRINT, which are not verified) are skipped.
pub fn decode_binding_response(buf: &[u8], tid: &TransactionId) -> Result<SocketAddr, StunError> {
    let h = parse_header(buf)?;
    if &h.tid != tid {
        return Err(StunError::TransactionMismatch);
    }
    match h.msg_type {
        BINDING_SUCCESS => {}
        BINDING_ERROR => return Err(decode_error_response(h.body)),
        other => return Err(StunError::UnexpectedType(other)),
    }

    let mut xor_new: Option<&[u8]> = None;
    let mut xor_old: Option<&[u8]> = None;
    let mut plain: Option<&[u8]> = None;
    for attr in attributes(h.body) {
        let (t, value) = attr?;
        let slot = match t {
            ATTR_XOR_MAPPED_ADDRESS => &mut xor_new,
            ATTR_XOR_MAPPED_ADDRESS_OLD => &mut xor_old,
            ATTR_MAPPED_ADDRESS => &mut plain,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }

    if let Some(v) = xor_new.or(xor_old) {
        decode_address(v, Some(&h.tid))
    } else if let Some(v) = plain {
        decode_address(v, None)
    } else {
        Err(StunError::NoAddress)
    }
}

/// Build `ErrorResponse` from an error response body. Malformed bodies still
/// yield an `ErrorResponse` (with whatever could be parsed), except that a
/// truncated attribute list or a too-short ERROR-CODE is reported as such.
fn decode_error_response(body: &[u8]) -> StunError {
    for attr in attributes(body) {
        let (t, value) = match attr {
            Ok(a) => a,
            Err(e) => return e,
        };
        if t != ATTR_ERROR_CODE {
            continue;
        }
        let (Some(&class), Some(&number)) = (value.get(2), value.get(3)) else {
            return StunError::BadAttribute("error-code too short");
        };
        let code = u16::from(class & 0x07) * 100 + u16::from(number);
        let raw = value.get(4..).unwrap_or(&[]);
        let raw = &raw[..raw.len().min(MAX_REASON_BYTES)];
        let reason: String = String::from_utf8_lossy(raw)
            .chars()
            .filter(|c| !c.is_control())
            .collect::<String>()
            .trim()
            .to_owned();
        return StunError::ErrorResponse { code, reason };
    }
    StunError::ErrorResponse {
        code: 0,
        reason: String::new(),
    }
}

/// Decode a (XOR-)MAPPED-ADDRESS value; `tid` is `Some` for the XOR variant.
fn decode_address(v: &[u8], tid: Option<&TransactionId>) -> Result<SocketAddr, StunError> {
    let family = *v
        .get(1)
        .ok_or(StunError::BadAttribute("address too short"))?;
    let mut port = read_u16(v, 2).ok_or(StunError::BadAttribute("address too short"))?;
    let mask = tid.map(xor_mask);
    if mask.is_some() {
        port ^= (MAGIC_COOKIE >> 16) as u16;
    }
    let ip = match family {
        FAMILY_IPV4 => {
            if v.len() != 8 {
                return Err(StunError::BadAttribute("bad IPv4 address length"));
            }
            let mut o = [0u8; 4];
            o.copy_from_slice(&v[4..8]);
            if let Some(m) = mask {
                o.iter_mut().zip(m.iter()).for_each(|(b, m)| *b ^= m);
            }
            IpAddr::V4(Ipv4Addr::from(o))
        }
        FAMILY_IPV6 => {
            if v.len() != 20 {
                return Err(StunError::BadAttribute("bad IPv6 address length"));
            }
            let mut o = [0u8; 16];
            o.copy_from_slice(&v[4..20]);
            if let Some(m) = mask {
                o.iter_mut().zip(m.iter()).for_each(|(b, m)| *b ^= m);
            }
            IpAddr::V6(Ipv6Addr::from(o))
        }
        _ => return Err(StunError::BadAttribute("unknown address family")),
    };
    Ok(SocketAddr::new(ip, port))
}

// ---------------------------------------------------------------------------
// NAT behaviour discovery (RFC 5780) attributes, and the legacy RFC 3489
// ones some servers still send. Pure codec pieces: requests with
// CHANGE-REQUEST / RESPONSE-PORT, responses with OTHER-ADDRESS and
// RESPONSE-ORIGIN (or CHANGED-ADDRESS / SOURCE-ADDRESS).

const ATTR_CHANGE_REQUEST: u16 = 0x0003;
/// RFC 3489 SOURCE-ADDRESS: the legacy RESPONSE-ORIGIN.
const ATTR_SOURCE_ADDRESS: u16 = 0x0004;
/// RFC 3489 CHANGED-ADDRESS: the legacy OTHER-ADDRESS.
const ATTR_CHANGED_ADDRESS: u16 = 0x0005;
const ATTR_RESPONSE_PORT: u16 = 0x0027;
const ATTR_RESPONSE_ORIGIN: u16 = 0x802B;
const ATTR_OTHER_ADDRESS: u16 = 0x802C;

const CHANGE_IP_FLAG: u32 = 0x04;
const CHANGE_PORT_FLAG: u32 = 0x02;

/// What a request asks the server to change when it answers (RFC 5780 7.2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChangeRequest {
    pub change_ip: bool,
    pub change_port: bool,
}

/// The optional attributes of a Binding request used by NAT discovery.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// CHANGE-REQUEST; omitted from the wire when both flags are off.
    pub change: ChangeRequest,
    /// RESPONSE-PORT (RFC 5780 7.5): answer to this port of the source IP.
    pub response_port: Option<u16>,
}

/// Everything a Binding success response tells a NAT classifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BindingResponse {
    /// XOR-MAPPED-ADDRESS (or its fallbacks): our address as the server saw it.
    pub mapped: SocketAddr,
    /// OTHER-ADDRESS, else the legacy CHANGED-ADDRESS: the server's alternate
    /// address and port. `None`: the server does not do RFC 5780.
    pub other: Option<SocketAddr>,
    /// RESPONSE-ORIGIN, else the legacy SOURCE-ADDRESS: where the server says
    /// the response was sent from.
    pub origin: Option<SocketAddr>,
}

/// Encode a Binding request with the NAT-discovery attributes of `opts`.
/// With default options this is byte-for-byte [`encode_binding_request`].
pub fn encode_binding_request_with(tid: &TransactionId, opts: RequestOptions) -> Vec<u8> {
    let mut attrs: Vec<(u16, Vec<u8>)> = Vec::new();
    if opts.change != ChangeRequest::default() {
        let mut flags = 0u32;
        if opts.change.change_ip {
            flags |= CHANGE_IP_FLAG;
        }
        if opts.change.change_port {
            flags |= CHANGE_PORT_FLAG;
        }
        attrs.push((ATTR_CHANGE_REQUEST, flags.to_be_bytes().to_vec()));
    }
    if let Some(port) = opts.response_port {
        // Port, then two bytes of RFFU (zero).
        let mut v = port.to_be_bytes().to_vec();
        v.extend_from_slice(&[0, 0]);
        attrs.push((ATTR_RESPONSE_PORT, v));
    }
    encode_message(BINDING_REQUEST, tid, &attrs)
}

/// Parse a Binding request with its NAT-discovery options (for fake servers
/// in tests and fuzzing). Unknown attributes are skipped.
pub fn parse_binding_request_with(
    buf: &[u8],
) -> Result<(TransactionId, RequestOptions), StunError> {
    let h = parse_header(buf)?;
    if h.msg_type != BINDING_REQUEST {
        return Err(StunError::UnexpectedType(h.msg_type));
    }
    let mut opts = RequestOptions::default();
    for attr in attributes(h.body) {
        let (t, v) = attr?;
        match t {
            ATTR_CHANGE_REQUEST => {
                let flags = read_u32(v, 0).ok_or(StunError::BadAttribute("change-request"))?;
                opts.change = ChangeRequest {
                    change_ip: flags & CHANGE_IP_FLAG != 0,
                    change_port: flags & CHANGE_PORT_FLAG != 0,
                };
            }
            ATTR_RESPONSE_PORT => {
                opts.response_port =
                    Some(read_u16(v, 0).ok_or(StunError::BadAttribute("response-port"))?);
            }
            _ => {}
        }
    }
    Ok((h.tid, opts))
}

/// Encode a Binding success response with XOR-MAPPED-ADDRESS and, when set,
/// OTHER-ADDRESS and RESPONSE-ORIGIN (for fake servers in tests).
pub fn encode_binding_response_with(tid: &TransactionId, r: &BindingResponse) -> Vec<u8> {
    let mut attrs = vec![(ATTR_XOR_MAPPED_ADDRESS, encode_address(tid, r.mapped, true))];
    if let Some(o) = r.other {
        attrs.push((ATTR_OTHER_ADDRESS, encode_address(tid, o, false)));
    }
    if let Some(o) = r.origin {
        attrs.push((ATTR_RESPONSE_ORIGIN, encode_address(tid, o, false)));
    }
    encode_message(BINDING_SUCCESS, tid, &attrs)
}

fn encode_message(msg_type: u16, tid: &TransactionId, attrs: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (t, v) in attrs {
        body.extend_from_slice(&t.to_be_bytes());
        body.extend_from_slice(&(v.len() as u16).to_be_bytes());
        body.extend_from_slice(v);
        body.resize(body.len().next_multiple_of(4), 0);
    }
    let mut out = Vec::with_capacity(HEADER_LEN + body.len());
    out.extend_from_slice(&msg_type.to_be_bytes());
    out.extend_from_slice(&(body.len() as u16).to_be_bytes());
    out.extend_from_slice(&MAGIC_COOKIE.to_be_bytes());
    out.extend_from_slice(tid);
    out.extend_from_slice(&body);
    out
}

/// Decode a Binding response for `tid` with the NAT-discovery attributes.
/// The mapped address follows [`decode_binding_response`]; a malformed
/// OTHER-ADDRESS or RESPONSE-ORIGIN is an error (a classifier must not act on
/// half-read facts), an absent one is `None`.
pub fn decode_binding_response_full(
    buf: &[u8],
    tid: &TransactionId,
) -> Result<BindingResponse, StunError> {
    let mapped = decode_binding_response(buf, tid)?;
    // decode_binding_response validated the header and the attribute list.
    let h = parse_header(buf)?;
    let (mut other, mut changed, mut origin, mut source) = (None, None, None, None);
    for attr in attributes(h.body) {
        let (t, v) = attr?;
        let slot = match t {
            ATTR_OTHER_ADDRESS => &mut other,
            ATTR_CHANGED_ADDRESS => &mut changed,
            ATTR_RESPONSE_ORIGIN => &mut origin,
            ATTR_SOURCE_ADDRESS => &mut source,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(decode_address(v, None)?);
        }
    }
    Ok(BindingResponse {
        mapped,
        other: other.or(changed),
        origin: origin.or(source),
    })
}

/// The transaction id of any well-formed STUN message (a request or a
/// response), without checking its type. Used to route replies on a socket
/// shared by several transactions, and to spot our own hairpinned request.
pub fn transaction_id(buf: &[u8]) -> Option<TransactionId> {
    parse_header(buf).ok().map(|h| h.tid)
}

/// Why [`query`] failed.
#[derive(Debug)]
pub enum StunQueryError {
    /// Socket error (bind/connect/send/recv), e.g. ICMP port unreachable.
    Io(std::io::Error),
    /// No valid reply before the deadline. `last_error` is the decode error
    /// of the last ignored datagram, if any arrived.
    Timeout { last_error: Option<StunError> },
    /// The server answered our transaction, but with an error response or a
    /// malformed message.
    Protocol(StunError),
    /// The server reported a mapped address of the other IP family.
    WrongFamily(SocketAddr),
}

impl fmt::Display for StunQueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StunQueryError::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                f.write_str("connection refused (no STUN server on that port)")
            }
            StunQueryError::Io(e) => write!(f, "network error: {e}"),
            StunQueryError::Timeout { last_error: None } => {
                f.write_str("no reply from STUN server before the deadline")
            }
            StunQueryError::Timeout {
                last_error: Some(e),
            } => write!(
                f,
                "no valid reply from STUN server before the deadline (last ignored reply: {e})"
            ),
            StunQueryError::Protocol(e) => e.fmt(f),
            StunQueryError::WrongFamily(a) => write!(
                f,
                "STUN server reported a mapped address of the other IP family ({a})"
            ),
        }
    }
}

impl std::error::Error for StunQueryError {}

impl From<std::io::Error> for StunQueryError {
    fn from(e: std::io::Error) -> Self {
        StunQueryError::Io(e)
    }
}

/// Errors that cannot be attributed to our transaction: keep waiting.
fn is_stray(e: &StunError) -> bool {
    matches!(
        e,
        StunError::TooShort | StunError::NotStun | StunError::TransactionMismatch
    )
}

/// Send a Binding request to `server` and return the mapped address it
/// reports. The whole call (including retransmissions) ends by `deadline`.
///
/// The socket is bound to the server's family only and connected to the
/// server, so replies from other addresses are dropped by the kernel and
/// ICMP port-unreachable surfaces as [`StunQueryError::Io`]. An IPv4-mapped
/// IPv6 server address (`::ffff:a.b.c.d`) is treated as the IPv4 address, so
/// an IPv4 query never travels over an IPv6 socket.
pub async fn query(server: SocketAddr, deadline: Instant) -> Result<SocketAddr, StunQueryError> {
    // Only IPv4-mapped IPv6 addresses change; keep scope id etc. otherwise.
    let server = match server {
        SocketAddr::V6(v6) => match v6.ip().to_ipv4_mapped() {
            Some(ip) => SocketAddr::new(IpAddr::V4(ip), v6.port()),
            None => server,
        },
        v4 => v4,
    };

    let bind: SocketAddr = if server.is_ipv4() {
        (Ipv4Addr::UNSPECIFIED, 0).into()
    } else {
        (Ipv6Addr::UNSPECIFIED, 0).into()
    };
    let sock = UdpSocket::bind(bind).await?;
    sock.connect(server).await?;

    let tid = new_transaction_id();
    let request = encode_binding_request(&tid);
    let decode = |b: &[u8]| match decode_binding_response(b, &tid) {
        Ok(mapped) => Reply::Answer(mapped),
        Err(e) if is_stray(&e) => Reply::Stray(e),
        Err(e) => Reply::Final(e),
    };
    let mapped = exchange(&sock, &request, deadline, SCHEDULE, RECV_BUF_LEN, decode)
        .await
        .map_err(|e| match e {
            ExchangeError::Timeout { last } => StunQueryError::Timeout { last_error: last },
            ExchangeError::Final(e) => StunQueryError::Protocol(e),
            ExchangeError::Io(e) => StunQueryError::Io(e),
        })?;
    if mapped.is_ipv4() != server.is_ipv4() {
        return Err(StunQueryError::WrongFamily(mapped));
    }
    Ok(mapped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng, rngs::StdRng};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const RFC5769_TID: TransactionId = [
        0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae,
    ];

    /// RFC 5769 section 2.2: sample IPv4 response.
    const RFC5769_IPV4_RESPONSE: [u8; 80] = [
        0x01, 0x01, 0x00, 0x3c, // Response type and message length
        0x21, 0x12, 0xa4, 0x42, // Magic cookie
        0xb7, 0xe7, 0xa7, 0x01, // }
        0xbc, 0x34, 0xd6, 0x86, // }  Transaction ID
        0xfa, 0x87, 0xdf, 0xae, // }
        0x80, 0x22, 0x00, 0x0b, // SOFTWARE attribute header
        0x74, 0x65, 0x73, 0x74, // }
        0x20, 0x76, 0x65, 0x63, // }  UTF-8 server name
        0x74, 0x6f, 0x72, 0x20, // }
        0x00, 0x20, 0x00, 0x08, // XOR-MAPPED-ADDRESS attribute header
        0x00, 0x01, 0xa1, 0x47, // Address family (IPv4) and xor'd mapped port number
        0xe1, 0x12, 0xa6, 0x43, // Xor'd mapped IPv4 address
        0x00, 0x08, 0x00, 0x14, // MESSAGE-INTEGRITY attribute header
        0x2b, 0x91, 0xf5, 0x99, // }
        0xfd, 0x9e, 0x90, 0xc3, // }
        0x8c, 0x74, 0x89, 0xf9, // }  HMAC-SHA1 fingerprint
        0x2a, 0xf9, 0xba, 0x53, // }
        0xf0, 0x6b, 0xe7, 0xd7, // }
        0x80, 0x28, 0x00, 0x04, // FINGERPRINT attribute header
        0xc0, 0x7d, 0x4c, 0x96, // CRC32 fingerprint
    ];

    /// RFC 5769 section 2.3: sample IPv6 response.
    const RFC5769_IPV6_RESPONSE: [u8; 92] = [
        0x01, 0x01, 0x00, 0x48, // Response type and message length
        0x21, 0x12, 0xa4, 0x42, // Magic cookie
        0xb7, 0xe7, 0xa7, 0x01, // }
        0xbc, 0x34, 0xd6, 0x86, // }  Transaction ID
        0xfa, 0x87, 0xdf, 0xae, // }
        0x80, 0x22, 0x00, 0x0b, // SOFTWARE attribute header
        0x74, 0x65, 0x73, 0x74, // }
        0x20, 0x76, 0x65, 0x63, // }  UTF-8 server name
        0x74, 0x6f, 0x72, 0x20, // }
        0x00, 0x20, 0x00, 0x14, // XOR-MAPPED-ADDRESS attribute header
        0x00, 0x02, 0xa1, 0x47, // Address family (IPv6) and xor'd mapped port number
        0x01, 0x13, 0xa9, 0xfa, // }
        0xa5, 0xd3, 0xf1, 0x79, // }  Xor'd mapped IPv6 address
        0xbc, 0x25, 0xf4, 0xb5, // }
        0xbe, 0xd2, 0xb9, 0xd9, // }
        0x00, 0x08, 0x00, 0x14, // MESSAGE-INTEGRITY attribute header
        0xa3, 0x82, 0x95, 0x4e, // }
        0x4b, 0xe6, 0x7b, 0xf1, // }
        0x17, 0x84, 0xc9, 0x7c, // }  HMAC-SHA1 fingerprint
        0x82, 0x92, 0xc2, 0x75, // }
        0xbf, 0xe3, 0xed, 0x41, // }
        0x80, 0x28, 0x00, 0x04, // FINGERPRINT attribute header
        0xc8, 0xfb, 0x0b, 0x4c, // CRC32 fingerprint
    ];

    fn v4(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    /// Build a message with the given type, tid and raw attributes
    /// `(type, value)`; values are padded to 4 bytes.
    fn build(msg_type: u16, tid: &TransactionId, attrs: &[(u16, &[u8])]) -> Vec<u8> {
        let mut body = Vec::new();
        for (t, v) in attrs {
            body.extend_from_slice(&t.to_be_bytes());
            body.extend_from_slice(&(v.len() as u16).to_be_bytes());
            body.extend_from_slice(v);
            body.resize(body.len().next_multiple_of(4), 0);
        }
        let mut out = Vec::new();
        out.extend_from_slice(&msg_type.to_be_bytes());
        out.extend_from_slice(&(body.len() as u16).to_be_bytes());
        out.extend_from_slice(&MAGIC_COOKIE.to_be_bytes());
        out.extend_from_slice(tid);
        out.extend_from_slice(&body);
        out
    }

    fn error_code_value(code: u16, reason: &str) -> Vec<u8> {
        let mut v = vec![0, 0, (code / 100) as u8, (code % 100) as u8];
        v.extend_from_slice(reason.as_bytes());
        v
    }

    #[test]
    fn request_encoding() {
        let tid = RFC5769_TID;
        let req = encode_binding_request(&tid);
        assert_eq!(&req[0..4], &[0x00, 0x01, 0x00, 0x00]);
        assert_eq!(&req[4..8], &[0x21, 0x12, 0xa4, 0x42]);
        assert_eq!(&req[8..], &tid);
        assert_eq!(parse_binding_request(&req), Ok(tid));
    }

    #[test]
    fn transaction_ids_are_random() {
        assert_ne!(new_transaction_id(), new_transaction_id());
    }

    #[test]
    fn round_trips() {
        let tid = new_transaction_id();
        for addr in [
            v4("203.0.113.7:54321"),
            v4("0.0.0.0:0"),
            v4("255.255.255.255:65535"),
            v4("[2001:db8::1]:3478"),
            v4("[::ffff:192.0.2.1]:1"),
            v4("[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535"),
        ] {
            for xor in [true, false] {
                let msg = encode_binding_response(&tid, addr, xor);
                assert_eq!(msg.len(), 20 + 4 + if addr.is_ipv4() { 8 } else { 20 });
                assert_eq!(
                    decode_binding_response(&msg, &tid),
                    Ok(addr),
                    "{addr} xor={xor}"
                );
            }
        }
    }

    #[test]
    fn xor_encoding_actually_xors() {
        let tid = RFC5769_TID;
        let addr = v4("192.0.2.1:32853");
        let msg = encode_binding_response(&tid, addr, true);
        // Same bytes as the XOR-MAPPED-ADDRESS in RFC 5769 section 2.2.
        assert_eq!(&msg[20..], &RFC5769_IPV4_RESPONSE[36..48]);
    }

    #[test]
    fn rfc5769_ipv4_response() {
        assert_eq!(
            decode_binding_response(&RFC5769_IPV4_RESPONSE, &RFC5769_TID),
            Ok(v4("192.0.2.1:32853"))
        );
    }

    #[test]
    fn rfc5769_ipv6_response() {
        assert_eq!(
            decode_binding_response(&RFC5769_IPV6_RESPONSE, &RFC5769_TID),
            Ok(v4("[2001:db8:1234:5678:11:2233:4455:6677]:32853"))
        );
    }

    #[test]
    fn trailing_bytes_beyond_declared_length_are_ignored() {
        let mut msg = RFC5769_IPV4_RESPONSE.to_vec();
        msg.extend_from_slice(&[0xde, 0xad, 0xbe]);
        assert_eq!(
            decode_binding_response(&msg, &RFC5769_TID),
            Ok(v4("192.0.2.1:32853"))
        );
    }

    #[test]
    fn every_truncation_is_an_error() {
        for full in [&RFC5769_IPV4_RESPONSE[..], &RFC5769_IPV6_RESPONSE[..]] {
            for len in 0..full.len() {
                let r = decode_binding_response(&full[..len], &RFC5769_TID);
                let e = r.expect_err("truncated message must not decode");
                if len < 20 {
                    assert_eq!(e, StunError::TooShort, "len {len}");
                } else {
                    assert_eq!(e, StunError::Truncated, "len {len}");
                }
            }
        }
        let tid = new_transaction_id();
        let full = encode_binding_response(&tid, v4("[2001:db8::1]:3478"), false);
        for len in 0..full.len() {
            assert!(decode_binding_response(&full[..len], &tid).is_err());
        }
    }

    #[test]
    fn wrong_transaction_id() {
        let mut tid = RFC5769_TID;
        tid[11] ^= 1;
        assert_eq!(
            decode_binding_response(&RFC5769_IPV4_RESPONSE, &tid),
            Err(StunError::TransactionMismatch)
        );
        assert_eq!(
            StunError::TransactionMismatch.to_string(),
            "reply has a different transaction id"
        );
    }

    #[test]
    fn not_stun() {
        let tid = RFC5769_TID;
        let good = RFC5769_IPV4_RESPONSE;
        let mut m = good;
        m[0] |= 0x80; // top bit set
        assert_eq!(decode_binding_response(&m, &tid), Err(StunError::NotStun));
        let mut m = good;
        m[7] ^= 0xff; // cookie
        assert_eq!(decode_binding_response(&m, &tid), Err(StunError::NotStun));
        let mut m = good;
        m[3] = 0x3d; // length not a multiple of 4
        assert_eq!(decode_binding_response(&m, &tid), Err(StunError::NotStun));
        let mut m = good;
        m[2] = 0x01; // length runs past the buffer
        assert_eq!(decode_binding_response(&m, &tid), Err(StunError::Truncated));
    }

    #[test]
    fn unexpected_type() {
        let tid = new_transaction_id();
        let req = encode_binding_request(&tid);
        assert_eq!(
            decode_binding_response(&req, &tid),
            Err(StunError::UnexpectedType(0x0001))
        );
        let ind = build(0x0011, &tid, &[]);
        assert_eq!(
            decode_binding_response(&ind, &tid),
            Err(StunError::UnexpectedType(0x0011))
        );
    }

    #[test]
    fn error_response_420() {
        let tid = new_transaction_id();
        let ec = error_code_value(420, "Unknown Attribute");
        let msg = build(0x0111, &tid, &[(0x8022, b"srv"), (ATTR_ERROR_CODE, &ec)]);
        let e = decode_binding_response(&msg, &tid).unwrap_err();
        assert_eq!(
            e,
            StunError::ErrorResponse {
                code: 420,
                reason: "Unknown Attribute".into()
            }
        );
        assert_eq!(
            e.to_string(),
            "STUN server returned error 420: Unknown Attribute"
        );
    }

    #[test]
    fn error_response_edge_cases() {
        let tid = new_transaction_id();
        // No ERROR-CODE at all.
        let msg = build(0x0111, &tid, &[]);
        assert_eq!(
            decode_binding_response(&msg, &tid),
            Err(StunError::ErrorResponse {
                code: 0,
                reason: String::new()
            })
        );
        // Control characters (terminal escapes) are stripped from the reason.
        let ec = error_code_value(500, "Server\x1b[31m Error\n");
        let msg = build(0x0111, &tid, &[(ATTR_ERROR_CODE, &ec)]);
        assert_eq!(
            decode_binding_response(&msg, &tid),
            Err(StunError::ErrorResponse {
                code: 500,
                reason: "Server[31m Error".into()
            })
        );
        // Invalid UTF-8 and a very long reason stay bounded.
        let mut ec = error_code_value(400, "");
        ec.extend(std::iter::repeat_n(0xffu8, 700));
        let msg = build(0x0111, &tid, &[(ATTR_ERROR_CODE, &ec)]);
        match decode_binding_response(&msg, &tid) {
            Err(StunError::ErrorResponse { code: 400, reason }) => {
                assert!(reason.chars().count() <= MAX_REASON_BYTES)
            }
            other => panic!("{other:?}"),
        }
        // ERROR-CODE too short.
        let msg = build(0x0111, &tid, &[(ATTR_ERROR_CODE, &[0, 0])]);
        assert!(matches!(
            decode_binding_response(&msg, &tid),
            Err(StunError::BadAttribute(_))
        ));
    }

    #[test]
    fn attribute_length_past_end() {
        let tid = new_transaction_id();
        let mut msg = encode_binding_response(&tid, v4("192.0.2.1:1"), true);
        // Claim the XOR-MAPPED-ADDRESS value is 12 bytes long (only 8 present).
        msg[22..24].copy_from_slice(&12u16.to_be_bytes());
        assert_eq!(
            decode_binding_response(&msg, &tid),
            Err(StunError::Truncated)
        );
        // Huge attribute length.
        msg[22..24].copy_from_slice(&0xfffcu16.to_be_bytes());
        assert_eq!(
            decode_binding_response(&msg, &tid),
            Err(StunError::Truncated)
        );
        // Body with a lone partial attribute header (4 bytes declared, type only
        // is impossible since length is a multiple of 4, so use an attribute
        // whose header fits but whose value does not).
        let msg = build(BINDING_SUCCESS, &tid, &[]);
        let mut msg2 = msg.clone();
        msg2[3] = 4;
        msg2.extend_from_slice(&[0x00, 0x20, 0x00, 0x01]);
        assert_eq!(
            decode_binding_response(&msg2, &tid),
            Err(StunError::Truncated)
        );
    }

    #[test]
    fn attribute_preference_and_unknowns() {
        let tid = new_transaction_id();
        let a = v4("198.51.100.1:1000");
        let b = v4("198.51.100.2:2000");
        let c = v4("198.51.100.3:3000");
        let xa = encode_address(&tid, a, true);
        let xb = encode_address(&tid, b, true);
        let pc = encode_address(&tid, c, false);
        // Order in the message must not matter: 0x0020 > 0x8020 > 0x0001.
        let msg = build(
            BINDING_SUCCESS,
            &tid,
            &[
                (0x0001, &pc),
                (0x7777, b"unknown, odd length"),
                (0x8020, &xb),
                (0x0020, &xa),
            ],
        );
        assert_eq!(decode_binding_response(&msg, &tid), Ok(a));
        let msg = build(BINDING_SUCCESS, &tid, &[(0x0001, &pc), (0x8020, &xb)]);
        assert_eq!(decode_binding_response(&msg, &tid), Ok(b));
        let msg = build(BINDING_SUCCESS, &tid, &[(0x8022, b"x"), (0x0001, &pc)]);
        assert_eq!(decode_binding_response(&msg, &tid), Ok(c));
        let msg = build(BINDING_SUCCESS, &tid, &[(0x8022, b"software")]);
        assert_eq!(
            decode_binding_response(&msg, &tid),
            Err(StunError::NoAddress)
        );
        let msg = build(BINDING_SUCCESS, &tid, &[]);
        assert_eq!(
            decode_binding_response(&msg, &tid),
            Err(StunError::NoAddress)
        );
    }

    #[test]
    fn bad_address_attributes() {
        let tid = new_transaction_id();
        let cases: &[&[u8]] = &[
            &[],
            &[0, 1, 0],
            &[0, 3, 0, 1, 1, 2, 3, 4],             // unknown family
            &[0, 1, 0, 1, 1, 2, 3],                // IPv4 too short
            &[0, 1, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8], // IPv4 too long
            &[0, 2, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8], // IPv6 too short
        ];
        for v in cases {
            let msg = build(BINDING_SUCCESS, &tid, &[(0x0020, v)]);
            assert!(
                matches!(
                    decode_binding_response(&msg, &tid),
                    Err(StunError::BadAttribute(_))
                ),
                "{v:?}"
            );
        }
    }

    #[test]
    fn fuzz_no_panic() {
        let mut rng = StdRng::seed_from_u64(0x5354_554e);
        let tid = RFC5769_TID;
        let mut buf = Vec::new();
        for i in 0..60_000u32 {
            buf.clear();
            match i % 3 {
                // Pure random bytes.
                0 => {
                    let len = rng.random_range(0..128);
                    buf.extend((0..len).map(|_| rng.random::<u8>()));
                }
                // Valid header, random body and random declared length.
                1 => {
                    let body_len = rng.random_range(0..64usize);
                    buf.extend_from_slice(&[0x01, if rng.random() { 0x01 } else { 0x11 }]);
                    let declared: u16 = if rng.random() {
                        body_len as u16
                    } else {
                        rng.random::<u16>() & !3
                    };
                    buf.extend_from_slice(&declared.to_be_bytes());
                    buf.extend_from_slice(&MAGIC_COOKIE.to_be_bytes());
                    buf.extend_from_slice(&tid);
                    buf.extend((0..body_len).map(|_| rng.random::<u8>()));
                }
                // Bit flips in the RFC vectors.
                _ => {
                    let base: &[u8] = if rng.random() {
                        &RFC5769_IPV4_RESPONSE
                    } else {
                        &RFC5769_IPV6_RESPONSE
                    };
                    crate::proto::testkit::flip_and_cut(&mut rng, base, &mut buf);
                }
            }
            let _ = decode_binding_response(&buf, &tid);
            let _ = parse_binding_request(&buf);
        }
    }

    #[test]
    fn display_messages() {
        let refused =
            StunQueryError::Io(std::io::Error::from(std::io::ErrorKind::ConnectionRefused));
        assert_eq!(
            refused.to_string(),
            "connection refused (no STUN server on that port)"
        );
        let t = StunQueryError::Timeout {
            last_error: Some(StunError::TransactionMismatch),
        };
        assert!(t.to_string().contains("different transaction id"));
        for e in [
            StunError::TooShort,
            StunError::NotStun,
            StunError::UnexpectedType(1),
            StunError::Truncated,
            StunError::BadAttribute("x"),
            StunError::NoAddress,
        ] {
            assert!(!e.to_string().is_empty());
        }
    }

    // ---- transport tests against loopback fakes --------------------------

    /// What a fake server does with the n-th (0-based) request it receives.
    type Behaviour = Box<dyn Fn(usize, &TransactionId) -> Vec<Vec<u8>> + Send + Sync>;

    /// Start a fake STUN server on `bind`; returns its address and a counter
    /// of requests received.
    async fn fake(bind: &str, behaviour: Behaviour) -> (SocketAddr, Arc<AtomicUsize>) {
        let sock = UdpSocket::bind(bind).await.unwrap();
        let addr = sock.local_addr().unwrap();
        let count = Arc::new(AtomicUsize::new(0));
        let c = count.clone();
        tokio::spawn(async move {
            let mut buf = [0u8; 1500];
            let mut seen_tid: Option<TransactionId> = None;
            loop {
                let Ok((n, from)) = sock.recv_from(&mut buf).await else {
                    return;
                };
                let tid = parse_binding_request(&buf[..n]).expect("client sent a valid request");
                // Retransmissions must reuse the transaction id.
                assert_eq!(*seen_tid.get_or_insert(tid), tid);
                let i = c.fetch_add(1, Ordering::SeqCst);
                for reply in behaviour(i, &tid) {
                    let _ = sock.send_to(&reply, from).await;
                }
            }
        });
        (addr, count)
    }

    /// Reply with the mapped address 203.0.113.9:4242 (or v6 for v6 servers).
    fn answer(addr: SocketAddr) -> impl Fn(&TransactionId) -> Vec<u8> {
        move |tid| encode_binding_response(tid, addr, true)
    }

    const MAPPED_V4: &str = "203.0.113.9:4242";

    /// RFC 5389 7.2.1: RTO 500 ms doubled after each send, Rc = 7 sends
    /// (at 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s).
    #[test]
    fn schedule_is_rfc5389() {
        let ms: Vec<u64> = SCHEDULE
            .send_offsets()
            .map(|d| d.as_millis() as u64)
            .collect();
        assert_eq!(ms, [0, 500, 1500, 3500, 7500, 15500, 31500]);
    }

    fn assert_sends(count: &AtomicUsize, at_least: usize, elapsed: Duration) {
        SCHEDULE.assert_sends(count.load(Ordering::SeqCst), at_least, elapsed);
    }

    #[tokio::test]
    async fn query_normal_answer() {
        let ans = answer(v4(MAPPED_V4));
        let (server, count) = fake("127.0.0.1:0", Box::new(move |_, tid| vec![ans(tid)])).await;
        let t0 = Instant::now();
        let got = query(server, Instant::now() + Duration::from_secs(10))
            .await
            .unwrap();
        assert_eq!(got, v4(MAPPED_V4));
        assert_sends(&count, 1, t0.elapsed());
    }

    #[tokio::test]
    async fn query_garbage_then_answer() {
        let ans = answer(v4(MAPPED_V4));
        let (server, _) = fake(
            "127.0.0.1:0",
            Box::new(move |_, tid| {
                let mut wrong = *tid;
                wrong[0] ^= 0xff;
                vec![
                    b"garbage".to_vec(),
                    vec![0xff; 64],
                    encode_binding_response(&wrong, v4("6.6.6.6:666"), true),
                    ans(tid),
                ]
            }),
        )
        .await;
        let got = query(server, Instant::now() + Duration::from_secs(2))
            .await
            .unwrap();
        assert_eq!(got, v4(MAPPED_V4));
    }

    #[tokio::test]
    async fn query_only_wrong_transaction_times_out() {
        let (server, count) = fake(
            "127.0.0.1:0",
            Box::new(|_, tid| {
                let mut wrong = *tid;
                wrong[5] ^= 0x01;
                vec![encode_binding_response(&wrong, v4(MAPPED_V4), true)]
            }),
        )
        .await;
        let deadline = Duration::from_millis(1200);
        let t0 = Instant::now();
        let err = query(server, t0 + deadline).await.unwrap_err();
        let elapsed = t0.elapsed();
        assert!(
            matches!(
                err,
                StunQueryError::Timeout {
                    last_error: Some(StunError::TransactionMismatch)
                }
            ),
            "{err:?}"
        );
        // Never before the deadline; a generous ceiling after it.
        assert!(elapsed >= deadline, "{elapsed:?}");
        assert!(elapsed < deadline + Duration::from_secs(2), "{elapsed:?}");
        // Sends at 0 and 0.5 s fall inside a 1.2 s deadline; 1.5 s does not.
        assert_eq!(SCHEDULE.sends_before(deadline), 2);
        assert_sends(&count, 2, deadline);
    }

    #[tokio::test]
    async fn query_silent_server_times_out() {
        let (server, count) = fake("127.0.0.1:0", Box::new(|_, _| vec![])).await;
        let deadline = Duration::from_millis(1700);
        let t0 = Instant::now();
        let err = query(server, t0 + deadline).await.unwrap_err();
        let elapsed = t0.elapsed();
        assert!(
            matches!(err, StunQueryError::Timeout { last_error: None }),
            "{err:?}"
        );
        // Never before the deadline; a generous ceiling after it.
        assert!(elapsed >= deadline, "{elapsed:?}");
        assert!(elapsed < deadline + Duration::from_secs(2), "{elapsed:?}");
        // RFC 5389 schedule: sends planned at 0, 0.5 and 1.5 s; at least
        // one resend.
        assert_sends(&count, 2, deadline);
        assert_eq!(
            err.to_string(),
            "no reply from STUN server before the deadline"
        );
    }

    #[tokio::test]
    async fn query_answers_retransmission() {
        let ans = answer(v4(MAPPED_V4));
        let (server, count) = fake(
            "127.0.0.1:0",
            Box::new(move |i, tid| if i == 0 { vec![] } else { vec![ans(tid)] }),
        )
        .await;
        let t0 = Instant::now();
        let got = query(server, Instant::now() + Duration::from_secs(10))
            .await
            .unwrap();
        let elapsed = t0.elapsed();
        assert_eq!(got, v4(MAPPED_V4));
        // Only the second send is answered; it is due at 0.5 s.
        assert!(elapsed >= Duration::from_millis(500), "{elapsed:?}");
        assert_sends(&count, 2, elapsed);
    }

    #[tokio::test]
    async fn query_error_response_is_protocol_error() {
        let (server, _) = fake(
            "127.0.0.1:0",
            Box::new(|_, tid| {
                let ec = error_code_value(420, "Unknown Attribute");
                vec![build(BINDING_ERROR, tid, &[(ATTR_ERROR_CODE, &ec)])]
            }),
        )
        .await;
        // Ends at the first answer, long before the 10 s deadline (3 s: a
        // generous ceiling).
        let t0 = Instant::now();
        let err = query(server, Instant::now() + Duration::from_secs(10))
            .await
            .unwrap_err();
        assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
        assert!(
            matches!(
                &err,
                StunQueryError::Protocol(StunError::ErrorResponse { code: 420, .. })
            ),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn query_wrong_family() {
        let ans = answer(v4("[2001:db8::5]:1234"));
        let (server, _) = fake("127.0.0.1:0", Box::new(move |_, tid| vec![ans(tid)])).await;
        let err = query(server, Instant::now() + Duration::from_secs(2))
            .await
            .unwrap_err();
        assert!(
            matches!(err, StunQueryError::WrongFamily(a) if a == v4("[2001:db8::5]:1234")),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn query_nothing_listening_is_refused() {
        // Grab a free port, then close it.
        let port = {
            let s = UdpSocket::bind("127.0.0.1:0").await.unwrap();
            s.local_addr().unwrap().port()
        };
        let server = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let t0 = Instant::now();
        let err = query(server, Instant::now() + Duration::from_secs(10))
            .await
            .unwrap_err();
        assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
        match &err {
            StunQueryError::Io(e) => {
                assert_eq!(e.kind(), std::io::ErrorKind::ConnectionRefused)
            }
            other => panic!("expected Io, got {other:?}"),
        }
        assert_eq!(
            err.to_string(),
            "connection refused (no STUN server on that port)"
        );
    }

    #[tokio::test]
    async fn query_ipv6_loopback() {
        if UdpSocket::bind("[::1]:0").await.is_err() {
            crate::proto::testkit::skip(
                "::1 unavailable on this host: IPv6 STUN query not checked",
            );
            return;
        }
        let mapped: SocketAddr = v4("[2001:db8::42]:5555");
        let ans = answer(mapped);
        let (server, _) = fake("[::1]:0", Box::new(move |_, tid| vec![ans(tid)])).await;
        assert!(server.is_ipv6());
        let got = query(server, Instant::now() + Duration::from_secs(2))
            .await
            .unwrap();
        assert_eq!(got, mapped);
        // An IPv4 mapped address from an IPv6 server is the wrong family.
        let ans = answer(v4(MAPPED_V4));
        let (server, _) = fake("[::1]:0", Box::new(move |_, tid| vec![ans(tid)])).await;
        let err = query(server, Instant::now() + Duration::from_secs(2))
            .await
            .unwrap_err();
        assert!(matches!(err, StunQueryError::WrongFamily(_)), "{err:?}");
    }

    #[tokio::test]
    async fn query_ipv4_mapped_server_uses_ipv4() {
        let ans = answer(v4(MAPPED_V4));
        let (server, _) = fake("127.0.0.1:0", Box::new(move |_, tid| vec![ans(tid)])).await;
        let mapped_server = SocketAddr::new(
            IpAddr::V6(Ipv4Addr::LOCALHOST.to_ipv6_mapped()),
            server.port(),
        );
        let got = query(mapped_server, Instant::now() + Duration::from_secs(2))
            .await
            .unwrap();
        assert_eq!(got, v4(MAPPED_V4));
    }

    // ---- NAT discovery attributes (RFC 5780) -------------------------------

    #[test]
    fn request_options_round_trip() {
        let tid = RFC5769_TID;
        assert_eq!(
            encode_binding_request_with(&tid, RequestOptions::default()),
            encode_binding_request(&tid).to_vec(),
            "no options: the plain request"
        );
        for change_ip in [false, true] {
            for change_port in [false, true] {
                for response_port in [None, Some(40000)] {
                    let opts = RequestOptions {
                        change: ChangeRequest {
                            change_ip,
                            change_port,
                        },
                        response_port,
                    };
                    let wire = encode_binding_request_with(&tid, opts);
                    assert_eq!(parse_binding_request_with(&wire), Ok((tid, opts)));
                    assert_eq!(parse_binding_request(&wire), Ok(tid));
                    assert_eq!(transaction_id(&wire), Some(tid));
                }
            }
        }
        // The flag bits are those of RFC 5780 section 7.2.
        let both = ChangeRequest {
            change_ip: true,
            change_port: true,
        };
        let wire = encode_binding_request_with(
            &tid,
            RequestOptions {
                change: both,
                response_port: None,
            },
        );
        assert_eq!(&wire[20..28], &[0x00, 0x03, 0x00, 0x04, 0, 0, 0, 0x06]);
    }

    #[test]
    fn response_with_other_address_round_trips() {
        let tid = RFC5769_TID;
        for r in [
            BindingResponse {
                mapped: v4("111.222.33.123:40000"),
                other: Some(v4("111.222.33.2:3479")),
                origin: Some(v4("111.222.33.1:3478")),
            },
            BindingResponse {
                mapped: "[2111:222::123]:1".parse().unwrap(),
                other: Some("[2111:222::2]:3479".parse().unwrap()),
                origin: None,
            },
            BindingResponse {
                mapped: v4("1.2.3.4:5"),
                other: None,
                origin: None,
            },
        ] {
            let wire = encode_binding_response_with(&tid, &r);
            assert_eq!(decode_binding_response_full(&wire, &tid), Ok(r));
            assert_eq!(decode_binding_response(&wire, &tid), Ok(r.mapped));
        }
    }

    #[test]
    fn legacy_changed_and_source_address() {
        let tid = RFC5769_TID;
        let mapped = encode_address(&tid, v4("9.9.9.9:99"), true);
        let changed = encode_address(&tid, v4("8.8.8.8:3479"), false);
        let source = encode_address(&tid, v4("7.7.7.7:3478"), false);
        let other = encode_address(&tid, v4("6.6.6.6:3479"), false);
        let legacy = build(
            BINDING_SUCCESS,
            &tid,
            &[(0x0020, &mapped), (0x0005, &changed), (0x0004, &source)],
        );
        let r = decode_binding_response_full(&legacy, &tid).unwrap();
        assert_eq!(r.other, Some(v4("8.8.8.8:3479")));
        assert_eq!(r.origin, Some(v4("7.7.7.7:3478")));
        // OTHER-ADDRESS wins over CHANGED-ADDRESS whatever the order.
        let both = build(
            BINDING_SUCCESS,
            &tid,
            &[(0x0020, &mapped), (0x0005, &changed), (0x802C, &other)],
        );
        let r = decode_binding_response_full(&both, &tid).unwrap();
        assert_eq!(r.other, Some(v4("6.6.6.6:3479")));
    }

    #[test]
    fn malformed_other_address_is_an_error() {
        let tid = RFC5769_TID;
        let mapped = encode_address(&tid, v4("9.9.9.9:99"), true);
        for bad in [
            &[0u8, 1, 0][..],
            &[0, 9, 0, 1, 1, 2, 3, 4][..],
            &[0, 1, 0, 1, 1][..],
        ] {
            let msg = build(BINDING_SUCCESS, &tid, &[(0x0020, &mapped), (0x802C, bad)]);
            assert!(
                matches!(
                    decode_binding_response_full(&msg, &tid),
                    Err(StunError::BadAttribute(_))
                ),
                "{bad:?}"
            );
            // The plain decoder does not look at it.
            assert_eq!(decode_binding_response(&msg, &tid), Ok(v4("9.9.9.9:99")));
        }
        let short_change = build(BINDING_REQUEST, &tid, &[(0x0003, &[0, 0])]);
        assert!(parse_binding_request_with(&short_change).is_err());
    }

    #[test]
    fn nat_codec_fuzz_no_panic() {
        let mut rng = StdRng::seed_from_u64(0x5780);
        let tid = RFC5769_TID;
        let base = encode_binding_response_with(
            &tid,
            &BindingResponse {
                mapped: v4("111.222.33.123:40000"),
                other: Some(v4("111.222.33.2:3479")),
                origin: Some(v4("111.222.33.1:3478")),
            },
        );
        let req = encode_binding_request_with(
            &tid,
            RequestOptions {
                change: ChangeRequest {
                    change_ip: true,
                    change_port: false,
                },
                response_port: Some(5),
            },
        );
        let mut buf = Vec::new();
        for i in 0..40_000u32 {
            buf.clear();
            let src: &[u8] = if i % 2 == 0 { &base } else { &req };
            crate::proto::testkit::flip_and_cut(&mut rng, src, &mut buf);
            if let Ok(r) = decode_binding_response_full(&buf, &tid) {
                // What decodes re-encodes to the same facts.
                let again = encode_binding_response_with(&tid, &r);
                assert_eq!(decode_binding_response_full(&again, &tid), Ok(r));
            }
            if let Ok((t, o)) = parse_binding_request_with(&buf) {
                let again = encode_binding_request_with(&t, o);
                assert_eq!(parse_binding_request_with(&again), Ok((t, o)));
            }
            let _ = transaction_id(&buf);
        }
    }
}
