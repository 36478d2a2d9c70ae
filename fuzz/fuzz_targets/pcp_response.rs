//! PCP MAP responses (`proto::pcp::decode_map_response`).
//!
//! The request is derived from the message itself (nonce, protocol, internal
//! port), so the fuzzer reaches the option parser; a fixed request covers the
//! mismatch paths. Invariant: a decoded response re-encodes to one that
//! decodes to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netcheck::proto::pcp::{
    MapRequest, Protocol, decode_map_response, encode_map_response, parse_map_request,
};
use std::net::Ipv4Addr;

fn check(data: &[u8], request: &MapRequest) {
    let Ok(r) = decode_map_response(data, request) else {
        return;
    };
    assert_eq!(r.nonce, request.nonce);
    assert_eq!(r.protocol, request.protocol);
    assert_eq!(r.internal_port, request.internal_port);
    let again = encode_map_response(&r);
    assert_eq!(decode_map_response(&again, request), Ok(r));
}

fuzz_target!(|data: &[u8]| {
    let fixed = MapRequest {
        lifetime_secs: 3600,
        client_ip: Ipv4Addr::new(192, 168, 99, 123),
        nonce: *b"netcheck-fz!",
        protocol: Protocol::Tcp,
        internal_port: 5000,
        external_port: 5000,
    };
    check(data, &fixed);
    let derived = MapRequest {
        nonce: data
            .get(24..36)
            .and_then(|b| b.try_into().ok())
            .unwrap_or(fixed.nonce),
        protocol: data
            .get(36)
            .and_then(|&p| Protocol::from_ip_number(p))
            .unwrap_or(Protocol::Udp),
        internal_port: data
            .get(40..42)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .unwrap_or(5000),
        ..fixed
    };
    check(data, &derived);
    // The request parser (used by loopback fakes) must not panic either.
    let _ = parse_map_request(data);
});
