//! Linux only: reads an IPv4 address's flags over rtnetlink (RTM_GETADDR) to
//! tell a DHCP lease ("dynamic", as `ip addr` shows it) from a static address,
//! and the IPv6 addresses with their flags (temporary, deprecated, …); and the
//! IPv4 default route with the address facing it (RTM_GETROUTE + RTM_GETADDR),
//! which `forward` needs before anything else.
//! The parser is pure and bounds-checked; the socket part is a few syscalls.

use crate::net::host::{DefaultRoute, RouteEntry, V4Net, lan_address, pick_default_route};
use std::net::{Ipv4Addr, Ipv6Addr};

const NLMSG_HDR: usize = 16;
const NLMSG_DONE: u16 = 3;
const NLMSG_ERROR: u16 = 2;
const RTM_NEWADDR: u16 = 20;
const RTM_GETADDR: u16 = 22;
const RTM_NEWROUTE: u16 = 24;
const RTM_GETROUTE: u16 = 26;
const RTA_OIF: u16 = 4;
const RTA_GATEWAY: u16 = 5;
const RTA_PRIORITY: u16 = 6;
const RTA_TABLE: u16 = 15;
const RTN_UNICAST: u8 = 1;
const IFA_ADDRESS: u16 = 1;
const IFA_LOCAL: u16 = 2;
const IFA_FLAGS: u16 = 8;
const IFA_F_PERMANENT: u32 = 0x80;
const IFA_F_TEMPORARY: u32 = 0x01;
const IFA_F_DADFAILED: u32 = 0x08;
const IFA_F_DEPRECATED: u32 = 0x20;
const IFA_F_TENTATIVE: u32 = 0x40;
const IFA_F_MANAGETEMPADDR: u32 = 0x100;

/// One IPv6 address of the dump, with the flags `ip -6 addr` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Addr6Entry {
    pub index: u32,
    pub addr: Ipv6Addr,
    pub prefix_len: u8,
    pub flags: u32,
}

impl Addr6Entry {
    pub fn temporary(&self) -> bool {
        self.flags & IFA_F_TEMPORARY != 0
    }
    pub fn deprecated(&self) -> bool {
        self.flags & IFA_F_DEPRECATED != 0
    }
    pub fn tentative(&self) -> bool {
        self.flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED) != 0
    }
    pub fn privacy_template(&self) -> bool {
        self.flags & IFA_F_MANAGETEMPADDR != 0
    }
    pub fn permanent(&self) -> bool {
        self.flags & IFA_F_PERMANENT != 0
    }
}

/// Every IPv6 address of interface `index`. None when the kernel cannot be asked.
pub fn ipv6_addrs(index: u32) -> Option<Vec<Addr6Entry>> {
    let all = dump(libc::AF_INET6 as u8, parse_newaddr6)?;
    Some(all.into_iter().filter(|e| e.index == index).collect())
}

/// One IPv4 address of the dump.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddrEntry {
    pub index: u32,
    pub addr: Ipv4Addr,
    pub prefix_len: u8,
    pub flags: u32,
}

impl AddrEntry {
    /// `dynamic` in `ip addr`: the address has a lifetime (a lease).
    pub fn is_dynamic(&self) -> bool {
        self.flags & IFA_F_PERMANENT == 0
    }
}

/// The IPv4 default route and the address facing its gateway: two small
/// dumps, no interface scan. None when there is no such route (or the
/// kernel cannot be asked): the caller reads the interfaces instead.
pub fn default_route_v4() -> Option<DefaultRoute> {
    let routes = dump_of(RTM_GETROUTE, libc::AF_INET as u8, parse_newroute)?;
    let (oif, gateway) = pick_default_route(&routes)?;
    let addrs = dump(libc::AF_INET as u8, parse_newaddr)?;
    let nets: Vec<V4Net> = addrs
        .iter()
        .filter(|a| a.index == oif)
        .map(|a| V4Net {
            addr: a.addr,
            prefix_len: a.prefix_len,
        })
        .collect();
    Some(DefaultRoute {
        index: oif,
        gateway,
        lan: lan_address(Some(gateway), &nets)?,
    })
}

