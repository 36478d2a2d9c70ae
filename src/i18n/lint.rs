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
