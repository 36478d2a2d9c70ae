//! Dispatch: parse, build the context, run the command, print any error.

use crate::cli::{Cli, Command};
use crate::config::{Ctx, lang_from_env};
use crate::error::{AppError, ErrorKind};
use crate::exit::Exit;
use crate::i18n::Tr;
use clap::Parser;
use std::process::ExitCode;

pub fn main_entry() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let ctx = Ctx::from_args(&cli.global);
    match run(&cli, &ctx) {
        Ok(exit) => exit.into(),
        Err(err) => {
            crate::output::emit_error(ctx.json, ctx.color, Tr(ctx.lang), &err);
            err.kind.exit().into()
        }
    }
}

pub fn run(cli: &Cli, ctx: &Ctx) -> Result<Exit, AppError> {
    match &cli.command {
        Command::PublicIp(args) => crate::cmd::public_ip::run(ctx, args),
        Command::Gateway(args) => crate::cmd::gateway::run(ctx, args.all),
        Command::Serve(args) => crate::cmd::serve::run(ctx, args),
        Command::Probe(args) => crate::cmd::probe::run(ctx, args),
        Command::Forward(args) => crate::cmd::forward::run(ctx, args),
        Command::Doctor(args) => crate::cmd::doctor::run(ctx, args),
        Command::Nat(args) => crate::cmd::nat::run(ctx, args),
    }
}

/// clap's errors: help and version print as usual (exit 0); real usage errors
/// exit 2, as a JSON error document when `--json` is on the command line.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind as K;
    if matches!(
        e.kind(),
        K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return if e.kind() == K::DisplayHelpOnMissingArgumentOrSubcommand {
            Exit::Usage.into()
        } else {
            Exit::Ok.into()
        };
    }
    let wants_json = std::env::args_os().any(|a| a == "--json");
    if wants_json {
        let message = e
            .render()
            .to_string()
            .lines()
            .next()
            .unwrap_or("usage error")
            .trim_start_matches("error: ")
            .to_string();
        let err = AppError::new(ErrorKind::Usage, message);
        let lang = lang_from_env(|k| std::env::var(k).ok());
        crate::output::emit_error(true, false, Tr(lang), &err);
    } else {
        let _ = e.print();
    }
    Exit::Usage.into()
}
