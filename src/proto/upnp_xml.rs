//! The UPnP XML netcheck speaks, as pure text in and out: the device
//! description (manufacturer / model / friendly name, the WAN connection
//! services and their URLs, URLBase), SOAP requests ([`soap_envelope`]) and
//! their answers ([`soap_answer`], GetExternalIPAddress,
//! Get{Specific,Generic}PortMappingEntry, faults). A bounded tag scanner: no
//! DTDs, no entity expansion beyond the five predefined entities, no
//! recursion.

/// Descriptions larger than this are refused.
pub const MAX_XML: usize = 64 * 1024;

/// Who made the router, as its UPnP description says.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DeviceInfo {
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub friendly_name: Option<String>,
    /// The device offers UPnP IGDv2's WANIPv6FirewallControl (IPv6 pinholes).
    pub ipv6_firewall_control: bool,
}

/// The text of the first `<tag>…</tag>` (any namespace prefix), unescaped,
/// trimmed, control characters dropped, at most 128 characters.
pub fn first_text(xml: &str, tag: &str) -> Option<String> {
    let xml = if xml.len() > MAX_XML {
        &xml[..floor_char_boundary(xml, MAX_XML)]
    } else {
        xml
    };
    let mut from = 0;
    while let Some(rel) = xml[from..].find('<') {
        let open = from + rel;
        let close = open + xml[open..].find('>')?;
        let name = &xml[open + 1..close];
        from = close + 1;
        let local = name.rsplit(':').next().unwrap_or(name);
        if name.starts_with('/')
            || name.ends_with('/')
            || local.split_whitespace().next() != Some(tag)
        {
            continue;
        }
        let end = from + xml[from..].find("</")?;
        let text = unescape(&xml[from..end]);
        let text: String = text
            .trim()
            .chars()
            .filter(|c| !c.is_control())
            .take(128)
            .collect();
        return (!text.is_empty()).then_some(text);
    }
    None
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The root device's manufacturer, modelName and friendlyName.
pub fn device_info(xml: &str) -> DeviceInfo {
    DeviceInfo {
        manufacturer: first_text(xml, "manufacturer"),
        model: first_text(xml, "modelName"),
        friendly_name: first_text(xml, "friendlyName"),
        ipv6_firewall_control: has_service(xml, "WANIPv6FirewallControl"),
    }
}

/// Does the description list a service of this type (any version)?
pub fn has_service(xml: &str, name: &str) -> bool {
    let xml = &xml[..floor_char_boundary(xml, xml.len().min(MAX_XML))];
    let needle = format!("urn:schemas-upnp-org:service:{name}:");
    xml.match_indices("<serviceType>")
        .any(|(i, tag)| xml[i + tag.len()..].trim_start().starts_with(&needle))
}

/// A WAN connection service a description lists (WANIPConnection:1/2 or
/// WANPPPConnection:1), with its URLs as written (path or absolute).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WanService {
    pub service_type: String,
    pub control_url: String,
    pub scpd_url: String,
}

/// Every WAN connection service of a description, in the order listed. A DSL
/// router often lists an unused WANIPConnection before its live
/// WANPPPConnection, so the first is not necessarily the one to use.
pub fn wan_services(xml: &str) -> Vec<WanService> {
    const TYPES: [&str; 3] = [
        "urn:schemas-upnp-org:service:WANIPConnection:1",
        "urn:schemas-upnp-org:service:WANIPConnection:2",
        "urn:schemas-upnp-org:service:WANPPPConnection:1",
    ];
    blocks(xml, "service")
        .filter_map(|b| {
            let service_type = first_text(b, "serviceType")?;
            TYPES.contains(&service_type.as_str()).then_some(())?;
            Some(WanService {
                service_type,
                control_url: first_text(b, "controlURL")?,
                scpd_url: first_text(b, "SCPDURL").unwrap_or_default(),
            })
        })
        .take(8)
        .collect()
}

/// A service description's actions and their input arguments, in order
/// (what a SOAP request must send).
pub fn scpd_in_args(xml: &str) -> std::collections::HashMap<String, Vec<String>> {
    blocks(xml, "action")
        .filter_map(|a| {
            let name = first_text(a, "name")?;
            let args = blocks(a, "argument")
                .filter(|arg| first_text(arg, "direction").as_deref() == Some("in"))
                .filter_map(|arg| first_text(arg, "name"))
                .collect();
            Some((name, args))
        })
        .take(64)
        .collect()
}

