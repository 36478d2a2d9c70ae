//! One module per command: each builds a Report, renders it for people, and
//! serialises it for `--json`.

pub mod doctor;
pub mod forward;
pub mod forward6;
pub mod gateway;
pub mod guide;
pub mod keep;
pub mod listen;
pub mod nat;
pub mod probe;
pub mod public_ip;
pub mod reflector;
pub mod serve;

pub use crate::check::Warning;

use crate::config::Ctx;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::net::Family;
use crate::output::Spinner;
use crate::output::Style;
use crate::sys::signal::Stop;
use std::future::Future;

// The prologue every network command shares: settings that do not parse are
// bad input; `-4`/`-6` name the families; the network work runs on a runtime
// with a spinner on stderr.

/// A setting that does not parse (`--source`, `--from`, a target …): bad
/// input, the parser's reason worded when shown.
pub fn bad_input(e: String) -> AppError {
    AppError::bad_input(move |l| Tr(l).bad_input(&e))
}

/// The families `-4` / `-6` ask for: one when one is given, else both.
pub fn families(ipv4: bool, ipv6: bool) -> Vec<Family> {
    match (ipv4, ipv6) {
        (true, false) => vec![Family::Ipv4],
        (false, true) => vec![Family::Ipv6],
        _ => vec![Family::Ipv4, Family::Ipv6],
    }
}

/// Runs `work` on a new runtime, `message` spinning on stderr meanwhile.
pub fn run_network<T>(
    ctx: &Ctx,
    message: String,
    work: impl Future<Output = T>,
) -> Result<T, AppError> {
    let rt = crate::sys::runtime::runtime()?;
    Ok(spin(ctx, &rt, message, work))
}

/// Runs `work` on `rt`, `message` spinning on stderr meanwhile (for a
/// command that needs the runtime for more, such as signal handlers).
pub fn spin<T>(
    ctx: &Ctx,
    rt: &tokio::runtime::Runtime,
    message: String,
    work: impl Future<Output = T>,
) -> T {
    let spinner = Spinner::start(ctx, message);
    let out = rt.block_on(work);
    drop(spinner);
    out
}

/// Installs the Ctrl-C / SIGTERM handlers inside `rt`: before a command
/// that changes the router (`forward`, `forward --ipv6`, `doctor --forward`)
/// asks it for anything, so a signal at any moment ends with the change undone.
pub fn install_stop(rt: &tokio::runtime::Runtime) -> Result<Stop, AppError> {
    let _inside = rt.enter();
    Stop::install().map_err(|e| {
        AppError::setup(crate::error::SetupError::SignalHandler(
            crate::sys::io_failure(&e),
        ))
    })
}

/// A typed warning: a stable code for scripts, worded by the catalogue only
/// when it is rendered — in the user's language for people, in English for
/// `--json` (see [`english`]), so a report that holds these holds no language.
pub trait Worded {
    fn code(&self) -> &'static str;
    fn words(&self, tr: Tr) -> String;
}

/// `#[serde(serialize_with = "crate::cmd::english")]` on a field of typed
/// warnings: `[{"code": …, "message": …}]` with the English catalogue,
/// whatever `--lang` says.
pub fn english<W: Worded, S: serde::Serializer>(ws: &[W], s: S) -> Result<S::Ok, S::Error> {
    let en = Tr(crate::lang::Lang::En);
    s.collect_seq(ws.iter().map(|w| Warning::new(w.code(), w.words(en))))
}

/// Words typed warnings in `tr`'s language.
pub fn worded<W: Worded>(ws: &[W], tr: Tr) -> Vec<Warning> {
    ws.iter()
        .map(|w| Warning::new(w.code(), w.words(tr)))
        .collect()
}

/// Renders warnings as `! warning: …` lines.
pub fn render_warnings(
    out: &mut String,
    warnings: &[Warning],
    style: crate::output::Style,
    tr: crate::i18n::Tr,
) {
    for w in warnings {
        out.push_str(&format!(
            "{} {}: {}\n",
            style.warn("!"),
            style.warn(tr.warning()),
            tr.warning_message(w.code, &w.message)
        ));
    }
}

/// Renders typed warnings as `! warning: …` lines in `tr`'s language.
pub fn render_worded<W: Worded>(
    out: &mut String,
    warnings: &[W],
    style: crate::output::Style,
    tr: Tr,
) {
    render_warnings(out, &worded(warnings, tr), style, tr);
}

