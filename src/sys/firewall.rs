//! Runs the host firewall's own tools (`nft`, `ufw`, `firewall-cmd`,
//! `netsh`, `socketfilterfw`) and reads their files, each bounded by a
//! deadline. What they print is parsed elsewhere (`check::host_firewall`).

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a tool printed.
#[derive(Debug, Clone)]
pub struct Ran {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Why a tool gave nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// Not installed (not on `PATH`).
    Missing,
    /// Started, but did not finish by the deadline (killed).
    TimedOut,
    Failed(String),
}

/// Most of a tool's output that is read.
const CAP: u64 = 1 << 20;

/// Runs `program args` with no stdin, reading at most 1 MiB of each output,
/// killing it at `deadline`.
pub fn run(program: &str, args: &[&str], deadline: Instant) -> Result<Ran, RunError> {
    let mut child = Command::new(program)
        .args(args)
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => RunError::Missing,
            _ => RunError::Failed(crate::sys::io_words(&e)),
        })?;
    let out = child.stdout.take();
    let err = child.stderr.take();
    let read = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            if let Some(p) = pipe {
                let _ = p.take(CAP).read_to_end(&mut s);
            }
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = read(out.map(|p| Box::new(p) as Box<dyn Read + Send>));
    let err = read(err.map(|p| Box::new(p) as Box<dyn Read + Send>));
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RunError::TimedOut);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(RunError::Failed(crate::sys::io_words(&e))),
        }
    };
    Ok(Ran {
        success: status.success(),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    })
}

/// A small configuration file (at most 1 MiB); `None` when unreadable.
pub fn read_file(path: &str) -> Option<String> {
    let f = std::fs::File::open(path).ok()?;
    let mut s = String::new();
    f.take(CAP).read_to_string(&mut s).ok()?;
    Some(s)
}
