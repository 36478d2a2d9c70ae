//! The only module that depends on `igd-next`: UPnP IGD discovery and
//! port-mapping calls, each under our own deadline (igd-next does not always
//! honour its own). Also the two SOAP/HTTP reads igd-next lacks: the device
//! description and GetSpecificPortMappingEntry.

use crate::proto::upnp_xml::{self, DeviceInfo, SpecificEntry};
use igd_next::aio::Provider;
use igd_next::aio::tokio::Tokio;
use igd_next::{PortMappingProtocol, SearchOptions};
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, SocketAddrV4};
use tokio::time::Instant;

/// TCP or UDP, as the router sees a mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Proto {
    Tcp,
    Udp,
}

impl Proto {
    pub fn label(self) -> &'static str {
        match self {
            Proto::Tcp => "TCP",
            Proto::Udp => "UDP",
        }
    }
    fn igd(self) -> PortMappingProtocol {
        match self {
            Proto::Tcp => PortMappingProtocol::TCP,
            Proto::Udp => PortMappingProtocol::UDP,
        }
    }
}

/// What went wrong, in terms netcheck explains to people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpnpError {
    /// No Internet Gateway Device answered discovery.
    NotFound,
    /// The only answer came from a device off the local subnet (ignored).
    OffSubnet(IpAddr),
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
    Timeout,
    Other(String),
}

impl std::fmt::Display for UpnpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UpnpError::NotFound => f.write_str("no UPnP Internet Gateway Device answered"),
            UpnpError::OffSubnet(ip) => {
                write!(f, "ignored a UPnP device at {ip}: not on the local subnet")
            }
            UpnpError::Conflict => {
                f.write_str("718 ConflictInMappingEntry: the external port is already mapped")
            }
            UpnpError::OnlyPermanent => f.write_str("725 OnlyPermanentLeasesSupported"),
            UpnpError::NotAuthorized => f.write_str("606 Action not authorized"),
            UpnpError::NoSuchEntry => f.write_str("714 NoSuchEntryInArray"),
            UpnpError::Code(c, d) => write!(f, "UPnP error {c} {d}"),
            UpnpError::Timeout => f.write_str("the router did not answer in time"),
            UpnpError::Other(e) => f.write_str(e),
        }
    }
}

/// One mapping in the router's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedMapping {
    pub external_port: u16,
    pub protocol: Proto,
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

/// SSDP discovery bound to the LAN address: a multicast M-SEARCH and a
/// unicast one to the gateway at once (some routers answer only one); the
/// first valid answer wins. The description URL must be on the device that
/// answered (igd-next checks) and on the local subnet (checked here).
pub async fn discover(
    lan_ip: Ipv4Addr,
    on_subnet: impl Fn(Ipv4Addr) -> bool,
    gateway: Ipv4Addr,
    deadline: Instant,
) -> Result<Igd, UpnpError> {
    let left = deadline.saturating_duration_since(Instant::now());
    let options = |target: SocketAddr| {
        let mut o = SearchOptions::default();
        o.bind_addr = SocketAddr::V4(SocketAddrV4::new(lan_ip, 0));
        o.broadcast_address = target;
        o.timeout = Some(left);
        o.single_search_timeout = Some(left);
        o
    };
    let multicast = igd_next::aio::tokio::search_gateway(options(
        "239.255.255.250:1900".parse().expect("literal"),
    ));
    let unicast = igd_next::aio::tokio::search_gateway(options(SocketAddr::V4(SocketAddrV4::new(
        gateway, 1900,
    ))));
    let first = async {
        tokio::pin!(multicast, unicast);
        let (mut m_done, mut u_done) = (false, false);
        loop {
            let got = tokio::select! {
                r = &mut multicast, if !m_done => { m_done = true; r }
                r = &mut unicast, if !u_done => { u_done = true; r }
                else => return Err(UpnpError::NotFound),
            };
            if let Ok(gw) = got {
                return Ok(gw);
            }
        }
    };
    let gw = bounded(deadline, first).await.map_err(|e| match e {
        UpnpError::Timeout => UpnpError::NotFound,
        e => e,
    })?;
    match gw.addr.ip() {
        IpAddr::V4(v4) if on_subnet(v4) => Ok(Igd { gw }),
        ip => Err(UpnpError::OffSubnet(ip)),
    }
}

fn from_request(e: &igd_next::RequestError) -> UpnpError {
    match e {
        igd_next::RequestError::ErrorCode(606, _) => UpnpError::NotAuthorized,
        igd_next::RequestError::ErrorCode(718, _) => UpnpError::Conflict,
        igd_next::RequestError::ErrorCode(725, _) => UpnpError::OnlyPermanent,
        igd_next::RequestError::ErrorCode(714, _) => UpnpError::NoSuchEntry,
        igd_next::RequestError::ErrorCode(c, d) => UpnpError::Code(*c, d.clone()),
        other => UpnpError::Other(other.to_string()),
    }
}

impl Igd {
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
                    igd_next::RequestError::InvalidResponse(_),
                )) => Ok(None),
                Err(igd_next::GetExternalIpError::RequestError(e)) => Err(from_request(&e)),
            }
        })
        .await
    }

    pub async fn add_port(
        &self,
        proto: Proto,
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
                    proto.igd(),
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
        proto: Proto,
        external_port: u16,
        deadline: Instant,
    ) -> Result<(), UpnpError> {
        use igd_next::RemovePortError as E;
        bounded(deadline, async {
            self.gw
                .remove_port(proto.igd(), external_port)
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
        proto: Proto,
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
                    (None, None) => Err(UpnpError::Other(
                        "unreadable GetSpecificPortMappingEntry answer".into(),
                    )),
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
                            PortMappingProtocol::TCP => Proto::Tcp,
                            PortMappingProtocol::UDP => Proto::Udp,
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
        let client = crate::sys::http::HttpClient::new(crate::net::Family::Ipv4).ok()?;
        let body = client
            .get_small(&self.location(), upnp_xml::MAX_XML, deadline)
            .await
            .ok()?;
        Some(upnp_xml::device_info(&String::from_utf8_lossy(&body)))
    }
}
