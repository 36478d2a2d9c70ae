//! netcheck's own UPnP IGD client (IGDv1/v2 WANIPConnection and
//! WANPPPConnection): SSDP discovery with every answer vetted, a remembered
//! description URL raced against SSDP, the device description read once,
//! and the SOAP calls port forwarding needs, each under the caller's
//! deadline with bounded answers. The wire text is built and read by the
//! pure codecs [`ssdp`] and [`upnp_xml`]; HTTP goes through the project's
//! client ([`crate::sys::http`]).

use crate::net::Transport;
use crate::net::cause::Failure;
use crate::net::url::{self, Host, HttpUrl};
use crate::proto::ssdp;
use crate::proto::upnp_xml::{self, DeviceInfo, SoapAnswer, SpecificEntry, WanService};
use crate::sys::http::{HttpClient, HttpError};
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, SocketAddrV4};
use std::sync::Arc;
use tokio::task::JoinSet;
use tokio::time::Instant;

/// What went wrong, in terms netcheck explains to people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpnpError {
    /// No Internet Gateway Device answered discovery.
    NotFound,
    /// The only answer came from a device off the local subnet (ignored).
    OffSubnet(IpAddr),
    /// An answer whose description is on another host than the one that
    /// answered (ignored: nothing was fetched).
    ForeignLocation {
        from: IpAddr,
        location: IpAddr,
    },
    /// A device answered discovery but gave no usable description in time
    /// (too large, not XML, no WAN service, or too slow).
    Undescribed(IpAddr),
    /// 718 ConflictInMappingEntry: the external port is held by another mapping.
    Conflict,
    /// 725 OnlyPermanentLeasesSupported.
    OnlyPermanent,
    /// 606 / not authorized: UPnP writes disabled or secure mode.
    NotAuthorized,
    /// 714 NoSuchEntryInArray.
    NoSuchEntry,
    /// Any other UPnP error code with its description.
    Code(u16, String),
    /// An answer that is not readable UPnP (not XML, no SOAP body or fault).
    /// The router's bytes are not kept: they are not shown to people.
    Malformed,
    Timeout,
    /// A socket error on this machine's side (`what`: "SSDP", "SSDP relay").
    Io(&'static str, Failure),
    Other(String),
}

impl std::fmt::Display for UpnpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UpnpError::NotFound => f.write_str("no UPnP Internet Gateway Device answered"),
            UpnpError::OffSubnet(ip) => {
                write!(f, "ignored a UPnP device at {ip}: not on the local subnet")
            }
            UpnpError::ForeignLocation { from, location } => write!(
                f,
                "ignored a UPnP answer from {from}: its description is on another host ({location})"
            ),
            UpnpError::Undescribed(ip) => write!(
                f,
                "the UPnP device at {ip} answered, but gave no usable description in time"
            ),
            UpnpError::Conflict => {
                f.write_str("718 ConflictInMappingEntry: the external port is already mapped")
            }
            UpnpError::OnlyPermanent => f.write_str("725 OnlyPermanentLeasesSupported"),
            UpnpError::NotAuthorized => f.write_str("606 Action not authorized"),
            UpnpError::NoSuchEntry => f.write_str("714 NoSuchEntryInArray"),
            UpnpError::Code(c, d) => write!(f, "UPnP error {c} {d}"),
            UpnpError::Malformed => f.write_str("the router's answer is not readable UPnP"),
            UpnpError::Timeout => f.write_str("the router did not answer in time"),
            UpnpError::Io(what, e) => write!(f, "{what}: {e}"),
            UpnpError::Other(e) => f.write_str(e),
        }
    }
}

/// One mapping in the router's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedMapping {
    pub external_port: u16,
    pub protocol: Transport,
    pub internal_ip: String,
    pub internal_port: u16,
    pub description: String,
    pub lease_seconds: u32,
    pub enabled: bool,
}

/// How the device in use was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscoveredBy {
    /// An answer to this run's M-SEARCH.
    Ssdp,
    /// The description URL remembered from an earlier run answered first.
    Cache,
}

/// What is remembered of a device that worked, to find it again without
/// waiting for SSDP (routers delay their search answers by up to MX seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remembered {
    /// The description URL.
    pub location: String,
    /// The control URL and service type chosen last time (informative: the
    /// description is read again and the service chosen again).
    pub control_url: String,
    pub service_type: String,
}

