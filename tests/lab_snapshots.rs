//! Full renders of the human output, in English and in Korean, compared with
//! the committed files in `tests/snapshots/`: a change of wording shows up
//! as a diff to review, never by accident. `UPDATE_SNAPSHOTS=1` rewrites the
//! files (then read the diff before committing).
//!
//! The peers are the lab's real ones (miniupnpd, coturn, the echo and TLS
//! servers) plus a STUN fake that answers every request with error 420. What
//! changes from run to run (times, the pid of `netcheck serve`) is
//! normalised; every address is fixed by the lab. Every source, vantage and
//! STUN server named is a lab host: no packet leaves the namespaces.
//!
//! The Korean renders must also hold no English sentence
//! ([`english_words`]); the control test below turns one Korean line into
//! its English twin and shows both checks catch it.

mod common;

use common::lab::{Lab, LabProcess, show};
use netcheck::i18n::lint::english_words;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name)
}

/// Compares `actual` with the committed snapshot `name` (or rewrites it
/// under `UPDATE_SNAPSHOTS=1`). The error shows the first differing lines.
fn check_snapshot(name: &str, actual: &str) -> Result<(), String> {
    let path = snapshot_path(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return Ok(());
    }
    let expected = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e} (run with UPDATE_SNAPSHOTS=1)", path.display()))?;
    compare(name, &expected, actual)
}

/// Pure: `actual` against the expected text; the error shows the differing lines.
fn compare(name: &str, expected: &str, actual: &str) -> Result<(), String> {
    if expected == actual {
        return Ok(());
    }
    let mut diff = String::new();
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i).copied(), a.get(i).copied());
        if x != y {
            diff.push_str(&format!(
                "line {}:\n  - {}\n  + {}\n",
                i + 1,
                x.unwrap_or("<none>"),
                y.unwrap_or("<none>")
            ));
        }
    }
    Err(format!(
        "{name} differs from tests/snapshots/{name} (UPDATE_SNAPSHOTS=1 rewrites it):\n{diff}--- actual ---\n{actual}"
    ))
}

/// Times ("4.23 ms", "412 ms"), pids and clock readings (integers of 8
/// digits or more) become fixed tokens; trailing spaces go.
fn normalise(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut l = String::new();
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let start = i;
            let at_word_start = start == 0 || !chars[start - 1].is_ascii_alphanumeric();
            if chars[i].is_ascii_digit() && at_word_start {
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let rest: String = chars[i..].iter().take(3).collect();
                if rest == " ms" {
                    l.push('N');
                    continue;
                }
                let number: String = chars[start..i].iter().collect();
                // A pid, or a clock reading (a TLS error's "verification time").
                if l.ends_with("pid ") || number.len() >= 8 && !number.contains('.') {
                    l.push('N');
                } else {
                    l.push_str(&number);
                }
                continue;
            }
            l.push(chars[i]);
            i += 1;
        }
        out.push_str(l.trim_end());
        out.push('\n');
    }
    out
}

/// A Korean render holds Korean and no English sentence. `data` are values
/// shown as they are (the router's model name from UPnP).
fn assert_korean(text: &str, data: &[&str], what: &str) {
    let mut plain = text.to_string();
    for d in data {
        plain = plain.replace(d, "");
    }
    let words = english_words(&plain);
    assert!(
        words.is_empty(),
        "{what}: English words {words:?} in\n{text}"
    );
    assert!(
        text.chars().any(|c| ('가'..='힣').contains(&c)),
        "{what}: no Korean\n{text}"
    );
}

