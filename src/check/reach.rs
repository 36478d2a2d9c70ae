//! The reachability check from inside: a GET to the public address, as a
//! friend outside would send it (the router may not loop it back, so the
//! answer can be wrong either way).

use super::doctor::Reach;
use serde::Serialize;
use std::net::IpAddr;
use tokio::time::Instant;

#[derive(Debug, Clone, Serialize)]
pub struct ReachOut {
    pub target: String,
    pub result: Reach,
    /// Probed from inside the LAN: the answer can be wrong either way.
    pub hairpin: bool,
    pub detail: Option<String>,
}

/// Connects to the public address and sends a GET: what a friend would do,
/// but from inside (the router may not loop it back).
pub async fn probe_public(ip: IpAddr, port: u16, deadline: Instant) -> ReachOut {
    use crate::check::probe::{self, Plan, Verdict};
    use crate::cli::ProbeMethod;
    let target = format!("{ip}:{port}");
    let parsed = probe::target::parse_target(&ip.to_string(), Some(port), None);
    let Ok(t) = parsed else {
        return ReachOut {
            target,
            result: Reach::NotTried,
            hairpin: true,
            detail: None,
        };
    };
    let plan = Plan {
        method: ProbeMethod::Get,
        count: 1,
        body: Vec::new(),
        nonce: None,
    };
    let g = probe::gather(&t, &plan, deadline).await;
    let report = probe::finish(&target, &t, &plan, g);
    let result = match report.verdict {
        Verdict::Reachable | Verdict::HttpError => Reach::Reachable,
        Verdict::Refused => Reach::Refused,
        Verdict::TimedOut => Reach::TimedOut,
        _ => Reach::Failed,
    };
    ReachOut {
        target,
        result,
        hairpin: true,
        detail: Some(report.verdict.code().to_string()),
    }
}
