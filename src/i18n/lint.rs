//! A check for tests: English words left in Korean output. Names of things
//! stay as they are (commands, flags, protocols, brands, placeholders, code
//! in backticks, URLs); any other ASCII word is a sentence that was not
//! translated.

/// Lower-case words allowed in Korean text: names, not English prose.
const NAMES: &[&str] = &[
    // netcheck, its commands and values
    "netcheck",
    "public",
    "ip",
    "gateway",
    "serve",
    "probe",
    "forward",
    "doctor",
    "completions",
    "man",
    "nat",
    "reflector",
    "echoip",
    "xbox",
    "playstation",
    "help",
    "auto",
    "always",
    "never",
    "tcp",
    "udp",
    "both",
    "upnp",
    "natpmp",
    "pcp",
    "manual",
    "get",
    "post",
    "en",
    "ko",
    "bash",
    "zsh",
    "fish",
    "powershell",
    "elvish",
    "roff",
    // units in durations (3s, 500ms, 1m, 1h)
    "ms",
    // tools, systems, protocols
    "ipconfig",
    "route",
    "ifconfig",
    "docker",
    "flask",
    "windows",
    "macos",
    "linux",
    "ipv",
    "stun",
    "http",
    "https",
    "nonce",
    "pid",
    "keep",
    "alive",
    "dumb",
    "ctrl",
    "app",
    "run",
    "host",
    "gunicorn",
    "waitress",
    "iptime",
    "fritz",
    "box",
    "openwrt",
    "luci",
    "unifi",
    "tp",
    "link",
    "asus",
    "netgear",
    "linksys",
    "huawei",
    "xiaomi",
    "miniupnpd",
    "wi",
    "fi",
    "localhost",
    "tailscale",
    "cloudflare",
    "tunnel",
    "ngrok",
    "retry",
    "after",
    "forwarded",
    "for",
];