/// Whether `addr` on interface `index` is dynamic. None when it can't be told.
pub fn ipv4_is_dynamic(index: u32, addr: Ipv4Addr) -> Option<bool> {
    let dump = dump(libc::AF_INET as u8, parse_newaddr)?;
    dump.iter()
        .find(|e| e.index == index && e.addr == addr)
        .map(AddrEntry::is_dynamic)
}

fn align4(n: usize) -> usize {
    (n + 3) & !3
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_ne_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Parses one buffer of netlink messages. Returns the entries and whether the
/// dump is finished (NLMSG_DONE or an error message seen).
pub fn parse_messages(buf: &[u8]) -> (Vec<AddrEntry>, bool) {
    parse_messages_with(buf, parse_newaddr)
}

/// The netlink message type each parser reads.
trait Message {
    const KIND: u16;
}
impl Message for AddrEntry {
    const KIND: u16 = RTM_NEWADDR;
}
impl Message for Addr6Entry {
    const KIND: u16 = RTM_NEWADDR;
}
impl Message for RouteEntry {
    const KIND: u16 = RTM_NEWROUTE;
}

fn parse_messages_with<T: Message>(buf: &[u8], parse: fn(&[u8]) -> Option<T>) -> (Vec<T>, bool) {
    let mut out = Vec::new();
    let mut at = 0;
    while at + NLMSG_HDR <= buf.len() {
        let Some(len) = u32_at(buf, at).map(|l| l as usize) else {
            break;
        };
        let Some(kind) = u16_at(buf, at + 4) else {
            break;
        };
        if len < NLMSG_HDR || at + len > buf.len() {
            return (out, true);
        }
        match kind {
            NLMSG_DONE | NLMSG_ERROR => return (out, true),
            k if k == T::KIND => {
                if let Some(e) = parse(&buf[at + NLMSG_HDR..at + len]) {
                    out.push(e);
                }
            }
            _ => {}
        }
        at += align4(len);
    }
    (out, false)
}

/// The head of `struct ifaddrmsg` when it is of `family`: prefix length,
/// flags (the 8-bit field; `IFA_FLAGS` may widen it) and interface index.
fn ifaddrmsg(msg: &[u8], family: i32) -> Option<(u8, u32, u32)> {
    if i32::from(*msg.first()?) != family {
        return None;
    }
    Some((*msg.get(1)?, u32::from(*msg.get(2)?), u32_at(msg, 4)?))
}

/// The `rtattr`s after the 8 bytes of `struct ifaddrmsg`, as (type, value),
/// up to the first one that does not fit.
fn rtattrs(msg: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    rtattrs_from(msg, 8)
}

/// The `rtattr`s from byte `at` (after the message's fixed head).
fn rtattrs_from(msg: &[u8], mut at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let len = usize::from(u16_at(msg, at)?);
        let kind = u16_at(msg, at + 2)?;
        if len < 4 || at + len > msg.len() {
            return None;
        }
        let value = &msg[at + 4..at + len];
        at += align4(len);
        Some((kind, value))
    })
}

/// `struct ifaddrmsg` (8 bytes) then `rtattr`s.
fn parse_newaddr(msg: &[u8]) -> Option<AddrEntry> {
    let (prefix_len, mut flags, index) = ifaddrmsg(msg, libc::AF_INET)?;
    let (mut local, mut address) = (None, None);
    for (kind, value) in rtattrs(msg) {
        let v4 = || <[u8; 4]>::try_from(value).ok().map(Ipv4Addr::from);
        match kind {
            IFA_LOCAL => local = v4(),
            IFA_ADDRESS => address = v4(),
            IFA_FLAGS => flags = u32_at(value, 0).unwrap_or(flags),
            _ => {}
        }
    }
    Some(AddrEntry {
        index,
        addr: local.or(address)?,
        prefix_len,
        flags,
    })
}

/// `struct rtmsg` (12 bytes) then `rtattr`s, for AF_INET.
fn parse_newroute(msg: &[u8]) -> Option<RouteEntry> {
    let family = *msg.first()?;
    if i32::from(family) != libc::AF_INET {
        return None;
    }
    let dst_len = *msg.get(1)?;
    let mut table = u32::from(*msg.get(4)?);
    let unicast = *msg.get(7)? == RTN_UNICAST;
    let (mut oif, mut gateway, mut metric) = (None, None, 0);
    for (kind, value) in rtattrs_from(msg, 12) {
        match kind {
            RTA_OIF => oif = u32_at(value, 0),
            RTA_GATEWAY => gateway = <[u8; 4]>::try_from(value).ok().map(Ipv4Addr::from),
            RTA_PRIORITY => metric = u32_at(value, 0).unwrap_or(0),
            RTA_TABLE => table = u32_at(value, 0).unwrap_or(table),
            _ => {}
        }
    }
    Some(RouteEntry {
        dst_len,
        table,
        unicast,
        oif,
        gateway,
        metric,
    })
}

