//! The little UPnP XML netcheck reads itself: the device description's
//! manufacturer / model / friendly name, and SOAP responses igd-next does not
//! cover (GetSpecificPortMappingEntry). A bounded tag scanner: no DTDs, no
//! entity expansion beyond the five predefined entities, no recursion.

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
