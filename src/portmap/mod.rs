//! Opening a port on the router: UPnP IGD, NAT-PMP and PCP behind one
//! interface. `auto` discovers all of them at once and maps with the first
//! that answers, falling back to the others when it refuses.

pub mod pinhole;
pub mod pinhole_state;
pub mod port_control;
pub mod upnp_cache;

use crate::net::Transport;
use crate::net::cause::Cause;
use crate::net::host::V4Net;
use crate::net::nat::RouterWan;
use crate::proto::{natpmp, pcp};
use crate::sys::upnp::{Igd, UpnpError};
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, SocketAddrV4};
use tokio::task::JoinSet;
use tokio::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Upnp,
    Natpmp,
    Pcp,
    Manual,
}

impl Method {
    pub fn label(self) -> &'static str {
        match self {
            Method::Upnp => "UPnP IGD",
            Method::Natpmp => "NAT-PMP",
            Method::Pcp => "PCP",
            Method::Manual => "manual",
        }
    }
}

/// Which methods to try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Auto,
    Only(Method),
}

impl Choice {
    /// Whether `m` is to be tried.
    pub fn wants(self, m: Method) -> bool {
        self == Choice::Auto || self == Choice::Only(m)
    }
}

/// The router and this host's side of the LAN.
#[derive(Debug, Clone, Copy)]
pub struct Router {
    pub gateway: Ipv4Addr,
    /// This host's address and prefix on the interface facing the gateway.
    pub lan: V4Net,
}

/// The mapping asked for.
#[derive(Debug, Clone)]
pub struct Request {
    pub external_port: u16,
    pub internal: SocketAddrV4,
    pub protocols: Vec<Transport>,
    /// 0 = permanent.
    pub lease_seconds: u32,
    pub description: String,
}

/// Why one method did not map, in terms people can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapError {
    /// Nothing answered this protocol (it is off, or the router lacks it).
    NotFound,
    /// The external port is held by another mapping (UPnP 718, or the router
    /// gave another external port).
    Conflict {
        holder: Option<String>,
        offered_port: Option<u16>,
    },
    /// UPnP 606 / NAT-PMP or PCP NOT_AUTHORIZED: writes disabled or secure mode.
    NotAuthorized,
    /// The router has no usable external address (its WAN is private: another
    /// NAT in front of it).
    NoExternalAddress,
    /// The router answered too late.
    Timeout,
    /// NAT-PMP and PCP were not tried: they forward only to the asking host.
    OnlyOwnAddress,
    /// NAT-PMP and PCP were not tried for a port below 1024 (auto mode).
    SkippedLowPort,
    /// Any other refusal: why, and the English words for `--json`.
    Refused { why: Refusal, words: String },
    /// A device answered, but was ignored or unusable (its answer pointed
    /// elsewhere, it is off the subnet, its description was unreadable).
    Device { why: DeviceIssue, words: String },
    /// The router's answer was not readable UPnP.
    Malformed,
    /// `--remove`: the router has no mapping of that external port.
    NoSuchMapping,
    /// `--remove`: the router's mapping of that port points at another host
    /// ("192.168.99.50:7000 (desc)"); it was left alone.
    NotOurs { holder: String },
}

/// Why the router refused a request, for the catalogue to word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A NAT-PMP result code (RFC 6886 §3.5).
    NatPmp(natpmp::ResultCode),
    /// A PCP result code (RFC 6887 §7.4).
    Pcp(pcp::ResultCode),
    /// PCP: the router speaks only this version (0: NAT-PMP only).
    PcpVersion(u8),
    /// A UPnP error code without a variant of its own.
    Upnp(u16),
    /// UPnP 725: the router takes only permanent mappings.
    UpnpOnlyPermanent,
    /// UPnP 714: no such entry.
    UpnpNoSuchEntry,
    /// A network error while asking the router.
    Network(Cause),
    /// Something answered on the protocol's port, but not with a valid reply.
    Garbled,
    /// Nothing more is known than the words.
    Unknown,
}

/// Why an answering UPnP device was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceIssue {
    OffSubnet(IpAddr),
    ForeignLocation { from: IpAddr, location: IpAddr },
    Undescribed(IpAddr),
}

impl MapError {
    pub(crate) fn refused(why: Refusal, words: impl ToString) -> MapError {
        MapError::Refused {
            why,
            words: words.to_string(),
        }
    }
}

