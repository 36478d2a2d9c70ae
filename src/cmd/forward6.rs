//! `netcheck forward --ipv6`: open, keep, list and remove inbound IPv6
//! pinholes in the router's firewall (UPnP IGDv2 WANIPv6FirewallControl or
//! PCP over IPv6), for this host's stable global address, with netcheck's
//! own record of what it opened.

use crate::check::pinhole::{Opening, PinholeOut};
use crate::cli::{ForwardArgs, MethodArg, ProtocolArg};
use crate::cmd::keep::Held;
use crate::cmd::render_worded;
use crate::cmd::{Say, Tone};
use crate::config::Ctx;
use crate::error::{AppError, ErrorKind};
use crate::exit::Exit;
use crate::i18n::Tr;
use crate::net::ipv6_pick::{Reason, Skipped};
use crate::output::{Style, pad};
use crate::portmap::pinhole::{self, HoleAttempt, Renewal, RouterView, host6};
use crate::portmap::pinhole_state::{
    Entry, PinholeMethod, PinholeProto, Record, RecordProblem, load_record, remember, save_record,
};
use serde::Serialize;
use std::net::Ipv6Addr;
use std::path::PathBuf;
use std::time::Duration;
use tokio::time::Instant;

/// `netcheck forward --ipv6 --json`.
#[derive(Debug, Clone, Serialize)]
pub struct Forward6Report {
    pub opened: bool,
    /// The address the pinhole is for; `None` when the host has none usable.
    pub address: Option<Ipv6Addr>,
    pub address_reason: Option<Reason>,
    pub skipped: Vec<Skipped>,
    /// Why nothing could be tried: no_global_ipv6, only_temporary_ipv6, server_bound_elsewhere.
    pub problem: Option<&'static str>,
    /// The first pinhole (TCP for --protocol both).
    pub pinhole: Option<PinholeOut>,
    pub pinholes: Vec<PinholeOut>,
    pub attempts: Vec<HoleAttempt>,
    /// Where to allow the port by hand when the router would not (worded
    /// from `by_hand` when rendered).
    pub manual_steps: Option<String>,
    #[serde(skip)]
    pub by_hand: Option<ByHand>,
    pub record: Option<PathBuf>,
    #[serde(serialize_with = "crate::cmd::english")]
    pub warnings: Vec<RecordProblem>,
}

/// `--list --ipv6 --json`.
#[derive(Debug, Clone, Serialize)]
pub struct List6Report {
    pub pinholes: Vec<PinholeOut>,
    pub record: Option<PathBuf>,
    #[serde(serialize_with = "crate::cmd::english")]
    pub warnings: Vec<RecordProblem>,
}

/// `--remove --ipv6 --json`.
#[derive(Debug, Clone, Serialize)]
pub struct Remove6Report {
    pub removed: bool,
    pub port: u16,
    pub pinholes: Vec<PinholeOut>,
    pub attempts: Vec<HoleAttempt>,
    #[serde(serialize_with = "crate::cmd::english")]
    pub warnings: Vec<RecordProblem>,
}

fn protocols(p: ProtocolArg) -> Vec<PinholeProto> {
    match p {
        ProtocolArg::Tcp => vec![PinholeProto::Tcp],
        ProtocolArg::Udp => vec![PinholeProto::Udp],
        ProtocolArg::Both => vec![PinholeProto::Tcp, PinholeProto::Udp],
    }
}

pub fn proto_label(p: PinholeProto) -> &'static str {
    match p {
        PinholeProto::Tcp => "TCP",
        PinholeProto::Udp => "UDP",
    }
}

fn validate(args: &ForwardArgs) -> Result<(Option<PinholeMethod>, u32), AppError> {
    let only = match args.method {
        MethodArg::Auto | MethodArg::Manual => None,
        MethodArg::Upnp => Some(PinholeMethod::Upnp),
        MethodArg::Pcp => Some(PinholeMethod::Pcp),
        MethodArg::Natpmp => return Err(AppError::bad_input(|l| Tr(l).no_ipv6_natpmp().into())),
    };
    if args.external_port.is_some_and(|e| Some(e) != args.port) {
        return Err(AppError::bad_input(|l| {
            Tr(l).no_ipv6_external_port().into()
        }));
    }
    if args.internal_ip.is_some() {
        return Err(AppError::bad_input(|l| Tr(l).ipv6_internal_ip().into()));
    }
    let secs = args.lease.as_secs();
    if !(1..=u64::from(crate::proto::upnp6fc::MAX_LEASE)).contains(&secs) {
        return Err(AppError::bad_input(|l| Tr(l).ipv6_lease_range().into()));
    }
    Ok((only, secs as u32))
}

