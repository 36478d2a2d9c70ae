//! What the two commands that listen (`serve` and `reflector`) share: the
//! bind plan and opening the listeners, the request-head limits, and the
//! stderr lines for requests and server notices. Neither command uses the
//! other's module; both use this one.

pub mod bind;

use crate::error::{AppError, ErrorKind};
use crate::i18n::{Lang, Tr};
use crate::net::echo_wire as wire;
use crate::sys::web::server::{self, BindError, LogEntry, Notice};
use serde::Serialize;
use std::borrow::Cow;
use std::net::{IpAddr, SocketAddr};
use std::time::SystemTime;

/// Cap on the request head (request line + headers); hyper answers 431 past it.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// Cap on the number of request headers: hyper's own, which costs nothing
/// per request (any other cap fills a header array of that size per request).
pub const MAX_HEADERS: usize = server::HYPER_MAX_HEADERS;
/// Longest path written to the log.
const LOG_PATH_MAX: usize = 200;

/// Binds `--bind`, or all IPv4 plus (when available) all IPv6 addresses.
pub fn open_listeners(
    bind: Option<IpAddr>,
    port: u16,
) -> Result<(Vec<std::net::TcpListener>, Vec<SocketAddr>), AppError> {
    let bound = bind::open_all(bind, port, server::bind).map_err(|e| bind_error(&e))?;
    Ok(bound
        .into_iter()
        .map(|(addr, l)| {
            let at = l.local_addr().unwrap_or(addr);
            (l, at)
        })
        .unzip())
}

/// Pure: a bind failure as an error a person can act on.
pub fn bind_error(e: &BindError) -> AppError {
    match e.clone() {
        BindError::InUse(a) => {
            AppError::worded(ErrorKind::Internal, move |l| Tr(l).serve_port_in_use(a))
                .with_hint(move |l| Tr(l).serve_port_in_use_hint(a.port()))
        }
        BindError::Permission(a) => {
            AppError::worded(ErrorKind::Permission, move |l| Tr(l).serve_no_permission(a))
                .with_hint(|l| Tr(l).serve_no_permission_hint().into())
        }
        BindError::NotLocal(a) => AppError::bad_input(move |l| Tr(l).serve_not_local(a.ip()))
            .with_hint(|l| Tr(l).serve_not_local_hint().into()),
        BindError::Unsupported(a) => AppError::worded(ErrorKind::Internal, move |l| {
            Tr(l).serve_family_unsupported(a)
        }),
        BindError::Other(a, why) => AppError::worded(ErrorKind::Internal, move |l| {
            let tr = Tr(l);
            tr.could_not_run(&format!("{a}: {}", tr.os_failure(&why)))
        }),
    }
}

/// The stderr line for a server notice (capacity reached, accept failed).
pub fn notice_line(notice: &Notice, tr: Tr, json: bool) -> String {
    // JSON in English, whatever the user reads, as every JSON document.
    let tr = if json { Tr(Lang::En) } else { tr };
    let (code, message) = match notice {
        Notice::AtCapacity { limit } => ("at_capacity", tr.serve_at_capacity(*limit)),
        Notice::AcceptFailed(why) => ("accept_failed", tr.serve_accept_failed(&tr.os_failure(why))),
    };
    if json {
        serde_json::json!({"event": "notice", "code": code, "message": message}).to_string()
    } else {
        format!("{}: {message}", tr.warning())
    }
}

/// The stderr line for request-log lines dropped because stderr was slower
/// than the requests (said once, after the server stopped).
pub fn log_dropped_line(dropped: u64, tr: Tr, json: bool) -> String {
    if json {
        let message = Tr(Lang::En).serve_log_dropped(dropped);
        serde_json::json!({"event": "log_dropped", "lines": dropped, "message": message})
            .to_string()
    } else {
        tr.serve_log_dropped(dropped)
    }
}

#[derive(Serialize)]
struct LogJson<'a> {
    time: wire::Rfc3339,
    client: SocketAddr,
    method: &'a str,
    path: &'a str,
    status: u16,
    ms: f64,
}

/// Pure: one request log line (time, client, method, path, status, ms).
pub fn log_line(e: &LogEntry, now: SystemTime, json: bool) -> String {
    let mut out = String::new();
    write_log_line(&mut out, e, now, json);
    out
}