impl std::fmt::Display for MapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MapError::NotFound => f.write_str("no answer: the protocol is off or not supported"),
            MapError::Conflict {
                holder: Some(h), ..
            } => write!(f, "the external port is already forwarded to {h}"),
            MapError::Conflict {
                offered_port: Some(p),
                ..
            } => {
                write!(
                    f,
                    "the external port is taken; the router offered port {p} instead"
                )
            }
            MapError::Conflict { .. } => {
                f.write_str("the external port is already forwarded to another device")
            }
            MapError::NotAuthorized => {
                f.write_str("the router refused: port mapping is not authorized")
            }
            MapError::NoExternalAddress => f.write_str("the router has no usable external address"),
            MapError::Timeout => f.write_str("the router did not answer in time"),
            MapError::OnlyOwnAddress => f.write_str(
                "NAT-PMP and PCP forward only to the machine that asks; use UPnP or run netcheck on that machine",
            ),
            MapError::SkippedLowPort => f.write_str(
                "skipped for ports below 1024: routers running miniupnpd refuse them and can stall for a minute; use --method natpmp or pcp to try anyway",
            ),
            MapError::Refused { words, .. } => write!(f, "the router refused: {words}"),
            MapError::Device { words, .. } => f.write_str(words),
            MapError::Malformed => f.write_str("the router's answer is not readable UPnP"),
            MapError::NoSuchMapping => f.write_str("the router has no mapping of this port"),
            MapError::NotOurs { holder } => write!(
                f,
                "the router's mapping of this port points at another host ({holder}); left alone"
            ),
        }
    }
}

impl From<UpnpError> for MapError {
    fn from(e: UpnpError) -> Self {
        match e {
            UpnpError::NotFound => MapError::NotFound,
            UpnpError::OffSubnet(ip) => MapError::Device {
                why: DeviceIssue::OffSubnet(ip),
                words: e.to_string(),
            },
            UpnpError::ForeignLocation { from, location } => MapError::Device {
                why: DeviceIssue::ForeignLocation { from, location },
                words: e.to_string(),
            },
            UpnpError::Undescribed(ip) => MapError::Device {
                why: DeviceIssue::Undescribed(ip),
                words: e.to_string(),
            },
            UpnpError::Conflict => MapError::Conflict {
                holder: None,
                offered_port: None,
            },
            UpnpError::NotAuthorized => MapError::NotAuthorized,
            UpnpError::Timeout => MapError::Timeout,
            UpnpError::Malformed => MapError::Malformed,
            // miniupnpd: 501 ActionFailed when its WAN address is reserved.
            UpnpError::Code(501, _) => MapError::NoExternalAddress,
            UpnpError::Code(c, _) => MapError::refused(Refusal::Upnp(c), &e),
            UpnpError::OnlyPermanent => MapError::refused(Refusal::UpnpOnlyPermanent, &e),
            UpnpError::NoSuchEntry => MapError::refused(Refusal::UpnpNoSuchEntry, &e),
            UpnpError::Io(_, ref f) => MapError::refused(Refusal::Network(f.cause.clone()), &e),
            UpnpError::Other(_) => MapError::refused(Refusal::Unknown, &e),
        }
    }
}

/// One method's failure.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    pub method: Method,
    pub error: String,
    #[serde(skip)]
    pub cause: MapError,
}

/// A mapping the router accepted, read back from the router.
#[derive(Debug, Clone)]
pub struct Mapped {
    pub method: Method,
    pub router_wan: RouterWan,
    pub external_port: u16,
    pub internal: SocketAddrV4,
    pub protocols: Vec<Transport>,
    /// As granted by the router (0 = permanent).
    pub lease_seconds: u32,
    /// The router only takes permanent leases (UPnP 725): mapped with 0.
    pub forced_permanent: bool,
    /// The router listed the mapping when asked back.
    pub confirmed: bool,
    /// NAT-PMP/PCP: the router's epoch (seconds since its start).
    pub epoch: Option<u32>,
}

impl Mapped {
    pub fn external_ip(&self) -> Option<IpAddr> {
        match self.router_wan {
            RouterWan::Addr(ip) => Some(ip),
            _ => None,
        }
    }
}

/// A live handle on the router, kept for renewal and removal.
pub enum Handle {
    /// The device, and the router to discover it again when it moved.
    Upnp { igd: Igd, router: Router },
    PortControl {
        router: Router,
        /// NAT-PMP or PCP: the one that mapped (renewals use it again).
        method: Method,
        /// The router's epoch and when it was seen, to notice a restart.
        epoch: Option<(u32, Instant)>,
    },
}

