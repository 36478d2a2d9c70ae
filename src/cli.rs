//! The command line, as clap definitions. No I/O here.

use crate::duration::parse_timeout;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::time::Duration;

const ABOUT: &str = "Run a server at home and reach it from another network: \
public IP, router, port forwarding, reachability — explained.";

#[derive(Debug, Parser)]
#[command(name = "netcheck", version, about = ABOUT, after_help = crate::exit::EXIT_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every command understands.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Print exactly one JSON document on stdout (errors too)
    #[arg(long, global = true)]
    pub json: bool,

    /// When to use color: auto = a terminal, NO_COLOR unset or empty, TERM not dumb
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    /// Language of the output and of --help: en or ko. Default: NETCHECK_LANG, else LC_ALL / LC_MESSAGES / LANG, else the OS display language (Windows, macOS)
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,

    /// Budget for all network waits of the command (3s, 500ms, 1m)
    #[arg(long, global = true, value_parser = parse_timeout, default_value = "3s", value_name = "DURATION", allow_hyphen_values = true)]
    pub timeout: Duration,

    /// Show per-probe detail: each source, its answer or error, its time
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Ko,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find this network's public (external) IP address — replaces visiting an echo website
    #[command(name = "public-ip", after_help = crate::exit::EXIT_HELP)]
    PublicIp(PublicIpArgs),

    /// Show the default interface, LAN address, router and its admin page — replaces ipconfig / route / ifconfig
    #[command(after_help = crate::exit::EXIT_HELP)]
    Gateway(GatewayArgs),

    /// Run a small HTTP server for the GET/POST test — stands in for a Flask test app
    #[command(after_help = crate::exit::EXIT_HELP)]
    Serve(ServeArgs),

    /// Test a server step by step (DNS, TCP, HTTP GET and POST) and say in plain words why it fails
    #[command(after_help = crate::exit::EXIT_HELP)]
    Probe(ProbeArgs),

    /// Open a port on the router (UPnP IGD, NAT-PMP or PCP) — or print a filled-in guide for its admin page
    #[command(after_help = crate::exit::EXIT_HELP)]
    Forward(ForwardArgs),

    /// Everything at once: can others reach this port, and if not, what to do next
    #[command(after_help = crate::exit::EXIT_HELP)]
    Doctor(DoctorArgs),

    /// The outside half: run on a machine with a public address; answers callers' addresses and checks their ports from outside
    #[command(after_help = crate::exit::EXIT_HELP)]
    Reflector(ReflectorArgs),

    /// NAT type: how the router maps and filters UDP (RFC 4787/5780), as Xbox, PlayStation and P2P apps see it
    #[command(after_help = crate::exit::EXIT_HELP)]
    Nat(NatArgs),

    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    #[command(after_help = crate::exit::EXIT_HELP)]
    Completions(CompletionsArgs),

    /// Print the manual page (roff), or write every page to a directory
    #[command(after_help = crate::exit::EXIT_HELP)]
    Man(ManArgs),
}

#[derive(Debug, Args, Clone)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args, Clone)]
pub struct ManArgs {
    /// Print the page of this command (default: netcheck's own page)
    #[arg(value_name = "COMMAND", conflicts_with = "out_dir")]
    pub command: Option<String>,

    /// Write every page (netcheck.1, netcheck-<command>.1) to this directory instead of stdout
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<std::path::PathBuf>,
}

/// Which vantages the outside check asks (doctor).
#[derive(Debug, Args, Clone, Default)]
pub struct OutsideArgs {
    /// Ask this vantage outside the network to connect back (repeatable): a netcheck reflector URL
    /// (http://HOST:PORT, https://HOST) or an echoip-compatible checker (echoip:https://HOST).
    /// Without it, NETCHECK_VANTAGES (comma-separated) does the same, else the public defaults
    #[arg(long = "from", value_name = "VANTAGE", conflicts_with = "no_outside")]
    pub from: Vec<String>,

    /// Ask no vantage: nothing is sent outside this network for the reachability check
    #[arg(long)]
    pub no_outside: bool,
}

