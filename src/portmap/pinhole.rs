//! IPv6 pinholes: ask the router's firewall to let inbound IPv6 through to
//! one address and port — by UPnP IGDv2 `WANIPv6FirewallControl` or by PCP
//! MAP over IPv6 — every request sent *from* that address (routers check it).
//!
//! `auto` tries UPnP, then PCP, and keeps the first that opens. Each opened
//! pinhole comes back as a [`pinhole_state::Entry`]: what `--keep`,
//! `--remove` and `--list` need to find it again.

use super::pinhole_state::{Entry, PinholeMethod, PinholeProto, hex, now, unhex};
use super::{Refusal, Router, discover_upnp};
use crate::proto::pcp::{self, MapRequest, PcpError, ResultCode};
use crate::proto::upnp6fc::{self, Answer};
use crate::sys::soap6::{PostError, post_from};
use serde::Serialize;
use std::net::{Ipv6Addr, SocketAddrV6};
use tokio::time::Instant;

/// This host's IPv6 side: the interface facing the router and its addresses.
pub struct Host6 {
    pub iface: crate::net::host::Iface,
    pub router: Router6,
    pub addrs: Vec<crate::net::ipv6_pick::V6Addr>,
    pub flags_known: bool,
}

/// The default interface's IPv6 view. `None` when there is no default interface.
pub fn host6() -> Option<Host6> {
    let iface = crate::sys::netdev_adapter::interfaces()
        .into_iter()
        .find(|i| i.is_default)?;
    Some(host6_from(iface))
}

/// The IPv6 view of one interface (the default one).
pub fn host6_from(iface: crate::net::host::Iface) -> Host6 {
    let v4 = match (iface.gateway_v4, iface.lan_v4()) {
        (Some(gateway), Some(lan)) => Some(Router { gateway, lan }),
        _ => None,
    };
    let gateway6 = iface.gateway_v6.map(|g| {
        let link_local = g.segments()[0] & 0xffc0 == 0xfe80;
        SocketAddrV6::new(g, 0, 0, if link_local { iface.index } else { 0 })
    });
    let (addrs, flags_known) = crate::sys::addr6::addresses(&iface);
    Host6 {
        router: Router6 { v4, gateway6 },
        addrs,
        flags_known,
        iface,
    }
}

/// Where the router is, seen from this host.
#[derive(Debug, Clone, Copy)]
pub struct Router6 {
    /// The IPv4 side, where the UPnP device answers discovery.
    pub v4: Option<Router>,
    /// The IPv6 default router (scope id set for a link-local one).
    pub gateway6: Option<SocketAddrV6>,
}

/// The pinholes asked for: one per protocol.
#[derive(Debug, Clone)]
pub struct HoleRequest {
    pub address: Ipv6Addr,
    pub port: u16,
    pub protocols: Vec<PinholeProto>,
    /// Seconds, 1–86400 (UPnP's limit; PCP uses the same).
    pub lease: u32,
}

/// Why a method opened nothing, in terms people can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinholeError {
    /// 606: not authorised — usually the request left from another address.
    NotAuthorized,
    /// 606 for a port below 1024: UPnP IGDv2 refuses those.
    LowPort,
    /// 702: the router's IPv6 firewall is off: nothing to open.
    FirewallDisabled,
    /// 703: the router forbids inbound pinholes.
    InboundNotAllowed,
    /// The router's UPnP has no WANIPv6FirewallControl service (IGDv1 only).
    NoService,
    /// No UPnP device / PCP server answered.
    NotFound,
    /// This host has no IPv6 default router.
    NoGateway6,
    /// 704 / PCP: the pinhole is not (or no longer) on the router.
    NoSuchEntry,
    Timeout,
    /// Any other refusal, with the router's words.
    /// Any other refusal: why, and the English words.
    Refused {
        why: Refusal,
        words: String,
    },
}

impl PinholeError {
    /// Stable code for JSON.
    pub fn code(&self) -> &'static str {
        match self {
            PinholeError::NotAuthorized => "not_authorized",
            PinholeError::LowPort => "low_port",
            PinholeError::FirewallDisabled => "firewall_disabled",
            PinholeError::InboundNotAllowed => "inbound_not_allowed",
            PinholeError::NoService => "no_ipv6_service",
            PinholeError::NotFound => "not_found",
            PinholeError::NoGateway6 => "no_ipv6_gateway",
            PinholeError::NoSuchEntry => "no_such_entry",
            PinholeError::Timeout => "timeout",
            PinholeError::Refused { .. } => "refused",
        }
    }
}