/// What a `--keep` check did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refresh {
    Renewed,
    /// The mapping was gone (router restarted): created again.
    Recreated,
}

/// Everything `map` learnt.
pub struct Outcome {
    pub mapped: Option<Mapped>,
    pub attempts: Vec<Attempt>,
    /// The handle that mapped, for renewal/removal.
    pub handle: Option<Handle>,
    /// The UPnP device, when discovery found one (brand detection, listing).
    pub igd: Option<Igd>,
    /// The router's WAN as any method reported it, even if mapping failed.
    pub router_wan: RouterWan,
}

/// How long past the deadline a discovery may take to report why it failed.
const REPORT_GRACE: std::time::Duration = std::time::Duration::from_millis(100);

enum Found {
    Upnp(Result<Igd, UpnpError>),
    PortControl(Result<Option<Ipv4Addr>, MapError>),
}

/// The discovery fan-out of [`map`] and [`remove`]: UPnP and port 5351
/// (NAT-PMP/PCP), as far as `choice` asks for them, looked for at once; each
/// reports in the set as it is found or fails.
fn discover(router: Router, choice: Choice, deadline: Instant) -> JoinSet<Found> {
    let mut set: JoinSet<Found> = JoinSet::new();
    if choice.wants(Method::Upnp) {
        set.spawn(async move { Found::Upnp(discover_upnp(router, deadline).await) });
    }
    if choice.wants(Method::Natpmp) || choice.wants(Method::Pcp) {
        set.spawn(async move {
            Found::PortControl(port_control::probe(router.gateway, deadline).await)
        });
    }
    set
}

/// Discovers the methods of `choice` concurrently and maps with the first
/// that answers; on refusal tries the next as it arrives.
pub async fn map(router: Router, req: &Request, choice: Choice, deadline: Instant) -> Outcome {
    let mut out = Outcome {
        mapped: None,
        attempts: Vec::new(),
        handle: None,
        igd: None,
        router_wan: RouterWan::NotAsked,
    };
    // NAT-PMP by name needs no discovery round trip first: the mapping goes
    // out with the probe (half the router's time in `scripts/bench-speed`).
    let mut set = if choice == Choice::Only(Method::Natpmp) && *req.internal.ip() == router.lan.addr
    {
        match port_control::probe_and_map_natpmp(router, req, deadline).await {
            // Nothing on port 5351: the mapping failed for the same reason.
            (Err(e), Err(_)) => out.attempts.push(attempt(Method::Natpmp, e)),
            (wan, mapped) => {
                if let Ok(Some(w)) = wan {
                    out.router_wan = RouterWan::Addr(IpAddr::V4(w));
                }
                port_control_result(&mut out, router, mapped);
            }
        }
        JoinSet::new()
    } else {
        discover(router, choice, deadline)
    };
    while let Ok(Some(Ok(found))) = tokio::time::timeout_at(deadline, set.join_next()).await {
        match found {
            Found::Upnp(Err(e)) => out.attempts.push(attempt(Method::Upnp, e.into())),
            Found::Upnp(Ok(igd)) => match map_upnp(&igd, req, deadline).await {
                Ok(m) => {
                    out.router_wan = m.router_wan;
                    out.mapped = Some(m);
                    out.handle = Some(Handle::Upnp {
                        igd: igd.clone(),
                        router,
                    });
                    out.igd = Some(igd);
                    break;
                }
                Err((e, wan)) => {
                    if wan != RouterWan::NotAsked {
                        out.router_wan = wan;
                    }
                    out.attempts.push(attempt(Method::Upnp, e));
                    out.igd = Some(igd);
                }
            },
            Found::PortControl(Err(e)) => {
                // Nothing on port 5351: neither PCP nor NAT-PMP is there.
                for m in [Method::Pcp, Method::Natpmp]
                    .into_iter()
                    .filter(|m| choice.wants(*m))
                {
                    out.attempts.push(attempt(m, e.clone()));
                }
            }
            Found::PortControl(Ok(wan)) => {
                if let Some(w) = wan {
                    out.router_wan = RouterWan::Addr(IpAddr::V4(w));
                }
                let allowed: Vec<Method> = [Method::Pcp, Method::Natpmp]
                    .into_iter()
                    .filter(|m| choice.wants(*m))
                    .collect();
                let auto = choice == Choice::Auto;
                let mapped = port_control::map(router, req, &allowed, auto, wan, deadline).await;
                if port_control_result(&mut out, router, mapped) {
                    break;
                }
            }
        }
    }
    if out.mapped.is_none() {
        // A discovery that ends at the deadline itself (it waited for more
        // answers) still says why it found nothing.
        while let Ok(Some(Ok(found))) = tokio::time::timeout(REPORT_GRACE, set.join_next()).await {
            if let Found::Upnp(Err(e)) = found {
                out.attempts.push(attempt(Method::Upnp, e.into()));
            }
        }
        // Discovery still running when time ran out.
        if choice.wants(Method::Upnp)
            && !out.attempts.iter().any(|a| a.method == Method::Upnp)
            && out.igd.is_none()
        {
            out.attempts.push(attempt(Method::Upnp, MapError::NotFound));
        }
    }
    set.abort_all();
    out
}

