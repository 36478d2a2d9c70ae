//! Which addresses `serve` (TCP and `--udp`) and `reflector` bind: the one
//! bind plan, and the rule for which failures stop the command.

use crate::sys::web::server::BindError;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// One socket to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub addr: SocketAddr,
    /// A failure stops the command; otherwise a missing family is skipped.
    pub required: bool,
    /// An IPv6 socket that leaves IPv4 to its own socket.
    pub v6_only: bool,
}

/// Pure: `--bind`, or all IPv4 plus (when available) all IPv6 addresses.
/// `--bind ::` means every address, as it does on Linux (one dual-stack socket).
pub fn plan(bind: Option<IpAddr>, port: u16) -> Vec<Step> {
    match bind {
        Some(ip) => vec![Step {
            addr: SocketAddr::new(ip, port),
            required: true,
            v6_only: false,
        }],
        None => vec![
            Step {
                addr: SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), port),
                required: true,
                v6_only: false,
            },
            Step {
                addr: SocketAddr::new(Ipv6Addr::UNSPECIFIED.into(), port),
                required: false,
                v6_only: true,
            },
        ],
    }
}

/// Opens each step of `plan(bind, port)` with `open`. An optional step whose
/// family is missing here (unsupported, or no such local address) is
/// skipped; any other failure, or any failure of a required step, is the
/// answer.
pub fn open_all<T>(
    bind: Option<IpAddr>,
    port: u16,
    mut open: impl FnMut(SocketAddr, bool) -> Result<T, BindError>,
) -> Result<Vec<(SocketAddr, T)>, BindError> {
    let mut out = Vec::new();
    for step in plan(bind, port) {
        match open(step.addr, step.v6_only) {
            Ok(s) => out.push((step.addr, s)),
            Err(BindError::Unsupported(_) | BindError::NotLocal(_)) if !step.required => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sa(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    #[test]
    fn plans() {
        let any4 = |p| Step {
            addr: SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), p),
            required: true,
            v6_only: false,
        };
        let any6 = |p| Step {
            addr: SocketAddr::new(Ipv6Addr::UNSPECIFIED.into(), p),
            required: false,
            v6_only: true,
        };
        let only = |a: &str| Step {
            addr: sa(a),
            required: true,
            v6_only: false,
        };
        let table: &[(Option<&str>, u16, Vec<Step>)] = &[
            (None, 8080, vec![any4(8080), any6(8080)]),
            (None, 0, vec![any4(0), any6(0)]),
            (Some("127.0.0.1"), 8080, vec![only("127.0.0.1:8080")]),
            (Some("0.0.0.0"), 80, vec![only("0.0.0.0:80")]),
            // `::` is one dual-stack socket, not IPv6-only.
            (Some("::"), 8080, vec![only("[::]:8080")]),
            (Some("::1"), 9, vec![only("[::1]:9")]),
        ];
        for (bind, port, want) in table {
            let bind = bind.map(|b| b.parse().unwrap());
            assert_eq!(&plan(bind, *port), want, "{bind:?} {port}");
        }
    }

    type Fail = Option<fn(SocketAddr) -> BindError>;
    type Bound = Result<Vec<SocketAddr>, String>;

    /// What `open_all` does when the IPv4 or IPv6 socket fails with `v4`/`v6`.
    fn with(bind: Option<&str>, v4: Fail, v6: Fail) -> Bound {
        let bind = bind.map(|b| b.parse().unwrap());
        open_all(bind, 7, |addr, _| {
            let fail = if addr.is_ipv4() { v4 } else { v6 };
            match fail {
                Some(f) => Err(f(addr)),
                None => Ok(()),
            }
        })
        .map(|v| v.into_iter().map(|(a, ())| a).collect())
        .map_err(|e| format!("{e:?}"))
    }

    #[test]
    fn which_failures_stop() {
        let both = Ok(vec![sa("0.0.0.0:7"), sa("[::]:7")]);
        let v4_only = Ok(vec![sa("0.0.0.0:7")]);
        let unsupported: Fail = Some(BindError::Unsupported);
        let not_local: Fail = Some(BindError::NotLocal);
        let in_use: Fail = Some(BindError::InUse);
        let denied: Fail = Some(BindError::Permission);
        let table: &[(Option<&str>, Fail, Fail, Bound)] = &[
            (None, None, None, both),
            // No IPv6 here: serve on IPv4 alone.
            (None, None, unsupported, v4_only.clone()),
            (None, None, not_local, v4_only),
            // The IPv6 port is taken: that is an answer, not a skip.
            (None, None, in_use, Err("InUse([::]:7)".into())),
            (None, None, denied, Err("Permission([::]:7)".into())),
            // IPv4 is required.
            (
                None,
                unsupported,
                None,
                Err("Unsupported(0.0.0.0:7)".into()),
            ),
            (None, in_use, None, Err("InUse(0.0.0.0:7)".into())),
            // `--bind` is required whatever its family.
            (
                Some("::1"),
                None,
                not_local,
                Err("NotLocal([::1]:7)".into()),
            ),
            (Some("::1"), None, None, Ok(vec![sa("[::1]:7")])),
        ];
        for (bind, v4, v6, want) in table {
            assert_eq!(&with(*bind, *v4, *v6), want, "{bind:?}");
        }
    }
}