pub fn run(ctx: &Ctx, args: &ForwardArgs) -> Result<Exit, AppError> {
    let tr = Tr(ctx.lang);
    if args.list {
        let rt = crate::sys::runtime::runtime()?;
        return rt.block_on(list(ctx, tr));
    }
    let (only, lease) = validate(args)?;
    let port = args.port.unwrap_or_default();
    let protos = protocols(args.protocol);
    let rt = crate::sys::runtime::runtime()?;
    if args.remove {
        return rt.block_on(remove(ctx, tr, port, &protos));
    }
    // Handlers before the router is asked for anything: a signal at any
    // moment from here on ends with the pinhole closed.
    let stop = crate::cmd::install_stop(&rt)?;
    let host = host6().ok_or_else(|| {
        AppError::worded(ErrorKind::NoInterface, |l| Tr(l).no_gateway_error().into())
            .with_hint(|l| Tr(l).hint_check_link().into())
    })?;
    let mut warnings = Vec::new();
    let mut rec = load_record(&mut warnings);
    let manual = args.method == MethodArg::Manual;
    let deadline = ctx.deadline();
    let opening = rt.block_on(crate::check::pinhole::open(
        &host, port, &protos, lease, only, manual, deadline,
    ));
    let entries = opening.entries.clone();
    let mut report = open_report(opening, port, &protos);
    report.warnings = warnings;
    if !entries.is_empty() {
        remember(&mut rec, &entries);
        save_record(&rec, &mut report.warnings);
    }
    report.record = rec.path.clone();
    crate::output::emit_worded(ctx, |tr| report.worded(tr), render);
    if !report.opened {
        return Ok(Exit::Problem);
    }
    // A signal while the pinhole was being opened: it is closed at once.
    let interrupted = stop.received().is_some();
    if args.keep || interrupted {
        let kept = rt.block_on(keep(ctx, &stop, rec, entries, lease));
        return if interrupted && !args.keep {
            kept.map(|_| Exit::Problem)
        } else {
            kept
        };
    }
    Ok(Exit::Ok)
}

/// The report of opening: the check's facts; the manual steps (when the
/// port is to be allowed by hand) are worded when rendered.
fn open_report(o: Opening, port: u16, protos: &[PinholeProto]) -> Forward6Report {
    let proto_text = protos
        .iter()
        .map(|p| proto_label(*p))
        .collect::<Vec<_>>()
        .join("+");
    let by_hand = match (o.by_hand, o.address) {
        (true, Some(address)) => Some(ByHand {
            brand: o.brand,
            address,
            port,
            protocols: proto_text,
        }),
        _ => None,
    };
    let pinholes: Vec<PinholeOut> = o
        .entries
        .iter()
        .map(|e| PinholeOut::of(e, "open"))
        .collect();
    Forward6Report {
        opened: !o.entries.is_empty(),
        address: o.address,
        address_reason: o.address_reason,
        skipped: o.skipped,
        problem: o.problem,
        pinhole: pinholes.first().cloned(),
        pinholes,
        attempts: o.attempts,
        manual_steps: None,
        by_hand,
        record: None,
        warnings: Vec::new(),
    }
}

/// Where to allow the port by hand, as facts.
#[derive(Debug, Clone)]
pub struct ByHand {
    brand: crate::router::brands::Brand,
    address: Ipv6Addr,
    port: u16,
    /// "TCP", "UDP" or "TCP+UDP".
    protocols: String,
}

impl Forward6Report {
    /// The report with its manual steps in `tr`'s language.
    fn worded(&self, tr: Tr) -> Forward6Report {
        Forward6Report {
            manual_steps: self.by_hand.as_ref().map(|h| {
                tr.manual_ipv6_firewall(
                    tr.ipv6_firewall_path(h.brand),
                    &h.address.to_string(),
                    h.port,
                    &h.protocols,
                )
            }),
            ..self.clone()
        }
    }
}

async fn list(ctx: &Ctx, tr: Tr) -> Result<Exit, AppError> {
    let mut warnings = Vec::new();
    let rec = load_record(&mut warnings);
    let deadline = ctx.deadline();
    let views = look_all(&rec.entries, deadline).await;
    let pinholes = rec
        .entries
        .iter()
        .zip(views)
        .map(|(e, v)| PinholeOut::of(e, view_state(v)))
        .collect();
    let report = List6Report {
        pinholes,
        record: rec.path.clone(),
        warnings,
    };
    crate::output::emit(ctx, &report, |style| render_list(&report, style, tr));
    Ok(Exit::Ok)
}

/// Ask the router about every entry at once; answers in the entries' order.
async fn look_all(entries: &[Entry], deadline: Instant) -> Vec<RouterView> {
    let mut set = tokio::task::JoinSet::new();
    for (i, e) in entries.iter().cloned().enumerate() {
        set.spawn(async move { (i, pinhole::look(&e, deadline).await) });
    }
    let mut out = vec![RouterView::Unknown; entries.len()];
    while let Some(done) = set.join_next().await {
        if let Ok((i, v)) = done {
            out[i] = v;
        }
    }
    out
}

