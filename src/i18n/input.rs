//! Input errors in Korean. The parsers (`net::sources`, `probe::target`,
//! `duration`, `check::nat_type`) name the bad value in English, which is
//! what `--json` carries; people reading Korean get the same message with
//! every English phrase replaced from this table. A test runs the real
//! parsers on bad values and checks no English is left.

use super::{Lang, Tr};

/// English phrase → Korean, applied in order (longer phrases first).
const PHRASES: &[(&str, &str)] = &[
    (
        " (use http://…, https://… or stun:HOST:PORT)",
        " (http://…, https://…, stun:HOST:PORT 형식으로 쓰세요)",
    ),
    (
        ": NAT tests need a STUN server (use stun:HOST:PORT)",
        ": NAT 시험에는 STUN 서버가 필요합니다(stun:HOST:PORT 형식)",
    ),
    (" (use stun:HOST:PORT)", " (stun:HOST:PORT 형식으로 쓰세요)"),
    ("bad source ", "잘못된 확인 서비스 "),
    ("bad target ", "잘못된 대상 "),
    ("bad STUN server ", "잘못된 STUN 서버 "),
    ("unknown kind of source", "알 수 없는 형식"),
    ("expected HOST:PORT", "HOST:PORT 형식이어야 합니다"),
    (
        "missing or invalid host",
        "호스트가 없거나 올바르지 않습니다",
    ),
    (
        "no source given: --source / NETCHECK_SOURCES is empty",
        "확인 서비스가 없습니다: --source / NETCHECK_SOURCES가 비어 있습니다",
    ),
    (
        "NETCHECK_STUN is empty: give at least one stun:HOST:PORT",
        "NETCHECK_STUN이 비어 있습니다: stun:HOST:PORT를 하나 이상 지정하세요",
    ),
    ("' is not http or https", "'은(는) http나 https가 아닙니다"),
    ("scheme '", "스킴 '"),
    ("no host", "호스트가 없습니다"),
    (
        "' is not a port (1-65535)",
        "'은(는) 포트 번호(1-65535)가 아닙니다",
    ),
    (
        "' is not a valid IPv6 address",
        "'은(는) 올바른 IPv6 주소가 아닙니다",
    ),
    (
        "' is not a valid IPv4 address",
        "'은(는) 올바른 IPv4 주소가 아닙니다",
    ),
    (
        "' is not a valid host name (letters, digits, '-' and '.'; write other scripts in punycode)",
        "'은(는) 올바른 호스트 이름이 아닙니다(영문자, 숫자, '-', '.'만 쓸 수 있고 한글 도메인은 퓨니코드로 쓰세요)",
    ),
    (
        "' is not a duration (examples: 3s, 500ms, 1m, 1h)",
        "'은(는) 시간 값이 아닙니다(예: 3s, 500ms, 1m, 1h)",
    ),
    (
        "' is too long (at most 366 days)",
        "'이(가) 너무 깁니다(최대 366일)",
    ),
    (
        "' is zero: the timeout must be positive",
        "'이(가) 0입니다: 제한 시간은 0보다 커야 합니다",
    ),
    (
        "' is shorter than a second (use at least 1s, or 0 for a permanent mapping)",
        "'이(가) 1초보다 짧습니다(1s 이상을 쓰거나, 영구 규칙은 0)",
    ),
    ("lease '", "유지 시간 '"),
    ("bad host or port", "호스트나 포트가 올바르지 않습니다"),
    // The url crate's parse errors.
    ("empty host", "호스트가 비어 있습니다"),
    ("invalid port number", "포트 번호가 올바르지 않습니다"),
    (
        "invalid international domain name",
        "국제화 도메인 이름이 올바르지 않습니다",
    ),
    ("invalid IPv4 address", "IPv4 주소가 올바르지 않습니다"),
    ("invalid IPv6 address", "IPv6 주소가 올바르지 않습니다"),
    (
        "invalid domain character",
        "도메인에 쓸 수 없는 문자가 있습니다",
    ),
    ("relative URL without a base", "완전한 URL이 아닙니다"),
    (
        "the path contains spaces or control characters",
        "경로에 공백이나 제어 문자가 있습니다",
    ),
    (
        "contains spaces or control characters",
        "공백이나 제어 문자가 있습니다",
    ),
    (": too long", ": 너무 깁니다"),
    ("' is not an IPv4 address", "'은(는) IPv4 주소가 아닙니다"),
];

