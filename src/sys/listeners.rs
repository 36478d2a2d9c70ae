//! The kernel's TCP socket tables, read without a shell: who listens on a
//! port, on which addresses, and which processes hold those sockets.
//!
//! Linux reads `/proc/net/tcp` and `/proc/net/tcp6` (parsed by a pure,
//! table-tested function); `is_local_address` and `outgoing_address` work
//! everywhere.

use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// TCP state LISTEN in the kernel's tables.
pub const TCP_LISTEN: u8 = 0x0A;

/// One row of `/proc/net/tcp{,6}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SocketRow {
    pub local: SocketAddr,
    pub state: u8,
    /// The socket's inode: `/proc/<pid>/fd/*` links to `socket:[inode]`.
    pub inode: u64,
}

/// Parses `/proc/net/tcp` or `/proc/net/tcp6`. Malformed rows are skipped.
/// Addresses are printed by the kernel as native-endian 32-bit words.
pub fn parse_proc_net_tcp(text: &str) -> Vec<SocketRow> {
    text.lines().skip(1).filter_map(parse_row).collect()
}

/// A read this much shorter than a page ends a kernel table: `seq_file`
/// otherwise fills a whole page (4 KiB or more) per read.
const SHORT_READ: usize = 2048;

/// The listening rows of a kernel table, read from `r`. Each read of these
/// files walks the kernel's socket hash, so as few reads as possible:
/// the kernel lists every listening socket before any other, so reading
/// stops at the first row in another state (a table swollen by thousands
/// of TIME_WAIT entries after a load test costs one page), and a short
/// read is taken as the end without asking once more.
pub fn read_listeners(mut r: impl std::io::Read) -> Vec<SocketRow> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut pending: Vec<u8> = Vec::new();
    let mut header = true;
    let mut out = Vec::new();
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        pending.extend_from_slice(&buf[..n]);
        while let Some(i) = pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = pending.drain(..=i).collect();
            if !take(&line, &mut header, &mut out) {
                return out;
            }
        }
        if n < SHORT_READ {
            break;
        }
    }
    if !pending.is_empty() {
        take(&pending, &mut header, &mut out);
    }
    out
}

/// Takes one line of a table; false once a row is not a listener.
fn take(line: &[u8], header: &mut bool, out: &mut Vec<SocketRow>) -> bool {
    if std::mem::replace(header, false) {
        return true;
    }
    match parse_row(&String::from_utf8_lossy(line)) {
        Some(row) if row.state == TCP_LISTEN => {
            out.push(row);
            true
        }
        Some(_) => false,
        None => true,
    }
}

fn parse_row(line: &str) -> Option<SocketRow> {
    let mut cols = line.split_whitespace();
    let _slot = cols.next()?;
    let local = parse_hex_addr(cols.next()?)?;
    let _remote = cols.next()?;
    let state = u8::from_str_radix(cols.next()?, 16).ok()?;
    // tx:rx queues, timer, retransmits, uid, timeout, then the inode.
    let inode = cols.nth(5).and_then(|i| i.parse().ok()).unwrap_or(0);
    Some(SocketRow {
        local,
        state,
        inode,
    })
}

