//! doctor's IPv6 row: which global address this host has (stable or only
//! temporary), and whether inbound IPv6 is open for the port — from the
//! router's answer about netcheck's recorded pinhole, or from the pinhole
//! `doctor --forward` opens. A global address alone is not enough: home
//! routers drop unsolicited inbound IPv6 until a pinhole lets it in.

use super::Check;
use crate::check::outside::OutsideReport;
use crate::check::pinhole::PinholeOut;
use crate::i18n::Tr;
use crate::net::ipv6_pick::{self, NoPick};
use crate::net::reflect::Agreed;
use crate::portmap::pinhole::{self, HoleAttempt, Host6, PinholeError, RouterView};
use crate::portmap::pinhole_state::{
    PinholeMethod, PinholeProto, RecordProblem, load_record, save_record,
};
use serde::Serialize;
use std::net::Ipv6Addr;
use tokio::time::Instant;

/// The `ipv6` object of `doctor --json`.
#[derive(Debug, Clone, Serialize)]
pub struct Ipv6Out {
    /// The stable global address a pinhole is for (`None`: none usable).
    pub address: Option<Ipv6Addr>,
    /// `stable`, `temporary_only`, or `none` (no global IPv6 address).
    pub kind: &'static str,
    /// `open` (the router confirms it), `opened` (just now, by --forward),
    /// `recorded` (PCP: recorded, the router cannot be asked), `none`,
    /// `firewall_off` (702: inbound passes anyway), `failed`, `not_applicable`.
    pub pinhole_state: &'static str,
    pub pinhole: Option<PinholeOut>,
    /// Inbound IPv6 to the port is open, as far as the router tells.
    pub inbound_open: bool,
    pub attempts: Vec<HoleAttempt>,
    /// What vantages outside saw when asked over IPv6 to connect back to
    /// `address` (same keys as doctor's top-level `outside`; `not_asked`
    /// without `--from` vantages or without a stable global address).
    pub outside: OutsideReport,
    /// What --forward opened (closed again when a signal came meanwhile).
    #[serde(skip)]
    pub opened: Vec<crate::portmap::pinhole_state::Entry>,
}

/// Look (or, with `forward`, open) and report. Changes nothing without `forward`.
pub async fn examine(
    host: Option<&Host6>,
    port: u16,
    lease: u32,
    forward: bool,
    deadline: Instant,
    warnings: &mut Vec<RecordProblem>,
) -> Ipv6Out {
    let mut out = Ipv6Out {
        address: None,
        kind: "none",
        pinhole_state: "not_applicable",
        pinhole: None,
        inbound_open: false,
        attempts: Vec::new(),
        outside: OutsideReport::not_asked(crate::proto::reflector::Transport::Http, port),
        opened: Vec::new(),
    };
    let Some(host) = host else {
        return out;
    };
    let address = match ipv6_pick::pick(&host.addrs, &[]) {
        Ok(p) => p.address,
        Err(NoPick::OnlyTemporary { .. }) => {
            out.kind = "temporary_only";
            return out;
        }
        Err(_) => return out,
    };
    out.address = Some(address);
    out.kind = "stable";
    if forward {
        let lease = lease.clamp(1, crate::proto::upnp6fc::MAX_LEASE);
        // UPnP first: its pinholes can be read back by a later doctor run
        // (PCP has no read-only query); PCP when UPnP cannot.
        let mut attempts = Vec::new();
        let mut opened = None;
        for method in [PinholeMethod::Upnp, PinholeMethod::Pcp] {
            let o = crate::check::pinhole::open(
                host,
                port,
                &[PinholeProto::Tcp],
                lease,
                Some(method),
                false,
                deadline,
            )
            .await;
            attempts.extend(o.attempts);
            if let Some(first) = o.entries.first() {
                opened = Some((Some(PinholeOut::of(first, "open")), o.entries));
                break;
            }
        }
        out.attempts = attempts;
        let (pinhole, entries) = opened.unwrap_or((None, Vec::new()));
        if let Some(p) = pinhole {
            out.pinhole_state = "opened";
            out.inbound_open = true;
            out.pinhole = Some(p);
            let mut rec = load_record(warnings);
            rec.entries
                .retain(|o| !entries.iter().any(|e| e.same_hole(o)));
            rec.entries.extend(entries.iter().cloned());
            save_record(&rec, warnings);
            out.opened = entries;
        } else if out
            .attempts
            .iter()
            .any(|a| a.cause == PinholeError::FirewallDisabled)
        {
            out.pinhole_state = "firewall_off";
            out.inbound_open = true;
        } else {
            out.pinhole_state = "failed";
        }
        return out;
    }
    // Read-only: netcheck's record for this address and port, as the router sees it.
    let rec = load_record(warnings);
    let Some(entry) = rec
        .entries
        .iter()
        .find(|e| e.address == address && e.port == port && e.protocol == PinholeProto::Tcp)
    else {
        out.pinhole_state = "none";
        return out;
    };
    let view = pinhole::look(entry, deadline).await;
    let (state, open) = match (view, entry.method) {
        (RouterView::Open, _) => ("open", true),
        (RouterView::NotAsked, PinholeMethod::Pcp) => ("recorded", false),
        (RouterView::Gone, _) => ("none", false),
        _ => ("recorded", false),
    };
    out.pinhole_state = state;
    out.inbound_open = open;
    out.pinhole = Some(PinholeOut::of(entry, if open { "open" } else { "unknown" }));
    out
}