impl std::fmt::Display for PinholeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PinholeError::NotAuthorized => f.write_str(
                "606 not authorized: the router accepts a pinhole only for the address the request comes from",
            ),
            PinholeError::LowPort => {
                f.write_str("606 not authorized: UPnP IGDv2 routers refuse ports below 1024")
            }
            PinholeError::FirewallDisabled => {
                f.write_str("702 the router's IPv6 firewall is off: inbound IPv6 already passes")
            }
            PinholeError::InboundNotAllowed => {
                f.write_str("703 the router forbids inbound pinholes")
            }
            PinholeError::NoService => f.write_str(
                "the router's UPnP has no IPv6 firewall service (IGDv1 only)",
            ),
            PinholeError::NotFound => f.write_str("no answer: the protocol is off or not supported"),
            PinholeError::NoGateway6 => f.write_str("this host has no IPv6 default router"),
            PinholeError::NoSuchEntry => f.write_str("the router no longer has this pinhole"),
            PinholeError::Timeout => f.write_str("the router did not answer in time"),
            PinholeError::Refused { words, .. } => write!(f, "the router refused: {words}"),
        }
    }
}

/// One method's failure.
#[derive(Debug, Clone, Serialize)]
pub struct HoleAttempt {
    pub method: PinholeMethod,
    pub code: &'static str,
    pub error: String,
    #[serde(skip)]
    pub cause: PinholeError,
}

impl HoleAttempt {
    pub fn new(method: PinholeMethod, cause: PinholeError) -> HoleAttempt {
        HoleAttempt {
            method,
            code: cause.code(),
            error: cause.to_string(),
            cause,
        }
    }
}

fn ip_number(p: PinholeProto) -> u8 {
    match p {
        PinholeProto::Tcp => 6,
        PinholeProto::Udp => 17,
    }
}

fn pcp_proto(p: PinholeProto) -> pcp::Protocol {
    match p {
        PinholeProto::Tcp => pcp::Protocol::Tcp,
        PinholeProto::Udp => pcp::Protocol::Udp,
    }
}

/// A UPnP fault in plain terms. `by_id`: the action names a pinhole by its
/// UniqueID — miniupnpd 2.3.1 answers 402 (Invalid Args) rather than 704
/// for a UniqueID it does not have (seen in the lab).
fn from_fault(code: u16, port: u16, by_id: bool) -> PinholeError {
    match code {
        402 if by_id => PinholeError::NoSuchEntry,
        606 if port < 1024 => PinholeError::LowPort,
        606 => PinholeError::NotAuthorized,
        702 => PinholeError::FirewallDisabled,
        703 => PinholeError::InboundNotAllowed,
        704 => PinholeError::NoSuchEntry,
        401 => PinholeError::NoService,
        c => refused(Refusal::Upnp(c), format!("UPnP error {c}")),
    }
}

fn refused(why: Refusal, words: impl ToString) -> PinholeError {
    PinholeError::Refused {
        why,
        words: words.to_string(),
    }
}

fn from_post(e: PostError) -> PinholeError {
    match e {
        PostError::Timeout => PinholeError::Timeout,
        PostError::Io(w) => refused(Refusal::Network(w.cause), w.detail),
        PostError::BadAnswer => refused(Refusal::Garbled, "an answer that is not HTTP"),
    }
}

fn from_pcp(e: PcpError) -> PinholeError {
    match e {
        PcpError::Timeout | PcpError::Refused => PinholeError::NotFound,
        PcpError::Result(ResultCode::NotAuthorized) => refused(
            Refusal::Pcp(ResultCode::NotAuthorized),
            "PCP NOT_AUTHORIZED (a pinhole made under another nonce, or pinholes are not allowed)",
        ),
        PcpError::UnsupportedVersion { .. } => PinholeError::NotFound,
        PcpError::Result(code) => refused(Refusal::Pcp(code), &e),
        PcpError::Io(ref io) => refused(Refusal::Network(crate::sys::io_cause(io)), &e),
        PcpError::Malformed(_) => refused(Refusal::Garbled, &e),
    }
}

