//! Printing: reports to stdout (human text or exactly one JSON document),
//! errors, and the stderr spinner. Colour is decided once, in `Ctx`.

use crate::config::Ctx;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use anstyle::{AnsiColor, Style as AStyle};
use serde::Serialize;
use std::io::Write;
use std::sync::mpsc;
use std::time::Duration;

/// How human text is painted.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, style: AStyle, text: &str) -> String {
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }
    pub fn ok(self, t: &str) -> String {
        self.paint(AnsiColor::Green.on_default().bold(), t)
    }
    pub fn warn(self, t: &str) -> String {
        self.paint(AnsiColor::Yellow.on_default().bold(), t)
    }
    pub fn bad(self, t: &str) -> String {
        self.paint(AnsiColor::Red.on_default().bold(), t)
    }
    pub fn bold(self, t: &str) -> String {
        self.paint(AStyle::new().bold(), t)
    }
    pub fn dim(self, t: &str) -> String {
        self.paint(AStyle::new().dimmed(), t)
    }
}

/// Writes to stdout; on Windows, anstream turns ANSI into console calls.
fn write_stdout(text: &str) {
    let mut out = anstream::AutoStream::always(std::io::stdout());
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Prints the report: JSON when asked, else the human rendering.
pub fn emit<R: Serialize>(ctx: &Ctx, report: &R, human: impl FnOnce(Style) -> String) {
    if ctx.json {
        let json = serde_json::to_string_pretty(report)
            .unwrap_or_else(|e| format!(r#"{{"error":{{"kind":"internal","message":"{e}"}}}}"#));
        write_stdout(&format!("{json}\n"));
    } else {
        let mut text = human(Style { color: ctx.color });
        if !text.ends_with('\n') {
            text.push('\n');
        }
        write_stdout(&text);
    }
}

/// Prints a report worded from facts: with `--json` worded by the English
/// catalogue (so the JSON is the same whatever `--lang` says, by
/// construction), else worded in the user's language and rendered for people.
pub fn emit_worded<R: Serialize>(
    ctx: &Ctx,
    word: impl Fn(Tr) -> R,
    human: impl FnOnce(&R, Style, Tr) -> String,
) {
    let tr = wording(ctx);
    let report = word(tr);
    emit(ctx, &report, |style| human(&report, style, tr));
}

/// The catalogue a report is worded with: English for `--json`, whatever
/// `ctx.lang` says; else the user's language.
fn wording(ctx: &Ctx) -> Tr {
    if ctx.json {
        Tr(crate::lang::Lang::En)
    } else {
        Tr(ctx.lang)
    }
}

#[derive(Serialize)]
struct ErrorDoc<'a> {
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    kind: crate::error::ErrorKind,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
}

/// The `--json` error document.
pub fn error_json(err: &AppError) -> String {
    // Worded in English whatever language the user reads.
    let (message, hint) = (err.message(Lang::En), err.hint(Lang::En));
    serde_json::to_string(&ErrorDoc {
        error: ErrorBody {
            kind: err.kind,
            message: &message,
            hint: hint.as_deref(),
        },
    })
    .unwrap_or_else(|_| r#"{"error":{"kind":"internal","message":"?"}}"#.into())
}

/// Prints an error: JSON on stdout with `--json`, else two lines on stderr.
pub fn emit_error(json: bool, color: bool, tr: Tr, err: &AppError) {
    if json {
        write_stdout(&format!("{}\n", error_json(err)));
        return;
    }
    let style = Style { color };
    let message = match &err.setup {
        Some(setup) => tr.setup_error(setup),
        None => err.message(tr.0),
    };
    let mut text = format!("netcheck: {}: {}\n", style.bad(tr.error_prefix()), message);
    if let Some(hint) = err.hint(tr.0) {
        text.push_str(&format!("  {}: {hint}\n", style.bold(tr.hint_prefix())));
    }
    let mut errout = anstream::AutoStream::always(std::io::stderr());
    let _ = errout.write_all(text.as_bytes());
}

/// A spinner on stderr, drawn only when stderr is a terminal and only once the
/// work has taken longer than 200 ms. Dropping it clears the line.
pub struct Spinner {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Spinner {
    pub fn start(ctx: &Ctx, message: String) -> Spinner {
        if !ctx.spinner {
            return Spinner {
                stop: None,
                thread: None,
            };
        }
        let (tx, rx) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            if rx.recv_timeout(Duration::from_millis(200)).is_ok() {
                return;
            }
            let frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
            let mut err = std::io::stderr();
            for frame in frames.iter().cycle() {
                let _ = write!(err, "\r{frame} {message}");
                let _ = err.flush();
                match rx.recv_timeout(Duration::from_millis(80)) {
                    Err(mpsc::RecvTimeoutError::Timeout) => continue,
                    _ => break,
                }
            }
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        });
        Spinner {
            stop: Some(tx),
            thread: Some(thread),
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Left-aligns `label` in a column of `width` display cells (Hangul is two cells wide).
pub fn pad(label: &str, width: usize) -> String {
    format!(
        "{label}{}",
        " ".repeat(width.saturating_sub(self::width(label)))
    )
}

/// A plain text table: bold header, columns padded to their widest cell.
pub fn table<const N: usize>(header: &[&str; N], rows: &[[String; N]], style: Style) -> String {
    let mut widths = [0usize; N];
    for (i, h) in header.iter().enumerate() {
        widths[i] = width(h);
    }
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let mut out = String::new();
    let head: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, h)| pad(h, widths[i]))
        .collect();
    out.push_str(&format!("  {}\n", style.bold(head.join("  ").trim_end())));
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, c)| pad(c, widths[i]))
            .collect();
        out.push_str(&format!("  {}\n", cells.join("  ").trim_end()));
    }
    out
}

