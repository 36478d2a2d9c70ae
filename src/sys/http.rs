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
            if attempt.previous().len() >= MAX_REDIRECTS {
                attempt.error("too many redirects")
            } else if !matches!(attempt.url().scheme(), "http" | "https") {
                attempt.error("redirect to another scheme")
            } else {
                attempt.follow()
            }
        });
        let inner = reqwest::Client::builder()
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
    let text = cur.to_string();
    // io::Error's Display adds " (os error 111)"; people don't need it.
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Checks that `s` is an absolute http(s) URL with a host.
pub fn check_url(s: &str) -> Result<(), String> {
    let url = reqwest::Url::parse(s).map_err(|e| e.to_string())?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("scheme '{}' is not http or https", url.scheme()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("no host".into());
    }
    Ok(())
}

/// An OS error in a few words, without the "(os error N)" suffix.
pub fn io_words(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