/// The UPnP firewall service's endpoint on the router's IPv6 address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control {
    pub server: SocketAddrV6,
    pub path: String,
}

impl Control {
    pub fn url(&self) -> String {
        format!("http://{}{}", self.server, self.path)
    }

    /// Parse what [`Control::url`] wrote (the state record keeps it).
    pub fn parse(url: &str) -> Option<Control> {
        let rest = url.strip_prefix("http://")?;
        let close = rest.find(']')?;
        let slash = close + rest[close..].find('/')?;
        Some(Control {
            server: rest[..slash].parse().ok()?,
            path: rest[slash..].to_string(),
        })
    }

    async fn call(
        &self,
        from: Ipv6Addr,
        action: &str,
        body: &str,
        port: u16,
        deadline: Instant,
    ) -> Result<String, PinholeError> {
        let (status, text) = post_from(
            from,
            self.server,
            &self.path,
            &upnp6fc::soap_action(action),
            body,
            deadline,
        )
        .await
        .map_err(from_post)?;
        match upnp6fc::answer(status, &text, &format!("{action}Response")) {
            Answer::Ok(b) => Ok(b),
            Answer::Fault(code) => Err(from_fault(
                code,
                port,
                !matches!(action, "AddPinhole" | "GetFirewallStatus"),
            )),
            Answer::Unreadable { status } => Err(refused(
                Refusal::Garbled,
                format!("HTTP {status} without a UPnP answer"),
            )),
        }
    }
}

/// Find the router's WANIPv6FirewallControl service: discovery and the
/// description over IPv4 (as for port forwarding), then the same port and
/// control path on the router's IPv6 address.
pub async fn find_control(router: &Router6, deadline: Instant) -> Result<Control, PinholeError> {
    let v4 = router.v4.ok_or(PinholeError::NotFound)?;
    let gw6 = router.gateway6.ok_or(PinholeError::NoGateway6)?;
    let igd = discover_upnp(v4, deadline)
        .await
        .map_err(|_| PinholeError::NotFound)?;
    // The description as read at discovery: it is not fetched again.
    let url = upnp6fc::control_url(igd.description()).ok_or(PinholeError::NoService)?;
    // An absolute control URL names the IPv4 host: keep its path only.
    let path = match url.strip_prefix("http://") {
        Some(rest) => rest
            .find('/')
            .map_or("/".to_string(), |i| rest[i..].to_string()),
        None if url.starts_with('/') => url,
        None => format!("/{url}"),
    };
    Ok(Control {
        server: SocketAddrV6::new(*gw6.ip(), igd.addr().port(), 0, gw6.scope_id()),
        path,
    })
}

fn entry(method: PinholeMethod, req: &HoleRequest, protocol: PinholeProto, granted: u32) -> Entry {
    let t = now();
    Entry {
        method,
        address: req.address,
        port: req.port,
        protocol,
        unique_id: None,
        control_url: None,
        pcp_server: None,
        nonce: None,
        created: t,
        expires: t + u64::from(granted),
    }
}

async fn open_upnp(
    router: &Router6,
    req: &HoleRequest,
    deadline: Instant,
) -> Result<Vec<Entry>, PinholeError> {
    let control = find_control(router, deadline).await?;
    add_upnp(&control, req, deadline).await
}

async fn pcp_map(
    from: Ipv6Addr,
    server: SocketAddrV6,
    p: PinholeProto,
    port: u16,
    lifetime: u32,
    nonce: pcp::Nonce,
    deadline: Instant,
) -> Result<pcp::MapResponse, PinholeError> {
    let request = MapRequest {
        lifetime_secs: lifetime,
        client_ip: std::net::Ipv4Addr::UNSPECIFIED,
        nonce,
        protocol: pcp_proto(p),
        internal_port: port,
        external_port: port,
    };
    pcp::map_v6(from, server, request, deadline)
        .await
        .map_err(from_pcp)
}

