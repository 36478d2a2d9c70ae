//! Korean mode, end to end through the binary: `--help` of every command,
//! the argument parser's errors, the language choice, shell completions and
//! man pages, and the failures of public-ip, probe and serve against peers
//! on loopback that fail in every way (closed port, not HTTP, not TLS, a
//! STUN error). NETWORK SAFETY: the only packets go to 127.0.0.1.

mod common;

use common::run::{Run, netcheck, run_clean};
use netcheck::i18n::lint::english_words;
use std::io::Write;
use std::net::{TcpListener, UdpSocket};
use std::time::Duration;

const WATCHDOG: Duration = Duration::from_secs(10);

const COMMANDS: &[&str] = &[
    "public-ip",
    "gateway",
    "serve",
    "probe",
    "forward",
    "doctor",
    "nat",
    "reflector",
    "completions",
    "man",
];

fn run(args: &[&str], env: &[(&str, &str)]) -> Run {
    run_clean(netcheck(), args, env, WATCHDOG)
}

fn assert_korean(text: &str, what: &str) {
    let words = english_words(text);
    assert!(
        words.is_empty(),
        "{what}: English words {words:?} in\n{text}"
    );
    assert!(
        text.chars().any(|c| ('가'..='힣').contains(&c)),
        "{what}: no Korean at all\n{text}"
    );
}

#[test]
fn help_of_every_command_is_korean() {
    let mut all: Vec<Vec<&str>> = vec![vec!["--help"]];
    for c in COMMANDS {
        all.push(vec![c, "--help"]);
        all.push(vec!["help", c]);
    }
    for args in all {
        let mut with_flag = vec!["--lang", "ko"];
        with_flag.extend(&args);
        for (argv, env) in [
            (with_flag.clone(), vec![]),
            (args.clone(), vec![("LANG", "ko_KR.UTF-8")]),
            (args.clone(), vec![("NETCHECK_LANG", "ko")]),
        ] {
            let r = run(&argv, &env);
            assert_eq!(r.code, 0, "{argv:?} {env:?}: {r:?}");
            assert!(
                r.stdout.contains("사용법: netcheck"),
                "{argv:?}: {}",
                r.stdout
            );
            assert!(r.stdout.contains("종료 코드:"), "{argv:?}: {}", r.stdout);
            assert!(r.stdout.contains("  2  잘못된 사용법"), "{argv:?}");
            assert_korean(&r.stdout, &format!("{argv:?} {env:?}"));
        }
        // Control: the same help in English is caught by the checker.
        let mut en = vec!["--lang", "en"];
        en.extend(&args);
        let r = run(&en, &[("LANG", "ko_KR.UTF-8")]);
        assert_eq!(r.code, 0, "{r:?}");
        assert!(r.stdout.contains("Exit status:"), "{en:?}: {}", r.stdout);
        assert!(!english_words(&r.stdout).is_empty(), "{en:?}");
    }
}

#[test]
fn language_choice_order() {
    let korean = |r: &Run| r.stdout.contains("사용법:");
    // NETCHECK_LANG beats LANG; --lang beats both.
    assert!(!korean(&run(
        &["--help"],
        &[("NETCHECK_LANG", "en"), ("LANG", "ko_KR.UTF-8")]
    )));
    assert!(korean(&run(
        &["--help"],
        &[("NETCHECK_LANG", "ko"), ("LC_ALL", "en_US.UTF-8")]
    )));
    assert!(!korean(&run(
        &["--lang", "en", "--help"],
        &[("NETCHECK_LANG", "ko")]
    )));
    assert!(korean(&run(&["--help", "--lang=ko"], &[])));
    // LC_ALL beats LANG; nothing set → English.
    assert!(!korean(&run(
        &["--help"],
        &[("LC_ALL", "C"), ("LANG", "ko_KR.UTF-8")]
    )));
    assert!(!korean(&run(&["--help"], &[])));
}

