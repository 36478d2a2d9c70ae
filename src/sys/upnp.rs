//! The only module that depends on `igd-next`: UPnP IGD discovery and
//! port-mapping calls, each under our own deadline (igd-next does not always
//! honour its own). Also the two SOAP/HTTP reads igd-next lacks: the device
//! description and GetSpecificPortMappingEntry.

use crate::net::Transport;
use crate::net::cause::Failure;
use crate::proto::ssdp;
use crate::proto::upnp_xml::{self, DeviceInfo, SpecificEntry};
use igd_next::aio::Provider;
use igd_next::aio::tokio::Tokio;
use igd_next::{PortMappingProtocol, SearchOptions};
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, SocketAddrV4};
use tokio::task::JoinSet;
use tokio::time::Instant;

fn igd_protocol(t: Transport) -> PortMappingProtocol {
    match t {
        Transport::Tcp => PortMappingProtocol::TCP,
        Transport::Udp => PortMappingProtocol::UDP,
    }
}

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

/// A discovered Internet Gateway Device.
#[derive(Clone)]
pub struct Igd {
    gw: igd_next::aio::Gateway<Tokio>,
}

async fn bounded<T>(
    deadline: Instant,
    f: impl Future<Output = Result<T, UpnpError>>,
) -> Result<T, UpnpError> {
    tokio::time::timeout_at(deadline, f)
        .await
        .unwrap_or(Err(UpnpError::Timeout))
}

/// At most this many LAN devices are asked for their description at once.
const MAX_DEVICES: usize = 4;

/// SSDP discovery bound to the LAN address: a multicast M-SEARCH and a
/// unicast one to the gateway at once (some routers answer only one), from
/// one socket. Anyone on the LAN can answer, so every answer is vetted
/// before anything is fetched: its LOCATION must be on the device that
/// answered and that device on the local subnet. Only then is the
/// description read (by igd-next, handed the vetted answer over loopback);
/// up to [`MAX_DEVICES`] devices are read at once and the first usable one wins.
pub async fn discover(
    lan_ip: Ipv4Addr,
    on_subnet: impl Fn(Ipv4Addr) -> bool,
    gateway: Ipv4Addr,
    deadline: Instant,
) -> Result<Igd, UpnpError> {
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
    if !sent {
        return Err(UpnpError::NotFound);
    }
    let mut describing: JoinSet<Result<igd_next::aio::Gateway<Tokio>, UpnpError>> = JoinSet::new();
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
                    describing.spawn(describe(reply, deadline));
                }
                Some(done) = describing.join_next(), if !describing.is_empty() => {
                    match done {
                        Ok(Ok(gw)) => return gw,
                        Ok(Err(e)) => failed = Some(e),
                        Err(_) => {}
                    }
                }
            }
        }
    };
    let found = tokio::time::timeout_at(deadline, search).await;
    describing.abort_all();
    match found {
        Ok(gw) => match gw.addr.ip() {
            // igd-next only ever talks to the vetted device; checked again anyway.
            IpAddr::V4(v4) if on_subnet(v4) => Ok(Igd { gw }.connected_service(deadline).await),
            ip => Err(UpnpError::OffSubnet(ip)),
        },
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

/// Reads a vetted device's description with igd-next. igd-next can only
/// search, so it searches a relay on loopback that hands it the vetted
/// answer, re-serialised ([`ssdp::Reply::canonical`]); it trusts that answer's
/// host (and that host alone) for the description and control URLs.
async fn describe(
    reply: ssdp::Reply,
    deadline: Instant,
) -> Result<igd_next::aio::Gateway<Tokio>, UpnpError> {
    let device = reply.host;
    let io = |e: std::io::Error| UpnpError::Io("SSDP relay", crate::sys::io_failure(&e));
    let relay = tokio::net::UdpSocket::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .map_err(io)?;
    let relay_addr = relay.local_addr().map_err(io)?;
    let left = deadline.saturating_duration_since(Instant::now());
    let mut o = SearchOptions::default();
    o.bind_addr = SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0));
    o.broadcast_address = relay_addr;
    o.timeout = Some(left);
    o.single_search_timeout = Some(left);
    o.allowed_gateway_ips = vec![IpAddr::V4(device)];
    let answer = reply.canonical();
    let serve = async {
        let mut b = [0u8; 512];
        let mut answered = false;
        loop {
            if let Ok((_, from)) = relay.recv_from(&mut b).await {
                // One answer: igd-next reads one device, once.
                if from.ip().is_loopback() && !answered {
                    answered = relay.send_to(answer.as_bytes(), from).await.is_ok();
                }
            }
        }
    };
    tokio::select! {
        r = igd_next::aio::tokio::search_gateway(o) => r.map_err(|e| match e {
            igd_next::SearchError::NoResponseWithinTimeout => UpnpError::Undescribed(IpAddr::V4(device)),
            e => UpnpError::Other(format!("the UPnP device at {device}: {e}")),
        }),
        never = serve => never,
    }
}

fn fault(code: u16) -> UpnpError {
    match code {
        606 => UpnpError::NotAuthorized,
        718 => UpnpError::Conflict,
        725 => UpnpError::OnlyPermanent,
        714 => UpnpError::NoSuchEntry,
        c => UpnpError::Code(c, String::new()),
    }
}