/// The PCP nonce of one pinhole, derived from its address, port and
/// protocol (as for IPv4 mappings, `port_control::nonce_for`): miniupnpd
/// refuses to renew or delete a mapping under another nonce, so a later run
/// — or one whose record was lost — must send the same one. The record keeps
/// it as well.
pub fn nonce_for(address: Ipv6Addr, port: u16, p: PinholeProto) -> pcp::Nonce {
    use std::hash::{Hash, Hasher};
    let part = |salt: u8| {
        let mut h = std::hash::DefaultHasher::new();
        (
            "netcheck pcp pinhole nonce",
            salt,
            address,
            port,
            ip_number(p),
        )
            .hash(&mut h);
        h.finish().to_be_bytes()
    };
    let (a, b) = (part(1), part(2));
    let mut nonce = [0u8; 12];
    nonce[..8].copy_from_slice(&a);
    nonce[8..].copy_from_slice(&b[..4]);
    nonce
}

fn pcp_server(router: &Router6) -> Result<SocketAddrV6, PinholeError> {
    let gw = router.gateway6.ok_or(PinholeError::NoGateway6)?;
    Ok(SocketAddrV6::new(
        *gw.ip(),
        pcp::SERVER_PORT,
        0,
        gw.scope_id(),
    ))
}

async fn open_pcp(
    router: &Router6,
    req: &HoleRequest,
    deadline: Instant,
) -> Result<Vec<Entry>, PinholeError> {
    let server = pcp_server(router)?;
    let mut out = Vec::new();
    for &p in &req.protocols {
        let nonce = nonce_for(req.address, req.port, p);
        match pcp_map(req.address, server, p, req.port, req.lease, nonce, deadline).await {
            Ok(r) => {
                let mut e = entry(PinholeMethod::Pcp, req, p, r.lifetime_secs);
                e.pcp_server = Some(*server.ip());
                e.control_url = Some(server.to_string());
                e.nonce = Some(hex(&nonce));
                out.push(e);
            }
            Err(err) => {
                for e in &out {
                    let _ = close(e, deadline).await;
                }
                return Err(err);
            }
        }
    }
    Ok(out)
}

async fn add_upnp(
    control: &Control,
    req: &HoleRequest,
    deadline: Instant,
) -> Result<Vec<Entry>, PinholeError> {
    let mut out = Vec::new();
    for &p in &req.protocols {
        let body = upnp6fc::add_pinhole(req.address, req.port, ip_number(p), req.lease);
        let answer = control
            .call(req.address, "AddPinhole", &body, req.port, deadline)
            .await;
        let id = match answer.map(|b| upnp6fc::unique_id(&b)) {
            Ok(Some(id)) => id,
            Ok(None) => Err(refused(Refusal::Garbled, "AddPinhole answered no UniqueID"))?,
            Err(e) => {
                // Undo the protocols already opened: all or nothing.
                for e in &out {
                    let _ = close(e, deadline).await;
                }
                return Err(e);
            }
        };
        let mut e = entry(PinholeMethod::Upnp, req, p, req.lease);
        e.unique_id = Some(id);
        e.control_url = Some(control.url());
        out.push(e);
    }
    Ok(out)
}

/// Open the pinholes by `only`, or — `auto` — by the first that works:
/// PCP is asked at once while UPnP discovery runs alongside (SSDP answers
/// take up to a second); UPnP's AddPinhole is sent only when PCP has failed,
/// so the router never holds two pinholes for one request.
pub async fn open(
    router: &Router6,
    req: &HoleRequest,
    only: Option<PinholeMethod>,
    deadline: Instant,
) -> (Vec<Entry>, Vec<HoleAttempt>) {
    let mut attempts = Vec::new();
    match only {
        Some(PinholeMethod::Upnp) => match open_upnp(router, req, deadline).await {
            Ok(e) => return (e, attempts),
            Err(e) => attempts.push(HoleAttempt::new(PinholeMethod::Upnp, e)),
        },
        Some(PinholeMethod::Pcp) => match open_pcp(router, req, deadline).await {
            Ok(e) => return (e, attempts),
            Err(e) => attempts.push(HoleAttempt::new(PinholeMethod::Pcp, e)),
        },
        None => {
            let find = find_control(router, deadline);
            let pcp = open_pcp(router, req, deadline);
            tokio::pin!(find);
            tokio::pin!(pcp);
            let mut found: Option<Result<Control, PinholeError>> = None;
            let mut pcp_done = false;
            while !(pcp_done && found.is_some()) {
                tokio::select! {
                    r = &mut pcp, if !pcp_done => {
                        pcp_done = true;
                        match r {
                            Ok(e) => return (e, attempts),
                            Err(e) => attempts.push(HoleAttempt::new(PinholeMethod::Pcp, e)),
                        }
                    }
                    r = &mut find, if found.is_none() => found = Some(r),
                }
            }
            let upnp = match found {
                Some(Ok(control)) => add_upnp(&control, req, deadline).await,
                Some(Err(e)) => Err(e),
                None => Err(PinholeError::NotFound),
            };
            match upnp {
                Ok(e) => return (e, attempts),
                // UPnP first in the list: it is the one a router is most likely to have.
                Err(e) => attempts.insert(0, HoleAttempt::new(PinholeMethod::Upnp, e)),
            }
        }
    }
    (Vec::new(), attempts)
}

