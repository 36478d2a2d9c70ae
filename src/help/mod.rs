//! The command line in the user's language: clap's `Command` built from
//! `cli.rs`, then every about and help line, heading, default and exit-status
//! table replaced from the catalogue (`i18n/help.rs`) before parsing, so
//! `--help`, usage errors, shell completions and man pages all speak it.
//! The language is decided before parsing (`config::early_lang`).

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::error::{AppError, ErrorKind};
use crate::exit::Exit;
use crate::i18n::{Lang, Tr};
use clap::{Arg, Command, CommandFactory, FromArgMatches};
use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

/// netcheck's `Command`, fully built, in `lang`.
pub fn command(lang: Lang) -> Command {
    let mut cmd = Cli::command();
    // Build first: clap adds --help, --version and the `help` command and
    // copies the global options into every command; then all of them are
    // there to translate.
    cmd.build();
    localize(cmd, "", Tr(lang), "netcheck")
}

fn localize(cmd: Command, name: &str, tr: Tr, path: &str) -> Command {
    let mut cmd = cmd.after_help(tr.exit_help());
    if tr.0 == Lang::En {
        return cmd;
    }
    if let Some(about) = tr.cli_about(name) {
        cmd = cmd.about(about).long_about(None);
    }
    let mut usage = format!("{path} {}", tr.cli_options_word());
    for a in cmd.get_positionals() {
        let v = a
            .get_value_names()
            .and_then(|v| v.first())
            .map(|v| tr.cli_value_name(v.as_str()))
            .unwrap_or_else(|| a.get_id().to_string());
        if a.is_required_set() {
            usage.push_str(&format!(" <{v}>"));
        } else {
            usage.push_str(&format!(" [{v}]"));
        }
    }
    if cmd.has_subcommands() {
        usage.push_str(&format!(" <{}>", tr.cli_value_name("COMMAND")));
    }
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        tr.cli_usage_heading()
    );
    cmd = cmd
        .override_usage(usage)
        .help_template(template)
        .subcommand_help_heading(tr.cli_commands_heading())
        .mut_args(|a| localize_arg(a, name, tr));
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        let sub_path = format!("{path} {sub}");
        cmd = cmd.mut_subcommand(&sub, |s| localize(s, &sub, tr, &sub_path));
    }
    cmd
}

fn localize_arg(a: Arg, cmd: &str, tr: Tr) -> Arg {
    let id = a.get_id().as_str().to_string();
    let Some(help) = tr.cli_arg_help(cmd, &id) else {
        return a;
    };
    let mut text = help.to_string();
    let takes_value = a.get_num_args().is_some_and(|n| n.takes_values());
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_value && !defaults.is_empty() && !a.is_hide_default_value_set() {
        text.push(' ');
        text.push_str(&tr.cli_default(&defaults.join(", ")));
    }
    let possible: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|p| !p.is_hide_set())
        .map(|p| p.get_name().to_string())
        .collect();
    if takes_value && !possible.is_empty() && !a.is_hide_possible_values_set() {
        text.push(' ');
        text.push_str(&tr.cli_possible(&possible.join(", ")));
    }
    let heading = if a.is_positional() {
        tr.cli_arguments_heading()
    } else {
        tr.cli_options_heading()
    };
    a.help(text)
        .long_help(None)
        .hide_default_value(true)
        .hide_possible_values(true)
        .help_heading(heading)
}

/// Parses `args` with the command in `lang`. On a usage error, or `--help` /
/// `--version`, prints what clap or netcheck has to say and returns the exit
/// status to leave with.
pub fn parse(args: &[OsString], lang: Lang) -> Result<Cli, ExitCode> {
    let mut cmd = command(lang);
    let matches = cmd
        .try_get_matches_from_mut(args)
        .map_err(|e| usage_error(e, lang, args))?;
    Cli::from_arg_matches(&matches).map_err(|e| usage_error(e, lang, args))
}

/// clap's errors: help and version print as usual (exit 0); usage errors exit
/// 2 — as one JSON error document (English, like all JSON) when `--json` is on
/// the command line, else in the user's language.
fn usage_error(e: clap::Error, lang: Lang, args: &[OsString]) -> ExitCode {
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
    let wants_json = args.iter().skip(1).any(|a| a == "--json");
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
        crate::output::emit_error(true, false, Tr(Lang::En), &err);
    } else if lang == Lang::En {
        let _ = e.print();
    } else {
        let _ = std::io::stderr().write_all(render_error(&e, Tr(lang)).as_bytes());
    }
    Exit::Usage.into()
}

