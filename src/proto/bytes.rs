//! Big-endian reads that never panic: `None` when the buffer is too short.
//! Shared by the STUN, NAT-PMP and PCP codecs; and fresh random bytes for
//! their nonces and transaction ids.

/// `N` random bytes from the OS (getrandom: Linux, macOS, Windows). Should
/// the OS source fail, std's randomly keyed SipHash over a counter and the
/// clock stands in: these bytes are nonces and transaction ids (they must
/// not repeat or be guessed by an off-path peer), never keys.
pub fn random<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    if getrandom::fill(&mut b).is_err() {
        fallback(&mut b);
    }
    b
}

fn fallback(b: &mut [u8]) {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let keyed = std::collections::hash_map::RandomState::new();
    for chunk in b.chunks_mut(8) {
        let mut h = keyed.build_hasher();
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        h.write_u128(now.map_or(0, |d| d.as_nanos()));
        let x = h.finish().to_ne_bytes();
        chunk.copy_from_slice(&x[..chunk.len()]);
    }
}

pub fn read_u16(buf: &[u8], at: usize) -> Option<u16> {
    let b = buf.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

pub fn read_u32(buf: &[u8], at: usize) -> Option<u32> {
    let b = buf.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_bytes_differ() {
        let (a, b) = (random::<16>(), random::<16>());
        assert_ne!(a, b);
        assert_ne!(a, [0; 16]);
        // The stand-in too: two calls, different bytes, every byte written.
        let (mut c, mut d) = ([0u8; 12], [0u8; 12]);
        fallback(&mut c);
        fallback(&mut d);
        assert_ne!(c, d);
        assert_ne!(c[8..], [0; 4]);
    }

    #[test]
    fn reads_and_bounds() {
        let b = [0x12, 0x34, 0x56, 0x78, 0x9a];
        assert_eq!(read_u16(&b, 0), Some(0x1234));
        assert_eq!(read_u16(&b, 3), Some(0x789a));
        assert_eq!(read_u16(&b, 4), None);
        assert_eq!(read_u32(&b, 1), Some(0x3456_789a));
        assert_eq!(read_u32(&b, 2), None);
        assert_eq!(read_u32(&b, usize::MAX), None);
        assert_eq!(read_u16(&[], 0), None);
    }
}
