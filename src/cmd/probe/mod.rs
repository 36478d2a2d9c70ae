//! `netcheck probe`: the guide's `requests` client, step by step. DNS (for a
//! name), TCP connect, TLS (for https), HTTP GET, HTTP POST of a JSON body
//! with a random nonce — each timed and reported on its own — then a verdict
//! in plain words and hints on what to fix. Against `netcheck serve` the POST
//! echo is verified; against any other HTTP server the statuses are reported.

pub mod from;
pub mod listener;
pub mod target;
pub mod verdict;

use crate::check::listener::ListenerReport;
use crate::cli::{ProbeArgs, ProbeMethod};
use crate::cmd::Warning;
use crate::cmd::serve::wire::{self, EchoCheck};
use crate::config::Ctx;
use crate::error::AppError;
use crate::exit::Exit;
use crate::i18n::Tr;
use crate::net::addr::{classify, is_internet_routable};
use crate::output::{Style, pad};
use crate::sys::web::client::{self, Http1, Method, NetError, NetErrorKind, Outgoing, Stream, Tls};
use serde::Serialize;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;
use target::{Host, Scheme, Target};
use tokio::time::Instant;
use verdict::{Attempt, FailKind, HintFacts, HttpStep, Step, StepName, Verdict};

/// How much of an answer is read (a netcheck echo of a 64 KiB body fits).
const BODY_CAP: usize = 1024 * 1024;

/// The DNS step (names only).
#[derive(Debug, Clone, Serialize)]
pub struct DnsOut {
    #[serde(flatten)]
    pub step: Step,
    pub addresses: Vec<IpAddr>,
}

/// The POST step.
#[derive(Debug, Clone, Serialize)]
pub struct PostOut {
    #[serde(flatten)]
    pub http: HttpStep,
    /// `netcheck serve` echoed exactly the body (and nonce) sent.
    pub echo_verified: bool,
}

/// Who answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerKind {
    /// `netcheck serve`: the echo can be checked.
    Netcheck,
    /// Any other HTTP server: statuses only.
    Other,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProbeReport {
    /// TARGET as given.
    pub target: String,
    pub url: String,
    pub scheme: Scheme,
    pub host: String,
    pub port: u16,
    pub path: String,
    pub method: ProbeMethod,
    pub count: u32,
    /// Null for an IP address.
    pub dns: Option<DnsOut>,
    /// The address connected to (or last tried).
    pub address: Option<SocketAddr>,
    pub tcp: Step,
    /// Null for http://.
    pub tls: Option<Step>,
    /// Null when not asked (`--method post`).
    pub get: Option<HttpStep>,
    /// Null when not asked (`--method get`).
    pub post: Option<PostOut>,
    pub server: Option<ServerKind>,
    pub verdict: Verdict,
    /// The step that decided the verdict; null when reachable.
    pub failed_step: Option<StepName>,
    pub hints: Vec<Warning>,
    /// Who listens on the port here, when the target is this machine.
    pub local_listener: Option<ListenerReport>,
    /// This host reaches that address through NAT (null when not asked).
    pub behind_nat: Option<bool>,
    pub elapsed_ms: f64,
}

