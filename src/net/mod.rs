//! Pure network facts and decisions: address classes, the host's interfaces
//! as data, public-IP sources and their consensus, the NAT verdict.

pub mod addr;
pub mod cause;
pub mod consensus;
pub mod echo_wire;
pub mod host;
pub mod ipv6_pick;
pub mod nat;
pub mod nat_type;
pub mod reflect;
pub mod sources;
pub mod stun_servers;
pub mod transport;
pub mod url;
pub mod vantages;

pub use transport::{Protocols, Transport};

use serde::Serialize;

/// An address family, as asked for with `-4` / `-6`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    Ipv4,
    Ipv6,
}

impl Family {
    pub fn of(ip: std::net::IpAddr) -> Family {
        if ip.is_ipv4() {
            Family::Ipv4
        } else {
            Family::Ipv6
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Family::Ipv4 => "IPv4",
            Family::Ipv6 => "IPv6",
        }
    }
}

/// `host`, `host:port`, `[v6]`, `[v6]:port`, or a bare IPv6 literal.
pub fn split_host_port(s: &str) -> Option<(&str, Option<&str>)> {
    if let Some(rest) = s.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        return match after {
            "" => Some((host, None)),
            _ => Some((host, Some(after.strip_prefix(':')?))),
        };
    }
    if s.matches(':').count() > 1 {
        return Some((s, None));
    }
    match s.split_once(':') {
        Some((h, p)) => Some((h, Some(p))),
        None => Some((s, None)),
    }
}

/// A list setting, flag > environment > defaults: the flag's values if any,
/// else the environment variable's value split on commas, else `defaults`.
/// Blank entries are dropped, and a flag or variable that names only blanks
/// is the error `empty`. Each entry is parsed (the first bad one is the
/// error) and repeats are folded, first one kept.
pub fn resolve_list<T: PartialEq>(
    flag: &[String],
    env: Option<&str>,
    defaults: &[&str],
    empty: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    let from_env: Vec<String>;
    let raw: &[String] = match env {
        Some(v) if flag.is_empty() => {
            from_env = v.split(',').map(str::to_string).collect();
            &from_env
        }
        _ => flag,
    };
    let given: Vec<&str> = raw
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if given.is_empty() && !raw.is_empty() {
        return Err(empty.into());
    }
    let list = if given.is_empty() {
        defaults.to_vec()
    } else {
        given
    };
    let mut out: Vec<T> = Vec::new();
    for s in list {
        let v = parse(s)?;
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(out)
}

/// The port written after a host: `default` when none is written, else a
/// number 1-65535; the error is the reason, for the caller to frame.
pub fn port_or(written: Option<&str>, default: u16) -> Result<u16, String> {
    match written {
        None => Ok(default),
        Some(p) => match p.parse::<u16>() {
            Ok(0) | Err(_) => Err(format!("'{p}' is not a port (1-65535)")),
            Ok(p) => Ok(p),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn list_settings_take_flag_then_environment_then_defaults() {
        let parse = |s: &str| Ok::<_, String>(s.to_string());
        let r = |flag: &[&str], env: Option<&str>| {
            resolve_list(&strings(flag), env, &["d1", "d2"], "empty", parse)
        };
        assert_eq!(r(&["f"], Some("e")), Ok(strings(&["f"])));
        assert_eq!(r(&[], Some("e1, e2,e1")), Ok(strings(&["e1", "e2"])));
        assert_eq!(r(&[], None), Ok(strings(&["d1", "d2"])));
        assert_eq!(r(&[" "], None), Err("empty".to_string()));
        assert_eq!(r(&[], Some("")), Err("empty".to_string()));
        assert_eq!(r(&[], Some(" , ")), Err("empty".to_string()));
        let bad = resolve_list(&strings(&["ok", "no"]), None, &[], "e", |s| {
            if s == "no" {
                Err(format!("bad {s}"))
            } else {
                Ok(())
            }
        });
        assert_eq!(bad, Err("bad no".to_string()));
    }

    #[test]
    fn ports_after_a_host() {
        assert_eq!(port_or(None, 80), Ok(80));
        assert_eq!(port_or(Some("8080"), 80), Ok(8080));
        assert!(port_or(Some("0"), 80).is_err());
        assert!(port_or(Some("65536"), 80).is_err());
        assert!(port_or(Some("x"), 80).is_err());
    }
}
