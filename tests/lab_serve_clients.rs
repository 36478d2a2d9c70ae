//! Real HTTP clients against `netcheck serve` through the lab's NAT: the
//! server runs on the LAN host, `netcheck forward` maps its port on the
//! router (miniupnpd), and from the "internet" namespace `curl` and Python's
//! `requests` (the guide's client) send GET and POST to the router's public
//! address. Everything the answer claims is checked against what the client
//! itself knows: the method, path and query it sent, its own address, and a
//! SHA-256 of the body computed by Python's hashlib, not by netcheck.
//!
//! These need root and python3-requests (scripts/test installs it); they
//! fail (never skip) when the lab cannot run.

mod common;

use common::lab::{Lab, json_stdout, show};
use common::router::wait_until;
use serde_json::Value;
use std::process::{Child, Stdio};
use std::time::Duration;

const WAN: &str = "111.222.33.123";
const INET_IP: &str = "111.222.33.1";
const PORT: u16 = 5080;
/// The POST body and its SHA-256 (Python: hashlib.sha256(BODY).hexdigest()).
const BODY: &str = r#"{"name":"netcheck","n":1}"#;
const BODY_SHA256: &str = "3183f8c8d0919cb0f16353afa98cb71e6eb971662ef7a7eface02eace9a3296b";

struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve_and_forward(lab: &Lab) -> Serve {
    let port = PORT.to_string();
    let child = lab
        .lan_cmd(&["serve", "--port", &port, "--no-public-ip", "--json"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start netcheck serve");
    let serve = Serve(child);
    wait_until(Duration::from_secs(10), "serve listens", || {
        !lab.exec_in("LAN_NS", "ss", &["-ltnH", &format!("sport = :{PORT}")])
            .stdout
            .is_empty()
    });
    let out = lab.lan_exec(&[
        "forward",
        "--port",
        &port,
        "--json",
        "--timeout",
        "5s",
        "--source",
        lab.get("ECHO_FAST"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(json_stdout(&out)["mapped"], true);
    serve
}

/// The JSON body of a client's answer; panics with the client's output otherwise.
fn answer(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "{}", show(out));
    json_stdout(out)
}

fn check_get(v: &Value, client: &str) {
    assert_eq!(v["ok"], true, "{client}: {v}");
    assert_eq!(v["server"], "netcheck", "{client}: {v}");
    assert_eq!(v["method"], "GET", "{client}: {v}");
    assert_eq!(v["path"], "/hello", "{client}: {v}");
    assert_eq!(v["query"]["from"], client, "{client}: {v}");
    // DNAT keeps the source: the server sees the internet host itself.
    assert_eq!(v["client_ip"], INET_IP, "{client}: {v}");
}

fn check_post(v: &Value, client: &str) {
    assert_eq!(v["method"], "POST", "{client}: {v}");
    assert_eq!(
        v["body"],
        serde_json::from_str::<Value>(BODY).unwrap(),
        "{client}: {v}"
    );
    assert_eq!(v["body_length"], BODY.len(), "{client}: {v}");
    assert_eq!(v["body_sha256"], BODY_SHA256, "{client}: {v}");
    assert_eq!(v["client_ip"], INET_IP, "{client}: {v}");
}

#[test]
fn curl_and_python_requests_get_and_post_through_the_nat() {
    let lab = Lab::home();
    let _serve = serve_and_forward(&lab);
    let base = format!("http://{WAN}:{PORT}");

    // curl: GET with a query, then POST of JSON; -f fails on HTTP errors.
    let get = lab.exec_in(
        "INET_NS",
        "curl",
        &[
            "-sSf",
            "--max-time",
            "5",
            &format!("{base}/hello?from=curl"),
        ],
    );
    check_get(&answer(&get), "curl");
    let post = lab.exec_in(
        "INET_NS",
        "curl",
        &[
            "-sSf",
            "--max-time",
            "5",
            "-H",
            "Content-Type: application/json",
            "--data",
            BODY,
            &format!("{base}/echo"),
        ],
    );
    let v = answer(&post);
    check_post(&v, "curl");
    assert_eq!(v["content_type"], "application/json", "{v}");

    // Python requests, as the guide's client does it: the script prints both
    // answers and the hashlib digest of what it sent.
    let script = format!(
        r#"
import hashlib, json, requests
base = "{base}"
body = {BODY:?}.encode()
g = requests.get(base + "/hello", params={{"from": "python"}}, timeout=5)
g.raise_for_status()
p = requests.post(base + "/echo", data=body, headers={{"Content-Type": "application/json"}}, timeout=5)
p.raise_for_status()
print(json.dumps({{"get": g.json(), "post": p.json(), "sha256": hashlib.sha256(body).hexdigest(),
                  "get_type": g.headers.get("Content-Type")}}))
"#
    );
    let out = lab.exec_in("INET_NS", "python3", &["-c", &script]);
    let v = answer(&out);
    assert_eq!(v["sha256"], BODY_SHA256, "hashlib agrees with the constant");
    check_get(&v["get"], "python");
    check_post(&v["post"], "python");
    assert!(
        v["get_type"]
            .as_str()
            .unwrap_or("")
            .starts_with("application/json"),
        "{v}"
    );

    // The control: with the mapping removed, the same client cannot get in.
    let out = lab.lan_exec(&[
        "forward",
        "--remove",
        "--port",
        &PORT.to_string(),
        "--timeout",
        "5s",
        "--source",
        lab.get("ECHO_FAST"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let get = lab.exec_in(
        "INET_NS",
        "curl",
        &[
            "-sSf",
            "--max-time",
            "2",
            &format!("{base}/hello?from=curl"),
        ],
    );
    assert!(
        !get.status.success(),
        "reached without a mapping: {}",
        show(&get)
    );
}
