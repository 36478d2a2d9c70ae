//! Adapters over the OS and third-party crates. Each crate is used in one
//! module here only; the rest of netcheck sees plain netcheck types.

pub mod addr6;
pub mod firewall;
pub mod http;
pub mod listeners;
pub mod local_ip;
pub mod locale;
pub mod log;
pub mod netdev_adapter;
#[cfg(target_os = "linux")]
pub mod netlink;
pub mod runtime;
pub mod signal;
pub mod soap6;
pub mod upnp;
pub mod web;

/// An OS error in a few words, without the "(os error N)" suffix.
pub fn io_words(e: &std::io::Error) -> String {
    without_os_error(e.to_string())
}

/// An OS error as a typed cause with its own words kept for English.
pub fn io_failure(e: &std::io::Error) -> crate::net::cause::Failure {
    crate::net::cause::Failure::new(io_cause(e), io_words(e))
}

/// Pure: the OS error's kind (and, where the standard library has no kind,
/// its number on Linux, BSD/macOS and Windows) as a [`Cause`].
pub fn io_cause(e: &std::io::Error) -> crate::net::cause::Cause {
    use crate::net::cause::{Cause, lookup_cause};
    use std::io::ErrorKind as K;
    match e.kind() {
        K::ConnectionRefused => Cause::Refused,
        K::TimedOut => Cause::TimedOut,
        K::ConnectionReset => Cause::Reset,
        K::ConnectionAborted | K::BrokenPipe => Cause::Aborted,
        K::HostUnreachable => Cause::HostUnreachable,
        K::NetworkUnreachable => Cause::NetUnreachable,
        K::AddrNotAvailable => Cause::AddrNotAvailable,
        K::AddrInUse => Cause::AddrInUse,
        K::PermissionDenied => Cause::PermissionDenied,
        K::UnexpectedEof => Cause::Closed,
        _ => match e.raw_os_error() {
            // EHOSTUNREACH: Linux, BSD/macOS, Windows.
            Some(113 | 65 | 10065) => Cause::HostUnreachable,
            // ENETUNREACH.
            Some(101 | 51 | 10051) => Cause::NetUnreachable,
            // WSAHOST_NOT_FOUND, WSANO_DATA; WSATRY_AGAIN.
            Some(11001 | 11004) => Cause::NameNotFound,
            Some(11002) => Cause::NameLookupFailed,
            // EMFILE, ENFILE (Linux, BSD/macOS), WSAEMFILE.
            Some(24 | 23 | 10024) => Cause::TooManyOpenFiles,
            // getaddrinfo's failures come as text only.
            _ => lookup_cause(&e.to_string()),
        },
    }
}

/// io::Error's Display adds " (os error 111)"; people don't need it.
pub fn without_os_error(text: String) -> String {
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn io_words_drop_the_os_error_number() {
        let e = std::io::Error::from_raw_os_error(111);
        let words = crate::sys::io_words(&e);
        assert!(!words.contains("os error") && !words.is_empty(), "{words}");
        assert_eq!(super::without_os_error("no route".into()), "no route");
    }

    #[test]
    fn io_errors_become_causes() {
        use crate::net::cause::Cause;
        use std::io::{Error, ErrorKind as K};
        let cases = [
            (Error::from(K::ConnectionRefused), Cause::Refused),
            (Error::from(K::TimedOut), Cause::TimedOut),
            (Error::from(K::ConnectionReset), Cause::Reset),
            (Error::from(K::BrokenPipe), Cause::Aborted),
            (Error::from(K::AddrInUse), Cause::AddrInUse),
            (Error::from(K::PermissionDenied), Cause::PermissionDenied),
            (Error::from(K::UnexpectedEof), Cause::Closed),
            (Error::from_raw_os_error(10065), Cause::HostUnreachable),
            (Error::from_raw_os_error(11001), Cause::NameNotFound),
            (Error::from_raw_os_error(24), Cause::TooManyOpenFiles),
            (
                Error::other("failed to lookup address information: Name or service not known"),
                Cause::NameNotFound,
            ),
            // Control: what is not known stays unknown.
            (Error::other("strange"), Cause::Unknown),
        ];
        for (e, want) in cases {
            assert_eq!(super::io_cause(&e), want, "{e}");
        }
    }
}
