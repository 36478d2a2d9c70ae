//! The probe's report: the steps summed over the rounds, the verdict, and
//! the facts its hints depend on. Pure; no sentences (the hints are worded
//! by `cmd::probe`).

use super::gather::{Gathered, Plan, Round, ms};
use super::target::{Scheme, Target};
use super::{Attempt, HintFacts, HttpStep, Step, StepName, Verdict, decide, summarize};
use crate::check::Warning;
use crate::check::listener::ListenerReport;
use crate::cli::ProbeMethod;
use crate::net::addr::classify;
use serde::Serialize;
use std::net::{IpAddr, SocketAddr};

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
    /// What the hints depend on; `cmd::probe` words them into `hints`.
    #[serde(skip)]
    pub hint_facts: HintFacts,
    pub hints: Vec<Warning>,
    /// Who listens on the port here, when the target is this machine.
    pub local_listener: Option<ListenerReport>,
    /// This host reaches that address through NAT (null when not asked).
    pub behind_nat: Option<bool>,
    pub elapsed_ms: f64,
}

/// Pure: the report from what was gathered. Its `hints` are left for the
/// command to word from `hint_facts`.
pub fn finish(raw: &str, t: &Target, plan: &Plan, g: Gathered) -> ProbeReport {
    let collect = |f: fn(&Round) -> Option<&Attempt>| -> Vec<Attempt> {
        g.rounds.iter().filter_map(|r| f(r).cloned()).collect()
    };
    let dns = g.dns.as_ref().map(|(a, ips)| DnsOut {
        step: summarize(std::slice::from_ref(a)).step,
        addresses: ips.clone(),
    });
    let tcp = summarize(&collect(|r| r.tcp.as_ref())).step;
    let tls = (t.scheme == Scheme::Https).then(|| summarize(&collect(|r| r.tls.as_ref())).step);
    let get = plan
        .method
        .get()
        .then(|| summarize(&collect(|r| r.get.as_ref())));
    let post = plan.method.post().then(|| {
        let http = summarize(&collect(|r| r.post.as_ref()));
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
    let (verdict, failed_step) = decide(&steps);
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
        hints: Vec::new(),
        hint_facts: facts,
        local_listener: g.listener,
        behind_nat: g.behind_nat,
        elapsed_ms: ms(g.elapsed),
    }
}
