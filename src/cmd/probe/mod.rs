//! `netcheck probe`: the guide's `requests` client, step by step. DNS (for a
//! name), TCP connect, TLS (for https), HTTP GET, HTTP POST of a JSON body
//! with a random nonce — each timed and reported on its own — then a verdict
//! in plain words and hints on what to fix. Against `netcheck serve` the POST
//! echo is verified; against any other HTTP server the statuses are reported.

pub mod from;
pub mod verdict;

pub use crate::check::probe::target;
pub use crate::check::probe::{
    DnsOut, Gathered, Plan, PostOut, ProbeReport, Round, ServerKind, gather,
};

use crate::check::probe::{self as check};
use crate::cli::ProbeArgs;
use crate::config::Ctx;
use crate::error::AppError;
use crate::exit::Exit;
use crate::i18n::Tr;
use crate::output::{Style, pad};
use std::net::{IpAddr, SocketAddr};
use target::{Host, Target};
use verdict::{FailKind, Step, Verdict};

/// The probe check's report ([`check::finish`]) with its hints worded.
pub fn finish(raw: &str, t: &Target, plan: &Plan, g: Gathered, tr: Tr) -> ProbeReport {
    let mut report = check::finish(raw, t, plan, g);
    report.hints = verdict::hints(&report.hint_facts, tr);
    report
}

pub fn run(ctx: &Ctx, args: &ProbeArgs) -> Result<Exit, AppError> {
    let tr = Tr(ctx.lang);
    let target = target::parse_target(&args.target, args.port, args.path.as_deref())
        .map_err(crate::cmd::bad_input)?;
    if !args.from.is_empty() {
        let ip = match &target.host {
            Host::Ip(ip) => Some(*ip),
            Host::Name(_) => None,
        };
        return from::run(
            ctx,
            &args.target,
            ip,
            target.port,
            &target.path,
            &args.from,
            args.udp,
        );
    }
    if args.data.is_some() && !args.method.post() {
        return Err(AppError::bad_input(|l| Tr(l).probe_data_needs_post()));
    }
    let (body, nonce) = match &args.data {
        Some(d) => (d.clone().into_bytes(), None),
        None => {
            let nonce = format!(
                "{:032x}",
                u128::from_ne_bytes(crate::proto::bytes::random())
            );
            let body = serde_json::json!({"probe": "netcheck", "nonce": nonce}).to_string();
            (body.into_bytes(), Some(nonce))
        }
    };
    let plan = Plan {
        method: args.method,
        count: args.count,
        body,
        nonce,
    };
    let gathered = crate::cmd::run_network(
        ctx,
        tr.probe_probing(&target.url()),
        gather(&target, &plan, ctx.deadline()),
    )?;
    // The hints are worded when rendered: English for --json, whatever --lang says.
    let report = check::finish(&args.target, &target, &plan, gathered);
    let exit = if report.verdict == Verdict::Reachable {
        Exit::Ok
    } else {
        Exit::Problem
    };
    crate::output::emit_worded(
        ctx,
        |tr| {
            let mut r = report.clone();
            r.hints = verdict::hints(&r.hint_facts, tr);
            r
        },
        render,
    );
    Ok(exit)
}

const COL: usize = 14;

fn fmt_ms(v: Option<f64>) -> String {
    match v {
        Some(m) if m < 10.0 => format!("{m:.2} ms"),
        Some(m) => format!("{m:.0} ms"),
        None => "-".into(),
    }
}