impl Tr {
    /// A bad value from the user, named by the parser.
    pub fn bad_input(self, detail: &str) -> String {
        match self.0 {
            Lang::En => detail.to_string(),
            Lang::Ko => format!("입력값이 올바르지 않습니다: {}", korean_detail(detail)),
        }
    }
}

fn korean_detail(detail: &str) -> String {
    let mut s = detail.to_string();
    for (en, ko) in PHRASES {
        s = s.replace(en, ko);
    }
    // "it says port 80, but --port says 81; give the port once"
    for what in ["port", "path"] {
        if let Some(rest) = s
            .find(&format!("it says {what} "))
            .map(|i| s[i..].to_string())
            && let Some((said, flag)) = rest
                .strip_prefix(&format!("it says {what} "))
                .and_then(|r| r.split_once(&format!(", but --{what} says ")))
            && let Some(flag) = flag.strip_suffix(&format!("; give the {what} once"))
        {
            let ko_what = if what == "port" { "포트" } else { "경로" };
            let ko = format!(
                "주소에는 {ko_what} {said}, --{what}에는 {flag}(으)로 되어 있습니다. {ko_what}는 한 번만 지정하세요"
            );
            s = s.replace(&rest, &ko);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::lint::english_words;

    #[test]
    fn parser_errors_read_in_korean() {
        let mut errors: Vec<String> = Vec::new();
        for raw in [
            "x",
            "ftp://a",
            "http://",
            "stun:",
            "stun:a:0",
            "stun:a:99999",
            "stun:a b:1",
        ] {
            errors.push(
                crate::net::sources::parse_source(raw)
                    .err()
                    .unwrap_or_default(),
            );
        }
        errors.push(
            crate::net::sources::parse_all(&[" ".into()])
                .err()
                .unwrap_or_default(),
        );
        errors.push(
            crate::net::sources::parse_all(&[])
                .err()
                .unwrap_or_default(),
        );
        for (raw, port, path) in [
            ("ftp://a", None, None),
            ("http://a:80", Some(81), None),
            ("http://a/x", None, Some("/y")),
            ("a", None, Some("/a b")),
            ("[zz]", None, None),
            ("[::1", None, None),
            ("999.1.1.1", None, None),
            ("ex ample", None, None),
            (&"a".repeat(3000), None, None),
            ("http://a:0", None, None),
        ] {
            errors.push(
                crate::check::probe::target::parse_target(raw, port, path)
                    .err()
                    .unwrap_or_default(),
            );
        }
        for d in ["abc", "0", "9999d"] {
            errors.push(crate::duration::parse_timeout(d).err().unwrap_or_default());
        }
        errors.push(
            crate::duration::parse_lease("500ms")
                .err()
                .unwrap_or_default(),
        );
        errors.push(
            crate::duration::parse_duration("1x")
                .err()
                .unwrap_or_default(),
        );
        for s in ["http://a", "nope"] {
            errors.push(
                crate::check::nat_type::parse_server(s)
                    .err()
                    .unwrap_or_default(),
            );
        }
        errors.push(crate::cli::parse_ipv4("x").err().unwrap_or_default());
        for e in errors.iter().filter(|e| !e.is_empty()) {
            let ko = Tr(Lang::Ko).bad_input(e);
            let left = english_words(&ko);
            assert!(left.is_empty(), "{e}\n→ {ko}\nEnglish left: {left:?}");
            assert_eq!(Tr(Lang::En).bad_input(e), *e, "English is the parser's");
        }
        // Control: a sentence the table does not know stays visible.
        assert!(!english_words(&Tr(Lang::Ko).bad_input("something new went wrong")).is_empty());
    }
}
