//! `netcheck serve`: a small HTTP server standing in for the guide's Flask
//! app. GET echoes the request, POST echoes the body back with its length and
//! SHA-256 (so `netcheck probe` can verify the round trip), everything is JSON.
//!
//! Output: the startup information (URLs to try, the probe command to run
//! from the other network) goes to stdout — with `--json` as exactly one
//! JSON line. Each request is logged on stderr, one line each (JSON lines
//! with `--json`). Ctrl-C or SIGTERM stop the server cleanly (exit 0).

pub mod handler;
pub mod udp;
pub use crate::net::echo_wire as wire;

use crate::cli::ServeArgs;
use crate::cmd::listen::{
    MAX_HEAD_BYTES, MAX_HEADERS, bind_error, notice_line, open_listeners, write_log_line,
};
use crate::cmd::{Worded, render_worded};
use crate::config::Ctx;
use crate::error::AppError;
use crate::exit::Exit;
use crate::i18n::Tr;
use crate::net::Family;
use crate::output::{Spinner, Style, pad};
use crate::sys::log::{self, RequestLog};
use crate::sys::signal::Stop;
use crate::sys::web::server::{self, Handler, Limits, LogEntry, Notice};
use serde::Serialize;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Where the public-IP lookup at start stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicIpState {
    /// `--no-public-ip`, or bound to loopback (nobody outside could connect anyway).
    NotAsked,
    Found,
    NotFound,
}

#[derive(Debug, Clone, Serialize)]
pub struct Urls {
    /// From this machine.
    pub local: String,
    /// From another device on the same network.
    pub lan: Option<String>,
    /// From another network (needs a port forward when behind NAT).
    pub public: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LimitsOut {
    pub max_body_bytes: usize,
    pub max_header_bytes: usize,
    pub max_headers: usize,
    pub max_connections: usize,
    pub request_timeout_ms: u64,
}

/// What `serve` prints once it listens.
#[derive(Debug, Clone, Serialize)]
pub struct ServeInfo {
    /// Always `"listening"`.
    pub event: &'static str,
    pub version: &'static str,
    pub port: u16,
    /// The `--bind` address; null = all addresses.
    pub bind: Option<IpAddr>,
    /// The sockets actually listening.
    pub listening: Vec<SocketAddr>,
    /// Also listening on IPv6.
    pub ipv6: bool,
    /// Only this machine can connect.
    pub loopback_only: bool,
    pub lan_ipv4: Option<Ipv4Addr>,
    pub public_ipv4: Option<IpAddr>,
    pub public_ip: PublicIpState,
    /// The public address differs from the LAN one: the router must forward the port.
    pub needs_port_forward: bool,
    pub urls: Urls,
    /// The command to run on the other machine.
    pub probe_command: String,
    pub limits: LimitsOut,
    #[serde(serialize_with = "crate::cmd::english")]
    pub warnings: Vec<ServeWarning>,
}

/// What may keep other machines from reaching the server, as facts with
/// stable codes; worded when rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServeWarning {
    /// Bound to a loopback address: only this machine can connect.
    LoopbackOnly { local: IpAddr },
    /// The public address could not be found.
    PublicIpUnknown,
}

impl Worded for ServeWarning {
    fn code(&self) -> &'static str {
        match self {
            ServeWarning::LoopbackOnly { .. } => "loopback_only",
            ServeWarning::PublicIpUnknown => "public_ip_unknown",
        }
    }
    fn words(&self, tr: Tr) -> String {
        match self {
            ServeWarning::LoopbackOnly { local } => tr.serve_warn_loopback(&local.to_string()),
            ServeWarning::PublicIpUnknown => tr.serve_warn_no_public().to_string(),
        }
    }
}

/// The facts `build_info` needs, gathered at start.
#[derive(Debug, Clone)]
pub struct Facts {
    pub port: u16,
    pub bind: Option<IpAddr>,
    pub listening: Vec<SocketAddr>,
    pub lan_ipv4: Option<Ipv4Addr>,
    pub public: PublicIpState,
    pub public_ipv4: Option<IpAddr>,
    pub limits: Limits,
}

fn url(ip: IpAddr, port: u16) -> String {
    format!("http://{}/", SocketAddr::new(ip, port))
}

fn host_arg(ip: IpAddr) -> String {
    ip.to_string()
}

