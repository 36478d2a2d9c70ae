//! The protocol vocabulary every floor shares: one transport (`Transport`)
//! and a choice of them (`Protocols`). The wire enums (`proto::natpmp::Protocol`)
//! and the flag (`cli::ProtocolArg`) convert to these at their edges.

use serde::{Deserialize, Serialize};

/// TCP or UDP, as a router sees one mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    Tcp,
    Udp,
}

impl Transport {
    /// As routers' forms print it.
    pub fn label(self) -> &'static str {
        match self {
            Transport::Tcp => "TCP",
            Transport::Udp => "UDP",
        }
    }
}

/// What one rule or request covers: TCP, UDP or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Protocols {
    Tcp,
    Udp,
    Both,
}

impl Protocols {
    /// As routers' forms print it.
    pub fn label(self) -> &'static str {
        match self {
            Protocols::Tcp => "TCP",
            Protocols::Udp => "UDP",
            Protocols::Both => "TCP+UDP",
        }
    }

    /// The transports to map, TCP first.
    pub fn transports(self) -> &'static [Transport] {
        match self {
            Protocols::Tcp => &[Transport::Tcp],
            Protocols::Udp => &[Transport::Udp],
            Protocols::Both => &[Transport::Tcp, Transport::Udp],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_json_and_transports() {
        for (p, label, json, n) in [
            (Protocols::Tcp, "TCP", "\"tcp\"", 1),
            (Protocols::Udp, "UDP", "\"udp\"", 1),
            (Protocols::Both, "TCP+UDP", "\"both\"", 2),
        ] {
            assert_eq!(p.label(), label);
            assert_eq!(serde_json::to_string(&p).unwrap(), json);
            assert_eq!(p.transports().len(), n);
        }
        assert_eq!(Protocols::Both.transports()[0], Transport::Tcp);
        assert_eq!(serde_json::to_string(&Transport::Udp).unwrap(), "\"udp\"");
        assert_eq!(Transport::Udp.label(), "UDP");
    }
}