/// Display width in terminal cells.
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFF00..=0xFF60 => {
            2
        }
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_worded_in_english_even_when_ctx_says_korean() {
        use crate::lang::Lang;
        let ctx = |json, lang| Ctx {
            json,
            color: false,
            lang,
            timeout: std::time::Duration::from_secs(1),
            verbose: false,
            spinner: false,
        };
        // Not relying on Ctx::from_args choosing English under --json.
        assert_eq!(wording(&ctx(true, Lang::Ko)).0, Lang::En);
        assert_eq!(wording(&ctx(false, Lang::Ko)).0, Lang::Ko);
        assert_eq!(wording(&ctx(false, Lang::En)).0, Lang::En);
    }
    use crate::error::{AppError, ErrorKind};

    #[test]
    fn error_document_shape() {
        let e = AppError::new(ErrorKind::BadInput, "bad source 'x'")
            .with_hint(|_| "use http://".into());
        let v: serde_json::Value = serde_json::from_str(&error_json(&e)).unwrap();
        assert_eq!(v["error"]["kind"], "bad_input");
        assert_eq!(v["error"]["message"], "bad source 'x'");
        assert_eq!(v["error"]["hint"], "use http://");
    }

    #[test]
    fn the_error_document_is_english_whatever_the_user_reads() {
        let e = AppError::worded(ErrorKind::NoInterface, |l| Tr(l).no_gateway_error().into())
            .with_hint(|l| Tr(l).hint_check_link().into());
        let v: serde_json::Value = serde_json::from_str(&error_json(&e)).unwrap();
        assert_eq!(v["error"]["message"], Tr(Lang::En).no_gateway_error());
        assert_eq!(v["error"]["hint"], Tr(Lang::En).hint_check_link());
        // Control: the same error read in Korean is other words.
        assert_ne!(e.message(Lang::Ko), e.message(Lang::En));
        assert_ne!(e.hint(Lang::Ko), e.hint(Lang::En));
    }

    #[test]
    fn no_colour_means_no_escapes() {
        let s = Style { color: false };
        assert_eq!(s.bad("x"), "x");
        assert!(Style { color: true }.bad("x").contains('\x1b'));
    }

    #[test]
    fn padding_counts_hangul_as_two() {
        assert_eq!(pad("내부 IP", 10), "내부 IP   ");
        assert_eq!(pad("LAN", 5), "LAN  ");
    }
}
