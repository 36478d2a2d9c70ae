//! UPnP IGDv2 `WANIPv6FirewallControl:1` — the SOAP messages for IPv6
//! pinholes, as pure text in and out. (igd-next has these calls too, but it
//! cannot choose the address a request leaves from, and the router insists
//! that AddPinhole's InternalClient equals that address: miniupnpd compares
//! them as text and answers 606 otherwise. So netcheck builds the messages
//! here and sends them from the chosen address itself.)

use crate::proto::upnp_xml::{self, MAX_XML, fault_code, first_text};
use std::net::Ipv6Addr;

pub const SERVICE: &str = "urn:schemas-upnp-org:service:WANIPv6FirewallControl:1";

/// A pinhole's lease must be 1 s – 86400 s (UPnP-gw-WANIPv6FirewallControl 2.4.2).
pub const MAX_LEASE: u32 = 86_400;

/// The control URL of the first WANIPv6FirewallControl service in a device
/// description. `None`: the router has no such service (an IGDv1 router).
pub fn control_url(description: &str) -> Option<String> {
    let xml = description.get(..MAX_XML).unwrap_or(description);
    let mut rest = xml;
    while let Some(start) = rest.find("<service>") {
        let after = &rest[start + "<service>".len()..];
        let end = after.find("</service>")?;
        let block = &after[..end];
        if first_text(block, "serviceType")
            .is_some_and(|t| t.starts_with(&SERVICE[..SERVICE.len() - 1]))
        {
            return first_text(block, "controlURL").filter(|u| !u.is_empty());
        }
        rest = &after[end..];
    }
    None
}

fn envelope(action: &str, args: &[(&str, String)]) -> String {
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    upnp_xml::soap_envelope(SERVICE, action, &args)
}

/// The SOAPAction header value.
pub fn soap_action(action: &str) -> String {
    upnp_xml::soap_action(SERVICE, action)
}

/// AddPinhole from any remote host and port to `client`:`port`. The address is
/// written the way Rust prints it (RFC 5952, lowercase, `::`-compressed) —
/// the same text the router gets when it prints the request's source.
pub fn add_pinhole(client: Ipv6Addr, port: u16, ip_protocol: u8, lease: u32) -> String {
    envelope(
        "AddPinhole",
        &[
            ("RemoteHost", String::new()),
            ("RemotePort", "0".into()),
            ("InternalClient", client.to_string()),
            ("InternalPort", port.to_string()),
            ("Protocol", ip_protocol.to_string()),
            ("LeaseTime", lease.to_string()),
        ],
    )
}

pub fn update_pinhole(unique_id: u16, lease: u32) -> String {
    envelope(
        "UpdatePinhole",
        &[
            ("UniqueID", unique_id.to_string()),
            ("NewLeaseTime", lease.to_string()),
        ],
    )
}

pub fn delete_pinhole(unique_id: u16) -> String {
    envelope("DeletePinhole", &[("UniqueID", unique_id.to_string())])
}

/// GetPinholePackets: answers for a pinhole that exists, 704 for one that does not.
pub fn get_pinhole_packets(unique_id: u16) -> String {
    envelope("GetPinholePackets", &[("UniqueID", unique_id.to_string())])
}

pub fn get_firewall_status() -> String {
    envelope("GetFirewallStatus", &[])
}

/// A SOAP answer: success body, or the UPnP error code of a fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Ok(String),
    Fault(u16),
    /// Neither: an HTTP error without a UPnP fault, or garbage.
    Unreadable {
        status: u16,
    },
}

/// Classify an HTTP status and body (the body is hostile: bounded scanning only).
pub fn answer(status: u16, body: &str, response_tag: &str) -> Answer {
    if let Some(code) = fault_code(body) {
        return Answer::Fault(code);
    }
    if (200..300).contains(&status) && body.contains(response_tag) {
        Answer::Ok(body.to_string())
    } else {
        Answer::Unreadable { status }
    }
}

pub fn unique_id(body: &str) -> Option<u16> {
    first_text(body, "UniqueID")?.parse().ok()
}

/// GetFirewallStatus: (FirewallEnabled, InboundPinholeAllowed).
pub fn firewall_status(body: &str) -> Option<(bool, bool)> {
    let flag = |t: &str| first_text(body, t).map(|v| v == "1" || v.eq_ignore_ascii_case("true"));
    Some((flag("FirewallEnabled")?, flag("InboundPinholeAllowed")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESC: &str = r#"<root><device><serviceList>
<service><serviceType>urn:schemas-upnp-org:service:WANIPConnection:2</serviceType><controlURL>/ctl/IPConn</controlURL></service>
<service><serviceType>urn:schemas-upnp-org:service:WANIPv6FirewallControl:1</serviceType><serviceId>urn:upnp-org:serviceId:WANIPv6Firewall1</serviceId><controlURL>/ctl/IP6FCtl</controlURL></service>
</serviceList></device></root>"#;

    #[test]
    fn finds_the_firewall_service_only() {
        assert_eq!(control_url(DESC).as_deref(), Some("/ctl/IP6FCtl"));
        let v1 = DESC.replace("WANIPv6FirewallControl", "WANPPPConnection");
        assert_eq!(control_url(&v1), None);
        assert_eq!(control_url(""), None);
        assert_eq!(control_url("<service><serviceType>"), None);
        // Cut anywhere: never a panic.
        for cut in 0..DESC.len() {
            let _ = control_url(&DESC[..cut]);
        }
    }

    #[test]
    fn add_pinhole_writes_the_address_as_the_router_prints_it() {
        let body = add_pinhole("2111:0222:0099:0::0123".parse().unwrap(), 5000, 6, 3600);
        assert!(body.contains("<InternalClient>2111:222:99::123</InternalClient>"));
        assert!(body.contains(
            "<InternalPort>5000</InternalPort><Protocol>6</Protocol><LeaseTime>3600</LeaseTime>"
        ));
        assert!(body.contains(SERVICE));
        assert_eq!(
            soap_action("AddPinhole"),
            "\"urn:schemas-upnp-org:service:WANIPv6FirewallControl:1#AddPinhole\""
        );
    }

    #[test]
    fn answers() {
        let ok = r#"<s:Envelope><s:Body><u:AddPinholeResponse xmlns:u="x"><UniqueID>17</UniqueID></u:AddPinholeResponse></s:Body></s:Envelope>"#;
        assert_eq!(answer(200, ok, "AddPinholeResponse"), Answer::Ok(ok.into()));
        assert_eq!(unique_id(ok), Some(17));
        let fault = r#"<s:Fault><detail><UPnPError><errorCode>606</errorCode><errorDescription>Action not authorized</errorDescription></UPnPError></detail></s:Fault>"#;
        assert_eq!(answer(500, fault, "AddPinholeResponse"), Answer::Fault(606));
        assert_eq!(
            answer(404, "nope", "AddPinholeResponse"),
            Answer::Unreadable { status: 404 }
        );
        assert_eq!(unique_id("<UniqueID>70000</UniqueID>"), None);
        let st =
            "<FirewallEnabled>1</FirewallEnabled><InboundPinholeAllowed>0</InboundPinholeAllowed>";
        assert_eq!(firewall_status(st), Some((true, false)));
        assert_eq!(
            firewall_status("<FirewallEnabled>1</FirewallEnabled>"),
            None
        );
    }
}
