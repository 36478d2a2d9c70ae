//! SSDP search answers (`proto::ssdp::parse_reply`): whatever anyone on the
//! LAN sends back to an M-SEARCH.
//!
//! Invariants: an accepted answer has a non-zero port and a plain path, and
//! its LOCATION, written back into an answer, parses to the very same one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netcheck::proto::ssdp::{MAX_PATH, parse_reply};

fuzz_target!(|data: &[u8]| {
    let Ok(r) = parse_reply(data) else {
        return;
    };
    assert_ne!(r.port, 0);
    assert!(r.path.starts_with('/') && r.path.len() <= MAX_PATH, "{r:?}");
    assert!(r.path.bytes().all(|b| b.is_ascii_graphic()), "{r:?}");
    let again = format!("HTTP/1.1 200 OK\r\nLOCATION: {}\r\n\r\n", r.location());
    assert_eq!(parse_reply(again.as_bytes()), Ok(r));
});