impl Worded for crate::portmap::pinhole_state::RecordProblem {
    fn code(&self) -> &'static str {
        crate::portmap::pinhole_state::RecordProblem::code(self)
    }
    fn words(&self, tr: Tr) -> String {
        use crate::portmap::pinhole_state::RecordProblem::*;
        match self {
            NoStateDir => tr.record_no_dir().to_string(),
            Unreadable { detail } => tr.record_problem(detail),
            WriteFailed { detail } => tr.record_write_failed(detail),
        }
    }
}

impl Worded for crate::check::mapping::MappingWarning {
    fn code(&self) -> &'static str {
        crate::check::mapping::MappingWarning::code(self)
    }
    fn words(&self, tr: Tr) -> String {
        use crate::check::mapping::MappingWarning::*;
        match self {
            OnlyPermanentLeases { port } => tr.forced_permanent(*port),
            NotConfirmed => tr.not_confirmed().to_string(),
            RouterWanUnreported => tr.router_wan_unreported().to_string(),
            Host(g) => tr.gateway_warning(g),
        }
    }
}

/// How a line for people is styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Quiet,
    Warn,
    Bad,
}

/// What a command says on stderr while it runs (`--keep`'s renewals, a
/// signal's clean-up): a line for people in their language, or under
/// `--json` one JSON event per line — a stable `event` code and English
/// words — as `serve` and `reflector` write theirs.
pub struct Say {
    json: bool,
    tr: Tr,
    style: Style,
}

impl Say {
    pub fn new(ctx: &Ctx) -> Say {
        Say {
            json: ctx.json,
            tr: Tr(ctx.lang),
            style: Style { color: ctx.color },
        }
    }

    /// The line for `event`, worded by `words` (English for `--json`).
    pub fn line(&self, event: &str, tone: Tone, words: impl Fn(Tr) -> String) -> String {
        let tr = if self.json { Tr(Lang::En) } else { self.tr };
        self.render(event, tone, &words(tr))
    }

    fn render(&self, event: &str, tone: Tone, text: &str) -> String {
        if self.json {
            return serde_json::json!({"event": event, "message": text}).to_string();
        }
        match tone {
            Tone::Quiet => self.style.dim(text),
            Tone::Warn => self.style.warn(text),
            Tone::Bad => self.style.bad(text),
        }
    }

    pub fn say(&self, event: &str, tone: Tone, words: impl Fn(Tr) -> String) {
        eprintln!("{}", self.line(event, tone, words));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portmap::pinhole_state::RecordProblem;

    #[derive(serde::Serialize)]
    struct Doc {
        #[serde(serialize_with = "english")]
        warnings: Vec<RecordProblem>,
    }

    #[test]
    fn typed_warnings_serialise_in_english_whatever_the_language() {
        let w = vec![RecordProblem::WriteFailed {
            detail: "disk full".into(),
        }];
        let json = serde_json::to_string(&Doc {
            warnings: w.clone(),
        })
        .unwrap();
        let en = worded(&w, Tr(Lang::En));
        assert_eq!(
            json,
            format!(
                r#"{{"warnings":[{{"code":"record_write_failed","message":{}}}]}}"#,
                serde_json::to_string(&en[0].message).unwrap()
            )
        );
        assert!(en[0].message.contains("disk full"), "{}", en[0].message);
        // Control: people reading Korean get other words, the same code.
        let ko = worded(&w, Tr(Lang::Ko));
        assert_eq!(ko[0].code, "record_write_failed");
        assert_ne!(ko[0].message, en[0].message);
    }

    fn say(json: bool, lang: Lang) -> Say {
        Say {
            json,
            tr: Tr(lang),
            style: Style { color: false },
        }
    }

    #[test]
    fn json_events_are_english_people_read_their_language() {
        let words = |tr: Tr| tr.renewed().to_string();
        let json = say(true, Lang::Ko).line("renewed", Tone::Quiet, words);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["event"], "renewed");
        assert_eq!(v["message"], Tr(Lang::En).renewed());
        assert_eq!(
            json,
            say(true, Lang::En).line("renewed", Tone::Quiet, words)
        );
        // Control: for people, the Korean sentence, no JSON.
        let human = say(false, Lang::Ko).line("renewed", Tone::Quiet, words);
        assert_eq!(human, Tr(Lang::Ko).renewed());
        assert_ne!(human, Tr(Lang::En).renewed());
    }
}
