//! Small, bounded HTTP GETs over one address family, with no proxy (a
//! diagnosis must see the real path): public-IP echo sources and UPnP device
//! descriptions; and single SOAP POSTs to a UPnP device's control URL.

use crate::net::Family;
use crate::net::cause::{Cause, Failure};
use crate::net::url::{self, Host, HttpUrl};
use crate::sys::web::client::{self, NetError, NetErrorKind, Tls};
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
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
    Connect(Failure),
    /// TLS handshake / certificate problem.
    Tls(Failure),
    /// Too many redirects, or a redirect somewhere unsafe.
    Redirect(Failure),
    /// Anything else (bad response framing …).
    Other(Failure),
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

/// A bounded GET client pinned to one address family, on the same hyper +
/// rustls stack as `netcheck probe` ([`crate::sys::web::client`]): no proxy,
/// at most [`MAX_REDIRECTS`] redirects under [`redirect_verdict`], bodies
/// capped, every step under the caller's deadline. The TLS configuration
/// (the OS's trust store) is built only when an `https://` URL needs it.
#[derive(Clone)]
pub struct HttpClient {
    family: Family,
    tls: Arc<OnceLock<Result<Tls, String>>>,
}

const MAX_REDIRECTS: usize = 3;

impl HttpClient {
    pub fn new(family: Family) -> Result<HttpClient, String> {
        Ok(HttpClient {
            family,
            tls: Arc::default(),
        })
    }

    /// GETs `url` and returns at most `cap` bytes of body, before `deadline`.
    pub async fn get_small(
        &self,
        url: &str,
        cap: usize,
        deadline: Instant,
    ) -> Result<Vec<u8>, HttpError> {
        let mut current = url::parse(url).map_err(|e| HttpError::Other(Failure::unknown(e)))?;
        let mut previous: Vec<HttpUrl> = Vec::new();
        loop {
            let answer = tokio::time::timeout_at(deadline, self.get_once(&current, cap, deadline))
                .await
                .unwrap_or(Err(HttpError::Timeout))?;
            let redirect = matches!(answer.status, 301 | 302 | 303 | 307 | 308);
            if let (true, Some(location)) = (redirect, &answer.location) {
                let next = current.join(location).map_err(|e| {
                    HttpError::Redirect(Failure::new(
                        Cause::BadRedirect,
                        format!("bad redirect target: {e}"),
                    ))
                })?;
                previous.push(current);
                redirect_verdict(&next, &previous).map_err(HttpError::Redirect)?;
                current = next;
                continue;
            }
            if !(200..300).contains(&answer.status) {
                return Err(HttpError::Status(answer.status));
            }
            if answer.truncated {
                return Err(HttpError::TooLarge(cap));
            }
            return Ok(answer.body);
        }
    }

    /// One request on a fresh connection to the first address of the family that answers.
    async fn get_once(
        &self,
        url: &HttpUrl,
        cap: usize,
        deadline: Instant,
    ) -> Result<client::Answer, HttpError> {
        let mut http = self.open(url, deadline).await?;
        let authority = url.authority();
        let out = client::Outgoing {
            method: client::Method::Get,
            host: &authority,
            path: &url.target,
            json: None,
        };
        http.send_accepting(&out, "*/*", cap, deadline)
            .await
            .map_err(from_net)
    }

    /// One SOAP call (a POST of `body` with its `SOAPAction`) on a fresh
    /// connection, no redirects: the answer's status and at most `cap` bytes
    /// of its body, whatever the status (a UPnP fault comes with 500).
    pub async fn post_soap(
        &self,
        url: &HttpUrl,
        soap_action: &str,
        body: &str,
        cap: usize,
        deadline: Instant,
    ) -> Result<(u16, Vec<u8>), HttpError> {
        let work = async {
            let mut http = self.open(url, deadline).await?;
            let answer = http
                .send_soap(
                    &url.authority(),
                    &url.target,
                    soap_action,
                    body,
                    cap,
                    deadline,
                )
                .await
                .map_err(from_net)?;
            if answer.truncated {
                return Err(HttpError::TooLarge(cap));
            }
            Ok((answer.status, answer.body))
        };
        tokio::time::timeout_at(deadline, work)
            .await
            .unwrap_or(Err(HttpError::Timeout))
    }