impl OutsideArgs {
    /// None with `--no-outside`; else `--from`, else `NETCHECK_VANTAGES`, else the defaults.
    pub fn resolve(&self) -> Result<Option<Vec<crate::net::vantages::Vantage>>, String> {
        if self.no_outside {
            return Ok(None);
        }
        let env = std::env::var("NETCHECK_VANTAGES").ok();
        crate::net::vantages::resolve(&self.from, env.as_deref()).map(Some)
    }
}

/// The reflector's default port.
pub const REFLECTOR_PORT: u16 = 8765;

/// `netcheck reflector`: connects back to callers, and to nothing else.
#[derive(Debug, Args, Clone)]
pub struct ReflectorArgs {
    /// TCP port to listen on (1-65535)
    #[arg(long, short = 'p', default_value_t = REFLECTOR_PORT, value_parser = parse_port, allow_hyphen_values = true, value_name = "PORT")]
    pub port: u16,

    /// Listen on this address only (default: all IPv4 and IPv6 addresses)
    #[arg(long, value_parser = parse_bind, value_name = "ADDR")]
    pub bind: Option<std::net::IpAddr>,

    /// Checks one source address may ask for per minute (token bucket); beyond it HTTP 429 with Retry-After
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=10000), value_name = "N")]
    pub checks_per_minute: u32,

    /// At most this many checks run at once; more get HTTP 503 with Retry-After
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=10000), value_name = "N")]
    pub max_checks: u32,

    /// How long a connect-back (TCP connect, UDP echo) may take; the HTTP exchange gets the same again
    #[arg(long, value_parser = parse_timeout, default_value = "2s", value_name = "DURATION", allow_hyphen_values = true)]
    pub connect_timeout: Duration,

    /// At most this many connections at once; more wait until one ends
    #[arg(long, default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=65536), value_name = "N")]
    pub max_connections: u32,

    /// A client must send its request head, and then its body, within this time
    #[arg(long, value_parser = parse_timeout, default_value = "5s", value_name = "DURATION", allow_hyphen_values = true)]
    pub request_timeout: Duration,

    /// Behind a reverse proxy: believe X-Forwarded-For only from this address (repeatable). Without it the header is ignored
    #[arg(long, value_parser = parse_bind, value_name = "ADDR")]
    pub trust_proxy: Vec<std::net::IpAddr>,

    /// Serve HTTPS with this certificate chain (PEM; with --tls-key), so vantages can be https://
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<std::path::PathBuf>,

    /// The private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1)
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<std::path::PathBuf>,
}

/// `netcheck nat`.
#[derive(Debug, Args, Clone)]
pub struct NatArgs {
    /// STUN server to test with (repeatable): stun:HOST:PORT. Use servers that support RFC 5780
    /// (two addresses); two or more also show whether the mapping varies by destination.
    /// Without it, NETCHECK_STUN (comma-separated) does the same, else a built-in public list
    #[arg(long = "stun", value_name = "SERVER")]
    pub stun: Vec<String>,

    /// Also test hairpinning (a packet to this network's own public address comes back)
    #[arg(long)]
    pub hairpin: bool,

    /// Also measure how long an idle UDP mapping lives (takes up to 2 minutes)
    #[arg(long)]
    pub lifetime: bool,

    /// IPv4 only
    #[arg(short = '4', long = "ipv4", conflicts_with = "ipv6")]
    pub ipv4: bool,

    /// IPv6 only
    #[arg(short = '6', long = "ipv6")]
    pub ipv6: bool,
}

impl NatArgs {
    /// `--stun` values, else `NETCHECK_STUN` split on commas, else the defaults.
    pub fn resolve(&self) -> Result<Vec<crate::net::stun_servers::Server>, String> {
        let list: Vec<String> = if !self.stun.is_empty() {
            self.stun.clone()
        } else if let Ok(v) = std::env::var("NETCHECK_STUN") {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        } else {
            crate::net::stun_servers::DEFAULT_SERVERS
                .iter()
                .map(|s| s.to_string())
                .collect()
        };
        if list.is_empty() {
            return Err("NETCHECK_STUN is empty: give at least one stun:HOST:PORT".into());
        }
        list.iter()
            .map(|s| crate::net::stun_servers::parse_server(s))
            .collect()
    }
}