/// Takes a NAT-PMP/PCP mapping's result into `out`; true when it mapped.
fn port_control_result(
    out: &mut Outcome,
    router: Router,
    mapped: Result<Mapped, Vec<(Method, MapError)>>,
) -> bool {
    match mapped {
        Ok(m) => {
            out.router_wan = m.router_wan;
            out.handle = Some(Handle::PortControl {
                router,
                method: m.method,
                epoch: m.epoch.map(|e| (e, Instant::now())),
            });
            out.mapped = Some(m);
            true
        }
        Err(fails) => {
            for (method, e) in fails {
                if e == MapError::NoExternalAddress {
                    out.router_wan = RouterWan::NoAddress;
                }
                out.attempts.push(attempt(method, e));
            }
            false
        }
    }
}

fn attempt(method: Method, cause: MapError) -> Attempt {
    Attempt {
        method,
        error: cause.to_string(),
        cause,
    }
}

/// Finds the UPnP device, racing the one remembered for this LAN (its
/// description URL, [`upnp_cache`]) against SSDP, and remembers the one found.
pub async fn discover_upnp(router: Router, deadline: Instant) -> Result<Igd, UpnpError> {
    let lan = router.lan;
    let path = upnp_cache::default_path();
    let entries = path.as_deref().map(upnp_cache::load).unwrap_or_default();
    let before =
        upnp_cache::find(&entries, router.gateway, lan.addr).map(upnp_cache::Entry::remembered);
    let igd = crate::sys::upnp::discover(
        lan.addr,
        move |ip| lan.contains(ip),
        router.gateway,
        before.as_ref(),
        deadline,
    )
    .await?;
    let now = igd.remembered();
    if let Some(path) = path.filter(|_| before.as_ref() != Some(&now)) {
        upnp_cache::save(&path, upnp_cache::Entry::new(router.gateway, lan.addr, now));
    }
    Ok(igd)
}

/// The router's WAN as UPnP reports it. No address (or 0.0.0.0) is not yet
/// a verdict: only a refusal to map (501) says the WAN side is unusable.
pub async fn upnp_wan(igd: &Igd, deadline: Instant) -> RouterWan {
    match igd.external_ip(deadline).await {
        Ok(Some(ip)) => RouterWan::Addr(ip),
        Ok(None) => RouterWan::Unreported,
        Err(_) => RouterWan::NotAsked,
    }
}