/// Pure: the startup information from the facts.
pub fn build_info(f: &Facts) -> ServeInfo {
    let specific = f.bind.filter(|ip| !ip.is_unspecified());
    let loopback_only = specific.is_some_and(|ip| ip.is_loopback());
    let local_ip = match specific {
        Some(ip) => ip,
        None => IpAddr::V4(Ipv4Addr::LOCALHOST),
    };
    let lan_ip: Option<IpAddr> = match specific {
        Some(ip) if ip.is_loopback() => None,
        Some(ip) => Some(ip),
        None => f.lan_ipv4.map(IpAddr::V4),
    };
    let public = f.public_ipv4.filter(|_| !loopback_only);
    let needs_port_forward = match (public, lan_ip) {
        (Some(p), Some(l)) => p != l,
        _ => false,
    };
    let target = public.or(lan_ip).unwrap_or(local_ip);
    let probe_command = format!("netcheck probe {} --port {}", host_arg(target), f.port);
    let mut warnings = Vec::new();
    if loopback_only {
        warnings.push(ServeWarning::LoopbackOnly { local: local_ip });
    }
    if f.public == PublicIpState::NotFound {
        warnings.push(ServeWarning::PublicIpUnknown);
    }
    ServeInfo {
        event: "listening",
        version: env!("CARGO_PKG_VERSION"),
        port: f.port,
        bind: f.bind,
        listening: f.listening.clone(),
        ipv6: f.listening.iter().any(SocketAddr::is_ipv6),
        loopback_only,
        lan_ipv4: f.lan_ipv4,
        public_ipv4: public,
        public_ip: f.public,
        needs_port_forward,
        urls: Urls {
            local: url(local_ip, f.port),
            lan: lan_ip.map(|ip| url(ip, f.port)),
            public: public.map(|ip| url(ip, f.port)),
        },
        probe_command,
        limits: LimitsOut {
            max_body_bytes: f.limits.max_body_bytes,
            max_header_bytes: f.limits.max_head_bytes,
            max_headers: f.limits.max_headers,
            max_connections: f.limits.max_connections,
            request_timeout_ms: f.limits.request_timeout.as_millis() as u64,
        },
        warnings,
    }
}

const COL: usize = 18;

/// Pure: the startup information for people.
pub fn render(i: &ServeInfo, style: Style, tr: Tr) -> String {
    let mut out = String::new();
    let where_ = match i.bind {
        None => tr.serve_all_addresses(i.ipv6).to_string(),
        Some(IpAddr::V4(ip)) if ip.is_unspecified() => format!("{}, {ip}", tr.serve_all_ipv4()),
        Some(IpAddr::V6(ip)) if ip.is_unspecified() => {
            format!("{}, {ip}", tr.serve_all_addresses(true))
        }
        Some(ip) => ip.to_string(),
    };
    out.push_str(&format!(
        "{}\n\n",
        style.bold(&tr.serve_listening(i.port, &where_))
    ));
    let mut line = |label: &str, value: String| {
        out.push_str(&format!("  {}{value}\n", style.bold(&pad(label, COL))));
    };
    line(tr.serve_label_local(), i.urls.local.clone());
    if let Some(lan) = &i.urls.lan {
        line(tr.serve_label_lan(), style.ok(lan));
    }
    match (&i.urls.public, i.public_ip) {
        (Some(p), _) => line(tr.serve_label_public(), style.ok(p)),
        (None, PublicIpState::NotFound) => line(
            tr.serve_label_public(),
            style.warn(tr.serve_public_unknown()),
        ),
        _ => {}
    }
    out.push('\n');
    if i.loopback_only {
        out.push_str(&format!("{}\n", tr.serve_try_here()));
    } else {
        out.push_str(&format!(
            "{}\n",
            tr.serve_try_from_other(i.urls.public.is_some())
        ));
    }
    out.push_str(&format!("  {}\n", style.bold(&i.probe_command)));
    if i.needs_port_forward
        && let (Some(public), Some(lan)) = (i.public_ipv4, i.lan_ipv4)
    {
        out.push_str(&format!(
            "\n{}\n",
            tr.serve_needs_forward(&public.to_string(), &lan.to_string(), i.port)
        ));
    }
    if !i.warnings.is_empty() {
        out.push('\n');
        render_worded(&mut out, &i.warnings, style, tr);
    }
    out.push_str(&format!(
        "\n{}\n",
        style.dim(&tr.serve_limits(
            i.limits.max_body_bytes / 1024,
            i.limits.max_connections,
            i.limits.request_timeout_ms
        ))
    ));
    out
}