fn parse_hex_addr(s: &str) -> Option<SocketAddr> {
    let (ip_hex, port_hex) = s.split_once(':')?;
    let port = u16::from_str_radix(port_hex, 16).ok()?;
    let word = |i: usize| -> Option<[u8; 4]> {
        let w = ip_hex.get(i * 8..i * 8 + 8)?;
        Some(u32::from_str_radix(w, 16).ok()?.to_ne_bytes())
    };
    let ip = match ip_hex.len() {
        8 => IpAddr::V4(Ipv4Addr::from(word(0)?)),
        32 => {
            let mut b = [0u8; 16];
            for i in 0..4 {
                b[i * 4..i * 4 + 4].copy_from_slice(&word(i)?);
            }
            IpAddr::V6(Ipv6Addr::from(b)).to_canonical()
        }
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

/// The addresses listening on `port`, from table rows.
pub fn listening_on(rows: &[SocketRow], port: u16) -> Vec<IpAddr> {
    let mut out: Vec<IpAddr> = rows
        .iter()
        .filter(|r| r.state == TCP_LISTEN && r.local.port() == port)
        .map(|r| r.local.ip())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The addresses a TCP server listens on for `port` (Linux: the kernel's
/// tables; elsewhere an empty list — unknown).
pub fn tcp_listening(port: u16) -> Vec<IpAddr> {
    #[cfg(target_os = "linux")]
    {
        let mut rows = Vec::new();
        for path in ["/proc/net/tcp", "/proc/net/tcp6"] {
            if let Ok(file) = std::fs::File::open(path) {
                rows.extend(read_listeners(file));
            }
        }
        listening_on(&rows, port)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = port;
        Vec::new()
    }
}

/// A process listening on the port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListenerProcess {
    pub pid: u32,
    pub name: String,
}

/// Linux: the processes whose open files include one of `inodes` (sockets).
/// Bounded: at most 4096 processes and 4096 descriptors each are looked at.
#[cfg(target_os = "linux")]
pub fn processes_holding(inodes: &[u64]) -> Vec<ListenerProcess> {
    let wanted: Vec<String> = inodes
        .iter()
        .filter(|i| **i != 0)
        .map(|i| format!("socket:[{i}]"))
        .collect();
    let mut out = Vec::new();
    if wanted.is_empty() {
        return out;
    }
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return out;
    };
    for entry in procs.flatten().take(4096) {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        let holds = fds
            .flatten()
            .take(4096)
            .filter_map(|fd| std::fs::read_link(fd.path()).ok())
            .any(|target| wanted.iter().any(|w| target.as_os_str() == w.as_str()));
        if holds {
            let name = std::fs::read_to_string(entry.path().join("comm"))
                .map(|c| c.trim().to_string())
                .unwrap_or_default();
            out.push(ListenerProcess { pid, name });
        }
    }
    out
}

/// Is `ip` one of this machine's addresses? Binding a UDP socket to it
/// succeeds only then; nothing is sent.
pub fn is_local_address(ip: IpAddr) -> bool {
    ip.is_loopback() || std::net::UdpSocket::bind(SocketAddr::new(ip, 0)).is_ok()
}

/// The local address the OS would use to reach `ip` (a UDP `connect` picks
/// the route; no packet is sent).
pub fn outgoing_address(ip: IpAddr) -> Option<IpAddr> {
    let any: IpAddr = match ip {
        IpAddr::V4(_) => Ipv4Addr::UNSPECIFIED.into(),
        IpAddr::V6(_) => Ipv6Addr::UNSPECIFIED.into(),
    };
    let s = std::net::UdpSocket::bind(SocketAddr::new(any, 0)).ok()?;
    s.connect(SocketAddr::new(ip, 9)).ok()?;
    Some(s.local_addr().ok()?.ip().to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Captured on a little-endian Linux host: a Flask-like server on
    // 127.0.0.1:5000, netcheck serve on 0.0.0.0:5002 and [::]:5002, sshd on
    // [::1]:22 only, an established connection to 5000.
    const TCP: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 100 0 0 10 0
   1: 00000000:138A 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1002 1 0000000000000000 100 0 0 10 0
   2: 7B63A8C0:1389 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1003 1 0000000000000000 100 0 0 10 0
   3: 0100007F:1388 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 1004 1 0000000000000000 20 4 30 10 -1
   4: garbage
";
    const TCP6: &str = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:138A 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2001 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2002 1 0000000000000000 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2003 1 0000000000000000 100 0 0 10 0
";

    #[test]
    fn inode_is_read() {
        let rows = parse_proc_net_tcp(TCP);
        assert_eq!(rows[0].inode, 1001);
        assert_eq!(rows[3].inode, 1004);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn finds_this_process_listening() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let rows = parse_proc_net_tcp(&std::fs::read_to_string("/proc/net/tcp").unwrap());
        let inodes: Vec<u64> = rows
            .iter()
            .filter(|r| r.local.port() == port)
            .map(|r| r.inode)
            .collect();
        let found = processes_holding(&inodes);
        assert!(
            found.iter().any(|p| p.pid == std::process::id()),
            "{found:?}"
        );
    }

    #[cfg(target_endian = "little")]
    #[test]
    fn parses_kernel_tables() {
        let mut rows = parse_proc_net_tcp(TCP);
        rows.extend(parse_proc_net_tcp(TCP6));
        assert_eq!(rows.len(), 7, "{rows:?}");
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let cases: &[(u16, &[&str])] = &[
            (5000, &["127.0.0.1"]),
            (5002, &["0.0.0.0", "::"]),
            (5001, &["192.168.99.123"]),
            (22, &["::1"]),
            (8080, &["127.0.0.1"]),
            (9999, &[]),
        ];
        for (port, want) in cases {
            let want: Vec<IpAddr> = want.iter().map(|s| ip(s)).collect();
            assert_eq!(listening_on(&rows, *port), want, "port {port}");
        }
    }

    #[cfg(target_endian = "little")]
    #[test]
    fn reading_stops_after_the_listeners() {
        let rows = read_listeners(TCP.as_bytes());
        // Three listeners, then the established row ends the read.
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert!(rows.iter().all(|r| r.state == TCP_LISTEN));
        let rows6 = read_listeners(TCP6.as_bytes());
        assert_eq!(rows6.len(), 3);
        // The same listeners as the full parse.
        let full = parse_proc_net_tcp(TCP);
        for port in [5000, 5001, 5002] {
            assert_eq!(listening_on(&rows, port), listening_on(&full, port));
        }
        // Page-sized reads go on; a row split across reads is joined; a
        // short read ends the table.
        let listen_row = "   0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0 100 0 0 10 0\n";
        let mut page = String::from("  sl  local_address\n");
        while page.len() < 4000 {
            page.push_str(listen_row);
        }
        let rows_in_page = page.lines().count() - 1;
        let (a, b) = page.split_at(4000);
        let chunks = vec![
            a.as_bytes().to_vec(),
            b.as_bytes().to_vec(),
            listen_row.as_bytes().to_vec(),
            listen_row.as_bytes().to_vec(),
        ];
        let rows = read_listeners(Chunks(chunks.clone()));
        // The second read (the page's tail) is short: the table ends there.
        assert_eq!(rows.len(), rows_in_page);
        let mut chunks = chunks;
        chunks[1] = format!("{b}{}", listen_row.repeat(20)).into_bytes();
        let rows = read_listeners(Chunks(chunks));
        assert_eq!(rows.len(), rows_in_page + 20 + 1);
    }

    /// A reader that returns one chunk per read, like the kernel's pages.
    struct Chunks(Vec<Vec<u8>>);

    impl std::io::Read for Chunks {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Ok(0);
            }
            let chunk = self.0.remove(0);
            buf[..chunk.len()].copy_from_slice(&chunk);
            Ok(chunk.len())
        }
    }

    #[test]
    fn hostile_tables_do_not_panic() {
        for text in [
            "",
            "header only",
            "h\n 0: :",
            "h\n 0: 0100007F:ZZZZ 0:0 0A",
            "h\n 0: 0100007F1388 0:0 0A",
            "h\n 0: 01007F:1388 0:0 0A",
            "h\n 0: 0100007F:1388 0:0 GG",
            "h\n 0: 0100007F:13880 0:0 0A",
            "h\n 0: é100007F:1388 0:0 0A",
        ] {
            let _ = parse_proc_net_tcp(text);
        }
        assert!(parse_proc_net_tcp("h\n 0: 0100007F:1388 0:0 GG").is_empty());
    }

    #[test]
    fn local_addresses() {
        assert!(is_local_address("127.0.0.1".parse().unwrap()));
        assert!(is_local_address("::1".parse().unwrap()));
        // TEST-NET-3: never assigned to a host.
        assert!(!is_local_address("203.0.113.77".parse().unwrap()));
    }
}
