//! `netcheck doctor`: the whole guide in one command. Gateway, public IP,
//! router (UPnP / NAT-PMP / PCP, brand, WAN address), NAT verdict, the local
//! listener, the port forward (created only with `--forward`) and a probe of
//! the public address — concurrently where the order allows — then a
//! checklist, a verdict and numbered next steps.

mod ipv6;

use crate::check::doctor::{
    Cause, Facts, Failure, Likelihood, Mapping, Offer, Reach, SecondPort, Step, Verdict, diagnose,
    filtered_causes,
};
use crate::check::listener;
use crate::check::listener::{ListenerReport, ListenerState};
use crate::check::mapping;
use crate::check::outside::{self, OutsideReport};
use crate::check::public_ip::{PublicIpReport, Status};
use crate::check::reach::{ReachOut, probe_public};
use crate::check::router::{RouterFacts, look_at_router};
use crate::cli::DoctorArgs;
use crate::cmd::{Tone, Warning, render_warnings};
use crate::config::Ctx;
use crate::error::AppError;
use crate::exit::Exit;
use crate::i18n::Tr;
use crate::net::Family;
use crate::net::Transport;
use crate::net::addr::{AddressKind, classify};
use crate::net::host::{Iface, IfaceKind};
use crate::net::nat::{NatVerdict, RouterWan, verdict};
use crate::net::reflect::Agreed;
use crate::output::{Style, pad};
use crate::portmap::pinhole_state::RecordProblem;
use crate::portmap::{self, Choice, Request, Router};
use crate::proto::reflector::Transport as Via;
use crate::router::brands::{self, Brand, DetectedBy};
use crate::sys::signal::Stop;
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, SocketAddrV4};
use std::time::Duration;
use tokio::time::Instant;

/// How long the local GET that gives the fingerprint may take.
const FINGERPRINT_BUDGET: Duration = Duration::from_millis(500);
/// How long reading this host's firewall may take.
const FIREWALL_BUDGET: Duration = Duration::from_secs(2);
/// The second-port test: map, ask the vantages, unmap.
const SECOND_PORT_BUDGET: Duration = Duration::from_secs(4);

/// ✓ ✗ ! –
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Pass,
    Fail,
    Warn,
    Skip,
}