pub fn run(ctx: &Ctx, args: &ServeArgs) -> Result<Exit, AppError> {
    let tr = Tr(ctx.lang);
    let loopback_bind = args.bind.is_some_and(|ip| ip.is_loopback());
    let ask_public = !args.no_public_ip && !loopback_bind;
    let sources = if ask_public {
        Some(args.sources.resolve().map_err(crate::cmd::bad_input)?)
    } else {
        None
    };
    let limits = Limits {
        max_connections: args.max_connections as usize,
        request_timeout: args.request_timeout,
        max_head_bytes: MAX_HEAD_BYTES,
        max_headers: MAX_HEADERS,
        max_body_bytes: handler::MAX_BODY,
    };
    let (listeners, listening) = open_listeners(args.bind, args.port)?;
    let udp_sockets = if args.udp {
        udp::open(args.bind, args.port).map_err(|e| bind_error(&e))?
    } else {
        Vec::new()
    };

    let rt = crate::sys::runtime::runtime()?;
    let (log, log_writer) = log::start(std::io::stderr());
    let echo = Arc::new(EchoServer {
        json: ctx.json,
        tr,
        log,
    });
    let outcome: Result<(), AppError> = rt.block_on(async {
        let stop = Stop::install().map_err(|e| {
            AppError::setup(crate::error::SetupError::SignalHandler(
                crate::sys::io_failure(&e),
            ))
        })?;
        let stopped = async move {
            stop.wait().await;
        };
        let server = tokio::spawn(server::serve(listeners, limits, echo.clone(), stopped));
        let udp_tasks: Vec<_> = udp_sockets
            .into_iter()
            .filter_map(|s| tokio::net::UdpSocket::from_std(s).ok())
            .map(|s| {
                let echo = echo.clone();
                tokio::spawn(udp::echo_loop(s, move |peer, elapsed| {
                    echo.logged(&LogEntry {
                        peer,
                        method: "UDP",
                        path: "nonce",
                        status: 200,
                        elapsed,
                    })
                }))
            })
            .collect();
        let _udp_guard = udp::AbortOnDrop(udp_tasks);
        tokio::pin!(server);
        let facts = async {
            let (lan_ipv4, public, public_ipv4) = match &sources {
                Some(sources) => {
                    let spinner = Spinner::start(ctx, tr.serve_looking_up());
                    let r =
                        crate::check::public_ip::gather(sources, &[Family::Ipv4], ctx.deadline())
                            .await;
                    drop(spinner);
                    let state = if r.ipv4.is_some() {
                        PublicIpState::Found
                    } else {
                        PublicIpState::NotFound
                    };
                    (r.lan_ipv4, state, r.ipv4)
                }
                None if loopback_bind => (None, PublicIpState::NotAsked, None),
                None => {
                    let ifaces =
                        tokio::task::spawn_blocking(crate::sys::netdev_adapter::interfaces)
                            .await
                            .unwrap_or_default();
                    let lan = ifaces
                        .iter()
                        .find(|i| i.is_default)
                        .and_then(|i| i.lan_v4())
                        .map(|n| n.addr);
                    (lan, PublicIpState::NotAsked, None)
                }
            };
            Facts {
                port: args.port,
                bind: args.bind,
                listening: listening.clone(),
                lan_ipv4,
                public,
                public_ipv4,
                limits,
            }
        };
        // A stop signal during the public-IP lookup ends the server at once.
        tokio::select! {
            biased;
            _ = &mut server => return Ok(()),
            facts = facts => {
                let info = build_info(&facts);
                print_info(ctx, &info, tr);
            }
        }
        let _ = server.await;
        Ok(())
    });
    drop(rt);
    echo.say_stopped();
    drop(echo);
    let dropped = log_writer.close();
    if dropped > 0 {
        eprintln!(
            "{}",
            crate::cmd::listen::log_dropped_line(dropped, tr, ctx.json)
        );
    }
    outcome.map(|_| Exit::Ok)
}

fn print_info(ctx: &Ctx, info: &ServeInfo, tr: Tr) {
    if ctx.json {
        let line = serde_json::to_string(info).unwrap_or_else(|_| "{}".into());
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    } else {
        crate::output::emit(ctx, info, |style| render(info, style, tr));
    }
}

/// The server's handler: answers with [`handler::respond`], logs on stderr.
struct EchoServer {
    json: bool,
    tr: Tr,
    log: RequestLog,
}

impl EchoServer {
    fn send(&self, line: String) {
        self.log.line(&line);
    }

    fn say_stopped(&self) {
        let line = if self.json {
            r#"{"event":"stopped"}"#.to_string()
        } else {
            self.tr.serve_stopped().to_string()
        };
        self.send(line);
    }
}

impl Handler for EchoServer {
    fn wants_body(&self, method: &str) -> bool {
        handler::wants_body(method)
    }

    fn handle(&self, request: &server::Request<'_>) -> server::Response {
        handler::respond(request, SystemTime::now())
    }

