//! `netcheck probe TARGET --from VANTAGE`: instead of connecting from here
//! (which, to this network's own public address, is a hairpin probe that
//! proves little), ask vantages outside the network to connect back to it
//! and report what each saw, and what they agree on.

use crate::check::outside::{self, OutsideReport};
use crate::config::Ctx;
use crate::error::AppError;
use crate::exit::Exit;
use crate::i18n::Tr;
use crate::net::reflect::Agreed;
use crate::output::Style;
use crate::proto::reflector::Transport;
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;
use tokio::time::Instant;

/// How long the local GET that gives the fingerprint may take.
const FINGERPRINT_BUDGET: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, Serialize)]
pub struct FromReport {
    /// TARGET as given.
    pub target: String,
    pub port: u16,
    pub path: String,
    pub transport: Transport,
    /// `reachable` (open, and this machine's server proven), `open` (TCP:
    /// unproven), or the agreed result (`open_other`, `refused`, `filtered`,
    /// `closed`, `disagree`, `unknown`).
    pub verdict: &'static str,
    pub outside: OutsideReport,
    pub elapsed_ms: f64,
}

/// Pure: the one-word verdict from the agreement.
pub fn verdict(o: &OutsideReport) -> &'static str {
    match o.result {
        Agreed::Open if o.proven => "reachable",
        Agreed::Open => "open",
        Agreed::OpenOther => "open_other",
        Agreed::Refused => "refused",
        Agreed::Filtered => "filtered",
        Agreed::Closed => "closed",
        Agreed::Disagree => "disagree",
        Agreed::Unknown | Agreed::NotAsked => "unknown",
    }
}

pub fn run(
    ctx: &Ctx,
    raw: &str,
    ip: Option<IpAddr>,
    port: u16,
    path: &str,
    from: &[String],
    udp: bool,
) -> Result<Exit, AppError> {
    let tr = Tr(ctx.lang);
    let vantages = crate::net::vantages::parse_all(from).map_err(crate::cmd::bad_input)?;
    let transport = if udp { Transport::Udp } else { Transport::Http };
    let start = Instant::now();
    let deadline = ctx.deadline();
    let report = crate::cmd::run_network(ctx, tr.outside_heading().to_string(), async {
        let fingerprint = if transport == Transport::Http {
            let local = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port);
            let fp_deadline = (Instant::now() + FINGERPRINT_BUDGET).min(deadline);
            outside::local_fingerprint(local, path, fp_deadline).await
        } else {
            None
        };
        let ask = outside::Ask {
            transport,
            port,
            path: path.to_string(),
            fingerprint,
            nonce: crate::proto::reflector::new_nonce(),
            // An IPv6 target is tested as this host's own address (no NAT):
            // ask from it, or the vantage tests whichever address the OS
            // picked (often a temporary one).
            source: ip.filter(IpAddr::is_ipv6),
        };
        let answers = outside::ask_all(&vantages, &ask, deadline).await;
        outside::report(transport, port, answers, ip)
    })?;
    let r = FromReport {
        target: raw.to_string(),
        port,
        path: path.to_string(),
        transport,
        verdict: verdict(&report),
        outside: report,
        elapsed_ms: (start.elapsed().as_secs_f64() * 1e4).round() / 10.0,
    };
    let exit = if r.outside.result == Agreed::Open {
        Exit::Ok
    } else {
        Exit::Problem
    };
    crate::output::emit(ctx, &r, |style| render(&r, style, tr));
    Ok(exit)
}

/// Pure: the report for people.
pub fn render(r: &FromReport, style: Style, tr: Tr) -> String {
    let mut out = format!(
        "{} — {} {}\n\n",
        style.bold(tr.outside_heading()),
        r.transport.code().to_uppercase(),
        r.port
    );
    for v in &r.outside.vantages {
        out.push_str(&format!("  {}\n", tr.outside_vantage(v)));
    }
    let text = tr.outside_summary(&r.outside);
    let painted = if r.outside.result == Agreed::Open {
        style.ok(&text)
    } else {
        style.bad(&text)
    };
    out.push_str(&format!(
        "\n{}: {painted}\n",
        style.bold(tr.probe_verdict_label())
    ));
    out
}
