//! Dispatch: parse, build the context, run the command, print any error.

use crate::cli::{Cli, Command};
use crate::config::{Ctx, early_lang};
use crate::error::AppError;
use crate::exit::Exit;
use crate::i18n::Tr;
use std::process::ExitCode;

pub fn main_entry() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The language is known before parsing, so --help and usage errors speak it.
    let cli = match crate::help::parse(&args, early_lang(&args)) {
        Ok(cli) => cli,
        Err(code) => return code,
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
        Command::Forward(args) if args.ipv6 => crate::cmd::forward6::run(ctx, args),
        Command::Forward(args) => crate::cmd::forward::run(ctx, args),
        Command::Doctor(args) => crate::cmd::doctor::run(ctx, args),
        Command::Reflector(args) => crate::cmd::reflector::run(ctx, args),
        Command::Nat(args) => crate::cmd::nat::run(ctx, args),
        Command::Completions(args) => crate::help::completions(ctx.lang, args),
        Command::Man(args) => crate::help::man(ctx.lang, args),
    }
}
