//! The UPnP XML netcheck reads itself (`proto::upnp_xml`): the device
//! description and GetSpecificPortMappingEntry / SOAP fault answers.
//!
//! Invariants: every text taken from the XML is non-empty, at most 128
//! characters, and free of control characters (it reaches the terminal).
#![no_main]

use libfuzzer_sys::fuzz_target;
use netcheck::proto::upnp_xml::{device_info, fault_code, first_text, specific_entry};

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
