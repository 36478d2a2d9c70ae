//! Why a NAT-PMP or PCP request to the router failed. The two protocols share
//! port 5351 and fail in the same ways; only their result codes and decode
//! errors differ, and those come in through [`RouterProtocol`].

use std::fmt;
use std::io;

/// What one protocol plugs into [`RouterError`].
pub trait RouterProtocol {
    /// Its name in messages: "NAT-PMP", "PCP".
    const NAME: &'static str;
    /// The version this client speaks.
    const VERSION: u8;
    /// The router's result codes.
    type Code: fmt::Debug + fmt::Display;
    /// Why a datagram is not a valid answer.
    type Decode: std::error::Error + 'static;
}

/// Why an exchange with the router failed.
#[derive(Debug)]
pub enum RouterError<P: RouterProtocol> {
    /// Nothing answered before the deadline.
    Timeout,
    /// ICMP port unreachable: nothing listens on the protocol's port.
    Refused,
    /// Other socket error (no route to the gateway, ...).
    Io(io::Error),
    /// The router answered with a non-zero result code.
    Result(P::Code),
    /// Only datagrams that are not a valid answer to our request arrived
    /// before the deadline; this is the last of them.
    Malformed(P::Decode),
    /// The router speaks an older version only (PCP: 0 means NAT-PMP only,
    /// fall back to [`super::natpmp`]). NAT-PMP, version 0 itself, never
    /// says this.
    UnsupportedVersion { version: u8 },
}

impl<P: RouterProtocol> fmt::Display for RouterError<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = P::NAME;
        match self {
            RouterError::Timeout => write!(f, "no {name} answer from the router in time"),
            RouterError::Refused => {
                write!(f, "nothing answers {name} on the router (port 5351 closed)")
            }
            RouterError::Io(e) => write!(f, "network error while asking the router: {e}"),
            RouterError::Result(code) => code.fmt(f),
            RouterError::Malformed(e) => write!(
                f,
                "the router answered on the {name} port, but not with a valid reply ({e})"
            ),
            RouterError::UnsupportedVersion { version: 0 } => {
                write!(f, "the router speaks NAT-PMP, not {name}")
            }
            RouterError::UnsupportedVersion { version } => write!(
                f,
                "the router speaks only {name} version {version}, not {}",
                P::VERSION
            ),
        }
    }
}

impl<P: RouterProtocol + fmt::Debug> std::error::Error for RouterError<P> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RouterError::Io(e) => Some(e),
            RouterError::Malformed(e) => Some(e),
            _ => None,
        }
    }
}

impl<P: RouterProtocol> From<io::Error> for RouterError<P> {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::ConnectionRefused {
            RouterError::Refused
        } else {
            RouterError::Io(e)
        }
    }
}