#[test]
fn usage_errors_are_korean_and_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["forward", "--port", "abc"], "1-65535"),
        (&["forward"], "--port"),
        (&["gatewy"], "'gateway'"),
        (&["gateway", "--frobnicate"], "'--frobnicate'"),
        (
            &["forward", "--port", "5000", "--list", "--keep"],
            "함께 쓸 수 없습니다",
        ),
        (&["probe"], "<대상>"),
        (&["forward", "--port", "5000", "--method", "foo"], "manual"),
        (&["gateway", "--timeout", "1x"], "시간"),
        (&["doctor", "--lease", "500ms"], "1초 이상"),
        (&["gateway", "--lang", "ko", "--lang", "ko"], "한 번만"),
        (&["completions", "tcsh"], "elvish"),
        (
            &["man", "gateway", "--out-dir", "/nonexistent"],
            "함께 쓸 수 없습니다",
        ),
    ];
    for (args, needle) in cases {
        let mut argv = vec!["--lang", "ko"];
        argv.extend(*args);
        let r = run(&argv, &[]);
        assert_eq!(r.code, 2, "{argv:?}: {r:?}");
        assert!(
            r.stderr.starts_with("netcheck: 오류: "),
            "{argv:?}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains(needle),
            "{argv:?}: want {needle}\n{}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "{argv:?}");
        assert_korean(&r.stderr, &format!("{argv:?}"));
        // Control: English mode keeps clap's own English message.
        if !args.contains(&"--lang") {
            let r = run(args, &[]);
            assert_eq!(r.code, 2, "{args:?}");
            assert!(r.stderr.starts_with("error: "), "{args:?}: {}", r.stderr);
        }
        // --json: one English error document, whatever the language.
        let mut json = argv.clone();
        json.push("--json");
        let r = run(&json, &[]);
        assert_eq!(r.code, 2, "{json:?}");
        let v = r.json();
        assert_eq!(v["error"]["kind"], "usage", "{json:?}");
        let msg = v["error"]["message"].as_str().unwrap();
        assert!(
            !msg.chars().any(|c| ('가'..='힣').contains(&c)),
            "{json:?}: {msg}"
        );
    }
}

#[test]
fn completions_for_every_shell_know_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = run(&["completions", shell], &[]);
        assert_eq!(r.code, 0, "{shell}: {r:?}");
        for c in COMMANDS {
            assert!(r.stdout.contains(c), "{shell}: no {c}");
        }
        for flag in ["lease", "external-port", "request-timeout", "count", "lang"] {
            assert!(r.stdout.contains(flag), "{shell}: no --{flag}");
        }
    }
    // zsh and fish carry the descriptions: in Korean under --lang ko.
    let r = run(&["--lang", "ko", "completions", "fish"], &[]);
    assert!(r.stdout.contains("수신 대기"), "{}", r.stdout);
}

