//! NAT-PMP responses: both decoders in `proto::natpmp`.
//!
//! Invariant: whatever decodes successfully re-encodes to exactly the bytes
//! it was decoded from (every field of a success response is checked or kept).
#![no_main]

use libfuzzer_sys::fuzz_target;
use netcheck::proto::natpmp::{
    Protocol, ResultCode, decode_external_address_response, decode_map_response,
    encode_external_address_response, encode_map_response, parse_request,
};

fuzz_target!(|data: &[u8]| {
    if let Ok(ext) = decode_external_address_response(data) {
        let again = encode_external_address_response(ResultCode::Success, ext.epoch, ext.ip);
        assert_eq!(&again[..], &data[..again.len()]);
    }
    // The internal port we asked for: the one in the message (to reach the
    // success path) and a fixed one (the mismatch path).
    let ports = [
        data.get(8..10)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .unwrap_or(5000),
        5000,
    ];
    for protocol in [Protocol::Tcp, Protocol::Udp] {
        for port in ports {
            if let Ok(r) = decode_map_response(data, protocol, port) {
                assert_eq!(r.protocol, protocol);
                assert_eq!(r.internal_port, port);
                let again = encode_map_response(ResultCode::Success, &r);
                assert_eq!(&again[..], &data[..again.len()]);
            }
        }
    }
    // The request parser (used by loopback fakes) must not panic either.
    let _ = parse_request(data);
});