#[derive(Debug, Args, Clone)]
pub struct PublicIpArgs {
    #[command(flatten)]
    pub sources: SourceArgs,

    /// IPv4 only
    #[arg(short = '4', long = "ipv4", conflicts_with = "ipv6")]
    pub ipv4: bool,

    /// IPv6 only
    #[arg(short = '6', long = "ipv6")]
    pub ipv6: bool,
}

/// Where the public IP is asked (shared by every command that needs it).
#[derive(Debug, Args, Clone, Default)]
pub struct SourceArgs {
    /// Ask this public-IP source instead of the defaults (repeatable): http://…, https://…, stun:HOST:PORT.
    /// If not given, NETCHECK_SOURCES (comma-separated) is used, else the built-in list
    #[arg(long = "source", value_name = "SRC")]
    pub sources: Vec<String>,
}

impl SourceArgs {
    /// `--source` values, else `NETCHECK_SOURCES` split on commas, else the defaults.
    pub fn resolve(&self) -> Result<Vec<crate::net::sources::Source>, String> {
        let env = std::env::var("NETCHECK_SOURCES").ok();
        crate::net::sources::resolve(&self.sources, env.as_deref())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProtocolArg {
    Tcp,
    Udp,
    Both,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    Auto,
    Upnp,
    Natpmp,
    Pcp,
    Manual,
}

#[derive(Debug, Args, Clone)]
pub struct ForwardArgs {
    /// The port your server listens on (internal port)
    #[arg(long, value_parser = parse_port, allow_hyphen_values = true, required_unless_present = "list")]
    pub port: Option<u16>,

    /// The port the internet connects to (default: --port)
    #[arg(long, value_parser = parse_port, allow_hyphen_values = true)]
    pub external_port: Option<u16>,

    /// Protocol to forward; an HTTP server needs only tcp
    #[arg(long, value_enum, default_value_t = ProtocolArg::Tcp)]
    pub protocol: ProtocolArg,

    /// How long the router keeps the mapping (1h, 30m; at least 1s, whole seconds; 0 = permanent, removed only with --remove)
    #[arg(long, value_parser = crate::duration::parse_lease, default_value = "1h", value_name = "DURATION", allow_hyphen_values = true)]
    pub lease: Duration,

    /// The rule's description on the router (default: "netcheck <port>")
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    /// auto tries UPnP, NAT-PMP and PCP at once and uses the first that works; manual only prints the router-page guide
    #[arg(long, value_enum, default_value_t = MethodArg::Auto)]
    pub method: MethodArg,

    /// The LAN address to forward to (default: this machine's, on the interface facing the router; UPnP only)
    #[arg(long, value_name = "IP", value_parser = parse_ipv4)]
    pub internal_ip: Option<std::net::Ipv4Addr>,

    /// List the router's port mappings (UPnP)
    #[arg(long, conflicts_with_all = ["remove", "keep"])]
    pub list: bool,

    /// Remove the mapping of --port (or --external-port)
    #[arg(long, conflicts_with = "keep")]
    pub remove: bool,

    /// Stay in the foreground: renew the mapping, re-create it after a router reboot, remove it on Ctrl+C
    #[arg(long)]
    pub keep: bool,

    /// IPv6: open a pinhole in the router's firewall to this host's stable global IPv6 address
    /// (UPnP IGDv2 or PCP); with --list / --remove: the pinholes netcheck recorded
    #[arg(long)]
    pub ipv6: bool,

    #[command(flatten)]
    pub sources: SourceArgs,
}

#[derive(Debug, Args, Clone)]
pub struct DoctorArgs {
    /// The port your server listens on
    #[arg(long, value_parser = parse_port, allow_hyphen_values = true, default_value = "5000")]
    pub port: u16,

    /// Also create the port forward (UPnP / NAT-PMP / PCP). Without it, doctor changes nothing
    #[arg(long)]
    pub forward: bool,

    /// Lease of the mapping created with --forward (at least 1s, whole seconds; 0 = permanent)
    #[arg(long, value_parser = crate::duration::parse_lease, default_value = "1h", value_name = "DURATION", allow_hyphen_values = true)]
    pub lease: Duration,

    #[command(flatten)]
    pub sources: SourceArgs,

    #[command(flatten)]
    pub outside: OutsideArgs,
}

/// `--lang` as written on the command line, before clap parses it (so that
/// `--help` and usage errors can speak the language). Stops at `--`; an
/// unknown value is left for clap to reject.
pub fn lang_in_args(args: &[std::ffi::OsString]) -> Option<LangArg> {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    let mut found = None;
    while let Some(a) = it.next() {
        let value = if a == "--" {
            break;
        } else if a == "--lang" {
            it.next().map(|v| v.into_owned())
        } else if let Some(v) = a.strip_prefix("--lang=") {
            Some(v.to_string())
        } else {
            continue;
        };
        found = match value.as_deref() {
            Some("en") => Some(LangArg::En),
            Some("ko") => Some(LangArg::Ko),
            _ => found,
        };
    }
    found
}

/// An IPv4 address. The error names the value.
pub fn parse_ipv4(s: &str) -> Result<std::net::Ipv4Addr, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("'{s}' is not an IPv4 address"))
}