/// The inner text of each `<tag>…</tag>` (not nested in one another), within
/// the first [`MAX_XML`] bytes.
fn blocks<'a>(xml: &'a str, tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let xml = &xml[..floor_char_boundary(xml, xml.len().min(MAX_XML))];
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = from + xml[from..].find(&open)? + open.len();
        let end = start + xml[start..].find(&close)?;
        from = end + close.len();
        Some(&xml[start..end])
    })
}

/// The text of GetExternalIPAddress's answer (`None` when it has none).
pub fn external_ip_text(xml: &str) -> Option<String> {
    first_text(xml, "NewExternalIPAddress")
}

/// One mapping as GetSpecificPortMappingEntry reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecificEntry {
    pub internal_port: u16,
    pub internal_client: String,
    pub enabled: bool,
    pub description: String,
    pub lease_seconds: u32,
}

/// Parses a GetSpecificPortMappingEntryResponse body.
pub fn specific_entry(xml: &str) -> Option<SpecificEntry> {
    Some(SpecificEntry {
        internal_port: first_text(xml, "NewInternalPort")?.parse().ok()?,
        internal_client: first_text(xml, "NewInternalClient")?,
        enabled: first_text(xml, "NewEnabled")
            .is_none_or(|e| e == "1" || e.eq_ignore_ascii_case("true")),
        description: first_text(xml, "NewPortMappingDescription").unwrap_or_default(),
        lease_seconds: first_text(xml, "NewLeaseDuration")
            .and_then(|l| l.parse().ok())
            .unwrap_or(0),
    })
}

/// A SOAP fault's UPnP error code, e.g. 714 NoSuchEntryInArray.
pub fn fault_code(xml: &str) -> Option<u16> {
    first_text(xml, "errorCode")?.parse().ok()
}

/// A SOAP fault's errorDescription (bounded and cleaned like every text).
pub fn fault_description(xml: &str) -> Option<String> {
    first_text(xml, "errorDescription")
}

/// The description's `URLBase` (UPnP 1.0; relative URLs resolve against it
/// when present, else against the description's own location).
pub fn url_base(xml: &str) -> Option<String> {
    first_text(xml, "URLBase")
}

/// `s` as XML text: the five predefined entities escaped, so a value (a
/// mapping's description) cannot close its element or add one.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A SOAP request for `action` of `service_type`, its arguments in the
/// given order (values escaped).
pub fn soap_envelope(service_type: &str, action: &str, args: &[(&str, &str)]) -> String {
    let mut inner = String::new();
    for (k, v) in args {
        inner.push_str(&format!("<{k}>{}</{k}>", escape(v)));
    }
    format!(
        r#"<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body><u:{action} xmlns:u="{service_type}">{inner}</u:{action}></s:Body></s:Envelope>"#
    )
}

/// The `SOAPAction` header value: `"<service type>#<action>"`, quoted.
pub fn soap_action(service_type: &str, action: &str) -> String {
    format!("\"{service_type}#{action}\"")
}

/// What a SOAP answer says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SoapAnswer {
    /// A 2xx answer holding `<action>Response`: its body.
    Ok(String),
    /// A UPnP fault (usually HTTP 500), with its code and description.
    Fault { code: u16, description: String },
    /// Neither: an HTTP error without a UPnP fault, or not XML.
    Unreadable { status: u16 },
}

/// Classifies an HTTP status and body answering `action` (the body is
/// hostile: bounded scanning only).
pub fn soap_answer(status: u16, body: &str, action: &str) -> SoapAnswer {
    if let Some(code) = fault_code(body) {
        return SoapAnswer::Fault {
            code,
            description: fault_description(body).unwrap_or_default(),
        };
    }
    let body = &body[..floor_char_boundary(body, body.len().min(MAX_XML))];
    if (200..300).contains(&status) && body.contains(&format!("{action}Response")) {
        SoapAnswer::Ok(body.to_string())
    } else {
        SoapAnswer::Unreadable { status }
    }
}

/// One mapping as GetGenericPortMappingEntry reports it (the protocol as
/// written, upper-cased: `TCP` or `UDP` for any sane router).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenericEntry {
    pub external_port: u16,
    pub protocol: String,
    pub internal_port: u16,
    pub internal_client: String,
    pub enabled: bool,
    pub description: String,
    pub lease_seconds: u32,
}

