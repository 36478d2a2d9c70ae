//! The probe's vocabulary: how each step of a request went and the verdict
//! in one word. Pure: data in, data out, table-tested. The catalogue
//! (`i18n/probe.rs`) words it; `cmd/probe/verdict.rs` adds the hints.

pub mod gather;
pub mod report;
pub mod target;

pub use gather::{Gathered, Plan, Round, gather};
pub use report::{DnsOut, PostOut, ProbeReport, ServerKind, finish};

use crate::check::listener::ListenerState;
use crate::net::addr::AddressKind;
use crate::net::cause::{Cause, Failure};
use serde::Serialize;
use std::net::IpAddr;

/// Why a step failed, as a stable code for `--json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailKind {
    Dns,
    Refused,
    Timeout,
    Reset,
    NoRoute,
    Tls,
    NotHttp,
    Closed,
    /// The server answered with a status of 400 or more.
    HttpStatus,
    EchoMismatch,
    /// Not attempted: an earlier step failed or the time budget ran out.
    Skipped,
    Other,
}

impl FailKind {
    /// Every kind, in the order of the enum (a test keeps it complete).
    pub const ALL: [FailKind; 12] = [
        FailKind::Dns,
        FailKind::Refused,
        FailKind::Timeout,
        FailKind::Reset,
        FailKind::NoRoute,
        FailKind::Tls,
        FailKind::NotHttp,
        FailKind::Closed,
        FailKind::HttpStatus,
        FailKind::EchoMismatch,
        FailKind::Skipped,
        FailKind::Other,
    ];
}

/// One attempt of one step.
#[derive(Debug, Clone, PartialEq)]
pub enum Attempt {
    Ok {
        ms: f64,
        status: Option<u16>,
        ttfb_ms: Option<f64>,
    },
    Fail {
        kind: FailKind,
        /// Why, for the catalogue; `detail` holds the English words.
        cause: Cause,
        detail: String,
        /// Set for [`FailKind::HttpStatus`].
        status: Option<u16>,
        ms: Option<f64>,
    },
}

impl Attempt {
    pub fn fail(kind: FailKind, detail: impl Into<String>) -> Attempt {
        Attempt::failed(kind, Failure::unknown(detail))
    }
    pub fn failed(kind: FailKind, f: Failure) -> Attempt {
        Attempt::Fail {
            kind,
            cause: f.cause,
            detail: f.detail,
            status: None,
            ms: None,
        }
    }
    pub fn skipped() -> Attempt {
        Attempt::fail(FailKind::Skipped, "not attempted: an earlier step failed")
    }
    pub fn is_ok(&self) -> bool {
        matches!(self, Attempt::Ok { .. })
    }
}

/// A step over every round, as reported in `--json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Every attempt succeeded.
    pub ok: bool,
    /// Median time of the successful attempts.
    pub ms: Option<f64>,
    pub ms_min: Option<f64>,
    pub ms_max: Option<f64>,
    pub attempts: u32,
    pub failures: u32,
    /// The first failure, in English (stable for scripts).
    pub error: Option<String>,
    pub error_kind: Option<FailKind>,
    /// The first failure's cause, for the catalogue.
    #[serde(skip)]
    pub cause: Option<Cause>,
}

/// An HTTP step: a [`Step`] plus what the server said.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HttpStep {
    #[serde(flatten)]
    pub step: Step,
    /// The last status received.
    pub status: Option<u16>,
    /// Median time from sending the request to the response head.
    pub ttfb_ms: Option<f64>,
}

pub fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let m = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    Some((m * 1000.0).round() / 1000.0)
}

/// Pure: sums up the attempts of one step.
pub fn summarize(attempts: &[Attempt]) -> HttpStep {
    let mut times = Vec::new();
    let mut ttfbs = Vec::new();
    let mut status = None;
    let mut first_fail: Option<(FailKind, &str, &Cause)> = None;
    let mut failures = 0;
    for a in attempts {
        match a {
            Attempt::Ok {
                ms,
                status: s,
                ttfb_ms,
            } => {
                times.push(*ms);
                if let Some(t) = ttfb_ms {
                    ttfbs.push(*t);
                }
                status = s.or(status);
            }
            Attempt::Fail {
                kind,
                cause,
                detail,
                status: s,
                ..
            } => {
                failures += 1;
                status = s.or(status);
                // A real failure wins over "skipped".
                match first_fail {
                    None => first_fail = Some((*kind, detail, cause)),
                    Some((FailKind::Skipped, ..)) if *kind != FailKind::Skipped => {
                        first_fail = Some((*kind, detail, cause))
                    }
                    _ => {}
                }
            }
        }
    }
    HttpStep {
        step: Step {
            ok: failures == 0 && !attempts.is_empty(),
            ms_min: times.iter().copied().reduce(f64::min),
            ms_max: times.iter().copied().reduce(f64::max),
            ms: median(times),
            attempts: attempts.len() as u32,
            failures,
            error: first_fail.map(|(_, d, _)| d.to_string()),
            error_kind: first_fail.map(|(k, ..)| k),
            cause: first_fail.map(|(.., c)| c.clone()),
        },
        status,
        ttfb_ms: median(ttfbs),
    }
}