fn view_state(v: RouterView) -> &'static str {
    match v {
        RouterView::Open => "open",
        RouterView::Gone => "gone",
        RouterView::NotAsked => "not_asked",
        RouterView::Unknown => "unknown",
    }
}

async fn remove(ctx: &Ctx, tr: Tr, port: u16, protos: &[PinholeProto]) -> Result<Exit, AppError> {
    let mut warnings = Vec::new();
    let mut rec = load_record(&mut warnings);
    let deadline = ctx.deadline();
    let (targets, keep): (Vec<Entry>, Vec<Entry>) = rec
        .entries
        .drain(..)
        .partition(|e| e.port == port && protos.contains(&e.protocol));
    rec.entries = keep;
    let mut pinholes = Vec::new();
    let mut attempts = Vec::new();
    for e in &targets {
        match pinhole::close(e, deadline).await {
            Ok(()) => pinholes.push(PinholeOut::of(e, "removed")),
            // Already gone on the router: nothing left to remove.
            Err(pinhole::PinholeError::NoSuchEntry) => pinholes.push(PinholeOut::of(e, "gone")),
            Err(err) => {
                attempts.push(HoleAttempt::new(e.method, err));
                // Keep it in the record: a later --remove can try again.
                rec.entries.push(e.clone());
            }
        }
    }
    save_record(&rec, &mut warnings);
    let report = Remove6Report {
        removed: !pinholes.is_empty() && attempts.is_empty(),
        port,
        pinholes,
        attempts,
        warnings,
    };
    crate::output::emit(ctx, &report, |style| render_remove(&report, style, tr));
    Ok(if report.removed {
        Exit::Ok
    } else {
        Exit::Problem
    })
}

/// `--keep`: renew every half lease (re-open after a router restart); on
/// Ctrl-C / SIGTERM close every pinhole and drop it from the record.
async fn keep(
    ctx: &Ctx,
    stop: &crate::sys::signal::Stop,
    rec: Record,
    entries: Vec<Entry>,
    lease: u32,
) -> Result<Exit, AppError> {
    let every = pinhole::renew_every(lease);
    let mut held = HeldPinholes {
        rec,
        entries,
        lease,
        ignored: Vec::new(),
    };
    Ok(crate::cmd::keep::keep(ctx, stop, every, &mut held).await)
}

/// The pinholes `--keep` holds, and the record that remembers them across
/// runs (saved after each renewal and after closing).
struct HeldPinholes {
    rec: Record,
    entries: Vec<Entry>,
    lease: u32,
    /// Warnings of saving the record: `--keep` has no report to carry them.
    ignored: Vec<RecordProblem>,
}

impl Held for HeldPinholes {
    fn keeping(&self, every: Duration, say: &Say) {
        let secs = every.as_secs() as u32;
        say.say("keeping", Tone::Quiet, |tr| tr.pinhole_keeping(secs));
    }

    async fn renew(&mut self, deadline: Instant, say: &Say) {
        for e in self.entries.iter_mut() {
            match pinhole::renew(e, self.lease, deadline).await {
                Ok(Renewal::Renewed) => {
                    say.say("renewed", Tone::Quiet, |tr| tr.pinhole_renewed().into())
                }
                Ok(Renewal::Reopened) => {
                    say.say("recreated", Tone::Warn, |tr| tr.pinhole_reopened().into())
                }
                Err(err) => say.say("renew_failed", Tone::Bad, |tr| {
                    tr.renew_failed(&tr.pinhole_error(&err))
                }),
            }
        }
        remember(&mut self.rec, &self.entries);
        save_record(&self.rec, &mut self.ignored);
    }

    fn stopping(&self, say: &Say) {
        say.say("stopping", Tone::Quiet, |tr| tr.pinhole_stopping().into());
    }

    async fn release(&mut self, deadline: Instant, say: &Say) -> bool {
        let mut ok = true;
        for e in &self.entries {
            match pinhole::close(e, deadline).await {
                Ok(()) | Err(pinhole::PinholeError::NoSuchEntry) => {
                    self.rec.entries.retain(|o| !o.same_hole(e));
                }
                Err(err) => {
                    ok = false;
                    say.say("remove_failed", Tone::Bad, |tr| {
                        format!("{}: {}", tr.pinhole_remove_failed(), tr.pinhole_error(&err))
                    });
                }
            }
        }
        save_record(&self.rec, &mut self.ignored);
        ok
    }
}

const COL: usize = 16;

