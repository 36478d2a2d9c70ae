//! Running a program (usually the netcheck binary) with a clean environment,
//! collecting its output, and killing it when it hangs.

use serde_json::Value;
use std::io::Read;
use std::process::{Child, Command, Output, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    /// stdout as exactly one JSON document.
    pub fn json(&self) -> Value {
        let docs: Vec<Value> = serde_json::Deserializer::from_str(&self.stdout)
            .into_iter::<Value>()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{self:?}"));
        assert_eq!(docs.len(), 1, "want exactly one JSON document: {self:?}");
        docs.into_iter().next().unwrap()
    }
}

/// The netcheck binary as a Command.
pub fn netcheck() -> Command {
    Command::new(env!("CARGO_BIN_EXE_netcheck"))
}

/// Runs `cmd` with `args`, a locale / colour / sources environment cleaned of
/// the developer's settings, plus `env`; panics when it runs past `watchdog`.
pub fn run_clean<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(
    mut cmd: Command,
    args: &[S],
    env: &[(&str, &str)],
    watchdog: Duration,
) -> Run {
    cmd.args(args)
        .env_remove("NETCHECK_SOURCES")
        .env_remove("NETCHECK_VANTAGES")
        .env_remove("NO_COLOR")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("LANGUAGE")
        .env_remove("NETCHECK_LANG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let start = Instant::now();
    let out = run_with_timeout(&mut cmd, watchdog)
        .unwrap_or_else(|e| panic!("{args:?} hung or did not start: {e}"));
    let elapsed = start.elapsed();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed,
    }
}

/// The one process runner of the tests: runs `cmd` with stdin closed,
/// collects stdout and stderr (each drained by its own thread, so a full
/// pipe cannot stall the child), and kills it after `limit`.
pub fn run_with_timeout(cmd: &mut Command, limit: Duration) -> Result<Output, String> {
    let desc = format!("{cmd:?}");
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {desc}: {e}"))?;
    let (out_t, err_t) = drain(&mut child);
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                let stdout = out_t.join().unwrap_or_default();
                let stderr = err_t.join().unwrap_or_default();
                return Err(format!(
                    "{desc} did not finish within {limit:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
                    String::from_utf8_lossy(&stdout),
                    String::from_utf8_lossy(&stderr)
                ));
            }
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("waiting for {desc}: {e}")),
        }
    };
    Ok(Output {
        status,
        stdout: out_t.join().unwrap_or_default(),
        stderr: err_t.join().unwrap_or_default(),
    })
}

/// Takes a spawned child's piped stdout and stderr and reads each to the end
/// on its own thread.
pub fn drain(child: &mut Child) -> (JoinHandle<Vec<u8>>, JoinHandle<Vec<u8>>) {
    let mut out = child.stdout.take().expect("piped stdout");
    let mut err = child.stderr.take().expect("piped stderr");
    let out_t = thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let err_t = thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    (out_t, err_t)
}

/// Whether the tests run as root (effective uid 0), read from /proc (no libc
/// dependency): "Uid: real effective saved fs".
pub fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}