/// Runs netcheck in the LAN namespace with a clean language environment.
fn render(lab: &Lab, lang: &str, args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut argv: Vec<String> = vec![
        "--lang".into(),
        lang.into(),
        "--color".into(),
        "never".into(),
    ];
    argv.extend(args.iter().map(|s| s.to_string()));
    let mut cmd = lab.lan_cmd(&argv);
    for v in [
        "LANG",
        "LC_ALL",
        "LC_MESSAGES",
        "NETCHECK_LANG",
        "NETCHECK_SOURCES",
    ] {
        cmd.env_remove(v);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = common::lab::run(&mut cmd);
    let text = normalise(&String::from_utf8_lossy(&out.stdout));
    assert!(
        !text.trim().is_empty(),
        "{args:?}: no output\n{}",
        show(&out)
    );
    (out.status.code(), text)
}

/// A STUN server on the lab's internet host that answers every Binding
/// request with ERROR-CODE 420 (Unknown Attribute).
fn stun_error_fake(lab: &Lab, port: u16) -> LabProcess {
    let script = format!(
        r#"
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", {port}))
while True:
    d, a = s.recvfrom(2048)
    if len(d) < 20:
        continue
    val = struct.pack("!HBB", 0, 4, 20) + b"Unknown Attribute"
    val += b"\0" * ((4 - len(val) % 4) % 4)
    attr = struct.pack("!HH", 0x0009, 4 + 17) + val
    s.sendto(struct.pack("!HH", 0x0111, len(attr)) + d[4:20] + attr, a)
"#
    );
    let child = lab
        .cmd_in("INET_NS", "python3", &["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the STUN fake");
    let fake = LabProcess(child);
    wait_listening(lab, "INET_NS", "-Hlun", port);
    fake
}

fn wait_listening(lab: &Lab, ns: &str, flags: &str, port: u16) {
    let sport = format!("sport = :{port}");
    let deadline = Instant::now() + Duration::from_secs(15);
    while lab.exec_in(ns, "ss", &[flags, &sport]).stdout.is_empty() {
        assert!(
            Instant::now() < deadline,
            "nothing listens on {port} in {ns}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn human_output_in_full() {
    let lab = Lab::home();
    let model = format!("{} {}", lab.get("MANUFACTURER"), lab.get("MODEL"));
    // Data shown as it is: the router's UPnP names, the interface name.
    let data = [model.as_str(), "eth0"];
    let mut failures = Vec::new();
    let mut compare = |name: &str, text: &str| {
        if let Err(e) = check_snapshot(name, text) {
            failures.push(e);
        }
    };

    // public-ip: one good source (so no early agreement cuts the others
    // short) and one of each failure, in the order given.
    let _stun = stun_error_fake(&lab, 3490);
    let closed = "http://111.222.33.1:9/";
    let plain_as_tls = "https://111.222.33.1:8080/";
    let sources = [
        lab.get("ECHO_FAST"),
        closed,
        plain_as_tls,
        lab.get("ECHO_HTTPS_EXPIRED"),
        lab.get("ECHO_HTTPS_WRONG_HOST"),
        "stun:111.222.33.1:3490",
        lab.get("ECHO_SILENT"),
    ];
    let mut args = vec!["public-ip", "-4", "-v", "--timeout", "4s"];
    for s in &sources {
        args.extend(["--source", s]);
    }
    let trust = [("SSL_CERT_FILE", lab.get("TEST_CA"))];
    for lang in ["en", "ko"] {
        let (code, text) = render(&lab, lang, &args, &trust);
        assert_eq!(code, Some(0), "public-ip {lang}:\n{text}");
        if lang == "ko" {
            assert_korean(&text, &data, "public-ip");
        }
        compare(&format!("public_ip.{lang}.txt"), &text);
    }

    // probe: an expired certificate, then a closed port.
    for (name, url) in [
        ("probe_expired", lab.get("ECHO_HTTPS_EXPIRED")),
        ("probe_refused", closed),
    ] {
        for lang in ["en", "ko"] {
            let (code, text) = render(
                &lab,
                lang,
                &["probe", url, "--count", "1", "--timeout", "4s"],
                &trust,
            );
            assert_eq!(code, Some(1), "{name} {lang}:\n{text}");
            if lang == "ko" {
                assert_korean(&text, &data, name);
            }
            compare(&format!("{name}.{lang}.txt"), &text);
        }
    }

    // doctor: netcheck serve listens on port 5000, nothing forwards it.
    let serve = lab
        .lan_cmd(&["serve", "--port", "5000"])
        .env("NETCHECK_SOURCES", lab.get("ECHO_FAST"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start netcheck serve");
    let _serve = LabProcess(serve);
    wait_listening(&lab, "LAN_NS", "-Hltn", 5000);
    let doctor = [
        "doctor",
        "--port",
        "5000",
        "--no-outside",
        "--source",
        lab.get("ECHO_FAST"),
        "--source",
        lab.get("STUN"),
        "--timeout",
        "10s",
    ];
    for lang in ["en", "ko"] {
        let (code, text) = render(&lab, lang, &doctor, &[]);
        assert_eq!(code, Some(1), "doctor {lang}:\n{text}");
        if lang == "ko" {
            assert_korean(&text, &data, "doctor");
        }
        compare(&format!("doctor.{lang}.txt"), &text);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Control: the committed Korean doctor render with one sentence turned
/// English fails both the snapshot comparison and the English check.
#[test]
fn a_korean_sentence_turned_english_is_caught() {
    let ko = std::fs::read_to_string(snapshot_path("doctor.ko.txt")).unwrap();
    let en = std::fs::read_to_string(snapshot_path("doctor.en.txt")).unwrap();
    // (compare, not check_snapshot: UPDATE_SNAPSHOTS must not write this.)
    assert!(compare("doctor.ko.txt", &ko, &ko).is_ok());
    let strip = |t: &str| t.replace("netcheck-lab lab-router", "").replace("eth0", "");
    assert!(english_words(&strip(&ko)).is_empty());
    // The verdict line, in English, where the Korean one was.
    let ko_line = ko.lines().find(|l| l.starts_with("진단:")).unwrap();
    let en_line = en.lines().find(|l| l.starts_with("Verdict:")).unwrap();
    let sentence_ko = ko_line.trim_start_matches("진단:");
    let sentence_en = en_line.trim_start_matches("Verdict:");
    let tampered = ko.replace(sentence_ko, sentence_en);
    assert_ne!(tampered, ko);
    let err = compare("doctor.ko.txt", &ko, &tampered).unwrap_err();
    assert!(err.contains(sentence_en.trim()), "{err}");
    assert!(!english_words(&strip(&tampered)).is_empty());
    // And normalising does not hide it.
    assert_eq!(normalise(&tampered), tampered);
}

#[test]
fn normalise_fixes_times_and_pids_only() {
    assert_eq!(
        normalise("  ✓ 4.23 ms  127.0.0.1:5000\n  ✗ 412 ms\nnetcheck (pid 25585) port 5000  \n"),
        "  ✓ N ms  127.0.0.1:5000\n  ✗ N ms\nnetcheck (pid N) port 5000\n"
    );
    assert_eq!(normalise("192.168.99.123/24 v4"), "192.168.99.123/24 v4\n");
    assert_eq!(
        normalise("time 1796214334 (UNIX), 218291126 seconds, port 65535"),
        "time N (UNIX), N seconds, port 65535\n"
    );
}