#[test]
fn man_page_for_every_command() {
    let root = run(&["man"], &[]);
    assert_eq!(root.code, 0, "{root:?}");
    assert!(
        root.stdout.starts_with(".ie"),
        "roff: {}",
        &root.stdout[..80]
    );
    assert!(root.stdout.contains(".TH netcheck 1"));
    for c in COMMANDS {
        assert!(
            root.stdout.contains(&c.replace('-', "\\-")),
            "root page lists {c}"
        );
        let r = run(&["man", c], &[]);
        assert_eq!(r.code, 0, "{c}: {r:?}");
        assert!(r.stdout.contains(&format!(".TH netcheck-{c} 1")), "{c}");
        assert!(r.stdout.contains(".SH OPTIONS"), "{c}");
        assert!(r.stdout.contains("\\-\\-help"), "{c}");
    }
    let r = run(&["man", "forward"], &[]);
    assert!(r.stdout.contains("\\-\\-lease"), "{}", r.stdout);
    let ko = run(&["--lang", "ko", "man", "forward"], &[]);
    assert!(ko.stdout.contains("수신 대기"), "{}", ko.stdout);

    let dir = std::env::temp_dir().join(format!("netcheck-man-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let r = run(&["man", "--out-dir", dir.to_str().unwrap()], &[]);
    assert_eq!(r.code, 0, "{r:?}");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut want: Vec<String> = COMMANDS.iter().map(|c| format!("netcheck-{c}.1")).collect();
    want.push("netcheck.1".into());
    want.sort();
    assert_eq!(files, want);
    std::fs::remove_dir_all(&dir).unwrap();

    let r = run(&["--lang", "ko", "man", "nosuch"], &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert_korean(&r.stderr, "man nosuch");
}

/// A TCP server on 127.0.0.1 that sends an SSH banner to every client.
fn banner_server() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut c in l.incoming().flatten() {
            let _ = c.write_all(b"SSH-2.0-OpenSSH_9.2\r\n");
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    port
}

/// A STUN server on 127.0.0.1 that answers every request with error `code`.
fn stun_error_server(code: u16) -> u16 {
    let s = UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = s.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut b = [0u8; 1500];
        while let Ok((n, from)) = s.recv_from(&mut b) {
            if n < 20 {
                continue;
            }
            let mut value = vec![0, 0, (code / 100) as u8, (code % 100) as u8];
            value.extend_from_slice(b"Unknown Attribute\0\0\0");
            let mut out = vec![0x01, 0x11];
            out.extend_from_slice(&((4 + value.len()) as u16).to_be_bytes());
            out.extend_from_slice(&b[4..20]);
            out.extend_from_slice(&[0x00, 0x09]);
            out.extend_from_slice(&((value.len() - 3) as u16).to_be_bytes());
            out.extend_from_slice(&value);
            let _ = s.send_to(&out, from);
        }
    });
    port
}

/// A port on 127.0.0.1 where nothing listens (bound, then closed).
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn failures_on_loopback_are_korean() {
    let banner = banner_server();
    let stun = stun_error_server(420);
    let closed = closed_port();
    let public_ip: Vec<String> = [
        "public-ip",
        "-4",
        "-v",
        "--timeout",
        "5s",
        "--source",
        &format!("http://127.0.0.1:{closed}/"),
        "--source",
        &format!("http://127.0.0.1:{banner}/"),
        "--source",
        &format!("https://127.0.0.1:{banner}/"),
        "--source",
        &format!("stun:127.0.0.1:{stun}"),
    ]
    .map(String::from)
    .to_vec();
    let probes: Vec<Vec<String>> = [
        format!("http://127.0.0.1:{closed}/"),
        format!("http://127.0.0.1:{banner}/"),
        format!("https://127.0.0.1:{banner}/"),
    ]
    .into_iter()
    .map(|url| {
        ["probe", &url, "--count", "1", "--timeout", "5s"]
            .map(String::from)
            .to_vec()
    })
    .collect();
    // serve on a port already taken: a Korean error, exit 3.
    let serve: Vec<String> = [
        "serve",
        "--port",
        &banner.to_string(),
        "--bind",
        "127.0.0.1",
    ]
    .map(String::from)
    .to_vec();
    let safe = [("NETCHECK_SOURCES", "http://127.0.0.1:9/")];
    let mut runs = vec![public_ip.clone(), serve];
    runs.extend(probes);
    for args in &runs {
        let mut argv = vec!["--lang".to_string(), "ko".to_string()];
        argv.extend(args.iter().cloned());
        let r = run(&argv.iter().map(String::as_str).collect::<Vec<_>>(), &safe);
        assert!(matches!(r.code, 1 | 3), "{argv:?}: {r:?}");
        let shown = format!("{}{}", r.stdout, r.stderr);
        assert_korean(&shown, &format!("{argv:?}"));
    }
    // What the fakes provoke is what the Korean names.
    let mut argv = vec!["--lang", "ko"];
    argv.extend(public_ip.iter().map(String::as_str));
    let ko = run(&argv, &safe);
    for want in [
        "연결 거부됨",
        "HTTP 응답이 아님(서버가 보낸 내용: 'SSH-2.0-OpenSSH_9.2')",
        "TLS 응답이 아님",
        "코드 420",
    ] {
        assert!(ko.stdout.contains(want), "{want} in\n{}", ko.stdout);
    }
    // Control: the same run in English carries the OS's and libraries'
    // English words, which the checker sees.
    let en = run(
        &public_ip.iter().map(String::as_str).collect::<Vec<_>>(),
        &safe,
    );
    assert!(en.stdout.contains("Connection refused"), "{}", en.stdout);
    assert!(!english_words(&en.stdout).is_empty());
}
