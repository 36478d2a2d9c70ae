//! ICMP errors on an unconnected UDP socket, told apart by the destination
//! they are about. A connected socket gets "connection refused" from the
//! kernel; one socket that talks to several servers gets nothing unless it
//! asks (Linux: `IP_RECVERR` / `IPV6_RECVERR`), and then reads each error
//! with the datagram's original destination from the socket's error queue.
//! Elsewhere this is not available: errors stay unattributed (a silent
//! server then counts as late, not refused).

use std::net::SocketAddr;
use tokio::net::UdpSocket;

/// Asks the kernel to queue ICMP errors with their destination. False when
/// the platform cannot.
pub fn enable(sock: &UdpSocket) -> bool {
    imp::enable(sock)
}

/// Takes the queued errors: (the destination the failed datagram went to,
/// the error). Never blocks.
pub fn drain(sock: &UdpSocket) -> Vec<(SocketAddr, std::io::Error)> {
    imp::drain(sock)
}

#[cfg(target_os = "linux")]
mod imp {
    use std::io;
    use std::mem::{size_of, zeroed};
    use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
    use std::os::fd::AsRawFd;
    use tokio::net::UdpSocket;

    /// At most this many errors are taken in one call.
    const MAX_PER_DRAIN: usize = 64;

    pub fn enable(sock: &UdpSocket) -> bool {
        let (level, name) = match sock.local_addr() {
            Ok(SocketAddr::V6(_)) => (libc::IPPROTO_IPV6, libc::IPV6_RECVERR),
            Ok(SocketAddr::V4(_)) => (libc::IPPROTO_IP, libc::IP_RECVERR),
            Err(_) => return false,
        };
        let on: libc::c_int = 1;
        // SAFETY: a valid fd, a c_int option value of the size given.
        unsafe {
            libc::setsockopt(
                sock.as_raw_fd(),
                level,
                name,
                (&on as *const libc::c_int).cast(),
                size_of::<libc::c_int>() as libc::socklen_t,
            ) == 0
        }
    }

    pub fn drain(sock: &UdpSocket) -> Vec<(SocketAddr, io::Error)> {
        let mut out = Vec::new();
        for _ in 0..MAX_PER_DRAIN {
            match take_one(sock) {
                Some(Some(e)) => out.push(e),
                Some(None) => continue,
                None => break,
            }
        }
        out
    }

    /// None: the queue is empty. Some(None): an entry without a usable address.
    fn take_one(sock: &UdpSocket) -> Option<Option<(SocketAddr, io::Error)>> {
        // SAFETY: every pointer in `msg` points at a local buffer of the
        // length given with it, alive for the call; the control messages are
        // read only through the CMSG_* helpers within `msg_controllen`.
        unsafe {
            let mut name: libc::sockaddr_storage = zeroed();
            let mut data = [0u8; 64];
            let mut iov = libc::iovec {
                iov_base: data.as_mut_ptr().cast(),
                iov_len: data.len(),
            };
            let mut control = [0u64; 64];
            let mut msg: libc::msghdr = zeroed();
            msg.msg_name = (&mut name as *mut libc::sockaddr_storage).cast();
            msg.msg_namelen = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            msg.msg_iov = &mut iov;
            msg.msg_iovlen = 1;
            msg.msg_control = control.as_mut_ptr().cast();
            msg.msg_controllen = size_of::<[u64; 64]>() as _;
            let n = libc::recvmsg(
                sock.as_raw_fd(),
                &mut msg,
                libc::MSG_ERRQUEUE | libc::MSG_DONTWAIT,
            );
            if n < 0 {
                return None;
            }
            let mut errno = libc::ECONNREFUSED;
            let mut cmsg = libc::CMSG_FIRSTHDR(&msg);
            while !cmsg.is_null() {
                let c = &*cmsg;
                let ours = (c.cmsg_level == libc::IPPROTO_IP && c.cmsg_type == libc::IP_RECVERR)
                    || (c.cmsg_level == libc::IPPROTO_IPV6 && c.cmsg_type == libc::IPV6_RECVERR);
                if ours {
                    let ee: libc::sock_extended_err =
                        std::ptr::read_unaligned(libc::CMSG_DATA(cmsg).cast());
                    errno = ee.ee_errno as i32;
                }
                cmsg = libc::CMSG_NXTHDR(&msg, cmsg);
            }
            let dest = match i32::from(name.ss_family) {
                libc::AF_INET => {
                    let a: libc::sockaddr_in =
                        std::ptr::read_unaligned((&name as *const libc::sockaddr_storage).cast());
                    SocketAddr::V4(SocketAddrV4::new(
                        Ipv4Addr::from(u32::from_be(a.sin_addr.s_addr)),
                        u16::from_be(a.sin_port),
                    ))
                }
                libc::AF_INET6 => {
                    let a: libc::sockaddr_in6 =
                        std::ptr::read_unaligned((&name as *const libc::sockaddr_storage).cast());
                    SocketAddr::V6(SocketAddrV6::new(
                        Ipv6Addr::from(a.sin6_addr.s6_addr),
                        u16::from_be(a.sin6_port),
                        a.sin6_flowinfo,
                        a.sin6_scope_id,
                    ))
                }
                _ => return Some(None),
            };
            Some(Some((dest, io::Error::from_raw_os_error(errno))))
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    use std::net::SocketAddr;
    use tokio::net::UdpSocket;

    pub fn enable(_: &UdpSocket) -> bool {
        false
    }

    pub fn drain(_: &UdpSocket) -> Vec<(SocketAddr, std::io::Error)> {
        Vec::new()
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_closed_port_is_named_by_its_destination() {
        let sock = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        assert!(enable(&sock));
        let open = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let closed = std::net::UdpSocket::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        sock.send_to(b"y", open.local_addr().unwrap())
            .await
            .unwrap();
        sock.send_to(b"x", closed).await.unwrap();
        // The error arrives with the ICMP message: wait for it, bounded.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
        let mut got = Vec::new();
        while got.is_empty() && std::time::Instant::now() < deadline {
            got = drain(&sock);
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, closed);
        assert_eq!(got[0].1.kind(), std::io::ErrorKind::ConnectionRefused);
        // The open one got its datagram; nothing more is queued.
        let mut buf = [0u8; 4];
        assert_eq!(open.recv(&mut buf).await.unwrap(), 1);
        assert!(drain(&sock).is_empty());
    }
}