/// A discovered Internet Gateway Device.
#[derive(Clone)]
pub struct Igd {
    dev: Arc<Device>,
}

struct Device {
    /// Where the description is (host and port).
    addr: SocketAddrV4,
    location: HttpUrl,
    /// The description as read (at most [`upnp_xml::MAX_XML`] bytes).
    description: String,
    service_type: String,
    control: HttpUrl,
    by: DiscoveredBy,
    http: HttpClient,
}

/// At most this many LAN devices are asked for their description at once.
const MAX_DEVICES: usize = 4;
/// How long the remembered device's description is waited for before SSDP
/// searches beside it.
const REMEMBERED_HEAD_START: std::time::Duration = std::time::Duration::from_millis(150);

/// SSDP discovery bound to the LAN address: a multicast M-SEARCH and a
/// unicast one to the gateway at once (some routers answer only one), from
/// one socket. Anyone on the LAN can answer, so every answer is vetted
/// before anything is fetched: its LOCATION must be on the device that
/// answered and that device on the local subnet ([`vet`]). Up to
/// [`MAX_DEVICES`] devices are read at once and the first usable one wins.
///
/// With `remembered` (the device that worked last time on this LAN), its
/// description is fetched at once, vetted the same way, while SSDP runs:
/// whichever gives a usable device first wins. A stale URL (the router
/// picked a new HTTP port) fails fast and is never reported as the error.
pub async fn discover(
    lan_ip: Ipv4Addr,
    on_subnet: impl Fn(Ipv4Addr) -> bool,
    gateway: Ipv4Addr,
    remembered: Option<&Remembered>,
    deadline: Instant,
) -> Result<Igd, UpnpError> {
    let http = HttpClient::new(crate::net::Family::Ipv4).map_err(UpnpError::Other)?;
    let mut describing: JoinSet<(DiscoveredBy, Result<Device, UpnpError>)> = JoinSet::new();
    let cached = remembered.and_then(|r| vet_remembered(&r.location, &on_subnet));
    if let Some((url, device)) = &cached {
        let (http, url, device) = (http.clone(), url.clone(), *device);
        describing.spawn(async move {
            let d = describe(http, url, device, DiscoveredBy::Cache, deadline).await;
            (DiscoveredBy::Cache, d)
        });
    }
    // The remembered device gets a head start: on a LAN its description
    // answers in milliseconds, and a search sent beside it costs every
    // device on the network a burst of answers (miniupnpd answers the
    // description 75-80 ms later while it works through one: measured in
    // the lab). SSDP goes out only if it has not answered by then.
    if cached.is_some() {
        let head_start = (Instant::now() + REMEMBERED_HEAD_START).min(deadline);
        if let Ok(Some(Ok((_, Ok(dev))))) =
            tokio::time::timeout_at(head_start, describing.join_next()).await
        {
            return Ok(Igd {
                dev: Arc::new(dev.connected_service(deadline).await),
            });
        }
    }
    let io = |e: std::io::Error| UpnpError::Io("SSDP", crate::sys::io_failure(&e));
    let sock = tokio::net::UdpSocket::bind((lan_ip, 0)).await.map_err(io)?;
    let mut sent = false;
    for to in [ssdp::MULTICAST, SocketAddrV4::new(gateway, 1900)] {
        for target in ssdp::SEARCH_TARGETS {
            sent |= sock
                .send_to(ssdp::encode_search(to, target).as_bytes(), to)
                .await
                .is_ok();
        }
    }
    if !sent && cached.is_none() {
        return Err(UpnpError::NotFound);
    }
    let mut vetted: Vec<Ipv4Addr> = Vec::new();
    let mut ignored: Option<UpnpError> = None;
    let mut failed: Option<UpnpError> = None;
    let mut buf = [0u8; ssdp::MAX_REPLY + 1];
    let search = async {
        loop {
            tokio::select! {
                got = sock.recv_from(&mut buf) => {
                    let Ok((n, SocketAddr::V4(from))) = got else {
                        // A transient receive error: do not spin on it.
                        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                        continue;
                    };
                    let Ok(reply) = ssdp::parse_reply(buf.get(..n).unwrap_or_default()) else {
                        continue;
                    };
                    if let Err(e) = vet(&reply, *from.ip(), &on_subnet) {
                        ignored = Some(e);
                        continue;
                    }
                    if vetted.contains(&reply.host) || vetted.len() >= MAX_DEVICES {
                        continue;
                    }
                    vetted.push(reply.host);
                    let Ok(location) = url::parse(&reply.location()) else {
                        continue;
                    };
                    if cached.as_ref().is_some_and(|(u, _)| *u == location) {
                        // The remembered description is already being read.
                        continue;
                    }
                    let device = SocketAddrV4::new(reply.host, reply.port);
                    let http = http.clone();
                    describing.spawn(async move {
                        let d = describe(http, location, device, DiscoveredBy::Ssdp, deadline).await;
                        (DiscoveredBy::Ssdp, d)
                    });
                }
                Some(done) = describing.join_next(), if !describing.is_empty() => {
                    match done {
                        Ok((_, Ok(dev))) => return dev,
                        // A remembered URL that no longer works is no finding.
                        Ok((DiscoveredBy::Cache, Err(_))) => {}
                        Ok((DiscoveredBy::Ssdp, Err(e))) => failed = Some(e),
                        Err(_) => {}
                    }
                }
            }
        }
    };
    let found = tokio::time::timeout_at(deadline, search).await;
    describing.abort_all();
    match found {
        Ok(dev) => Ok(Igd {
            dev: Arc::new(dev.connected_service(deadline).await),
        }),
        Err(_) => Err(failed
            .or_else(|| {
                vetted
                    .first()
                    .map(|ip| UpnpError::Undescribed(IpAddr::V4(*ip)))
            })
            .or(ignored)
            .unwrap_or(UpnpError::NotFound)),
    }
}