/// `struct ifaddrmsg` (8 bytes) then `rtattr`s, for AF_INET6.
fn parse_newaddr6(msg: &[u8]) -> Option<Addr6Entry> {
    let (prefix_len, mut flags, index) = ifaddrmsg(msg, libc::AF_INET6)?;
    let mut address = None;
    for (kind, value) in rtattrs(msg) {
        match kind {
            IFA_ADDRESS | IFA_LOCAL if address.is_none() => {
                address = <[u8; 16]>::try_from(value).ok().map(Ipv6Addr::from);
            }
            IFA_FLAGS => flags = u32_at(value, 0).unwrap_or(flags),
            _ => {}
        }
    }
    Some(Addr6Entry {
        index,
        addr: address?,
        prefix_len,
        flags,
    })
}

fn dump<T: Message>(family: u8, parse: fn(&[u8]) -> Option<T>) -> Option<Vec<T>> {
    dump_of(RTM_GETADDR, family, parse)
}

fn dump_of<T: Message>(request: u16, family: u8, parse: fn(&[u8]) -> Option<T>) -> Option<Vec<T>> {
    // SAFETY: plain socket syscalls on a descriptor this function owns and
    // closes; buffers are local and their lengths passed exactly.
    unsafe {
        let fd = libc::socket(
            libc::AF_NETLINK,
            libc::SOCK_RAW | libc::SOCK_CLOEXEC,
            libc::NETLINK_ROUTE,
        );
        if fd < 0 {
            return None;
        }
        let result = dump_on(fd, request, family, parse);
        libc::close(fd);
        result
    }
}