#[derive(Debug, Args, Clone)]
pub struct GatewayArgs {
    /// Show every interface, flagging VPN / tunnel / docker / bridge ones
    #[arg(long)]
    pub all: bool,
}

/// A TCP/UDP port, 1-65535. The error names the value.
pub fn parse_port(s: &str) -> Result<u16, String> {
    match s.trim().parse::<u32>() {
        Ok(p @ 1..=65535) => Ok(p as u16),
        _ => Err(format!("'{s}' is not a port (1-65535)")),
    }
}

/// `netcheck serve`: the guide's Flask app, without writing it.
#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// TCP port to listen on (1-65535)
    #[arg(long, short = 'p', default_value = "5000", value_parser = parse_port, allow_hyphen_values = true, value_name = "PORT")]
    pub port: u16,

    /// Listen on this address only (default: all IPv4 and IPv6 addresses)
    #[arg(long, value_parser = parse_bind, value_name = "ADDR")]
    pub bind: Option<std::net::IpAddr>,

    /// Do not look up the public IP at start (no traffic to public-IP services)
    #[arg(long)]
    pub no_public_ip: bool,

    #[command(flatten)]
    pub sources: SourceArgs,

    /// At most this many connections at once; more wait until one ends
    #[arg(long, default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=65536), value_name = "N")]
    pub max_connections: u32,

    /// A client must send its request head, and then its body, within this time (slowloris guard; also the keep-alive idle limit)
    #[arg(long, value_parser = parse_timeout, default_value = "10s", value_name = "DURATION", allow_hyphen_values = true)]
    pub request_timeout: Duration,

    /// Also answer a reflector's UDP check on the same port number (echoes only netcheck's nonce datagrams, never more bytes than received)
    #[arg(long)]
    pub udp: bool,
}

/// `netcheck probe`: the guide's `requests` client, step by step.
#[derive(Debug, Args, Clone)]
pub struct ProbeArgs {
    /// IP address, host name, or http:// / https:// URL of the server
    #[arg(value_name = "TARGET")]
    pub target: String,

    /// TCP port (default: the URL's port, else 5000 — the guide's Flask port)
    #[arg(long, short = 'p', value_parser = parse_port, allow_hyphen_values = true, value_name = "PORT")]
    pub port: Option<u16>,

    /// Path (and query) to request (default: the URL's path, else /)
    #[arg(long, value_name = "PATH")]
    pub path: Option<String>,

    /// Which requests to send
    #[arg(long, value_enum, default_value_t = ProbeMethod::Both, value_name = "METHOD")]
    pub method: ProbeMethod,

    /// JSON body to POST instead of the default one with a random nonce
    #[arg(long, value_parser = parse_json_data, value_name = "JSON", allow_hyphen_values = true)]
    pub data: Option<String>,

