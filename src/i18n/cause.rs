//! Why a network step failed ([`Cause`]), in words. English keeps the OS's
//! or library's own words ([`Failure::detail`]); Korean says each known cause
//! in its own sentence and shows the raw words only for an unknown one.

use crate::error::SetupError;
use crate::net::cause::Failure;

/// The sentences of this part of the catalogue; every language implements
/// them (`en.rs`, `ko.rs`).
pub trait CauseText {
    /// A failure in a few words. `category` ("연결 실패") leads an unknown
    /// cause's raw words in Korean; English gives the words as they are.
    fn failure(&self, f: &Failure, category: &str) -> String;
    /// An OS error on this machine: the cause, or "OS error (its words)".
    fn os_failure(&self, f: &Failure) -> String;
    /// A set-up failure of the process (runtime, signal handlers).
    fn setup_error(&self, e: &SetupError) -> String;
}

#[cfg(test)]
mod tests {

    use crate::i18n::lint::english_words;
    use crate::i18n::{Lang, Tr};
    use crate::net::Family;
    use crate::net::cause::{Cause, EchoPart, Failure};

    /// Every known cause, for tests.
    pub fn every_cause() -> Vec<Cause> {
        use Cause::*;
        let mut all = vec![
            Refused,
            TimedOut,
            Reset,
            Aborted,
            HostUnreachable,
            NetUnreachable,
            AddrNotAvailable,
            AddrInUse,
            PermissionDenied,
            TooManyOpenFiles,
            Closed,
            NameNotFound,
            NameLookupFailed,
            NoAddressOfFamily(Family::Ipv6),
            CertExpired,
            CertNotYetValid,
            CertUnknownIssuer,
            CertWrongName,
            CertRevoked,
            CertInvalid,
            TlsAlert("HandshakeFailure".into()),
            TlsIncompatible,
            NotTls,
            NotHttp(Some("SSH-2.0-OpenSSH_9.2".into())),
            NotHttp(None),
            TooManyRedirects,
            RedirectRefused {
                host: "127.0.0.1".into(),
                loopback: true,
            },
            RedirectRefused {
                host: "192.168.0.1".into(),
                loopback: false,
            },
            BadRedirect,
            StunMalformed,
            StunNoAddress,
            EchoDiffers(EchoPart::Sha256),
            EchoDiffers(EchoPart::Nonce),
        ];
        for code in [0, 300, 400, 401, 403, 420, 438, 500, 487, 699] {
            all.push(StunError(code));
        }
        all
    }

    #[test]
    fn every_known_cause_is_korean_and_english_keeps_the_words() {
        let ko = Tr(Lang::Ko);
        for c in every_cause() {
            let f = Failure::new(c.clone(), "Connection refused by the peer");
            let words = ko.failure(&f, "연결 실패");
            assert!(english_words(&words).is_empty(), "{c:?}: {words}");
            assert!(!words.contains("Connection"), "{c:?}: {words}");
            assert_eq!(Tr(Lang::En).failure(&f, "x"), f.detail);
        }
        // Unknown: a Korean category, then the OS's own words in parentheses.
        let f = Failure::unknown("something odd happened");
        assert_eq!(
            ko.failure(&f, "연결 실패"),
            "연결 실패 (something odd happened)"
        );
        // Control: the checker sees those raw words.
        assert!(!english_words(&ko.failure(&f, "연결 실패")).is_empty());
        assert!(
            ko.failure(&Failure::new(Cause::StunError(420), ""), "")
                .contains("420")
        );
    }
}