/// [`log_line`] appended to `out` (a server reuses one buffer per thread).
pub fn write_log_line(out: &mut String, e: &LogEntry, now: SystemTime, json: bool) {
    use std::fmt::Write as _;
    let client = SocketAddr::new(e.peer.ip().to_canonical(), e.peer.port());
    let path = printable(e.path);
    // Tenths of a millisecond, rounded.
    let tenths = (e.elapsed.as_secs_f64() * 1e4).round();
    if json {
        let line = serde_json::to_string(&LogJson {
            time: wire::Rfc3339(now),
            client,
            method: e.method,
            path: &path,
            status: e.status,
            ms: tenths / 10.0,
        })
        .unwrap_or_default();
        out.push_str(&line);
    } else {
        // Written piece by piece: `format!` with a socket address cost about
        // 4,000 instructions per request (callgrind).
        let tenths = tenths as u64;
        wire::with_rfc3339(now, |time| out.push_str(time));
        out.push_str("  ");
        match client {
            SocketAddr::V4(a) => {
                out.push_str(wire::Ipv4Text::new(*a.ip()).as_str());
                out.push(':');
                wire::push_decimal(out, u64::from(a.port()));
            }
            SocketAddr::V6(_) => {
                let _ = write!(out, "{client}");
            }
        }
        out.push_str("  ");
        out.push_str(&printable(e.method));
        out.push(' ');
        out.push_str(&path);
        out.push_str("  ");
        wire::push_decimal(out, u64::from(e.status));
        out.push_str("  ");
        wire::push_decimal(out, tenths / 10);
        out.push('.');
        wire::push_decimal(out, tenths % 10);
        out.push_str(" ms");
    }
}

/// A log-safe rendering: control characters escaped, long paths cut.
fn printable(s: &str) -> Cow<'_, str> {
    if s.len() <= LOG_PATH_MAX && !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n >= LOG_PATH_MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::Exit;
    use std::time::Duration;

    #[test]
    fn bind_errors_map_to_exit_codes() {
        let a: SocketAddr = "0.0.0.0:5000".parse().unwrap();
        let cases = [
            (BindError::InUse(a), Exit::CannotRun, "5000"),
            (BindError::Permission(a), Exit::CannotRun, "5000"),
            (
                BindError::NotLocal("192.0.2.7:5000".parse().unwrap()),
                Exit::Usage,
                "192.0.2.7",
            ),
            (
                BindError::Unsupported("[::]:5000".parse().unwrap()),
                Exit::CannotRun,
                "IPv6",
            ),
            (
                BindError::Other(a, crate::net::cause::Failure::unknown("boom")),
                Exit::CannotRun,
                "boom",
            ),
        ];
        for (e, exit, needle) in cases {
            let err = bind_error(&e);
            assert_eq!(err.kind.exit(), exit, "{e:?}");
            let message = err.message(Lang::En);
            assert!(message.contains(needle), "{e:?}: {message}");
        }
    }

    #[test]
    fn notice_lines_are_english_in_json_whatever_the_user_reads() {
        let n = Notice::AtCapacity { limit: 1024 };
        let json = notice_line(&n, Tr(Lang::Ko), true);
        assert_eq!(json, notice_line(&n, Tr(Lang::En), true));
        assert!(json.is_ascii() && json.contains("at_capacity"), "{json}");
        // Control: for people the same notice is Korean.
        assert!(!notice_line(&n, Tr(Lang::Ko), false).is_ascii());
    }

    #[test]
    fn the_dropped_lines_line_is_a_json_event_under_json() {
        let json = log_dropped_line(7, Tr(Lang::Ko), true);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["event"], "log_dropped");
        assert_eq!(v["lines"], 7);
        assert_eq!(v["message"], Tr(Lang::En).serve_log_dropped(7));
        assert_eq!(
            log_dropped_line(7, Tr(Lang::Ko), false),
            Tr(Lang::Ko).serve_log_dropped(7)
        );
    }

    #[test]
    fn log_lines() {
        let e = LogEntry {
            peer: "[::ffff:192.168.99.50]:51234".parse().unwrap(),
            method: "GET",
            path: "/a\u{1b}[31m",
            status: 200,
            elapsed: Duration::from_micros(1234),
        };
        let now = SystemTime::UNIX_EPOCH;
        let text = log_line(&e, now, false);
        assert_eq!(
            text,
            "1970-01-01T00:00:00.000Z  192.168.99.50:51234  GET /a\\u{1b}[31m  200  1.2 ms"
        );
        // The same line as `format!` writes it, for IPv4, IPv6 and other numbers.
        for (peer, elapsed, status) in [
            ("10.0.0.1:1", Duration::from_micros(1_049_950), 404),
            ("[2111:222:99::123]:443", Duration::ZERO, 200),
            ("[fe80::1%2]:5000", Duration::from_millis(12), 431),
        ] {
            let entry = LogEntry {
                peer: peer.parse().unwrap(),
                elapsed,
                status,
                ..e.clone()
            };
            let ms = (elapsed.as_secs_f64() * 1e4).round() / 10.0;
            let want = format!(
                "1970-01-01T00:00:00.000Z  {}  GET /a\\u{{1b}}[31m  {status}  {ms:.1} ms",
                SocketAddr::new(entry.peer.ip().to_canonical(), entry.peer.port())
            );
            assert_eq!(log_line(&entry, now, false), want);
        }
        let v: serde_json::Value = serde_json::from_str(&log_line(&e, now, true)).unwrap();
        assert_eq!(v["client"], "192.168.99.50:51234");
        assert_eq!(v["status"], 200);
        assert_eq!(v["ms"], 1.2);
        let slashes = "/".repeat(500);
        let long = LogEntry {
            path: &slashes,
            ..e
        };
        assert!(log_line(&long, now, false).len() < 300);
    }
}