/// Pure: may netcheck fetch this answer's description?
pub fn vet(
    reply: &ssdp::Reply,
    from: Ipv4Addr,
    on_subnet: impl Fn(Ipv4Addr) -> bool,
) -> Result<(), UpnpError> {
    if reply.host != from {
        return Err(UpnpError::ForeignLocation {
            from: from.into(),
            location: reply.host.into(),
        });
    }
    let special =
        from.is_loopback() || from.is_unspecified() || from.is_multicast() || from.is_broadcast();
    if special || !on_subnet(from) {
        return Err(UpnpError::OffSubnet(from.into()));
    }
    Ok(())
}

/// Pure: may netcheck fetch a remembered description URL? It must be
/// `http://` + an IPv4 literal on the local subnet, like a vetted SSDP answer.
pub fn vet_remembered(
    location: &str,
    on_subnet: impl Fn(Ipv4Addr) -> bool,
) -> Option<(HttpUrl, SocketAddrV4)> {
    let url = url::parse(location).ok()?;
    let Host::Ip(IpAddr::V4(host)) = url.host else {
        return None;
    };
    let special =
        host.is_loopback() || host.is_unspecified() || host.is_multicast() || host.is_broadcast();
    if url.https || special || url.port == 0 || !on_subnet(host) {
        return None;
    }
    let device = SocketAddrV4::new(host, url.port);
    Some((url, device))
}

/// Pure: a service URL from the description (`reference`, absolute or
/// relative), resolved against URLBase when the description has one (itself
/// resolved against the description's location) or else against the
/// location. Only a plain `http://` URL on the device's own host is kept:
/// a description cannot send netcheck's SOAP calls to another machine.
pub fn service_url(
    location: &HttpUrl,
    url_base: Option<&str>,
    reference: &str,
    device: Ipv4Addr,
) -> Option<HttpUrl> {
    if reference.trim().is_empty() {
        return None;
    }
    let base = match url_base {
        Some(b) => location.join(b).ok()?,
        None => location.clone(),
    };
    let url = base.join(reference).ok()?;
    (!url.https && url.port != 0 && url.host == Host::Ip(IpAddr::V4(device))).then_some(url)
}

/// The WAN connection services of a description whose control URLs pass
/// [`service_url`], in the order listed.
fn usable_services(
    location: &HttpUrl,
    description: &str,
    device: Ipv4Addr,
) -> Vec<(WanService, HttpUrl)> {
    let base = upnp_xml::url_base(description);
    upnp_xml::wan_services(description)
        .into_iter()
        .filter_map(|s| {
            let url = service_url(location, base.as_deref(), &s.control_url, device)?;
            Some((s, url))
        })
        .collect()
}

