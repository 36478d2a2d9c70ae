//! The UPnP XML netcheck reads itself (`proto::upnp_xml`): the device
//! description (its WAN services and URLBase) and the SOAP answers
//! (Get{Specific,Generic}PortMappingEntry, faults).
//!
//! Invariants: every text taken from the XML is non-empty, at most 128
//! characters, and free of control characters (it reaches the terminal).
#![no_main]

use libfuzzer_sys::fuzz_target;
use netcheck::proto::upnp_xml::{
    SoapAnswer, device_info, fault_code, first_text, generic_entry, soap_answer, specific_entry,
    url_base, wan_services,
};

fn printable(s: &str) {
    assert!(!s.is_empty());
    assert!(s.chars().count() <= 128, "too long: {s:?}");
    assert!(!s.chars().any(char::is_control), "control character: {s:?}");
}

fuzz_target!(|data: &[u8]| {
    // As the callers do: bytes from the network, lossily decoded.
    let xml = String::from_utf8_lossy(data);
    let info = device_info(&xml);
    for s in [&info.manufacturer, &info.model, &info.friendly_name]
        .into_iter()
        .flatten()
    {
        printable(s);
    }
    if let Some(e) = specific_entry(&xml) {
        printable(&e.internal_client);
        if !e.description.is_empty() {
            printable(&e.description);
        }
    }
    let _ = fault_code(&xml);
    if let Some(e) = generic_entry(&xml) {
        printable(&e.internal_client);
        printable(&e.protocol);
    }
    for s in wan_services(&xml) {
        printable(&s.service_type);
        printable(&s.control_url);
    }
    if let Some(b) = url_base(&xml) {
        printable(&b);
    }
    match soap_answer(200, &xml, "AddPortMapping") {
        SoapAnswer::Ok(body) => assert!(body.contains("AddPortMappingResponse")),
        SoapAnswer::Fault { description, .. } if !description.is_empty() => {
            printable(&description)
        }
        _ => {}
    }
    // Any tag name, taken from the input's first line.
    if let Some(s) = xml
        .lines()
        .next()
        .filter(|t| t.len() < 32)
        .and_then(|tag| first_text(&xml, tag))
    {
        printable(&s);
    }
});
