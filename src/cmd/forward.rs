//! `netcheck forward`: open a port on the router by UPnP IGD, NAT-PMP or PCP,
//! read it back, judge whether another NAT still blocks it, and — when the
//! router will not — print a filled-in guide for its admin page.

use crate::check::mapping::MappingWarning;
use crate::cli::{ForwardArgs, MethodArg, ProtocolArg};
use crate::cmd::guide::{GuideFacts, render_guide};
use crate::cmd::keep::Held;
use crate::cmd::render_worded;
use crate::cmd::{Say, Tone};
use crate::config::Ctx;
use crate::error::{AppError, ErrorKind};
use crate::exit::Exit;
use crate::i18n::Tr;
use crate::net::Family;
use crate::net::host::{Iface, IfaceKind};
use crate::net::nat::{NatVerdict, RouterWan, external_ip, verdict};
use crate::net::{Protocols, Transport};
use crate::output::{Style, pad};
use crate::portmap::{self, Attempt, Choice, Handle, Method, Request, Router};
use crate::proto::upnp_xml::DeviceInfo;
use crate::router::brands::{self, Brand, DetectedBy};
use crate::router::guide::{ManualGuide, Rule};
use crate::sys::signal::Stop;
use crate::sys::upnp::{DiscoveredBy, Igd, ListedMapping};
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, SocketAddrV4};
use std::time::Duration;
use tokio::time::Instant;

#[derive(Debug, Clone, Serialize)]
pub struct RouterInfo {
    pub gateway: Ipv4Addr,
    pub url: String,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub friendly_name: Option<String>,
    pub brand: Brand,
    pub detected_by: DetectedBy,
    /// How the UPnP device was found: `ssdp` (this run's search) or `cache`
    /// (the description URL remembered from an earlier run); null without one.
    pub upnp_discovered_by: Option<DiscoveredBy>,
}

