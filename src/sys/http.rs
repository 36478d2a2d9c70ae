//! The only module that depends on `reqwest`: small, bounded HTTP GETs over
//! one address family, with no proxy (a diagnosis must see the real path).

use crate::net::Family;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use tokio::time::Instant;

/// Why a fetch produced no usable body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpError {
    /// The server answered with a non-2xx status.
    Status(u16),
    /// The body passed the size cap.
    TooLarge(usize),
    /// The deadline passed first.
    Timeout,
    /// Could not connect (refused, unreachable, no address of that family …).
    Connect(String),
    /// TLS handshake / certificate problem.
    Tls(String),
    /// Too many redirects, or a redirect somewhere unsafe.
    Redirect(String),
    /// Anything else (bad response framing …).
    Other(String),
}

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HttpError::Status(s) => write!(f, "HTTP error {s}"),
            HttpError::TooLarge(cap) => write!(f, "body over {cap} bytes"),
            HttpError::Timeout => write!(f, "no answer before the deadline"),
            HttpError::Connect(e) => write!(f, "could not connect: {e}"),
            HttpError::Tls(e) => write!(f, "TLS error: {e}"),
            HttpError::Redirect(e) => write!(f, "redirect refused: {e}"),
            HttpError::Other(e) => write!(f, "{e}"),
        }
    }
}

/// A reqwest client pinned to one address family.
#[derive(Clone)]
pub struct HttpClient {
    inner: reqwest::Client,
}

const MAX_REDIRECTS: usize = 3;