    /// A fresh HTTP/1.1 connection (TLS for `https://`) to the first address
    /// of the family that answers.
    async fn open(&self, url: &HttpUrl, deadline: Instant) -> Result<client::Http1, HttpError> {
        let addrs = self.resolve(url).await?;
        let mut last = HttpError::Connect(Failure::new(Cause::NameNotFound, "no address"));
        let mut tcp = None;
        for addr in addrs {
            match client::connect(addr, deadline).await {
                Ok(s) => {
                    tcp = Some(s);
                    break;
                }
                Err(e) => last = from_net(e),
            }
        }
        let tcp = tcp.ok_or(last)?;
        let stream = if url.https {
            let tls = self
                .tls
                .get_or_init(Tls::new)
                .as_ref()
                .map_err(|e| HttpError::Tls(Failure::new(Cause::TlsSetup, e.clone())))?;
            client::tls_handshake(tcp, tls, &url.server_name(), deadline)
                .await
                .map_err(from_net)?
        } else {
            client::Stream::plain(tcp)
        };
        client::handshake(stream).await.map_err(from_net)
    }

    /// The host's addresses of this client's family, literal or looked up.
    async fn resolve(&self, url: &HttpUrl) -> Result<Vec<SocketAddr>, HttpError> {
        let wrong = || {
            HttpError::Connect(Failure::new(
                Cause::NoAddressOfFamily(self.family),
                format!("{} has no {} address", url.host_str(), self.family.label()),
            ))
        };
        let addrs: Vec<SocketAddr> = match &url.host {
            Host::Ip(ip) => vec![SocketAddr::new(*ip, url.port)],
            Host::Name(name) => tokio::net::lookup_host((name.as_str(), url.port))
                .await
                .map_err(|e| HttpError::Connect(crate::sys::io_failure(&e)))?
                .collect(),
        };
        let ours: Vec<SocketAddr> = addrs
            .into_iter()
            .filter(|a| Family::of(a.ip()) == self.family)
            .collect();
        if ours.is_empty() {
            return Err(wrong());
        }
        Ok(ours)
    }
}

fn from_net(e: NetError) -> HttpError {
    match e.kind {
        NetErrorKind::Timeout => HttpError::Timeout,
        NetErrorKind::Tls => HttpError::Tls(e.failure()),
        NetErrorKind::Refused | NetErrorKind::NoRoute | NetErrorKind::Reset => {
            HttpError::Connect(e.failure())
        }
        _ => HttpError::Other(e.failure()),
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

fn reach(url: &HttpUrl) -> Reach {
    use crate::net::addr::{AddressKind, classify};
    // The URL parser has already normalised IP hosts (0x7f.1 is 127.0.0.1).
    let ip = match &url.host {
        Host::Ip(ip) => *ip,
        Host::Name(host) => {
            let name = host.trim_end_matches('.');
            return if name == "localhost" || name.ends_with(".localhost") {
                Reach::Loopback
            } else {
                Reach::Internet
            };
        }
    };
    match classify(ip) {
        AddressKind::Loopback | AddressKind::Unspecified => Reach::Loopback,
        AddressKind::Public | AddressKind::Global => Reach::Internet,
        _ => Reach::Local,
    }
}

/// Pure redirect policy: at most [`MAX_REDIRECTS`] hops, and
/// never into loopback or the LAN unless every earlier hop was of that same
/// kind. The error names the refused target. (Other schemes never get here:
/// [`url::parse`] refuses them.)
fn redirect_verdict(next: &HttpUrl, previous: &[HttpUrl]) -> Result<(), Failure> {
    if previous.len() >= MAX_REDIRECTS {
        return Err(Failure::new(Cause::TooManyRedirects, "too many redirects"));
    }
    let to = reach(next);
    if to != Reach::Internet && previous.iter().any(|p| reach(p) != to) {
        let what = match to {
            Reach::Loopback => "this machine",
            _ => "a private address",
        };
        return Err(Failure::new(
            Cause::RedirectRefused {
                host: next.host_str(),
                loopback: to == Reach::Loopback,
            },
            format!("refused a redirect to {what}: {}", next.host_str()),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> HttpUrl {
        url::parse(s).unwrap()
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
            let prev: Vec<HttpUrl> = chain.iter().map(|u| url(u)).collect();
            // Other schemes do not even parse as a redirect target.
            let got =
                url::parse(next).and_then(|n| redirect_verdict(&n, &prev).map_err(|f| f.detail));
            assert_eq!(got.is_ok(), followed, "{chain:?} -> {next}: {got:?}");
        }
        let err = redirect_verdict(
            &url("http://10.255.255.1/ip"),
            &[url("http://127.0.0.1:9/")],
        )
        .unwrap_err()
        .detail;
        assert!(
            err.contains("refused a redirect") && err.contains("10.255.255.1"),
            "{err}"
        );
    }
}
