//! Korean mode, end to end through the binary: `--help` of every command,
//! the argument parser's errors, the language choice, shell completions and
//! man pages. Nothing here touches the network: every run stops at parsing,
//! or prints help, completions or a man page.

mod common;

use common::run::{Run, netcheck, run_clean};
use netcheck::i18n::lint::english_words;
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