fn skipped_text(tr: Tr, skipped: &[Skipped]) -> String {
    skipped
        .iter()
        .map(|s| format!("{} ({})", s.address, tr.skip(s.why)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn render(r: &Forward6Report, style: Style, tr: Tr) -> String {
    let mut out = String::new();
    match (&r.pinhole, r.address) {
        (Some(p), Some(a)) => {
            let protos = r
                .pinholes
                .iter()
                .map(|p| proto_label(p.protocol))
                .collect::<Vec<_>>()
                .join("+");
            out.push_str(&format!(
                "{} {}: [{a}]:{}  {protos}, {}\n",
                style.ok("✓"),
                style.bold(&tr.pinhole_opened(p.method.label())),
                p.port,
                tr.pinhole_lease(p.lease_seconds)
            ));
        }
        _ => out.push_str(&format!(
            "{} {}\n",
            style.bad("✗"),
            style.bold(tr.pinhole_not_opened())
        )),
    }
    let mut line = |label: &str, value: String| {
        out.push_str(&format!("  {}{value}\n", style.bold(&pad(label, COL))));
    };
    if let (Some(a), Some(why)) = (r.address, r.address_reason) {
        line(tr.label_address6(), format!("{a} — {}", tr.reason(why)));
    }
    if !r.skipped.is_empty() {
        line(tr.label_skipped(), skipped_text(tr, &r.skipped));
    }
    for a in &r.attempts {
        line(
            tr.label_tried(),
            format!("{} — {}", a.method.label(), tr.pinhole_error(&a.cause)),
        );
    }
    if r.opened
        && let Some(p) = &r.record
    {
        line(tr.label_record(), p.display().to_string());
    }
    match r.problem {
        Some("no_global_ipv6") => out.push_str(&format!("\n  {}\n", tr.no_global_ipv6())),
        Some("only_temporary_ipv6") => {
            out.push_str(&format!("\n  {}\n", tr.only_temporary_ipv6()));
        }
        Some(_) => out.push_str(&format!("\n  {}\n", tr.bound_elsewhere_ipv6())),
        None => {}
    }
    let mut steps = Vec::new();
    if let (true, Some(a), Some(p)) = (r.opened, r.address, &r.pinhole) {
        steps.push(tr.verify_ipv6_from_outside(&format!("netcheck probe {a} --port {}", p.port)));
        steps.push(tr.pinhole_renew_note(pinhole::renew_every(p.lease_seconds).as_secs() as u32));
    }
    if let Some(m) = &r.manual_steps {
        steps.push(m.clone());
    }
    if !steps.is_empty() {
        out.push_str(&format!("\n{}\n", style.bold(tr.next_steps())));
        for (i, s) in steps.iter().enumerate() {
            out.push_str(&format!("  {}. {s}\n", i + 1));
        }
    }
    if !r.warnings.is_empty() {
        out.push('\n');
        render_worded(&mut out, &r.warnings, style, tr);
    }
    out
}

fn render_list(r: &List6Report, style: Style, tr: Tr) -> String {
    let mut out = format!("{}\n", style.bold(tr.pinholes_heading()));
    if r.pinholes.is_empty() {
        out.push_str(tr.pinholes_empty());
        out.push('\n');
    } else {
        let rows: Vec<[String; 6]> = r
            .pinholes
            .iter()
            .map(|p| {
                [
                    p.address.to_string(),
                    p.port.to_string(),
                    proto_label(p.protocol).to_string(),
                    p.method.label().to_string(),
                    tr.duration(p.lease_seconds),
                    tr.router_view(match p.state {
                        "open" => RouterView::Open,
                        "gone" => RouterView::Gone,
                        "not_asked" => RouterView::NotAsked,
                        _ => RouterView::Unknown,
                    })
                    .to_string(),
                ]
            })
            .collect();
        out.push_str(&crate::output::table(&tr.pinhole_columns(), &rows, style));
    }
    if !r.warnings.is_empty() {
        out.push('\n');
        render_worded(&mut out, &r.warnings, style, tr);
    }
    out
}

fn render_remove(r: &Remove6Report, style: Style, tr: Tr) -> String {
    let mut out = String::new();
    if r.pinholes.is_empty() && r.attempts.is_empty() {
        out.push_str(&format!(
            "{} {}\n",
            style.bad("✗"),
            tr.pinhole_remove_none(r.port)
        ));
    }
    for p in &r.pinholes {
        out.push_str(&format!(
            "{} {}\n",
            style.ok("✓"),
            tr.pinhole_removed(&p.address.to_string(), p.port, proto_label(p.protocol))
        ));
    }
    for a in &r.attempts {
        out.push_str(&format!(
            "{} {}: {} — {}\n",
            style.bad("✗"),
            style.bold(tr.pinhole_remove_failed()),
            a.method.label(),
            tr.pinhole_error(&a.cause)
        ));
    }
    if !r.warnings.is_empty() {
        out.push('\n');
        render_worded(&mut out, &r.warnings, style, tr);
    }
    out
}