/// Where the exchange broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepName {
    Dns,
    Tcp,
    Tls,
    Get,
    Post,
}

/// The answer in plain words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every requested step succeeded.
    Reachable,
    /// The host name does not resolve.
    DnsError,
    /// The host answered, nothing listens on the port.
    Refused,
    /// No answer: filtered (no port forward, firewall, CGNAT, ISP block) or a silent server.
    TimedOut,
    /// The connection was reset or closed without an answer.
    Reset,
    /// No route to the host.
    NoRoute,
    TlsError,
    /// Something answered, but not HTTP.
    NotHttp,
    /// The server answered with an error status.
    HttpError,
    /// `netcheck serve` answered, but the echo differs from what was sent.
    EchoMismatch,
    /// Another error.
    Failed,
}

impl Verdict {
    pub fn code(self) -> &'static str {
        use Verdict::*;
        match self {
            Reachable => "reachable",
            DnsError => "dns_error",
            Refused => "refused",
            TimedOut => "timed_out",
            Reset => "reset",
            NoRoute => "no_route",
            TlsError => "tls_error",
            NotHttp => "not_http",
            HttpError => "http_error",
            EchoMismatch => "echo_mismatch",
            Failed => "failed",
        }
    }
}

pub fn verdict_for(step: StepName, kind: FailKind) -> Verdict {
    use FailKind as K;
    match (step, kind) {
        (_, K::Dns) => Verdict::DnsError,
        (_, K::Refused) => Verdict::Refused,
        (_, K::Timeout) => Verdict::TimedOut,
        (_, K::Reset | K::Closed) if step == StepName::Tls => Verdict::TlsError,
        (_, K::Reset | K::Closed) => Verdict::Reset,
        (_, K::NoRoute) => Verdict::NoRoute,
        (_, K::Tls) => Verdict::TlsError,
        (StepName::Tls, K::NotHttp) => Verdict::TlsError,
        (_, K::NotHttp) => Verdict::NotHttp,
        (_, K::HttpStatus) => Verdict::HttpError,
        (_, K::EchoMismatch) => Verdict::EchoMismatch,
        (_, K::Skipped | K::Other) => Verdict::Failed,
    }
}

/// Pure: the verdict and the step that decided it, from the steps in order
/// (DNS, TCP, TLS, GET, POST; absent ones left out).
pub fn decide(steps: &[(StepName, &Step)]) -> (Verdict, Option<StepName>) {
    for (name, step) in steps {
        if step.attempts == 0 {
            return (Verdict::TimedOut, Some(*name));
        }
        if let Some(kind) = step.error_kind.filter(|k| *k != FailKind::Skipped) {
            return (verdict_for(*name, kind), Some(*name));
        }
    }
    (Verdict::Reachable, None)
}

/// What the hints depend on besides the verdict.
#[derive(Debug, Clone)]
pub struct HintFacts {
    pub verdict: Verdict,
    pub failed_step: Option<StepName>,
    pub port: u16,
    /// The address probed (after DNS), when known.
    pub ip: Option<IpAddr>,
    pub address_kind: Option<AddressKind>,
    /// Who listens on the port here, when the target is this machine.
    pub listener: Option<(ListenerState, Vec<IpAddr>)>,
    /// This host reaches the internet through NAT (its own address is private).
    pub behind_nat: bool,
    pub status: Option<u16>,
    /// `netcheck serve` answered.
    pub netcheck: bool,
    pub post_asked: bool,
    /// Some rounds succeeded and others failed.
    pub intermittent: bool,
}

#[cfg(test)]
mod tests {

    #[test]
    fn all_kinds_are_listed_once_in_order() {
        for (i, k) in FailKind::ALL.into_iter().enumerate() {
            // Exhaustive: a new kind does not compile until it has a place here.
            let at = match k {
                FailKind::Dns => 0,
                FailKind::Refused => 1,
                FailKind::Timeout => 2,
                FailKind::Reset => 3,
                FailKind::NoRoute => 4,
                FailKind::Tls => 5,
                FailKind::NotHttp => 6,
                FailKind::Closed => 7,
                FailKind::HttpStatus => 8,
                FailKind::EchoMismatch => 9,
                FailKind::Skipped => 10,
                FailKind::Other => 11,
            };
            assert_eq!(at, i, "{k:?}");
        }
    }

    use super::*;