pub fn run(ctx: &Ctx, args: &ProbeArgs) -> Result<Exit, AppError> {
    let tr = Tr(ctx.lang);
    let target = target::parse_target(&args.target, args.port, args.path.as_deref())
        .map_err(crate::cmd::bad_input(tr))?;
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
        return Err(AppError::bad_input(tr.probe_data_needs_post()));
    }
    let (body, nonce) = match &args.data {
        Some(d) => (d.clone().into_bytes(), None),
        None => {
            let nonce = format!("{:032x}", rand::random::<u128>());
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
    let report = finish(&args.target, &target, &plan, gathered, tr);
    let exit = if report.verdict == Verdict::Reachable {
        Exit::Ok
    } else {
        Exit::Problem
    };
    crate::output::emit(ctx, &report, |style| render(&report, style, tr));
    Ok(exit)
}

/// What to send.
#[derive(Debug, Clone)]
pub struct Plan {
    pub method: ProbeMethod,
    pub count: u32,
    pub body: Vec<u8>,
    /// The nonce inside `body`, when probe made the body.
    pub nonce: Option<String>,
}

/// One round's attempts.
#[derive(Debug, Clone, Default)]
pub struct Round {
    pub address: Option<SocketAddr>,
    pub tcp: Option<Attempt>,
    pub tls: Option<Attempt>,
    pub get: Option<Attempt>,
    pub post: Option<Attempt>,
    /// `Some(true)` when an answer came from `netcheck serve`.
    pub netcheck: Option<bool>,
    pub echo_verified: bool,
}

/// Everything learned, as data.
#[derive(Debug, Clone)]
pub struct Gathered {
    pub dns: Option<(Attempt, Vec<IpAddr>)>,
    pub rounds: Vec<Round>,
    pub listener: Option<ListenerReport>,
    /// The IP probed (after DNS).
    pub ip: Option<IpAddr>,
    pub behind_nat: Option<bool>,
    pub elapsed: Duration,
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

fn fail_kind(k: NetErrorKind) -> FailKind {
    match k {
        NetErrorKind::Refused => FailKind::Refused,
        NetErrorKind::Timeout => FailKind::Timeout,
        NetErrorKind::Reset => FailKind::Reset,
        NetErrorKind::NoRoute => FailKind::NoRoute,
        NetErrorKind::Tls => FailKind::Tls,
        NetErrorKind::NotHttp => FailKind::NotHttp,
        NetErrorKind::Closed => FailKind::Closed,
        NetErrorKind::Other => FailKind::Other,
    }
}

fn from_net(e: &NetError, took: Duration) -> Attempt {
    Attempt::Fail {
        kind: fail_kind(e.kind),
        detail: e.detail.clone(),
        status: None,
        ms: Some(ms(took)),
    }
}

/// Runs the probe: DNS once, then `count` rounds, then the local checks.
pub async fn gather(t: &Target, plan: &Plan, deadline: Instant) -> Gathered {
    let start = Instant::now();
    let (addrs, dns) = match &t.host {
        Host::Ip(ip) => (vec![SocketAddr::new(*ip, t.port)], None),
        Host::Name(name) => {
            let lookup = tokio::net::lookup_host((name.as_str(), t.port));
            match tokio::time::timeout_at(deadline, lookup).await {
                Err(_) => (
                    Vec::new(),
                    Some((
                        Attempt::fail(FailKind::Timeout, "no DNS answer before the deadline"),
                        Vec::new(),
                    )),
                ),
                Ok(Err(e)) => (
                    Vec::new(),
                    Some((
                        Attempt::fail(FailKind::Dns, crate::sys::io_words(&e)),
                        Vec::new(),
                    )),
                ),
                Ok(Ok(found)) => {
                    let mut addrs: Vec<SocketAddr> = Vec::new();
                    for a in found {
                        let a = SocketAddr::new(a.ip().to_canonical(), a.port());
                        if !addrs.contains(&a) {
                            addrs.push(a);
                        }
                    }
                    let ips: Vec<IpAddr> = addrs.iter().map(SocketAddr::ip).collect();
                    let attempt = if addrs.is_empty() {
                        Attempt::fail(FailKind::Dns, "the name has no address")
                    } else {
                        Attempt::Ok {
                            ms: ms(start.elapsed()),
                            status: None,
                            ttfb_ms: None,
                        }
                    };
                    (addrs, Some((attempt, ips)))
                }
            }
        }
    };
    // Who listens here, when the target is this machine: a local read, run
    // alongside the network steps.
    let listener_task = addrs
        .first()
        .map(SocketAddr::ip)
        .filter(|ip| crate::sys::listeners::is_local_address(*ip))
        .map(|ip| tokio::spawn(listener::check(ip, t.port, deadline)));
    let tls = match t.scheme {
        Scheme::Https => Some(Tls::new()),
        Scheme::Http => None,
    };
    let mut rounds = Vec::new();
    if !addrs.is_empty() {
        for i in 0..plan.count {
            if i > 0 && Instant::now() >= deadline {
                break;
            }
            rounds.push(round(t, &addrs, plan, tls.as_ref(), deadline).await);
        }
    }
    let ip = rounds
        .iter()
        .find_map(|r| r.address)
        .or(addrs.first().copied())
        .map(|a| a.ip());
    let listener = match listener_task {
        Some(task) => task.await.ok(),
        None => None,
    };
    let behind_nat = ip
        .filter(|ip| is_internet_routable(*ip))
        .and_then(crate::sys::listeners::outgoing_address)
        .map(|local| !is_internet_routable(local));
    Gathered {
        dns,
        rounds,
        listener,
        ip,
        behind_nat,
        elapsed: start.elapsed(),
    }
}

/// Opens TCP (+ TLS) and HTTP/1.1 to `addr`, recording the TLS step when
/// `tls_step` is given.
async fn open(
    t: &Target,
    tcp: tokio::net::TcpStream,
    tls: Option<&Result<Tls, String>>,
    deadline: Instant,
    tls_step: Option<&mut Option<Attempt>>,
) -> Result<Http1, NetError> {
    let stream = match tls {
        None => Stream::plain(tcp),
        Some(config) => {
            let started = Instant::now();
            let result = match config {
                Ok(config) => client::tls_handshake(tcp, config, &t.tls_name(), deadline).await,
                Err(e) => Err(NetError {
                    kind: NetErrorKind::Tls,
                    detail: format!("cannot set up TLS: {e}"),
                }),
            };
            if let Some(step) = tls_step {
                *step = Some(match &result {
                    Ok(_) => Attempt::Ok {
                        ms: ms(started.elapsed()),
                        status: None,
                        ttfb_ms: None,
                    },
                    Err(e) => from_net(e, started.elapsed()),
                });
            }
            result?
        }
    };
    client::handshake(stream).await
}

async fn round(
    t: &Target,
    addrs: &[SocketAddr],
    plan: &Plan,
    tls: Option<&Result<Tls, String>>,
    deadline: Instant,
) -> Round {
    let mut r = Round::default();
    let skip_rest = |r: &mut Round| {
        if plan.method.get() && r.get.is_none() {
            r.get = Some(Attempt::skipped());
        }
        if plan.method.post() && r.post.is_none() {
            r.post = Some(Attempt::skipped());
        }
    };
    // TCP: each address in turn until one connects.
    let started = Instant::now();
    let mut connected = None;
    let mut last_err = None;
    for addr in addrs {
        r.address = Some(*addr);
        match client::connect(*addr, deadline).await {
            Ok(s) => {
                connected = Some(s);
                break;
            }
            Err(e) => last_err = Some(e),
        }
    }
    let Some(tcp) = connected else {
        let e = last_err.unwrap_or(NetError {
            kind: NetErrorKind::Other,
            detail: "no address to connect to".into(),
        });
        r.tcp = Some(from_net(&e, started.elapsed()));
        if tls.is_some() {
            r.tls = Some(Attempt::skipped());
        }
        skip_rest(&mut r);
        return r;
    };
    r.tcp = Some(Attempt::Ok {
        ms: ms(started.elapsed()),
        status: None,
        ttfb_ms: None,
    });
    let addr = r.address.unwrap_or(addrs[0]);
    let mut conn = match open(t, tcp, tls, deadline, Some(&mut r.tls)).await {
        Ok(c) => Some(c),
        Err(e) => {
            if r.tls.as_ref().is_none_or(Attempt::is_ok) {
                // The HTTP handshake itself failed (rare): blame the first request.
                let a = from_net(&e, Duration::ZERO);
                if plan.method.get() {
                    r.get = Some(a);
                } else {
                    r.post = Some(a);
                }
            }
            skip_rest(&mut r);
            return r;
        }
    };
    let host = t.host_header();

    if plan.method.get() {
        let out = Outgoing {
            method: Method::Get,
            host: &host,
            path: &t.path,
            json: None,
        };
        let started = Instant::now();
        let c = conn.as_mut().expect("connection opened above");
        match c.send(&out, BODY_CAP, deadline).await {
            Ok(answer) => {
                r.netcheck = Some(wire::is_netcheck_answer(&answer.body));
                r.get = Some(http_attempt(&answer));
                if !(answer.keep_alive && c.is_open()) {
                    conn = None;
                }
            }
            Err(e) => {
                r.get = Some(from_net(&e, started.elapsed()));
                conn = None;
            }
        }
    }

    if plan.method.post() {
        let out = Outgoing {
            method: Method::Post,
            host: &host,
            path: &t.path,
            json: Some(&plan.body),
        };
        let started = Instant::now();
        let mut reused = conn.is_some();
        let result = loop {
            let c = match conn.take() {
                Some(c) => c,
                None => {
                    reused = false;
                    match client::connect(addr, deadline).await {
                        Ok(tcp) => match open(t, tcp, tls, deadline, None).await {
                            Ok(c) => c,
                            Err(e) => break Err(e),
                        },
                        Err(e) => break Err(e),
                    }
                }
            };
            let mut c = c;
            match c.send(&out, BODY_CAP, deadline).await {
                // The server closed the kept-alive connection first: once more on a new one.
                Err(e) if reused && e.kind == NetErrorKind::Closed => continue,
                other => break other,
            }
        };
        r.post = Some(match result {
            Ok(answer) => {
                let netcheck = wire::is_netcheck_answer(&answer.body);
                r.netcheck = Some(netcheck || r.netcheck == Some(true));
                let mut a = http_attempt(&answer);
                if a.is_ok() {
                    match wire::check_echo(&plan.body, plan.nonce.as_deref(), &answer.body) {
                        EchoCheck::Verified => r.echo_verified = true,
                        EchoCheck::NotNetcheck => {}
                        EchoCheck::Mismatch(why) => {
                            a = Attempt::Fail {
                                kind: FailKind::EchoMismatch,
                                detail: why,
                                status: Some(answer.status),
                                ms: Some(ms(answer.total)),
                            }
                        }
                    }
                }
                a
            }
            Err(e) => from_net(&e, started.elapsed()),
        });
    }
    r
}

fn http_attempt(a: &client::Answer) -> Attempt {
    if a.status >= 400 {
        Attempt::Fail {
            kind: FailKind::HttpStatus,
            detail: format!("HTTP {}", a.status),
            status: Some(a.status),
            ms: Some(ms(a.total)),
        }
    } else {
        Attempt::Ok {
            ms: ms(a.total),
            status: Some(a.status),
            ttfb_ms: Some(ms(a.ttfb)),
        }
    }
}

/// Pure: the report from what was gathered.
pub fn finish(raw: &str, t: &Target, plan: &Plan, g: Gathered, tr: Tr) -> ProbeReport {
    let collect = |f: fn(&Round) -> Option<&Attempt>| -> Vec<Attempt> {
        g.rounds.iter().filter_map(|r| f(r).cloned()).collect()
    };
    let dns = g.dns.as_ref().map(|(a, ips)| DnsOut {
        step: verdict::summarize(std::slice::from_ref(a)).step,
        addresses: ips.clone(),
    });
    let tcp = verdict::summarize(&collect(|r| r.tcp.as_ref())).step;
    let tls =
        (t.scheme == Scheme::Https).then(|| verdict::summarize(&collect(|r| r.tls.as_ref())).step);
    let get = plan
        .method
        .get()
        .then(|| verdict::summarize(&collect(|r| r.get.as_ref())));
    let post = plan.method.post().then(|| {
        let http = verdict::summarize(&collect(|r| r.post.as_ref()));
        let echo_verified =
            !g.rounds.is_empty() && g.rounds.iter().all(|r| r.echo_verified) && http.step.ok;
        PostOut {
            http,
            echo_verified,
        }
    });
    // A DNS failure means no round ran: the later steps were skipped.
    let no_rounds = g.rounds.is_empty() && dns.as_ref().is_some_and(|d| !d.step.ok);
    let mut steps: Vec<(StepName, &Step)> = Vec::new();
    if let Some(d) = &dns {
        steps.push((StepName::Dns, &d.step));
    }
    if !no_rounds {
        steps.push((StepName::Tcp, &tcp));
        if let Some(s) = &tls {
            steps.push((StepName::Tls, s));
        }
        if let Some(s) = &get {
            steps.push((StepName::Get, &s.step));
        }
        if let Some(s) = &post {
            steps.push((StepName::Post, &s.http.step));
        }
    }
    let (verdict, failed_step) = verdict::decide(&steps);
    let server = match g.rounds.iter().find_map(|r| r.netcheck) {
        Some(true) => Some(ServerKind::Netcheck),
        Some(false) => Some(ServerKind::Other),
        None => None,
    };
    let status = match failed_step {
        Some(StepName::Get) => get.as_ref().and_then(|s| s.status),
        Some(StepName::Post) => post.as_ref().and_then(|s| s.http.status),
        _ => None,
    };
    let round_ok = |r: &Round| {
        [&r.tcp, &r.tls, &r.get, &r.post]
            .iter()
            .all(|a| a.as_ref().is_none_or(Attempt::is_ok))
    };
    let good_rounds = g.rounds.iter().filter(|r| round_ok(r)).count();
    let facts = HintFacts {
        verdict,
        failed_step,
        port: t.port,
        ip: g.ip,
        address_kind: g.ip.map(classify),
        listener: g.listener.as_ref().map(|l| (l.state, l.addresses.clone())),
        behind_nat: g.behind_nat == Some(true),
        status,
        netcheck: server == Some(ServerKind::Netcheck),
        post_asked: plan.method.post(),
        intermittent: good_rounds > 0 && good_rounds < g.rounds.len(),
    };
    let hints = verdict::hints(&facts, tr);
    ProbeReport {
        target: raw.to_string(),
        url: t.url(),
        scheme: t.scheme,
        host: t.tls_name(),
        port: t.port,
        path: t.path.clone(),
        method: plan.method,
        count: plan.count,
        dns,
        address: g.rounds.iter().find_map(|r| r.address),
        tcp,
        tls,
        get,
        post,
        server,
        verdict,
        failed_step,
        hints,
        local_listener: g.listener,
        behind_nat: g.behind_nat,
        elapsed_ms: ms(g.elapsed),
    }
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
        } else if s.error_kind == Some(FailKind::Skipped) {
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
        (Some(e), Some(k)) => style.bad(&tr.probe_fail(k, e)),
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
    use crate::i18n::Lang;

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