impl Mark {
    fn symbol(self, style: Style) -> String {
        match self {
            Mark::Pass => style.ok("✓"),
            Mark::Fail => style.bad("✗"),
            Mark::Warn => style.warn("!"),
            Mark::Skip => style.dim("–"),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub id: &'static str,
    pub mark: Mark,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NextStep {
    pub code: Step,
    pub text: String,
}

/// One likely cause of `filtered`.
#[derive(Debug, Clone, Serialize)]
pub struct CauseOut {
    pub cause: Cause,
    pub likelihood: Likelihood,
    pub text: String,
}

/// The `mapping` object of `doctor --json`: the fact's state, and its
/// detail in words (the method that created it, the holder, or each
/// method's reason for failing).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "detail")]
pub enum MappingOut {
    Present,
    Missing,
    TakenBy(String),
    Created(String),
    Failed(String),
    Unknown,
}

impl MappingOut {
    fn of(m: &Mapping, tr: Tr) -> MappingOut {
        match m {
            Mapping::Present => MappingOut::Present,
            Mapping::Missing => MappingOut::Missing,
            Mapping::TakenBy(h) => MappingOut::TakenBy(h.clone()),
            Mapping::Created { method, .. } => MappingOut::Created(method.label().to_string()),
            Mapping::Failed(f) => MappingOut::Failed(failures(f, tr)),
            Mapping::Unknown => MappingOut::Unknown,
        }
    }
}

/// "UPnP IGD: why; NAT-PMP: why".
fn failures(f: &[Failure], tr: Tr) -> String {
    f.iter()
        .map(|f| format!("{}: {}", f.method.label(), tr.map_error(&f.cause)))
        .collect::<Vec<_>>()
        .join("; ")
}

#[derive(Debug, Clone, Serialize)]
pub struct RouterOut {
    pub gateway: Option<Ipv4Addr>,
    pub url: Option<String>,
    pub upnp: Offer,
    /// NAT-PMP / PCP on port 5351.
    pub natpmp_pcp: Offer,
    pub wan_ip: Option<IpAddr>,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    /// UPnP IGDv2 WANIPv6FirewallControl: the router can open IPv6 pinholes.
    pub ipv6_pinholes: bool,
    pub brand: Brand,
    pub detected_by: DetectedBy,
}

#[derive(Debug, Clone, Serialize)]
pub struct DoctorReport {
    pub port: u16,
    pub verdict: Verdict,
    pub next_steps: Vec<NextStep>,
    pub checks: Vec<Check>,
    pub gateway: Option<crate::check::gateway::GatewayReport>,
    pub public_ip: PublicIpReport,
    pub router: RouterOut,
    pub nat: NatVerdict,
    /// NAT type (RFC 5780 tests, no opt-ins): the keys of `netcheck nat --json`.
    /// Null when no STUN server was given (only HTTP sources).
    pub nat_type: Option<crate::check::nat_type::NatTypeReport>,
    pub listener: Option<ListenerReport>,
    pub mapping: MappingOut,
    /// Probed from inside (hairpin): only when no vantage outside answered.
    pub reachability: ReachOut,
    /// What vantages outside this network saw.
    pub outside: OutsideReport,
    /// With `filtered`: the likely causes, most likely first.
    pub causes: Vec<CauseOut>,
    /// This host's firewall, read when the port was forwarded yet unreached.
    pub host_firewall: Option<crate::check::host_firewall::HostFirewall>,
    /// The second, high port tested on the same path (`--forward` and a vantage).
    pub second_port: Option<outside::SecondPortReport>,
    /// With `--forward`: the mapping was created and stays for its lease.
    pub forwarded: bool,
    /// This host's IPv6 side: stable address, pinhole, inbound open or not.
    pub ipv6: ipv6::Ipv6Out,
    pub manual_guide: Option<crate::router::guide::ManualGuide>,
    pub warnings: Vec<Warning>,
    pub elapsed_ms: u64,
}

pub fn run(ctx: &Ctx, args: &DoctorArgs) -> Result<Exit, AppError> {
    let tr = Tr(ctx.lang);
    let sources = args.sources.resolve().map_err(crate::cmd::bad_input)?;
    let vantages = args.outside.resolve().map_err(crate::cmd::bad_input)?;
    let lease = u32::try_from(args.lease.as_secs()).unwrap_or(u32::MAX);
    let rt = crate::sys::runtime::runtime()?;
    // Before --forward asks the router for anything (see sys::signal).
    let stop = crate::cmd::install_stop(&rt)?;
    let nat_servers = nat_servers(&args.sources, &sources).map_err(crate::cmd::bad_input)?;
    let deadline = ctx.deadline();
    let say = crate::cmd::Say::new(ctx);
    let examined = crate::cmd::spin(
        ctx,
        &rt,
        tr.doctor_checking().to_string(),
        examine(
            ctx,
            deadline,
            &|| say.say("stopping", Tone::Quiet, |tr| tr.stopping().into()),
            args.port,
            args.forward,
            lease,
            &sources,
            vantages.as_deref(),
            &nat_servers,
            &stop,
        ),
    );
    if stop.received().is_some() {
        // Interrupted: whatever --forward made is already removed.
        return Ok(Exit::Problem);
    }
    let exit = if examined.verdict.is_ok() {
        Exit::Ok
    } else {
        Exit::Problem
    };
    crate::output::emit_worded(ctx, |tr| report(&examined, tr), render);
    Ok(exit)
}

/// STUN servers for the NAT type line: `NETCHECK_STUN` if set; else the
/// STUN sources when sources were given (`--source`, `NETCHECK_SOURCES`), so
/// a run pointed at chosen servers never reaches others; else the built-in
/// RFC 5780 list.
fn nat_servers(
    args: &crate::cli::SourceArgs,
    sources: &[crate::net::sources::Source],
) -> Result<Vec<crate::check::nat_type::Server>, String> {
    use crate::check::nat_type::{DEFAULT_SERVERS, Server, parse_server};
    if let Ok(v) = std::env::var("NETCHECK_STUN") {
        return v
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(parse_server)
            .collect();
    }
    if !args.sources.is_empty() || std::env::var_os("NETCHECK_SOURCES").is_some() {
        return Ok(sources
            .iter()
            .filter_map(|s| match s {
                crate::net::sources::Source::Stun { host, port } => Some(Server {
                    host: host.clone(),
                    port: *port,
                }),
                _ => None,
            })
            .collect());
    }
    DEFAULT_SERVERS.iter().map(|s| parse_server(s)).collect()
}

#[allow(clippy::too_many_arguments)]
async fn examine(
    ctx: &Ctx,
    deadline: Instant,
    // Tells the user a signal's clean-up is under way (before it, since it may take a while).
    say_stopping: &dyn Fn(),
    port: u16,
    forward: bool,
    lease: u32,
    sources: &[crate::net::sources::Source],
    vantages: Option<&[crate::net::vantages::Vantage]>,
    nat_servers: &[crate::check::nat_type::Server],
    stop: &Stop,
) -> Examined {
    // Discovery gets most of the time left; the probe of the public address the rest.
    let start = Instant::now();
    let discovery_deadline = start + deadline.saturating_duration_since(start).mul_f64(0.7);
    let ifaces: Vec<Iface> = tokio::task::spawn_blocking(crate::sys::netdev_adapter::interfaces)
        .await
        .unwrap_or_default();
    let gateway = crate::check::gateway::build(&ifaces, false)
        .ok()
        .map(|(g, _)| g);
    let default = ifaces.iter().find(|i| i.is_default);
    let router = default.and_then(|i| {
        Some(Router {
            gateway: i.gateway_v4?,
            lan: i.lan_v4()?,
        })
    });
    let lan_ip: Option<Ipv4Addr> = router.map(|r| r.lan.addr);
    let listener_target = lan_ip
        .map(IpAddr::V4)
        .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));

    let public = crate::check::public_ip::gather_on(
        sources,
        &[Family::Ipv4, Family::Ipv6],
        discovery_deadline,
        Some(ifaces.clone()),
    );
    let listen = listener::check(listener_target, port, discovery_deadline);
    let req = lan_ip.map(|ip| Request {
        external_port: port,
        internal: SocketAddrV4::new(ip, port),
        protocols: vec![Transport::Tcp],
        lease_seconds: lease,
        description: format!("netcheck {port}"),
    });
    let router_work = async {
        let (Some(router), Some(req)) = (router, req.as_ref()) else {
            return (None, None);
        };
        if forward {
            let made = mapping::make(router, req, Choice::Auto, discovery_deadline).await;
            (None, Some(made))
        } else {
            (
                Some(look_at_router(router, port, discovery_deadline).await),
                None,
            )
        }
    };
    // The outside check: vantages connect back to this network's public
    // address. With --forward it waits for the mapping; otherwise it runs
    // alongside discovery.
    let ask_outside = || async move {
        let vantages = vantages?;
        let local = std::net::SocketAddr::new(listener_target, port);
        let fp_deadline = (Instant::now() + FINGERPRINT_BUDGET).min(deadline);
        let ask = outside::Ask {
            transport: Via::Http,
            port,
            path: "/".into(),
            fingerprint: outside::local_fingerprint(local, "/", fp_deadline).await,
            nonce: crate::proto::reflector::new_nonce(),
            source: None,
        };
        Some(outside::ask_all(vantages, &ask, deadline).await)
    };
    let router_then_outside = async {
        let r = router_work.await;
        let o = if forward { ask_outside().await } else { None };
        (r, o)
    };
    let outside_now = async { if forward { None } else { ask_outside().await } };
    // NAT type runs alongside, on sockets of its own (no opt-in tests).
    let nat_type = async {
        if nat_servers.is_empty() {
            return None;
        }
        let (results, servers) = crate::check::nat_type::run(
            nat_servers,
            &[Family::Ipv4, Family::Ipv6],
            crate::check::nat_type::Extras::default(),
            discovery_deadline,
        )
        .await;
        Some(crate::check::nat_type::NatTypeReport::new(results, servers))
    };
    let host6 = default.cloned().map(crate::portmap::pinhole::host6_from);
    let mut v6_warnings = Vec::new();
    let v6_work = ipv6::examine(
        host6.as_ref(),
        port,
        lease,
        forward,
        discovery_deadline,
        &mut v6_warnings,
    );
    // IPv6 reach from outside: after the pinhole is looked at (or opened by
    // --forward), the vantages are asked over IPv6, from this host's stable
    // address, to connect back to that address (not the IPv4 public one).
    let v6_then_outside = async {
        let v6 = v6_work.await;
        let (Some(vantages), Some(addr)) = (vantages, v6.address) else {
            return (v6, None);
        };
        let addr = IpAddr::V6(addr);
        let fp_deadline = (Instant::now() + FINGERPRINT_BUDGET).min(deadline);
        let ask = outside::Ask {
            transport: Via::Http,
            port,
            path: "/".into(),
            fingerprint: outside::local_fingerprint(
                std::net::SocketAddr::new(addr, port),
                "/",
                fp_deadline,
            )
            .await,
            nonce: crate::proto::reflector::new_nonce(),
            source: Some(addr),
        };
        let answers = outside::ask_all(vantages, &ask, deadline).await;
        (
            v6,
            Some(outside::report(Via::Http, port, answers, Some(addr))),
        )
    };
    let (
        public,
        listen,
        ((looked, mut forwarded), outside_late),
        outside_early,
        (mut v6, outside6),
        nat_type,
    ) = tokio::join!(
        public,
        listen,
        router_then_outside,
        outside_now,
        v6_then_outside,
        nat_type
    );
    if let Some(o) = outside6 {
        v6.outside = o;
    }
    if stop.received().is_some() && !v6.opened.is_empty() {
        ipv6::undo(&mut v6, ctx.deadline()).await;
    }
    // A signal while the mapping was made: remove it before anything else.
    if stop.received().is_some()
        && let (Some(made), Some(req)) = (&forwarded, req.as_ref())
        && let Some(handle) = &made.outcome.handle
    {
        say_stopping();
        // Clean-up gets a fresh budget of its own: the run's may be spent.
        let _ = portmap::unmap(handle, req, ctx.deadline()).await;
        forwarded = None;
    }

    let mut router_facts = looked.unwrap_or(RouterFacts {
        upnp: Offer::NotAsked,
        port_control: Offer::NotAsked,
        wan: RouterWan::NotAsked,
        info: None,
        mapping: Mapping::Unknown,
    });
    if let Some(made) = forwarded {
        router_facts.upnp = made.upnp();
        router_facts.port_control = made.port_control();
        router_facts.mapping = made.mapping();
        router_facts.wan = made.outcome.router_wan;
        router_facts.info = made.info;
    }

    let public_v4 = public.ipv4;
    let nat = verdict(lan_ip.map(IpAddr::V4), router_facts.wan, public_v4);
    let host_global_v6 = ifaces.iter().any(|i| {
        i.ipv6
            .iter()
            .any(|(a, _)| classify(IpAddr::V6(*a)) == AddressKind::Global)
    });

    let outside_report = match outside_early.or(outside_late) {
        Some(answers) => outside::report(Via::Http, port, answers, public_v4),
        None => OutsideReport::not_asked(Via::Http, port),
    };
    // Something else answered from outside: is it the router's own page? The
    // router's LAN address gives the same answer on that port if so.
    let other_is_router = match router {
        Some(r) if outside_report.result == Agreed::OpenOther => {
            let at = std::net::SocketAddr::new(IpAddr::V4(r.gateway), port);
            let fp_deadline = (Instant::now() + FINGERPRINT_BUDGET).min(deadline);
            match outside::local_fingerprint(at, "/", fp_deadline).await {
                Some(fp) => outside_report.other_matches(&fp),
                None => false,
            }
        }
        _ => false,
    };
    // Filtered while the router forwards the port to this host: read this
    // host's firewall, and (with --forward) test a second, high port on the
    // same path.
    let unreached = matches!(
        outside_report.result,
        Agreed::Refused | Agreed::Filtered | Agreed::Closed
    );
    let forwarded_here = matches!(
        router_facts.mapping,
        Mapping::Present | Mapping::Created { .. }
    );
    let (host_firewall, second_port) = if unreached && forwarded_here {
        let fw_deadline = (Instant::now() + FIREWALL_BUDGET).min(deadline).into_std();
        let fw = tokio::task::spawn_blocking(move || {
            crate::check::host_firewall::check(port, fw_deadline)
        });
        let second = async {
            match (router, vantages) {
                (Some(r), Some(v)) if forward && stop.received().is_none() => {
                    let second_deadline = (Instant::now() + SECOND_PORT_BUDGET).min(deadline);
                    outside::second_port(r, v, second_deadline, ctx.deadline()).await
                }
                _ => None,
            }
        };
        let (fw, second) = tokio::join!(fw, second);
        (
            Some(
                fw.unwrap_or_else(|_| crate::check::host_firewall::HostFirewall::not_checked(port)),
            ),
            second,
        )
    } else {
        (None, None)
    };
    // Reachability from inside (hairpin NAT): only a labelled fallback when
    // no vantage outside answered.
    let reach = match (public_v4, listen.state) {
        (Some(ip), s) if s != ListenerState::Nothing && !outside_report.answered() => {
            probe_public(ip, port, deadline).await
        }
        _ => ReachOut {
            target: public_v4
                .map(|ip| format!("{ip}:{port}"))
                .unwrap_or_default(),
            result: Reach::NotTried,
            hairpin: true,
            detail: None,
        },
    };

    let (brand, detected_by) = brands::detect_device(
        router_facts.info.as_ref(),
        default.and_then(|i| i.gateway_mac.as_deref()),
    );
    let default_kind = default.map(|i| i.kind);
    let facts = Facts {
        port,
        has_gateway: router.is_some(),
        vpn_default_route: default_kind == Some(IfaceKind::Vpn),
        virtual_interface: default_kind
            .is_some_and(|k| k.is_virtual_or_tunnel() && k != IfaceKind::Vpn),
        address_can_change: default
            .is_some_and(|i| i.kind == IfaceKind::Wireless || i.dhcp_v4 == Some(true)),
        public_ipv4_known: public_v4.is_some(),
        host_global_ipv6: host_global_v6,
        upnp: router_facts.upnp,
        port_control: router_facts.port_control,
        ipv6_pinholes: router_facts
            .info
            .as_ref()
            .is_some_and(|i| i.ipv6_firewall_control),
        nat,
        listener: listen.state,
        mapping: router_facts.mapping.clone(),
        outside: outside_report.result,
        outside_proven: outside_report.proven,
        other_is_router,
        host_firewall: host_firewall
            .as_ref()
            .map(|f| f.summary)
            .unwrap_or(crate::check::host_firewall::Summary::Unknown),
        second_port: second_port
            .as_ref()
            .map(|s| s.fact())
            .unwrap_or(SecondPort::NotTried),
    };
    let (verdict, steps) = diagnose(&facts);
    let router_out = RouterOut {
        gateway: router.map(|r| r.gateway),
        url: router.map(|r| crate::check::gateway::router_url(IpAddr::V4(r.gateway))),
        upnp: router_facts.upnp,
        natpmp_pcp: router_facts.port_control,
        wan_ip: match router_facts.wan {
            RouterWan::Addr(ip) => Some(ip),
            _ => None,
        },
        manufacturer: router_facts
            .info
            .as_ref()
            .and_then(|i| i.manufacturer.clone()),
        model: router_facts.info.as_ref().and_then(|i| i.model.clone()),
        ipv6_pinholes: router_facts
            .info
            .as_ref()
            .is_some_and(|i| i.ipv6_firewall_control),
        brand,
        detected_by,
    };
    Examined {
        verdict,
        steps,
        facts,
        gateway,
        public,
        router: router_out,
        nat_type,
        listen,
        reach,
        outside: outside_report,
        host_firewall,
        second_port,
        ipv6: v6,
        record_problems: v6_warnings,
        lan_ip,
        elapsed_ms: start.elapsed().as_millis() as u64,
    }
}

/// What [`examine`] found: facts only, no words. [`report`] words them.
pub struct Examined {
    verdict: Verdict,
    steps: Vec<Step>,
    /// What the verdict was drawn from (port, NAT, mapping, …).
    facts: Facts,
    /// Its warnings not yet worded.
    gateway: Option<crate::check::gateway::GatewayReport>,
    /// Its errors and warnings not yet worded.
    public: PublicIpReport,
    router: RouterOut,
    nat_type: Option<crate::check::nat_type::NatTypeReport>,
    listen: ListenerReport,
    reach: ReachOut,
    outside: OutsideReport,
    host_firewall: Option<crate::check::host_firewall::HostFirewall>,
    second_port: Option<outside::SecondPortReport>,
    ipv6: ipv6::Ipv6Out,
    /// What went wrong with the pinhole record.
    record_problems: Vec<RecordProblem>,
    /// This host's LAN address (the manual guide's internal IP).
    lan_ip: Option<Ipv4Addr>,
    elapsed_ms: u64,
}

/// Words the facts in `tr`'s language: the checklist, the likely causes,
/// the next steps, the manual guide and the warnings. `--json` is this with
/// the English catalogue, so it is the same whatever `--lang` says.
pub fn report(e: &Examined, tr: Tr) -> DoctorReport {
    let facts = &e.facts;
    let port = facts.port;
    let gateway = e.gateway.clone().map(|mut g| {
        tr.word_gateway(&mut g);
        g
    });
    let mut public = e.public.clone();
    tr.word_public_ip(&mut public);
    let public_v4 = public.ipv4;
    let causes = if e.verdict == Verdict::Filtered {
        filtered_causes(facts)
            .into_iter()
            .map(|(cause, likelihood)| CauseOut {
                cause,
                likelihood,
                text: tr.filtered_cause(
                    cause,
                    likelihood,
                    port,
                    e.host_firewall.as_ref(),
                    e.second_port.as_ref(),
                    facts.second_port,
                ),
            })
            .collect()
    } else {
        Vec::new()
    };
    let public_text = public_v4
        .map(|i| i.to_string())
        .unwrap_or_else(|| "<public-ip>".into());
    let holder = match &facts.mapping {
        Mapping::TakenBy(h) => h.clone(),
        _ => String::new(),
    };
    let next_steps = e
        .steps
        .iter()
        .map(|s| NextStep {
            code: *s,
            text: tr.doctor_step(*s, port, &public_text, &holder),
        })
        .collect();
    let manual_guide = (e.steps.contains(&Step::ForwardByHand)).then(|| {
        let rule = crate::router::guide::Rule {
            service_port_start: port,
            service_port_end: port,
            protocol: crate::net::Protocols::Tcp,
            internal_ip: e.lan_ip.unwrap_or(Ipv4Addr::UNSPECIFIED),
            internal_port: port,
            description: format!("netcheck {port}"),
        };
        crate::cmd::guide::guide(
            e.router.brand,
            e.router.detected_by,
            e.router.url.clone(),
            rule,
            facts.address_can_change,
            public_v4,
            tr,
        )
    });
    let mut checks = checklist(
        tr,
        port,
        facts,
        gateway.as_ref(),
        &public,
        &e.router,
        &e.listen,
        &e.reach,
        &e.outside,
        &e.ipv6,
    );
    if let Some(n) = &e.nat_type {
        // Right after the NAT line.
        let at = checks
            .iter()
            .position(|c| c.id == "nat")
            .map_or(checks.len(), |i| i + 1);
        checks.insert(at, nat_type_check(n, tr));
    }
    let mut warnings = gateway
        .as_ref()
        .map(|g| g.warnings.clone())
        .unwrap_or_default();
    warnings.extend(crate::cmd::worded(&e.record_problems, tr));
    DoctorReport {
        port,
        verdict: e.verdict,
        next_steps,
        checks,
        gateway,
        public_ip: public,
        router: e.router.clone(),
        nat: facts.nat,
        nat_type: e.nat_type.clone(),
        listener: Some(e.listen.clone()),
        mapping: MappingOut::of(&facts.mapping, tr),
        reachability: e.reach.clone(),
        outside: e.outside.clone(),
        causes,
        host_firewall: e.host_firewall.clone(),
        second_port: e.second_port.clone(),
        forwarded: matches!(facts.mapping, Mapping::Created { .. }),
        ipv6: e.ipv6.clone(),
        manual_guide,
        warnings,
        elapsed_ms: e.elapsed_ms,
    }
}

/// The doctor's NAT type line: Open passes, Moderate and Strict warn,
/// undecided is skipped with the reason.
fn nat_type_check(n: &crate::check::nat_type::NatTypeReport, tr: Tr) -> Check {
    use crate::net::nat_type::Xbox;
    let mark = match n.xbox {
        Some(Xbox::Open) => Mark::Pass,
        Some(Xbox::Moderate | Xbox::Strict) => Mark::Warn,
        None if n.decided() => Mark::Warn,
        None => Mark::Skip,
    };
    let mut summary = tr.nat_words(n.p2p, n.xbox, n.playstation);
    if let Some(r) = n.inconclusive.first()
        && n.xbox.is_none()
    {
        summary.push_str(&format!(" ({})", tr.nat_reason(r.code)));
    }
    Check {
        id: "nat_type",
        mark,
        summary,
    }
}

#[allow(clippy::too_many_arguments)]
fn checklist(
    tr: Tr,
    port: u16,
    f: &Facts,
    gateway: Option<&crate::check::gateway::GatewayReport>,
    public: &PublicIpReport,
    router: &RouterOut,
    listen: &ListenerReport,
    reach: &ReachOut,
    outside: &OutsideReport,
    v6: &ipv6::Ipv6Out,
) -> Vec<Check> {
    let check = |id: &'static str, mark: Mark, summary: String| Check { id, mark, summary };
    let mut out = Vec::new();
    out.push(match (gateway, router.gateway) {
        (Some(g), Some(gw)) => {
            let lan = g
                .lan_ipv4
                .map(|ip| format!("{ip}/{}", g.prefix_len.unwrap_or(0)))
                .unwrap_or_default();
            let mark = if g.warnings.is_empty() {
                Mark::Pass
            } else {
                Mark::Warn
            };
            check(
                "network",
                mark,
                tr.doctor_network(&gw.to_string(), &g.interface.name, &lan),
            )
        }
        _ => check("network", Mark::Fail, tr.doctor_no_gateway().into()),
    });
    out.push(match (public.ipv4, public.status_v4) {
        (Some(ip), Status::Agreed) => check(
            "public_ip",
            Mark::Pass,
            tr.doctor_public(&ip.to_string(), public.agreed),
        ),
        (Some(ip), _) => check(
            "public_ip",
            Mark::Warn,
            tr.doctor_public_unconfirmed(&ip.to_string()),
        ),
        (None, Status::Disagree) => check("public_ip", Mark::Fail, tr.disagree().into()),
        (None, _) => check("public_ip", Mark::Fail, tr.no_answer().into()),
    });
    out.push(ipv6::check(tr, port, v6, public.ipv6));
    let mut methods = Vec::new();
    if router.upnp == Offer::Available {
        methods.push("UPnP IGD");
    }
    if router.natpmp_pcp == Offer::Available {
        methods.push("NAT-PMP/PCP");
    }
    out.push(if router.gateway.is_none() {
        check("router", Mark::Skip, tr.doctor_no_gateway().into())
    } else if methods.is_empty() && router.upnp != Offer::NotAsked {
        check("router", Mark::Warn, tr.doctor_no_automation().into())
    } else {
        let name = [router.manufacturer.as_deref(), router.model.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let name = if name.is_empty() {
            String::new()
        } else {
            format!(" · {name}")
        };
        let wan = router
            .wan_ip
            .map(|i| i.to_string())
            .unwrap_or_else(|| tr.none().into());
        check(
            "router",
            Mark::Pass,
            tr.doctor_router(&methods.join(", "), &name, &wan),
        )
    });
    out.push(check(
        "nat",
        match f.nat {
            NatVerdict::None | NatVerdict::Single => Mark::Pass,
            NatVerdict::Double | NatVerdict::Cgnat => Mark::Fail,
            NatVerdict::Unknown => Mark::Warn,
        },
        tr.nat_verdict(f.nat).into(),
    ));
    let addrs = listen
        .addresses
        .iter()
        .map(|a| a.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let state = serde_json::to_value(listen.state)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut summary = tr.doctor_listener(&state, &addrs);
    if !listen.processes.is_empty() {
        let who = listen
            .processes
            .iter()
            .map(|p| format!("{} (pid {})", p.name, p.pid))
            .collect::<Vec<_>>()
            .join(", ");
        summary.push_str(&format!(" — {who}"));
    }
    out.push(check(
        "server",
        match listen.state {
            ListenerState::AllAddresses | ListenerState::TargetAddress => Mark::Pass,
            ListenerState::Unknown => Mark::Warn,
            _ => Mark::Fail,
        },
        summary,
    ));
    let lan = router
        .gateway
        .and(gateway.and_then(|g| g.lan_ipv4))
        .map(|ip| format!("{ip}:{port}"))
        .unwrap_or_default();
    let ext = format!(
        "{}:{port}",
        router
            .wan_ip
            .map(|i| i.to_string())
            .unwrap_or_else(|| "?".into())
    );
    out.push(match &f.mapping {
        Mapping::Present => check("forward", Mark::Pass, tr.doctor_mapping_present(&ext, &lan)),
        Mapping::Created {
            method,
            lease_seconds,
        } => check(
            "forward",
            Mark::Pass,
            tr.doctor_mapping_created(method.label(), &tr.lease(*lease_seconds)),
        ),
        Mapping::Missing => check("forward", Mark::Fail, tr.doctor_mapping_missing(port)),
        Mapping::TakenBy(h) => check("forward", Mark::Fail, tr.doctor_mapping_taken(h)),
        Mapping::Failed(f) => check(
            "forward",
            Mark::Fail,
            tr.doctor_mapping_failed(&failures(f, tr)),
        ),
        Mapping::Unknown => check("forward", Mark::Warn, tr.doctor_mapping_unknown().into()),
    });
    let result = tr.reach_word(reach.result);
    out.push(check(
        "outside",
        match outside.result {
            Agreed::Open if outside.proven => Mark::Pass,
            Agreed::Open | Agreed::Unknown | Agreed::Disagree => Mark::Warn,
            Agreed::NotAsked => Mark::Skip,
            _ => Mark::Fail,
        },
        tr.outside_summary(outside),
    ));
    if !outside.answered() {
        out.push(match reach.result {
            Reach::NotTried => check("reach", Mark::Skip, tr.doctor_reach_skipped().into()),
            Reach::Reachable => check("reach", Mark::Pass, tr.doctor_reach(&reach.target, result)),
            _ => check("reach", Mark::Warn, tr.doctor_reach(&reach.target, result)),
        });
    }
    out
}

const COL: usize = 16;

pub fn render(r: &DoctorReport, style: Style, tr: Tr) -> String {
    let mut out = format!("{}\n\n", style.bold(&tr.doctor_title(r.port)));
    for c in &r.checks {
        out.push_str(&format!(
            "  {} {}{}\n",
            c.mark.symbol(style),
            style.bold(&pad(tr.check_label(c.id), COL)),
            c.summary
        ));
    }
    let v = tr.doctor_verdict(r.verdict);
    out.push_str(&format!(
        "\n{}: {}\n",
        style.bold(tr.doctor_verdict_label()),
        if r.verdict.is_ok() {
            style.ok(v)
        } else {
            style.bad(v)
        }
    ));
    if !r.causes.is_empty() {
        out.push_str(&format!("\n{}\n", style.bold(tr.doctor_causes_title())));
        for (i, c) in r.causes.iter().enumerate() {
            out.push_str(&format!(
                "  {}. [{}] {}\n",
                i + 1,
                tr.likelihood(c.likelihood),
                c.text
            ));
        }
    }
    out.push_str(&format!("\n{}\n", style.bold(tr.next_steps())));
    for (i, s) in r.next_steps.iter().enumerate() {
        out.push_str(&format!("  {}. {}\n", i + 1, s.text));
    }
    if let Some(g) = &r.manual_guide {
        out.push('\n');
        out.push_str(&crate::cmd::guide::render_guide(g, style, tr));
    }
    if !r.warnings.is_empty() {
        out.push('\n');
        render_warnings(&mut out, &r.warnings, style, tr);
    }
    if !r.forwarded {
        out.push_str(&format!("\n{}\n", style.dim(tr.doctor_forward_note())));
    }
    out
}
