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
        let lang = match g.lang {
            Some(LangArg::En) => Lang::En,
            Some(LangArg::Ko) => Lang::Ko,
            None => lang_from_env(env),
        };
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
}

/// POSIX precedence: the first non-empty of LC_ALL, LC_MESSAGES, LANG decides.
pub fn lang_from_env(env: impl Fn(&str) -> Option<String>) -> Lang {
    for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Some(v) = env(key).filter(|v| !v.is_empty()) {
            return if v.to_ascii_lowercase().starts_with("ko") {
                Lang::Ko
            } else {
                Lang::En
            };
        }
    }
    Lang::En
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
        let cases: &[(&[(&str, &str)], Lang)] = &[
            (&[], Lang::En),
            (&[("LANG", "ko_KR.UTF-8")], Lang::Ko),
            (&[("LANG", "en_US.UTF-8")], Lang::En),
            (
                &[("LC_ALL", "ko_KR.UTF-8"), ("LANG", "en_US.UTF-8")],
                Lang::Ko,
            ),
            (
                &[("LC_ALL", ""), ("LC_MESSAGES", "ko"), ("LANG", "C")],
                Lang::Ko,
            ),
            (&[("LC_ALL", "C"), ("LANG", "ko_KR.UTF-8")], Lang::En),
            (&[("LANG", "KO_kr")], Lang::Ko),
        ];
        for (vars, want) in cases {
            let got = lang_from_env(|k| {
                vars.iter()
                    .find(|(name, _)| *name == k)
                    .map(|(_, v)| v.to_string())
            });
            assert_eq!(got, *want, "{vars:?}");
        }
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