impl RouterInfo {
    /// The router as its UPnP description (when it answered) and its MAC tell.
    fn new(lan: &Lan, info: Option<&DeviceInfo>, igd: Option<&Igd>) -> RouterInfo {
        let (brand, detected_by) = brands::detect_device(info, lan.gateway_mac.as_deref());
        RouterInfo {
            gateway: lan.router.gateway,
            url: crate::check::gateway::router_url(IpAddr::V4(lan.router.gateway)),
            manufacturer: info.and_then(|i| i.manufacturer.clone()),
            model: info.and_then(|i| i.model.clone()),
            friendly_name: info.and_then(|i| i.friendly_name.clone()),
            brand,
            detected_by,
            upnp_discovered_by: igd.map(Igd::discovered_by),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ForwardReport {
    pub method: Method,
    pub mapped: bool,
    /// The router's own record of the rule matched what was asked.
    pub confirmed: bool,
    /// The address the internet connects to: the router's WAN address when it
    /// is public, else the public IP. Never a private address.
    pub external_ip: Option<IpAddr>,
    pub external_port: u16,
    pub internal_ip: Ipv4Addr,
    pub internal_port: u16,
    pub protocol: Protocols,
    pub lease_seconds: Option<u32>,
    pub nat: NatVerdict,
    pub router_wan_ip: Option<IpAddr>,
    pub public_ip: Option<IpAddr>,
    pub router: RouterInfo,
    pub attempts: Vec<Attempt>,
    /// Worded from `guide` when rendered.
    pub manual_guide: Option<ManualGuide>,
    #[serde(serialize_with = "crate::cmd::english")]
    pub warnings: Vec<MappingWarning>,
    #[serde(skip)]
    pub forced_permanent: bool,
    /// The manual guide's facts, when the router would not map.
    #[serde(skip)]
    pub guide: Option<GuideFacts>,
}

impl ForwardReport {
    /// The report with its manual guide in `tr`'s language.
    fn worded(&self, tr: Tr) -> ForwardReport {
        ForwardReport {
            manual_guide: self.guide.as_ref().map(|g| g.words(tr)),
            ..self.clone()
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ListReport {
    pub router: RouterInfo,
    pub mappings: Vec<ListedMapping>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RemoveReport {
    pub removed: bool,
    pub method: Option<Method>,
    pub external_port: u16,
    pub protocol: Protocols,
    pub attempts: Vec<Attempt>,
}

/// This host's view of the LAN, needed by every mode.
struct Lan {
    iface: Iface,
    router: Router,
    gateway_mac: Option<String>,
}

/// The LAN, read now or still being read.
enum LanLater {
    Known(Box<Lan>),
    /// The router was found from the default route alone; the full
    /// interface scan (wireless? DHCP? the router's MAC) is still to run.
    Scanning {
        router: Router,
        index: u32,
    },
}

impl LanLater {
    /// Without the full scan where the OS allows (Linux: the default route
    /// over rtnetlink, two small dumps): the router can be asked at once and
    /// the scan, which reads every interface, runs while it answers.
    fn start() -> Result<LanLater, AppError> {
        match crate::sys::local_ip::default_route_v4() {
            Some(route) => Ok(LanLater::Scanning {
                router: Router {
                    gateway: route.gateway,
                    lan: route.lan,
                },
                index: route.index,
            }),
            None => lan().map(|lan| LanLater::Known(Box::new(lan))),
        }
    }

    fn router(&self) -> Router {
        match self {
            LanLater::Known(lan) => lan.router,
            LanLater::Scanning { router, .. } => *router,
        }
    }

    /// The LAN with the full scan. Joined after the router's requests, so
    /// they go out first; the scan then runs on a blocking thread beside
    /// them. Not on this thread: UPnP is several round trips (description,
    /// then SOAP), and a scan here held each of them up by its whole length
    /// (strace: the remembered router's GET waited 80 ms behind it).
    async fn get(self) -> Lan {
        let (router, index) = match self {
            LanLater::Known(lan) => return *lan,
            LanLater::Scanning { router, index } => (router, index),
        };
        let all = tokio::task::spawn_blocking(crate::sys::netdev_adapter::interfaces)
            .await
            .unwrap_or_default();
        let iface = all
            .iter()
            .find(|i| i.index == index)
            .or_else(|| all.iter().find(|i| i.is_default))
            .cloned()
            // The interface went away between the two reads: what the route said.
            .unwrap_or_else(|| Iface {
                index,
                name: String::new(),
                friendly_name: None,
                kind: IfaceKind::Unknown,
                mac: None,
                up: true,
                is_default: true,
                ipv4: vec![router.lan],
                ipv6: Vec::new(),
                gateway_v4: Some(router.gateway),
                gateway_v6: None,
                gateway_mac: None,
                dns_servers: Vec::new(),
                dhcp_v4: None,
            });
        // The router asked is the one the route named; its MAC only if the
        // scan saw the same gateway.
        let gateway_mac = iface
            .gateway_mac
            .clone()
            .filter(|_| iface.gateway_v4 == Some(router.gateway));
        Lan {
            iface,
            router,
            gateway_mac,
        }
    }
}

fn lan() -> Result<Lan, AppError> {
    let all = crate::sys::netdev_adapter::interfaces();
    let default = all.into_iter().find(|i| i.is_default);
    let no_gw = || {
        AppError::worded(ErrorKind::NoInterface, |l| Tr(l).no_gateway_error().into())
            .with_hint(|l| Tr(l).hint_check_link().into())
    };
    let iface = default.ok_or_else(no_gw)?;
    let gateway = iface.gateway_v4.ok_or_else(no_gw)?;
    let lan_net = iface.lan_v4().ok_or_else(no_gw)?;
    Ok(Lan {
        router: Router {
            gateway,
            lan: lan_net,
        },
        gateway_mac: iface.gateway_mac.clone(),
        iface,
    })
}

fn protocols(p: ProtocolArg) -> (Vec<Transport>, Protocols) {
    let p = match p {
        ProtocolArg::Tcp => Protocols::Tcp,
        ProtocolArg::Udp => Protocols::Udp,
        ProtocolArg::Both => Protocols::Both,
    };
    (p.transports().to_vec(), p)
}

fn choice(m: MethodArg) -> Choice {
    match m {
        MethodArg::Auto => Choice::Auto,
        MethodArg::Upnp => Choice::Only(Method::Upnp),
        MethodArg::Natpmp => Choice::Only(Method::Natpmp),
        MethodArg::Pcp => Choice::Only(Method::Pcp),
        MethodArg::Manual => Choice::Only(Method::Manual),
    }
}

pub fn run(ctx: &Ctx, args: &ForwardArgs) -> Result<Exit, AppError> {
    let tr = Tr(ctx.lang);
    // Bad input first, before any I/O.
    let sources = args.sources.resolve().map_err(crate::cmd::bad_input)?;
    let lease_seconds = u32::try_from(args.lease.as_secs()).unwrap_or(u32::MAX);
    let rt = crate::sys::runtime::runtime()?;
    let lan = LanLater::start()?;
    let router = lan.router();
    if args.list {
        return rt.block_on(async { list(ctx, tr, &lan.get().await).await });
    }
    // Handlers before the router is asked for anything: a signal at any
    // moment from here on ends with the mapping removed.
    let stop = crate::cmd::install_stop(&rt)?;
    let port = args.port.unwrap_or_default();
    let internal_ip = args.internal_ip.unwrap_or(router.lan.addr);
    if !router.lan.contains(internal_ip) {
        // The network, not this host's address: 192.168.99.0/24.
        let bits = u32::from(router.lan.addr);
        let mask = u32::MAX
            .checked_shl(32 - u32::from(router.lan.prefix_len.min(32)))
            .unwrap_or(0);
        let net = format!(
            "{}/{}",
            std::net::Ipv4Addr::from(bits & mask),
            router.lan.prefix_len
        );
        return Err(AppError::bad_input(move |l| {
            Tr(l).internal_off_subnet(&internal_ip.to_string(), &net)
        }));
    }
    let (protos, proto_out) = protocols(args.protocol);
    let req = Request {
        external_port: args.external_port.unwrap_or(port),
        internal: SocketAddrV4::new(internal_ip, port),
        protocols: protos,
        lease_seconds,
        description: args
            .description
            .clone()
            .unwrap_or_else(|| format!("netcheck {port}")),
    };
    if args.remove {
        return rt.block_on(remove(
            ctx,
            tr,
            router,
            &req,
            proto_out,
            choice(args.method),
        ));
    }
    let (report, handle) = crate::cmd::spin(
        ctx,
        &rt,
        tr.finding_router().to_string(),
        forward(ctx, lan, &req, proto_out, choice(args.method), &sources),
    );
    let exit = if report.mapped && !report.nat.blocks_inbound() {
        Exit::Ok
    } else {
        Exit::Problem
    };
    crate::output::emit_worded(ctx, |tr| report.worded(tr), render);
    // A signal while the mapping was being made: it is undone at once.
    let interrupted = stop.received().is_some();
    if let Some(handle) = handle
        && (args.keep || interrupted)
    {
        let kept = rt.block_on(keep(
            ctx,
            &stop,
            handle,
            &req,
            report.lease_seconds.unwrap_or(lease_seconds),
        ));
        return if interrupted && !args.keep {
            kept.map(|_| Exit::Problem)
        } else {
            kept
        };
    }
    Ok(exit)
}

async fn forward(
    ctx: &Ctx,
    lan: LanLater,
    req: &Request,
    proto_out: Protocols,
    choice: Choice,
    sources: &[crate::net::sources::Source],
) -> (ForwardReport, Option<Handle>) {
    let deadline = ctx.deadline();
    let router = lan.router();
    // The router, the public-IP lookup and the interface scan all at once.
    // The lookup is IPv4 only and forward reads only its address: it needs
    // no interfaces (given none, it reads none; its `lan_ipv4` stays empty).
    let public =
        crate::check::public_ip::gather_on(sources, &[Family::Ipv4], deadline, Some(Vec::new()));
    // The router's description is read while the public-IP lookup may still run.
    let made = crate::check::mapping::make(router, req, choice, deadline);
    // The router's requests first (the critical path), `lan.get()` last:
    // everything goes out before it scans.
    let (made, public, lan) = tokio::join!(made, public, lan.get());
    let crate::check::mapping::Made { outcome, info } = made;
    let public_ip = public.ipv4;
    let nat = verdict(
        Some(IpAddr::V4(lan.router.lan.addr)),
        outcome.router_wan,
        public_ip,
    );
    let router = RouterInfo::new(&lan, info.as_ref(), outcome.igd.as_ref());
    let (brand, detected_by) = (router.brand, router.detected_by);
    let router_wan_ip = match outcome.router_wan {
        RouterWan::Addr(ip) => Some(ip),
        _ => None,
    };
    let warnings = crate::check::mapping::warnings(&outcome, req.external_port, &lan.iface);
    let unstable = lan.iface.kind == IfaceKind::Wireless || lan.iface.dhcp_v4 == Some(true);
    let mapped = outcome.mapped.as_ref();
    let guide = mapped.is_none().then(|| {
        let rule = Rule {
            service_port_start: req.external_port,
            service_port_end: req.external_port,
            protocol: proto_out,
            internal_ip: *req.internal.ip(),
            internal_port: req.internal.port(),
            description: req.description.clone(),
        };
        GuideFacts {
            brand,
            detected_by,
            router_url: Some(router.url.clone()),
            rule,
            dhcp_or_wifi: unstable,
            public_ip,
        }
    });
    let report = ForwardReport {
        method: mapped.map_or(Method::Manual, |m| m.method),
        mapped: mapped.is_some(),
        confirmed: mapped.is_some_and(|m| m.confirmed),
        external_ip: external_ip(outcome.router_wan, public_ip),
        external_port: req.external_port,
        internal_ip: *req.internal.ip(),
        internal_port: req.internal.port(),
        protocol: proto_out,
        lease_seconds: mapped.map(|m| m.lease_seconds),
        nat,
        router_wan_ip,
        public_ip,
        router,
        attempts: outcome.attempts,
        manual_guide: None,
        guide,
        warnings,
        forced_permanent: mapped.is_some_and(|m| m.forced_permanent),
    };
    (report, outcome.handle)
}

async fn list(ctx: &Ctx, tr: Tr, lan: &Lan) -> Result<Exit, AppError> {
    let deadline = ctx.deadline();
    let igd = portmap::discover_upnp(lan.router, deadline)
        .await
        .map_err(|_| {
            AppError::worded(ErrorKind::NoInterface, |l| Tr(l).list_needs_upnp().into())
                .with_hint(|l| Tr(l).list_needs_upnp_hint().into())
        })?;
    let (mappings, info) = tokio::join!(igd.list(deadline), igd.device_info(deadline));
    let mappings = mappings.map_err(|e| {
        let e = portmap::MapError::from(e);
        AppError::worded(ErrorKind::Internal, move |l| Tr(l).map_error(&e))
    })?;
    let report = ListReport {
        router: RouterInfo::new(lan, info.as_ref(), Some(&igd)),
        mappings,
    };
    crate::output::emit(ctx, &report, |style| render_list(&report, style, tr));
    Ok(Exit::Ok)
}

async fn remove(
    ctx: &Ctx,
    tr: Tr,
    router: Router,
    req: &Request,
    proto_out: Protocols,
    choice: Choice,
) -> Result<Exit, AppError> {
    let deadline = ctx.deadline();
    let (removed_by, attempts) = portmap::remove(router, req, choice, deadline).await;
    let report = RemoveReport {
        removed: removed_by.is_some(),
        method: removed_by,
        external_port: req.external_port,
        protocol: proto_out,
        attempts,
    };
    crate::output::emit(ctx, &report, |style| render_remove(&report, style, tr));
    Ok(if report.removed {
        Exit::Ok
    } else {
        Exit::Problem
    })
}

/// `--keep`: hold the mapping until Ctrl-C / SIGTERM, then remove it. When
/// the signal came already (during the mapping), it is removed at once.
async fn keep(
    ctx: &Ctx,
    stop: &Stop,
    handle: Handle,
    req: &Request,
    granted: u32,
) -> Result<Exit, AppError> {
    let mut held = HeldMapping { handle, req };
    Ok(crate::cmd::keep::keep(ctx, stop, keep_interval(granted), &mut held).await)
}

/// A mapping `--keep` holds: renewed with [`portmap::refresh`] (made again
/// when the router lost it), removed with [`portmap::unmap`].
struct HeldMapping<'a> {
    handle: Handle,
    req: &'a Request,
}

impl Held for HeldMapping<'_> {
    fn keeping(&self, every: Duration, say: &Say) {
        let secs = every.as_secs() as u32;
        say.say("keeping", Tone::Quiet, |tr| tr.keeping(&tr.duration(secs)));
    }

    async fn renew(&mut self, deadline: Instant, say: &Say) {
        match portmap::refresh(&mut self.handle, self.req, deadline).await {
            Ok(portmap::Refresh::Renewed) => {
                say.say("renewed", Tone::Quiet, |tr| tr.renewed().into())
            }
            Ok(portmap::Refresh::Recreated) => {
                say.say("recreated", Tone::Warn, |tr| tr.recreated().into())
            }
            Err(e) => say.say("renew_failed", Tone::Bad, |tr| {
                tr.renew_failed(&tr.map_error(&e))
            }),
        }
    }

    fn stopping(&self, say: &Say) {
        say.say("stopping", Tone::Quiet, |tr| tr.stopping().into());
    }

    async fn release(&mut self, deadline: Instant, say: &Say) -> bool {
        match portmap::unmap(&self.handle, self.req, deadline).await {
            Ok(_) => true,
            Err(e) => {
                say.say("remove_failed", Tone::Bad, |tr| {
                    format!("{}: {}", tr.remove_failed(), tr.map_error(&e))
                });
                false
            }
        }
    }
}

/// Half the lease, between 1 s and 60 s; permanent mappings are checked every minute.
pub fn keep_interval(lease_seconds: u32) -> Duration {
    if lease_seconds == 0 {
        return Duration::from_secs(60);
    }
    Duration::from_secs(u64::from(lease_seconds / 2).clamp(1, 60))
}

const COL: usize = 16;

fn router_line(r: &RouterInfo, tr: Tr) -> String {
    let mut parts = vec![r.gateway.to_string()];
    let name = [r.manufacturer.as_deref(), r.model.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if !name.is_empty() {
        parts.push(name);
    } else if r.brand != Brand::Generic {
        parts.push(tr.brand_name(r.brand).to_string());
    }
    parts.push(r.url.clone());
    parts.join(" · ")
}

pub fn render(r: &ForwardReport, style: Style, tr: Tr) -> String {
    let mut out = String::new();
    let ext_ip = r
        .external_ip
        .map(|i| i.to_string())
        .unwrap_or_else(|| "?".into());
    if r.mapped {
        out.push_str(&format!(
            "{} {}: {}:{} → {}:{}  {}, {}\n",
            style.ok("✓"),
            style.bold(&tr.forwarded(r.method.label())),
            ext_ip,
            r.external_port,
            r.internal_ip,
            r.internal_port,
            r.protocol.label(),
            tr.lease(r.lease_seconds.unwrap_or(0))
        ));
    } else if r.attempts.is_empty() && r.method == Method::Manual {
        // --method manual: nothing was tried, nothing failed.
        out.push_str(&format!("– {}\n", style.bold(tr.not_tried_manual())));
    } else {
        out.push_str(&format!(
            "{} {}\n",
            style.bad("✗"),
            style.bold(tr.not_forwarded())
        ));
    }
    let mut line = |label: &str, value: String| {
        out.push_str(&format!("  {}{value}\n", style.bold(&pad(label, COL))));
    };
    line(tr.label_router(), router_line(&r.router, tr));
    if let Some(w) = r.router_wan_ip {
        line(tr.label_router_wan(), w.to_string());
    }
    if let Some(p) = r.public_ip {
        line(tr.label_public_ip(), p.to_string());
    }
    let nat = tr.nat_verdict(r.nat);
    line(
        tr.label_nat(),
        if r.nat.blocks_inbound() {
            style.bad(nat)
        } else {
            nat.to_string()
        },
    );
    for a in &r.attempts {
        line(
            tr.label_tried(),
            format!("{} — {}", a.method.label(), tr.map_error(&a.cause)),
        );
    }
    let mut steps: Vec<String> = Vec::new();
    if r.mapped && r.nat.blocks_inbound() {
        steps.extend(tr.double_nat_options(true).iter().map(|s| s.to_string()));
    } else if r.mapped {
        let target = r
            .public_ip
            .or(r.external_ip)
            .map(|i| i.to_string())
            .unwrap_or_else(|| "<public-ip>".into());
        steps.push(tr.verify_from_outside(&format!(
            "netcheck probe {target} --port {}",
            r.external_port
        )));
        if !r.forced_permanent {
            steps.push(tr.lease_note(r.lease_seconds.unwrap_or(0), r.external_port));
        }
    }
    if r.attempts
        .iter()
        .any(|a| matches!(a.cause, portmap::MapError::Conflict { .. }))
    {
        steps.push(tr.conflict_hint(r.external_port));
    }
    if !steps.is_empty() {
        out.push_str(&format!("\n{}\n", style.bold(tr.next_steps())));
        for (i, s) in steps.iter().enumerate() {
            out.push_str(&format!("  {}. {s}\n", i + 1));
        }
    }
    if let Some(g) = &r.manual_guide {
        if r.nat.blocks_inbound() {
            out.push('\n');
            for s in tr.double_nat_options(false) {
                out.push_str(&format!("  • {s}\n"));
            }
        }
        out.push('\n');
        out.push_str(&render_guide(g, style, tr));
    }
    if !r.warnings.is_empty() {
        out.push('\n');
        render_worded(&mut out, &r.warnings, style, tr);
    }
    out
}

pub fn render_list(r: &ListReport, style: Style, tr: Tr) -> String {
    let mut out = format!(
        "{} — {}\n",
        style.bold(tr.list_heading()),
        router_line(&r.router, tr)
    );
    if r.mappings.is_empty() {
        out.push_str(tr.list_empty());
        out.push('\n');
        return out;
    }
    let cols = tr.list_columns();
    let rows: Vec<[String; 6]> = r
        .mappings
        .iter()
        .map(|m| {
            [
                m.external_port.to_string(),
                m.protocol.label().to_string(),
                m.internal_ip.clone(),
                m.internal_port.to_string(),
                m.description.clone(),
                if m.lease_seconds == 0 {
                    "∞".into()
                } else {
                    tr.duration(m.lease_seconds)
                },
            ]
        })
        .collect();
    out.push_str(&crate::output::table(&cols, &rows, style));
    out
}

pub fn render_remove(r: &RemoveReport, style: Style, tr: Tr) -> String {
    if let (true, Some(m)) = (r.removed, r.method) {
        return format!(
            "{} {}\n",
            style.ok("✓"),
            tr.removed(r.external_port, r.protocol.label(), m.label())
        );
    }
    let mut out = format!("{} {}\n", style.bad("✗"), style.bold(tr.remove_failed()));
    for a in &r.attempts {
        out.push_str(&format!(
            "  {} — {}\n",
            a.method.label(),
            tr.map_error(&a.cause)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_interval_table() {
        for (lease, secs) in [(3600, 60), (4, 2), (1, 1), (0, 60), (60, 30)] {
            assert_eq!(keep_interval(lease), Duration::from_secs(secs), "{lease}");
        }
    }
}
