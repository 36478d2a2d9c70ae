//! Settings merged into one plain `Ctx` before any I/O: flag > environment > default.

use crate::cli::{ColorWhen, GlobalArgs, LangArg};
use crate::lang::Lang;
use std::io::IsTerminal;
use std::time::Duration;

/// Everything a command needs to know about how to behave and print.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub json: bool,
    pub color: bool,
    pub lang: Lang,
    pub timeout: Duration,
    pub verbose: bool,
    /// Draw a spinner on stderr (stderr is a terminal and output is for people).
    pub spinner: bool,
}

impl Ctx {
    pub fn from_args(g: &GlobalArgs) -> Ctx {
        let env = |k: &str| std::env::var(k).ok();
        // The user's language, also under --json: JSON is worded in English
        // where it is written (output::emit_worded, cmd::english, AppError's
        // JSON, cmd::Say), so no command can lean on this choice to keep its
        // JSON English; tests/json_lang.rs runs every JSON document under
        // --lang en, --lang ko and a Korean locale and compares them.
        let lang = choose_lang(g.lang.map(Lang::from), env, crate::sys::locale::ui_language);
        let color = !g.json
            && decide_color(
                g.color,
                std::io::stdout().is_terminal(),
                env("NO_COLOR").as_deref(),
                env("TERM").as_deref(),
            );
        Ctx {
            json: g.json,
            color,
            lang,
            timeout: g.timeout,
            verbose: g.verbose,
            spinner: !g.json && std::io::stderr().is_terminal(),
        }
    }

    /// `--timeout` from now, as the deadline every network wait below a
    /// command's `run` honours. Only `run` calls this (and a later renewal
    /// or clean-up, which gets a fresh budget of its own); everything below
    /// takes `deadline: Instant`.
    pub fn deadline(&self) -> tokio::time::Instant {
        deadline_in(self.timeout)
    }
}

/// `now + d`, saturating at a year instead of overflowing.
pub fn deadline_in(d: Duration) -> tokio::time::Instant {
    let now = tokio::time::Instant::now();
    now.checked_add(d)
        .unwrap_or_else(|| now + Duration::from_secs(86_400 * 365))
}

impl From<LangArg> for Lang {
    fn from(a: LangArg) -> Lang {
        match a {
            LangArg::En => Lang::En,
            LangArg::Ko => Lang::Ko,
        }
    }
}

/// The language of the output, first answer wins: `--lang`; `NETCHECK_LANG`;
/// the first non-empty of `LC_ALL`, `LC_MESSAGES`, `LANG` (POSIX order); the
/// OS user-interface language (`os`, asked only when nothing above is set —
/// this is what Korean Windows and macOS users have); else English. A value
/// means Korean when its language part (before `_`, `-`, `.` or `@`) is `ko`.
/// Pure: the environment and the OS are passed in.
pub fn choose_lang(
    flag: Option<Lang>,
    env: impl Fn(&str) -> Option<String>,
    os: impl FnOnce() -> Option<String>,
) -> Lang {
    if let Some(l) = flag {
        return l;
    }
    for key in ["NETCHECK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Some(v) = env(key).filter(|v| !v.trim().is_empty()) {
            return lang_of_tag(&v);
        }
    }
    os().map_or(Lang::En, |v| lang_of_tag(&v))
}

/// `ko`, `ko_KR.UTF-8`, `ko-KR`, `KO_kr` → Korean; anything else → English.
pub fn lang_of_tag(tag: &str) -> Lang {
    let language = tag.trim().split(['_', '-', '.', '@']).next().unwrap_or("");
    if language.eq_ignore_ascii_case("ko") {
        Lang::Ko
    } else {
        Lang::En
    }
}

/// The language before the command line is parsed (for `--help` and usage
/// errors): `--lang` as written in `args`, then as [`choose_lang`].
pub fn early_lang(args: &[std::ffi::OsString]) -> Lang {
    choose_lang(
        crate::cli::lang_in_args(args).map(Lang::from),
        |k| std::env::var(k).ok(),
        crate::sys::locale::ui_language,
    )
}