/// After a signal: close what --forward opened, and forget it.
pub async fn undo(v: &mut Ipv6Out, deadline: Instant) {
    let mut ignored = Vec::new();
    let mut rec = load_record(&mut ignored);
    for e in v.opened.drain(..) {
        let _ = pinhole::close(&e, deadline).await;
        rec.entries.retain(|o| !o.same_hole(&e));
    }
    save_record(&rec, &mut ignored);
    v.pinhole = None;
    v.pinhole_state = "none";
    v.inbound_open = false;
}

/// The checklist row. It passes only when inbound IPv6 is open for the port.
pub fn check(tr: Tr, port: u16, v: &Ipv6Out, public_v6: Option<std::net::IpAddr>) -> Check {
    use super::Mark;
    let row = |mark, summary| Check {
        id: "ipv6",
        mark,
        summary,
    };
    let Some(addr) = v.address else {
        return match (v.kind, public_v6) {
            ("temporary_only", Some(ip)) => row(
                Mark::Warn,
                tr.doctor_ipv6_row(&ip.to_string(), false, tr.only_temporary_ipv6()),
            ),
            _ => row(Mark::Skip, tr.doctor_ipv6_none().into()),
        };
    };
    let method = v
        .pinhole
        .as_ref()
        .map(|p| p.method.label())
        .unwrap_or_default();
    let (mark, hole) = match v.pinhole_state {
        "open" | "opened" => (Mark::Pass, tr.doctor_hole_open(port, method)),
        "firewall_off" => (Mark::Pass, tr.doctor_hole_firewall_off().to_string()),
        "failed" => (
            Mark::Warn,
            tr.doctor_hole_failed(
                port,
                &v.attempts
                    .iter()
                    .map(|a| format!("{}: {}", a.method.label(), tr.pinhole_error(&a.cause)))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        ),
        "recorded" => (
            Mark::Warn,
            format!(
                "{} — {}",
                tr.doctor_hole_open(port, method),
                tr.router_view(RouterView::NotAsked)
            ),
        ),
        _ => (Mark::Warn, tr.doctor_hole_closed(port)),
    };
    // With vantages outside, only their connection to this address counts:
    // the router's word alone is not enough to pass.
    let (mark, hole) = match v.outside.result {
        Agreed::NotAsked => (mark, hole),
        Agreed::Open if v.outside.proven => (
            Mark::Pass,
            format!("{hole} — {}", tr.outside_summary(&v.outside)),
        ),
        _ => (
            Mark::Warn,
            format!("{hole} — {}", tr.outside_summary(&v.outside)),
        ),
    };
    row(mark, tr.doctor_ipv6_row(&addr.to_string(), true, &hole))
}