/// Pure: the report for people.
pub fn render(r: &ProbeReport, style: Style, tr: Tr) -> String {
    let mut out = format!("{} {}\n\n", style.bold(tr.probe_heading()), r.url);
    let mark = |s: &Step| {
        if s.ok {
            style.ok("✓")
        } else if s.error_kind == Some(FailKind::Skipped) || s.attempts == 0 {
            style.dim("·")
        } else {
            style.bad("✗")
        }
    };
    let spread = |s: &Step| match (s.attempts, s.ms_min, s.ms_max) {
        (n, Some(lo), Some(hi)) if n > 1 => {
            format!("  ({})", tr.probe_spread(n, s.failures, lo, hi))
        }
        _ => String::new(),
    };
    let error = |s: &Step| match (&s.error, s.error_kind) {
        (Some(_), Some(FailKind::Skipped)) => style.dim(tr.probe_skipped()),
        (Some(e), Some(k)) => style.bad(&tr.probe_fail(k, e, s.cause.as_ref())),
        // Never tried: an earlier step (DNS) failed.
        _ if s.attempts == 0 => style.dim(tr.probe_skipped()),
        _ => String::new(),
    };
    let mut line = |label: &str, text: String| {
        out.push_str(&format!("  {}{text}\n", style.bold(&pad(label, COL))));
    };
    if let Some(d) = &r.dns {
        let text = if d.step.ok {
            let ips = d
                .addresses
                .iter()
                .map(IpAddr::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            format!("{} {}  {ips}", mark(&d.step), fmt_ms(d.step.ms))
        } else {
            format!("{} {}", mark(&d.step), error(&d.step))
        };
        line("DNS", text);
    }
    let addr = r.address.map(|a| a.to_string()).unwrap_or_default();
    let tcp = if r.tcp.ok {
        format!(
            "{} {}  {addr}{}",
            mark(&r.tcp),
            fmt_ms(r.tcp.ms),
            spread(&r.tcp)
        )
    } else {
        format!("{} {addr}  {}", mark(&r.tcp), error(&r.tcp))
    };
    line(tr.probe_label_tcp(), tcp);
    if let Some(t) = &r.tls {
        let text = if t.ok {
            format!("{} {}{}", mark(t), fmt_ms(t.ms), spread(t))
        } else {
            format!("{} {}", mark(t), error(t))
        };
        line("TLS", text);
    }
    if let Some(g) = &r.get {
        let text = match (g.step.ok, g.status) {
            (true, Some(s)) => format!(
                "{} {}  {}{}",
                mark(&g.step),
                style.ok(&s.to_string()),
                tr.probe_times(g.ttfb_ms.map(|t| fmt_ms(Some(t))), &fmt_ms(g.step.ms)),
                spread(&g.step)
            ),
            _ => format!("{} {}", mark(&g.step), error(&g.step)),
        };
        line("HTTP GET", text);
    }
    if let Some(p) = &r.post {
        let echo = if p.echo_verified {
            style.ok(tr.probe_echo_verified())
        } else if r.server == Some(ServerKind::Netcheck) {
            String::new()
        } else {
            style.dim(tr.probe_echo_not_checked())
        };
        let text = match (p.http.step.ok, p.http.status) {
            (true, Some(s)) => format!(
                "{} {}  {} · {echo}{}",
                mark(&p.http.step),
                style.ok(&s.to_string()),
                fmt_ms(p.http.step.ms),
                spread(&p.http.step)
            ),
            _ => format!("{} {}", mark(&p.http.step), error(&p.http.step)),
        };
        line("HTTP POST", text);
    }
    out.push('\n');
    let verdict_text = tr.probe_verdict(r.verdict, r.port);
    let painted = if r.verdict == Verdict::Reachable {
        style.ok(&verdict_text)
    } else {
        style.bad(&verdict_text)
    };
    out.push_str(&format!(
        "{}: {painted}\n",
        style.bold(tr.probe_verdict_label())
    ));
    if let Some(l) = &r.local_listener {
        let list = if l.addresses.is_empty() {
            tr.none().to_string()
        } else {
            l.addresses
                .iter()
                .map(|a| SocketAddr::new(*a, r.port).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "{}: {list}\n",
            style.bold(&tr.probe_listening_here(r.port))
        ));
    }
    if !r.hints.is_empty() {
        out.push('\n');
        for h in &r.hints {
            out.push_str(&format!(
                "{}: {}\n",
                style.bold(tr.hint_prefix()),
                h.message
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::ProbeMethod;
    use crate::i18n::Lang;
    use crate::net::cause::Cause;
    use std::time::Duration;
    use verdict::{Attempt, StepName};

    fn ok(ms: f64, status: Option<u16>) -> Option<Attempt> {
        Some(Attempt::Ok {
            ms,
            status,
            ttfb_ms: status.map(|_| ms / 2.0),
        })
    }

    fn plan(method: ProbeMethod) -> Plan {
        Plan {
            method,
            count: 1,
            body: b"{}".to_vec(),
            nonce: None,
        }
    }

    fn gathered(rounds: Vec<Round>, ip: &str) -> Gathered {
        Gathered {
            dns: None,
            rounds,
            listener: None,
            ip: Some(ip.parse().unwrap()),
            behind_nat: Some(false),
            elapsed: Duration::from_millis(5),
        }
    }

    #[test]
    fn report_shapes() {
        let t = target::parse_target("192.168.99.123", None, None).unwrap();
        let round = Round {
            address: Some("192.168.99.123:5000".parse().unwrap()),
            tcp: ok(0.5, None),
            tls: None,
            get: ok(1.0, Some(200)),
            post: ok(1.5, Some(200)),
            netcheck: Some(true),
            echo_verified: true,
        };
        let r = finish(
            "192.168.99.123",
            &t,
            &plan(ProbeMethod::Both),
            gathered(vec![round.clone()], "192.168.99.123"),
            Tr(Lang::En),
        );
        assert_eq!(r.verdict, Verdict::Reachable);
        assert_eq!(r.server, Some(ServerKind::Netcheck));
        let v = serde_json::to_value(&r).unwrap();
        for key in ["target", "port", "tcp", "get", "post", "verdict", "hints"] {
            assert!(v.get(key).is_some(), "{key} in {v}");
        }
        for key in ["ok", "ms", "error"] {
            assert!(v["tcp"].get(key).is_some(), "tcp.{key} in {v}");
        }
        for key in ["ok", "status", "ms", "error"] {
            assert!(v["get"].get(key).is_some(), "get.{key} in {v}");
        }
        for key in ["ok", "status", "ms", "echo_verified", "error"] {
            assert!(v["post"].get(key).is_some(), "post.{key} in {v}");
        }
        assert_eq!(v["verdict"], "reachable");
        assert_eq!(v["post"]["echo_verified"], true);
        assert_eq!(v["dns"], Value::Null);

        // GET only: POST is null; a refused TCP skips the GET.
        let refused = Round {
            address: round.address,
            tcp: Some(Attempt::fail(FailKind::Refused, "Connection refused")),
            get: Some(Attempt::skipped()),
            ..Round::default()
        };
        let r = finish(
            "192.168.99.123",
            &t,
            &plan(ProbeMethod::Get),
            gathered(vec![refused], "192.168.99.123"),
            Tr(Lang::En),
        );
        assert_eq!(r.verdict, Verdict::Refused);
        assert_eq!(r.failed_step, Some(StepName::Tcp));
        assert!(r.post.is_none());
        let get = r.get.as_ref().unwrap();
        assert_eq!(get.step.error_kind, Some(FailKind::Skipped));
        for lang in [Lang::En, Lang::Ko] {
            let text = render(&r, Style { color: false }, Tr(lang));
            assert!(text.contains("192.168.99.123:5000"), "{text}");
        }
    }

    #[test]
    fn python_http_server_shape() {
        // GET 200, POST 501 from a server that is not netcheck serve.
        let t = target::parse_target("127.0.0.1:8000", None, None).unwrap();
        let round = Round {
            address: Some("127.0.0.1:8000".parse().unwrap()),
            tcp: ok(0.2, None),
            get: ok(1.0, Some(200)),
            post: Some(Attempt::Fail {
                kind: FailKind::HttpStatus,
                cause: Cause::Unknown,
                detail: "HTTP 501".into(),
                status: Some(501),
                ms: Some(1.0),
            }),
            netcheck: Some(false),
            ..Round::default()
        };
        let r = finish(
            "127.0.0.1:8000",
            &t,
            &plan(ProbeMethod::Both),
            gathered(vec![round], "127.0.0.1"),
            Tr(Lang::En),
        );
        assert_eq!(r.verdict, Verdict::HttpError);
        assert_eq!(r.failed_step, Some(StepName::Post));
        assert_eq!(r.server, Some(ServerKind::Other));
        let post = r.post.as_ref().unwrap();
        assert_eq!(post.http.status, Some(501));
        assert!(!post.echo_verified);
        assert_eq!(r.get.as_ref().unwrap().status, Some(200));
        assert!(r.hints.iter().any(|h| h.code == "http_status"));
    }

    #[test]
    fn dns_failure_skips_the_rest() {
        let t = target::parse_target("nowhere.invalid", None, None).unwrap();
        let g = Gathered {
            dns: Some((Attempt::fail(FailKind::Dns, "no such host"), Vec::new())),
            rounds: Vec::new(),
            listener: None,
            ip: None,
            behind_nat: None,
            elapsed: Duration::from_millis(3),
        };
        let r = finish(
            "nowhere.invalid",
            &t,
            &plan(ProbeMethod::Both),
            g,
            Tr(Lang::Ko),
        );
        assert_eq!(r.verdict, Verdict::DnsError);
        assert_eq!(r.failed_step, Some(StepName::Dns));
        let text = render(&r, Style { color: false }, Tr(Lang::Ko));
        assert!(text.contains("DNS"), "{text}");
    }

    use serde_json::Value;
}
