//! From step results to a verdict in plain words and the hints that go with
//! it. Pure: data in, data out, table-tested.

use crate::check::listener::ListenerState;
pub use crate::check::probe::{
    Attempt, FailKind, HintFacts, HttpStep, Step, StepName, Verdict, decide, summarize,
};
use crate::cmd::Warning;
use crate::i18n::Tr;
use crate::net::addr::AddressKind;
use std::net::IpAddr;

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