    /// Repeat the whole exchange this many times (1-100) and report min / median / max
    #[arg(long, short = 'c', default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100), value_name = "N", allow_hyphen_values = true)]
    pub count: u32,

    /// Ask this vantage outside the network to check the port instead (repeatable):
    /// a netcheck reflector URL (http://HOST:PORT) or echoip:URL. NETCHECK_VANTAGES does not apply here
    #[arg(long = "from", value_name = "VANTAGE")]
    pub from: Vec<String>,

    /// With --from: the UDP check (the server must run `netcheck serve --udp`)
    #[arg(long, requires = "from")]
    pub udp: bool,
}

/// `--bind` values: an IPv4 or IPv6 address (`[::1]` too), or `localhost`.
pub fn parse_bind(s: &str) -> Result<std::net::IpAddr, String> {
    let t = s.trim();
    if t.eq_ignore_ascii_case("localhost") {
        return Ok(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
    }
    let inner = t
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .unwrap_or(t);
    inner.parse::<std::net::IpAddr>().map_err(|_| {
        format!("'{s}' is not an IP address (examples: 0.0.0.0, ::, 127.0.0.1, 192.168.0.10)")
    })
}

/// `--data` values: must be JSON; the error names the problem.
pub fn parse_json_data(s: &str) -> Result<String, String> {
    serde_json::from_str::<serde_json::Value>(s)
        .map(|_| s.to_string())
        .map_err(|e| format!("'{s}' is not valid JSON: {e}"))
}

/// Which requests to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum ProbeMethod {
    Get,
    Post,
    Both,
}

impl ProbeMethod {
    pub fn get(self) -> bool {
        matches!(self, ProbeMethod::Get | ProbeMethod::Both)
    }
    pub fn post(self) -> bool {
        matches!(self, ProbeMethod::Post | ProbeMethod::Both)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn ports() {
        assert_eq!(parse_port("5000"), Ok(5000));
        assert_eq!(parse_port("65535"), Ok(65535));
        for bad in ["0", "65536", "-1", "abc", "", "5000x"] {
            assert!(parse_port(bad).unwrap_err().contains(bad), "{bad}");
        }
    }

    #[test]
    fn global_flags_after_subcommand() {
        let cli =
            Cli::try_parse_from(["netcheck", "gateway", "--json", "--timeout", "500ms"]).unwrap();
        assert!(cli.global.json);
        assert_eq!(cli.global.timeout, Duration::from_millis(500));
    }

    #[test]
    fn lang_is_found_before_parsing() {
        let args = |v: &[&str]| -> Vec<std::ffi::OsString> {
            std::iter::once("netcheck")
                .chain(v.iter().copied())
                .map(Into::into)
                .collect()
        };
        assert_eq!(
            lang_in_args(&args(&["--lang", "ko", "gateway"])),
            Some(LangArg::Ko)
        );
        assert_eq!(
            lang_in_args(&args(&["gateway", "--lang=ko"])),
            Some(LangArg::Ko)
        );
        assert_eq!(
            lang_in_args(&args(&["--lang", "ko", "doctor", "--lang", "en"])),
            Some(LangArg::En)
        );
        assert_eq!(lang_in_args(&args(&["gateway"])), None);
        assert_eq!(lang_in_args(&args(&["gateway", "--lang", "fr"])), None);
        assert_eq!(lang_in_args(&args(&["--lang"])), None);
        assert_eq!(lang_in_args(&args(&["probe", "--", "--lang", "ko"])), None);
    }

    #[test]
    fn bad_values_are_rejected_by_name() {
        for args in [
            vec!["netcheck", "gateway", "--timeout", "1x"],
            vec!["netcheck", "gateway", "--timeout", "-1s"],
            vec!["netcheck", "gateway", "--lang", "fr"],
            vec!["netcheck", "gateway", "--color", "sometimes"],
        ] {
            let err = Cli::try_parse_from(&args).unwrap_err().to_string();
            assert!(err.contains(args[3]), "{args:?}: {err}");
        }
    }
}