    fn logged(&self, entry: &LogEntry<'_>) {
        // One line buffer per thread, reused: no allocation per request.
        thread_local! {
            static LINE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        LINE.with_borrow_mut(|line| {
            line.clear();
            write_log_line(line, entry, SystemTime::now(), self.json);
            self.log.line(line);
        });
    }

    fn notice(&self, notice: Notice) {
        self.send(notice_line(&notice, self.tr, self.json));
    }
}

/// Serve's default request timeout, for the docs and tests.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn limits() -> Limits {
        Limits {
            max_connections: 1024,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            max_head_bytes: MAX_HEAD_BYTES,
            max_headers: MAX_HEADERS,
            max_body_bytes: handler::MAX_BODY,
        }
    }

    fn facts(bind: Option<&str>, lan: Option<&str>, public: Option<&str>) -> Facts {
        let state = if public.is_some() {
            PublicIpState::Found
        } else {
            PublicIpState::NotAsked
        };
        Facts {
            port: 5000,
            bind: bind.map(|b| b.parse().unwrap()),
            listening: vec!["0.0.0.0:5000".parse().unwrap()],
            lan_ipv4: lan.map(|l| l.parse().unwrap()),
            public: state,
            public_ipv4: public.map(|p| p.parse().unwrap()),
            limits: limits(),
        }
    }

    use crate::cli::parse_bind;

    #[test]
    fn bind_values() {
        for (raw, want) in [
            ("0.0.0.0", "0.0.0.0"),
            ("::", "::"),
            ("[::1]", "::1"),
            ("127.0.0.1", "127.0.0.1"),
            ("localhost", "127.0.0.1"),
            (" 192.168.0.10 ", "192.168.0.10"),
        ] {
            assert_eq!(parse_bind(raw).unwrap().to_string(), want, "{raw}");
        }
        for bad in ["", "300.1.1.1", "example.com", "-1", "[::1", "1.2.3.4:80"] {
            let e = parse_bind(bad).unwrap_err();
            assert!(e.contains(&format!("'{bad}'")), "{bad}: {e}");
        }
    }

    #[test]
    fn info_table() {
        // (bind, lan, public) → (local, lan url, public url, probe target, forward, loopback)
        let cases = [
            (
                None,
                Some("192.168.99.123"),
                Some("111.222.33.123"),
                (
                    "http://127.0.0.1:5000/",
                    Some("http://192.168.99.123:5000/"),
                    Some("http://111.222.33.123:5000/"),
                    "111.222.33.123",
                    true,
                    false,
                ),
            ),
            (
                None,
                Some("192.168.99.123"),
                None,
                (
                    "http://127.0.0.1:5000/",
                    Some("http://192.168.99.123:5000/"),
                    None,
                    "192.168.99.123",
                    false,
                    false,
                ),
            ),
            (
                Some("127.0.0.1"),
                Some("192.168.99.123"),
                Some("111.222.33.123"),
                (
                    "http://127.0.0.1:5000/",
                    None,
                    None,
                    "127.0.0.1",
                    false,
                    true,
                ),
            ),
            (
                Some("::1"),
                None,
                None,
                ("http://[::1]:5000/", None, None, "::1", false, true),
            ),
            (
                Some("192.168.99.123"),
                Some("192.168.99.123"),
                None,
                (
                    "http://192.168.99.123:5000/",
                    Some("http://192.168.99.123:5000/"),
                    None,
                    "192.168.99.123",
                    false,
                    false,
                ),
            ),
            (
                None,
                Some("111.222.33.123"),
                Some("111.222.33.123"),
                (
                    "http://127.0.0.1:5000/",
                    Some("http://111.222.33.123:5000/"),
                    Some("http://111.222.33.123:5000/"),
                    "111.222.33.123",
                    false,
                    false,
                ),
            ),
        ];
        for (bind, lan, public, (local, lan_url, pub_url, target, fwd, lo)) in cases {
            let i = build_info(&facts(bind, lan, public));
            let ctx = format!("{bind:?} {lan:?} {public:?}");
            assert_eq!(i.urls.local, local, "{ctx}");
            assert_eq!(i.urls.lan.as_deref(), lan_url, "{ctx}");
            assert_eq!(i.urls.public.as_deref(), pub_url, "{ctx}");
            assert_eq!(
                i.probe_command,
                format!("netcheck probe {target} --port 5000"),
                "{ctx}"
            );
            assert_eq!(i.needs_port_forward, fwd, "{ctx}");
            assert_eq!(i.loopback_only, lo, "{ctx}");
            assert_eq!(
                i.warnings.iter().any(|w| w.code() == "loopback_only"),
                lo,
                "{ctx}"
            );
            for lang in [Lang::En, Lang::Ko] {
                let text = render(&i, Style { color: false }, Tr(lang));
                assert!(text.contains(&i.probe_command), "{text}");
            }
        }
        let mut f = facts(None, Some("192.168.99.123"), None);
        f.public = PublicIpState::NotFound;
        let i = build_info(&f);
        assert!(i.warnings.iter().any(|w| w.code() == "public_ip_unknown"));
    }
}
