//! Big-endian reads that never panic: `None` when the buffer is too short.
//! Shared by the STUN, NAT-PMP and PCP codecs.

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