/// Parses a GetGenericPortMappingEntryResponse body. `None` when a field a
/// mapping cannot do without (ports, protocol, internal client) is missing
/// or not a number.
pub fn generic_entry(xml: &str) -> Option<GenericEntry> {
    // The same fields as a specific entry, plus the two a listing names.
    let e = specific_entry(xml)?;
    Some(GenericEntry {
        external_port: first_text(xml, "NewExternalPort")?.parse().ok()?,
        protocol: first_text(xml, "NewProtocol")?.to_ascii_uppercase(),
        internal_port: e.internal_port,
        internal_client: e.internal_client,
        enabled: e.enabled,
        description: e.description,
        lease_seconds: e.lease_seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESC: &str = r#"<?xml version="1.0"?>
<root xmlns="urn:schemas-upnp-org:device-1-0"><device>
<deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>
<friendlyName>ipTIME A3004NS-M</friendlyName>
<manufacturer>EFM Networks &amp; Co</manufacturer>
<modelName>A3004NS-M</modelName>
<deviceList><device><friendlyName>WANDevice</friendlyName></device></deviceList>
</device></root>"#;

    #[test]
    fn description() {
        let d = device_info(DESC);
        assert_eq!(d.manufacturer.as_deref(), Some("EFM Networks & Co"));
        assert_eq!(d.model.as_deref(), Some("A3004NS-M"));
        assert_eq!(d.friendly_name.as_deref(), Some("ipTIME A3004NS-M"));
        assert!(!d.ipv6_firewall_control);
        let v2 = "<service><serviceType>urn:schemas-upnp-org:service:WANIPv6FirewallControl:1</serviceType></service>";
        assert!(device_info(v2).ipv6_firewall_control);
        assert!(!has_service(
            "<serviceType>urn:x:WANIPv6FirewallControl:1</serviceType>",
            "WANIPv6FirewallControl"
        ));
    }

    #[test]
    fn soap_specific_entry_and_fault() {
        let ok = r#"<s:Envelope><s:Body><u:GetSpecificPortMappingEntryResponse xmlns:u="urn:schemas-upnp-org:service:WANIPConnection:1">
<NewInternalPort>5000</NewInternalPort><NewInternalClient>192.168.99.123</NewInternalClient>
<NewEnabled>1</NewEnabled><NewPortMappingDescription>netcheck 5000</NewPortMappingDescription>
<NewLeaseDuration>3599</NewLeaseDuration></u:GetSpecificPortMappingEntryResponse></s:Body></s:Envelope>"#;
        let e = specific_entry(ok).unwrap();
        assert_eq!(e.internal_port, 5000);
        assert_eq!(e.internal_client, "192.168.99.123");
        assert_eq!(e.lease_seconds, 3599);
        let fault = "<s:Fault><detail><UPnPError><errorCode>714</errorCode><errorDescription>NoSuchEntryInArray</errorDescription></UPnPError></detail></s:Fault>";
        assert_eq!(fault_code(fault), Some(714));
        assert_eq!(specific_entry(fault), None);
    }

    #[test]
    fn wan_services_in_listed_order_and_their_scpd() {
        // A DSL router: an unused WANIPConnection before the live WANPPPConnection.
        let desc = r#"<root><device><serviceList><service>
<serviceType>urn:schemas-upnp-org:service:Layer3Forwarding:1</serviceType>
<controlURL>/ctl/L3F</controlURL><SCPDURL>/L3F.xml</SCPDURL></service></serviceList>
<deviceList><device><serviceList>
<service><serviceType>urn:schemas-upnp-org:service:WANIPConnection:1</serviceType>
<serviceId>urn:upnp-org:serviceId:WANIPConnection1</serviceId>
<controlURL>/ctl/IPConn</controlURL><eventSubURL>/evt/IPConn</eventSubURL><SCPDURL>/IPConn.xml</SCPDURL></service>
<service><serviceType>urn:schemas-upnp-org:service:WANPPPConnection:1</serviceType>
<controlURL>http://192.168.99.1:2189/ctl/PPPConn</controlURL><SCPDURL>/PPPConn.xml</SCPDURL></service>
</serviceList></device></deviceList></device></root>"#;
        let s = wan_services(desc);
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(
            s[0].service_type,
            "urn:schemas-upnp-org:service:WANIPConnection:1"
        );
        assert_eq!(s[0].control_url, "/ctl/IPConn");
        assert_eq!(s[0].scpd_url, "/IPConn.xml");
        assert_eq!(
            s[1].service_type,
            "urn:schemas-upnp-org:service:WANPPPConnection:1"
        );
        assert_eq!(s[1].control_url, "http://192.168.99.1:2189/ctl/PPPConn");
        assert!(wan_services(DESC).is_empty());

        let scpd = r#"<scpd><actionList><action><name>DeletePortMapping</name><argumentList>
<argument><name>NewRemoteHost</name><direction>in</direction></argument>
<argument><name>NewExternalPort</name><direction>in</direction></argument>
<argument><name>NewProtocol</name><direction>in</direction></argument>
</argumentList></action><action><name>GetExternalIPAddress</name><argumentList>
<argument><name>NewExternalIPAddress</name><direction>out</direction></argument>
</argumentList></action></actionList></scpd>"#;
        let a = scpd_in_args(scpd);
        assert_eq!(
            a["DeletePortMapping"],
            ["NewRemoteHost", "NewExternalPort", "NewProtocol"]
        );
        assert!(a["GetExternalIPAddress"].is_empty());
        assert_eq!(
            external_ip_text("<u:R><NewExternalIPAddress>0.0.0.0</NewExternalIPAddress></u:R>")
                .as_deref(),
            Some("0.0.0.0")
        );
        for cut in 0..desc.len() {
            if desc.is_char_boundary(cut) {
                assert!(wan_services(&desc[..cut]).len() <= 2);
            }
        }
    }

    #[test]
    fn soap_request_escapes_values_and_round_trips() {
        let body = soap_envelope(
            "urn:schemas-upnp-org:service:WANPPPConnection:1",
            "AddPortMapping",
            &[
                ("NewRemoteHost", ""),
                ("NewExternalPort", "5000"),
                (
                    "NewPortMappingDescription",
                    "Bob & Alice </NewPortMappingDescription><evil>'\"",
                ),
            ],
        );
        assert!(body.contains(
            r#"<u:AddPortMapping xmlns:u="urn:schemas-upnp-org:service:WANPPPConnection:1"><NewRemoteHost></NewRemoteHost><NewExternalPort>5000</NewExternalPort>"#
        ));
        assert!(!body.contains("<evil>"), "{body}");
        assert_eq!(
            first_text(&body, "NewPortMappingDescription").as_deref(),
            Some("Bob & Alice </NewPortMappingDescription><evil>'\"")
        );
        assert_eq!(
            first_text(&body, "NewExternalPort").as_deref(),
            Some("5000")
        );
        // Round trip: what escape writes, first_text reads back.
        for text in ["plain", "a&b", "<>&\"'", "&amp;", "netcheck 5000 (한국어)"] {
            let xml = format!("<a>{}</a>", escape(text));
            assert_eq!(first_text(&xml, "a").as_deref(), Some(text), "{xml}");
        }
        assert_eq!(
            soap_action(
                "urn:schemas-upnp-org:service:WANIPConnection:1",
                "DeletePortMapping"
            ),
            "\"urn:schemas-upnp-org:service:WANIPConnection:1#DeletePortMapping\""
        );
    }

    #[test]
    fn soap_answers_table() {
        let ok = r#"<s:Envelope><s:Body><u:AddPortMappingResponse xmlns:u="urn:schemas-upnp-org:service:WANIPConnection:1"/></s:Body></s:Envelope>"#;
        let fault = |code: &str| {
            format!(
                "<s:Envelope><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail><UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\"><errorCode>{code}</errorCode><errorDescription>Conflict &amp; more</errorDescription></UPnPError></detail></s:Fault></s:Body></s:Envelope>"
            )
        };
        let f = |code: u16, d: &str| SoapAnswer::Fault {
            code,
            description: d.into(),
        };
        let cases: Vec<(u16, String, SoapAnswer)> = vec![
            (200, ok.into(), SoapAnswer::Ok(ok.into())),
            (500, fault("718"), f(718, "Conflict & more")),
            (500, fault("606"), f(606, "Conflict & more")),
            // A fault is a fault whatever the status.
            (200, fault("725"), f(725, "Conflict & more")),
            (500, "<errorCode>402</errorCode>".into(), f(402, "")),
            // Not a number: no fault code, and no answer either.
            (500, fault("x"), SoapAnswer::Unreadable { status: 500 }),
            // The answer to another action, an error page, garbage.
            (
                200,
                ok.replace("AddPortMapping", "DeletePortMapping"),
                SoapAnswer::Unreadable { status: 200 },
            ),
            (
                404,
                "no such control URL".into(),
                SoapAnswer::Unreadable { status: 404 },
            ),
            (
                200,
                "<s:Envelope><s:Body><u:Garbage".into(),
                SoapAnswer::Unreadable { status: 200 },
            ),
            (302, ok.into(), SoapAnswer::Unreadable { status: 302 }),
        ];
        for (status, body, want) in cases {
            assert_eq!(soap_answer(status, &body, "AddPortMapping"), want, "{body}");
        }
    }

    #[test]
    fn generic_entries() {
        let ok = r#"<s:Envelope><s:Body><u:GetGenericPortMappingEntryResponse xmlns:u="urn:schemas-upnp-org:service:WANIPConnection:1"><NewRemoteHost></NewRemoteHost><NewExternalPort>5000</NewExternalPort><NewProtocol>tcp</NewProtocol><NewInternalPort>5001</NewInternalPort><NewInternalClient>192.168.99.123</NewInternalClient><NewEnabled>1</NewEnabled><NewPortMappingDescription>netcheck 5000</NewPortMappingDescription><NewLeaseDuration>3599</NewLeaseDuration></u:GetGenericPortMappingEntryResponse></s:Body></s:Envelope>"#;
        assert_eq!(
            generic_entry(ok),
            Some(GenericEntry {
                external_port: 5000,
                protocol: "TCP".into(),
                internal_port: 5001,
                internal_client: "192.168.99.123".into(),
                enabled: true,
                description: "netcheck 5000".into(),
                lease_seconds: 3599,
            })
        );
        let disabled = ok.replace("<NewEnabled>1", "<NewEnabled>0");
        assert!(!generic_entry(&disabled).unwrap().enabled);
        // Optional fields may be empty; required ones may not.
        let bare = ok
            .replace("netcheck 5000", "")
            .replace("<NewLeaseDuration>3599", "<NewLeaseDuration>");
        let e = generic_entry(&bare).unwrap();
        assert_eq!((e.description.as_str(), e.lease_seconds), ("", 0));
        for broken in [
            ok.replace("<NewExternalPort>5000", "<NewExternalPort>70000"),
            ok.replace("<NewInternalPort>5001", "<NewInternalPort>x"),
            ok.replace("<NewProtocol>tcp", "<NewProtocol>"),
            ok.replace("192.168.99.123", ""),
        ] {
            assert_eq!(generic_entry(&broken), None, "{broken}");
        }
        for cut in 0..ok.len() {
            let _ = generic_entry(&ok[..cut]);
        }
    }

    #[test]
    fn url_base_is_read_when_present() {
        assert_eq!(
            url_base("<root><URLBase>http://192.168.1.1:49152/</URLBase><device/></root>")
                .as_deref(),
            Some("http://192.168.1.1:49152/")
        );
        assert_eq!(url_base(DESC), None);
    }

    #[test]
    fn hostile_xml() {
        let bomb = format!(
            "<!DOCTYPE x [<!ENTITY a \"{}\">]><root><manufacturer>&a;&a;&a;</manufacturer></root>",
            "A".repeat(1000)
        );
        assert_eq!(
            first_text(&bomb, "manufacturer").as_deref(),
            Some("&a;&a;&a;")
        );
        let long = format!("<manufacturer>{}</manufacturer>", "é".repeat(100_000));
        assert!(first_text(&long, "manufacturer").is_none_or(|t| t.chars().count() <= 128));
        for s in [
            "<",
            "<manufacturer",
            "<manufacturer>",
            "<manufacturer>x",
            "</manufacturer>",
            "<a><b/></a>",
        ] {
            let _ = device_info(s);
        }
        assert_eq!(
            first_text("<manufacturer>\x1b[31mevil</manufacturer>", "manufacturer").as_deref(),
            Some("[31mevil")
        );
    }
}
