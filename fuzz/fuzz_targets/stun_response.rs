//! STUN Binding responses (`proto::stun::decode_binding_response`, and the
//! RFC 5780 attributes through `decode_binding_response_full`).
//!
//! Every input is decoded twice: with the transaction id the message itself
//! carries (so the fuzzer reaches the attribute parser) and with a fixed one
//! (the mismatch path). Invariant: a decoded address re-encodes, in both the
//! XOR and the plain form, to a message that decodes to the same address.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netcheck::proto::stun::{
    TransactionId, decode_binding_response, decode_binding_response_full,
    encode_binding_request_with, encode_binding_response, encode_binding_response_with,
    parse_binding_request, parse_binding_request_with,
};

const FIXED_TID: TransactionId = *b"netcheck-fz!";

fn check(data: &[u8], tid: &TransactionId) {
    let Ok(addr) = decode_binding_response(data, tid) else {
        return;
    };
    for xor in [true, false] {
        let again = encode_binding_response(tid, addr, xor);
        assert_eq!(
            decode_binding_response(&again, tid),
            Ok(addr),
            "re-encoded address (xor: {xor}) decodes differently"
        );
    }
    // RFC 5780 attributes: what decodes re-encodes to the same facts.
    if let Ok(full) = decode_binding_response_full(data, tid) {
        let again = encode_binding_response_with(tid, &full);
        assert_eq!(decode_binding_response_full(&again, tid), Ok(full));
    }
}

fuzz_target!(|data: &[u8]| {
    if let Some(own) = data.get(8..20) {
        let tid: TransactionId = own.try_into().expect("12 bytes");
        check(data, &tid);
    }
    check(data, &FIXED_TID);
    // The request parser (used by loopback fakes) must not panic either.
    let _ = parse_binding_request(data);
    if let Ok((tid, opts)) = parse_binding_request_with(data) {
        let again = encode_binding_request_with(&tid, opts);
        assert_eq!(parse_binding_request_with(&again), Ok((tid, opts)));
    }
});
