//! IP-echo bodies (`proto::echo::parse_body`).
//!
//! Invariants: the result is canonical (no IPv4-mapped IPv6), its text form
//! parses back to itself, and error excerpts are short and printable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netcheck::proto::echo::{EchoError, MAX_BODY, parse_body};

fuzz_target!(|data: &[u8]| {
    // The caller caps bodies at MAX_BODY; go a little past it anyway.
    if data.len() > 4 * MAX_BODY {
        return;
    }
    match parse_body(data) {
        Ok(ip) => {
            assert_eq!(ip, ip.to_canonical(), "not canonical: {ip}");
            assert_eq!(parse_body(ip.to_string().as_bytes()), Ok(ip));
        }
        Err(EchoError::NotAnIp(excerpt)) => {
            assert!(
                excerpt.chars().count() <= 41,
                "excerpt too long: {excerpt:?}"
            );
            assert!(
                !excerpt.chars().any(char::is_control),
                "control character in excerpt: {excerpt:?}"
            );
        }
        Err(EchoError::Empty | EchoError::NoIpField) => {}
    }
});
