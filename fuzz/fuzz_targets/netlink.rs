//! rtnetlink RTM_NEWADDR dumps (`sys::netlink::parse_messages`).
//!
//! Invariant: no more entries than the buffer has room for (each needs a
//! 16-byte message header and an 8-byte ifaddrmsg).
#![no_main]

use libfuzzer_sys::fuzz_target;
use netcheck::sys::netlink::parse_messages;

fuzz_target!(|data: &[u8]| {
    let (entries, _done) = parse_messages(data);
    assert!(
        entries.len() <= data.len() / 24,
        "{} entries from {} bytes",
        entries.len(),
        data.len()
    );
});