impl HttpClient {
    pub fn new(family: Family) -> Result<HttpClient, String> {
        let local: IpAddr = match family {
            Family::Ipv4 => Ipv4Addr::UNSPECIFIED.into(),
            Family::Ipv6 => Ipv6Addr::UNSPECIFIED.into(),
        };
        let policy = reqwest::redirect::Policy::custom(|attempt| {
            match redirect_verdict(attempt.url(), attempt.previous()) {
                Ok(()) => attempt.follow(),
                Err(why) => attempt.error(why),
            }
        });
        // The same trust as probe's client: OS store + SSL_CERT_FILE / SSL_CERT_DIR.
        let tls = crate::sys::web::tls::client_config()?;
        let inner = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .no_proxy()
            .local_address(local)
            .redirect(policy)
            .user_agent(concat!("netcheck/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(HttpClient { inner })
    }

    /// GETs `url` and returns at most `cap` bytes of body, before `deadline`.
    pub async fn get_small(
        &self,
        url: &str,
        cap: usize,
        deadline: Instant,
    ) -> Result<Vec<u8>, HttpError> {
        let work = async {
            let mut resp = self.inner.get(url).send().await.map_err(classify)?;
            let status = resp.status();
            if !status.is_success() {
                return Err(HttpError::Status(status.as_u16()));
            }
            if resp.content_length().is_some_and(|n| n > cap as u64) {
                return Err(HttpError::TooLarge(cap));
            }
            let mut body = Vec::new();
            while let Some(chunk) = resp.chunk().await.map_err(classify)? {
                if body.len() + chunk.len() > cap {
                    return Err(HttpError::TooLarge(cap));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(body)
        };
        tokio::time::timeout_at(deadline, work)
            .await
            .unwrap_or(Err(HttpError::Timeout))
    }
}

/// How far inside the network a URL's host is. A redirect may lead to a
/// loopback or LAN host only from the same kind of host: an echo service on
/// the internet must not steer netcheck to the router's admin page or to a
/// service on this machine (loopback fakes in tests may still redirect to
/// loopback, a router's description to its own LAN).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// This machine: loopback, the unspecified address, `localhost`.
    Loopback,
    /// Not on the internet: private, CGNAT, link-local, ULA, multicast, reserved.
    Local,
    /// A public address, or a host name (what it resolves to is not known here).
    Internet,
}

fn reach(url: &reqwest::Url) -> Reach {
    use crate::net::addr::{AddressKind, classify};
    // The URL parser has already normalised IP hosts (0x7f.1 is 127.0.0.1);
    // IPv6 ones come bracketed.
    let Some(host) = url.host_str() else {
        return Reach::Local;
    };
    let literal = host.strip_prefix('[').and_then(|h| h.strip_suffix(']'));
    let Ok(ip) = literal.unwrap_or(host).parse::<IpAddr>() else {
        let name = host.trim_end_matches('.').to_ascii_lowercase();
        return if name == "localhost" || name.ends_with(".localhost") {
            Reach::Loopback
        } else {
            Reach::Internet
        };
    };
    match classify(ip) {
        AddressKind::Loopback | AddressKind::Unspecified => Reach::Loopback,
        AddressKind::Public | AddressKind::Global => Reach::Internet,
        _ => Reach::Local,
    }
}

/// Pure redirect policy: at most [`MAX_REDIRECTS`] hops, http(s) only, and
/// never into loopback or the LAN unless every earlier hop was of that same
/// kind. The error names the refused target.
fn redirect_verdict(next: &reqwest::Url, previous: &[reqwest::Url]) -> Result<(), String> {
    if previous.len() >= MAX_REDIRECTS {
        return Err("too many redirects".into());
    }
    if !matches!(next.scheme(), "http" | "https") {
        return Err(format!("redirect to another scheme: {next}"));
    }
    let to = reach(next);
    if to != Reach::Internet && previous.iter().any(|p| reach(p) != to) {
        let what = match to {
            Reach::Loopback => "this machine",
            _ => "a private address",
        };
        return Err(format!(
            "refused a redirect to {what}: {}",
            next.host_str().unwrap_or_default()
        ));
    }
    Ok(())
}

/// Turns reqwest's error into one a person can act on, walking the source
/// chain for the OS's own words ("Connection refused", "Network is unreachable").
fn classify(e: reqwest::Error) -> HttpError {
    let root = root_cause(&e);
    if e.is_timeout() {
        HttpError::Timeout
    } else if e.is_redirect() {
        HttpError::Redirect(root)
    } else if e.is_connect() {
        let lower = root.to_ascii_lowercase();
        if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
            HttpError::Tls(root)
        } else {
            HttpError::Connect(root)
        }
    } else {
        HttpError::Other(root)
    }
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur: &(dyn std::error::Error + 'static) = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    super::without_os_error(cur.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> reqwest::Url {
        reqwest::Url::parse(s).unwrap()
    }

    #[test]
    fn redirect_policy_table() {
        // (chain so far, next hop, followed?)
        let cases: &[(&[&str], &str, bool)] = &[
            (&["https://api.example/"], "https://other.example/ip", true),
            (&["https://api.example/"], "http://111.222.33.1/", true),
            (&["http://111.222.33.1/"], "http://192.168.1.1/admin", false),
            (&["http://111.222.33.1/"], "http://10.255.255.1/", false),
            (&["https://api.example/"], "http://172.16.0.1/", false),
            (&["https://api.example/"], "http://100.64.0.1/", false),
            (
                &["https://api.example/"],
                "http://169.254.169.254/latest",
                false,
            ),
            (&["https://api.example/"], "http://[fd00::1]/", false),
            (
                &["https://api.example/"],
                "http://[::ffff:192.168.1.1]/",
                false,
            ),
            (&["https://api.example/"], "http://127.0.0.1:8080/", false),
            (&["https://api.example/"], "http://localhost/", false),
            (&["https://api.example/"], "http://a.localhost./", false),
            (&["https://api.example/"], "http://0.0.0.0/", false),
            (&["https://api.example/"], "http://[::1]/", false),
            // Other spellings of loopback / private addresses are normalised by the URL parser.
            (&["https://api.example/"], "http://2130706433/", false),
            (&["https://api.example/"], "http://0x7f.1/", false),
            (&["https://api.example/"], "http://0300.0250.1.1/", false),
            // Loopback to loopback (test fakes) and LAN to LAN (a router's own pages) are fine.
            (
                &["http://127.0.0.1:1234/ip"],
                "http://127.0.0.1:1234/ip2",
                true,
            ),
            (&["http://127.0.0.1:1234/ip"], "http://localhost:99/", true),
            (
                &["http://192.168.99.1:5555/a"],
                "http://192.168.99.1:5555/b",
                true,
            ),
            // ... but not from loopback into the LAN, or from the LAN into loopback.
            (
                &["http://127.0.0.1:1234/ip"],
                "http://10.255.255.1/ip",
                false,
            ),
            (&["http://192.168.99.1:5555/"], "http://127.0.0.1/", false),
            // A public hop in between is not laundered away.
            (
                &["http://127.0.0.1/", "http://1.1.1.1/"],
                "http://127.0.0.1/",
                false,
            ),
            // Scheme and hop count.
            (&["http://127.0.0.1/"], "ftp://127.0.0.1/", false),
            (&["https://a.example/"], "file:///etc/passwd", false),
            (
                &[
                    "https://a.example/",
                    "https://a.example/",
                    "https://a.example/",
                ],
                "https://a.example/",
                false,
            ),
        ];
        for &(chain, next, followed) in cases {
            let prev: Vec<reqwest::Url> = chain.iter().map(|u| url(u)).collect();
            let got = redirect_verdict(&url(next), &prev);
            assert_eq!(got.is_ok(), followed, "{chain:?} -> {next}: {got:?}");
        }
        let err = redirect_verdict(
            &url("http://10.255.255.1/ip"),
            &[url("http://127.0.0.1:9/")],
        )
        .unwrap_err();
        assert!(
            err.contains("refused a redirect") && err.contains("10.255.255.1"),
            "{err}"
        );
    }
}