    fn ok(ms: f64) -> Attempt {
        Attempt::Ok {
            ms,
            status: None,
            ttfb_ms: None,
        }
    }
    fn http(ms: f64, status: u16) -> Attempt {
        Attempt::Ok {
            ms,
            status: Some(status),
            ttfb_ms: Some(ms / 2.0),
        }
    }
    fn fail(kind: FailKind) -> Attempt {
        Attempt::fail(kind, format!("{kind:?}"))
    }
    fn status_fail(status: u16) -> Attempt {
        Attempt::Fail {
            kind: FailKind::HttpStatus,
            cause: Cause::Unknown,
            detail: format!("HTTP {status}"),
            status: Some(status),
            ms: Some(1.0),
        }
    }

    #[test]
    fn summaries() {
        let s = summarize(&[ok(3.0), ok(1.0), ok(2.0)]).step;
        assert!(s.ok);
        assert_eq!(
            (s.ms, s.ms_min, s.ms_max),
            (Some(2.0), Some(1.0), Some(3.0))
        );
        assert_eq!((s.attempts, s.failures), (3, 0));
        let s = summarize(&[ok(1.0), ok(2.0)]).step;
        assert_eq!(s.ms, Some(1.5));
        let s = summarize(&[fail(FailKind::Skipped), fail(FailKind::Refused), ok(4.0)]).step;
        assert!(!s.ok);
        assert_eq!(s.error_kind, Some(FailKind::Refused));
        assert_eq!((s.ms, s.failures), (Some(4.0), 2));
        let s = summarize(&[]).step;
        assert!(!s.ok && s.ms.is_none());
        let s = summarize(&[http(2.0, 200), status_fail(503)]);
        assert_eq!(s.status, Some(503));
        assert_eq!(s.ttfb_ms, Some(1.0));
    }

    #[test]
    fn verdict_table() {
        use FailKind as K;
        use StepName::*;
        use Verdict as V;
        let good = summarize(&[ok(1.0)]).step;
        let bad = |k: K| summarize(&[fail(k)]).step;
        let skipped = summarize(&[Attempt::skipped()]).step;
        let none = summarize(&[]).step;
        // (steps …) → (verdict, failed step)
        type Case = (Vec<(StepName, Step)>, V, Option<StepName>);
        let cases: Vec<Case> = vec![
            (
                vec![
                    (Tcp, good.clone()),
                    (Get, good.clone()),
                    (Post, good.clone()),
                ],
                V::Reachable,
                None,
            ),
            (
                vec![(Dns, bad(K::Dns)), (Tcp, skipped.clone())],
                V::DnsError,
                Some(Dns),
            ),
            (
                vec![(Tcp, bad(K::Refused)), (Get, skipped.clone())],
                V::Refused,
                Some(Tcp),
            ),
            (vec![(Tcp, bad(K::Timeout))], V::TimedOut, Some(Tcp)),
            (vec![(Tcp, bad(K::Reset))], V::Reset, Some(Tcp)),
            (vec![(Tcp, bad(K::NoRoute))], V::NoRoute, Some(Tcp)),
            (vec![(Tcp, bad(K::Other))], V::Failed, Some(Tcp)),
            (
                vec![(Tcp, good.clone()), (Tls, bad(K::Tls))],
                V::TlsError,
                Some(Tls),
            ),
            (
                vec![(Tcp, good.clone()), (Tls, bad(K::Closed))],
                V::TlsError,
                Some(Tls),
            ),
            (
                vec![(Tcp, good.clone()), (Tls, bad(K::Timeout))],
                V::TimedOut,
                Some(Tls),
            ),
            (
                vec![(Tcp, good.clone()), (Get, bad(K::Timeout))],
                V::TimedOut,
                Some(Get),
            ),
            (
                vec![(Tcp, good.clone()), (Get, bad(K::NotHttp))],
                V::NotHttp,
                Some(Get),
            ),
            (
                vec![(Tcp, good.clone()), (Get, bad(K::Closed))],
                V::Reset,
                Some(Get),
            ),
            (
                vec![
                    (Tcp, good.clone()),
                    (Get, good.clone()),
                    (Post, bad(K::HttpStatus)),
                ],
                V::HttpError,
                Some(Post),
            ),
            (
                vec![
                    (Tcp, good.clone()),
                    (Get, bad(K::HttpStatus)),
                    (Post, good.clone()),
                ],
                V::HttpError,
                Some(Get),
            ),
            (
                vec![(Tcp, good.clone()), (Post, bad(K::EchoMismatch))],
                V::EchoMismatch,
                Some(Post),
            ),
            (vec![(Tcp, none)], V::TimedOut, Some(Tcp)),
        ];
        for (steps, want, step) in cases {
            let refs: Vec<(StepName, &Step)> = steps.iter().map(|(n, s)| (*n, s)).collect();
            assert_eq!(decide(&refs), (want, step), "{steps:?}");
        }
    }
}