/// Maps every protocol over UPnP, reads the mapping back, and names the
/// holder of a conflicting port. On 725 retries with a permanent lease.
pub async fn map_upnp(
    igd: &Igd,
    req: &Request,
    deadline: Instant,
) -> Result<Mapped, (MapError, RouterWan)> {
    // The external address is read while the mapping is added: one round trip less.
    let adding = async {
        let mut lease = req.lease_seconds;
        let mut forced_permanent = false;
        for &proto in &req.protocols {
            let mut r = igd
                .add_port(
                    proto,
                    req.external_port,
                    req.internal,
                    lease,
                    &req.description,
                    deadline,
                )
                .await;
            if r == Err(UpnpError::OnlyPermanent) && lease != 0 {
                lease = 0;
                forced_permanent = true;
                r = igd
                    .add_port(
                        proto,
                        req.external_port,
                        req.internal,
                        0,
                        &req.description,
                        deadline,
                    )
                    .await;
            }
            if let Err(e) = r {
                let mut err = MapError::from(e);
                if let MapError::Conflict { holder, .. } = &mut err {
                    *holder = conflict_holder(igd, proto, req.external_port, deadline).await;
                }
                // Undo the protocols already mapped: no half-done rule is left behind.
                for &done in req.protocols.iter().take_while(|p| **p != proto) {
                    let _ = igd.remove_port(done, req.external_port, deadline).await;
                }
                return Err(err);
            }
        }
        Ok((lease, forced_permanent))
    };
    let (wan, added) = tokio::join!(upnp_wan(igd, deadline), adding);
    let (lease, forced_permanent) = match added {
        Ok(done) => done,
        Err(err) => {
            let wan = if err == MapError::NoExternalAddress {
                RouterWan::NoAddress
            } else {
                wan
            };
            return Err((err, wan));
        }
    };
    let mut confirmed = true;
    let mut granted = lease;
    for &proto in &req.protocols {
        match igd.specific_entry(proto, req.external_port, deadline).await {
            Ok(Some(e)) => {
                confirmed &= e.internal_port == req.internal.port()
                    && e.internal_client == req.internal.ip().to_string();
                granted = e.lease_seconds;
            }
            _ => confirmed = false,
        }
    }
    Ok(Mapped {
        method: Method::Upnp,
        router_wan: wan,
        external_port: req.external_port,
        internal: req.internal,
        protocols: req.protocols.clone(),
        lease_seconds: granted,
        forced_permanent,
        confirmed,
        epoch: None,
    })
}

/// Who holds `external_port`, as the router's list says: "192.168.99.50:5000 (desc)".
async fn conflict_holder(
    igd: &Igd,
    proto: Transport,
    external_port: u16,
    deadline: Instant,
) -> Option<String> {
    if let Ok(Some(e)) = igd.specific_entry(proto, external_port, deadline).await {
        return Some(describe_holder(
            &e.internal_client,
            e.internal_port,
            &e.description,
        ));
    }
    let list = igd.list(deadline).await.ok()?;
    list.iter()
        .find(|m| m.external_port == external_port && m.protocol == proto)
        .map(|m| describe_holder(&m.internal_ip, m.internal_port, &m.description))
}

fn describe_holder(ip: &str, port: u16, description: &str) -> String {
    if description.is_empty() {
        format!("{ip}:{port}")
    } else {
        format!("{ip}:{port} ({description})")
    }
}

/// Removes this host's UPnP mapping of `req.external_port`, protocol by
/// protocol, reading each entry first: a mapping that points at another host
/// is never deleted (many routers let any LAN host delete any rule). Ok when
/// at least one protocol was removed; `NoSuchMapping` when none existed.
async fn upnp_remove(igd: &Igd, req: &Request, deadline: Instant) -> Result<(), MapError> {
    let mut removed = false;
    for &proto in &req.protocols {
        let entry = match igd.specific_entry(proto, req.external_port, deadline).await {
            Ok(e) => e.map(|e| (e.internal_client, e.internal_port, e.description)),
            // No GetSpecificPortMappingEntry: look it up in the list instead.
            Err(_) => igd
                .list(deadline)
                .await?
                .into_iter()
                .find(|m| m.external_port == req.external_port && m.protocol == proto)
                .map(|m| (m.internal_ip, m.internal_port, m.description)),
        };
        let Some((client, port, description)) = entry else {
            continue;
        };
        if client != req.internal.ip().to_string() {
            return Err(MapError::NotOurs {
                holder: describe_holder(&client, port, &description),
            });
        }
        match igd.remove_port(proto, req.external_port, deadline).await {
            Ok(()) => removed = true,
            Err(UpnpError::NoSuchEntry) => {}
            Err(e) => return Err(e.into()),
        }
    }
    if removed {
        Ok(())
    } else {
        Err(MapError::NoSuchMapping)
    }
}

/// Removes the mapping with whatever answers.
pub async fn unmap(handle: &Handle, req: &Request, deadline: Instant) -> Result<Method, MapError> {
    match handle {
        Handle::Upnp { igd, .. } => match upnp_remove(igd, req, deadline).await {
            // Already gone (lease ran out, router restarted): nothing to do.
            Ok(()) | Err(MapError::NoSuchMapping) => Ok(Method::Upnp),
            Err(e) => Err(e),
        },
        Handle::PortControl { router, .. } => port_control::unmap(*router, req, deadline).await,
    }
}

/// How long `--remove` waits for a UPnP answer once port 5351 has answered:
/// a router with both answers SSDP within its MX of one second.
const UPNP_GRACE: std::time::Duration = std::time::Duration::from_millis(1500);