/// A clap error in the catalogue's words, by kind: what is wrong, a
/// suggestion when clap has one, the usage line, where to read more.
pub fn render_error(e: &clap::Error, tr: Tr) -> String {
    use clap::error::{ContextKind as C, ContextValue, ErrorKind as K};
    let get = |k: C| -> Option<String> {
        match e.get(k)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join(", ")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::StyledStrs(v) => Some(
                v.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let arg = get(C::InvalidArg).unwrap_or_default();
    let flag = arg.split([' ', '=']).next().unwrap_or("").to_string();
    let mut lines = Vec::new();
    match e.kind() {
        K::InvalidValue | K::ValueValidation => {
            lines.push(tr.clap_invalid_value(&flag, &get(C::InvalidValue).unwrap_or_default()));
            if let Some(valid) = get(C::ValidValue) {
                lines.push(tr.clap_possible_values(&valid));
            } else if let Some(what) = tr.clap_expected(&flag) {
                lines.push(tr.clap_expected_line(what));
            }
        }
        K::UnknownArgument => lines.push(tr.clap_unknown_argument(&arg)),
        K::InvalidSubcommand => {
            lines.push(tr.clap_unknown_command(&get(C::InvalidSubcommand).unwrap_or_default()))
        }
        K::MissingRequiredArgument => {
            let arg = arg.replace("<TARGET>", &format!("<{}>", tr.cli_value_name("TARGET")));
            lines.push(tr.clap_missing(&arg))
        }
        K::MissingSubcommand => lines.push(tr.clap_missing_command().to_string()),
        K::ArgumentConflict => match get(C::PriorArg) {
            Some(prior) if prior != arg => lines.push(tr.clap_conflict(&arg, &prior)),
            _ => lines.push(tr.clap_once(&flag)),
        },
        K::NoEquals | K::TooManyValues | K::TooFewValues | K::WrongNumberOfValues => {
            lines.push(tr.clap_wrong_use(&arg))
        }
        K::InvalidUtf8 => lines.push(tr.clap_not_utf8().to_string()),
        _ => lines.push(tr.clap_other().to_string()),
    }
    for k in [C::SuggestedArg, C::SuggestedSubcommand, C::SuggestedValue] {
        if let Some(s) = get(k) {
            lines.push(tr.clap_did_you_mean(&s));
        }
    }
    let mut out = format!(
        "netcheck: {}: {}\n",
        tr.error_prefix(),
        lines.first().cloned().unwrap_or_default()
    );
    for l in lines.iter().skip(1) {
        out.push_str(&format!("  {l}\n"));
    }
    if let Some(usage) = get(C::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim_start();
        out.push_str(&format!("\n{} {usage}\n", tr.cli_usage_heading()));
    }
    out.push_str(&format!("\n{}\n", tr.clap_more_info()));
    out
}

/// `netcheck completions SHELL`: the script on stdout.
pub fn completions(lang: Lang, args: &CompletionsArgs) -> Result<Exit, AppError> {
    let mut cmd = command(lang);
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "netcheck", &mut out);
    write_stdout(&out)?;
    Ok(Exit::Ok)
}

/// `netcheck man [COMMAND] [--out-dir DIR]`: one page on stdout, or every
/// page (netcheck.1, netcheck-<command>.1) written to DIR.
pub fn man(lang: Lang, args: &ManArgs) -> Result<Exit, AppError> {
    let cmd = command(lang);
    if let Some(dir) = &args.out_dir {
        for page in pages(&cmd) {
            let mut out = Vec::new();
            render_page(page.clone(), &mut out)?;
            let file = dir.join(page_name(&page) + ".1");
            std::fs::write(&file, out).map_err(|e| {
                let (file, kind) = (file.display().to_string(), e.kind());
                AppError::worded(ErrorKind::BadInput, move |l| {
                    Tr(l).cannot_write_file(&file, kind)
                })
            })?;
        }
        return Ok(Exit::Ok);
    }
    let page = match &args.command {
        None => cmd,
        Some(name) => pages(&cmd)
            .into_iter()
            .find(|p| page_name(p) == format!("netcheck-{name}"))
            .ok_or_else(|| {
                let name = name.clone();
                AppError::worded(ErrorKind::BadInput, move |l| {
                    Tr(l).man_no_such_command(&name)
                })
            })?,
    };
    let mut out = Vec::new();
    render_page(page, &mut out)?;
    write_stdout(&out)?;
    Ok(Exit::Ok)
}

/// The root page and one page per command (named `netcheck-<command>`, as
/// clap_mangen and git do), without clap's `help` command.
fn pages(cmd: &Command) -> Vec<Command> {
    let mut out = vec![cmd.clone()];
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        // Built: its display name is already `netcheck-<command>`.
        out.push(sub.clone());
    }
    out
}

fn page_name(page: &Command) -> String {
    page.get_display_name()
        .unwrap_or_else(|| page.get_name())
        .to_string()
}

fn render_page(page: Command, out: &mut Vec<u8>) -> Result<(), AppError> {
    clap_mangen::Man::new(page)
        .render(out)
        .map_err(|e| AppError::new(ErrorKind::Internal, format!("man page: {e}")))
}

fn write_stdout(bytes: &[u8]) -> Result<(), AppError> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|e| AppError::new(ErrorKind::Internal, format!("stdout: {e}")))
}

#[cfg(test)]
mod tests;
