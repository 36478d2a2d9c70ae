//! HTTPS in the lab: every default `public-ip` source is https, and `probe`
//! speaks TLS. The lab's "internet" runs Python HTTPS echo servers whose
//! certificates come from a throwaway test CA made by openssl for each lab
//! (`lab.sh`): a good one (IP SAN 111.222.33.1), one for another host, and
//! an expired one. The CA is trusted only through `SSL_CERT_FILE` or
//! `SSL_CERT_DIR` — so each success has its control: the same run without the
//! variable fails with the certificate's issuer unknown.
//!
//! These need root; they fail (never skip) when the lab cannot run.

mod common;

use common::lab::{Lab, json_stdout, show};
use serde_json::Value;
use std::process::Output;

/// netcheck in the LAN namespace with `env` (e.g. `SSL_CERT_FILE`) set.
fn netcheck(lab: &Lab, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = lab.lan_cmd(args);
    cmd.env_remove("SSL_CERT_FILE").env_remove("SSL_CERT_DIR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    common::lab::run(&mut cmd)
}

fn public_ip(lab: &Lab, env: &[(&str, &str)], source: &str) -> (Output, Value) {
    let out = netcheck(
        lab,
        env,
        &[
            "public-ip",
            "-4",
            "--json",
            "--timeout",
            "3s",
            "--source",
            source,
        ],
    );
    let v = json_stdout(&out);
    (out, v)
}

/// The one source's entry of a public-ip report.
fn source(v: &Value) -> &Value {
    let s = &v["sources"][0];
    assert!(s.is_object(), "no source entry: {v}");
    s
}

#[test]
fn public_ip_over_https_trusts_ssl_cert_file_and_dir() {
    let lab = Lab::home();
    let https = lab.get("ECHO_HTTPS");
    let ca = lab.get("TEST_CA");
    let ca_dir = lab.get("TEST_CA_DIR");
    let public = lab.get("PUBLIC_IP");

    // The control: the test CA is not trusted by the OS.
    let (out, v) = public_ip(&lab, &[], https);
    assert_ne!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(source(&v)["error_kind"], "tls", "{v}");
    assert!(
        source(&v)["error"]
            .as_str()
            .unwrap_or("")
            .contains("UnknownIssuer"),
        "{v}"
    );

    // SSL_CERT_FILE, then SSL_CERT_DIR: the https source answers.
    for env in [("SSL_CERT_FILE", ca), ("SSL_CERT_DIR", ca_dir)] {
        let (out, v) = public_ip(&lab, &[env], https);
        assert_eq!(v["ipv4"], public, "{}: {}", env.0, show(&out));
        assert_eq!(source(&v)["ip"], public, "{}: {v}", env.0);
        assert_eq!(source(&v)["error"], Value::Null, "{}: {v}", env.0);
    }

    // Two sources, one of them https, agree: exit 0.
    let out = netcheck(
        &lab,
        &[("SSL_CERT_FILE", ca)],
        &[
            "public-ip",
            "-4",
            "--json",
            "--timeout",
            "3s",
            "--source",
            https,
            "--source",
            lab.get("ECHO_FAST"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(json_stdout(&out)["agreed"], 2, "{}", show(&out));

    // Wrong host and expired certificates: refused even with the CA trusted, in clear words.
    for (key, words) in [
        (
            "ECHO_HTTPS_WRONG_HOST",
            "not valid for name \"111.222.33.1\"",
        ),
        ("ECHO_HTTPS_EXPIRED", "certificate expired"),
    ] {
        let (out, v) = public_ip(&lab, &[("SSL_CERT_FILE", ca)], lab.get(key));
        assert_ne!(out.status.code(), Some(0), "{key}: {}", show(&out));
        assert_eq!(v["ipv4"], Value::Null, "{key}: {v}");
        assert_eq!(source(&v)["error_kind"], "tls", "{key}: {v}");
        let error = source(&v)["error"].as_str().unwrap_or("");
        assert!(error.contains(words), "{key}: {error}");
    }

    // A variable that names nothing: the error says which and where.
    let (_, v) = public_ip(&lab, &[("SSL_CERT_FILE", "/nonexistent/ca.pem")], https);
    let error = source(&v)["error"].as_str().unwrap_or("");
    assert!(
        error.contains("SSL_CERT_FILE=/nonexistent/ca.pem"),
        "{error}"
    );
}

#[test]
fn probe_over_https() {
    let lab = Lab::home();
    let https = lab.get("ECHO_HTTPS");
    let ca = lab.get("TEST_CA");
    let probe = |env: &[(&str, &str)], url: &str| {
        let out = netcheck(
            &lab,
            env,
            &["probe", url, "--method", "get", "--json", "--timeout", "3s"],
        );
        let v = json_stdout(&out);
        (out, v)
    };

    let (out, v) = probe(&[("SSL_CERT_FILE", ca)], https);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(v["tls"]["ok"], true, "{v}");
    assert_eq!(v["get"]["status"], 200, "{v}");
    assert_eq!(v["verdict"], "reachable", "{v}");
    assert_eq!(v["failed_step"], Value::Null, "{v}");

    // The control: without the CA, the TLS step fails and says why.
    let (out, v) = probe(&[], https);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert_eq!(v["failed_step"], "tls", "{v}");
    assert!(
        v["tls"]["error"]
            .as_str()
            .unwrap_or("")
            .contains("UnknownIssuer"),
        "{v}"
    );

    for (key, words) in [
        (
            "ECHO_HTTPS_WRONG_HOST",
            "not valid for name \"111.222.33.1\"",
        ),
        ("ECHO_HTTPS_EXPIRED", "certificate expired"),
    ] {
        let (out, v) = probe(&[("SSL_CERT_FILE", ca)], lab.get(key));
        assert_eq!(out.status.code(), Some(1), "{key}: {}", show(&out));
        assert_eq!(v["failed_step"], "tls", "{key}: {v}");
        assert_eq!(
            v["get"]["error_kind"], "skipped",
            "{key}: no GET after a failed TLS: {v}"
        );
        let error = v["tls"]["error"].as_str().unwrap_or("");
        assert!(error.contains(words), "{key}: {error}");
    }
}
