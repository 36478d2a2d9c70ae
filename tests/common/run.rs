//! Running a program (usually the netcheck binary) with a clean environment,
//! collecting its output, and killing it when it hangs.

use serde_json::Value;
use std::io::Read;
use std::process::{Command, Stdio};
use std::thread;
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
        .env_remove("NO_COLOR")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("LANGUAGE")
        .env_remove("NETCHECK_LANG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let start = Instant::now();
    let mut child = cmd.spawn().expect("spawn");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_t = thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > watchdog {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} hung for more than {watchdog:?}");
        }
        thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
        elapsed,
    }
}