fn from_request(e: &igd_next::RequestError) -> UpnpError {
    match e {
        igd_next::RequestError::ErrorCode(606, _) => UpnpError::NotAuthorized,
        igd_next::RequestError::ErrorCode(718, _) => UpnpError::Conflict,
        igd_next::RequestError::ErrorCode(725, _) => UpnpError::OnlyPermanent,
        igd_next::RequestError::ErrorCode(714, _) => UpnpError::NoSuchEntry,
        igd_next::RequestError::ErrorCode(c, d) => UpnpError::Code(*c, d.clone()),
        igd_next::RequestError::InvalidResponse(_) => UpnpError::Malformed,
        other => UpnpError::Other(other.to_string()),
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

impl Igd {
    /// igd-next takes the first WAN connection service of the description.
    /// When the description lists several (a DSL router: an unused
    /// WANIPConnection before the live WANPPPConnection), asks each for its
    /// status and address and switches to the connected one. Any failure
    /// leaves the first one in place.
    async fn connected_service(mut self, deadline: Instant) -> Igd {
        let Some(desc) = self.get_text(&self.location(), deadline).await else {
            return self;
        };
        let services = upnp_xml::wan_services(&desc);
        if services.len() < 2 {
            return self;
        }
        let mut states = Vec::with_capacity(services.len());
        for svc in &services {
            let url = self.absolute(&svc.control_url);
            let status = self
                .soap(&url, &svc.service_type, "GetStatusInfo", "", deadline)
                .await;
            let address = self
                .soap(
                    &url,
                    &svc.service_type,
                    "GetExternalIPAddress",
                    "",
                    deadline,
                )
                .await;
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
        let chosen = &services[pick_service(&states)];
        if chosen.control_url == self.gw.control_url && chosen.service_type == self.gw.service_type
        {
            return self;
        }
        if let Some(scpd) = self
            .get_text(&self.absolute(&chosen.scpd_url), deadline)
            .await
        {
            let schema = upnp_xml::scpd_in_args(&scpd);
            if schema.contains_key("AddPortMapping") {
                self.gw.control_schema = schema;
            }
        }
        self.gw.control_url = chosen.control_url.clone();
        self.gw.control_schema_url = chosen.scpd_url.clone();
        self.gw.service_type = chosen.service_type.clone();
        self
    }

    /// The WAN connection service in use (e.g. `urn:schemas-upnp-org:service:WANPPPConnection:1`).
    pub fn service_type(&self) -> &str {
        &self.gw.service_type
    }

    /// A small document from the device (description, SCPD).
    async fn get_text(&self, url: &str, deadline: Instant) -> Option<String> {
        let client = crate::sys::http::HttpClient::new(crate::net::Family::Ipv4).ok()?;
        let body = client
            .get_small(url, upnp_xml::MAX_XML, deadline)
            .await
            .ok()?;
        Some(String::from_utf8_lossy(&body).into_owned())
    }

    /// One SOAP call with `args` (already XML) to a control URL; the answer's
    /// body, or the UPnP fault it carried.
    async fn soap(
        &self,
        url: &str,
        service_type: &str,
        action: &str,
        args: &str,
        deadline: Instant,
    ) -> Result<String, UpnpError> {
        let body = format!(
            r#"<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body><u:{action} xmlns:u="{service_type}">{args}</u:{action}></s:Body></s:Envelope>"#
        );
        let header = format!("\"{service_type}#{action}\"");
        bounded(deadline, async {
            match Tokio::send_async(url, &header, &body).await {
                Ok(text) => match upnp_xml::fault_code(&text) {
                    Some(c) => Err(fault(c)),
                    None => Ok(text),
                },
                Err(igd_next::RequestError::InvalidResponse(text)) => {
                    match upnp_xml::fault_code(&text) {
                        Some(c) => Err(fault(c)),
                        None => Err(UpnpError::Malformed),
                    }
                }
                Err(e) => Err(from_request(&e)),
            }
        })
        .await
    }

    /// The device's address (where its description lives).
    pub fn addr(&self) -> SocketAddr {
        self.gw.addr
    }

    /// The description URL (igd-next keeps only its path when it is on the device itself).
    pub fn location(&self) -> String {
        self.absolute(&self.gw.root_url)
    }

    fn absolute(&self, url: &str) -> String {
        if url.starts_with("http://") || url.starts_with("https://") {
            url.to_string()
        } else {
            format!("http://{}{}", self.gw.addr, url)
        }
    }

    /// GetExternalIPAddress. `None` when the router reports none or 0.0.0.0.
    pub async fn external_ip(&self, deadline: Instant) -> Result<Option<IpAddr>, UpnpError> {
        bounded(deadline, async {
            match self.gw.get_external_ip().await {
                Ok(ip) if ip.is_unspecified() => Ok(None),
                Ok(ip) => Ok(Some(ip)),
                Err(igd_next::GetExternalIpError::ActionNotAuthorized) => {
                    Err(UpnpError::NotAuthorized)
                }
                // miniupnpd answers an empty address when its WAN has none usable.
                Err(igd_next::GetExternalIpError::RequestError(
                    igd_next::RequestError::InvalidResponse(text),
                )) if text.contains("GetExternalIPAddressResponse") => Ok(None),
                Err(igd_next::GetExternalIpError::RequestError(e)) => Err(from_request(&e)),
            }
        })
        .await
    }

    pub async fn add_port(
        &self,
        proto: Transport,
        external_port: u16,
        internal: SocketAddrV4,
        lease_seconds: u32,
        description: &str,
        deadline: Instant,
    ) -> Result<(), UpnpError> {
        use igd_next::AddPortError as E;
        bounded(deadline, async {
            self.gw
                .add_port(
                    igd_protocol(proto),
                    external_port,
                    SocketAddr::V4(internal),
                    lease_seconds,
                    description,
                )
                .await
                .map_err(|e| match e {
                    E::ActionNotAuthorized => UpnpError::NotAuthorized,
                    E::PortInUse => UpnpError::Conflict,
                    E::OnlyPermanentLeasesSupported => UpnpError::OnlyPermanent,
                    E::RequestError(r) => from_request(&r),
                    other => UpnpError::Other(other.to_string()),
                })
        })
        .await
    }

    pub async fn remove_port(
        &self,
        proto: Transport,
        external_port: u16,
        deadline: Instant,
    ) -> Result<(), UpnpError> {
        use igd_next::RemovePortError as E;
        bounded(deadline, async {
            self.gw
                .remove_port(igd_protocol(proto), external_port)
                .await
                .map_err(|e| match e {
                    E::ActionNotAuthorized => UpnpError::NotAuthorized,
                    E::NoSuchPortMapping => UpnpError::NoSuchEntry,
                    E::RequestError(r) => from_request(&r),
                })
        })
        .await
    }

    /// GetSpecificPortMappingEntry: the mapping as the router holds it, or
    /// `None` when it has no such entry (714).
    pub async fn specific_entry(
        &self,
        proto: Transport,
        external_port: u16,
        deadline: Instant,
    ) -> Result<Option<SpecificEntry>, UpnpError> {
        let st = &self.gw.service_type;
        let body = format!(
            r#"<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body><u:GetSpecificPortMappingEntry xmlns:u="{st}"><NewRemoteHost></NewRemoteHost><NewExternalPort>{external_port}</NewExternalPort><NewProtocol>{}</NewProtocol></u:GetSpecificPortMappingEntry></s:Body></s:Envelope>"#,
            proto.label()
        );
        let action = format!("\"{st}#GetSpecificPortMappingEntry\"");
        let url = self.control_url();
        bounded(deadline, async {
            match Tokio::send_async(&url, &action, &body).await {
                Ok(text) => match (upnp_xml::specific_entry(&text), upnp_xml::fault_code(&text)) {
                    (Some(e), _) => Ok(Some(e)),
                    (None, Some(714)) => Ok(None),
                    (None, Some(606)) => Err(UpnpError::NotAuthorized),
                    (None, Some(c)) => Err(UpnpError::Code(c, String::new())),
                    (None, None) => Err(UpnpError::Malformed),
                },
                // A SOAP fault arrives as HTTP 500: igd-next reports its body.
                Err(igd_next::RequestError::InvalidResponse(text))
                    if upnp_xml::fault_code(&text) == Some(714) =>
                {
                    Ok(None)
                }
                Err(e) => Err(from_request(&e)),
            }
        })
        .await
    }

    fn control_url(&self) -> String {
        self.absolute(&self.gw.control_url)
    }

    /// Every mapping (GetGenericPortMappingEntry until the end of the array).
    pub async fn list(&self, deadline: Instant) -> Result<Vec<ListedMapping>, UpnpError> {
        use igd_next::GetGenericPortMappingEntryError as E;
        bounded(deadline, async {
            let mut out = Vec::new();
            for index in 0..1024u32 {
                match self.gw.get_generic_port_mapping_entry(index).await {
                    Ok(e) => out.push(ListedMapping {
                        external_port: e.external_port,
                        protocol: match e.protocol {
                            PortMappingProtocol::TCP => Transport::Tcp,
                            PortMappingProtocol::UDP => Transport::Udp,
                        },
                        internal_ip: e.internal_client,
                        internal_port: e.internal_port,
                        description: e.port_mapping_description,
                        lease_seconds: e.lease_duration,
                        enabled: e.enabled,
                    }),
                    Err(E::SpecifiedArrayIndexInvalid) => break,
                    Err(E::ActionNotAuthorized) => return Err(UpnpError::NotAuthorized),
                    Err(E::RequestError(igd_next::RequestError::ErrorCode(713 | 714, _))) => break,
                    Err(E::RequestError(r)) => return Err(from_request(&r)),
                }
            }
            Ok(out)
        })
        .await
    }

    /// The device description's manufacturer, model and friendly name.
    pub async fn device_info(&self, deadline: Instant) -> Option<DeviceInfo> {
        let text = self.get_text(&self.location(), deadline).await?;
        Some(upnp_xml::device_info(&text))
    }
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
