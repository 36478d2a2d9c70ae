//! Why a network step failed, as a typed fact the catalogue can word in any
//! language. The adapters in `sys/` classify the OS's and libraries' errors
//! into a [`Cause`]; the OS's or library's own English words travel along in
//! [`Failure::detail`] for English output and `--json`, and another language
//! shows them only when the cause is [`Cause::Unknown`].

use super::Family;

/// What went wrong, in terms a network engineer would name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    // ---- sockets (io::ErrorKind) --------------------------------------
    /// Connection refused (TCP reset or ICMP port unreachable).
    Refused,
    /// No answer before the deadline.
    TimedOut,
    /// The peer reset an open connection.
    Reset,
    /// The connection was aborted or the pipe broke.
    Aborted,
    /// No route to the host (EHOSTUNREACH).
    HostUnreachable,
    /// No route to the network (ENETUNREACH).
    NetUnreachable,
    /// The local address is not available (no such address on this machine).
    AddrNotAvailable,
    /// The local address and port are already in use.
    AddrInUse,
    /// The OS refused the operation (privileges, firewall).
    PermissionDenied,
    /// The process or the system has no file descriptor left (EMFILE, ENFILE).
    TooManyOpenFiles,
    /// The peer closed the connection before a complete answer.
    Closed,
    // ---- names ----------------------------------------------------------
    /// The name does not exist or has no address (NXDOMAIN, EAI_NONAME).
    NameNotFound,
    /// The lookup itself failed (no DNS server answered: EAI_AGAIN).
    NameLookupFailed,
    /// The host has no address of this family.
    NoAddressOfFamily(Family),
    // ---- TLS ------------------------------------------------------------
    CertExpired,
    CertNotYetValid,
    /// Signed by a certificate authority this machine does not trust
    /// (self-signed, a company's inspection proxy, a missing intermediate).
    CertUnknownIssuer,
    /// The certificate is for another host name.
    CertWrongName,
    CertRevoked,
    /// Any other certificate problem (bad signature, bad encoding, wrong purpose).
    CertInvalid,
    /// The server ended the handshake with a TLS alert (its name, e.g. `HandshakeFailure`).
    TlsAlert(String),
    /// No common TLS version or cipher suite.
    TlsIncompatible,
    /// The answer is not TLS: something else listens on the port.
    NotTls,
    /// This machine's TLS set-up failed (trust store, `SSL_CERT_FILE` …).
    TlsSetup,
    // ---- HTTP -----------------------------------------------------------
    /// Something answered, but not in HTTP; what it sent, when known.
    NotHttp(Option<String>),
    TooManyRedirects,
    /// A redirect into this machine (`loopback`) or a private network, refused.
    RedirectRefused {
        host: String,
        loopback: bool,
    },
    /// A redirect whose target is not a usable URL.
    BadRedirect,
    // ---- STUN (RFC 5389 / RFC 8489) -------------------------------------
    /// A Binding error response with this ERROR-CODE (0: none given).
    StunError(u16),
    /// The reply is not a valid STUN answer to our request.
    StunMalformed,
    /// A success response without a mapped address.
    StunNoAddress,
    // ---- netcheck serve's echo -------------------------------------------
    /// `netcheck serve` echoed something other than what was sent.
    EchoDiffers(EchoPart),
    // ---- anything else ---------------------------------------------------
    /// Not classified: only the OS's or library's words in `detail` say what.
    Unknown,
}

/// Which part of `netcheck serve`'s echo differs from what was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EchoPart {
    /// `body_sha256`
    Sha256,
    /// `body_length`
    Length,
    /// `body`
    Body,
    /// `body.nonce`
    Nonce,
}

/// A failure: its cause, and the OS's or library's English words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub cause: Cause,
    pub detail: String,
}

impl Failure {
    pub fn new(cause: Cause, detail: impl Into<String>) -> Failure {
        Failure {
            cause,
            detail: detail.into(),
        }
    }
    pub fn unknown(detail: impl Into<String>) -> Failure {
        Failure::new(Cause::Unknown, detail)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail)
    }
}

/// Pure: a name lookup's error text (getaddrinfo's words, as the standard
/// library passes them on) to a cause. Known texts of glibc, musl, macOS and
/// Windows; anything else is [`Cause::Unknown`].
pub fn lookup_cause(text: &str) -> Cause {
    let t = text.to_ascii_lowercase();
    const NOT_FOUND: &[&str] = &[
        "name or service not known",
        "no address associated with hostname",
        "nodename nor servname provided",
        "no such host is known",
        "name does not resolve",
        "the name has no address",
        "no such host",
    ];
    const LOOKUP_FAILED: &[&str] = &[
        "temporary failure in name resolution",
        "try again",
        "this is usually a temporary error",
        "non-recoverable failure in name resolution",
        "server failure",
    ];
    if NOT_FOUND.iter().any(|s| t.contains(s)) {
        Cause::NameNotFound
    } else if LOOKUP_FAILED.iter().any(|s| t.contains(s)) {
        Cause::NameLookupFailed
    } else {
        Cause::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_texts_of_each_os() {
        for t in [
            "failed to lookup address information: Name or service not known",
            "failed to lookup address information: nodename nor servname provided, or not known",
            "No such host is known.",
            "failed to lookup address information: No address associated with hostname",
        ] {
            assert_eq!(lookup_cause(t), Cause::NameNotFound, "{t}");
        }
        assert_eq!(
            lookup_cause(
                "failed to lookup address information: Temporary failure in name resolution"
            ),
            Cause::NameLookupFailed
        );
        // Control: an unknown text stays unknown.
        assert_eq!(lookup_cause("something odd"), Cause::Unknown);
    }
}