unsafe fn dump_on<T: Message>(
    fd: i32,
    request: u16,
    family: u8,
    parse: fn(&[u8]) -> Option<T>,
) -> Option<Vec<T>> {
    // A deadline for the kernel's answer: never hang on a read.
    let tv = libc::timeval {
        tv_sec: 1,
        tv_usec: 0,
    };
    // SAFETY: fd is a valid socket; tv lives for the call.
    unsafe {
        libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_RCVTIMEO,
            (&tv as *const libc::timeval).cast(),
            std::mem::size_of::<libc::timeval>() as libc::socklen_t,
        );
    }
    // The family is the first byte of both `ifaddrmsg` (8 bytes) and
    // `rtmsg` (12 bytes).
    let mut req = [0u8; NLMSG_HDR + 12];
    let req_len = if request == RTM_GETROUTE {
        NLMSG_HDR + 12
    } else {
        NLMSG_HDR + 8
    };
    let req = &mut req[..req_len];
    let req_len = req_len as u32;
    req[0..4].copy_from_slice(&req_len.to_ne_bytes());
    req[4..6].copy_from_slice(&request.to_ne_bytes());
    let flags = (libc::NLM_F_REQUEST | libc::NLM_F_DUMP) as u16;
    req[6..8].copy_from_slice(&flags.to_ne_bytes());
    req[8..12].copy_from_slice(&1u32.to_ne_bytes());
    req[NLMSG_HDR] = family;
    // SAFETY: req is a valid buffer of req.len() bytes.
    let sent = unsafe { libc::send(fd, req.as_ptr().cast(), req.len(), 0) };
    if sent != req.len() as isize {
        return None;
    }
    let mut entries = Vec::new();
    let mut buf = vec![0u8; 32 * 1024];
    for _ in 0..256 {
        // SAFETY: buf is a valid writable buffer of buf.len() bytes.
        let n = unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), 0) };
        if n <= 0 {
            return None;
        }
        let (mut got, done) = parse_messages_with(&buf[..n as usize], parse);
        entries.append(&mut got);
        if done {
            return Some(entries);
        }
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(kind: u16, value: &[u8]) -> Vec<u8> {
        let mut a = Vec::new();
        a.extend_from_slice(&((4 + value.len()) as u16).to_ne_bytes());
        a.extend_from_slice(&kind.to_ne_bytes());
        a.extend_from_slice(value);
        while a.len() % 4 != 0 {
            a.push(0);
        }
        a
    }

    fn newaddr(index: u32, ip: [u8; 4], flags: Option<u32>) -> Vec<u8> {
        let mut body = vec![libc::AF_INET as u8, 24, 0, 0];
        body.extend_from_slice(&index.to_ne_bytes());
        body.extend(attr(IFA_ADDRESS, &ip));
        body.extend(attr(IFA_LOCAL, &ip));
        if let Some(f) = flags {
            body.extend(attr(IFA_FLAGS, &f.to_ne_bytes()));
        }
        newaddr_msg(body)
    }

    /// One RTM_NEWADDR netlink message around `body`.
    fn newaddr_msg(body: Vec<u8>) -> Vec<u8> {
        message(RTM_NEWADDR, body)
    }

    /// One netlink message of type `kind` around `body`.
    fn message(kind: u16, body: Vec<u8>) -> Vec<u8> {
        let mut m = Vec::new();
        m.extend_from_slice(&((NLMSG_HDR + body.len()) as u32).to_ne_bytes());
        m.extend_from_slice(&kind.to_ne_bytes());
        m.extend_from_slice(&[0; 10]);
        m.extend(body);
        m
    }

    #[test]
    fn parses_static_and_dynamic() {
        let mut buf = newaddr(2, [192, 168, 99, 123], Some(0));
        buf.extend(newaddr(3, [10, 0, 0, 5], Some(IFA_F_PERMANENT)));
        let (e, done) = parse_messages(&buf);
        assert!(!done);
        assert_eq!(e.len(), 2);
        assert!(e[0].is_dynamic());
        assert_eq!(e[0].addr, Ipv4Addr::new(192, 168, 99, 123));
        assert!(!e[1].is_dynamic());
        assert_eq!(e[1].index, 3);
    }

    #[test]
    fn parses_ipv6_flags() {
        let mut body = vec![libc::AF_INET6 as u8, 64, 0, 0];
        body.extend_from_slice(&2u32.to_ne_bytes());
        let ip: Ipv6Addr = "2111:222:99::123".parse().unwrap();
        body.extend(attr(IFA_ADDRESS, &ip.octets()));
        body.extend(attr(
            IFA_FLAGS,
            &(IFA_F_MANAGETEMPADDR | IFA_F_PERMANENT).to_ne_bytes(),
        ));
        let m = newaddr_msg(body);
        let (e, _) = parse_messages_with(&m, parse_newaddr6);
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].addr, e[0].prefix_len, e[0].index), (ip, 64, 2));
        assert!(e[0].privacy_template() && e[0].permanent() && !e[0].temporary());
        for cut in 0..m.len() {
            let _ = parse_messages_with(&m[..cut], parse_newaddr6);
        }
        // IPv4 messages are not IPv6 entries and vice versa.
        assert!(parse_messages_with(&m, parse_newaddr).0.is_empty());
    }

    #[test]
    fn attributes_until_one_does_not_fit() {
        let mut msg = vec![libc::AF_INET as u8, 24, 0, 0, 2, 0, 0, 0];
        msg.extend(attr(IFA_ADDRESS, &[10, 0, 0, 5]));
        msg.extend(attr(IFA_FLAGS, &7u32.to_ne_bytes()));
        let attrs: Vec<(u16, Vec<u8>)> = rtattrs(&msg).map(|(k, v)| (k, v.to_vec())).collect();
        assert_eq!(
            attrs,
            [
                (IFA_ADDRESS, vec![10, 0, 0, 5]),
                (IFA_FLAGS, 7u32.to_ne_bytes().to_vec())
            ]
        );
        // A third whose length runs past the end, and one shorter than its
        // own header: both end the list.
        for bad in [200u16, 3] {
            let mut m = msg.clone();
            m.extend_from_slice(&bad.to_ne_bytes());
            m.extend_from_slice(&IFA_LOCAL.to_ne_bytes());
            m.extend_from_slice(&[1, 2, 3, 4]);
            assert_eq!(rtattrs(&m).count(), 2, "length {bad}");
        }
        assert_eq!(rtattrs(&msg[..8]).count(), 0);
    }

    #[test]
    fn truncated_input_never_panics() {
        let buf = newaddr(2, [192, 168, 99, 123], Some(0));
        for cut in 0..buf.len() {
            let _ = parse_messages(&buf[..cut]);
        }
        let mut evil = buf.clone();
        evil[NLMSG_HDR + 8] = 0xff; // attribute length past the end
        let _ = parse_messages(&evil);
    }

    fn newroute(dst_len: u8, kind: u8, attrs: &[(u16, Vec<u8>)]) -> Vec<u8> {
        // family, dst_len, src_len, tos, table, protocol, scope, type, flags
        let mut body = vec![libc::AF_INET as u8, dst_len, 0, 0, 254, 3, 0, kind];
        body.extend_from_slice(&0u32.to_ne_bytes());
        for (k, v) in attrs {
            body.extend(attr(*k, v));
        }
        message(RTM_NEWROUTE, body)
    }

    #[test]
    fn parses_routes() {
        let mut buf = newroute(
            0,
            RTN_UNICAST,
            &[
                (RTA_TABLE, 254u32.to_ne_bytes().to_vec()),
                (RTA_PRIORITY, 100u32.to_ne_bytes().to_vec()),
                (RTA_GATEWAY, vec![192, 168, 99, 1]),
                (RTA_OIF, 2u32.to_ne_bytes().to_vec()),
            ],
        );
        buf.extend(newroute(
            24,
            RTN_UNICAST,
            &[(RTA_OIF, 2u32.to_ne_bytes().to_vec())],
        ));
        // An address message in a route dump is not a route.
        buf.extend(newaddr(2, [192, 168, 99, 123], None));
        let (routes, done) = parse_messages_with(&buf, parse_newroute);
        assert!(!done);
        assert_eq!(
            routes,
            vec![
                RouteEntry {
                    dst_len: 0,
                    table: 254,
                    unicast: true,
                    oif: Some(2),
                    gateway: Some(Ipv4Addr::new(192, 168, 99, 1)),
                    metric: 100,
                },
                RouteEntry {
                    dst_len: 24,
                    table: 254,
                    unicast: true,
                    oif: Some(2),
                    gateway: None,
                    metric: 0,
                },
            ]
        );
        assert_eq!(
            pick_default_route(&routes),
            Some((2, Ipv4Addr::new(192, 168, 99, 1)))
        );
        // The table attribute wins over the header's one-byte table.
        let policy = newroute(
            0,
            RTN_UNICAST,
            &[
                (RTA_TABLE, 51820u32.to_ne_bytes().to_vec()),
                (RTA_GATEWAY, vec![10, 0, 0, 1]),
                (RTA_OIF, 9u32.to_ne_bytes().to_vec()),
            ],
        );
        let (routes, _) = parse_messages_with(&policy, parse_newroute);
        assert_eq!(routes[0].table, 51820);
        assert_eq!(pick_default_route(&routes), None);
        for cut in 0..buf.len() {
            let _ = parse_messages_with(&buf[..cut], parse_newroute);
        }
        // The address parser keeps the prefix length.
        let (addrs, _) = parse_messages(&newaddr(2, [192, 168, 99, 123], None));
        assert_eq!(addrs[0].prefix_len, 24);
    }

    #[test]
    fn reads_this_hosts_default_route() {
        // A host that can reach an off-link address (TEST-NET-1) has a
        // default route; the kernel's own choice of source address for it
        // is the address found facing the gateway.
        let Some(out) = crate::sys::local_ip::outgoing_ipv4() else {
            return; // no IPv4 route at all: nothing to compare with
        };
        let route = default_route_v4().expect("a default route over rtnetlink");
        assert_eq!(route.lan.addr, out);
        assert!(route.lan.contains(route.gateway), "{route:?}");
    }

    #[test]
    fn reads_this_host() {
        // Loopback always has 127.0.0.1, a permanent address.
        let dump = dump(libc::AF_INET as u8, parse_newaddr).expect("rtnetlink dump");
        let lo = dump
            .iter()
            .find(|e| e.addr == Ipv4Addr::LOCALHOST)
            .expect("127.0.0.1 in dump");
        assert!(!lo.is_dynamic());
    }
}
