//! SSDP search answers (`proto::ssdp::parse_reply`): whatever anyone on the
//! LAN sends back to an M-SEARCH.
//!
//! Invariants: an accepted answer has a non-zero port and a plain path, and
//! its canonical re-serialisation (what igd-next is handed) parses to the
//! very same LOCATION.
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
    assert_eq!(parse_reply(r.canonical().as_bytes()), Ok(r));
});