/// What a renewal did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renewal {
    Renewed,
    /// The router had lost it (restart): opened again (new UniqueID).
    Reopened,
}

/// Renew one pinhole for `lease` seconds; re-open it when the router lost it.
pub async fn renew(e: &mut Entry, lease: u32, deadline: Instant) -> Result<Renewal, PinholeError> {
    match e.method {
        PinholeMethod::Upnp => {
            let (control, id) = upnp_target(e)?;
            let body = upnp6fc::update_pinhole(id, lease);
            match control
                .call(e.address, "UpdatePinhole", &body, e.port, deadline)
                .await
            {
                Ok(_) => {
                    e.expires = now() + u64::from(lease);
                    Ok(Renewal::Renewed)
                }
                Err(PinholeError::NoSuchEntry) => {
                    let body =
                        upnp6fc::add_pinhole(e.address, e.port, ip_number(e.protocol), lease);
                    let b = control
                        .call(e.address, "AddPinhole", &body, e.port, deadline)
                        .await?;
                    e.unique_id = Some(
                        upnp6fc::unique_id(&b)
                            .ok_or(refused(Refusal::Garbled, "AddPinhole answered no UniqueID"))?,
                    );
                    let t = now();
                    e.created = t;
                    e.expires = t + u64::from(lease);
                    Ok(Renewal::Reopened)
                }
                Err(other) => Err(other),
            }
        }
        PinholeMethod::Pcp => {
            let (server, nonce) = pcp_target(e)?;
            // A PCP MAP with the same nonce renews, and re-creates what a
            // restarted router lost.
            let r = pcp_map(
                e.address, server, e.protocol, e.port, lease, nonce, deadline,
            )
            .await?;
            e.expires = now() + u64::from(r.lifetime_secs);
            Ok(Renewal::Renewed)
        }
    }
}

/// Where a recorded UPnP pinhole is renewed, closed or asked about: its
/// control URL (no service without one) and its UniqueID.
fn upnp_target(e: &Entry) -> Result<(Control, u16), PinholeError> {
    let control = e
        .control_url
        .as_deref()
        .and_then(Control::parse)
        .ok_or(PinholeError::NoService)?;
    let id = e.unique_id.ok_or(PinholeError::NoSuchEntry)?;
    Ok((control, id))
}

fn pcp_target(e: &Entry) -> Result<(SocketAddrV6, pcp::Nonce), PinholeError> {
    let server = e
        .control_url
        .as_deref()
        .and_then(|s| s.parse::<SocketAddrV6>().ok())
        .or_else(|| {
            e.pcp_server
                .map(|ip| SocketAddrV6::new(ip, pcp::SERVER_PORT, 0, 0))
        })
        .ok_or(PinholeError::NoGateway6)?;
    let nonce = e
        .nonce
        .as_deref()
        .and_then(unhex::<12>)
        .ok_or(PinholeError::NoSuchEntry)?;
    Ok((server, nonce))
}