/// Reads a vetted device's description (once, bounded) and keeps it when it
/// lists a usable WAN connection service. Any failure is the device's:
/// [`UpnpError::Undescribed`].
async fn describe(
    http: HttpClient,
    location: HttpUrl,
    device: SocketAddrV4,
    by: DiscoveredBy,
    deadline: Instant,
) -> Result<Device, UpnpError> {
    let undescribed = UpnpError::Undescribed(IpAddr::V4(*device.ip()));
    let body = http
        .get_small(&location.to_string(), upnp_xml::MAX_XML, deadline)
        .await
        .map_err(|_| undescribed.clone())?;
    let description = String::from_utf8_lossy(&body).into_owned();
    let services = usable_services(&location, &description, *device.ip());
    let Some((first, control)) = services.into_iter().next() else {
        return Err(undescribed);
    };
    Ok(Device {
        addr: device,
        location,
        description,
        service_type: first.service_type,
        control,
        by,
        http,
    })
}

fn fault(code: u16, description: String) -> UpnpError {
    match code {
        606 => UpnpError::NotAuthorized,
        718 => UpnpError::Conflict,
        725 => UpnpError::OnlyPermanent,
        714 => UpnpError::NoSuchEntry,
        c => UpnpError::Code(c, description),
    }
}

/// One SOAP call to `control`; the answer's body, or the UPnP error it carried.
async fn soap(
    http: &HttpClient,
    control: &HttpUrl,
    service_type: &str,
    action: &str,
    args: &[(&str, &str)],
    deadline: Instant,
) -> Result<String, UpnpError> {
    let body = upnp_xml::soap_envelope(service_type, action, args);
    let header = upnp_xml::soap_action(service_type, action);
    let (status, answer) = http
        .post_soap(control, &header, &body, upnp_xml::MAX_XML, deadline)
        .await
        .map_err(|e| match e {
            HttpError::Timeout => UpnpError::Timeout,
            HttpError::TooLarge(_) => UpnpError::Malformed,
            e => UpnpError::Other(format!("the UPnP device at {}: {e}", control.host_str())),
        })?;
    match upnp_xml::soap_answer(status, &String::from_utf8_lossy(&answer), action) {
        SoapAnswer::Ok(text) => Ok(text),
        SoapAnswer::Fault { code, description } => Err(fault(code, description)),
        SoapAnswer::Unreadable { .. } => Err(UpnpError::Malformed),
    }
}

/// What one WAN connection service says about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceState {
    /// GetStatusInfo answered "Connected".
    pub connected: bool,
    /// GetExternalIPAddress answered an address other than 0.0.0.0.
    pub has_address: bool,
}

/// Pure: which of the listed WAN connection services to use, as `upnpc`
/// does: the first that is connected and has an external address, else the
/// first connected one, else the first listed (index 0).
pub fn pick_service(states: &[Option<ServiceState>]) -> usize {
    let first =
        |want: fn(&ServiceState) -> bool| states.iter().position(|s| s.as_ref().is_some_and(want));
    first(|s| s.connected && s.has_address)
        .or_else(|| first(|s| s.connected))
        .unwrap_or(0)
}

impl Device {
    /// The description may list several WAN connection services (a DSL
    /// router: an unused WANIPConnection before the live WANPPPConnection).
    /// Then each is asked for its status and address and the connected one
    /// is used ([`pick_service`]); any failure leaves the first listed.
    async fn connected_service(mut self, deadline: Instant) -> Device {
        let services = usable_services(&self.location, &self.description, *self.addr.ip());
        if services.len() < 2 {
            return self;
        }
        let mut states = Vec::with_capacity(services.len());
        for (svc, url) in &services {
            let st = &svc.service_type;
            let (status, address) = tokio::join!(
                soap(&self.http, url, st, "GetStatusInfo", &[], deadline),
                soap(&self.http, url, st, "GetExternalIPAddress", &[], deadline),
            );
            states.push(match (status, address) {
                (Ok(status), address) => Some(ServiceState {
                    connected: upnp_xml::first_text(&status, "NewConnectionStatus").as_deref()
                        == Some("Connected"),
                    has_address: address
                        .ok()
                        .and_then(|a| upnp_xml::external_ip_text(&a))
                        .and_then(|a| a.parse::<IpAddr>().ok())
                        .is_some_and(|ip| !ip.is_unspecified()),
                }),
                (Err(_), _) => None,
            });
        }
        if let Some((svc, url)) = services.into_iter().nth(pick_service(&states)) {
            self.service_type = svc.service_type;
            self.control = url;
        }
        self
    }
}