/// The ASCII words of `text` that are neither names nor acronyms.
pub fn english_words(text: &str) -> Vec<String> {
    // Code in backticks is quoted as typed; 'x' echoes the user's input.
    let mut plain = String::new();
    for (i, part) in text.split(['`', '\'']).enumerate() {
        if i % 2 == 0 {
            plain.push_str(part);
            plain.push(' ');
        }
    }
    let mut out = Vec::new();
    let is_token = |c: char| c.is_ascii_alphanumeric() || "-_./:=+@*%?&#".contains(c);
    for chunk in plain.split(|c: char| !is_token(c)) {
        let chunk = chunk.trim_matches(|c: char| ".:,".contains(c));
        if chunk.is_empty() || chunk.starts_with('-') || chunk.contains("://") {
            continue;
        }
        for word in chunk.split(|c: char| !c.is_ascii_alphabetic()) {
            let letters = word.len();
            let upper = word.chars().all(|c| c.is_ascii_uppercase());
            let name = NAMES.contains(&word.to_ascii_lowercase().as_str());
            // IPv4, UPnP: an acronym with a lower-case letter inside.
            let acronym = word.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2;
            if letters > 1 && !upper && !name && !acronym {
                out.push(word.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_english_and_spares_names() {
        assert!(
            english_words("UPnP 목록에 포트 5000번 규칙이 없습니다 (IPv4, NAT-PMP)").is_empty()
        );
        assert!(
            english_words("`netcheck forward --port 5000` 명령으로 3s, 500ms, 1m30s").is_empty()
        );
        assert!(english_words("http://192.168.0.1/ 에 접속해 --keep-alive <TEXT>").is_empty());
        assert_eq!(
            english_words("입력값 오류: bad source 'x'"),
            vec!["bad", "source", "x"]
                .into_iter()
                .filter(|w| w.len() > 1)
                .collect::<Vec<_>>()
        );
        assert_eq!(
            english_words("주의: 2 source(s) gave a different"),
            ["source", "gave", "different"]
        );
    }
}

/// Korean sentences from across the catalogue, checked for English.
#[cfg(test)]
mod catalogue {
    use super::english_words;
    use crate::check::doctor::{Step, Verdict};
    use crate::i18n::{Lang, Tr};
    use crate::portmap::{DeviceIssue, MapError, Refusal};
    use crate::proto::{natpmp, pcp};

    /// One of each refusal and device issue, with English words.
    pub(super) fn every_refusal() -> Vec<MapError> {
        let mut why = vec![
            Refusal::PcpVersion(0),
            Refusal::PcpVersion(1),
            Refusal::UpnpOnlyPermanent,
            Refusal::UpnpNoSuchEntry,
            Refusal::Network(crate::net::cause::Cause::HostUnreachable),
            Refusal::Garbled,
        ];
        for c in 0..=6 {
            why.push(Refusal::NatPmp(natpmp::ResultCode::from_u16(c)));
        }
        for c in 0..=14 {
            why.push(Refusal::Pcp(pcp::ResultCode::from_u8(c)));
        }
        for c in [
            401, 402, 501, 606, 713, 714, 715, 716, 718, 724, 725, 726, 727, 728, 729, 799,
        ] {
            why.push(Refusal::Upnp(c));
        }
        let ip: std::net::IpAddr = "10.0.0.1".parse().unwrap();
        let mut out: Vec<MapError> = why
            .into_iter()
            .map(|why| MapError::Refused {
                why,
                words: "the router is out of resources (too many port mappings)".into(),
            })
            .collect();
        for why in [
            DeviceIssue::OffSubnet(ip),
            DeviceIssue::ForeignLocation {
                from: ip,
                location: "10.0.0.2".parse().unwrap(),
            },
            DeviceIssue::Undescribed(ip),
        ] {
            out.push(MapError::Device {
                why,
                words: "ignored a UPnP device at 10.0.0.1: not on the local subnet".into(),
            });
        }
        out
    }

    fn check(texts: &[String]) {
        for t in texts {
            let w = english_words(t);
            assert!(w.is_empty(), "English {w:?} in Korean: {t}");
        }
    }

    #[test]
    fn doctor_forward_and_units_have_no_english() {
        let ko = Tr(Lang::Ko);
        let mut t: Vec<String> = Vec::new();
        for v in Verdict::ALL {
            t.push(ko.doctor_verdict(v).into());
        }
        // CheckHostFirewall names firewall products (ufw, Windows Defender …),
        // which a Korean engineer writes in their own spelling too.
        for s in Step::ALL
            .into_iter()
            .filter(|s| *s != Step::CheckHostFirewall)
        {
            t.push(ko.doctor_step(s, 5000, "111.222.33.123", "192.168.99.50:5000"));
        }
        t.push(ko.doctor_mapping_missing(5000));
        t.push(ko.list_empty().into());
        t.push(ko.list_heading().into());
        for e in [
            MapError::NotFound,
            MapError::NotAuthorized,
            MapError::NoExternalAddress,
            MapError::Timeout,
            MapError::OnlyOwnAddress,
            MapError::SkippedLowPort,
        ] {
            t.push(ko.map_error(&e));
        }
        // Every refusal and device issue a router can cause: Korean
        // sentences, whatever English words came with them.
        for e in every_refusal() {
            t.push(ko.map_error(&e));
        }
        // Probe step labels, when no cause is known beyond the kind.
        for k in crate::check::probe::FailKind::ALL {
            t.push(ko.probe_fail(k, "", None));
        }
        // Set-up failures made below the catalogue, worded at output time.
        {
            use crate::error::SetupError;
            use crate::net::cause::{Cause, Failure};
            let f = Failure::new(Cause::PermissionDenied, "Operation not permitted");
            t.push(ko.setup_error(&SetupError::Runtime(f.clone())));
            t.push(ko.setup_error(&SetupError::SignalHandler(f.clone())));
            t.push(ko.serve_accept_failed(&ko.os_failure(&Failure::new(
                Cause::TooManyOpenFiles,
                "Too many open files",
            ))));
        }
        for secs in [0, 45, 60, 90, 3600, 7322] {
            t.push(ko.lease(secs));
            t.push(ko.lease_note(secs, 5000));
            t.push(ko.keeping(&ko.duration(secs)));
        }
        t.push(ko.warning_message(
            "source_disagreed",
            "2 source(s) gave a different address; see -v",
        ));
        check(&t);
        // The words of the review: one term per concept.
        let all = t.join("\n");
        for wrong in ["기다리", "출처", "Ctrl-C", "임대 시간", "1h", "1m"] {
            assert!(!all.contains(wrong), "{wrong} in\n{all}");
        }
        assert_eq!(ko.duration(3600), "1시간");
        assert_eq!(ko.duration(90), "1분 30초");
        assert_eq!(ko.duration(7322), "2시간 2분 2초");
        assert_eq!(ko.duration(0), "0초");
        assert_eq!(Tr(Lang::En).duration(90), "1m30s");
        assert!(ko.doctor_mapping_missing(5000).contains("UPnP 목록"));
        assert!(
            Tr(Lang::En)
                .doctor_mapping_missing(5000)
                .contains("not in the router's UPnP list")
        );
    }
}

/// The review's terms, held in every Korean line of the catalogue's source
/// (so a sentence added later is held too, not only the ones sampled above).
#[cfg(test)]
mod terms {
    const SOURCES: &[(&str, &str)] = &[
        ("mod.rs", include_str!("mod.rs")),
        ("en.rs", include_str!("en.rs")),
        ("ko.rs", include_str!("ko.rs")),
        ("cause.rs", include_str!("cause.rs")),
        ("doctor.rs", include_str!("doctor.rs")),
        ("forward.rs", include_str!("forward.rs")),
        ("forward_guide.rs", include_str!("forward_guide.rs")),
        ("gateway.rs", include_str!("gateway.rs")),
        ("help.rs", include_str!("help.rs")),
        ("filtered.rs", include_str!("filtered.rs")),
        ("input.rs", include_str!("input.rs")),
        ("nat.rs", include_str!("nat.rs")),
        ("pinhole.rs", include_str!("pinhole.rs")),
        ("probe.rs", include_str!("probe.rs")),
        ("public_ip.rs", include_str!("public_ip.rs")),
        ("reflector.rs", include_str!("reflector.rs")),
        ("serve.rs", include_str!("serve.rs")),
    ];

    /// (wrong, why): words the review replaced.
    const WRONG: &[(&str, &str)] = &[
        ("접속을 기다리", "listening is 수신 대기"),
        ("에서 기다리", "listening is 수신 대기"),
        ("기다리는 프로그램", "listening is 수신 대기"),
        ("출처", "public-IP sources are 확인 서비스"),
        ("Ctrl-C", "Ctrl+C"),
        ("임대 시간", "a mapping's lease is 유지 시간"),
        ("도움말:", "a hint is 힌트"),
        ("를 여는", "포트를 열다 is the router's sense: 수신 대기"),
        ("첫 응답", "TTFB is 첫 바이트"),
        ("공유기 재시작?", "no chatty question mark"),
    ];

    /// Korean lines of a source file (those holding Hangul), not comments.
    fn korean_lines(src: &str) -> impl Iterator<Item = (usize, &str)> {
        src.lines().enumerate().filter(|(_, l)| {
            !l.trim_start().starts_with("//") && l.chars().any(|c| ('가'..='힣').contains(&c))
        })
    }

    fn offences(src: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (n, line) in korean_lines(src) {
            for (wrong, why) in WRONG {
                if line.contains(wrong) && !line.contains("for wrong in") {
                    out.push(format!(
                        "line {}: {wrong:?} ({why}): {}",
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
        out
    }

    #[test]
    fn every_korean_line_uses_the_reviewed_terms() {
        let mut all = Vec::new();
        for (file, src) in SOURCES {
            for o in offences(src) {
                all.push(format!("src/i18n/{file} {o}"));
            }
        }
        assert!(all.is_empty(), "{}", all.join("\n"));
        // Control: a line with an old term is caught.
        let old = r#"            "포트 5000에서 접속을 기다리는 중. Ctrl-C로 끝냅니다""#;
        assert_eq!(offences(old).len(), 2);
    }
}
