//! Loud skips. A test that cannot check something on this host calls
//! [`skip`]: the reason goes to stderr (shown even for passing tests when
//! run with `--nocapture`) and, when `NETCHECK_SKIP_LOG` names a file (as
//! `scripts/test` sets it), one line `test name: reason` is appended there,
//! so the suite's final line counts it as skipped, not passed.

use std::io::Write;

/// Records that the current test (or part of it) was skipped, and why.
pub fn skip(reason: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("unknown test");
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .map(|s| {
            s.rsplit_once('-')
                .map_or(s.clone(), |(name, _hash)| name.to_string())
        })
        .unwrap_or_default();
    let line = format!("{binary}::{test}: {reason}");
    eprintln!("SKIPPED {line}");
    if let Some(path) = std::env::var_os("NETCHECK_SKIP_LOG") {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path);
        if let Ok(mut f) = file {
            let _ = writeln!(f, "{line}");
        }
    }
}