impl Igd {
    /// The WAN connection service in use (e.g. `urn:schemas-upnp-org:service:WANPPPConnection:1`).
    pub fn service_type(&self) -> &str {
        &self.dev.service_type
    }

    /// How this device was found (this run's SSDP, or the remembered URL).
    pub fn discovered_by(&self) -> DiscoveredBy {
        self.dev.by
    }

    /// What to remember of this device for the next run.
    pub fn remembered(&self) -> Remembered {
        Remembered {
            location: self.location(),
            control_url: self.dev.control.to_string(),
            service_type: self.dev.service_type.clone(),
        }
    }

    /// The device description as read at discovery (bounded).
    pub fn description(&self) -> &str {
        &self.dev.description
    }

    async fn call(
        &self,
        action: &str,
        args: &[(&str, &str)],
        deadline: Instant,
    ) -> Result<String, UpnpError> {
        let d = &self.dev;
        soap(&d.http, &d.control, &d.service_type, action, args, deadline).await
    }

    /// The device's address (where its description lives).
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::V4(self.dev.addr)
    }

    /// The description URL.
    pub fn location(&self) -> String {
        self.dev.location.to_string()
    }

    /// GetExternalIPAddress. `None` when the router reports none, an
    /// unreadable one or 0.0.0.0 (miniupnpd answers an empty address when
    /// its WAN has none usable).
    pub async fn external_ip(&self, deadline: Instant) -> Result<Option<IpAddr>, UpnpError> {
        let text = self.call("GetExternalIPAddress", &[], deadline).await?;
        Ok(upnp_xml::external_ip_text(&text)
            .and_then(|t| t.parse::<IpAddr>().ok())
            .filter(|ip| !ip.is_unspecified()))
    }

    /// AddPortMapping, its arguments in the order of the UPnP
    /// WANIPConnection specification (the order every IGD's SCPD lists).
    pub async fn add_port(
        &self,
        proto: Transport,
        external_port: u16,
        internal: SocketAddrV4,
        lease_seconds: u32,
        description: &str,
        deadline: Instant,
    ) -> Result<(), UpnpError> {
        if external_port == 0 || internal.port() == 0 {
            return Err(UpnpError::Other("port 0 cannot be mapped".into()));
        }
        let (ext, int_port) = (external_port.to_string(), internal.port().to_string());
        let (client, lease) = (internal.ip().to_string(), lease_seconds.to_string());
        let args = [
            ("NewRemoteHost", ""),
            ("NewExternalPort", ext.as_str()),
            ("NewProtocol", proto.label()),
            ("NewInternalPort", int_port.as_str()),
            ("NewInternalClient", client.as_str()),
            ("NewEnabled", "1"),
            ("NewPortMappingDescription", description),
            ("NewLeaseDuration", lease.as_str()),
        ];
        self.call("AddPortMapping", &args, deadline).await.map(drop)
    }

    /// DeletePortMapping.
    pub async fn remove_port(
        &self,
        proto: Transport,
        external_port: u16,
        deadline: Instant,
    ) -> Result<(), UpnpError> {
        let ext = external_port.to_string();
        let args = [
            ("NewRemoteHost", ""),
            ("NewExternalPort", ext.as_str()),
            ("NewProtocol", proto.label()),
        ];
        self.call("DeletePortMapping", &args, deadline)
            .await
            .map(drop)
    }

    /// GetSpecificPortMappingEntry: the mapping as the router holds it, or
    /// `None` when it has no such entry (714).
    pub async fn specific_entry(
        &self,
        proto: Transport,
        external_port: u16,
        deadline: Instant,
    ) -> Result<Option<SpecificEntry>, UpnpError> {
        let ext = external_port.to_string();
        let args = [
            ("NewRemoteHost", ""),
            ("NewExternalPort", ext.as_str()),
            ("NewProtocol", proto.label()),
        ];
        match self
            .call("GetSpecificPortMappingEntry", &args, deadline)
            .await
        {
            Ok(text) => upnp_xml::specific_entry(&text)
                .map(Some)
                .ok_or(UpnpError::Malformed),
            Err(UpnpError::NoSuchEntry) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Every mapping (GetGenericPortMappingEntry until the end of the
    /// array: 713 SpecifiedArrayIndexInvalid, or 714 as some routers say).
    pub async fn list(&self, deadline: Instant) -> Result<Vec<ListedMapping>, UpnpError> {
        let mut out = Vec::new();
        for index in 0..1024u32 {
            let i = index.to_string();
            let text = match self
                .call(
                    "GetGenericPortMappingEntry",
                    &[("NewPortMappingIndex", i.as_str())],
                    deadline,
                )
                .await
            {
                Ok(text) => text,
                Err(UpnpError::Code(713, _) | UpnpError::NoSuchEntry) => break,
                Err(e) => return Err(e),
            };
            out.push(listed(&text).ok_or(UpnpError::Malformed)?);
        }
        Ok(out)
    }

    /// The device description's manufacturer, model and friendly name (from
    /// the description read at discovery: nothing is fetched).
    pub async fn device_info(&self, _deadline: Instant) -> Option<DeviceInfo> {
        Some(upnp_xml::device_info(&self.dev.description))
    }
}

/// Pure: one GetGenericPortMappingEntry answer as a [`ListedMapping`].
fn listed(text: &str) -> Option<ListedMapping> {
    let e = upnp_xml::generic_entry(text)?;
    let protocol = match e.protocol.as_str() {
        "TCP" => Transport::Tcp,
        "UDP" => Transport::Udp,
        _ => return None,
    };
    Some(ListedMapping {
        external_port: e.external_port,
        protocol,
        internal_ip: e.internal_client,
        internal_port: e.internal_port,
        description: e.description,
        lease_seconds: e.lease_seconds,
        enabled: e.enabled,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connected_service_is_used_not_the_first_listed() {
        let st = |connected, has_address| {
            Some(ServiceState {
                connected,
                has_address,
            })
        };
        // A DSL router: dead WANIPConnection first, live WANPPPConnection second.
        assert_eq!(pick_service(&[st(false, false), st(true, true)]), 1);
        // Connected with an address beats connected without one.
        assert_eq!(pick_service(&[st(true, false), st(true, true)]), 1);
        assert_eq!(pick_service(&[st(true, false), st(false, true)]), 0);
        // A service that did not answer is never preferred over one that did.
        assert_eq!(pick_service(&[None, st(true, false)]), 1);
        // Nothing connected (or nothing answered): the first listed, as before.
        assert_eq!(pick_service(&[st(false, false), st(false, true)]), 0);
        assert_eq!(pick_service(&[None, None]), 0);
        assert_eq!(pick_service(&[]), 0);
    }

    #[test]
    fn service_urls_resolve_and_stay_on_the_device() {
        let loc = url::parse("http://192.168.99.1:5555/rootDesc.xml").unwrap();
        let dev = Ipv4Addr::new(192, 168, 99, 1);
        // (URLBase, reference, resolved or refused)
        let cases: &[(Option<&str>, &str, Option<&str>)] = &[
            (
                None,
                "/ctl/IPConn",
                Some("http://192.168.99.1:5555/ctl/IPConn"),
            ),
            (
                None,
                "ctl/IPConn",
                Some("http://192.168.99.1:5555/ctl/IPConn"),
            ),
            (
                None,
                " /ctl/x?a=1 ",
                Some("http://192.168.99.1:5555/ctl/x?a=1"),
            ),
            // Another port on the device itself is fine (some routers split them).
            (
                None,
                "http://192.168.99.1:2189/ctl/PPP",
                Some("http://192.168.99.1:2189/ctl/PPP"),
            ),
            // URLBase (UPnP 1.0) wins over the location for relative URLs.
            (
                Some("http://192.168.99.1:49152/"),
                "/upnp/control/WANIPConn1",
                Some("http://192.168.99.1:49152/upnp/control/WANIPConn1"),
            ),
            (
                Some("http://192.168.99.1:49152/igd/"),
                "ctl",
                Some("http://192.168.99.1:49152/igd/ctl"),
            ),
            // Another host, by URLBase or by an absolute URL: refused.
            (Some("http://192.168.99.50/"), "/ctl", None),
            (None, "http://192.168.99.50:5555/ctl", None),
            (None, "http://127.0.0.1:5555/ctl", None),
            (None, "http://router.lan:5555/ctl", None),
            (None, "https://192.168.99.1/ctl", None),
            (None, "ftp://192.168.99.1/ctl", None),
            (None, "", None),
            (None, "  ", None),
        ];
        for (base, reference, want) in cases {
            let got = service_url(&loc, *base, reference, dev).map(|u| u.to_string());
            assert_eq!(got.as_deref(), *want, "{base:?} {reference:?}");
        }
    }

    #[test]
    fn a_remembered_url_is_vetted_like_an_answer() {
        let lan = |ip: Ipv4Addr| ip.octets()[..3] == [192, 168, 99];
        let ok = vet_remembered("http://192.168.99.1:5555/rootDesc.xml", lan).unwrap();
        assert_eq!(
            ok.1,
            SocketAddrV4::new(Ipv4Addr::new(192, 168, 99, 1), 5555)
        );
        for bad in [
            "http://10.99.0.5:5555/rootDesc.xml",
            "http://127.0.0.1:5555/rootDesc.xml",
            "http://192.168.99.255.example/",
            "http://router.lan/rootDesc.xml",
            "https://192.168.99.1/rootDesc.xml",
            "http://[fe80::1]:5555/",
            "http://255.255.255.255/",
            "not a url",
            "",
        ] {
            assert_eq!(vet_remembered(bad, lan), None, "{bad}");
        }
        // Every address is off the subnet: nothing is fetched.
        assert_eq!(vet_remembered("http://192.168.99.1:5555/", |_| false), None);
    }

    #[test]
    fn listed_mappings_from_generic_entries() {
        let entry = |proto: &str| {
            format!(
                "<u:GetGenericPortMappingEntryResponse><NewExternalPort>7000</NewExternalPort><NewProtocol>{proto}</NewProtocol><NewInternalPort>7001</NewInternalPort><NewInternalClient>192.168.99.123</NewInternalClient><NewEnabled>1</NewEnabled><NewPortMappingDescription>x</NewPortMappingDescription><NewLeaseDuration>60</NewLeaseDuration></u:GetGenericPortMappingEntryResponse>"
            )
        };
        let m = listed(&entry("UDP")).unwrap();
        assert_eq!(
            (
                m.external_port,
                m.protocol,
                m.internal_port,
                m.lease_seconds
            ),
            (7000, Transport::Udp, 7001, 60)
        );
        assert_eq!(listed(&entry("tcp")).unwrap().protocol, Transport::Tcp);
        assert_eq!(listed(&entry("SCTP")), None);
        assert_eq!(fault(718, "x".into()), UpnpError::Conflict);
        assert_eq!(
            fault(402, "Invalid Args".into()),
            UpnpError::Code(402, "Invalid Args".into())
        );
        assert_eq!(fault(714, String::new()), UpnpError::NoSuchEntry);
    }

    #[test]
    fn only_answers_about_themselves_from_the_subnet_are_fetched() {
        let lan = |ip: Ipv4Addr| ip.octets()[..3] == [192, 168, 99];
        let reply = |host: [u8; 4]| ssdp::Reply {
            host: host.into(),
            port: 5555,
            path: "/rootDesc.xml".into(),
        };
        let router = Ipv4Addr::new(192, 168, 99, 1);
        assert_eq!(vet(&reply([192, 168, 99, 1]), router, lan), Ok(()));
        // LOCATION on another host, on the LAN or off it: ignored.
        assert_eq!(
            vet(
                &reply([192, 168, 99, 51]),
                Ipv4Addr::new(192, 168, 99, 50),
                lan
            ),
            Err(UpnpError::ForeignLocation {
                from: Ipv4Addr::new(192, 168, 99, 50).into(),
                location: Ipv4Addr::new(192, 168, 99, 51).into(),
            })
        );
        assert!(matches!(
            vet(&reply([10, 99, 0, 5]), router, lan),
            Err(UpnpError::ForeignLocation { .. })
        ));
        // About itself, but the device is off the subnet or not a host.
        for host in [
            [10, 99, 0, 5],
            [127, 0, 0, 1],
            [0, 0, 0, 0],
            [255, 255, 255, 255],
        ] {
            let ip = Ipv4Addr::from(host);
            assert_eq!(
                vet(&reply(host), ip, |_| true).and(vet(&reply(host), ip, lan)),
                Err(UpnpError::OffSubnet(ip.into())),
                "{ip}"
            );
        }
        let text = UpnpError::ForeignLocation {
            from: Ipv4Addr::new(192, 168, 99, 50).into(),
            location: Ipv4Addr::new(10, 99, 0, 5).into(),
        }
        .to_string();
        assert!(
            text.contains("192.168.99.50") && text.contains("10.99.0.5"),
            "{text}"
        );
    }
}
