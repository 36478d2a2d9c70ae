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

    /// When to use colour: auto = a terminal, NO_COLOR unset, TERM not dumb
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    /// Language of the output (default: from LC_ALL / LC_MESSAGES / LANG)
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
}

#[derive(Debug, Args, Clone)]
pub struct PublicIpArgs {
    /// Ask this source instead of the defaults (repeatable): http://…, https://…, stun:HOST:PORT
    #[arg(
        long = "source",
        value_name = "SRC",
        env = "NETCHECK_SOURCES",
        value_delimiter = ','
    )]
    pub sources: Vec<String>,

    /// IPv4 only
    #[arg(short = '4', long = "ipv4", conflicts_with = "ipv6")]
    pub ipv4: bool,

    /// IPv6 only
    #[arg(short = '6', long = "ipv6")]
    pub ipv6: bool,
}

#[derive(Debug, Args, Clone)]
pub struct GatewayArgs {
    /// Show every interface, flagging VPN / tunnel / docker / bridge ones
    #[arg(long)]
    pub all: bool,
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
    fn global_flags_after_subcommand() {
        let cli =
            Cli::try_parse_from(["netcheck", "gateway", "--json", "--timeout", "500ms"]).unwrap();
        assert!(cli.global.json);
        assert_eq!(cli.global.timeout, Duration::from_millis(500));
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
