//! From step results to a verdict in plain words and the hints that go with
//! it. Pure: data in, data out, table-tested.

use super::listener::ListenerState;
use crate::cmd::Warning;
use crate::i18n::Tr;
use crate::net::addr::AddressKind;
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
        detail: String,
        /// Set for [`FailKind::HttpStatus`].
        status: Option<u16>,
        ms: Option<f64>,
    },
}

impl Attempt {
    pub fn fail(kind: FailKind, detail: impl Into<String>) -> Attempt {
        Attempt::Fail {
            kind,
            detail: detail.into(),
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

fn median(mut v: Vec<f64>) -> Option<f64> {
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
    let mut first_fail: Option<(FailKind, &str)> = None;
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
                detail,
                status: s,
                ..
            } => {
                failures += 1;
                status = s.or(status);
                // A real failure wins over "skipped".
                match first_fail {
                    None => first_fail = Some((*kind, detail)),
                    Some((FailKind::Skipped, _)) if *kind != FailKind::Skipped => {
                        first_fail = Some((*kind, detail))
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
            error: first_fail.map(|(_, d)| d.to_string()),
            error_kind: first_fail.map(|(k, _)| k),
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

fn verdict_for(step: StepName, kind: FailKind) -> Verdict {
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

/// Pure: the hints for people (codes stable for scripts).
pub fn hints(f: &HintFacts, tr: Tr) -> Vec<Warning> {
    let mut out = Vec::new();
    let port = f.port;
    // Who listens here (when the target is this machine) says more than the generic hint.
    let known_here = matches!(
        f.listener,
        Some((ListenerState::LoopbackOnly | ListenerState::Nothing, _))
    );
    match f.verdict {
        Verdict::Reachable => {}
        Verdict::Refused if known_here => {}
        Verdict::Refused => out.push(Warning::new("refused", tr.probe_hint_refused(port))),
        Verdict::TimedOut if f.failed_step == Some(StepName::Tcp) => {
            let cgnat = f.address_kind == Some(AddressKind::Cgnat);
            out.push(Warning::new(
                "filtered",
                tr.probe_hint_filtered(port, cgnat),
            ))
        }
        Verdict::TimedOut => out.push(Warning::new("no_answer", tr.probe_hint_no_answer(port))),
        Verdict::Reset => out.push(Warning::new("reset", tr.probe_hint_reset())),
        Verdict::NoRoute => out.push(Warning::new("no_route", tr.probe_hint_no_route())),
        Verdict::TlsError => out.push(Warning::new("tls", tr.probe_hint_tls())),
        Verdict::NotHttp => out.push(Warning::new("not_http", tr.probe_hint_not_http(port))),
        Verdict::HttpError => {
            let status = f.status.unwrap_or(0);
            let post_refused =
                f.failed_step == Some(StepName::Post) && matches!(status, 404 | 405 | 501);
            let text = if post_refused {
                tr.probe_hint_post_refused(status)
            } else {
                tr.probe_hint_http_status(status)
            };
            out.push(Warning::new("http_status", text));
        }
        Verdict::EchoMismatch => out.push(Warning::new("echo_mismatch", tr.probe_hint_echo())),
        Verdict::DnsError => out.push(Warning::new("dns", tr.probe_hint_dns())),
        Verdict::Failed => {}
    }
    if let Some((state, addrs)) = &f.listener {
        let list = addrs
            .iter()
            .map(IpAddr::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        match state {
            ListenerState::LoopbackOnly => out.push(Warning::new(
                "bound_to_loopback",
                tr.probe_hint_loopback_only(port, &list),
            )),
            ListenerState::Nothing if f.verdict != Verdict::Reachable => out.push(Warning::new(
                "nothing_listening",
                tr.probe_hint_nothing(port),
            )),
            ListenerState::OtherAddresses => out.push(Warning::new(
                "listening_elsewhere",
                tr.probe_hint_elsewhere(port, &list),
            )),
            ListenerState::Unknown => out.push(Warning::new(
                "listener_unknown",
                tr.probe_hint_listener_unknown(port),
            )),
            _ => {}
        }
    }
    let public_target = matches!(
        f.address_kind,
        Some(AddressKind::Public | AddressKind::Global)
    );
    if public_target && f.behind_nat {
        let ip = f.ip.map(|i| i.to_string()).unwrap_or_default();
        out.push(Warning::new("hairpin", tr.probe_hint_hairpin(&ip)));
    }
    if f.verdict == Verdict::Reachable {
        if matches!(
            f.address_kind,
            Some(AddressKind::Private | AddressKind::Ula | AddressKind::LinkLocal)
        ) {
            out.push(Warning::new("lan_only", tr.probe_hint_lan_only()));
        }
        if f.post_asked && !f.netcheck {
            out.push(Warning::new(
                "echo_not_checked",
                tr.probe_hint_not_netcheck(),
            ));
        }
    }
    if f.intermittent {
        out.push(Warning::new("intermittent", tr.probe_hint_intermittent()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

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

    fn facts(verdict: Verdict, step: Option<StepName>) -> HintFacts {
        HintFacts {
            verdict,
            failed_step: step,
            port: 5000,
            ip: Some("192.168.99.123".parse().unwrap()),
            address_kind: Some(AddressKind::Private),
            listener: None,
            behind_nat: true,
            status: None,
            netcheck: true,
            post_asked: true,
            intermittent: false,
        }
    }

    fn codes(f: &HintFacts) -> Vec<&'static str> {
        let en = hints(f, Tr(Lang::En));
        let ko = hints(f, Tr(Lang::Ko));
        assert_eq!(en.len(), ko.len());
        for (e, k) in en.iter().zip(&ko) {
            assert_eq!(e.code, k.code);
            assert!(
                !e.message.is_empty() && e.message != k.message,
                "{}",
                e.code
            );
        }
        en.iter().map(|w| w.code).collect()
    }

    #[test]
    fn hint_table() {
        use StepName::*;
        use Verdict as V;
        let public = |mut f: HintFacts| {
            f.ip = Some("111.222.33.123".parse().unwrap());
            f.address_kind = Some(AddressKind::Public);
            f
        };
        let with_listener = |mut f: HintFacts, state: ListenerState| {
            f.listener = Some((state, vec!["127.0.0.1".parse().unwrap()]));
            f
        };
        let cases: Vec<(HintFacts, Vec<&str>)> = vec![
            (facts(V::Reachable, None), vec!["lan_only"]),
            (public(facts(V::Reachable, None)), vec!["hairpin"]),
            (
                {
                    let mut f = public(facts(V::Reachable, None));
                    f.behind_nat = false;
                    f.netcheck = false;
                    f
                },
                vec!["echo_not_checked"],
            ),
            (facts(V::Refused, Some(Tcp)), vec!["refused"]),
            (
                with_listener(facts(V::Refused, Some(Tcp)), ListenerState::LoopbackOnly),
                vec!["bound_to_loopback"],
            ),
            (
                with_listener(facts(V::Refused, Some(Tcp)), ListenerState::Nothing),
                vec!["nothing_listening"],
            ),
            (
                with_listener(facts(V::Reachable, None), ListenerState::LoopbackOnly),
                vec!["bound_to_loopback", "lan_only"],
            ),
            (
                with_listener(facts(V::Refused, Some(Tcp)), ListenerState::OtherAddresses),
                vec!["refused", "listening_elsewhere"],
            ),
            (
                with_listener(facts(V::Refused, Some(Tcp)), ListenerState::Unknown),
                vec!["refused", "listener_unknown"],
            ),
            (
                public(facts(V::TimedOut, Some(Tcp))),
                vec!["filtered", "hairpin"],
            ),
            (facts(V::TimedOut, Some(Get)), vec!["no_answer"]),
            (facts(V::Reset, Some(Tcp)), vec!["reset"]),
            (facts(V::NoRoute, Some(Tcp)), vec!["no_route"]),
            (facts(V::TlsError, Some(Tls)), vec!["tls"]),
            (facts(V::NotHttp, Some(Get)), vec!["not_http"]),
            (
                {
                    let mut f = facts(V::HttpError, Some(Post));
                    f.status = Some(501);
                    f
                },
                vec!["http_status"],
            ),
            (facts(V::EchoMismatch, Some(Post)), vec!["echo_mismatch"]),
            (facts(V::DnsError, Some(Dns)), vec!["dns"]),
            (
                {
                    let mut f = facts(V::Reset, Some(Get));
                    f.intermittent = true;
                    f
                },
                vec!["reset", "intermittent"],
            ),
        ];
        for (f, want) in cases {
            assert_eq!(codes(&f), want, "{f:?}");
        }
        // The POST-specific wording for 405/501.
        let mut f = facts(V::HttpError, Some(Post));
        f.status = Some(405);
        let text = &hints(&f, Tr(Lang::En))[0].message;
        assert!(text.contains("POST"), "{text}");
    }
}