/// auto = a terminal, NO_COLOR unset or empty, TERM not `dumb`.
pub fn decide_color(
    when: ColorWhen,
    is_terminal: bool,
    no_color: Option<&str>,
    term: Option<&str>,
) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            is_terminal && no_color.is_none_or(|v| v.is_empty()) && term != Some("dumb")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_table() {
        let no_os = || None;
        type Case<'a> = (
            Option<Lang>,
            &'a [(&'a str, &'a str)],
            Option<&'a str>,
            Lang,
        );
        let cases: &[Case] = &[
            (None, &[], None, Lang::En),
            (None, &[("LANG", "ko_KR.UTF-8")], None, Lang::Ko),
            (None, &[("LANG", "en_US.UTF-8")], None, Lang::En),
            (
                None,
                &[("LC_ALL", "ko_KR.UTF-8"), ("LANG", "en_US.UTF-8")],
                None,
                Lang::Ko,
            ),
            (
                None,
                &[("LC_ALL", ""), ("LC_MESSAGES", "ko"), ("LANG", "C")],
                None,
                Lang::Ko,
            ),
            (
                None,
                &[("LC_ALL", "C"), ("LANG", "ko_KR.UTF-8")],
                None,
                Lang::En,
            ),
            (None, &[("LANG", "KO_kr")], None, Lang::Ko),
            // Konkani is not Korean.
            (None, &[("LANG", "kok_IN")], None, Lang::En),
            // --lang beats everything.
            (
                Some(Lang::En),
                &[("NETCHECK_LANG", "ko"), ("LANG", "ko_KR")],
                Some("ko-KR"),
                Lang::En,
            ),
            (Some(Lang::Ko), &[("LANG", "en_US")], None, Lang::Ko),
            // NETCHECK_LANG beats the POSIX variables.
            (
                None,
                &[("NETCHECK_LANG", "ko"), ("LC_ALL", "en_US.UTF-8")],
                None,
                Lang::Ko,
            ),
            (
                None,
                &[("NETCHECK_LANG", "en"), ("LANG", "ko_KR.UTF-8")],
                None,
                Lang::En,
            ),
            (
                None,
                &[("NETCHECK_LANG", " "), ("LANG", "ko_KR.UTF-8")],
                None,
                Lang::Ko,
            ),
            // Korean Windows / macOS: no POSIX variables, the OS says ko-KR.
            (None, &[], Some("ko-KR"), Lang::Ko),
            (None, &[], Some("ko"), Lang::Ko),
            (None, &[], Some("en-US"), Lang::En),
            // A POSIX variable, when set, wins over the OS.
            (None, &[("LANG", "en_US.UTF-8")], Some("ko-KR"), Lang::En),
            (None, &[("LANG", "C.UTF-8")], Some("ko-KR"), Lang::En),
        ];
        for (flag, vars, os, want) in cases {
            let env = |k: &str| {
                vars.iter()
                    .find(|(name, _)| *name == k)
                    .map(|(_, v)| v.to_string())
            };
            let got = choose_lang(*flag, env, || os.map(str::to_string));
            assert_eq!(got, *want, "{flag:?} {vars:?} {os:?}");
        }
        // The OS is asked only when nothing else decides.
        let asked = std::cell::Cell::new(false);
        choose_lang(
            None,
            |_| Some("en_US".into()),
            || {
                asked.set(true);
                None
            },
        );
        assert!(!asked.get());
        assert_eq!(choose_lang(None, |_| None, no_os), Lang::En);
    }

    #[test]
    fn colour_table() {
        use ColorWhen::*;
        let cases = [
            (Always, false, Some("1"), Some("dumb"), true),
            (Never, true, None, None, false),
            (Auto, true, None, Some("xterm"), true),
            (Auto, false, None, Some("xterm"), false),
            (Auto, true, Some("1"), Some("xterm"), false),
            (Auto, true, Some(""), Some("xterm"), true),
            (Auto, true, None, Some("dumb"), false),
        ];
        for (when, tty, nc, term, want) in cases {
            assert_eq!(
                decide_color(when, tty, nc, term),
                want,
                "{when:?} {tty} {nc:?} {term:?}"
            );
        }
    }
}