/// Delete one pinhole (from its own address, as it was made).
pub async fn close(e: &Entry, deadline: Instant) -> Result<(), PinholeError> {
    match e.method {
        PinholeMethod::Upnp => {
            let (control, id) = upnp_target(e)?;
            control
                .call(
                    e.address,
                    "DeletePinhole",
                    &upnp6fc::delete_pinhole(id),
                    e.port,
                    deadline,
                )
                .await
                .map(|_| ())
        }
        PinholeMethod::Pcp => {
            let (server, nonce) = pcp_target(e)?;
            pcp_map(e.address, server, e.protocol, e.port, 0, nonce, deadline)
                .await
                .map(|_| ())
        }
    }
}

/// What the router says about one recorded pinhole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RouterView {
    /// The router has it (UPnP GetPinholePackets answered).
    Open,
    /// The router no longer has it (704).
    Gone,
    /// PCP cannot be asked without renewing.
    NotAsked,
    /// No answer in time, or an error.
    Unknown,
}

/// Ask the router about a recorded pinhole, changing nothing.
pub async fn look(e: &Entry, deadline: Instant) -> RouterView {
    if e.method != PinholeMethod::Upnp {
        return RouterView::NotAsked;
    }
    let Ok((control, id)) = upnp_target(e) else {
        return RouterView::Unknown;
    };
    match control
        .call(
            e.address,
            "GetPinholePackets",
            &upnp6fc::get_pinhole_packets(id),
            e.port,
            deadline,
        )
        .await
    {
        Ok(_) => RouterView::Open,
        Err(PinholeError::NoSuchEntry) => RouterView::Gone,
        Err(_) => RouterView::Unknown,
    }
}

/// Seconds between renewals: half the lease, 1 s – 60 s.
pub fn renew_every(lease: u32) -> std::time::Duration {
    std::time::Duration::from_secs(u64::from(lease / 2).clamp(1, 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_url_round_trip() {
        for url in [
            "http://[2111:222:99::1]:5555/ctl/IP6FCtl",
            "http://[fe80::1%2]:5555/ctl/IP6FCtl",
        ] {
            let c = Control::parse(url).unwrap();
            assert_eq!(c.url(), url);
        }
        assert_eq!(Control::parse("http://192.168.99.1:5555/x"), None);
        assert_eq!(Control::parse("[::1]:80/x"), None);
        assert_eq!(Control::parse("http://[::1]:80"), None);
    }

    #[test]
    fn faults_in_plain_words() {
        assert_eq!(from_fault(606, 5000, false), PinholeError::NotAuthorized);
        assert_eq!(from_fault(606, 80, false), PinholeError::LowPort);
        assert_eq!(from_fault(702, 5000, false), PinholeError::FirewallDisabled);
        assert_eq!(
            from_fault(703, 5000, false),
            PinholeError::InboundNotAllowed
        );
        assert_eq!(from_fault(704, 5000, true), PinholeError::NoSuchEntry);
        // miniupnpd's answer for an unknown UniqueID; for AddPinhole it is a bad request.
        assert_eq!(from_fault(402, 5000, true), PinholeError::NoSuchEntry);
        assert!(matches!(
            from_fault(402, 5000, false),
            PinholeError::Refused { .. }
        ));
        let codes: Vec<&str> = [606u16, 702, 703, 704, 501]
            .iter()
            .map(|c| from_fault(*c, 5000, false).code())
            .collect();
        assert_eq!(
            codes,
            [
                "not_authorized",
                "firewall_disabled",
                "inbound_not_allowed",
                "no_such_entry",
                "refused"
            ]
        );
    }

    #[test]
    fn nonce_is_stable_per_pinhole() {
        let a: Ipv6Addr = "2111:222:99::123".parse().unwrap();
        let b: Ipv6Addr = "2111:222:99::124".parse().unwrap();
        let n = nonce_for(a, 5000, PinholeProto::Tcp);
        assert_eq!(n, nonce_for(a, 5000, PinholeProto::Tcp));
        for other in [
            nonce_for(b, 5000, PinholeProto::Tcp),
            nonce_for(a, 5001, PinholeProto::Tcp),
            nonce_for(a, 5000, PinholeProto::Udp),
        ] {
            assert_ne!(n, other);
        }
    }

    #[test]
    fn renew_schedule() {
        for (lease, secs) in [(3600, 60), (4, 2), (1, 1), (60, 30)] {
            assert_eq!(renew_every(lease).as_secs(), secs, "{lease}");
        }
    }
}