/// `--remove` in a new run: discovers UPnP and port 5351 at once. UPnP, when
/// it answers, settles it: it reads the entry, so it knows whether the
/// mapping exists and whose it is. NAT-PMP/PCP answer "deleted" even for a
/// mapping they never had (miniupnpd does), so they are used only when UPnP
/// does not answer (within [`UPNP_GRACE`] of them) or fails, and their
/// success is tentative.
pub async fn remove(
    router: Router,
    req: &Request,
    choice: Choice,
    deadline: Instant,
) -> (Option<Method>, Vec<Attempt>) {
    let mut set = discover(router, choice, deadline);
    let mut attempts = Vec::new();
    let mut port_control_at: Option<Instant> = None;
    loop {
        let until = port_control_at.map_or(deadline, |t| deadline.min(t + UPNP_GRACE));
        let Ok(Some(joined)) = tokio::time::timeout_at(until, set.join_next()).await else {
            break;
        };
        match joined {
            Ok(Found::Upnp(Ok(igd))) => match upnp_remove(&igd, req, deadline).await {
                Ok(()) => return (Some(Method::Upnp), attempts),
                // Decisive: the router's own table says so.
                Err(e @ (MapError::NoSuchMapping | MapError::NotOurs { .. })) => {
                    attempts.push(attempt(Method::Upnp, e));
                    return (None, attempts);
                }
                Err(e) => attempts.push(attempt(Method::Upnp, e)),
            },
            Ok(Found::Upnp(Err(e))) => attempts.push(attempt(Method::Upnp, e.into())),
            Ok(Found::PortControl(Ok(_))) => port_control_at = Some(Instant::now()),
            Ok(Found::PortControl(Err(e))) => attempts.push(attempt(Method::Natpmp, e)),
            Err(_) => {}
        }
    }
    set.abort_all();
    if port_control_at.is_none() {
        return (None, attempts);
    }
    let action_deadline = deadline.max(Instant::now() + REPORT_GRACE * 10);
    match port_control::unmap(router, req, action_deadline).await {
        Ok(m) => {
            attempts.retain(|a| a.method != Method::Upnp || a.cause != MapError::NotFound);
            (Some(m), attempts)
        }
        Err(e) => {
            attempts.push(attempt(Method::Natpmp, e));
            (None, attempts)
        }
    }
}

/// `--keep`: renews the mapping, re-creating it when the router lost it.
pub async fn refresh(
    handle: &mut Handle,
    req: &Request,
    deadline: Instant,
) -> Result<Refresh, MapError> {
    match handle {
        Handle::Upnp { igd, router } => {
            let mut present = true;
            let mut reachable = true;
            for &proto in &req.protocols {
                match igd.specific_entry(proto, req.external_port, deadline).await {
                    Ok(Some(_)) => {}
                    // Gone, or something else answers there now (a 404 page).
                    Err(
                        UpnpError::Other(_)
                        | UpnpError::Io(..)
                        | UpnpError::Timeout
                        | UpnpError::Malformed,
                    ) => (present, reachable) = (false, false),
                    Ok(None) | Err(_) => present = false,
                }
            }
            let first = if reachable {
                map_upnp(igd, req, deadline).await.map_err(|(e, _)| e)
            } else {
                Err(MapError::Timeout)
            };
            match first {
                Ok(_) if present => Ok(Refresh::Renewed),
                Ok(_) => Ok(Refresh::Recreated),
                // The router rebooted onto another port or control URL (miniupnpd
                // picks a new HTTP port at every start): find it again.
                Err(e)
                    if !reachable
                        || matches!(
                            e,
                            MapError::Timeout | MapError::Refused { .. } | MapError::Malformed
                        ) =>
                {
                    let again = discover_upnp(*router, deadline).await.map_err(|_| e)?;
                    map_upnp(&again, req, deadline).await.map_err(|(e, _)| e)?;
                    *igd = again;
                    Ok(Refresh::Recreated)
                }
                Err(e) => Err(e),
            }
        }
        Handle::PortControl {
            router,
            method,
            epoch,
        } => {
            let (m, restarted) =
                port_control::renew(*router, req, *method, *epoch, deadline).await?;
            *epoch = m.epoch.map(|e| (e, Instant::now()));
            Ok(if restarted {
                Refresh::Recreated
            } else {
                Refresh::Renewed
            })
        }
    }
}
